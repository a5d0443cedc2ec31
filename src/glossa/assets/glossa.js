/* Glossa: previews of the marks in a chapter (names, terms, places, events and note markers).
 *
 * Patterns from the WAI-ARIA Authoring Practices:
 *  - Tooltip pattern, for keyboard focus: a focused mark shows its text-only description
 *    (role="tooltip", nothing focusable in it); the mark is tied to the same text in the page with
 *    aria-describedby, so screen readers say it without the visual tooltip. Escape hides it.
 *  - Disclosure of a non-modal Dialog, for the full preview: Space or Alt+ArrowDown on any mark,
 *    Enter on a note marker, a hover (after a delay) or a first tap opens a role="dialog" right
 *    after the mark in the document, so Tab moves on from it into the text. Opened from the
 *    keyboard, focus moves into it; Escape closes it and returns focus to the mark; focus leaving
 *    it closes it. The mark carries aria-haspopup="dialog" and aria-expanded.
 *
 * Loading: the marks' descriptions and previews are not in the page but in its previews file
 * (named by the page's aside.glossa-previews), fetched once the page has loaded, or at the first
 * hover, focus or tap, whichever comes first. Until it arrives a mark is a plain link; if it never
 * does, it stays one. A note's preview reads the notes section, which is in the page.
 *
 * Security: every node is made with createElement/textContent/setAttribute, or cloned. The one
 * HTML parsed from a string is the previews file: the build's own, sanitised with the page, from
 * the page's own origin, parsed by DOMParser into an inert document (nothing in it runs or loads)
 * and cloned from there.
 * Without JavaScript every mark is a plain link to its entry (or note), so nothing is lost.
 * Material's instant navigation swaps pages without reloading: init runs on each `document$`.
 */
