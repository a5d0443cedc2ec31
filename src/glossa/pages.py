"""The generated pages, built from data: one per entry, an A-Z index per kind, and "Mentioned in".

Pages are built as element trees (``xml.etree``), never by pasting annotation text
into Markdown, HTML or front matter: element text and attribute values are escaped
when the tree is serialised, and annotation Markdown enters only as the sanitised
HTML of :class:`~glossa.render.Renderer`, through the Markdown stash. The extension
puts the tree into the page while it renders, so headings still reach the table of
contents. Nothing here knows MkDocs.
"""

from __future__ import annotations

import dataclasses
import html
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from collections import defaultdict
from collections.abc import Callable, Iterable

from . import dates
from .i18n import ENGLISH, Words, index_letter, sort_key
from .kinds import Kind
from .registry import Entry, Registry
from .render import Mention, Renderer
from .render import typographic as typo

#: Left in an entry page; replaced once all chapters are rendered.
MENTIONS_SLOT = "<!-- glossa-mentions -->"

AUTHORITIES = (
    ("wikidata", "Wikidata", "https://www.wikidata.org/wiki/{}"),
    ("viaf", "VIAF", "https://viaf.org/viaf/{}/"),
    ("geonames", "GeoNames", "https://www.geonames.org/{}/"),
)


@dataclasses.dataclass
class Ctx:
    """What a page builder needs from the page being rendered."""

    #: Stores trusted HTML (already sanitised or built here) and returns the text that stands for it.
    stash: Callable[[str], str]
    #: The href of an entry's page from this page.
    link: Callable[[Entry], str]
    #: Prefix from this page back to the site root, for links inside rendered annotation HTML.
    base: str = ""


def relative(path: str, folder: str) -> str:
    """``posixpath.relpath(path, folder)`` for two paths under one root (no ``..``), without its
    system calls: an index links every entry of a kind, so this runs thousands of times a build."""
    if folder in ("", "."):
        return path
    a, b = path.split("/"), folder.split("/")
    i = 0
    while i < len(a) - 1 and i < len(b) and a[i] == b[i]:
        i += 1
    return "/".join([".."] * (len(b) - i) + a[i:])


def el(tag: str, attrs: dict[str, str] | None = None, text: str | None = None,
       children: Iterable[etree.Element] = ()) -> etree.Element:
    """An element with attributes, text and children (all escaped when serialised)."""
    node = etree.Element(tag, attrs or {})
    node.text = text
    for child in children:
        node.append(child)
    return node


def raw(ctx: Ctx, html_text: str) -> etree.Element:
    """A paragraph that the Markdown stash replaces with ``html_text`` (trusted HTML only)."""
    return el("p", text=ctx.stash(html_text))


def lists_serialized(nodes: list[etree.Element], ctx: Ctx,
                     memo: dict[tuple, str] | None = None) -> list[etree.Element]:
    """``nodes`` with each list serialised now (every value escaped) and stashed.

    For the indexes' long lists of links to the build's own pages: MkDocs checks every
    link left in a page's tree against the site's files, and an index of thousands of
    entries spent most of its render there. Headings stay in the tree, for the table
    of contents. ``memo`` keeps each list's HTML by its content, for a caller that
    renders the same page again (most of an index is as it was).
    """
    out = []
    for n in nodes:
        if n.tag not in ("ul", "ol"):
            out.append(n)
            continue
        key = _signature(n) if memo is not None else ()
        html_text = memo.get(key) if memo is not None else None
        if html_text is None:
            html_text = serialized(n)
            if memo is not None:
                memo[key] = html_text
        out.append(raw(ctx, html_text))
    return out


def serialized(node: etree.Element) -> str:
    """An element as HTML, every value escaped (for a caller that stashes it with :func:`raw`)."""
    return etree.tostring(node, encoding="unicode", method="html")


def _signature(node: etree.Element) -> tuple:
    """Everything an element serialises to, as a tuple (a comment's tag is a function)."""
    tag = node.tag if isinstance(node.tag, str) else "!--"
    return (tag, tuple(node.attrib.items()), node.text, node.tail, tuple(_signature(c) for c in node))


def heading(level: int, text: str, ident: str) -> etree.Element:
    """A heading with a stable id (the table of contents lists it)."""
    return el(f"h{level}", {"id": ident}, text)


