"""A pull request must not hurt readers: every payload in every slot is inert, and the check flags it.

One fixture edition holds every injection (each payload in each string slot of each
kind gets an entry of its own, and chapters carry payloads in their front matter and
body), so one build covers them all. Every built page's DOM is scanned for active
content, and the check must report every injection at its file and line. In CI the
whole corpus runs; locally a fast subset (set GLOSSA_FULL=1 for all of it).

The browser half loads built pages in Chromium, opens every preview and counts what ran.
It loads a stratified sample (see ``sample_pages``): every page that is not one injection's
own (chapters, the pages of mentions, indexes, the timeline), one page of every payload
family in every slot, and every page the static scan found suspicious. The sample's seed
changes with the commit, so successive runs cover the whole corpus; ``GLOSSA_SEED=N``
replays a run, and ``GLOSSA_FULL=1`` loads every page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import os
import random
import re
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import Site, assert_no_blowup
from xss_corpus import family, unique

from glossa import testing
from glossa.edition_tests.conftest import browser  # noqa: F401 - the fixture, shared with the edition tests
from glossa.extension import PREVIEWS_SUFFIX
from glossa.project import Project, check, load_project
from glossa.pytest_plugin import SUMMARY
from glossa.scaffold import yaml_str

#: A payload that is one inline code span.
CODE_SPAN = re.compile(r"`[^`\n]+`")
#: Every page in the browser too, not a sample.
FULL_SWEEP = os.environ.get("GLOSSA_FULL") == "1" or os.environ.get("GLOSSA_FULL_XSS") == "1"
FULL = os.environ.get("CI") == "true" or FULL_SWEEP
PAYLOADS = unique() if FULL else unique()[::9]
ROOT = Path(__file__).resolve().parents[2]

SOURCE = {"title": "A book", "author": "An Author", "editor": "An Editor", "container": "A Journal", "year": "2004",
          "publisher": "A Press", "place": "London", "url": "https://example.org/a", "pages": "1-2", "chapter": "3",
          "section": "Article 1", "note": "A note."}
BASE = {
    "person": {"name": "P", "match": ["Xform"], "other_names": ["Other"], "born": {"date": "1900", "note": "Note."},
               "died": "1950", "death": "Shot", "dates_note": "Old Style.", "offices": [{"office": "Office", "start": "1920"}],
               "summary": "Summary.", "profile": "Profile.", "sources": [SOURCE], "wikidata": "Q1", "related": ["anchor"],
               "redirect_from": ["old/p"]},
    "term": {"name": "T", "match": ["Xform"], "category": "concept", "original": {"text": "o", "language": "Russian",
             "meaning": "m"}, "definition": "Definition.", "sources": [SOURCE]},
    "place": {"name": "Pl", "match": ["Xform"], "geonames": "1", "definition": "A place.", "sources": [SOURCE]},
    "event": {"name": "E", "match": ["Xform"], "date": "1936", "summary": "Summary.", "description": "Description.",
              "sources": [SOURCE]},
}
FOLDERS = {"person": "people", "term": "glossary", "place": "places", "event": "events"}


def _slots(data: object, path: tuple = ()) -> Iterator[tuple]:
    """Every string slot of an entry (dates, ids and numbers included: all are strings in YAML)."""
    if isinstance(data, str):
        yield path
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _slots(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _slots(value, (*path, i))


def _set(data: object, path: tuple, value: str) -> object:
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)  # type: ignore[call-overload]
    copy[path[0]] = _set(copy[path[0]], path[1:], value)
    return copy


def _yaml(data: object, indent: int = 0) -> list[str]:
    """Block YAML with every string double-quoted (so the payload is the value, whatever it holds)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, (dict, list)):
                lines.append(f"{pad}{key}:")
                lines += _yaml(value, indent + 2)
            else:
                lines.append(f"{pad}{key}: {yaml_str(value)}")
    else:
        assert isinstance(data, list)
        for value in data:
            if isinstance(value, dict):
                sub = _yaml(value, indent + 2)
                lines.append(f"{pad}- {sub[0].lstrip()}")
                lines += sub[1:]
            else:
                lines.append(f"{pad}- {yaml_str(value)}")
    return lines


