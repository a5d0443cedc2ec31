"""Import a raw chapter text (as copied from a digital edition) into chapter Markdown.

The importer repairs what copying from a paginated edition breaks, and reports
every change for an editor to review:

* running footers ("The Canal Chronicle Page 41") are dropped;
* page breaks are rejoined: a word split across the break ("sat" / "isfied") is
  joined after weighing both halves against a word list and the text's own
  vocabulary, a paragraph split across it ("Whitcombe," / "the navvies...") is joined
  with a space, and any doubtful join is flagged;
* chapter headings ("29. RULING THE NATIONS") become headings, keeping the number;
* note references ("police.24", "alive.'37", "»12", "。３", "،٤") become ``{^24}``
  markers after any closing punctuation, with or without a space after, in Latin,
  Arabic-Indic or full-width digits; the rising sequence of note numbers tells a
  note from a year ("for 1932.32"), and every number that might be a marker and is
  not placed is a report line;
* words are judged by the edition's language: pyspellchecker's dictionary where it
  has one, pymorphy3's for Russian, and the text's own vocabulary always; in a
  script written without spaces a line broken inside a run is always rejoined;
* every paragraph gets a stable id (``{: #c28-p3 }``), stored in the source.

Nothing about a particular book is hard-coded: footer pattern, heading pattern,
the chapter the excerpt starts in and the first note number are options.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

_TERMINAL = tuple(".!?:’”\"')]…»。！？」』）؟۔")
_SMALL_WORDS = frozenset("a an and as at but by for in nor of on or the to vs via with from into".split())
_WORD_RE = re.compile(r"[^\W\d_]+")
#: Punctuation a note number follows: Latin, guillemets and curly quotes, CJK full-width, Arabic.
_CLOSERS = ".,;:!?’”“'\")]»«›‹„」』）】〕》〉。、，．！？：；،؛؟۔"
#: A note number glued after punctuation: "police.24", "Leningrad,31", "alive.’37", "’.3", "»12", "。３次", "،٤".
#: ``\d`` is any decimal digit (Arabic-Indic, full-width); a digit may not follow (that is a longer number).
_MARKER_CANDIDATE_RE = re.compile(rf"(?<=[{re.escape(_CLOSERS)}])(\d{{1,3}})(?!\d)(?![.,]\d)")
#: A number glued to the end of a word ("Windthorst12"): reported when it is the next note's number.
_GLUED_NUMBER_RE = re.compile(r"(?<=[^\W\d_])(\d{1,3})(?=[\s.,;:!?]|$)")
#: Chapter headings: "29. RULING THE NATIONS", "٣. الإصلاحات", "第3章 江戸開城", "第三章 辛亥革命".
DEFAULT_HEADING = r"^(?:第\s*)?(\d{1,3}|[〇零一二三四五六七八九十百]{1,6})(?:[.．]\s+|\s*[章回節节]\s*)(\S.*)$"
_CJK_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_SENTENCE_FINAL = tuple(".!?。！？؟")
#: Scripts written without spaces: a line broken between two of their characters is one run.
_UNSPACED_RE = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1780-\u17ff"
                          r"\u1000-\u109f「『（、，]")


@dataclasses.dataclass
class ImportOptions:
    """Book-specific facts; kept in ``mkdocs.yml`` under ``extra.glossa.import``."""

    footer: str | None = None  # regex for a whole running-footer line
    book_title: str = ""
    first_chapter: str | None = None  # chapter the text starts in, if its heading is not in the excerpt
    first_note: int | None = None  # first note number of that chapter, if known
    heading: str = DEFAULT_HEADING  # number, then a title with no lower-case letter
    language: str = "en"  # the edition's BCP 47 tag: dictionaries, title case
    heading_format: str = "Chapter {number}: {title}"
    untitled_format: str = "Chapter {number}"
    title_case: bool = True
    source_credit: str = ""


@dataclasses.dataclass
class Change:
    """One change made to the source, for the review report."""

    line: int  # line in the raw source
    kind: str
    detail: str
    review: bool = False

    def format(self, source: str) -> str:
        """One report line: ``source:line: kind: detail [REVIEW]``."""
        flag = "  [REVIEW]" if self.review else ""
        return f"{source}:{self.line}: {self.kind}: {self.detail}{flag}"


@dataclasses.dataclass
class ImportedChapter:
    """A chapter ready to be written to ``docs/``."""

    number: str
    title: str | None
    heading: str
    paragraphs: list[str]

    @property
    def filename(self) -> str:
        """``chapter-3.md``."""
        return f"chapter-{self.number}.md"

    def markdown(self, options: ImportOptions) -> str:
        """The chapter as plain Markdown with front matter, markers and paragraph ids."""
        front = [f'chapter: "{self.number}"', f"title: {_yaml_str(self.heading)}"]
        if options.source_credit:
            front.append(f"source: {_yaml_str(options.source_credit)}")
        out = ["---", *front, "---", "", f"# {self.heading}", ""]
        for i, para in enumerate(self.paragraphs, start=1):
            out += [para, f"{{: #c{self.number}-p{i} }}", ""]
        return "\n".join(out)


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def title_case(text: str) -> str:
    """``RULING THE NATIONS`` -> ``Ruling the Nations`` (small words lower, except first)."""
    words = text.lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def heading_title(raw: str, options: ImportOptions, written: Counter[str] | None = None) -> str:
    """A heading's title as an editor of the language writes it.

    English all-capitals titles are title-cased (small words lower). Other cased
    languages write a title like a sentence, and the text says which words keep their
    capital: a word the text writes only capitalised ("État", "Lyon") keeps it, and in
    German, where nouns are capitalised, only a word the text writes in lower case
    ("und", "der") loses it. Scripts without case are left as they are.
    """
    if not options.title_case or not any(c.isupper() for c in raw):
        return raw
    lang = options.language.split("-")[0].lower()
    if lang == "en":
        return title_case(raw)
    written = written or Counter()

    def word(m: re.Match[str]) -> str:
        low = m.group().lower()
        cap = low[:1].upper() + low[1:]
        if lang == "de":
            return low if written[low] and not written[cap] else cap
        return cap if written[cap] and not written[low] else low

    out = _WORD_RE.sub(word, raw)
    return out[:1].upper() + out[1:]


def chapter_number(text: str) -> str:
    """``"3"``, ``"٣"``, ``"３"`` and ``"三"`` are all chapter ``"3"`` (so the file is ``chapter-3.md``)."""
    if text.isdecimal():
        return str(int(text))
    total, current = 0, 0
    for ch in text:
        if ch in _CJK_DIGITS:
            current = _CJK_DIGITS[ch]
        elif ch in "十百":
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
    return str(total + current)


def _is_heading(m: re.Match[str], default: bool) -> bool:
    """A heading's title has a letter; under the default pattern, no lower-case letter and no sentence end."""
    title = m.groups()[-1] or ""
    if not any(c.isalpha() for c in title):
        return False
    if not default:
        return True
    return not any(c.islower() for c in title) and not title.rstrip().endswith(_SENTENCE_FINAL) and len(title) <= 100


