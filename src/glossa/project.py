"""An edition on disk, read through MkDocs' own config loading: what the command-line tools work on.

``glossa check`` and the other commands read ``mkdocs.yml`` exactly as the build
does (the plugin's typed options included), then run the same rules as the build
(:mod:`glossa.rules`). Chapters are rendered with the edition's own Markdown
extensions to find their mentions, so "unused" means the same thing in both.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown

from . import rules
from .extension import GlossaExtension, LinkPolicy, PageSetup
from .options import GlossaOptions, language_of
from .problems import Problem
from .registry import LoadCache, Registry, load_registry
from .render import Renderer
from .schema import EDITION_SCHEMA_DIR
from .sitefile import read_site


class ProjectError(Exception):
    """The edition's config cannot be read; the message says why and how to fix it."""


@dataclasses.dataclass
class Project:
    """An edition: its validated config, its plugin options, and its folders."""

    config: Any
    options: GlossaOptions
    root: Path
    docs: Path

    @property
    def language(self) -> str:
        """The edition's BCP 47 tag: the plugin's ``language``, else the theme's, else "en"."""
        return language_of(self.config, self.options)

    @property
    def annotations(self) -> Path:
        """The annotations folder."""
        return (self.root / self.options.annotations).resolve()


@contextlib.contextmanager
def _captured_mkdocs_log() -> Iterator[io.StringIO]:
    """Collect what MkDocs logs while it loads the config (its own warnings about the config)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


def load_project(config_file: Path) -> Project:
    """Load ``mkdocs.yml`` as the build would; raise :class:`ProjectError` with MkDocs' messages."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise ProjectError(f"{config_file}: no such file. Run the command in the edition's folder, or pass -f path/to/mkdocs.yml.")
    with _captured_mkdocs_log() as log:
        try:
            config = load_config(str(config_file))
        except (ConfigurationError, Abort) as exc:
            # MkDocs logs each config error, then aborts: show what it logged.
            raise ProjectError(f"{config_file}: {log.getvalue().strip() or exc}") from None
    plugin = config.plugins.get("glossa")
    if plugin is None:
        raise ProjectError(f"{config_file}: the glossa plugin is not enabled. Fix: add 'plugins: [glossa]' "
                           "(with 'search' before it if you list plugins).")
    root = Path(config.config_file_path).resolve().parent
    return Project(config, plugin.config, root, Path(config.docs_dir).resolve())


def source_pages(project: Project) -> tuple[list[rules.SourcePage], list[Problem]]:
    """Every page in docs/ read as the build reads it; other files checked as the build checks them."""
    pages, problems = [], []
    docs = project.docs
    for path in sorted(docs.rglob("*"), key=lambda p: p.as_posix()):
        rel = path.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in path.relative_to(docs).parts) and path.name not in rules.STATIC_NAMES:
            continue
        if path.is_dir() and not path.is_symlink():
            continue
        display = path.relative_to(project.root).as_posix() if path.is_relative_to(project.root) else str(path)
        if path.suffix == ".md":
            text, found = rules.read_page(path, display, project.root)
            problems += found
            if text is not None:
                pages.append(rules.SourcePage(display, rel, text))
        else:
            problems += rules.static_file_problems(path, display, project.root)
    return pages, problems


def edition(project: Project, cache: LoadCache | None = None) -> rules.Edition:
    """The edition as the rules see it (annotations loaded, pages parsed)."""
    registry, load_problems = load_registry(project.annotations, project.root, cache=cache, language=project.language)
    pages, page_problems = source_pages(project)
    chapters, parse_problems = rules.parse_pages(pages)
    site = read_site(Path(project.config.config_file_path), Path(project.config.config_file_path).name)
    options = rules.Options(source_locators=project.options.source_locators,
                            schema_dir=project.root / EDITION_SCHEMA_DIR, schemas=rules.schema_texts())
    return rules.Edition(project.root, registry, load_problems, pages, chapters, page_problems + parse_problems, site,
                         options)


def chapter_usage(project: Project, ed: rules.Edition) -> rules.Usage:
    """Render every chapter as the build does and count its mentions."""
    ext = _extension(project, ed.registry)
    mentions = []
    for chapter in ed.chapters:
        page = next(p for p in ed.pages if p.display == chapter.file)
        ext.begin_page(PageSetup(key=page.src_uri, chapter=chapter.chapter, autolink=True, source_links=True))
        md = markdown.Markdown(extensions=[*project.config.markdown_extensions, ext],
                               extension_configs=project.config.mdx_configs)
        md.convert(chapter.body)
        mentions += ext.end_page().mentions
    return rules.usage_of(mentions)


def _extension(project: Project, registry: Registry) -> GlossaExtension:
    renderer = Renderer(registry, directory_urls=project.config.use_directory_urls)
    return GlossaExtension(registry, renderer, policy=LinkPolicy(relink_after=project.options.relink_after),
                           directory_urls=project.config.use_directory_urls)


def check(project: Project) -> list[Problem]:
    """Every problem of the edition, as the build reports them (both phases)."""
    ed = edition(project)
    problems = rules.run(ed, "sources")
    ed.usage = chapter_usage(project, ed)
    return problems + [p for p in rules.run(ed, "render") if p not in problems]
