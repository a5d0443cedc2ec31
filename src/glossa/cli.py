"""``glossa``: the one command for editors, contributors and publishers.

Installed as a console script with the engine; an edition's own launcher
(``python3 glossa <command>``) first makes sure ``.venv`` holds the edition's pinned
requirements, then runs this inside it. The edition is found through ``-f``, the
``GLOSSA_CONFIG`` variable the launcher sets, or ``mkdocs.yml`` in the current folder.

Commands: init, serve, build, epub, pdf, test, import, check, coverage, new, schema, suggestion, authorities,
bench.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import __version__


def _config_path(args: argparse.Namespace) -> Path:
    return Path(args.config or os.environ.get("GLOSSA_CONFIG") or "mkdocs.yml").resolve()


def _project(args: argparse.Namespace):
    from .project import load_project

    return load_project(_config_path(args))


def _env() -> dict[str, str]:
    # MkDocs 1.6.x prints a notice about 2.0 on every run; editions pin <2, so it is noise here.
    return dict(os.environ, NO_MKDOCS_2_WARNING="1")


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the edition with live reload; a saved file shows at once."""
    from .live import serve

    return serve(_config_path(args), args.addr, full=args.full)


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site into site/ (``--strict`` fails on any warning).

    ``--offline`` builds the copy that reads from ``file://`` (the plugin's ``offline`` option, set
    for this build through ``GLOSSA_OFFLINE``); ``--zip`` builds it in a temporary folder and writes
    it as ``<slug>-offline.zip`` (to ``-o FILE`` or ``-o FOLDER/``; default ``dist/``), one folder inside.
    """
    from .plugin import OFFLINE_ENV

    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(_config_path(args))] + (["--strict"] if args.strict else [])
    env = _env()
    if args.offline or args.zip:
        env[OFFLINE_ENV] = "1"
    if not args.zip:
        return subprocess.call(cmd, env=env)
    import shutil
    import tempfile

    from .book import meta_from_config

    project = _project(args)
    stem = meta_from_config(project.config, project.options).file_stem
    out = _book_out(args, stem, "-offline.zip")
    with tempfile.TemporaryDirectory() as tmp:
        # One folder in the zip, named for the edition: unpacked, it does not spill into Downloads.
        site = Path(tmp) / f"{stem}-offline"
        code = subprocess.call([*cmd, "-d", str(site)], env=env)
        if code:
            return code
        out.parent.mkdir(parents=True, exist_ok=True)
        base = str(out)[:-len(".zip")] if out.name.endswith(".zip") else str(out)  # make_archive adds it
        made = shutil.make_archive(base, "zip", root_dir=tmp, base_dir=site.name)
    print(f"wrote {made} ({Path(made).stat().st_size // 1024} KiB)")
    return 0


def _book_out(args: argparse.Namespace, stem: str, suffix: str) -> Path:
    """Where a book is written: ``-o FILE``, ``-o FOLDER/``, or ``dist/`` in the edition, named ``<slug>-<version>``.

    The version is ``GLOSSA_VERSION`` (the deploy workflow sets it from the commit).
    """
    name = f"{stem}{suffix}"
    if not args.out:
        return _config_path(args).parent / "dist" / name
    out = Path(args.out).resolve()
    # A folder (an existing one, or a path ending in "/"): the default name in it.
    return out / name if args.out.endswith(("/", os.sep)) or out.is_dir() else out


def cmd_epub(args: argparse.Namespace) -> int:
    """Write the edition as an EPUB 3 (chapters, pop-up notes, registers, index, timeline)."""
    import time

    from .book import load_book
    from .epub import write_epub

    started = time.perf_counter()
    book = load_book(_project(args))
    out = write_epub(book, _book_out(args, book.meta.file_stem, ".epub"))
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB, {time.perf_counter() - started:.1f} s)")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    """Write the edition as a print PDF (footnotes, running heads, registers and index with page numbers)."""
    import time

    from .book import load_book
    from .pdf import write_pdf

    started = time.perf_counter()
    book = load_book(_project(args))
    out = write_pdf(book, _book_out(args, book.meta.file_stem, ".pdf"), paper=args.paper)
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB, {time.perf_counter() - started:.1f} s)")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    """Lint the edition's Python, then run its tests and the engine's edition tests."""
    from .testing import run_tests

    return run_tests(_config_path(args), args.pytest_args)


def cmd_import(args: argparse.Namespace) -> int:
    """Import a raw chapter text into docs/, add it to the nav, and print the review report."""
    from .importing import run_import

    return run_import(_project(args), args)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every annotation and chapter; exit 1 on errors (and on warnings with --strict)."""
    from .project import check

    problems = sorted(check(_project(args)), key=lambda p: (p.file, p.line, p.column, p.message))
    github = args.github or os.environ.get("GITHUB_ACTIONS") == "true"
    for p in problems:
        print(p.format() if p.severity == "error" else f"{p.format()} [{p.severity}]")
        if github:
            print(p.github())
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    print(f"{errors} error(s), {warnings} warning(s).")
    return 1 if errors or (args.strict and warnings) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema files derived from the model (the edition's copy, or the engine's)."""
    from .schema import EDITION_SCHEMA_DIR, SCHEMA_DIR, write_schemas

    folder = Path(args.out) if args.out else (SCHEMA_DIR if args.engine else _config_path(args).parent / EDITION_SCHEMA_DIR)
    for path in write_schemas(folder):
        print(f"wrote {path}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold entries from the text: one entry, or every missing note expansion."""
    from .scaffold import run_new

    return run_new(_project(args), args)


