"""The book index: inverted names, "see" references, and the fields it depends on."""

from __future__ import annotations

import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from pathlib import Path

from views_fixture import ctx, registry, with_field, with_note_field

from glossa import bookindex


def _html(reg) -> str:
    return "".join(etree.tostring(n, encoding="unicode") for n in bookindex.page(reg, ctx()))


def test_people_are_inverted_and_variants_are_see_references(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    assert bookindex.inverted(reg.entries["whitcombe"]) == "Whitcombe, Thomas"
    assert bookindex.inverted(reg.entries["hargreaves-lock"]) == "Hargreaves Lock"
    html = _html(reg)
    assert "Whitcombe, Thomas" in html and "Whitcomb" in html and "see" in html


def test_fields_it_does_not_show_do_not_change_the_page(tmp_path: Path) -> None:
    # `glossa serve` skips the index when only other fields change: prove the page never reads them.
    reg = registry(tmp_path)
    before = _html(reg)
    unshown = [(i, f) for i, e in reg.entries.items() for f in type(e.model).model_fields if f not in bookindex.FIELDS]
    assert ("whitcombe", "born") in unshown and ("navvy", "definition") in unshown
    for ident, field in unshown:
        assert _html(with_field(reg, ident, field, f"SENTINEL {field}")) == before, (ident, field)


def test_a_field_it_shows_does_change_it(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    assert _html(with_field(reg, "whitcombe", "other_names", ["Whitcomb", "Tom Whitcombe"])) != _html(reg)
    assert _html(with_field(reg, "whitcombe", "name", "Thomas Whitcomb")) != _html(reg)


def test_no_note_field_changes_the_page(tmp_path: Path) -> None:
    # A note reaches the index only through the mentions in its text, which are locators filled in later.
    reg = registry(tmp_path)
    before = _html(reg)
    key = next(iter(reg.notes))
    assert not bookindex.NOTE_FIELDS
    for field in type(reg.notes[key].model).model_fields:
        assert _html(with_note_field(reg, key, field, f"SENTINEL {field}")) == before, field


def test_a_memo_keeps_unchanged_letters_and_renders_the_same(tmp_path: Path) -> None:
    # `glossa serve` renders the index again with the lists of the last render: the result must be a fresh render's.
    reg = registry(tmp_path)
    memo: dict = {}
    assert "".join(etree.tostring(n, encoding="unicode") for n in bookindex.page(reg, ctx(), memo)) == _html(reg)
    before = set(memo)
    assert len(before) >= 2
    changed = with_field(reg, "whitcombe", "other_names", ["Tom Whitcombe"])  # "Whitcomb, see ..." goes
    again = "".join(etree.tostring(n, encoding="unicode") for n in bookindex.page(changed, ctx(), memo))
    assert again == _html(changed) != _html(reg)
    assert [key[1] for key in set(memo) - before] == ["W"]  # one letter built again; the rest came from the memo


def test_an_entrys_headings_are_kept_while_its_model_is_the_same(tmp_path: Path) -> None:
    # `glossa serve` builds the index again on many saves: unchanged entries' headings are reused,
    # a changed entry (a new model) gets new ones.
    reg = registry(tmp_path)
    first = bookindex.headings(reg)
    again = bookindex.headings(reg)
    assert again == first and all(a is b for a, b in zip(again, first, strict=True))
    changed = bookindex.headings(with_field(reg, "whitcombe", "other_names", ["Tom Whitcombe"]))
    assert [h.text for h in changed] != [h.text for h in first]
    assert not any(h.text == "Whitcomb, Thomas" for h in changed if h.see is not None)
