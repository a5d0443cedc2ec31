"""The demo edition's own assertions: Service's *Stalin*, chapters 28-29. Only this module names the book.

Everything that must hold for any edition lives in the engine's edition tests
(``glossa.edition_tests``), which ``glossa test`` runs on this edition too. The browser
checks at the end also take the README's screenshots: to an ignored artifacts folder, or,
with ``GLOSSA_UPDATE_SCREENSHOTS=1``, to ``.github/screenshots`` as a deliberate, reviewed change.
The demo's EPUB and PDF are checked here too, and its text, marks and notes against
``golden/chapters.json``: the demo's sources built by the engine of ``a57df20`` (before the
world editions and the book). After a deliberate change to the demo's text or annotations,
refresh that file from a build with ``snapshot`` and review the diff.
"""

from __future__ import annotations

import html as htmllib
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as etree  # noqa: N813
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from glossa import testing
from glossa.coverage import run_coverage
from glossa.edition_tests.conftest import (  # noqa: F401 - fixtures used by name
    PHONE,
    READY_JS,
    browser,
    make_context,
    served_builds,
)
from glossa.importer import ImportOptions, import_text, source_words
from glossa.project import edition, load_project

ROOT = Path(__file__).resolve().parents[2]
#: The raw text the chapters were imported from (`glossa import`), kept with the edition.
SEED = ROOT / "sources" / "stalin-chapters-28-29.txt"
SCREENSHOTS = (ROOT / ".github" / "screenshots" if os.environ.get("GLOSSA_UPDATE_SCREENSHOTS") == "1"
               else ROOT / "tests" / "browser" / "artifacts" / "screenshots")
POP = "#glossa-popover"
OPTS = ImportOptions(footer=r"^Stalin: A Biography Page \d+$", first_chapter="28", first_note=24)


@pytest.fixture(scope="module")
def served(served_builds) -> testing.ServedBuild:  # noqa: F811 - the shared fixture, by name
    """The demo built strictly and served once for the run (the edition tests read the same build)."""
    return served_builds(ROOT / "mkdocs.yml")


@pytest.fixture(scope="module")
def built(served: testing.ServedBuild) -> Path:
    assert served.strict.returncode == 0, served.strict.stderr[-4000:]
    return served.out


def test_the_demo_builds_strictly_with_properdocs_too(tmp_path: Path) -> None:
    # ProperDocs, the maintained fork of MkDocs 1.x, is in requirements-dev.txt: CI builds with both.
    result = testing.build(ROOT / "mkdocs.yml", tmp_path / "site", strict=True, tool="properdocs")
    assert result.returncode == 0, result.stderr[-4000:]
    html = (tmp_path / "site" / "chapter-28" / "index.html").read_text(encoding="utf-8")
    assert 'data-glossa="person:yezhov"' in html and 'content="mkdocs-ProperDocs' in html


def test_coverage_is_complete() -> None:
    project = load_project(ROOT / "mkdocs.yml")
    report, uncovered = run_coverage(edition(project), project.annotations)
    assert uncovered == 0, report


def test_all_22_markers_numbered_as_in_the_book(built: Path) -> None:
    for chapter, numbers in (("28", range(24, 43)), ("29", range(1, 4))):
        html = (built / f"chapter-{chapter}" / "index.html").read_text(encoding="utf-8")
        found = [int(n) for n in re.findall(rf'data-glossa="note:{chapter}-(\d+)"', html)]
        assert found == list(numbers)
        assert "No commentary has been written" not in html


def test_bare_vasili_and_svetlana_reach_the_right_people(built: Path) -> None:
    html = (built / "chapter-29" / "index.html").read_text(encoding="utf-8")
    assert 'data-glossa="person:svetlana-alliluyeva"' in html
    vasili = (built / "people" / "vasili-stalin" / "index.html").read_text(encoding="utf-8")
    # "Vasili Stalin" and the bare "Vasili" of the same paragraph: one line, counted twice.
    assert "<mark>Vasili Stalin</mark>" in vasili and 'glossa-mentions-n">×2<' in vasili


