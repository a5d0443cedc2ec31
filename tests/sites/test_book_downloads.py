"""The site links to the book: "Download: EPUB, PDF" on the home page and every chapter, as the deploy workflow builds them."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from book_fixture import harbour_edition

from glossa import cli, testing

ROOT = Path(__file__).resolve().parents[2]


def test_home_and_chapters_link_to_the_books_built_beside_the_site(tmp_path: Path, monkeypatch) -> None:
    config = harbour_edition(tmp_path / "edition")
    env = {"GLOSSA_DOWNLOADS": "downloads", "GLOSSA_VERSION": "20261208-abc1234"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    site = tmp_path / "site"
    result = testing.build(config, site, strict=True)
    assert result.returncode == 0, result.stderr[-3000:]
    # As the workflow does: the books into the site's downloads folder, named by slug and version.
    assert cli.main(["-f", str(config), "epub", "-o", f"{site}/downloads/"]) == 0
    assert cli.main(["-f", str(config), "pdf", "-o", f"{site}/downloads/", "--paper", "letter"]) == 0
    made = sorted(p.name for p in (site / "downloads").iterdir())
    assert made == ["harbour-book-20261208-abc1234.epub", "harbour-book-20261208-abc1234.pdf"]
    for page in ("index.html", "chapter-1/index.html", "chapter-2/index.html"):
        text = (site / page).read_text(encoding="utf-8")
        links = re.findall(r'<p class="glossa-downloads">Download: <a href="([^"]+)"[^>]*>EPUB</a>, <a href="([^"]+)"[^>]*>PDF</a>', text)
        assert len(links) == 1, page
        for href in links[0]:
            assert (site / page).parent.joinpath(href).resolve().is_file(), (page, href)
    assert "glossa-downloads" not in (site / "about" / "index.html").read_text(encoding="utf-8")


def test_without_the_workflows_setting_the_site_shows_no_download_links(tmp_path: Path, monkeypatch) -> None:
    from glossa.plugin import _downloads, _with_downloads
    from glossa.project import load_project

    project = load_project(harbour_edition(tmp_path / "edition"))
    monkeypatch.delenv("GLOSSA_DOWNLOADS", raising=False)
    assert _downloads(project.config, project.options) is None  # serve and local builds: no links to nothing
    monkeypatch.setenv("GLOSSA_DOWNLOADS", "/books/")
    monkeypatch.delenv("GLOSSA_VERSION", raising=False)
    assert _downloads(project.config, project.options) == ("books", "harbour-book")
    page = _with_downloads("<h1>T</h1><p>x</p>", ("books", 'a"b'), "../")
    assert page.startswith('<h1>T</h1><p class="glossa-downloads">Download: <a href="../books/a&quot;b.epub"')


def test_the_deploy_workflow_builds_both_books_beside_the_site() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    runs = "\n".join(s.get("run", "") for job in workflow["jobs"].values() for s in job.get("steps", []))
    assert "GLOSSA_DOWNLOADS=downloads" in runs and "GLOSSA_VERSION=" in runs
    assert "python3 glossa epub -o site/downloads/" in runs and "python3 glossa pdf -o site/downloads/" in runs
    assert runs.index("glossa build --strict") < runs.index("glossa epub")
