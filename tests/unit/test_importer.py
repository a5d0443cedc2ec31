"""The importer: page-break artifacts, headings, note markers, escaping, paragraph ids."""

from __future__ import annotations

import re

import pytest

from glossa.importer import ImportOptions, WordOracle, escape_markdown, import_text, title_case

OPTS = ImportOptions(footer=r"^Stalin: A Biography Page \d+$", first_chapter="28", first_note=24)
WORDS = {"sat", "satisfied", "the", "most", "in", "to", "into", "country", "side", "countryside", "with", "was"}


def oracle(text: str) -> WordOracle:
    return WordOracle(text, known=lambda w: w in WORDS)


def run(text: str, **kw):
    opts = ImportOptions(**{**OPTS.__dict__, **kw})
    return import_text(text, opts, oracle(text))


def test_split_word_is_joined_weighing_both_halves() -> None:
    chapters, changes = run("the Kremlin was sat\nisfied with the progress.\n")
    assert chapters[0].paragraphs == ["the Kremlin was satisfied with the progress."]
    (join,) = [c for c in changes if c.kind == "join-word"]
    assert not join.review


def test_split_paragraph_is_joined_with_a_space() -> None:
    chapters, changes = run("Sooner or later, Stalin,\nthe most determined driver.\n")
    assert chapters[0].paragraphs == ["Sooner or later, Stalin, the most determined driver."]
    assert any(c.kind == "join-paragraph" for c in changes)


def test_uncertain_join_is_flagged() -> None:
    _, changes = run("he went in\nto the room.\n")
    (join,) = [c for c in changes if c.kind.startswith("join")]
    assert join.review


def test_hyphen_inside_a_line_is_kept() -> None:
    chapters, _ = run("Resentment was dire in the country-side.\n")
    assert "country-side" in chapters[0].paragraphs[0]


def test_footer_dropped_and_reported() -> None:
    chapters, changes = run("One.\nStalin: A Biography Page 41\nTwo.\n")
    assert chapters[0].paragraphs == ["One.", "Two."]
    assert [c.kind for c in changes].count("drop-footer") == 1


def test_heading_becomes_heading_not_list_and_keeps_number() -> None:
    chapters, _ = run("Before.\n29. RULING THE NATIONS\nThe party.1\n")
    assert [c.number for c in chapters] == ["28", "29"]
    md = chapters[1].markdown(OPTS)
    assert "# Chapter 29: Ruling the Nations" in md
    assert chapters[0].title is None and "# Chapter 28\n" in chapters[0].markdown(OPTS)


@pytest.mark.parametrize(
    ("text", "markers"),
    [
        ("the political police.24 He", [24]),
        ("from Leningrad,24 and", [24]),
        ("another dog, Stalin, alive.’24 Resentment", [24]),
        ("the amount for 1932.24 The", [24]),
        ("on 13 May 1935.24 Stalin", [24]),
        ("In 1935–6 he oversaw", []),
        ("a ‘European’.24 This", [24]),
        ("police.24 then.25 then.27 x", [24, 25, 27]),
    ],
)
def test_note_markers(text: str, markers: list[int]) -> None:
    chapters, _ = run(text + "\n")
    assert [int(n) for n in re.findall(r"\{\^(\d+)\}", chapters[0].paragraphs[0])] == markers


def test_sequence_tells_note_from_quantity() -> None:
    chapters, changes = run("police.24 He had 3.5 tons.25 of them.\n")
    assert re.findall(r"\{\^(\d+)\}", chapters[0].paragraphs[0]) == ["24", "25"]
    assert any(c.kind == "not-a-marker" and "5" in c.detail for c in changes)


def test_gap_is_reported() -> None:
    _, changes = run("police.24 then.26 x\n")
    assert any(c.kind == "marker-gap" for c in changes)


def test_markdown_is_escaped() -> None:
    assert escape_markdown("a *b* _c_ [d] <e>") == r"a \*b\* \_c\_ \[d\] &lt;e>"
    assert escape_markdown("1935. A year") == r"1935\. A year"


def test_title_case() -> None:
    assert title_case("RULING THE NATIONS") == "Ruling the Nations"


def test_paragraph_ids_are_stored() -> None:
    chapters, _ = run("One.\nTwo.\n")
    md = chapters[0].markdown(OPTS)
    assert "{: #c28-p1 }" in md and "{: #c28-p2 }" in md
