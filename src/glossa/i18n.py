"""The reader's language: every word of Glossa's interface, its dates, numbers and direction.

An edition has one language, a BCP 47 tag (``fr``, ``pt-BR``, ``zh-Hans``), given to the
core as a plain string. :class:`Words` holds everything that follows from it:

* the interface's words, from gettext catalogues (``locale/<language>/LC_MESSAGES/glossa.po``)
  read with Babel, the ecosystem's standard: plural forms come from each catalogue's header;
  an edition may override single strings (the plugin's ``strings`` option);
* dates, as CLDR writes them in that language (Babel): "4 mars 1812", "1. April 1815",
  "21 мая 1827 г.", "1812年3月4日", ranges, "c." and BCE included;
* the writing direction (``rtl`` for Arabic and Hebrew).

The catalogues ship as ``.po`` text and are read with ``babel.messages.pofile`` and
compiled in memory on first use (a few milliseconds): an install from a Git checkout or a
wheel needs no compile step, and a translator tests a change by saving the file.
Message ids are the English text, so a string missing from a catalogue reads in English.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from . import dates

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "glossa"
#: The catalogues shipped with Glossa (``en`` is the source language: its ids are its text).
SHIPPED = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "uk", "ar", "he", "ja", "zh_Hans", "ko")


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark for extraction only"
    """Mark a string for extraction without translating it here (kinds' labels, the script's words)."""
    return message


#: What the page's script shows, by key: reaches the browser as data (see :meth:`Words.script`).
SCRIPT_WORDS = {
    "keys": N_("With a mark focused, Space or Alt+Down opens its preview (Enter on a note number too); "
               "Escape closes it."),
    "more": N_("Full entry"),
    "more.person": N_("Full profile"),
    "more.note": N_("Read on"),
    "readOn": N_(": the whole note and its sources"),
    "close": N_("Close"),
    "copy": N_("Copy"),
    "copied": N_("Copied"),
    "search": N_("Search"),
    "suggest": N_("Suggest an annotation"),
}


def locale_of(language: str) -> Locale:
    """The CLDR locale of a BCP 47 tag (``en`` for an unknown one)."""
    try:
        return Locale.parse(language.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def catalogue_names(locale: Locale) -> list[str]:
    """Catalogue folders to try for a locale, most specific first (``pt_BR``, ``pt``; ``zh_Hans``, ``zh``)."""
    names = [str(locale)]
    if locale.script:
        names.append(f"{locale.language}_{locale.script}")
    if locale.language == "zh" and not locale.script:
        names.append("zh_Hant" if locale.territory in ("TW", "HK", "MO") else "zh_Hans")
    names.append(locale.language)
    return list(dict.fromkeys(names))


@functools.lru_cache(maxsize=32)
def translations(language: str) -> NullTranslations:
    """The shipped catalogue of a language, compiled in memory (English: the ids themselves)."""
    for name in catalogue_names(locale_of(language)):
        path = LOCALE_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=name, domain=DOMAIN)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return Translations(buffer, domain=DOMAIN)
    return NullTranslations()


class Words:
    """The interface's words, dates and direction in one language (with the edition's overrides)."""

    def __init__(self, language: str = "en", overrides: Mapping[str, Any] | None = None) -> None:
        self.language = language or "en"
        self.locale = locale_of(self.language)
        self.catalogue = translations(self.language)
        self.overrides = dict(overrides or {})
        self.english = self.locale.language == "en"
        self._script_json = ""

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``, from CLDR's character order."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def _(self, message: str, **values: Any) -> str:
        """The message in the reader's language, with ``{name}`` placeholders filled in."""
        override = self.overrides.get(message)
        text = override if isinstance(override, str) else self.catalogue.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """The form of the message for ``count`` (the catalogue's plural rule), ``{n}`` filled in."""
        override = self.overrides.get(singular)
        if isinstance(override, list) and override:
            # The forms in the catalogue's order (its Plural-Forms rule picks one); fewer forms: the last.
            rule = getattr(self.catalogue, "plural", None)
            index = rule(count) if callable(rule) else int(count != 1)
            text = str(override[min(index, len(override) - 1)])
        else:
            text = self.catalogue.ngettext(singular, plural, count)
        return text.format(n=self.number(count), **values)

    def number(self, value: int) -> str:
        """A whole number as the language writes it."""
        return str(value) if self.english else format_decimal(value, self.locale)

    def lower(self, label: str) -> str:
        """A label inside a sentence ("(person)"): lowercased, except where nouns keep their capital (German)."""
        return label if self.locale.language in ("de", "lb") else label.lower()

    # -- dates -----------------------------------------------------------------------------
    def date(self, text: str | None) -> str:
        """A date or range as the reader's language writes it; unparsable text is returned as is."""
        if not text:
            return ""
        try:
            span = dates.parse(text)
        except ValueError:
            return str(text)
        return self.span(span)

    def span(self, span: dates.Span) -> str:
        """A parsed date or range in the reader's language (English: as Glossa always wrote it)."""
        if self.english and span.start.year >= 0 and (span.end is None or span.end.year >= 0):
            return span.human()
        if span.end is None:
            return self.one(span.start)
        pattern = self.locale.interval_formats.get(None, "{0} – {1}")
        return pattern.replace("{0}", self.one(span.start)).replace("{1}", self.one(span.end))

    def one(self, date: dates.Date) -> str:
        """One date at its precision, in CLDR's long form ("4 mars 1812", "mars 1812", "1812")."""
        if self.english and date.year >= 0:
            return date.human()
        day = datetime.date(abs(date.year) or 1, date.month or 1, date.day or 1)
        skeleton = "yMMMMd" if date.day else ("yMMMM" if date.month else "y")
        if date.year < 0:  # BCE: the locale's own era name, where CLDR puts it ("av. J.-C.", "紀元前")
            text = format_date(day, _bce_pattern(self.locale, "G" + skeleton), locale=self.locale)
        elif date.day:
            text = format_date(day, "long", locale=self.locale)
        else:
            text = format_skeleton(skeleton, day, locale=self.locale)
        return self._("c. {date}", date=text) if date.circa else text

    # -- the script ------------------------------------------------------------------------
    def script(self) -> dict[str, str]:
        """The page script's words, by key (``glossa.js`` reads them from the page)."""
        return {k: self._(v) for k, v in SCRIPT_WORDS.items()}

    def script_tag(self) -> str:
        """The script's words as an inert JSON data block for the page's ``<head>``."""
        if not self._script_json:
            text = json.dumps(self.script(), ensure_ascii=False, sort_keys=True)
            text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            self._script_json = f'<script type="application/json" id="glossa-words">{text}</script>'
        return self._script_json


