"""Annotation Markdown to sanitised HTML; the one allow-list every published page passes through.

Everything a contributor writes in an annotation passes through :meth:`Renderer.markdown`,
which

1. renders it with a private Python-Markdown instance in which raw HTML is
   disabled and ``[[id]]`` / ``[[id|label]]`` become links to entries, and
2. sanitises the result with nh3 (Rust's ammonia), whose allow-list keeps only
   the tags and attributes our own markup needs.

Whole pages (chapters included, which strangers edit too) pass through
:func:`sanitize_page`, a wider allow-list for page structure that still admits no
script, handler, style or foreign URL scheme.

Pages differ only in how deep they sit, so rendered HTML is cached per text: a
book with thousands of pages renders each text once.
"""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from collections.abc import Callable, Hashable
from typing import TypeVar
from urllib.parse import quote

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor

from . import guard
from .i18n import ENGLISH, Words
from .model import first_sentence
from .registry import REF_RE, Entry, NoteEntry, Registry, ref_parts

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
#: The attribute naming the entry of each preview in a page's previews file ("kind:id").
PREVIEW_ATTR = "data-glossa-preview"
#: The preview's link to the issue form (English until strings come from a catalogue).

#: Page structure on top of the annotation tags: what Markdown, the theme's extensions
#: and Glossa's own furniture produce. Still no script, style, form, frame or image.
PAGE_TAGS = ALLOWED_TAGS | {
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "div", "section", "nav", "aside", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "mark", "time", "figure", "figcaption",
    "details", "summary", "button", "kbd", "samp", "var", "del", "ins", "u", "dfn", "ruby", "rt", "rp",
    "header", "footer", "bdi", "bdo", "wbr", "fieldset", "legend", "label", "input", "select", "option",
}
PAGE_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title", "dir", "hidden", "role", "aria-label", "aria-labelledby",
          "aria-describedby", "aria-hidden", "data-glossa", "data-glossa-preview", "data-search-exclude",
          "data-glossa-kinds", "tabindex", "data-kind", "data-people", "data-year", "data-filter"},
    "a": {"href", "hreflang", "rel", "download", "type"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "button": {"type", "aria-expanded", "aria-controls"},
    "input": {"type", "checked"},
    "option": {"value", "selected"},
    "details": {"open"},
    "aside": {"data-glossa-src", "data-glossa-script", "data-glossa-suggest"},
}
_PAGE_CLEANER = nh3.Cleaner(tags=PAGE_TAGS, attributes=PAGE_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                            strip_comments=False)
_CLEANER = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                       strip_comments=True)
#: Placeholder root of entry links in cached HTML; replaced by each page's own prefix.
_BASE = "__glossa_base__/"


def sanitize(fragment: str) -> str:
    """Remove everything outside the annotation allow-list (scripts, handlers, ``javascript:`` URLs...)."""
    return _CLEANER.clean(fragment)


def sanitize_page(content: str) -> str:
    """Remove everything outside the page allow-list from a whole rendered page.

    A long page (a large book's index or timeline: megabytes) is cleaned in sections,
    split before each ``<h2``, and each section's result is remembered by its text:
    ``glossa serve`` renders such a page again on many saves, and a save changes one of
    its sections. Each section comes out balanced and clean, so the joined page is clean;
    a full build cleans the same sections, so it gives the same page.
    """
    if len(content) < _SECTIONED:
        return _PAGE_CLEANER.clean(content)
    first, *rest = content.split(_SECTION_AT)
    return "".join(_SECTIONS.clean(text) for text in (first, *(_SECTION_AT + part for part in rest)))


#: Pages at least this long are cleaned in sections (see sanitize_page).
_SECTIONED = 1 << 18
_SECTION_AT = "\n<h2"
class _CleanedSections:
    """Cleaned sections by their text, oldest first, at most ``limit`` characters in all."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.items: dict[str, str] = {}

    def clean(self, text: str) -> str:
        """``text`` cleaned with the page allow-list, remembered."""
        hit = self.items.get(text)
        if hit is None:
            hit = self.items[text] = _PAGE_CLEANER.clean(text)
            self.size += len(text) + len(hit)
            while self.size > self.limit and len(self.items) > 1:
                old = next(iter(self.items))
                self.size -= len(old) + len(self.items.pop(old))
        return hit


_SECTIONS = _CleanedSections(64 << 20)


def entry_url(entry: Entry, base: str, directory_urls: bool = True) -> str:
    """URL of an entry's page relative to a page whose root-relative prefix is ``base``."""
    folder = entry.kind.folder
    return f"{base}{folder}/{entry.id}/" if directory_urls else f"{base}{folder}/{entry.id}.html"


