"""schema.org JSON-LD for entry pages: the object built from an entry, and its inert script element."""

from __future__ import annotations

import json
from pathlib import Path

from canal_fixture import CANAL, LOCK, WHITCOMBE, registry

from glossa.jsonld import entry_object, same_as, script

GLOSSARY = ("Glossary", "https://canal.example/glossary/")


def _object(tmp_path: Path, ident: str, files: dict[str, str] | None = None) -> dict:
    entry = registry(tmp_path, files).entries[ident]
    return entry_object(entry, f"https://canal.example/{entry.kind.folder}/{ident}/", "One line.", GLOSSARY)


def test_a_person_with_life_dates_and_alternate_names(tmp_path: Path) -> None:
    files = {**CANAL, "people/whitcombe.yml": WHITCOMBE + "other_names: [Tom Whitcomb, Whitcombe]\nwikidata: Q4711\n"
             "viaf: '12345'\n"}
    assert _object(tmp_path, "whitcombe", files) == {
        "@context": "https://schema.org", "@type": "Person", "name": "Thomas Whitcombe", "description": "One line.",
        "url": "https://canal.example/people/whitcombe/",
        "alternateName": ["Whitcombe", "Tom Whitcomb"],  # once each, the display name left out
        "sameAs": ["https://www.wikidata.org/wiki/Q4711", "https://viaf.org/viaf/12345"],
        "birthDate": "1740-03-02", "deathDate": "1799",
    }


def test_an_approximate_or_disputed_date_gives_its_main_date(tmp_path: Path) -> None:
    text = WHITCOMBE.replace("born: '1740-03-02'", "born: c. 1740").replace(
        "died: '1799'", "died: {date: '1799-11', alternatives: ['1800']}")
    obj = _object(tmp_path, "whitcombe", {**CANAL, "people/whitcombe.yml": text})
    assert (obj["birthDate"], obj["deathDate"]) == ("1740", "1799-11")


def test_a_person_without_dates_or_links_has_only_the_basics(tmp_path: Path) -> None:
    obj = _object(tmp_path, "hargreaves", {"people/hargreaves.yml": "name: Joseph Hargreaves\nsummary: s\nprofile: p\n"})
    assert obj == {"@context": "https://schema.org", "@type": "Person", "name": "Joseph Hargreaves",
                   "description": "One line.", "url": "https://canal.example/people/hargreaves/"}


def test_a_glossary_and_an_event_say_the_edition_s_language(tmp_path: Path) -> None:
    reg = registry(tmp_path, None)
    assert entry_object(reg.entries["navvy"], "u", "d", GLOSSARY, "fr")["inDefinedTermSet"]["inLanguage"] == "fr"
    assert entry_object(reg.entries["opening"], "u", "d", GLOSSARY, "fr")["inLanguage"] == "fr"
    assert "inLanguage" not in entry_object(reg.entries["whitcombe"], "u", "d", GLOSSARY, "fr")  # not a Person's


def test_an_event_spans_its_dates(tmp_path: Path) -> None:
    obj = _object(tmp_path, "opening")
    assert obj["@type"] == "Event" and obj["alternateName"] == ["Grand Opening"]
    assert (obj["startDate"], obj["endDate"]) == ("1791-05-01", "1791-05-03")


def test_an_event_on_one_day_has_no_end(tmp_path: Path) -> None:
    files = {"events/opening.yml": CANAL["events/opening.yml"].replace("1791-05-01/1791-05-03", "1791-05")}
    obj = _object(tmp_path, "opening", files)
    assert obj["startDate"] == "1791-05" and "endDate" not in obj


def test_a_term_belongs_to_the_glossary(tmp_path: Path) -> None:
    obj = _object(tmp_path, "navvy")
    assert obj["@type"] == "DefinedTerm" and obj["alternateName"] == ["navvies"]
    assert obj["inDefinedTermSet"] == {"@type": "DefinedTermSet", "name": "Glossary",
                                       "url": "https://canal.example/glossary/", "inLanguage": "en"}


def test_a_place_links_its_authority_records(tmp_path: Path) -> None:
    reg = registry(tmp_path, {"places/hargreaves-lock.yml": LOCK + "geonames: 2653225\nwikidata: Q99\n"})
    lock = reg.entries["hargreaves-lock"]
    assert same_as(lock) == ["https://www.wikidata.org/wiki/Q99", "https://www.geonames.org/2653225"]
    obj = entry_object(lock, "u", "d", GLOSSARY)
    assert obj["@type"] == "Place" and obj["sameAs"] == same_as(lock)
    assert "alternateName" not in obj and "inDefinedTermSet" not in obj and "birthDate" not in obj


def test_same_as_is_empty_without_identifiers(tmp_path: Path) -> None:
    assert same_as(registry(tmp_path).entries["navvy"]) == []


def test_the_script_is_inert_whatever_its_strings_hold() -> None:
    html = script({"name": "</script><script>alert(1)</script>", "note": "Locks & weirs", "place": "Bürgel"})
    assert html == ('<script type="application/ld+json">{"name": "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)'
                    '\\u003c/script\\u003e", "note": "Locks \\u0026 weirs", "place": "Bürgel"}</script>')
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == {"name": "</script><script>alert(1)</script>", "note": "Locks & weirs", "place": "Bürgel"}


def test_the_script_sorts_keys() -> None:
    assert script({"b": 1, "a": 2}) == '<script type="application/ld+json">{"a": 2, "b": 1}</script>'
