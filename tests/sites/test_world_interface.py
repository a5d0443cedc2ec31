"""Editions in French, Russian, Japanese, Arabic and Hebrew: built strictly once each, read as a reader would.

Each fixture edition is a page of our own in its language, with a person, a place, a term, an
event and notes. The assertions are golden: the interface's words in the language (and no
English one), dates in the language's forms, the page's language and direction, the index's
order, readable ids; then Chromium opens a preview in each script and reads it, and axe-core
checks the Arabic and Japanese pages.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import tempfile
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from glossa import testing
from glossa.edition_tests.conftest import READY_JS, browser, make_context  # noqa: F401 - fixtures used by name
from glossa.edition_tests.test_reading import axe
from glossa.i18n import Words

#: Screenshots of the Arabic and Japanese pages with a preview open (outside the repository).
#: Where the previews in each script are photographed: the README's (a reviewed change) with
#: GLOSSA_UPDATE_SCREENSHOTS=1, else the ignored artifacts folder.
SHOTS = (Path(__file__).resolve().parents[2] / ".github" / "screenshots" / "world"
         if os.environ.get("GLOSSA_UPDATE_SCREENSHOTS") == "1"
         else Path(os.environ.get("GLOSSA_ARTIFACTS") or Path(tempfile.gettempdir()) / "glossa-artifacts") / "world")

MKDOCS = """\
site_name: {title}
site_url: {url}
theme:
  name: material
  font: false
  language: {language}
  features: [navigation.instant]
  # The palette of every `glossa init` edition (the theme's default footer fails axe's contrast check).
  palette:
    scheme: default
    primary: brown
    accent: deep orange
plugins:
  - search
  - glossa:
      source_locators: false
      edition:
        editors: [Test Editor]
        publisher: Test Press
        year: "2026"
        source:
          author: Test Author
          title: {title}
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
extra:
  generator: false  # as in every `glossa init` edition: the theme's credit line fails axe's contrast check
