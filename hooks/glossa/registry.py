"""Load a whole ``annotations/`` folder into a cross-checked registry.

``load_registry`` never raises for bad input: it returns the entries it could
load plus a list of :class:`~glossa.problems.Problem`, each with the file, line,
column and a fix. The MkDocs hooks, the ``check`` command and the coverage report
all call it, so they always agree.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .matcher import COMMON_WORDS, FormSpec, Matcher, form_key
from .model import FOLDERS, SLUG_RE, Note, Person, Term
from .problems import Problem
from .yamlsafe import Loaded, load_file

#: ``[[id]]`` or ``[[id|label]]`` in annotation Markdown: a checked link to an entry.
REF_RE = re.compile(r"\[\[\s*([^\]|\n]*?)\s*(?:\|\s*([^\]\n]*?)\s*)?\]\]")

#: Ids that would collide with generated index pages.
RESERVED_IDS = frozenset({"index", "search", "assets", "404"})

_TEXT_FIELDS = ("profile", "definition", "text")


@dataclasses.dataclass
class Entry:
    """A person or term, with the file it came from and where each value sits."""

    kind: str
    id: str
    model: Person | Term
    file: str
    loaded: Loaded

    def pos(self, *path: Any) -> tuple[int, int]:
        """Line and column of a value in the entry's file."""
        return self.loaded.where(path)

    @property
    def ref_kind(self) -> str:
        """The kind a mention carries: ``person``, ``term``, or ``place`` for place terms."""
        return "place" if getattr(self.model, "category", "") == "place" else self.kind

    @property
    def page(self) -> str:
        """The generated page's path in the site's source tree, e.g. ``people/stalin.md``."""
        return f"{FOLDERS[self.kind]}/{self.id}.md"


@dataclasses.dataclass
class NoteEntry:
    """The edition's expansion of one of the book's notes."""

    chapter: str
    number: int
    model: Note
    file: str
    loaded: Loaded

    @property
    def key(self) -> tuple[str, int]:
        """``(chapter, number)``: how notes are looked up."""
        return (self.chapter, self.number)


@dataclasses.dataclass
class Registry:
    """Every annotation of an edition, and the matcher built from their forms."""

    entries: dict[str, Entry]
    notes: dict[tuple[str, int], NoteEntry]
    matcher: Matcher
    #: ids referenced from other entries or notes (for the "unused entry" check).
    referenced: set[str]
    #: (chapter, number) of every note file, valid or not, so a broken expansion
    #: is reported once (as broken), not again as "marker without expansion".
    note_keys: set[tuple[str, int]] = dataclasses.field(default_factory=set)

    def compact(self) -> None:
        """Drop raw data and nested positions once every check that needs them has run."""
        # Later checks cite an entry's file (line 1) and a note's 'number' line only.
        for entry in self.entries.values():
            entry.loaded = entry.loaded.compact()
        for note in self.notes.values():
            note.loaded = note.loaded.compact(((), ("number",)))

    def people(self) -> list[Entry]:
        """People sorted for an A-Z index (by the name's last word)."""
        return sorted((e for e in self.entries.values() if e.kind == "person"), key=_sort_key)

    def terms(self) -> list[Entry]:
        """Terms sorted A-Z."""
        return sorted((e for e in self.entries.values() if e.kind == "term"), key=lambda e: e.model.name.casefold())


def _sort_key(entry: Entry) -> tuple[str, str]:
    words = entry.model.name.split()
    return (words[-1].casefold() if words else "", entry.model.name.casefold())


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()), key=str)


def _display(path: Path, base: Path) -> str:
    # Both are absolute already (the caller resolves the folders once), so no
    # per-file resolve(): that system call dominated loading thousands of files.
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def schema_at(model: type[BaseModel], loc: Iterable[Any]) -> dict[str, Any]:
    """The JSON-Schema node for a location inside ``model`` (for help texts)."""
    root = model.model_json_schema()
    node: dict[str, Any] = root

    def deref(n: dict[str, Any]) -> dict[str, Any]:
        while True:
            if "$ref" in n:
                n = root["$defs"][n["$ref"].split("/")[-1]]
            elif "anyOf" in n:
                n = next((x for x in n["anyOf"] if x.get("type") != "null"), n["anyOf"][0])
            else:
                return n

    node = deref(node)
    for part in loc:
        if isinstance(part, int):
            node = deref(node.get("items", {}))
        elif part in node.get("properties", {}):
            prop = node["properties"][part]
            node = deref(prop)
            if "description" in prop and "description" not in node:
                node = {**node, "description": prop["description"]}
        else:
            break
    return node


def _hint(node: dict[str, Any]) -> str:
    bits = []
    if "description" in node:
        bits.append(node["description"])
    if "enum" in node:
        bits.append("One of: " + ", ".join(map(str, node["enum"])) + ".")
    if node.get("type") == "array":
        bits.append("Expected a list ('- item' lines).")
    if "maxLength" in node:
        bits.append(f"At most {node['maxLength']} characters.")
    return " ".join(bits)


