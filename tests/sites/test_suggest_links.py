"""The issue form's links, as a reader meets them: a preview's "Suggest a correction" carries the
paragraph's permalink, and a paragraph's Cite tools gain "Suggest an annotation" when opened."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import Site, basic_edition

from glossa import testing
from glossa.edition_tests.conftest import READY_JS, browser  # noqa: F401 - the fixture, shared with the edition tests

pytestmark = pytest.mark.browser


def test_the_links_prefill_kind_entry_and_passage(tmp_path: Path, browser) -> None:  # noqa: F811
    site = basic_edition(Site(tmp_path / "ed"))
    site.config(extra="repo_url: https://github.com/o/r\n")
    with testing.built_and_served(site.root / "mkdocs.yml", tmp_path / "out") as served:
        url = served.url
        page = browser.new_page()
        try:
            page.goto(url + "chapter-1/")
            page.wait_for_function(READY_JS)
            page.focus('#c1-p2 a[data-glossa="person:trotski"]')
            page.keyboard.press("Space")
            link = page.locator("#glossa-popover a.glossa-suggest")
            query = parse_qs(urlsplit(link.get_attribute("href") or "").query)
            assert query == {"template": ["annotation.yml"], "kind": ["correction"], "entry": ["trotski"],
                             "passage": [url + "chapter-1/#c1-p2"]}
            assert link.inner_text() == "Suggest a correction"
            page.keyboard.press("Escape")
            assert page.locator("a.glossa-suggest").count() == 0  # nothing in the page until asked for
            page.locator("#c1-p1 ~ details.glossa-cite summary, #c1-p1 details.glossa-cite summary").first.click()
            cite = page.locator("details.glossa-cite[open] a.glossa-suggest")
            query = parse_qs(urlsplit(cite.get_attribute("href") or "").query)
            assert cite.inner_text() == "Suggest an annotation"
            assert query["template"] == ["annotation.yml"] and query["passage"][0].endswith("#c1-p1")
        finally:
            page.close()
