"""Chapter sources: front matter, note markers, and the cross-checks between text and annotations.

These work on the Markdown *source*, with line numbers, so that the ``check``
command can report ``docs/chapter-28.md:14:201`` without building the site, and
the build reports exactly the same problems.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

import yaml

from .extension import MARKER_RE
from .problems import Problem
from .registry import Registry

_FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
_ATTR_LINE_RE = re.compile(r"^\{:?[^}\n]*\}[ \t]*$")
_PARA_ID_RE = re.compile(r"^\{:\s*#([A-Za-z][\w-]*)\s*\}[ \t]*$")


@dataclasses.dataclass
class Chapter:
    """A chapter source file, as far as the checks need it."""

    file: str
    chapter: str
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    markers: list[tuple[int, int, int]]  # (number, line, column)


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """``(meta, body, first body line)``; meta is ``{}`` when absent or unreadable."""
    m = _FRONT_RE.match(text)
    if not m:
        return {}, text, 1
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), text[m.end():], m.group(0).count("\n") + 1


def scan_markers(body: str, first_line: int = 1) -> list[tuple[int, int, int]]:
    """Every ``{^n}`` marker with its line and column."""
    out = []
    for lineno, line in enumerate(body.split("\n"), start=first_line):
        for m in MARKER_RE.finditer(line):
            out.append((int(m.group(1)), lineno, m.start() + 1))
    return out


def parse_page(text: str, display: str) -> tuple[Chapter | None, list[Problem]]:
    """A source page as a chapter, or ``None`` plus any note markers it wrongly holds.

    The build and the ``check`` command both read pages through this, so they agree.
    """
    meta, body, first = split_front_matter(text)
    markers = scan_markers(body, first)
    if "chapter" in meta:
        return Chapter(display, str(meta["chapter"]), body, first, markers), []
    return None, [
        Problem(display, line, col, f"Note marker {number} is on a page that is not a chapter, so it has no expansion.",
                "Add 'chapter: \"N\"' to the page's front matter, or remove the marker.", code="marker-outside-chapter")
        for number, line, col in markers
    ]


def plain_blocks(body: str, first_line: int = 1) -> Iterable[tuple[int, str]]:
    """Paragraph text of a chapter body with markers and attribute lists removed.

    Headings and fenced code are skipped, as the build skips them. Yields
    ``(line, text)`` per paragraph; used by the check and the coverage report.
    """
    fenced = False
    para: list[str] = []
    start = first_line
    for lineno, line in enumerate(body.split("\n"), start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or line.startswith("#") or _ATTR_LINE_RE.match(line.strip()):
            if para:
                yield start, " ".join(para)
                para = []
            continue
        if not line.strip():
            if para:
                yield start, " ".join(para)
                para = []
            continue
        if not para:
            start = lineno
        para.append(MARKER_RE.sub("", line).replace("\\", ""))
    if para:
        yield start, " ".join(para)


def check_chapters(
    chapters: list[Chapter], registry: Registry, mentioned: set[str] | None = None
) -> tuple[set[str], list[Problem]]:
    """Markers against expansions, and which entries the chapters mention.

    Returns the ids mentioned anywhere and the problems: a marker without an
    expansion, an expansion without a marker, a marker out of sequence, and an
    entry that is neither mentioned nor referenced. ``mentioned`` may be given by
    a caller that already knows it (the build gathers it while rendering, so it
    does not match the whole book twice); then unused entries are left to
    :func:`check_unused`.
    """
    problems: list[Problem] = []
    scan = mentioned is None
    mentioned = set() if mentioned is None else mentioned
    seen: set[tuple[str, int]] = set()
    for ch in chapters:
        prev = None
        for number, line, col in ch.markers:
            seen.add((ch.chapter, number))
            if (ch.chapter, number) not in registry.note_keys:
                problems.append(Problem(ch.file, line, col, f"Note marker {number} in chapter {ch.chapter} has no expansion.",
                                        f"Add annotations/notes/{ch.chapter}-{number}.yml with 'chapter: \"{ch.chapter}\"', "
                                        f"'number: {number}' and 'text:'.", code="marker-without-note"))
            if prev is not None and number != prev + 1:
                problems.append(Problem(ch.file, line, col, f"Note marker {number} follows {prev}; the book's notes rise by one.",
                                        "Check the marker against the source (a year or quantity may have been taken "
                                        "for a note, or a marker lost).", severity="warning", code="marker-sequence"))
            prev = number
        if scan:
            for _line, text in plain_blocks(ch.body, ch.body_line):
                for m in registry.matcher.find(text):
                    mentioned.add(m.entry)
    chapter_ids = {ch.chapter for ch in chapters}
    for key, note in sorted(registry.notes.items(), key=lambda kv: kv[1].file):
        if key not in seen:
            where = "" if key[0] in chapter_ids else f" (there is no chapter '{key[0]}')"
            problems.append(Problem(note.file, *note.loaded.where(("number",)),
                                    f"Expansion of note {key[1]} in chapter {key[0]} has no marker in the text{where}.",
                                    "Fix 'chapter'/'number', or add the marker {^" + str(key[1]) + "} to the chapter.",
                                    code="note-without-marker"))
    if scan:
        problems += check_unused(registry, mentioned)
    return mentioned, problems


def check_unused(registry: Registry, mentioned: set[str]) -> list[Problem]:
    """Entries neither mentioned in the text nor referenced by another entry."""
    return [
        Problem(entry.file, 1, 1, f"'{entry.id}' is neither mentioned in the text nor referenced by another entry.",
                "Add the form that occurs in the text to 'match', link it from a note with [[" + entry.id + "]], "
                "or remove the entry.", code="unused-entry")
        for entry in sorted(registry.entries.values(), key=lambda e: e.file)
        if entry.id not in mentioned and entry.id not in registry.referenced
    ]

