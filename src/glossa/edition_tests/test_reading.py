"""Reading any edition in headless Chromium: marks, previews, keyboard, screen readers, phones, print.

What is tested is picked from the built pages, never by name: the chapter page with the most
kinds of marks, the first mark of each kind on it, an entry page and the index pages.

The numbered groups follow the issue "Reading, second pass": 1 Tab stops and the focus tooltip,
2 what screen readers get (ARIA snapshots and Chromium's accessibility tree), 3 axe-core with the
WCAG 2.2 AA tags in every state, 4 no layout shift, 5 placement, 6 behaviour, 7 targets; plus
the contrast of states axe cannot see (hover, keyboard focus, a tapped permalink) and the measure.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import expect

from glossa.edition_tests.conftest import PHONE, READY_JS, settle
from glossa.extension import PREVIEWS_SUFFIX
from glossa.kinds import KINDS

pytestmark = pytest.mark.browser

KIND_NAMES = tuple(KINDS)  # person, term, place, event, note
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
POP = "#glossa-popover"
TIP = "#glossa-tooltip"
#: A note this long (in characters) must show a first part and offer "Read on".
LONG_NOTE = 1200


# -- what to test, read from the built site -------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Book:
    url: str  #: the site's root URL
    chapter: str  #: the chapter page tested, relative to the root
    marks: dict[str, str]  #: kind -> the data-glossa key of its first mark on that page
    elsewhere: dict[str, tuple[str, str]]  #: kind not marked there -> (a chapter page marking it, the key)
    entry: str  #: an entry page
    indexes: tuple[str, ...]  #: the index pages (with A–Z letters)
    full_entry: str = ""  #: an entry page with both a profile and facts

    def page(self, path: str) -> str:
        return urljoin(self.url, path)


def _url_path(out: Path, page: Path) -> str:
    rel = page.relative_to(out).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def _text_marks(html: str) -> list[str]:
    """The marks in a page's text, in order (not the notes section, previews or navigation)."""
    body = html.split('class="glossa-notes"', 1)[0].split('class="glossa-previews"', 1)[0]
    return list(dict.fromkeys(re.findall(r'data-glossa="([a-z]+:[^"]+)"', body)))


