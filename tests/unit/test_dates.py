"""Dates at any precision: parsing, ordering, human and machine forms."""

from __future__ import annotations

import pytest

from glossa import dates


@pytest.mark.parametrize(("text", "human", "iso"), [
    ("1936-09-26", "26 September 1936", "1936-09-26"),
    ("1936-09", "September 1936", "1936-09"),
    ("1936", "1936", "1936"),
    ("c. 1891", "c. 1891", "1891"),
    ("1936-08-19/1936-08-24", "19–24 August 1936", "1936-08-19"),
    ("1929/1930-11", "1929 – November 1930", "1929"),
    ("1917-11/1922-10", "November 1917 – October 1922", "1917-11"),
])
def test_human_and_iso_forms(text: str, human: str, iso: str) -> None:
    span = dates.parse(text)
    assert span.human() == human and span.iso() == iso


def test_mixed_precision_sorts_a_year_before_its_months_and_days() -> None:
    texts = ["1936-09-26", "1936", "1935-12-31", "1936-09", "c. 1891", "1936-08-19/1936-08-24"]
    assert sorted(texts, key=dates.sort_key) == ["c. 1891", "1935-12-31", "1936", "1936-08-19/1936-08-24",
                                                 "1936-09", "1936-09-26"]


@pytest.mark.parametrize("text", ["1936-13", "1937-02-29", "1936-09/1935", "soon", "26/09/1936", ""])
def test_nonsense_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError):
        dates.parse(text)


def test_leap_days_exist_in_leap_years() -> None:
    assert dates.parse("1936-02-29").human() == "29 February 1936"
