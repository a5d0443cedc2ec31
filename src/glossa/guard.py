"""A time budget for Markdown: paragraphs that would make Python-Markdown crawl are shown as plain text.

Python-Markdown's inline parsing is quadratic on some inputs: each unmatched ``[``
scans to the end of its paragraph, so 60,000 of them take hours, and long runs of
escapes, quotes or emphasis marks are slow too. Real prose is nowhere near these
limits (a paragraph of a book has a handful of brackets). A paragraph over budget is
passed through as escaped text instead of parsed, so no input can stall a build,
and the rules report it with its position so that it gets fixed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from markdown import Markdown
from markdown.preprocessors import Preprocessor

#: (what, tokens counted, limit on the count, or on count x paragraph length when ``scaled``)
_BUDGET: tuple[tuple[str, tuple[str, ...], int, bool], ...] = (
    ("'['", ("[",), 600_000, True),
    ("backslashes", ("\\",), 2_000, False),
    ("quotation marks", tuple("\"'‘’“”"), 5_000, False),
    ("emphasis marks", ("*", "_"), 8_000, False),
    ("'<'", ("<",), 8_000, False),
    ("note markers", ("{^",), 300, False),
    ("'&'", ("&",), 8_000, False),
)
_ATTR_ID_RE = re.compile(r"^\{:\s{0,10}#([A-Za-z][\w-]{0,80})\s{0,10}\}\s*$")


def over_budget(block: str) -> str | None:
    """Why a paragraph would take too long to parse, or ``None``."""
    for what, tokens, limit, scaled in _BUDGET:
        count = sum(block.count(t) for t in tokens)
        if count and (count * len(block) if scaled else count) > limit:
            return f"{count:,} {what} in {len(block):,} characters"
    return None


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """``(first line index, text)`` of each blank-line-separated block."""
    start, block = 0, list[str]()
    for i, line in enumerate(text.split("\n")):
        if line.strip():
            if not block:
                start = i
            block.append(line)
        elif block:
            yield start, "\n".join(block)
            block = []
    if block:
        yield start, "\n".join(block)


class DefusePreprocessor(Preprocessor):
    """Replace each over-budget paragraph by its text, escaped, before any parsing (keeping its id)."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if len(text) < 2_000:  # nothing this short can be over budget
            return lines
        out: list[str] = []
        last = 0
        source = text.split("\n")
        for start, block in paragraphs(text):
            if over_budget(block) is None:
                continue
            end = start + block.count("\n") + 1
            out += source[last:start]
            body = source[start:end]
            ident = _ATTR_ID_RE.match(body[-1].strip())
            if ident:
                body = body[:-1]
            attrs = f' id="{html.escape(ident.group(1), quote=True)}"' if ident else ""
            out += ["", self.md.htmlStash.store(f"<p{attrs}>{html.escape(' '.join(body))}</p>"), ""]
            last = end
        return out + source[last:] if out else lines


def register(md: Markdown) -> None:
    """Add the budget to a Markdown instance (before every other preprocessor)."""
    md.preprocessors.register(DefusePreprocessor(md), "glossa-guard", 100)