def escape_markdown(text: str) -> str:
    """Escape what Python-Markdown would read as markup in running prose."""
    text = text.replace("\\", "\\\\")
    for ch in "`*_[]{}":
        text = text.replace(ch, "\\" + ch)
    text = text.replace("<", "&lt;")
    # A paragraph that starts like a heading, list item, quote or rule must stay prose.
    text = re.sub(r"^(\d+)\. ", r"\1\\. ", text)
    text = re.sub(r"^([#>+\-]) ", r"\\\1 ", text)
    return text


class WordOracle:
    """Is a string a word? The language's word list plus the text's own vocabulary."""

    def __init__(self, text: str, known: Callable[[str], bool] | None = None, language: str = "en") -> None:
        self.vocab = Counter(w.lower() for w in _WORD_RE.findall(text))
        self._known = known or known_words(language)

    def __call__(self, word: str, *, fragment: bool = False) -> bool:
        """True if ``word`` occurs in the text or in the word list.

        A ``fragment`` (one half of a split word) occurs once at the break
        itself, so it counts as a word of the text only if it occurs again.
        """
        w = word.lower()
        return self.vocab.get(w, 0) > (1 if fragment else 0) or self._known(w)


#: Languages pyspellchecker ships a word list for.
SPELLCHECKER_LANGUAGES = frozenset("en es fr pt de it ru ar eu lv nl fa".split())
#: Languages pymorphy3 analyses (when its dictionary package is installed).
MORPHOLOGY_LANGUAGES = frozenset({"ru", "uk"})


@functools.cache
def known_words(language: str = "en") -> Callable[[str], bool]:
    """Whether a lower-case word is a word of ``language``: its morphology, else its word list, else nothing.

    pymorphy3 knows every inflected Russian form ("самодержавия"), where pyspellchecker's
    Russian list has twenty thousand words; a language with neither relies on the text's
    own vocabulary alone (:class:`WordOracle`).
    """
    lang = language.split("-")[0].lower()
    if lang in MORPHOLOGY_LANGUAGES:
        morph = morphology(lang)
        if morph is not None:
            return morph.word_is_known
    if lang not in SPELLCHECKER_LANGUAGES:
        return lambda w: False
    try:
        from spellchecker import SpellChecker
    except ImportError:  # pragma: no cover - installed with the requirements
        return lambda w: False
    frequency = SpellChecker(language=lang).word_frequency
    # The list holds some junk at tiny frequencies; a real word is seen more often.
    return lambda w: frequency[w] >= 20


