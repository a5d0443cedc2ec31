"""Inflected forms by language: proposed only where they occur, never in languages that do not decline names."""

from __future__ import annotations

from glossa.inflection import inflected_forms

RUSSIAN = ("Константин Петрович Победоносцев писал . При Победоносцеве , Победоносцева , Победоносцеву , "
           "Победоносцевым ; Константина Петровича Победоносцева ; в Петербурге , из Петербурга").split()


def test_russian_names_decline_through_pymorphy3() -> None:
    assert inflected_forms("Победоносцев", "ru", RUSSIAN) == ["Победоносцева", "Победоносцеву", "Победоносцевым",
                                                              "Победоносцеве"]
    assert inflected_forms("Константин Петрович Победоносцев", "ru", RUSSIAN) == ["Константина Петровича Победоносцева"]
    assert inflected_forms("Петербург", "ru", RUSSIAN) == ["Петербурга", "Петербурге"]


def test_german_genitives_by_a_stem_search_over_the_text() -> None:
    words = "Bismarck Bismarcks Bismarckzeit Kulturkampfes Windthorsts Otto von".split()
    # Every word occurs, so the full name is a candidate; the scaffold keeps it only if the build matches it.
    assert inflected_forms("Otto von Bismarck", "de", words) == ["Otto von Bismarcks"]
    assert inflected_forms("Bismarck", "de", words) == ["Bismarcks"]  # not "Bismarckzeit": another word
    assert inflected_forms("Kulturkampf", "de", words) == ["Kulturkampfes"]


def test_a_declining_language_without_a_morphology_gets_short_endings() -> None:
    assert inflected_forms("Warszawa", "pl", ["Warszawie", "Warszawa", "Warszawianka"]) == ["Warszawie"]


def test_languages_that_do_not_decline_names_get_none() -> None:
    for lang, name, words in [("en", "Stalin", ["Stalinist", "Stalins"]), ("fr", "Lyon", ["Lyonnais"]),
                              ("ja", "勝", ["勝利"]), ("ar", "القاهرة", ["القاهرية"])]:
        assert inflected_forms(name, lang, words) == []


def test_plurals_of_terms_in_languages_that_only_mark_the_plural() -> None:
    assert inflected_forms("préfet", "fr", ["préfets", "préfecture", "préfet"]) == ["préfets"]
    assert inflected_forms("bureau", "fr", ["bureaux"]) == ["bureaux"]
    assert inflected_forms("ministro", "it", ["ministri", "ministero"]) == ["ministri"]
    assert inflected_forms("reforma", "es", ["reformas", "reformador"]) == ["reformas"]