def validation_problems(exc: ValidationError, model: type[BaseModel], loaded: Loaded, file: str) -> list[Problem]:
    """Turn pydantic's errors into positioned, actionable problems."""
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper() and p not in loaded.keys))
        kind = err["type"]
        field = ".".join(str(p) for p in loc) or "(file)"
        if kind == "extra_forbidden":
            line, col = loaded.where(loc, key=True)
            allowed = list(schema_at(model, loc[:-1]).get("properties", {}))
            guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            fix = f"Did you mean '{guess[0]}'?" if guess else "Remove it."
            fix += " Allowed fields here: " + ", ".join(allowed) + "."
            out.append(Problem(file, line, col, f"Unknown field '{loc[-1]}'.", fix, code="unknown-field"))
        elif kind == "missing":
            line, col = loaded.where(loc[:-1])
            node = schema_at(model, loc)
            out.append(Problem(file, line, col, f"Missing required field '{field}'.",
                               f"Add '{loc[-1]}:'. {_hint(node)}".strip(), code="missing-field"))
        else:
            line, col = loaded.where(loc)
            node = schema_at(model, loc)
            value = err.get("input")
            shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
            if isinstance(value, str) and len(value) > 60:
                shown = repr(value[:57] + "...")
            msg = err["msg"].removeprefix("Value error, ")
            if kind == "string_too_short":
                problem = f"'{field}' is empty."
            elif kind == "string_too_long":
                problem = f"'{field}' is too long ({len(value)} characters)."
            else:
                problem = f"Invalid value {shown} for '{field}': {msg}."
            out.append(Problem(file, line, col, problem, _hint(node) or "Correct the value.", code=f"invalid-{kind}"))
    return out


def _load_one(path: Path, base: Path, model: type[BaseModel]) -> tuple[Any, Loaded | None, str, list[Problem]]:
    file = _display(path, base)
    loaded, problems = load_file(path, file)
    if loaded is None:
        return None, None, file, problems
    if not isinstance(loaded.data, dict):
        return None, loaded, file, [*problems, Problem(file, 1, 1, "The file must be a mapping of fields ('name: ...').", f"Start from the example in CONTRIBUTING.md for a {model.__name__.lower()}.", code="not-a-mapping")]
    try:
        return model.model_validate(loaded.data), loaded, file, problems
    except ValidationError as exc:
        return None, loaded, file, problems + validation_problems(exc, model, loaded, file)


