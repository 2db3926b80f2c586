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

// Checklist ticks are kept on this device only (localStorage, per page), so they
// survive a reload; nothing is sent anywhere. A button above the first list clears them.
document$.subscribe(function () {
  var boxes = document.querySelectorAll(".md-typeset .task-list-control input[type=checkbox]");
  if (!boxes.length) return;
  var ja = document.documentElement.lang === "ja";
  var key = "checklist:" + location.pathname;
  var store = null;
  try { store = window.localStorage; } catch (e) { return; }
  var saved = {};
  try { saved = JSON.parse(store.getItem(key) || "{}") || {}; } catch (e) { saved = {}; }
  function save() {
    var ticks = {};
    boxes.forEach(function (box, i) { if (box.checked) ticks[i] = 1; });
    try {
      if (Object.keys(ticks).length) store.setItem(key, JSON.stringify(ticks)); else store.removeItem(key);
    } catch (e) { /* storage full or blocked: ticks simply do not persist */ }
  }
  boxes.forEach(function (box, i) {
    box.checked = !!saved[i];
    box.addEventListener("change", save);
  });
  var first = boxes[0].closest("ul");
  var note = document.createElement("p");
  note.className = "checklist-saved";
  note.textContent = ja ? "チェックはこの端末のブラウザにだけ保存され、どこにも送信されません。"
                        : "Ticks are kept in this browser on this device only and are sent nowhere.";
  var button = document.createElement("button");
  button.type = "button";
  button.className = "checklist-clear";
  button.textContent = ja ? "チェックをすべて外す" : "Clear all ticks";
  button.addEventListener("click", function () {
    boxes.forEach(function (box) { box.checked = false; });
    save();
  });
  first.parentNode.insertBefore(note, first);
  first.parentNode.insertBefore(button, first);
});

// Search closes when keyboard focus leaves it, as it does on a click outside: otherwise its
// shade stays over the page and the links Tab reaches next are dimmed behind it.
document.addEventListener("focusin", function (event) {
  var toggle = document.getElementById("__search");
  if (toggle && toggle.checked && !event.target.closest(".md-search")) {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
  }
});

// On phones the closed search field is zero-sized: out of the Tab order while closed, but
// still focusable by the "/" shortcut, which is how Material opens search.
(function () {
  var toggle = document.getElementById("__search");
  var input = document.querySelector(".md-search__input");
  if (!toggle || !input) return;
  var phone = window.matchMedia("(max-width: 59.9844em)");
  function sync() { input.tabIndex = phone.matches && !toggle.checked ? -1 : 0; }
  toggle.addEventListener("change", sync);
  input.addEventListener("blur", function () { setTimeout(sync, 0); });
  phone.addEventListener("change", sync);
  sync();
})();

// Paper cannot be clicked open: before the browser prints, every folded block (the status
// line, a folded note such as 「この運用方針について」) is opened, and closed again after,
// for browsers whose print style cannot reveal a closed <details> (extra.css does where it can).
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll(".md-typeset details:not([open])"),
      function (box) { box.open = true; return true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (box) { box.open = false; });
    opened = [];
  });
})();
