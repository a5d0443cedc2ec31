"""A small registry with every kind and every field filled, for the generated views' tests."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from glossa.pages import Ctx
from glossa.registry import Registry, load_registry

FILES = {
    "people/whitcombe.yml": (
        "name: Thomas Whitcombe\nmatch: [Thomas Whitcombe, Whitcombe]\nother_names: [Tom Whitcomb]\n"
        "born: '1740-03-02'\ndied: {date: '1799', alternatives: ['1800'], note: Two registers.}\ndeath: Drowned\n"
        "dates_note: Old Style.\noffices: [{office: Canal engineer, start: '1771', end: '1790'}]\n"
        "related: [hargreaves-lock]\nsummary: Engineer of the summit level.\nprofile: Built the [[hargreaves-lock]].\n"
        "wikidata: Q1\nsources: [{title: A History, author: A. Writer, year: 1990, pages: '12'}]\n"),
    "places/hargreaves-lock.yml": (
        "name: Hargreaves Lock\nmatch: [Hargreaves Lock]\ndefinition: Where the canal climbs.\ngeonames: 123\n"
        "wikidata: Q2\nsources: [{title: A Map, year: 1800, url: 'https://example.org/map'}]\n"),
    "events/opening.yml": (
        "name: Opening of the canal\nmatch: [the opening]\ndate: 1791-05\nrelated: [whitcombe]\n"
        "summary: The canal opens.\ndescription: Crowds came.\n"),
    "glossary/navvy.yml": ("name: navvy\ncategory: other\nmatch: [{text: navvies, common: true}]\n"
                           "definition: A labourer on the canal.\n"),
    "notes/1-1.yml": "chapter: 1\nnumber: 1\ndate: '1791'\nrelated: [whitcombe]\ntext: About [[whitcombe]].\n",
}


def registry(tmp_path: Path) -> Registry:
    """The registry of FILES, loaded without problems."""
    for rel, text in FILES.items():
        path = tmp_path / "annotations" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    reg, problems = load_registry(tmp_path / "annotations", tmp_path)
    assert not [p for p in problems if p.severity == "error"], problems
    return reg


def ctx() -> Ctx:
    """A page context whose stash keeps the text in the output (so the output shows everything)."""
    return Ctx(stash=lambda text: f"[stash:{text}]", link=lambda e: f"../{e.page}", base="../")


def with_field(reg: Registry, ident: str, field: str, value: Any) -> Registry:
    """The registry with one entry's field set to ``value`` (unvalidated: a view that reads it shows it)."""
    entry = reg.entries[ident]
    changed = dataclasses.replace(entry, model=entry.model.model_copy(update={field: value}))
    return dataclasses.replace(reg, entries={**reg.entries, ident: changed})


def with_note_field(reg: Registry, key: tuple[str, int], field: str, value: Any) -> Registry:
    """The registry with one note's field set to ``value`` (unvalidated, as ``with_field``)."""
    note = reg.notes[key]
    changed = dataclasses.replace(note, model=note.model.model_copy(update={field: value}))
    return dataclasses.replace(reg, notes={**reg.notes, key: changed})
