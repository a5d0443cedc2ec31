"""The reader's language: catalogues complete and well-formed, CLDR dates, plurals, overrides, direction."""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from glossa import dates
from glossa.i18n import LOCALE_DIR, SHIPPED, Words, family_name_last, index_letter, sort_key, translations
from glossa.pages import mentions_count

PLACEHOLDER = re.compile(r"\{\w+\}")


def _catalog(name: str) -> Catalog:
    with (LOCALE_DIR / name / "LC_MESSAGES" / "glossa.po").open("rb") as fh:
        return read_po(fh, locale=name)


def test_the_template_holds_every_message_the_code_uses() -> None:
    """The shipped template is what extraction gives today: no message is missing from the catalogues."""
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found = {m[2] if isinstance(m[2], str) else m[2][0]
             for m in extract_from_dir(str(LOCALE_DIR.parent), [("**.py", "python")], keywords=keywords)}
    with (LOCALE_DIR / "glossa.pot").open("rb") as shipped:
        assert found == {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(shipped) if m.id}


@pytest.mark.parametrize("name", SHIPPED)
def test_every_catalogue_translates_every_message_and_keeps_its_placeholders(name: str) -> None:
    with (LOCALE_DIR / "glossa.pot").open("rb") as fh:
        template = [m for m in read_po(fh) if m.id]
    catalog = _catalog(name)
    for message in template:
        found = catalog.get(message.id)
        assert found is not None and found.string, f"{name}: {message.id!r} is not translated"
        forms = tuple(found.string) if isinstance(found.string, (tuple, list)) else (found.string,)
        if message.pluralizable:
            assert len(forms) == catalog.num_plurals, f"{name}: {message.id!r} needs {catalog.num_plurals} forms"
        wanted = set(PLACEHOLDER.findall(message.id if isinstance(message.id, str) else message.id[0]))
        for form in forms:
            assert form, f"{name}: an empty plural form of {message.id!r}"
            # A plural form may spell the number out ("إشارة واحدة"), but never adds a placeholder.
            assert set(PLACEHOLDER.findall(form)) <= wanted | {"{n}"}
            if not message.pluralizable:
                assert set(PLACEHOLDER.findall(form)) == wanted, f"{name}: {message.id!r} -> {form!r}"


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "Mentionné dans"), ("de", "Erwähnt in"), ("ru", "Упоминается в"), ("ja", "言及箇所"),
    ("ar", "مذكور في"), ("he", "מוזכר ב"), ("zh-Hans", "提及于"), ("zh-CN", "提及于"), ("pt-BR", "Mencionado em"),
    ("en", "Mentioned in"), ("xx", "Mentioned in"),
])
def test_a_language_tag_finds_its_catalogue(language: str, expected: str) -> None:
    assert Words(language)._("Mentioned in") == expected


@pytest.mark.parametrize(("language", "counts", "expected"), [
    ("en", (8, 3, 2), "8 mentions in 3 paragraphs of 2 chapters."),
    ("en", (1, 1, 1), "1 mention in 1 paragraph of 1 chapter."),
    ("ru", (21, 3, 5), "21 упоминание, 3 абзаца, 5 глав."),
    ("pl", (22, 5, 1), "22 wzmianki, 5 akapitów, 1 rozdział."),
    ("ar", (2, 1, 11), "إشارتان في فقرة واحدة من 11 فصلًا."),
    ("ja", (8, 3, 2), "2章・3段落に言及8件。"),
])
def test_counts_take_the_language_s_plural_forms(language: str, counts: tuple[int, int, int], expected: str) -> None:
    assert mentions_count(Words(language), *counts) == expected


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("fr", "1812-03-04", "4 mars 1812"),
    ("de", "1815-04-01", "1. April 1815"),
    ("ru", "1827-05-21", "21 мая 1827 г."),
    ("ja", "1823-03-12", "1823年3月12日"),
    ("ar", "1848-11-10", "10 نوفمبر 1848"),
    ("fr", "1812-03", "mars 1812"),
    ("ja", "1812", "1812年"),
    ("fr", "c. 1891", "v. 1891"),
    ("de", "c. 1891", "um 1891"),
    ("ja", "c. 1891", "1891年頃"),
    ("fr", "-0044-03-15", "15 mars 44 av. J.-C."),
    ("ru", "-0044", "44 г. до н. э."),
    ("fr", "1789/1848-11-10", "1789 – 10 novembre 1848"),
    ("en", "1936-08-19/1936-08-24", "19–24 August 1936"),  # English stays as Glossa always wrote it
    ("en", "1936-09-26", "26 September 1936"),
    ("en", "-0044", "44 BC"),
    ("fr", "not a date", "not a date"),
])
def test_dates_are_written_as_the_language_writes_them(language: str, text: str, expected: str) -> None:
    # CLDR puts no-break and thin spaces where a line must not break ("21 мая 1827 г.").
    assert re.sub(r"[\u00a0\u2009\u202f]", " ", Words(language).date(text)) == expected