@pytest.fixture(scope="module")
def book(site: tuple[Path, str]) -> Book:
    out, url = site
    chapters = []
    for page in sorted(out.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if 'class="glossa-pl"' in html or re.search(r'<sup[^>]*><a[^>]*data-glossa="note:', html):
            marks = _text_marks(html)
            kinds = {m.split(":")[0] for m in marks}
            chapters.append((len(kinds), len(marks), page, html, marks))
    assert chapters, "the edition has no chapter page (no paragraph permalinks or note markers)"
    best = max(chapters, key=lambda c: (c[0], c[1], -len(str(c[2]))))
    _, _, page, html, keys = best
    chapter = _url_path(out, page)
    firsts: dict[str, str] = {}
    for k in keys:
        firsts.setdefault(k.split(":")[0], k)
    # A kind the tested chapter does not mark is tested on the first chapter that does.
    elsewhere: dict[str, tuple[str, str]] = {}
    for _, _, other, _, marks in chapters:
        for k in marks:
            if k.split(":")[0] not in firsts:
                elsewhere.setdefault(k.split(":")[0], (_url_path(out, other), k))
    entity = next((k for k in keys if not k.startswith("note:")), None)
    assert entity, f"{chapter}: no name, term, place or event is marked"
    tag = re.search(rf'<a [^>]*data-glossa="{re.escape(entity)}"[^>]*>', html)
    href = re.search(r'href="([^"]+)"', tag.group(0)) if tag else None
    assert href, f"{chapter}: the mark of {entity} is not a link"
    entry = urlparse(urljoin(urljoin(url, chapter), href.group(1))).path.lstrip("/")
    indexes = tuple(_url_path(out, p) for p in sorted(out.rglob("*.html")) if 'class="glossa-az"' in p.read_text(encoding="utf-8"))
    assert indexes, "the edition has no index page with A–Z letters"
    full = next((_url_path(out, p) for p in sorted(out.rglob("*.html"))
                 if 'class="glossa-entry-body' in (t := p.read_text(encoding="utf-8")) and 'class="glossa-entry-meta' in t), "")
    return Book(url, chapter, firsts, elsewhere, entry, indexes, full)


def need(book: Book, kind: str) -> str:
    """The first mark of a kind the edition uses (see ``kinds_in_edition``): it must be marked somewhere."""
    key = book.marks.get(kind) or book.elsewhere.get(kind, ("", ""))[1]
    assert key, f"the edition has {kind} entries, but no chapter marks one (see 'glossa check')"
    return key


# -- in the page ------------------------------------------------------------------------------------
def mark_css(key: str) -> str:
    return f'.md-content a[data-glossa="{key}"]'


def open_page(ctx, book: Book, path: str, *, scheme: str = "light"):
    page = ctx.new_page()
    page.goto(book.page(path))
    if scheme == "dark":
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    return page


def open_chapter(ctx, book: Book, *, scheme: str = "light", kind: str | None = None):
    """The tested chapter, or the chapter with the first mark of ``kind``."""
    chapter = book.elsewhere[kind][0] if kind in book.elsewhere else book.chapter
    page = open_page(ctx, book, chapter, scheme=scheme)
    page.wait_for_function(READY_JS)
    assert page.evaluate("document.querySelector('aside.glossa-previews').dataset.glossaState") == "ready"
    return page


#: The elements a Tab press can stop at, in document order (popover and tooltip content aside).
TABBABLE_JS = """
window.glossaTabbable = () => {
  const sel = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable="true"]';
  const radios = new Set();
  return [...document.querySelectorAll(sel)].filter(el => {
    if (el.tabIndex < 0 || el.disabled || el.closest('[inert], .glossa-popover, .glossa-tooltip')) return false;
    if (!el.checkVisibility({visibilityProperty: true})) return false;
    if (el.type === 'radio' && el.name) { if (radios.has(el.name)) return false; radios.add(el.name); }
    return true;
  });
};
"""


def tabbable(page) -> None:
    page.evaluate(TABBABLE_JS)


def popover(page):
    return page.locator(POP)


def hover_open(page, key: str):
    page.locator(mark_css(key)).first.hover()
    popover(page).wait_for(state="visible", timeout=3000)
    return popover(page)


def key_open(page, key: str, press: str = "Space"):
    mark = page.locator(mark_css(key)).first
    mark.focus()
    page.keyboard.press(press)
    popover(page).wait_for(state="visible", timeout=3000)
    return popover(page)


def close_by_mouse(page) -> None:
    page.mouse.move(2, 2)
    page.mouse.click(2, page.viewport_size["height"] - 2)
    popover(page).wait_for(state="detached", timeout=3000)


def ax_node(page, css: str) -> dict:
    """The accessibility node of the first element matching ``css``, as Chromium exposes it."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": css})["nodeId"]
        return cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
    finally:
        cdp.detach()


def ax_value(node: dict, field: str) -> str:
    return str((node.get(field) or {}).get("value") or "")


def axe(page, state: str) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page once it is still, one line each.

    Contrast is judged on what a reader sees at rest: a title still fading in reads as pale text.
    """
    settle(page)
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                           AXE_TAGS)
    return [f"{state}: {v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def box_of(locator) -> dict:
    b = locator.bounding_box()
    assert b, "the element has no box"
    return b


# -- 1. keyboard: one stop per mark, and a text-only tooltip ---------------------------------------
COUNT_BEFORE_LAST_PERMALINK = """() => {
  const links = [...document.querySelectorAll('.md-content a.glossa-pl')];
  const target = links[links.length - 1];
  window.glossaTarget = target;
  const before = glossaTabbable().filter(el => el === target || (el.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING));
  return before.length;
}"""
FOCUS_STATE = """() => {
  const a = document.activeElement, tip = document.querySelector('#glossa-tooltip');
  const mark = a && a.matches('a[data-glossa]') ? a : null;
  const desc = mark && document.getElementById(mark.getAttribute('aria-describedby') || '');
  return {
    target: a === window.glossaTarget, mark: mark && mark.getAttribute('data-glossa'),
    desc: desc ? desc.textContent : null, tip: tip ? tip.textContent : null,
    tipRole: tip && tip.getAttribute('role'), tipVisible: !!tip && tip.checkVisibility(),
    tipFocusable: !!tip && (tip.tabIndex >= 0 || !!tip.querySelector('a[href], button, input, select, textarea, [tabindex]')),
  };
}"""


def test_one_tab_stop_per_mark_and_a_text_only_tooltip(context, book: Book) -> None:
    page = open_chapter(context, book)
    tabbable(page)
    count = page.evaluate(COUNT_BEFORE_LAST_PERMALINK)
    presses, marks_seen, problems = 0, 0, []
    while presses < math.floor(1.15 * count) + 20:
        page.keyboard.press("Tab")
        presses += 1
        state = page.evaluate(FOCUS_STATE)
        if state["mark"]:
            marks_seen += 1
            if not (state["tipVisible"] and state["tipRole"] == "tooltip" and state["tip"] == state["desc"] and state["desc"]):
                problems.append(f"{state['mark']}: tooltip {state['tip']!r} for description {state['desc']!r}")
            if state["tipFocusable"]:
                problems.append(f"{state['mark']}: the tooltip can take focus")
        if state["target"]:
            break
    else:
        pytest.fail(f"{presses} Tab presses never reached the last paragraph's permalink ({count} stops lie before it)")
    assert marks_seen, "Tab met no mark on the way"
    assert not problems, "\n".join(problems[:10])
    assert presses <= 1.15 * count, f"{presses} Tab presses for {count} links and controls"


def test_tab_out_of_an_open_preview_closes_it(context, book: Book) -> None:
    key = next(iter(book.marks.values()))
    page = open_chapter(context, book)
    key_open(page, key)
    assert page.evaluate(f"document.querySelector('{POP}').contains(document.activeElement)")
    for _ in range(30):
        page.keyboard.press("Tab")
        if not page.evaluate(f"!!document.querySelector('{POP}')"):
            break
    else:
        pytest.fail("Tab never left the open preview")
    assert page.evaluate("document.activeElement !== document.body"), "focus was lost when the preview closed"
    assert page.locator(mark_css(key)).first.get_attribute("aria-expanded") == "false"


# -- 2. what screen readers get --------------------------------------------------------------------
def quoted(text: str) -> str:
    """A name as an ARIA snapshot writes it (JSON string, typographic quotes kept as they are)."""
    return json.dumps(text, ensure_ascii=False)


def _label(kind: str, key: str) -> str:
    return f"Note {key.rsplit('-', 1)[-1]}." if kind == "note" else KINDS[kind].label + "."


def test_aria_of_a_mark_at_rest_open_and_switched_off(context, book: Book, kind: str) -> None:
    key = need(book, kind)
    page = open_chapter(context, book, kind=kind)
    mark = page.locator(mark_css(key)).first
    name = mark.get_attribute("aria-label") or mark.inner_text().strip()
    expect(mark).to_match_aria_snapshot(f"- link {quoted(name)} [expanded=false]")
    node = ax_node(page, mark_css(key))
    assert ax_value(node, "name") == name
    assert ax_value(node, "description").startswith(_label(kind, key)), ax_value(node, "description")
    assert mark.get_attribute("aria-haspopup") == "dialog"
    assert mark.get_attribute("aria-controls") is None, "aria-controls names a preview that does not exist"

    key_open(page, key)
    expect(mark).to_match_aria_snapshot(f"- link {quoted(name)} [expanded=true]")
    title = page.evaluate(f"document.getElementById(document.querySelector('{POP}').getAttribute('aria-labelledby')).textContent")
    expect(popover(page)).to_match_aria_snapshot(f'- dialog {quoted(title.strip())}:\n  - button "Close"')
    assert page.evaluate(f"document.getElementById(document.querySelector('{mark_css(key)}').getAttribute('aria-controls'))"
                         " === document.querySelector('#glossa-popover')")
    page.keyboard.press("Escape")
    expect(mark).to_match_aria_snapshot(f"- link {quoted(name)} [expanded=false]")
    assert mark.get_attribute("aria-controls") is None

    page.locator(f'.glossa-toggles input[data-kind="{kind}"]').uncheck()
    node = ax_node(page, mark_css(key))
    assert ax_value(node, "role") not in ("link", "doc-noteref"), f"a switched-off {kind} mark is still a link"
    assert not ax_value(node, "description"), "a switched-off mark still has a description"
    left = mark.evaluate("a => ['href', 'aria-describedby', 'aria-haspopup', 'aria-expanded'].filter(n => a.hasAttribute(n))")
    assert not left, f"a switched-off mark keeps {left}"


# -- 3. axe-core, WCAG 2.2 AA, in every state --------------------------------------------------------
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_chapter_in_any_state(make_context, book: Book, scheme: str) -> None:
    page = open_chapter(make_context(color_scheme=scheme), book, scheme=scheme)
    found = axe(page, "at rest")
    for kind, key in book.marks.items():
        hover_open(page, key)
        found += axe(page, f"{kind} preview opened by hover")
        close_by_mouse(page)
        key_open(page, key)
        found += axe(page, f"{kind} preview opened by keyboard")
        page.keyboard.press("Escape")
    switches = page.locator(".glossa-toggles input[data-kind]")
    for i in range(switches.count()):
        switches.nth(i).click()
    found += axe(page, "every kind switched off")
    switches.first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus on a switch shows the keys
    expect(page.locator(".glossa-toggles .glossa-keys")).to_be_visible()
    found += axe(page, "a switch focused by keyboard (the keys shown)")
    for i in range(switches.count()):
        switches.nth(i).click()
    found += axe(page, "switched back on")
    assert not found, "\n".join(found)


def test_axe_finds_nothing_on_a_phone_with_the_sheet_open(make_context, book: Book) -> None:
    page = open_chapter(make_context(**PHONE), book)
    found = []
    for kind, key in book.marks.items():
        mark = page.locator(mark_css(key)).first
        mark.scroll_into_view_if_needed()
        mark.tap()
        popover(page).wait_for(state="visible", timeout=3000)
        found += axe(page, f"phone, {kind} sheet open")
        page.locator(f"{POP} .glossa-popover-close").tap()
        popover(page).wait_for(state="detached", timeout=3000)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_an_entry_and_the_index_pages(make_context, book: Book, scheme: str) -> None:
    ctx = make_context(color_scheme=scheme)
    found = []
    for path in (book.entry, *book.indexes):
        found += axe(open_page(ctx, book, path, scheme=scheme), path)
    assert not found, "\n".join(found)


# -- 4. no layout shift ------------------------------------------------------------------------------
CLS_JS = """() => new Promise(resolve => {
  let total = 0; const where = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      total += e.value;
      for (const s of e.sources || []) where.push(s.node ? s.node.nodeName + '.' + (s.node.className || '') : '?');
    }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve({total, where}), 300);
})"""


def test_no_layout_shift_in_eight_throttled_phone_loads(make_context, book: Book) -> None:
    ctx = make_context(**PHONE)
    off = json.dumps([k for k in KIND_NAMES])
    results = []
    for i in range(8):
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        # Every other load with every kind switched off: the stored choice must not move the text either.
        page.add_init_script(f"localStorage.setItem('glossa-marks-off', {json.dumps(off)})" if i % 2
                             else "localStorage.removeItem('glossa-marks-off')")
        page.goto(book.page(book.chapter), wait_until="load")
        # The previews file is in (fetched when the page is idle, marks switched off or not): the
        # last thing the page loads by itself.
        page.wait_for_function("!document.querySelector('aside.glossa-previews:not([data-glossa-state])')")
        settle(page)
        results.append(page.evaluate(CLS_JS))
        page.close()
    shifted = [(i, r["total"], r["where"][:4]) for i, r in enumerate(results) if r["total"] > 0]
    assert not shifted, f"layout shifts (load, CLS, sources): {shifted}"


# -- 5. placement ------------------------------------------------------------------------------------
def last_line_mark(page, kind_or_key: str):
    """A mark (of a kind, or with a key) put on the window's last line: scrolled there, or, in a
    short chapter, with the window made just tall enough to end below it."""
    css = f'.md-content a[data-glossa^="{kind_or_key}:"], .md-content a[data-glossa="{kind_or_key}"]'
    found = page.evaluate("""css => {
      const marks = [...document.querySelectorAll(css)].filter(a => !a.closest('.glossa-notes, .glossa-previews'));
      const i = marks.findIndex(a => a.getBoundingClientRect().top + scrollY > innerHeight);
      return i >= 0 ? {i, bottom: null} : {i: 0, bottom: marks[0].getClientRects()[0].bottom + scrollY};
    }""", css)
    if found["bottom"] is not None:
        page.set_viewport_size({"width": page.viewport_size["width"], "height": math.ceil(found["bottom"]) + 4})
    page.evaluate("""([css, i]) => {
      const a = [...document.querySelectorAll(css)].filter(a => !a.closest('.glossa-notes, .glossa-previews'))[i];
      window.scrollBy(0, a.getClientRects()[0].bottom - innerHeight + 4);
    }""", [css, found["i"]])
    return page.locator(css).nth(found["i"])


def _inside_viewport(page, locator) -> None:
    b, vp = box_of(locator), page.viewport_size
    assert b["x"] >= 0 and b["y"] >= 0, b
    assert b["x"] + b["width"] <= vp["width"] + 0.5 and b["y"] + b["height"] <= vp["height"] + 0.5, (b, vp)


def test_a_preview_from_the_last_visible_line_fits_the_viewport(context, book: Book, kind: str) -> None:
    need(book, kind)
    page = open_chapter(context, book, kind=kind)
    mark = last_line_mark(page, kind)
    mark_box = box_of(mark)
    assert mark_box["y"] + mark_box["height"] > page.viewport_size["height"] - 40, "the mark is not on the last line"
    mark.hover()
    pop = popover(page)
    pop.wait_for(state="visible", timeout=3000)
    _inside_viewport(page, pop)
    assert box_of(pop)["y"] + box_of(pop)["height"] <= mark_box["y"] + 1, "the preview does not open upwards"
    _inside_viewport(page, pop.locator(".glossa-popover-close"))


LONGEST_NOTE_JS = """() => {
  const items = [...document.querySelectorAll('.glossa-notes li[id]')];
  const li = items.sort((a, b) => b.textContent.length - a.textContent.length)[0];
  const marker = li && document.querySelector('.md-content a[data-glossa][href$="#' + li.id + '"]');
  return li && marker ? {key: marker.getAttribute('data-glossa'), length: li.textContent.length} : null;
}"""


@pytest.mark.uses("note")
def test_a_long_note_keeps_its_close_button_in_view_and_offers_read_on(context, book: Book) -> None:
    need(book, "note")
    page = open_chapter(context, book, kind="note")
    note = page.evaluate(LONGEST_NOTE_JS)
    assert note, "no note marker leads to an item in the notes section"
    last_line_mark(page, note["key"]).focus()
    page.keyboard.press("Enter")
    pop = popover(page)
    pop.wait_for(state="visible", timeout=3000)
    _inside_viewport(page, pop)
    close = pop.locator(".glossa-popover-close")
    page.evaluate(f"document.querySelector('{POP}').scrollTop = 1e6")  # read to the end of the preview
    _inside_viewport(page, close)
    b, p = box_of(close), box_of(pop)
    assert p["y"] - 1 <= b["y"] and b["y"] + b["height"] <= p["y"] + p["height"] + 1, "the close button scrolled away"
    shown = page.evaluate(f"document.querySelector('{POP} .glossa-pop-body').textContent.length")
    read_on = pop.locator("a.glossa-read-on")
    if note["length"] > LONG_NOTE:
        assert shown < note["length"], "a long note is shown whole"
    if shown < note["length"] - 40:
        expect(read_on).to_have_count(1)
        read_on.click()
        popover(page).wait_for(state="detached", timeout=3000)
        page.wait_for_function("location.hash.startsWith('#note-')")


# -- 6. behaviour ------------------------------------------------------------------------------------
#: Two marks in view, the second at least two lines above the first, the first in the upper part of
#: the window (its preview then opens below it and covers neither): their indexes among the marks.
MARK_PAIR_JS = """() => {
  const marks = [...document.querySelectorAll('.md-content a[data-glossa][aria-haspopup]')]
    .filter(a => !a.closest('.glossa-notes, .glossa-previews'));
  for (let i = 0; i < marks.length; i++) {
    marks[i].scrollIntoView({block: 'center'});
    const a = marks[i].getBoundingClientRect();
    for (let j = 0; j < i; j++) {
      const b = marks[j].getBoundingClientRect();
      if (b.top > 60 && a.top - b.bottom > 40 && a.top < innerHeight * 0.6) return [i, j];
    }
  }
  return null;
}"""


def test_moving_straight_from_one_mark_to_another_opens_the_second(context, book: Book) -> None:
    """The first preview's closing must not cancel the second's opening (both wait the same delay)."""
    page = open_chapter(context, book)
    pair = page.evaluate(MARK_PAIR_JS)
    assert pair, "no two marks on different lines of one screen"
    marks = page.locator(".md-content a[data-glossa][aria-haspopup]:not(.glossa-notes *):not(.glossa-previews *)")
    first, second = box_of(marks.nth(pair[0])), box_of(marks.nth(pair[1]))
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] / 2)
    popover(page).wait_for(state="visible")
    page.mouse.move(2, 2)  # off the mark and its preview, then at once onto the other mark
    page.mouse.move(second["x"] + second["width"] / 2, second["y"] + second["height"] / 2)
    expect(marks.nth(pair[1])).to_have_attribute("aria-expanded", "true")
    expect(popover(page)).to_be_visible()


