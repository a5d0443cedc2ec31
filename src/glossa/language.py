"""The edition's language: one BCP 47 tag, and what the engine does differently by it.

One source of truth: the plugin's ``language`` option if set, else the theme's
``language``, else ``"en"`` (:func:`edition_language`). The adapter (the MkDocs
plugin, the command-line tools) reads the configuration and passes the tag in; the
core (matcher, importer, scaffold, coverage) receives it as a plain parameter and
never reads MkDocs' configuration itself.

:func:`rules_for` turns a tag into the language's text rules as data: elided
articles (French ``l’``), proclitic prefixes (Arabic ``و``, Hebrew ``ב``), the
order of personal names, the particles and titles that are not surnames, and
whether nouns are capitalised (German). A language the table does not know gets
neutral rules: nothing stripped, nothing assumed.
"""

from __future__ import annotations

import dataclasses
import re

DEFAULT_LANGUAGE = "en"

_TAG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def edition_language(option: object = None, theme_language: object = None) -> str:
    """The edition's BCP 47 tag: the plugin's ``language`` option, else the theme's, else ``"en"``.

    Part 1 of the world editions (the reader's interface) reads the same value, so both
    halves of the engine agree on one language. A value that is not a tag is ignored.
    """
    for value in (option, theme_language):
        if isinstance(value, str) and _TAG_RE.match(value.strip()):
            return value.strip()
    return DEFAULT_LANGUAGE


def primary(tag: str) -> str:
    """``"fr"`` for ``"fr-CA"``; the language subtag, lower case."""
    return tag.split("-", 1)[0].split("_", 1)[0].lower()


def is_valid_tag(tag: str) -> bool:
    """Whether ``tag`` looks like a BCP 47 language tag (``fr``, ``pt-BR``, ``zh-Hans``)."""
    return bool(_TAG_RE.match(tag))


@dataclasses.dataclass(frozen=True)
class LanguageRules:
    """What matching, importing and scaffolding need to know about a language (all data)."""

    tag: str = DEFAULT_LANGUAGE
    #: Words elided before a vowel and glued with an apostrophe ("l’État", "dell’Italia").
    elisions: frozenset[str] = frozenset()
    #: Letters or letter groups glued before a word (Arabic "و", "بال"; Hebrew "ו", "ב").
    proclitics: tuple[str, ...] = ()
    #: The longest chain of proclitics before a word (Hebrew "וכשב").
    max_proclitics: int = 0
    #: Particles glued after a word (Korean "김구는", "서울에서"), longest first.
    enclitics: tuple[str, ...] = ()
    #: Suffixes after an apostrophe belong to the name (Turkish "İstanbul'da", "Atatürk'ün").
    apostrophe_suffixes: bool = False
    #: Personal names are written family name first (Japanese, Chinese, Korean).
    family_first: bool = False
    #: A person is named by the family name alone ("Marsh", "勝"); not in Chinese or Korean, where a
    #: one-syllable family name alone is rare and would match inside other names.
    family_alone: bool = True
    #: Words in a name that are titles or particles, never a surname.
    particles: frozenset[str] = frozenset()
    #: Every noun is capitalised (German), so a capital says nothing about a name.
    capitalised_nouns: bool = False
    #: Turkish and Azerbaijani fold dotted and dotless i apart.
    turkic_i: bool = False

    @property
    def primary(self) -> str:
        """The language subtag (``"fr"`` for ``"fr-CA"``)."""
        return primary(self.tag)


_FR_ELISIONS = "l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu quelqu"
_IT_ELISIONS = ("l d un dell all dall nell sull coll quell quest bell sant c s m t v n po "
                "anch com cos dov quand tutt")
_COMMON_PARTICLES = "sir lord lady saint st dr prof mr mrs ms"
_PARTICLES = {
    "en": _COMMON_PARTICLES,
    "fr": f"{_COMMON_PARTICLES} de du des la le d’ monsieur madame mme mlle m abbé comte duc baron",
    "de": f"{_COMMON_PARTICLES} von vom zu zum der den graf fürst freiherr herr frau kaiser könig",
    "it": f"{_COMMON_PARTICLES} di de da del della dei conte signor",
    "es": f"{_COMMON_PARTICLES} de del la los y don doña",
    "pt": f"{_COMMON_PARTICLES} de da do dos das e dom",
    "nl": f"{_COMMON_PARTICLES} van der den de ten ter",
    "ar": f"{_COMMON_PARTICLES} باشا بك بيك أفندي الشيخ شيخ السيد سيد ابن بن بنت أبو أبي آل",
    "he": f"{_COMMON_PARTICLES} בן בת רבי הרב רב",
    "tr": f"{_COMMON_PARTICLES} paşa bey efendi hanım",
    "ru": _COMMON_PARTICLES,
}
#: Titles that follow a name in many languages written in Latin script (Ottoman titles in English and French texts).
_LATIN_TITLES = "pasha pacha bey effendi khan ibn bin"

_TABLE: dict[str, dict] = {
    "fr": {"elisions": _FR_ELISIONS},
    "it": {"elisions": _IT_ELISIONS},
    "ca": {"elisions": "l d s m t n"},
    # Arabic: conjunctions و ف, prepositions ب ل ك, the article ال (ل + ال is written لل).
    "ar": {"proclitics": ("و", "ف", "ب", "ل", "ك", "ال", "لل", "س"), "max_proclitics": 3},
    "fa": {"proclitics": ("و", "ب"), "max_proclitics": 1},
    # Hebrew: ו ה ב ל מ ש כ, chained ("וכשה").
    "he": {"proclitics": ("ו", "ה", "ב", "ל", "מ", "ש", "כ"), "max_proclitics": 3},
    "ja": {"family_first": True},
    "zh": {"family_first": True, "family_alone": False},
    "vi": {"family_first": True, "family_alone": False},
    "hu": {"family_first": True},
    "de": {"capitalised_nouns": True},
    "lb": {"capitalised_nouns": True},
    "tr": {"turkic_i": True, "apostrophe_suffixes": True},
    "az": {"turkic_i": True, "apostrophe_suffixes": True},
    # Korean case and topic particles, longest first (a name keeps its own syllables).
    "ko": {"family_first": True, "family_alone": False, "enclitics": (
        "에게서", "으로서", "으로써", "께서", "에서", "에게", "한테", "부터", "까지", "보다", "처럼", "으로", "이나", "이며",
        "이다", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "만", "나")},
}


def rules_for(tag: str | None) -> LanguageRules:
    """The text rules of the language ``tag`` (neutral rules for one the table does not know)."""
    tag = tag or DEFAULT_LANGUAGE
    lang = primary(tag)
    raw = dict(_TABLE.get(lang, {}))
    elisions = frozenset(str(raw.pop("elisions", "")).split())
    particles = frozenset(f"{_PARTICLES.get(lang, _COMMON_PARTICLES)} {_LATIN_TITLES}".split())
    return LanguageRules(tag=tag, elisions=elisions, particles=particles, **raw)


def fold_case(text: str, rules: LanguageRules) -> str:
    """Case-fold ``text`` as the language does (Turkish ``I`` folds to ``ı``, ``İ`` to ``i``)."""
    if rules.turkic_i:
        text = text.replace("I", "ı").replace("İ", "i")
    return text.casefold()