(function () {
  "use strict";
  var OPEN_DELAY = 300, CLOSE_DELAY = 300, GAP = 6, EDGE = 8, LONG_NOTE = 600;
  var STORE = "glossa-marks-off", PHONE = "(max-width: 600px)";
  var MARKS = "a[data-glossa]", OUTSIDE = ".glossa-previews, .glossa-popover, .glossa-notes";
  // The interface's words, in the edition's language: the build puts them in every page's head as
  // data (script#glossa-words, JSON, from the edition's catalogue). No word is written here.
  var WORDS = {};
  function readWords() {
    var data = document.getElementById("glossa-words");
    try { WORDS = data ? JSON.parse(data.textContent) || {} : {}; } catch (e) { WORDS = {}; }
  }
  function word(k) { return typeof WORDS[k] === "string" ? WORDS[k] : ""; }
  readWords();

  var pop = null, tip = null, mark = null, via = "", openTimer = 0, closeTimer = 0;
  var pointer = "mouse", quiet = false;  // the last pointer pressed; focus returned without a tooltip
  var hovered = null;  // the mark under the mouse
  var store = null, loading = null, failed = false;  // this page's previews file: parsed, on its way, failed

  // -- small helpers -------------------------------------------------------------------------
  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }
  function key(a) { return a.getAttribute("data-glossa") || ""; }
  function kind(a) { return key(a).split(":")[0]; }
  function descId(a) { return "glossa-d-" + key(a).replace(":", "-"); }
  function isPhone() { return window.matchMedia(PHONE).matches; }
  function clamp(x, lo, hi) { return Math.max(lo, Math.min(x, hi)); }

  /** The live marks of a page: links, not copies inside previews, popovers or the notes. */
  function marksIn(root) {
    return Array.prototype.filter.call(root.querySelectorAll(MARKS), function (a) { return !a.closest(OUTSIDE); });
  }
  /** The mark an event is about, if it is live (switched on). */
  function markOf(target) {
    var a = target && target.closest ? target.closest(MARKS) : null;
    return a && a.hasAttribute("href") && !a.closest(OUTSIDE) ? a : null;
  }

  // -- switches: a kind switched off is plain text to the keyboard and to assistive technology --
  function offKinds() {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function saveOff(list) {
    try { localStorage.setItem(STORE, JSON.stringify(list)); } catch (e) { /* private mode: this page only */ }
  }
  function describe(a) {
    if (document.getElementById(descId(a))) a.setAttribute("aria-describedby", descId(a));
    a.setAttribute("aria-haspopup", "dialog");
    a.setAttribute("aria-expanded", "false");
  }
  // What makes a mark a link (a note marker also has a role and a name); kept aside while off.
  var LINKISH = { href: "data-glossa-href", role: "data-glossa-role", "aria-label": "data-glossa-label" };
  function switchMark(a, on) {
    Object.keys(LINKISH).forEach(function (attr) {
      var from = on ? LINKISH[attr] : attr, to = on ? attr : LINKISH[attr];
      if (a.hasAttribute(from)) {
        a.setAttribute(to, a.getAttribute(from));
        a.removeAttribute(from);
      }
    });
    if (on) { describe(a); return; }
    ["aria-describedby", "aria-haspopup", "aria-expanded", "aria-controls"].forEach(function (n) { a.removeAttribute(n); });
  }
  /** Once the previews file is in: each live mark is described by its tip. */
  function linkDescriptions(root) {
    marksIn(root).forEach(function (a) {
      if (a.hasAttribute("href") && document.getElementById(descId(a))) a.setAttribute("aria-describedby", descId(a));
    });
  }
  function applySwitches(root) {
    var off = offKinds();
    if (mark && off.indexOf(kind(mark)) >= 0) close(false);
    if (tip && tip.glossaMark && off.indexOf(kind(tip.glossaMark)) >= 0) hideTip();
    marksIn(root).forEach(function (a) { switchMark(a, off.indexOf(kind(a)) < 0); });
  }
  function initSwitches(root) {
    var box = root.querySelector(".glossa-toggles");
    if (!box || box.glossaReady) return;
    box.glossaReady = true;
    var off = offKinds();
    // Only the checked state changes: the boxes keep their size, so nothing moves.
    box.querySelectorAll("input[data-kind]").forEach(function (input) {
      input.checked = off.indexOf(input.getAttribute("data-kind")) < 0;
    });
    box.addEventListener("change", function (e) {
      var k = e.target.getAttribute("data-kind");
      if (!k) return;
      var list = offKinds().filter(function (x) { return x !== k; });
      if (!e.target.checked) list.push(k);
      saveOff(list);
      applySwitches(root);
    });
    // The keys exist only when this script runs, so the script documents them. Visually
    // hidden until the switches have focus; out of the flow, so it never moves the text.
    if (!box.querySelector(".glossa-keys")) {
      var hint = make("p", { "class": "glossa-keys", id: "glossa-keys" }, word("keys"));
      box.appendChild(hint);
      box.setAttribute("aria-describedby", "glossa-keys");
    }
  }

  // -- the previews file ------------------------------------------------------------------------
  /** Fetch and parse this page's previews once; resolves to true when they are in. */
  function loadPreviews() {
    if (loading) return loading;
    var box = document.querySelector("aside.glossa-previews[data-glossa-src]");
    var script = box && location.protocol === "file:" ? box.getAttribute("data-glossa-script") : null;
    var url = box ? new URL(script || box.getAttribute("data-glossa-src"), location.href) : null;
    if (!url || (!script && (url.origin !== location.origin || !window.fetch)) || !window.DOMParser) {
      loading = Promise.resolve(false);
      return loading;
    }
    loading = (script ? scriptText(url) : fetch(url.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("previews: HTTP " + response.status);
      return response.text();
    })).then(function (text) {
      if (!box.isConnected) return false;  // the reader has gone on to another page
      var doc = new DOMParser().parseFromString(text, "text/html");
      // The tips join the page: aria-describedby can only point at elements in the document.
      doc.querySelectorAll("p.glossa-pv-tip").forEach(function (p) { box.appendChild(document.importNode(p, true)); });
      store = doc;
      linkDescriptions(document.querySelector(".md-content") || document.body);
      box.setAttribute("data-glossa-state", "ready");
      return true;
    }).catch(function () {
      if (!box.isConnected) return false;
      failed = true;
      box.setAttribute("data-glossa-state", "failed");
      return false;
    });
    return loading;
  }
  /** An offline build's previews script (read from file://, where fetch is refused): its document, as text.
   * The script only sets window.glossaPreviews to a JSON string; it is parsed below like the fetched file. */
  function scriptText(url) {
    return new Promise(function (resolve, reject) {
      window.glossaPreviews = undefined;
      var el = document.createElement("script");
      el.src = url.href;
      el.onload = function () {
        var text = window.glossaPreviews;
        el.remove();
        if (typeof text === "string") resolve(text); else reject(new Error("previews: no document"));
      };
      el.onerror = function () { el.remove(); reject(new Error("previews: script failed")); };
      document.head.appendChild(el);
    });
  }
  /** After the page has loaded, when the browser is idle: the previews are there before they are asked for. */
  function loadWhenIdle() {
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 200); };
    function later() { idle(function () { loadPreviews(); }, { timeout: 3000 }); }
    if (document.readyState === "complete") later(); else window.addEventListener("load", later, { once: true });
  }

  // -- tooltip (focus) ---------------------------------------------------------------------
  function showTip(a) {
    var src = document.getElementById(descId(a));
    if (!src) {
      if (!store) loadPreviews().then(function (ok) { if (ok && document.activeElement === a && !tip && a !== mark) showTip(a); });
      return;
    }
    hideTip();
    tip = make("div", { "class": "glossa-tooltip", role: "tooltip", id: "glossa-tooltip" }, src.textContent);
    tip.glossaMark = a;
    document.body.appendChild(tip);
    place(tip, a, 0.4);
  }
  function hideTip() {
    if (tip) tip.remove();
    tip = null;
  }

  // -- popover (dialog) --------------------------------------------------------------------
  /** The preview's content, cloned from the page; null when the page has none for this mark. */
  function content(a) {
    var k = kind(a), ident = key(a).slice(k.length + 1);
    if (k === "note") return noteContent(ident);
    var src = previewSource(key(a));
    if (!src) return null;
    var body = make("div", { "class": "glossa-pop-body" });
    Array.prototype.forEach.call(src.children, function (child) {
      if (!child.classList.contains("glossa-pv-tip")) body.appendChild(child.cloneNode(true));
    });
    var title = body.querySelector(".glossa-pv-title strong") || body.firstElementChild;
    var more = make("p", { "class": "glossa-pv-more" });
    var link = make("a", { href: a.getAttribute("href") }, word("more." + k) || word("more"));
    link.appendChild(make("span", { "aria-hidden": "true" }, " →"));
    more.appendChild(link);
    body.insertBefore(more, body.querySelector(".glossa-pv-suggest"));  // the entry's link first, then the form's
    return { body: body, title: title };
  }

  /** An entry's preview in the page's previews file (null until it is in). */
  function previewSource(k) {
    return store ? store.querySelector('[data-glossa-preview="' + CSS.escape(k) + '"]') : null;
  }

  /** A note's popover reads its item in the notes section; a long note shows its first part. */
  function noteContent(ident) {
    var li = document.getElementById("note-" + ident);
    if (!li) return null;
    var body = make("div", { "class": "glossa-pop-body" });
    Array.prototype.forEach.call(li.children, function (child) {
      if (!child.classList.contains("glossa-backref")) body.appendChild(child.cloneNode(true));
    });
    var title = body.querySelector(".glossa-note-label") || body.firstElementChild;
    if (body.textContent.length > LONG_NOTE) firstPart(body, title, li.id);
    return { body: body, title: title };
  }
  /** Keep the label and the first sentences; "Read on" leads to the whole note and its sources. */
  function firstPart(body, title, noteId) {
    var first = title ? title.nextElementSibling : body.firstElementChild;
    while (first && first.nextElementSibling) first.nextElementSibling.remove();
    if (first) cutAtSentence(first, LONG_NOTE / 2);
    var more = make("p", { "class": "glossa-pv-more" });
    var link = make("a", { href: "#" + noteId, "class": "glossa-read-on" }, word("more.note"));
    link.appendChild(make("span", { "class": "glossa-sr" }, word("readOn")));
    link.appendChild(make("span", { "aria-hidden": "true" }, " →"));
    more.appendChild(link);
    body.appendChild(more);
  }
  /** Cut a (cloned) paragraph after the first sentence end past `limit` characters. */
  function cutAtSentence(p, limit) {
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT), seen = 0, node;
    while ((node = walker.nextNode())) {
      var text = node.nodeValue, from = Math.max(0, limit - seen), m = /[.!?][’”)]?\s/g, hit;
      m.lastIndex = from;
      if (seen + text.length > limit && (hit = m.exec(text))) {
        var range = document.createRange();
        range.setStart(node, hit.index + hit[0].length - 1);
        range.setEndAfter(p.lastChild);
        range.deleteContents();
        return;
      }
      seen += text.length;
    }
  }

  function open(a, how) {
    clearTimeout(openTimer); clearTimeout(closeTimer);
    if (mark === a && pop) {
      if (how === "key") pop.focus();
      return;
    }
    var c = content(a);
    if (!c) {
      // Asked for before the previews file is in: open once it is, if the reader still wants it.
      if (!store && kind(a) !== "note") loadPreviews().then(function (ok) { if (ok && wanted(a, how)) open(a, how); });
      return;
    }
    close(false);
    hideTip();
    c.body.querySelectorAll("a.glossa-suggest").forEach(function (link) {  // the previews file has kind and entry
      link.setAttribute("href", withPassage(link.getAttribute("href"), a));
    });
    pop = make("div", { "class": "glossa-popover md-typeset", id: "glossa-popover", role: "dialog", tabindex: "-1" });
    if (c.title) {
      c.title.id = "glossa-popover-title";
      pop.setAttribute("aria-labelledby", c.title.id);
    }
    pop.appendChild(closeBar());
    pop.appendChild(c.body);
    if (how === "hover") {
      pop.addEventListener("mouseenter", function () { clearTimeout(closeTimer); });
      pop.addEventListener("mouseleave", scheduleClose);
    }
    pop.addEventListener("focusout", onFocusOut);
    pop.addEventListener("click", onPopClick);
    // Right after the mark (after its <sup> for a note): Tab goes from the dialog on into the text.
    var after = kind(a) === "note" && a.parentElement.tagName === "SUP" ? a.parentElement : a;
    after.after(pop);
    mark = a; via = how;
    a.setAttribute("aria-expanded", "true");
    a.setAttribute("aria-controls", pop.id);
    if (isPhone()) sheet(pop, a); else place(pop, a, 0.7);
    if (how === "key") pop.focus({ preventScroll: true });
  }

  /** Whether a preview asked for earlier is still wanted: the mouse is still on the mark, or focus is. */
  function wanted(a, how) {
    if (mark === a || !a.isConnected) return false;
    if (how === "hover") return hovered === a;
    return how === "tap" || document.activeElement === a;
  }

  /** The close control: a real button named by what it shows; it stays in view (sticky). */
  function closeBar() {
    var bar = make("div", { "class": "glossa-pop-bar" });
    var button = make("button", { type: "button", "class": "glossa-popover-close" });
    button.appendChild(make("span", { "aria-hidden": "true" }, "×"));
    button.appendChild(make("span", { "class": "glossa-sr" }, word("close")));
    button.addEventListener("click", function () { close(true); });
    bar.appendChild(button);
    return bar;
  }

  function onPopClick(e) {
    // "Read on" and other links within the page: close first, then let the page move there.
    var link = e.target.closest("a[href]");
    if (link && link.pathname === location.pathname && link.hash) close(false);
  }

  function close(returnFocus) {
    clearTimeout(openTimer); clearTimeout(closeTimer);
    var a = mark;
    if (pop) pop.remove();
    pop = null; mark = null; via = "";
    if (!a) return;
    if (a.hasAttribute("href")) a.setAttribute("aria-expanded", "false");
    a.removeAttribute("aria-controls");
    if (returnFocus) {
      quiet = true;  // back on the mark without showing its tooltip again
      a.focus({ preventScroll: true });
      quiet = false;
    }
  }
  function scheduleClose() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(function () {
      if (via !== "hover") return;
      // A mark hovered since the pointer left this one keeps its pending preview: close() would
      // cancel it, and moving quickly from one mark to the next would open nothing.
      var pending = openTimer;
      openTimer = 0;
      close(false);
      openTimer = pending;
    }, CLOSE_DELAY);
  }
  function onFocusOut(e) {
    var to = e.relatedTarget;
    if (!pop || (to && (pop.contains(to) || to === mark))) return;
    // Focus left the dialog (Tab past its end, or a click elsewhere): it closes.
    setTimeout(function () {
      var now = document.activeElement;
      if (pop && !pop.contains(now) && now !== mark) close(false);
    }, 0);
  }

  // -- placement -----------------------------------------------------------------------------
  /** Below the mark, or above it when there is more room there, from the mark's start; clamped into the viewport. */
  function place(box, a, share) {
    var rects = a.getClientRects(), first = rects[0], last = rects[rects.length - 1];
    if (!first) return;
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    var below = vh - last.bottom - GAP - EDGE, above = first.top - GAP - EDGE;
    box.style.maxHeight = Math.max(Math.min(vh * share, Math.max(below, above)), 48) + "px";
    var h = box.offsetHeight, w = box.offsetWidth;
    var up = h > below && above > below;
    var top = up ? first.top - GAP - h : last.bottom + GAP;
    // Aligned with the mark's start: its left edge, or its right edge in right-to-left text.
    var at = up ? first : last, rtl = getComputedStyle(a).direction === "rtl";
    var left = clamp(rtl ? at.right - w : at.left, EDGE, vw - w - EDGE);
    // To the coordinates of the box's containing block (absolute positioning).
    var cb = box.offsetParent || document.body, r = cb.getBoundingClientRect();
    box.style.top = top - r.top - cb.clientTop + "px";
    box.style.left = left - r.left - cb.clientLeft + "px";
    box.classList.toggle("glossa-up", up);
  }
  /** Phones: a bottom sheet (CSS); the line being read stays visible above it. */
  function sheet(box, a) {
    var vh = window.innerHeight, r = a.getBoundingClientRect(), top = vh - box.offsetHeight;
    if (r.bottom + EDGE > top) window.scrollBy(0, r.bottom + EDGE - top);
    r = a.getBoundingClientRect();
    if (r.bottom + EDGE > top) box.style.maxHeight = Math.max(vh - r.bottom - EDGE, vh * 0.3) + "px";
  }

  // -- events (delegated once; they survive instant navigation) ------------------------------
  document.addEventListener("pointerdown", function (e) {
    pointer = e.pointerType || "mouse";
    if (!store && markOf(e.target)) loadPreviews();  // a tap's preview: fetched while the finger is down
    if (pop && !pop.contains(e.target) && !markOf(e.target)) close(false);
  }, true);

  // Hover is a mouse's: a finger's pointerover (before its tap) is left to the click handler.
  document.addEventListener("pointerover", function (e) {
    if (e.pointerType !== "mouse") return;
    var a = markOf(e.target);
    if (!a) return;
    hovered = a;
    if (!store) loadPreviews();  // the hover delay is time to fetch them
    if (a === mark) { clearTimeout(closeTimer); return; }
    if (via === "hover" || !pop) {
      clearTimeout(openTimer);
      openTimer = setTimeout(function () { open(a, "hover"); }, OPEN_DELAY);
    }
  });
  document.addEventListener("pointerout", function (e) {
    if (e.pointerType !== "mouse") return;
    var a = markOf(e.target);
    if (!a) return;
    if (hovered === a && !(e.relatedTarget && a.contains(e.relatedTarget))) hovered = null;
    clearTimeout(openTimer);
    if (a === mark && !(pop && e.relatedTarget && pop.contains(e.relatedTarget))) scheduleClose();
  });

  document.addEventListener("focusin", function (e) {
    var a = markOf(e.target);
    if (a && !quiet && a.matches(":focus-visible") && a !== mark) showTip(a);
  });
  document.addEventListener("focusout", function (e) {
    if (tip && e.target === tip.glossaMark) hideTip();
    if (markOf(e.target) && e.target === mark) onFocusOut(e);
  });

  document.addEventListener("click", function (e) {
    var a = markOf(e.target);
    // A keyboard's click (Enter) has detail 0: it follows the link. A first tap previews;
    // a second tap on the same mark follows it. Stopped in the capture phase, so the
    // theme's instant navigation never sees a previewing tap.
    // Without its previews file (offline, or opened from disk) a tap follows the mark's link.
    if (!a || e.detail === 0 || pointer === "mouse" || mark === a || (failed && kind(a) !== "note")) return;
    e.preventDefault(); e.stopPropagation();
    open(a, "tap");
  }, true);

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      if (pop) { e.preventDefault(); close(pop.contains(document.activeElement) || document.activeElement === mark); }
      else if (tip) { e.preventDefault(); hideTip(); }
      return;
    }
    // A preview opened by the mouse never enters the tab order: Tab closes it first.
    if (e.key === "Tab" && pop && via === "hover" && !pop.contains(document.activeElement)) close(false);
    var a = markOf(e.target);
    if (!a || e.ctrlKey || e.metaKey) return;
    var opens = (e.key === " " && !e.altKey) || (e.key === "ArrowDown" && e.altKey) ||
      (e.key === "Enter" && kind(a) === "note");
    if (opens) { e.preventDefault(); open(a, "key"); }
  });

  window.addEventListener("resize", function () { if (pop && !isPhone()) close(false); hideTip(); });

  // -- the targeted paragraph or note ------------------------------------------------------------
  // The theme's instant navigation follows a link within the page with pushState, which leaves
  // :target behind; a class marks the element the address points at instead (see glossa.css).
  function markTarget() {
    document.querySelectorAll(".glossa-target").forEach(function (el) { el.classList.remove("glossa-target"); });
    var id = decodeURIComponent(location.hash.slice(1)), el = id && document.getElementById(id);
    if (el) el.classList.add("glossa-target");
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[href*='#']") : null;
    if (a && a.pathname === location.pathname) setTimeout(markTarget, 0);
  });
  window.addEventListener("hashchange", markTarget);
  window.addEventListener("popstate", markTarget);

  // -- suggestions: GitHub's issue form, prefilled (only when the edition is on GitHub) -----
  /** The permalink of the paragraph a node sits in (the page's own address if it has none). */
  function passageOf(node) {
    var p = node.closest("p[id], li[id], blockquote[id]");
    return location.origin + location.pathname + (p ? "#" + p.id : "");
  }
  function withPassage(href, node) { return href + "&passage=" + encodeURIComponent(passageOf(node)); }
  /** "Suggest an annotation" in a paragraph's Cite tools, made when they are opened (no element at load). */
  function suggestIn(details) {
    var box = document.querySelector("aside.glossa-previews[data-glossa-suggest]");
    var links = details.querySelector(".glossa-cite-links"), permalink = links && links.querySelector("a[href]");
    if (!box || !permalink || links.querySelector(".glossa-suggest")) return;
    var passage = new URL(permalink.getAttribute("href"), location.href).href;
    var href = box.getAttribute("data-glossa-suggest") + "&passage=" + encodeURIComponent(passage);
    links.appendChild(document.createTextNode(" · "));
    links.appendChild(make("a", { "class": "glossa-suggest", href: href, rel: "nofollow" }, word("suggest")));
  }
  document.addEventListener("toggle", function (e) {  // toggle does not bubble: listen while it goes down
    var d = e.target;
    if (d.matches && d.matches("details.glossa-cite") && d.open) suggestIn(d);
  }, true);

  // -- each page -------------------------------------------------------------------------------
  /** Print shows the address of a link to another site; the theme makes this site's links absolute too. */
  function markLocalLinks(root) {
    root.querySelectorAll(".glossa-notes a[href]").forEach(function (a) {
      if (a.origin === location.origin) a.setAttribute("data-glossa-local", "");
    });
  }

  function init() {
    readWords();
    clearTimeout(openTimer); clearTimeout(closeTimer);
    pop = null; mark = null; via = ""; hovered = null;  // the last page's preview went with its content
    store = null; loading = null; failed = false;
    hideTip();
    var root = document.querySelector(".md-content") || document.body;
    applySwitches(root);
    initSwitches(root);
    markLocalLinks(root);
    markTarget();
    loadWhenIdle();
    // The theme's search dialog has no name (axe: aria-dialog-name).
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label]):not([aria-labelledby])').forEach(function (d) {
      d.setAttribute("aria-label", word("search"));
    });
    initScholarship();
  }

  /* Glossa: the timeline's filters and the Cite control's Copy button.
   * Everything here is an enhancement: without JavaScript the timeline is an ordered list
   * (its kind switches work through CSS), and each citation sits in the page with its downloads.
   * The DOM is built with createElement and textContent only.
   */

  function filterTimeline(root) {
    var box = root.querySelector(".glossa-timeline-filters");
    if (!box) return;
    var select = box.querySelector('select[data-filter="person"]');
    var zoom = box.querySelector('input[data-filter="text-years"]');
    var items = Array.prototype.slice.call(root.querySelectorAll(".glossa-timeline li[data-year]"));
    function apply() {
      var who = select ? select.value : "";
      var span = null;
      if (zoom && zoom.checked) {
        // The years the text covers: those of the items some paragraph of the text mentions.
        var years = items.filter(function (li) { return li.querySelector(".glossa-mentioned a"); })
          .map(function (li) { return +li.getAttribute("data-year"); });
        if (years.length) span = [Math.min.apply(null, years), Math.max.apply(null, years)];
      }
      items.forEach(function (li) {
        var people = " " + (li.getAttribute("data-people") || "") + " ";
        var year = +li.getAttribute("data-year");
        var shown = (!who || people.indexOf(" " + who + " ") >= 0) && (!span || (year >= span[0] && year <= span[1]));
        li.classList.toggle("glossa-filtered", !shown);
      });
      root.querySelectorAll(".glossa-year").forEach(function (section) {
        section.classList.toggle("glossa-filtered", !section.querySelector("li:not(.glossa-filtered)"));
      });
    }
    if (select) select.addEventListener("change", apply);
    if (zoom) zoom.addEventListener("change", apply);
    apply();
  }

  function copyButtons(root) {
    if (!navigator.clipboard) return;
    root.querySelectorAll(".glossa-cite-links").forEach(function (links) {
      if (links.querySelector(".glossa-cite-copy")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "glossa-cite-copy";
      button.textContent = word("copy");
      button.addEventListener("click", function () {
        var ref = links.parentElement.querySelector(".glossa-cite-ref");
        navigator.clipboard.writeText(ref ? ref.textContent.trim() : "").then(function () {
          button.textContent = word("copied");
          setTimeout(function () { button.textContent = word("copy"); }, 2000);
        });
      });
      links.insertBefore(button, links.firstChild);
    });
  }

  function initScholarship() {
    var root = document.querySelector(".md-content") || document;
    filterTimeline(root);
    copyButtons(root);
  }

  // The theme's document$ announces each page of its instant navigation; read from file:// it
  // may never announce the first (and there is no instant navigation there), so the page is ours.
  if (location.protocol !== "file:" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
