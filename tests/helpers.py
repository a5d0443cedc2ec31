"""Shared helpers: small editions built into temporary folders."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MKDOCS_YML = """\
site_name: Test edition
site_url: {site_url}
use_directory_urls: {directory_urls}
theme:
  name: material
  font: false
  features: [navigation.instant]
plugins:
{search}  - glossa:
      relink_after: {relink_after}
      source_locators: false
{plugin_extra}markdown_extensions:
  - attr_list
  - toc:
      permalink: true
"""


class Site:
    """A tiny edition in a temporary folder: write files, build, read pages."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "docs").mkdir(parents=True, exist_ok=True)
        (root / "annotations" / "people").mkdir(parents=True, exist_ok=True)
        (root / "annotations" / "glossary").mkdir(parents=True, exist_ok=True)
        for folder in ("places", "events", "notes"):
            (root / "annotations" / folder).mkdir(parents=True, exist_ok=True)
        self.config(site_url="http://127.0.0.1:8000/")

    def config(self, *, site_url: str = "http://127.0.0.1:8000/", directory_urls: bool = True,
               relink_after: int | str = 6, extra: str = "", plugin_extra: str = "", search: bool = False) -> None:
        """Write mkdocs.yml. The theme's search plugin only where a test reads the search index: it
        costs every build, and most tests look at pages."""
        text = MKDOCS_YML.format(site_url=site_url, directory_urls=str(directory_urls).lower(),
                                 relink_after=relink_after, plugin_extra=plugin_extra,
                                 search="  - search\n" if search else "")
        (self.root / "mkdocs.yml").write_text(text + extra, encoding="utf-8")

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def build(self, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(self.root / "mkdocs.yml"), "-d", str(self.root / "site")]
        if strict:
            cmd.append("--strict")
        # Run from elsewhere: paths must resolve from the config file, never the cwd.
        return subprocess.run(cmd, capture_output=True, text=True, cwd="/", env=env)

    def page(self, rel: str) -> str:
        return (self.root / "site" / rel).read_text(encoding="utf-8")


def basic_edition(site: Site) -> Site:
    """A two-chapter edition that exercises every feature."""
    site.write("docs/index.md", "# Home\n\nWelcome.\n")
    site.write("docs/chapter-1.md", """
        ---
        chapter: "1"
        title: "Chapter 1"
        ---

        # Chapter 1: Stalin and others

        Young Vasili Stalin met Stalin in Leningrad, not Lenin. The Stakhanovites cheered Stakhanov.{^1}
        {: #c1-p1 }

        Trotski’s men saw the troiki and an anti-Soviet `Stalin` [Stalin](https://example.org/).{^2}
        {: #c1-p2 }
        """)
    site.write("docs/chapter-2.md", """
        ---
        chapter: "2"
        ---

        # Chapter 2

        Stalin returned for the meeting with Vasili.{^1}
        {: #c2-p1 }
        """)
    for ident, name, forms, extra in (
        ("stalin", "Joseph Stalin", ["Stalin"], ""),
        ("vasili-stalin", "Vasili Stalin", ["Vasili Stalin", "Vasili"], ""),
        ("lenin", "Vladimir Lenin", ["Lenin"], ""),
        ("stakhanov", "Alexei Stakhanov", ["Stakhanov"], ""),
        ("trotski", "Lev Trotski", ["Trotski"], "other_names: [Trotsky]\n"),
    ):
        site.write(f"annotations/people/{ident}.yml", f"name: {name}\nmatch: {forms}\n{extra}born: \"1878-12-18\"\n"
                   f"summary: Summary of {name}.\nprofile: Profile of {name}, see [[{'lenin' if ident == 'stalin' else 'stalin'}]].\n"
                   "sources:\n  - title: A book\n    year: 2004\n")
    site.write("annotations/places/leningrad.yml", "name: Leningrad\nmatch: [Leningrad]\n"
               "definition: A city.\nsources: [{title: Atlas}]\n")
    site.write("annotations/glossary/stakhanovite.yml", "name: Stakhanovite movement\ncategory: policy\n"
               "match: [Stakhanovites]\ndefinition: The movement of [[stakhanov]].\nsources: [{title: Atlas}]\n")
    site.write("annotations/glossary/troika.yml", "name: troika\ncategory: institution\nmatch: [{text: troiki, common: true}]\n"
               "definition: Boards of three.\nsources: [{title: Atlas}]\n")
    site.write("annotations/events/meeting.yml", "name: The meeting\ndate: 1934-12-01\nmatch: [{text: the meeting, common: true}]\n"
               "summary: They met.\ndescription: A meeting of [[stalin]].\nsources: [{title: Atlas}]\n")
    site.write("annotations/notes/1-1.yml", "chapter: 1\nnumber: 1\ntext: Note one about [[lenin|Lenin]].\n")
    site.write("annotations/notes/1-2.yml", "chapter: 1\nnumber: 2\ntext: Note two.\n")
    site.write("annotations/notes/2-1.yml", "chapter: 2\nnumber: 1\ntext: Note of chapter two.\n")
    return site


#: How much slower a 16-times larger input may be: linear work is about 16 times, quadratic 256. The
#: bound is four times linear because a loaded machine moves single timings by that much (seen: a
#: linear 64 KB scan at 42 times its 4 KB run while two test workers and a build shared two cores).
GROWTH_BOUND = 64.0
#: Timer noise: a small input's time is taken as at least this (seconds) before the ratio is formed,
#: so that a 1 ms run jittering to 2 ms does not double the ratio.
TIMER_FLOOR = 0.01


def _seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def assert_no_blowup(what: str, small: Callable[[], object], big: Callable[[], object], runs: int = 3) -> None:
    """``big`` (an input 16 times ``small``'s) costs at most GROWTH_BOUND times ``small``: no blow-up.

    A ratio, not a time limit, so a busy machine does not fail it (time limits belong in the
    benchmark). The two are timed in turn, and the median of the pairs' ratios is judged, so a
    load that comes and goes weighs on both sides alike. The figures are printed, so a slow
    drift is still seen.
    """
    pairs = [(_seconds(small), _seconds(big)) for _ in range(runs)]
    ratio = statistics.median(b / max(s, TIMER_FLOOR) for s, b in pairs)
    t_small = statistics.median(s for s, _ in pairs)
    t_big = statistics.median(b for _, b in pairs)
    print(f"{what}: {t_small * 1000:.1f} ms small, {t_big * 1000:.1f} ms 16x larger, ratio {ratio:.1f}")
    assert ratio <= GROWTH_BOUND, f"{what}: 16x the input took {ratio:.0f}x the time ({t_small:.4f} s -> {t_big:.4f} s)"
