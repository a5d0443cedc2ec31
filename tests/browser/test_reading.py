"""The reading experience in headless Chromium: popovers, keyboard, touch, phone, dark, no-JS, toggles, a11y."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Screenshots go to the (ignored) artifacts folder; GLOSSA_UPDATE_SCREENSHOTS=1 refreshes the
# README's copies in .github/screenshots instead, as a deliberate, reviewed change.
SCREENSHOTS = (Path(__file__).resolve().parents[2] / ".github" / "screenshots"
               if os.environ.get("GLOSSA_UPDATE_SCREENSHOTS") == "1" else ARTIFACTS / "screenshots")

PERSON = 'main p a[data-glossa="person:yezhov"]'
TERM = 'main p a[data-glossa="term:nkvd"]'
NOTE = 'main p sup a[data-glossa="note:28-41"]'


def chapter(context, base_url):
    page = context.new_page()
    page.goto(base_url + "chapter-28/")
    page.wait_for_function("document.querySelector('.glossa-toggles') !== null")
    return page


def pop(page):
    return page.locator("#glossa-popover")


def tab_to(page, key: str) -> None:
    """Tab through the page as a keyboard user would, until the mark ``key`` has focus."""
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-glossa')") == key:
            return
    pytest.fail(f"Tab never reached the mark {key}")


@pytest.mark.parametrize(("selector", "expected"), [(PERSON, "Full profile"), (TERM, "Glossary entry"),
                                                     (NOTE, "Editors’ commentary on note 41")])
def test_hover_opens_after_a_delay(context, base_url, selector, expected) -> None:
    page = chapter(context, base_url)
    page.locator(selector).first.hover()
    assert pop(page).is_hidden()  # not instantly: no flicker while the mouse passes by
    pop(page).wait_for(state="visible", timeout=3000)
    assert expected in pop(page).inner_text()
    assert page.locator(selector).first.get_attribute("aria-expanded") == "true"
    page.mouse.move(5, 5)
    pop(page).wait_for(state="hidden", timeout=3000)


def test_keyboard_focus_opens_escape_closes_and_returns_focus(context, base_url) -> None:
    page = chapter(context, base_url)
    tab_to(page, "term:nkvd")
    pop(page).wait_for(state="visible", timeout=3000)
    assert "NKVD" in pop(page).inner_text()
    assert pop(page).get_attribute("role") == "dialog" and pop(page).get_attribute("aria-label")
    # Tab moves into the popover (it follows the mark in the document), so its links are reachable.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('glossa-popover').contains(document.activeElement)")
    page.keyboard.press("Escape")
    pop(page).wait_for(state="hidden", timeout=3000)
    assert page.evaluate("document.activeElement.getAttribute('data-glossa')") == "term:nkvd"


def test_outside_click_closes(context, base_url) -> None:
    page = chapter(context, base_url)
    page.locator(PERSON).first.hover()
    pop(page).wait_for(state="visible", timeout=3000)
    page.mouse.click(5, 400)
    pop(page).wait_for(state="hidden", timeout=3000)


def test_link_inside_a_note_popover_works(context, base_url) -> None:
    page = chapter(context, base_url)
    page.locator(NOTE).first.hover()
    pop(page).wait_for(state="visible", timeout=3000)
    inner = pop(page).locator('a[href$="/people/yezhov/"]').first
    inner.click()
    page.wait_for_url("**/people/yezhov/")
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').textContent.includes('Yezhov')")


def test_tap_previews_first_and_second_tap_follows(browser, base_url) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = ctx.new_page()
        page.goto(base_url + "chapter-28/")
        page.wait_for_function("document.querySelector('.glossa-toggles') !== null")
        link = page.locator(PERSON).first
        link.scroll_into_view_if_needed()
        link.tap()
        pop(page).wait_for(state="visible", timeout=3000)
        assert page.url.endswith("/chapter-28/")
        # Phone: a bottom sheet that leaves the line being read visible above it.
        assert page.evaluate("getComputedStyle(document.getElementById('glossa-popover')).position") == "fixed"
        sheet_top = pop(page).bounding_box()["y"]
        assert link.bounding_box()["y"] + link.bounding_box()["height"] <= sheet_top
        ARTIFACTS.mkdir(exist_ok=True)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "phone.png"))
        link.tap()
        page.wait_for_url("**/people/yezhov/")
    finally:
        ctx.close()


def test_dark_mode_screenshot_and_contrast(browser, base_url) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark")
    try:
        page = ctx.new_page()
        page.goto(base_url + "chapter-28/")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        page.locator(TERM).first.hover()
        pop(page).wait_for(state="visible", timeout=3000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "dark.png"))
        _assert_axe_clean(page, "chapter (dark)")
    finally:
        ctx.close()


def test_desktop_screenshot(context, base_url) -> None:
    page = chapter(context, base_url)
    page.locator(PERSON).first.scroll_into_view_if_needed()
    page.locator(PERSON).first.hover()
    pop(page).wait_for(state="visible", timeout=3000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "desktop.png"))


def test_without_javascript_every_mark_is_a_link(browser, base_url) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(base_url + "chapter-28/")
        hrefs = page.eval_on_selector_all("main p a[data-glossa]", "els => els.map(e => e.getAttribute('href'))")
        assert hrefs and all(hrefs)
        assert page.locator("#note-28-41").is_visible()  # the notes section is plain content
        page.locator(PERSON).first.click()
        page.wait_for_url("**/people/yezhov/")
        assert "Mentioned in" in page.content()
    finally:
        ctx.close()


def test_toggles_hide_a_kind_and_persist(context, base_url) -> None:
    page = chapter(context, base_url)
    page.locator('.glossa-toggles input[data-kind="person"]').uncheck()
    assert page.evaluate("document.documentElement.classList.contains('glossa-off-person')")
    page.reload()
    page.wait_for_function("document.querySelector('.glossa-toggles') !== null")
    assert page.evaluate("document.documentElement.classList.contains('glossa-off-person')")
    assert not page.locator('.glossa-toggles input[data-kind="person"]').is_checked()
    page.locator(PERSON).first.hover()
    page.wait_for_timeout(600)
    assert pop(page).count() == 0 or pop(page).is_hidden()
    page.locator('.glossa-toggles input[data-kind="person"]').check()


def test_instant_navigation_keeps_popovers_working(context, base_url) -> None:
    page = chapter(context, base_url)
    page.evaluate("window.__noReload = 1")
    page.locator('a.md-footer__link--next').click()
    page.wait_for_url("**/chapter-29/")
    page.wait_for_function("document.querySelector('.glossa-toggles') !== null")
    assert page.evaluate("window.__noReload") == 1  # no full page load happened
    page.locator('main p a[data-glossa="person:voroshilov"]').first.hover()
    pop(page).wait_for(state="visible", timeout=3000)


def test_paragraph_permalink_highlights(context, base_url) -> None:
    page = context.new_page()
    page.goto(base_url + "chapter-28/#c28-p5")
    bg = page.evaluate("getComputedStyle(document.getElementById('c28-p5')).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")


def _assert_axe_clean(page, label: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, f"{label}: " + "; ".join(f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations)


@pytest.mark.parametrize("path", ["chapter-28/", "people/yezhov/", "glossary/", "people/"])
def test_axe_has_no_violations(context, base_url, path) -> None:
    page = context.new_page()
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    _assert_axe_clean(page, path)


def test_every_request_is_same_origin(context, base_url) -> None:
    origin = urlparse(base_url).netloc
    seen: list[str] = []
    context.on("request", lambda r: seen.append(r.url))
    page = context.new_page()
    for path in ("", "chapter-28/", "people/yezhov/", "glossary/", "people/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    page.goto(base_url + "chapter-28/")
    page.locator(PERSON).first.hover()
    page.wait_for_timeout(500)
    foreign = [u for u in seen if not u.startswith("data:") and urlparse(u).netloc != origin]
    assert seen and not foreign, foreign


def test_focus_leaving_closes_the_popover(context, base_url) -> None:
    page = chapter(context, base_url)
    tab_to(page, "term:nkvd")
    pop(page).wait_for(state="visible", timeout=3000)
    # Tab through the popover's links and on past them: it closes once focus has left.
    for _ in range(12):
        page.keyboard.press("Tab")
        inside = page.evaluate("(() => { const p = document.getElementById('glossa-popover');"
                               " return !!p && !p.hidden && p.contains(document.activeElement); })()")
        if not inside and page.evaluate("document.activeElement.getAttribute('data-glossa')") != "term:nkvd":
            break
    page.wait_for_timeout(100)
    # The NKVD popover has closed (the next mark may have opened its own: one at a time).
    assert page.locator(TERM).first.get_attribute("aria-expanded") == "false"
    assert "NKVD" not in (pop(page).get_attribute("aria-label") or "")


def test_print_stylesheet_drops_the_interface_and_keeps_the_notes(context, base_url) -> None:
    page = chapter(context, base_url)
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden()
    assert page.locator(".glossa-toggles").is_hidden()
    assert page.locator("#note-28-41").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('main p a[data-glossa]')).textDecorationLine") == "none"
