"""The contributor check: every problem in annotations and chapters, in one run.

Runs exactly the validation the build runs (registry loading and the chapter
cross-checks), plus a few things only a reviewer needs: raw HTML or scripts in
annotation text, and leftover TODO placeholders from ``glossa new``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .chapters import Chapter, check_chapters, parse_page
from .config import glossa_options
from .problems import Problem
from .registry import Registry, load_registry

_HTML_RE = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>|javascript\s*:|data\s*:\s*text/html|\bon[a-z]+\s*=", re.I)
_TODO_RE = re.compile(r"\bTODO\b")


def load_edition(root: Path, config: dict[str, Any]) -> tuple[Registry, list[Chapter], list[Problem]]:
    """Registry and chapters of the edition at ``root`` (whose mkdocs.yml is ``config``)."""
    opts = glossa_options(config)
    registry, problems = load_registry(root / opts.get("annotations", "annotations"), root)
    docs = root / str(config.get("docs_dir", "docs"))
    chapters = []
    for path in sorted(docs.rglob("*.md")):
        chapter, found = parse_page(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix())
        if chapter is not None:
            chapters.append(chapter)
        problems += found
    return registry, chapters, problems


def content_problems(registry: Registry) -> list[Problem]:
    """Raw HTML, script-like content and TODO placeholders in annotation texts."""
    out: list[Problem] = []
    items = [(e.file, e.loaded.data) for e in registry.entries.values()] + [(n.file, n.loaded.data) for n in registry.notes.values()]
    loaded = {e.file: e.loaded for e in registry.entries.values()} | {n.file: n.loaded for n in registry.notes.values()}
    for file, data in items:
        if not isinstance(data, dict):
            continue
        for key, value in data.items():
            texts = [value] if isinstance(value, str) else []
            for text in texts:
                line, col = loaded[file].where((key,))
                if _HTML_RE.search(text):
                    out.append(Problem(file, line, col, f"'{key}' contains raw HTML or script-like content, which is "
                                       "removed from the site.", "Write Markdown only: *italic*, **bold**, [text](https://...) "
                                       "and [[id]] for entries.", code="raw-html"))
                if _TODO_RE.search(text):
                    out.append(Problem(file, line, col, f"'{key}' still contains a TODO placeholder.",
                                       "Replace it with the real text.", code="todo"))
    return out


def run_check(root: Path, config: dict[str, Any]) -> list[Problem]:
    """All problems of the edition, sorted by file and line."""
    registry, chapters, problems = load_edition(root, config)
    _, chapter_problems = check_chapters(chapters, registry)
    problems = problems + chapter_problems + content_problems(registry)
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message))
