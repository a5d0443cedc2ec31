"""Load a whole ``annotations/`` folder into a cross-checked registry.

``load_registry`` never raises for bad input: it returns the entries it could
load plus a list of :class:`~glossa.problems.Problem`, each with the file, line,
column and a fix. The build, the ``check`` command and the coverage report all
call it through :mod:`glossa.rules`, so they always agree.

Which folder holds which kind, and which model validates it, comes from the kinds
table (:mod:`glossa.kinds`). Parsed files can be kept in a :class:`LoadCache`
keyed by the file's content digest, so ``serve`` re-reads only what changed.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import os
import re
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import regex
from pydantic import BaseModel, ValidationError

from .ids import file_id
from .kinds import KINDS, NAMED, NOTE, Kind, by_folder
from .matcher import COMMON_WORDS, FormSpec, Matcher, form_key
from .model import REF_RE, SLUG_RE, EntryModel, Note
from .problems import Problem
from .yamlsafe import Loaded, load_text, read_text

#: Ids that would collide with generated index pages.
RESERVED_IDS = frozenset({"index", "search", "assets", "404"})
#: Files that may sit at the top of ``annotations/`` besides the kind folders.
KNOWN_FILES = frozenset({"coverage-exclusions.yml"})
_YAML_SUFFIXES = (".yml", ".yaml")

_TEXT_FIELDS = ("profile", "definition", "description", "text")


def ref_parts(m: re.Match[str]) -> tuple[str, str | None]:
    """``(id, label)`` of a :data:`REF_RE` match, stripped."""
    label = m.group(2)
    return m.group(1).strip(), (label.strip() or None) if label is not None else None


@dataclasses.dataclass
class Entry:
    """A named entry (person, term, place, event), with the file it came from."""

    kind: Kind
    id: str
    model: EntryModel
    file: str
    loaded: Loaded
    #: The file's content digest (rules that read one file are remembered by it).
    digest: str = ""

    def pos(self, *path: Any) -> tuple[int, int]:
        """Line and column of a value in the entry's file."""
        return self.loaded.where(path)

    @property
    def ref_kind(self) -> str:
        """The kind a mark carries (``person``, ``term``, ``place``, ``event``)."""
        return self.kind.name

    @property
    def page(self) -> str:
        """The generated page's path in the site's source tree, e.g. ``people/stalin.md``."""
        return self.kind.page(self.id)


@dataclasses.dataclass
class NoteEntry:
    """The edition's expansion of one of the book's notes."""

    chapter: str
    number: int
    model: Note
    file: str
    loaded: Loaded
    digest: str = ""

    @property
    def key(self) -> tuple[str, int]:
        """``(chapter, number)``: how notes are looked up."""
        return (self.chapter, self.number)


@dataclasses.dataclass(frozen=True)
class FormRecord:
    """A form as written in a file, for the rules that need its position (unused, lowercase)."""

    entry: str
    text: str
    file: str
    line: int
    column: int
    #: Why it is kept out of the matcher ("" when it is matched).
    refused: str = ""


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
    #: ids whose files exist but failed to load: references to them are not "unknown".
    failed: dict[str, str] = dataclasses.field(default_factory=dict)
    forms: list[FormRecord] = dataclasses.field(default_factory=list)
    #: owner ("<id>" or "note:<chapter>-<number>") -> ids it references (related and [[links]]).
    references: dict[str, set[str]] = dataclasses.field(default_factory=dict)

    def compact(self) -> None:
        """Drop raw data and nested positions once every check that needs them has run."""
        # Later checks cite an entry's file (line 1) and a note's 'number' line only.
        for entry in self.entries.values():
            entry.loaded = entry.loaded.compact()
        for note in self.notes.values():
            note.loaded = note.loaded.compact(((), ("number",)))

    def of_kind(self, kind: Kind) -> list[Entry]:
        """The entries of one kind, sorted for its A-Z index."""
        return sorted((e for e in self.entries.values() if e.kind is kind), key=lambda e: kind.sort_key(e.model))


@dataclasses.dataclass
class FileResult:
    """One annotation file, parsed and validated (what the cache keeps)."""

    kind: Kind
    file: str
    digest: str
    model: BaseModel | None
    loaded: Loaded | None
    problems: list[Problem]


