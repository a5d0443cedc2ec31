"""``glossa suggestion --from-issue FILE``: an issue made with the form, as an annotation file.

GitHub renders a submitted issue form as Markdown: each field under a ``### Label``
heading, ``_No response_`` for an empty one, ``- [X] ...`` for a ticked box. This module
reads that text (:func:`parse_issue`), refuses hostile values before anything is written
(:func:`refusals`: markup, script URLs, front matter, control characters, path tricks in
``entry``), writes a new entry or applies a correction to the named file (:func:`apply`),
and runs the check on the file it wrote.

A correction changes the named file in place: each changed field's value is replaced
where it stands (found through PyYAML's node positions), and new sources are appended to
the list, so the file's comments, field order and everything else are kept byte for byte.
(ruamel.yaml would round-trip too, but it is a new dependency for one small edit.)

Every value is written as YAML the engine produced (a quoted scalar or a literal block),
never pasted; the written text is parsed again and compared with what was meant, and
nothing is written outside ``annotations/``.

Exit codes: 0 the file was written and the check finds no error in it; 1 it was written
and the check reports errors in it (listed as ``file:line:col``, to fix in the pull
request); 2 nothing was written (missing or hostile values, an unknown entry, an entry
that exists already, the licence box not ticked).
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from pathlib import Path

import yaml

from .issueform import edition_labels
from .kinds import KINDS
from .model import CHAPTER_RE, SLUG_RE
from .problems import Problem
from .registry import RESERVED_IDS, inside
from .scaffold import free_id, slugify, yaml_str
from .yamlsafe import MAX_BYTES, load_text, replace_value, top_level

NO_RESPONSE = "_No response_"
_HEADING_RE = re.compile(r"^###[ \t]+(.+?)[ \t]*$")
_NOTE_RE = re.compile(rf"^({CHAPTER_RE.pattern[1:-1]})-(\d{{1,4}})$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MARKUP_RE = re.compile(r"<\s*/?\s*[A-Za-z!?]|&#|&[A-Za-z]+;")
_SCRIPT_URL_RE = re.compile(r"(?i)\b(?:javascript|vbscript|livescript)\s*:|\bdata\s*:\s*[a-z]+/[a-z0-9.+-]+")
_FRONT_MATTER_RE = re.compile(r"(?m)^(?:---|\.\.\.)\s*$")
_URL_RE = re.compile(r"https?://[^\s<>\"'`\\]+")
#: The field of each kind that holds the suggestion's text.
BODY_FIELD = {"person": "profile", "term": "definition", "place": "definition", "event": "description", "note": "text"}
#: One-line fields: a line break in them is refused.
ONE_LINE = ("kind", "entry", "name", "summary", "date", "passage")


@dataclasses.dataclass
class Issue:
    """A parsed issue: each field's value, and the line its value starts on (for messages)."""

    values: dict[str, str]
    lines: dict[str, int]
    file: str

    def get(self, key: str) -> str:
        """The field's value ("" when empty or absent)."""
        return self.values.get(key, "")

    def problem(self, key: str, message: str, fix: str) -> Problem:
        """A problem pointing at the field's value in the issue file."""
        return Problem(self.file, self.lines.get(key, 1), 1, message, fix, code="suggestion")