def test_the_first_events_and_their_old_addresses(built: Path) -> None:
    for ident in ("moscow-show-trial", "kirov-murder", "yezhov-appointment"):
        assert (built / "events" / ident / "index.html").is_file(), ident
    moved = (built / "glossary" / "kirov-murder" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../../events/kirov-murder/"' in moved
    assert (built / "glossary" / "leningrad" / "index.html").is_file()  # a place's old address


def _chapter_text(html: str) -> str:
    """The chapter's own text: the article without heading, permalinks, notes section and previews."""
    body = html[html.index("<article") : html.index('<section aria-labelledby="notes-')]
    body = re.sub(r'<div[^>]*glossa-print-head[^>]*>.*?</div>|<fieldset[^>]*glossa-toggles[^>]*>.*?</fieldset>'
                  r'|<details[^>]*glossa-cite[^>]*>.*?</details>', " ", body, flags=re.S)
    body = re.sub(r"<h1.*?</h1>", " ", body, flags=re.S)
    body = re.sub(r'<a[^>]*class="glossa-pl"[^>]*>.*?</a>', " ", body)
    body = re.sub(r"<sup[^>]*><a[^>]*data-glossa=\"note:.*?</sup>", " ", body, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", body))


def test_every_word_of_the_source_survives_in_order(built: Path) -> None:
    want = "".join(w for w in source_words(SEED.read_text(encoding="utf-8"), OPTS) if not w.isdigit())
    got = []
    for chapter in ("28", "29"):
        text = _chapter_text((built / f"chapter-{chapter}" / "index.html").read_text(encoding="utf-8"))
        got += [w.casefold() for w in re.findall(r"\w+", text) if not w.isdigit()]
    # The chapter heading "29. RULING THE NATIONS" is rendered as a heading (skipped here).
    assert "".join(got) == want.replace("rulingthenations", "")


def test_entry_pages_link_to_their_yaml_for_editing(built: Path) -> None:
    html = (built / "people" / "yezhov" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="https://[^"]+/edit/main/annotations/people/yezhov\.yml"', html)


def test_seed_import() -> None:
    text = SEED.read_text(encoding="utf-8")
    chapters, changes = import_text(text, OPTS)
    assert [(c.number, len(c.paragraphs)) for c in chapters] == [("28", 17), ("29", 2)]
    markers = [[int(n) for p in c.paragraphs for n in re.findall(r"\{\^(\d+)\}", p)] for c in chapters]
    assert markers == [list(range(24, 43)), [1, 2, 3]]
    assert "satisfied with the progress" in chapters[0].paragraphs[8]
    assert "Trotyskist" in " ".join(chapters[0].paragraphs)  # the source's misspelling is kept
    kinds = [c.kind for c in changes]
    assert kinds.count("drop-footer") == 1 and kinds.count("join-word") == 1 and kinds.count("join-paragraph") == 1
    assert not [c for c in changes if c.review]
    # Fidelity: every word survives, in order (a page-break join merges two pieces into one word).
    words = source_words(text, OPTS)
    rebuilt = " ".join(re.sub(r"\{\^(\d+)\}", r"\1", p).replace("\\", "")
                       for c in chapters for p in [c.heading if c.title else "", *c.paragraphs])
    got = [w.casefold() for w in re.findall(r"\w+", rebuilt) if w.casefold() != "chapter"]
    assert "".join(got) == "".join(words)
    assert len(got) == len(words) - 1


# -- in the browser ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(served: testing.ServedBuild) -> str:
    """The demo edition built for, and served from, a local address (instant navigation needs both)."""
    return served.url


def chapter(ctx, url: str, number: int = 28):
    page = ctx.new_page()
    page.goto(f"{url}chapter-{number}/")
    page.wait_for_function(READY_JS)
    return page


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def test_desktop_screenshot_with_yezhov_open(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(viewport={"width": 1280, "height": 800}), demo)
    mark = page.locator('.md-content a[data-glossa="person:yezhov"]').first
    mark.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")
    mark.hover()
    page.locator(POP).wait_for(state="visible", timeout=3000)
    expect(page.locator(POP)).to_contain_text("Nikolai Yezhov")
    shoot(page, "desktop.png")


def test_phone_screenshot_with_the_sheet(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(**PHONE), demo)
    mark = page.locator('.md-content a[data-glossa="person:yezhov"]').first
    mark.scroll_into_view_if_needed()
    mark.tap()
    page.locator(POP).wait_for(state="visible", timeout=3000)
    expect(page.locator(POP)).to_contain_text("Full profile")
    shoot(page, "phone.png")


def test_dark_screenshot_with_the_nkvd_open(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(viewport={"width": 1280, "height": 800}, color_scheme="dark"), demo)
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.locator('.md-content a[data-glossa="term:nkvd"]').first.hover()
    page.locator(POP).wait_for(state="visible", timeout=3000)
    expect(page.locator(POP)).to_contain_text("Glossary term")
    shoot(page, "dark.png")


def test_note_41_leads_to_yezhov(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(), demo)
    page.locator('.md-content a[data-glossa="note:28-41"]').hover()
    pop = page.locator(POP)
    pop.wait_for(state="visible", timeout=3000)
    expect(pop).to_have_attribute("aria-labelledby", "glossa-popover-title")
    expect(page.locator("#glossa-popover-title")).to_have_text("Editors’ commentary on note 41")
    pop.locator('a[href$="/people/yezhov/"]').first.click()
    page.wait_for_url("**/people/yezhov/")
    expect(page.locator("h1")).to_contain_text("Yezhov")


def test_note_24_is_long_and_reads_on(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(), demo)
    page.locator('.md-content a[data-glossa="note:28-24"]').focus()
    page.keyboard.press("Enter")
    read_on = page.locator(f"{POP} a.glossa-read-on")
    expect(read_on).to_have_attribute("href", "#note-28-24")
    expect(page.locator(POP)).not_to_contain_text("Conquest")  # the sources wait in the notes section
    read_on.click()
    page.wait_for_url("**/chapter-28/#note-28-24")
    expect(page.locator("#note-28-24")).to_be_in_viewport()


def test_instant_navigation_to_chapter_29_and_its_marks(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(), demo)
    page.evaluate("window.glossaStayed = true")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url("**/chapter-29/")
    page.wait_for_function("!!document.querySelector('a[data-glossa][aria-haspopup]')")
    assert page.evaluate("window.glossaStayed === true")
    page.locator('.md-content a[data-glossa="person:voroshilov"]').first.hover()
    expect(page.locator(POP)).to_contain_text("Voroshilov")
    expect(page.locator('.md-content a[data-glossa="note:29-1"]')).to_have_attribute(
        "aria-describedby", "glossa-d-note-29-1")


# -- the book: EPUB and PDF ---------------------------------------------------------------------
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


# -- the text, marks and notes as the engine before the world editions made them --------------------
GOLDEN = Path(__file__).parent / "golden" / "chapters.json"
_PERMALINK = re.compile(r'<a class="glossa-pl"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _snapshot_text(fragment: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(_TAG.sub("", _PERMALINK.sub("", fragment)))).strip()


def snapshot(site: Path) -> dict[str, dict[str, list]]:
    """Each chapter's paragraphs (id, text), marks (entry, words) and notes (id, commentary)."""
    chapters: dict[str, dict[str, list]] = {}
    for page in sorted(site.glob("chapter-*/index.html")):
        body = page.read_text(encoding="utf-8")
        article = body[body.find("<article"):body.find("</article>")]
        notes_at = article.find('class="glossa-notes')
        text, notes = (article[:notes_at], article[notes_at:]) if notes_at >= 0 else (article, "")
        chapters[page.parent.name] = {
            "paragraphs": [[pid, _snapshot_text(inner)] for pid, inner in re.findall(r'<p id="([^"]+)"[^>]*>(.*?)</p>', text, re.S)],
            "marks": [[key, _snapshot_text(inner)] for key, inner in re.findall(r'<a [^>]*data-glossa="([^"]+)"[^>]*>(.*?)</a>', text, re.S)],
            "notes": [[nid, _snapshot_text(inner)] for nid, inner in re.findall(r'<li id="(note-[^"]+)"[^>]*>(.*?)</li>', notes, re.S)],
        }
    return chapters


def test_the_demo_s_text_marks_and_notes_are_as_before(built: Path) -> None:
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = snapshot(built)
    assert sorted(got) == sorted(want) and len(want) == 2
    for chapter, parts in want.items():
        for part, items in parts.items():
            assert items, f"{chapter}: the snapshot has no {part}"
            assert got[chapter][part] == items, f"{chapter}: the {part} changed"
