"""``glossa coverage``: what in the text no entry covers, and what no text uses.

The rule for "term-like" words is one a person can act on:

* capitalised words that do not start a sentence or a quotation, joined into
  multi-word names ("Party Control Commission", "Bulletin of the Opposition");
* acronyms (two or more capitals), wherever they stand;
* quoted coinages: a short phrase in quotation marks that is not a sentence.

Each is covered if an entry's form matches over it. Deliberate exclusions live in
``annotations/coverage-exclusions.yml``, each with a reason.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from . import rules
from .chapters import plain_blocks
from .yamlsafe import load_file

_CAP = r"[A-Z\u0400-\u042f][\w’'\u0300-\u036f]*(?:[-–][\w’'\u0300-\u036f]+)*"
_NAME_RE = re.compile(rf"{_CAP}(?:\s+(?:(?:of|the|and|for|to|de|von)\s+)*{_CAP})*")
_ACRONYM_RE = re.compile(r"\b[A-Z]{2,}\b")
_QUOTE_RE = re.compile(r"[‘“]([^’”]{1,60})[’”]")
_STARTERS = ".!?:;‘“—(\"'"
#: Month names are capitalised but are dates, not names.
_MONTHS = frozenset("January February March April May June July August September October November December".split())


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


def candidates(text: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, text, why)`` for every term-like span in a paragraph."""
    out = []
    for m in _NAME_RE.finditer(text):
        words = m.group().split()
        start = m.start()
        if _sentence_start(text, start):
            # Drop the sentence's first word; what follows may still be a name.
            if len(words) == 1:
                continue
            first = len(words[0])
            rest = text[start + first : m.end()].lstrip()
            if rest.split()[0] in ("of", "the", "and", "for", "to"):
                continue
            start = m.end() - len(rest)
        end = m.end()
        span = re.sub(r"(?:[’']s)?[’']*$", "", text[start:end])
        end = start + len(span)
        out.append((start, end, span, "multi-word name" if " " in span else "capitalised word"))
    for m in _ACRONYM_RE.finditer(text):
        out.append((m.start(), m.end(), m.group(), "acronym"))
    for m in _QUOTE_RE.finditer(text):
        inner = m.group(1)
        if len(inner.split()) <= 5 and not re.search(r"[.!?]$", inner.strip()):
            out.append((m.start(1), m.end(1), inner, "quoted coinage"))
    return out


def load_exclusions(path: Path) -> dict[str, str]:
    """``{text: reason}`` from the reviewed exclusion list."""
    if not path.exists():
        return {}
    loaded, _, _ = load_file(path, path.name)  # the same safe loader as every annotation file
    data = loaded.data if loaded is not None else {}
    items = data.get("exclusions", []) if isinstance(data, dict) else []
    return {str(i["text"]): str(i.get("reason", "")) for i in items if isinstance(i, dict) and "text" in i}


def run_coverage(edition: rules.Edition, annotations: Path) -> tuple[str, int]:
    """The coverage report, and how many items it found uncovered."""
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
            for start, end, span, why in candidates(text):
                if any(s < end and start < e for s, e in spans):
                    continue
                key = span.strip()
                if key in _MONTHS:
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