#: Times, in the page's own clock, when the pointer first came over a mark and when a preview first
#: appeared: the delay is measured where it happens, so a busy machine's slow test driver cannot
#: make a preview that waited look as if it opened at once.
HOVER_CLOCK_JS = """() => {
  window.glossaClock = {over: null, open: null};
  document.addEventListener('pointerover', e => {
    if (window.glossaClock.over === null && e.target.closest && e.target.closest('a[data-glossa]'))
      window.glossaClock.over = performance.now();
  }, true);
  new MutationObserver(() => {
    if (window.glossaClock.open === null && document.getElementById('glossa-popover'))
      window.glossaClock.open = performance.now();
  }).observe(document.body, {childList: true, subtree: true});
}"""


def test_hover_opens_after_a_delay_and_leaving_closes(context, book: Book) -> None:
    for key in book.marks.values():
        page = open_chapter(context, book)
        page.evaluate(HOVER_CLOCK_JS)
        page.locator(mark_css(key)).first.hover()
        popover(page).wait_for(state="visible", timeout=3000)
        clock = page.evaluate("window.glossaClock")
        assert clock["over"] is not None and clock["open"] is not None, clock
        # The script waits 300 ms; a timer never fires early, and 50 ms allows for the clock's rounding.
        assert clock["open"] - clock["over"] >= 250, f"{key}: the preview opened at once (no delay): {clock}"
        assert page.locator(mark_css(key)).first.get_attribute("aria-expanded") == "true"
        assert not page.evaluate(f"document.querySelector('{POP}').contains(document.activeElement)"), "hover moved focus"
        page.mouse.move(2, 2)
        popover(page).wait_for(state="detached", timeout=3000)
        # A preview the mouse opened stays out of the tab order: Tab closes it before moving on.
        hover_open(page, key)
        page.keyboard.press("Tab")
        expect(popover(page)).to_have_count(0)
        page.close()


