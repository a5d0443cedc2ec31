"""JSON Schema files for editors, derived from the model (never written by hand).

Annotation files start with ``# yaml-language-server: $schema=...`` pointing at
these, so editors with YAML support autocomplete fields and underline mistakes.
A test keeps the committed files in sync with :mod:`glossa.model`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .kinds import KINDS

#: The engine's own copy (package data); editions keep theirs in ``hooks/schemas/``.
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
#: Where an edition keeps the schemas its annotation files' ``$schema`` lines point at.
EDITION_SCHEMA_DIR = "hooks/schemas"


def _editor_friendly(node: Any) -> Any:
    """Let unquoted YAML numbers through where the model accepts them as text.

    ``year: 2004`` or ``born: 1895`` are numbers to a YAML editor but fine for
    Glossa (the loader keeps the text), so string-typed fields also allow integers.
    """
    if isinstance(node, dict):
        out = {k: _editor_friendly(v) for k, v in node.items()}
        if out.get("type") == "string" and "enum" not in out and "pattern" in out and r"\d" in out["pattern"]:
            out["type"] = ["string", "integer"]
        return out
    if isinstance(node, list):
        return [_editor_friendly(x) for x in node]
    return node


def schemas() -> dict[str, str]:
    """File name -> JSON text for every kind."""
    out = {}
    for kind, spec in KINDS.items():
        schema = _editor_friendly(spec.model.model_json_schema())
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": f"glossa-{kind}.schema.json", **schema}
        out[f"{kind}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def write_schemas(folder: Path | None = None) -> list[Path]:
    """Write the schema files; return their paths."""
    folder = folder or SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
