"""The Python-Markdown extension: note markers, auto-links, notes section, previews.

Written like Python-Markdown's own ``abbr`` and ``footnotes`` extensions:

* an inline processor turns ``{^24}`` into a note marker that keeps the book's
  number (the ``footnotes`` extension would renumber from 1);
* a treeprocessor walks the element tree and links names and terms in *text
  nodes*, so headings, code and existing links are skipped by construction, never
  by regex over HTML;
* it then appends the chapter's notes section and an empty slot that names the
  page's previews file: the previews that popovers show and the marks'
  descriptions, loaded by the page's script after the page (see
  :meth:`GlossaExtension.previews_document`).

The extension knows nothing of MkDocs. The caller says which page is being
rendered with :meth:`GlossaExtension.begin_page` and collects what was found with
:meth:`GlossaExtension.end_page`.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from collections.abc import Callable
from html import escape

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from . import guard, timing
from .chapters import MARKER_RE
from .citation import Citer
from .i18n import N_
from .kinds import KINDS
from .pages import Ctx, relative
from .registry import Entry, Registry
from .render import Mention, Renderer, entry_url

#: The notes section's introduction, unless the edition gives its own.
NOTES_INTRO = N_("Under each of the book’s note numbers is the editors’ commentary on the passage it marks, "
                 "not the author’s note.")

#: The class of a page's hidden previews slot (filled in by the page's script).
PREVIEWS_CLASS = "glossa-previews"
#: What a page's previews file adds to the page's own file name: ``index.html`` -> ``index.previews.html``.
PREVIEWS_SUFFIX = ".previews.html"
#: An offline build's script copy of the previews file: ``index.previews.html`` -> ``index.previews.js``.
PREVIEWS_SCRIPT_SUFFIX = ".previews.js"
#: Elements whose text is never auto-linked.
SKIP_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "kbd", "samp", "a", "script", "style", "abbr", "sup"})
#: Elements that start a new block of text (for sentence-start detection).
BLOCK_TAGS = frozenset({"p", "li", "td", "th", "dd", "dt", "blockquote", "div", "section", "figcaption"})


def note_id(chapter: str, number: int) -> str:
    """Element id of a note's expansion in the notes section."""
    return f"note-{chapter}-{number}"


def previews_name(dest: str) -> str:
    """The file name of a page's previews, next to the page's own file (``chapter-1/index.html``)."""
    name = posixpath.basename(dest)
    return (name[:-len(".html")] if name.endswith(".html") else name) + PREVIEWS_SUFFIX


def previews_script_name(previews: str) -> str:
    """The name of the script that carries a previews file's document in an offline build."""
    return previews[:-len(PREVIEWS_SUFFIX)] + PREVIEWS_SCRIPT_SUFFIX


def previews_script(document: str) -> str:
    """A previews document as a script that hands it to the page's script, for pages read from ``file://``.

    Chromium refuses ``fetch`` of a ``file://`` URL, but loads a ``<script src>`` beside the page.
    The document holds strangers' text (already sanitised as HTML), so it goes in as one JSON
    string: ``</`` is escaped (no script element can be closed by it) and so are U+2028 and
    U+2029 (line ends in older JavaScript parsers).
    """
    text = json.dumps(document, ensure_ascii=False)
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.glossaPreviews = {text};\n"


def noteref_id(chapter: str, number: int) -> str:
    """Element id of a note marker in the text."""
    return f"noteref-{chapter}-{number}"


@dataclasses.dataclass
class PageSetup:
    """What the extension needs to know about the page it is about to render."""

    key: str
    base: str = ""
    chapter: str | None = None
    autolink: bool = False
    #: Link names to the entry's *source* page (``../people/stalin.md``), for site
    #: generators that resolve and validate such links (MkDocs does), or to its URL.
    source_links: bool = False
    #: For a generated page: builds its body from data (see :mod:`glossa.pages`).
    build: Callable[[Ctx], list[etree.Element]] | None = None
    #: The page's absolute URL (for citations and permalinks), and its download folder under cite/.
    url: str = ""
    cite_path: str = ""
    #: The page's title as plain text, if its front matter gives one (else its first heading is used).
    title: str = ""
    #: The name of the page's previews file, which sits next to it (:func:`previews_name`).
    previews: str = "index" + PREVIEWS_SUFFIX
    #: The site's furniture (paragraph permalinks, Cite controls, notes section, mark switches,
    #: previews slot). Off for a book (:mod:`glossa.book`), whose adapters place notes themselves.
    furniture: bool = True