@dataclasses.dataclass(frozen=True)
class Injection:
    file: str  # relative to the edition
    slot: str
    payload: str
    line: int  # the line the payload's value starts on


def _lines(i: Injection) -> set[int]:
    """The lines a problem with ``i`` may be reported on: any the payload spans, or 1 for a whole file."""
    return {1, *range(i.line, i.line + i.payload.count("\n") + 1)}


def _line_of(lines: list[str], payload: str) -> int:
    quoted = yaml_str(payload)
    return next(i for i, line in enumerate(lines, start=1) if quoted in line)


def corpus_edition(site: Site) -> list[Injection]:
    """Write the injection edition: one entry per (kind, slot, payload), chapters that mention them all."""
    injections: list[Injection] = []
    site.write("annotations/people/anchor.yml", "name: Anchor\nmatch: [Anchorform]\nsummary: s.\nprofile: p.\n"
               "sources: [{title: A, url: 'https://example.org/'}]\n")
    forms: list[str] = ["Anchorform"]
    n = 0
    for kind, base in BASE.items():
        for slot in _slots(base):
            for payload in PAYLOADS:
                n += 1
                data = _set(base, slot, payload)
                form = f"Xq{n:05d}"
                if slot != ("match", 0):
                    data = _set(data, ("match", 0), form)
                    forms.append(form)
                lines = _yaml(data)
                rel = f"annotations/{FOLDERS[kind]}/x{n:05d}.yml"
                site.write(rel, "\n".join(lines) + "\n")
                injections.append(Injection(rel, f"{kind}.{'.'.join(map(str, slot))}", payload, _line_of(lines, payload)))
    # Note expansions: text and sources.
    note_slots: dict[str, tuple[str | int, ...]] = {"text": ("text",), "source": ("sources", 0, "title"),
                                                    "author": ("sources", 0, "author")}
    body: list[str] = []
    for payload in PAYLOADS:
        for name, note_slot in note_slots.items():
            number = len(body) + 1
            data = _set({"chapter": "1", "number": str(number), "text": "Commentary.", "sources": [SOURCE]}, note_slot,
                        payload)
            lines = _yaml(data)
            rel = f"annotations/notes/1-{number}.yml"
            site.write(rel, "\n".join(lines) + "\n")
            injections.append(Injection(rel, f"note.{name}", payload, _line_of(lines, payload)))
            body.append(f"Marker {number}.{{^{number}}}")
    # Chapter 1 carries every note marker; the mention chapters name every entry, 200 to a chapter, so
    # that the browser sweep opens each preview on a page of a book chapter's size.
    site.write("docs/chapter-1.md", "---\nchapter: \"1\"\n---\n\n# Chapter 1\n\n"
               + "".join(f"{p}\n{{: #c1-p{i} }}\n\n" for i, p in enumerate(body, start=1)))
    for k, start in enumerate(range(0, len(forms), 200), start=1):
        paras = [" ".join(forms[i:i + 50]) + "." for i in range(start, min(start + 200, len(forms)), 50)]
        site.write(f"docs/mentions-{k}.md", f"---\nchapter: m{k}\n---\n\n# Mentions {k}\n\n"
                   + "".join(f"{p}\n{{: #cm{k}-p{i} }}\n\n" for i, p in enumerate(paras, start=1)))
    # Chapter bodies: one chapter per payload (a payload that makes its file unreadable spoils only that one).
    for i, payload in enumerate(PAYLOADS, start=1):
        rel = f"docs/body-{i}.md"
        site.write(rel, f"---\nchapter: b{i}\n---\n\n# Body {i}\n\nText {payload} more.\n{{: #cb{i}-p1 }}\n")
        injections.append(Injection(rel, "chapter.body", payload, 7))
    # Front matter: one page per payload and field.
    for i, payload in enumerate(PAYLOADS, start=1):
        for field in ("title", "description", "chapter"):
            rel = f"docs/fm-{field}-{i}.md"
            site.write(rel, f"---\n{field}: {yaml_str(payload)}\n---\n\n# Page\n\nText.\n")
            injections.append(Injection(rel, f"front-matter.{field}", payload, 2))
    site.write("docs/index.md", "# Home\n\nWelcome.\n")
    return injections


