/* Glossa: the timeline's filters and the Cite control's Copy button.
 * Everything here is an enhancement: without JavaScript the timeline is an ordered list
 * (its kind switches work through CSS), and each citation sits in the page with its downloads.
 * The DOM is built with createElement and textContent only.
 */
(function () {
  "use strict";

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
      button.textContent = "Copy";
      button.addEventListener("click", function () {
        var ref = links.parentElement.querySelector(".glossa-cite-ref");
        navigator.clipboard.writeText(ref ? ref.textContent.trim() : "").then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 2000);
        });
      });
      links.insertBefore(button, links.firstChild);
    });
  }

  function init() {
    var root = document.querySelector(".md-content") || document;
    filterTimeline(root);
    copyButtons(root);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