_T = TypeVar("_T")


class LoadCache:
    """Parsed files keyed by path and content digest: unchanged files are not parsed again.

    A file whose size and modification time are as they were is not even read again
    (as ``make`` and MkDocs' own watcher judge a file unchanged).
    """

    def __init__(self) -> None:
        self._items: dict[str, FileResult] = {}
        self._stats: dict[str, tuple[int, int]] = {}
        #: Values worked out from one parsed file (its forms, its references), by the parse's
        #: identity: a cached parse stands for one content digest, so they hold while it does.
        self._derived: dict[int, tuple[Loaded, dict[Hashable, Any]]] = {}
        #: The last listing of the annotations folder (files and stray-file problems).
        self.listing: tuple[list[tuple[Kind, Path]], list[Problem]] | None = None

    def known(self, path: str) -> FileResult | None:
        """The cached result for ``path``, for a caller that knows the file is unchanged."""
        return self._items.get(path)

    def derived(self, loaded: Loaded, name: Hashable, make: Callable[[], _T]) -> _T:
        """``make()``, remembered for this parsed file (a book's thousands of unchanged files skip it)."""
        hit = self._derived.get(id(loaded))
        if hit is None or hit[0] is not loaded:
            hit = self._derived[id(loaded)] = (loaded, {})
        if name not in hit[1]:
            hit[1][name] = make()
        return hit[1][name]

    def get(self, path: str, digest: str) -> FileResult | None:
        """The cached result for ``path`` if its content is still ``digest``."""
        hit = self._items.get(path)
        return hit if hit is not None and hit.digest == digest else None

    def unchanged(self, path: str, stat: tuple[int, int]) -> FileResult | None:
        """The cached result for ``path`` if its (modification time, size) is still ``stat``."""
        return self._items.get(path) if self._stats.get(path) == stat else None

    def put(self, path: str, result: FileResult, stat: tuple[int, int] | None = None) -> None:
        """Remember a result (and the file's stat, when known)."""
        self._items[path] = result
        if stat is None:
            self._stats.pop(path, None)
        else:
            self._stats[path] = stat

    def retain(self, paths: set[str]) -> None:
        """Forget files that no longer exist."""
        for gone in set(self._items) - paths:
            del self._items[gone]
            self._stats.pop(gone, None)
        alive = {id(r.loaded) for r in self._items.values() if r.loaded is not None}
        self._derived = {k: v for k, v in self._derived.items() if k in alive}


def _display(path: Path | str, base: Path) -> str:
    return _display_of(str(path), str(base))


@functools.lru_cache(maxsize=1 << 16)
def _display_of(text: str, base: str) -> str:
    # Both are absolute already (the caller resolves the folders once), so no per-file
    # resolve(), and plain strings: Path.relative_to dominated loading thousands of files.
    # Remembered (a pure function of two strings): a book lists thousands of files on every save.
    prefix = base.rstrip(os.sep) + os.sep
    shown = text[len(prefix):] if text.startswith(prefix) else text
    return shown.replace(os.sep, "/")


