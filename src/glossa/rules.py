"""The one list of rules: every problem the build and ``glossa check`` report comes from here.

An :class:`Edition` holds what the rules read: the loaded annotations, the source
pages and chapters, and the config file's nav and texts. :func:`run` applies the
rules of a phase:

* ``"sources"``: everything the sources alone decide (the build runs these once it
  knows the pages, in ``on_files``);
* ``"render"``: the rules that need every mention (the build runs these once all
  pages are rendered; ``check`` renders the chapters the same way to get them).

Both callers pass the same data, so both report the same ``file:line:col`` messages.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import dates, guard, hazards
from .chapters import MAX_PAGE_BYTES, Chapter, blocks, parse_page, plain_blocks
from .matcher import FormSpec, Matcher
from .problems import Problem
from .registry import Registry, inside
from .sitefile import SiteFile
from .yamlsafe import read_text

_TODO_RE = re.compile(r"\bTODO\b")
_CODE_SPAN_RE = re.compile(r"(`{1,3})[^`\n]{0,500}\1")

#: A usage record: (entry id, form text) for every mention the chapters make.
Usage = Counter[tuple[str, str]]


@dataclasses.dataclass
class SourcePage:
    """A Markdown page of ``docs/``: where it is and what it says."""

    display: str  #: path shown in messages, e.g. "docs/chapter-3.md"
    src_uri: str  #: path inside docs/, e.g. "chapter-3.md"
    text: str


@dataclasses.dataclass
class Options:
    """Switches an edition may set for the rules."""

    #: Warn about a book cited without a page, chapter or section.
    source_locators: bool = True
    #: The edition's copy of the JSON Schemas (checked against the engine's), if any.
    schema_dir: Path | None = None
    #: The engine's schemas: file name -> text.
    schemas: dict[str, str] = dataclasses.field(default_factory=dict)
    today: datetime.date = dataclasses.field(default_factory=datetime.date.today)


@dataclasses.dataclass
class Edition:
    """Everything the rules read."""

    root: Path
    registry: Registry
    load_problems: list[Problem]
    pages: list[SourcePage]
    chapters: list[Chapter]
    page_problems: list[Problem]
    site: SiteFile
    options: Options = dataclasses.field(default_factory=Options)
    #: Set for the "render" phase: every (entry, form) the chapters mention, counted.
    usage: Usage | None = None


#: Files besides pages that ``docs/`` may hold: images and plain documents, never markup or script.
STATIC_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".pdf", ".txt", ".csv"})
STATIC_NAMES = frozenset({"CNAME", ".nojekyll", "robots.txt"})


def read_page(path: Path, display: str, root: Path) -> tuple[str | None, list[Problem]]:
    """A source page's text, refusing symlinks out of the repository, binary and non-UTF-8 files."""
    if not inside(path, root):
        return None, [_outside(display)]
    return read_text(path, display, limit=MAX_PAGE_BYTES, what="pages")


def static_file_problems(path: Path, display: str, root: Path) -> list[Problem]:
    """A non-page file in ``docs/`` is published as it is, so only inert kinds of file are allowed."""
    if not inside(path, root):
        return [_outside(display)]
    if path.name in STATIC_NAMES or path.suffix.lower() in STATIC_SUFFIXES:
        return []
    return [Problem(display, 0, 0, f"'{path.name}' would be published as it is, and files of this kind can carry "
                    "scripts or markup; it is not published.",
                    "Keep pages as Markdown (.md) and images as PNG, JPEG, GIF or WebP; remove this file.",
                    code="static-file")]


def _outside(display: str) -> Problem:
    return Problem(display, 0, 0, "This file is, or lies behind, a symbolic link that leads outside the repository; "
                   "it is not published.", "Replace the link with the file itself.", code="symlink-outside")


#: What :func:`parse_pages` found on each page, by file: (its text then, chapter, problems).
ParseMemo = dict[str, tuple[str, "Chapter | None", list[Problem]]]


def parse_pages(pages: Iterable[SourcePage], memo: ParseMemo | None = None) -> tuple[list[Chapter], list[Problem]]:
    """Every page as a chapter or not, with the problems of its front matter, markers and paragraphs.

    With a ``memo`` (kept by ``glossa serve`` from one save to the next), a page whose text
    is as it was is not parsed again.
    """
    chapters, problems = [], []
    for page in pages:
        hit = memo.get(page.display) if memo is not None else None
        if hit is not None and hit[0] == page.text:
            chapter, found = hit[1], hit[2]
        else:
            chapter, found = parse_page(page.text, page.display)
            if memo is not None:
                memo[page.display] = (page.text, chapter, found)
        if chapter is not None:
            chapters.append(chapter)
        problems += found
    return chapters, problems


