"""Any edition: the check, a strict build, and a site whose every link, note and backlink lands."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from glossa import testing
from glossa.project import check, load_project


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target(page: Path, href: str) -> tuple[Path, str]:
    path, _, frag = href.partition("#")
    target = (page.parent / unquote(path)).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    return target, frag


def _internal(href: str) -> bool:
    return not (href.startswith(("http:", "https:", "mailto:", "javascript:", "data:")) or href in ("", "#"))


def test_check_reports_no_errors(edition: Path) -> None:
    errors = [p.format() for p in check(load_project(edition)) if p.severity == "error"]
    assert not errors, "\n".join(errors)


def test_strict_build_passes(edition: Path, tmp_path: Path) -> None:
    result = testing.build(edition, tmp_path / "site", strict=True)
    assert result.returncode == 0, result.stderr[-4000:]


def test_every_internal_link_and_anchor_resolves(site: tuple[Path, str]) -> None:
    out, _ = site
    broken = []
    pages = [p for p in out.rglob("*.html") if p.name != "404.html"]  # 404 is served from any depth
    cache: dict[Path, _Page] = {}
    for page in pages:
        doc = cache.setdefault(page, parse(page))
        for link in doc.links:
            if not _internal(link["href"]):
                continue
            target, frag = _target(page, link["href"])
            if not target.exists():
                broken.append(f"{page.relative_to(out)} -> {link['href']} (no such file)")
            elif frag and target.suffix == ".html" and frag not in cache.setdefault(target, parse(target)).ids:
                broken.append(f"{page.relative_to(out)} -> {link['href']} (no such anchor)")
    assert pages and not broken, "\n".join(broken[:20])


@pytest.mark.uses("note")
def test_every_note_marker_reaches_its_expansion(site: tuple[Path, str]) -> None:
    out, _ = site
    markers = 0
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for ref in re.findall(r'<a [^>]*data-glossa="note:([^"]+)"', html):
            markers += 1
            m = re.search(rf'<li id="note-{re.escape(ref)}"[^>]*>(.*?)</li>', html, re.S)
            assert m, f"{page.relative_to(out)}: marker {ref} has no item in the notes section"
            assert "No commentary has been written" not in m.group(1), f"{page.relative_to(out)}: note {ref} is empty"
    assert markers, "the edition has no note markers"


def test_every_mentioned_in_item_lands_on_a_real_paragraph(site: tuple[Path, str]) -> None:
    out, _ = site
    items = 0
    for page in out.rglob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        block = re.search(r'id="mentioned-in".*?(?=<h2|</article>)', html, re.S)
        if not block:
            continue
        for href in re.findall(r'<ol class="glossa-mentions">.*?</ol>', block.group(), re.S):
            for link in re.findall(r'href="([^"]+)"', href):
                items += 1
                target, frag = _target(page, link)
                assert frag, f"{page.relative_to(out)}: {link} points at no paragraph"
                assert frag in parse(target).ids, f"{page.relative_to(out)}: {link} lands nowhere"
    assert items, "no entry page lists a mention"


def test_every_entry_and_note_cites_a_source(edition: Path) -> None:
    from glossa.project import edition as load_edition

    registry = load_edition(load_project(edition)).registry
    missing = [e.file for e in registry.entries.values() if not e.model.sources]
    missing += [n.file for n in registry.notes.values() if not n.model.sources]
    assert not missing, missing


def test_output_loads_nothing_from_third_party_hosts(site: tuple[Path, str]) -> None:
    """Scripts, styles, fonts and images are same-site; ordinary links may go anywhere."""
    out, _ = site
    bad = []
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag, url in re.findall(r"<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?\b(?:src|href|data)=\"([^\"]+)\"", html):
            before = html[max(0, html.find(url) - 300) : html.find(url)]
            if tag == "link" and re.search(r'rel="(?:canonical|alternate|prev|next|schema\.\w+)"', before + html[html.find(url):html.find(url) + 100]):
                continue
            if url.startswith(("http://", "https://", "//")) and "127.0.0.1" not in url:
                bad.append((page.name, tag, url))
    for css in out.rglob("*.css"):
        bad += [(css.name, "css", u) for u in re.findall(r"url\((['\"]?)(?:https?:)?//", css.read_text(errors="replace"))]
    assert not bad, bad[:5]


def test_two_builds_are_byte_identical(edition: Path, tmp_path: Path) -> None:
    digests = []
    for i in range(2):
        out = tmp_path / f"b{i}"
        result = testing.build(edition, out, strict=False, env={"SOURCE_DATE_EPOCH": "1700000000"})
        assert result.returncode == 0, result.stderr[-3000:]
        digests.append({p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(out.rglob("*")) if p.is_file()})
    assert digests[0] == digests[1]
