"""The demo reads as it did before the world-editions work: its text, marks and notes, word for word.

``golden/chapters.json`` is the snapshot of the demo's sources as they are, built by the engine of
``a57df20`` (the last commit before the reader's language, matching in any script and the book):
every paragraph's text, every mark (its entry and the words it covers) and every note's commentary,
chapter by chapter. The interface around them may change; what the reader reads may not. After a
deliberate change to the demo's text or annotations, refresh it from a build (``snapshot``) and
review the diff.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from glossa import testing
from glossa.edition_tests.conftest import served_builds  # noqa: F401 - the shared fixture, by name

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden" / "chapters.json"
_PERMALINK = re.compile(r'<a class="glossa-pl"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub("", _PERMALINK.sub("", fragment)))).strip()


def snapshot(site: Path) -> dict[str, dict[str, list]]:
    """Each chapter's paragraphs (id, text), marks (entry, words) and notes (id, commentary)."""
    chapters: dict[str, dict[str, list]] = {}
    for page in sorted(site.glob("chapter-*/index.html")):
        body = page.read_text(encoding="utf-8")
        article = body[body.find("<article"):body.find("</article>")]
        notes_at = article.find('class="glossa-notes')
        text, notes = (article[:notes_at], article[notes_at:]) if notes_at >= 0 else (article, "")
        chapters[page.parent.name] = {
            "paragraphs": [[pid, _text(inner)] for pid, inner in re.findall(r'<p id="([^"]+)"[^>]*>(.*?)</p>', text, re.S)],
            "marks": [[key, _text(inner)] for key, inner in re.findall(r'<a [^>]*data-glossa="([^"]+)"[^>]*>(.*?)</a>', text, re.S)],
            "notes": [[nid, _text(inner)] for nid, inner in re.findall(r'<li id="(note-[^"]+)"[^>]*>(.*?)</li>', notes, re.S)],
        }
    return chapters


@pytest.fixture(scope="module")
def built(served_builds) -> Path:  # noqa: F811 - the shared fixture, by name
    served: testing.ServedBuild = served_builds(ROOT / "mkdocs.yml")
    assert served.strict.returncode == 0, served.strict.stderr[-4000:]
    return served.out


def test_the_demo_s_text_marks_and_notes_are_as_before(built: Path) -> None:
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = snapshot(built)
    assert sorted(got) == sorted(want) and len(want) == 2
    for chapter, parts in want.items():
        for part, items in parts.items():
            assert items, f"{chapter}: the snapshot has no {part}"
            assert got[chapter][part] == items, f"{chapter}: the {part} changed"
