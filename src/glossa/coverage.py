"""``glossa coverage``: what in the text no entry covers, and what no text uses.

The rule for "term-like" words is one a person can act on:

* capitalised words that do not start a sentence or a quotation, joined into
  multi-word names ("Party Control Commission", "Bulletin of the Opposition");
* acronyms (two or more capitals), wherever they stand;
* quoted coinages: a short phrase in quotation marks that is not a sentence.

Each is covered if an entry's form matches over it. Deliberate exclusions live in
``annotations/coverage-exclusions.yml``, each with a reason.

By the edition's language: capitals are Unicode's (Cyrillic, Greek, accented Latin),
the small words that may join a name are the language's ("of the", "de la", "von
der"), month names come from CLDR (Babel), quotation marks include guillemets,
„low-high“ and 「corner brackets」, and in German, where every noun is capitalised,
a capitalised word after an article or a preposition, or one the language's word
list knows as common, is a noun and not a name.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

import regex

from . import rules
from .chapters import plain_blocks
from .language import DEFAULT_LANGUAGE, primary, rules_for
from .yamlsafe import load_file

_CAP = r"\p{Lu}[\p{L}\p{M}\p{N}_’']*(?:[-–][\p{L}\p{M}\p{N}_’']+)*"
#: Small words that may stand inside a name ("Bulletin of the Opposition", "Hôtel de la Ville"), by language.
_CONNECTORS = {
    "en": "of the and for to de von", "fr": "de du des la le l’ d’ et sur", "de": "von vom zu zum zur der die das des und",
    "es": "de del la las los y", "pt": "de da do das dos e", "it": "di del della dei degli e", "nl": "van der den de het en",
}
_ACRONYM_RE = regex.compile(r"\b\p{Lu}{2,}\b")
_QUOTE_RE = re.compile(r"[‘“]([^’”]{1,60})[’”]")
#: Other languages' quotation marks: «guillemets» (and »Danish«), „German“, 「Japanese」 and 『nested』.
_OTHER_QUOTES_RE = re.compile(r"«\s?([^»]{1,60}?)\s?»|»([^«]{1,60})«|„([^“”]{1,60})[“”]|「([^」]{1,60})」|『([^』]{1,60})』")
_STARTERS = ".!?:;‘“—(\"'«„‚「『¿¡"
#: English month names (the language's own come from CLDR): capitalised but dates, not names.
_MONTHS = frozenset("January February March April May June July August September October November December".split())
#: Words after which a capitalised German word is a noun: articles, determiners, prepositions with the article.
_GERMAN_DETERMINERS = frozenset("""der die das des dem den ein eine einer eines einem einen kein keine keinen keinem keiner
    keines im am vom zum zur beim ins ans aufs dieser diese dieses diesem diesen jeder jede jedes jedem jeden sein seine
    seinem seinen seiner ihr ihre ihrem ihren ihrer unser unsere""".split())


@functools.cache
def _name_re(language: str) -> regex.Pattern[str]:
    """Capitalised words joined into names by the language's small words."""
    connectors = "|".join(regex.escape(w) for w in _CONNECTORS.get(primary(language), "").split())
    joint = rf"(?:(?:{connectors})\s+)*" if connectors else ""
    return regex.compile(rf"{_CAP}(?:\s+{joint}{_CAP})*")


@functools.cache
def months(language: str) -> frozenset[str]:
    """The language's month names (CLDR, through Babel), and the English ones."""
    try:
        from babel.dates import get_month_names

        names = {str(n) for context in ("format", "stand-alone")
                 for n in get_month_names("wide", context=context, locale=primary(language)).values()}
    except (ImportError, ValueError, LookupError):
        names = set()
    return _MONTHS | frozenset(n[:1].upper() + n[1:] for n in names)


@functools.cache
def _frequency(language: str) -> object:
    from spellchecker import SpellChecker

    return SpellChecker(language=primary(language)).word_frequency


def _german_noun(text: str, start: int, word: str, language: str) -> bool:
    """A capitalised word a German reader reads as a noun: after a determiner (and adjectives), or common."""
    before = text[:start].split()[-3:]
    while len(before) > 1 and before[-1][:1].islower() and before[-1].casefold() not in _GERMAN_DETERMINERS:
        before.pop()  # "die katholische Kirche": adjectives stand between the article and the noun
    if before and before[-1].casefold() in _GERMAN_DETERMINERS:
        return True
    try:
        return _frequency(language)[word.casefold()] >= 100  # type: ignore[index]
    except (ImportError, ValueError):
        return False


