"""The demo edition as a book: its EPUB and PDF hold every word, all 22 notes under the book's numbers, every entry.

The files are made once per run (:func:`glossa.testing.book_files`), shared with the edition tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as etree  # noqa: N813
import zipfile
from pathlib import Path

import pytest

from glossa import testing
from glossa.importer import ImportOptions, source_words
from glossa.project import edition, load_project

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "sources" / "stalin-chapters-28-29.txt"
OPTS = ImportOptions(footer=r"^Stalin: A Biography Page \d+$", first_chapter="28", first_note=24)
NOTES = {"28": list(range(24, 43)), "29": [1, 2, 3]}
X = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}"


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> testing.BookFiles:
    """The demo's EPUB and PDF."""
    return testing.book_files(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("demo-book"))


@pytest.fixture(scope="module")
def files(books: testing.BookFiles) -> dict[str, str]:
    """The EPUB's files by name."""
    with zipfile.ZipFile(books.epub) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist()}


def _want() -> list[str]:
    return [w for w in source_words(SEED.read_text(encoding="utf-8"), OPTS) if not w.isdigit()]


def _epub_words(files: dict[str, str]) -> list[str]:
    """The words of the EPUB's chapters, without their headings and note numbers."""
    got = []
    for chapter in NOTES:
        root = etree.fromstring(files[f"OEBPS/chapter-{chapter}.xhtml"].encode())
        section = next(s for s in root.iter(f"{X}section") if s.get(f"{OPS}type") == "chapter")
        for parent in list(section.iter()):
            for child in list(parent):
                if child.tag in (f"{X}h1", f"{X}sup"):  # the heading; note numbers
                    child.text, child[:] = "", []
        got += [w.casefold() for w in re.findall(r"\w+", "".join(section.itertext())) if not w.isdigit()]
    return got


def test_the_epub_holds_every_word_of_the_chapters_in_order(files: dict[str, str]) -> None:
    # Joined, as the importer may have rejoined a word a page break split. The chapter heading
    # "29. RULING THE NATIONS" is the chapter's heading (skipped here).
    assert "".join(_epub_words(files)) == "".join(_want()).replace("rulingthenations", "")


def test_all_22_notes_are_same_file_noterefs_under_the_books_numbers(files: dict[str, str]) -> None:
    assert sum(len(n) for n in NOTES.values()) == 22
    for chapter, numbers in NOTES.items():
        text = files[f"OEBPS/chapter-{chapter}.xhtml"]
        refs = [int(n) for attrs, n in re.findall(r"<a ([^>]*)>(\d+)</a>", text) if 'epub:type="noteref"' in attrs]
        assert list(dict.fromkeys(refs)) == numbers
        asides = re.findall(rf'<aside class="note" id="note-{chapter}-(\d+)" epub:type="footnote"', text)
        assert [int(n) for n in asides] == numbers


def test_every_entry_is_reached_from_its_marks_and_links_back(files: dict[str, str]) -> None:
    ed = edition(load_project(ROOT / "mkdocs.yml"))
    chapters = files["OEBPS/chapter-28.xhtml"] + files["OEBPS/chapter-29.xhtml"]
    linked = set(re.findall(r'href="\w+\.xhtml#e-([a-z0-9-]+)"', chapters))
    registers = "".join(files[f"OEBPS/{k}.xhtml"] for k in ("people", "glossary", "places", "events"))
    for ident in ed.registry.entries:
        assert f'id="e-{ident}"' in registers, ident
    mentioned = set(re.findall(r'data-glossa="(?:person|term|place|event):([a-z0-9-]+)"', chapters))
    assert mentioned and mentioned <= linked
    # Every entry a mark reaches links back to at least one paragraph that exists.
    for ident in mentioned:
        section = re.search(rf'<section id="e-{ident}".*?</section>', registers, re.S)
        assert section, ident
        backs = re.findall(r'href="(chapter-\d+\.xhtml)#([^"]+)"', section.group(0))
        assert backs, ident
        assert all(f'id="{anchor}"' in files[f"OEBPS/{page}"] for page, anchor in backs)


def _first_missing(wanted: list[str], found: list[str]) -> str | None:
    """The first wanted word not found in order (a PDF word may hold two: a line-end hyphen is dropped)."""
    words, rest = iter(found), ""
    for w in wanted:
        if rest.startswith(w):
            rest = rest[len(w):]
            continue
        for f in words:
            if f.startswith(w):
                rest = f[len(w):]
                break
        else:
            return w
    return None


def _pdf_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext must run in CI (apt-get install poppler-utils)")
        pytest.skip("no pdftotext")
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


def test_the_pdf_holds_the_text_the_22_footnotes_and_an_index_of_pages(books: testing.BookFiles,
                                                                        files: dict[str, str]) -> None:
    pages = _pdf_pages(books.pdf)
    text = "\n".join(pages)
    # Every word of the chapters (as the EPUB holds them: the source's), in order, among the PDF's
    # words (running heads, page numbers and footnotes fall between).
    assert _first_missing(_epub_words(files), [w.casefold() for w in re.findall(r"\w+", text)]) is None
    for chapter, numbers in NOTES.items():
        start = next(i for i, p in enumerate(pages) if p.lstrip().startswith(f"Chapter {chapter}"))
        found = [int(n) for p in pages[start:] for n in re.findall(r"^(\d+)\. \S", p, re.M)]
        for n in numbers:
            assert n in found, (chapter, n)
    index = "\n".join(p for p in pages if re.search(r"^Index$", p, re.M))
    assert re.search(r"^Stalin, Joseph, \d+(, \d+)+", index, re.M)
    assert re.search(r"^Kirov, Sergei, \d+", index, re.M)