_APOS_RE = re.compile(r"(?<=\w)'(?=\w)|(?<=\w)'(?=\s|$|[.,;:!?)])|(?<=s)'(?=\s)")
_OPEN_SINGLE_RE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))'(?!\d)")
_OPEN_DOUBLE_RE = re.compile(r'(?:(?<=^)|(?<=[\s(\[—–-]))"')


def typographic(text: str) -> str:
    """Straight quotes and apostrophes as the book prints them: ’ ‘ “ ” (plain text fields).

    Markdown fields get the same from Python-Markdown's ``smarty``; one-line fields
    (names, summaries, offices, titles) get it here, so the two never sit side by side.
    """
    if "'" not in text and '"' not in text:
        return text
    text = _APOS_RE.sub("’", text)
    text = _OPEN_SINGLE_RE.sub("‘", text).replace("'", "’")
    text = _OPEN_DOUBLE_RE.sub("“", text).replace('"', "”")
    return text


def safe_title(text: str) -> str:
    """Plain text made safe as a page title for themes that print it unescaped *and* through ``striptags``.

    MkDocs themes print ``page.title`` raw in the body and as ``title|striptags`` in
    ``<title>``, and ``striptags`` un-escapes entities. So the text is escaped once,
    and any ``<`` (which only invalid titles have) gets a zero-width space after
    it, so that even un-escaped it cannot close ``<title>``.
    """
    return html.escape(text, quote=True).replace("&lt;", "&lt;\u200b")


class _RefInline(InlineProcessor):
    """``[[id]]`` / ``[[id|label]]`` -> a link to the entry (unknown ids stay text; the check reports them)."""

    def __init__(self, resolve: Callable[[str], tuple[str, str] | None]) -> None:
        super().__init__(REF_RE.pattern)
        self.resolve = resolve

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str, int, int]:  # type: ignore[override]  # noqa: N802
        ident, label = ref_parts(m)
        found = self.resolve(ident)
        if found is None:
            return label or ident, m.start(0), m.end(0)
        href, name = found
        # A plain link: inside previews and notes, links are ordinary links (no nested popovers).
        el = etree.Element("a", {"href": href})
        el.text = label or name
        return el, m.start(0), m.end(0)