def test_keyboard_enter_on_a_note_space_and_alt_down_on_a_name_escape_returns(context, book: Book) -> None:
    page = open_chapter(context, book)
    combos = [("note", "Enter")] + [(k, "Space") for k in book.marks if k != "note"] + [(k, "Alt+ArrowDown") for k in book.marks]
    for kind, press in combos:
        if kind not in book.marks:
            continue
        key = book.marks[kind]
        key_open(page, key, press=press)
        assert page.evaluate(f"document.querySelector('{POP}').contains(document.activeElement)"), f"{press}: focus stayed out"
        page.keyboard.press("Escape")
        popover(page).wait_for(state="detached", timeout=3000)
        assert page.evaluate("document.activeElement.getAttribute('data-glossa')") == key, f"{press}: focus not returned"
        assert page.locator(TIP).count() == 0, "the tooltip came back with the returned focus"
    entity = next(k for k in book.marks.values() if not k.startswith("note:"))
    page.locator(mark_css(entity)).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(book.page(book.entry))))


def test_escape_hides_the_tooltip(context, book: Book) -> None:
    page = open_chapter(context, book)
    key = next(iter(book.marks.values()))
    tabbable(page)
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-glossa')") == key:
            break
    expect(page.locator(TIP)).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(TIP)).to_have_count(0)