@functools.lru_cache(maxsize=1 << 16)
def _as_path(full: str) -> Path:
    """The Path of a listed file, made once (making thousands of Paths took much of a save's step)."""
    return Path(full)


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (following symlinks) stays inside ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def discover(annotations: Path, base: Path, root: Path | None = None) -> tuple[list[tuple[Kind, Path]], list[Problem]]:
    """Every annotation file under ``annotations``, with its kind; stray files and folders as problems.

    Nothing is skipped silently: a file with another suffix, a folder no kind uses and
    a symlink that leads out of the repository (``root``) are all reported.
    """
    problems: list[Problem] = []
    found: list[tuple[Kind, Path]] = []
    root = root or base
    if not annotations.is_dir():
        problems.append(Problem(_display(annotations, base), 0, 0, "The annotations folder does not exist.",
                                "Create it with " + ", ".join(f"{k.folder}/" for k in KINDS.values()) + " subfolders.",
                                code="no-annotations"))
        return found, problems
    folders = [k.folder for k in KINDS.values()]
    for child in sorted(annotations.iterdir(), key=lambda p: p.name):
        shown = _display(child, base)
        if child.name.startswith("."):
            continue
        if child.is_symlink() and not inside(child, root):
            problems.append(_outside(shown))
            continue
        if child.is_dir():
            kind = by_folder(child.name)
            if kind is None:
                # "persons" is closer to the kind's name ("person") than to its folder ("people").
                names = {k.folder: k.folder for k in KINDS.values()} | {k.name: k.folder for k in KINDS.values()}
                names |= {k.plural.lower(): k.folder for k in KINDS.values()}
                guess = [names[g] for g in difflib.get_close_matches(child.name.lower(), list(names), n=1, cutoff=0.5)]
                problems.append(Problem(shown, 0, 0, f"Unknown folder '{child.name}' in annotations; nothing in it is loaded.",
                                        (f"Did you mean '{guess[0]}'? " if guess else "")
                                        + "Entries go in " + ", ".join(f"{f}/" for f in folders) + ".", code="stray-folder"))
                continue
            found += _kind_files(kind, child, base, root, problems)
        elif child.name not in KNOWN_FILES:
            problems.append(Problem(shown, 0, 0, f"'{child.name}' is not an annotation file and is ignored.",
                                    "Move it into the folder of its kind (e.g. people/) or remove it.",
                                    severity="warning", code="stray-file"))
    return found, problems


def _outside(shown: str) -> Problem:
    return Problem(shown, 0, 0, "This is a symbolic link that leads outside the repository; it is not read.",
                   "Replace the link with the file itself.", code="symlink-outside")


def _kind_files(kind: Kind, folder: Path, base: Path, root: Path, problems: list[Problem]) -> list[tuple[Kind, Path]]:
    out = []
    for full, outside in _walk_files(str(folder), root):
        shown = _display(full, base)
        if outside:
            problems.append(_outside(shown))
            continue
        name = os.path.basename(full)
        stem, suffix = os.path.splitext(name)
        if suffix.lower() in _YAML_SUFFIXES:
            out.append((kind, _as_path(full)))
        else:
            problems.append(Problem(shown, 0, 0, f"'{name}' is not a YAML file, so it is not loaded.",
                                    f"Annotation files end in .yml; rename it to '{stem}.yml' if it is one, "
                                    "or remove it.", severity="warning", code="stray-file"))
    return out


def _walk_files(top: str, root: Path) -> list[tuple[str, bool]]:
    """(path, leads outside ``root``) of every file under ``top``, hidden ones left out, in path order.

    os.scandir and strings, not rglob and Path: thousands of files are listed on every
    save. Symlinked folders inside the repository are followed (once each); a symlink
    that leads outside is listed, to be reported, and not followed.
    """
    found: list[tuple[str, bool]] = []
    stack, seen = [top], set()
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            if e.is_symlink() and not inside(Path(e.path), root):
                found.append((e.path, True))
            elif e.is_dir():
                stack.append(e.path)
            else:
                found.append((e.path, False))
    return sorted(found)


