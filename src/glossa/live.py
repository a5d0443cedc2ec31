"""``glossa serve``: the edition with live reload, where a saved file shows in well under a second.

MkDocs' own ``serve`` rebuilds every page on every save; for a book of thousands of
pages that takes many seconds. Here one full build runs at start (MkDocs' own steps,
keeping its objects), and each save is then mapped to the pages it can change:

* a changed chapter is rendered again, and so are the "Mentioned in" lists, the
  index and the timeline whose mentions it changed;
* a changed entry renders its own page again; chapters that show its preview get
  their previews file written again (the chapter itself is not rendered again); its
  kind's index, the index and the timeline are rendered again when what they show of
  it changed;
* a changed or new form renders again exactly the chapters that contain its words;
* a changed note renders its chapter again.

Anything else (the config, a page or an entry added or removed, a name or a chapter
title changed) is a full build, which is always correct. The search index, the
citation downloads and the problems are brought up to date with every step, and a
randomised test compares the result with a clean ``mkdocs build`` after each edit.

This module drives MkDocs' build internals (``mkdocs.commands.build``), so it is the
adapter's, never the core's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import html
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from . import bookindex, timeline
from .language import rules_for
from .matcher import word_keys
from .plugin import SLOT_RE as _SLOT_RE
from .plugin import _cite_path
from .problems import Problem

log = logging.getLogger("mkdocs.plugins.glossa.live")


def _digest(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return ""


@dataclasses.dataclass
class Snapshot:
    """The digests of every file a build reads."""

    config: str
    pages: dict[str, str]  # docs Markdown, by path relative to docs/
    annotations: dict[str, str]  # by path relative to the annotations folder


@dataclasses.dataclass
class Step:
    """What one incremental update did (for the log and the tests)."""

    full: bool
    rendered: int = 0
    templated: int = 0
    seconds: float = 0.0
    why: str = ""
    #: Seconds spent in each part of an incremental step.
    phases: dict[str, float] = dataclasses.field(default_factory=dict)


class LiveSite:
    """An edition built into ``site_dir`` and kept up to date, page by page."""

    def __init__(self, config_file: Path, site_dir: Path, *, site_url: str | None = None) -> None:
        self.config_file = config_file.resolve()
        self.site_dir = site_dir
        self.site_url = site_url
        self.config: Any = None
        self.plugin: Any = None
        self.files: Any = None
        self.nav: Any = None
        self.env: Any = None
        self.snapshot = Snapshot("", {}, {})
        self.raw: dict[str, str] = {}  # page content after render, before "Mentioned in" and search
        self.search: dict[str, list] = {}  # search index entries of each page
        self.tokens: dict[str, tuple[str, frozenset[str]]] = {}  # chapter: (text digest, folded words)
        self.search_json: dict[str, tuple[list, str]] = {}  # page: (its search entries, as JSON)
        self.slots: dict[str, tuple[str, frozenset[str], bool]] = {}  # view: (content, its slots' keys, any note's)
        self.stats: dict[str, tuple[tuple[int, int], str]] = {}  # file: ((mtime, size), digest)
        self.doc_files: list[Any] = []
        self.views: dict[str, str | None] = {}  # index pages and the like: what they show (see _view_changed)

    # -- builds -----------------------------------------------------------------------------
    def _load(self) -> Any:
        from mkdocs.config import load_config

        config = load_config(str(self.config_file), site_dir=str(self.site_dir))
        if self.site_url is not None:
            config.site_url = self.site_url
        # A build like `mkdocs build` (the reference), with the parse cache of a server.
        config.plugins.on_startup(command="build", dirty=False)
        config.plugins["glossa"].live = True  # type: ignore[attr-defined]
        return config

    def full(self, why: str = "first build") -> Step:
        """A complete build, keeping MkDocs' objects for the incremental steps."""
        from mkdocs import utils
        from mkdocs.commands import build as mk
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        start = time.perf_counter()
        gc.unfreeze()  # the last build's objects may go now (see the end)
        config = self.config = self._load()
        config = self.config = config.plugins.on_config(config)
        self.plugin = config.plugins["glossa"]
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = self.files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        self.doc_files = files.documentation_pages()  # fixed until the next full build; slow to list
        nav = self.nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        inclusion = InclusionLevel.is_included
        self.raw.clear()
        for file in files.documentation_pages(inclusion=inclusion):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            mk._populate_page(file.page, config, files)
            self.raw[file.src_uri] = file.page.content or ""
        self.env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(inclusion=inclusion)
        for template in config.theme.static_templates:
            mk._build_theme_template(template, self.env, files, config, nav)
        for template in config.extra_templates:
            mk._build_extra_template(template, files, config, nav)
        self.search.clear()
        self.search_json.clear()
        for file in files.documentation_pages(inclusion=inclusion):
            self._template(file)
        config.plugins.on_post_build(config=config)
        self._write_search()  # the entries were kept page by page (see _template)
        self.views = {f.src_uri: self.plugin.view_signature(f.src_uri, f.page, config) for f in self.doc_files}
        self.snapshot = self._scan()
        # The build's hundreds of thousands of objects live until the next full build. Frozen, the
        # collector stops walking them again and again in every step (a full collection in a
        # step of a large book took a second).
        gc.collect()
        gc.freeze()
        return Step(True, len(self.raw), len(self.raw), time.perf_counter() - start, why)

    def _template(self, file: Any) -> None:
        """Put a rendered page through the theme (its "Mentioned in" filled, its search entries taken)."""
        from mkdocs.commands import build as mk

        search = self._search_plugin()
        file.page.content = self.raw[file.src_uri]
        before = len(search.search_index.entries) if search else 0
        with _search_skipped(self.config, search, file.page):
            mk._build_page(file.page, self.config, self.doc_files, self.nav, self.env)
        if search:
            self.search[file.src_uri] = search.search_index.entries[before:]
            del search.search_index.entries[before:]

    def _search_plugin(self) -> Any:
        """The search plugin (MkDocs' or the theme's, e.g. "material/search"), if enabled."""
        if self.config is None:
            return None
        for name, plugin in self.config.plugins.items():
            if name.split("/")[-1] == "search" and hasattr(plugin, "search_index"):
                return plugin
        return None

    def _write_search(self) -> None:
        """The search index, in page order, as the theme's search plugin writes it in a full build.

        Each page's entries are serialised once and kept while they are the same list (a
        save changes the entries of a few pages); the file is the same JSON, joined.
        """
        search = self._search_plugin()
        if search is None:
            return
        if not type(search).__module__.startswith("material.") or not search.config.enabled:
            # Another search plugin (MkDocs' own): written its own way, from every page's entries.
            search.search_index.entries = [e for f in self.files.documentation_pages() for e in self.search.get(f.src_uri, [])]
            search.search_index_prev = None
            search.on_post_build(config=self.config)
            search.search_index.entries = []
            return
        parts = []
        for f in self.files.documentation_pages():
            entries = self.search.get(f.src_uri)
            if not entries:
                continue
            kept = self.search_json.get(f.src_uri)
            if kept is None or kept[0] is not entries:
                kept = self.search_json[f.src_uri] = (entries, ",".join(_json(e) for e in entries))
            parts.append(kept[1])
        config = {key: search.config[key] for key in ("lang", "separator", "pipeline", "fields")}
        text = '{"config":' + _json(config) + ',"docs":[' + ",".join(parts) + "]}"
        path = Path(self.config.site_dir) / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))

    # -- changes ----------------------------------------------------------------------------
    def _scan(self) -> Snapshot:
        docs = Path(self.config.docs_dir)
        annotations = self._annotations()
        pages = {rel: self._digest(path) for rel, path in _walk(docs) if rel.endswith(".md")}
        notes = {rel: self._digest(path) for rel, path in _walk(annotations)}
        return Snapshot(_digest(self.config_file), pages, notes)

    def _annotations(self) -> Path:
        """The annotations folder, resolved from the config file's folder."""
        return (self.config_file.parent / self.plugin.config.annotations).resolve()

    def _rescan(self, old: Snapshot, touched: set[str]) -> Snapshot | None:
        """``old`` with the touched files looked at again (None when a path is not a plain file event)."""
        docs = os.path.abspath(self.config.docs_dir)
        annotations = str(self._annotations())
        pages, notes, config = dict(old.pages), dict(old.annotations), old.config
        for path in touched:
            path = os.path.abspath(path)
            if os.path.isdir(path):
                return None  # a folder came or went: list everything
            if path == os.path.abspath(self.config_file):
                config = _digest(Path(path))
                continue
            for top, found, md_only in ((annotations, notes, False), (docs, pages, True)):
                rel = os.path.relpath(path, top).replace(os.sep, "/")
                if rel.startswith("../") or any(part.startswith(".") for part in rel.split("/")):
                    continue
                if md_only and not rel.endswith(".md"):
                    break
                digest = self._digest(path) if os.path.isfile(path) else ""
                if digest:
                    found[rel] = digest
                else:
                    found.pop(rel, None)
                break
        return Snapshot(config, pages, notes)

    def _digest(self, path: str) -> str:
        """A file's content digest, read again only when its size or modification time changed."""
        try:
            st = os.stat(path)
        except OSError:
            return ""
        key = (st.st_mtime_ns, st.st_size)
        known = self.stats.get(path)
        if known is not None and known[0] == key:
            return known[1]
        digest = _digest(Path(path))
        self.stats[path] = (key, digest)
        return digest

    def update(self, touched: set[str] | None = None) -> Step:
        """Bring the site up to date with the files on disk: page by page where it can, else in full.

        ``touched``: the files (absolute paths) the watcher saw change since the last call,
        if it knows; only they are looked at. ``None`` looks at every file.
        """
        if self.config is None:
            return self.full()
        old = self.snapshot
        new = (self._rescan(old, touched) if touched is not None else None) or self._scan()
        if new.config != old.config:
            return self.full("the config changed")
        if set(new.pages) != set(old.pages):
            return self.full("a page was added or removed")
        added = set(new.annotations) ^ set(old.annotations)
        notes_folder = f"{self._note_folder()}/"
        if any(not a.startswith(notes_folder) for a in added):
            return self.full("an entry was added or removed")
        changed_pages = {p for p in new.pages if new.pages[p] != old.pages[p]}
        changed_files = {a for a in set(new.annotations) | set(old.annotations)
                         if new.annotations.get(a) != old.annotations.get(a)}
        if not changed_pages and not changed_files:
            self.snapshot = new
            return Step(False, 0, 0, 0.0, "nothing changed")
        annotations = self._annotations()
        # The same files as before, so the loader need not list the folder or look at the others.
        known = {str(annotations / a) for a in changed_files} if not added else None
        try:
            step = self._incremental(changed_pages, annotations_changed=bool(changed_files), changed_files=known)
        except _NeedsFullError as exc:
            return self.full(str(exc))
        self.snapshot = new
        return step

    def _note_folder(self) -> str:
        from .kinds import NOTE

        return NOTE.folder

    def _incremental(self, changed_pages: set[str], *, annotations_changed: bool = True,
                     changed_files: set[str] | None = None) -> Step:
        """Render again exactly the pages a change can alter (see the module's docstring)."""
        from mkdocs.commands import build as mk

        start = time.perf_counter()
        clock = _Clock()
        b = self.plugin.build
        old_registry, old_results = b.registry, dict(b.results)
        old_titles = {k: r.chapter for k, r in b.results.items()}
        old_renderer = b.ext.renderer
        plan = self.plugin.refresh(self.config, self.files, changed_pages, annotations_changed=annotations_changed,
                                   changed_files=changed_files)
        clock.lap("reload and check")
        registry = b.registry
        changes = _classify(old_registry, registry)
        if changes.identity:
            raise _NeedsFullError(f"an entry's name, kind or existence changed ({sorted(changes.identity)[0]})")
        if b.ext.renderer is not old_renderer:  # what the last renderer made of unchanged entries stands
            b.ext.renderer.adopt(old_renderer, changes.content)
        by_src = {f.src_uri: f for f in self.doc_files}
        chapters = {k for k, r in old_results.items() if r.chapter is not None}
        render: set[str] = set(changed_pages) | set(plan)
        for src in chapters:
            result = old_results[src]
            # A form can only change the matches of a chapter holding its first word.
            if result.chapter in changes.note_chapters or (changes.forms and self._has_words(src, changes.forms)):
                render.add(src)
        entry_pages = {v: k for k, v in b.entry_pages.items()}
        for ident in changes.content | changes.forms_entries:
            render.add(entry_pages[ident])
        # An A-Z index shows a line per entry: it changes exactly when one of those lines does.
        kinds = {registry.entries[i].kind.name for i in changes.content
                 if _index_line(old_registry.entries[i], old_renderer) != _index_line(registry.entries[i], b.ext.renderer)}
        render |= {src for src, kind in b.index_pages.items() if kind in kinds}
        views: set[str] = set()
        for src, what in b.special_pages.items():
            # The timeline and the book index show a few fields of many entries: most edits touch none.
            # (A form's mentions reach a view only through its slots, filled in after rendering.)
            fields = _VIEW_FIELDS[what]
            forms = bool(changes.forms_entries) and "match" in fields
            notes = changes.notes_moved or changes.note_fields & _NOTE_VIEW_FIELDS[what]
            if forms:
                # A changed form is almost always a changed "see" line: render without comparing first
                # (comparing costs a render), and compare afresh next time.
                render.add(src)
                self.views[src] = None
            elif notes or changes.fields & fields:
                views.add(src)
        render |= {src for src in views if self._view_changed(by_src[src])}
        citer = b.ext.citer
        for src in sorted(render):
            file = by_src[src]
            if citer is not None:
                citer.forget(_cite_path(file.url))
            mk._populate_page(file.page, self.config, self.files)
            self.raw[src] = file.page.content or ""
        if any(b.results[s].chapter != old_titles.get(s) for s in render if s in b.results):
            raise _NeedsFullError("a chapter's key changed")
        clock.lap("render")
        previews = self._write_previews(chapters - render, changes.content, by_src)
        clock.lap("previews")
        self.plugin.collect(self.config, self.files)
        clock.lap("mentions and rules")
        # Mentions come from chapters, and only the pages rendered again have new ones.
        moved = {k for src in render for k in _moved(old_results.get(src), b.results.get(src))}
        template = set(render) | {entry_pages[k] for k in moved if k in entry_pages}
        # Notes' locators (on the timeline) follow their markers, which only a page rendered again can move.
        notes_moved = any(_note_places(old_results.get(src)) != _note_places(b.results.get(src)) for src in render)
        if moved or notes_moved:
            # The timeline and the index show the locators of some entries (and notes) only.
            template |= {src for src in b.special_pages if self._shows(src, moved, notes_moved)}
        for src in sorted(template):
            self._template(by_src[src])
        clock.lap("theme")
        self._write_search()
        self.plugin.write_outputs(self.config, only=render)
        clock.lap("search and downloads")
        return Step(False, len(render), len(template) + previews, time.perf_counter() - start, phases=clock.laps)

    def _view_changed(self, file: Any) -> bool:
        """Whether an index page, the timeline or the book index would show something else now."""
        signature = self.plugin.view_signature(file.src_uri, file.page, self.config)
        if signature is not None and self.views.get(file.src_uri) == signature:
            return False
        self.views[file.src_uri] = signature
        return True

    def _shows(self, src: str, moved: set[str], notes_moved: bool) -> bool:
        """Whether a view (the timeline, the index) has locators of one of ``moved``, or of a note if they moved."""
        raw = self.raw[src]
        cached = self.slots.get(src)
        if cached is None or cached[0] is not raw:
            keys = frozenset(m.group(2) for m in _SLOT_RE.finditer(raw))
            cached = (raw, keys, any(k.startswith("note:") for k in keys))
            self.slots[src] = cached
        return (notes_moved and cached[2]) or bool(cached[1] & moved)

    def _has_words(self, src: str, forms: set[tuple[str, ...]]) -> bool:
        """Whether a chapter contains the first word of any of ``forms`` (so a match may have changed)."""
        b = self.plugin.build
        page = next((p for p in b.edition.pages if p.src_uri == src), None) if b.edition else None
        if page is None:
            return True
        digest = hashlib.blake2b(page.text.encode(), digest_size=16).hexdigest()
        cached = self.tokens.get(src)
        if cached is None or cached[0] != digest:
            cached = (digest, word_keys(page.text, rules_for(b.registry.matcher.language)))
            self.tokens[src] = cached
        return any(form[0] in cached[1] for form in forms)

    def _write_previews(self, chapters: set[str], content: set[str], by_src: dict[str, Any]) -> int:
        """Chapters showing a changed entry get their previews file written again; how many changed."""
        b = self.plugin.build
        return sum(self.plugin.write_previews(by_src[src].page) for src in sorted(chapters)
                   if b.results[src].linked & content)