@dataclasses.dataclass
class PageResult:
    """What rendering one page found."""

    key: str
    chapter: str | None
    mentions: list[Mention] = dataclasses.field(default_factory=list)
    markers: list[int] = dataclasses.field(default_factory=list)
    paragraphs: list[str] = dataclasses.field(default_factory=list)
    unnamed_paragraphs: int = 0
    linked: set[str] = dataclasses.field(default_factory=set)
    linked_kinds: set[str] = dataclasses.field(default_factory=set)
    #: note number -> the id of the paragraph its marker sits in
    note_paragraphs: dict[int, str] = dataclasses.field(default_factory=dict)

    @property
    def has_marks(self) -> bool:
        """Whether the page has marks (links to entries, note markers): then it has a previews file."""
        return bool(self.linked or self.markers)


@dataclasses.dataclass
class LinkPolicy:
    """How often a repeated name is linked.

    The first mention of an entry on a page is linked; a later one only when at
    least ``relink_after`` paragraphs have passed since the last link to it
    (0: once per page). Every mention counts for "Mentioned in" regardless.
    """

    relink_after: int = 6


class _MarkerInline(InlineProcessor):
    def __init__(self, ext: GlossaExtension) -> None:
        super().__init__(MARKER_RE.pattern)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]  # noqa: N802
        number = int(m.group(1))
        setup = self.ext.setup
        chapter = setup.chapter or "x"
        # Markup is kept lean: it is repeated for every marker and mention of a book
        # (see the page-weight target in BENCHMARKS.md); kind and id live in data-glossa.
        sup = etree.Element("sup")
        first = number not in self.ext.result.markers
        if first:
            sup.set("id", noteref_id(chapter, number))
        self.ext.result.markers.append(number)
        a = etree.SubElement(sup, "a", {
            "href": f"#{note_id(chapter, number)}",
            "data-glossa": f"note:{chapter}-{number}",
            "role": "doc-noteref",
            "aria-label": self.ext.renderer.words._("Note {number}", number=number),
        })
        a.text = str(number)
        return sup, m.start(0), m.end(0)


