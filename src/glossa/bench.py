"""``glossa bench``: book-scale performance, printed as figures (never asserted in tests).

A synthetic book is generated in the project's own formats: per unit, 50 chapters of
about 3,000 words, 1,000 people, 500 terms and 2,000 notes, with Zipf-distributed
mentions, possessives, spelling variants and overlapping names ("Ivan Petrov" next to
"Petrov"). It is built three ways, each in a fresh process:

(a) plain   the same chapters, hooks off;
(b) static  the pages Glossa produced, dumped as ordinary Markdown files (raw HTML
            bodies) and built without hooks: the floor for producing this site;
(c) glossa  the full annotated build.

It reports median wall time and peak memory per build, c/b and c/a, Glossa's phases,
growth at several scales, the matcher alone with 10x the names, Glossa's linking
against Python-Markdown's ``abbr`` with the same names, page weight, and how fast
``serve`` shows an annotation edit.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .extension import PREVIEWS_SUFFIX

PACKAGE = Path(__file__).resolve().parent
FIRST = ["Ivan", "Pavel", "Sergei", "Nikolai", "Anna", "Maria", "Olga", "Lev", "Grigori", "Vera", "Boris", "Yakov",
         "Fyodor", "Nadezhda", "Semën", "Andrei", "Mikhail", "Yelena", "Dmitri", "Klim"]
SYL = ["ka", "lo", "mir", "sh", "ev", "ov", "in", "ra", "to", "dze", "ni", "ko", "vy", "bu", "rya", "zh", "pe", "gor", "lin", "dov"]
WORDS = ("the of and to in was that had his he for with as on by it were not but which from at they their this "
         "be an all would been who or more party state had years time work power policy new political people "
         "workers officials central local economic industrial rural city support against under after before "
         "could should might report order plan output decision meeting question members leaders line").split()


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        n = "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize()
        if n.lower() not in used and len(n) > 4:
            used.add(n.lower())
            return n


def generate(root: Path, scale: float, *, seed: int = 7, people_factor: int = 1) -> dict[str, int]:
    """Write a synthetic edition (mkdocs.yml, docs/, annotations/) at ``root``; it builds cleanly with --strict."""
    rng = random.Random(seed)
    chapters, n_people, n_terms, n_notes = int(50 * scale), int(1000 * scale * people_factor), int(500 * scale), int(2000 * scale)
    used: set[str] = set()
    for sub in ("docs", "annotations/people", "annotations/glossary", "annotations/notes"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    people = _people(rng, used, n_people)
    terms = []
    for i in range(n_terms):
        word = _name(rng, used).lower()
        terms.append((f"t{i}-{word}", word, [word, word + "s"] if i % 2 else [f"{word.capitalize()} Commission"]))
    _write_entries(root, rng, people, terms)
    # Zipf-like weights: a few names everywhere, most rarely.
    targets = [f for _, _, forms in people for f in forms[:2]] + [f for _, _, forms in terms for f in forms]
    weights = [1 / (1 + i) ** 0.8 for i in range(len(targets))]
    notes_per = max(1, n_notes // chapters)
    entries = [ident for ident, _, _ in people] + [ident for ident, _, _ in terms]
    nav, words = [], 0
    for c in range(1, chapters + 1):
        # Every form occurs somewhere (an edition's forms come from its text), spread over the chapters.
        roll = targets[c - 1::chapters]
        paras, n = _chapter(rng, c, targets, weights, notes_per, roll)
        words += n
        (root / "docs" / f"chapter-{c}.md").write_text(f'---\nchapter: "{c}"\n---\n\n# Chapter {c}\n\n' + "\n".join(paras),
                                                      encoding="utf-8")
        for k in range(1, notes_per + 1):
            # Notes name entries, so that every entry is mentioned or referenced somewhere.
            ref = entries[((c - 1) * notes_per + k) % len(entries)]
            (root / "annotations/notes" / f"{c}-{k}.yml").write_text(
                f'chapter: "{c}"\nnumber: {k}\ntext: "Commentary on note {k} of chapter {c}, about [[{ref}]]."\n'
                f'sources: [{{title: "Synthetic source", year: "2004"}}]\n', encoding="utf-8")
        nav.append(f"  - chapter-{c}.md")
    (root / "docs" / "index.md").write_text("# Synthetic book\n\nA book for the benchmark.\n", encoding="utf-8")
    base = ("site_name: Bench\nsite_url: http://127.0.0.1:8000/\ntheme:\n  name: material\n  font: false\n"
            "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n"
            "nav:\n  - index.md\n" + "\n".join(nav) + "\n")
    (root / "plain.yml").write_text(base, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        base + "  - people/index.md\n  - glossary/index.md\n  - book-index.md\n  - timeline.md\n"
        "plugins:\n  - search\n  - glossa:\n      edition: {editors: [Bench editors], publisher: Bench, year: '2026'}\n"
        "validation:\n  nav:\n    omitted_files: info\n",
        encoding="utf-8")
    return {"chapters": chapters, "people": n_people, "terms": n_terms, "notes": chapters * notes_per, "words": words}


def _people(rng: random.Random, used: set[str], count: int) -> list[tuple[str, str, list[str]]]:
    people: list[tuple[str, str, list[str]]] = []
    for i in range(count):
        last = _name(rng, used)
        first = rng.choice(FIRST)
        people.append((f"p{i}-{last.lower()}", f"{first} {last}", [f"{first} {last}", last]))
        # Every tenth person has a relative: an overlapping full name ("Vasili Stalin" next to "Stalin").
        if i % 10 == 0 and len(people) < count:
            relative = f"{rng.choice([f for f in FIRST if f != first])} {last}"
            people.append((f"p{i}r-{last.lower()}", relative, [relative]))
    return people[:count]


def _write_entries(root: Path, rng: random.Random, people: list, terms: list) -> None:
    for ident, name, forms in people:
        (root / "annotations/people" / f"{ident}.yml").write_text(
            f'name: "{name}"\nmatch: {json.dumps(forms, ensure_ascii=False)}\nother_names: ["{name}ski"]\n'
            f'born: "1890-01-0{rng.randint(1, 9)}"\nsummary: "A synthetic person, {name}."\n'
            f'profile: "Profile text for {name}, linked to [[{people[0][0] if ident != people[0][0] else people[1][0]}]]."\n'
            'sources: [{title: "Synthetic source", year: "2004"}]\n', encoding="utf-8")
    for ident, name, forms in terms:
        # Lowercase forms are confirmed, as an editor would after reading the check's count.
        match = [{"text": f, "common": True} if f[:1].islower() else f for f in forms]
        (root / "annotations/glossary" / f"{ident}.yml").write_text(
            f'name: "{name}"\ncategory: concept\nmatch: {json.dumps(match)}\n'
            f'definition: "Definition of {name}; see [[{people[0][0]}]]."\nsources: [{{title: "Glossary", year: "2004"}}]\n',
            encoding="utf-8")


def _chapter(rng: random.Random, c: int, targets: list[str], weights: list[float], notes_per: int,
             roll: list[str]) -> tuple[list[str], int]:
    paras, note, words = [], 0, 0
    per_para = (notes_per + 24) // 25
    for p in range(1, 26):
        sent: list[str] = []
        out: list[str] = []
        while len(out) < 120:
            if rng.random() < 0.07:
                form = rng.choices(targets, weights)[0]
                out.append(form + ("’s" if rng.random() < 0.1 else ""))
            else:
                out.append(rng.choice(WORDS))
            if len(out) % 15 == 0:
                chunk = " ".join(out[-15:])
                sent.append(chunk[:1].upper() + chunk[1:] + ".")
        text = " ".join(sent)
        for _ in range(per_para):
            if note < notes_per:
                note += 1
                text += f" More.{{^{note}}}"
        words += len(text.split())
        paras.append(f"{text}\n{{: #c{c}-p{p} }}\n")
    if roll:
        words += len(roll)
        paras.append("Also named in this chapter: " + ", ".join(roll) + f".\n{{: #c{c}-p26 }}\n")
    return paras, words


def _static_config(root: Path) -> None:
    """(b): the dumped pages, built without hooks, with the same theme assets and navigation."""
    static = root / "static"
    assets = static / "assets" / "glossa"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("glossa.css", "glossa.js"):
        shutil.copy(PACKAGE / "assets" / name, assets / name)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"  - glossa:\n(?:      .*\n)*", "", text)
    text += "docs_dir: static\nextra_css: [assets/glossa/glossa.css]\nextra_javascript: [assets/glossa/glossa.js]\n"
    (root / "static.yml").write_text(text, encoding="utf-8")


def _run(config: Path, out: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    """One build in a fresh process: (wall seconds, peak RSS in MiB)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)]
    e = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"build failed ({config.name}):\n{err[-2000:]}")
    return wall, usage.ru_maxrss // 1024


