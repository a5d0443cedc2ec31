"""The command line on real files: check, import, new, schema, init; typed plugin options."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from helpers import Site, basic_edition

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "fixtures" / "broken" / "mkdocs.yml"
RAW = ROOT / "tests" / "fixtures" / "raw" / "canal.txt"


def glossa(*args: str, cwd: Path | str = "/", env: dict | None = None) -> subprocess.CompletedProcess[str]:
    """``glossa`` as installed (``python -m glossa``), run from ``cwd``."""
    return subprocess.run([sys.executable, "-m", "glossa", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GLOSSA_CONFIG": "", **(env or {})})


def test_check_reports_every_kind_of_mistake_with_file_and_line() -> None:
    r = glossa("-f", str(BROKEN), "check")
    out = r.stdout
    assert r.returncode == 1 and "Traceback" not in out + r.stderr
    expected = {
        "yaml syntax": "annotations/people/lenin.yml:3:1: YAML syntax error",
        "unknown field": "Did you mean 'name'?",
        "missing field": "Missing required field 'name'",
        "duplicate id": "Duplicate id 'stalin'",
        "form claimed twice": "is also claimed by",
        "dangling reference": "Reference to unknown entry 'lennin'",
        "marker without expansion": "Note marker 2 in chapter 1 has no expansion",
        "names the command": "Run 'glossa new notes'",
        "expansion without marker": "Expansion of note 7 in chapter 1 has no marker",
        "malformed date": "month 13",
        "empty field": "'summary' is empty",
        "too long": "'summary' is too long",
        "not utf-8": "not valid UTF-8",
        "binary": "looks binary",
        "oversized": "may be at most",
        "aliases": "anchors and aliases",
        "raw html": "raw HTML",
        "bad id": "does not give a valid id",
        "common word": "is a common word; it would link",
    }
    for label, text in expected.items():
        assert text in out, label
    for line in out.splitlines()[:-1]:
        assert re.match(r"^(annotations|docs)/[^:]+:\d+:\d+: ", line), line


def test_check_writes_github_workflow_commands() -> None:
    r = glossa("-f", str(BROKEN), "check", env={"GITHUB_ACTIONS": "true"})
    assert "::error file=annotations/people/lenin.yml,line=3,col=1," in r.stdout


def test_check_finds_the_edition_from_the_current_folder(site: Site) -> None:
    basic_edition(site)
    r = glossa("check", cwd=site.root)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 error(s)" in r.stdout


def test_a_misspelt_or_ill_typed_option_fails_clearly(site: Site) -> None:
    basic_edition(site)
    site.config(plugin_extra="      relink_afer: 3\n")
    strict = site.build(strict=True)
    assert strict.returncode != 0 and "Traceback" not in strict.stderr
    assert "relink_afer" in strict.stderr and "Did you mean 'relink_after'?" in strict.stderr
    assert site.build(strict=False).returncode == 0  # only a warning without --strict
    site.config(relink_after="often")
    bad = site.build(strict=False)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "expected a whole number of paragraphs (0 or more), not 'often'" in bad.stderr
    r = glossa("-f", str(site.root / "mkdocs.yml"), "check")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "often" in r.stderr


def test_import_writes_chapters_into_the_nav_and_never_overwrites(site: Site) -> None:
    site.config(extra="nav:\n  - Home: index.md\n  - About: about.md\n")
    site.write("docs/index.md", "# Home\n")
    site.write("docs/about.md", "# About\n")
    cfg = str(site.root / "mkdocs.yml")
    r = glossa("-f", cfg, "import", str(RAW), "--footer", r"^The Canal Chronicle Page \d+$", "--dry-run")
    assert r.returncode == 0 and "Import report" in r.stdout and not (site.root / "docs" / "chapter-3.md").exists()
    r = glossa("-f", cfg, "import", str(RAW), "--footer", r"^The Canal Chronicle Page \d+$")
    assert r.returncode == 0, r.stderr
    nav = (site.root / "mkdocs.yml").read_text(encoding="utf-8").split("nav:\n", 1)[1]
    assert nav.startswith("  - Home: index.md\n  - chapter-3.md\n  - chapter-4.md\n  - About: about.md\n")
    chapter = site.root / "docs" / "chapter-4.md"
    chapter.write_text("edited by hand", encoding="utf-8")
    r = glossa("-f", cfg, "import", str(RAW))
    assert r.returncode == 1 and "not overwritten" in r.stderr
    assert chapter.read_text(encoding="utf-8") == "edited by hand"
    assert (site.root / "mkdocs.yml").read_text(encoding="utf-8").count("chapter-4.md") == 1


def test_schema_writes_the_editions_copy(site: Site) -> None:
    basic_edition(site)
    r = glossa("-f", str(site.root / "mkdocs.yml"), "schema")
    assert r.returncode == 0
    names = sorted(p.name for p in (site.root / "hooks" / "schemas").iterdir())
    assert names == ["event.schema.json", "note.schema.json", "person.schema.json", "place.schema.json", "term.schema.json"]
    (site.root / "hooks" / "schemas" / "person.schema.json").write_text("{}", encoding="utf-8")
    r = glossa("-f", str(site.root / "mkdocs.yml"), "check")
    assert "hooks/schemas:1:1: The JSON Schemas for editors are missing or out of date (person.schema.json)" in r.stdout


def test_errors_never_show_a_traceback(tmp_path: Path) -> None:
    r = glossa("-f", str(tmp_path / "nowhere.yml"), "check")
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr
    r = glossa("init", str(ROOT), "--title", "x")
    assert r.returncode == 2 and "not empty" in r.stderr
