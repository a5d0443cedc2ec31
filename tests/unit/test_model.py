"""The typed model: dates at any precision, disputes, forms, sources, the kinds' own methods."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from glossa.model import DateSpec, Event, Note, Person, Place, Source, Term, first_sentence


@pytest.mark.parametrize("value", ["1936-09-26", "1936-09", "1895", "c. 1891", 1895, "1936-08-19/1936-08-24"])
def test_dates_at_any_precision_stay_text(value) -> None:
    p = Person(name="X", summary="s", profile="p", born=value)
    assert p.born is not None and p.born.date == str(value) and not p.born.disputed


@pytest.mark.parametrize("value", ["1936-13", "1936-02-30", "26/09/1936", "soon", "1936-9-1", "1937-02-29",
                                   "1936-09/1935", "TODO"])
def test_malformed_dates_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        Person(name="X", summary="s", profile="p", born=value)


def test_a_disputed_date_keeps_its_alternatives_and_says_so() -> None:
    p = Person(name="X", summary="s", profile="p",
               born={"date": "1921-03-21", "alternatives": ["1921-03-24"], "note": "24 March in some Russian sources"})
    assert p.born is not None and p.born.disputed
    assert p.born.human() == "21 March 1921 (disputed: also 24 March 1921)"
    assert ("datesnote", "Born: 24 March in some Russian sources") in p.facts()
    with pytest.raises(ValidationError):
        DateSpec(date="1921-03-21", alternatives=["March the 24th"])


def test_names_and_one_line_fields_are_plain_text() -> None:
    with pytest.raises(ValidationError, match="plain text"):
        Person(name="Martemyan Ryutin <script src=data:,alert(1)//", summary="s", profile="p")
    with pytest.raises(ValidationError):
        Person(name="X", summary="line one\nline two", profile="p")


def test_forms_accept_text_or_mapping() -> None:
    t = Term(name="T", definition="d", match=["troiki", {"text": "Trotyskist", "sic": True}])
    assert [f.text for f in t.match] == ["troiki", "Trotyskist"] and t.match[1].sic


def test_places_and_events_are_kinds_of_their_own() -> None:
    with pytest.raises(ValidationError, match="annotations/places/"):
        Term(name="Leningrad", category="place", definition="A city.")
    place = Place(name="Leningrad", definition="A city on the Baltic. It was renamed.", geonames="498817")
    assert place.summary_line() == "A city on the Baltic."
    event = Event(name="Trial", date="1936-08-19/1936-08-24", summary="The first trial.", description="It was held.")
    assert event.preview_dates() == "19–24 August 1936" and event.dated()[0][1].date == "1936-08-19/1936-08-24"


def test_note_number_must_be_positive_and_chapter_a_slug() -> None:
    with pytest.raises(ValidationError):
        Note(chapter="28", number=0, text="x")
    with pytest.raises(ValidationError):
        Note(chapter='pc"><img src=x>', number=1, text="x")


def test_authority_identifiers_are_checked_for_form() -> None:
    assert Person(name="X", summary="s", profile="p", wikidata="Q141860", viaf="12345").wikidata == "Q141860"
    for bad in ({"wikidata": "141860"}, {"wikidata": "Q0"}, {"viaf": "abc"}):
        with pytest.raises(ValidationError):
            Person(name="X", summary="s", profile="p", **bad)


def test_sources_know_their_locator() -> None:
    book = Source(title="The Great Terror", publisher="OUP", year=1990)
    assert book.is_book and book.locator is None
    assert Source(title="The Great Terror", publisher="OUP", chapter="4").locator == "4"
    assert not Source(title="NKVD", url="https://en.wikipedia.org/wiki/NKVD").is_book
    with pytest.raises(ValidationError):
        Source(title="x", url="javascript:alert(1)")


def test_first_sentence_survives_line_breaks_refs_and_initials() -> None:
    text = ("The secret police\nof the USSR, led by [[yagoda|Genrikh Yagoda]] and J. Arch Getty's subjects.\n"
            "A second sentence.")
    assert first_sentence(text) == "The secret police of the USSR, led by Genrikh Yagoda and J. Arch Getty's subjects."
    assert first_sentence("Founded by [[trotski]]. More.") == "Founded by trotski."


@pytest.mark.parametrize(("text", "first"), [
    ("Обер-прокурор Синода. Советник царя.", "Обер-прокурор Синода."),
    ("قائد مصري. عاش في القاهرة.", "قائد مصري."),
    ("幕臣。政治家。", "幕臣。"),
    ("Préfet du Rhône. Élu en 1830.", "Préfet du Rhône."),
    ("Born c. 1891 in Tiflis. Died.", "Born c. 1891 in Tiflis."),
])
def test_the_first_sentence_ends_as_its_script_ends_sentences(text: str, first: str) -> None:
    assert first_sentence(text) == first