def test_outside_click_closes(context, book: Book) -> None:
    page = open_chapter(context, book)
    hover_open(page, next(iter(book.marks.values())))
    close_by_mouse(page)


def test_tap_previews_in_a_sheet_and_a_second_tap_follows(make_context, book: Book) -> None:
    page = open_chapter(make_context(**PHONE), book)
    entity = next(k for k in book.marks.values() if not k.startswith("note:"))
    mark = page.locator(mark_css(entity)).first
    mark.scroll_into_view_if_needed()
    mark.tap()
    pop = popover(page)
    pop.wait_for(state="visible", timeout=3000)
    assert page.url.startswith(book.page(book.chapter))
    style = page.evaluate(f"(s => [s.position, s.overscrollBehaviorY])(getComputedStyle(document.querySelector('{POP}')))")
    assert style == ["fixed", "contain"], style
    assert box_of(mark)["y"] + box_of(mark)["height"] <= box_of(pop)["y"], "the sheet hides the line being read"
    _inside_viewport(page, pop.locator(".glossa-popover-close"))
    mark.tap()
    page.wait_for_url(re.compile(re.escape(book.page(book.entry))))


#: Lengthens the open preview with plain paragraphs (built as nodes, like the script builds it).
FILL_POPOVER_JS = """() => {
  const body = document.querySelector('#glossa-popover .glossa-pop-body') || document.querySelector('#glossa-popover');
  for (let i = 0; i < 30; i++) {
    const p = document.createElement('p');
    p.textContent = 'A further sentence of the entry, long enough to wrap on a phone screen. ' + i;
    body.appendChild(p);
  }
}"""


def test_the_phone_sheet_contains_its_own_scrolling(make_context, book: Book) -> None:
    # A short phone, so that a preview overflows its sheet (at most half the screen).
    page = open_chapter(make_context(**{**PHONE, "viewport": {"width": 360, "height": 560}}), book)
    note = page.evaluate(LONGEST_NOTE_JS)
    pop = popover(page)
    for key in ([note["key"]] if note else []) + list(book.marks.values()):
        mark = page.locator(mark_css(key)).first
        mark.scroll_into_view_if_needed()
        mark.tap()
        pop.wait_for(state="visible", timeout=3000)
        if page.evaluate(f"(p => p.scrollHeight > p.clientHeight + 20)(document.querySelector('{POP}'))"):
            break
        pop.locator(".glossa-popover-close").tap()
    else:
        # Every preview of this edition is short: lengthen the open one, as a long entry would be.
        mark.tap()
        pop.wait_for(state="visible", timeout=3000)
        page.evaluate(FILL_POPOVER_JS)
        assert page.evaluate(f"(p => p.scrollHeight > p.clientHeight + 20)(document.querySelector('{POP}'))")
    before = page.evaluate("scrollY")
    b = box_of(pop)
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
    for _ in range(6):
        page.mouse.wheel(0, 600)
    page.wait_for_function(f"document.querySelector('{POP}').scrollTop > 0", timeout=5000)  # the sheet scrolled
    settle(page)
    assert page.evaluate("scrollY") == before, "scrolling the sheet scrolled the page behind it"
    _inside_viewport(page, pop.locator(".glossa-popover-close"))