def _median_builds(config: Path, out: Path, runs: int, env: dict[str, str] | None = None) -> tuple[float, int]:
    times, mems = [], []
    for _ in range(runs):
        t, m = _run(config, out, env)
        times.append(t)
        mems.append(m)
    return statistics.median(times), max(mems)


def bench_scale(root: Path, scale: float, runs: int) -> dict:
    """Generate a book at ``scale`` and build it the three ways, interleaved run by run."""
    info = generate(root, scale)
    timings = root / "timings.json"
    # One (c) build first dumps the static equivalent (b) and the phase timings.
    _run(root / "mkdocs.yml", root / "site-c", {"GLOSSA_DUMP_STATIC": str(root / "static"), "GLOSSA_TIMINGS": str(timings)})
    _static_config(root)
    results: dict[str, list] = {"a": [], "b": [], "c": []}
    phases: list[dict] = []
    configs = {"a": root / "plain.yml", "b": root / "static.yml", "c": root / "mkdocs.yml"}
    for _ in range(runs):
        for key, cfg in configs.items():  # interleaved, so machine noise hits all three alike
            env = {"GLOSSA_TIMINGS": str(timings)} if key == "c" else None
            results[key].append(_run(cfg, root / f"site-{key}", env))
            if key == "c":
                phases.append(json.loads(timings.read_text()))
    out: dict[str, Any] = {"scale": scale, **info}
    for key, rows in results.items():
        out[key] = {"median_s": statistics.median(r[0] for r in rows), "peak_mib": max(r[1] for r in rows)}
    out["phases"] = {k: statistics.median(p.get(k, 0.0) for p in phases) for k in phases[0]}
    out["page_weight"] = page_weight(root)
    return out


