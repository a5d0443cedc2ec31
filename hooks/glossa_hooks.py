"""MkDocs hooks for Glossa: a thin layer of ``on_*`` functions over the pure core.

Phases of one build (``mkdocs serve`` keeps this module loaded across rebuilds,
so every build starts from fresh state in ``on_config``):

1. ``on_config``   load and check ``annotations/``; register the Markdown extension;
2. ``on_files``    add the generated pages (entries, people index, glossary) and
                   our CSS/JS with ``File.generated``; check chapters against notes;
3. ``on_nav``      keep entry pages out of the navigation;
4. ``on_page_markdown``/``on_page_content``  gather mentions while pages render;
5. ``on_env``      order the mentions of every entry (all pages are rendered now);
6. ``on_page_context`` (before search indexes the page) fill in "Mentioned in".
"""

from __future__ import annotations

import dataclasses
import gc
import html
import json
import logging
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from glossa import timing
from glossa.chapters import Chapter, check_chapters, check_unused, parse_page, split_front_matter
from glossa.checking import content_problems
from glossa.extension import GlossaExtension, LinkPolicy, PageResult, PageSetup
from glossa.model import FOLDERS
from glossa.pages import MENTIONS_SLOT, entry_markdown, glossary_index, mentions_html, people_index
from glossa.problems import Problem
from glossa.registry import Registry, load_registry
from glossa.render import Mention, Renderer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

# Under "mkdocs." so that `mkdocs build --strict` counts our warnings.
log = logging.getLogger("mkdocs.hooks.glossa")

ASSETS = Path(__file__).parent / "assets"
CSS, JS = "assets/glossa/glossa.css", "assets/glossa/glossa.js"


@dataclasses.dataclass
class _Build:
    root: Path
    registry: Registry
    ext: GlossaExtension
    problems: list[Problem]
    results: dict[str, PageResult] = dataclasses.field(default_factory=dict)
    titles: dict[str, str] = dataclasses.field(default_factory=dict)
    urls: dict[str, str] = dataclasses.field(default_factory=dict)
    mentions: dict[str, list[Mention]] = dataclasses.field(default_factory=dict)
    entry_pages: dict[str, str] = dataclasses.field(default_factory=dict)  # src_uri -> entry id


_build: _Build | None = None
_command = "build"


def _options(config: Any) -> dict[str, Any]:
    opts = (config.extra or {}).get("glossa") or {}
    return opts if isinstance(opts, dict) else {}


def _report(problems: list[Problem]) -> None:
    for p in problems:
        (log.warning if p.severity == "error" else log.info)(p.format())


def _base(url: str) -> str:
    """Prefix from a page's URL back to the site root ("" for the home page)."""
    return "../" * url.count("/")


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether we serve (then problems are also shown on the page)."""
    global _command
    _command = command


def on_config(config: Any) -> Any:
    """Start a fresh build: load annotations, register the extension and our assets."""
    global _build
    # The benchmark asks for phase timings through the environment; normal builds skip the clock.
    timing.reset(bool(os.environ.get("GLOSSA_TIMINGS")))
    t0 = timing.clock()
    root = Path(config.config_file_path).resolve().parent  # never the working directory
    opts = _options(config)
    annotations = (root / opts.get("annotations", "annotations")).resolve()
    # Loading creates many small long-lived objects; the cyclic GC would traverse them
    # again and again (a third of the loading time of a 6,000-entry book), and loading
    # makes no garbage cycles worth collecting, so it is paused for the duration.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        registry, problems = load_registry(annotations, root)
        problems += content_problems(registry)  # same validation as `glossa check`
        registry.compact()
    finally:
        if gc_was_enabled:
            gc.enable()
    policy = LinkPolicy(relink_after=int(opts.get("relink_after", LinkPolicy.relink_after)))
    renderer = Renderer(registry, directory_urls=config.use_directory_urls)
    ext = GlossaExtension(registry, renderer, policy=policy, directory_urls=config.use_directory_urls)
    # Drop an extension left from a previous build under `serve`, then add this build's.
    config.markdown_extensions[:] = [e for e in config.markdown_extensions if not isinstance(e, GlossaExtension)]
    config.markdown_extensions.append(ext)
    for item, key in ((CSS, "extra_css"), (JS, "extra_javascript")):
        if item not in [str(x) for x in config[key]]:
            config[key].append(item)
    if str(annotations) not in [str(Path(w).resolve()) for w in config.watch]:
        config.watch.append(str(annotations))  # so `serve` rebuilds when an annotation is saved
    _build = _Build(root, registry, ext, problems)
    if timing.enabled:
        timing.add("loading", timing.clock() - t0)
    return config


def on_files(files: Files, config: Any) -> Files:
    """Add generated pages and assets; check chapter markers against note expansions."""
    b = _require()
    registry = b.registry
    chapters: list[Chapter] = []
    for f in files.documentation_pages():
        if f.generated_by:
            continue
        chapter, found = parse_page(f.content_string, _rel(f.abs_src_path, b.root) if f.abs_src_path else f.src_uri)
        if chapter is not None:
            chapters.append(chapter)
        b.problems += found
    # Unused entries are checked in on_env, from the mentions the render gathers.
    _, chapter_problems = check_chapters(chapters, registry, mentioned=set())
    b.problems += chapter_problems
    _report(b.problems)

    t0 = timing.clock()
    edit_base = _edit_base(config)
    for entry in registry.entries.values():
        src = entry.page
        page_file = File.generated(config, src, content="")
        # The content depends on the page's depth, which the File knows once it exists.
        page_file.content_string = entry_markdown(entry, b.ext.renderer, _base(page_file.url),
                                                  edit_base + entry.file if edit_base else None)
        files.append(page_file)
        b.entry_pages[src] = entry.id
    for kind, make in (("person", people_index), ("term", glossary_index)):
        src = f"{FOLDERS[kind]}/index.md"
        if files.get_file_from_path(src) is None:
            files.append(File.generated(config, src, content=make(registry)))
    for dest, name in ((CSS, "glossa.css"), (JS, "glossa.js")):
        if files.get_file_from_path(dest) is None:
            files.append(File.generated(config, dest, abs_src_path=str(ASSETS / name)))
    if timing.enabled:
        timing.add("generated pages", timing.clock() - t0)
    return files


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    """Keep entry pages out of the navigation (the theme renders all of it into every page)."""
    b = _require()

    def keep(item: Any) -> bool:
        f = getattr(item, "file", None)
        return f is None or f.src_uri not in b.entry_pages

    def prune(items: list) -> list:
        out = []
        for item in items:
            if getattr(item, "children", None):
                item.children = prune(item.children)
            if keep(item):
                out.append(item)
        return out

    nav.items = prune(nav.items)
    nav.pages = [p for p in nav.pages if keep(p)]
    return nav


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Tell the extension which page renders next."""
    b = _require()
    chapter = page.meta.get("chapter")
    b.ext.begin_page(PageSetup(key=page.file.src_uri, base=_base(page.url),
                               chapter=str(chapter) if chapter is not None else None, autolink=chapter is not None,
                               source_links=True))
    return markdown


