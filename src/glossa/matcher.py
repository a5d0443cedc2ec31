"""One matcher for every name and term, built once per build.

Design: text is split into tokens (words, apostrophes, dashes) by one regular
expression, and the tokens are walked through a trie of all forms keyed by folded
tokens. The cost per token is a dict lookup or two whatever the number of names,
unlike one regex per term or a giant ``\\b(a|b|...)\\b`` alternation, whose
cost grows with the glossary.

Folding makes curly and straight apostrophes, all dashes and both Unicode
compositions of "Budënny" compare alike (NFC), and case folds by the language
(Turkish dotted and dotless i), while offsets always refer to the original text so
the caller can split text nodes exactly.

Every script: words are found by Unicode properties (letters, numbers and combining
marks, through the ``regex`` module), never ASCII classes. Scripts written without
spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) are
tokenised one character (with its marks) at a time, glued to the next, so a form
matches inside a run of text, and the trie's longest-first walk keeps a short form
from matching inside a longer one the edition defines ("勝" is not a mention inside a
listed "勝利"). By the edition's language (:mod:`glossa.language`), an elided article
glued with an apostrophe ("l’État", "dell’Italia") and proclitic prefixes glued to a
word (Arabic "وإبراهيم", Hebrew "בירושלים") are stepped over, and so are particles glued
after a word (Korean "김구는") and suffixes after an apostrophe (Turkish "İstanbul'da"):
the match, and so the mark, covers the name and not what is glued to it.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

import regex

from .language import DEFAULT_LANGUAGE, LanguageRules, fold_case, rules_for

# A word: a letter or digit followed by letters, digits and combining marks
# (so a decomposed "e + U+0308" stays inside the word). Apostrophes and dashes are
# tokens of their own, so "People's" and "Leeds-Liverpool" can be forms.
_TOKEN_RE = re.compile(r"[^\W_][\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]*|['\u2018\u2019\u02bc]|[-\u2010-\u2015]")
#: Scripts written without spaces between words: each character is a token of its own.
_UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\u3005\u3006\u30fc\uff70"
#: The same tokens in any script: a word of letters, numbers and combining marks (outside the unspaced
#: scripts), or one character of an unspaced script with its marks, or an apostrophe, or a dash.
_UNICODE_TOKEN_RE = regex.compile(
    rf"[\p{{L}}\p{{N}}--[{_UNSPACED}]][\p{{L}}\p{{N}}\p{{M}}_--[{_UNSPACED}]]*|[{_UNSPACED}]\p{{M}}*"
    r"|['\u2018\u2019\u02bc]|[-\u2010-\u2015]", regex.V1)
#: Text with a character from here on may hold marks or unspaced scripts that ``_TOKEN_RE`` reads wrongly;
#: text without (English, most Latin-script text) takes the faster ``re`` tokeniser, with the same tokens.
_NEEDS_UNICODE_RE = re.compile(r"[\u0370-\u1fff\u20d0-\U0010ffff]")
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


def _token_re(text: str) -> re.Pattern[str] | regex.Pattern[str]:
    """The tokeniser for ``text``: ``re``'s where it gives the same tokens (it is about twice as fast)."""
    return _UNICODE_TOKEN_RE if _NEEDS_UNICODE_RE.search(text) else _TOKEN_RE


def tokenize(text: str, rules: LanguageRules | None = None) -> list[_Token]:
    """Split ``text`` into tokens with their original offsets (keys folded by ``rules``' language)."""
    tokens: list[_Token] = []
    prev_end = 0
    ascii_only = text.isascii()
    turkic = rules is not None and rules.turkic_i
    for m in _token_re(text).finditer(text):
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
        key = fold_case(folded, rules) if turkic and rules is not None else folded.casefold()
        tokens.append(_Token(start, m.end(), folded, key, gap))
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
    #: One ideograph ("勝"): a mention only where no other ideograph touches it (not inside "勝手" or "大勝").
    lone_ideograph: bool = False

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


