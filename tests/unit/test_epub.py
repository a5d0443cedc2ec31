"""The EPUB adapter: a valid EPUB 3 (epubcheck), same-file pop-up notes, registers that link both ways, no script."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from book_fixture import CHAPTER_1, harbour_edition
from xss_corpus import PAYLOADS

from glossa import testing
from glossa.book import Book, load_book
from glossa.epub import contents, write_epub
from glossa.project import load_project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Book, Path, dict[str, str]]:
    """The fixture edition's book and EPUB, built once: (book, path, files by name)."""
    root = tmp_path_factory.mktemp("harbour-epub")
    book = load_book(load_project(harbour_edition(root)))
    out = write_epub(book, root / "dist" / "harbour.epub")
    with zipfile.ZipFile(out) as z:
        files = {n: z.read(n).decode("utf-8") for n in z.namelist()}
    return book, out, files


def test_the_container_starts_with_an_uncompressed_mimetype(built: tuple[Book, Path, dict[str, str]]) -> None:
    _, path, files = built
    with zipfile.ZipFile(path) as z:
        first = z.infolist()[0]
    assert (first.filename, first.compress_type, files["mimetype"]) == ("mimetype", zipfile.ZIP_STORED, "application/epub+zip")
    assert "OEBPS/content.opf" in files["META-INF/container.xml"]


def test_epubcheck_reports_no_errors_and_no_warnings(built: tuple[Book, Path, dict[str, str]]) -> None:
    _, path, _ = built
    try:
        errors, warnings, messages = testing.epubcheck(path)
    except RuntimeError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"epubcheck must run in CI: {exc}")
        pytest.skip(str(exc))
    assert (errors, warnings) == (0, 0), "\n".join(messages)


def test_notes_are_same_file_noterefs_with_the_books_numbers_and_back_links(built: tuple[Book, Path, dict[str, str]]) -> None:
    _, _, files = built
    for name, numbers in (("OEBPS/chapter-1.xhtml", [1, 2]), ("OEBPS/chapter-2.xhtml", [1])):
        text = files[name]
        chapter = name.rsplit("-", 1)[-1].split(".")[0]
        refs = [(dict(re.findall(r'([\w:-]+)="([^"]*)"', attrs)), shown)
                for attrs, shown in re.findall(r"<a ([^>]*)>(\d+)</a>", text) if 'role="doc-noteref"' in attrs]
        assert [(a["href"], a["epub:type"], shown) for a, shown in refs] == [
            (f"#note-{chapter}-{n}", "noteref", str(n)) for n in numbers]
        for n in numbers:
            assert f'<aside class="note" id="note-{chapter}-{n}" epub:type="footnote" role="doc-footnote">' in text
            assert f'id="noteref-{chapter}-{n}"' in text and f'href="#noteref-{chapter}-{n}" role="doc-backlink"' in text
    assert "arrival, logged by" in files["OEBPS/chapter-1.xhtml"]


def test_marks_reach_their_entries_and_entries_link_back_to_paragraphs(built: tuple[Book, Path, dict[str, str]]) -> None:
    _, _, files = built
    ids = {name.removeprefix("OEBPS/"): set(re.findall(r'\sid="([^"]+)"', text)) for name, text in files.items()}
    hrefs = [(name, h) for name, text in files.items() if name.endswith(".xhtml") for h in re.findall(r'href="([^"]+)"', text)]
    for name, href in hrefs:
        if href.startswith(("http:", "https:", "mailto:")) or href.endswith(".css"):
            continue
        target, _, anchor = href.partition("#")
        target = target or name.removeprefix("OEBPS/")
        assert target in ids, f"{name}: {href} leads to no file"
        assert not anchor or anchor in ids[target], f"{name}: {href} leads to no element"
    chapter = files["OEBPS/chapter-1.xhtml"]
    for target in ("people.xhtml#e-voss", "glossary.xhtml#e-harbour-board", "places.xhtml#e-dover", "events.xhtml#e-great-storm"):
        assert f'href="{target}"' in chapter
    people = files["OEBPS/people.xhtml"]
    assert re.search(r'id="e-voss".*?href="chapter-1.xhtml#c1-p1".*?href="chapter-1.xhtml#c1-p2".*?href="chapter-2.xhtml#c2-p1"',
                     people, re.S)
    assert "Not mentioned in the chapters" in people  # Quill


