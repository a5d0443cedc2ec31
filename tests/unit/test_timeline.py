"""The timeline page: dated items from entries and notes, and the fields it depends on."""

from __future__ import annotations

import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from pathlib import Path

import pytest
from views_fixture import ctx, registry, with_field, with_note_field

from glossa import timeline
from glossa.model import DateSpec


def _html(reg) -> str:
    return "".join(etree.tostring(n, encoding="unicode") for n in timeline.page(reg, ctx()))


def test_births_deaths_offices_events_and_notes_are_items(tmp_path: Path) -> None:
    html = _html(registry(tmp_path))
    for text in ("1740", "Canal engineer", "Opening of the canal", "1791"):
        assert text in html, text
    assert html.index("1740") < html.index("1771") < html.index("1791")


def _unshown_fields(reg) -> list[tuple[str, str]]:
    return [(ident, field) for ident, e in reg.entries.items() for field in type(e.model).model_fields
            if field not in timeline.FIELDS]


def test_fields_it_does_not_show_do_not_change_the_page(tmp_path: Path) -> None:
    # `glossa serve` skips the timeline when only other fields change: prove the page never reads them.
    reg = registry(tmp_path)
    before = _html(reg)
    unshown = _unshown_fields(reg)
    assert ("whitcombe", "summary") in unshown and ("whitcombe", "profile") in unshown
    for ident, field in unshown:
        assert _html(with_field(reg, ident, field, f"SENTINEL {field}")) == before, (ident, field)


@pytest.mark.parametrize("field", ["name", "born"])
def test_a_field_it_shows_does_change_it(tmp_path: Path, field: str) -> None:
    reg = registry(tmp_path)
    value = "Someone Else" if field == "name" else DateSpec(date="1741", note=None)
    assert _html(with_field(reg, "whitcombe", field, value)) != _html(reg)


def test_note_fields_it_does_not_show_do_not_change_the_page(tmp_path: Path) -> None:
    # `glossa serve` skips the timeline when a note's other fields (its text) change.
    reg = registry(tmp_path)
    before = _html(reg)
    key = next(iter(reg.notes))
    unshown = [f for f in type(reg.notes[key].model).model_fields if f not in timeline.NOTE_FIELDS]
    assert "text" in unshown
    for field in unshown:
        assert _html(with_note_field(reg, key, field, f"SENTINEL {field}")) == before, field


def test_a_note_field_it_shows_does_change_it(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    key = next(iter(reg.notes))
    assert _html(with_note_field(reg, key, "related", ["hargreaves-lock"])) != _html(reg)
