"""``glossa import``: raw text into chapter files, listed in the nav, with a review report.

The importing itself is :mod:`glossa.importer` (pure); this module reads the
edition's options, writes the chapters and adds them to the nav of ``mkdocs.yml``
in chapter order, editing only the lines it adds, so comments and layout survive.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .importer import ImportOptions, import_text
from .sitefile import parse_site

_CHAPTER_FILE_RE = re.compile(r"(?:^|/)chapter-(\d+)\.md$")


def options_for(project: object, args: argparse.Namespace | None = None) -> ImportOptions:
    """The import options: the plugin's ``import`` and ``edition.source`` settings, then the command line's."""
    opts = project.options  # type: ignore[attr-defined]
    imp, source = opts["import"], opts.edition.source
    credit = _credit(source)
    raw: dict = {"footer": imp.footer, "first_chapter": None if imp.first_chapter is None else str(imp.first_chapter),
                 "first_note": imp.first_note, "heading": imp.heading, "heading_format": imp.heading_format,
                 "untitled_format": imp.untitled_format, "title_case": imp.title_case,
                 "book_title": source.title, "source_credit": credit,
                 "language": getattr(project, "language", "en")}
    for name in ("footer", "first_chapter", "first_note"):
        value = getattr(args, name, None) if args is not None else None
        if value is not None:
            raw[name] = str(value) if name == "first_chapter" else value
    return ImportOptions(**raw)


def _credit(source: object) -> str:
    """``Jane Roe, The Canal Chronicle (Leeds: Northern Press, 1999)`` from the source facts."""
    author, title = getattr(source, "author", ""), getattr(source, "title", "")
    place, publisher, year = getattr(source, "place", ""), getattr(source, "publisher", ""), getattr(source, "year", "")
    if not title:
        return ""
    facts = ", ".join(x for x in (": ".join(y for y in (place, publisher) if y), year) if x)
    return (f"{author}, " if author else "") + title + (f" ({facts})" if facts else "")


def add_to_nav(config_text: str, pages: list[str]) -> tuple[str, list[str]]:
    """``config_text`` with ``pages`` (chapter files) inserted into the nav in chapter order.

    Only lines are added, next to the chapter that comes before (or after) each new one,
    with the same indentation, so the rest of the file is untouched. Returns the new
    text and the pages added (those already listed are left alone).
    """
    added: list[str] = []
    for page in sorted(pages, key=_number):
        site = parse_site(config_text)
        if site.nav is None or page in {r.path for r in site.nav}:
            continue
        lines = config_text.split("\n")
        chapters = [r for r in site.nav if _CHAPTER_FILE_RE.search(r.path)]
        before = [r for r in chapters if _number(r.path) < _number(page)]
        after = [r for r in chapters if _number(r.path) > _number(page)]
        if before:
            anchor, at = before[-1], before[-1].line  # below the chapter before it
        elif after:
            anchor, at = after[0], after[0].line - 1  # above the chapter after it
        elif site.nav:
            anchor, at = site.nav[0], site.nav[0].line  # below the first item (the home page)
        else:
            anchor, at = None, site.nav_line
        match = re.match(r"^(\s*)", lines[anchor.line - 1]) if anchor else None
        indent = match.group(1) if match else "  "
        lines.insert(at, f"{indent}- {page}")
        edited = "\n".join(lines)
        # A nav written in flow style ("nav: [index.md]") cannot take a line: the edit must still parse and
        # list the page, or the file is left as it was and the caller names the page to add by hand.
        nav = parse_site(edited).nav
        if nav is None or page not in {r.path for r in nav} or len(nav) != len(site.nav) + 1:
            break
        config_text = edited
        added.append(page)
    return config_text, added


def _number(path: str) -> int:
    m = _CHAPTER_FILE_RE.search(path)
    return int(m.group(1)) if m else -1


def run_import(project: object, args: argparse.Namespace) -> int:
    """Import ``args.source``: print the report, write the chapters, list them in the nav."""
    options = options_for(project, args)
    root: Path = project.root  # type: ignore[attr-defined]
    docs: Path = project.docs  # type: ignore[attr-defined]
    source = Path(args.source)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{source}: cannot read the source as UTF-8 text: {exc}", file=sys.stderr)
        return 2
    try:
        chapters, changes = import_text(text, options)
    except re.error as exc:
        print(f"error: the footer or heading pattern is not a valid regular expression: {exc}", file=sys.stderr)
        return 2
    out = (root / args.out).resolve() if args.out else docs
    print(f"Import report for {source} ({len(changes)} changes, {sum(c.review for c in changes)} to review):")
    for change in changes:
        print("  " + change.format(source.name))
    status = 0
    written = []
    for chapter in chapters:
        target = out / chapter.filename
        verb = "would write" if args.dry_run else "wrote"
        if target.exists() and not args.force:
            would = "would not be overwritten" if args.dry_run else "not overwritten"
            print(f"  {target}: exists; {would} (use --force to replace it)", file=sys.stderr)
            status = 1
            continue
        if not args.dry_run:
            out.mkdir(parents=True, exist_ok=True)
            target.write_text(chapter.markdown(options), encoding="utf-8")
        written.append(target)
        shown = target.relative_to(root) if target.is_relative_to(root) else target
        print(f"  {verb} {shown}: {chapter.heading!r}, {len(chapter.paragraphs)} paragraphs")
    if written and not args.dry_run and out == docs:
        config_file = Path(project.config.config_file_path)  # type: ignore[attr-defined]
        text = config_file.read_text(encoding="utf-8")
        listed = [p.relative_to(docs).as_posix() for p in written]
        site = parse_site(text)
        nav_paths, nav_line = {r.path for r in site.nav or []}, site.nav_line
        new_text, added = add_to_nav(text, listed)
        if added:
            config_file.write_text(new_text, encoding="utf-8")
            print(f"  added to the nav in {config_file.name}: {', '.join(added)}")
        left = [p for p in listed if p not in added and p not in nav_paths] if site.nav is not None else []
        if left:
            print(f"{config_file.name}:{nav_line}:1: warning: the nav could not be edited line by line; "
                  f"add {', '.join(left)} to it by hand (as '- chapter-N.md' items)", file=sys.stderr)
    return status
