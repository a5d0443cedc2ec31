"""The book both adapters print: chapters in nav order, notes under the book's numbers, registers with mentions."""

from __future__ import annotations

from pathlib import Path

import pytest
from book_fixture import harbour_edition

from glossa.book import (
    BOOK_ROOT,
    Book,
    Meta,
    entry_target,
    fragment,
    load_book,
    rewrite_links,
    serialize,
    slugify,
    strip_headerlinks,
)
from glossa.project import load_project


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """The fixture edition's book, assembled once for the module."""
    return load_book(load_project(harbour_edition(tmp_path_factory.mktemp("harbour"))))


def test_chapters_follow_the_nav_with_their_titles_and_notes_numbered_as_in_the_book(book: Book) -> None:
    assert [(c.chapter, c.title) for c in book.chapters] == [("1", "Chapter 1: The Quay"), ("2", "Chapter 2")]
    assert [[n.number for n in c.notes] for c in book.chapters] == [[1, 2], [1]]
    assert "arrival" in book.chapters[0].notes[0].html
    assert book.chapters[0].paragraphs == ["c1-p1", "c1-p2"]


def test_chapters_are_rendered_without_the_sites_furniture(book: Book) -> None:
    text = book.chapters[0].html
    for furniture in ("glossa-pl", "glossa-toggles", "glossa-previews", "glossa-notes", "Cite"):
        assert furniture not in text
    assert 'role="doc-noteref"' in text


def test_marks_link_under_the_book_root_and_map_to_entries(book: Book) -> None:
    text = book.chapters[0].html
    assert f'href="{BOOK_ROOT}people/voss/"' in text
    assert entry_target(f"{BOOK_ROOT}places/dover/") == ("places", "dover")
    assert entry_target("../people/voss/") is None


def test_registers_hold_every_entry_with_the_paragraphs_that_mention_it(book: Book) -> None:
    kinds = {kind.name: [e.entry.id for e in entries] for kind, entries in book.registers}
    assert kinds == {"person": ["quill", "voss"], "term": ["harbour-board"], "place": ["dover"], "event": ["great-storm"]}
    voss = book.entry("voss")
    assert voss is not None
    assert voss.mentions == [("1", "c1-p1"), ("1", "c1-p2"), ("2", "c2-p1")]
    assert "A ship" in voss.html and "Harbour Records" in voss.html
    quill = book.entry("quill")
    assert quill is not None and quill.mentions == []


def test_index_timeline_and_about_come_from_the_same_sources(book: Book) -> None:
    assert [(h.text, h.entry.id if h.entry else None) for h in book.index] == [
        ("Dover", "dover"), ("The Great Storm", "great-storm"), ("harbour board", "harbour-board"),
        ("Quill, Tobias", "quill"), ("Voss, Mara", "voss")]
    assert [(item.label, item.entry.id if item.entry else None) for item in book.timeline] == [
        ("Born", "voss"), ("The Great Storm", "great-storm")]
    assert "About this edition" in book.about


def test_meta_carries_title_credit_rights_editors_and_a_slug(book: Book) -> None:
    m = book.meta
    assert m.title == "The Harbour Book: a test edition"
    assert m.credit == "Ada Writer, The Harbour Book (Dover: Old Press, 1901)"
    assert m.rights.startswith("Text © Ada Writer, 1901")
    assert m.editors == ("Ed One", "Ed Two")
    assert (m.language, m.rtl, m.slug) == ("en", False, "harbour-book")
    assert m.identifier.startswith("urn:uuid:")
    assert m.modified.endswith("Z") and len(m.modified) == 20


@pytest.mark.parametrize(("language", "rtl"), [("he", True), ("ar-EG", True), ("fa", True), ("en", False), ("zh-Hant", False)])
def test_right_to_left_languages(language: str, rtl: bool) -> None:
    assert Meta("t", language=language).rtl is rtl


def test_file_stem_carries_slug_and_version() -> None:
    assert Meta("t", slug="harbour-book", version="1.2").file_stem == "harbour-book-1.2"
    assert Meta("t", slug="harbour-book").file_stem == "harbour-book"


def test_slugify_keeps_unicode_letters() -> None:
    assert slugify("Ḥayyim & Co.: Letters") == "ḥayyim-co-letters"
    assert slugify("מכתבים") == "מכתבים"
    assert slugify("!!!") == "edition"


def test_fragment_and_serialize_give_well_formed_xhtml() -> None:
    root = fragment("<p>a<br>b &amp; <em>c</em> &lt;x&gt;</p>tail")
    assert serialize(root) == "<p>a<br />b &amp; <em>c</em> &lt;x&gt;</p>tail"


def test_links_without_a_book_target_become_text() -> None:
    root = fragment('<p><a href="chapter-1.md" title="t">first</a> and <a href="#x">here</a></p>')
    rewrite_links(root, lambda href: href if href.startswith("#") else None)
    assert serialize(root) == '<p><span>first</span> and <a href="#x">here</a></p>'


def test_heading_permalinks_are_removed_with_their_text_kept() -> None:
    root = fragment('<h2 id="a">Title<a class="headerlink" href="#a">¶</a> after</h2>')
    strip_headerlinks(root)
    assert serialize(root) == '<h2 id="a">Title after</h2>'


def test_no_chapters_still_makes_a_book(tmp_path: Path) -> None:
    config = harbour_edition(tmp_path)
    for name in ("chapter-1.md", "chapter-2.md"):
        (tmp_path / "docs" / name).unlink()
    book = load_book(load_project(config))
    assert book.chapters == []
    assert all(e.mentions == [] for _, entries in book.registers for e in entries)