def morphology(lang: str) -> Any:
    """pymorphy3's analyser for ``lang`` ("ru", "uk"), or None when it or its dictionary is not installed."""
    if lang not in _MORPH:
        try:
            import pymorphy3

            _MORPH[lang] = pymorphy3.MorphAnalyzer(lang=lang)
        except (ImportError, ValueError, OSError):
            _MORPH[lang] = None
    return _MORPH[lang]


_MORPH: dict[str, Any] = {}


def _join(prev: str, nxt: str, oracle: WordOracle, lineno: int) -> tuple[str, Change] | None:
    """Decide whether ``nxt`` continues ``prev`` across a page break, and how."""
    p, n = prev.rstrip(), nxt.lstrip()
    if not p or not n:
        return None
    last, first = p[-1], n[0]
    if _UNSPACED_RE.match(last) and _UNSPACED_RE.match(first):
        return p + n, Change(lineno, "join-word", f"'…{p[-10:]}' / '{n[:10]}…' rejoined without a space "
                             "(a line broken inside a run of text)")
    tail_m = re.search(r"([^\W\d_]+)$", p)
    head_m = re.match(r"([^\W\d_]+)", n)
    if last == "-" and head_m and re.search(r"[^\W\d_]-$", p):
        # A hyphen at a line end may be the break's or the source's own.
        a = re.search(r"([^\W\d_]+)-$", p).group(1)  # type: ignore[union-attr]
        b = head_m.group(1)
        if oracle(a + b) and not oracle(f"{a}-{b}"):
            return p[:-1] + n, Change(lineno, "join-word", f"'{a}-' + '{b}' -> '{a + b}' (line-end hyphen removed)", review=True)
        return p + n, Change(lineno, "join-word", f"'{a}-' + '{b}' -> '{a}-{b}' (hyphen kept)", review=True)
    if first.islower() and tail_m and head_m:
        a, b = tail_m.group(1), head_m.group(1)
        joined_known, a_known, b_known = oracle(a + b), oracle(a, fragment=True), oracle(b, fragment=True)
        if joined_known and not b_known:
            return p + n, Change(lineno, "join-word", f"'{a}' + '{b}' -> '{a + b}' ('{b}' is not a word; '{a + b}' is)")
        if a_known and b_known and not joined_known:
            return p + " " + n, Change(lineno, "join-paragraph", f"'…{a}' / '{b}…' rejoined with a space (both are words)")
        if joined_known:
            return p + n, Change(lineno, "join-word", f"'{a}' + '{b}' -> '{a + b}' (both halves are words too)", review=True)
        return p + " " + n, Change(lineno, "join-paragraph", f"'…{a}' / '{b}…' rejoined with a space (no reading is a known word)", review=True)
    if last in ",;" or (first.islower() and last not in _TERMINAL):
        return p + " " + n, Change(lineno, "join-paragraph", f"'…{p[-20:]}' / '{n[:20]}…' rejoined (a paragraph cannot end in '{last}')")
    if last.isalpha() and (first.isupper() or first.isdigit()):
        return p + " " + n, Change(lineno, "join-paragraph", f"'…{p[-20:]}' / '{n[:20]}…' rejoined (the line ends mid-sentence)", review=True)
    return None


def _blocks(text: str, footer: re.Pattern[str] | None, heading: re.Pattern[str], default_heading: bool,
            oracle: WordOracle, changes: list[Change]) -> list[tuple[int, str, str]]:
    """``(line, "heading"|"para", text)`` for each heading and paragraph, footers dropped, page breaks healed."""
    blocks: list[tuple[int, str, str]] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if footer and footer.search(line):
            changes.append(Change(lineno, "drop-footer", f"running footer {line!r} removed"))
            continue
        hm = heading.match(line)
        if hm and _is_heading(hm, default_heading):
            blocks.append((lineno, "heading", line))
            continue
        if blocks and blocks[-1][1] == "para":
            joined = _join(blocks[-1][2], line, oracle, lineno)
            if joined is not None:
                blocks[-1] = (blocks[-1][0], "para", joined[0])
                changes.append(joined[1])
                continue
        blocks.append((lineno, "para", line))
    return blocks


