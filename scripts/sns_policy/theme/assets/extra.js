// Tables wider than the screen scroll inside their own box (Material wraps them).
// Such a box must be reachable and named for keyboard and screen-reader users
// (axe-core: scrollable-region-focusable, WCAG 2.1.1).
// Each box has a name of its own (IBM Equal Access: aria_region_label_unique), numbered in
// page order, so a list of the page's regions tells the tables apart.
document$.subscribe(function () {
  var ja = document.documentElement.lang === "ja";
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box, i) {
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", ja ? "表" + (i + 1) + "（横にスクロールできます）" : "Table " + (i + 1) + " (scrolls sideways)");
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

// The menu and search buttons and the shades behind the open drawer and search
// (data-md-for, written by this theme's partials/header.html, search.html and
// scripts/sns_policy/finish/nav_markup.py) do what Material's <label for> did: toggle the checkbox that
// holds the state. Being buttons, they are Tab stops that Enter and Space press. A button
// says whether its panel is open.
(function () {
  function shown(element) {
    return element.getClientRects().length > 0 && getComputedStyle(element).visibility === "visible";
  }
  document.querySelectorAll("[data-md-for]").forEach(function (control) {
    var toggle = document.getElementById(control.getAttribute("data-md-for"));
    if (!toggle) return;
    control.addEventListener("click", function () {
      toggle.click();
      if (!toggle.checked) return;
      // What opened takes the focus: the search field, or the menu's first link.
      var target = toggle.id === "__search" ? document.querySelector(".md-search__input")
        : toggle.id === "__drawer" ? Array.prototype.find.call(document.querySelectorAll(".md-sidebar--primary a[href]"), shown) : null;
      if (target) { target.tabIndex = 0; target.focus(); }
    });
    if (control.hasAttribute("aria-expanded")) {
      var sync = function () { control.setAttribute("aria-expanded", String(toggle.checked)); };
      toggle.addEventListener("change", sync);
      sync();
    }
  });
  // Escape closes the open menu and gives focus back to its button.
  document.addEventListener("keydown", function (event) {
    var drawer = document.getElementById("__drawer");
    if (event.key !== "Escape" || !drawer || !drawer.checked) return;
    drawer.click();
    var button = document.querySelector('.md-header [data-md-for="__drawer"]');
    if (button) button.focus();
  });
})();

// Search answers text however it arrives. Material re-reads the query on key-up only, so text
// that is pasted, dictated or committed by an input method found nothing until a key was
// pressed. Every change of the field's text now reads it the same way (a key-up to the field,
// the event Material listens to); while an input method is composing, its commit does it.
(function () {
  var input = document.querySelector(".md-search__input");
  if (!input) return;
  function answer(event) {
    if (event.isComposing) return;
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  input.addEventListener("input", answer);
  input.addEventListener("compositionend", answer);
})();

// Material puts each code block's copy button in a <nav> of its own: one unnamed landmark per
// code block (IBM Equal Access: aria_navigation_label_unique). A copy button is no navigation, so
// the wrapper is a plain box to assistive technology; Material adds it when it mounts the block.
(function () {
  function plain(element) {
    if (element.nodeType === 1 && element.matches("nav.md-code__nav")) element.setAttribute("role", "none");
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) { record.addedNodes.forEach(plain); });
  }).observe(document.body, { childList: true, subtree: true });
  document$.subscribe(function () { document.querySelectorAll("nav.md-code__nav").forEach(plain); });
})();