@dataclasses.dataclass(frozen=True)
class Uncovered:
    """A name or term the text uses and no entry covers."""

    file: str
    line: int
    text: str
    why: str


def _sentence_start(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    if j >= 1 and text[j] in "’”\"'" and text[j - 1] in ".!?":
        return True  # after a quotation that ends a sentence
    return j < 0 or text[j] in _STARTERS


def candidates(text: str, language: str = DEFAULT_LANGUAGE) -> list[tuple[int, int, str, str]]:
    """``(start, end, text, why)`` for every term-like span in a paragraph, by the rules of ``language``."""
    out = []
    nouns = rules_for(language).capitalised_nouns
    for m in _name_re(language).finditer(text):
        words = m.group().split()
        start = m.start()
        if _sentence_start(text, start):
            # Drop the sentence's first word; what follows may still be a name.
            if len(words) == 1:
                continue
            first = len(words[0])
            rest = text[start + first : m.end()].lstrip()
            if rest.split()[0] in _CONNECTORS.get(primary(language), "").split():
                continue
            start = m.end() - len(rest)
        end = m.end()
        span = re.sub(r"(?:[’']s)?[’']*$", "", text[start:end])
        if nouns and " " not in span and _german_noun(text, start, span, language):
            continue
        end = start + len(span)
        out.append((start, end, span, "multi-word name" if " " in span else "capitalised word"))
    for m in _ACRONYM_RE.finditer(text):
        out.append((m.start(), m.end(), m.group(), "acronym"))
    for m in [*_QUOTE_RE.finditer(text), *_OTHER_QUOTES_RE.finditer(text)]:
        group = next(i for i in range(1, len(m.groups()) + 1) if m.group(i) is not None)
        inner = m.group(group)
        if len(inner.split()) <= 5 and not re.search(r"[.!?。！？]$", inner.strip()):
            out.append((m.start(group), m.end(group), inner, "quoted coinage"))
    return out


def load_exclusions(path: Path) -> dict[str, str]:
    """``{text: reason}`` from the reviewed exclusion list."""
    if not path.exists():
        return {}
    loaded, _, _ = load_file(path, path.name)  # the same safe loader as every annotation file
    data = loaded.data if loaded is not None else {}
    items = data.get("exclusions", []) if isinstance(data, dict) else []
    return {str(i["text"]): str(i.get("reason", "")) for i in items if isinstance(i, dict) and "text" in i}


def run_coverage(edition: rules.Edition, annotations: Path, language: str = DEFAULT_LANGUAGE) -> tuple[str, int]:
    """The coverage report, and how many items it found uncovered (``language``: the edition's BCP 47 tag)."""
    registry, chapters, root = edition.registry, edition.chapters, edition.root
    chapter_problems = rules.run(edition, "sources")
    exclusions_file = annotations / "coverage-exclusions.yml"
    exclusions = load_exclusions(exclusions_file)
    uncovered: list[Uncovered] = []
    used_exclusions: set[str] = set()
    for ch in chapters:
        for line, text in plain_blocks(ch.body, ch.body_line):
            spans = [(m.start, m.end) for m in registry.matcher.find(text)]
            seen: set[str] = set()
            for start, end, span, why in candidates(text, language):
                if any(s < end and start < e for s, e in spans):
                    continue
                key = span.strip()
                if key in months(language):
                    continue
                if key in exclusions:
                    used_exclusions.add(key)
                    continue
                if key in seen:
                    continue
                seen.add(key)
                uncovered.append(Uncovered(ch.file, line, key, why))
    lines = ["Coverage of the chapter text:"]
    for u in uncovered:
        lines.append(f"  {u.file}:{u.line}: not covered: {u.text!r} ({u.why}). "
                     "Add it to an entry's 'match', or to annotations/coverage-exclusions.yml with a reason.")
    link_problems = [p for p in chapter_problems if p.code in ("marker-without-note", "note-without-marker")]
    for p in link_problems:
        lines.append("  " + p.format())
    stale = sorted(set(exclusions) - used_exclusions)
    for s in stale:
        lines.append(f"  {_shown(exclusions_file, root)}: exclusion {s!r} no longer matches anything; remove it.")
    total = len(uncovered) + len(link_problems) + len(stale)
    lines.append(f"{len(registry.entries)} entries, {len(registry.notes)} notes, {len(exclusions)} reviewed exclusions; "
                 f"{total} uncovered item(s).")
    return "\n".join(lines), total


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
