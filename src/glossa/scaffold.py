"""``glossa new``: entry files scaffolded from the text, with a free id, never overwriting.

The scaffolds know the text and its language. A person gets only the forms of the
name that occur in the chapters, and the surname alone only when no other entry
claims it and the text names nobody else by it; the surname is the family name
(first in Japanese, Chinese and Korean), never a title or particle ("Pasha", "von",
"باشا"). In a language that declines names, every inflected form that occurs is
proposed too, with its count, flagged ``inflected: true`` (:mod:`glossa.inflection`).
An English term gets its plural and singular from ``inflect``; a term in another
language gets its inflected forms the same way as a name, again only those that occur. ``new notes`` writes every missing note
expansion at once, each with the sentence its marker closes as a comment. Optional
fields are left out; the few required ones say TODO, which ``check`` reports.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import regex

from .chapters import MARKER_RE, Chapter, plain_blocks
from .ids import file_id, slugify
from .inflection import inflected_forms
from .kinds import KINDS
from .language import DEFAULT_LANGUAGE, primary, rules_for
from .matcher import FormSpec, Matcher, form_key, tokenize
from .registry import RESERVED_IDS, Registry

#: Two or more capitalised words in a row, in any cased script.
_NAME_RE = regex.compile(r"\p{Lu}[\p{L}\p{M}\p{N}’'-]+(?:\s+\p{Lu}[\p{L}\p{M}\p{N}’'-]+)+")
#: A name written in a script without spaces ("勝 海舟" is entered with one, written without).
_UNSPACED_NAME_RE = regex.compile(r"^[\p{Han}\p{Hiragana}\p{Katakana}\s]+$")


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar for any text (JSON's escapes, plus YAML's own line breaks)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u2028", "\\L").replace("\u2029", "\\P").replace("\x85", "\\N")


def _comment(text: str) -> str:
    """Text made safe as one YAML comment line (no line break of any kind survives)."""
    return re.sub(r"[\r\n\x0b\x0c\x85\u2028\u2029]+", " ", text)


def occurrences(chapters: Iterable[Chapter], forms: list[str], language: str = DEFAULT_LANGUAGE,
                registry: Registry | None = None) -> Counter[str]:
    """How often each form occurs in the chapters, as the build would match it.

    With ``registry``, the edition's other forms are matched too, so a form is not counted
    inside a longer one another entry claims ("勝" inside a listed "勝利").
    """
    own = {f: f"\0{f}" for f in forms}  # keys no entry id can take
    others = [FormSpec("", r.text) for r in registry.forms if not r.refused] if registry is not None else []
    matcher = Matcher([*(FormSpec(key, f) for f, key in own.items()), *others], language)
    back = {key: f for f, key in own.items()}
    counts: Counter[str] = Counter()
    for ch in chapters:
        for _, text in plain_blocks(ch.body, ch.body_line):
            counts.update(back[m.entry] for m in matcher.find(text) if m.entry in back)
    return counts


def _claims(registry: Registry) -> dict[tuple[str, ...], str]:
    return {form_key(f.text): f"'{f.entry}' ({f.file})" for f in registry.forms}


def text_words(chapters: Iterable[Chapter], language: str = DEFAULT_LANGUAGE) -> Counter[str]:
    """The chapters' words as written (case kept), counted."""
    rules = rules_for(language)
    words: Counter[str] = Counter()
    for ch in chapters:
        for _, text in plain_blocks(ch.body, ch.body_line):
            words.update(t.text for t in tokenize(text, rules) if t.text[:1].isalnum())
    return words


def name_parts(name: str, language: str = DEFAULT_LANGUAGE) -> tuple[list[str], str]:
    """The base forms of a person's name to look for, and the family name.

    Family name first in Japanese, Chinese and Korean ("勝 海舟": family "勝", and the
    name as the text writes it, "勝海舟"); elsewhere the last word that is not a title or
    particle ("Otto von Bismarck" -> "Bismarck"; "إبراهيم باشا" -> "إبراهيم").
    """
    rules = rules_for(language)
    words = name.split()
    if rules.family_first:
        joined = "".join(words) if _UNSPACED_NAME_RE.match(name) else name
        alone = [words[0]] if rules.family_alone else []
        return list(dict.fromkeys([name, joined, *alone])), words[0]
    core = [w for w in words if w.casefold() not in rules.particles]
    surname = core[-1] if core else words[-1]
    first_last = [f"{words[0]} {words[-1]}"] if len(words) > 2 else []
    return list(dict.fromkeys([name, *first_last, surname])), surname


