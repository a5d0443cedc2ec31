"""Scholarship on a fixture edition: Cite controls and downloads, metadata, JSON-LD, the timeline, the index."""

from __future__ import annotations

import json
import re

import bibtexparser
import pytest
from helpers import Site, basic_edition

#: schema.org, as far as our entry pages use it: the types and the properties each may carry.
SCHEMA_ORG = {
    "Person": {"name", "description", "url", "alternateName", "sameAs", "birthDate", "deathDate"},
    "Place": {"name", "description", "url", "alternateName", "sameAs"},
    "Event": {"name", "description", "url", "alternateName", "sameAs", "startDate", "endDate", "inLanguage"},
    "DefinedTerm": {"name", "description", "url", "alternateName", "sameAs", "inDefinedTermSet"},
    "DefinedTermSet": {"name", "url", "inLanguage"},
}
ISO_DATE = re.compile(r"^-?\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _search(pattern: str, text: str, flags: int = 0) -> re.Match[str]:
    """The first match, which the test needs to exist."""
    found = re.search(pattern, text, flags)
    assert found, f"no match for {pattern!r}"
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("scholar") / "edition")
    basic_edition(site)
    site.config(plugin_extra="      edition:\n        editors: [Ann Editor]\n        publisher: Glossa\n        year: '2026'\n"
                             "        source: {author: Jane Roe, title: The Book, publisher: A Press, year: '1999'}\n")
    site.write("annotations/people/stalin.yml", "name: Joseph Stalin\nmatch: [Stalin]\nwikidata: Q855\n"
               "born: {date: '1878-12-18', alternatives: ['1879-12-21'], note: 'The official date was 1879.'}\n"
               "died: '1953-03-05'\noffices: [{office: General Secretary, start: '1922-04-03', end: '1934-02-10'}]\n"
               "summary: Soviet leader.\nprofile: Profile, see [[lenin]].\nother_names: [Iosif Dzhugashvili]\n"
               "sources: [{title: A book, author: Some One, publisher: P, year: 2004, pages: '12-14'}]\n")
    site.write("annotations/notes/1-1.yml", "chapter: 1\nnumber: 1\ndate: '1934-12-01'\ntext: Note one about [[lenin|Lenin]].\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    return site


def _head(html: str) -> str:
    return html[: html.index("</head>")]


def test_every_paragraph_chapter_and_entry_has_a_cite_control_and_downloads(built: Site) -> None:
    out = built.root / "site"
    chapter = built.page("chapter-1/index.html")
    paragraphs = re.findall(r'<p id="(c1-p\d+)"', chapter)
    cites = re.findall(r'<details class="glossa-cite"', chapter)
    assert paragraphs and len(cites) == len(paragraphs) + 1  # one per paragraph, one for the chapter
    assert "Chapter 1, ¶ 1" in chapter and "Roe, Jane" in chapter
    for pid in [*paragraphs, "chapter"]:
        for ext in ("bib", "ris", "json"):
            assert (out / "cite" / "chapter-1" / f"{pid}.{ext}").is_file(), (pid, ext)
        assert f'href="../cite/chapter-1/{pid}.bib"' in chapter
    entry = built.page("people/stalin/index.html")
    assert "Cite<span class=\"glossa-sr\"> this entry" in entry and "Ann Editor. 2026." in entry
    library = bibtexparser.parse_file(str(out / "cite" / "people" / "stalin" / "entry.bib"))
    assert library.entries[0].fields_dict["title"].value == "Joseph Stalin"
    data = json.loads((out / "cite" / "chapter-1" / "c1-p1.json").read_text())
    assert data[0]["title"] == "Chapter 1, ¶ 1" and data[0]["URL"].endswith("/chapter-1/#c1-p1")


def test_chapter_and_entry_pages_carry_highwire_and_dublin_core_tags(built: Site) -> None:
    for page, title in (("chapter-1/index.html", "Chapter 1"), ("people/stalin/index.html", "Joseph Stalin")):
        head = _head(built.page(page))
        assert f'<meta name="citation_title" content="{title}">' in head
        for name in ("citation_author", "citation_book_title", "citation_publication_date", "citation_publisher",
                     "citation_public_url", "DC.title", "DC.creator", "DC.date", "DC.identifier"):
            assert f'<meta name="{name}"' in head, (page, name)


def test_entry_pages_carry_valid_schema_org_json_ld(built: Site) -> None:
    for page, kind in (("people/stalin/index.html", "Person"), ("places/leningrad/index.html", "Place"),
                       ("glossary/troika/index.html", "DefinedTerm"), ("events/meeting/index.html", "Event")):
        head = _head(built.page(page))
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
        assert len(blocks) == 1, page
        obj = json.loads(blocks[0])
        assert obj["@context"] == "https://schema.org" and obj["@type"] == kind
        assert set(obj) - {"@context", "@type"} <= SCHEMA_ORG[kind], set(obj) - SCHEMA_ORG[kind]
        for key in ("birthDate", "deathDate", "startDate", "endDate"):
            if key in obj:
                assert ISO_DATE.match(obj[key]), (page, key, obj[key])
        if kind == "DefinedTerm":
            assert obj["inDefinedTermSet"]["@type"] == "DefinedTermSet"
    stalin = json.loads(_search(r'ld\+json">(.*?)</script>', built.page("people/stalin/index.html")).group(1))
    assert stalin["sameAs"] == ["https://www.wikidata.org/wiki/Q855"] and stalin["birthDate"] == "1878-12-18"


def test_entry_pages_link_to_their_authority_records(built: Site) -> None:
    html = built.page("people/stalin/index.html")
    assert '<a href="https://www.wikidata.org/wiki/Q855">Wikidata Q855</a>' in html


def test_the_timeline_orders_dated_items_and_links_entries_and_paragraphs(built: Site) -> None:
    html = built.page("timeline/index.html")
    body = html[html.index("<article"):]
    times = re.findall(r'<time datetime="([^"]+)">', body)
    assert times == sorted(times) and "1878-12-18" in times and "1934-12-01" in times
    assert 'id="year-1878"' in body and "disputed: also 21 December 1879" in body
    assert re.search(r'<time datetime="1934-12-01">1 December 1934</time> <span>Chapter 1, note 1</span>', body)
    # Each item links to its entry and to the paragraphs that mention it; the links land.
    item = _search(r'<li data-kind="person"[^>]*>(?:(?!</li>).)*?Joseph Stalin.*?</li>', body, re.S).group()
    assert 'href="../people/stalin/"' in item and 'href="../chapter-1/#c1-p1"' in item
    for href in re.findall(r'href="\.\./([^"#]+)(#[^"]*)?"', body):
        target = built.root / "site" / href[0] / "index.html"
        assert target.is_file(), href
        if href[1]:
            assert f'id="{href[1][1:]}"' in target.read_text(encoding="utf-8"), href


def test_the_index_lists_every_entry_with_kind_locators_and_see_references(built: Site) -> None:
    html = built.page("book-index/index.html")
    assert re.search(r'<a href="\.\./people/stalin/">Stalin, Joseph</a> <span class="glossa-index-kind">\(person\)</span>'
                     r'<span class="glossa-locators"> — 1 <a href="\.\./chapter-1/#c1-p1">¶1</a>.*?; 2 <a href="\.\./chapter-2/#c2-p1">¶1</a>', html)
    assert 'Trotsky, <em>see</em> <a href="../people/trotski/">Trotski, Lev</a>' in html
    assert "Dzhugashvili, Iosif, <em>see</em>" in html
    assert "(place)" in html and "(event)" in html and "(glossary term)" in html
