"""``glossa new``: ids, forms taken from the text, scaffolds that are valid YAML for any name, and never overwriting."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from canal_fixture import CANAL, load, write

from glossa import rules
from glossa.chapters import Chapter
from glossa.options import load_options
from glossa.project import Project
from glossa.registry import Registry
from glossa.scaffold import (
    entry_text,
    free_id,
    missing_notes,
    note_text,
    occurrences,
    person_forms,
    run_new,
    slugify,
    term_forms,
    yaml_str,
)

BODY = ("Eleanor Marsh met Thomas Whitcombe and John Marsh. Marsh laughed.{^1}\n{: #c1-p1 }\n\n"
        "The locks were many. A lock held. Locks leaked.{^2} Thomas Whitcombe wrote.{^2}\n{: #c1-p2 }\n\n"
        "Mary Ann Smith sang. Smith and Mary Smith left.{^4}\n{: #c1-p3 }\n")
CHAPTER = f'---\nchapter: "1"\ntitle: One\n---\n\n# Chapter 1\n\n{BODY}'
HOSTILE = 'A "quoted"\nname: injected # not a comment \u2028 line\u2029 sep \x85 next-line'


class _Engine:
    """inflect's engine for regular English nouns (the real module takes seconds to import)."""

    def singular_noun(self, word: str) -> str | bool:
        return word[:-1] if word.endswith("s") else False  # inflect answers False for a singular

    def plural(self, word: str) -> str:
        return {"navvy": "navvies"}.get(word, word + "s")


@pytest.fixture(autouse=True)
def _inflect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "inflect", SimpleNamespace(engine=_Engine))


def _chapters(text: str = CHAPTER) -> list[Chapter]:
    chapters, _ = rules.parse_pages([rules.SourcePage("docs/chapter-1.md", "chapter-1.md", text)])
    return chapters


def _registry(tmp_path: Path) -> Registry:
    reg, problems = load(tmp_path, CANAL)
    assert not problems
    return reg


# --- text helpers ---------------------------------------------------------------------------------


def test_slugify() -> None:
    assert slugify("Budënny") == "budenny"
    assert slugify("People's Commissar") == "peoples-commissar"
    assert slugify("  Hargreaves Lock (upper) ") == "hargreaves-lock-upper"
    assert slugify("???") == ""


@pytest.mark.parametrize("text", [HOSTILE, "plain", "- [x]: {y}", "'single' & *star", "null", "123", "#hash", "\t\\"])
def test_yaml_str_reads_back_as_the_same_text(text: str) -> None:
    assert yaml.safe_load(f"name: {yaml_str(text)}\n") == {"name": text}


def test_occurrences_count_as_the_build_matches() -> None:
    counts = occurrences(_chapters(), ["Marsh", "lock", "Thomas Whitcombe", "Absent"])
    # "Marsh": Eleanor Marsh, John Marsh, Marsh; "lock" also at a sentence start ("Locks" is another form).
    assert counts == Counter({"Marsh": 3, "Thomas Whitcombe": 2, "lock": 1})


# --- forms ----------------------------------------------------------------------------------------


def test_person_forms_leave_out_a_surname_the_text_gives_to_others(tmp_path: Path) -> None:
    forms, notes, _ = person_forms("Eleanor Marsh", _registry(tmp_path), _chapters())
    assert forms == ["Eleanor Marsh"]
    assert notes == ["'Marsh' alone is not proposed: the text also names John Marsh."]


def test_person_forms_propose_the_forms_that_occur(tmp_path: Path) -> None:
    chapter = CHAPTER.replace(BODY, "Eleanor Marsh sang. Marsh left.\n{: #c1-p1 }\n\nMary Ann Smith and Mary Smith met.\n{: #c1-p2 }\n")
    reg = _registry(tmp_path)
    assert person_forms("Eleanor Marsh", reg, _chapters(chapter))[:2] == (["Eleanor Marsh", "Marsh"], [])
    # A longer name also offers first and last name; only forms found in the text are proposed.
    assert person_forms("Mary Ann Smith", reg, _chapters(chapter))[0][:2] == ["Mary Ann Smith", "Mary Smith"]
    forms, notes, _ = person_forms("Mary Jane Smith", reg, _chapters(chapter))
    assert forms == ["Mary Smith"] and "Mary Ann Smith" in notes[0]  # another Smith: the surname alone is ambiguous
    assert person_forms("Anne Jones", reg, _chapters(chapter))[:2] == ([], [])


def test_person_forms_see_other_bearers_of_a_surname_ending_in_s(tmp_path: Path) -> None:
    chapter = CHAPTER.replace(BODY, "Eliza Hargreaves wrote to John Hargreaves. Hargreaves’ reply came.\n{: #c1-p1 }\n")
    forms, notes, _ = person_forms("Eliza Hargreaves", _registry(tmp_path), _chapters(chapter))
    assert forms == ["Eliza Hargreaves"] and "John Hargreaves" in notes[0]