#: The entry fields each generated view shows (see the modules).
_VIEW_FIELDS = {"timeline": timeline.FIELDS, "index": bookindex.FIELDS}
_NOTE_VIEW_FIELDS = {"timeline": timeline.NOTE_FIELDS, "index": bookindex.NOTE_FIELDS}


class _Clock:
    """Seconds per phase of a step."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.last
        self.last = now


class _NeedsFullError(Exception):
    """The change is of a kind the incremental step does not handle: build in full."""


@dataclasses.dataclass
class Changes:
    """How the annotations changed between two registries."""

    identity: set[str]  # ids added, removed, renamed or moved to another kind
    forms: set[tuple[str, ...]]  # the word keys of forms added or removed
    forms_entries: set[str]  # entries whose forms changed
    content: set[str]  # entries whose other data changed
    note_chapters: set[str]  # chapters whose notes changed
    fields: set[str] = dataclasses.field(default_factory=set)  # the fields that changed in ``content``
    note_fields: set[str] = dataclasses.field(default_factory=set)  # the fields that changed in notes
    notes_moved: bool = False  # a note (or a note marker) added or removed


def _changed_fields(a: Any, b: Any, exclude: set[str] | None = None) -> set[str]:
    """The names of the fields whose values differ between two models of one kind."""
    da, db = a.model_dump(exclude=exclude), b.model_dump(exclude=exclude)
    return {k for k in set(da) | set(db) if da.get(k) != db.get(k)}


def _classify(old: Any, new: Any) -> Changes:
    from .matcher import form_key

    identity = set(old.entries) ^ set(new.entries)
    forms: set[tuple[str, ...]] = set()
    forms_entries, content, fields = set(), set(), set()
    for ident in set(old.entries) & set(new.entries):
        a, b = old.entries[ident], new.entries[ident]
        if a.digest and a.digest == b.digest and a.file == b.file and a.kind is b.kind:
            continue  # the same file content gives the same model: a book's thousands of entries skip here
        if a.kind is not b.kind or a.model.name != b.model.name:
            identity.add(ident)
            continue
        fa = {(f.text, f.case, f.sic, f.common) for f in a.model.match}
        fb = {(f.text, f.case, f.sic, f.common) for f in b.model.match}
        if fa != fb:
            forms_entries.add(ident)
            forms |= {form_key(f[0]) for f in fa ^ fb if form_key(f[0])}
        changed = _changed_fields(a.model, b.model, exclude={"match"})
        if changed:
            content.add(ident)
            fields |= changed
    # Forms refused or accepted by the rules change matching too.
    refused_old = {(f.entry, f.text) for f in old.forms if f.refused}
    refused_new = {(f.entry, f.text) for f in new.forms if f.refused}
    for entry, text in refused_old ^ refused_new:
        if entry in new.entries:
            forms_entries.add(entry)
            forms.add(form_key(text))
    moved = (set(old.notes) ^ set(new.notes)) | (old.note_keys ^ new.note_keys)
    edited = {key for key in set(old.notes) & set(new.notes)
              if not (old.notes[key].digest and old.notes[key].digest == new.notes[key].digest)
              and old.notes[key].model != new.notes[key].model}
    note_fields: set[str] = set()
    for key in edited:
        note_fields |= _changed_fields(old.notes[key].model, new.notes[key].model)
    note_chapters = {key[0] for key in moved | edited}
    return Changes(identity, forms, forms_entries, content, note_chapters, fields, note_fields, bool(moved))


def _index_line(entry: Any, renderer: Any) -> tuple[str, str]:
    from .pages import index_line

    return index_line(entry.kind, entry, renderer)


@contextlib.contextmanager
def _search_skipped(config: Any, search: Any, page: Any) -> Iterator[None]:
    """The theme's search plugin left out of a page it would not index and could not change.

    Material's plugin reads a page it excludes only to strip ``data-search-*`` attributes
    with a regular expression, which on the 4x book's index and timeline (several MB
    each) took 0.2 s of every save that puts them through the theme. Without those
    attributes in the page, the result is the same page, so the plugin's handler of this
    one event sits this page out (the plugin stays on: the theme's templates ask for it).
    """
    events = config.plugins.events["page_context"]
    excluded = (search is not None and type(search).__module__.startswith("material.")
                and bool((page.meta.get("search") or {}).get("exclude")) and "data-search-" not in (page.content or ""))
    at = next((i for i, method in enumerate(events) if getattr(method, "__self__", None) is search), None) if excluded else None
    if at is None:
        yield
        return
    method = events[at]
    events[at] = _unchanged
    try:
        yield
    finally:
        events[at] = method


def _unchanged(item: Any, **kwargs: Any) -> Any:
    return item


def _json(value: Any) -> str:
    """JSON as the theme's search plugin writes its index (compact; anything else as a string)."""
    return json.dumps(value, separators=(",", ":"), default=str)


def _walk(top: Path) -> Iterable[tuple[str, str]]:
    """(path relative to ``top`` with "/", full path) of every file under it, hidden ones left out.

    os.walk and plain strings: on a large book, Path.rglob and relative_to took most of a step.
    """
    for folder, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(folder, top).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        for name in names:
            if not name.startswith("."):
                yield prefix + name, os.path.join(folder, name)


def _mention_keys(mentions: list) -> list[tuple]:
    return [(m.page, m.paragraph, m.start, m.end, m.linked, m.source) for m in mentions]


def _moved(old: Any, new: Any) -> set[str]:
    """The entries whose mentions differ between two renders of one page (either may be None)."""
    def by_entry(result: Any) -> dict[str, list]:
        out: dict[str, list] = {}
        for m in result.mentions if result is not None else []:
            out.setdefault(m.entry, []).append(m)
        return out

    a, b = by_entry(old), by_entry(new)
    return {k for k in set(a) | set(b) if _mention_keys(a.get(k, [])) != _mention_keys(b.get(k, []))}


def _note_places(result: Any) -> tuple | None:
    """Where a page's note markers are: what the notes' locators are made of."""
    if result is None:
        return None
    return result.chapter, tuple(result.markers), tuple(sorted(result.note_paragraphs.items()))


# -- the server ----------------------------------------------------------------------------------


def _server_class() -> Any:
    from mkdocs.livereload import LiveReloadServer

    class GlossaServer(LiveReloadServer):
        """MkDocs' live-reload server, told of changes at once (inotify, not polling), showing problems in pages."""

        problems: ClassVar[list[Problem]] = []

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            import watchdog.observers

            self.observer = watchdog.observers.Observer()  # type: ignore[assignment]  # the platform's own notifications
            self.build_delay = 0.03  # an editor's save is one write, or two close together
            self._touched: set[str] | None = set()
            self._touched_lock = threading.Lock()

        def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
            """MkDocs' watch, also noting which files changed, so a step need not look at every file."""
            import watchdog.events

            super().watch(path, func, recursive=recursive)

            def note(event: Any) -> None:
                with self._touched_lock:
                    if self._touched is None:
                        return
                    if event.is_directory and event.event_type != "modified":
                        self._touched = None  # a folder came, went or moved: look at everything
                        return
                    if not event.is_directory:
                        self._touched.add(os.fsdecode(event.src_path))
                        if getattr(event, "dest_path", ""):
                            self._touched.add(os.fsdecode(event.dest_path))
                # Ask for a step too: MkDocs' own handler may have started one before this path was noted.
                with self._rebuild_cond:
                    self._want_rebuild = True
                    self._rebuild_cond.notify_all()

            handler = watchdog.events.FileSystemEventHandler()
            handler.on_any_event = note  # type: ignore[method-assign]
            self.observer.schedule(handler, os.path.abspath(path), recursive=recursive)

        def take_touched(self) -> set[str] | None:
            """The files changed since the last call (None: unknown, look at every file)."""
            with self._touched_lock:
                touched, self._touched = self._touched, set()
            return touched

        def forget_touched(self) -> None:
            """Make the next step look at every file (the last one failed before taking in its changes)."""
            with self._touched_lock:
                self._touched = None

        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            errors = [p for p in self.problems if p.severity == "error"]
            if errors:
                items = "".join(f"<li><code>{html.escape(p.format())}</code></li>" for p in errors[:50])
                banner = ('<div class="glossa-build-errors" role="alert"><p><strong>Glossa found problems.</strong> '
                          f"Fix them and save; the page reloads.</p><ul>{items}</ul></div>").encode()
                at = content.find(b'<article class="md-content__inner')
                at = content.find(b">", at) + 1 if at >= 0 else content.find(b"<body")
                content = content[:at] + banner + content[at:]
            return super()._inject_js_into_html(content, epoch)

    return GlossaServer


def serve(config_file: Path, addr: str, *, full: bool = False) -> int:
    """Serve the edition at ``addr`` until Ctrl-C; ``full`` uses MkDocs' own serve (everything rebuilt)."""
    if full:
        import subprocess
        import sys

        cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(config_file), "-a", addr]
        try:
            return subprocess.call(cmd, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        except KeyboardInterrupt:
            return 130
    from mkdocs.livereload import _serve_url

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    host, port = addr.rsplit(":", 1)
    site_dir = Path(tempfile.mkdtemp(prefix="glossa-serve-"))
    site = LiveSite(config_file, site_dir)
    lock = threading.Lock()
    server_cls = _server_class()

    def builder() -> None:
        with lock:
            try:
                step = site.update(server.take_touched() if site.config is not None else None)
            except Exception as exc:
                server.forget_touched()
                log.warning(f"The build failed ({exc.__class__.__name__}: {exc}); fix the file and save again.")
                return
            server.problems = list(site.plugin.build.problems) if site.plugin else []
            what = "full build" if step.full else f"{step.rendered} page(s) rendered, {step.templated} written"
            parts = ", ".join(f"{k} {v:.2f}" for k, v in step.phases.items())
            log.info(f"{what} in {step.seconds:.2f} s" + (f" ({step.why})" if step.why else "") + (f" [{parts}]" if parts else ""))

    try:
        config = site._load()
        mount_path = urlsplit(config.site_url or "/").path
        site.site_url = _serve_url(host, int(port), mount_path)
        server = server_cls(builder=builder, host=host, port=int(port), root=str(site_dir), mount_path=mount_path)
        server.error_handler = lambda code: (site_dir / "404.html").read_bytes() if code == 404 and (site_dir / "404.html").is_file() else None
        builder()
        for path in (config.docs_dir, str(config_file), str(site._annotations())):
            server.watch(path)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Stopped.")
        finally:
            server.shutdown()
    finally:
        if site.config is not None:
            site.config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0
