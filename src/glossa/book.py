"""The edition as a book: what the EPUB and the PDF adapters both print.

One code path for what an annotation says, several outputs. Chapters are rendered by
the site's own Python-Markdown extension (the same matcher, note markers and
paragraph ids), annotation texts by the same :class:`~glossa.render.Renderer`, and
every piece of HTML passes the site's page sanitiser (:func:`~glossa.render.sanitize_page`)
before an adapter parses it into a tree (:func:`fragment`). The site's furniture
(permalinks, Cite controls, mark switches, previews) is left out; the adapters place
the notes themselves (pop-up notes in the EPUB, footnotes in the PDF).

Links to entries are rendered under a placeholder root (:data:`BOOK_ROOT`) that each
adapter maps to its own files (:func:`entry_target`). This module knows nothing of
MkDocs: :func:`load_book` reads the config object ``glossa.project`` loaded.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import html
import os
import re
import unicodedata
import uuid
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import markdown
import tinyhtml5

from . import bookindex, timeline
from .citation import Formatter, source_list
from .extension import GlossaExtension, LinkPolicy, PageSetup
from .i18n import ENGLISH, N_, Words
from .kinds import NAMED, Kind
from .registry import Entry, Registry
from .render import Renderer, sanitize_page, typographic

#: Where entry links point while a book is rendered; adapters map them with :func:`entry_target`.
BOOK_ROOT = "/__glossa_book__/"
_ENTRY_HREF_RE = re.compile(r"^/__glossa_book__/([^/]+)/([^/]+)/$")
#: Scripts written right to left (the EPUB's page progression, the PDF's direction).
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"})


#: What a note without an expansion says (a catalogue message the site uses too).
NO_COMMENTARY = N_("No commentary has been written for this note yet.")
#: What a register says of an entry no chapter names (the site says it too).
NOT_MENTIONED = N_("Not mentioned in the chapters; referenced from other entries.")


@dataclasses.dataclass
class Meta:
    """The book's bibliographic facts (title page, EPUB metadata, PDF metadata)."""

    title: str
    language: str = "en"
    author: str = ""
    source_title: str = ""
    credit: str = ""
    rights: str = ""
    editors: tuple[str, ...] = ()
    publisher: str = ""
    year: str = ""
    description: str = ""
    identifier: str = ""
    modified: str = ""
    slug: str = "edition"
    version: str = ""

    @property
    def rtl(self) -> bool:
        """Whether the book's language is written right to left."""
        return self.language.split("-")[0].lower() in RTL_LANGUAGES

    @property
    def file_stem(self) -> str:
        """The download's file name without suffix: the edition's slug and version."""
        return f"{self.slug}-{self.version}" if self.version else self.slug


def title_lines(meta: Meta) -> str:
    """The title page's content, for the EPUB and the PDF: title, the source's credit, the editors,
    publisher and year, the rights notice (each value escaped)."""
    esc = functools.partial(html.escape, quote=True)
    lines = [f'<h1 class="book-title">{esc(meta.title)}</h1>']
    if meta.credit:
        lines.append(f'<p class="book-credit">The text: {esc(meta.credit)}</p>')
    if meta.editors:
        lines.append(f'<p class="book-editors">Edited by {esc(", ".join(meta.editors))}</p>')
    if meta.publisher or meta.year:
        lines.append(f'<p>{esc(" ".join(x for x in (meta.publisher, meta.year) if x))}</p>')
    if meta.rights:
        lines.append(f'<p class="book-rights">{esc(meta.rights)}</p>')
    return "".join(lines)


@dataclasses.dataclass
class BookNote:
    """One of the book's notes in a chapter: its own number and the editors' commentary (sanitised HTML)."""

    number: int
    html: str


@dataclasses.dataclass
class BookChapter:
    """A chapter: its id (front matter ``chapter``), title, body and notes (sanitised HTML)."""

    chapter: str
    title: str
    html: str
    notes: list[BookNote]
    paragraphs: list[str]


@dataclasses.dataclass
class BookEntry:
    """A register entry: its text (sanitised HTML) and where the chapters mention it."""

    entry: Entry
    html: str
    #: (chapter, paragraph id) of each paragraph that mentions it, in reading order.
    mentions: list[tuple[str, str]]


@dataclasses.dataclass
class Book:
    """Everything both adapters print, in reading order."""

    meta: Meta
    about: str
    chapters: list[BookChapter]
    registers: list[tuple[Kind, list[BookEntry]]]
    index: list[bookindex.Heading]
    timeline: list[timeline.Item]
    #: The reader's words (the edition's catalogue): the book's own headings and labels, as the site's.
    words: Words = ENGLISH
    _by_id: dict[str, BookEntry] = dataclasses.field(default_factory=dict, repr=False)

    def entry(self, ident: str) -> BookEntry | None:
        """A register entry by id (the index asks for each of a book's thousands)."""
        if len(self._by_id) != sum(len(entries) for _, entries in self.registers):
            self._by_id = {e.entry.id: e for _, entries in self.registers for e in entries}
        return self._by_id.get(ident)


