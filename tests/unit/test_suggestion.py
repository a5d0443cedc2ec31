"""``glossa suggestion --from-issue``: issue bodies of every kind become files that pass the check;
hostile ones are refused with nothing written; a correction keeps the file's comments and order."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
import yaml
from helpers import Site

from glossa.issueform import FIELDS, STRINGS_EN, TEMPLATE, issue_form, labels, new_issue_url
from glossa.project import load_project
from glossa.suggestion import NO_RESPONSE, parse_issue, parse_sources, run_suggestion

ROOT = Path(__file__).resolve().parents[2]

CHAPTER = """\
---
chapter: "1"
title: "Chapter 1"
---

# Chapter 1

Ryutin wrote a platform. The Ryutin platform worried Stalin in Tbilisi during the plenum.{^1}
{: #c1-p1 }

Бухарин and the orgburo met; Stalin left.{^2}
{: #c1-p2 }
"""
STALIN = """\
# yaml-language-server: $schema=../../hooks/schemas/person.schema.json
name: Joseph Stalin   # the name the index uses
match: [Stalin]
born: "1878-12-18"
summary: General Secretary.
# the profile is short on purpose
profile: |
  The General Secretary.
  He ruled.
sources:
  - title: A book  # first source
    year: "2004"
wikidata: Q855
"""


def body(**fields: str) -> str:
    """An issue body exactly as GitHub renders the form: every field, '_No response_' when empty."""
    out = []
    for f in FIELDS:
        value = fields.get(f.id, "")
        if f.id == "licence":
            value = f"- [{'X' if value else ' '}] {STRINGS_EN['licence.option']}"
        out.append(f"### {STRINGS_EN[f.id + '.label']}\n\n{value or NO_RESPONSE}\n")
    return "\n".join(out)


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = Site(tmp_path_factory.mktemp("sugg") / "ed")
    site.write("docs/index.md", "# Home\n\nWelcome.\n")
    site.write("docs/chapter-1.md", CHAPTER)
    site.write("annotations/people/stalin.yml", STALIN)
    site.write("annotations/notes/1-2.yml", 'chapter: "1"\nnumber: 2\ntext: Note two.\n')
    return site.root


def run(edition: Path, tmp_path: Path, text: str, issue: str = "7") -> tuple[int, str, Path]:
    path = tmp_path / "issue.md"
    path.write_text(text, encoding="utf-8")
    comment = tmp_path / "comment.md"
    args = argparse.Namespace(from_issue=str(path), issue=issue, comment=str(comment))
    code = run_suggestion(load_project(edition / "mkdocs.yml"), args)
    return code, comment.read_text(encoding="utf-8"), path


def files(edition: Path) -> dict[str, bytes]:
    return {p.relative_to(edition).as_posix(): p.read_bytes() for p in edition.rglob("*") if p.is_file()}


def test_the_form_is_the_one_every_edition_gets_and_links_prefill_it() -> None:
    form = issue_form()
    assert (ROOT / ".github/ISSUE_TEMPLATE/annotation.yml").read_text(encoding="utf-8") == form
    assert (ROOT / "src/glossa/templates/edition/github/ISSUE_TEMPLATE/annotation.yml").read_text(encoding="utf-8") == form
    data = yaml.safe_load(form)
    ids = [item.get("id") for item in data["body"] if item["type"] != "markdown"]
    assert ids == ["kind", "entry", "name", "forms", "summary", "date", "text", "sources", "passage", "licence"]
    assert "labels" not in data  # only a maintainer's label starts the workflow
    kind = next(i for i in data["body"] if i.get("id") == "kind")
    assert kind["attributes"]["options"] == ["person", "term", "place", "event", "note", "correction"]
    # A translated form is read by its own labels.
    assert labels(form.replace("label: Text", "label: Текст"))["Текст"] == "text"
    url = new_issue_url("https://github.com/o/r", kind="correction", entry="a&b", passage='https://x.org/c/#p"1')
    assert url == (f"https://github.com/o/r/issues/new?template={TEMPLATE}&kind=correction&entry=a%26b"
                   "&passage=https%3A%2F%2Fx.org%2Fc%2F%23p%221")
    assert new_issue_url("https://gitlab.com/o/r") == "" and new_issue_url("") == ""
    assert new_issue_url("javascript:alert(1)//github.com/o/r") == ""


@pytest.mark.parametrize(("fields", "rel", "expect"), [
    ({"kind": "person", "name": "Martemyan Ryutin", "forms": "Ryutin", "summary": "Author of the Ryutin platform.",
      "text": "Ryutin wrote *the platform* against [[stalin]].\n\nHe was shot in 1937.",
      "sources": "- J. Arch Getty, The Road to Terror, Yale, 1999\n- https://example.org/ryutin"},
     "annotations/people/ryutin.yml", {"name": "Martemyan Ryutin", "summary": "Author of the Ryutin platform."}),
    ({"kind": "term", "name": "plenum", "forms": "plenum", "text": "A full meeting of a committee.",
      "summary": "A meeting.", "sources": "A dictionary"},
     "annotations/glossary/plenum.yml", {"definition": "A meeting.\n\nA full meeting of a committee.\n"}),
    ({"kind": "place", "name": "Tbilisi", "forms": "Tbilisi", "text": "Capital of Georgia.", "sources": "An atlas"},
     "annotations/places/tbilisi.yml", {"name": "Tbilisi"}),
    ({"kind": "event", "name": "The plenum", "entry": "plenum-1932", "forms": "the plenum", "date": "1932-09-28/1932-10-02",
      "summary": "A plenum met.", "text": "It met.", "sources": "Minutes"},
     "annotations/events/plenum-1932.yml", {"date": "1932-09-28/1932-10-02"}),
    ({"kind": "note", "entry": "1-1", "text": "The platform circulated in 1932.", "sources": "Getty, The Road to Terror"},
     "annotations/notes/1-1.yml", {"chapter": "1", "number": "1"}),
    # YAML's own syntax in a value stays text.
    ({"kind": "person", "name": 'Ryutin: "the author" # not a comment', "entry": "ryutin-2", "forms": "Ryutin platform",
      "summary": "- [x]: {a: b} & *c", "text": "key: value\n- item\n  | pipe", "sources": "'quoted' title: with colon"},
     "annotations/people/ryutin-2.yml", {"name": 'Ryutin: "the author" # not a comment', "summary": "- [x]: {a: b} & *c",
                                         "profile": "key: value\n- item\n  | pipe\n"}),
    # Unicode in every field; a readable id (the surname) transliterated from a name in another script.
    ({"kind": "person", "name": "Николай Бухарин", "forms": "Бухарин", "summary": "Редактор «Известий».",
      "text": "Бухарин — редактор. 布哈林。 مرحبا", "sources": "Коэн, Бухарин, 1973 https://example.org/бух",
      "passage": "https://example.org/chapter-1/#c1-p2"},
     "annotations/people/bukharin.yml", {"name": "Николай Бухарин", "summary": "Редактор «Известий»."}),
])
def test_every_kind_becomes_a_file_that_passes_the_check(edition: Path, tmp_path: Path, fields: dict, rel: str,
                                                         expect: dict) -> None:
    code, comment, _ = run(edition, tmp_path, body(licence="x", **fields))
    try:
        assert code == 0, comment
        data = yaml.load((edition / rel).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for key, value in expect.items():
            assert data[key] == value
        assert data.get("sources"), data
        assert "no problem" in comment
    finally:
        (edition / rel).unlink(missing_ok=True)


def test_a_correction_changes_only_its_fields_and_keeps_comments_and_order(edition: Path, tmp_path: Path) -> None:
    path = edition / "annotations/people/stalin.yml"
    code, comment, _ = run(edition, tmp_path, body(kind="correction", entry="stalin", licence="x",
                                                   summary="General Secretary of the party, 1922–1952.",
                                                   text="The General Secretary.\nHe ruled alone.",
                                                   sources="Kotkin, Stalin, 2014 https://example.org/kotkin"))
    try:
        assert code == 0, comment
        text = path.read_text(encoding="utf-8")
        expected = (STALIN.replace("summary: General Secretary.", 'summary: "General Secretary of the party, 1922–1952."')
                    .replace("He ruled.", "He ruled alone.")
                    .replace('    year: "2004"\n', '    year: "2004"\n  - title: "Kotkin, Stalin, 2014"\n'
                                                   '    url: "https://example.org/kotkin"\n'))
        assert text == expected
    finally:
        path.write_text(STALIN, encoding="utf-8")


@pytest.mark.parametrize(("fields", "message"), [
    ({"kind": "person", "name": "<script>alert(1)</script>", "text": "x", "forms": "Ryutin"}, "HTML markup"),
    ({"kind": "person", "name": "Ryutin", "text": "[click](javascript:alert(1))", "forms": "Ryutin"}, "script or data URL"),
    ({"kind": "person", "name": "Ryutin", "text": "---\ntitle: x\n---\nbody", "forms": "Ryutin"}, "front matter"),
    ({"kind": "correction", "entry": "../../x", "text": "x"}, "must be an id"),
    ({"kind": "correction", "entry": "../../../etc/passwd", "text": "x"}, "must be an id"),
    ({"kind": "note", "entry": "1-1/../../../x", "text": "x"}, "must be an id"),
    ({"kind": "person", "name": "Ryutin\u202e", "text": "x", "forms": "Ryutin"}, "control"),
    ({"kind": "person", "name": "Ryutin", "text": "x", "forms": "Ryutin", "licence": ""}, "licence box"),
    ({"kind": "person", "forms": "Ryutin"}, "needs 'name'"),
    ({"kind": "correction", "entry": "nobody", "text": "x"}, "No entry 'nobody'"),
    ({"kind": "person", "name": "Joseph Stalin", "entry": "stalin", "text": "x"}, "exists already"),
    ({"kind": "rumour", "name": "x", "text": "x"}, "Unknown kind"),
])
def test_hostile_or_incomplete_bodies_are_refused_and_nothing_is_written(edition: Path, tmp_path: Path, fields: dict,
                                                                         message: str) -> None:
    before = files(edition)
    fields = {"licence": "x", **fields}
    code, comment, issue = run(edition, tmp_path, body(**fields))
    assert code == 2 and message in comment, comment
    assert files(edition) == before
    assert f"{issue}:" in comment  # file:line:col, pointing into the issue's text


def test_a_written_file_with_problems_lists_them_and_exits_1(edition: Path, tmp_path: Path) -> None:
    code, comment, _ = run(edition, tmp_path, body(kind="person", name="Nobody Here", forms="Nobody", licence="x",
                                                   summary="A man.", text="See [[no-such-entry]].", sources="A book"))
    try:
        assert code == 1
        assert "annotations/people/here.yml:" in comment or "annotations/people/nobody-here.yml:" in comment
        assert "Fix:" in comment
    finally:
        for p in (edition / "annotations/people").glob("*here*.yml"):
            p.unlink()


def test_parse_reads_github_rendering() -> None:
    text = body(kind="note", entry="1-1", text="line one\n\n### not a field\nline three", licence="x")
    issue, problems = parse_issue(text.replace("\n", "\r\n"), labels(), "issue.md")
    assert not problems
    assert issue.get("kind") == "note" and issue.get("name") == "" and issue.get("licence") == "yes"
    assert issue.get("text") == "line one\n\n### not a field\nline three"
    assert parse_sources("1. Roe, A Book, 1999\n* https://example.org/a (web)\n") == [
        {"title": "Roe, A Book, 1999"}, {"title": "web", "url": "https://example.org/a"}]


def test_previews_link_to_the_form_only_for_an_edition_on_github(tmp_path: Path) -> None:
    from helpers import basic_edition

    from glossa.registry import load_registry
    from glossa.render import Renderer

    site = basic_edition(Site(tmp_path / "ed"))
    site.config(extra="repo_url: https://github.com/o/r\n")
    result = site.build()
    assert result.returncode == 0, result.stderr[-3000:]
    chapter = site.page("chapter-1/index.html")
    assert ('data-glossa-suggest="https://github.com/o/r/issues/new?template=annotation.yml"' in chapter)
    # Nothing added to the page's paragraphs (the script's words, in the head, name the link it builds).
    body = re.sub(r'<script type="application/json" id="glossa-words">.*?</script>', "", chapter, flags=re.S)
    assert body.count("Suggest a") == 0 and 'class="glossa-suggest"' not in chapter
    previews = "".join(p.read_text(encoding="utf-8") for p in (site.root / "site").rglob("*previews*.html"))
    blocks = previews.count("data-glossa-preview=")
    assert blocks and previews.count('class="glossa-suggest"') == blocks  # every preview has its link
    assert ('href="https://github.com/o/r/issues/new?template=annotation.yml&amp;kind=correction&amp;entry=stalin"'
            in previews)
    registry, _ = load_registry(site.root / "annotations", site.root)
    plain = Renderer(registry)  # no repo_url, or not on GitHub: no link at all
    assert "glossa-suggest" not in plain.preview_block(registry.entries["stalin"], "../")


def test_a_correction_to_a_note_with_a_flow_list_of_sources(edition: Path, tmp_path: Path) -> None:
    path = edition / "annotations/notes/1-2.yml"
    old = path.read_text(encoding="utf-8")
    path.write_text(old + "sources: [{title: Atlas}]  # the only one\n", encoding="utf-8")
    try:
        code, comment, _ = run(edition, tmp_path, body(kind="correction", entry="1-2", licence="x", text="Note two, amended.",
                                                       sources="https://example.org/a"))
        assert code == 0 and "changes `annotations/notes/1-2.yml`" in comment, comment
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["text"] == "Note two, amended."
        assert data["sources"] == [{"title": "Atlas"}, {"title": "https://example.org/a", "url": "https://example.org/a"}]
    finally:
        path.write_text(old, encoding="utf-8")
