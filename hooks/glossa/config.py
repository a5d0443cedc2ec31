"""Reading the edition's settings from ``mkdocs.yml`` without MkDocs.

The command-line tools (import, check, coverage, new) need a few settings from
``mkdocs.yml``. They read it with a YAML loader that tolerates MkDocs' custom
tags (``!ENV``, ``!relative``) instead of importing MkDocs' config machinery.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads ``!ENV [NAME, default]`` as the default and other tags as plain values."""


def _tagged(loader: _TolerantLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if suffix == "ENV" and values else values
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return loader.construct_scalar(node)


_TolerantLoader.add_multi_constructor("!", _tagged)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


def read_config(path: Path) -> dict[str, Any]:
    """The parsed ``mkdocs.yml`` (an empty dict if it is missing or unreadable)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def glossa_options(config: dict[str, Any]) -> dict[str, Any]:
    """``extra.glossa`` of a parsed config."""
    extra = config.get("extra") or {}
    opts = extra.get("glossa") if isinstance(extra, dict) else None
    return opts if isinstance(opts, dict) else {}
