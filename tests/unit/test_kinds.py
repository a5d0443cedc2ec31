"""The kinds table: where each kind's files live, which model validates them, how it is titled and sorted."""

from __future__ import annotations

import dataclasses

import pytest

from glossa.kinds import KINDS, NAMED, NOTE, Kind, by_folder
from glossa.model import Event, Note, Person, Place, Term


def test_the_table_in_order() -> None:
    assert [(k.name, k.folder, k.model) for k in KINDS.values()] == [
        ("person", "people", Person), ("term", "glossary", Term), ("place", "places", Place),
        ("event", "events", Event), ("note", "notes", Note),
    ]


def test_labels_titles_and_schema_org_types() -> None:
    rows = {k.name: (k.label, k.plural, k.index_title, k.schema_org) for k in KINDS.values()}
    assert rows == {
        "person": ("Person", "People", "People", "Person"),
        "term": ("Glossary term", "Terms", "Glossary", "DefinedTerm"),
        "place": ("Place", "Places", "Places", "Place"),
        "event": ("Event", "Events", "Events", "Event"),
        "note": ("Note", "Notes", "", ""),
    }


def test_named_kinds_leave_out_notes() -> None:
    assert [k.name for k in NAMED] == ["person", "term", "place", "event"]
    assert NOTE is KINDS["note"] and not NOTE.named and all(k.named for k in NAMED)


def test_only_people_are_indexed_with_inverted_names() -> None:
    assert [k.name for k in KINDS.values() if k.inverted_names] == ["person"]


@pytest.mark.parametrize(("folder", "kind"), [("people", "person"), ("glossary", "term"), ("places", "place"),
                                              ("events", "event"), ("notes", "note")])
def test_by_folder_finds_the_kind(folder: str, kind: str) -> None:
    assert by_folder(folder) is KINDS[kind]


@pytest.mark.parametrize("folder", ["persons", "person", "People", "", "glossary/"])
def test_by_folder_knows_no_other_folder(folder: str) -> None:
    assert by_folder(folder) is None


def test_pages_of_a_kind() -> None:
    people = KINDS["person"]
    assert people.index_page == "people/index.md"
    assert people.page("whitcombe") == "people/whitcombe.md"
    assert KINDS["place"].page("hargreaves-lock") == "places/hargreaves-lock.md"


def test_people_sort_by_surname_then_full_name() -> None:
    people = KINDS["person"]
    names = ["Thomas Whitcombe", "Eleanor Whitcombe", "Joseph Hargreaves", "Abel Young"]
    models = [Person(name=n, summary="s", profile="p") for n in names]
    assert [m.name for m in sorted(models, key=people.sort_key)] == [
        "Joseph Hargreaves", "Eleanor Whitcombe", "Thomas Whitcombe", "Abel Young"]
    assert people.sort_key(models[0]) == "whitcombe thomas whitcombe"


def test_other_kinds_sort_by_name_ignoring_case() -> None:
    glossary = KINDS["term"]
    models = [Term(name=n, definition="d") for n in ("navvy", "Canal Company", "Lock keeper")]
    assert [m.name for m in sorted(models, key=glossary.sort_key)] == ["Canal Company", "Lock keeper", "navvy"]
    assert glossary.sort_key(models[1]) == "canal company"


def test_kinds_are_frozen() -> None:
    kind = Kind("boat", "boats", Place, "Boat", "Boats")
    assert kind.named and kind.schema_org == "" and kind.index_page == "boats/index.md"
    with pytest.raises(dataclasses.FrozenInstanceError):
        kind.folder = "ships"  # type: ignore[misc]
