"""Golden Markdown -> HTML cases for the Glossa Python-Markdown extension.

Each case is a pair of files in ``golden/``: ``NAME.md`` (input) and ``NAME.html``
(expected output: the page sanitised as a build publishes it, then the page's previews file).
Set GLOSSA_UPDATE_GOLDEN=1 to rewrite the expected files after a
deliberate change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest

from glossa.extension import GlossaExtension, PageSetup
from glossa.registry import load_registry
from glossa.render import sanitize_page

GOLDEN = Path(__file__).parent / "golden"
ANNOTATIONS = {
    "people/stalin.yml": "name: Joseph Stalin\nmatch: [Stalin]\nborn: '1878-12-18'\ndied: '1953-03-05'\n"
                         "summary: Soviet leader.\nprofile: Profile.\n",
    "people/vasili-stalin.yml": "name: Vasili Stalin\nmatch: [Vasili Stalin, Vasili]\nsummary: His son.\nprofile: P.\n",
    "people/trotski.yml": "name: Lev Trotski\nmatch: [Trotski]\nsummary: Exile.\nprofile: P.\n",
    "glossary/troika.yml": "name: troika\ncategory: institution\nmatch: [{text: troiki, common: true}]\n"
                           "definition: A board of *three*.\n",
    "glossary/tzc.yml": "name: Trotskyist–Zinovievite Centre\ncategory: group\n"
                        "match: [Trotskyist–Zinovievite Centre, {text: Trotyskist–Zinovievite block, sic: true}]\n"
                        "definition: The alleged centre; see [[trotski]].\n",
    "places/leningrad.yml": "name: Leningrad\nmatch: [Leningrad]\ndefinition: A city.\n",
    "notes/1-7.yml": "chapter: 1\nnumber: 7\ntext: About [[stalin|him]].\nsources: [{title: A Book, author: An Author, year: 2004}]\n",
}


@pytest.fixture(scope="module")
def ext(tmp_path_factory: pytest.TempPathFactory) -> GlossaExtension:
    root = tmp_path_factory.mktemp("golden")
    for rel, text in ANNOTATIONS.items():
        path = root / "annotations" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    registry, problems = load_registry(root / "annotations", root)
    assert not problems, problems
    return GlossaExtension(registry)


CASES = sorted(p.stem for p in GOLDEN.glob("*.md"))


@pytest.mark.parametrize("name", CASES)
def test_golden(ext: GlossaExtension, name: str) -> None:
    source = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    chapter = None if name.startswith("page-") else "1"
    ext.begin_page(PageSetup(key="chapter-1.md", base="../", chapter=chapter, autolink=chapter is not None))
    md = markdown.Markdown(extensions=["attr_list", "toc", ext])
    # As a build publishes them: the page, sanitised, and its previews file.
    converted = md.convert(source)
    previews = ext.previews_document(ext.end_page(), "../")
    html = sanitize_page(converted).strip() + "\n" + (f"<!-- index.previews.html -->\n{previews}" if previews else "")
    expected_file = GOLDEN / f"{name}.html"
    if os.environ.get("GLOSSA_UPDATE_GOLDEN") == "1":
        expected_file.write_text(html, encoding="utf-8")
    assert html == expected_file.read_text(encoding="utf-8")


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 6
