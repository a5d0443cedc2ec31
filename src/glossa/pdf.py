"""The PDF adapter: a :class:`~glossa.book.Book` as one HTML document, printed by WeasyPrint.

CSS paged media does the book-making: the notes float to the foot of their page
(``float: footnote``) under the book's own numbers, the chapter title is the running
head (``string-set``), the registers and the index print page numbers
(``target-counter``), and headings become the PDF's bookmarks. WeasyPrint was chosen
because it implements all of these from plain HTML and CSS, in Python, with no browser.

The HTML is made from the same sanitised fragments as the EPUB (:mod:`glossa.book`):
:func:`book_html` is what WeasyPrint reads, so a test can check that it holds no
script and no handler.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from pathlib import Path
from typing import Any

from . import dates
from .book import (
    NOT_MENTIONED,
    Book,
    BookChapter,
    BookEntry,
    entry_anchor,
    entry_target,
    external,
    fragment,
    rewrite_links,
    serialize,
    strip_headerlinks,
    title_lines,
)
from .kinds import Kind

#: WeasyPrint's PDF/UA-1 variant: a tagged PDF with its structure tree, language and title shown.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}
#: Paper sizes ``--paper`` accepts, as CSS ``size`` values.
PAPER = {"a4": "A4", "letter": "letter"}

CSS = """\
@page { size: %(size)s; margin: 22mm 20mm 24mm;
  @top-center { content: string(running); font: italic 9pt serif; }
  @bottom-center { content: counter(page); font: 9pt serif; }
  @footnote { border-top: 0.5pt solid #777; margin-top: 3mm; } }
@page :first { @top-center { content: none; } @bottom-center { content: none; } }
html { font: 10.5pt/1.45 serif; }
h1, h2, h3 { font-family: sans-serif; line-height: 1.2; break-after: avoid; }
h1 { string-set: running content(); bookmark-level: 1; }
h2 { bookmark-level: 2; }
.register h2, .index h2 { bookmark-level: none; font-size: 11pt; }
.titlepage { page: title; text-align: center; padding-block-start: 60mm; break-after: page; }
.titlepage h1 { font-size: 24pt; bookmark-level: none; string-set: running ""; }
.chapter, .register, .about, .index, .timeline { break-before: page; }
a { color: inherit; text-decoration: none; }
p { margin: 0 0 0.5em; orphans: 2; widows: 2; }
.fn { float: footnote; font-size: 8pt; line-height: 1.25; }
.fn::footnote-call { content: attr(data-n); vertical-align: super; font-size: 65%%; line-height: 0; }
.fn::footnote-marker { content: attr(data-n) ". "; font-weight: bold; }
.fn .fn-block { display: block; }
.fn > .fn-block:first-child { display: inline; }
a.pg::after { content: target-counter(attr(href url), page); }
.book-kind, .book-mentions { font-size: 9pt; }
.index ul, .timeline ul { list-style: none; padding-inline-start: 0; font-size: 9pt; }
.index li { text-indent: -1em; padding-inline-start: 1em; break-inside: avoid; }
mark { background: none; font-weight: bold; }
"""
_BLOCKS = frozenset({"p", "ul", "ol", "li", "blockquote", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "pre"})


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


class _Links:
    """Maps the book's links inside the one HTML document: entries to their register entry."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.ids = {e.entry.id for _, entries in book.registers for e in entries}

    def resolve(self, href: str) -> str | None:
        """The link inside the PDF's one document (None: it leads nowhere in the book)."""
        target = entry_target(href)
        if target is not None:
            return f"#{entry_anchor(target[1])}" if target[1] in self.ids else None
        return href if href.startswith("#") or external(href) else None

    def tree(self, sanitised: str) -> etree.Element:
        """Sanitised HTML as a tree with the book's links."""
        root = fragment(sanitised)
        strip_headerlinks(root)
        rewrite_links(root, self.resolve)
        return root


def _inline(root: etree.Element) -> None:
    """Blocks inside a footnote become spans shown as blocks: a footnote sits inside a paragraph."""
    for node in root.iter():
        # WeasyPrint breaks footnote lines at the source's newlines: make them spaces.
        node.text = node.text.replace("\n", " ") if node.text else node.text
        node.tail = node.tail.replace("\n", " ") if node.tail else node.tail
        if node.tag in _BLOCKS:
            node.set("class", " ".join(filter(None, [node.get("class"), "fn-block"])))
            node.tag = "span"


def chapter_html(chapter: BookChapter, links: _Links) -> str:
    """A chapter with its notes as footnotes where their markers stand, under the book's numbers."""
    root = links.tree(chapter.html)
    notes = {n.number: n for n in chapter.notes}
    placed: set[int] = set()
    for parent in list(root.iter()):
        for index, sup in enumerate(list(parent)):
            a = sup.find("a") if sup.tag == "sup" else None
            if a is None or a.get("role") != "doc-noteref":
                continue
            number = int(a.text or "0")
            ident = f"note-{chapter.chapter}-{number}"
            if number in placed or number not in notes:
                a.set("href", f"#{ident}")
                continue
            placed.add(number)
            fn = links.tree(notes[number].html)
            _inline(fn)
            fn.tag = "span"
            fn.attrib.update({"class": "fn", "id": ident, "data-n": str(number), "role": "doc-footnote"})
            fn.tail = sup.tail
            parent.remove(sup)
            parent.insert(index, fn)
    return f'<section class="chapter" id="book-chapter-{_esc(chapter.chapter)}">{serialize(root)}</section>'


def _pages(targets: list[str]) -> str:
    """Page numbers (WeasyPrint fills them in) of each target, linked."""
    return ", ".join(f'<a class="pg" href="#{_esc(t)}"></a>' for t in dict.fromkeys(targets))


def _targets(mentions: list[tuple[str, str]]) -> list[str]:
    return [para or f"book-chapter-{chapter}" for chapter, para in mentions]


def register_html(kind: Kind, entries: list[BookEntry], links: _Links) -> str:
    """A register: every entry of one kind, with the pages that mention it."""
    words = links.book.words
    out = [f'<section class="register" id="register-{kind.folder}"><h1>{_esc(words._(kind.plural))}</h1>']
    for e in entries:
        where = (f'<p class="book-mentions">Mentioned on pages {_pages(_targets(e.mentions))}.</p>' if e.mentions
                 else f'<p class="book-mentions">{_esc(words._(NOT_MENTIONED))}</p>')
        out.append(f'<section class="entry" id="{entry_anchor(e.entry.id)}"><h2>{_esc(e.entry.model.name)}</h2>'
                   f"{serialize(links.tree(e.html))}{where}</section>")
    out.append("</section>")
    return "".join(out)


def index_html(book: Book) -> str:
    """The index of pages: every heading A-Z with the page numbers of the paragraphs that name it."""
    items = []
    for h in book.index:
        if h.see is not None:
            items.append(f'<li>{_esc(h.text)}, <i>see</i> <a href="#{entry_anchor(h.see.id)}">{_esc(h.see.model.name)}</a></li>')
            continue
        assert h.entry is not None
        found = book.entry(h.entry.id)
        pages = _pages(_targets(found.mentions)) if found and found.mentions else ""
        items.append(f'<li><a href="#{entry_anchor(h.entry.id)}">{_esc(h.text)}</a>'
                     + (f", {pages}" if pages else f' (see p. <a class="pg" href="#{entry_anchor(h.entry.id)}"></a>)')
                     + "</li>")
    return f'<section class="index" id="book-index"><h1>{_esc(book.words._("Index"))}</h1><ul>{"".join(items)}</ul></section>'


def timeline_html(book: Book) -> str:
    """The timeline: every dated item in order, with the page of its entry."""
    items = []
    for item in book.timeline:
        line = f"<b>{_esc(dates.human(item.spec.date))}</b>: {_esc(item.label)}"
        if item.entry is not None:
            line += f' — {_esc(item.entry.model.name)}, p. <a class="pg" href="#{entry_anchor(item.entry.id)}"></a>'
        items.append(f"<li>{line}</li>")
    return f'<section class="timeline" id="book-timeline"><h1>{_esc(book.words._("Timeline"))}</h1><ul>{"".join(items)}</ul></section>'


def title_html(book: Book) -> str:
    """The title page: title, the source's credit, the editors, the rights notice."""
    return f'<section class="titlepage">{title_lines(book.meta)}</section>'


def book_html(book: Book, paper: str = "a4") -> str:
    """The whole book as the one HTML document WeasyPrint prints."""
    m = book.meta
    links = _Links(book)
    parts = [title_html(book)]
    if book.about:
        parts.append(f'<section class="about">{serialize(links.tree(book.about))}</section>')
    parts += [chapter_html(c, links) for c in book.chapters]
    parts += [register_html(kind, entries, links) for kind, entries in book.registers]
    parts.append(index_html(book))
    if book.timeline:
        parts.append(timeline_html(book))
    head = (f'<meta charset="utf-8"><title>{_esc(m.title)}</title>'
            + (f'<meta name="author" content="{_esc(m.author)}">' if m.author else "")
            + (f'<meta name="description" content="{_esc(m.description)}">' if m.description else "")
            + f'<meta name="generator" content="Glossa"><style>{CSS % {"size": PAPER[paper]}}</style>')
    direction = ' dir="rtl"' if m.rtl else ""
    return (f'<!doctype html>\n<html lang="{_esc(m.language)}"{direction}><head>{head}</head>'
            f'<body>{"".join(parts)}</body></html>\n')


def render(book: Book, paper: str = "a4") -> Any:
    """The book laid out in pages by WeasyPrint (a ``weasyprint.Document``; tests read its pages)."""
    from weasyprint import HTML

    # No base URL: the book's HTML refers to nothing outside itself.
    return HTML(string=book_html(book, paper)).render(**PDF_OPTIONS)


def write_pdf(book: Book, out: Path, paper: str = "a4", document: Any = None, **options: Any) -> Path:
    """Print the book to ``out``: tagged (PDF/UA-1), fonts embedded and subset, language set, bookmarks."""
    out.parent.mkdir(parents=True, exist_ok=True)
    (document or render(book, paper)).write_pdf(out, **PDF_OPTIONS, **options)
    return out
