"""Chapter sources: front matter, note markers, paragraph ids, and what in them the build would neutralise.

These work on the Markdown *source*, with line numbers, so that the ``check``
command can report ``docs/chapter-3.md:14:201`` without building the site, and
the build reports exactly the same problems (both go through :mod:`glossa.rules`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

import yaml

from . import hazards
from .model import CHAPTER_RE
from .problems import Problem

#: ``{^24}``: a note marker with the book's own number.
MARKER_RE = re.compile(r"\{\^(\d{1,4})\}")
_FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_ATTR_LINE_RE = re.compile(r"^\{:?[^}\n]{0,500}\}[ \t]*$")
_PARA_ID_RE = re.compile(r"^\{:\s{0,10}#([A-Za-z][\w-]{0,80})\s{0,10}\}[ \t]*$")
_BLOCK_START_RE = re.compile(r"^(?:#|>|[-*+] |\d{1,9}[.)] |\||```|~~~|<|---|\*\*\*|    |\t|\[[^\]\n]{1,300}\]:)")
#: Front-matter fields a chapter may set, and what each must be.
FRONT_FIELDS = {"chapter": "a number or a slug, e.g. \"28\"", "title": "plain text", "description": "plain text",
                "source": "plain text"}
MAX_PAGE_BYTES = 1024 * 1024


@dataclasses.dataclass
class Chapter:
    """A chapter source file, as far as the checks need it."""

    file: str
    chapter: str
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    markers: list[tuple[int, int, int]]  # (number, line, column)
    meta: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class FrontMatter:
    """A page's front matter: its fields, the body after it, and what is wrong with it."""

    meta: dict
    body: str
    body_line: int
    problems: list[Problem]
    broken: bool = False


def read_front_matter(text: str, display: str) -> FrontMatter:
    """Split and validate a page's front matter; a YAML error is reported as such, once."""
    m = _FRONT_RE.match(text)
    if not m:
        return FrontMatter({}, text, 1, [])
    body, body_line = text[m.end():], m.group(0).count("\n") + 1
    raw = m.group(1) or ""
    try:
        meta = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 2, mark.column + 1) if mark else (1, 1)
        what = " ".join(x for x in (getattr(exc, "context", None), getattr(exc, "problem", None)) if x) or "invalid YAML"
        return FrontMatter({}, body, body_line, [Problem(
            display, line, col, f"The page's front matter (between the '---' lines) is not valid YAML: {what}.",
            "Quote values that contain ': ' or start with a quote, e.g. title: \"Chapter 3: The Trial\".",
            code="front-matter-yaml")], broken=True)
    if not isinstance(meta, dict):
        return FrontMatter({}, body, body_line, [Problem(
            display, 2, 1, "The page's front matter must be 'key: value' lines.",
            "Write e.g. chapter: \"28\" and title: \"Chapter 28\".", code="front-matter-yaml")], broken=True)
    return FrontMatter(meta, body, body_line, _front_problems(meta, raw, display))


def _front_problems(meta: dict, raw: str, display: str) -> list[Problem]:
    problems = []
    for key, rule in FRONT_FIELDS.items():
        if key not in meta:
            continue
        value = meta[key]
        line = next((i + 2 for i, ln in enumerate(raw.split("\n")) if ln.startswith(f"{key}:")), 2)
        if key == "chapter":
            if not (isinstance(value, (str, int)) and not isinstance(value, bool) and CHAPTER_RE.match(str(value))
                    and len(str(value)) <= 20):
                problems.append(Problem(display, line, 1, f"'chapter' must be {rule}; {str(value)[:40]!r} is not.",
                                        "Use the chapter's number or a short slug of letters, digits and hyphens.",
                                        code="front-matter-chapter"))
        elif (not isinstance(value, str) or re.search(r"[<>\n]", value) or len(value) > 300
              or any(True for _ in hazards.scan(value))):
            problems.append(Problem(display, line, 1, f"'{key}' must be {rule} on one line, without markup or script.",
                                    f"Write the {key} as plain words, at most 300 characters.", code="front-matter-text"))
    return problems


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """``(meta, body, first body line)``; meta is ``{}`` when absent or unreadable."""
    fm = read_front_matter(text, "")
    return fm.meta, fm.body, fm.body_line


