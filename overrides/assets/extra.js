// Tables wider than the screen scroll inside their own box (Material wraps them).
// Such a box must be reachable and named for keyboard and screen-reader users
// (axe-core: scrollable-region-focusable, WCAG 2.1.1).
document$.subscribe(function () {
  var label = document.documentElement.lang === "ja" ? "表（横にスクロールできます）" : "Table (scrolls sideways)";
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", label);
  });
});