class _Active(HTMLParser):
    """Active content in built HTML: scripts we did not write, handlers, script URLs, foreign elements.

    The theme's own scripts are recognised by comparison with a clean build; inside
    the article (where contributors' text lands) no foreign element may appear at all.
    """

    NEVER = frozenset({"iframe", "frame", "frameset", "object", "embed", "base", "applet", "isindex", "keygen", "xmp",
                       "plaintext", "template", "noscript", "marquee"})
    CONTENT_ONLY_BAD = frozenset({"script", "svg", "math", "style", "link", "img", "video", "audio", "source", "form",
                                  "input", "button", "textarea", "select", "meta"})
    URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "background", "dynsrc", "lowsrc", "data",
                           "poster"})

    def __init__(self, scripts: set[str], *, body_is_content: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts = scripts  # the inline scripts a clean build has
        self.found: list[str] = []
        self.in_article = 0
        self.in_script = False
        self.script_text = ""
        self.script_type = ""
        #: A page's previews file: all of its body is contributors' text, like an article.
        self.body_is_content = body_is_content

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        rendered = (self.get_starttag_text() or "")[:120]
        if tag == "article" or (tag == "body" and self.body_is_content):
            self.in_article += 1
        if tag in self.NEVER:
            self.found.append(rendered)
        elif self.in_article and tag in self.CONTENT_ONLY_BAD and not self._ours(tag, a):
            self.found.append(rendered)
        elif tag == "meta" and a.get("http-equiv", "").lower() == "refresh" and not re.match(
                r"^0; url=(?:\.\./)*[a-z0-9-]+/[a-z0-9-]+/$", a.get("content", "")):
            self.found.append(rendered)  # only Glossa's own redirect pages refresh, to an entry's address
        elif tag == "script":
            if a.get("src"):
                if not re.match(r"^(?:/|(?:\.\./)*)assets/", a["src"]):
                    self.found.append(rendered)
            else:
                self.in_script, self.script_text, self.script_type = True, "", a.get("type", "")
        for name, value in a.items():
            v = re.sub(r"[\x00-\x20]", "", value).lower()  # what URL parsers drop
            if name.startswith("on") or name in ("srcdoc", "formaction") or (
                    name in self.URL_ATTRS and re.match(r"^(?:javascript|vbscript|data|livescript):", v)):
                self.found.append(f"{tag}[{name}={value[:60]}]")
            if name == "style" and re.search(r"expression\(|url\(|behavior|binding", v):
                self.found.append(f"{tag}[style]")

    @staticmethod
    def _ours(tag: str, a: dict[str, str]) -> bool:
        if tag == "input":  # the mark switches and the timeline's filters
            return a.get("type") == "checkbox" and ("data-kind" in a or "data-filter" in a)
        return tag == "select" and "data-filter" in a

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.in_article:
            self.in_article -= 1
        if tag == "script" and self.in_script:
            self.in_script = False
            if self.script_type == "application/ld+json":
                # Data, not code: it must parse as JSON and hold no markup that could end its element.
                try:
                    json.loads(self.script_text)
                except ValueError:
                    self.found.append("JSON-LD that does not parse: " + self.script_text[:80])
                if "<" in self.script_text:
                    self.found.append("JSON-LD holding '<': " + self.script_text[:80])
            elif _norm(self.script_text) not in self.scripts:
                self.found.append("inline script: " + self.script_text[:80])

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.script_text += data


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"(?:\.\./)+", "", text)).strip()


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.text = ""
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "script" and not dict(attrs).get("src"):
            self.inside, self.text = True, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.inside:
            self.inside = False
            self.found.add(_norm(self.text))

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text += data


def baseline_scripts(out: Path) -> set[str]:
    """The inline scripts a clean build of a small edition emits (the theme's and Glossa's own)."""
    found: set[str] = set()
    for page in out.rglob("*.html"):
        parser = _Scripts()
        parser.feed(page.read_text(encoding="utf-8"))
        found |= parser.found
    return found