def person_forms(name: str, registry: Registry, chapters: list[Chapter], language: str = DEFAULT_LANGUAGE
                 ) -> tuple[list[str], list[str], set[str]]:
    """The forms to propose for a person, notes on the forms left out (clashes), and which forms are inflected."""
    words = name.split()
    bases, surname = name_parts(name, language)
    vocab = text_words(chapters, language) if _inflects(language) else Counter()
    inflected = [f for b in bases for f in inflected_forms(b, language, vocab) if f not in bases]
    candidates = list(dict.fromkeys([*bases, *inflected]))
    claims = _claims(registry)
    counts = occurrences(chapters, candidates, language, registry)
    notes: list[str] = []
    forms = []
    others = _others_with_surname(chapters, surname, name, set(candidates), language) if surname != name else set()
    for form in candidates:
        if form_key(form) in claims:
            notes.append(f"'{form}' is already claimed by {claims[form_key(form)]}; not proposed.")
            continue
        if form == surname and len(words) > 1 and others:
            notes.append(f"'{surname}' alone is not proposed: the text also names {', '.join(sorted(others))}.")
            continue
        if counts[form]:
            forms.append(form)
    return forms, notes, set(inflected) & set(forms)


def _inflects(language: str) -> bool:
    return primary(language) not in {"en", "fr", "es", "it", "pt", "ca", "ar", "he", "fa", "ja", "zh", "ko", "th", "vi"}


def _others_with_surname(chapters: list[Chapter], surname: str, name: str, own: set[str],
                         language: str = DEFAULT_LANGUAGE) -> set[str]:
    """Names in the text, other than ``own`` forms of ``name``, that end in ``surname`` (possessive or not)."""
    elisions = rules_for(language).elisions
    found = set()
    for ch in chapters:
        for _, text in plain_blocks(ch.body, ch.body_line):
            for m in _NAME_RE.finditer(text):
                said = m.group()
                elided = re.match(r"^(\w+)[’']", said)
                if elided and elided.group(1).casefold() in elisions:
                    said = said[elided.end():]  # "D’Éléonore Vautrin" is Éléonore Vautrin
                words = said.split()
                # "Eleanor Whitcombe" names another Whitcombe; "Whitcombe Lock" is a place that shares the word.
                last = re.sub(r"[’']s?$", "", words[-1])  # "Hargreaves’" and "Marsh's" alike
                if last == surname and said not in own and said not in name and not name.endswith(said):
                    found.add(said)
    return found


def term_forms(word: str, registry: Registry, chapters: list[Chapter], language: str = DEFAULT_LANGUAGE
               ) -> tuple[list[str], list[str], set[str]]:
    """A term's forms: the word, its plural and singular (``inflect`` in English; the language's inflected
    forms otherwise), and capitalised forms, where they occur; and which of them are inflected."""
    inflected: list[str] = []
    if primary(language) == "en":
        import inflect

        engine = inflect.engine()
        singular = engine.singular_noun(word) or word
        candidates = list(dict.fromkeys([word, singular, engine.plural(singular)]))
    else:
        vocab = text_words(chapters, language)
        lowered = Counter({k.lower(): n for k, n in vocab.items()}) if word[:1].islower() else vocab
        inflected = inflected_forms(word, language, lowered)
        candidates = [word, *inflected]
    candidates += [c[:1].upper() + c[1:] for c in candidates if c[:1].islower()]
    claims = _claims(registry)
    counts = occurrences(chapters, candidates, language, registry)
    notes = [f"'{c}' is already claimed by {claims[form_key(c)]}; not proposed." for c in candidates if form_key(c) in claims]
    forms = [c for c in candidates if counts[c] and form_key(c) not in claims]
    # A capitalised form found only at sentence starts is the lowercase form (the matcher handles those).
    forms = [f for f in forms if not (f[:1].isupper() and f[:1].lower() + f[1:] in forms)]
    return forms, notes, set(inflected) & set(forms)


def free_id(registry_ids: set[str], name: str, prefer: str | None = None) -> str:
    """A slug no entry uses yet: ``prefer`` (a surname), then the full name, then a number."""
    full = slugify(name) or "entry"
    for c in ([slugify(prefer)] if prefer else []) + [full]:
        if c and c not in registry_ids and c not in RESERVED_IDS:
            return c
    n = 2
    while f"{full}-{n}" in registry_ids:
        n += 1
    return f"{full}-{n}"


def _forms_yaml(forms: list[str], counts: Counter[str], inflected: frozenset[str] = frozenset()) -> str:
    if not forms:
        return "match: []\n"
    lines = ["match:"]
    for f in forms:
        n = counts[f]
        where = f"  # {n} place{'s' if n != 1 else ''} in the chapters"
        flags = [", common: true"] if f[:1].islower() else []  # the editor asked for this term, so it is confirmed
        flags += [", inflected: true"] if f in inflected else []  # a case ending, not another spelling
        lines.append(f"  - {{text: {yaml_str(f)}{''.join(flags)}}}{where}" if flags else f"  - {yaml_str(f)}{where}")
    return "\n".join(lines) + "\n"