@dataclasses.dataclass
class ChapterSource:
    """A chapter's Markdown, as ``docs/`` holds it."""

    chapter: str
    src_uri: str
    title: str
    body: str


def entry_target(href: str) -> tuple[str, str] | None:
    """``(folder, id)`` of an entry link rendered under :data:`BOOK_ROOT`, else None."""
    m = _ENTRY_HREF_RE.match(href)
    return (m.group(1), m.group(2)) if m else None


def entry_anchor(ident: str) -> str:
    """The element id of an entry in the registers."""
    return f"e-{ident}"


def fragment(sanitised: str) -> etree.Element:
    """Sanitised HTML parsed (as browsers parse it) into a ``<div>`` of plain-named elements."""
    doc = tinyhtml5.parse(f"<!doctype html><html><body><div>{sanitised}</div></body></html>",
                          namespace_html_elements=False)
    body = doc.find("body")
    div = body.find("div") if body is not None else None
    return div if div is not None else etree.Element("div")


def rewrite_links(root: etree.Element, resolve: Callable[[str], str | None]) -> None:
    """Give every link its book target; a link with none (a site page) becomes its text (a ``<span>``)."""
    for a in root.iter("a"):
        href = a.get("href")
        if href is None:
            continue
        target = resolve(href)
        if target is None:
            a.tag = "span"
            for name in list(a.attrib):
                if name not in ("class", "lang", "dir"):
                    del a.attrib[name]
        else:
            a.set("href", target)


def external(href: str) -> bool:
    """Whether a link leaves the book (kept as it is)."""
    return href.startswith(("http://", "https://", "mailto:"))


def strip_headerlinks(root: etree.Element) -> None:
    """Remove the ``toc`` extension's heading permalinks ("¶"): the site's, not the book's."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == "a" and "headerlink" in (child.get("class") or "").split():
                _remove(parent, child)


def _remove(parent: etree.Element, child: etree.Element) -> None:
    """Remove ``child`` and keep its tail text."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            prev = parent[index - 1]
            prev.tail = (prev.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def serialize(root: etree.Element) -> str:
    """The children of ``root`` as XML (well-formed XHTML; HTML parsers read it the same)."""
    out = [html.escape(root.text or "", quote=False)]
    for child in root:
        out.append(etree.tostring(child, encoding="unicode", method="xml"))
    return "".join(out)


def slugify(text: str) -> str:
    """A file-name slug: Unicode letters and digits kept, the rest as single hyphens."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^\w]+", "-", text).strip("-_") or "edition"


def _modified() -> str:
    """The EPUB's modification time, UTC (``SOURCE_DATE_EPOCH`` for reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch and epoch.isdigit()
            else datetime.datetime.now(datetime.UTC))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def meta_from_config(config: Any, options: Any) -> Meta:
    """The book's facts from ``mkdocs.yml``: the plugin's ``edition`` options, ``site_name`` and ``copyright``."""
    ed = options.edition
    src = ed.source
    title = ed.title or config.site_name
    rights = html.unescape(re.sub(r"<[^>]*>", "", config.copyright or "")).strip()
    where = ", ".join(x for x in ((src.place and f"{src.place}: {src.publisher}") or src.publisher, src.year) if x)
    credit = ", ".join(x for x in (src.author, src.title) if x) + (f" ({where})" if where else "")
    theme = config.theme
    language = str(theme.get("language") or theme.get("locale") or "en") if hasattr(theme, "get") else "en"
    repo = str(config.repo_url or "").rstrip("/")
    slug = slugify(repo.rsplit("/", 1)[-1] if repo else title)
    ident = uuid.uuid5(uuid.NAMESPACE_URL, f"{config.site_url or ''}#{title}")
    return Meta(title=typographic(title), language=language, author=src.author, source_title=src.title,
                credit=typographic(credit), rights=rights, editors=tuple(ed.editors), publisher=ed.publisher,
                year=ed.year, description=str(config.site_description or "").strip(), identifier=f"urn:uuid:{ident}",
                modified=_modified(), slug=slug, version=os.environ.get("GLOSSA_VERSION", ""))