def entry_page(entry: Entry, renderer: Renderer, ctx: Ctx, edit_url: str | None = None,
               extra: Iterable[etree.Element] = ()) -> list[etree.Element]:
    """The body of an entry's page: name, facts, body, sections, related, sources, "Mentioned in"."""
    model = entry.model
    words = renderer.words
    body = renderer.markdown(model.body(), ctx.base)
    # Facts and body in one box, so that phones can show the body first (see glossa.css).
    out = [el("h1", text=typo(model.name)),
           el("div", {"class": "glossa-entry"}, children=[
               _meta(entry, ctx, words), el("div", {"class": "glossa-entry-body"}, children=[raw(ctx, body)])])]
    for title, ident, items in _sections(entry, words):
        out += [heading(2, title, ident), el("ul", {"class": f"glossa-{ident}"}, children=[el("li", text=typo(i)) for i in items])]
    related = [renderer.registry.entries[r] for r in model.related if r in renderer.registry.entries]
    if related:
        out += [heading(2, words._("Related"), "related"),
                el("ul", {"class": "glossa-related"},
                   children=[el("li", children=[_link(ctx, r)]) for r in related])]
    if model.sources:
        out += [heading(2, words._("Sources"), "sources"), raw(ctx, renderer.sources(model.sources, ctx.base))]
    out += list(extra)
    out += [heading(2, words._("Mentioned in"), "mentioned-in"), raw(ctx, MENTIONS_SLOT)]
    if edit_url:
        p = el("p", {"class": "glossa-edit"}, children=[el("a", {"href": edit_url}, words._("Edit this entry"))])
        code = el("code", text=entry.file)
        code.tail = ")"
        p[0].tail = " ("
        p.append(code)
        out.append(p)
    return out


def _link(ctx: Ctx, entry: Entry) -> etree.Element:
    return el("a", {"href": ctx.link(entry)}, typo(entry.model.name))


def _meta(entry: Entry, ctx: Ctx, words: Words) -> etree.Element:
    model = entry.model
    box = el("div", {"class": "glossa-entry-meta"},
             children=[el("p", {"class": "glossa-entry-kind"}, words._(entry.kind.label))])
    for label, text in model.facts(words):
        box.append(el("p", {"class": f"glossa-entry-{label}"}, typo(text)))
    summary = getattr(model, "summary", None)
    if summary:
        box.append(el("p", {"class": "glossa-entry-summary"}, typo(summary)))
    names = [f.text for f in model.match if not f.inflected] + list(model.other_names)
    names = list(dict.fromkeys(n for n in names if n != model.name))
    if names:
        p = el("p", {"class": "glossa-entry-names"}, children=[el("span", text=words._("Also written:"))])
        p[0].tail = " " + ", ".join(typo(n) for n in names)
        box.append(p)
    sics = [f.text for f in model.match if f.sic]
    if sics:
        box.append(el("p", {"class": "glossa-entry-sic"},
                      words._("In the source also as: {forms}", forms=", ".join(f"“{typo(s)}” [sic]" for s in sics))))
    ids = [(label, url.format(getattr(model, field))) for field, label, url in AUTHORITIES if getattr(model, field, None)]
    if ids:
        p = el("p", {"class": "glossa-entry-ids"}, words._("Authority records:") + " ")
        for i, (label, url) in enumerate(ids):
            a = el("a", {"href": url}, f"{label} {url.rstrip('/').rsplit('/', 1)[-1]}")
            a.tail = ", " if i < len(ids) - 1 else ""
            p.append(a)
        box.append(p)
    return box


def _sections(entry: Entry, words: Words = ENGLISH) -> list[tuple[str, str, list[str]]]:
    offices = getattr(entry.model, "offices", None)
    if not offices:
        return []
    items = []
    for office in offices:
        if office.start and office.end:
            span = words.span(dates.Span(dates.parse(office.start).start, dates.parse(office.end).start))
        elif office.start:
            span = words._("from {date}", date=words.date(office.start))
        elif office.end:
            span = words._("until {date}", date=words.date(office.end))
        else:
            span = ""
        items.append(office.office + (f" ({span})" if span else ""))
    return [(words._("Offices"), "offices", items)]