def word_keys(text: str, rules: LanguageRules | None = None) -> frozenset[str]:
    """Every token key in ``text`` (the ``key`` of each of :func:`tokenize`'s tokens), as a set.

    Distinct words are folded once each: on a chapter this is many times faster than
    tokenising, for a caller that only asks whether a word occurs. In a language with
    proclitics, each word without its prefixes is there too ("إبراهيم" from "وإبراهيم").
    """
    rules = rules or _NEUTRAL
    keys = {fold_case(fold(word), rules) for word in set(_token_re(text).findall(text))}
    if rules.proclitics:
        keys |= {rest for key in list(keys) for _, rest in _unprefixed(key, rules)}
    if rules.enclitics:
        keys |= {key[: -len(p)] for key in list(keys) for p in rules.enclitics if key.endswith(p) and len(key) > len(p) + 1}
    return frozenset(keys)


def form_key(text: str, rules: LanguageRules | None = None) -> tuple[str, ...]:
    """The identity of a form: two forms with the same key claim the same words."""
    return tuple(t.key for t in tokenize(text, rules))


def _unprefixed(key: str, rules: LanguageRules) -> list[tuple[int, str]]:
    """``(length of the prefixes, rest)`` for every way of reading ``key`` as proclitics + a word, shortest first.

    Arabic writes ل + ال as "لل" ("للقاهرة"): the rest is then read with its article ("القاهرة"),
    one letter shorter than the prefixes. The rest has at least four letters: a shorter one is too
    often another word's tail ("علي", Ali, inside "فعلي", actual), and a missed mark is better than
    a false one.
    """
    out: list[tuple[int, str]] = []
    frontier = [(0, key)]
    for _ in range(rules.max_proclitics):
        nxt = []
        for cut, rest in frontier:
            for p in rules.proclitics:
                if rest.startswith(p) and len(rest) - len(p) >= _MIN_UNPREFIXED:
                    nxt.append((cut + len(p), rest[len(p):]))
                    if p.endswith("لل"):  # "لل": ل + the article ال
                        nxt.append((cut + len(p) - 1, "ا" + rest[len(p) - 1:]))
        out += nxt
        frontier = nxt
    return sorted(set(out))


_NEUTRAL = rules_for(DEFAULT_LANGUAGE)
_MIN_UNPREFIXED = 4


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


def _compile(spec: FormSpec, rules: LanguageRules) -> _Compiled | None:
    """A form as the trie holds it (None for one that starts with no word)."""
    toks = tokenize(spec.text, rules)
    if not toks or not _is_word(toks[0].text[0]):
        return None
    words = tuple(t.text for t in toks)
    return _Compiled(spec, words, tuple(t.key for t in toks), ("", *tuple(t.gap for t in toks[1:])),
                     lowercase=spec.text[:1].islower(), lone_ideograph=len(words) == 1 and _is_ideograph(words[0]))


