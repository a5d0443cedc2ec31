"""Problems: one positioned finding, printed in the compiler convention or as a GitHub Actions command."""

from __future__ import annotations

import dataclasses

import pytest

from glossa.problems import Problem


def test_defaults_make_an_error_with_the_generic_code() -> None:
    p = Problem("annotations/people/whitcombe.yml", 3, 7, "Unknown field 'nmae'.")
    assert (p.fix, p.severity, p.code) == ("", "error", "glossa")


def test_format_is_file_line_column_message_and_fix() -> None:
    p = Problem("annotations/people/whitcombe.yml", 3, 7, "Unknown field 'nmae'.", "Did you mean 'name'?",
                severity="warning", code="unknown-field")
    assert p.format() == "annotations/people/whitcombe.yml:3:7: Unknown field 'nmae'. Fix: Did you mean 'name'?"


def test_format_without_a_fix_has_no_fix_part() -> None:
    assert Problem("docs/chapter-1.md", 12, 4, "Raw HTML.").format() == "docs/chapter-1.md:12:4: Raw HTML."


def test_a_whole_file_problem_points_at_its_first_character() -> None:
    # Line 0 means "the whole file": editors still need a position to jump to.
    p = Problem("annotations/persons", 0, 0, "Unknown folder.", "Did you mean 'people'?")
    assert p.format() == "annotations/persons:1:1: Unknown folder. Fix: Did you mean 'people'?"


def test_github_command_carries_severity_position_and_code() -> None:
    p = Problem("annotations/places/hargreaves-lock.yml", 5, 2, "The form 'lock' is a common word.",
                "Confirm it.", severity="warning", code="form-common-word")
    assert p.github() == ("::warning file=annotations/places/hargreaves-lock.yml,line=5,col=2,"
                          "title=form-common-word::The form 'lock' is a common word. Fix: Confirm it.")


def test_github_command_clamps_a_whole_file_position_to_one() -> None:
    p = Problem("annotations/readme.txt", 0, 0, "Not an annotation file.", severity="notice", code="stray-file")
    assert p.github() == "::notice file=annotations/readme.txt,line=1,col=1,title=stray-file::Not an annotation file."


def test_github_command_escapes_data_and_properties() -> None:
    p = Problem("docs/a:b,c.md", 1, 1, "100% of\r\nthe navvies", "Check: twice, carefully", code="x:y,z")
    assert p.github() == ("::error file=docs/a%3Ab%2Cc.md,line=1,col=1,title=x%3Ay%2Cz::"
                          "100%25 of%0D%0Athe navvies Fix: Check: twice, carefully")


def test_problems_are_frozen_hashable_and_sort_by_position() -> None:
    a = Problem("b.yml", 1, 1, "m")
    b = Problem("a.yml", 2, 1, "m")
    c = Problem("a.yml", 1, 9, "m")
    assert sorted([a, b, c]) == [c, b, a]
    assert len({a, Problem("b.yml", 1, 1, "m")}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.line = 2  # type: ignore[misc]