def cmd_coverage(args: argparse.Namespace) -> int:
    """Report names and terms in the text that no entry covers."""
    from .coverage import run_coverage
    from .project import edition

    project = _project(args)
    report, uncovered = run_coverage(edition(project), project.annotations, project.language)
    print(report)
    return 1 if uncovered else 0


def cmd_init(args: argparse.Namespace) -> int:
    """Write a complete new edition into DIR (and import its first text, if given)."""
    from .init import run_init

    return run_init(args)


def cmd_suggestion(args: argparse.Namespace) -> int:
    """Turn an issue made with the "Suggest an annotation" form into an annotation file, and check it."""
    from .suggestion import run_suggestion

    return run_suggestion(_project(args), args)


def cmd_authorities(args: argparse.Namespace) -> int:
    """Propose Wikidata ids for entries without one (--apply writes sure matches), or --verify those there are."""
    from .authorities import run_authorities

    return run_authorities(_project(args), args)


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the book-scale benchmark and print its figures (see BENCHMARKS.md)."""
    from .bench import main as bench_main

    return bench_main(args)


def _book_commands(sub: argparse._SubParsersAction) -> None:
    """The ``epub`` and ``pdf`` commands."""
    p = sub.add_parser("epub", help="write the edition as an EPUB 3 (default: dist/<slug>-<version>.epub)")
    p.add_argument("-o", "--out", help="the EPUB file to write, or a folder (ending in /) to write it into")
    p.set_defaults(func=cmd_epub)

    p = sub.add_parser("pdf", help="write the edition as a print PDF (default: dist/<slug>-<version>.pdf)")
    p.add_argument("-o", "--out", help="the PDF file to write, or a folder (ending in /) to write it into")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help="page size (default: a4)")
    p.set_defaults(func=cmd_pdf)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the commands in the README)."""
    from .kinds import NAMED  # the kinds table decides what ``new`` can make

    parser = argparse.ArgumentParser(prog="glossa", description="Glossa: annotated reading editions.")
    parser.add_argument("--version", action="version", version=f"glossa {__version__}")
    parser.add_argument("-f", "--config", help="the edition's mkdocs.yml (default: $GLOSSA_CONFIG or ./mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="start a new edition in DIR")
    p.add_argument("dir")
    p.add_argument("--title", required=True, help="the edition's title (site name)")
    p.add_argument("--author", default="", help="the source book's author")
    p.add_argument("--book-title", default="", help="the source book's title (default: the edition's title)")
    p.add_argument("--publisher", default="", help="the source book's publisher")
    p.add_argument("--year", default="", help="the source book's year")
    p.add_argument("--editors", default="", help="the edition's editors, comma-separated")
    p.add_argument("--source-credit", default="", help="the credit line, e.g. 'Jane Roe, A Book (London: X, 1999)'")
    p.add_argument("--repo-url", default="", help="the edition's repository, e.g. https://github.com/you/edition")
    p.add_argument("--engine", default="", help="pip requirement for the engine (default: as this one was installed)")
    p.add_argument("--source", help="a raw text to import at once")
    p.add_argument("--language", help="the book's language, a BCP 47 tag such as fr, de, ru, ja, zh, ar, he (default: en)")
    p.add_argument("--footer", help="regex for running footer lines in the raw text")
    p.add_argument("--first-chapter", help="the chapter the raw text starts in")
    p.add_argument("--first-note", type=int, help="the first note number of that chapter")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("serve", help="serve the edition locally with live reload")
    p.add_argument("-a", "--addr", default="127.0.0.1:8000")
    p.add_argument("--full", action="store_true", help="rebuild everything on each change (MkDocs' own serve)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("build", help="build the site into site/")
    p.add_argument("--strict", action="store_true")
    p.add_argument("--offline", action="store_true", help="a site that reads from file:// (a folder, a USB stick)")
    p.add_argument("--zip", action="store_true", help="build the offline site as <slug>-offline.zip (see -o)")
    p.add_argument("-o", "--out", help="with --zip: the zip file, or a folder ending in / (default: dist/)")
    p.set_defaults(func=cmd_build)

    _book_commands(sub)

    p = sub.add_parser("test", help="lint and run the whole test suite")
    p.add_argument("pytest_args", nargs="*", help="extra arguments for pytest (e.g. -x, -k name)")
    p.set_defaults(func=cmd_test)

    p = sub.add_parser("import", help="import a raw chapter text into docs/")
    p.add_argument("source")
    p.add_argument("--out", help="output folder (default: docs/)")
    p.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    p.add_argument("--force", action="store_true", help="overwrite existing chapter files")
    p.add_argument("--footer", help="regex for running footers (overrides mkdocs.yml)")
    p.add_argument("--first-chapter", help="chapter the text starts in")
    p.add_argument("--first-note", type=int, help="first note number of that chapter")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("check", help="validate annotations and chapters (exit 1 on errors)")
    p.add_argument("--github", action="store_true", help="also print GitHub workflow commands")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("coverage", help="report uncovered names and terms")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("new", help="scaffold an entry from the text, e.g. new person \"Martemyan Ryutin\"; or: new notes")
    p.add_argument("kind", choices=[*(k.name for k in NAMED), "note", "notes"])
    p.add_argument("name", nargs="?", help="the name or term (for a note: its number)")
    p.add_argument("--chapter", help="chapter of a new note")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("schema", help="write the JSON Schema files for editors (hooks/schemas/)")
    p.add_argument("--out")
    p.add_argument("--engine", action="store_true", help="write the engine's package copy instead")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("suggestion", help="write the annotation an issue form suggests, and check it (exit 0/1/2)")
    p.add_argument("--from-issue", required=True, metavar="FILE", help="the issue's body, as GitHub renders the form")
    p.add_argument("--issue", default="", help="the issue's number (names the branch; the id of a nameless entry)")
    p.add_argument("--comment", metavar="FILE", help="also write the result as a Markdown comment for the issue")
    p.set_defaults(func=cmd_suggestion)

    p = sub.add_parser("authorities", help="propose Wikidata ids (authorities.review.yml), --apply sure ones, or --verify")
    p.add_argument("--apply", action="store_true", help="write the unambiguous matches whose dates agree")
    p.add_argument("--verify", action="store_true", help="report every id whose label or dates disagree (exit 1)")
    p.add_argument("--endpoint", help="the Action API (default: https://www.wikidata.org/w/api.php)")
    p.add_argument("--no-cache", action="store_true", help="ask again instead of reading .cache/glossa/wikidata/")
    p.set_defaults(func=cmd_authorities)

    p = sub.add_parser("bench", help="benchmark a synthetic book and print the figures (see BENCHMARKS.md)")
    p.add_argument("--scales", default="1,2,4", help="book sizes, in units of 50 chapters (default 1,2,4)")
    p.add_argument("--runs", type=int, default=3, help="builds per variant; medians are reported")
    p.add_argument("--quick", action="store_true", help="a tiny book and one run: a smoke test")
    p.add_argument("--json", help="also write the figures as JSON here")
    p.add_argument("--keep", action="store_true", help="keep the generated books")
    p.add_argument("--write-book", metavar="DIR", help="only write the synthetic book (a complete edition) into DIR")
    p.add_argument("--scale", type=float, default=1.0, help="scale of the book --write-book writes")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; return its exit status."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "test":
        args.pytest_args = [*extra, *args.pytest_args]  # everything after "test" is pytest's
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except Exception as exc:
        from .project import ProjectError

        if isinstance(exc, ProjectError):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