def import_text(text: str, options: ImportOptions, oracle: WordOracle | None = None) -> tuple[list[ImportedChapter], list[Change]]:
    """Turn raw text into chapters; return them and the list of changes made."""
    changes: list[Change] = []
    footer = re.compile(options.footer) if options.footer else None
    heading = re.compile(options.heading)
    default_heading = options.heading == DEFAULT_HEADING
    oracle = oracle or WordOracle(text, language=options.language)
    # Words as the text writes them, for titles' capitals (not all-capitals ones: the headings themselves).
    written = Counter(w for w in _WORD_RE.findall(text) if not w.isupper())

    # 1. Lines, without running footers. Headings and paragraphs keep their source line.
    blocks = _blocks(text, footer, heading, default_heading, oracle, changes)

    # 2. Chapters.
    chapters: list[ImportedChapter] = []
    paragraph_lines: list[list[int]] = []
    current: ImportedChapter | None = None
    for lineno, kind, body in blocks:
        if kind == "heading":
            m = heading.match(body)
            assert m is not None
            groups = m.groups()
            number = chapter_number(next((g for g in groups[:-1] if g), "0"))
            raw_title = (groups[-1] or "").strip()
            title = heading_title(raw_title, options, written)
            head = options.heading_format.format(number=number, title=title)
            changes.append(Change(lineno, "heading", f"{body!r} -> heading {head!r}"))
            current = ImportedChapter(number, title, head, [])
            chapters.append(current)
            paragraph_lines.append([])
            continue
        if current is None:
            if options.first_chapter is None:
                changes.append(Change(lineno, "no-chapter", "text before the first chapter heading; pass the chapter "
                                      "it belongs to (first_chapter)", review=True))
                number = "0"
            else:
                number = str(options.first_chapter)
            current = ImportedChapter(number, None, options.untitled_format.format(number=number), [])
            chapters.append(current)
            paragraph_lines.append([])
            changes.append(Change(lineno, "chapter", f"text before the first heading belongs to chapter {number} "
                                  f"(its heading lies before the excerpt; no title is invented)"))
        current.paragraphs.append(body)
        paragraph_lines[-1].append(lineno)

    # 3. Note markers, chapter by chapter, and Markdown escaping.
    for index, (chapter, lines) in enumerate(zip(chapters, paragraph_lines, strict=True)):
        headed = chapter.title is not None or index > 0
        expected = 1 if headed else options.first_note
        converted = []
        for para, lineno in zip(chapter.paragraphs, lines, strict=True):
            marked, expected = _place_markers(para, lineno, chapter.number, expected, changes)
            converted.append(marked)
        chapter.paragraphs = converted
    changes.sort(key=lambda c: c.line)
    return chapters, changes


def _place_markers(para: str, lineno: int, chapter: str, expected: int | None,
                   changes: list[Change]) -> tuple[str, int | None]:
    """``para`` escaped, with its note numbers as ``{^N}`` markers; the next note number expected."""
    pieces: list[str] = []
    pos = 0
    for m in _MARKER_CANDIDATE_RE.finditer(para):
        number = int(m.group(1))
        context = para[max(0, m.start() - 20) : m.end()]
        if expected is None:
            expected = number
            changes.append(Change(lineno, "first-note", f"chapter {chapter} starts at note {number} "
                                  f"(first reference found: …{context!r})", review=True))
        if number == expected:
            accept, review = True, False
        elif expected < number <= expected + 2:
            accept, review = True, True
            changes.append(Change(lineno, "marker-gap", f"note {number} follows {expected - 1}: "
                                  f"note(s) {expected}–{number - 1} missing"))
        else:
            accept, review = False, number < expected + 10
        if accept:
            pieces.append(escape_markdown(para[pos : m.start()]))
            pieces.append(f"{{^{number}}}")
            pos = m.end()
            expected = number + 1
            changes.append(Change(lineno, "marker", f"note {number}: …{context!r}", review=review))
        else:
            changes.append(Change(lineno, "not-a-marker", f"{number!r} after punctuation kept as text "
                                  f"(expected note {expected}): …{context!r}", review=review))
    pieces.append(escape_markdown(para[pos:]))
    if expected is not None:
        # A number glued to a word that is the next note's number may be a marker the source set without punctuation.
        for m in _GLUED_NUMBER_RE.finditer(para):
            if int(m.group(1)) == expected:
                changes.append(Change(lineno, "not-a-marker", f"{m.group(1)!r} glued to a word is the next note's "
                                      f"number but follows no punctuation; kept as text: …{para[max(0, m.start() - 20):m.end()]!r}. "
                                      "If it is the marker, write {^N} in the chapter by hand", review=True))
    return "".join(pieces), expected


def source_words(text: str, options: ImportOptions) -> list[str]:
    """The words of the source, footers removed, for fidelity checks (case-folded)."""
    footer = re.compile(options.footer) if options.footer else None
    kept = [line for line in text.splitlines() if not (footer and footer.search(line.strip()))]
    return [w.casefold() for w in re.findall(r"\w+", " ".join(kept))]
