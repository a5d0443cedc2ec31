"""Annotation Markdown to sanitised HTML: entry links, previews, sources, snippets and the escaping of untrusted text."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from canal_fixture import CANAL, registry
from views_fixture import with_field

from glossa import render
from glossa.registry import Registry
from glossa.render import (
    PREVIEW_ATTR,
    Mention,
    Renderer,
    entry_url,
    plain_sources,
    safe_title,
    sanitize,
    sanitize_page,
    snippet,
    typographic,
)

NOTE = "chapter: 1\nnumber: 1\ntext: Dug by [[navvy|the navvies]].\nsources: [{title: Canal Papers, pages: '12-14'}]\n"


@pytest.fixture
def reg(tmp_path: Path) -> Registry:
    return registry(tmp_path, {**CANAL, "notes/1-1.yml": NOTE})


def _source(**fields: str | None) -> SimpleNamespace:
    """A source as plain_sources reads it (unvalidated, so hostile values reach the formatter)."""
    keys = ("author", "title", "url", "container", "place", "publisher", "year", "chapter", "section", "pages", "note")
    return SimpleNamespace(**{k: fields.get(k) for k in keys})


class _Tags(HTMLParser):
    """The real tags and attributes of an HTML fragment (escaped text such as '&lt;script&gt;' is not a tag)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]


def _tags(fragment: str) -> _Tags:
    parser = _Tags()
    parser.feed(fragment)
    return parser


def _inert(fragment: str) -> bool:
    found = _tags(fragment)
    return (not {"script", "img", "iframe", "style"} & set(found.tags)
            and not any(n.startswith("on") or v.strip().lower().startswith("javascript:") for n, v in found.attrs))


# --- sanitisers -----------------------------------------------------------------------------------


def test_sanitize_drops_scripts_handlers_and_script_urls_but_keeps_our_markup() -> None:
    out = sanitize('<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(1)">a</a> '
                   '<a href="https://example.org/" class="c" data-glossa="person:x">b</a><img src=x onerror=y></p>')
    assert "<script" not in out and "onclick" not in out and "javascript:" not in out and "<img" not in out
    assert '<a href="https://example.org/" class="c" data-glossa="person:x">b</a>' in out
    assert out.startswith("<p>Hi ")


def test_sanitize_page_keeps_structure_the_annotation_list_refuses() -> None:
    page = '<h2 id="x" style="color:red">T</h2><table><tr><td colspan="2">c</td></tr></table><iframe src="https://e/"></iframe>'
    assert sanitize(page) == "T" + "c"  # annotation list: no headings, tables or frames
    out = sanitize_page(page)
    assert '<h2 id="x">T</h2>' in out and 'colspan="2"' in out
    assert "style" not in out and "iframe" not in out


def test_a_long_page_is_cleaned_in_sections_with_the_same_result() -> None:
    # A large book's index is cleaned section by section (and each section remembered): the page must
    # come out as one clean of the whole would give it, and a section changed must be cleaned afresh.
    letters = [f'\n<h2 id="index-{c}">{c.upper()}</h2>\n<ul><li><a href="../people/{c}/">{c * 3}</a> '
               f'<span onclick="x()">(person)</span><!-- glossa-locators:{c} --></li></ul>' for c in "abcdefgh"]
    body = "".join(letter * 600 for letter in letters)
    page = '<h1 id="index">Index</h1>' + body
    assert len(page) > render._SECTIONED
    whole = render._PAGE_CLEANER.clean(page)
    assert sanitize_page(page) == whole and "onclick" not in whole and "glossa-locators:a" in whole
    changed = page.replace("aaa", "<script>alert(1)</script>zzz", 1)
    assert sanitize_page(changed) == render._PAGE_CLEANER.clean(changed) != whole
    assert "<script" not in sanitize_page(changed)