def test_front_matter_nav_landmarks_and_metadata(built: tuple[Book, Path, dict[str, str]]) -> None:
    _, _, files = built
    title = files["OEBPS/title.xhtml"]
    assert "Ada Writer, The Harbour Book (Dover: Old Press, 1901)" in title and "Edited by Ed One, Ed Two" in title
    assert "all rights remain with the author" in title
    nav = files["OEBPS/nav.xhtml"]
    assert 'epub:type="toc"' in nav and 'epub:type="landmarks"' in nav
    assert re.findall(r'<li><a href="([^"]+)"', nav) == [
        "title.xhtml", "about.xhtml", "chapter-1.xhtml", "chapter-2.xhtml", "people.xhtml", "glossary.xhtml",
        "places.xhtml", "events.xhtml", "book-index.xhtml", "timeline.xhtml"]
    opf = files["OEBPS/content.opf"]
    for needle in ("<dc:title>The Harbour Book: a test edition</dc:title>", "<dc:creator id=\"author\">Ada Writer</dc:creator>",
                   "<dc:language>en</dc:language>", "<dc:rights>Text © Ada Writer", '<dc:identifier id="uid">urn:uuid:',
                   'property="dcterms:modified"', 'property="schema:accessMode">textual',
                   'property="schema:accessibilityFeature">structuralNavigation', 'property="schema:accessibilitySummary"',
                   'properties="cover-image"'):
        assert needle in opf
    assert "<title>The Harbour Book: a test edition</title>" in files["OEBPS/cover.svg"]
    assert 'alt="Cover: The Harbour Book: a test edition, Ada Writer"' in files["OEBPS/cover.xhtml"]
    # The About page's link to a site page becomes text: the book has no such page.
    assert "chapter-1.md" not in files["OEBPS/about.xhtml"]


def test_every_document_has_its_language_and_no_script(built: tuple[Book, Path, dict[str, str]]) -> None:
    _, _, files = built
    for name, text in files.items():
        if name.endswith(".xhtml"):
            assert 'lang="en" xml:lang="en"' in text, name
            assert "<script" not in text and not re.search(r"\son\w+=", text), name


def test_a_right_to_left_edition_says_so(tmp_path: Path) -> None:
    book = load_book(load_project(harbour_edition(tmp_path, "he")))
    files = contents(book)
    assert 'page-progression-direction="rtl"' in files["OEBPS/content.opf"]
    assert '<dc:language>he</dc:language>' in files["OEBPS/content.opf"]
    assert 'lang="he" xml:lang="he" dir="rtl"' in files["OEBPS/chapter-1.xhtml"]


#: A few of the corpus's payloads: script elements, handlers, javascript: links, SVG and MathML.
SAMPLE = [p for p in PAYLOADS if any(k in p for k in ("<script>alert(1)", "onerror", "jav&#x09;ascript", "svg onload",
                                                       "xlink:href", "<math", "<iframe"))][:12]


def payload_edition(root: Path) -> Path:
    """The fixture edition with payloads in a chapter, a note and an entry's text."""
    chapter = CHAPTER_1 + "".join(f"\n{p}\n{{: #c1-p{i + 3} }}\n" for i, p in enumerate(SAMPLE))
    body = "\n\n".join(SAMPLE)
    return harbour_edition(root, chapter_1=chapter, extra={
        "annotations/notes/1-2.yml": yaml.safe_dump({"chapter": "1", "number": "2", "text": body}),
        "annotations/places/dover.yml": yaml.safe_dump({"name": "Dover", "match": ["Dover"], "definition": body,
                                                        "sources": [{"title": "Atlas"}]}),
    })


def test_payloads_inert_on_the_site_are_inert_in_the_epub_and_the_pdf(tmp_path: Path) -> None:
    from glossa.pdf import book_html

    assert len(SAMPLE) >= 6
    book = load_book(load_project(payload_edition(tmp_path)))
    printed = {f"pdf:{k}": v for k, v in {"book.html": book_html(book)}.items()}
    for name, text in {**contents(book), **printed}.items():
        low = text.lower()
        assert "<script" not in low and "<iframe" not in low and "<math" not in low, name
        assert "javascript:" not in low.replace("&#x09;", ""), name
        assert not re.search(r"<[^>]+\son\w+\s*=", low), name
        assert not re.search(r"<svg\b", low.replace('<svg xmlns="http://www.w3.org/2000/svg" viewbox', "")), name
    # The payloads are shown as text, not dropped silently.
    assert "alert(1)" in contents(book)["OEBPS/places.xhtml"]