def schema_at(model: type[BaseModel], loc: Iterable[Any]) -> dict[str, Any]:
    """The JSON-Schema node for a location inside ``model`` (for help texts)."""
    root = model.model_json_schema()
    node: dict[str, Any] = root

    def deref(n: dict[str, Any]) -> dict[str, Any]:
        while True:
            if "$ref" in n:
                n = root["$defs"][n["$ref"].split("/")[-1]]
            elif "anyOf" in n:
                n = next((x for x in n["anyOf"] if x.get("type") not in ("null", "string", "integer") or "properties" in x),
                         next((x for x in n["anyOf"] if x.get("type") != "null"), n["anyOf"][0]))
                if "$ref" not in n and "anyOf" not in n:
                    return n
            else:
                return n

    node = deref(node)
    for part in loc:
        if isinstance(part, int):
            node = deref(node.get("items", {}))
        elif part in node.get("properties", {}):
            prop = node["properties"][part]
            required = part in node.get("required", [])
            node = deref(prop)
            extra = {"description": prop["description"]} if "description" in prop else {}
            node = {**node, **extra, "x-optional": not required}
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
    if node.get("x-optional"):
        bits.append("This field is optional: remove the line if you do not know the value.")
    return " ".join(bits)


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of pydantic's error location that names real keys and indexes in ``data``.

    pydantic puts type tags into locations (``'str'``, ``'DateSpec'``, ``'function-before[...]'``);
    they are dropped by walking the data itself, so a key such as ``Name`` is kept.
    """
    out: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not _is_type_tag(part):
            out.append(part)  # a missing or unknown key: still part of the path
            node = None
    return tuple(out)


def _is_type_tag(part: str) -> bool:
    return part in ("str", "int", "DateSpec", "Form", "list", "dict") or "[" in part or part.endswith("Spec")


def validation_problems(exc: ValidationError, model: type[BaseModel], loaded: Loaded, file: str) -> list[Problem]:
    """Turn pydantic's errors into positioned, actionable problems."""
    out: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    for err in exc.errors(include_url=False):
        loc = _data_path(loaded.data, tuple(err["loc"]))
        kind = err["type"]
        if (loc, kind) in seen:  # a union reports one mistake once per alternative
            continue
        seen.add((loc, kind))
        field = ".".join(str(p) for p in loc) or "(file)"
        if kind == "extra_forbidden" and loc:
            line, col = loaded.where(loc, key=True)
            allowed = list(schema_at(model, loc[:-1]).get("properties", {}))
            guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6) or \
                difflib.get_close_matches(str(loc[-1]).lower(), allowed, n=1, cutoff=0.6)
            fix = f"Did you mean '{guess[0]}'?" if guess else "Remove it."
            fix += " Allowed fields here: " + ", ".join(allowed) + "."
            out.append(Problem(file, line, col, f"Unknown field '{loc[-1]}'.", fix, code="unknown-field"))
        elif kind == "missing" and loc:
            line, col = loaded.where(loc[:-1])
            node = schema_at(model, loc)
            node.pop("x-optional", None)
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


