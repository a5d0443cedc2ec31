"""The generated pages as element trees: entry pages, A-Z indexes and "Mentioned in", with every value escaped."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree  # noqa: N813 - the name Python-Markdown uses
from pathlib import Path

from canal_fixture import CANAL, registry
from hypothesis import given
from hypothesis import strategies as st
from views_fixture import with_field

from glossa import pages
from glossa.kinds import KINDS
from glossa.pages import MENTIONS_SLOT, Ctx, el, entry_page, heading, index_page, mentions_html, raw
from glossa.registry import Entry, Registry
from glossa.render import Mention, Renderer

EXTRA = {
    "people/eleanor.yml": (
        "name: Eleanor Marsh\nmatch: [Eleanor Marsh, {text: Elanor Marsh, sic: true}]\nother_names: [Nell Marsh]\n"
        "offices: [{office: Clerk, start: '1780', end: '1785'}, {office: Treasurer, start: '1786'},"
        " {office: Keeper, end: '1799'}, {office: Friend}]\n"
        "related: [whitcombe]\nsummary: Kept the accounts.\nprofile: She kept the books.\n"
        "wikidata: Q42\nviaf: '1234'\n"
        "sources: [{title: Ledgers, author: A. Clerk, pages: '3'}]\n"),
    "people/abbot.yml": "name: John Abbot\nmatch: [John Abbot]\nsummary: A carter.\nprofile: He drove carts.\n",
    "places/1st-lock.yml": "name: 1st Lock\nmatch: [1st Lock]\ndefinition: The lowest lock. Built first.\n",
}


def _registry(tmp_path: Path) -> Registry:
    return registry(tmp_path, {**CANAL, **EXTRA})


def _ctx(stashed: list[str] | None = None) -> Ctx:
    """A context whose stash keeps the trusted HTML visible (and records it)."""
    def stash(text: str) -> str:
        if stashed is not None:
            stashed.append(text)
        return f"[stash:{len(stashed or [])}]"

    return Ctx(stash=stash, link=lambda e: f"../{e.kind.folder}/{e.id}/", base="../")


def _html(nodes: list[etree.Element]) -> str:
    return "".join(etree.tostring(n, encoding="unicode") for n in nodes)


def _by_class(nodes: list[etree.Element], cls: str) -> etree.Element:
    found = [n for root in nodes for n in root.iter() if n.get("class") == cls]
    assert len(found) == 1, (cls, found)
    return found[0]


def _text(node: etree.Element) -> str:
    return "".join(node.itertext())


# --- helpers --------------------------------------------------------------------------------------


def test_el_and_heading_escape_text_and_attributes() -> None:
    node = el("p", {"title": '"><script>'}, "<b>x</b> & y", children=[heading(2, "<i>", "an-id")])
    out = etree.tostring(node, encoding="unicode")
    assert out == '<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;x&lt;/b&gt; &amp; y<h2 id="an-id">&lt;i&gt;</h2></p>'


def test_raw_passes_html_only_through_the_stash() -> None:
    stashed: list[str] = []
    node = raw(_ctx(stashed), "<em>trusted</em>")
    assert stashed == ["<em>trusted</em>"]
    assert etree.tostring(node, encoding="unicode") == "<p>[stash:1]</p>"


# --- entry pages ----------------------------------------------------------------------------------


def test_entry_page_shows_name_facts_summary_and_other_names(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    nodes = entry_page(reg.entries["whitcombe"], Renderer(reg), _ctx([]))
    assert nodes[0].tag == "h1" and nodes[0].text == "Thomas Whitcombe"
    assert _text(_by_class(nodes, "glossa-entry-kind")) == "Person"
    assert _text(_by_class(nodes, "glossa-entry-dates")) == "2 March 1740 – 1799"
    assert _text(_by_class(nodes, "glossa-entry-summary")) == "Engineer of the summit level."
    # Forms other than the name itself, once each.
    assert _text(_by_class(nodes, "glossa-entry-names")) == "Also written: Whitcombe"


def test_entry_page_body_is_the_sanitised_rendering_through_the_stash(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    stashed: list[str] = []
    nodes = entry_page(reg.entries["whitcombe"], Renderer(reg), _ctx(stashed))
    body = Renderer(reg).markdown(reg.entries["whitcombe"].model.body(), "../")
    assert stashed[0] == body and 'href="../places/hargreaves-lock/"' in body
    assert _text(_by_class(nodes, "glossa-entry-body")) == "[stash:1]"
    # "Mentioned in" is the last heading, followed by the slot filled once every chapter is rendered.
    assert [n.get("id") for n in nodes if n.tag == "h2"][-1] == "mentioned-in"
    assert stashed[-1] == MENTIONS_SLOT


def test_entry_page_lists_offices_related_sources_and_authority_records(tmp_path: Path) -> None:
    # A related id that is not loaded (its file failed) is left out rather than linked.
    reg = with_field(_registry(tmp_path), "eleanor", "related", ["whitcombe", "no-such-entry"])
    stashed: list[str] = []
    nodes = entry_page(reg.entries["eleanor"], Renderer(reg), _ctx(stashed))
    assert [n.get("id") for n in nodes if n.tag == "h2"] == ["offices", "related", "sources", "mentioned-in"]
    offices = [_text(li) for li in _by_class(nodes, "glossa-offices")]
    assert offices == ["Clerk (1780–1785)", "Treasurer (from 1786)", "Keeper (until 1799)", "Friend"]
    related = _by_class(nodes, "glossa-related")
    assert [(a.get("href"), a.text) for a in related.iter("a")] == [("../people/whitcombe/", "Thomas Whitcombe")]
    assert any("<cite>Ledgers</cite>" in s for s in stashed)
    ids = _by_class(nodes, "glossa-entry-ids")
    assert [(a.get("href"), a.text) for a in ids.iter("a")] == [
        ("https://www.wikidata.org/wiki/Q42", "Wikidata Q42"), ("https://viaf.org/viaf/1234/", "VIAF 1234")]
    assert _text(ids) == "Authority records: Wikidata Q42, VIAF 1234"
    assert _text(_by_class(nodes, "glossa-entry-names")) == "Also written: Elanor Marsh, Nell Marsh"
    assert _text(_by_class(nodes, "glossa-entry-sic")) == "In the source also as: “Elanor Marsh” [sic]"


def test_entry_page_without_optional_parts_has_only_mentions(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    nodes = entry_page(reg.entries["hargreaves-lock"], Renderer(reg), _ctx([]))
    assert [n.get("id") for n in nodes if n.tag == "h2"] == ["mentioned-in"]
    out = _html(nodes)
    assert "glossa-entry-names" not in out and "glossa-entry-ids" not in out and "glossa-edit" not in out


def test_entry_page_edit_link_names_the_file(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    nodes = entry_page(reg.entries["navvy"], Renderer(reg), _ctx([]), edit_url="https://example.org/edit/navvy.yml")
    edit = nodes[-1]
    assert edit.get("class") == "glossa-edit"
    assert edit[0].get("href") == "https://example.org/edit/navvy.yml"
    assert _text(edit) == "Edit this entry (annotations/glossary/navvy.yml)"


def test_entry_page_extra_elements_come_before_mentions(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    nodes = entry_page(reg.entries["navvy"], Renderer(reg), _ctx([]), extra=[el("p", {"class": "x-extra"}, "more")])
    classes = [n.get("class") for n in nodes]
    assert classes.index("x-extra") == [n.get("id") for n in nodes].index("mentioned-in") - 1


def test_entry_page_escapes_untrusted_fields(tmp_path: Path) -> None:
    reg = with_field(_registry(tmp_path), "whitcombe", "name", 'Tom <script>alert("x")</script>')
    reg = with_field(reg, "whitcombe", "summary", "<img src=x onerror=alert(1)>")
    reg = with_field(reg, "whitcombe", "other_names", ['"><svg onload=alert(1)>'])
    out = _html(entry_page(reg.entries["whitcombe"], Renderer(reg), _ctx([]), edit_url='https://e/"onclick="x'))
    assert "<script" not in out and "<img" not in out and "<svg" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out and "&lt;svg onload" in out
    assert 'href="https://e/&quot;onclick=&quot;x"' in out


# --- index pages ----------------------------------------------------------------------------------


def test_index_lists_every_entry_of_its_kind_under_its_letter(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    nodes = index_page(KINDS["person"], reg, _ctx(), Renderer(reg))
    assert nodes[0].text == "People" and nodes[1].text == KINDS["person"].index_intro
    nav = nodes[2]
    assert nav.tag == "nav" and [(a.get("href"), a.text) for a in nav] == [
        ("#letter-a", "A"), ("#letter-m", "M"), ("#letter-w", "W")]  # people by surname
    assert [n.get("id") for n in nodes if n.tag == "h2"] == ["letter-a", "letter-m", "letter-w"]
    items = [li for n in nodes if n.tag == "ul" for li in n]
    linked = [li[0].get("href") for li in items]
    assert linked == ["../people/abbot/", "../people/eleanor/", "../people/whitcombe/"]
    assert {e.id for e in reg.entries.values() if e.kind is KINDS["person"]} == {h.split("/")[-2] for h in linked if h}
    assert _text(items[2]) == "Thomas Whitcombe (2 March 1740 – 1799) — Engineer of the summit level."


def test_index_of_terms_and_places_uses_the_definitions_first_sentence(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    places = index_page(KINDS["place"], reg, _ctx(), Renderer(reg))
    # A name that does not start with a letter is filed under '#'.
    assert [n.text for n in places if n.tag == "h2"] == ["#", "H"]
    items = [_text(li) for n in places if n.tag == "ul" for li in n]
    assert items == ["1st Lock — The lowest lock.", "Hargreaves Lock — Where the canal climbs."]


def test_index_of_an_empty_kind_has_no_letters(tmp_path: Path) -> None:
    reg = registry(tmp_path, {"glossary/navvy.yml": CANAL["glossary/navvy.yml"]})
    nodes = index_page(KINDS["event"], reg, _ctx(), Renderer(reg))
    assert [n.tag for n in nodes] == ["h1", "p"]


def test_index_escapes_names(tmp_path: Path) -> None:
    reg = with_field(_registry(tmp_path), "navvy", "name", "<b>navvy</b>")
    out = _html(index_page(KINDS["term"], reg, _ctx(), Renderer(reg)))
    assert "<b>" not in out and "&lt;b&gt;navvy&lt;/b&gt;" in out


# --- "Mentioned in" -------------------------------------------------------------------------------


def _mention(entry: Entry, page: str, paragraph: str, source: str, said: str) -> Mention:
    start = source.index(said)
    return Mention(entry.id, page, paragraph, source, start, start + len(said), linked=True, form=said)


def test_mentions_html_lists_every_occurrence_by_chapter_and_paragraph(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    w = reg.entries["whitcombe"]
    p1 = "Thomas Whitcombe surveyed the summit. Whitcombe was tired."
    mentions = [_mention(w, "chapter-1.md", "c1-p1", p1, "Thomas Whitcombe"),
                _mention(w, "chapter-1.md", "c1-p1", p1, "Whitcombe was"),
                _mention(w, "chapter-1.md", "c1-p4", "Then Whitcombe left.", "Whitcombe"),
                _mention(w, "chapter-2.md", "", "Whitcombe again.", "Whitcombe")]
    out = mentions_html(mentions, {"chapter-1.md": "Chapter 1"}, {"chapter-1.md": "chapter-1/", "chapter-2.md": "chapter-2/"},
                        "../../")
    assert '<p class="glossa-mentions-count">4 mentions in 3 paragraphs of 2 chapters.</p>' in out
    assert '<h3 class="glossa-mentions-page">Chapter 1</h3>' in out
    assert '<h3 class="glossa-mentions-page">chapter-2.md</h3>' in out  # no title: the page key
    assert out.count("<li>") == 3
    assert ('<a href="../../chapter-1/#c1-p1" aria-label="Paragraph 1, 2 mentions">¶ 1</a> '
            '<span class="glossa-mentions-n">×2</span>') in out
    assert '<a href="../../chapter-1/#c1-p4" aria-label="Paragraph 4">¶ 4</a> ' in out
    assert '<a href="../../chapter-2/" aria-label="The passage">here</a> ' in out
    assert "Then <mark>Whitcombe</mark> left." in out
    assert out.index("Chapter 1") < out.index("chapter-2.md")


def test_mentions_html_counts_in_the_singular() -> None:
    m = Mention("navvy", "chapter-1.md", "c1-p2", "The navvies dug.", 4, 11, linked=True)
    out = mentions_html([m], {}, {"chapter-1.md": "chapter-1/"}, "")
    assert "1 mention in 1 paragraph of 1 chapter." in out and "×" not in out


def test_mentions_html_without_mentions_says_so() -> None:
    assert "glossa-mentions-none" in mentions_html([], {}, {}, "../")


def test_mentions_html_escapes_snippets_page_keys_and_anchors() -> None:
    source = 'A <script>alert(1)</script> "Whitcombe" & co.'
    start = source.index("Whitcombe")
    m = Mention("whitcombe", "<img src=x>.md", 'p"><b>', source, start, start + 9, linked=True)
    out = mentions_html([m], {}, {"<img src=x>.md": "x/"}, "../")
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert "A &lt;script&gt;alert(1)&lt;/script&gt; &quot;<mark>Whitcombe</mark>&quot; &amp; co." in out
    assert "&lt;img src=x&gt;.md" in out
    assert 'href="../x/#p&quot;&gt;&lt;b&gt;"' in out


@given(st.lists(st.sampled_from(["a", "b", "people"]), max_size=3), st.lists(st.sampled_from(["a", "b", "people"]), max_size=3))
def test_relative_is_relpath_without_system_calls(dirs: list[str], folder: list[str]) -> None:
    # A page (a file, x.md) relative to the folder of another page.
    p, f = "/".join([*dirs, "x.md"]), "/".join(folder) or "."
    assert pages.relative(p, f) == posixpath.relpath(p, f), (p, f)
