"""The check and scaffold commands on real files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from glossa.scaffold import new_entry, slugify

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "fixtures" / "broken" / "mkdocs.yml"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, str(ROOT / "glossa"), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_check_reports_every_kind_of_mistake_with_file_and_line() -> None:
    r = run("-f", str(BROKEN), "check")
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
        "common word": "is a common word",
    }
    for label, text in expected.items():
        assert text in out, label
    for line in out.splitlines()[:-1]:
        assert line.startswith(("annotations/", "docs/")) and line.split(":")[1].isdigit(), line


def test_check_writes_github_workflow_commands() -> None:
    r = run("-f", str(BROKEN), "check", env={"GITHUB_ACTIONS": "true"})
    assert "::error file=annotations/people/lenin.yml,line=3,col=1," in r.stdout


def test_check_passes_on_the_edition() -> None:
    r = run("check")
    assert r.returncode == 0, r.stdout


def test_new_person_picks_a_free_id_and_never_overwrites(tmp_path: Path) -> None:
    ann = tmp_path / "annotations"
    p1 = new_entry(ann, "person", "Martemyan Ryutin")
    assert p1.name == "ryutin.yml"
    p2 = new_entry(ann, "person", "Martemyan Ryutin")
    assert p2.name == "martemyan-ryutin.yml"
    p3 = new_entry(ann, "person", "Martemyan Ryutin")
    assert p3.name == "martemyan-ryutin-2.yml"
    assert p1.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    with pytest.raises(ValueError):
        new_entry(ann, "note", "5", chapter="28") and new_entry(ann, "note", "5", chapter="28")


def test_slugify() -> None:
    assert slugify("Budënny") == "budenny" and slugify("People’s Commissar") == "peoples-commissar"


def test_import_dry_run_writes_nothing_and_never_overwrites(tmp_path: Path) -> None:
    seed = ROOT.parent / "shared" / "seed" / "000_bb6356c0883e2313.txt"
    source = tmp_path / "raw.txt"
    source.write_text(seed.read_text(encoding="utf-8") if seed.exists() else
                      "Text of the excerpt.24\n29. RULING THE NATIONS\nThe party.1\n", encoding="utf-8")
    out = tmp_path / "docs"
    r = run("import", str(source), "--out", str(out), "--dry-run")
    assert r.returncode == 0 and "Import report" in r.stdout and not out.exists()
    r = run("import", str(source), "--out", str(out))
    assert r.returncode == 0 and (out / "chapter-28.md").exists() and (out / "chapter-29.md").exists()
    (out / "chapter-29.md").write_text("edited by hand", encoding="utf-8")
    r = run("import", str(source), "--out", str(out))
    assert r.returncode == 1 and "not overwritten" in r.stderr
    assert (out / "chapter-29.md").read_text(encoding="utf-8") == "edited by hand"
    r = run("import", str(source), "--out", str(out), "--force")
    assert r.returncode == 0 and "{: #c29-p1 }" in (out / "chapter-29.md").read_text(encoding="utf-8")
