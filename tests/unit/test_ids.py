"""Readable ids from names and file names in any script."""

from __future__ import annotations

import pytest

from glossa.ids import file_id, slugify
from glossa.model import SLUG_RE


@pytest.mark.parametrize(("name", "expected"), [
    ("Preußen", "preussen"),
    ("Константин Петрович Победоносцев", "konstantin-petrovich-pobedonostsev"),
    ("إبراهيم باشا", "ibrahim-basha"),
    ("القاهرة", "alqahra"),
    ("Budënny", "budenny"),
    ("People's Commissar", "peoples-commissar"),
    ("Łódź", "lodz"),
    ("김옥균", "gimoggyun"),
])
def test_names_in_any_script_give_readable_ids(name: str, expected: str) -> None:
    assert slugify(name) == expected and SLUG_RE.match(expected)


@pytest.mark.parametrize("name", ["勝海舟", "נפוליאון", "李鸿章", "Ἀθῆναι"])
def test_no_script_leaves_an_empty_id(name: str) -> None:
    assert SLUG_RE.match(slugify(name))


def test_a_file_named_in_another_script_has_its_transliterated_id() -> None:
    assert file_id("николай") == "nikolay"
    assert file_id("Bad Id") is None and file_id("whitcombe") is None  # ASCII names stand as they are