def test_an_arabic_date_has_arabic_month_names_and_no_latin_letters() -> None:
    text = Words("ar").span(dates.parse("1789/1848-11-10"))
    assert "نوفمبر" in text and not re.search(r"[A-Za-z]", text)


def test_an_edition_overrides_single_strings_and_plural_forms() -> None:
    words = Words("fr", {"Mentioned in": "Cité dans", "{n} mention": ["{n} citation", "{n} citations"]})
    assert words._("Mentioned in") == "Cité dans"
    assert words._("Notes") == "Notes"
    assert (words.ngettext("{n} mention", "{n} mentions", 1), words.ngettext("{n} mention", "{n} mentions", 4)) == (
        "1 citation", "4 citations")


def test_direction_follows_the_script() -> None:
    assert [Words(x).direction for x in ("ar", "he", "fa", "fr", "ja", "ru")] == ["rtl"] * 3 + ["ltr"] * 3


def test_the_script_s_words_are_inert_data_in_the_language() -> None:
    words = Words("de", {"Close": "</script><script>alert(1)</script>"})
    tag = words.script_tag()
    assert tag.count("</script>") == 1 and "<script>alert" not in tag
    data = json.loads(tag.split(">", 1)[1].rsplit("<", 1)[0])
    assert data["copy"] == "Kopieren" and data["close"].startswith("</script>")


def test_translations_are_read_from_the_po_files_without_a_compile_step() -> None:
    assert translations("uk").gettext("Timeline") == "Хронологія"


@pytest.mark.parametrize(("language", "names", "expected"), [
    ("fr", ["Zola", "l’État", "Éclair", "Ange"], ["Ange", "Éclair", "l’État", "Zola"]),
    ("ru", ["Muhammad", "Ёлкин", "Ежов", "Александр"], ["Александр", "Ежов", "Ёлкин", "Muhammad"]),
    ("ar", ["Muhammad Ali", "القاهرة", "إبراهيم", "تونس"], ["إبراهيم", "تونس", "القاهرة", "Muhammad Ali"]),
    ("de", ["Die Zeit", "Öl", "Ober"], ["Ober", "Öl", "Die Zeit"]),
])
def test_headings_sort_by_collation_without_articles_own_script_first(language: str, names: list[str],
                                                                      expected: list[str]) -> None:
    assert sorted(names, key=lambda n: sort_key(n, language)) == expected


@pytest.mark.parametrize(("language", "text", "letter"), [
    ("fr", "Éclair", "E"), ("fr", "l’État", "E"), ("pl", "Łódź", "Ł"), ("ru", "Ёлкин", "Е"), ("ru", "Йошкар-Ола", "Й"),
    ("ar", "الباشا", "ب"), ("ar", "إبراهيم", "ا"), ("ja", "カタカナ", "か"), ("ja", "ひらがな", "は"),
    ("ko", "김옥균", "ㄱ"), ("de", "1848", "#"),
])
def test_index_letters_follow_the_language_s_alphabet(language: str, text: str, letter: str) -> None:
    assert index_letter(text, language) == letter


def test_names_in_arabic_and_east_asian_scripts_are_not_inverted() -> None:
    assert [family_name_last(n) for n in ("Thomas Whitcombe", "إبراهيم باشا", "勝 海舟", "김 옥균")] == [
        True, False, False, False]


def test_plural_overrides_follow_the_catalogue_s_forms() -> None:
    words = Words("ru", {"{n} mention": ["{n} ссылка", "{n} ссылки", "{n} ссылок"]})
    assert [words.ngettext("{n} mention", "{n} mentions", n) for n in (1, 3, 5, 21)] == [
        "1 ссылка", "3 ссылки", "5 ссылок", "21 ссылка"]
