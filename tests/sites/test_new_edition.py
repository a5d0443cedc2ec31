"""A new edition from nothing: ``glossa init`` on a raw text of our own, annotations written here, and
the engine's edition tests passing inside it, through its own launcher as its README says.

The edition pins the engine as a wheel built once for the run from this checkout, as a released
engine is installed, instead of building it from source in the edition's own environment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "tests" / "fixtures" / "raw" / "canal.txt"
FOOTER = r"^The Canal Chronicle Page \d+$"


def glossa(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "glossa", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GLOSSA_CONFIG": ""})


ANNOTATIONS = {
    "people/whitcombe.yml": """\
        name: Thomas Whitcombe
        match: [Thomas Whitcombe, Whitcombe]
        born: "1752"
        died: {date: "1809-04-02", alternatives: ["1809-04-12"], note: The parish register and his gravestone differ.}
        offices: [{office: Engineer of the summit level, start: "1791", end: "1793"}]
        summary: Surveyor and engineer of the canal’s summit level.
        profile: |
          A fictional surveyor who laid out the summit level, working with [[hargreaves]]
          and his sister [[eleanor-whitcombe]].
        sources: [{title: The Canal Chronicle, author: Jane Roe, publisher: Northern Press, year: 1999, chapter: "3"}]
        """,
    "people/eleanor-whitcombe.yml": """\
        name: Eleanor Whitcombe
        match: [Eleanor Whitcombe]
        summary: Kept the accounts of the summit works.
        profile: Thomas Whitcombe’s sister, who kept the accounts and wrote to the proprietors.
        sources: [{title: The Canal Chronicle, author: Jane Roe, publisher: Northern Press, year: 1999, pages: "41-43"}]
        """,
    "people/hargreaves.yml": """\
        name: Hargreaves
        match: [Hargreaves]
        summary: The engineer of the canal company.
        profile: The company’s engineer, after whom [[hargreaves-lock]] is named.
        sources: [{title: The Canal Chronicle, author: Jane Roe, publisher: Northern Press, year: 1999, chapter: "3"}]
        """,
    "places/hargreaves-lock.yml": """\
        name: Hargreaves Lock
        match: [Hargreaves Lock]
        definition: A lock below the summit, rebuilt in stone after the cutting.
        sources: [{title: Locks of the North, url: "https://example.org/locks"}]
        """,
    "places/coldwell.yml": """\
        name: Coldwell
        match: [Coldwell]
        definition: The moor whose reservoirs fed the summit.
        sources: [{title: Reservoirs, url: "https://example.org/reservoirs"}]
        """,
    "places/bell-inn.yml": """\
        name: The Bell Inn
        match: [Bell Inn]
        definition: Where the canal committee met.
        sources: [{title: Inns, url: "https://example.org/inns"}]
        """,
    "glossary/navvy.yml": """\
        name: navvy
        match: [{text: navvies, common: true}]
        definition: A labourer who dug the navigations, the canals.
        sources: [{title: Navvies, url: "https://example.org/navvies"}]
        """,
    "events/summit-survey.yml": """\
        name: The summit survey
        date: "1791-04"
        match: [{text: spring of 1791, common: true}]
        summary: Thomas Whitcombe surveys the summit level.
        description: The survey of the summit level by [[whitcombe]].
        sources: [{title: The Canal Chronicle, author: Jane Roe, publisher: Northern Press, year: 1999, chapter: "3"}]
        """,
}


def _write_annotations(edition: Path) -> None:
    import textwrap

    assert glossa("new", "notes", cwd=edition).returncode == 0  # creates only the expansions still missing
    for rel, text in ANNOTATIONS.items():
        path = edition / "annotations" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for note in (edition / "annotations" / "notes").glob("*.yml"):
        text = note.read_text(encoding="utf-8")
        text = text.replace("TODO: what lies behind the claim this note marks (60-200 words).",
                            "Our commentary on the passage, naming [[whitcombe]].")
        text = text.replace('title: "TODO: a source a reader can follow"',
                            'title: "The Canal Chronicle"\n    url: "https://example.org/chronicle"')
        note.write_text(text, encoding="utf-8")
    for page in ("docs/index.md", "docs/about.md"):
        path = edition / page
        path.write_text(re.sub(r"(?m)^TODO: .*$", "Written by the editors.", path.read_text(encoding="utf-8")),
                        encoding="utf-8")


@pytest.fixture(scope="session")
def engine_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout's engine as a wheel, built once for the run."""
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out),
                        str(ROOT)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    (wheel,) = out.glob("glossa-*.whl")
    return wheel


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, engine_wheel: Path) -> Path:
    work = tmp_path_factory.mktemp("new")
    r = glossa("init", "canal", "--title", "The Canal Chronicle: an annotated edition", "--author", "Jane Roe",
               "--book-title", "The Canal Chronicle", "--publisher", "Northern Press", "--year", "1999",
               "--editors", "Ann Editor", "--repo-url", "https://github.com/example/canal",
               "--engine", f"glossa[test] @ {engine_wheel.as_uri()}",
               "--source", str(RAW), "--footer", FOOTER, cwd=work)
    assert r.returncode == 0, r.stdout + r.stderr
    return work / "canal"


