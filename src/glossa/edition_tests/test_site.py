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


def test_strict_build_passes(served: testing.ServedBuild) -> None:
    """The site the other tests read was built with --strict (one build, shared: see ``served``)."""
    assert served.strict.args[-1] == "--strict"
    assert served.strict.returncode == 0, served.strict.stderr[-4000:]


def test_every_internal_link_and_anchor_resolves(site: tuple[Path, str]) -> None:
    out, _ = site
    broken = []
    pages = [p for p in out.rglob("*.html") if p.name != "404.html"]  # 404 is served from any depth
    cache: dict[Path, _Page] = {}

    def parsed(path: Path) -> _Page:  # each page parsed once, however many links point at it
        if path not in cache:
            cache[path] = parse(path)
        return cache[path]

    for page in pages:
        for link in parsed(page).links:
            if not _internal(link["href"]):
                continue
            target, frag = _target(page, link["href"])
            if not target.exists():
                broken.append(f"{page.relative_to(out)} -> {link['href']} (no such file)")
            elif frag and target.suffix == ".html" and frag not in parsed(target).ids:
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
    ids: dict[Path, set[str]] = {}  # each chapter parsed once, however many mentions point into it
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
                if target not in ids:
                    ids[target] = parse(target).ids
                assert frag in ids[target], f"{page.relative_to(out)}: {link} lands nowhere"
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


def test_two_builds_are_byte_identical(edition: Path, served: testing.ServedBuild, tmp_path: Path) -> None:
    """The shared build, and the same build again from scratch, have the same bytes."""
    result = served.rebuild(edition, tmp_path / "again")
    assert result.returncode == 0, result.stderr[-3000:]
    digests = [{p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(out.rglob("*")) if p.is_file()} for out in (served.out, tmp_path / "again")]
    assert digests[0] and digests[0] == digests[1]
