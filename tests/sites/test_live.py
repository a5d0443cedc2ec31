"""``glossa serve`` never goes stale: after every edit, the incrementally updated site equals a clean build.

A small synthetic book takes a few dozen random edits to annotations and chapters
(text, forms added and removed, entries added and deleted, notes, paragraphs and
their ids). After each, the served site's files are compared, byte for byte, with a
clean ``mkdocs build`` of the same sources.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
from pathlib import Path

import pytest

from glossa import testing
from glossa.bench import generate
from glossa.live import LiveSite

EPOCH = "1700000000"
#: The kinds of edit; the test makes each once, in this order, then random ones.
EDITS = ["summary", "definition", "born", "add-form", "remove-form", "note", "note-date", "paragraph", "rename-id",
         "add-entry", "delete-entry", "profile"]
STEPS = 30 if os.environ.get("CI") == "true" else 14


def _tree(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def _stats(root: Path) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file of the edition, by absolute path."""
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*") if p.is_file()}


def _edit(rng: random.Random, root: Path, step: int, forced: str | None = None) -> str:
    """One random edit of the kinds an editor makes; returns what it did."""
    people = sorted((root / "annotations" / "people").glob("*.yml"))
    terms = sorted((root / "annotations" / "glossary").glob("*.yml"))
    notes = sorted((root / "annotations" / "notes").glob("*.yml"))
    chapters = sorted((root / "docs").glob("chapter-*.md"))
    kind = forced or rng.choice(EDITS)
    if kind in ("summary", "born", "profile", "add-form", "remove-form", "delete-entry"):
        path = rng.choice(people)
        text = path.read_text(encoding="utf-8")
        if kind == "summary":
            text = re.sub(r"(?m)^summary: .*$", f'summary: "Edited summary {step}."', text)
        elif kind == "born":
            text = re.sub(r"(?m)^born: .*$", f'born: "18{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"', text)
        elif kind == "profile":
            text = re.sub(r"(?m)^profile: .*$", f'profile: "A new profile, step {step}."', text)
        elif kind == "add-form":
            word = rng.choice(re.findall(r"\b[A-Z][a-z]{4,}\b", rng.choice(chapters).read_text(encoding="utf-8")) or ["Zzz"])
            if word in "".join(p.read_text(encoding="utf-8") for p in people + terms):
                return "add-form (skipped: claimed)"
            text = re.sub(r'(?m)^match: \[', f'match: ["{word}", ', text)
        elif kind == "remove-form":
            text = re.sub(r'(?m)^match: \["([^"]+)", ', "match: [", text)
        else:
            path.unlink()
            return f"delete-entry {path.name}"
        path.write_text(text, encoding="utf-8")
        return f"{kind} {path.name}"
    if kind == "definition":
        path = rng.choice(terms)
        text = re.sub(r'(?m)^definition: .*$', f'definition: "A new definition {step}."', path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        return f"definition {path.name}"
    if kind == "note":
        path = rng.choice(notes)
        text = re.sub(r'(?m)^text: .*$', f'text: "New commentary {step}."', path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        return f"note {path.name}"
    if kind == "note-date":  # the timeline shows a note's date
        path = rng.choice(notes)
        text = re.sub(r'(?m)^date: .*\n', "", path.read_text(encoding="utf-8"))
        path.write_text(text + f'date: "18{rng.randint(50, 99)}"\n', encoding="utf-8")
        return f"note-date {path.name}"
    if kind == "add-entry":
        path = root / "annotations" / "people" / f"new-{step}.yml"
        word = rng.choice(re.findall(r"\b[A-Z][a-z]{4,}\b", rng.choice(chapters).read_text(encoding="utf-8")) or ["Zzz"])
        if word in "".join(p.read_text(encoding="utf-8") for p in people + terms):
            return "add-entry (skipped: claimed)"
        path.write_text(f'name: "New {word}"\nmatch: ["{word}"]\nsummary: "New."\nprofile: "New."\n', encoding="utf-8")
        return f"add-entry {path.name}"
    path = rng.choice(chapters)
    text = path.read_text(encoding="utf-8")
    ids = re.findall(r"\{: #(c[\w-]+) \}", text)
    target = rng.choice(ids)
    if kind == "rename-id":
        text = text.replace(f"{{: #{target} }}", f"{{: #{target}x }}")
    else:
        names = re.findall(r"\b[A-Z][a-z]{4,}\b", text)
        text = text.replace(f"\n{{: #{target} }}", f" Added at step {step} with {rng.choice(names)}.\n{{: #{target} }}", 1)
    path.write_text(text, encoding="utf-8")
    return f"{kind} {path.name}"


@pytest.mark.slow
def test_random_edits_keep_the_served_site_equal_to_a_clean_build(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path / "book"
    generate(root, 0.04)
    live = LiveSite(root / "mkdocs.yml", tmp_path / "served")
    live.full()
    rng = random.Random(11)
    kinds: list[str] = []
    for step in range(STEPS):
        before = _stats(root)
        did = _edit(rng, root, step, EDITS[step] if step < len(EDITS) else None)
        after = _stats(root)
        # As `glossa serve` is told by the file watcher: the files that changed (every other step),
        # or nothing, so that every file is looked at.
        touched = {p for p in set(before) | set(after) if before.get(p) != after.get(p)} if step % 2 == 0 else None
        result = live.update(touched)
        kinds.append(f"{did}: {'full' if result.full else f'{result.rendered} rendered, {result.templated} written'}")
        clean = tmp_path / f"clean-{step}"
        built = testing.build(root / "mkdocs.yml", clean, strict=False, env={"SOURCE_DATE_EPOCH": EPOCH})
        assert built.returncode == 0, built.stderr[-2000:]
        served, reference = _tree(tmp_path / "served"), _tree(clean)
        differ = sorted(k for k in set(served) | set(reference) if served.get(k) != reference.get(k))
        assert not differ, f"step {step} ({did}): {differ[:8]}\n" + "\n".join(kinds)
    tried = {k.split(" ")[0] for k in kinds}
    assert set(EDITS) <= tried, set(EDITS) - tried
    # The run exercised both paths: page-by-page steps and full builds.
    assert any("rendered" in k for k in kinds) and any(": full" in k for k in kinds), kinds


def test_an_incremental_step_touches_few_pages(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path / "book"
    generate(root, 0.04)
    live = LiveSite(root / "mkdocs.yml", tmp_path / "served")
    total = live.full().rendered
    person = sorted((root / "annotations" / "people").glob("*.yml"))[5]
    person.write_text(re.sub(r"(?m)^summary: .*$", 'summary: "A changed summary."', person.read_text()), encoding="utf-8")
    step = live.update()
    assert not step.full and step.rendered <= 6 and step.templated < total / 4, step
    page = (tmp_path / "served" / "people" / person.stem / "index.html").read_text(encoding="utf-8")
    assert "A changed summary." in page
    index = json.loads((tmp_path / "served" / "search" / "search_index.json").read_text())
    assert any("A changed summary." in d.get("text", "") for d in index["docs"])


@pytest.fixture(autouse=True)
def _quiet_logs(caplog) -> None:
    caplog.set_level("ERROR")