def test_person_forms_do_not_count_their_own_short_form_as_another_person(tmp_path: Path) -> None:
    chapter = CHAPTER.replace(BODY, "Mary Ann Smith sang. Mary Smith left. Smith returned.\n{: #c1-p1 }\n")
    assert person_forms("Mary Ann Smith", _registry(tmp_path), _chapters(chapter))[:2] == (
        ["Mary Ann Smith", "Mary Smith", "Smith"], [])


def test_person_forms_never_propose_a_claimed_form(tmp_path: Path) -> None:
    forms, notes, _ = person_forms("Thomas Whitcombe", _registry(tmp_path), _chapters())
    assert forms == []
    assert notes == ["'Thomas Whitcombe' is already claimed by 'whitcombe' (annotations/people/whitcombe.yml); not proposed.",
                     "'Whitcombe' is already claimed by 'whitcombe' (annotations/people/whitcombe.yml); not proposed."]


def test_term_forms_are_the_inflections_that_occur(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    forms, notes, _ = term_forms("lock", reg, _chapters())
    # "Locks" at a sentence start is the lowercase plural, which the matcher already finds there.
    assert forms == ["lock", "locks"] and notes == []
    assert term_forms("locks", reg, _chapters())[0] == ["locks", "lock"]
    forms, notes, _ = term_forms("navvy", reg, _chapters())
    assert forms == []
    assert "'navvies' is already claimed by 'navvy' (annotations/glossary/navvy.yml); not proposed." in notes


# --- ids ------------------------------------------------------------------------------------------


def test_free_id_prefers_the_surname_then_the_name_then_a_number() -> None:
    assert free_id(set(), "Eleanor Marsh", "Marsh") == "marsh"
    assert free_id({"marsh"}, "Eleanor Marsh", "Marsh") == "eleanor-marsh"
    assert free_id({"marsh", "eleanor-marsh", "eleanor-marsh-2"}, "Eleanor Marsh", "Marsh") == "eleanor-marsh-3"
    assert free_id(set(), "Index") == "index-2"  # reserved for the generated pages
    assert free_id(set(), "???") == "entry"


# --- scaffolds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["person", "term", "place", "event"])
def test_entry_scaffold_is_yaml_with_the_name_forms_and_todo_fields(kind: str) -> None:
    counts = Counter({"Eleanor Marsh": 2, "lock": 1})
    text = entry_text(kind, HOSTILE, ["Eleanor Marsh", "lock"], counts, "../../hooks/schemas/x.schema.json")
    assert text.startswith("# yaml-language-server: $schema=../../hooks/schemas/x.schema.json\n")
    data = yaml.safe_load(text)
    assert data["name"] == HOSTILE
    assert data["match"] == ["Eleanor Marsh", {"text": "lock", "common": True}]  # lowercase: confirmed
    assert "# 2 places in the chapters" in text and "# 1 place in the chapters" in text
    body = {"person": "profile", "event": "description"}.get(kind, "definition")
    assert data[body].startswith("TODO") and data["sources"] == [{"title": "TODO: a source a reader can follow"}]
    assert ("summary" in data) == (kind in ("person", "event")) and ("date" in data) == (kind == "event")


def test_entry_scaffold_without_forms_has_an_empty_match() -> None:
    assert yaml.safe_load(entry_text("term", "lock", [], Counter(), "s.json"))["match"] == []


def test_note_scaffold_keeps_the_context_a_comment() -> None:
    text = note_text("1", 4, "It said:\nchapter: 9\rnumber: 99\u2028text: hacked", "../../hooks/schemas/note.schema.json")
    data = yaml.safe_load(text)
    assert set(data) == {"chapter", "number", "text", "sources"}
    assert (data["chapter"], data["number"]) == ("1", 4) and data["text"].startswith("TODO")
    assert text.split("\n")[1] == "# The text: …It said: chapter: 9 number: 99 text: hacked"


def test_missing_notes_lists_each_marker_without_expansion_once(tmp_path: Path) -> None:
    reg, _ = load(tmp_path, {**CANAL, "notes/1-1.yml": "chapter: 1\nnumber: 1\ntext: Known.\n"})
    assert missing_notes(_chapters(), reg) == [("1", 2, "Locks leaked."), ("1", 4, "Smith and Mary Smith left.")]


# --- the command ----------------------------------------------------------------------------------


def _project(root: Path, files: dict[str, str] | None = None) -> Project:
    load(root, CANAL if files is None else files)
    write(root, "docs/chapter-1.md", CHAPTER)
    write(root, "mkdocs.yml", "site_name: The Canal\nnav:\n  - chapter-1.md\n")
    options, problems = load_options({})
    assert not problems
    config = SimpleNamespace(config_file_path=str(root / "mkdocs.yml"), use_directory_urls=True)
    return Project(config, options, root, root / "docs")


def _args(kind: str, name: str | None = None, chapter: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(kind=kind, name=name, chapter=chapter)


def test_new_person_writes_a_scaffold_with_the_forms_the_text_uses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    assert run_new(project, _args("person", "Eleanor Marsh")) == 0
    path = tmp_path / "annotations" / "people" / "eleanor-marsh.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["name"] == "Eleanor Marsh" and data["match"] == ["Eleanor Marsh"]
    out = capsys.readouterr().out
    assert "note: 'Marsh' alone is not proposed" in out
    assert "created annotations/people/eleanor-marsh.yml with 1 form(s): Eleanor Marsh." in out
    # A second run never overwrites: it takes the next free id.
    assert run_new(project, _args("person", "Eleanor Marsh")) == 0
    assert (tmp_path / "annotations" / "people" / "eleanor-marsh-2.yml").is_file()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["name"] == "Eleanor Marsh"


def test_new_term_confirms_its_lowercase_forms(tmp_path: Path) -> None:
    assert run_new(_project(tmp_path), _args("term", "lock")) == 0
    data = yaml.safe_load((tmp_path / "annotations" / "glossary" / "lock.yml").read_text(encoding="utf-8"))
    assert data["match"] == [{"text": "lock", "common": True}, {"text": "locks", "common": True}]


@pytest.mark.parametrize("name", ["", "   ", "<script>x</script>", "Two\nLines"])
def test_new_refuses_names_that_are_not_plain_text(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "annotations").rglob("*"))
    assert run_new(project, _args("person", name)) == 2
    assert "error:" in capsys.readouterr().err
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "annotations").rglob("*")) == before