class Renderer:
    """Renders annotation texts for one build (one registry, one URL style)."""

    def __init__(self, registry: Registry, *, directory_urls: bool = True,
                 sources: Callable[[list, str], str] | None = None, suggest: str = "", words: Words = ENGLISH) -> None:
        self.registry = registry
        #: The issue form's prefilled "new issue" address ("" when the edition is not on GitHub).
        self.suggest = suggest
        #: The reader's language: interface words and dates.
        self.words = words
        self.directory_urls = directory_urls
        self._cache: dict[str, str] = {}
        self._previews: dict[tuple[str, str], str] = {}
        self._blocks: dict[tuple[str, str], str] = {}
        self._tips: dict[str, str] = {}
        self._note_tips: dict[tuple[str, int, str], str] = {}  # (chapter, number, sentence): its tip
        self._sentences: dict[str, str] = {}  # text: its first sentence (names read from this registry)
        self._dates: dict[str, str] = {}  # entry id: its dates as previews and indexes show them
        self._md: markdown.Markdown | None = None
        #: Formats a source list (the citation module's CSL formatter when available).
        self.format_sources = sources or plain_sources

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
                return entry_url(entry, _BASE, self.directory_urls), entry.model.name

            md.inlinePatterns.register(_RefInline(resolve), "glossa-ref", 178)
            guard.register(md)
            self._md = md
        return self._md

    def markdown(self, text: str, base: str) -> str:
        """Annotation Markdown -> sanitised HTML, with links relative to ``base``.

        Each text is converted and sanitised once per build; pages at other depths
        only swap the placeholder prefix of our own entry links.
        """
        out = _kept(self._cache, text, lambda: sanitize(self._converter().reset().convert(text)))
        return out.replace(f'href="{_BASE}', f'href="{base}')

    def sources(self, sources: list, base: str) -> str:
        """An ``<ul>`` of sources (empty string when there are none)."""
        return self.format_sources(sources, base) if sources else ""

    def preview(self, entry: Entry, base: str) -> str:
        """The preview a popover shows: name, kind and dates, then the summary or the definition.

        The link to the full entry is added by the popover script from the mark's own
        href, so it is not repeated in every page's preview data. Cached per entry and
        depth: a book shows the same entry on dozens of pages.
        """
        return _kept(self._previews, (entry.id, base), lambda: self._preview(entry, base))

    def _preview(self, entry: Entry, base: str) -> str:
        model = entry.model
        dates = self.dates(entry)
        head = (f'<p class="glossa-pv-title"><strong>{html.escape(typographic(model.name))}</strong> '
                f'<span class="glossa-pv-kind">{html.escape(self.words._(entry.kind.label))}</span>'
                + (f' <span class="glossa-pv-dates">{html.escape(dates)}</span>' if dates else "") + "</p>")
        if model.body_field != "definition":
            return head + f'<p class="glossa-pv-summary">{html.escape(typographic(model.summary_line()))}</p>'
        return head + self.markdown(model.body(), base)

    def preview_block(self, entry: Entry, base: str) -> str:
        """An entry's preview as a page's previews file holds it: sanitised, in its ``data-glossa-preview`` div.

        Sanitised here, one by one, and kept: a book shows the same entry on dozens of
        pages (see :meth:`glossa.extension.GlossaExtension.previews_document`).
        """
        return _kept(self._blocks, (entry.id, base), lambda: sanitize_page(
            f'<div {PREVIEW_ATTR}="{entry.ref_kind}:{entry.id}">{self.preview(entry, base)}{self.suggest_link(entry)}</div>'))

    def suggest_link(self, entry: Entry) -> str:
        """"Suggest a correction" with the kind and entry filled in ("" off GitHub); the script adds the passage.

        In the previews file, not the page: the popover copies it, so pages carry no extra element.
        """
        if not self.suggest:
            return ""
        url = f"{self.suggest}&kind=correction&entry={quote(entry.id, safe='')}"
        label = self.words._("Suggest a correction")
        return (f'<p class="glossa-pv-suggest"><a class="glossa-suggest" href="{html.escape(url, quote=True)}" '
                f'rel="nofollow">{html.escape(label)}</a></p>')

    def tip(self, entry: Entry) -> str:
        """The mark's accessible description, as an element its ``aria-describedby`` can point at."""
        return f'<p class="glossa-pv-tip" id="glossa-d-{entry.ref_kind}-{entry.id}">{html.escape(self.description(entry))}</p>'

    def tip_block(self, entry: Entry) -> str:
        """:meth:`tip`, sanitised, as a page's previews file holds it (kept: dozens of pages show each entry)."""
        return _kept(self._tips, entry.id, lambda: sanitize_page(self.tip(entry)))

    def note_tip_block(self, chapter: str, number: int, note: NoteEntry | None) -> str:
        """A note marker's accessible description ("Note 24. …"), sanitised, as a previews file holds it.

        Kept by what it says: every chapter's previews file is made again when an entry it
        shows changes, and its notes' tips seldom do.
        """
        words = self.words
        text = self.first_sentence(note.model.text) if note else words._("No commentary has been written yet.")
        said = words._("Note {number}.", number=number) + " " + text
        return _kept(self._note_tips, (chapter, number, text), lambda: sanitize_page(
            f'<p class="glossa-pv-tip" id="glossa-d-note-{chapter}-{number}">{html.escape(said)}</p>'))

    def adopt(self, old: Renderer, changed: set[str]) -> None:
        """Keep what ``old`` rendered for the entries not in ``changed`` (``glossa serve``, after a save).

        Sound while no entry was added, removed or renamed (a full build follows those):
        a preview or a tip shows its own entry's fields, and other entries only by name.
        """
        self._cache.update(old._cache)
        self._sentences.update(old._sentences)  # a text's sentence reads only names, and no name changed
        self._note_tips.update(old._note_tips)  # keyed by all they show
        for mine, theirs in ((self._previews, old._previews), (self._blocks, old._blocks)):
            mine.update({k: v for k, v in theirs.items() if k[0] not in changed})
        for by_id, old_by_id in ((self._tips, old._tips), (self._dates, old._dates)):
            by_id.update({k: v for k, v in old_by_id.items() if k not in changed})

    def description(self, entry: Entry) -> str:
        """The text-only preview: kind, name, dates and first sentence (the mark's accessible description)."""
        model = entry.model
        dates = self.dates(entry)
        summary = self.first_sentence(model.summary_line() if model.body_field != "definition" else model.body())
        return typographic(f"{self.words._(entry.kind.label)}. {model.name}" + (f", {dates}" if dates else "")
                           + f". {summary}")

    def first_sentence(self, text: str) -> str:
        """The first sentence of a text, as plain words, with [[refs]] read as their entries' names.

        Remembered by text: an index page, and every chapter's previews file (a sentence
        per note), ask again for thousands of them whenever they are made again.
        """
        def name(ident: str) -> str | None:
            entry = self.registry.entries.get(ident)
            return entry.model.name if entry else None

        return _kept(self._sentences, text, lambda: typographic(first_sentence(text, name)))

    def dates(self, entry: Entry) -> str:
        """An entry's dates as previews and indexes show them ("18 December 1878 – 5 March 1953"), remembered."""
        return _kept(self._dates, entry.id, lambda: entry.model.preview_dates(self.words))

    def note(self, note: NoteEntry, base: str) -> str:
        """A note expansion with its sources, as it appears in the notes section and the popover."""
        return self.markdown(note.model.text, base) + self.sources(note.model.sources, base)