class _LinkTreeprocessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, ext: GlossaExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        ext = self.ext
        started = timing.clock() if timing.enabled else 0.0
        self.matching = 0.0
        self.setup, self.result = ext.setup, ext.result
        self.last_link: dict[str, int] = {}
        self.para_index = 0
        self.para_id = ""
        if self.setup.build is not None:
            self._generated(root, self.setup.build)
        if self.setup.autolink:
            self._walk(root, block_start=True)
        if self.setup.chapter is not None:
            self._note_paragraphs(root)
        if self.setup.chapter is not None and self.setup.furniture:
            self._permalinks(root)
            self._cite(root)
            self._notes_section(root)
            self._toggles(root)
        if self.setup.furniture:
            self._previews(root)
        if timing.enabled:
            timing.add("matching", self.matching)
            timing.add("rendering", timing.clock() - started - self.matching)

    # -- auto-linking -----------------------------------------------------------------
    def _walk(self, el: etree.Element, block_start: bool) -> None:
        if el.tag in BLOCK_TAGS:
            if el.tag == "p":
                self.para_index += 1
            if el.get("id"):
                self.para_id = el.get("id", "")
                self.result.paragraphs.append(self.para_id)
            elif el.tag == "p":
                self.result.unnamed_paragraphs += 1
            block_start = True
        children = list(el)  # before inserting links, so new links are not walked again
        if el.text:
            nodes = self._link(el.text, block_start)
            if nodes:
                el.text = nodes[0]
                for i, node in enumerate(nodes[1:]):
                    el.insert(i, node)
        for child in children:
            if child.tag in SKIP_TAGS:
                pass
            else:
                self._walk(child, block_start=child.tag in BLOCK_TAGS)
            if child.tail:
                nodes = self._link(child.tail, False)
                if nodes:
                    child.tail = nodes[0]
                    at = list(el).index(child) + 1
                    for i, node in enumerate(nodes[1:]):
                        el.insert(at + i, node)

    def _link(self, text: str, block_start: bool) -> list | None:
        """Split ``text`` into [leading text, <a>, <a>, ...] (tails carry the text between)."""
        if timing.enabled:
            t0 = timing.clock()
            matches = self.ext.registry.matcher.find(text, block_start=block_start)
            self.matching += timing.clock() - t0
        else:
            matches = self.ext.registry.matcher.find(text, block_start=block_start)
        if not matches:
            return None
        out: list = [text[: matches[0].start]]
        policy = self.ext.policy
        entries = self.ext.registry.entries
        prev: etree.Element | None = None
        for k, m in enumerate(matches):
            entry = entries[m.entry]
            last = self.last_link.get(m.entry)
            link = last is None or (policy.relink_after > 0 and self.para_index - last >= policy.relink_after)
            self.result.mentions.append(Mention(m.entry, self.setup.key, self.para_id, text, m.start, m.end, link, m.form))
            following = text[m.end : matches[k + 1].start if k + 1 < len(matches) else len(text)]
            if not link:
                # Left as text: append to the previous node's tail (or the leading text).
                if prev is None:
                    out[0] += text[m.start : m.end] + following
                else:
                    prev.tail = (prev.tail or "") + text[m.start : m.end] + following
                continue
            self.last_link[m.entry] = self.para_index
            self.result.linked.add(m.entry)
            self.result.linked_kinds.add(entry.ref_kind)
            a = etree.Element("a", {"data-glossa": f"{entry.ref_kind}:{entry.id}", "href": self.href(entry)})
            a.text = text[m.start : m.end]
            if m.sic:
                a.set("title", self.ext.renderer.words._("[sic] as in the source"))
            a.tail = following
            out.append(a)
            prev = a
        return out

    def href(self, entry: Entry) -> str:
        """The link from the page being rendered to an entry's page."""
        if self.setup.source_links:
            return relative(entry.page, posixpath.dirname(self.setup.key) or ".")
        return entry_url(entry, self.setup.base, self.ext.directory_urls)

    def _generated(self, root: etree.Element, build: Callable[[Ctx], list[etree.Element]]) -> None:
        """Replace the page's body with the tree built from data."""
        for child in list(root):
            root.remove(child)
        for node in build(Ctx(stash=self.md.htmlStash.store, link=self.href, base=self.setup.base)):
            root.append(node)

    # -- chapter furniture -----------------------------------------------------------
    def _permalinks(self, root: etree.Element) -> None:
        for p in root.iter("p"):
            pid = p.get("id")
            if pid:
                # Material's search skips elements with data-search-exclude (and strips it after).
                p.append(symbol_link("glossa-pl", f"#{pid}", "¶", self.ext.renderer.words._("Link to this paragraph")))

    def _note_paragraphs(self, root: etree.Element) -> None:
        """Which paragraph each note marker sits in (the timeline and index link notes to it)."""
        for p in root.iter("p"):
            pid = p.get("id")
            if not pid:
                continue
            for a in p.iter("a"):
                ref = a.get("data-glossa", "")
                if ref.startswith("note:"):
                    self.result.note_paragraphs.setdefault(int(ref.rsplit("-", 1)[-1]), pid)

    def _cite(self, root: etree.Element) -> None:
        """A Cite control after each paragraph with an id, and one for the whole chapter."""
        citer = self.ext.citer
        if citer is None:
            return
        words = self.ext.renderer.words
        h1 = next(root.iter("h1"), None)
        title = self.setup.title or ("".join(h1.itertext()).strip() if h1 is not None
                                     else words._("Chapter {number}", number=self.setup.chapter))
        base = self.setup.base
        for index, child in reversed(list(enumerate(root))):
            pid = child.get("id") if child.tag == "p" else None
            if not pid:
                continue
            number = pid.rsplit("-p", 1)[-1] if "-p" in pid else pid
            html_text = citer.block("paragraph", f"{title}, ¶ {number}", f"{self.setup.url}#{pid}",
                                    f"{self.setup.cite_path}{pid}", base, words._("paragraph {number}", number=number))
            holder = etree.Element("p")
            holder.text = self.md.htmlStash.store(html_text)
            root.insert(index + 1, holder)
        holder = etree.Element("p")
        holder.text = self.md.htmlStash.store(citer.block("chapter", title, self.setup.url, f"{self.setup.cite_path}chapter",
                                                          base, words._("this chapter")))
        root.append(holder)

    def _toggles(self, root: etree.Element) -> None:
        """The mark switches, one per kind on the page, in the page itself: no layout shift.

        They work without JavaScript too (the stylesheet reads them with ``:has()``); the
        script remembers the reader's choice and takes switched-off marks out of the tab order.
        """
        present = {ref.split(":", 1)[0] for ref in self.result.linked_kinds} | ({"note"} if self.result.markers else set())
        kinds = [k for k in KINDS.values() if k.name in present]
        if not kinds:
            return
        box = etree.Element("fieldset", {"class": "glossa-toggles"})
        legend = etree.SubElement(box, "legend")
        words = self.ext.renderer.words
        legend.text = words._("Show marks")
        for kind in kinds:
            label = etree.SubElement(box, "label")
            etree.SubElement(label, "input", {"type": "checkbox", "data-kind": kind.name, "checked": "checked"})
            swatch = etree.SubElement(label, "span", {"class": f"glossa-swatch-{kind.name}"})
            swatch.text = words._(kind.plural)
        children = list(root)
        at = next((i + 1 for i, el in enumerate(children) if el.tag == "h1"), 0)
        root.insert(at, box)
        if self.ext.print_head:
            head = etree.Element("div", {"class": "glossa-print-head", "aria-hidden": "true"})
            for line in self.ext.print_head:
                p = etree.SubElement(head, "p")
                p.text = line
            root.insert(0, head)

    def _notes_section(self, root: etree.Element) -> None:
        chapter = self.setup.chapter or "x"
        numbers = list(dict.fromkeys(self.result.markers))
        if not numbers:
            return
        section = etree.SubElement(root, "section", {"class": "glossa-notes", "aria-labelledby": f"notes-{chapter}"})
        h2 = etree.SubElement(section, "h2", {"id": f"notes-{chapter}"})
        words = self.ext.renderer.words
        h2.text = words._("Notes")
        intro = etree.SubElement(section, "p", {"class": "glossa-notes-intro"})
        intro.text = self.ext.notes_intro or words._(NOTES_INTRO)
        ol = etree.SubElement(section, "ol", {"class": "glossa-notelist"})
        renderer = self.ext.renderer
        for number in numbers:
            li = etree.SubElement(ol, "li", {"id": note_id(chapter, number), "value": str(number)})
            note = self.ext.registry.notes.get((chapter, number))
            none = escape(words._("No commentary has been written for this note yet."))
            body = renderer.note(note, self.setup.base) if note else f"<p><em>{none}</em></p>"
            # The list item itself is the popover's source (found by its id): no copy, no wrapper.
            label = escape(words._("Editors’ commentary on note {number}", number=number))
            html = f'<p class="glossa-note-label">{label}</p>{body}'
            placeholder = etree.SubElement(li, "p")
            placeholder.text = self.md.htmlStash.store(html)
            li.append(symbol_link("glossa-backref", f"#{noteref_id(chapter, number)}", "↩",
                                  words._("Back to note {number} in the text", number=number)))

    def _previews(self, root: etree.Element) -> None:
        """A page with marks gets the empty slot that names its previews file."""
        if not self.result.has_marks:
            return
        # An <aside>, not a <div>: Material's search parser matches excluded elements by tag name,
        # so an excluded <div> stops being excluded at its first inner </div>.
        attrs = {"class": PREVIEWS_CLASS, "hidden": "hidden", "data-search-exclude": "true",
                 # "./": a relative URL even if the name looks like a scheme.
                 "data-glossa-src": "./" + self.setup.previews}
        if self.ext.offline:  # read from file://, where the script cannot fetch the previews file
            attrs["data-glossa-script"] = "./" + previews_script_name(self.setup.previews)
        if self.ext.renderer.suggest:  # the paragraphs' "Suggest an annotation" links start from it
            attrs["data-glossa-suggest"] = self.ext.renderer.suggest
        etree.SubElement(root, "aside", attrs)