def scan_site(out: Path, scripts: set[str]) -> dict[str, list[str]]:
    """Active content per page."""
    found: dict[str, list[str]] = {}
    for page in out.rglob("*.html"):
        parser = _Active(scripts, body_is_content=page.name.endswith(PREVIEWS_SUFFIX))
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            found[page.relative_to(out).as_posix()] = parser.found
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, list[Injection], Path, dict[str, list[str]]]:
    """The injection edition, built once, and the clean baseline of allowed tags."""
    clean = Site(tmp_path_factory.mktemp("clean") / "edition")
    clean.write("docs/index.md", "# Home\n")
    clean.write("docs/chapter-1.md", "---\nchapter: \"1\"\n---\n\n# One\n\nAnchorform.{^1}\n{: #c1-p1 }\n")
    clean.write("annotations/people/anchor.yml", "name: Anchor\nmatch: [Anchorform]\nsummary: s.\nprofile: p.\n")
    clean.write("annotations/notes/1-1.yml", "chapter: 1\nnumber: 1\ntext: t.\n")
    assert clean.build(strict=False).returncode == 0
    allowed = baseline_scripts(clean.root / "site")
    site = Site(tmp_path_factory.mktemp("xss") / "edition")
    injections = corpus_edition(site)
    result = site.build(strict=False)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    return site, injections, site.root / "site", scan_site(site.root / "site", allowed)


def test_no_payload_leaves_active_content_in_any_built_page(corpus, record_property) -> None:
    _site, injections, out, found = corpus
    pages = list(out.rglob("*.html"))
    slots = {i.slot for i in injections}
    record_property(SUMMARY, f"XSS corpus: {len(PAYLOADS)} payloads, {len(slots)} slots, {len(injections)} injections, "
                             f"{len(pages)} pages built; active content found in {len(found)} page(s)")
    assert not found, {k: v[:3] for k, v in list(found.items())[:10]}


def test_the_check_flags_every_injection_at_its_file_and_line(corpus, record_property) -> None:
    site, injections, out, _found = corpus
    problems = check(load_project(site.root / "mkdocs.yml"))
    by_file: dict[str, list[int]] = {}
    for p in problems:
        if p.severity in ("error", "warning"):
            by_file.setdefault(p.file, []).append(p.line)
    # A code span in a chapter is the one place markup is shown, not run: the check leaves it alone (a book
    # may quote code), and the page must show it as text.
    shown = [i for i in injections if i.slot == "chapter.body" and CODE_SPAN.fullmatch(i.payload)]
    for i in shown:
        page = (out / Path(i.file).stem / "index.html").read_text(encoding="utf-8")
        assert f"<code>{html.escape(i.payload[1:-1], quote=False)}</code>" in page, i.file
    # One of the payload's own lines; a file the payload made unreadable as a whole is reported at its line 1.
    missed = [i for i in injections if i not in shown
              and not any(line in _lines(i) for line in by_file.get(i.file, []))]
    record_property(SUMMARY, f"check: {len(injections) - len(shown) - len(missed)} of {len(injections) - len(shown)} injections "
                             f"flagged with file:line:col ({len(shown)} code spans shown as text)")
    assert not missed, [(m.file, m.slot, m.payload[:40]) for m in missed[:15]]


#: Runs in every page before its own scripts: a payload that runs calls one of these, and is counted.
TRAP_JS = """(() => {
  window.__xss = [];
  for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
    window[name] = (...args) => { window.__xss.push(name + "(" + args.join(",") + ")"); };
  }
})();"""

#: A page's previews file has been loaded (or has failed: its previews then do not open, and the test fails).
PREVIEWS_IN_JS = """(() => {
  const box = document.querySelector("aside.glossa-previews[data-glossa-src]");
  return !box || !!box.dataset.glossaState;
})()"""
#: Opens the preview of every mark of the page with the keyboard (Space), as a reader would (focus
#: shows its tooltip first); returns the number of marks and of previews that opened.
OPEN_ALL_JS = """() => {
  let opened = 0;
  const marks = [...document.querySelectorAll(".md-content a[data-glossa]")]
    .filter(a => !a.closest(".glossa-previews, .glossa-popover, .glossa-notes, .glossa-tips"));
  for (const a of marks) {
    a.focus();
    a.dispatchEvent(new KeyboardEvent("keydown", {key: " ", bubbles: true, cancelable: true}));
    const pop = document.getElementById("glossa-popover");
    if (pop && !pop.hidden && pop.textContent.trim()) opened++;
    document.activeElement.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true, cancelable: true}));
  }
  return [marks.length, opened];
}"""