def load_registry(
    annotations: Path,
    base: Path | None = None,
    *,
    common_words: frozenset[str] = COMMON_WORDS,
) -> tuple[Registry, list[Problem]]:
    """Load and cross-check every annotation under ``annotations``.

    ``base`` is the folder that file names in problems are relative to (the
    project root, so ``annotations/people/stalin.yml:3:7`` is clickable).
    """
    annotations = annotations.resolve()
    base = (base or annotations.parent).resolve()
    problems: list[Problem] = []
    entries: dict[str, Entry] = {}
    notes: dict[tuple[str, int], NoteEntry] = {}

    if not annotations.is_dir():
        problems.append(Problem(_display(annotations, base), 0, 0, "The annotations folder does not exist.",
                                "Create it with people/, glossary/ and notes/ subfolders.", code="no-annotations"))
    known = {FOLDERS["person"], FOLDERS["term"], FOLDERS["note"]}
    for stray in sorted(annotations.glob("*")) if annotations.is_dir() else []:
        if stray.is_dir() and stray.name not in known and not stray.name.startswith("."):
            problems.append(Problem(_display(stray, base), 0, 0, f"Unknown folder '{stray.name}' in annotations.",
                                    "Entries go in people/, glossary/ or notes/.", severity="warning", code="stray-file"))

    # Every file that parsed to a mapping, valid or not: references and form claims
    # are checked on these too, so one run reports every problem.
    raw_items: list[tuple[str | None, str, Loaded]] = []
    owners: dict[str, str] = {}
    for kind, model in (("person", Person), ("term", Term)):
        for path in _files(annotations / FOLDERS[kind]):
            obj, loaded, file, found = _load_one(path, base, model)
            problems += found
            ident = path.stem
            if loaded is not None and isinstance(loaded.data, dict) and SLUG_RE.match(ident):
                raw_items.append((ident, file, loaded))
                if ident in owners and obj is None:
                    problems.append(Problem(file, 1, 1, f"Duplicate id '{ident}': {owners[ident]} already uses it.",
                                            "Ids are shared by people and terms; rename one file (e.g. add a qualifier).",
                                            code="duplicate-id"))
                owners.setdefault(ident, file)
            if not SLUG_RE.match(ident) or ident in RESERVED_IDS:
                suggestion = re.sub(r"[^a-z0-9]+", "-", ident.casefold()).strip("-") or "name"
                if suggestion in RESERVED_IDS:
                    suggestion += "-entry"
                problems.append(Problem(file, 1, 1, f"'{path.name}' does not give a valid id: file names are the entry id "
                                        "and must be lowercase letters, digits and single hyphens, and not a reserved name.",
                                        f"Rename it to '{suggestion}{path.suffix}'.", code="bad-id"))
                continue
            if obj is None or loaded is None:
                continue
            if ident in entries:
                other = entries[ident]
                problems.append(Problem(file, 1, 1, f"Duplicate id '{ident}': {other.file} already uses it.",
                                        "Ids are shared by people and terms; rename one file (e.g. add a qualifier).",
                                        code="duplicate-id"))
                continue
            entries[ident] = Entry(kind, ident, obj, file, loaded)

    note_keys: set[tuple[str, int]] = set()
    for path in _files(annotations / FOLDERS["note"]):
        obj, loaded, file, found = _load_one(path, base, Note)
        problems += found
        if loaded is not None and isinstance(loaded.data, dict):
            raw_items.append((None, file, loaded))
            chapter, number = loaded.data.get("chapter"), loaded.data.get("number")
            if isinstance(chapter, str) and isinstance(number, str) and number.isdigit():
                note_keys.add((chapter, int(number)))
        if obj is None or loaded is None:
            continue
        note = NoteEntry(obj.chapter, obj.number, obj, file, loaded)
        if note.key in notes:
            problems.append(Problem(file, *loaded.where(("number",)),
                                    f"Note {note.number} of chapter {note.chapter} is also expanded in {notes[note.key].file}.",
                                    "Keep one expansion per note; merge the texts into one file.", code="duplicate-note"))
            continue
        notes[note.key] = note

    # Forms: each claimed once, none a bare common word unless asked for.
    forms: list[FormSpec] = []
    claimed: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for ident, file, loaded in sorted((r for r in raw_items if r[0]), key=lambda r: r[1]):
        raw_forms = loaded.data.get("match")
        if not isinstance(raw_forms, list):
            continue
        entry = entries.get(ident) if ident in entries and entries[ident].file == file else None
        for i, raw_form in enumerate(raw_forms):
            form_dict = {"text": raw_form} if isinstance(raw_form, str) else raw_form
            if not isinstance(form_dict, dict) or not isinstance(form_dict.get("text"), str):
                continue
            text = form_dict["text"].strip()
            common = str(form_dict.get("common", "")).lower() == "true"
            key = form_key(text)
            line, col = loaded.where(("match", i))
            if not key:
                problems.append(Problem(file, line, col, f"The form {text!r} has no words.",
                                        "Give the form as it occurs in the text.", code="empty-form"))
                continue
            if len(key) == 1 and key[0] in common_words and not common:
                problems.append(Problem(file, line, col, f"The form {text!r} is a common word and would be "
                                        "linked everywhere.", "Use a longer form (e.g. 'Communist Party'), or write it as "
                                        "'{text: ..., common: true}' if every occurrence really means this entry.",
                                        code="common-word"))
                continue
            if key in claimed:
                other_id, other_file, other_text = claimed[key]
                if other_file != file:
                    problems.append(Problem(file, line, col, f"The form {text!r} is also claimed by "
                                            f"'{other_id}' ({other_file}, as {other_text!r}).",
                                            "A form may name one entry only: remove it from one of the two files, or "
                                            "use a longer form that tells them apart.", code="form-claimed-twice"))
                continue
            claimed[key] = (ident, file, text)
            if entry is not None:
                form = entry.model.match[i]
                forms.append(FormSpec(entry.id, form.text, form.case, form.sic))

    # References: ``related`` lists and [[id]] links inside the texts.
    referenced: set[str] = set()
    ids = sorted(set(entries) | set(owners))

    def check_ref(ident: str, file: str, line: int, col: int, owner: str | None) -> None:
        if ident in owners:
            if ident != owner:
                referenced.add(ident)
            return
        guess = difflib.get_close_matches(ident, ids, n=1, cutoff=0.6)
        fix = f"Did you mean '{guess[0]}'?" if guess else "Create the entry (see CONTRIBUTING.md) or remove the link."
        problems.append(Problem(file, line, col, f"Reference to unknown entry '{ident}'.", fix, code="dangling-reference"))

    def refs_in(owner: str | None, file: str, loaded: Loaded) -> None:
        related = loaded.data.get("related")
        for i, ident in enumerate(related if isinstance(related, list) else []):
            if isinstance(ident, str):
                check_ref(ident.strip(), file, *loaded.where(("related", i)), owner)
        for name in _TEXT_FIELDS:
            text = loaded.data.get(name)
            if not isinstance(text, str) or not text:
                continue
            line0, col0 = loaded.where((name,))
            for m in REF_RE.finditer(text):
                before = text[: m.start()]
                line = line0 + before.count("\n")
                col = (m.start() - before.rfind("\n")) if "\n" in before else col0 + m.start()
                check_ref(m.group(1), file, line, col, owner)

    for owner, file, loaded in raw_items:
        refs_in(owner, file, loaded)

    return Registry(entries, notes, Matcher(forms), referenced, note_keys | set(notes)), problems
