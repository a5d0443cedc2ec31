"""Annotation Markdown to sanitised HTML, and the HTML of previews and entry pages.

Everything a contributor writes passes through :func:`markdown_to_html`, which

1. renders it with a private Python-Markdown instance in which raw HTML is
   disabled and ``[[id]]`` / ``[[id|label]]`` become links to entries, and
2. sanitises the result with nh3 (Rust's ammonia), whose allow-list keeps only
   the tags and attributes our own markup needs.

Pages differ only in how deep they sit, so rendered HTML is cached per
``(text, base)``: a book with thousands of pages renders each text a few times.
"""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from collections.abc import Callable

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor

from .model import FOLDERS
from .registry import REF_RE, Entry, NoteEntry, Registry

#: Tags an annotation may produce. No images, forms, iframes, scripts or styles.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "em", "i", "li", "ol", "p", "q",
    "s", "small", "span", "strong", "sub", "sup", "ul",
}
#: Attributes: links, and the ``class``/``data-glossa`` our reference links carry.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "class", "data-glossa", "title", "hreflang"},
    "span": {"class", "lang"},
    "abbr": {"title"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
#: Placeholder root of entry links in cached HTML; replaced by each page's own prefix.
_BASE = "__glossa_base__/"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def sanitize(fragment: str) -> str:
    """Remove everything outside the allow-list (scripts, handlers, ``javascript:`` URLs...)."""
    return nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


def entry_url(kind: str, ident: str, base: str, directory_urls: bool = True) -> str:
    """URL of an entry's page relative to a page whose root-relative prefix is ``base``."""
    folder = FOLDERS[kind]
    return f"{base}{folder}/{ident}/" if directory_urls else f"{base}{folder}/{ident}.html"


def format_date(value: str | None) -> str:
    """``1936-09-26`` -> ``26 September 1936``; ``1936-09`` -> ``September 1936``."""
    if not value:
        return ""
    m = re.match(r"^(c\. ?)?(\d{3,4})(?:-(\d{2})(?:-(\d{2}))?)?$", value)
    if not m:
        return value
    circa, year, month, day = m.groups()
    text = year
    if month:
        text = f"{_MONTHS[int(month) - 1]} {year}"
    if day:
        text = f"{int(day)} {text}"
    return ("c. " if circa else "") + text


def life_dates(entry: Entry) -> str:
    """``18 December 1878 – 5 March 1953`` (or the half that is known)."""
    born, died = format_date(getattr(entry.model, "born", None)), format_date(getattr(entry.model, "died", None))
    if born and died:
        return f"{born} – {died}"
    if born:
        return f"born {born}"
    if died:
        return f"died {died}"
    return ""


class _RefInline(InlineProcessor):
    """``[[id]]`` / ``[[id|label]]`` -> a link to the entry (unknown ids stay text; the check reports them)."""

    def __init__(self, resolve: Callable[[str], tuple[str, str] | None]) -> None:
        super().__init__(REF_RE.pattern)
        self.resolve = resolve

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str, int, int]:  # noqa: N802
        found = self.resolve(m.group(1))
        if found is None:
            return m.group(2) or m.group(1), m.start(0), m.end(0)
        href, name = found
        # A plain link: inside previews and notes, links are ordinary links (no nested popovers).
        el = etree.Element("a", {"href": href})
        el.text = m.group(2) or name
        return el, m.start(0), m.end(0)


