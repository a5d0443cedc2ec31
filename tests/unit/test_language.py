"""The edition's language: one tag from the configuration, and the rules it selects."""

from __future__ import annotations

import pytest

from glossa.language import edition_language, fold_case, is_valid_tag, rules_for


@pytest.mark.parametrize(
    ("option", "theme", "expected"),
    [
        (None, None, "en"),
        (None, "fr", "fr"),
        ("ja", "en", "ja"),  # the plugin's option wins over the theme's
        ("not a tag", "de", "de"),
        ("", None, "en"),
    ],
)
def test_one_source_of_truth(option: str | None, theme: str | None, expected: str) -> None:
    assert edition_language(option, theme) == expected


def test_tags() -> None:
    assert all(is_valid_tag(t) for t in ("fr", "pt-BR", "zh-Hans", "ast"))
    assert not any(is_valid_tag(t) for t in ("", "f", "fr_FR x", "français"))


def test_rules_are_data_by_language() -> None:
    assert "l" in rules_for("fr-CA").elisions and "dell" in rules_for("it").elisions
    assert not rules_for("en").elisions and not rules_for("en").proclitics
    assert "و" in rules_for("ar").proclitics and "ב" in rules_for("he").proclitics
    assert rules_for("ja").family_first and rules_for("zh-Hans").family_first and not rules_for("ru").family_first
    assert rules_for("de").capitalised_nouns
    assert {"pasha", "باشا", "بك"} <= rules_for("ar").particles and "von" in rules_for("de").particles


def test_turkish_folds_dotted_and_dotless_i_apart() -> None:
    assert fold_case("DİYARBAKIR", rules_for("tr")) == "diyarbakır"
    assert fold_case("DIYARBAKIR", rules_for("en")) == "diyarbakir"
