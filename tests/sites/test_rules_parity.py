"""One list of rules: the build and ``glossa check`` report the very same problems, message for message."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from helpers import Site

from glossa.project import check, load_project

BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "broken"
LINE = re.compile(r"^(?:WARNING|INFO)\s+-\s+((?:annotations|docs|mkdocs\.yml|hooks)[^:]*:\d+:\d+: .*)$", re.M)


def test_the_build_and_the_check_report_the_same_messages(site: Site, tmp_path: Path) -> None:
    shutil.copytree(BROKEN / "annotations", site.root / "annotations", dirs_exist_ok=True)
    shutil.copytree(BROKEN / "docs", site.root / "docs", dirs_exist_ok=True)
    site.config(extra="nav:\n  - index.md\n  - missing.md\n")
    site.write("docs/index.md", "# Home\n\nTODO: write the home page.\n")
    site.write("docs/chapter-2.md", '---\nchapter: "2"\ntitle: "<b>Two</b>"\n---\n\n# Two\n\nText <img src=x onerror=alert(1)>.\n'
               "{: #c2-p1 }\n\nNo id here.\n\nDup.\n{: #c2-p1 }\n")
    site.write("annotations/people/dates.yml", "name: Dates\nmatch: [Dateson]\nborn: '1900'\ndied: '1890'\n"
               "offices: [{office: O, start: '1930', end: '1920'}]\nsummary: s\nprofile: p\n"
               "sources: [{title: A book, publisher: P}]\nwikidata: Q1\n")
    site.write("annotations/people/twin.yml", "name: Twin\nmatch: [Twinson, he]\nsummary: s\nprofile: '[[twin]]'\nwikidata: Q1\n")
    site.write("annotations/persons/x.yml", "name: X\n")
    checked = {p.format() for p in check(load_project(site.root / "mkdocs.yml")) if p.severity != "notice"}
    result = site.build(strict=False)
    built = set(LINE.findall(result.stderr))
    assert "Traceback" not in result.stderr
    codes = {m.split(": ", 1)[1][:40] for m in checked}
    assert len(checked) >= 30 and len(codes) >= 25, sorted(checked)  # many kinds of problem
    assert checked == built, {"only in check": sorted(checked - built)[:10], "only in build": sorted(built - checked)[:10]}
