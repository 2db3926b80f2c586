"""Keyboard use: skip link, visible focus, search and language switcher without a mouse;
text enlarged to 200% stays readable.

The accessibility statement promises that skipping to the text, search and the language switch
work with the keyboard alone; those tests run at every width the tests use (360, 1024 and 1280 px),
where the header differs: below 960 px search opens from a button, below 1220 px so does the menu."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from collections.abc import Iterator

from playwright.sync_api import Browser, Page

from tests.browser.conftest import DESKTOP, MOBILE
from tests.browser.test_search import type_like_a_person

pytestmark = pytest.mark.browser
WIDTHS = {"360px": MOBILE, "1024px": {"width": 1024, "height": 768}, "1280px": DESKTOP}


@pytest.fixture(params=list(WIDTHS))
def any_width(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A fresh tab at each width the tests use."""
    context = browser.new_context(viewport=WIDTHS[request.param])
    yield context.new_page()
    context.close()
KEY_PAGES = ["/", "/policy/", "/accounts/", "/guideline/lifecycle/", "/incidents/quick-reference/",
             "/forms/application/", "/en/", "/en/policy/", "/en/incidents/flaming/"]


def tab_until(page: Page, selector: str, limit: int = 60) -> bool:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return True
    return False


def focus_indicator_problems(page: Page, presses: int = 25) -> list[str]:
    """Tab through the page; every focused element must show a visible outline."""
    problems = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const s = getComputedStyle(el);
            return {what: el.outerHTML.slice(0, 80), outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                    shadow: s.boxShadow};
        }""")
        if style and (style["outline"] == "none" or style["width"] < 2) and style["shadow"] == "none":
            problems.append(f"no visible focus on {style['what']}")
    return problems


@pytest.mark.parametrize("path", ["/policy/", "/en/policy/"])
def test_first_tab_reaches_a_skip_link_to_the_content(any_width: Page, base_url: str, path: str) -> None:
    page = any_width
    page.goto(base_url + path)
    page.keyboard.press("Tab")
    skip = page.evaluate("() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href'),"
                         " visible: document.activeElement.getBoundingClientRect().height > 0})")
    assert "md-skip" in skip["cls"] and skip["href"].startswith("#") and skip["visible"], skip
    page.keyboard.press("Enter")
    assert page.evaluate("id => !!document.getElementById(id)", skip["href"][1:])
    assert urlsplit(page.url).fragment == skip["href"][1:]


@pytest.mark.parametrize("path", KEY_PAGES)
def test_focus_is_always_visible(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    problems = focus_indicator_problems(page)
    assert not problems, f"{path}: " + "; ".join(problems)


def test_hidden_focus_is_caught(page: Page, base_url: str) -> None:
    page.goto(base_url + "/policy/")
    page.add_style_tag(content="*:focus, *:focus-visible { outline: none !important; box-shadow: none !important; }")
    assert focus_indicator_problems(page, presses=5)


# A staff query (citizens' questions such as なりすまし rank the policy first, by design).
@pytest.mark.parametrize("path, query, expected", [("/policy/", "乗っ取り", "/incidents/account-takeover/"),
                                                    ("/en/policy/", "takeover", "/en/incidents/account-takeover/")])
def test_search_is_reachable_with_tab(any_width: Page, base_url: str, path: str, query: str, expected: str) -> None:
    page = any_width
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    # The field itself where it is shown; on narrower screens the button that opens it.
    assert tab_until(page, '.md-search__input, .md-header [data-md-for="__search"]'), "Tab never reached search"
    if not page.evaluate("document.activeElement.classList.contains('md-search__input')"):
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')"), "the search button did not open search"
    type_like_a_person(page, query)
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == expected


@pytest.mark.parametrize("path, lang, expected", [("/policy/", "en", "/en/policy/"), ("/en/guideline/risk/", "ja", "/guideline/risk/")])
def test_language_switcher_is_reachable_with_tab(any_width: Page, base_url: str, path: str, lang: str, expected: str) -> None:
    page = any_width
    page.goto(base_url + path)
    assert tab_until(page, f'.md-select__link[hreflang="{lang}"]'), "Tab never reached the language switcher"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == expected


def text_zoom_problems(page: Page) -> list[str]:
    """With text at 200%, nothing may stick out sideways or be cut off."""
    return page.evaluate("""() => {
        const problems = [];
        const doc = document.documentElement;
        if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`page is ${doc.scrollWidth - doc.clientWidth}px too wide`);
        for (const el of document.querySelectorAll('article h1, article h2, article p, article li, article dt, article dd')) {
            if (el.closest('.md-typeset__scrollwrap, pre, .tabbed-labels')) continue;
            if (el.scrollWidth > el.clientWidth + 1) problems.push(`text cut off in <${el.tagName.toLowerCase()}>: ${el.textContent.slice(0, 30)}`);
            const box = el.getBoundingClientRect();
            if (box.right > doc.clientWidth + 1) problems.push(`<${el.tagName.toLowerCase()}> runs off screen: ${el.textContent.slice(0, 30)}`);
        }
        return problems;
    }""")


def enlarge_text(page: Page) -> float:
    """Double the text size the way a browser's text-size setting does; returns the factor."""
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    page.add_style_tag(content="html { font-size: 250% !important; }")  # Material's base is 125%
    after = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    return after / before


@pytest.mark.parametrize("path", KEY_PAGES)
def test_text_at_200_percent_stays_readable(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    assert enlarge_text(page) >= 2.0
    problems = text_zoom_problems(page)
    assert not problems, f"{path}: " + "; ".join(problems[:5])


def test_text_that_does_not_wrap_is_caught(page: Page, base_url: str) -> None:
    page.goto(base_url + "/policy/")
    page.add_style_tag(content="article p { white-space: nowrap; overflow: hidden; }")
    enlarge_text(page)
    assert text_zoom_problems(page)
