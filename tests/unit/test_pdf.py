"""The PDF adapter: footnotes under the book's numbers on their call's page, an index of pages, a tagged PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from book_fixture import harbour_edition

from glossa.book import Book, load_book
from glossa.pdf import book_html, render, write_pdf
from glossa.project import load_project


def pages_text(path: Path) -> list[str]:
    """The text of each page, as poppler's pdftotext reads it (fails in CI when poppler is missing)."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext must run in CI (apt-get install poppler-utils)")
        pytest.skip("no pdftotext (apt-get install poppler-utils)")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Book, Path]:
    """The fixture edition's book and its A4 PDF, made once."""
    root = tmp_path_factory.mktemp("harbour-pdf")
    book = load_book(load_project(harbour_edition(root)))
    document = render(book)
    # The same pages written uncompressed too, so that the tests can read the PDF's objects.
    write_pdf(book, root / "plain.pdf", document=document, uncompressed_pdf=True)
    return book, write_pdf(book, root / "harbour.pdf", document=document)


def test_notes_are_footnotes_with_the_books_numbers(built: tuple[Book, Path]) -> None:
    book, _ = built
    text = book_html(book)
    spans = re.findall(r'<span class="fn" id="note-(\d+)-(\d+)" data-n="(\d+)" role="doc-footnote">', text)
    assert spans == [("1", "1", "1"), ("1", "2", "2"), ("2", "1", "1")]
    assert 'role="doc-noteref"' not in text  # every marker became its footnote's call


def test_a_footnote_sits_on_the_page_of_its_call(built: tuple[Book, Path]) -> None:
    _, path = built
    pages = pages_text(path)
    first = next(i for i, p in enumerate(pages) if "Captain Mara Voss" in p)
    assert re.search(r"^\s*1\. Voss.s arrival, logged by Tobias Quill\.", pages[first], re.M)
    assert re.search(r"^\s*2\. The week at sea\.", pages[first], re.M)
    second = next(i for i, p in enumerate(pages) if "fined Voss" in p)
    assert re.search(r"^\s*1\. The fine, recorded by the board\.", pages[second], re.M)


def test_the_index_and_the_registers_give_page_numbers(built: tuple[Book, Path]) -> None:
    _, path = built
    pages = pages_text(path)
    first = next(i for i, p in enumerate(pages) if "Captain Mara Voss" in p) + 1
    second = next(i for i, p in enumerate(pages) if "fined Voss" in p) + 1
    index = next(p for p in pages if re.search(r"^\s*Index\s*$", p, re.M))
    # One locator per paragraph: two paragraphs on one page repeat its number (not yet merged).
    assert re.search(rf"Voss, Mara, {first}, {first}, {second}\b", index)
    assert re.search(rf"Dover, {first}, {second}\b", index)
    assert re.search(r"Quill, Tobias \(see p. \d+\)", index)  # only referenced: the page of its entry
    people = next(p for p in pages if "Mentioned on pages" in p)
    assert f"Mentioned on pages {first}, {first}, {second}." in people


def test_running_heads_and_page_numbers(built: tuple[Book, Path]) -> None:
    _, path = built
    pages = pages_text(path)
    places = next(i for i, p in enumerate(pages) if "A port town" in p)
    assert pages[places].count("Places") == 2  # the running head and the heading
    assert re.search(rf"^\s*{places + 1}\s*$", pages[places], re.M)
    assert not re.search(r"^\s*1\s*$", pages[0], re.M)  # no number on the title page


def test_title_page_credit_and_rights(built: tuple[Book, Path]) -> None:
    _, path = built
    title = pages_text(path)[0]
    assert "The Harbour Book: a test edition" in title
    assert "Ada Writer, The Harbour Book (Dover: Old Press, 1901)" in title
    assert "all rights remain with the author" in title


def test_the_pdf_is_tagged_has_its_language_bookmarks_and_embedded_fonts(built: tuple[Book, Path]) -> None:
    _, path = built
    assert path.read_bytes().startswith(b"%PDF-")
    data = (path.parent / "plain.pdf").read_bytes()
    for needle in (b"/StructTreeRoot", b"/MarkInfo", b"/Lang (en)", b"/Outlines", b"/FontFile", b"pdfuaid:part"):
        assert needle in data, needle
    assert b"/JavaScript" not in data and b"/JS " not in data


def test_letter_paper(built: tuple[Book, Path]) -> None:
    book, _ = built
    size = render(book, "letter").pages[0]
    assert (round(size.width), round(size.height)) == (816, 1056)  # 8.5 × 11 in at 96 px/in