def scan_markers(body: str, first_line: int = 1) -> list[tuple[int, int, int]]:
    """Every ``{^n}`` marker with its line and column."""
    out = []
    for lineno, line in enumerate(body.split("\n"), start=first_line):
        for m in MARKER_RE.finditer(line):
            out.append((int(m.group(1)), lineno, m.start() + 1))
    return out


def is_chapter_meta(meta: dict) -> bool:
    """Whether front matter makes a page a chapter (a valid ``chapter`` key)."""
    value = meta.get("chapter")
    return value is not None and not isinstance(value, bool) and bool(CHAPTER_RE.match(str(value))) and len(str(value)) <= 20


def parse_page(text: str, display: str) -> tuple[Chapter | None, list[Problem]]:
    """A source page as a chapter, or ``None`` plus any note markers it wrongly holds.

    The build and the ``check`` command both read pages through this, so they agree.
    """
    fm = read_front_matter(text, display)
    markers = scan_markers(fm.body, fm.body_line)
    if is_chapter_meta(fm.meta):
        chapter = Chapter(display, str(fm.meta["chapter"]), fm.body, fm.body_line, markers, fm.meta)
        return chapter, fm.problems + paragraph_problems(chapter)
    if fm.broken or "chapter" in fm.meta:
        return None, fm.problems  # the front-matter error is the one to fix; markers follow from it
    return None, fm.problems + [
        Problem(display, line, col, f"Note marker {number} is on a page that is not a chapter, so it has no expansion.",
                "Add 'chapter: \"N\"' to the page's front matter, or remove the marker.", code="marker-outside-chapter")
        for number, line, col in markers
    ]


def blocks(body: str, first_line: int = 1) -> Iterator[tuple[int, list[str]]]:
    """``(first line, lines)`` of each block of the body (lines between blank lines), outside code fences."""
    fenced = False
    block: list[str] = []
    start = first_line
    for lineno, line in enumerate(body.split("\n"), start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            if block:
                yield start, block
                block = []
            fenced = not fenced
            continue
        if fenced:
            continue
        if not line.strip():
            if block:
                yield start, block
                block = []
            continue
        if not block:
            start = lineno
        block.append(line)
    if block:
        yield start, block


def paragraph_problems(chapter: Chapter) -> list[Problem]:
    """Paragraphs without a stored id, and ids used twice, in a chapter's source."""
    problems = []
    seen: dict[str, int] = {}
    for start, lines in blocks(chapter.body, chapter.body_line):
        first = lines[0]
        if _BLOCK_START_RE.match(first) or _ATTR_LINE_RE.match(first.strip()):
            continue
        last = lines[-1].strip()
        m = _PARA_ID_RE.match(last)
        if m is None:
            problems.append(Problem(chapter.file, start, 1, f"This paragraph of chapter {chapter.chapter} has no id, so "
                                    "permalinks and 'Mentioned in' cannot point at it.",
                                    f"Add a line such as '{{: #c{chapter.chapter}-p99 }}' under it; never reuse or "
                                    "renumber ids.", code="paragraph-without-id"))
            continue
        ident = m.group(1)
        if ident in seen:
            problems.append(Problem(chapter.file, start + len(lines) - 1, 1,
                                    f"The paragraph id '{ident}' is also used on line {seen[ident]}.",
                                    "Give this paragraph an id of its own; links to the other one must keep working.",
                                    code="duplicate-paragraph-id"))
        else:
            seen[ident] = start + len(lines) - 1
    return problems


def plain_blocks(body: str, first_line: int = 1) -> Iterable[tuple[int, str]]:
    """Paragraph text of a chapter body with markers and attribute lists removed.

    Headings and fenced code are skipped, as the build skips them. Yields
    ``(line, text)`` per paragraph; used by the check and the coverage report.
    """
    for start, lines in blocks(body, first_line):
        para: list[str] = []
        line_at = start
        for offset, line in enumerate(lines):
            if line.startswith("#") or _ATTR_LINE_RE.match(line.strip()):
                if para:
                    yield line_at, " ".join(para)
                    para = []
                continue
            if not para:
                line_at = start + offset
            para.append(MARKER_RE.sub("", line).replace("\\", ""))
        if para:
            yield line_at, " ".join(para)
