"""The typed model and the safe YAML loader."""

from __future__ import annotations

import pytest
from glossa.model import Note, Person, Term
from glossa.registry import load_registry, validation_problems
from glossa.yamlsafe import MAX_BYTES, load_text, read_text
from pydantic import ValidationError


@pytest.mark.parametrize("value", ["1936-09-26", "1936-09", "1895", "c. 1891", 1895])
def test_dates_at_any_precision_stay_text(value) -> None:
    p = Person(name="X", summary="s", profile="p", born=value)
    assert p.born == str(value)


@pytest.mark.parametrize("value", ["1936-13", "1936-02-30", "26/09/1936", "soon", "1936-9-1"])
def test_malformed_dates_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        Person(name="X", summary="s", profile="p", born=value)


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
    ],
)
def test_loader_refuses_clearly(text: str, code_word: str) -> None:
    _loaded, problems = load_text(text, "f.yml")
    assert problems and code_word in problems[0].message
    assert problems[0].file == "f.yml" and problems[0].line >= 1


def test_read_text_limits(tmp_path) -> None:
    big = tmp_path / "big.yml"
    big.write_bytes(b"a" * (MAX_BYTES + 1))
    assert "at most" in read_text(big, "big.yml")[1][0].message
    bom = tmp_path / "bom.yml"
    bom.write_bytes("\ufeffname: X\n".encode())
    assert read_text(bom, "bom.yml")[0] == "name: X\n"


def test_forms_accept_text_or_mapping() -> None:
    t = Term(name="T", definition="d", match=["troiki", {"text": "Trotyskist", "sic": True}])
    assert [f.text for f in t.match] == ["troiki", "Trotyskist"] and t.match[1].sic


def test_note_number_must_be_positive() -> None:
    with pytest.raises(ValidationError):
        Note(chapter="28", number=0, text="x")


def test_unknown_field_gets_did_you_mean() -> None:
    loaded, _ = load_text("nmae: X\nsummary: s\nprofile: p\n", "f.yml")
    try:
        Person.model_validate(loaded.data)
    except ValidationError as exc:
        problems = validation_problems(exc, Person, loaded, "f.yml")
    assert any("Did you mean 'name'" in p.fix and p.line == 1 for p in problems)


def test_registry_builds_matcher_and_ids(tmp_path) -> None:
    ann = tmp_path / "annotations"
    (ann / "people").mkdir(parents=True)
    (ann / "people" / "stalin.yml").write_text("name: J\nmatch: [Stalin]\nsummary: s\nprofile: '[[stalin]]'\n")
    registry, problems = load_registry(ann, tmp_path)
    assert not problems
    assert registry.entries["stalin"].page == "people/stalin.md"
    assert [m.entry for m in registry.matcher.find("Stalin spoke")] == ["stalin"]
    assert "stalin" not in registry.referenced  # a self-reference does not count as use