def _problem(file: str, at: tuple[int, int], message: str, fix: str = "", **kw: Any) -> Problem:
    """A problem at a (line, column) position."""
    return Problem(file, at[0], at[1], message, fix, **kw)


#: Problems of the rules that read one file, remembered by (rule, file, content digest): a file's
#: problems are a function of its content, so ``glossa serve`` re-checks only what changed.
_MEMO: dict[tuple[str, ...], tuple[Problem, ...]] = {}


def _memo(key: tuple[str, ...], make: Callable[[], Iterable[Problem]]) -> tuple[Problem, ...]:
    if not key[-1]:  # no digest: nothing to remember it by
        return tuple(make())
    hit = _MEMO.get(key)
    if hit is None:
        hit = _MEMO[key] = tuple(make())
    return hit


def _files(ed: Edition) -> Iterator[tuple[str, Any, str, Any]]:
    """(file, loaded, digest, model) of every loaded entry and note."""
    items: Iterable[Any] = itertools.chain(ed.registry.entries.values(), ed.registry.notes.values())
    for e in items:
        yield e.file, e.loaded, e.digest, e.model


# --- rules of the "sources" phase ---------------------------------------------------------


def _loading(ed: Edition) -> Iterable[Problem]:
    yield from ed.load_problems
    yield from ed.page_problems


def _markers(ed: Edition) -> Iterable[Problem]:
    """Markers against expansions: every marker has one, every expansion a marker, numbers rise by one."""
    seen: set[tuple[str, int]] = set()
    for ch in ed.chapters:
        prev = None
        for number, line, col in ch.markers:
            seen.add((ch.chapter, number))
            if (ch.chapter, number) not in ed.registry.note_keys:
                yield Problem(ch.file, line, col, f"Note marker {number} in chapter {ch.chapter} has no expansion.",
                              "Run 'glossa new notes' to create every missing expansion, then write their 'text:'.",
                              code="marker-without-note")
            if prev is not None and number != prev + 1:
                yield Problem(ch.file, line, col, f"Note marker {number} follows {prev}; the book's notes rise by one.",
                              "Check the marker against the source (a year or quantity may have been taken "
                              "for a note, or a marker lost).", severity="warning", code="marker-sequence")
            prev = number
    chapter_ids = {ch.chapter for ch in ed.chapters}
    for key, note in sorted(ed.registry.notes.items(), key=lambda kv: kv[1].file):
        if key not in seen:
            where = "" if key[0] in chapter_ids else f" (there is no chapter '{key[0]}')"
            yield _problem(note.file, note.loaded.where(("number",)),
                          f"Expansion of note {key[1]} in chapter {key[0]} has no marker in the text{where}.",
                          "Fix 'chapter'/'number', or add the marker {^" + str(key[1]) + "} to the chapter.",
                          code="note-without-marker")


def _body_key(rule: str, ch: Chapter) -> tuple[str, ...]:
    """A memo key for a rule that reads only a chapter's body (and where the body starts)."""
    return (rule, ch.file, str(ch.body_line), hashlib.blake2b(ch.body.encode(), digest_size=16).hexdigest())


def _chapter_hazards(ed: Edition) -> Iterable[Problem]:
    """Raw HTML, script links and unsafe attribute lists in chapter bodies."""
    for ch in ed.chapters:
        yield from _memo(_body_key("hazards", ch), functools.partial(_hazards_of, ch))


def _hazards_of(ch: Chapter) -> Iterable[Problem]:
    for start, lines in blocks(ch.body, ch.body_line):
        for i, line in enumerate(lines):
            visible = _CODE_SPAN_RE.sub(lambda m: " " * len(m.group()), line)
            for offset, what in hazards.scan(visible, attr_lists=True):
                yield Problem(ch.file, start + i, offset + 1, f"The chapter text contains {what}.",
                              "Chapters are text: write Markdown only; quote markup in `backticks` if the text "
                              "really shows it.", code="chapter-markup")


_TANGLED_FIX = ("Such a paragraph is shown as plain text. If it is what the text really says, quote it in a code span; "
                "otherwise remove the repeated characters.")


def _tangled(ed: Edition) -> Iterable[Problem]:
    """Paragraphs that would take too long to parse as Markdown: shown as plain text, and reported."""
    for ch in ed.chapters:
        yield from _memo(_body_key("tangled", ch), functools.partial(_tangled_chapter, ch))
    items = [(e.file, e.loaded, e.digest, e.model.body_field) for e in ed.registry.entries.values()]
    items += [(n.file, n.loaded, n.digest, "text") for n in ed.registry.notes.values()]
    for file, loaded, digest, field in items:
        yield from _memo(("tangled", file, field, digest), functools.partial(_tangled_field, file, loaded, field))


