"""Citations: CSL items, formatting with citeproc-py, and the BibTeX, RIS, CSL-JSON and meta-tag exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pytest

from glossa import citation
from glossa.model import Source

FACTS = citation.EditionFacts(title="A Book — an annotated edition", editors=("The Editors",), publisher="Glossa",
                              year="2026", source_author="Jane Roe", source_title="A Book", source_publisher="Northern Press",
                              source_year="1999")

#: The part of the CSL-JSON schema (CSL 1.0.2 input data) that our items use, written from the specification:
#: an array of items with a known type, an id, name variables and date variables, and no unknown keys.
_NAME = {"type": "object", "additionalProperties": False,
         "properties": {k: {"type": "string"} for k in ("family", "given", "literal", "suffix", "dropping-particle",
                                                         "non-dropping-particle")}}
_DATE = {"type": "object", "additionalProperties": False, "properties": {
    "date-parts": {"type": "array", "minItems": 1, "maxItems": 2,
                   "items": {"type": "array", "minItems": 1, "maxItems": 3, "items": {"type": ["string", "number"]}}},
    "literal": {"type": "string"}, "circa": {"type": ["string", "number", "boolean"]}}}
CSL_SCHEMA = {
    "type": "array",
    "items": {"type": "object", "required": ["type", "id"], "additionalProperties": False, "properties": {
        "type": {"enum": ["article", "article-journal", "book", "chapter", "entry", "entry-dictionary",
                          "entry-encyclopedia", "webpage", "document", "report", "thesis"]},
        "id": {"type": ["string", "number"]},
        **{k: {"type": "array", "items": _NAME} for k in ("author", "editor", "translator", "container-author")},
        **{k: _DATE for k in ("issued", "original-date", "accessed")},
        **{k: {"type": "string"} for k in ("title", "container-title", "publisher", "publisher-place", "URL",
                                           "original-publisher", "original-publisher-place", "original-title", "note")},
        **{k: {"type": ["string", "number"]} for k in ("page", "locator", "section", "chapter-number", "edition")},
    }},
}


def test_names_parse_into_family_and_given() -> None:
    assert citation.names("J. Arch Getty and Oleg V. Naumov") == [{"family": "Getty", "given": "J. Arch"},
                                                                    {"family": "Naumov", "given": "Oleg V."}]
    assert citation.names("Memorial") == [{"literal": "Memorial"}]
    assert citation.names("Ludwig van Beethoven")[0] == {"family": "van Beethoven", "given": "Ludwig"}


@pytest.fixture(scope="module")
def formatter(tmp_path_factory: pytest.TempPathFactory) -> citation.Formatter:
    return citation.Formatter(cache_file=tmp_path_factory.mktemp("cite") / "cache.json")


def test_references_are_formatted_by_citeproc_in_chicago_author_date(formatter: citation.Formatter) -> None:
    src = Source(title="The Great Terror: A Reassessment", author="Robert Conquest", publisher="Oxford University Press",
                 year=1990, chapter="4")
    html = citation.source_list([src], formatter)
    assert "Conquest, Robert. 1990. <i>The Great Terror: A Reassessment</i>. Oxford University Press. ch. 4." in html
    web = Source(title="Nikolai Yezhov", container="Wikipedia", url="https://en.wikipedia.org/wiki/Nikolai_Yezhov")
    assert '<a href="https://en.wikipedia.org/wiki/Nikolai_Yezhov">' in citation.source_list([web], formatter)


def test_the_cache_is_keyed_by_content_and_equal_to_a_fresh_run(tmp_path: Path) -> None:
    item = citation.chapter_item(FACTS, "Chapter 3, ¶ 9", "https://x.org/chapter-3/#c3-p9", "p")
    first = citation.Formatter(cache_file=tmp_path / "c.json")
    text = first.format(item)
    first.save()
    again = citation.Formatter(cache_file=tmp_path / "c.json")
    assert again.format(item) == text == citation.Formatter().format(item)
    assert json.loads((tmp_path / "c.json").read_text())  # written


def test_a_paragraph_citation_names_book_chapter_paragraph_and_edition(formatter: citation.Formatter) -> None:
    citer = citation.Citer(FACTS, formatter)
    ref = citer.reference("paragraph", "Chapter 3, ¶ 9", "https://x.org/chapter-3/#c3-p9")
    assert "Roe, Jane" in ref and "Chapter 3, ¶ 9" in ref and "A Book" in ref and "edited by The Editors" in ref
    assert '<a href="https://x.org/chapter-3/#c3-p9">' in ref
    entry = citer.reference("entry", "Thomas Whitcombe", "https://x.org/people/whitcombe/")
    assert entry.startswith("The Editors. 2026.") and "Thomas Whitcombe" in entry


def _items() -> list[dict]:
    return [citation.chapter_item(FACTS, "Chapter 3, ¶ 9", "https://x.org/chapter-3/#c3-p9", "cite:chapter-3:c3-p9"),
            citation.entry_item(FACTS, "Whitcombe, {Thomas} & 100% \\ co_", "https://x.org/people/t/", "cite:people:t"),
            citation.source_item(Source(title="T", author="A B", container="J", publisher="P", year=1999), "s")]


@pytest.mark.parametrize("index", range(3))
def test_bibtex_parses_with_a_maintained_parser(index: int) -> None:
    item = _items()[index]
    library = bibtexparser.parse_string(citation.bibtex(item))
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    assert entry.key == item["id"].replace(":", ":")
    assert "title" in entry.fields_dict and entry.fields_dict["title"].value


@pytest.mark.parametrize("index", range(3))
def test_ris_is_tagged_line_by_line(index: int) -> None:
    text = citation.ris(_items()[index])
    lines = text.split("\r\n")[:-1]
    assert lines[0].startswith("TY  - ") and lines[-1] == "ER  - "
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines)
    tags = [line[:2] for line in lines]
    assert "TI" in tags


def test_csl_json_is_valid_against_the_csl_data_schema() -> None:
    for item in _items():
        jsonschema.validate(json.loads(citation.csl_json(item)), CSL_SCHEMA)


def test_meta_tags_carry_what_zoteros_page_translator_reads() -> None:
    """Zotero's "Embedded Metadata" translator (zotero/translators) maps citation_title, citation_author,
    citation_book_title (which makes the item a book section), citation_publication_date, citation_publisher,
    citation_public_url and citation_language, and reads DC.* through its RDF prefixes."""
    tags = dict(citation.meta_tags(_items()[0]))
    for name in ("citation_title", "citation_author", "citation_book_title", "citation_publication_date",
                 "citation_publisher", "citation_public_url", "citation_language", "DC.title", "DC.creator", "DC.date",
                 "DC.publisher", "DC.identifier"):
        assert tags.get(name), name
    assert tags["citation_author"] == "Roe, Jane"  # "Last, First": Zotero splits it at the comma
    html = citation.head_html([("citation_title", 'A "quoted" <title>')])
    assert html == '<meta name="citation_title" content="A &quot;quoted&quot; &lt;title&gt;">'