def sweep_seed() -> int:
    """``GLOSSA_SEED``, else a number drawn from the commit (successive commits sample other pages)."""
    if os.environ.get("GLOSSA_SEED"):
        return int(os.environ["GLOSSA_SEED"])
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    basis = head or time.strftime("%Y-%m-%d")  # outside a checkout: a new sample each day
    return int(hashlib.sha256(basis.encode()).hexdigest()[:8], 16)


def own_page(out: Path, injection: Injection) -> Path | None:
    """The page that carries one injection alone (an entry's page, a chapter of its own), if built."""
    path = Path(injection.file)
    if path.parts[0] == "annotations" and path.parts[1] != "notes":
        page = out / path.parts[1] / path.stem / "index.html"
    elif path.parts[0] == "docs":
        page = out / path.stem / "index.html"
    else:
        return None  # a note's expansion is on chapter 1, which every sample loads
    return page if page.exists() else None


def sample_pages(out: Path, pages: list[Path], injections: list[Injection], suspicious: set[str],
                 seed: int) -> tuple[list[Path], int]:
    """A stratified sample of ``pages``, and the number of strata (slot, payload family) it covers.

    Every page that is not one injection's own (it shows many: chapters, the pages of mentions
    with their previews, indexes, the timeline), one page drawn by ``seed`` for every slot and
    payload family, and every page the static scan found suspicious.
    """
    strata: dict[tuple[str, str], list[Path]] = defaultdict(list)
    for injection in injections:
        page = own_page(out, injection)
        if page is not None:
            strata[(injection.slot, family(injection.payload))].append(page)
    own = {page for group in strata.values() for page in group}
    rng = random.Random(seed)
    chosen = {page for page in pages if page not in own}
    chosen |= {rng.choice(sorted(group)) for _, group in sorted(strata.items())}
    chosen |= {out / rel for rel in suspicious}
    return sorted(chosen), len(strata)


def test_the_sample_covers_every_family_in_every_slot_and_changes_with_the_seed(corpus) -> None:
    _site, injections, out, found = corpus
    pages = sorted(p for p in out.rglob("*.html") if "assets" not in p.parts)
    first, strata = sample_pages(out, pages, injections, set(found), seed=1)
    again, _ = sample_pages(out, pages, injections, set(found), seed=1)
    other, _ = sample_pages(out, pages, injections, set(found), seed=2)
    assert first == again and first != other  # replayable, and another seed draws other pages
    covered = {(i.slot, family(i.payload)) for i in injections if own_page(out, i) in set(first)}
    assert len(covered) == strata
    assert {p for p in pages if "mentions-" in p.as_posix() or p.parent == out} <= set(first)


