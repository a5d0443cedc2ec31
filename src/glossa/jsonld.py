"""schema.org JSON-LD for entry pages: a Person, a Place, an Event, or a DefinedTerm in the edition's set.

The object is built from data and serialised with every ``<``, ``>`` and ``&`` escaped,
so it is inert inside its ``<script type="application/ld+json">``.
"""

from __future__ import annotations

import json
from typing import Any

from . import dates
from .registry import Entry

AUTHORITY_URLS = {
    "wikidata": "https://www.wikidata.org/wiki/{}",
    "viaf": "https://viaf.org/viaf/{}",
    "geonames": "https://www.geonames.org/{}",
}


def _iso(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return dates.parse(text).start.iso()
    except ValueError:
        return None


def same_as(entry: Entry) -> list[str]:
    """The entry's authority records as URLs."""
    return [url.format(getattr(entry.model, field)) for field, url in AUTHORITY_URLS.items()
            if getattr(entry.model, field, None)]


def entry_object(entry: Entry, url: str, description: str, term_set: tuple[str, str],
                 language: str = "en") -> dict[str, Any]:
    """The JSON-LD object of an entry page; ``term_set`` is the glossary's (name, URL); ``language`` the page's."""
    model = entry.model
    obj: dict[str, Any] = {"@context": "https://schema.org", "@type": entry.kind.schema_org or "Thing",
                           "name": model.name, "description": description, "url": url}
    # Spellings only: a grammatical form ("Победоносцева") is not another name.
    alternates = [f.text for f in model.match if f.text != model.name and not f.inflected] + list(model.other_names)
    if alternates:
        obj["alternateName"] = list(dict.fromkeys(alternates))
    links = same_as(entry)
    if links:
        obj["sameAs"] = links
    born, died = getattr(model, "born", None), getattr(model, "died", None)
    if born is not None and _iso(born.date):
        obj["birthDate"] = _iso(born.date)
    if died is not None and _iso(died.date):
        obj["deathDate"] = _iso(died.date)
    if entry.kind.schema_org == "Event":
        span = dates.parse(model.date.date)  # type: ignore[attr-defined]
        obj["inLanguage"] = language  # schema.org gives a language to events and creative works, not to people
        obj["startDate"] = span.start.iso()
        if span.end is not None:
            obj["endDate"] = span.end.iso()
    if entry.kind.schema_org == "DefinedTerm":
        obj["inDefinedTermSet"] = {"@type": "DefinedTermSet", "name": term_set[0], "url": term_set[1],
                                   "inLanguage": language}
    return obj


def script(obj: dict[str, Any]) -> str:
    """The object as a ``<script type="application/ld+json">`` element, inert whatever its strings hold."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'
