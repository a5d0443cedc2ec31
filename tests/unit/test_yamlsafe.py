"""The safe YAML loader: text kept as written, every position known, every trap refused clearly."""

from __future__ import annotations

import pytest
from helpers import assert_no_blowup

from glossa.yamlsafe import MAX_BYTES, MAX_DEPTH, load_text, read_text


def test_yaml_keeps_dates_and_numbers_as_text_with_positions() -> None:
    loaded, problems = load_text("name: X\nborn: 1936-09-26\nyear: 2004\nnothing: ~\n", "f.yml")
    assert not problems and loaded is not None
    assert loaded.data == {"name": "X", "born": "1936-09-26", "year": "2004", "nothing": None}
    assert loaded.where(("born",)) == (2, 7)
    assert loaded.where(("born",), key=True) == (2, 1)


@pytest.mark.parametrize(
    ("text", "code_word"),
    [
        ("a: &x 1\nb: *x\n", "anchors and aliases"),
        ("a: [1\n", "YAML syntax error"),
        ("a: 1\na: 2\n", "Duplicate key"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("", "empty"),
        ("other_names: " + "[" * 20000 + "\n", "nested"),
        ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40)), "nested"),
    ],
)
def test_loader_refuses_clearly(text: str, code_word: str) -> None:
    _loaded, problems = load_text(text, "f.yml")
    assert problems and code_word in problems[0].message
    assert problems[0].file == "f.yml" and problems[0].line >= 1


def test_an_unclosed_quote_is_reported_where_it_starts() -> None:
    text = 'name: X\nsummary: "an unclosed quote\nprofile: |\n  text\nsources:\n  - title: a\n  - title: b\n\n'
    _loaded, problems = load_text(text, "f.yml")
    assert problems[0].line == 2 and "never closed" in problems[0].message


def test_nesting_up_to_the_limit_is_fine() -> None:
    loaded, problems = load_text("a: " + "[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2) + "\n", "f.yml")
    assert not problems and loaded is not None


def test_read_text_limits(tmp_path) -> None:
    big = tmp_path / "big.yml"
    big.write_bytes(b"a" * (MAX_BYTES + 1))
    assert "at most" in read_text(big, "big.yml")[1][0].message
    bom = tmp_path / "bom.yml"
    bom.write_bytes("\ufeffname: X\n".encode())
    assert read_text(bom, "bom.yml")[0] == "name: X\n"
    latin = tmp_path / "latin.yml"
    latin.write_bytes(b"name: Bud\xe9nny\n")
    problem = read_text(latin, "latin.yml")[1][0]
    assert (problem.line, problem.column) == (1, 10) and "UTF-8" in problem.message


@pytest.mark.parametrize("unit", ["[", "{", " ", '"', "'", "- ", "a: ", "[[", "&", "*", "\\", "#", ":"])
def test_adversarial_64kb_input_is_fast(unit: str) -> None:
    big = "name: " + unit * (MAX_BYTES // len(unit) - 10)
    small = "name: " + unit * (MAX_BYTES // 16 // len(unit) - 10)
    assert_no_blowup(f"YAML of {unit!r}", lambda: load_text(small, "f.yml"), lambda: load_text(big, "f.yml"))
