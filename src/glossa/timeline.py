"""The timeline page: every dated thing in the edition, in order, grouped by year.

Items come from the entries themselves (a person's birth, death and offices, an
event, a dated term) and from notes that date the moment their passage speaks of.
Dates of any precision sort sensibly (a year before its months, a month before its
days), and a disputed date says so. Without JavaScript the page is an ordered list
of ``<time datetime>`` items under year headings; the script adds filters.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from collections import defaultdict

from . import dates
from .i18n import ENGLISH, Words, sort_key
from .model import DateSpec
from .pages import Ctx, el, heading
from .registry import Entry, NoteEntry, Registry
from .render import typographic as typo

#: The entry fields the page shows (and sorts by): ``glossa serve`` renders it again only when one of
#: them changes (or a note does). A test changes every other field and finds the page the same.
FIELDS = frozenset({"name", "born", "died", "death", "offices", "date", "related"})
#: The note fields it shows (a note's text is not among them); adding or removing a note counts too.
NOTE_FIELDS = frozenset({"date", "related"})

#: Where an item's "mentioned in" links go; filled in once every chapter is rendered.
SLOT = "<!-- glossa-timeline:{} -->"


@dataclasses.dataclass(frozen=True)
class Item:
    """One dated thing."""

    span: dates.Span
    spec: DateSpec
    label: str
    entry: Entry | None = None
    note: NoteEntry | None = None

    @property
    def key(self) -> str:
        """What the item's mentions are looked up by: an entry id, or a note."""
        if self.note is not None:
            return f"note:{self.note.chapter}-{self.note.number}"
        return self.entry.id if self.entry else ""

    @property
    def kind(self) -> str:
        """The kind, for the filter."""
        return "note" if self.note is not None else (self.entry.kind.name if self.entry else "")


def items(registry: Registry, words: Words = ENGLISH) -> list[Item]:
    """Every dated item, in date order (then by label)."""
    out: list[Item] = []
    for entry in registry.entries.values():
        for label, spec in entry.model.dated(words):
            out.append(Item(dates.parse(spec.date), spec, label, entry=entry))
    for note in registry.notes.values():
        if note.model.date is not None:
            out.append(Item(dates.parse(note.model.date.date), note.model.date,
                            words._("Chapter {chapter}, note {number}", chapter=note.chapter, number=note.number),
                            note=note))
    return sorted(out, key=lambda i: (i.span.sort_key(), i.label.casefold(), i.key))


def people_of(item: Item, registry: Registry) -> list[str]:
    """The people an item concerns (for the filter): the person itself, or those it relates to."""
    if item.entry is not None and item.entry.kind.inverted_names:
        return [item.entry.id]
    related = item.note.model.related if item.note is not None else (item.entry.model.related if item.entry else [])
    return [r for r in related if r in registry.entries and registry.entries[r].kind.inverted_names]


def page(registry: Registry, ctx: Ctx, words: Words = ENGLISH) -> list[etree.Element]:
    """The timeline's body: the heading, the filters' place, and one list per year."""
    dated = items(registry, words)
    out = [el("h1", text=words._("Timeline")),
           el("p", text=words._("Births, deaths, offices, events and the dated moments of the notes, in order. "
                                "Each item links to its entry and to the paragraphs that mention it.")),
           _filters(dated, registry, words)]
    by_year: dict[int, list[Item]] = defaultdict(list)
    for item in dated:
        by_year[item.span.start.year].append(item)
    box = el("div", {"class": "glossa-timeline"})
    for year, group in by_year.items():
        section = el("section", {"class": "glossa-year", "data-year": str(year)})
        section.append(heading(2, _year(year, words), f"year-{year}"))
        ol = el("ol", {"class": "glossa-timeline-list"})
        for item in group:
            ol.append(_item(item, registry, ctx, words))
        section.append(ol)
        box.append(section)
    out.append(box)
    if not dated:
        out.append(el("p", text=words._("No entry or note gives a date yet.")))
    return out


def _year(year: int, words: Words) -> str:
    """A year heading: the number, or the language's BCE form for a year before the common era."""
    return str(year) if year >= 0 else words.one(dates.Date(year))


def _filters(dated: list[Item], registry: Registry, words: Words) -> etree.Element:
    """Filters, in the page from the start (no layout shift): kinds work with CSS alone, the rest with the script."""
    box = el("div", {"class": "glossa-timeline-filters", "role": "group", "aria-label": words._("Filter the timeline")})
    kinds = el("fieldset", children=[el("legend", text=words._("Show"))])
    from .kinds import KINDS

    present = list(dict.fromkeys(i.kind for i in dated))
    for name in [k for k in KINDS if k in present]:
        label = el("label", children=[el("input", {"type": "checkbox", "data-kind": name, "checked": "checked"})])
        label[0].tail = " " + words._(KINDS[name].plural)
        kinds.append(label)
    box.append(kinds)
    by = KINDS["person"].sort_key
    people = sorted({p for i in dated for p in people_of(i, registry)},
                    key=lambda p: by(registry.entries[p].model) if words.english
                    else sort_key(by(registry.entries[p].model), words.language))
    select = el("select", {"data-filter": "person"}, children=[el("option", {"value": ""}, words._("everyone"))])
    for ident in people:
        select.append(el("option", {"value": ident}, typo(registry.entries[ident].model.name)))
    box.append(el("label", children=[el("span", text=words._("Person") + " "), select]))
    zoom = el("label", children=[el("input", {"type": "checkbox", "data-filter": "text-years"})])
    zoom[0].tail = " " + words._("Only the years the text covers")
    box.append(zoom)
    return box


def _item(item: Item, registry: Registry, ctx: Ctx, words: Words) -> etree.Element:
    li = el("li", {"data-kind": item.kind, "data-people": " ".join(people_of(item, registry)),
                   "data-year": str(item.span.start.year)})
    li.append(el("time", {"datetime": item.span.start.iso()}, words.span(item.span)))
    li[-1].tail = " "
    if item.entry is not None:
        # dir="auto": a name in another script (a Latin name in Arabic) is a run of its own.
        name = el("a", {"href": ctx.link(item.entry), "dir": "auto"}, typo(item.entry.model.name))
        li.append(name)
        if item.label != item.entry.model.name:
            name.tail = ": " + typo(item.label)
    else:
        li.append(el("span", text=typo(item.label)))
    if item.spec.disputed:
        also = ", ".join(words.date(a) for a in item.spec.alternatives) + (f"; {item.spec.note}" if item.spec.note else "")
        li.append(el("span", {"class": "glossa-disputed"}, " " + words._("(disputed: also {dates})", dates=also)))
    li.append(el("span", {"class": "glossa-mentioned"}, ctx.stash(SLOT.format(item.key))))
    return li