def parse_issue(text: str, labels: dict[str, str], file: str) -> tuple[Issue, list[Problem]]:
    """Read an issue body as GitHub renders an issue form; unknown headings are ignored."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    current: str | None = None
    buffer: list[str] = []

    def close() -> None:
        if current is not None:
            values[current] = "\n".join(buffer).strip()

    for number, line in enumerate(text.split("\n"), 1):
        m = _HEADING_RE.match(line)
        if m and m.group(1) in labels:
            close()
            current, buffer = labels[m.group(1)], []
            if current in values:
                problems.append(Problem(file, number, 1, f"The field '{m.group(1)}' is given twice.",
                                        "Give each field once (a heading '### ...' inside a text starts a field).",
                                        code="suggestion"))
            lines[current] = number + 1
            continue
        if current is not None:
            buffer.append(line)
    close()
    for key, value in list(values.items()):
        if value == NO_RESPONSE:
            values[key] = ""
        elif key == "licence":
            values[key] = "yes" if re.search(r"(?m)^\s*[-*]\s*\[[xX]\]", value) else ""
    return Issue(values, lines, file), problems


#: What a value may not hold, what to say, and how to mend it: every field is checked against each.
_HOSTILE: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (_CONTROL_RE, "holds control or direction-override characters.", "Type the text again as plain text."),
    (_MARKUP_RE, "holds HTML markup or character references.",
     "Write plain text or Markdown (*emphasis*, [[id]] links); no HTML."),
    (_SCRIPT_URL_RE, "holds a script or data URL.", "Link only to web pages (https://...)."),
    (_FRONT_MATTER_RE, "holds a '---' or '...' line (a front matter or document marker).", "Remove that line."),
)


def refusals(issue: Issue) -> list[Problem]:
    """Values refused before anything is written: hostile text, missing fields, a bad ``entry``."""
    out = []
    for key, value in issue.values.items():
        out += [issue.problem(key, f"'{key}' {what}", fix) for pattern, what, fix in _HOSTILE if pattern.search(value)]
        if key in ONE_LINE and "\n" in value:
            out.append(issue.problem(key, f"'{key}' must be one line.", "Remove the line breaks."))
    kind = issue.get("kind")
    if kind not in (*BODY_FIELD, "correction"):
        out.append(issue.problem("kind", f"Unknown kind {kind!r}.",
                                 "Choose person, term, place, event, note or correction."))
    if issue.get("licence") != "yes":
        out.append(issue.problem("licence", "The licence box is not ticked.",
                                 "Tick the box agreeing to publish the text under the annotations' licence."))
    entry = issue.get("entry")
    if (entry and not (SLUG_RE.match(entry) or _NOTE_RE.match(entry))) or entry in RESERVED_IDS:
        out.append(issue.problem("entry", f"'Entry' must be an id such as 'trotski' or a note such as '28-26', not {entry!r}.",
                                 "Copy the id from the entry's address (the last part, without slashes)."))
    return out


def _literal_ok(text: str) -> bool:
    lines = text.split("\n")
    return bool(text) and not text[0].isspace() and all(line == line.rstrip() for line in lines) and "\t" not in text


def scalar(text: str, indent: int) -> str:
    """A value as YAML: a literal block for readable multi-line text, else a double-quoted scalar."""
    if "\n" in text and _literal_ok(text):
        pad = " " * indent
        return "|\n" + "\n".join(pad + line if line else "" for line in text.split("\n")) + "\n"
    return yaml_str(text) + "\n"


def parse_sources(text: str) -> list[dict[str, str]]:
    """One source per line: a web address becomes ``url``, the rest of the line its ``title``."""
    out = []
    for line in text.split("\n"):
        line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line).strip()
        if not line:
            continue
        url = _URL_RE.search(line)
        title = (line[: url.start()] + line[url.end():]).strip(" ,;:–—-()") if url else line
        out.append({"title": title or (url.group(0) if url else line), **({"url": url.group(0)} if url else {})})
    return out


def _sources_yaml(sources: list[dict[str, str]], indent: int) -> str:
    pad = " " * indent
    return "".join(f"{pad}- " + f"\n{pad}  ".join(f"{k}: {yaml_str(v)}" for k, v in s.items()) + "\n" for s in sources)


def _forms_yaml(forms: list[str]) -> str:
    items = [f"  - {{text: {yaml_str(f)}, common: true}}" if f[:1].islower() else f"  - {yaml_str(f)}" for f in forms]
    return "match:\n" + "\n".join(items) + "\n" if items else "match: []\n"


def new_entry_text(kind: str, issue: Issue) -> str:
    """The YAML of a new entry or note expansion from the issue's values."""
    schema = f"# yaml-language-server: $schema=../../hooks/schemas/{kind}.schema.json\n"
    passage = re.sub(r"[\r\n\x85\u2028\u2029]+", " ", issue.get("passage"))  # a comment is one line
    head = schema + f"# Suggested in an issue{' (' + passage + ')' if passage else ''}.\n"
    text, summary = issue.get("text"), issue.get("summary")
    if kind == "note":
        m = _NOTE_RE.match(issue.get("entry"))
        assert m is not None  # refused earlier otherwise
        body = f"chapter: {yaml_str(m.group(1))}\nnumber: {int(m.group(2))}\n"
    else:
        forms = [f.strip() for f in issue.get("forms").split("\n") if f.strip()]
        body = f"name: {yaml_str(issue.get('name'))}\n" + _forms_yaml(forms)
        if kind == "event":
            body += f"date: {yaml_str(issue.get('date'))}\n"
        if kind in ("person", "event"):
            body += f"summary: {yaml_str(summary)}\n"
        elif summary:  # terms and places have no summary line: it opens their definition
            text = f"{summary}\n\n{text}".strip()
    body += f"{BODY_FIELD[kind]}: {scalar(text, 2)}"
    sources = parse_sources(issue.get("sources"))
    body += "sources:\n" + _sources_yaml(sources, 2) if sources else ""
    return head + body


