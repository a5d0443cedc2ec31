"""Safe YAML loading that remembers where every value came from.

Why not ``yaml.safe_load``? Three reasons:

* it turns ``1936-09-26`` into a ``date`` and ``1895`` into an ``int``; dates in
  annotations are strings at the precision the editor knows, so every scalar is
  kept as the text the contributor wrote (only ``null`` becomes ``None``);
* it forgets positions, and every problem must point at ``file:line:column``;
* it accepts anchors and aliases, which allow "billion laughs" expansion bombs,
  and silently keeps the last of two duplicate keys, losing data.

So the text is parsed to a node tree with PyYAML's ``SafeLoader`` and converted
here by hand.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

#: Annotation files are small; anything bigger is a mistake or an attack.
MAX_BYTES = 64 * 1024
#: No annotation needs more than a few levels (entry > sources > source > field);
#: deeper input is refused before it is built, so no file can exhaust the stack.
MAX_DEPTH = 12

Path_ = tuple[Any, ...]

#: libyaml's parser when PyYAML was built with it (same node tree and marks, much faster).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclasses.dataclass
class Loaded:
    """A parsed YAML document plus the 1-based (line, column) of each value and key."""

    data: Any
    values: dict[Path_, tuple[int, int]]
    keys: dict[Path_, tuple[int, int]]
    #: Scalars written as literal blocks (``|``): only their lines are the text's own lines.
    literal: set[Path_] = dataclasses.field(default_factory=set)

    def compact(self, keep: tuple[Path_, ...] = ((),)) -> Loaded:
        """A small copy with only the positions in ``keep`` (what later messages cite).

        A book has thousands of files; the full position maps and raw data are only
        needed while loading and checking, so a build drops them afterwards.
        """
        return Loaded(None, {k: self.values[k] for k in keep if k in self.values}, {})

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Best known position for ``path``: the exact node, else its nearest parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def load_text(text: str, filename: str) -> tuple[Loaded | None, list[Problem]]:
    """Parse YAML ``text``; return the document (or ``None``) and the problems found."""
    problems: list[Problem] = []
    try:
        # First pass over events: refuse anchors, aliases and deep nesting before anything
        # is built. Neither can exist without '&', '*', brackets or deep indentation in
        # the text, so most files skip this pass.
        events = yaml.parse(text, Loader=_Loader) if _needs_scan(text) else ()
        depth = 0
        for event in events:
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line, col = _pos(event.start_mark)
                    return None, [Problem(filename, line, col, f"The YAML is nested more than {MAX_DEPTH} levels deep.",
                                          "Annotation fields are at most a few levels deep; remove the extra "
                                          "brackets or indentation.", code="yaml-depth")]
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or anchor:
                line, col = _pos(event.start_mark)
                problems.append(
                    Problem(
                        filename, line, col,
                        f"YAML anchors and aliases ('&{anchor}' / '*{anchor}') are not allowed.",
                        "Write the value out in full; annotation files refuse anchors so that "
                        "no file can expand into a huge document.",
                        code="yaml-alias",
                    )
                )
        if problems:
            return None, problems
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        # An unclosed quote or bracket is noticed far below where it starts (often at the
        # end of the file); point at its start, which is where the fix goes.
        if exc.context_mark and exc.problem_mark and exc.context_mark.line < exc.problem_mark.line and (
            "quoted scalar" in (exc.context or "") or "end of stream" in (exc.problem or "")
        ):
            where = _pos(exc.problem_mark)
            mark = exc.context_mark
            what = (f"{exc.context} that starts here is never closed (the parser gave up at line {where[0]}, "
                    f"column {where[1]}: {exc.problem})")
        line, col = _pos(mark) if mark else (1, 1)
        return None, [
            Problem(
                filename, line, col, f"YAML syntax error: {what}.",
                "Check indentation and quoting on this line; text containing ': ' or "
                "starting with a quote, '[' or '{' must be quoted or written as a block (|).",
                code="yaml-syntax",
            )
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without marks
        return None, [Problem(filename, 1, 1, f"YAML error: {exc}.", "Fix the YAML syntax.", code="yaml-syntax")]
    documents = [d for d in documents if d is not None]
    if not documents:
        return None, [Problem(filename, 1, 1, "The file is empty.", "Add the entry's fields, or delete the file.", code="empty-file")]
    if len(documents) > 1:
        line, _ = _pos(documents[1].start_mark)
        return None, [
            Problem(filename, line, 1, "The file holds more than one YAML document ('---').",
                    "Keep one entry per file; move the second entry to a file of its own.", code="yaml-multidoc")
        ]
    values: dict[Path_, tuple[int, int]] = {}
    keys: dict[Path_, tuple[int, int]] = {}
    data = _convert(documents[0], (), values, keys, filename, problems)
    literal = {path[1:] for path in values if path[:1] == ("__literal__",)}
    for path in [p for p in values if p[:1] == ("__literal__",)]:
        del values[path]
    return Loaded(data, values, keys, literal), problems


def _needs_scan(text: str) -> bool:
    """Whether the text could hold anchors, aliases or deep nesting (a cheap test on the raw text)."""
    if "&" in text or "*" in text:
        return True
    if text.count("[") + text.count("{") > MAX_DEPTH:
        return True
    return any(len(line) - len(line.lstrip(" -")) > 2 * MAX_DEPTH for line in text.splitlines())


def _convert(node: yaml.Node, path: Path_, values: dict, keys: dict, filename: str, problems: list[Problem]) -> Any:
    values[path] = _pos(node.start_mark)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        # A block scalar's text starts on the line after its '|' or '>' indicator.
        values[path] = (node.start_mark.line + 2, node.start_mark.column + 1)
        if node.style == "|":
            values.setdefault(("__literal__", *path), (0, 0))
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return None
        # Keep the contributor's text: no dates, ints or floats behind their back.
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*path, i), values, keys, filename, problems) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _pos(key_node.start_mark)
                problems.append(Problem(filename, line, col, "A mapping key must be plain text.",
                                        "Use a simple name such as 'name:' as the key.", code="yaml-key"))
                continue
            key = key_node.value
            if key in out:
                line, col = _pos(key_node.start_mark)
                first = keys[(*path, key)]
                problems.append(Problem(filename, line, col, f"Duplicate key '{key}' (first given on line {first[0]}).",
                                        "Keep one of them; YAML would silently drop the first.", code="yaml-duplicate-key"))
                continue
            keys[(*path, key)] = _pos(key_node.start_mark)
            out[key] = _convert(value_node, (*path, key), values, keys, filename, problems)
        return out
    return None  # pragma: no cover - PyYAML has no other node kinds


def read_text(path: Path, display: str, *, limit: int = MAX_BYTES,
              what: str = "annotation files") -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, refusing oversized, binary and non-UTF-8 files clearly."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 0, 0, f"Cannot read the file: {exc.strerror}.", "Check that it exists and is readable.", code="io")]
    if len(raw) > limit:
        return None, [Problem(display, 1, 1, f"The file is {len(raw):,} bytes; {what} may be at most {limit:,}.",
                              "Shorten the text or split the file.", code="too-large")]
    if b"\x00" in raw:
        return None, [Problem(display, 1, 1, "The file looks binary (it contains NUL bytes).",
                              f"{what.capitalize()} must be plain UTF-8 text; remove the file or save it as text.", code="binary")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(display, line, col, f"The file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}).",
                              "Save the file with UTF-8 encoding in your editor.", code="encoding")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


def load_file(path: Path, display: str) -> tuple[Loaded | None, list[Problem], str]:
    """Read and parse one annotation file; also return its text ("" if unreadable), for digests."""
    text, problems = read_text(path, display)
    if text is None:
        return None, problems, ""
    loaded, problems = load_text(text, display)
    return loaded, problems, text


def top_level(text: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Key -> (key node, value node) of a file's top-level mapping, with their positions."""
    root = yaml.compose(text, Loader=_Loader)
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}


def replace_value(text: str, key: str, rendered: str) -> str:
    """``text`` with the value of top-level ``key`` replaced by ``rendered`` (appended if absent)."""
    nodes = top_level(text)
    if key not in nodes:
        return text + ("" if text.endswith("\n") else "\n") + f"{key}: {rendered}"
    _, value = nodes[key]
    start, end = value.start_mark.index, value.end_mark.index
    span = text[start:end]
    # A block value's span runs to the next key, line break included; a plain one stops before
    # its line break (and any comment after it, which stays).
    if not span.endswith("\n"):
        rendered = rendered.rstrip("\n")
    return text[:start] + rendered + text[end:]
