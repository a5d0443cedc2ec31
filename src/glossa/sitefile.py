"""What the checks need from ``mkdocs.yml``, with line numbers: the nav and the site's own texts.

Read with PyYAML's node tree (tags such as ``!ENV`` are kept as nodes, not run),
so problems can point at ``mkdocs.yml:42:5``. The build and ``check`` both call
:func:`read_site`, so they report the nav the same way.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

#: The site-wide texts a new edition's template leaves placeholders in.
SITE_FIELDS = ("site_name", "site_description", "copyright")


@dataclasses.dataclass(frozen=True)
class NavRef:
    """A page the nav points at, and where in the config file it does."""

    path: str
    line: int
    column: int


@dataclasses.dataclass
class SiteFile:
    """The parts of the config file that the rules read."""

    file: str  #: display path, e.g. "mkdocs.yml"
    nav: list[NavRef] | None  #: None when the config has no nav (then every page is listed)
    nav_line: int
    fields: dict[str, tuple[str, int, int]]


def _node_value(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if isinstance(node, yaml.SequenceNode) and node.value and isinstance(node.value[-1], yaml.ScalarNode):
        return str(node.value[-1].value)  # !ENV [NAME, default]: the default
    return None


def _nav_refs(node: yaml.Node, out: list[NavRef]) -> None:
    if isinstance(node, yaml.ScalarNode):
        value = str(node.value)
        if "://" not in value and value.endswith(".md"):
            out.append(NavRef(value.lstrip("/"), node.start_mark.line + 1, node.start_mark.column + 1))
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _nav_refs(child, out)
    elif isinstance(node, yaml.MappingNode):
        for _, child in node.value:
            _nav_refs(child, out)


def read_site(config_file: Path, display: str = "mkdocs.yml") -> SiteFile:
    """Nav references and site texts of a config file (empty when it cannot be read)."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return SiteFile(display, None, 1, {})
    return parse_site(text, display)


def parse_site(text: str, display: str = "mkdocs.yml") -> SiteFile:
    """Nav references and site texts of a config file's text."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return SiteFile(display, None, 1, {})
    if not isinstance(root, yaml.MappingNode):
        return SiteFile(display, None, 1, {})
    nav: list[NavRef] | None = None
    nav_line = 1
    fields: dict[str, tuple[str, int, int]] = {}
    for key, value in root.value:
        name = getattr(key, "value", None)
        if name == "nav":
            nav = []
            nav_line = key.start_mark.line + 1
            _nav_refs(value, nav)
        elif name in SITE_FIELDS:
            shown = _node_value(value)
            if shown is not None:
                fields[str(name)] = (shown, value.start_mark.line + 1, value.start_mark.column + 1)
    return SiteFile(display, nav, nav_line, fields)