class Renderer:
    """Renders annotation texts for one build (one registry, one URL style)."""

    def __init__(self, registry: Registry, *, directory_urls: bool = True) -> None:
        self.registry = registry
        self.directory_urls = directory_urls
        self._cache: dict[str, str] = {}
        self._md: markdown.Markdown | None = None

    def _converter(self) -> markdown.Markdown:
        if self._md is None:
            md = markdown.Markdown(extensions=["smarty"])  # curly quotes, dashes and ellipses, as in the book
            # Raw HTML is never passed through: it is shown as text (and the check reports it).
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")

            def resolve(ident: str) -> tuple[str, str] | None:
                entry = self.registry.entries.get(ident)
                if entry is None:
                    return None
                return entry_url(entry.kind, ident, _BASE, self.directory_urls), entry.model.name

            md.inlinePatterns.register(_RefInline(resolve), "glossa-ref", 178)
            self._md = md
        return self._md

    def markdown(self, text: str, base: str) -> str:
        """Annotation Markdown -> sanitised HTML, with links relative to ``base``.

        Each text is converted and sanitised once per build; pages at other depths
        only swap the placeholder prefix of our own entry links.
        """
        out = self._cache.get(text)
        if out is None:
            out = sanitize(self._converter().reset().convert(text))
            self._cache[text] = out
        return out.replace(f'href="{_BASE}', f'href="{base}')

    def sources(self, sources: list, base: str) -> str:
        """An ``<ul>`` of sources (empty string when there are none)."""
        if not sources:
            return ""
        items = []
        for src in sources:
            bits = []
            if src.author:
                bits.append(html.escape(src.author) + ",")
            title = f"<cite>{html.escape(src.title)}</cite>"
            if src.url:
                title = f'<a href="{html.escape(src.url, quote=True)}">{title}</a>'
            bits.append(title)
            tail = ", ".join(html.escape(x) for x in (src.publisher, src.year) if x)
            if tail:
                bits.append(f"({tail})")
            if src.pages:
                bits.append(html.escape(f"pp. {src.pages}" if "-" in src.pages else f"p. {src.pages}"))
            if src.note:
                bits.append("— " + html.escape(src.note))
            items.append("<li>" + " ".join(bits) + "</li>")
        return sanitize('<ul class="glossa-sources">' + "".join(items) + "</ul>")

    def preview(self, entry: Entry, base: str) -> str:
        """The short preview shown in a popover: name, dates and summary, or the definition.

        The link to the full entry is added by the popover script from the mark's own
        href, so it is not repeated in every page's preview data.
        """
        name = html.escape(entry.model.name)
        if entry.kind == "person":
            dates = life_dates(entry)
            return (f"<p><strong>{name}</strong>" + (f" ({html.escape(dates)})" if dates else "")
                    + f"</p><p>{html.escape(entry.model.summary)}</p>")
        return f"<p><strong>{name}</strong></p>" + self.markdown(entry.model.definition, base)

    def note(self, note: NoteEntry, base: str) -> str:
        """A note expansion with its sources, as it appears in the notes section and the popover."""
        return self.markdown(note.model.text, base) + self.sources(note.model.sources, base)


@dataclasses.dataclass(frozen=True, slots=True)  # slots: a book has tens of thousands of these
class Mention:
    """One occurrence of an entry in a chapter, for "Mentioned in" and coverage."""

    entry: str
    page: str  # page key (source path), e.g. "chapter-28.md"
    paragraph: str  # the paragraph's id ("" if it has none)
    # The text node the mention was found in, shared by every mention in it, and the
    # mention's span: the snippet is cut only when "Mentioned in" is written, so a
    # book's tens of thousands of mentions do not each hold three strings.
    source: str
    start: int
    end: int
    linked: bool

    @property
    def text(self) -> str:
        """The words of the mention, as in the text."""
        return self.source[self.start : self.end]

    def context(self) -> tuple[str, str, str]:
        """``(before, mention, after)`` for the "Mentioned in" list."""
        return snippet(self.source, self.start, self.end)


def snippet(text: str, start: int, end: int, width: int = 60) -> tuple[str, str, str]:
    """Context around ``text[start:end]``, cut at word boundaries, with ellipses."""
    a = max(0, start - width)
    b = min(len(text), end + width)
    before, after = text[a:start], text[end:b]
    if a > 0:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if b < len(text):
        after = after.rsplit(" ", 1)[0] + "…" if " " in after else after + "…"
    return before, text[start:end], after
