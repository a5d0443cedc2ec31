"""The offline site (the ``offline`` option, ``glossa build --offline``): it reads from ``file://``.

One build of a small edition, shared: its links open ``index.html`` files, each chapter's previews
travel in a script as well as in the fetched file (the same document, strangers' text inert), and
in Chromium, opened from disk, a person's, a term's and a note's previews show.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, Site, basic_edition
from xss_corpus import PAYLOADS

from glossa.edition_tests.conftest import READY_JS, browser  # noqa: F401 - the fixture, shared with the edition tests
from glossa.extension import previews_script

#: A payload that closes a script element if pasted into one unescaped, with a line separator.
PAYLOAD = next(p for p in PAYLOADS if "</script>" in p.lower()) + "\u2028"


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The basic edition built offline, with a hostile note; default ``use_directory_urls: true``."""
    site = basic_edition(Site(tmp_path_factory.mktemp("offline") / "ed"))
    site.config(plugin_extra="      offline: true\n")
    site.write("annotations/notes/1-2.yml", f"chapter: 1\nnumber: 2\ntext: {json.dumps(PAYLOAD)}\n")
    built = site.build(strict=False)  # the note's raw HTML is warned about (and shown as text)
    assert built.returncode == 0, built.stderr
    return site


def test_links_open_index_html_files(offline: Site) -> None:
    html = offline.page("chapter-1.html")
    assert not (offline.root / "site" / "chapter-1" / "index.html").exists()
    hrefs = re.findall(r'href="([^"#:]+)"', html)  # the site's own links (no scheme, not fragments alone)
    pages = [h for h in hrefs if not h.endswith((".css", ".js", ".png", ".svg", ".ico", ".xml", ".json", ".bib", ".ris"))]
    assert "people/stalin.html" in pages  # a mark's link
    assert pages and all(h.endswith(".html") for h in pages), [h for h in pages if not h.endswith(".html")]
    assert 'data-glossa-src="./chapter-1.previews.html"' in html
    assert 'data-glossa-script="./chapter-1.previews.js"' in html


def test_previews_script_carries_the_previews_file_safely(offline: Site) -> None:
    document = offline.page("chapter-1.previews.html")
    script = offline.page("chapter-1.previews.js")
    assert script == previews_script(document)
    prefix, suffix = "window.glossaPreviews = ", ";\n"
    assert script.startswith(prefix) and script.endswith(suffix)
    assert json.loads(script[len(prefix):-len(suffix)]) == document  # the same previews, to the character
    assert 'data-glossa-preview="person:stalin"' in document
    # Nothing in the script can end a script element or a JavaScript line.
    assert "</" not in script and "\u2028" not in script and "\n" not in script[:-1]
    assert "<script" not in document.lower()  # and the document was sanitised before it was wrapped


def test_previews_script_escapes_what_could_end_it() -> None:
    document = f"<p>{PAYLOAD}</p>"  # as if the sanitiser had let it through
    script = previews_script(document)
    assert "</" not in script and "\u2028" not in script
    assert json.loads(script[len("window.glossaPreviews = "):-2]) == document


@pytest.mark.browser
def test_previews_show_from_file_urls(offline: Site, browser) -> None:  # noqa: F811
    page = browser.new_page()
    dialogs: list[str] = []

    def dialog(d) -> None:  # an alert() would mean a payload ran
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    try:
        page.goto((offline.root / "site" / "chapter-1.html").as_uri())
        page.focus('a[data-glossa="person:stalin"]')
        page.wait_for_function(READY_JS)
        for mark, expected in (('a[data-glossa="person:stalin"]', "Summary of Joseph Stalin."),
                               ('a[data-glossa="term:stakhanovite"]', "The movement of"),
                               ('a[data-glossa="note:1-1"]', "Note one about")):
            page.focus(mark)
            page.keyboard.press("Space")
            popover = page.locator("#glossa-popover")
            popover.wait_for(state="visible")
            assert expected in popover.inner_text()
            page.keyboard.press("Escape")
        assert page.locator("aside.glossa-previews").get_attribute("data-glossa-state") == "ready"
        assert dialogs == []
    finally:
        page.close()


def test_download_line_links_the_zip_only_when_the_workflow_makes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from glossa.plugin import OFFLINE_ZIP_ENV, _with_downloads

    monkeypatch.delenv(OFFLINE_ZIP_ENV, raising=False)
    assert ".zip" not in _with_downloads("<h1>T</h1>", ("downloads", "ed"), "../")
    monkeypatch.setenv(OFFLINE_ZIP_ENV, "1")
    page = _with_downloads("<h1>T</h1>", ("downloads", "ed"), "../")
    assert '<a href="../downloads/ed-offline.zip" type="application/zip">ZIP</a></p>' in page


def test_glossa_build_zip_writes_the_offline_site_in_one_folder(tmp_path: Path) -> None:
    site = basic_edition(Site(tmp_path / "ed"))
    env = dict(os.environ, GLOSSA_CONFIG=str(site.root / "mkdocs.yml"), NO_MKDOCS_2_WARNING="1")
    env.pop("GLOSSA_OFFLINE", None)  # --zip alone makes the build offline
    done = subprocess.run([sys.executable, "-m", "glossa", "build", "--zip", "-o", f"{tmp_path / 'out'}/"],
                          capture_output=True, text=True, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    [made] = (tmp_path / "out").glob("*-offline.zip")
    names = zipfile.ZipFile(made).namelist()
    folder = made.name[:-len(".zip")] + "/"
    assert all(n.startswith(folder) for n in names)
    assert {folder + "chapter-1.html", folder + "chapter-1.previews.js", folder + "index.html"} <= set(names)
    assert not (site.root / "site").exists()  # built in a temporary folder, not over the online site


def test_deploy_workflow_zips_the_offline_site_after_the_online_one() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    runs = "\n".join(s.get("run", "") for job in workflow["jobs"].values() for s in job.get("steps", []))
    assert "GLOSSA_OFFLINE_ZIP=1" in runs  # so the online site links to it
    # After the strict build, which empties site/, and before the upload.
    assert runs.index("glossa build --strict") < runs.index("python3 glossa build --zip -o site/downloads/")