@pytest.mark.uses("note")
def test_links_inside_a_note_preview_work(context, book: Book) -> None:
    need(book, "note")
    page = open_chapter(context, book, kind="note")
    keys = page.eval_on_selector_all(".md-content sup a[data-glossa^='note:']", "els => els.map(e => e.getAttribute('data-glossa'))")
    # Notes that link elsewhere first; every entry's preview links to its page ("Full entry").
    keys += page.eval_on_selector_all(".md-content a[data-glossa]:not([data-glossa^='note:'])",
                                      "els => els.slice(0, 1).map(e => e.getAttribute('data-glossa'))")
    for key in keys:
        pop = hover_open(page, key)
        # A link to another page of the site, as the preview shows it.
        index = page.evaluate("""() => [...document.querySelectorAll('#glossa-popover .glossa-pop-body a[href]')]
          .findIndex(a => a.origin === location.origin && a.pathname !== location.pathname)""")
        if index >= 0:
            break
        close_by_mouse(page)
    else:
        raise AssertionError("no preview, of a note or of an entry, links to another page")
    link = pop.locator(".glossa-pop-body a[href]").nth(index)
    href = link.evaluate("a => a.href")
    link.click()
    page.wait_for_url(href)


def test_instant_navigation_keeps_previews_working(context, book: Book) -> None:
    page = open_chapter(context, book)
    instant = "navigation.instant" in page.evaluate("JSON.parse(document.getElementById('__config').textContent).features")
    page.evaluate("window.glossaStayed = true")
    entity = next(k for k in book.marks.values() if not k.startswith("note:"))
    page.locator(mark_css(entity)).first.click()
    page.wait_for_url(re.compile(re.escape(book.page(book.entry))))
    page.go_back()
    page.wait_for_url(book.page(book.chapter))
    # Only the script: the first hover may come before the page's previews file (it fetches it).
    page.wait_for_function("!!document.querySelector('a[data-glossa][aria-haspopup]')")
    if instant:
        assert page.evaluate("window.glossaStayed === true"), "the page was reloaded, not swapped"
    for key in book.marks.values():
        hover_open(page, key)
        page.mouse.move(2, 2)
        popover(page).wait_for(state="detached", timeout=3000)


def test_switches_persist_and_make_marks_plain_text(context, book: Book) -> None:
    page = open_chapter(context, book)
    for kind in book.marks:
        page.locator(f'.glossa-toggles input[data-kind="{kind}"]').uncheck()
    page.reload()
    page.wait_for_load_state()
    tabbable(page)
    state = page.evaluate("""() => ({
      checked: [...document.querySelectorAll('.glossa-toggles input[data-kind]')].filter(i => i.checked).length,
      linked: [...document.querySelectorAll('.md-content a[data-glossa]')].filter(a => !a.closest('.glossa-notes, .glossa-previews'))
        .filter(a => a.hasAttribute('href') || a.hasAttribute('aria-describedby') || a.hasAttribute('aria-haspopup')).length,
      stops: glossaTabbable().filter(a => a.matches('a[data-glossa]')).length,
    })""")
    assert state == {"checked": 0, "linked": 0, "stops": 0}, state
    key = next(iter(book.marks.values()))
    page.locator(mark_css(key)).first.hover()
    page.wait_for_timeout(700)
    assert popover(page).count() == 0, "a switched-off mark opened a preview"
    for kind in book.marks:
        page.locator(f'.glossa-toggles input[data-kind="{kind}"]').check()
    assert page.locator(mark_css(key)).first.get_attribute("href"), "switching back on did not restore the link"
    hover_open(page, key)


HIGHLIGHT_JS = """id => {
  const p = document.getElementById(id), link = p.querySelector(':scope > a.glossa-pl');
  return {background: getComputedStyle(p).backgroundColor, permalink: getComputedStyle(link).opacity};
}"""