class Matcher:
    """Finds every form of every entry in a text, whole words only, longest first.

    Forms live in a trie keyed by folded tokens, so finding the forms at a position
    costs one dict lookup per token of the longest form there, however many names
    share a first word ("Ivan ...", "Nikolai ...") and however many names there are.
    """

    def __init__(self, forms: Iterable[FormSpec], language: str = DEFAULT_LANGUAGE) -> None:
        #: The edition's language (a BCP 47 tag): it decides case folding, elision and proclitics.
        self.language = language
        self._rules = rules_for(language)
        self._root = _Node()
        self._count = 0
        for spec in forms:
            compiled = _compile(spec, self._rules)
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
            return Matcher(new, self.language)  # many changes (or a form twice): building afresh is as quick
        if [x for x in old if x in new_set] != [x for x in new if x in old_set]:
            return Matcher(new, self.language)  # the forms kept are in another order, and buckets follow that order
        out = Matcher((), self.language)
        out._root, out._count = _Node.copy(self._root), self._count
        order = {spec: i for i, spec in enumerate(new)}
        copied: set[int] = {id(out._root)}
        for spec in [*gone, *added]:  # removals first: a bucket is sorted by ``new`` when a form is added
            compiled = _compile(spec, self._rules)
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
        tokens = tokenize(text, self._rules)
        out: list[Match] = []
        i, n = 0, len(tokens)
        root = self._root.children
        proclitics, enclitics = bool(self._rules.proclitics), bool(self._rules.enclitics)
        while i < n:
            node = root.get(tokens[i].key)
            if node is None and proclitics:
                node = self._unprefix(tokens, i)
            if node is None and enclitics:
                node = self._unsuffix(tokens, i)
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
                    hit = self._try(cand, tokens, i, text, block_start, self._rules)
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

    def _unprefix(self, tokens: list[_Token], i: int) -> _Node | None:
        """The trie node of token ``i`` read without its proclitics; the token is replaced by the word alone."""
        tok = tokens[i]
        for cut, rest in _unprefixed(tok.key, self._rules):
            node = self._root.children.get(rest)
            if node is not None:
                # A restored article ("لل" read as ل + "ال") is compared as restored; the mark starts at its "ل".
                text = tok.text[cut:] if tok.key[cut:] == rest else rest
                tokens[i] = _Token(tok.start + cut, tok.end, text, rest, tok.gap)
                return node
        return None

    def _unsuffix(self, tokens: list[_Token], i: int) -> _Node | None:
        """The trie node of token ``i`` read without a particle glued after it (Korean "김구는")."""
        tok = tokens[i]
        for particle in self._rules.enclitics:
            if tok.key.endswith(particle) and len(tok.key) - len(particle) >= 2:
                rest = tok.key[: -len(particle)]
                node = self._root.children.get(rest)
                if node is not None:
                    tokens[i] = _Token(tok.start, tok.end - len(particle), tok.text[: -len(particle)], rest, tok.gap)
                    return node
        return None

    @staticmethod
    def _try(cand: _Compiled, tokens: list[_Token], i: int, text: str, block_start: bool,
             rules: LanguageRules | None = None) -> tuple[Match, int] | None:
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
        if cand.lone_ideograph and (_is_ideograph(text[start - 1 : start]) or _is_ideograph(text[end : end + 1])):
            return None  # without a dictionary, one character inside a compound is not a word of its own
        # Whole words only: a hyphen or apostrophe glued to a word joins them
        # ("anti-Soviet", "O'Brien"), so neither side may continue the word.
        if start >= 2 and text[start - 1] in _GLUE_HYPHENS + _APOSTROPHES and _is_word(text[start - 2]):
            if not (text[start - 1] in _APOSTROPHES and rules is not None and _elided(text, start - 1, rules.elisions)):
                return None
        after = end
        if end < len(text) and text[end] in _GLUE_HYPHENS and end + 1 < len(text) and _is_word(text[end + 1]):
            return None
        if end < len(text) and text[end] in _APOSTROPHES and end + 1 < len(text) and _is_word(text[end + 1]):
            # "Whitcombe's" is a possessive; "Whitcombe'ist" would be another word. A
            # closing quote ("European'.") is followed by no letter and is left alone.
            if text[end + 1] in "sS" and (end + 2 >= len(text) or not _is_word(text[end + 2])):
                after = end + 2
            elif rules is None or not rules.apostrophe_suffixes:  # Turkish "İstanbul'da": the suffix is not marked
                return None
        consumed = i + size
        while consumed < len(tokens) and tokens[consumed].start < after:
            consumed += 1
        return Match(start, after, cand.spec.entry, cand.spec.text, cand.spec.sic), consumed


_IDEOGRAPH_RE = regex.compile(r"^\p{Han}\p{M}*$")


def _is_ideograph(text: str) -> bool:
    """Whether ``text`` is one Han ideograph (with its marks)."""
    return bool(text) and _IDEOGRAPH_RE.match(text) is not None


def _elided(text: str, apostrophe: int, elisions: frozenset[str]) -> bool:
    """Whether the word before ``text[apostrophe]`` is an elided article or particle ("l’", "qu’", "dell’")."""
    if not elisions:
        return False
    k = apostrophe
    while k > 0 and _is_word(text[k - 1]):
        k -= 1
    return text[k:apostrophe].casefold() in elisions


def _sentence_start(text: str, pos: int, block_start: bool) -> bool:
    j = pos - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0:
        return block_start
    return text[j] in _SENTENCE_END