def on_page_content(html_text: str, page: Any, config: Any, files: Files) -> str:
    """Gather what the page's render found."""
    b = _require()
    result = b.ext.end_page()
    key = page.file.src_uri
    b.results[key] = result
    if result.chapter is not None and result.unnamed_paragraphs:
        problem = Problem(_rel(page.file.abs_src_path, b.root) if page.file.abs_src_path else key, 1, 1,
                          f"{result.unnamed_paragraphs} paragraph(s) of chapter {result.chapter} have no id, so permalinks "
                          "and 'Mentioned in' cannot point at them.",
                          f"Add a line such as '{{: #c{result.chapter}-p99 }}' under each; never reuse or renumber ids.",
                          code="paragraph-without-id")
        b.problems.append(problem)
        _report([problem])
    b.titles[key] = page.title or key
    b.urls[key] = page.url
    if _command == "serve" and any(p.severity == "error" for p in b.problems):
        items = "".join(f"<li><code>{html.escape(p.format())}</code></li>" for p in b.problems if p.severity == "error")
        html_text = ('<div class="glossa-build-errors" role="alert"><p><strong>Glossa found problems in the '
                     f"annotations.</strong> Fix them and save; the page reloads.</p><ul>{items}</ul></div>") + html_text
    return html_text


def on_env(env: Any, config: Any, files: Files) -> Any:
    """All pages are rendered: order every entry's mentions by chapter and paragraph."""
    b = _require()
    t0 = timing.clock()
    # Under `--dirty` MkDocs skips unchanged pages, so their mentions were never
    # gathered; render those chapters here (without writing them) so no backlink is lost.
    for f in files.documentation_pages():
        page = f.page
        if page is None or f.src_uri in b.results or f.generated_by:
            continue
        if "chapter" not in split_front_matter(f.content_string)[0]:
            continue
        page.read_source(config)
        on_page_markdown(page.markdown or "", page, config, files)
        page.render(config, files)
        on_page_content(page.content or "", page, config, files)
    chapters = [k for k, r in b.results.items() if r.chapter is not None]
    chapters.sort(key=lambda k: _natural(b.results[k].chapter or ""))
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for key in chapters:
        for m in b.results[key].mentions:
            mentions[m.entry].append(m)
    b.mentions = dict(mentions)
    unused = check_unused(b.registry, set(mentions))
    b.problems += unused
    _report(unused)
    if timing.enabled:
        timing.add("backlinks", timing.clock() - t0)
    return env


@event_priority(50)  # before the search plugin indexes page.content (default priority 0)
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Fill in "Mentioned in" on entry pages, and point "edit" at the YAML file."""
    b = _require()
    ident = b.entry_pages.get(page.file.src_uri)
    if ident is None or page.content is None:
        return context
    t0 = timing.clock()
    base = _base(page.url)
    page.content = page.content.replace(MENTIONS_SLOT, mentions_html(b.mentions.get(ident, []), b.titles, b.urls, base))
    if timing.enabled:
        timing.add("backlinks", timing.clock() - t0)
    edit_base = _edit_base(config)
    page.edit_url = edit_base + b.registry.entries[ident].file if edit_base else None
    return context


@event_priority(-100)  # after every other handler: the page content is final
def on_post_page(output: str, page: Any, config: Any) -> str:
    """For the benchmark only: dump each page's final content as a static Markdown source."""
    dump = os.environ.get("GLOSSA_DUMP_STATIC")
    if dump and page.content is not None:
        target = Path(dump) / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        title = (page.title or "").replace('"', "'")
        target.write_text(f'---\ntitle: "{title}"\n---\n\n<div class="glossa-static">\n{page.content}\n</div>\n',
                          encoding="utf-8")
    return output


def on_post_build(config: Any) -> None:
    """For the benchmark only: write the phase timings."""
    path = os.environ.get("GLOSSA_TIMINGS")
    if path:
        Path(path).write_text(json.dumps(dict(timing.totals), indent=2), encoding="utf-8")


def _edit_base(config: Any) -> str:
    repo = config.repo_url
    if not repo:
        return ""
    branch = _options(config).get("branch", "main")
    return f"{repo.rstrip('/')}/edit/{branch}/"


def _natural(text: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def _rel(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return path


def _require() -> _Build:
    if _build is None:  # pragma: no cover - MkDocs always calls on_config first
        raise RuntimeError("Glossa hooks used before on_config")
    return _build