def _append_sources(text: str, sources: list[dict[str, str]]) -> str:
    """``text`` with ``sources`` added at the end of its ``sources:`` list (block lists keep their comments)."""
    nodes = top_level(text)
    if "sources" not in nodes or not isinstance(nodes["sources"][1], yaml.SequenceNode) or not nodes["sources"][1].value:
        return replace_value(text, "sources", "\n" + _sources_yaml(sources, 2))
    seq = nodes["sources"][1]
    if getattr(seq, "flow_style", False):
        loaded, _ = load_text(text, "x")
        old = [s for s in (loaded.data.get("sources") or [])] if loaded else []
        return replace_value(text, "sources", "\n" + _sources_yaml([*old, *sources], 2))
    indent = seq.value[0].start_mark.column - 2
    end = seq.end_mark.index
    end = text.rfind("\n", 0, end) + 1 if text[end - 1:end] != "\n" and "\n" in text[seq.start_mark.index:end] else end
    insert = _sources_yaml(sources, indent)
    if not text[:end].endswith("\n"):
        insert = "\n" + insert
    return text[:end] + insert + text[end:]


def correction_text(text: str, kind: str, issue: Issue) -> tuple[str, list[str]]:
    """The named file's text with the issue's fields applied; and the fields changed."""
    changed: list[str] = []
    if issue.get("name") and kind != "note":
        text, changed = replace_value(text, "name", yaml_str(issue.get("name")) + "\n"), [*changed, "name"]
    if issue.get("summary") and kind in ("person", "event"):
        text, changed = replace_value(text, "summary", yaml_str(issue.get("summary")) + "\n"), [*changed, "summary"]
    if issue.get("date") and kind == "event":
        text, changed = replace_value(text, "date", yaml_str(issue.get("date")) + "\n"), [*changed, "date"]
    forms = [f.strip() for f in issue.get("forms").split("\n") if f.strip()]
    if forms and kind != "note":
        text, changed = replace_value(text, "match", _forms_yaml(forms).removeprefix("match: ")), [*changed, "match"]
    if issue.get("text"):
        field = BODY_FIELD[kind]
        text, changed = replace_value(text, field, scalar(issue.get("text"), 2)), [*changed, field]
    sources = parse_sources(issue.get("sources"))
    if sources:
        text, changed = _append_sources(text, sources), [*changed, "sources"]
    return text, changed


def find_entry(annotations: Path, entry: str) -> tuple[str, Path] | None:
    """The kind and file of an entry id (or a note's ``chapter-number``), if the edition has it."""
    for kind in KINDS.values():
        for suffix in (".yml", ".yaml"):
            path = annotations / kind.folder / f"{entry}{suffix}"
            if path.is_file() and inside(path, annotations):
                return kind.name, path
    return None


@dataclasses.dataclass
class Outcome:
    """What :func:`apply` did: the file it wrote (or None), the problems, and a line for people."""

    path: Path | None
    problems: list[Problem]
    summary: str


def _new_id(annotations: Path, kind: str, name: str, number: str) -> str:
    """A free id for a new entry: the surname for a person, else the name (transliterated); else the issue's number."""
    if not slugify(name):
        return f"suggestion-{number}" if number.isdigit() else ""
    taken = {p.stem for k in KINDS.values() for p in (annotations / k.folder).glob("*.y*ml")}
    return free_id(taken, name, name.split()[-1] if KINDS[kind].inverted_names else None)


