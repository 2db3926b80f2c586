"""Search and language maps load when the reader wants them, not with every page.

Material fetches the search index, starts its search worker and fetches sitemap.xml on
every page load; overrides/partials/lazy-search.js holds them back. Opening search
then works as before (test_search.py runs every query through this path).
"""
from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DEFERRED = ("search_index.json", "/workers/search", "/lunr/", "sitemap.xml")  # Material's worker and ours (search-words.js)
PAGES = ["/", "/policy/", "/guideline/", "/en/", "/en/policy/", "/en/guideline/"]


def deferred(urls: list[str]) -> list[str]:
    return [url for url in urls if any(part in url for part in DEFERRED)]


@pytest.mark.parametrize("path", PAGES)
def test_nothing_for_search_or_sitemaps_is_fetched_on_page_load(page: Page, base_url: str, path: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    page.mouse.move(200, 300)
    page.keyboard.press("Tab")  # moving around the page is not opening search
    page.wait_for_timeout(300)
    assert not deferred(requested), f"{path} fetched {deferred(requested)} before search was opened"


@pytest.mark.parametrize("path, query, expected", [("/policy/", "炎上", "/incidents/flaming/"), ("/en/", "impersonation", "/en/incidents/impersonation/")])
def test_opening_search_with_the_mouse_loads_it_and_finds(page: Page, base_url: str, path: str, query: str, expected: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    page.click(".md-search__input")
    page.keyboard.insert_text(query)
    page.keyboard.up("Enter")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    found = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.pathname)")
    assert expected in found[:3], found
    index = "/en/search/search_index.json" if path.startswith("/en/") else "/search/search_index.json"
    assert any(url.endswith(index) for url in requested), requested
    assert not [url for url in requested if url.endswith("sitemap.xml")]


def test_a_page_that_loads_search_eagerly_is_caught(page: Page, fault_site: tuple) -> None:
    """Put the fault back: without the loader, Material fetches everything on load."""
    copy, url = fault_site
    html_file = copy / "policy" / "index.html"
    html = html_file.read_text(encoding="utf-8")
    start = html.rindex("<script>", 0, html.index("__lazyPath"))
    html_file.write_text(html[:start] + html[html.index("</script>", start) + len("</script>"):], encoding="utf-8")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url + "/policy/")
    page.wait_for_load_state("networkidle")
    assert any("search_index.json" in u for u in deferred(requested)) and any("sitemap.xml" in u for u in deferred(requested))