def entry_text(kind: str, name: str, forms: list[str], counts: Counter[str], schema: str,
               inflected: frozenset[str] = frozenset()) -> str:
    """The scaffold of one entry: required fields only, TODO where the editor must write."""
    head = f"# yaml-language-server: $schema={schema}\nname: {yaml_str(name)}\n"
    body = _forms_yaml(forms, counts, inflected)
    sources = "sources:\n  - title: \"TODO: a source a reader can follow\"\n"
    return head + body + KINDS[kind].scaffold + sources


def note_text(chapter: str, number: int, context: str, schema: str) -> str:
    """The scaffold of a note expansion, with the sentence its marker closes as a comment."""
    return (f"# yaml-language-server: $schema={schema}\n# The text: …{_comment(context)}\n"
            f"chapter: {yaml_str(chapter)}\nnumber: {number}\ntext: |\n"
            "  TODO: what lies behind the claim this note marks (60-200 words).\n"
            "sources:\n  - title: \"TODO: a source a reader can follow\"\n")


def missing_notes(chapters: list[Chapter], registry: Registry) -> list[tuple[str, int, str]]:
    """``(chapter, number, context)`` of every marker without an expansion."""
    out: list[tuple[str, int, str]] = []
    for ch in chapters:
        for _line, text in _marked_blocks(ch):
            for m in MARKER_RE.finditer(text):
                number = int(m.group(1))
                if (ch.chapter, number) not in registry.note_keys and (ch.chapter, number) not in {(c, n) for c, n, _ in out}:
                    before = MARKER_RE.sub("", text[: m.start()])
                    out.append((ch.chapter, number, before[-160:].split(". ")[-1].strip()))
    return out


def _marked_blocks(ch: Chapter) -> Iterable[tuple[int, str]]:
    from .chapters import blocks

    for start, lines in blocks(ch.body, ch.body_line):
        yield start, " ".join(lines)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as fh:  # "x": fail rather than overwrite, even in a race
        fh.write(text)


def run_new(project: object, args: argparse.Namespace) -> int:
    """``glossa new KIND NAME`` and ``glossa new notes``."""
    from .project import edition

    ed = edition(project)  # type: ignore[arg-type]
    annotations: Path = project.annotations  # type: ignore[attr-defined]
    root: Path = project.root  # type: ignore[attr-defined]
    if args.kind in ("note", "notes"):
        return _new_notes(args, ed, annotations, root)
    name = (args.name or "").strip()
    if not name or re.search(r"[<>\n]", name):
        print("error: give the entry's name as plain text, e.g. new person \"Martemyan Ryutin\"", file=sys.stderr)
        return 2
    kind = KINDS[args.kind]
    language: str = getattr(project, "language", DEFAULT_LANGUAGE)
    if kind.inverted_names:
        forms, notes, inflected = person_forms(name, ed.registry, ed.chapters, language)
    else:
        forms, notes, inflected = term_forms(name, ed.registry, ed.chapters, language)
    counts = occurrences(ed.chapters, forms, language, ed.registry)
    ids = set(ed.registry.entries) | set(ed.registry.failed)
    ids |= {file_id(p.stem) or p.stem for k in KINDS.values() for p in (annotations / k.folder).glob("*.y*ml")}
    surname = name.split()[-1] if kind.inverted_names and name.split()[-1] in forms else None
    ident = free_id(ids, name, surname)
    path = annotations / kind.folder / f"{ident}.yml"
    if path.exists():
        print(f"error: {path} already exists; not overwritten", file=sys.stderr)
        return 2
    _write(path, entry_text(args.kind, name, forms, counts, f"../../hooks/schemas/{kind.name}.schema.json",
                            frozenset(inflected)))
    for note in notes:
        print(f"note: {note}")
    if not forms:
        print(f"note: no form of {name!r} occurs in the chapters; add the forms the text uses to 'match'.")
    print(f"created {path.relative_to(root)} with {len(forms)} form(s): {', '.join(forms) or '-'}. "
          "Fill in the TODO fields, then run: python3 glossa check")
    return 0


def _new_notes(args: argparse.Namespace, ed: object, annotations: Path, root: Path) -> int:
    missing = missing_notes(ed.chapters, ed.registry)  # type: ignore[attr-defined]
    if args.kind == "note":
        if not args.name or not args.name.isdigit() or not args.chapter:
            print("error: a note needs its number and chapter, e.g. new note 43 --chapter 28 (or: new notes)", file=sys.stderr)
            return 2
        missing = [m for m in missing if m[0] == args.chapter and m[1] == int(args.name)] or [(args.chapter, int(args.name), "")]
    created = 0
    for chapter, number, context in missing:
        path = annotations / KINDS["note"].folder / f"{chapter}-{number}.yml"
        if path.exists():
            continue
        _write(path, note_text(chapter, number, context, "../../hooks/schemas/note.schema.json"))
        print(f"created {path.relative_to(root)}")
        created += 1
    print(f"{created} note expansion(s) created; write their 'text:' and 'sources:', then run: python3 glossa check")
    return 0
