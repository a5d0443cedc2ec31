"""Full builds of small editions in tmp_path, asserting on the HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import Site, basic_edition


class _Collect(HTMLParser):
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


def parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The basic edition with the default settings, built strictly once for the tests that only read it."""
    site = basic_edition(Site(tmp_path_factory.mktemp("basic") / "edition"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    return site


def test_strict_build_passes_and_links_mentions(basic: Site) -> None:
    site = basic
    html = site.page("chapter-1/index.html")
    # Longest match first: "Vasili Stalin" is one mention of Vasili, not Stalin.
    assert 'data-glossa="person:vasili-stalin" href="../people/vasili-stalin/">Vasili Stalin</a>' in html
    assert 'data-glossa="place:leningrad"' in html and ">Leningrad</a>" in html
    assert 'data-glossa="person:lenin"' in html
    assert ">Stakhanovites</a>" in html and 'data-glossa="term:stakhanovite"' in html
    assert 'data-glossa="person:stakhanov"' in html
    # Possessive inside the link; the closing quote case is covered by unit tests.
    assert ">Trotski’s</a>" in html
    # Code and existing links are left alone.
    assert "<code>Stalin</code>" in html
    assert '<a href="https://example.org/">Stalin</a>' in html
    # Headings are not linked.
    assert re.search(r"<h1[^>]*>Chapter 1: Stalin and others", html)


def test_note_markers_keep_book_numbers_and_link_both_ways(basic: Site) -> None:
    html = basic.page("chapter-1/index.html")
    doc = parse(html)
    assert {"noteref-1-1", "noteref-1-2", "note-1-1", "note-1-2", "c1-p1", "c1-p2"} <= doc.ids
    assert 'href="#note-1-2"' in html and 'href="#noteref-1-2"' in html
    assert '<li id="note-1-2" value="2">' in html
    assert "Editors’ commentary on note 2" in html
    # The expansion's [[lenin|Lenin]] link resolves.
    assert 'href="../people/lenin/">Lenin</a>' in html


def test_every_internal_link_resolves(basic: Site) -> None:
    out = basic.root / "site"
    for page in out.rglob("*.html"):
        if page.name == "404.html":
            continue  # served from any depth, so its links are root-absolute by design
        doc = parse(page.read_text(encoding="utf-8"))
        for link in doc.links:
            href = link["href"]
            if href.startswith(("http:", "https:", "mailto:", "javascript:")) or (href.startswith("#") and not href[1:]):
                continue
            path, _, frag = href.partition("#")
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(out)} links to missing {href}"
            if frag and target.suffix == ".html":
                ids = parse(target.read_text(encoding="utf-8")).ids
                assert frag in ids, f"{page.relative_to(out)}: #{frag} missing in {target.relative_to(out)}"


def test_backlinks_point_at_real_paragraphs_with_context(basic: Site) -> None:
    site = basic
    html = site.page("people/stalin/index.html")
    assert "Mentioned in" in html
    hrefs = re.findall(r'<a href="([^"]+)" aria-label="Paragraph \d+[^"]*">¶ \d+</a>', html)
    assert "../../chapter-1/#c1-p1" in hrefs and "../../chapter-2/#c2-p1" in hrefs
    # Every mention is listed: once in each chapter (the code span and the existing link are not mentions).
    assert html.count('<a href="../../chapter-1/#c1-p1"') == 1
    assert "<mark>Stalin</mark>" in html
    assert "2 mentions in 2 paragraphs of 2 chapters" in html
    # Vasili Stalin's mention is not Stalin's.
    assert "<mark>Vasili Stalin</mark>" in site.page("people/vasili-stalin/index.html")


def test_entry_pages_stay_out_of_navigation_but_indexes_list_everything(site: Site) -> None:
    basic_edition(site)
    site.config(extra="nav:\n  - index.md\n  - chapter-1.md\n  - chapter-2.md\n  - people/index.md\n  - glossary/index.md\n"
                      "  - places/index.md\n  - events/index.md\n")
    assert site.build().returncode == 0
    home = site.page("index.html")
    assert "people/stalin/" not in home
    people = site.page("people/index.html")
    for ident in ("stalin", "vasili-stalin", "lenin", "stakhanov", "trotski"):
        assert f'href="../people/{ident}/"' in people or f'href="{ident}/"' in people
    assert "troika" in site.page("glossary/index.html") and "Leningrad" in site.page("places/index.html")
    assert "The meeting" in site.page("events/index.html")


def test_search_index_includes_generated_content_and_other_names(site: Site) -> None:
    basic_edition(site)
    site.config(search=True)
    assert site.build().returncode == 0
    index = (site.root / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Trotsky" in index  # other names are searchable
    assert "Mentioned in" in index and "mentions in" in index  # filled before the search plugin ran


def test_preview_data_once_per_entity_per_page_in_its_own_file(site: Site) -> None:
    basic_edition(site)
    site.config(relink_after=1, search=True)
    assert site.build().returncode == 0
    html = site.page("chapter-1/index.html")
    # The page names its previews file and carries none of them: they load after the page.
    assert html.count('data-glossa-src="./index.previews.html"') == 1
    assert "data-glossa-preview=" not in html and "glossa-pv-tip" not in html
    previews = site.page("chapter-1/index.previews.html")
    assert previews.count('data-glossa-preview="person:stalin"') == 1
    assert previews.count('id="glossa-d-person-stalin"') == 1 and 'id="glossa-d-note-1-1"' in previews
    assert 'name="robots" content="noindex"' in previews
    # Not a page: neither in the sitemap nor in search.
    assert "previews" not in site.page("sitemap.xml")
    assert "glossa-pv-" not in site.page("search/search_index.json")
    assert not (site.root / "site" / "index.previews.html").exists()  # the home page has no marks


def test_previews_file_sits_next_to_a_page_without_directory_urls(site: Site) -> None:
    basic_edition(site)
    site.config(directory_urls=False)
    assert site.build().returncode == 0
    assert 'data-glossa-src="./chapter-1.previews.html"' in site.page("chapter-1.html")
    assert 'data-glossa-preview="person:stalin"' in site.page("chapter-1.previews.html")


def test_density_rule_links_first_mention_only(site: Site) -> None:
    basic_edition(site)
    site.config(relink_after=0)
    assert site.build().returncode == 0
    html = site.page("chapter-1/index.html")
    assert html.count('data-glossa="person:stalin"') == 1


def test_strict_build_fails_on_each_annotation_problem(site: Site) -> None:
    cases = {
        "dangling reference": ("annotations/notes/1-2.yml", "chapter: 1\nnumber: 2\ntext: See [[stallin]].\n", "Did you mean 'stalin'"),
        "marker without expansion": ("annotations/notes/1-2.yml", None, "has no expansion"),
        "expansion without marker": ("annotations/notes/1-9.yml", "chapter: 1\nnumber: 9\ntext: Orphan.\n", "has no marker"),
        "form claimed twice": ("annotations/people/other.yml", "name: Other\nmatch: [Lenin]\nsummary: s\nprofile: p\n", "also claimed"),
        "unused entry": ("annotations/people/nobody.yml", "name: Nobody\nmatch: [Nobody]\nsummary: s\nprofile: p\n", "neither mentioned"),
        "marker outside a chapter": ("docs/other.md", "# Other\n\nText.{^3}\n", "not a chapter"),
        "paragraph without id": ("docs/chapter-3.md", "---\nchapter: \"3\"\n---\n\n# Three\n\nStalin, no id.\n", "has no id"),
    }
    for label, (rel, text, expected) in cases.items():
        basic_edition(site)
        path = site.root / rel
        if text is None:
            path.unlink()
        else:
            site.write(rel, text)
        result = site.build(strict=True)
        assert result.returncode != 0, label
        assert expected in result.stderr, (label, result.stderr)
        assert re.search(rf"{re.escape(rel if text is not None else 'docs/chapter-1.md')}:\d+:\d+:", result.stderr), label
        assert "Traceback" not in result.stderr
        lax = site.build(strict=False)
        assert lax.returncode == 0 and expected in lax.stderr, label
        # reset for the next case
        if text is not None:
            path.unlink()


def test_broken_yaml_reports_and_does_not_crash(site: Site) -> None:
    basic_edition(site)
    site.write("annotations/people/lenin.yml", "name: Vladimir Lenin\nmatch: [Lenin\n")
    result = site.build(strict=False)
    assert result.returncode == 0
    assert "annotations/people/lenin.yml:" in result.stderr and "YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_sub_path_site_url_and_plain_urls(site: Site) -> None:
    basic_edition(site)
    site.config(site_url="https://user.github.io/repo/", directory_urls=False)
    assert site.build().returncode == 0
    html = site.page("chapter-1.html")
    assert 'href="people/stalin.html"' in html
    page404 = site.page("404.html")
    # The 404 page loads its styles from the sub-path, so it keeps its styling there.
    assert re.search(r'href="/repo/assets/stylesheets/main\.[0-9a-f]+\.min\.css"', page404)
    assert "/repo/assets/glossa/glossa.css" in page404


def test_dirty_rebuild_keeps_backlinks(site: Site, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    basic_edition(site)
    assert site.build().returncode == 0
    site.write("annotations/people/stalin.yml", "name: Joseph Stalin\nmatch: [Stalin]\nsummary: Edited summary.\nprofile: New.\n")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "-f", str(site.root / "mkdocs.yml"),
                        "-d", str(site.root / "site")], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    html = site.page("people/stalin/index.html")
    assert "Edited summary." in html and "2 mentions in 2 paragraphs of 2 chapters" in html
