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

from .kinds import NAMED
from .pages import Ctx, el, heading
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
    words = entry.model.name.split()
    if entry.kind.inverted_names and len(words) > 1:
        return f"{words[-1]}, {' '.join(words[:-1])}"
    return entry.model.name


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
        if not entry.kind.named:
            continue
        main = inverted(entry)
        out.append(Heading(_sort(main), main, entry=entry))
        first = _sort(main).split(" ")[0]
        variants = [f.text for f in entry.model.match] + list(entry.model.other_names)
        for variant in dict.fromkeys(variants):
            if not variant[:1].isalpha():
                continue  # a date such as "26 September 1936" is a form to match, not a heading
            shown = _invert_variant(variant, entry)
            if _sort(shown).split(" ")[0] != first and variant != entry.model.name:
                out.append(Heading(_sort(shown), shown, see=entry))
    unique = {(h.sort, h.text, h.see.id if h.see else ""): h for h in out}
    return sorted(unique.values(), key=lambda h: (h.sort, h.see is not None))


def _invert_variant(variant: str, entry: Entry) -> str:
    words = variant.split()
    if entry.kind.inverted_names and len(words) > 1:
        return f"{words[-1]}, {' '.join(words[:-1])}"
    return variant


@functools.lru_cache(maxsize=1 << 16)
def _sort(text: str) -> str:
    """The sort key of a heading (remembered: the index sorts every name again whenever it is rendered)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    for article in ("the ", "a ", "an "):
        if folded.startswith(article):
            folded = folded[len(article):]
    return "".join(ch for ch in folded if ch.isalnum() or ch == " ").strip()


def page(registry: Registry, ctx: Ctx) -> list[etree.Element]:
    """The index's body: letters, then headings with kind and a slot for their locators."""
    groups: dict[str, list[Heading]] = defaultdict(list)
    for h in headings(registry):
        letter = h.sort[:1].upper()
        groups[letter if letter.isalpha() else "#"].append(h)
    letters = sorted(groups)
    kinds = ", ".join(k.plural.lower() for k in NAMED)
    out = [el("h1", text="Index"),
           el("p", text=f"Every entry of the edition ({kinds}), A–Z, with the chapter and paragraph of each "
                        "mention; “see” points from another form of a name to its heading.")]
    if letters:
        out.append(el("nav", {"class": "glossa-az", "aria-label": "Letters"},
                      children=[el("a", {"href": f"#index-{c.lower()}"}, c) for c in letters]))
    for c in letters:
        out.append(heading(2, c, f"index-{c.lower()}"))
        ul = el("ul", {"class": "glossa-book-index"})
        for h in groups[c]:
            ul.append(_line(h, ctx))
        out.append(ul)
    return out


def _line(h: Heading, ctx: Ctx) -> etree.Element:
    if h.see is not None:
        li = el("li", {"class": "glossa-see"}, typo(h.text) + ", ")
        see = el("em", text="see")
        see.tail = " "
        li.append(see)
        li.append(el("a", {"href": ctx.link(h.see)}, typo(inverted(h.see))))
        return li
    assert h.entry is not None
    li = el("li", children=[el("a", {"href": ctx.link(h.entry)}, typo(h.text))])
    li[0].tail = " "
    li.append(el("span", {"class": "glossa-index-kind"}, f"({h.entry.kind.label.lower()})"))
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
