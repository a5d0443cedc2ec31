"""Beyond MkDocs 1.6.1 and Material: ProperDocs builds the same site, and another theme builds too."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import Site, basic_edition

from glossa import testing


def _pages(out: Path) -> dict[str, str]:
    # The generator meta tag names the tool; everything else must be the same.
    return {p.relative_to(out).as_posix(): re.sub(r'<meta name="generator"[^>]*>', "", p.read_text(encoding="utf-8"))
            for p in sorted(out.rglob("*.html"))}


def test_properdocs_builds_the_same_site_strictly(site: Site, tmp_path: Path) -> None:
    basic_edition(site)
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    mkdocs = testing.build(site.root / "mkdocs.yml", tmp_path / "mkdocs", strict=True, env=env)
    proper = testing.build(site.root / "mkdocs.yml", tmp_path / "properdocs", strict=True, env=env, tool="properdocs")
    assert mkdocs.returncode == 0, mkdocs.stderr[-2000:]
    assert proper.returncode == 0, proper.stderr[-2000:]
    a, b = _pages(tmp_path / "mkdocs"), _pages(tmp_path / "properdocs")
    assert a.keys() == b.keys() and a == b


def test_the_engine_does_not_need_material(site: Site) -> None:
    basic_edition(site)
    text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(re.sub(r"theme:\n(  .*\n)+", "theme:\n  name: mkdocs\n", text), encoding="utf-8")
    result = site.build(strict=True)
    assert result.returncode == 0, result.stderr[-2000:]
    html = site.page("chapter-1/index.html")
    assert 'data-glossa="person:stalin"' in html and 'class="glossa-notes"' in html