def page_weight(root: Path) -> dict:
    """Chapter 1's annotated page against the unannotated page plus the text it must carry.

    The annotated page is counted with its previews file, which the page loads after itself:
    ``first_load_bytes`` is the page alone.
    """
    page = (root / "site-c" / "chapter-1" / "index.html").read_text(encoding="utf-8")
    previews = root / "site-c" / "chapter-1" / f"index{PREVIEWS_SUFFIX}"
    c = page + (previews.read_text(encoding="utf-8") if previews.exists() else "")
    a = (root / "site-a" / "chapter-1" / "index.html").read_text(encoding="utf-8")
    carried = carried_html = 0
    for m in re.finditer(r'<div data-glossa-preview="[^"]*">(.*?)</div>|<li id="note-[^"]*"[^>]*>(.*?)<a [^>]*class="glossa-backref"', c, re.S):
        inner = m.group(1) or m.group(2)
        carried += len(re.sub(r"<[^>]+>", "", inner).encode())
        carried_html += len(inner.encode())
    size_c, size_a = len(c.encode()), len(a.encode())
    # Two readings of "the text it must carry": the visible text only (strict), or the
    # expansions and previews as rendered, with their own links and lists.
    return {"annotated_bytes": size_c, "first_load_bytes": len(page.encode()), "plain_bytes": size_a,
            "carried_text_bytes": carried,
            "carried_html_bytes": carried_html, "ratio": size_c / (size_a + carried),
            "ratio_rendered": size_c / (size_a + carried_html)}