def test_a_section_boundary_inside_markup_cannot_smuggle_anything_in() -> None:
    # Sections split at "\n<h2" wherever it is, even inside an attribute or a comment; each half is
    # cleaned on its own, so no element or handler the allow-list refuses comes out either way.
    tail = '<p title="\n<h2 onmouseover=alert(1)>">x</p><!--\n<h2><script>alert(2)</script>-->'
    page = "<p>" + "word " * (render._SECTIONED // 5) + "</p>" + tail + '\n<h2 id="b">B</h2><p>b</p>'
    out = sanitize_page(page)
    found = _Elements()
    found.feed(out)
    assert "script" not in found.tags and not [a for a in found.attrs if a.startswith("on")]
    assert found.tags <= render.PAGE_TAGS
    assert '<h2 id="b">B</h2>' in out


class _Elements(HTMLParser):
    """The element names and attribute names of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)


# --- small text helpers ---------------------------------------------------------------------------


def test_entry_url_for_directory_and_file_urls(reg: Registry) -> None:
    whitcombe, navvy = reg.entries["whitcombe"], reg.entries["navvy"]
    assert entry_url(whitcombe, "../") == "../people/whitcombe/"
    assert entry_url(navvy, "", directory_urls=False) == "glossary/navvy.html"


def test_typographic_curls_quotes_and_apostrophes() -> None:
    assert typographic("the navvies' 'big' cut, \"so\" it's done") == "the navvies’ ‘big’ cut, “so” it’s done"
    plain = "No quotes here"
    assert typographic(plain) is plain


def test_safe_title_stays_inert_even_when_unescaped_once() -> None:
    title = '<script>alert("x")</script> & co'
    out = safe_title(title)
    assert "<" not in out and '"' not in out
    # Themes run it through striptags, which un-escapes: even then no tag can open.
    once = html.unescape(out)
    assert "<script" not in once and "<\u200bscript" in once
    assert once.replace("\u200b", "") == title


def test_snippet_cuts_at_word_boundaries_with_ellipses() -> None:
    text = " ".join(f"w{i}" for i in range(60)) + " Whitcombe " + " ".join(f"v{i}" for i in range(60))
    start = text.index("Whitcombe")
    before, said, after = snippet(text, start, start + len("Whitcombe"), width=20)
    assert said == "Whitcombe"
    assert before.startswith("…") and after.endswith("…")
    assert before[1:].split()[0] in text.split() and after[:-1].split()[-1] in text.split()  # whole words only
    assert len(before) <= 21 and len(after) <= 21
    assert snippet("A Whitcombe b", 2, 11) == ("A ", "Whitcombe", " b")  # short text: no ellipses


def test_mention_text_and_context_come_from_its_span() -> None:
    source = "Thomas Whitcombe surveyed the line."
    m = Mention("whitcombe", "chapter-1.md", "c1-p1", source, 7, 16, linked=True, form="Whitcombe")
    assert m.text == "Whitcombe"
    assert m.context() == ("Thomas ", "Whitcombe", " surveyed the line.")


# --- Renderer.markdown ----------------------------------------------------------------------------


def test_markdown_links_entries_relative_to_the_page(reg: Registry) -> None:
    r = Renderer(reg)
    text = "Built by [[whitcombe]] at [[hargreaves-lock|the lock]]."
    deep, top = r.markdown(text, "../../"), r.markdown(text, "")
    assert '<a href="../../people/whitcombe/">Thomas Whitcombe</a>' in deep
    assert '<a href="places/hargreaves-lock/">the lock</a>' in top
    assert deep.replace("../../", "") == top  # pages differ only in the link prefix
    files = Renderer(reg, directory_urls=False).markdown("[[whitcombe]]", "../")
    assert 'href="../people/whitcombe.html"' in files


def test_markdown_leaves_unknown_references_as_text(reg: Registry) -> None:
    out = Renderer(reg).markdown("See [[nobody]] and [[nobody-else|a label]].", "")
    assert "<a" not in out and "See nobody and a label." in out


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="https://e/" onclick="x()">y</a>',
    "<div>\n<script>alert(1)</script>\n</div>",
])
def test_markdown_never_lets_raw_html_or_script_urls_through(reg: Registry, payload: str) -> None:
    out = Renderer(reg).markdown(f"Before {payload} after.", "../")
    assert _inert(out) and "div" not in _tags(out).tags, out
    assert "Before" in out and "after." in out


def test_markdown_shows_raw_html_as_text(reg: Registry) -> None:
    out = Renderer(reg).markdown("A <b>bold</b> claim", "")
    assert "&lt;b&gt;bold&lt;/b&gt;" in out and "<b>" not in out


def test_markdown_is_cached_per_text(reg: Registry) -> None:
    r = Renderer(reg)
    first = r.markdown("The *navvies* dug.", "")
    assert r._cache == {"The *navvies* dug.": first}
    assert r.markdown("The *navvies* dug.", "") == first and len(r._cache) == 1
    assert first == "<p>The <em>navvies</em> dug.</p>"


# --- previews, tips and descriptions --------------------------------------------------------------


def test_preview_of_a_person_shows_name_kind_dates_and_summary(reg: Registry) -> None:
    out = Renderer(reg).preview(reg.entries["whitcombe"], "../")
    assert '<strong>Thomas Whitcombe</strong>' in out
    assert '<span class="glossa-pv-kind">Person</span>' in out
    assert '<span class="glossa-pv-dates">2 March 1740 – 1799</span>' in out
    assert '<p class="glossa-pv-summary">Engineer of the summit level.</p>' in out


def test_preview_of_a_term_renders_its_definition(reg: Registry) -> None:
    out = Renderer(reg).preview(reg.entries["navvy"], "")
    assert "glossa-pv-summary" not in out and "glossa-pv-dates" not in out
    assert out.endswith("<p>A labourer who dug the canal. Many were Irish.</p>")


def test_preview_escapes_untrusted_names_and_summaries(reg: Registry) -> None:
    reg = with_field(reg, "whitcombe", "name", '<script>alert("n")</script>')
    reg = with_field(reg, "whitcombe", "summary", "<img src=x onerror=alert(1)>")
    r = Renderer(reg)
    out = r.preview(reg.entries["whitcombe"], "")
    assert _inert(out)
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert _inert(r.preview_block(reg.entries["whitcombe"], ""))
    tip = r.tip(reg.entries["whitcombe"])
    assert _inert(tip) and "&lt;script&gt;" in tip


def test_preview_block_wraps_the_preview_with_its_kind_and_id(reg: Registry) -> None:
    r = Renderer(reg)
    navvy = reg.entries["navvy"]
    block = r.preview_block(navvy, "")
    assert block == f'<div {PREVIEW_ATTR}="term:navvy">{r.preview(navvy, "")}</div>'


def test_tip_is_an_element_named_after_the_entry(reg: Registry) -> None:
    tip = Renderer(reg).tip(reg.entries["opening"])
    assert tip == ('<p class="glossa-pv-tip" id="glossa-d-event-opening">'
                   "Event. Opening of the canal, 1–3 May 1791. The canal opens to boats.</p>")


def test_description_reads_references_as_names_and_keeps_the_first_sentence(reg: Registry) -> None:
    r = Renderer(reg)
    assert r.description(reg.entries["hargreaves-lock"]) == "Place. Hargreaves Lock. Where the canal climbs."
    assert r.first_sentence("Built [[hargreaves-lock]]. Then more.") == "Built Hargreaves Lock."
    assert r.first_sentence("He said 'yes'. Then.") == "He said ‘yes’."


def test_note_renders_text_and_sources(reg: Registry) -> None:
    note = reg.notes[("1", 1)]
    out = Renderer(reg).note(note, "../")
    assert '<a href="../glossary/navvy/">the navvies</a>' in out
    assert out.endswith("<ul><li><cite>Canal Papers</cite> pp. 12-14</li></ul>")


def test_sources_uses_the_given_formatter_and_is_empty_without_sources(reg: Registry) -> None:
    calls: list[tuple[int, str]] = []

    def fmt(sources: list, base: str) -> str:
        calls.append((len(sources), base))
        return "<ul>formatted</ul>"

    r = Renderer(reg, sources=fmt)
    assert r.sources([], "../") == "" and calls == []
    assert r.sources([object()], "../") == "<ul>formatted</ul>" and calls == [(1, "../")]


# --- plain_sources --------------------------------------------------------------------------------


def test_plain_sources_formats_author_title_facts_and_locators() -> None:
    out = plain_sources([_source(author="Jane Roe", title="The Canal Chronicle", url="https://example.org/c",
                                 place="Leeds", publisher="Northern Press", year="1999", pages="41"),
                         _source(title="Locks", container="Waterways", chapter="3", pages="2–9", note="See map.")], "")
    first, second = out.split("</li>")[:2]
    assert first.endswith('Jane Roe, <a href="https://example.org/c"><cite>The Canal Chronicle</cite></a> '
                          "(Leeds, Northern Press, 1999) p. 41")
    assert second.endswith("<cite>Locks</cite> in Waterways ch. 3 pp. 2–9 — See map.")


def test_plain_sources_escapes_untrusted_values() -> None:
    out = plain_sources([_source(author="<script>alert(1)</script>", title='T "quoted" <b>',
                                 url='https://e.org/"onmouseover="alert(1)', note="<img src=x>")], "")
    assert _inert(out) and "b" not in _tags(out).tags
    assert "&lt;script&gt;" in out and "&lt;img src=x&gt;" in out
    # The quote cannot end the href: the whole URL stays one attribute value.
    assert ("href", 'https://e.org/"onmouseover="alert(1)') in _tags(out).attrs


def test_plain_sources_drops_script_urls() -> None:
    out = plain_sources([_source(title="Bad", url="javascript:alert(1)")], "")
    assert _inert(out) and "javascript:" not in out and "<cite>Bad</cite>" in out
