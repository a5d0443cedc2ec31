"""The index, like the back of a printed book: every person, term, place and event, A-Z, with locators.

Headings read as a book's do ("Whitcombe, Thomas"), with their kind, and with the
chapter and paragraph numbers of every mention, each linked to its paragraph
("3 ¶1, ¶2"). Name variants that would be looked up elsewhere become "see"
entries ("Whitcomb, see Whitcombe, Thomas"). The headings are built while the page
renders; the locators are filled in once every chapter has been rendered.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from collections import defaultdict
from collections.abc import Callable

from .i18n import ENGLISH, Words, family_name_last, index_letter, sort_key
from .kinds import NAMED
from .pages import Ctx, el, heading, raw, serialized
from .registry import Entry, Registry
from .render import Mention
from .render import typographic as typo

SLOT = "<!-- glossa-locators:{} -->"

#: The entry fields the index shows (and sorts by): ``glossa serve`` renders it again only when one
#: of them changes. A test changes every other field and finds the index the same.
FIELDS = frozenset({"name", "match", "other_names"})
#: The note fields it shows: none (a note's mentions reach it as locators, after rendering).
NOTE_FIELDS: frozenset[str] = frozenset()


def inverted(entry: Entry) -> str:
    """A person as an index prints them ("Whitcombe, Thomas"); other entries as they are named."""
    return _inverted(entry.model.name, entry.kind.inverted_names)


@dataclasses.dataclass(frozen=True)
class Heading:
    """One line of the index: a main heading (``entry`` set) or a "see" reference (``see`` set)."""

    sort: str
    text: str
    entry: Entry | None = None
    see: Entry | None = None


def headings(registry: Registry) -> list[Heading]:
    """Main headings for every named entry, and "see" references for variants filed elsewhere."""
    out: list[Heading] = []
    for entry in registry.entries.values():
        if entry.kind.named:
            out.extend(_headings_of(entry))
    return sorted(out, key=lambda h: (h.sort, h.see is not None))


#: Each entry's headings, by its id, kind and model object (which the headings keep alive, so
#: the object's id names it alone): ``glossa serve`` builds a large book's index again on many
#: saves, and the load cache hands unchanged files' models on from one registry to the next.
_HEADINGS: dict[tuple[str, str, int], tuple[Heading, ...]] = {}


def _headings_of(entry: Entry) -> tuple[Heading, ...]:
    key = (entry.id, entry.kind.name, id(entry.model))
    hit = _HEADINGS.get(key)
    if hit is None:
        lines = _entry_lines(entry.kind.name, entry.kind.inverted_names, entry.model.name,
                             tuple(f.text for f in entry.model.match if not f.inflected), tuple(entry.model.other_names))
        hit = tuple(Heading(sort, text, see=entry) if see else Heading(sort, text, entry=entry) for sort, text, see in lines)
        if len(_HEADINGS) >= 1 << 17:  # a long session: start again rather than grow without end
            _HEADINGS.clear()
        _HEADINGS[key] = hit
    return hit


def _entry_lines(kind: str, inverted_names: bool, name: str, forms: tuple[str, ...], other_names: tuple[str, ...]
                 ) -> tuple[tuple[str, str, bool], ...]:
    """(sort key, text, is a "see") of an entry's lines (their headings are kept: see ``_headings_of``)."""
    main = _inverted(name, inverted_names)
    out = {(_sort(main), main): False}
    first = _sort(main).split(" ")[0]
    for variant in dict.fromkeys([*forms, *other_names]):
        if not variant[:1].isalpha():
            continue  # a date such as "26 September 1936" is a form to match, not a heading
        shown = _inverted(variant, inverted_names)
        if _sort(shown).split(" ")[0] != first and variant != name:
            out.setdefault((_sort(shown), shown), True)  # two variants may read the same once inverted
    return tuple((sort, text, see) for (sort, text), see in out.items())


def _inverted(name: str, inverted_names: bool) -> str:
    words = name.split()
    if inverted_names and len(words) > 1 and family_name_last(name):
        return f"{words[-1]}, {' '.join(words[:-1])}"
    return name


