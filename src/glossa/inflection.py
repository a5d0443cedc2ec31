"""Inflected forms of a name or term, by the edition's language, for the scaffold to propose.

A declined name ("Победоносцева", "Bismarcks") is grammar, not another spelling: the
scaffold proposes each form that occurs in the text, with its count, flagged
``inflected: true`` so the editor can review and veto it and readers are not shown it
as "Also written".

* Russian and Ukrainian: pymorphy3 declines each word of the name in every case
  (it knows surnames, patronymics and place names: "Петербург" -> "Петербурге").
* Other languages that decline nouns: a stem search over the text's own words,
  the name's last word with a short ending (German "-s", "-es"; Polish "Warszawa" ->
  "Warszawie"); every proposal is the editor's to keep or strike.
* Languages that only mark the plural (French, Spanish, Portuguese, Catalan, Italian): a
  term's plural where the text has it ("préfets", "ministri").
* Languages that inflect neither way here (English: ``inflect`` does its terms; Arabic,
  Hebrew, Japanese, Chinese): none.
"""

from __future__ import annotations

from collections.abc import Iterable

from .importer import MORPHOLOGY_LANGUAGES, morphology
from .language import primary

#: Languages whose nouns take case endings, and the endings a stem search accepts ("" = any of up to three letters).
_ENDINGS: dict[str, frozenset[str]] = {
    "de": frozenset({"s", "es", "n", "en", "ns", "’", "'"}),
    "nl": frozenset({"s", "'s"}),
    "sv": frozenset({"s"}), "da": frozenset({"s"}), "no": frozenset({"s"}), "nb": frozenset({"s"}),
}
_DECLINING = frozenset("pl cs sk sl hr sr bs bg be lt lv et fi hu el la is ga ka hy tr az ro uk".split())
#: Plural endings of languages that do not decline nouns but mark the plural: (endings, a final vowel the plural
#: replaces). Italian "ministro" -> "ministri", French "préfet" -> "préfets", "bureau" -> "bureaux".
_PLURALS: dict[str, tuple[frozenset[str], str]] = {
    "fr": (frozenset({"s", "x"}), ""), "es": (frozenset({"s", "es"}), ""), "pt": (frozenset({"s", "es"}), ""),
    "ca": (frozenset({"s", "os", "es"}), ""), "it": (frozenset({"i", "e", "hi", "he"}), "oaei"),
}
_VOWELS = frozenset("aeiouyąęаеёиоуыэюяäöüαεηιουω")
_CASES = ("gent", "datv", "accs", "ablt", "loct")


def inflected_forms(name: str, language: str, words: Iterable[str]) -> list[str]:
    """Forms of ``name`` other than itself that grammar makes in ``language``, among ``words`` (the text's words).

    Only forms whose every word occurs in the text are returned (the caller counts
    them as the build matches them).
    """
    lang = primary(language)
    vocab = set(words)
    if lang in MORPHOLOGY_LANGUAGES and morphology(lang) is not None:
        out = _declined(name, lang)
    elif lang in _ENDINGS or lang in _DECLINING:
        out = _stem_search(name, lang, vocab)
    elif lang in _PLURALS:
        out = _plurals(name, lang, vocab)
    else:
        return []
    return [f for f in dict.fromkeys(out) if f != name and all(w in vocab for w in f.split())]


def _cased_like(word: str, model: str) -> str:
    """``word`` (lower case, as pymorphy3 gives it) with the capitals of ``model``."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _declined(name: str, lang: str) -> list[str]:
    """Every case of every word of ``name`` (a name declines as a whole: "Константина Петровича Победоносцева")."""
    morph = morphology(lang)
    words = name.split()
    parses = []
    for w in words:
        options = morph.parse(w)
        # A name's own reading first (surname, first name, patronymic, place), else the likeliest.
        named = [p for p in options if {"Surn", "Name", "Patr", "Geox", "Orgn"} & set(p.tag.grammemes)]
        parses.append((named or options)[0])
    out: list[str] = []
    for number in ("sing", "plur"):
        for case in _CASES + (("nomn",) if number == "plur" else ()):
            forms = [p.inflect({number, case}) for p in parses]
            if all(forms):
                out.append(" ".join(_cased_like(f.word, w) for f, w in zip(forms, words, strict=True)))
    if len(words) == 1:
        out += [_cased_like(f.word, name) for f in parses[0].lexeme]
    return out


def _stem_search(name: str, lang: str, vocab: set[str]) -> list[str]:
    """The name with its last word given each ending that occurs in the text (German "Bismarcks")."""
    head, _, last = name.rpartition(" ")
    stems = {last}
    if lang in _DECLINING and len(last) > 4 and last[-1].lower() in _VOWELS:
        stems.add(last[:-1])  # "Warszawa" -> "Warszaw-ie"
    endings = _ENDINGS.get(lang)
    found = []
    for w in vocab:
        for stem in stems:
            if w.startswith(stem) and w != last:
                ending = w[len(stem):]
                if (ending in endings) if endings is not None else (0 < len(ending) <= 3 and ending.isalpha()):
                    found.append(f"{head} {w}" if head else w)
    return sorted(found)


def _plurals(term: str, lang: str, vocab: set[str]) -> list[str]:
    """A term's plural where the text has it (the last word takes it: "chemin de fer" is not pluralised here)."""
    endings, replaced = _PLURALS[lang]
    head, _, last = term.rpartition(" ")
    stems = {last} | ({last[:-1]} if replaced and last[-1:] in replaced else set())
    found = [w for w in vocab for stem in stems
             if w.startswith(stem) and w != last and w[len(stem):] in endings]
    return sorted(f"{head} {w}" if head else w for w in set(found))
