"""The rules: each known bad input yields one problem with its file, position, severity and fix; good input yields none."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from pathlib import Path

from canal_fixture import CANAL, load, write

from glossa import rules
from glossa.problems import Problem
from glossa.render import Mention
from glossa.sitefile import parse_site

NOTES = {"notes/1-1.yml": "chapter: 1\nnumber: 1\ntext: About [[hargreaves-lock]].\n",
         "notes/1-2.yml": "chapter: 1\nnumber: 2\ntext: About the navvies.\n"}
CHAPTER = ('---\nchapter: "1"\ntitle: One\n---\n\n# Chapter 1\n\n'
           "Thomas Whitcombe built Hargreaves Lock.{^1} The navvies dug.{^2}\n{: #c1-p1 }\n\n"
           "At the Grand Opening crowds came.\n{: #c1-p2 }\n")
CONFIG = "site_name: The Canal\nnav:\n  - index.md\n  - chapter-1.md\n  - people/index.md\n"
TODAY = datetime.date(2000, 1, 1)


def edition(root: Path, files: dict[str, str] | None = None, chapter: str = CHAPTER, config: str = CONFIG,
            pages: dict[str, str] | None = None, **options: object) -> rules.Edition:
    """An edition as the build sees it, from annotation files, one chapter, other pages and the config text."""
    reg, load_problems = load(root, {**CANAL, **NOTES} if files is None else files)
    texts = {"chapter-1.md": chapter, "index.md": "# The Canal\n\nA fictional edition.\n", **(pages or {})}
    source = [rules.SourcePage(f"docs/{uri}", uri, text) for uri, text in texts.items()]
    chapters, page_problems = rules.parse_pages(source)
    opts = rules.Options(**{"today": TODAY, **options})  # type: ignore[arg-type]
    return rules.Edition(root, reg, load_problems, source, chapters, page_problems, parse_site(config), opts)


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def only(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, (code, problems)
    return found[0]


def test_a_clean_edition_has_no_problems(tmp_path: Path) -> None:
    ed = edition(tmp_path)
    assert rules.run(ed, "sources") == []
    ed.usage = Counter({("whitcombe", "Thomas Whitcombe"): 1, ("whitcombe", "Whitcombe"): 1,
                        ("hargreaves-lock", "Hargreaves Lock"): 1, ("navvy", "navvies"): 1,
                        ("opening", "Grand Opening"): 1})
    assert rules.run(ed, "render") == []
    assert rules.run(ed) == []


# --- markers and notes ----------------------------------------------------------------------------


def test_a_marker_without_expansion_and_a_gap_in_the_numbers(tmp_path: Path) -> None:
    chapter = CHAPTER.replace("The navvies dug.{^2}", "The navvies dug.{^2} Then.{^4}")
    problems = rules.run(edition(tmp_path, chapter=chapter), "sources")
    missing, gap = only(problems, "marker-without-note"), only(problems, "marker-sequence")
    column = chapter.split("\n")[7].index("{^4}") + 1
    assert (missing.file, missing.line, missing.column, missing.severity) == ("docs/chapter-1.md", 8, column, "error")
    assert "Note marker 4 in chapter 1 has no expansion." == missing.message and "glossa new notes" in missing.fix
    assert (gap.line, gap.column, gap.severity) == (8, column, "warning")
    assert "4 follows 2" in gap.message and gap.fix


def test_an_expansion_without_marker_points_at_its_number(tmp_path: Path) -> None:
    files = {**CANAL, **NOTES, "notes/1-7.yml": "chapter: 1\nnumber: 7\ntext: Orphan.\n",
             "notes/9-1.yml": "chapter: 9\nnumber: 1\ntext: Elsewhere.\n"}
    problems = [p for p in rules.run(edition(tmp_path, files), "sources") if p.code == "note-without-marker"]
    assert [(p.file, p.line, p.column) for p in problems] == [("annotations/notes/1-7.yml", 2, 9),
                                                             ("annotations/notes/9-1.yml", 2, 9)]
    assert problems[0].message == "Expansion of note 7 in chapter 1 has no marker in the text."
    assert "(there is no chapter '9')" in problems[1].message
    assert "{^7}" in problems[0].fix


# --- texts ----------------------------------------------------------------------------------------


def test_markup_in_a_chapter_is_reported_where_it_stands_but_not_in_code_spans(tmp_path: Path) -> None:
    chapter = CHAPTER.replace("crowds came.", "crowds <b>came</b>. Quoted: `<i>`.")
    problems = [p for p in rules.run(edition(tmp_path, chapter=chapter), "sources") if p.code == "chapter-markup"]
    line = chapter.split("\n")[10]
    assert [(p.file, p.line, p.column) for p in problems] == [
        ("docs/chapter-1.md", 11, line.index("<b>") + 1), ("docs/chapter-1.md", 11, line.index("</b>") + 1)]
    assert "raw HTML" in problems[0].message and "backticks" in problems[0].fix


def test_raw_html_and_todo_in_an_annotation(tmp_path: Path) -> None:
    navvy = "name: navvy\nmatch: [{text: navvies, common: true}]\ndefinition: A <script>x</script> labourer. TODO\n"
    problems = rules.run(edition(tmp_path, {**CANAL, **NOTES, "glossary/navvy.yml": navvy}), "sources")
    html, todo = only(problems, "raw-html"), only(problems, "todo")
    # A one-line value's problems point at where the value starts (only literal blocks keep their layout).
    assert (html.file, html.line, html.column) == ("annotations/glossary/navvy.yml", 3, 13)
    assert html.message == "'definition' contains raw HTML (it is shown as text, not as markup)." and "Markdown" in html.fix
    assert (todo.line, todo.column) == (3, 13) and todo.message == "'definition' still contains a TODO placeholder."


def test_problems_in_a_literal_block_point_at_their_own_line(tmp_path: Path) -> None:
    navvy = ("name: navvy\nmatch: [{text: navvies, common: true}]\ndefinition: |\n  A labourer.\n\n"
             "  He <b>dug</b>.\n  TODO: more.\n")
    problems = rules.run(edition(tmp_path, {**CANAL, **NOTES, "glossary/navvy.yml": navvy}), "sources")
    assert (only(problems, "raw-html").line, only(problems, "todo").line) == (6, 7)


def test_a_tangled_paragraph_is_reported(tmp_path: Path) -> None:
    chapter = CHAPTER.replace("crowds came.", "crowds came. " + "[" * 800)
    problem = only(rules.run(edition(tmp_path, chapter=chapter), "sources"), "tangled-text")
    assert (problem.file, problem.line, problem.column) == ("docs/chapter-1.md", 11, 1)
    assert "too tangled" in problem.message and problem.fix


# --- dates, identifiers, sources ------------------------------------------------------------------


def test_death_before_birth_and_office_ending_before_it_starts(tmp_path: Path) -> None:
    person = ("name: Eleanor Marsh\nmatch: [Eleanor Marsh]\nborn: '1790'\ndied: '1780'\n"
              "offices: [{office: Clerk, start: '1785', end: '1781'}]\nsummary: A clerk.\nprofile: She kept books.\n")
    problems = rules.run(edition(tmp_path, {**CANAL, **NOTES, "people/marsh.yml": person}), "sources")
    order = [p for p in problems if p.code == "date-order"]
    assert [(p.file, p.line) for p in order] == [("annotations/people/marsh.yml", 4), ("annotations/people/marsh.yml", 5)]
    assert order[0].message == "'marsh' dies (1780) before being born (1790)."
    assert "'Clerk' ends (1781) before it starts (1785)" in order[1].message
    assert all(p.fix for p in order)


def test_overlapping_uncertain_dates_are_not_an_order_problem(tmp_path: Path) -> None:
    person = ("name: Eleanor Marsh\nmatch: [Eleanor Marsh]\nborn: '1790-06'\ndied: '1790'\n"
              "summary: A clerk.\nprofile: She kept books.\n")
    problems = rules.run(edition(tmp_path, {**CANAL, **NOTES, "people/marsh.yml": person}), "sources")
    assert "date-order" not in codes(problems)


def test_dates_after_today_are_in_the_future(tmp_path: Path) -> None:
    files = {**CANAL, **NOTES, "notes/1-2.yml": "chapter: 1\nnumber: 2\ndate: '2001'\ntext: Later.\n"}
    problems = rules.run(edition(tmp_path, files, today=datetime.date(1799, 6, 1)), "sources")
    future = [p for p in problems if p.code == "date-future"]
    # Whitcombe died in 1799 (not after 1 June 1799), the opening was in 1791: only the note is in the future.
    assert [(p.file, p.line, p.message) for p in future] == [
        ("annotations/notes/1-2.yml", 3, "The date '2001' is in the future.")]
    problems = rules.run(edition(tmp_path, files, today=datetime.date(1790, 1, 1)), "sources")
    assert {p.file for p in problems if p.code == "date-future"} == {
        "annotations/events/opening.yml", "annotations/people/whitcombe.yml", "annotations/notes/1-2.yml"}


def test_the_same_authority_identifier_on_two_entries(tmp_path: Path) -> None:
    files = {**CANAL, **NOTES,
             "places/hargreaves-lock.yml": CANAL["places/hargreaves-lock.yml"] + "wikidata: Q7\n",
             "glossary/navvy.yml": CANAL["glossary/navvy.yml"] + "wikidata: Q7\n"}
    problem = only(rules.run(edition(tmp_path, files), "sources"), "duplicate-identifier")
    # Files are read in order: the glossary comes first, the place is the duplicate.
    assert (problem.file, problem.line) == ("annotations/places/hargreaves-lock.yml", 4)
    assert problem.message == "The wikidata identifier Q7 is also given for 'navvy'." and problem.fix


def test_a_book_without_locator_is_a_warning_unless_allowed(tmp_path: Path) -> None:
    lock = CANAL["places/hargreaves-lock.yml"] + "sources: [{title: Locks, publisher: Northern Press}]\n"
    files = {**CANAL, **NOTES, "places/hargreaves-lock.yml": lock}
    problem = only(rules.run(edition(tmp_path, files), "sources"), "source-locator")
    assert (problem.file, problem.line, problem.severity) == ("annotations/places/hargreaves-lock.yml", 4, "warning")
    assert "'Locks' is cited without a locator" in problem.message and "pages:" in problem.fix
    assert "source-locator" not in codes(rules.run(edition(tmp_path, files, source_locators=False), "sources"))
    with_page = lock.replace("publisher: Northern Press", "publisher: Northern Press, pages: '4'")
    assert "source-locator" not in codes(rules.run(edition(tmp_path, {**files, "places/hargreaves-lock.yml": with_page})))


# --- nav, placeholders, schemas -------------------------------------------------------------------


def test_nav_entries_without_page_and_chapters_missing_from_the_nav(tmp_path: Path) -> None:
    config = "site_name: The Canal\nnav:\n  - index.md\n  - Lost: lost.md\n  - events/index.md\n  - timeline.md\n"
    problems = rules.run(edition(tmp_path, config=config), "sources")
    missing = only(problems, "nav-missing-page")
    assert (missing.file, missing.line, missing.column) == ("mkdocs.yml", 4, 11)
    assert "'lost.md'" in missing.message and missing.fix  # generated pages (indexes, timeline) may be listed
    chapter = only(problems, "nav-missing-chapter")
    assert (chapter.file, chapter.line) == ("mkdocs.yml", 2)
    assert chapter.message == "The chapter docs/chapter-1.md is not in the nav." and "- chapter-1.md" in chapter.fix


def test_without_a_nav_every_page_is_listed(tmp_path: Path) -> None:
    problems = rules.run(edition(tmp_path, config="site_name: The Canal\n"), "sources")
    assert not [p for p in problems if p.code.startswith("nav-")]


def test_template_placeholders_in_pages_and_site_texts(tmp_path: Path) -> None:
    config = CONFIG.replace("site_name: The Canal", "site_name: The Canal\nsite_description: TODO describe it")
    ed = edition(tmp_path, config=config, pages={"about.md": "# About\n\nWritten by TODO.\n"})
    placeholders = [p for p in rules.run(ed, "sources") if p.code == "placeholder"]
    assert [(p.file, p.line, p.column, p.severity) for p in placeholders] == [
        ("docs/about.md", 3, 12, "warning"), ("mkdocs.yml", 2, 19, "warning")]
    assert "'site_description' still holds" in placeholders[1].message and "site description" in placeholders[1].fix


def test_a_todo_in_chapter_text_is_not_a_template_placeholder(tmp_path: Path) -> None:
    chapter = CHAPTER.replace("crowds came.", "crowds came. TODO")
    assert "placeholder" not in codes(rules.run(edition(tmp_path, chapter=chapter), "sources"))


def test_stale_schema_copies_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "hooks" / "schemas"
    write(folder, "person.schema.json", '{"old": true}')
    schemas = {"person.schema.json": '{"new": true}', "note.schema.json": "{}"}
    problem = only(rules.run(edition(tmp_path, schema_dir=folder, schemas=schemas), "sources"), "schema-stale")
    assert (problem.file, problem.line, problem.severity) == ("hooks/schemas", 0, "warning")
    assert "(person.schema.json, note.schema.json)" in problem.message and "glossa schema" in problem.fix
    for name, text in schemas.items():
        write(folder, name, text)
    assert "schema-stale" not in codes(rules.run(edition(tmp_path, schema_dir=folder, schemas=schemas), "sources"))


def test_the_engine_schemas_are_json() -> None:
    texts = rules.schema_texts()
    assert "person.schema.json" in texts and "note.schema.json" in texts
    assert all(isinstance(json.loads(t), dict) for t in texts.values())


# --- the render phase -----------------------------------------------------------------------------


def test_unused_entries_and_forms_after_rendering(tmp_path: Path) -> None:
    ed = edition(tmp_path)
    ed.usage = Counter({("whitcombe", "Thomas Whitcombe"): 2, ("navvy", "navvies"): 1})
    problems = rules.run(ed, "render")
    unused = [p for p in problems if p.code == "unused-entry"]
    # Hargreaves Lock is referenced by Whitcombe's profile and a note: not unused.
    assert [(p.file, p.line, p.column) for p in unused] == [("annotations/events/opening.yml", 1, 1)]
    assert "[[opening]]" in unused[0].fix
    forms = [(p.file, p.message, p.severity) for p in problems if p.code == "form-unused"]
    assert forms == [
        ("annotations/events/opening.yml", "The form 'Grand Opening' never occurs in the chapters.", "warning"),
        ("annotations/people/whitcombe.yml", "The form 'Whitcombe' never occurs in the chapters.", "warning"),
        ("annotations/places/hargreaves-lock.yml", "The form 'Hargreaves Lock' never occurs in the chapters.", "warning")]
    assert rules.run(ed, "sources") == []  # the render rules do not run in the sources phase


def test_unconfirmed_lowercase_and_single_letter_forms(tmp_path: Path) -> None:
    lock = "name: Hargreaves Lock\nmatch: [Hargreaves Lock, lock, H]\ndefinition: Where the canal climbs.\n"
    chapter = CHAPTER.replace("crowds came.", "crowds came to the lock. A lock, another lock.")
    ed = edition(tmp_path, {**CANAL, **NOTES, "places/hargreaves-lock.yml": lock}, chapter=chapter)
    ed.usage = rules.usage_of([])
    problems = rules.run(ed, "render")
    lower, single = only(problems, "form-lowercase"), only(problems, "form-single-letter")
    assert (lower.file, lower.line, lower.column) == ("annotations/places/hargreaves-lock.yml", 2, 26)
    assert "it would link 3 places in the chapters" in lower.message and "{text: lock, common: true}" in lower.fix
    assert (single.line, single.column) == (2, 32) and single.message == "The form 'H' is a single letter."


# --- files, running, output -----------------------------------------------------------------------


def test_static_files_only_inert_kinds_are_published(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    for name in ("map.png", "CNAME", "page.html", "tool.js"):
        (tmp_path / "docs" / name).write_text("x")
    assert rules.static_file_problems(tmp_path / "docs" / "map.png", "docs/map.png", tmp_path) == []
    assert rules.static_file_problems(tmp_path / "docs" / "CNAME", "docs/CNAME", tmp_path) == []
    (problem,) = rules.static_file_problems(tmp_path / "docs" / "page.html", "docs/page.html", tmp_path)
    assert (problem.file, problem.code) == ("docs/page.html", "static-file") and "'page.html'" in problem.message
    assert rules.static_file_problems(tmp_path / "docs" / "tool.js", "docs/tool.js", tmp_path)[0].fix


def test_links_out_of_the_repository_are_refused(tmp_path: Path) -> None:
    outside, root = tmp_path / "outside", tmp_path / "repo"
    write(outside, "secret.md", "# secret\n")
    write(outside, "secret.png", "x")
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "page.md").symlink_to(outside / "secret.md")
    (root / "docs" / "pic.png").symlink_to(outside / "secret.png")
    text, problems = rules.read_page(root / "docs" / "page.md", "docs/page.md", root)
    assert text is None and codes(problems) == ["symlink-outside"] and problems[0].file == "docs/page.md"
    assert codes(rules.static_file_problems(root / "docs" / "pic.png", "docs/pic.png", root)) == ["symlink-outside"]
    write(root, "docs/real.md", "# Real\n")
    assert rules.read_page(root / "docs" / "real.md", "docs/real.md", root) == ("# Real\n", [])


def test_run_reports_each_problem_once_in_rule_order(tmp_path: Path) -> None:
    ed = edition(tmp_path, chapter=CHAPTER.replace("crowds came.", "crowds <b>came."))
    duplicate = Problem("docs/chapter-1.md", 1, 1, "Loaded twice.")
    ed.load_problems = [duplicate, duplicate]
    problems = rules.run(ed, "sources")
    assert codes(problems) == ["glossa", "chapter-markup"]


def test_usage_of_counts_entry_and_form() -> None:
    def m(entry: str, form: str) -> Mention:
        return Mention(entry, "chapter-1.md", "c1-p1", form, 0, len(form), linked=True, form=form)

    usage = rules.usage_of([m("whitcombe", "Whitcombe"), m("whitcombe", "Whitcombe"), m("navvy", "navvies")])
    assert usage == Counter({("whitcombe", "Whitcombe"): 2, ("navvy", "navvies"): 1})


def test_dump_writes_one_json_object_per_problem() -> None:
    problems = [Problem("a.yml", 2, 3, "Bad “quote”.", "Fix it.", "warning", "x-code"), Problem("b.md", 0, 0, "Whole file.")]
    lines = rules.dump(problems).split("\n")
    assert [json.loads(line) for line in lines] == [
        {"file": "a.yml", "line": 2, "column": 3, "message": "Bad “quote”.", "fix": "Fix it.", "severity": "warning",
         "code": "x-code"},
        {"file": "b.md", "line": 0, "column": 0, "message": "Whole file.", "fix": "", "severity": "error", "code": "glossa"}]
    assert "“" in lines[0]  # not ASCII-escaped


def test_parse_pages_with_a_memo_parses_only_changed_pages() -> None:
    page = "---\nchapter: 1\n---\n\nText.{^1}\n{: #c1-p1 }\n"
    memo: rules.ParseMemo = {}
    first, _ = rules.parse_pages([rules.SourcePage("docs/a.md", "a.md", page)], memo)
    again, _ = rules.parse_pages([rules.SourcePage("docs/a.md", "a.md", page)], memo)
    assert again[0] is first[0]
    edited, problems = rules.parse_pages([rules.SourcePage("docs/a.md", "a.md", page.replace("{^1}", "{^2}"))], memo)
    fresh, fresh_problems = rules.parse_pages([rules.SourcePage("docs/a.md", "a.md", page.replace("{^1}", "{^2}"))])
    assert edited[0] is not first[0] and edited == fresh and problems == fresh_problems
    assert [m[0] for m in edited[0].markers] == [2]
