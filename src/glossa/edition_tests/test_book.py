"""Any edition as a book: its EPUB passes epubcheck, holds every chapter's notes and every entry; its PDF is made.

The EPUB and the PDF are made once per run (:func:`glossa.testing.book_files`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from glossa import testing
from glossa.edition_tests.conftest import unavailable
from glossa.project import edition as load_edition
from glossa.project import load_project


@pytest.fixture(scope="session")
def books(edition: Path, tmp_path_factory: pytest.TempPathFactory) -> testing.BookFiles:
    """The edition's EPUB and PDF."""
    return testing.book_files(edition, tmp_path_factory.mktemp("edition-book"))


@pytest.fixture(scope="session")
def epub_files(books: testing.BookFiles) -> dict[str, str]:
    """The EPUB's files by name."""
    with zipfile.ZipFile(books.epub) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist()}


def test_the_epub_passes_epubcheck(books: testing.BookFiles) -> None:
    """The W3C's validator finds nothing (this edition's book; the demo's too, as this runs in every edition)."""
    try:
        errors, warnings, messages = testing.epubcheck(books.epub)
    except RuntimeError as exc:
        unavailable(str(exc))  # fails under CI=true
    assert (errors, warnings) == (0, 0), "\n".join(messages)


def test_every_chapter_has_its_notes_as_same_file_noterefs(edition: Path, epub_files: dict[str, str]) -> None:
    ed = load_edition(load_project(edition))
    for chapter in ed.chapters:
        text = epub_files[f"OEBPS/chapter-{chapter.chapter}.xhtml"]
        numbers = list(dict.fromkeys(n for n, _, _ in chapter.markers))
        refs = [int(n) for attrs, n in re.findall(r"<a ([^>]*)>(\d+)</a>", text) if 'epub:type="noteref"' in attrs]
        assert list(dict.fromkeys(refs)) == numbers, chapter.file
        for n in numbers:
            assert f'id="note-{chapter.chapter}-{n}" epub:type="footnote"' in text, (chapter.file, n)


def test_every_entry_has_its_place_in_the_registers(edition: Path, epub_files: dict[str, str]) -> None:
    ed = load_edition(load_project(edition))
    for ident, entry in ed.registry.entries.items():
        assert f'id="e-{ident}"' in epub_files[f"OEBPS/{entry.kind.folder}.xhtml"], entry.file


def test_the_epub_has_no_script_and_says_its_language(epub_files: dict[str, str]) -> None:
    for name, text in epub_files.items():
        if name.endswith(".xhtml"):
            assert "<script" not in text and not re.search(r"<[^>]+\son\w+\s*=", text), name
            assert re.search(r'<html [^>]*xml:lang="[^"]+"', text), name


def test_the_pdf_is_made(books: testing.BookFiles) -> None:
    data = books.pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert b"/JavaScript" not in data
