"""``glossa``: the one entry point for everything people run.

``python3 glossa <command>`` (the script at the repository root) first makes sure
``.venv`` holds the pinned requirements, then calls :func:`main` inside it.

Commands: serve, build, test, import, check, coverage, new, schema, bench.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .config import glossa_options, read_config

ROOT = Path(__file__).resolve().parents[2]


def _project(args: argparse.Namespace) -> tuple[Path, dict]:
    config_file = Path(args.config).resolve()
    return config_file.parent, read_config(config_file)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the edition with live reload (click > 8.2.1 needs --livereload)."""
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", args.config, "-a", args.addr]
    return subprocess.call(cmd)


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site into site/ (``--strict`` fails on any warning)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", args.config] + (["--strict"] if args.strict else [])
    return subprocess.call(cmd)


def cmd_test(args: argparse.Namespace) -> int:
    """Lint, then run the whole test suite (browser tests included)."""
    root = Path(args.config).resolve().parent
    lint = subprocess.call([sys.executable, "-m", "ruff", "check", "hooks", "tests", "glossa"], cwd=root)
    if lint:
        print("ruff found problems (see above).", file=sys.stderr)
        return lint
    code = subprocess.call([sys.executable, "-m", "pytest", *args.pytest_args], cwd=root)
    return code


def cmd_import(args: argparse.Namespace) -> int:
    """Import a raw chapter text into docs/, printing the review report."""
    from .importer import ImportOptions, import_text

    root, config = _project(args)
    raw = dict(glossa_options(config).get("import") or {})
    fields = ImportOptions.__dataclass_fields__
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        print(f"{args.config}: unknown extra.glossa.import option(s): {', '.join(unknown)}; "
              f"known: {', '.join(fields)}", file=sys.stderr)
        return 2
    for name in ("footer", "first_chapter", "first_note", "book_title"):
        value = getattr(args, name, None)
        if value is not None:
            raw[name] = value
    if raw.get("first_note") is not None:
        raw["first_note"] = int(raw["first_note"])
    if raw.get("first_chapter") is not None:
        raw["first_chapter"] = str(raw["first_chapter"])
    options = ImportOptions(**raw)
    source = Path(args.source)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{source}: cannot read the source as UTF-8 text: {exc}", file=sys.stderr)
        return 2
    chapters, changes = import_text(text, options)
    out = (root / args.out).resolve() if args.out else root / "docs"
    print(f"Import report for {source} ({len(changes)} changes, "
          f"{sum(c.review for c in changes)} to review):")
    for change in changes:
        print("  " + change.format(source.name))
    status = 0
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
        print(f"  {verb} {target.relative_to(root) if target.is_relative_to(root) else target}: "
              f"{chapter.heading!r}, {len(chapter.paragraphs)} paragraphs")
    return status


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every annotation and chapter; exit 1 on errors."""
    from .checking import run_check

    root, config = _project(args)
    problems = run_check(root, config)
    github = args.github or os.environ.get("GITHUB_ACTIONS") == "true"
    for p in problems:
        print(p.format())
        if github:
            print(p.github())
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s).")
    return 1 if errors else 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema files derived from the model."""
    from .schema import write_schemas

    for path in write_schemas(Path(args.out) if args.out else None):
        print(f"wrote {path}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold a new entry from a name, with a free id; never overwrite."""
    from .scaffold import new_entry

    root, config = _project(args)
    annotations = root / glossa_options(config).get("annotations", "annotations")
    try:
        path = new_entry(annotations, args.kind, args.name, chapter=args.chapter)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"created {path.relative_to(root)}; fill in the TODO fields, then run: python3 glossa check")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    """Report names and terms in the text that no entry covers."""
    from .coverage import run_coverage

    root, config = _project(args)
    report, uncovered = run_coverage(root, config)
    print(report)
    return 1 if uncovered else 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the book-scale benchmark and print its figures (see BENCHMARKS.md)."""
    from .bench import main as bench_main

    return bench_main(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the commands in the README)."""
    parser = argparse.ArgumentParser(prog="glossa", description="Glossa: annotated reading editions.")
    parser.add_argument("-f", "--config", default=str(ROOT / "mkdocs.yml"), help="the edition's mkdocs.yml")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="serve the edition locally with live reload")
    p.add_argument("-a", "--addr", default="127.0.0.1:8000")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("build", help="build the site into site/")
    p.add_argument("--strict", action="store_true")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("test", help="lint and run the whole test suite")
    p.add_argument("pytest_args", nargs="*", help="extra arguments for pytest")
    p.set_defaults(func=cmd_test)

    p = sub.add_parser("import", help="import a raw chapter text into docs/")
    p.add_argument("source")
    p.add_argument("--out", help="output folder (default: docs/)")
    p.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    p.add_argument("--force", action="store_true", help="overwrite existing chapter files")
    p.add_argument("--footer", help="regex for running footers (overrides mkdocs.yml)")
    p.add_argument("--first-chapter", help="chapter the text starts in")
    p.add_argument("--first-note", type=int, help="first note number of that chapter")
    p.add_argument("--book-title")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("check", help="validate annotations and chapters (exit 1 on errors)")
    p.add_argument("--github", action="store_true", help="also print GitHub workflow commands")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("coverage", help="report uncovered names and terms")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("new", help="scaffold a new entry, e.g. new person \"Martemyan Ryutin\"")
    p.add_argument("kind", choices=["person", "term", "place", "note"])
    p.add_argument("name", help="the name or term (for a note: the note number)")
    p.add_argument("--chapter", help="chapter of a new note")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("schema", help="write the JSON Schema files derived from the model")
    p.add_argument("--out")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("bench", help="benchmark a synthetic book and print the figures (see BENCHMARKS.md)")
    p.add_argument("--scales", default="1,2,4", help="book sizes, in units of 50 chapters (default 1,2,4)")
    p.add_argument("--runs", type=int, default=3, help="builds per variant; medians are reported")
    p.add_argument("--quick", action="store_true", help="a tiny book and one run: a smoke test")
    p.add_argument("--json", help="also write the figures as JSON here")
    p.add_argument("--keep", action="store_true", help="keep the generated books")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130
