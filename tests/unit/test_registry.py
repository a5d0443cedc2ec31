"""Loading a whole annotations folder: kinds by folder, cross-checks, nothing skipped in silence."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from glossa.model import Person
from glossa.registry import LoadCache, load_registry, validation_problems
from glossa.yamlsafe import load_text


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / "annotations" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PERSON = "name: {name}\nmatch: [{form}]\nsummary: s\nprofile: p\n"


def test_registry_builds_matcher_and_ids(tmp_path: Path) -> None:
    _write(tmp_path, "people/stalin.yml", PERSON.format(name="J", form="Stalin"))
    _write(tmp_path, "events/trial.yml", "name: T\ndate: 1936-08\nmatch: [Moscow trial]\nsummary: s\ndescription: '[[stalin]]'\n")
    registry, problems = load_registry(tmp_path / "annotations", tmp_path)
    assert not problems
    assert registry.entries["stalin"].page == "people/stalin.md"
    assert registry.entries["trial"].kind.name == "event" and registry.entries["trial"].page == "events/trial.md"
    assert [m.entry for m in registry.matcher.find("Stalin spoke at the Moscow trial")] == ["stalin", "trial"]
    assert registry.references["trial"] == {"stalin"}


def test_unknown_field_gets_did_you_mean() -> None:
    loaded, _ = load_text("nmae: X\nsummary: s\nprofile: p\n", "f.yml")
    assert loaded is not None
    try:
        Person.model_validate(loaded.data)
    except ValidationError as exc:
        problems = validation_problems(exc, Person, loaded, "f.yml")
    assert any("Did you mean 'name'" in p.fix and p.line == 1 for p in problems)


def test_a_capitalised_key_is_an_unknown_field_not_a_crash(tmp_path: Path) -> None:
    _write(tmp_path, "people/x.yml", "Name: X\nsummary: s\nprofile: p\n")
    _, problems = load_registry(tmp_path / "annotations", tmp_path)
    assert any(p.code == "unknown-field" and "Did you mean 'name'" in p.fix for p in problems)


def test_optional_date_fields_say_they_are_optional(tmp_path: Path) -> None:
    _write(tmp_path, "people/x.yml", "name: X\nborn: TODO\nsummary: s\nprofile: p\n")
    _, problems = load_registry(tmp_path / "annotations", tmp_path)
    born = [p for p in problems if p.line == 2]
    assert born and "optional" in born[0].fix


def test_references_to_an_entry_that_failed_to_load_say_so_once(tmp_path: Path) -> None:
    _write(tmp_path, "people/lenin.yml", 'name: Lenin\nsummary: "unclosed\nprofile: p\n')
    for i in range(5):
        _write(tmp_path, f"people/p{i}.yml", PERSON.format(name=f"P{i}", form=f"Pp{i}") + "related: [lenin]\n")
    _, problems = load_registry(tmp_path / "annotations", tmp_path)
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1 and errors[0].file == "annotations/people/lenin.yml" and errors[0].line == 2
    notices = [p for p in problems if p.code == "reference-to-failed"]
    assert len(notices) == 5 and all("failed to load" in p.message for p in notices)
    assert not any("Did you mean" in p.fix for p in problems)


def test_nothing_is_skipped_in_silence(tmp_path: Path) -> None:
    _write(tmp_path, "people/kaminski.YML", PERSON.format(name="Kaminski", form="Kaminski"))
    _write(tmp_path, "people/notes.txt", "hello")
    _write(tmp_path, "persons/x.yml", PERSON.format(name="X", form="X"))
    _write(tmp_path, "README.md", "# hi")
    registry, problems = load_registry(tmp_path / "annotations", tmp_path)
    assert "kaminski" in registry.entries  # .YML is read
    codes = {p.code: p for p in problems}
    assert codes["stray-folder"].severity == "error" and "Did you mean 'people'" in codes["stray-folder"].fix
    assert codes["stray-file"].severity == "warning"


def test_a_symlink_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text(PERSON.format(name="Secret", form="Secret"), encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "annotations" / "people").mkdir(parents=True)
    os.symlink(outside, repo / "annotations" / "people" / "secret.yml")
    registry, problems = load_registry(repo / "annotations", repo)
    assert "secret" not in registry.entries
    assert any(p.code == "symlink-outside" and p.file == "annotations/people/secret.yml" for p in problems)


def test_rules_on_forms_and_references(tmp_path: Path) -> None:
    _write(tmp_path, "people/ryutin.yml", "name: Ryutin\nmatch: [Ryutin, he, R]\nsummary: s\nprofile: '[[ryutin]]'\n")
    registry, problems = load_registry(tmp_path / "annotations", tmp_path)
    refused = {f.text: f.refused for f in registry.forms}
    assert refused == {"Ryutin": "", "he": "lowercase", "R": "single-letter"}
    assert [m.entry for m in registry.matcher.find("he met Ryutin")] == ["ryutin"]
    assert any(p.code == "self-reference" for p in problems)


def test_the_cache_reparses_only_changed_files(tmp_path: Path) -> None:
    a = _write(tmp_path, "people/a.yml", PERSON.format(name="A", form="Aaa"))
    _write(tmp_path, "people/b.yml", PERSON.format(name="B", form="Bbb"))
    cache = LoadCache()
    first, _ = load_registry(tmp_path / "annotations", tmp_path, cache=cache)
    a.write_text(PERSON.format(name="A2", form="Aaa"), encoding="utf-8")
    second, _ = load_registry(tmp_path / "annotations", tmp_path, cache=cache)
    assert second.entries["a"].model.name == "A2"
    assert second.entries["b"].model is first.entries["b"].model  # not parsed again


def test_a_cached_load_finds_what_a_fresh_load_finds(tmp_path: Path) -> None:
    """Forms, references and their problems are kept per file in the cache: after edits they still
    match a load from scratch (a form moved between files, a reference broken, a self-reference)."""
    a = _write(tmp_path, "people/a.yml", "name: A\nmatch: [Aaa, Shared]\nsummary: s\nprofile: '[[b]]'\n")
    b = _write(tmp_path, "people/b.yml", "name: B\nmatch: [Bbb]\nsummary: s\nprofile: p\nrelated: [a]\n")
    cache = LoadCache()
    load_registry(tmp_path / "annotations", tmp_path, cache=cache)
    b.write_text("name: B\nmatch: [Bbb, Shared, x]\nsummary: s\nprofile: '[[b]] and [[c]]'\n", encoding="utf-8")
    a.write_text("name: A\nmatch: [Aaa]\nsummary: s\nprofile: '[[b]]'\n", encoding="utf-8")
    cached, cached_problems = load_registry(tmp_path / "annotations", tmp_path, cache=cache,
                                            changed={str(a.resolve()), str(b.resolve())})
    fresh, fresh_problems = load_registry(tmp_path / "annotations", tmp_path)
    assert cached.forms == fresh.forms and cached.references == fresh.references
    assert [m.entry for m in cached.matcher.find("Shared by Aaa")] == ["b", "a"]
    assert cached_problems == fresh_problems
    assert {p.code for p in fresh_problems} >= {"self-reference", "dangling-reference"}


def test_a_watcher_names_the_changed_files_and_the_rest_come_from_the_cache(tmp_path: Path) -> None:
    a = _write(tmp_path, "people/a.yml", PERSON.format(name="A", form="Aaa"))
    b = _write(tmp_path, "people/b.yml", PERSON.format(name="B", form="Bbb"))
    cache = LoadCache()
    load_registry(tmp_path / "annotations", tmp_path, cache=cache)
    a.write_text(PERSON.format(name="A2", form="Aaa"), encoding="utf-8")
    b.write_text(PERSON.format(name="B2", form="Bbb"), encoding="utf-8")
    # Only a.yml is named as changed: b.yml is taken as it was (the caller vouches for it) ...
    told, _ = load_registry(tmp_path / "annotations", tmp_path, cache=cache, changed={str(a.resolve())})
    assert (told.entries["a"].model.name, told.entries["b"].model.name) == ("A2", "B")
    # ... and without the hint every file is looked at again.
    looked, _ = load_registry(tmp_path / "annotations", tmp_path, cache=cache)
    assert looked.entries["b"].model.name == "B2"