@pytest.mark.slow
def test_no_payload_runs_in_a_browser_with_every_preview_open(corpus, browser, record_property) -> None:  # noqa: F811
    """The other half of the sweep: built pages in Chromium (a sample, or all), every preview and tooltip opened."""
    _site, injections, out, found = corpus
    ran: list[str] = []
    foreign: list[str] = []
    every = sorted(p for p in out.rglob("*.html") if "assets" not in p.parts)
    seed = sweep_seed()
    pages, strata = (every, 0) if FULL_SWEEP else sample_pages(out, every, injections, set(found), seed)
    record_property(SUMMARY, f"browser sweep: {'every page' if FULL_SWEEP else f'seed {seed}, {strata} slot and family strata'}: "
                             f"{len(pages)} of {len(every)} pages (GLOSSA_SEED={seed} replays this sample; GLOSSA_FULL=1 loads every page)")
    marks = opened = 0
    slowest: list[tuple[float, str]] = []
    with testing.served(out) as url:
        origin = url.rstrip("/")
        # A fresh context (and renderer) every 150 pages: one renderer for thousands of pages grows
        # until each load is several times slower.
        for first in range(0, len(pages), 150):
            context = browser.new_context()
            context.add_init_script(TRAP_JS)
            # The theme's search worker loads and indexes the whole site's search index on every page
            # (seconds for this corpus); no payload runs from it unless a search is typed and shown.
            context.route(re.compile(r"/search/search_index\.json$"), lambda route: route.abort())
            context.on("request", lambda r: None if r.url.startswith((origin, "data:", "blob:")) else foreign.append(r.url))
            page = context.new_page()
            page.on("dialog", lambda d: _count_dialog(d, ran))
            for html_file in pages[first:first + 150]:
                rel = html_file.relative_to(out).as_posix()
                start = time.perf_counter()
                page.goto(f"{url}{rel}", wait_until="load")
                page.wait_for_function("document.readyState === 'complete'")
                page.wait_for_function(PREVIEWS_IN_JS)  # the page's previews file, fetched after the page
                here, shown = page.evaluate(OPEN_ALL_JS)
                marks, opened = marks + here, opened + shown
                ran.extend(f"{rel}: {x}" for x in page.evaluate("window.__xss || []"))
                slowest = sorted([*slowest, (time.perf_counter() - start, rel)], reverse=True)[:3]
            context.close()
    record_property(SUMMARY, f"browser sweep: {len(pages)} pages loaded, {marks} marks, {opened} previews opened; "
                             f"{len(ran)} payloads ran, {len(foreign)} requests left the site; slowest pages "
                             + ", ".join(f"{rel} {t:.1f} s" for t, rel in slowest))
    replay = f" (replay: GLOSSA_SEED={seed})"
    assert marks and opened == marks, f"{opened} of {marks} previews opened" + replay
    assert not ran, f"{ran[:10]}{replay}"
    assert not foreign, f"{foreign[:10]}{replay}"


def _count_dialog(dialog, ran: list[str]) -> None:  # dialog: a Playwright Dialog
    """A payload ran and opened a dialog: count it and dismiss it, so the page goes on."""
    ran.append(f"dialog {dialog.message}")
    dialog.dismiss()


ADVERSARIAL = {
    "brackets": "[" * 60000,
    "ref brackets and spaces": "[[" + " " * 60000,
    "ref openers": "[[x|" * 15000,
    "spaces": " " * 60000,
    "quotes": '"' * 60000,
    "single quotes": "'" * 60000,
    "angle brackets": "<a" * 30000,
    "entities": "&#x" * 20000,
    "nested emphasis": "*_" * 30000,
    "links": "[a](" * 15000,
    "backticks": "`" * 60000,
    "braces": "{" * 60000,
    "attribute lists": "{: " * 20000,
    "markers": "{^1}" * 15000,
    "dashes": "-–—" * 20000,
}


def _adversarial_edition(site: Site, text: str) -> Project:
    """An edition whose chapter, profile and note are all ``text``."""
    site.write("docs/chapter-1.md", f"---\nchapter: \"1\"\n---\n\n# One\n\n{text}\n{{: #c1-p1 }}\n")
    site.write("annotations/people/x.yml", f"name: X\nmatch: [Xx]\nsummary: s\nprofile: {yaml_str(text)}\n")
    site.write("annotations/notes/1-1.yml", f"chapter: 1\nnumber: 1\ntext: {yaml_str(text)}\n")
    return load_project(site.root / "mkdocs.yml")


