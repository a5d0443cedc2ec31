"""What in a contributor's text the build would escape or strip: raw HTML, script URLs, handlers.

The build is safe whatever the text holds: raw HTML is shown as text, and every
page passes through one allow-list sanitiser. But a payload that is silently
neutralised is still a mistake or an attack someone should see, so the check
reports each one with its position. These scanners work on raw text, decode
entities and drop the control characters browsers ignore inside URLs, and use
only bounded patterns, so no input can make them slow.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

#: A tag, even unclosed: '<' then a letter, '/', '!' or '?'.
_TAG_RE = re.compile(r"<[A-Za-z!?/]")
#: An escaped tag that a renderer or a careless script might decode: '&lt;script', '&#60;img', '%3Cimg'.
_ENCODED_TAG_RE = re.compile(r"(?:&(?:lt|#0{0,8}60|#x0{0,8}3c);?|%3c)\s{0,3}[A-Za-z!/?]", re.I)
#: Script-bearing schemes and attributes, searched in the decoded, squeezed text.
_SCRIPTY_RE = re.compile(
    r"(?:java|vb|live|j|ecma)script:|data:(?:text/html|image/svg|application/(?:x-)?javascript)|"
    r"\bon[a-z]{3,20}=|\bsrcdoc=|expression\(|@import|-moz-binding|\bformaction=",
    re.I,
)
#: Markdown link or image destinations and autolinks, with their URL.
_LINK_RE = re.compile(r"(!?)\[[^\[\]\n]{0,300}\]\(\s{0,5}<?([^)\s>]{0,600})|<([A-Za-z][A-Za-z0-9+.-]{1,20}:[^>\s]{0,600})>")
_REF_DEF_RE = re.compile(r"^[ ]{0,3}\[[^\[\]\n]{1,300}\]:\s{0,5}<?(\S{1,600})", re.M)
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
#: Characters browsers drop or fold inside a URL scheme ("jav&#x09;ascript:").
_SQUEEZE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
#: An attribute list (``{: #id .class }``) that sets anything but ids, classes and a language.
_ATTR_LIST_RE = re.compile(r"\{(?!\^)([^}\n]{0,500})\}")
_SAFE_ATTR_RE = re.compile(r"^(?:#[A-Za-z][\w-]{0,80}|\.[A-Za-z][\w-]{0,80}|lang=[\"']?[A-Za-z-]{2,20}[\"']?)$")


def _squeezed(text: str) -> str:
    # NFKC folds look-alikes such as fullwidth '＜' into '<'.
    return _SQUEEZE_RE.sub("", unicodedata.normalize("NFKC", html.unescape(html.unescape(text)))).lower()


def url_is_safe(url: str) -> bool:
    """Relative URLs, fragments and http(s)/mailto links are safe; any other scheme is not."""
    u = _squeezed(url)
    if u.startswith(("#", "/", "./", "../", "?")):
        return True
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", u)
    return scheme is None or u.startswith(_SAFE_SCHEMES)


def scan(text: str, *, attr_lists: bool = False) -> Iterator[tuple[int, str]]:
    """``(offset, what)`` for every hazard in ``text``; ``attr_lists`` for chapter Markdown."""
    for m in _TAG_RE.finditer(text):
        yield m.start(), "raw HTML (it is shown as text, not as markup)"
    folded = unicodedata.normalize("NFKC", text)
    if folded != text and _TAG_RE.search(folded) and not _TAG_RE.search(text):
        yield 0, "look-alike characters that spell out raw HTML"
    for m in _ENCODED_TAG_RE.finditer(text):
        yield m.start(), "an escaped HTML tag"
    for m in _LINK_RE.finditer(text):
        url = m.group(2) if m.group(2) is not None else m.group(3)
        if m.group(1):
            yield m.start(), "an image (images are not shown)"
        elif url and not url_is_safe(url):
            yield m.start(), "a link whose address is not http(s) or mailto (it is removed)"
    for m in _REF_DEF_RE.finditer(text):
        if not url_is_safe(m.group(1)):
            yield m.start(), "a link whose address is not http(s) or mailto (it is removed)"
    squeezed = _squeezed(text)
    if _SCRIPTY_RE.search(squeezed):
        hit = _SCRIPTY_RE.search(squeezed)
        assert hit is not None
        yield _locate(text, hit.group()), f"script-like content ({hit.group().rstrip('=(:')!r}) that is removed"
    if attr_lists:
        for m in _ATTR_LIST_RE.finditer(text):
            for token in m.group(1).lstrip(":").split():
                if not _SAFE_ATTR_RE.match(token):
                    yield m.start(), f"an attribute list setting {token.split('=')[0]!r} (only ids, classes and lang are kept)"
                    break


def _locate(text: str, found: str) -> int:
    """Best offset in the raw text for a hit found in the squeezed text."""
    probe = re.sub(r"[^a-z]", "", found)[:4]
    at = text.lower().find(probe) if probe else -1
    return max(at, 0)


def position(text: str, offset: int, line0: int, col0: int) -> tuple[int, int]:
    """Line and column of ``text[offset]`` when ``text`` starts at ``line0``:``col0``."""
    before = text[:offset]
    if "\n" not in before:
        return line0, col0 + offset
    return line0 + before.count("\n"), offset - before.rfind("\n")