def _target(issue: Issue, annotations: Path, number: str) -> tuple[str, Path, bool] | Problem:
    """(kind, file, is_new) for the issue, or the problem that stops it."""
    kind, entry = issue.get("kind"), issue.get("entry")
    if kind == "correction":
        found = find_entry(annotations, entry) if entry else None
        if found is None:
            return issue.problem("entry", f"No entry {entry!r} to correct." if entry else "A correction needs 'Entry'.",
                                 "Give the id of the entry to correct, as in its address (e.g. 'trotski').")
        return found[0], found[1], False
    if kind == "note":
        if not _NOTE_RE.match(entry):
            return issue.problem("entry", "A note needs its chapter and number in 'Entry', e.g. '28-26'.",
                                 "Write the chapter, a hyphen and the note's number.")
        ident = entry
    else:
        missing = [k for k in ("name", "text") if not issue.get(k)]
        if missing:
            return issue.problem(missing[0], f"A new {kind} needs '{missing[0]}'.", f"Fill in '{missing[0]}'.")
        ident = entry or _new_id(annotations, kind, issue.get("name"), number)
        if not SLUG_RE.match(ident) or ident in RESERVED_IDS:
            return issue.problem("entry", "No id can be made from the name.", "Give an id in 'Entry', e.g. 'ryutin'.")
    existing = find_entry(annotations, ident)
    if existing is not None:
        return issue.problem("entry", f"The entry '{ident}' exists already ({existing[1].name} in {existing[0]}).",
                             f"To change it, choose the kind 'correction' with the entry '{ident}'; for a new entry, give another id.")
    return kind, annotations / KINDS[kind].folder / f"{ident}.yml", True


def apply(issue: Issue, annotations: Path, number: str = "") -> Outcome:
    """Write the issue's annotation under ``annotations/`` (never elsewhere); nothing on a problem."""
    refused = refusals(issue)
    if refused:
        return Outcome(None, refused, "Nothing was written: the suggestion has values the check refuses.")
    target = _target(issue, annotations, number)
    if isinstance(target, Problem):
        return Outcome(None, [target], "Nothing was written.")
    kind, path, new = target
    if not inside(path, annotations) or path.is_symlink():
        return Outcome(None, [issue.problem("entry", "That file is outside the annotations folder.", "Give a plain id.")],
                       "Nothing was written.")
    if new:
        text, what = new_entry_text(kind, issue), f"new {kind}"
    else:
        old = path.read_text(encoding="utf-8")
        text, changed = correction_text(old, kind, issue)
        if not changed:
            return Outcome(None, [issue.problem("text", "The correction changes nothing.",
                                                "Fill in the fields to change (e.g. 'Text' or 'Sources').")], "Nothing was written.")
        what = f"correction of {', '.join(changed)}"
    if len(text.encode("utf-8")) > MAX_BYTES or load_text(text, path.name)[0] is None:
        return Outcome(None, [issue.problem("text", "The suggestion is too long or cannot be written as an annotation.",
                                            "Shorten the text.")], "Nothing was written.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Outcome(path, [], f"Wrote {path.name} ({what}).")


def _comment(outcome: Outcome, problems: list[Problem], root: Path, issue_number: str) -> str:
    """The Markdown comment the workflow posts on the issue: what was written and the check's result."""
    lines = [f"**{outcome.summary}**", ""]
    if outcome.path is not None:
        rel = outcome.path.relative_to(root).as_posix()
        verb = "changes" if "correction" in outcome.summary else "adds"
        lines.append(f"The pull request from `suggestion/issue-{issue_number}` {verb} `{rel}`." if issue_number.isdigit()
                     else f"File: `{rel}`.")
    if problems:
        listing = "\n".join(p.format() for p in problems)
        fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", listing)), default=0))
        lines += ["", "The check found what needs fixing (edit the issue, or the pull request):", "",
                  f"{fence}text", listing, fence]
    else:
        lines += ["", "The check found no problem in it."]
    return "\n".join(lines) + "\n"


def run_suggestion(project: object, args: argparse.Namespace) -> int:
    """``glossa suggestion --from-issue FILE``: write the file, check it, print every problem; see the exit codes above."""
    from .project import check
    from .yamlsafe import read_text

    root: Path = project.root  # type: ignore[attr-defined]
    annotations: Path = project.annotations  # type: ignore[attr-defined]
    source = Path(args.from_issue)
    body, problems = read_text(source, args.from_issue, what="issue texts")
    outcome = Outcome(None, problems, "Nothing was written: the issue's text cannot be read.")
    if body is not None:
        issue, problems = parse_issue(body, edition_labels(root), args.from_issue)
        outcome = Outcome(None, problems, "Nothing was written.") if problems else apply(issue, annotations, args.issue or "")
    found = outcome.problems
    if outcome.path is not None:
        rel = outcome.path.relative_to(root).as_posix()
        found = [p for p in check(project) if p.file == rel and p.severity == "error"]  # type: ignore[arg-type]
    for p in sorted(found):
        print(p.format())
    print(outcome.summary + (f" The check: {len(found)} error(s)." if outcome.path is not None else ""))
    if args.comment:
        Path(args.comment).write_text(_comment(outcome, found, root, args.issue or ""), encoding="utf-8")
    if outcome.path is None:
        return 2
    return 1 if found else 0