def _bce_pattern(locale: Locale, skeleton: str) -> str:
    """CLDR's pattern for ``skeleton`` with its era field fixed to the locale's name for BCE."""
    from babel.dates import match_skeleton

    skeletons = locale.datetime_skeletons
    key = skeleton if skeleton in skeletons else match_skeleton(skeleton, skeletons)
    pattern = str(skeletons[key].pattern) if key else "y G"
    era = str(locale.eras["abbreviated"][0]).replace("'", "''")
    return pattern.replace("GGGG", "G").replace("G", f"'{era}'")


def format_decimal(value: int, locale: Locale) -> str:
    """CLDR's decimal format (grouping, the locale's default digits)."""
    from babel.numbers import format_decimal as fmt

    return fmt(value, locale=locale)


#: The English interface: what every function uses when no language is given.
ENGLISH = Words("en")


# -- order: collation, index letters, articles ------------------------------------------------

#: Articles an index ignores at the start of a heading, by language ("The Hague" under H).
ARTICLES = {
    "en": ("the ", "a ", "an "),
    "fr": ("le ", "la ", "les ", "l’", "l'", "un ", "une ", "des "),
    "de": ("der ", "die ", "das ", "den ", "dem ", "des ", "ein ", "eine "),
    "es": ("el ", "la ", "los ", "las ", "un ", "una "),
    "it": ("il ", "lo ", "la ", "i ", "gli ", "le ", "l’", "l'", "un ", "uno ", "una "),
    "pt": ("o ", "a ", "os ", "as ", "um ", "uma "),
    "nl": ("de ", "het ", "een ", "’t ", "'t "),
    "ar": ("ال",),
}
#: Letters an alphabet files apart though Unicode writes them as a base letter and a mark.
OWN_LETTERS = {"pl": "ĄĆĘŃÓŚŹŻ", "es": "Ñ", "ru": "Й", "uk": "ЙЇ", "be": "ЙЎ"}
_KANA_ROWS = "あかさたなはまやらわ"
_KANA_STARTS = (0x3041, 0x304B, 0x3055, 0x305F, 0x306A, 0x306F, 0x307E, 0x3083, 0x3089, 0x308E)
_HANGUL_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"