def test_init_writes_a_complete_edition_with_its_chapters_in_the_nav(edition: Path) -> None:
    for rel in ("mkdocs.yml", "docs/index.md", "docs/about.md", "README.md", "glossa", "requirements.txt",
                ".github/workflows/pr.yml", ".github/workflows/deploy.yml", ".gitignore",
                "annotations/coverage-exclusions.yml", "hooks/schemas/person.schema.json", "LICENSE-ANNOTATIONS",
                "docs/chapter-3.md", "docs/chapter-4.md"):
        assert (edition / rel).is_file(), rel
    config = (edition / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - glossa:" in config and "  - chapter-3.md\n  - chapter-4.md\n" in config
    readme = (edition / "README.md").read_text(encoding="utf-8")
    assert "python3 glossa serve" in readme and "python3 glossa test" in readme
    assert "glossa[test] @ " in (edition / "requirements.txt").read_text(encoding="utf-8")
    assert "Jane Roe" in (edition / "docs" / "about.md").read_text(encoding="utf-8")


def test_check_lists_every_missing_expansion_and_the_command_that_makes_them(edition: Path) -> None:
    r = glossa("check", cwd=edition)
    missing = re.findall(r"^docs/chapter-\d\.md:\d+:\d+: Note marker \d in chapter \d has no expansion\. Fix: Run 'glossa new notes'",
                         r.stdout, re.M)
    assert r.returncode == 1 and len(missing) == 5, r.stdout
    assert "docs/index.md:" in r.stdout and "template placeholder" in r.stdout


def test_scaffolds_know_the_text(edition: Path) -> None:
    r = glossa("new", "person", "Thomas Whitcombe", cwd=edition)
    assert r.returncode == 0 and "'Whitcombe' alone is not proposed: the text also names Eleanor Whitcombe" in r.stdout
    assert (edition / "annotations" / "people" / "thomas-whitcombe.yml").read_text().count("Whitcombe") >= 2
    r = glossa("new", "term", "navvy", cwd=edition)
    text = (edition / "annotations" / "glossary" / "navvy.yml").read_text(encoding="utf-8")
    assert '{text: "navvies", common: true}' in text and "navvy\"" not in text.split("match:")[1]  # "navvy" never occurs
    assert "born:" not in (edition / "annotations" / "people" / "thomas-whitcombe.yml").read_text()  # optional: left out
    r = glossa("new", "notes", cwd=edition)
    assert r.returncode == 0 and r.stdout.count("created annotations/notes/") == 5
    (edition / "annotations" / "people" / "thomas-whitcombe.yml").unlink()
    (edition / "annotations" / "glossary" / "navvy.yml").unlink()


@pytest.mark.slow
def test_with_annotations_written_its_launcher_installs_everything_and_passes_the_edition_tests(
        edition: Path, engine_wheel: Path) -> None:
    """The new edition's own quick start, on this machine: `python3 glossa test` makes .venv, installs the
    engine it pins, and passes the check, the strict build and the engine's edition tests (browser too)."""
    _write_annotations(edition)
    r = glossa("check", cwd=edition)
    assert r.returncode == 0 and "0 error(s), 0 warning(s)" in r.stdout, r.stdout
    assert engine_wheel.as_uri() in (edition / "requirements.txt").read_text(encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "GLOSSA_CONFIG", "PYTHONPATH")}
    # The machine's Python, not our venv's (CPython's private name for it; typeshed does not list it).
    python = os.environ.get("GLOSSA_BASE_PYTHON") or sys._base_executable  # type: ignore[attr-defined]
    r = subprocess.run([python, "glossa", "test", "-q", "-x"], capture_output=True, text=True, cwd=edition, env=env,
                       timeout=1800)
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-3000:]
    assert (edition / ".venv").is_dir() and " passed" in r.stdout and " failed" not in r.stdout
    assert "slowest 15 durations" in r.stdout  # the edition's test command lists its slowest tests too