def test_new_notes_writes_every_missing_expansion_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path, {**CANAL, "notes/1-1.yml": "chapter: 1\nnumber: 1\ntext: Known.\n"})
    assert run_new(project, _args("notes")) == 0
    notes = tmp_path / "annotations" / "notes"
    assert sorted(p.name for p in notes.iterdir()) == ["1-1.yml", "1-2.yml", "1-4.yml"]
    assert yaml.safe_load((notes / "1-4.yml").read_text(encoding="utf-8"))["number"] == 4
    assert "# The text: …Locks leaked." in (notes / "1-2.yml").read_text(encoding="utf-8")
    assert (notes / "1-1.yml").read_text(encoding="utf-8") == "chapter: 1\nnumber: 1\ntext: Known.\n"
    assert "2 note expansion(s) created" in capsys.readouterr().out
    assert run_new(project, _args("notes")) == 0
    assert "0 note expansion(s) created" in capsys.readouterr().out


def test_new_note_needs_a_number_and_a_chapter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    assert run_new(project, _args("note", "7")) == 2
    assert run_new(project, _args("note", "seven", "1")) == 2
    assert "error: a note needs its number and chapter" in capsys.readouterr().err
    assert run_new(project, _args("note", "7", "1")) == 0  # not in the text yet: written anyway, without context
    text = (tmp_path / "annotations" / "notes" / "1-7.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["number"] == 7 and "# The text: …\n" in text
    assert not (tmp_path / "annotations" / "notes" / "1-2.yml").exists()


@pytest.mark.parametrize(
    ("language", "name", "bases", "family"),
    [
        ("en", "Mary Ann Smith", ["Mary Ann Smith", "Mary Smith", "Smith"], "Smith"),
        ("de", "Otto von Bismarck", ["Otto von Bismarck", "Otto Bismarck", "Bismarck"], "Bismarck"),
        ("en", "Ibrahim Pasha", ["Ibrahim Pasha", "Ibrahim"], "Ibrahim"),
        ("ar", "إبراهيم باشا", ["إبراهيم باشا", "إبراهيم"], "إبراهيم"),
        ("en", "Sir Thomas Whitcombe", ["Sir Thomas Whitcombe", "Sir Whitcombe", "Whitcombe"], "Whitcombe"),
        ("ja", "勝 海舟", ["勝 海舟", "勝海舟", "勝"], "勝"),
        ("zh", "孙 中山", ["孙 中山", "孙中山"], "孙"),
    ],
)
def test_name_parts_by_language(language: str, name: str, bases: list[str], family: str) -> None:
    from glossa.scaffold import name_parts

    assert name_parts(name, language) == (bases, family)


def test_inflected_forms_are_proposed_with_their_counts_and_flagged(tmp_path: Path) -> None:
    from glossa.scaffold import entry_text, occurrences

    body = ("Константин Петрович Победоносцев писал. При Победоносцеве Синод окреп, а Победоносцева боялись.\n"
            "{: #c1-p1 }\n")
    chapters = _chapters(CHAPTER.replace(BODY, body))
    forms, notes, inflected = person_forms("Константин Петрович Победоносцев", _registry(tmp_path), chapters, "ru")
    assert forms == ["Константин Петрович Победоносцев", "Победоносцева", "Победоносцеве"] and not notes
    assert inflected == {"Победоносцеве", "Победоносцева"}
    text = entry_text("person", "Константин Петрович Победоносцев", forms, occurrences(chapters, forms, "ru"),
                      "s.json", frozenset(inflected))
    assert '  - {text: "Победоносцеве", inflected: true}  # 1 place in the chapters' in text
    assert '  - "Константин Петрович Победоносцев"  # 1 place in the chapters' in text