def render_chapters(ext: GlossaExtension, sources: Iterable[ChapterSource], extensions: list[Any],
                    configs: dict[str, Any]) -> tuple[list[BookChapter], dict[str, list[tuple[str, str]]]]:
    """Render chapters with the site's extension; return them and each entry's (chapter, paragraph) mentions."""
    chapters: list[BookChapter] = []
    mentions: dict[str, list[tuple[str, str]]] = {}
    for src in sources:
        ext.begin_page(PageSetup(key=src.src_uri, base=BOOK_ROOT, chapter=src.chapter, autolink=True, furniture=False))
        md = markdown.Markdown(extensions=[*extensions, ext], extension_configs=configs)
        body = sanitize_page(md.convert(src.body))
        result = ext.end_page()
        for m in result.mentions:
            where = mentions.setdefault(m.entry, [])
            if (src.chapter, m.paragraph) not in where:
                where.append((src.chapter, m.paragraph))
        notes = []
        for number in dict.fromkeys(result.markers):
            note = ext.registry.notes.get((src.chapter, number))
            text = (ext.renderer.note(note, BOOK_ROOT) if note
                    else f"<p><em>{html.escape(ext.renderer.words._(NO_COMMENTARY))}</em></p>")
            notes.append(BookNote(number, sanitize_page(text)))
        chapters.append(BookChapter(src.chapter, src.title, body, notes, result.paragraphs))
    return chapters, mentions


def entry_html(entry: Entry, renderer: Renderer) -> str:
    """An entry as the registers print it: kind, facts, summary, text and sources (sanitised)."""
    model = entry.model
    words = renderer.words
    parts = [f'<p class="book-kind">{html.escape(words._(entry.kind.label))}</p>']
    parts += [f'<p class="book-fact">{html.escape(typographic(text))}</p>' for _, text in model.facts()]
    summary = getattr(model, "summary", None)
    if summary:
        parts.append(f'<p class="book-summary">{html.escape(typographic(summary))}</p>')
    parts.append(renderer.markdown(model.body(), BOOK_ROOT))
    if model.sources:
        head = words._("Sources")
        parts.append(f'<p class="book-sources-head">{html.escape(head)}</p>' + renderer.sources(model.sources, BOOK_ROOT))
    return sanitize_page("".join(parts))


def assemble(meta: Meta, registry: Registry, sources: list[ChapterSource], *, renderer: Renderer,
             extensions: list[Any], configs: dict[str, Any], relink_after: int = 6, about: str = "") -> Book:
    """The whole book: chapters rendered, registers with their mentions, the index and the timeline."""
    ext = GlossaExtension(registry, renderer, policy=LinkPolicy(relink_after=relink_after))
    chapters, mentions = render_chapters(ext, sources, extensions, configs)
    registers = []
    for kind in NAMED:
        entries = [BookEntry(e, entry_html(e, renderer), mentions.get(e.id, [])) for e in registry.of_kind(kind)]
        if entries:
            registers.append((kind, entries))
    return Book(meta, about, chapters, registers, bookindex.headings(registry), timeline.items(registry),
                words=renderer.words)


def _nav_order(nav: Any) -> list[str]:
    """The Markdown files of the nav, in order (sections flattened)."""
    out: list[str] = []
    for item in nav or []:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, list):
                out += _nav_order(value)
    return out


def load_book(project: Any) -> Book:
    """The book of an edition on disk (a :class:`glossa.project.Project`), rendered as the site renders it."""
    from .project import edition

    ed = edition(project)
    order = {uri: i for i, uri in enumerate(_nav_order(project.config.nav))}
    by_file = {page.display: page for page in ed.pages}
    sources = []
    for ch in ed.chapters:
        page = by_file[ch.file]
        h1 = re.search(r"^#\s+(.+?)\s*#*\s*$", ch.body, re.M)
        title = str(ch.meta.get("title") or (h1.group(1) if h1 else f"Chapter {ch.chapter}"))
        sources.append(ChapterSource(str(ch.chapter), page.src_uri, title, ch.body))
    sources.sort(key=lambda s: (order.get(s.src_uri, len(order)), _natural(s.src_uri)))
    from .i18n import Words

    words = Words(project.language, project.options.strings)  # the site's words and dates, in the book too
    formatter = Formatter(project.options.citation_style, project.root / ".cache" / "glossa" / "citations.json",
                          words.language)
    renderer = Renderer(ed.registry, words=words, sources=lambda items, base: source_list(items, formatter, words))
    extensions = list(project.config.markdown_extensions)
    configs = dict(project.config.mdx_configs)
    about = _about(project, extensions, configs)
    book = assemble(meta_from_config(project.config, project.options), ed.registry, sources, renderer=renderer,
                    extensions=extensions, configs=configs, relink_after=project.options.relink_after, about=about)
    formatter.save()
    return book


def _about(project: Any, extensions: list[Any], configs: dict[str, Any]) -> str:
    """``docs/about.md`` (the edition's About page), rendered with raw HTML off and sanitised; "" if none."""
    path = Path(project.docs) / "about.md"
    if not path.is_file():
        return ""
    text = re.sub(r"\A---\n.*?\n---\n", "", path.read_text(encoding="utf-8"), flags=re.S)
    md = markdown.Markdown(extensions=[e for e in extensions if not isinstance(e, GlossaExtension)],
                           extension_configs=configs)
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return sanitize_page(md.convert(text))


def _natural(text: str) -> list[Any]:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]