def matcher_scaling(root: Path, factor: int = 10) -> dict:
    """The matching phase alone, with N and factor*N names, over the same chapter text."""
    from .chapters import plain_blocks, split_front_matter
    from .matcher import FormSpec, Matcher

    texts = []
    for path in sorted((root / "docs").glob("chapter-*.md")):
        _, body, first = split_front_matter(path.read_text(encoding="utf-8"))
        texts += [t for _, t in plain_blocks(body, first)]
    base_forms = []
    for f in (root / "annotations" / "people").glob("*.yml"):
        m = re.search(r"match: (\[.*\])", f.read_text(encoding="utf-8"))
        base_forms += [FormSpec(f.stem, x) for x in json.loads(m.group(1))] if m else []
    rng = random.Random(3)
    extra = [FormSpec(f"x{i}", f"{rng.choice(FIRST)} Xq{i:06d}") for i in range(len(base_forms) * (factor - 1))]

    def timed(forms: list) -> float:
        m = Matcher(forms)
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            for t in texts:
                m.find(t)
            best = min(best, time.perf_counter() - t0)
        return best

    small, big = timed(base_forms), timed(base_forms + extra)
    return {"names": len(base_forms), "names_x": len(base_forms) + len(extra), "seconds": small, "seconds_x": big,
            "ratio": big / small}


def against_abbr(root: Path, names: int = 1500) -> dict:
    """Glossa's linking treeprocessor against Python-Markdown's abbr with the same names, in-process."""
    import markdown

    from .extension import GlossaExtension, PageSetup
    from .registry import load_registry

    registry, _ = load_registry(root / "annotations", root)
    # The same 1,500 names and terms for both sides.
    keep = sorted(registry.entries)[:names]
    forms = [(i, f.text) for i in keep for f in registry.entries[i].model.match]
    from .matcher import FormSpec, Matcher

    registry.matcher = Matcher(FormSpec(i, t) for i, t in forms)
    # abbr's own `glossary` option: the definitions Material's docs append to every page via
    # snippets, without timing the parsing of 1,500 definition lines (we time the treeprocessor).
    glossary = {t: registry.entries[i].model.name for i, t in forms}
    chapters = sorted((root / "docs").glob("chapter-*.md"))
    sources = [p.read_text(encoding="utf-8").split("---\n", 2)[2] for p in chapters]

    def time_processor(make, name: str) -> float:
        total = 0.0
        for src in sources:
            md = make()
            proc = md.treeprocessors[name]
            original = proc.run

            def wrapped(root, _orig=original):
                nonlocal total
                t0 = time.perf_counter()
                r = _orig(root)
                total += time.perf_counter() - t0
                return r

            proc.run = wrapped
            md.convert(src)
        return total

    ext = GlossaExtension(registry)

    def make_glossa():
        ext.begin_page(PageSetup(key="chapter.md", base="../", chapter="1", autolink=True))
        return markdown.Markdown(extensions=["attr_list", ext])

    def make_abbr():
        return markdown.Markdown(extensions=["attr_list", "abbr"], extension_configs={"abbr": {"glossary": glossary}})

    runs = [(time_processor(make_glossa, "glossa-link"), time_processor(make_abbr, "abbr")) for _ in range(3)]
    ours = statistics.median(r[0] for r in runs)
    theirs = statistics.median(r[1] for r in runs)
    return {"names": len(forms), "glossa_s": ours, "abbr_s": theirs, "ratio": ours / theirs}


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_server(proc: subprocess.Popen, timeout: float = 15) -> str:
    """Stop ``mkdocs serve`` as Ctrl-C would; return what it wrote to stderr (its log)."""
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err or ""