def test_a_paragraph_permalink_target_is_highlighted(context, book: Book) -> None:
    page = open_chapter(context, book)
    links = page.locator(".md-content a.glossa-pl")
    link = links.nth(min(1, links.count() - 1))  # the second paragraph's, if there is one
    pid = link.evaluate("a => new URL(a.href).hash.slice(1)")
    link.click()  # within the page (the theme may move there without a navigation)
    page.mouse.move(2, 2)
    expect(page).to_have_url(re.compile("#" + re.escape(pid) + "$"))
    for how in ("a click", "a fresh load"):
        if how == "a fresh load":
            page.goto(book.page(book.chapter + "#" + pid))
        seen = page.evaluate(HIGHLIGHT_JS, pid)
        assert seen["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), f"after {how}: no highlight"
        assert seen["permalink"] == "1", f"after {how}: the permalink is hidden"


def test_previews_load_after_the_page_and_a_mark_hovered_before_opens_when_they_arrive(context, book: Book) -> None:
    page = context.new_page()
    held: list = []
    page.route(re.compile(re.escape(PREVIEWS_SUFFIX) + "$"), lambda route: held.append(route))  # held until we say
    page.goto(book.page(book.chapter))
    page.wait_for_function("!!document.querySelector('a[data-glossa][aria-haspopup]')")
    # The page itself carries no preview and no description: they are what the file adds.
    assert page.evaluate("document.querySelectorAll('[data-glossa-preview], .glossa-pv-tip').length") == 0
    entity = next(k for k in book.marks.values() if not k.startswith("note:"))
    mark = page.locator(mark_css(entity)).first
    mark.hover()
    page.wait_for_timeout(700)  # over twice the hover delay
    expect(popover(page)).to_have_count(0)
    assert mark.get_attribute("aria-describedby") is None
    assert len(held) == 1, held
    held[0].continue_()
    popover(page).wait_for(state="visible", timeout=3000)
    assert page.evaluate("document.querySelector('aside.glossa-previews').dataset.glossaState") == "ready"
    assert mark.get_attribute("aria-describedby"), "the mark is not described once its tip is in"


def test_without_its_previews_file_a_tap_follows_the_mark(make_context, book: Book) -> None:
    page = make_context(**PHONE).new_page()
    page.route(re.compile(re.escape(PREVIEWS_SUFFIX) + "$"), lambda route: route.abort())
    page.goto(book.page(book.chapter))
    page.wait_for_function(READY_JS)
    assert page.evaluate("document.querySelector('aside.glossa-previews').dataset.glossaState") == "failed"
    entity = next(k for k in book.marks.values() if not k.startswith("note:"))
    mark = page.locator(mark_css(entity)).first
    mark.scroll_into_view_if_needed()
    mark.tap()
    page.wait_for_url(re.compile(re.escape(book.page(book.entry))))


def test_without_javascript_every_mark_is_a_link_and_switches_still_work(make_context, book: Book) -> None:
    page = make_context(java_script_enabled=False).new_page()
    page.goto(book.page(book.chapter))
    hrefs = page.eval_on_selector_all(".md-content p a[data-glossa]", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(hrefs)
    kind, key = next((k, v) for k, v in book.marks.items() if k != "note")
    mark = page.locator(mark_css(key)).first
    assert mark.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"
    page.locator(f'.glossa-toggles input[data-kind="{kind}"]').uncheck()
    assert mark.evaluate("a => getComputedStyle(a).textDecorationLine") == "none", "the switch does not work without JS"
    mark.click()
    page.wait_for_url(re.compile(re.escape(book.page(book.entry))))


def test_print_says_what_the_chapter_is_from_and_drops_the_interface(context, book: Book) -> None:
    page = open_chapter(context, book)
    head = page.locator(".glossa-print-head")
    expect(head).to_have_count(1)
    expect(head).to_be_hidden()
    page.emulate_media(media="print")
    expect(head).to_be_visible()
    assert box_of(head)["y"] <= box_of(page.locator(".md-content h1").first)["y"], "the print head is not at the top"
    for css in (".md-header", ".md-sidebar", ".md-footer", ".glossa-toggles", ".md-content a.glossa-pl", ".headerlink"):
        loc = page.locator(css)
        for i in range(loc.count()):
            expect(loc.nth(i)).to_be_hidden()
    notes = page.locator(".glossa-notes")
    if notes.count():
        assert notes.evaluate("n => getComputedStyle(n).breakBefore") != "page", "the notes start a new page"
        links = page.evaluate("""() => [...document.querySelectorAll('.glossa-notes a[href]')].map(a =>
          ({away: a.origin !== location.origin, href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content}))""")
        for link in links:
            if link["away"]:
                assert link["href"] in link["after"], f"{link['href']}: a link to another site does not print its address"
            else:
                assert link["href"] not in link["after"], f"{link['href']}: a link within the site prints its address"
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-content p')).fontSize)") <= 15


def test_every_request_is_same_origin(context, book: Book) -> None:
    origin = urlparse(book.url).netloc
    seen: list[str] = []
    context.on("request", lambda r: seen.append(r.url))
    page = open_chapter(context, book)
    for key in book.marks.values():
        hover_open(page, key)
        page.mouse.move(2, 2)
        popover(page).wait_for(state="detached")  # leaving closes it: the next hover starts from rest
    for path in ("", book.entry, *book.indexes):
        page.goto(book.page(path))
        page.wait_for_load_state("networkidle")
    foreign = [u for u in seen if not u.startswith(("data:", "blob:")) and urlparse(u).netloc != origin]
    assert seen and not foreign, foreign


# -- contrast of states axe does not see: hover, keyboard focus, a tapped permalink ----------------------
CONTRAST_JS = """async el => {
  await Promise.all(el.getAnimations().map(a => a.finished.catch(() => null)));  // colours settle after transitions
  if (!el.isConnected) throw new Error('the element left the page');
  const rgba = c => {
    const n = (c.match(/[\\d.]+/g) || []).map(Number), k = c.startsWith('color(') ? 255 : 1;
    if (n.length < 3) throw new Error('unknown colour ' + c);
    return [n[0] * k, n[1] * k, n[2] * k, n.length > 3 ? n[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
  const layers = [];
  for (let x = el; x; x = x.parentElement) {
    const c = rgba(getComputedStyle(x).backgroundColor);
    if (c[3] > 0) layers.unshift(c);
    if (c[3] >= 1) break;
  }
  const bg = layers.reduce((under, top) => over(top, under), [255, 255, 255, 1]);
  const lum = c => c.slice(0, 3).map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const cs = getComputedStyle(el);
  return {text: ratio(over(rgba(cs.color), bg), bg), opacity: +cs.opacity,
          ring: cs.outlineStyle === 'none' ? 0 : ratio(over(rgba(cs.outlineColor), bg), bg)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_hover_and_focus_colours_of_marks_meet_contrast(make_context, book: Book, scheme: str) -> None:
    page = open_chapter(make_context(color_scheme=scheme), book, scheme=scheme)
    low = []
    for key in book.marks.values():
        mark = page.locator(mark_css(key)).first
        mark.hover()
        hover = mark.evaluate(CONTRAST_JS)
        page.mouse.move(2, 2)
        popover(page).wait_for(state="detached", timeout=3000)
        mark.focus()
        assert mark.evaluate("a => a.matches(':focus-visible')")
        focus = mark.evaluate(CONTRAST_JS)
        if hover["text"] < 4.5 or focus["text"] < 4.5 or focus["ring"] < 3:
            low.append(f"{key}: hover text {hover['text']:.2f}, focus text {focus['text']:.2f}, ring {focus['ring']:.2f}")
    assert not low, low


def test_a_tapped_permalink_meets_contrast_on_a_dark_phone(make_context, book: Book) -> None:
    page = open_chapter(make_context(color_scheme="dark", **PHONE), book, scheme="dark")
    link = page.locator(".md-content a.glossa-pl").first
    link.scroll_into_view_if_needed()
    link.tap()
    page.wait_for_function("location.hash.length > 1")
    page.wait_for_load_state("networkidle")  # the theme may swap the page in to move there
    seen = link.evaluate(CONTRAST_JS)
    assert seen["opacity"] == 1 and seen["text"] >= 4.5, seen


# -- 7. targets and reading comfort -------------------------------------------------------------------
def _small(locator, what: str) -> list[str]:
    out = []
    for i in range(locator.count()):
        b = locator.nth(i).bounding_box()
        if b and (b["width"] < 24 or b["height"] < 24):
            out.append(f"{what} {i}: {b['width']:.1f}×{b['height']:.1f}")
    return out


def test_targets_are_at_least_24_px(context, book: Book) -> None:
    page = open_chapter(context, book)
    small = _small(page.locator(".md-content sup a[data-glossa^='note:']"), "note marker")
    small += _small(page.locator(".glossa-toggles label"), "switch")
    small += _small(page.locator(".glossa-toggles input"), "switch box")
    small += _small(page.locator(".md-content a.glossa-pl"), "paragraph permalink")
    small += _small(page.locator(".glossa-notes a.glossa-backref"), "back link")
    hover_open(page, next(iter(book.marks.values())))
    small += _small(page.locator(f"{POP} .glossa-popover-close"), "close button")
    for index in book.indexes:
        page.goto(book.page(index))
        letters = page.locator(".glossa-az a")
        assert letters.count(), f"{index}: the index has no letters"
        small += _small(letters, f"{index} letter")
    assert not small, small


def test_the_measure_is_about_66_characters(context, book: Book) -> None:
    page = open_chapter(context, book)
    lines = page.evaluate("""() => {
      const ps = [...document.querySelectorAll('.md-content__inner > p')];
      let p = ps.sort((a, b) => b.textContent.length - a.textContent.length)[0];
      const count = p => Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
      if (!p || count(p) < 4) {  // the chapter's paragraphs are short: measure one of ordinary prose
        const q = document.createElement('p');
        q.textContent = 'The reader follows the line of text across the page and back again. '.repeat(12);
        (p ? p.parentNode : document.querySelector('.md-content__inner')).appendChild(q);
        p = q;
      }
      return {n: count(p), chars: p.innerText.replace(/\\s*¶.*$/s, '').trim().length};
    }""")
    assert lines["n"] >= 4, lines
    # Every line but the last is full.
    per_line = lines["chars"] / (lines["n"] - 0.5)
    assert 58 <= per_line <= 75, f"{per_line:.1f} characters a line"


def test_on_a_phone_an_entry_shows_its_profile_first(make_context, book: Book) -> None:
    assert book.full_entry, "no entry page has both a profile and facts (dates, offices, sources)"
    page = open_page(make_context(**PHONE), book, book.full_entry)
    body, meta = page.locator(".glossa-entry-body"), page.locator(".glossa-entry-meta")
    assert body.count() and meta.count(), book.full_entry
    assert box_of(body)["y"] < box_of(meta)["y"]


def test_the_timeline_filters_by_person_and_zooms_to_the_years_of_the_text(context, site: tuple[Path, str]) -> None:
    out, url = site
    found = next((p for p in sorted(out.rglob("*.html")) if "glossa-timeline-filters" in p.read_text(encoding="utf-8")), None)
    assert found, "the edition has no timeline page"
    page = context.new_page()
    page.goto(urljoin(url, _url_path(out, found)))
    shown = ".glossa-timeline li[data-year]:not(.glossa-filtered)"
    total = page.locator(".glossa-timeline li[data-year]").count()
    assert total and page.locator(shown).count() == total, "the timeline starts filtered"
    people = page.eval_on_selector_all('select[data-filter="person"] option', "os => os.map(o => o.value).filter(Boolean)")
    for who in people[:3]:
        page.select_option('select[data-filter="person"]', who)
        seen = page.eval_on_selector_all(shown, "ls => ls.map(l => (l.getAttribute('data-people') || '').split(' '))")
        assert seen and all(who in p for p in seen), f"filtering by {who} shows others' items"
    page.select_option('select[data-filter="person"]', "")
    assert page.locator(shown).count() == total
    mentioned = page.eval_on_selector_all(".glossa-timeline li[data-year]", "ls => ls.filter(l => l.querySelector('.glossa-mentioned a')).map(l => +l.dataset.year)")
    page.check('input[data-filter="text-years"]')
    years = page.eval_on_selector_all(shown, "ls => ls.map(l => +l.dataset.year)")
    assert mentioned and years and all(min(mentioned) <= y <= max(mentioned) for y in years)
