"""One matcher for every name and term, built once per build.

Design: text is split into tokens (words, apostrophes, dashes) by one regular
expression, and the tokens are walked through a trie of all forms keyed by folded
tokens. The cost per token is a dict lookup or two whatever the number of names,
unlike one regex per term or a giant ``\\b(a|b|...)\\b`` alternation, whose
cost grows with the glossary.

Folding makes curly and straight apostrophes, all dashes and both Unicode
compositions of "Budënny" compare alike, while offsets always refer to the
original text so the caller can split text nodes exactly.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

# A word: a letter or digit followed by letters, digits and combining marks
# (so a decomposed "e + U+0308" stays inside the word). Apostrophes and dashes are
# tokens of their own, so "People's" and "Leeds-Liverpool" can be forms.
_TOKEN_RE = re.compile(r"[^\W_][\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]*|['\u2018\u2019\u02bc]|[-\u2010-\u2015]")
_APOSTROPHES = "'\u2018\u2019\u02bc"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015"
#: A hyphen glues two words into one ("anti-Soviet"); en and em dashes do not.
_GLUE_HYPHENS = "-\u2010\u2011"
_SENTENCE_END = ".!?:;\u2018\u201c\"(\u2014\u2013"
_FOLD_TABLE = {ord(c): "'" for c in _APOSTROPHES} | {ord(c): "-" for c in _DASHES}

#: Words that are never linked unless a form sets ``common: true``.
COMMON_WORDS = frozenset(
    """a an the and or of in on at to for by with from as is was be it this that party parties state
    states plan plans people police war power court trial centre center camp card cards line leader
    leaders group groups order government country city cities town towns nation nations
    """.split()
)


def fold(text: str) -> str:
    """Fold for comparison: NFC, apostrophes and dashes unified (case kept)."""
    return unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


class _Token(NamedTuple):
    # A named tuple, not a dataclass: a book has millions of tokens, and tuples are
    # several times cheaper to create.
    start: int
    end: int
    text: str  # folded, case kept
    key: str  # text.casefold()
    gap: str  # "" (glued to the previous token) or " " (whitespace); anything else breaks a form


def tokenize(text: str) -> list[_Token]:
    """Split ``text`` into tokens with their original offsets."""
    tokens: list[_Token] = []
    prev_end = 0
    ascii_only = text.isascii()
    for m in _TOKEN_RE.finditer(text):
        start = m.start()
        if start == prev_end:
            gap = ""
        elif text[prev_end:start].isspace():
            gap = " "
        else:
            gap = "x"
        word = m.group()
        # ASCII text is already folded (its apostrophe and hyphen are the folded forms).
        folded = word if ascii_only else fold(word)
        tokens.append(_Token(start, m.end(), folded, folded.casefold(), gap))
        prev_end = m.end()
    return tokens


@dataclasses.dataclass(frozen=True)
class FormSpec:
    """A form as the matcher needs it; the registry builds these from the model."""

    entry: str
    text: str
    case: str = "auto"  # "auto" or "exact"
    sic: bool = False


@dataclasses.dataclass(frozen=True)
class _Compiled:
    spec: FormSpec
    words: tuple[str, ...]  # folded tokens, case kept
    keys: tuple[str, ...]  # casefolded tokens
    gaps: tuple[str, ...]
    lowercase: bool

    def edges(self) -> tuple[str, ...]:
        """The trie edges from the root to this form: the first key, then gap + key."""
        return (self.keys[0], *(g + k for g, k in zip(self.gaps[1:], self.keys[1:], strict=True)))


@dataclasses.dataclass(frozen=True, slots=True)
class Match:
    """A mention: ``text[start:end]`` names ``entry`` (a possessive "'s" is inside)."""

    start: int
    end: int
    entry: str
    form: str
    sic: bool = False


def word_keys(text: str) -> frozenset[str]:
    """Every token key in ``text`` (the ``key`` of each of :func:`tokenize`'s tokens), as a set.

    Distinct words are folded once each: on a chapter this is many times faster than
    tokenising, for a caller that only asks whether a word occurs.
    """
    return frozenset(fold(word).casefold() for word in set(_TOKEN_RE.findall(text)))


def form_key(text: str) -> tuple[str, ...]:
    """The identity of a form: two forms with the same key claim the same words."""
    return tuple(t.text.casefold() for t in tokenize(text))


class _Node:
    """A trie node: edges keyed by (gap + casefolded token), forms that end here."""

    __slots__ = ("children", "forms")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.forms: list[_Compiled] = []

    @staticmethod
    def copy(node: _Node) -> _Node:
        """A node with the same edges and forms, to change without changing ``node``."""
        out = _Node()
        out.children, out.forms = dict(node.children), list(node.forms)
        return out


def _compile(spec: FormSpec) -> _Compiled | None:
    """A form as the trie holds it (None for one that starts with no word)."""
    toks = tokenize(spec.text)
    if not toks or not _is_word(toks[0].text[0]):
        return None
    words = tuple(t.text for t in toks)
    return _Compiled(spec, words, tuple(w.casefold() for w in words), ("", *tuple(t.gap for t in toks[1:])),
                     lowercase=spec.text[:1].islower())


class Matcher:
    """Finds every form of every entry in a text, whole words only, longest first.

    Forms live in a trie keyed by folded tokens, so finding the forms at a position
    costs one dict lookup per token of the longest form there, however many names
    share a first word ("Ivan ...", "Nikolai ...") and however many names there are.
    """

    def __init__(self, forms: Iterable[FormSpec]) -> None:
        self._root = _Node()
        self._count = 0
        for spec in forms:
            compiled = _compile(spec)
            if compiled is None:
                continue
            node = self._root
            for edge in compiled.edges():
                node = node.children.setdefault(edge, _Node())
            node.forms.append(compiled)
            self._count += 1

    def __len__(self) -> int:
        return self._count

    def updated(self, old: tuple[FormSpec, ...], new: tuple[FormSpec, ...]) -> Matcher:
        """The matcher of ``new``, made from this one (the matcher of ``old``) by changing only what differs.

        A save that adds or removes a form or two would otherwise build the whole trie
        again (a second for a large book). The trie is copied along the changed forms'
        paths only, so this matcher stays as it was (a Matcher never changes once built),
        and each touched bucket keeps the order a fresh build gives: the order of ``new``.
        A test compares the result with ``Matcher(new)``.
        """
        old_set, new_set = set(old), set(new)
        gone, added = old_set - new_set, new_set - old_set
        if len(old_set) != len(old) or len(new_set) != len(new) or len(gone) + len(added) > max(64, len(new) // 20):
            return Matcher(new)  # many changes (or a form twice): building afresh is as quick
        if [x for x in old if x in new_set] != [x for x in new if x in old_set]:
            return Matcher(new)  # the forms kept are in another order, and buckets follow that order
        out = Matcher(())
        out._root, out._count = _Node.copy(self._root), self._count
        order = {spec: i for i, spec in enumerate(new)}
        copied: set[int] = {id(out._root)}
        for spec in [*gone, *added]:  # removals first: a bucket is sorted by ``new`` when a form is added
            compiled = _compile(spec)
            if compiled is None:
                continue
            edges = compiled.edges()
            path = [out._root]
            for edge in edges:
                parent = path[-1]
                child = parent.children.get(edge)
                if child is None:
                    child = parent.children[edge] = _Node()
                elif id(child) not in copied:
                    child = parent.children[edge] = _Node.copy(child)
                copied.add(id(child))
                path.append(child)
            end = path[-1]
            if spec in gone:
                end.forms = [c for c in end.forms if c.spec != spec]
                out._count -= 1
            else:
                end.forms = sorted([*end.forms, compiled], key=lambda c: order[c.spec])
                out._count += 1
            # A path left with neither forms nor children goes, as in a fresh build.
            for k in range(len(path) - 1, 0, -1):
                if path[k].forms or path[k].children:
                    break
                del path[k - 1].children[edges[k - 1]]
        return out

    def find(self, text: str, *, block_start: bool = True) -> list[Match]:
        """All matches in ``text``, left to right, non-overlapping.

        ``block_start`` says whether ``text`` begins a block (so its first word
        starts a sentence, which lets a lowercase form match capitalised).
        """
        tokens = tokenize(text)
        out: list[Match] = []
        i, n = 0, len(tokens)
        root = self._root.children
        while i < n:
            node = root.get(tokens[i].key)
            if node is None:
                i += 1
                continue
            # Walk the trie as far as the text allows, remembering forms that end on the way.
            ends: list[list[_Compiled]] = []
            j = i
            while True:
                if node.forms:
                    ends.append(node.forms)
                j += 1
                if j >= n or tokens[j].gap == "x":
                    break
                nxt = node.children.get(tokens[j].gap + tokens[j].key)
                if nxt is None:
                    break
                node = nxt
            hit = None
            for bucket in reversed(ends):  # longest first
                for cand in bucket:
                    hit = self._try(cand, tokens, i, text, block_start)
                    if hit is not None:
                        break
                if hit is not None:
                    break
            if hit is None:
                i += 1
                continue
            out.append(hit[0])
            i = hit[1]
        return out

    @staticmethod
    def _try(cand: _Compiled, tokens: list[_Token], i: int, text: str, block_start: bool) -> tuple[Match, int] | None:
        size = len(cand.words)
        for k in range(size):
            tok = tokens[i + k]
            if tok.text == cand.words[k]:
                continue
            # A lowercase form may start a sentence with a capital letter.
            if (
                k == 0
                and cand.lowercase
                and cand.spec.case == "auto"
                and tok.text == cand.words[0][:1].upper() + cand.words[0][1:]
                and _sentence_start(text, tok.start, block_start)
            ):
                continue
            return None
        start, end = tokens[i].start, tokens[i + size - 1].end
        # Whole words only: a hyphen or apostrophe glued to a word joins them
        # ("anti-Soviet", "O'Brien"), so neither side may continue the word.
        if start >= 2 and text[start - 1] in _GLUE_HYPHENS + _APOSTROPHES and _is_word(text[start - 2]):
            return None
        after = end
        if end < len(text) and text[end] in _GLUE_HYPHENS and end + 1 < len(text) and _is_word(text[end + 1]):
            return None
        if end < len(text) and text[end] in _APOSTROPHES and end + 1 < len(text) and _is_word(text[end + 1]):
            # "Whitcombe's" is a possessive; "Whitcombe'ist" would be another word. A
            # closing quote ("European'.") is followed by no letter and is left alone.
            if text[end + 1] in "sS" and (end + 2 >= len(text) or not _is_word(text[end + 2])):
                after = end + 2
            else:
                return None
        consumed = i + size
        while consumed < len(tokens) and tokens[consumed].start < after:
            consumed += 1
        return Match(start, after, cand.spec.entry, cand.spec.text, cand.spec.sic), consumed


def _sentence_start(text: str, pos: int, block_start: bool) -> bool:
    j = pos - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0:
        return block_start
    return text[j] in _SENTENCE_END