class _HeadingLinksTreeprocessor(Treeprocessor):
    """After ``toc``: its heading permalinks ("¶") are for the mouse; kept out of headings' names and the tab order."""

    def run(self, root: etree.Element) -> None:
        for a in root.iter("a"):
            if a.get("class") == "headerlink":
                a.set("aria-hidden", "true")
                a.set("tabindex", "-1")


def symbol_link(cls: str, href: str, symbol: str, name: str) -> etree.Element:
    """A link shown as a symbol and named in words: the symbol is hidden from assistive technology."""
    a = etree.Element("a", {"class": cls, "href": href, "data-search-exclude": "true"})
    shown = etree.SubElement(a, "span", {"aria-hidden": "true"})
    shown.text = symbol
    said = etree.SubElement(a, "span", {"class": "glossa-sr"})
    said.text = name
    return a


class GlossaExtension(Extension):
    """Python-Markdown extension; one instance serves every page of a build."""

    def __init__(self, registry: Registry, renderer: Renderer | None = None, *,
                 policy: LinkPolicy | None = None, directory_urls: bool = True, notes_intro: str | None = None,
                 print_head: tuple[str, ...] = (), offline: bool = False) -> None:
        super().__init__()
        #: An offline build: pages also name their previews script (see :func:`previews_script`).
        self.offline = offline
        #: The edition's own notes introduction (None: the interface's, in the reader's language).
        self.notes_intro = notes_intro
        #: Lines printed at the top of a chapter's first page (what the text is and whose rights).
        self.print_head = print_head
        #: Makes the Cite controls (None: no citations, e.g. in the check's own renders).
        self.citer: Citer | None = None
        self.registry = registry
        self.renderer = renderer or Renderer(registry, directory_urls=directory_urls)
        self.policy = policy or LinkPolicy()
        self.directory_urls = directory_urls
        self.setup = PageSetup(key="")
        self.result = PageResult("", None)

    def previews_document(self, result: PageResult, base: str) -> str:
        """A page's previews file ("" if the page has no marks): one tip and one preview per mark's target.

        A tip is a mark's text-only description; the page's script moves it into the page,
        where ``aria-describedby`` points at it. A preview is what the mark's popover shows.
        Kept out of the page, because a chapter's previews weigh as much as its text, and
        the script fetches them after the page has loaded (or at the first hover, focus or
        tap). A pure function of the page's links and the registry, so ``glossa serve``
        writes it again alone when an entry changes, without rendering the chapter.
        """
        if not result.has_marks:
            return ""
        renderer, entries = self.renderer, self.registry.entries
        chapter = result.chapter or "x"
        # Tips and previews are sanitised (and kept) one by one: a book shows each on many pages.
        notes = "".join(renderer.note_tip_block(chapter, number, self.registry.notes.get((chapter, number)))
                        for number in dict.fromkeys(result.markers))
        tips = "".join(renderer.tip_block(entries[i]) for i in sorted(result.linked))
        blocks = "".join(renderer.preview_block(entries[i], base) for i in sorted(result.linked))
        return ('<!doctype html>\n<html><head><meta charset="utf-8"><meta name="robots" content="noindex">'
                f'<title>Previews</title></head><body>{tips}{notes}{blocks}</body></html>\n')

    def begin_page(self, setup: PageSetup) -> None:
        """Say which page is rendered next."""
        self.setup = setup
        self.result = PageResult(setup.key, setup.chapter)

    def end_page(self) -> PageResult:
        """Return what the last render found, and forget it."""
        result, self.result = self.result, PageResult("", None)
        self.setup = PageSetup(key="")
        return result

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        """Register the marker inline processor and the linking treeprocessor."""
        md.registerExtension(self)
        # Pages are text from contributors: raw HTML is shown as text, never passed through
        # (and the check reports it). The page sanitiser is the second line of defence.
        for name, registry in (("html_block", md.preprocessors), ("html", md.inlinePatterns)):
            if name in registry:
                registry.deregister(name)
        guard.register(md)
        md.inlinePatterns.register(_MarkerInline(self), "glossa-marker", 185)
        # After 'inline' (20) and attr_list (8), so text nodes are final and paragraph
        # ids exist; before toc (5), so the notes heading gets an anchor and a TOC entry.
        md.treeprocessors.register(_LinkTreeprocessor(md, self), "glossa-link", 7)
        md.treeprocessors.register(_HeadingLinksTreeprocessor(md), "glossa-headerlinks", 4)
