"""``glossa new``: scaffold an entry file from a name, with a free id, never overwriting."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .model import FOLDERS
from .registry import RESERVED_IDS


def slugify(text: str) -> str:
    """``Budënny`` -> ``budenny``; ``People's Commissar`` -> ``peoples-commissar``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def free_id(annotations: Path, name: str, kind: str) -> str:
    """A slug no entry uses yet: the surname for people, then the full name, then a number."""
    taken = {p.stem for folder in ("people", "glossary") for p in (annotations / folder).glob("*.y*ml")}
    full = slugify(name) or "entry"
    candidates = ([slugify(name.split()[-1])] if kind == "person" and name.split() else []) + [full]
    for c in candidates:
        if c and c not in taken and c not in RESERVED_IDS:
            return c
    n = 2
    while f"{full}-{n}" in taken:
        n += 1
    return f"{full}-{n}"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_entry(annotations: Path, kind: str, name: str, *, chapter: str | None = None) -> Path:
    """Create the file; raise ``ValueError`` with a readable message if it cannot."""
    name = name.strip()
    if not name:
        raise ValueError("give the entry's name, e.g. new person \"Martemyan Ryutin\"")
    if kind == "note":
        if not chapter or not name.isdigit():
            raise ValueError("a note needs its chapter and number, e.g. new note 43 --chapter 28")
        path = annotations / "notes" / f"{chapter}-{name}.yml"
        body = (f"# yaml-language-server: $schema=../../hooks/schemas/note.schema.json\nchapter: {_q(chapter)}\n"
                f"number: {int(name)}\ntext: |\n  TODO: what lies behind the claim this note marks (60-200 words).\n"
                "sources:\n  - author: TODO\n    title: TODO\n    year: \"2000\"\n")
    else:
        ident = free_id(annotations, name, kind)
        folder = FOLDERS["person" if kind == "person" else "term"]
        path = annotations / folder / f"{ident}.yml"
        if kind == "person":
            body = (f"# yaml-language-server: $schema=../../hooks/schemas/person.schema.json\nname: {_q(name)}\n"
                    f"match:\n  - {_q(name.split()[-1])}\nother_names: []\nborn: \"TODO\"\ndied: \"TODO\"\n"
                    "summary: TODO one line for previews\nprofile: |\n  TODO: 100-300 words.\n"
                    "sources:\n  - title: TODO\n    url: https://en.wikipedia.org/wiki/TODO\n")
        else:
            category = "place" if kind == "place" else "concept"
            body = (f"# yaml-language-server: $schema=../../hooks/schemas/term.schema.json\nname: {_q(name)}\n"
                    f"category: {category}\nmatch:\n  - {_q(name)}\ndefinition: |\n  TODO: 40-150 words.\n"
                    "sources:\n  - title: TODO\n    url: https://en.wikipedia.org/wiki/TODO\n")
    if path.exists():
        raise ValueError(f"{path} already exists; not overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:  # "x": fail rather than overwrite, even in a race
        fh.write(body)
    return path