_K = TypeVar("_K", bound=Hashable)


def _kept(table: dict[_K, str], key: _K, make: Callable[[], str]) -> str:
    """``table[key]``, made by ``make()`` the first time: the renderer's caches (a book asks again and again)."""
    hit = table.get(key)
    if hit is None:
        hit = table[key] = make()
    return hit


def plain_sources(sources: list, base: str) -> str:
    """A simple source list: author, title (linked), publication facts and locator."""
    items = []
    for src in sources:
        bits = []
        if src.author:
            bits.append(html.escape(typographic(src.author)) + ",")
        title = f"<cite>{html.escape(typographic(src.title))}</cite>"
        if src.url:
            title = f'<a href="{html.escape(src.url, quote=True)}">{title}</a>'
        bits.append(title)
        if src.container:
            bits.append("in " + html.escape(src.container))
        tail = ", ".join(html.escape(x) for x in (src.place, src.publisher, src.year) if x)
        if tail:
            bits.append(f"({tail})")
        for locator in (src.chapter and f"ch. {src.chapter}", src.section,
                        src.pages and (f"pp. {src.pages}" if re.search(r"[-–]", src.pages) else f"p. {src.pages}")):
            if locator:
                bits.append(html.escape(locator))
        if src.note:
            bits.append("— " + html.escape(src.note))
        items.append("<li>" + " ".join(bits) + "</li>")
    return sanitize("<ul>" + "".join(items) + "</ul>")


@dataclasses.dataclass(frozen=True, slots=True)  # slots: a book has tens of thousands of these
class Mention:
    """One occurrence of an entry in a chapter, for "Mentioned in", the index and coverage."""

    entry: str
    page: str  # page key (source path), e.g. "chapter-3.md"
    paragraph: str  # the paragraph's id ("" if it has none)
    # The text node the mention was found in, shared by every mention in it, and the
    # mention's span: the snippet is cut only when "Mentioned in" is written, so a
    # book's tens of thousands of mentions do not each hold three strings.
    source: str
    start: int
    end: int
    linked: bool
    form: str = ""

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