@functools.lru_cache(maxsize=1 << 16)
def _sort(text: str) -> str:
    """The sort key of a heading (remembered: the index sorts every name again whenever it is rendered)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    for article in ("the ", "a ", "an "):
        if folded.startswith(article):
            folded = folded[len(article):]
    return "".join(ch for ch in folded if ch.isalnum() or ch == " ").strip()


def page(registry: Registry, ctx: Ctx, memo: dict[tuple, str] | None = None,
         words: Words = ENGLISH) -> list[etree.Element]:
    """The index's body: letters, then headings with kind and a slot for their locators.

    Each letter's list is serialised at once and stashed (``ctx.link`` must give final
    URLs). ``memo`` keeps each list's HTML by the headings it shows, for a caller that
    renders the index again: a changed form changes one letter, and the other letters'
    lists are neither built nor serialised again.
    """
    groups: dict[str, list[Heading]] = defaultdict(list)
    lines = headings(registry)
    if not words.english:  # the language's collation, articles and alphabet
        lines.sort(key=lambda h: (sort_key(h.text, words.language), h.see is not None))
    for h in lines:
        letter = h.sort[:1].upper() if words.english else index_letter(h.text, words.language)
        groups[letter if letter.isalpha() else "#"].append(h)
    letters = sorted(groups, key=None if words.english else _letter_order(words))
    kinds = ", ".join(words.lower(words._(k.plural)) for k in NAMED)
    out = [el("h1", text=words._("Index")),
           el("p", text=words._("Every entry of the edition ({kinds}), A–Z, with the chapter and paragraph of each "
                                "mention; “see” points from another form of a name to its heading.", kinds=kinds))]
    if letters:
        out.append(el("nav", {"class": "glossa-az", "aria-label": words._("Letters")},
                      children=[el("a", {"href": f"#index-{c.lower()}"}, c) for c in letters]))
    for c in letters:
        out.append(heading(2, c, f"index-{c.lower()}"))
        key = (ctx.base, c, *map(_line_key, groups[c]))
        html_text = memo.get(key) if memo is not None else None
        if html_text is None:
            html_text = serialized(el("ul", {"class": "glossa-book-index"}, children=[_line(h, ctx, words) for h in groups[c]]))
            if memo is not None:
                memo[key] = html_text
        out.append(raw(ctx, html_text))
    return out


def _letter_order(words: Words) -> Callable[[str], tuple]:
    """Index letters in the language's order, "#" (digits and signs) first."""
    return lambda c: (c != "#", sort_key(c, words.language))


def _line_key(h: Heading) -> tuple:
    """Everything a line shows: its text, and its entry's or its "see" target's id, kind and name."""
    target = h.entry or h.see
    assert target is not None
    return (h.text, h.see is not None, target.id, target.kind.name, target.model.name)


def _line(h: Heading, ctx: Ctx, words: Words) -> etree.Element:
    if h.see is not None:
        li = el("li", {"class": "glossa-see"}, typo(h.text) + ", ")
        see = el("em", text=words._("see"))
        see.tail = " "
        li.append(see)
        li.append(el("a", {"href": ctx.link(h.see)}, typo(inverted(h.see))))
        return li
    assert h.entry is not None
    li = el("li", children=[el("a", {"href": ctx.link(h.entry)}, typo(h.text))])
    li[0].tail = " "
    li.append(el("span", {"class": "glossa-index-kind"}, f"({words.lower(words._(h.entry.kind.label))})"))
    # The slot is a comment, not stashed text, so that a list is the same whenever its headings are
    # (``glossa serve`` reuses an unchanged letter's list); an id is a slug, safe in a comment.
    slot = etree.Comment(SLOT.format(h.entry.id)[4:-3])
    li.append(el("span", {"class": "glossa-locators"}, children=[slot]))  # type: ignore[list-item]  # a comment node
    return li


def locators_html(mentions: list[Mention], chapters: dict[str, str], urls: dict[str, str], base: str) -> str:
    """" — 3 ¶1, ¶2; 4 ¶1": each paragraph once, linked, grouped by chapter (``chapters``: page -> label)."""
    by_page: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        if m.paragraph and m.paragraph not in by_page[m.page]:
            by_page[m.page].append(m.paragraph)
    if not by_page:
        return ""
    parts = []
    for page_key, paras in by_page.items():
        label = html.escape(chapters.get(page_key, page_key))
        href = html.escape(base + urls.get(page_key, ""), quote=True)
        parts.append(f"{label} " + ", ".join(_paragraph_link(href, p) for p in paras))
    return " — " + "; ".join(parts)


@functools.lru_cache(maxsize=1 << 16)
def _paragraph_link(href: str, paragraph: str) -> str:
    """``¶3`` linked to its paragraph (remembered: the index and timeline repeat them by the thousand)."""
    return (f'<a href="{href}#{html.escape(paragraph, quote=True)}">'
            f"¶{html.escape(paragraph.rsplit('-p', 1)[-1])}</a>")
