"""Shared test data: a small canal-building edition's annotations, written into a temporary folder and loaded."""

from __future__ import annotations

from pathlib import Path

from glossa.problems import Problem
from glossa.registry import Registry, load_registry

WHITCOMBE = ("name: Thomas Whitcombe\nmatch: [Thomas Whitcombe, Whitcombe]\nborn: '1740-03-02'\ndied: '1799'\n"
             "summary: Engineer of the summit level.\nprofile: Built the [[hargreaves-lock]]. He drowned.\n")
LOCK = "name: Hargreaves Lock\nmatch: [Hargreaves Lock]\ndefinition: Where the canal climbs. It has nine chambers.\n"
NAVVY = "name: navvy\nmatch: [{text: navvies, common: true}]\ndefinition: A labourer who dug the canal. Many were Irish.\n"
OPENING = ("name: Opening of the canal\nmatch: [Grand Opening]\ndate: 1791-05-01/1791-05-03\n"
           "summary: The canal opens to boats.\ndescription: Crowds lined the towpath.\n")

#: The four named kinds, one entry each (paths under ``annotations/``).
CANAL = {"people/whitcombe.yml": WHITCOMBE, "places/hargreaves-lock.yml": LOCK, "glossary/navvy.yml": NAVVY,
         "events/opening.yml": OPENING}


def write(root: Path, rel: str, text: str) -> Path:
    """Write ``text`` to ``root/rel``, creating folders."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(root: Path, files: dict[str, str]) -> tuple[Registry, list[Problem]]:
    """Write annotation files (paths under ``annotations/``) and load them as the build does."""
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        write(root / "annotations", rel, text)
    return load_registry(root / "annotations", root)


def registry(root: Path, files: dict[str, str] | None = None) -> Registry:
    """The registry of ``files`` (the canal entries by default), which must load without errors."""
    reg, problems = load(root, CANAL if files is None else files)
    errors = [p for p in problems if p.severity == "error"]
    assert not errors, errors
    return reg
