"""A time budget for Markdown: paragraphs that would make Python-Markdown crawl are passed through as escaped text."""

from __future__ import annotations

import markdown
import pytest

from glossa.guard import DefusePreprocessor, over_budget, paragraphs, register


def test_prose_is_within_budget() -> None:
    assert over_budget("Thomas Whitcombe [surveyed] the *summit* level; the navvies dug “by hand” & fast.{^3}") is None
    assert over_budget("") is None


@pytest.mark.parametrize(("block", "why"), [
    ("\\" * 2001, "2,001 backslashes in 2,001 characters"),
    ('"' * 5001, "5,001 quotation marks in 5,001 characters"),
    ("‘’" * 2501, "5,002 quotation marks in 5,002 characters"),
    ("*" * 4000 + "_" * 4001, "8,001 emphasis marks in 8,001 characters"),
    ("<" * 8001, "8,001 '<' in 8,001 characters"),
    ("{^1}" * 301, "301 note markers in 1,204 characters"),
    ("&" * 8001, "8,001 '&' in 8,001 characters"),
])
def test_each_budget_names_what_it_counted(block: str, why: str) -> None:
    assert over_budget(block) == why


@pytest.mark.parametrize("block", ["\\" * 2000, '"' * 5000, "*" * 8000, "<" * 8000, "{^1}" * 300, "&" * 8000])
def test_the_limits_themselves_are_allowed(block: str) -> None:
    assert over_budget(block) is None


def test_brackets_are_budgeted_by_count_times_length() -> None:
    # Each unmatched '[' scans to the paragraph's end: 774 x 774 is within 600,000, 775 x 775 is not.
    assert over_budget("[" * 774) is None
    assert over_budget("[" * 775) == "775 '[' in 775 characters"
    assert over_budget("[" * 300 + " navvies" * 300) == "300 '[' in 2,700 characters"


def test_paragraphs_are_blank_line_separated_blocks_with_their_first_line() -> None:
    text = "Whitcombe surveyed\nthe line.\n\n\nThe navvies dug.\n   \nIt opened."
    assert list(paragraphs(text)) == [(0, "Whitcombe surveyed\nthe line."), (4, "The navvies dug."), (6, "It opened.")]
    assert list(paragraphs("")) == []
    assert list(paragraphs("\n\nOne.\n")) == [(2, "One.")]


def test_register_puts_the_budget_before_every_other_preprocessor() -> None:
    md = markdown.Markdown(extensions=["attr_list"])
    register(md)
    assert md.preprocessors.get_index_for_name("glossa-guard") == 0
    assert isinstance(md.preprocessors["glossa-guard"], DefusePreprocessor)


def test_an_over_budget_paragraph_is_stashed_as_escaped_text_keeping_its_id() -> None:
    md = markdown.Markdown()
    lines = ["Intro.", "", "&" * 8001, "and <b>bold</b>", "{: #c1-p2 }", "", "After."]
    out = DefusePreprocessor(md).run(lines)
    assert out == ["Intro.", "", "", md.htmlStash.get_placeholder(0), "", "", "After."]
    assert md.htmlStash.rawHtmlBlocks == [f'<p id="c1-p2">{"&amp;" * 8001} and &lt;b&gt;bold&lt;/b&gt;</p>']


def test_an_over_budget_paragraph_without_id_gets_a_bare_paragraph() -> None:
    md = markdown.Markdown()
    out = DefusePreprocessor(md).run(["\\" * 2001])
    assert out == ["", md.htmlStash.get_placeholder(0), ""]
    assert md.htmlStash.rawHtmlBlocks == [f"<p>{chr(92) * 2001}</p>"]


def test_text_within_budget_is_returned_as_it_is() -> None:
    md = markdown.Markdown()
    long_prose = ["The navvies dug the summit level. " * 100, "", "Whitcombe drowned."]
    assert DefusePreprocessor(md).run(long_prose) is long_prose
    short = ["Hargreaves Lock has nine chambers."]
    assert DefusePreprocessor(md).run(short) is short
    assert md.htmlStash.html_counter == 0
