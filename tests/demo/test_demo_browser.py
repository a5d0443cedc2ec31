"""The demo edition in the browser: the few checks that name Service's *Stalin*, and the README's screenshots.

Everything that must hold for any edition is in the engine's edition tests
(``glossa.edition_tests.test_reading``). Screenshots go to an ignored artifacts folder;
``GLOSSA_UPDATE_SCREENSHOTS=1`` refreshes the README's copies in ``.github/screenshots`` instead,
as a deliberate, reviewed change.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from glossa import testing
from glossa.edition_tests.conftest import PHONE, browser, make_context  # noqa: F401 - fixtures used by name

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = (ROOT / ".github" / "screenshots" if os.environ.get("GLOSSA_UPDATE_SCREENSHOTS") == "1"
               else ROOT / "tests" / "browser" / "artifacts" / "screenshots")
POP = "#glossa-popover"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo edition built for, and served from, a local address."""
    with testing.built_and_served(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("demo-site")) as url:
        yield url


def chapter(ctx, url: str, number: int = 28):
    page = ctx.new_page()
    page.goto(f"{url}chapter-{number}/")
    page.wait_for_function("!!document.querySelector('a[data-glossa][aria-haspopup]')")
    return page


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def test_desktop_screenshot_with_yezhov_open(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(viewport={"width": 1280, "height": 800}), demo)
    mark = page.locator('.md-content a[data-glossa="person:yezhov"]').first
    mark.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")
    mark.hover()
    page.locator(POP).wait_for(state="visible", timeout=3000)
    expect(page.locator(POP)).to_contain_text("Nikolai Yezhov")
    shoot(page, "desktop.png")


def test_phone_screenshot_with_the_sheet(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(**PHONE), demo)
    mark = page.locator('.md-content a[data-glossa="person:yezhov"]').first
    mark.scroll_into_view_if_needed()
    mark.tap()
    page.locator(POP).wait_for(state="visible", timeout=3000)
    expect(page.locator(POP)).to_contain_text("Full profile")
    shoot(page, "phone.png")


def test_dark_screenshot_with_the_nkvd_open(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(viewport={"width": 1280, "height": 800}, color_scheme="dark"), demo)
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.locator('.md-content a[data-glossa="term:nkvd"]').first.hover()
    page.locator(POP).wait_for(state="visible", timeout=3000)
    expect(page.locator(POP)).to_contain_text("Glossary term")
    shoot(page, "dark.png")


def test_note_41_leads_to_yezhov(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(), demo)
    page.locator('.md-content a[data-glossa="note:28-41"]').hover()
    pop = page.locator(POP)
    pop.wait_for(state="visible", timeout=3000)
    expect(pop).to_have_attribute("aria-labelledby", "glossa-popover-title")
    expect(page.locator("#glossa-popover-title")).to_have_text("Editors’ commentary on note 41")
    pop.locator('a[href$="/people/yezhov/"]').first.click()
    page.wait_for_url("**/people/yezhov/")
    expect(page.locator("h1")).to_contain_text("Yezhov")


def test_note_24_is_long_and_reads_on(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(), demo)
    page.locator('.md-content a[data-glossa="note:28-24"]').focus()
    page.keyboard.press("Enter")
    read_on = page.locator(f"{POP} a.glossa-read-on")
    expect(read_on).to_have_attribute("href", "#note-28-24")
    expect(page.locator(POP)).not_to_contain_text("Conquest")  # the sources wait in the notes section
    read_on.click()
    page.wait_for_url("**/chapter-28/#note-28-24")
    expect(page.locator("#note-28-24")).to_be_in_viewport()


def test_instant_navigation_to_chapter_29_and_its_marks(make_context, demo: str) -> None:  # noqa: F811
    page = chapter(make_context(), demo)
    page.evaluate("window.glossaStayed = true")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url("**/chapter-29/")
    page.wait_for_function("!!document.querySelector('a[data-glossa][aria-haspopup]')")
    assert page.evaluate("window.glossaStayed === true")
    page.locator('.md-content a[data-glossa="person:voroshilov"]').first.hover()
    expect(page.locator(POP)).to_contain_text("Voroshilov")
    expect(page.locator('.md-content a[data-glossa="note:29-1"]')).to_have_attribute(
        "aria-describedby", "glossa-d-note-29-1")
