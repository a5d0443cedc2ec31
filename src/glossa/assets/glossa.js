/* Glossa popovers: hover (with a delay), keyboard focus and tap; Escape, outside click and
 * focus leaving close them. One popover at a time; links inside it are ordinary links.
 * Without JavaScript every mark is a plain link to its entry, so nothing is lost.
 * Works with Material's instant navigation by re-initialising on each `document$` emission.
 */
(function () {
  "use strict";
  var OPEN_DELAY = 250, CLOSE_DELAY = 300, KINDS = ["person", "term", "place", "note"];
  var LABELS = { person: "People", term: "Terms", place: "Places", note: "Notes" };
  var STORE = "glossa-marks-off";
  var pop = null, current = null, openTimer = 0, closeTimer = 0, lastPointer = "mouse", quietFocus = false;

  function offKinds() {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function applyToggles() {
    var off = offKinds(), root = document.documentElement;
    KINDS.forEach(function (k) { root.classList.toggle("glossa-off-" + k, off.indexOf(k) >= 0); });
  }
  function kindOf(a) { return (a.getAttribute("data-glossa") || "").split(":")[0]; }
  function isOff(a) { return offKinds().indexOf(kindOf(a)) >= 0; }

  function previewFor(a) {
    var key = a.getAttribute("data-glossa") || "";
    if (key.indexOf("note:") === 0) {
      // A note's popover shows its entry in the notes section, without the back link.
      var li = document.getElementById("note-" + key.slice(5));
      if (!li) return null;
      var copy = li.cloneNode(true);
      copy.querySelectorAll(".glossa-backref").forEach(function (b) { b.remove(); });
      return copy.innerHTML;
    }
    var src = document.querySelector('[data-glossa-preview="' + CSS.escape(key) + '"]');
    return src ? src.innerHTML : null;
  }

  function ensurePop() {
    if (pop) return pop;
    pop = document.createElement("div");
    pop.className = "glossa-popover md-typeset";
    pop.id = "glossa-popover";
    pop.setAttribute("role", "dialog");
    pop.hidden = true;
    pop.addEventListener("mouseenter", function () { clearTimeout(closeTimer); });
    pop.addEventListener("mouseleave", function () { scheduleClose(); });
    pop.addEventListener("focusout", onFocusOut);
    return pop;
  }

  function open(a) {
    clearTimeout(openTimer); clearTimeout(closeTimer);
    if (current === a && pop && !pop.hidden) return;
    var html = previewFor(a);
    if (html === null) return;
    close(false);
    var p = ensurePop();
    var kind = kindOf(a);
    var name = kind === "note" ? "Editors’ commentary on note " + a.textContent : (a.textContent || "").trim();
    p.setAttribute("aria-label", name);
    // The link to the full entry comes from the mark itself (not repeated in the page's data).
    var strong = document.createElement("div");
    strong.innerHTML = html;
    var title = strong.querySelector("strong");
    var more = kind === "note" ? "Go to the note" :
      (kind === "person" ? "Full profile" : "Glossary entry") + (title ? ": " + title.textContent : "");
    p.innerHTML = '<button type="button" class="glossa-popover-close" aria-label="Close">×</button>' + html +
      '<p class="glossa-pv-more"><a href="' + a.getAttribute("href") + '">' + more + " →</a></p>";
    var label = p.querySelector("p");
    if (label && kind !== "note") {
      label.classList.add("glossa-pv-title");
      if (kind !== "person") {
        label.insertAdjacentHTML("afterbegin", '<span class="glossa-pv-kind">' + (kind === "place" ? "Place" : "Glossary") + "</span> ");
      }
    }
    p.querySelector(".glossa-popover-close").addEventListener("click", function () { close(true); });
    // Links inside the popover are plain links: no nested popovers (one at a time).
    p.querySelectorAll("a").forEach(function (l) { l.setAttribute("data-glossa-inner", ""); });
    // Right after the trigger in the DOM, so Tab moves from the mark into its popover.
    var anchor = kind === "note" && a.parentElement.tagName === "SUP" ? a.parentElement : a;
    anchor.after(p);
    p.hidden = false;
    current = a;
    a.setAttribute("aria-expanded", "true");
    position(a, p);
  }

  function position(a, p) {
    if (window.matchMedia("(max-width: 600px)").matches) {
      // Bottom sheet: keep the line being read above it.
      var r = a.getBoundingClientRect();
      var limit = window.innerHeight * 0.5;
      if (r.bottom > limit) window.scrollBy({ top: r.bottom - limit + 16, behavior: "instant" });
      return;
    }
    var parent = p.offsetParent || document.body;
    var pr = parent.getBoundingClientRect(), ar = a.getBoundingClientRect();
    var left = ar.left - pr.left, top = ar.bottom - pr.top + 6;
    var width = p.offsetWidth, maxLeft = document.documentElement.clientWidth - pr.left - width - 8;
    p.style.left = Math.max(Math.min(left, maxLeft), -pr.left + 8) + "px";
    p.style.top = top + "px";
  }

  function close(returnFocus) {
    clearTimeout(openTimer); clearTimeout(closeTimer);
    if (!pop || pop.hidden) { current = null; return; }
    var trigger = current;
    pop.hidden = true;
    if (trigger) trigger.setAttribute("aria-expanded", "false");
    current = null;
    if (returnFocus && trigger) {
      // Focus goes back to the mark without reopening its popover.
      quietFocus = true;
      trigger.focus();
      quietFocus = false;
    }
  }
  function scheduleClose() { clearTimeout(closeTimer); closeTimer = setTimeout(function () { close(false); }, CLOSE_DELAY); }

  function onFocusOut(e) {
    var to = e.relatedTarget;
    if (to && ((pop && pop.contains(to)) || to === current)) return;
    // Focus left both the mark and its popover.
    setTimeout(function () {
      var act = document.activeElement;
      if (pop && !pop.contains(act) && act !== current) close(false);
    }, 0);
  }

  function trigger(el) {
    var a = el && el.closest ? el.closest("a[data-glossa]") : null;
    if (!a || a.hasAttribute("data-glossa-inner") || isOff(a)) return null;
    return a;
  }

  function init() {
    applyToggles();
    close(false);
    pop = null;
    var content = document.querySelector(".md-content");
    if (!content) return;
    content.querySelectorAll("a[data-glossa]").forEach(function (a) {
      if (a.closest(".glossa-previews, .glossa-popover, .glossa-notes")) return;
      a.setAttribute("aria-haspopup", "dialog");
      a.setAttribute("aria-expanded", "false");
      a.setAttribute("aria-controls", "glossa-popover");
    });
    addToggles(content);
    // Name the theme's unnamed dialogs (axe: aria-dialog-name).
    document.querySelectorAll('[role="dialog"]:not([aria-label]):not([aria-labelledby])').forEach(function (d) {
      d.setAttribute("aria-label", d.classList.contains("md-search") ? "Search" : "Dialog");
    });
  }

  function addToggles(content) {
    var inner = content.querySelector(".md-content__inner");
    if (!inner || !inner.querySelector("a[data-glossa]") || inner.querySelector(".glossa-toggles")) return;
    var present = KINDS.filter(function (k) { return inner.querySelector('a[data-glossa^="' + k + ':"]'); });
    var box = document.createElement("fieldset");
    box.className = "glossa-toggles";
    var html = "<legend>Show marks</legend>";
    present.forEach(function (k) {
      html += '<label><input type="checkbox" data-kind="' + k + '"' + (offKinds().indexOf(k) >= 0 ? "" : " checked") +
        '> <span class="glossa-swatch-' + k + '">' + LABELS[k] + "</span></label>";
    });
    box.innerHTML = html;
    box.addEventListener("change", function (e) {
      var t = e.target, off = offKinds().filter(function (k) { return k !== t.getAttribute("data-kind"); });
      if (!t.checked) off.push(t.getAttribute("data-kind"));
      try { localStorage.setItem(STORE, JSON.stringify(off)); } catch (err) { /* private mode */ }
      applyToggles();
    });
    // Fill the slot the page reserved for the toggles (no layout shift); else put them after the title.
    var slot = inner.querySelector(".glossa-toggles-slot");
    var h1 = inner.querySelector("h1");
    if (slot) slot.replaceWith(box); else if (h1) h1.after(box); else inner.prepend(box);
  }

  // Delegated listeners: set once, survive instant navigation.
  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "mouse";
    if (pop && !pop.hidden && !pop.contains(e.target) && !trigger(e.target)) close(false);
  }, true);
  document.addEventListener("mouseover", function (e) {
    if (lastPointer === "touch") return;
    var a = trigger(e.target);
    if (!a) return;
    clearTimeout(closeTimer);
    if (a !== current) { clearTimeout(openTimer); openTimer = setTimeout(function () { open(a); }, OPEN_DELAY); }
  });
  document.addEventListener("mouseout", function (e) {
    var a = trigger(e.target);
    if (!a) return;
    clearTimeout(openTimer);
    if (!(pop && e.relatedTarget && pop.contains(e.relatedTarget))) scheduleClose();
  });
  document.addEventListener("focusin", function (e) {
    var a = trigger(e.target);
    if (a && !quietFocus && a.matches(":focus-visible")) open(a);
  });
  document.addEventListener("focusout", function (e) { if (trigger(e.target)) onFocusOut(e); });
  document.addEventListener("click", function (e) {
    var a = trigger(e.target);
    if (!a) return;
    // First tap previews; a second tap (or a mouse click) follows the link.
    // Capture phase, and stop it there, so the theme's instant navigation never sees this tap.
    if (lastPointer !== "mouse" && current !== a) { e.preventDefault(); e.stopPropagation(); open(a); }
  }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && pop && !pop.hidden) { e.preventDefault(); close(true); }
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