def load_one(kind: Kind, path: Path, base: Path, cache: LoadCache | None = None) -> FileResult:
    """Read, parse and validate one file (from the cache when its content is unchanged)."""
    file = _display(path, base)
    stat = _stat(path)
    if cache is not None and stat is not None:
        hit = cache.unchanged(str(path), stat)
        if hit is not None and hit.kind is kind:
            return hit
    text, problems = read_text(path, file)
    digest = hashlib.blake2b((text or "").encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    if text is not None and cache is not None:
        hit = cache.get(str(path), digest)
        if hit is not None and hit.kind is kind:
            cache.put(str(path), hit, stat)
            return hit
    result = _parse(kind, file, text, problems, digest)
    if text is not None and cache is not None:
        cache.put(str(path), result, stat)
    return result


def _known(cache: LoadCache | None, kind: Kind, path: Path, base: Path) -> FileResult:
    """A file the caller knows is unchanged: from the cache, or loaded if the cache lacks it."""
    hit = cache.known(str(path)) if cache is not None else None
    return hit if hit is not None and hit.kind is kind else load_one(kind, path, base, cache)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _parse(kind: Kind, file: str, text: str | None, problems: list[Problem], digest: str) -> FileResult:
    if text is None:
        return FileResult(kind, file, digest, None, None, problems)
    loaded, found = load_text(text, file)
    problems = problems + found
    if loaded is None:
        return FileResult(kind, file, digest, None, None, problems)
    if not isinstance(loaded.data, dict):
        return FileResult(kind, file, digest, None, loaded, [*problems, Problem(
            file, 1, 1, "The file must be a mapping of fields ('name: ...').",
            f"Start from the example in CONTRIBUTING.md for a {kind.label.lower()}.", code="not-a-mapping")])
    try:
        return FileResult(kind, file, digest, kind.model.model_validate(loaded.data), loaded, problems)
    except ValidationError as exc:
        return FileResult(kind, file, digest, None, loaded,
                          problems + validation_problems(exc, kind.model, loaded, file))


def load_registry(
    annotations: Path,
    base: Path | None = None,
    *,
    common_words: frozenset[str] = COMMON_WORDS,
    cache: LoadCache | None = None,
    root: Path | None = None,
    changed: set[str] | None = None,
    language: str = "en",
) -> tuple[Registry, list[Problem]]:
    """Load and cross-check every annotation under ``annotations``.

    ``base`` is the folder that file names in problems are relative to (the
    project root, so ``annotations/people/stalin.yml:3:7`` is clickable); ``root``
    is the folder no symlink may lead out of (the repository; ``base`` by default).
    ``language`` is the edition's BCP 47 tag (:func:`glossa.language.edition_language`),
    which the matcher follows.

    ``changed`` is for a caller that watches the folder (``glossa serve``): the files
    (absolute paths) that changed since the last load, no file having been added or
    removed. The folder is then not listed again and other files are taken from the
    cache without a look at the disk.
    """
    annotations = annotations.resolve()
    base = (base or annotations.parent).resolve()
    if changed is not None and cache is not None and cache.listing is not None:
        files, listed = cache.listing
    else:
        files, listed = discover(annotations, base, root or base)
        if cache is not None:
            cache.listing = (files, listed)
        changed = None
    problems = list(listed)
    results = [_known(cache, kind, path, base) if changed is not None and str(path) not in changed
               else load_one(kind, path, base, cache) for kind, path in files]
    if cache is not None:
        cache.retain({str(path) for _, path in files})
    for r in results:
        problems += r.problems
    return _assemble(results, files, problems, common_words, cache, language)


def _assemble(results: list[FileResult], files: list[tuple[Kind, Path]], problems: list[Problem],
              common_words: frozenset[str], cache: LoadCache | None = None, language: str = "en"
              ) -> tuple[Registry, list[Problem]]:
    entries: dict[str, Entry] = {}
    notes: dict[tuple[str, int], NoteEntry] = {}
    failed: dict[str, str] = {}
    owners: dict[str, str] = {}  # every id a file claims, loaded or not
    raw_items: list[tuple[str | None, str, Loaded]] = []
    note_keys: set[tuple[str, int]] = set()
    for r, (kind, path) in zip(results, files, strict=True):
        if kind is NOTE:
            _add_note(r, notes, note_keys, raw_items, problems)
            continue
        # A file named in any script is accepted: its id is the name transliterated (николай.yml: nikolai).
        ident = file_id(path.stem) or path.stem
        if not SLUG_RE.match(ident) or ident in RESERVED_IDS:
            suggestion = re.sub(r"[^a-z0-9]+", "-", ident.casefold()).strip("-") or "name"
            if suggestion in RESERVED_IDS:
                suggestion += "-entry"
            problems.append(Problem(r.file, 1, 1, f"'{path.name}' does not give a valid id: file names are the entry id "
                                    "and must be lowercase letters, digits and single hyphens, and not a reserved name.",
                                    f"Rename it to '{suggestion}.yml'.", code="bad-id"))
            continue
        if r.loaded is not None and isinstance(r.loaded.data, dict):
            raw_items.append((ident, r.file, r.loaded))  # its forms and references are checked all the same
        if ident in owners:
            problems.append(Problem(r.file, 1, 1, f"Duplicate id '{ident}': {owners[ident]} already uses it.",
                                    "Ids are shared by every kind of entry; rename one file (e.g. add a qualifier).",
                                    code="duplicate-id"))
            continue
        owners[ident] = r.file
        if r.model is None or r.loaded is None:
            failed[ident] = r.file
            continue
        assert isinstance(r.model, EntryModel)
        entries[ident] = Entry(kind, ident, r.model, r.file, r.loaded, r.digest)
    memo = cache.derived if cache is not None else _no_memo
    forms, specs = _forms(raw_items, entries, problems, common_words, memo)
    referenced, references = _references(raw_items, owners, failed, problems, memo)
    matcher = _matcher(tuple(specs), language)
    return Registry(entries, notes, matcher, referenced, note_keys | set(notes), failed, forms, references), problems


#: The last matchers built, with their forms (at most two: a save and its undo).
_MATCHERS: list[tuple[tuple[FormSpec, ...], Matcher]] = []


def _matcher(specs: tuple[FormSpec, ...], language: str = "en") -> Matcher:
    """The matcher for these forms: built again only when they change (most saves change none).

    Keyed by the forms themselves, and a Matcher is never changed after it is built. When
    they do change, the new matcher is made from the last one (``Matcher.updated``).
    """
    for known, matcher in _MATCHERS:
        if known == specs and matcher.language == language:
            return matcher
    last = _MATCHERS[-1] if _MATCHERS and _MATCHERS[-1][1].language == language else None
    matcher = last[1].updated(last[0], specs) if last else Matcher(specs, language)
    _MATCHERS.append((specs, matcher))
    del _MATCHERS[:-2]
    return matcher


def _add_note(r: FileResult, notes: dict[tuple[str, int], NoteEntry], note_keys: set[tuple[str, int]],
              raw_items: list[tuple[str | None, str, Loaded]], problems: list[Problem]) -> None:
    if r.loaded is not None and isinstance(r.loaded.data, dict):
        raw_items.append((None, r.file, r.loaded))
        chapter, number = r.loaded.data.get("chapter"), r.loaded.data.get("number")
        if isinstance(chapter, str) and isinstance(number, str) and number.isdigit():
            note_keys.add((chapter, int(number)))
    if r.model is None or r.loaded is None:
        return
    assert isinstance(r.model, Note)
    note = NoteEntry(r.model.chapter, r.model.number, r.model, r.file, r.loaded, r.digest)
    if note.key in notes:
        problems.append(Problem(r.file, *r.loaded.where(("number",)),
                                f"Note {note.number} of chapter {note.chapter} is also expanded in {notes[note.key].file}.",
                                "Keep one expansion per note; merge the texts into one file.", code="duplicate-note"))
        return
    notes[note.key] = note


_Memo = Callable[[Loaded, Hashable, Callable[[], Any]], Any]


def _no_memo(loaded: Loaded, name: Hashable, make: Callable[[], _T]) -> _T:
    return make()


def _file_forms(loaded: Loaded, common_words: frozenset[str]) -> list[tuple[int, str, tuple[str, ...], str, int, int]]:
    """(index, text, word key, why it is refused or "", line, column) of each form one file gives."""
    raw_forms = loaded.data.get("match")
    out = []
    for i, raw_form in enumerate(raw_forms if isinstance(raw_forms, list) else []):
        form_dict = {"text": raw_form} if isinstance(raw_form, str) else raw_form
        if not isinstance(form_dict, dict) or not isinstance(form_dict.get("text"), str):
            continue
        text = form_dict["text"].strip()
        common = str(form_dict.get("common", "")).lower() == "true"
        key = form_key(text)
        out.append((i, text, key, _refusal(text, key, common, common_words) if key else "", *loaded.where(("match", i))))
    return out


def _forms(raw_items: list[tuple[str | None, str, Loaded]], entries: dict[str, Entry], problems: list[Problem],
           common_words: frozenset[str], memo: _Memo = _no_memo) -> tuple[list[FormRecord], list[FormSpec]]:
    """Forms: each claimed once; single letters never; common and lowercase words only when confirmed."""
    records: list[FormRecord] = []
    specs: list[FormSpec] = []
    claimed: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for ident, file, loaded in sorted((r for r in raw_items if r[0]), key=lambda r: r[1]):
        if ident is None:
            continue
        entry = entries.get(ident) if ident in entries and entries[ident].file == file else None
        # What a file gives, worked out once per parse (a book has thousands of files, and a save changes one).
        made = memo(loaded, ("form-records", common_words, ident, entry is not None),
                    lambda: _file_form_records(ident, file, loaded, entry, common_words))  # noqa: B023
        for key, text, record, spec in made:
            if not key:
                problems.append(Problem(file, record.line, record.column, f"The form {text!r} has no words.",
                                        "Give the form as it occurs in the text.", code="empty-form"))
                continue
            if key in claimed:
                other_id, other_file, other_text = claimed[key]
                if other_file != file:
                    problems.append(Problem(file, record.line, record.column, f"The form {text!r} is also claimed by "
                                            f"'{other_id}' ({other_file}, as {other_text!r}).",
                                            "A form may name one entry only: remove it from one of the two files, or "
                                            "use a longer form that tells them apart.", code="form-claimed-twice"))
                continue
            claimed[key] = (ident, file, text)
            records.append(record)
            if spec is not None:
                specs.append(spec)
    return records, specs


def _file_form_records(ident: str, file: str, loaded: Loaded, entry: Entry | None, common_words: frozenset[str]
                       ) -> list[tuple[tuple[str, ...], str, FormRecord, FormSpec | None]]:
    """(word key, text, record, matcher spec or None) of each form of one file, before forms are compared."""
    out = []
    for i, text, key, refused, line, col in _file_forms(loaded, common_words):
        spec = None
        if entry is not None and not refused and key:
            form = entry.model.match[i]
            spec = FormSpec(entry.id, form.text, form.case, form.sic)
        out.append((key, text, FormRecord(ident, text, file, line, col, refused), spec))
    return out


_IDEOGRAPH_RE = regex.compile(r"\p{Han}")


def _refusal(text: str, key: tuple[str, ...], common: bool, common_words: frozenset[str]) -> str:
    letters = sum(ch.isalnum() for ch in text)
    # One ideograph is a word ("勝", a family name); one letter of an alphabet is not.
    if letters <= 1 and not _IDEOGRAPH_RE.search(text):
        return "single-letter"
    if common:
        return ""
    if len(key) == 1 and key[0] in common_words:
        return "common-word"
    if text[:1].islower():
        return "lowercase"
    return ""


def _file_references(loaded: Loaded) -> list[tuple[str, int, int]]:
    """(id, line, column) of each reference in one file: its ``related`` list, then [[id]] links in its texts."""
    out = []
    related = loaded.data.get("related")
    for i, ident in enumerate(related if isinstance(related, list) else []):
        if isinstance(ident, str):
            out.append((ident.strip(), *loaded.where(("related", i))))
    for name in _TEXT_FIELDS:
        text = loaded.data.get(name)
        if not isinstance(text, str) or not text:
            continue
        line0, col0 = loaded.where((name,))
        for m in REF_RE.finditer(text):
            before = text[: m.start()]
            line = line0 + before.count("\n")
            col = (m.start() - before.rfind("\n")) if "\n" in before else col0 + m.start()
            out.append((ref_parts(m)[0], line, col))
    return out


def _references(raw_items: list[tuple[str | None, str, Loaded]], owners: dict[str, str], failed: dict[str, str],
                problems: list[Problem], memo: _Memo = _no_memo) -> tuple[set[str], dict[str, set[str]]]:
    """``related`` lists and [[id]] links inside the texts, checked against every id a file claims."""
    referenced: set[str] = set()
    references: dict[str, set[str]] = {}
    ids = sorted(owners)

    def check_ref(ident: str, file: str, line: int, col: int, owner: str | None, key: str) -> None:
        if ident in owners:
            references.setdefault(key, set()).add(ident)
            if ident == owner:
                problems.append(Problem(file, line, col, f"The entry '{ident}' refers to itself.",
                                        "Remove the reference; an entry's page already is about it.",
                                        code="self-reference"))
                return
            referenced.add(ident)
            if ident in failed:
                problems.append(Problem(file, line, col, f"Reference to '{ident}', which failed to load "
                                        f"({failed[ident]}); it resolves once that file is fixed.",
                                        f"Fix the problems reported for {failed[ident]}.", severity="notice",
                                        code="reference-to-failed"))
            return
        guess = difflib.get_close_matches(ident, ids, n=1, cutoff=0.6)
        fix = f"Did you mean '{guess[0]}'?" if guess else "Create the entry (see CONTRIBUTING.md) or remove the link."
        problems.append(Problem(file, line, col, f"Reference to unknown entry '{ident}'.", fix, code="dangling-reference"))

    for owner, file, loaded in raw_items:
        key = owner or "note:" + f"{loaded.data.get('chapter')}-{loaded.data.get('number')}"
        for ident, line, col in memo(loaded, "references", lambda: _file_references(loaded)):  # noqa: B023
            check_ref(ident, file, line, col, owner, key)
    return referenced, references


__all__ = ["NAMED", "REF_RE", "Entry", "LoadCache", "NoteEntry", "Registry", "load_registry"]
