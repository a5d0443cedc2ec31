"""The real edition in this repository: strict build, full coverage, fidelity to the source."""

from __future__ import annotations

import hashlib
import html as htmllib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from glossa.checking import run_check
from glossa.config import read_config
from glossa.coverage import run_coverage
from glossa.importer import ImportOptions, source_words

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "000_bb6356c0883e2313.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edition")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
                       capture_output=True, text=True, env=env, cwd="/")
    assert r.returncode == 0, r.stderr
    return out


def test_check_is_clean() -> None:
    assert run_check(ROOT, read_config(ROOT / "mkdocs.yml")) == []


def test_coverage_is_complete() -> None:
    report, uncovered = run_coverage(ROOT, read_config(ROOT / "mkdocs.yml"))
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
    assert "<mark>Vasili</mark>" in vasili and "<mark>Vasili Stalin</mark>" in vasili


def test_every_entry_renders_with_sources(built: Path) -> None:
    for folder in ("people", "glossary"):
        for page in (built / folder).glob("*/index.html"):
            html = page.read_text(encoding="utf-8")
            assert 'id="sources"' in html, page


def _chapter_text(html: str) -> str:
    """The chapter's own text: the article without heading, permalinks, notes section and previews."""
    body = html[html.index("<article") : html.index('<section aria-labelledby="notes-')]
    body = re.sub(r"<h1.*?</h1>", " ", body, flags=re.S)
    body = re.sub(r'<a[^>]*class="glossa-pl"[^>]*>.*?</a>', " ", body)
    body = re.sub(r"<sup[^>]*><a[^>]*data-glossa=\"note:.*?</sup>", " ", body, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", body))


@pytest.mark.skipif(not SEED.exists(), reason="the seed lives in ../shared")
def test_every_word_of_the_source_survives_in_order(built: Path) -> None:
    options = ImportOptions(footer=r"^Stalin: A Biography Page \d+$")
    want = "".join(w for w in source_words(SEED.read_text(encoding="utf-8"), options) if not w.isdigit())
    got = []
    for chapter in ("28", "29"):
        text = _chapter_text((built / f"chapter-{chapter}" / "index.html").read_text(encoding="utf-8"))
        got += [w.casefold() for w in re.findall(r"\w+", text) if not w.isdigit()]
    got_text = "".join(got)
    # The chapter heading "29. RULING THE NATIONS" is rendered as a heading (skipped here).
    assert got_text == want.replace("rulingthenations", "")


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    digests = []
    for i in range(2):
        out = tmp_path / f"b{i}"
        r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
                           capture_output=True, text=True, env=env)
        assert r.returncode == 0, r.stderr
        digests.append({p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(out.rglob("*")) if p.is_file()})
    assert digests[0] == digests[1]


def test_entry_pages_link_to_their_yaml_for_editing(built: Path) -> None:
    html = (built / "people" / "yezhov" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="https://[^"]+/edit/main/annotations/people/yezhov\.yml"', html)
    assert "docs/people/yezhov.md" not in html


def test_output_loads_nothing_from_third_party_hosts(built: Path) -> None:
    """Scripts, styles, fonts and images: relative or same-site only. (Ordinary links may go anywhere.)"""
    bad = []
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag, _attr, url in re.findall(r"<(script|link|img|iframe|source|video|audio)\b[^>]*?\b(src|href)=\"([^\"]+)\"", html):
            if tag == "link" and re.search(r'rel="(?:canonical|alternate|prev|next)"', html[html.find(url) - 200 : html.find(url)]):
                continue
            if url.startswith(("http://", "https://", "//")) and "127.0.0.1" not in url:
                bad.append((page.name, tag, url))
    for css in built.rglob("*.css"):
        for url in re.findall(r"url\((['\"]?)(https?:)?//", css.read_text(encoding="utf-8", errors="replace")):
            bad.append((css.name, "css", url))
    assert not bad, bad[:5]
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8") for p in built.rglob("*.html"))


def test_every_entry_and_note_cites_a_source() -> None:
    from glossa.registry import load_registry

    registry, _ = load_registry(ROOT / "annotations", ROOT)
    missing = [e.file for e in registry.entries.values() if not e.model.sources]
    missing += [n.file for n in registry.notes.values() if not n.model.sources]
    assert not missing, missing
