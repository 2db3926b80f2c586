"""Phone reading, keyboard focus and the page's language in a real Chromium (issue 20).

At 360 px no table sticks out of the article (the 新旧対照表 excepted: a reader expects to
scroll a wide comparison) and the policy's first section starts on the first screen.
Tab through the first 40 stops at 360 and 1280 px in both schemes: each focused element is
visible, on-screen, and its ring has 3:1 or more against what it sits on (WCAG 1.4.11),
sampled from the pixels' elements just outside the element. Theme words are in the page's
language, and a missing /en/ address gets the English 404 page.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import DESKTOP, MOBILE, site_pages
from tests.conftest import Build

pytestmark = pytest.mark.browser

# Computes, for the focused element, whether it can be seen and the contrast of its outline
# against the background at points just outside it (where the ring is drawn).
FOCUS_CHECK = """() => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  // Material's scheme toggle: a visually hidden radio button whose label beside it is seen and ringed.
  if (el.matches('input.md-option')) el = [...el.form.querySelectorAll('label')].find(l => l.checkVisibility()) || el;
  const parse = c => { const m = c.match(/[\\d.]+/g); if (!m) return [0, 0, 0, 0];
    return [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const backgroundOf = node => {
    const layers = [];
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = layers.length && layers[layers.length - 1][3] >= 1 ? layers.pop() : [255, 255, 255, 1];
    while (layers.length) colour = over(layers.pop(), colour);
    return colour;
  };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const contrast = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const s = getComputedStyle(el), box = el.getBoundingClientRect();
  const what = el.outerHTML.slice(0, 90);
  const visible = el.checkVisibility({visibilityProperty: true, opacityProperty: true}) && box.width > 0 && box.height > 0;
  const onScreen = box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.top < innerHeight;
  const width = parseFloat(s.outlineWidth);
  if (s.outlineStyle === 'none' || width < 2) return {what, visible, onScreen, ring: false, worst: 0};
  const ring = parse(s.outlineColor), gap = parseFloat(s.outlineOffset) + width / 2;
  const points = [[box.left - gap, (box.top + box.bottom) / 2], [box.right + gap, (box.top + box.bottom) / 2],
                  [(box.left + box.right) / 2, box.top - gap], [(box.left + box.right) / 2, box.bottom + gap]];
  let worst = Infinity, against = '';
  if (parseFloat(s.outlineOffset) + width <= 0) {  // a ring drawn inside sits on the element's own background
    return {what, visible, onScreen, ring: true, worst: contrast(ring, backgroundOf(el)), against: 'its own background'};
  }
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const under = document.elementsFromPoint(x, y).find(n => n !== el && !el.contains(n));
    if (!under) continue;
    const ratio = contrast(ring, backgroundOf(under));
    if (ratio < worst) { worst = ratio; against = under.className.toString().slice(0, 40) || under.tagName; }
  }
  return {what, visible, onScreen, ring: true, worst: worst === Infinity ? 21 : worst, against};
}"""


def focus_problems(page: Page, presses: int = 40) -> list[str]:
    """Press Tab ``presses`` times; name every stop that is hidden, off-screen or ringed below 3:1."""
    problems = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        # Judge what the reader ends up seeing: after the fades and slides focus starts.
        page.evaluate("() => Promise.race([Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),"
                      " new Promise(done => setTimeout(done, 1000))])")
        stop = page.evaluate(FOCUS_CHECK)
        if stop and not stop["visible"]:  # links that fade in on focus (skip link, heading links)
            page.wait_for_timeout(400)
            stop = page.evaluate(FOCUS_CHECK)
        if stop is None:
            continue
        if not stop["visible"]:
            problems.append(f"focus on something hidden: {stop['what']}")
        elif not stop["onScreen"]:
            problems.append(f"focus off-screen: {stop['what']}")
        elif not stop["ring"]:
            problems.append(f"no focus ring: {stop['what']}")
        elif stop["worst"] < 3:
            problems.append(f"ring at {stop['worst']:.2f}:1 against {stop['against']}: {stop['what']}")
    return problems


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest) -> str:
    return request.param


def _tab(browser: Browser, viewport: dict, scheme: str) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _tab(browser, MOBILE, "light")


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["360px", "1280px"])
@pytest.mark.parametrize("path", ["/policy/", "/en/policy/"])
def test_every_tab_stop_is_seen_with_a_ring_at_3_to_1(browser: Browser, base_url: str, path: str, viewport: dict, scheme: str) -> None:
    for tab in _tab(browser, viewport, scheme):
        tab.goto(base_url + path)
        tab.wait_for_load_state("networkidle")
        problems = focus_problems(tab)
        assert not problems, f"{path} at {viewport['width']}px, {scheme}: " + "; ".join(problems[:6])


def test_a_hidden_drawer_taking_focus_is_caught(browser: Browser, base_url: str) -> None:
    for tab in _tab(browser, MOBILE, "light"):
        tab.goto(base_url + "/policy/")
        tab.add_style_tag(content=".md-sidebar--primary { visibility: visible !important; }")
        assert any("off-screen" in p or "hidden" in p for p in focus_problems(tab))


def test_a_faint_ring_is_caught(browser: Browser, base_url: str) -> None:
    for tab in _tab(browser, DESKTOP, "light"):
        tab.goto(base_url + "/policy/")
        tab.add_style_tag(content=":root, .md-header, .md-footer, .md-skip { --focus-ring: #a3320b !important; }")
        assert any(p.startswith("ring at") for p in focus_problems(tab))


TABLE_CHECK = """() => [...document.querySelectorAll('article table')]
    .filter(t => !t.closest('.amendments, .amend') && t.getBoundingClientRect().width > 0)
    .filter(t => t.getBoundingClientRect().right > document.querySelector('article').getBoundingClientRect().right + 1)
    .map(t => t.textContent.trim().slice(0, 40))"""


# A table squeezed to fit a phone: a cell laid out as a table cell whose text runs to three lines
# or more of fewer than MIN_CHARACTERS characters (Material's narrowest cell holds about four). On
# a phone such a table is stacked, one block per row (extra.css), as every revision history is.
MIN_CHARACTERS = 4.5
SQUEEZE_CHECK = """(least) => [...document.querySelectorAll('article table')]
    .filter(t => t.getBoundingClientRect().width > 0)
    .flatMap(t => [...t.querySelectorAll('td')].filter(cell => {
        if (getComputedStyle(cell).display !== 'table-cell') return false;
        const s = getComputedStyle(cell), size = parseFloat(s.fontSize);
        const characters = (cell.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)) / size;
        const range = document.createRange();
        range.selectNodeContents(cell);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom))).size;
        return characters < least && lines >= 4;
    }).slice(0, 1).map(cell => (t.querySelector('th') || t).textContent.trim().slice(0, 30) + ' … ' + cell.textContent.trim().slice(0, 30)))"""


def test_no_table_is_wider_than_the_article_or_squeezed_on_a_phone(phone: Page, base_url: str, build: Build) -> None:
    wide, squeezed = {}, {}
    for path in site_pages(build.site_dir):
        phone.goto(base_url + path)
        found = [] if "/amendments/" in path else phone.evaluate(TABLE_CHECK)
        if found:
            wide[path] = found
        found = phone.evaluate(SQUEEZE_CHECK, MIN_CHARACTERS)
        if found:
            squeezed[path] = found
    assert not wide, f"tables wider than a 360 px screen: {wide}"
    assert not squeezed, f"tables squeezed to under {MIN_CHARACTERS} characters a line on a 360 px screen (stack them): {squeezed}"


def test_a_squeezed_table_is_caught(phone: Page, base_url: str) -> None:
    """Put the fault back: /history/ without the phone's stacked layout (the rules that stack tables removed)."""
    phone.goto(base_url + "/history/")
    assert not phone.evaluate(SQUEEZE_CHECK, MIN_CHARACTERS)
    removed = phone.evaluate("""() => { let removed = 0;
        for (const sheet of document.styleSheets) for (let i = sheet.cssRules.length - 1; i >= 0; i--)
            if (sheet.cssRules[i].cssText.includes('.history-table .md-typeset__scrollwrap')) { sheet.deleteRule(i); removed++; }
        return removed; }""")
    assert removed and phone.evaluate(SQUEEZE_CHECK, MIN_CHARACTERS)


