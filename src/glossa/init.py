"""``glossa init DIR``: a complete new edition, with no questions asked.

Writes the config (using the plugin), a home and an About page with the credit and
rights filled in, empty annotation folders wired to the schemas, an empty coverage
exclusion list, the pull-request, Pages and suggestion workflows and the "Suggest an
annotation" issue form, a README whose quick start is
two commands, the launcher that makes them work on a fresh machine, and requirements
that pin the engine. With ``--source`` it imports the first text at once.

Every value from the command line is escaped for where it lands: YAML strings are
written as double-quoted scalars, Markdown text is backslash-escaped.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import shutil
import string
import sys
from importlib import metadata
from pathlib import Path

from .kinds import KINDS
from .language import DEFAULT_LANGUAGE, is_valid_tag, primary
from .scaffold import yaml_str
from .schema import EDITION_SCHEMA_DIR, write_schemas

TEMPLATES = Path(__file__).resolve().parent / "templates"
EDITION = TEMPLATES / "edition"
#: Template names without their leading dot (package data keeps dotfiles poorly).
RENAMES = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml", "github": ".github"}
#: One empty folder per kind of the table, wired to its schema.
KIND_FOLDERS = tuple(k.folder for k in KINDS.values())


def md_escape(text: str) -> str:
    """Text as Markdown that renders exactly as the text (no markup, no raw HTML)."""
    text = re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", text)
    return text.replace("\n", " ")


def engine_requirement(explicit: str = "") -> str:
    """The pip requirement that installs this very engine (PEP 610's record of how it was installed)."""
    if explicit:
        return explicit
    try:
        dist = metadata.distribution("glossa")
    except metadata.PackageNotFoundError:
        return "glossa[test]"
    direct = dist.read_text("direct_url.json")
    if direct:
        info = json.loads(direct)
        url = info.get("url", "")
        vcs = info.get("vcs_info")
        if vcs:
            return f"glossa[test] @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}"
        if url:
            return f"glossa[test] @ {url}"
    return f"glossa[test]=={dist.version}"


def _credit(args: argparse.Namespace) -> str:
    if args.source_credit:
        return args.source_credit
    facts = ", ".join(x for x in (args.publisher, args.year) if x)
    book = args.book_title or args.title
    return (f"{args.author}, " if args.author else "") + book + (f" ({facts})" if facts else "")


#: Languages Material's search (lunr) has a stemmer or segmenter for; others use its default.
_SEARCH_LANGUAGES = frozenset("ar da de du el en es fi fr he hi hu hy it ja kn ko nl no pt ro ru sa sv ta te th tr vi".split())


def theme_language(tag: str) -> str:
    """The language Material's interface ships nearest to ``tag``: itself, else its language subtag, else "en"."""
    from importlib.util import find_spec

    spec = find_spec("material")
    origin = Path(spec.origin).parent if spec is not None and spec.origin else None
    for candidate in (tag, primary(tag)):
        if origin is None or (origin / "templates" / "partials" / "languages" / f"{candidate}.html").is_file():
            return candidate
    return "en"


def search_options(tag: str) -> str:
    """The search plugin's options for ``tag``: its ``lang`` where lunr supports the language."""
    lang = primary(tag)
    if lang == "en" or lang not in _SEARCH_LANGUAGES:
        return ""
    return f":\n      lang: {lang}"


def _values(args: argparse.Namespace, engine: str) -> dict[str, str]:
    credit = _credit(args)
    language = getattr(args, "language", None) or DEFAULT_LANGUAGE
    holder = args.author or "the author"
    owners = f"{holder} and {args.publisher}" if args.publisher else holder
    rights = f"The text is quoted from {credit}. All rights in it remain with {owners}."
    editors = [e.strip() for e in args.editors.split(",") if e.strip()] or ["The editors"]
    return {
        # YAML values (double-quoted scalars)
        "site_name": yaml_str(args.title),
        "site_description": yaml_str(f"An annotated reading edition of {credit}." if credit else "TODO: one sentence"),
        "repo_url": yaml_str(args.repo_url or "https://github.com/TODO/edition"),
        "copyright": yaml_str(f"Text © {holder}; quoted from {credit}, all rights remain with {owners}. "
                              "Annotations © the editors, CC BY-SA 4.0."),
        "editors": "[" + ", ".join(yaml_str(e) for e in editors) + "]",
        "year_now": yaml_str(str(datetime.date.today().year)),
        "author": yaml_str(args.author), "book_title": yaml_str(args.book_title or args.title),
        "publisher": yaml_str(args.publisher), "year": yaml_str(args.year),
        "footer": yaml_str(args.footer) if args.footer else "null",
        "first_chapter": yaml_str(str(args.first_chapter)) if args.first_chapter else "null",
        "first_note": str(int(args.first_note)) if args.first_note else "null",
        # Markdown values
        "title": md_escape(args.title), "book": md_escape(credit),
        "credit_sentence": md_escape(f"The text is quoted from {credit}."),
        "rights": md_escape(rights), "text_rights": rights,
        # requirements
        "language": yaml_str(language), "theme_language": yaml_str(theme_language(language)),
        "search_options": search_options(language),
        "engine": engine, "pins": (TEMPLATES / "pins.txt").read_text(encoding="utf-8").strip(),
    }


def write_edition(target: Path, args: argparse.Namespace) -> list[Path]:
    """Write every file of a new edition into ``target`` (which must be empty or absent)."""
    values = _values(args, engine_requirement(args.engine))
    written = []
    for src in sorted(EDITION.rglob("*")):
        if src.is_dir():
            continue
        rel = Path(*[RENAMES.get(part, part) for part in src.relative_to(EDITION).parts])
        dest = target / (rel.with_suffix("") if rel.suffix == ".tmpl" else rel)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".tmpl":
            dest.write_text(string.Template(src.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
        else:
            shutil.copyfile(src, dest)
        if src.name == "glossa":
            dest.chmod(0o755)
        written.append(dest)
    for folder in KIND_FOLDERS:
        keep = target / "annotations" / folder / ".gitkeep"
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.touch()
        written.append(keep)
    written += write_schemas(target / EDITION_SCHEMA_DIR)
    return written


def run_init(args: argparse.Namespace) -> int:
    """``glossa init DIR``: write the edition, then import ``--source`` if given."""
    target = Path(args.dir).resolve()
    language = getattr(args, "language", None)
    if language is not None and not is_valid_tag(language):
        print(f"error: --language {language!r} is not a BCP 47 language tag; give one such as fr, de, ja, zh-Hans or "
              "pt-BR (nothing was written)", file=sys.stderr)
        return 2
    if target.exists() and any(target.iterdir()):
        print(f"error: {target} is not empty; choose a new folder (nothing was written)", file=sys.stderr)
        return 2
    written = write_edition(target, args)
    print(f"created a new edition in {target} ({len(written)} files)")
    status = 0
    if args.source:
        from .importing import run_import
        from .project import load_project

        imp = argparse.Namespace(source=args.source, out=None, dry_run=False, force=False, footer=None,
                                 first_chapter=None, first_note=None)
        status = run_import(load_project(target / "mkdocs.yml"), imp)
    print("\nNext:\n"
          f"  cd {target}\n"
          "  python3 glossa new notes        # an expansion file for every note marker\n"
          "  python3 glossa check            # what is still missing, file by file\n"
          "  python3 glossa serve            # read it at http://127.0.0.1:8000/\n"
          "  python3 glossa test             # the check, a strict build and the edition tests")
    return status