def _tangled_chapter(ch: Chapter) -> Iterable[Problem]:
    for start, lines in blocks(ch.body, ch.body_line):
        why = guard.over_budget("\n".join(lines))
        if why:
            yield Problem(ch.file, start, 1, f"This paragraph is too tangled to render as Markdown ({why}).",
                          _TANGLED_FIX, code="tangled-text")


def _tangled_field(file: str, loaded: Any, field: str) -> Iterable[Problem]:
    text = loaded.data.get(field) if isinstance(loaded.data, dict) else None
    if not isinstance(text, str):
        return
    line, col = loaded.where((field,))
    for start, block in guard.paragraphs(text):
        why = guard.over_budget(block)
        if why:
            at = (line + start, 1) if (field,) in loaded.literal else (line, col)
            yield _problem(file, at, f"'{field}' has a paragraph too tangled to render as Markdown ({why}).",
                           _TANGLED_FIX, code="tangled-text")


def _walk(data: Any, path: tuple[Any, ...] = ()) -> Iterable[tuple[tuple[Any, ...], str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _walk(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk(v, (*path, i))


def _annotation_texts(ed: Edition) -> Iterable[Problem]:
    """Hazards and leftover TODO placeholders in every text of every annotation."""
    taken = {(p.file, p.line, p.column) for p in ed.load_problems}
    for file, loaded, digest, _ in _files(ed):
        mine = {t for t in taken if t[0] == file}
        yield from _memo(("texts", file, str(sorted(mine)), digest), functools.partial(_texts_of, file, loaded, mine))


def _texts_of(file: str, loaded: Any, taken: set[tuple[str, int, int]]) -> Iterable[Problem]:
    if not isinstance(loaded.data, dict):
        return
    for path, text in _walk(loaded.data):
        line, col = loaded.where(path)
        field = ".".join(str(p) for p in path)
        for offset, what in hazards.scan(text):
            # Only a literal block keeps the text's line breaks where the file has them.
            at = hazards.position(text, offset, line, col) if path in loaded.literal else (line, col)
            if (file, *at) not in taken and (file, line, col) not in taken:
                yield _problem(file, at, f"'{field}' contains {what}.", "Write Markdown only: *italic*, **bold**, "
                              "[text](https://...) and [[id]] for entries.", code="raw-html")
            break
        m = _TODO_RE.search(text)
        if m:
            yield _problem(file, (hazards.position(text, m.start(), line, col) if path in loaded.literal else (line, col)),
                          f"'{field}' still contains a TODO placeholder.", "Replace it with the real text.", code="todo")


def _dates(ed: Edition) -> Iterable[Problem]:
    """Deaths before births, offices that end before they start, and dates in the future."""
    today = ed.options.today
    for e in ed.registry.entries.values():
        yield from _memo(("dates", e.file, today.isoformat(), e.digest), functools.partial(_entry_dates, e, today))
    for note in ed.registry.notes.values():
        if note.model.date and _earliest(note.model.date.date) > today:
            yield _problem(note.file, note.loaded.where(("date",)), f"The date {note.model.date.date!r} is in the future.",
                          "Correct the year.", code="date-future")


def _entry_dates(e: Any, today: datetime.date) -> Iterable[Problem]:
    model = e.model
    born, died = getattr(model, "born", None), getattr(model, "died", None)
    if born and died and _earliest(died.date) < _earliest(born.date) and _latest(died.date) < _earliest(born.date):
        yield _problem(e.file, e.pos("died"), f"'{e.id}' dies ({died.human()}) before being born ({born.human()}).",
                      "Check both dates against the sources.", code="date-order")
    for i, office in enumerate(getattr(model, "offices", [])):
        if office.start and office.end and _latest(office.end) < _earliest(office.start):
            yield _problem(e.file, e.pos("offices", i, "end"),
                          f"The office '{office.office}' ends ({dates.human(office.end)}) before it starts "
                          f"({dates.human(office.start)}).", "Swap or correct the dates.", code="date-order")
    for path, text in _date_texts(model):
        try:
            when = dates.parse(text)
        except ValueError:
            continue
        if _earliest_span(when) > today:
            yield _problem(e.file, e.pos(*path), f"The date {text!r} is in the future.",
                          "Correct the year; an edition annotates what has happened.", code="date-future")


def _date_texts(model: Any) -> Iterable[tuple[tuple[Any, ...], str]]:
    for name in ("born", "died", "date"):
        spec = getattr(model, name, None)
        if spec is not None:
            yield (name,), spec.date
            for i, alt in enumerate(spec.alternatives):
                yield (name, "alternatives", i), alt
    for i, office in enumerate(getattr(model, "offices", [])):
        for name in ("start", "end"):
            value = getattr(office, name)
            if value:
                yield ("offices", i, name), value


def _earliest_span(span: dates.Span) -> datetime.date:
    d = span.start
    return datetime.date(max(d.year, 1), d.month or 1, d.day or 1)


def _earliest(text: str) -> datetime.date:
    return _earliest_span(dates.parse(text))


def _latest(text: str) -> datetime.date:
    span = dates.parse(text)
    return (span.end or span.start).latest()


def _authorities(ed: Edition) -> Iterable[Problem]:
    """An authority identifier names one entity: the same one on two entries is a mistake."""
    for field in ("wikidata", "viaf", "geonames"):
        owners: dict[str, str] = {}
        for e in sorted(ed.registry.entries.values(), key=lambda x: x.file):
            value = getattr(e.model, field, None)
            if not value:
                continue
            if value in owners:
                yield _problem(e.file, e.pos(field), f"The {field} identifier {value} is also given for '{owners[value]}'.",
                              "Each identifier names one entity: check which entry it belongs to and correct the other.",
                              code="duplicate-identifier")
            else:
                owners[value] = e.id


def _sources(ed: Edition) -> Iterable[Problem]:
    """A book cited whole, with no page, chapter or section, is hard to follow."""
    if not ed.options.source_locators:
        return
    for file, loaded, digest, model in _files(ed):
        yield from _memo(("sources", file, digest), functools.partial(_locators, file, loaded, model.sources))


def _locators(file: str, loaded: Any, sources: list) -> Iterable[Problem]:
    for i, src in enumerate(sources):
        if src.is_book and not src.locator:
            yield _problem(file, loaded.where(("sources", i)), f"The book '{src.title}' is cited without a locator.",
                          "Add 'pages:', 'chapter:' or 'section:' so a reader can find the passage (or set the "
                          "plugin option 'source_locators: false' to allow whole-book citations).",
                          severity="warning", code="source-locator")


def _nav(ed: Edition) -> Iterable[Problem]:
    """Nav entries that point at no page, and chapters that the nav leaves out."""
    nav = ed.site.nav
    if nav is None:
        return
    known = {p.src_uri for p in ed.pages}
    listed = {ref.path for ref in nav}
    for ref in nav:
        if ref.path not in known and not _generated_page(ref.path):
            yield Problem(ed.site.file, ref.line, ref.column, f"The nav lists '{ref.path}', but there is no such page in docs/.",
                          "Correct the path, or remove the line from the nav.", code="nav-missing-page")
    by_file = {p.display: p.src_uri for p in ed.pages}
    for ch in ed.chapters:
        src = by_file.get(ch.file)
        if src is not None and src not in listed:
            yield Problem(ed.site.file, ed.site.nav_line, 1, f"The chapter {ch.file} is not in the nav.",
                          f"Add '- {src}' to the nav in chapter order ('glossa import' does this for you).",
                          code="nav-missing-chapter")


def _generated_page(path: str) -> bool:
    # Indexes, the timeline and the book index are generated: the nav may list them.
    from .kinds import NAMED

    return path in {k.index_page for k in NAMED} | {"timeline.md", "book-index.md"}


def _placeholders(ed: Edition) -> Iterable[Problem]:
    """Template placeholders left in the home page, the About page and the site's texts."""
    for page in ed.pages:
        if "chapter" in page.text[:400] and page.text.startswith("---"):
            continue
        for i, text in enumerate(page.text.split("\n"), start=1):
            m = _TODO_RE.search(text)
            if m:
                yield Problem(page.display, i, m.start() + 1, "The page still holds a template placeholder.",
                              "Replace the TODO text with the edition's own.", severity="warning", code="placeholder")
    for name, (value, line, col) in ed.site.fields.items():
        if _TODO_RE.search(value):
            yield Problem(ed.site.file, line, col, f"'{name}' still holds a template placeholder.",
                          f"Write the edition's {name.replace('_', ' ')}.", severity="warning", code="placeholder")


def _schemas(ed: Edition) -> Iterable[Problem]:
    """The edition's copy of the JSON Schemas must match the engine's, so editors' hints are right."""
    folder = ed.options.schema_dir
    if folder is None or not ed.options.schemas or not folder.is_dir():
        return  # an edition without a copy of the schemas (its files carry no $schema lines)
    stale = [name for name, text in ed.options.schemas.items()
             if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
    if stale:
        shown = folder.relative_to(ed.root).as_posix() if folder.is_relative_to(ed.root) else str(folder)
        yield Problem(shown, 0, 0, f"The JSON Schemas for editors are missing or out of date ({', '.join(stale)}).",
                      "Run 'glossa schema' to write the engine's current schemas.", severity="warning", code="schema-stale")


# --- rules of the "render" phase ----------------------------------------------------------


def _usage(ed: Edition) -> Iterable[Problem]:
    """Entries nothing mentions or references, forms that never occur, and forms kept out of the matcher."""
    usage = ed.usage or Counter()
    mentioned = {entry for entry, _ in usage}
    reg = ed.registry
    # Problems are few and files many: sort the problems, not every entry and form (in file order).
    unused = [e for e in reg.entries.values() if e.id not in mentioned and e.id not in reg.referenced]
    for entry in sorted(unused, key=lambda e: e.file):
        yield Problem(entry.file, 1, 1, f"'{entry.id}' is neither mentioned in the text nor referenced by another entry.",
                      "Add the form that occurs in the text to 'match', link it from a note with [[" + entry.id + "]], "
                      "or remove the entry.", code="unused-entry")
    refused = [f for f in reg.forms if f.refused]
    counts = _would_match(refused, ed.chapters) if refused else Counter()
    used_forms = {form for _, form in usage}
    flagged = [f for f in reg.forms if f.refused or (f.entry in reg.entries and f.text not in used_forms)]
    for f in sorted(flagged, key=lambda f: (f.file, f.line, f.column)):
        if f.refused == "single-letter":
            yield Problem(f.file, f.line, f.column, f"The form {f.text!r} is a single letter.",
                          "Use the name or term as it is written in the text.", code="form-single-letter")
        elif f.refused:
            n = counts[f.text]
            what = "a common word" if f.refused == "common-word" else "a lowercase form"
            yield Problem(f.file, f.line, f.column, f"The form {f.text!r} is {what}; it would link {n} place"
                          f"{'' if n == 1 else 's'} in the chapters, so it needs your confirmation.",
                          f"Use a longer or capitalised form, or confirm it with '{{text: {f.text}, common: true}}' if every "
                          "one of those places means this entry.", code=f"form-{f.refused}")
        else:  # flagged above: an entry's form that never occurs
            yield Problem(f.file, f.line, f.column, f"The form {f.text!r} never occurs in the chapters.",
                          "Check its spelling against the text, or remove it (put variants in 'other_names').",
                          severity="warning", code="form-unused")


def _would_match(forms: list[Any], chapters: list[Chapter]) -> Counter[str]:
    matcher = Matcher(FormSpec(f.text, f.text) for f in forms)
    counts: Counter[str] = Counter()
    for ch in chapters:
        for _, text in plain_blocks(ch.body, ch.body_line):
            counts.update(m.entry for m in matcher.find(text))
    return counts


Rule = Callable[[Edition], Iterable[Problem]]

#: The rules, in the order their problems are reported: (phase, rule).
RULES: list[tuple[str, Rule]] = [
    ("sources", _loading),
    ("sources", _markers),
    ("sources", _chapter_hazards),
    ("sources", _annotation_texts),
    ("sources", _tangled),
    ("sources", _dates),
    ("sources", _authorities),
    ("sources", _sources),
    ("sources", _nav),
    ("sources", _placeholders),
    ("sources", _schemas),
    ("render", _usage),
]


def run(edition: Edition, phase: str | None = None) -> list[Problem]:
    """The problems of one phase (or of all), each reported once, in a stable order."""
    out: list[Problem] = []
    seen: set[Problem] = set()
    for rule_phase, rule in RULES:
        if phase is not None and rule_phase != phase:
            continue
        for p in rule(edition):
            if p not in seen:
                seen.add(p)
                out.append(p)
    return out


def usage_of(mentions: Iterable[Any]) -> Usage:
    """The usage record of a list of mentions."""
    return Counter((m.entry, m.form) for m in mentions)


def schema_texts() -> dict[str, str]:
    """The engine's JSON Schemas, as written by ``glossa schema``."""
    from .schema import schemas

    return schemas()


def dump(problems: list[Problem]) -> str:
    """Problems as JSON lines (for tools)."""
    return "\n".join(json.dumps(dataclasses.asdict(p), ensure_ascii=False) for p in problems)