class _Server:
    """``glossa serve`` in a subprocess, its log read as it is written (a full pipe would stall it)."""

    def __init__(self, config: Path, full: bool = False) -> None:
        self.port = free_port()
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"http://127.0.0.1:{self.port}/")
        cmd = [sys.executable, "-m", "glossa", "-f", str(config), "serve", "-a", f"127.0.0.1:{self.port}"]
        self.proc = subprocess.Popen(cmd + (["--full"] if full else []), env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.log.append(line)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def get(self, path: str) -> str:
        try:
            return urllib.request.urlopen(self.url(path), timeout=30).read().decode("utf-8", "replace")
        except OSError:
            return ""

    def reloaded(self, epoch: int, timeout: float = 120) -> int:
        """Wait, as a served page's live-reload script does, for a build newer than ``epoch``; its epoch.

        Long-polling (not fetching pages in a tight loop) keeps the timing honest: the server
        is not kept busy answering requests while it rebuilds.
        """
        try:
            with urllib.request.urlopen(self.url(f"livereload/{epoch}/1"), timeout=timeout) as r:
                return int(r.read() or epoch)
        except (OSError, ValueError):
            return epoch

    def wait(self, path: str, timeout: float = 600) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline and not self.get(path):
            time.sleep(0.2)

    def stop(self) -> str:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.reader.join(timeout=5)
        return "".join(self.log)


def _edits(root: Path) -> dict[str, tuple[Path, Callable[[str, str], str], list[str]]]:
    """The edits to time: (file, how to change its text given a marker, pages that must show the marker)."""
    people = sorted((root / "annotations" / "people").glob("*.yml"))
    # A person mentioned in a few chapters: a popular one shows up in every chapter's preview data.
    person = next((p for p in people if p.stem.startswith("p5-")), people[len(people) // 2])
    # Chapters are the pages with paragraph ids (any edition's, not only the synthetic book's).
    chapters = sorted((p for p in (root / "docs").rglob("*.md") if _PARA_RE.search(p.read_text(encoding="utf-8"))),
                      key=lambda p: (int(re.sub(r"\D", "", p.stem) or 0), p.name))
    linking = [c for c in chapters if re.search(rf"\b{re.escape(_first_form(person))}\b", c.read_text(encoding="utf-8"))]
    entry_page = f"people/{person.stem}/"
    # The previews a chapter's popovers show live in its previews file, next to the page.
    previews = [f"{c.stem}/index{PREVIEWS_SUFFIX}" for c in linking][:50]
    note = sorted((root / "annotations" / "notes").glob("*.yml"))[0]
    note_chapter = str((yaml.safe_load(note.read_text(encoding="utf-8")) or {}).get("chapter", note.stem.split("-")[0]))
    # The page of the note's chapter: the chapter file whose front matter or name gives that number.
    note_page = next((c.stem for c in chapters if re.search(rf"(?m)^chapter: ['\"]?{re.escape(note_chapter)}['\"]?$",
                                                            c.read_text(encoding="utf-8"))), f"chapter-{note_chapter}")
    word = "Zqmarker"
    return {
        "summary": (person, _setter("summary"), [entry_page, *previews]),
        "profile": (person, _setter("profile"), [entry_page]),
        "note expansion": (note, _setter("text"), [f"{note_page}/"]),
        "new matched form": (person, lambda t, m: _yaml_edit(t, lambda d: d.update(match=[f"{word}{m[-1]}", *d["match"]])),
                             [entry_page]),
        "chapter paragraph": (chapters[0], lambda t, m: _PARA_RE.sub(lambda g: f" {m}{g.group()}", t, count=1),
                              [f"{chapters[0].stem}/"]),
    }


#: The end of a chapter paragraph: the line with its id ("{: #c1-p3 }").
_PARA_RE = re.compile(r"\n\{: #[\w-]+ \}")


def _yaml_edit(text: str, change: Callable[[dict], Any]) -> str:
    """An annotation file with one field changed (through YAML, whatever the file's layout)."""
    data = yaml.safe_load(text)
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _setter(field: str) -> Callable[[str, str], str]:
    return lambda text, marker: _yaml_edit(text, lambda d: d.update({field: marker}))


def _first_form(path: Path) -> str:
    forms = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("match") or [path.stem]
    return forms[0] if isinstance(forms[0], str) else forms[0].get("text", path.stem)


def live_edit(edition: Path, runs: int = 5, full: bool = False) -> dict:
    """Under ``glossa serve``: seconds from saving a file to every page it changes showing the change."""
    work = Path(tempfile.mkdtemp(prefix="glossa-live-"))
    shutil.copytree(edition, work / "ed", ignore=shutil.ignore_patterns(".venv", "site", "site-*", ".git", "node_modules",
                                                                       "static"))
    server = _Server(work / "ed" / "mkdocs.yml", full=full)
    results: dict[str, dict] = {}
    try:
        server.wait("")
        for kind, (path, change, pages) in _edits(work / "ed").items():
            original = path.read_text(encoding="utf-8")
            samples = []
            for i in range(runs):
                marker = f"Edited {kind.split()[0]} {i} Zq{i}"
                form_marker = f"Zqmarker{marker[-1]}"
                text = change(original, marker)
                if kind == "new matched form":
                    # The new form must occur in the text: the chapter gets the word, then the form is timed.
                    _append_word(work / "ed", form_marker, _edits(work / "ed")["chapter paragraph"][0])
                    time.sleep(1.0)
                epoch = server.reloaded(0, timeout=5)  # answers at once: the current build
                t0 = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                # A new form counts once it is matched: highlighted in the entry's "Mentioned in".
                want = f"<mark>{form_marker}</mark>" if kind == "new matched form" else marker
                waiting = list(pages)
                while waiting and time.perf_counter() - t0 < 120:
                    epoch = server.reloaded(epoch)
                    waiting = [page for page in waiting if want not in server.get(page)]
                if waiting:
                    raise RuntimeError(f"live edit '{kind}': {waiting[0]} did not show the change within 120 s")
                samples.append(time.perf_counter() - t0)
                time.sleep(0.5)
            path.write_text(original, encoding="utf-8")
            time.sleep(1.0)
            results[kind] = {"samples_s": samples, "median_s": statistics.median(samples), "pages": len(pages)}
    finally:
        log = server.stop()
        shutil.rmtree(work, ignore_errors=True)
    steps = [line.strip() for line in log.splitlines() if "rendered" in line or "full build" in line]
    return {"edits": results, "log_tail": log[-2000:], "steps": steps}


def _append_word(root: Path, word: str, chapter: Path) -> None:
    """Add a sentence holding ``word`` to the end of a chapter's first paragraph."""
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(_PARA_RE.sub(lambda g: f" {word}.{g.group()}", text, count=1), encoding="utf-8")


def _fmt(results: list[dict], extra: dict) -> str:
    lines = ["Glossa benchmark", f"python {sys.version.split()[0]}, {os.cpu_count()} cores", ""]
    lines.append("| scale | chapters | words | people | terms | notes | (a) plain s | (b) static s | (c) glossa s "
                 "| c/b | c/a | peak MiB a / b / c | c/b memory |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        a, b, c = r["a"], r["b"], r["c"]
        lines.append(f"| {r['scale']:g}x | {r['chapters']} | {r['words']:,} | {r['people']} | {r['terms']} | {r['notes']} "
                     f"| {a['median_s']:.2f} | {b['median_s']:.2f} | {c['median_s']:.2f} | {c['median_s'] / b['median_s']:.3f} "
                     f"| {c['median_s'] / a['median_s']:.2f} | {a['peak_mib']} / {b['peak_mib']} / {c['peak_mib']} "
                     f"| {c['peak_mib'] / b['peak_mib']:.2f} |")
    first = results[0]
    if len(results) > 1:
        lines += ["", "Growth against the smallest scale (time ratio):", "", "| scale | (a) | (b) | (c) |", "|---|---|---|---|"]
        for r in results:
            lines.append(f"| {r['scale']:g}x | " + " | ".join(f"{r[k]['median_s'] / first[k]['median_s']:.2f}" for k in "abc") + " |")
    lines += ["", "Phases of (c), median seconds:", "", "| scale | " + " | ".join(first["phases"]) + " |",
              "|---|" + "---|" * len(first["phases"])]
    for r in results:
        lines.append(f"| {r['scale']:g}x | " + " | ".join(f"{r['phases'].get(k, 0):.3f}" for k in first["phases"]) + " |")
    pw = first["page_weight"]
    lines += ["", f"Page weight (chapter 1, {first['scale']:g}x): annotated {pw['annotated_bytes']:,} B "
              f"(the page {pw['first_load_bytes']:,} B, then its previews file); plain "
              f"{pw['plain_bytes']:,} B + carried text {pw['carried_text_bytes']:,} B; ratio {pw['ratio']:.2f} (target <= 1.3); "
              f"counting the expansions and previews as rendered ({pw['carried_html_bytes']:,} B): {pw['ratio_rendered']:.2f}"]
    if "matcher" in extra:
        m = extra["matcher"]
        lines.append(f"Matching alone: {m['names']:,} names {m['seconds']:.3f} s; {m['names_x']:,} names "
                     f"{m['seconds_x']:.3f} s; ratio {m['ratio']:.2f} (target <= 1.5)")
    if "abbr" in extra:
        x = extra["abbr"]
        lines.append(f"Linking vs abbr ({x['names']:,} forms, all chapters, median of 3): glossa {x['glossa_s']:.3f} s, "
                     f"abbr {x['abbr_s']:.3f} s; ratio {x['ratio']:.2f} (target <= 0.5)")
    if "live" in extra:
        books = list(extra["live"])
        lines += ["", "Live edits under glossa serve: median seconds from saving to every page showing the change "
                  "(pages checked):", "", "| edit | " + " | ".join(books) + " |", "|---|" + "---|" * len(books)]
        kinds = list(extra["live"][books[0]]["edits"])
        for kind in kinds:
            cells = []
            for book in books:
                e = extra["live"][book]["edits"].get(kind)
                cells.append(f"{e['median_s']:.2f} ({e['pages']})" if e else "-")
            lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    """Entry point of ``glossa bench``."""
    if args.write_book:
        target = Path(args.write_book)
        if target.exists() and any(target.iterdir()):
            print(f"error: {target} is not empty", file=sys.stderr)
            return 2
        info = generate(target, args.scale)
        print(f"wrote a synthetic book to {target}: {info['chapters']} chapters, {info['people']} people, "
              f"{info['terms']} terms, {info['notes']} notes, {info['words']:,} words. Serve it with: "
              f"glossa -f {target / 'mkdocs.yml'} serve")
        return 0
    scales = [float(s) for s in args.scales.split(",")]
    if args.quick:
        scales, args.runs = [0.04], 1
    work = Path(tempfile.mkdtemp(prefix="glossa-bench-"))
    results, extra = [], {}
    try:
        for s in scales:
            print(f"scale {s:g}x: generating and building ...", file=sys.stderr, flush=True)
            results.append(bench_scale(work / f"s{s:g}", s, args.runs))
        first = work / f"s{scales[0]:g}"
        extra["matcher"] = matcher_scaling(first)
        extra["abbr"] = against_abbr(first)
        print(_fmt(results, extra), file=sys.stderr, flush=True)  # the builds' figures, before the long part
        if not args.quick:
            # The live-edit loop on the small edition and on the books (1x and the largest scale).
            extra["live"] = {"edition": live_edit(Path(args.config or "mkdocs.yml").resolve().parent, runs=args.runs + 2)}
            for s in sorted({scales[0], scales[-1]}):
                extra["live"][f"{s:g}x"] = live_edit(work / f"s{s:g}", runs=args.runs + 2)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = _fmt(results, extra)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, **extra}, indent=2), encoding="utf-8")
    return 0
