"""The kinds of annotation, described once: the one table the rest of Glossa reads.

A kind says where its files live, which model validates them, how it is labelled,
how its index page is titled and sorted, how its marks look (the CSS class suffix)
and which schema.org type describes it. Adding a kind is one model in
:mod:`glossa.model`, one row here, and its mark's CSS.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from pydantic import BaseModel

from .i18n import N_, family_name_last
from .model import EntryModel, Event, Note, Person, Place, Term


def _by_surname(model: EntryModel) -> str:
    words = model.name.split()
    if not family_name_last(model.name):  # "إبراهيم باشا", "勝海舟": sorted as written
        return model.name.casefold()
    return (words[-1] if words else "").casefold() + " " + model.name.casefold()


def _by_name(model: EntryModel) -> str:
    return model.name.casefold()


@dataclasses.dataclass(frozen=True)
class Kind:
    """One kind of annotation."""

    name: str  #: the key used in marks (``data-glossa="person:whitcombe"``) and messages
    folder: str  #: folder under ``annotations/`` and on the site
    model: type[BaseModel]
    #: The English labels are message ids: pages show them through :class:`glossa.i18n.Words`.
    label: str  #: "Person": shown on entry pages and in previews
    plural: str  #: "People": the toggles and the index's title
    index_title: str = ""
    index_intro: str = ""
    #: Sort key for the index (people by surname, the rest by name).
    sort_key: Callable[[EntryModel], str] = _by_name
    #: schema.org type of an entry page's JSON-LD ("" for none).
    schema_org: str = ""
    #: Named entries have pages, previews and marks; notes are tied to markers instead.
    named: bool = True
    #: Entries named like people: indexed surname first ("Whitcombe, Thomas"), scaffolded with
    #: first-and-last and surname forms, and offered in the timeline's person filter.
    inverted_names: bool = False
    #: The required fields of a new entry's scaffold (``glossa new``), after its name and forms.
    scaffold: str = 'definition: |\n  TODO: 40-150 words.\n'

    @property
    def index_page(self) -> str:
        """Source path of the kind's index page, e.g. ``people/index.md``."""
        return f"{self.folder}/index.md"

    def page(self, ident: str) -> str:
        """Source path of an entry's generated page, e.g. ``people/whitcombe.md``."""
        return f"{self.folder}/{ident}.md"


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("person", "people", Person, N_("Person"), N_("People"), N_("People"),
             N_("Everyone the text names, by surname. Each page lists every place the person is mentioned."),
             sort_key=_by_surname, schema_org="Person", inverted_names=True,
             scaffold='summary: "TODO: one line for previews"\nprofile: |\n  TODO: 100-300 words.\n'),
        Kind("term", "glossary", Term, N_("Glossary term"), N_("Terms"), N_("Glossary"),
             N_("Institutions, offices, policies, groups, publications and ideas, A–Z."), schema_org="DefinedTerm"),
        Kind("place", "places", Place, N_("Place"), N_("Places"), N_("Places"),
             N_("Cities, regions and countries the text names, A–Z."), schema_org="Place"),
        Kind("event", "events", Event, N_("Event"), N_("Events"), N_("Events"),
             N_("Dated happenings the text refers to, A–Z; the timeline puts them in order."), schema_org="Event",
             scaffold='date: "TODO"  # YYYY-MM-DD, YYYY-MM, YYYY, or a range such as 1936-08-19/1936-08-24\n'
                      'summary: "TODO: one line for previews"\ndescription: |\n  TODO: 40-150 words.\n'),
        Kind("note", "notes", Note, N_("Note"), N_("Notes"), named=False),
    )
}

#: The kinds whose entries have pages and marks, in table order.
NAMED: tuple[Kind, ...] = tuple(k for k in KINDS.values() if k.named)
NOTE = KINDS["note"]


def by_folder(folder: str) -> Kind | None:
    """The kind whose files live in ``annotations/<folder>/``."""
    return next((k for k in KINDS.values() if k.folder == folder), None)