"""


@dataclass(frozen=True)
class Book:
    """One fixture edition: its files, and what a reader must find in it."""

    language: str
    title: str
    chapter: str
    files: dict[str, str]
    #: Words of the interface that must be on the chapter page, and on the person's page.
    chapter_words: tuple[str, ...]
    entry_words: tuple[str, ...]
    #: The person whose page and preview are read, a date the page must show, and its index letters.
    person: str
    date: str
    letters: tuple[str, ...]
    #: What the opened preview must say (the name, the "full profile" link).
    preview: tuple[str, ...]
    direction: str = "ltr"


def _person(name: str, forms: list[str], born: str, died: str, summary: str, profile: str, source: str) -> str:
    return (f"name: {json.dumps(name, ensure_ascii=False)}\nmatch: {json.dumps(forms, ensure_ascii=False)}\n"
            f"born: \"{born}\"\ndied: \"{died}\"\nsummary: {json.dumps(summary, ensure_ascii=False)}\n"
            f"profile: {json.dumps(profile, ensure_ascii=False)}\nsources:\n  - title: {json.dumps(source, ensure_ascii=False)}\n"
            "    author: Jean Dupont\n    year: 1998\n")


def _entry(name: str, forms: list[str], text: str, extra: str = "") -> str:
    return (f"name: {json.dumps(name, ensure_ascii=False)}\nmatch: {json.dumps(forms, ensure_ascii=False)}\n{extra}"
            f"definition: {json.dumps(text, ensure_ascii=False)}\nsources: [{{title: Atlas}}]\n")


def _event(name: str, forms: str, date: str, summary: str) -> str:
    return (f"name: {json.dumps(name, ensure_ascii=False)}\nmatch: {forms}\n"
            f"date: \"{date}\"\nsummary: {json.dumps(summary, ensure_ascii=False)}\n"
            f"description: {json.dumps(summary, ensure_ascii=False)}\nsources: [{{title: Atlas}}]\n")


def _chapter(title: str, paragraphs: list[str]) -> str:
    body = "\n\n".join(f"{p}\n{{: #c1-p{i} }}" for i, p in enumerate(paragraphs, 1))
    return f"---\nchapter: \"1\"\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n# {title}\n\n{body}\n"


def _notes(texts: list[str]) -> dict[str, str]:
    return {f"annotations/notes/1-{i}.yml": f"chapter: 1\nnumber: {i}\ntext: {json.dumps(t, ensure_ascii=False)}\n"
            for i, t in enumerate(texts, 1)}


BOOKS = {
    "fr": Book("fr", "Histoire de Lyon", "Chapitre premier", {
        "docs/chapter-1.md": _chapter("Chapitre premier", [
            "Le préfet Éléonore Vautrin arriva à Lyon au printemps.{^1} Les canuts attendaient Vautrin.",
            "La Fabrique refusa le tarif ; Lyon se souleva en novembre.{^2}"]),
        "annotations/people/vautrin.yml": _person("Éléonore Vautrin", ["Éléonore Vautrin", "Vautrin"], "1780-03-04",
                                                  "1848-11-10", "Préfet du Rhône.", "Préfet du Rhône sous [[lyon]].",
                                                  "La crise de l’état"),
        "annotations/places/lyon.yml": _entry("Lyon", ["Lyon"], "Ville sur le Rhône."),
        "annotations/glossary/fabrique.yml": _entry("La Fabrique", ["La Fabrique"], "L’industrie de la soie à Lyon.",
                                                   "category: institution\n"),
        "annotations/events/revolte.yml": _event("Révolte des canuts", "[{text: novembre, common: true}]", "1831-11-21/1831-11-24",
                                                 "Révolte des ouvriers de la soie."),
        **_notes(["Sur l’arrivée du préfet.", "Sur la révolte."]),
    }, ("Afficher les repères", "Commentaire des éditeurs sur la note 1", "Citer"),
        ("Mentionné dans", "Personne", "Citer"), "vautrin", "4 mars 1780", ("F", "L", "N", "R", "V"),
        ("Éléonore Vautrin", "Biographie complète")),
    "ru": Book("ru", "История Петербурга", "Глава первая", {
        "docs/chapter-1.md": _chapter("Глава первая", [
            "Победоносцев писал царю из Петербурга.{^1} Ответ пришёл от Николая.",
            "Совет отверг проект Победоносцева.{^2}"]),
        "annotations/people/победоносцев.yml": _person("Константин Победоносцев", ["Победоносцев"], "1827-05-21",
                                                       "1907-03-23", "Обер-прокурор Синода.", "Советник [[nikolay]].",
                                                       "Витте и Победоносцев").replace(
            '"]\nborn', '", {text: "Победоносцева", inflected: true}]\nborn'),
        "annotations/people/николай.yml": _person("Николай Александрович", ["Николая"], "1868-05-18", "1918-07-17",
                                                  "Император.", "Император.", "Дневники"),
        "annotations/places/peterburg.yml": _entry("Санкт-Петербург", ["Петербурга"], "Столица империи."),
        "annotations/glossary/sovet.yml": _entry("Государственный совет", ["Совет"], "Законосовещательный орган.",
                                                 "category: institution\n"),
        **_notes(["О письме.", "О совете."]),
    }, ("Показывать пометки", "Комментарий редакторов к примечанию 1", "Цитировать"),
        ("Упоминается в", "Персона", "Цитировать"), "pobedonostsev", "21 мая 1827 г.", ("А", "Г", "П", "С"),
        ("Константин Победоносцев", "Полная биография")),
    "ja": Book("ja", "江戸の歴史", "第一章", {
        "docs/chapter-1.md": _chapter("第一章", [
            "一八六八年、「勝海舟」は「江戸」で「西郷」と会った。{^1}",
            "「勝海舟」の交渉により、「江戸」は戦火を免れた。{^2}"]),
        "annotations/people/katsu-kaishu.yml": _person("勝海舟", ["勝海舟"], "1823-03-12", "1899-01-21",
                                                      "幕臣、政治家。", "幕臣。[[edo]]で交渉した。", "海舟座談"),
        "annotations/places/edo.yml": _entry("江戸", ["江戸"], "東京の旧称。"),
        "annotations/people/saigo.yml": _person("さいごう たかもり", ["西郷"], "1828-01-23", "1877-09-24",
                                               "薩摩藩士。", "薩摩藩士。", "西郷隆盛伝"),
        **_notes(["会談について。", "無血開城について。"]),
    }, ("マークを表示", "注1への編者の解説", "引用"), ("言及箇所", "人物", "引用"), "katsu-kaishu",
        "1823年3月12日", ("さ", "勝", "江"), ("勝海舟", "人物紹介の全文")),
    "ar": Book("ar", "تاريخ مصر", "الفصل الأول", {
        "docs/chapter-1.md": _chapter("الفصل الأول", [
            "وصل إبراهيم باشا إلى القاهرة في ربيع ذلك العام.{^1}",
            "ثم كتب Muhammad Ali إلى إبراهيم باشا من القاهرة.{^2}"]),
        "annotations/people/ibrahim-pasha.yml": _person("إبراهيم باشا", ["إبراهيم باشا"], "1789", "1848-11-10",
                                                        "قائد مصري.", "قائد في [[alqahra]].", "تاريخ مصر الحديث"),
        "annotations/people/muhammad-ali.yml": _person("Muhammad Ali", ["Muhammad Ali"], "1769-03-04", "1849-08-02",
                                                       "والي مصر.", "والي مصر.", "Egypt in the Reign of Muhammad Ali"),
        "annotations/places/القاهرة.yml": _entry("القاهرة", ["القاهرة"], "عاصمة مصر."),
        **_notes(["عن الوصول.", "عن الرسالة."]),
    }, ("إظهار العلامات", "تعليق المحررين على الحاشية 1", "استشهد"), ("مذكور في", "شخص", "استشهد"),
        "ibrahim-pasha", "10 نوفمبر 1848", ("ا", "ق", "A"), ("إبراهيم باشا", "السيرة كاملة"), "rtl"),
    "he": Book("he", "תולדות ירושלים", "פרק ראשון", {
        "docs/chapter-1.md": _chapter("פרק ראשון", [
            "נפוליאון הגיע אל עכו באביב.{^1}",
            "החומות של עכו עמדו, ונפוליאון שב למצרים.{^2}"]),
        "annotations/people/napoleon.yml": _person("נפוליאון בונפרטה", ["נפוליאון"], "1769-08-15", "1821-05-05",
                                                   "קיסר הצרפתים.", "מצביא שצר על [[akko]].", "נפוליאון במזרח"),
        "annotations/places/akko.yml": _entry("עכו", ["עכו"], "עיר נמל בגליל."),
        **_notes(["על המצור.", "על הנסיגה."]),
    }, ("הצגת סימונים", "ביאור העורכים להערה 1", "ציטוט"), ("מוזכר ב", "אדם", "ציטוט"), "napoleon",
        "15 באוגוסט 1769", ("ב", "ע"), ("נפוליאון בונפרטה", "הפרופיל המלא"), "rtl"),
}

#: Words of the English interface that must appear on no page of another language (those whose
#: translation is the same word, such as French "Index", excepted); "=" marks a whole element's text.
ENGLISH = ("Mentioned in", "Show marks", "Editors’ commentary on note {number}", "Also written:", "Glossary term",
           "Full profile", "=Cite", "Permalink", "=Download", "Back to note {number} in the text",
           "Link to this paragraph", "{n} mention", "Chapter {number}", "Authority records:", "=Index", "=Timeline",
           "this entry", "this chapter", "=Born", "=Died", "everyone", "Only the years the text covers", "=Sources",
           "Permanent link")


def _forbidden(language: str) -> list[str]:
    """The English words of :data:`ENGLISH` as they would show, less those the language shares."""
    words = Words(language)
    out = []
    for item in ENGLISH:
        msgid = item.lstrip("=")
        if words.catalogue.gettext(msgid) == msgid and words.catalogue.ngettext(msgid, msgid, 5) == msgid:
            continue
        shown = msgid.replace("{number}", "1").replace("{n} mention", " mentions in ")
        out.append(f">{shown}<" if item.startswith("=") else shown)
    return out


@dataclass
class Built:
    """A fixture edition, built strictly once, and served at the address it was built for."""

    root: Path
    url: str
    stderr: str

    def page(self, rel: str) -> str:
        return (self.root / "site" / rel).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Built]]:
    """Each language's edition, built with ``--strict`` the first time a test asks for it, then kept."""
    servers: list[http.server.ThreadingHTTPServer] = []
    built: dict[str, Built] = {}

    class Lazy(dict):
        def __missing__(self, language: str) -> Built:
            book = BOOKS[language]
            root = tmp_path_factory.mktemp(f"world-{language}")
            handler = functools.partial(_Quiet, directory=str(root / "site"))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            url = f"http://127.0.0.1:{server.server_address[1]}/"
            (root / "mkdocs.yml").write_text(MKDOCS.format(title=book.title, url=url, language=language), encoding="utf-8")
            (root / "docs").mkdir()
            (root / "docs" / "index.md").write_text(f"# {book.title}\n\n{book.title}.\n", encoding="utf-8")
            for rel, text in book.files.items():
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
            result = testing.build(root / "mkdocs.yml", root / "site", strict=True)
            if result.returncode:
                server.server_close()
                pytest.fail(f"the {language} edition does not build strictly:\n{result.stderr[-3000:]}")
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            self[language] = Built(root, url, result.stderr)
            return self[language]

    lazy = Lazy()
    yield lazy
    for server in servers:
        server.shutdown()
    built.clear()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _text(html: str) -> str:
    """A page's visible text and attribute values, without its scripts and styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", html.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " "))


@pytest.mark.parametrize("language", list(BOOKS))
def test_an_edition_speaks_its_language_and_no_english(editions: dict[str, Built], language: str) -> None:
    book, site = BOOKS[language], editions[language]
    chapter = site.page("chapter-1/index.html")
    assert re.search(rf'<html lang="{language}" dir="{book.direction}"', chapter)
    entry_rel = next(f for f in ("people", "places") if (site.root / "site" / f / book.person).is_dir())
    entry = site.page(f"{entry_rel}/{book.person}/index.html")
    for word in book.chapter_words:
        assert word in chapter, (language, word)
    for word in book.entry_words:
        assert word in entry, (language, word)
    assert book.date in _text(entry), (language, book.date)
    pages = [chapter, entry, site.page("book-index/index.html"), site.page("timeline/index.html"),
             site.page("people/index.html"), (site.root / "site" / "chapter-1" / "index.previews.html").read_text("utf-8")]
    for page in pages:
        shown = _text(page)
        for word in _forbidden(language):
            assert word not in shown, (language, word)
    data = re.search(r'<script type="application/json" id="glossa-words">(.*?)</script>', chapter)
    assert data, "the chapter carries no words for its script"
    words = json.loads(data.group(1))
    assert words["close"] and words["close"] != "Close" and words["copy"] != "Copy"


@pytest.mark.parametrize("language", list(BOOKS))
def test_citations_carry_the_language(editions: dict[str, Built], language: str) -> None:
    head = editions[language].page("chapter-1/index.html").split("</head>", 1)[0]
    assert f'<meta name="citation_language" content="{language}">' in head
    assert f'<meta name="DC.language" content="{language}">' in head


def test_a_french_title_is_not_title_cased(editions: dict[str, Built]) -> None:
    entry = editions["fr"].page("people/vautrin/index.html")
    assert "La crise de l’état" in entry and "La Crise De" not in entry


def test_dates_ranges_and_counts_are_in_the_language(editions: dict[str, Built]) -> None:
    fr = _text(editions["fr"].page("timeline/index.html"))
    assert "21 novembre 1831 – 24 novembre 1831" in fr and "10 novembre 1848" in fr
    ja = _text(editions["ja"].page("people/katsu-kaishu/index.html"))
    assert "1823年3月12日 – 1899年1月21日" in ja and "1章・2段落に言及2件。" in ja
    ru = _text(editions["ru"].page("people/pobedonostsev/index.html"))
    assert "2 упоминания, 2 абзаца, 1 глава." in ru
    ar = _text(editions["ar"].page("people/ibrahim-pasha/index.html"))
    assert "نوفمبر" in ar and "إشارتان في فقرتين من فصل واحد." in ar


def test_ids_are_readable_and_files_in_any_script_are_accepted(editions: dict[str, Built]) -> None:
    ru, ar = editions["ru"].root / "site", editions["ar"].root / "site"
    assert (ru / "people" / "pobedonostsev" / "index.html").is_file() and (ru / "people" / "nikolay" / "index.html").is_file()
    assert (ar / "places" / "alqahra" / "index.html").is_file()
    for site in (ru, ar):
        assert not list(site.glob("*/entry*"))


@pytest.mark.parametrize("language", list(BOOKS))
def test_the_book_index_is_in_the_language_s_order(editions: dict[str, Built], language: str) -> None:
    page = editions[language].page("book-index/index.html")
    letters = re.findall(r'<h2 id="index-[^"]*">([^<]+)<', page)
    assert tuple(letters) == BOOKS[language].letters


def test_an_inflected_form_is_grammar_not_another_spelling(editions: dict[str, Built]) -> None:
    site = editions["ru"]
    entry, index = site.page("people/pobedonostsev/index.html"), site.page("book-index/index.html")
    assert "<mark>Победоносцева</mark>" in entry  # matched: one of the entry's mentions
    names = re.search(r'<p class="glossa-entry-names">(.*?)</p>', entry)
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', entry)
    assert names and "Победоносцев" in names.group(1) and "Победоносцева" not in names.group(1)
    assert ld and "Победоносцева" not in ld.group(1) and "Победоносцева" not in index


def test_arabic_names_are_not_inverted_and_latin_ones_are(editions: dict[str, Built]) -> None:
    page = editions["ar"].page("book-index/index.html")
    assert ">إبراهيم باشا</a>" in page and "باشا, إبراهيم" not in page
    assert ">Ali, Muhammad</a>" in page


# -- in the browser ---------------------------------------------------------------------------------
POP = "#glossa-popover"


def _chapter_page(make_context, site: Built, **options: object):  # noqa: F811
    page = make_context(**options).new_page()
    page.goto(f"{site.url}chapter-1/")
    page.wait_for_function(READY_JS)
    return page


@pytest.mark.browser
@pytest.mark.parametrize("language", list(BOOKS))
def test_a_reader_opens_a_preview_in_each_script(make_context, editions: dict[str, Built], language: str) -> None:  # noqa: F811
    book, site = BOOKS[language], editions[language]
    page = _chapter_page(make_context, site)
    mark = page.locator(f'.md-content a[data-glossa="person:{book.person}"]').first
    mark.hover()
    pop = page.locator(POP)
    pop.wait_for(state="visible", timeout=3000)
    for word in book.preview:
        expect(pop).to_contain_text(word)
    expect(pop.locator(".glossa-popover-close .glossa-sr")).not_to_have_text("Close")
    assert pop.evaluate("p => getComputedStyle(p).direction") == book.direction
    box, mark_box, width = pop.bounding_box(), mark.bounding_box(), page.viewport_size["width"]
    assert box and mark_box and 0 <= box["x"] and box["x"] + box["width"] <= width  # nothing clipped
    if book.direction == "rtl":  # the popover opens from the mark's start: its right edge
        assert abs((box["x"] + box["width"]) - (mark_box["x"] + mark_box["width"])) < 2 or box["x"] <= 8
    if language in ("ar", "ja", "he"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{language}-preview.png"))


@pytest.mark.browser
@pytest.mark.parametrize("language", ["ar", "ja"])
def test_axe_finds_nothing_in_arabic_and_japanese(make_context, editions: dict[str, Built], language: str) -> None:  # noqa: F811
    page = _chapter_page(make_context, editions[language])
    found = axe(page, "at rest")
    page.locator(f'.md-content a[data-glossa="person:{BOOKS[language].person}"]').first.focus()
    page.keyboard.press(" ")
    page.locator(POP).wait_for(state="visible", timeout=3000)
    found += axe(page, "preview open")
    assert not found, found


@pytest.mark.browser
def test_the_timeline_reads_right_to_left_with_nothing_clipped(make_context, editions: dict[str, Built]) -> None:  # noqa: F811
    page = make_context().new_page()
    page.goto(f"{editions['ar'].url}timeline/")
    times = page.locator(".glossa-timeline-list time")
    assert times.count() >= 4
    content = page.locator(".md-content").bounding_box()
    assert content
    for i in range(times.count()):
        box = times.nth(i).bounding_box()
        assert box and box["x"] >= content["x"] - 1 and box["x"] + box["width"] <= content["x"] + content["width"] + 1
        # Right to left: the date stands at the line's start, on the right of its item.
        item = times.nth(i).locator("xpath=..").bounding_box()
        assert item and box["x"] + box["width"] > item["x"] + item["width"] / 2