@functools.lru_cache(maxsize=1)
def _collator() -> Any:
    """The Unicode Collation Algorithm's default table (pyuca; loaded once, about half a second)."""
    from pyuca import Collator

    return Collator()


def strip_article(text: str, language: str) -> str:
    """``text`` without the language's article at its start (``l’État`` -> ``État``), never emptied."""
    folded = text.casefold()
    for article in ARTICLES.get(language, ()):
        if folded.startswith(article) and len(text) > len(article):
            return text[len(article):]
    return text


#: The scripts a language is written in (code point ranges): its headings come before those in
#: other scripts, as CLDR's collations reorder them (an Arabic index lists Arabic names first).
NATIVE_SCRIPTS = {
    "ar": ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF)), "fa": ((0x0600, 0x06FF),), "ur": ((0x0600, 0x06FF),),
    "he": ((0x0590, 0x05FF),), "yi": ((0x0590, 0x05FF),),
    "ru": ((0x0400, 0x052F),), "uk": ((0x0400, 0x052F),), "be": ((0x0400, 0x052F),), "bg": ((0x0400, 0x052F),),
    "sr": ((0x0400, 0x052F),), "el": ((0x0370, 0x03FF), (0x1F00, 0x1FFF)),
    "ja": ((0x3040, 0x30FF), (0x3400, 0x9FFF), (0xF900, 0xFAFF)), "zh": ((0x3400, 0x9FFF), (0xF900, 0xFAFF)),
    "ko": ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F)),
}


def sort_key(text: str, language: str) -> tuple[int, ...]:
    """Sort key of an index heading: its article dropped, the language's own script first, then the
    Unicode Collation Algorithm (pyuca's default table)."""
    import unicodedata

    base = strip_article(unicodedata.normalize("NFC", text).strip(), language)
    first = ord(base[:1]) if base else 0
    ranges = NATIVE_SCRIPTS.get(language.split("-")[0].split("_")[0], ())
    other = 1 if ranges and not any(lo <= first <= hi for lo, hi in ranges) else 0
    return (other, *_collator().sort_key(base.casefold()))


def index_letter(text: str, language: str) -> str:
    """The heading an index files ``text`` under: its first letter as the language's alphabet has it.

    A letter with an accent goes under its base letter (É under E), except where the language
    counts it as a letter of its own (Polish Ł, Spanish Ñ, Russian Й); kana go under their row
    (カ under か), Hangul under its first consonant; an ideograph is its own heading; "#" for the rest.
    """
    import unicodedata

    word = strip_article(unicodedata.normalize("NFC", text).strip(), language)
    first = word[:1]
    if not first or not first.isalpha():
        return "#"
    code = ord(first)
    if 0x30A1 <= code <= 0x30F6:  # katakana: as the hiragana of the same sound
        code -= 0x60
    if 0x3041 <= code <= 0x3096:
        return _KANA_ROWS[max(i for i, start in enumerate(_KANA_STARTS) if code >= start)]
    if 0xAC00 <= code <= 0xD7A3:
        return _HANGUL_INITIALS[(code - 0xAC00) // 588]
    if first.upper() in OWN_LETTERS.get(language, ""):
        return first.upper()
    base = unicodedata.normalize("NFD", first)[0]
    return base.upper() if base.isalpha() else first


def family_name_last(name: str) -> bool:
    """Whether a name is written given name(s) first, so an index inverts it ("Whitcombe, Thomas").

    Not a name in Arabic script (its last word is often a title or a nisba: "إبراهيم باشا"),
    nor a Chinese, Japanese or Korean name, whose family name already comes first.
    """
    for ch in name:
        code = ord(ch)
        if (0x0600 <= code <= 0x08FF or 0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF
                or 0xAC00 <= code <= 0xD7A3 or 0xF900 <= code <= 0xFAFF):
            return False
    return True