def _render_annotations(project: Project) -> None:
    """Render the edition's profile and note, with a fresh renderer (no cache from an earlier call)."""
    from glossa.extension import GlossaExtension
    from glossa.project import edition

    ed = edition(project)
    ext = GlossaExtension(ed.registry)
    entry = ed.registry.entries.get("x")
    if entry is not None:
        ext.renderer.markdown(entry.model.body(), "")
    if (("1", 1)) in ed.registry.notes:
        ext.renderer.note(ed.registry.notes[("1", 1)], "")


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_a_64kb_adversarial_annotation_or_chapter_is_handled_fast(site: Site, tmp_path: Path, name: str) -> None:
    text = ADVERSARIAL[name][:60000]
    big = _adversarial_edition(site, text)
    small = _adversarial_edition(Site(tmp_path / "small"), text[:len(text) // 16])
    problems = check(big)
    assert all(p.file and p.line >= 0 for p in problems)
    assert_no_blowup(f"check of {name}", lambda: check(small), lambda: check(big))
    assert_no_blowup(f"rendering of {name}", lambda: _render_annotations(small), lambda: _render_annotations(big))


def test_inputs_that_used_to_crash_get_located_errors(site: Site) -> None:
    site.write("docs/index.md", "# Home\n")
    site.write("annotations/people/capital.yml", "Name: X\nsummary: s\nprofile: p\n")
    site.write("annotations/people/deep.yml", "name: X\nother_names: " + "[" * 20000 + "\nsummary: s\nprofile: p\n")
    (site.root / "docs" / "bad.md").write_bytes(b"# Bad \xef byte\n")
    site.write("docs/broken-front.md", "---\nchapter: [1\ntitle: x\n---\n\nText.{^1} More.{^2}\n")
    for strict in (False, True):
        result = site.build(strict=strict)
        assert "Traceback" not in result.stderr, result.stderr[-2000:]
        assert "annotations/people/capital.yml:1:1: Unknown field 'Name'" in result.stderr
        assert "annotations/people/deep.yml:2:" in result.stderr and "nested" in result.stderr
        assert "docs/bad.md:1:7: The file is not valid UTF-8" in result.stderr
        assert result.stderr.count("docs/broken-front.md") == 1 and "front matter" in result.stderr
    assert not (site.root / "site" / "bad").exists()  # an unreadable page is reported, not published


def test_nothing_from_outside_the_repository_is_published(site: Site, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nroot:x:0:0\n", encoding="utf-8")
    site.write("docs/index.md", "# Home\n")
    os.symlink(secret, site.root / "docs" / "passwd.md")
    site.write("docs/evil.html", "<script>alert(1)</script>")
    result = site.build(strict=False)
    assert "docs/passwd.md:1:1: This file is, or lies behind, a symbolic link" in result.stderr
    assert "docs/evil.html" in result.stderr
    assert not (site.root / "site" / "passwd").exists() and not (site.root / "site" / "evil.html").exists()
    assert site.build(strict=True).returncode != 0


def test_serve_keeps_answering_and_shows_each_error(site: Site) -> None:
    """Every bad input of the audit, saved under ``serve``: the server answers and the page says what is wrong."""
    import subprocess
    import sys
    import urllib.request

    from glossa.bench import free_port, stop_server

    site.write("docs/index.md", "# Home\n")
    site.write("annotations/people/a.yml", "name: A\nmatch: [Aaa]\nsummary: s\nprofile: p\n")
    port = free_port()
    site.config(site_url=f"http://127.0.0.1:{port}/")
    proc = subprocess.Popen([sys.executable, "-m", "glossa", "-f", str(site.root / "mkdocs.yml"), "serve", "-a",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def get(path: str) -> str:
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5).read().decode()
        except OSError:
            return ""

    def wait(predicate, path: str = "", timeout: float = 30) -> str:
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = get(path)
            if predicate(text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for /{path}")

    try:
        wait(lambda t: "Home" in t)
        bad = {
            "annotations/people/b.yml": "Name: B\n",
            "annotations/people/c.yml": "name: C\nother_names: " + "[" * 20000 + "\n",
            "annotations/people/d.yml": "name: D\nprofile: '[[" + " " * 60000 + "'\n",
        }
        for rel, text in bad.items():
            site.write(rel, text)
            page = wait(lambda t, rel=rel: rel in t)
            assert "glossa-build-errors" in page and proc.poll() is None
            (site.root / rel).unlink()
        (site.root / "docs" / "bad.md").write_bytes(b"# Bad \xef byte\n")
        wait(lambda t: "docs/bad.md" in t)
        assert proc.poll() is None
    finally:
        err = stop_server(proc)
    assert "Traceback" not in err