def index_page(kind: Kind, registry: Registry, ctx: Ctx, renderer: Renderer) -> list[etree.Element]:
    """An A-Z index of one kind, one section per initial letter, each entry with its first sentence."""
    words = renderer.words
    groups: dict[str, list[Entry]] = defaultdict(list)
    entries = registry.of_kind(kind)
    if not words.english:  # the language's collation, articles and alphabet
        entries = sorted(entries, key=lambda e: sort_key(kind.sort_key(e.model), words.language))
    for e in entries:
        key = kind.sort_key(e.model)[:1].upper() if words.english else index_letter(kind.sort_key(e.model), words.language)
        groups[key if key.isalpha() else "#"].append(e)
    letters = sorted(groups, key=None if words.english else lambda c: (c != "#", sort_key(c, words.language)))
    out = [el("h1", text=words._(kind.index_title)), el("p", text=words._(kind.index_intro))]
    if letters:
        nav = el("nav", {"class": "glossa-az", "aria-label": words._("Letters")},
                 children=[el("a", {"href": f"#letter-{c.lower()}"}, c) for c in letters])
        out.append(nav)
    for c in letters:
        out.append(heading(2, c, f"letter-{c.lower()}"))
        ul = el("ul", {"class": "glossa-index-list"})
        for e in groups[c]:
            li = el("li", children=[_link(ctx, e)])
            li[0].tail = index_line(kind, e, renderer)[1]
            ul.append(li)
        out.append(ul)
    return out


def index_line(kind: Kind, e: Entry, renderer: Renderer) -> tuple[str, str]:
    """What an A-Z index shows of one entry besides its name: (sort key, " (dates) — first sentence").

    ``glossa serve`` compares these before and after an edit to know whether the index changed.
    """
    when = renderer.dates(e)
    summary = renderer.first_sentence(e.model.summary_line() if e.model.body_field != "definition" else e.model.body())
    return kind.sort_key(e.model), (f" ({when})" if when else "") + " — " + summary


def mentions_count(words: Words, mentions: int, paragraphs: int, chapters: int) -> str:
    """"8 mentions in 3 paragraphs of 2 chapters.", each number with the language's plural form."""
    return words._("{mentions} in {paragraphs} of {chapters}.",
                   mentions=words.ngettext("{n} mention", "{n} mentions", mentions),
                   paragraphs=words.ngettext("{n} paragraph", "{n} paragraphs", paragraphs),
                   chapters=words.ngettext("{n} chapter", "{n} chapters", chapters))


def mentions_html(mentions: list[Mention], titles: dict[str, str], urls: dict[str, str], base: str,
                  words: Words = ENGLISH) -> str:
    """The "Mentioned in" list: one line per paragraph, with its count and the first mention's context."""
    if not mentions:
        none = words._("Not mentioned in the chapters; referenced from other entries.")
        return f'<p class="glossa-mentions-none">{html.escape(none)}</p>'
    by_page: dict[str, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
    for m in mentions:
        by_page[m.page][m.paragraph].append(m)
    paragraphs = sum(len(p) for p in by_page.values())
    count_text = mentions_count(words, len(mentions), paragraphs, len(by_page))
    out = [f'<p class="glossa-mentions-count">{html.escape(count_text)}</p>']
    for page, paras in by_page.items():
        # The snippets repeat the chapters' own words: search finds those in the chapters.
        out.append(f'<h3 class="glossa-mentions-page">{titles.get(page, html.escape(page))}</h3>'
                   '<ol class="glossa-mentions" data-search-exclude="true">')
        for para, items in paras.items():
            anchor = f"#{para}" if para else ""
            number = para.rsplit("-p", 1)[-1] if para else ""
            label = f"¶ {number}" if number.isdigit() else words._("here")
            aria = words._("Paragraph {number}", number=number) if number.isdigit() else words._("The passage")
            if len(items) > 1:
                aria += ", " + words.ngettext("{n} mention", "{n} mentions", len(items))
            count = f' <span class="glossa-mentions-n">×{len(items)}</span>' if len(items) > 1 else ""
            before, said, after = items[0].context()
            out.append(
                f'<li><a href="{html.escape(base + urls.get(page, ""), quote=True)}{html.escape(anchor, quote=True)}" '
                f'aria-label="{html.escape(aria, quote=True)}">{label}</a>{count} '
                f'<span class="glossa-snippet">{html.escape(before)}<mark>{html.escape(said)}</mark>'
                f"{html.escape(after)}</span></li>"
            )
        out.append("</ol>")
    return "\n".join(out)