def test_a_squeezed_history_table_is_caught(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "/policy/")
    phone.add_style_tag(content=".md-typeset .history-table table, .md-typeset .history-table tr,"
                        " .md-typeset .history-table td { display: revert !important; } .history-table td { min-width: 120px; }")
    assert phone.evaluate(TABLE_CHECK)


@pytest.mark.parametrize("path", ["/policy/", "/en/policy/"])
def test_the_policy_text_starts_on_the_first_screen(phone: Page, base_url: str, path: str) -> None:
    phone.goto(base_url + path)
    phone.wait_for_load_state("networkidle")
    bottom = phone.evaluate("document.querySelector('article h2').getBoundingClientRect().bottom")
    assert bottom <= MOBILE["height"], f"{path}: the first section's heading ends at {bottom:.0f}px, below the first screen"
    # Folded, not lost: the status stays in view and the whole box prints.
    assert phone.evaluate("document.querySelector('.doc-summary summary').textContent").strip()
    phone.emulate_media(media="print")
    assert phone.evaluate("document.querySelector('.doc-summary .doc-header').getBoundingClientRect().height") > 0


# Words Material writes in its own language files, in the language they must never appear in.
def _theme_words(lang: str) -> dict[str, str]:
    import re

    import material

    text = (Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{lang}.html").read_text(encoding="utf-8")
    return dict(re.findall(r'"([\w.-]+)":\s*"([^"]*)"', text))


def _page_words(page: Page) -> str:
    """Everything a reader sees or hears: text, titles, labels and placeholders."""
    return page.evaluate("""() => document.body.innerText + ' ' + [...document.querySelectorAll('[title], [aria-label], [placeholder]')]
        .map(e => [e.title, e.getAttribute('aria-label'), e.getAttribute('placeholder')].join(' ')).join(' ')""")


def foreign_theme_words(page: Page, foreign: str) -> list[str]:
    """Material's words in ``foreign`` (those its other language says differently) the page shows."""
    own = _theme_words("en" if foreign == "ja" else "ja")
    words = {w for key, w in _theme_words(foreign).items() if len(w) > 3 and own.get(key) != w and key != "direction"}
    words |= {"Made with", "GitHub", "Link to this heading"} if foreign == "en" else {"この見出しへのリンク", "作成に使った"}
    seen = _page_words(page)
    return sorted(w for w in words if w in seen)


@pytest.mark.parametrize("path, foreign", [("/policy/", "en"), ("/", "en"), ("/en/policy/", "ja"), ("/en/", "ja")])
def test_no_theme_words_from_the_other_language(page: Page, base_url: str, path: str, foreign: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    found = foreign_theme_words(page, foreign)
    assert not found, f"{path} shows theme words in {foreign}: {found}"


def test_an_english_theme_word_on_a_japanese_page_is_caught(page: Page, base_url: str) -> None:
    page.goto(base_url + "/policy/")
    page.evaluate("document.querySelector('.headerlink').title = 'Link to this heading'")
    assert foreign_theme_words(page, "en") == ["Link to this heading"]


def test_a_long_page_top_is_caught(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "/en/policy/")
    phone.evaluate("document.querySelector('.doc-summary').open = true")
    assert phone.evaluate("document.querySelector('article h2').getBoundingClientRect().top") > MOBILE["height"]


class _PagesLikeHandler(SimpleHTTPRequestHandler):
    """Like GitHub Pages: a missing address gets the site root's 404.html, status 404."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def pages_like(build: Build) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesLikeHandler, directory=str(build.site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize("path, lang, words", [("/no-such-page/", "ja", "見つかりません"), ("/en/no-such-page/", "en", "not found")])
def test_a_missing_page_says_not_found_in_its_language(page: Page, pages_like: str, build: Build, path: str, lang: str, words: str) -> None:
    if not build.site_url.startswith("http://127.0.0.1") or "/" in build.site_url.split("://", 1)[1].rstrip("/"):
        pytest.skip("the site is built for a sub-path")
    page.goto(pages_like + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == lang
    assert words.lower() in page.title().lower()
    assert page.url == pages_like + path, "the address asked for stays in the address bar"


# --- The menu and search at every width (issue 31) ----------------------------------------------
# Material's menu (☰) and search (🔍) were <label>s, which Tab skips: at 360 and 1024 px a
# keyboard could not open the menu at all. They are buttons now (overrides/partials/header.html).
MENU = '.md-header [data-md-for="__drawer"]'
SEARCH = '.md-header [data-md-for="__search"]'
WIDTHS = {"360px": MOBILE, "1024px": {"width": 1024, "height": 768}, "1280px": DESKTOP}


def reach(page: Page, selector: str, presses: int = 20) -> dict | None:
    """Press Tab until ``selector`` has focus; the focus check of that stop (ring, contrast), or None."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
            return page.evaluate(FOCUS_CHECK)
    return None


def menu_problems(page: Page, key: str) -> list[str]:
    """Reach the menu button with Tab, open it with ``key``, close it with Escape; what went wrong."""
    stop = reach(page, MENU)
    if stop is None:
        return ["Tab never reached the menu button"]
    problems = [] if stop["visible"] and stop["ring"] and stop["worst"] >= 3 else [f"menu button focus not seen: {stop}"]
    page.keyboard.press(key)
    page.wait_for_timeout(400)
    if not page.evaluate("document.getElementById('__drawer').checked"):
        return problems + [f"{key} did not open the menu"]
    if page.get_attribute(MENU, "aria-expanded") != "true":
        problems.append("the open menu's button does not say it is expanded")
    if not page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
        problems.append("focus did not move into the open menu")
    page.keyboard.press("Escape")
    if page.evaluate("document.getElementById('__drawer').checked") or not page.evaluate("s => document.activeElement.matches(s)", MENU):
        problems.append("Escape did not close the menu and return to its button")
    return problems


@pytest.mark.parametrize("key", ["Enter", " "], ids=["Enter", "Space"])
@pytest.mark.parametrize("viewport", [MOBILE, WIDTHS["1024px"]], ids=["360px", "1024px"])
@pytest.mark.parametrize("path", ["/policy/", "/en/"])
def test_the_menu_opens_from_the_keyboard(browser: Browser, base_url: str, path: str, viewport: dict, key: str) -> None:
    for tab in _tab(browser, viewport, "light"):
        tab.goto(base_url + path)
        tab.wait_for_load_state("networkidle")
        problems = menu_problems(tab, key)
        assert not problems, f"{path} at {viewport['width']}px: " + "; ".join(problems)


@pytest.mark.parametrize("key", ["Enter", " "], ids=["Enter", "Space"])
@pytest.mark.parametrize("path, query", [("/policy/", "なりすまし"), ("/en/policy/", "impersonation")])
def test_search_opens_from_the_keyboard_on_a_phone(browser: Browser, base_url: str, path: str, query: str, key: str) -> None:
    for tab in _tab(browser, MOBILE, "light"):
        tab.goto(base_url + path)
        tab.wait_for_load_state("networkidle")
        stop = reach(tab, SEARCH)
        assert stop is not None, "Tab never reached the search button"
        assert stop["visible"] and stop["ring"] and stop["worst"] >= 3, stop
        tab.keyboard.press(key)
        tab.wait_for_timeout(300)
        assert tab.evaluate("document.activeElement.classList.contains('md-search__input')"), "search did not take the focus"
        tab.keyboard.insert_text(query)
        tab.wait_for_selector(".md-search-result__item", timeout=10_000)


def test_a_menu_only_the_mouse_can_open_is_caught(browser: Browser, base_url: str) -> None:
    """Put the fault back: the menu button as Material wrote it, a <label> that Tab skips."""
    for tab in _tab(browser, MOBILE, "light"):
        tab.goto(base_url + "/policy/")
        tab.wait_for_load_state("networkidle")
        tab.evaluate("""s => { const b = document.querySelector(s), l = document.createElement('label');
            l.className = b.className; l.htmlFor = '__drawer'; l.setAttribute('data-md-for', '__drawer');
            l.innerHTML = b.innerHTML; b.replaceWith(l); }""", MENU)
        assert menu_problems(tab, "Enter") == ["Tab never reached the menu button"]
