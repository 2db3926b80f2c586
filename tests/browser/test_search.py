"""Search works in each language, typed with the keyboard, and stays in that language."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import MOBILE

# (page to search from, query, path expected within the first three results)
QUERIES = [
    ("/", "禁止事項", "/policy/"),
    ("/", "知的財産権", "/policy/"),
    ("/", "なりすまし", "/incidents/impersonation/"),
    ("/", "撤退", "/guideline/lifecycle/"),
    ("/", "活用方針", "/plans/"),
    ("/", "炎上", "/incidents/flaming/"),
    ("/", "個人情報", "/incidents/data-leak/"),
    ("/", "提案の経緯", "/background/"),
    ("/policy/", "公式アカウント一覧", "/accounts/"),
    ("/", "アカウント乗っ取り", "/incidents/account-takeover/"),
    ("/en/", "prohibited", "/en/policy/"),
    ("/en/", "copyright", "/en/policy/"),
    ("/en/", "impersonation", "/en/incidents/impersonation/"),
    ("/en/", "withdraw", "/en/guideline/lifecycle/"),
    ("/en/", "activity plan", "/en/plans/"),
    ("/en/", "backlash", "/en/incidents/flaming/"),  # the English term since 1.1
    ("/en/", "personal information leak", "/en/incidents/data-leak/"),
    ("/en/policy/", "registry", "/en/accounts/"),
]


def type_like_a_person(page: Page, text: str) -> None:
    """Type as a person does: ASCII key by key, Japanese through an input method.

    An input method commits Japanese text as one insertion followed by the key that
    confirms it (Enter), whose keydown the IME consumes; only its keyup reaches the page.
    """
    if text.isascii():
        page.keyboard.type(text, delay=25)
    else:
        page.keyboard.insert_text(text)
        page.keyboard.up("Enter")


def search(page: Page, base_url: str, start: str, query: str) -> list[str]:
    """Open ``start``, focus search with the keyboard shortcut, type, return result paths."""
    page.goto(base_url + start)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')"), "'/' did not focus search"
    type_like_a_person(page, query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.pathname)")
    # Each result is a page followed by its matching sections; keep distinct pages in order.
    seen: list[str] = []
    for href in hrefs:
        if href not in seen:
            seen.append(href)
    return seen


@pytest.mark.browser
@pytest.mark.parametrize("start, query, expected", QUERIES, ids=[q for _, q, _ in QUERIES])
def test_query_finds_the_expected_page_in_the_first_three(page: Page, base_url: str, start: str, query: str, expected: str) -> None:
    results = search(page, base_url, start, query)
    assert expected in results[:3], f"{query!r} on {start}: expected {expected} in the first three results, got {results[:5]}"


@pytest.mark.browser
@pytest.mark.parametrize("start, query", [("/", "Facebook"), ("/en/", "Facebook"), ("/", "運用方針"), ("/en/", "policy")])
def test_results_stay_in_the_current_language(page: Page, base_url: str, start: str, query: str) -> None:
    results = search(page, base_url, start, query)
    in_english = [r.startswith("/en/") for r in results]
    if start.startswith("/en/"):
        assert all(in_english), f"Japanese pages in English results: {results}"
    else:
        assert not any(in_english), f"English pages in Japanese results: {results}"


# What citizens type when their comment was hidden or deleted, or when they found a page
# pretending to be the city's. Typed on a phone (360 px); the citizen policy must come first.
CITIZEN_QUERIES = [
    ("/", "削除"), ("/", "コメント 削除"), ("/", "苦情"), ("/", "異議"), ("/", "削除された"),
    ("/", "非表示"), ("/", "偽のページ"),
    ("/en/", "deleted"), ("/en/", "comment deleted"), ("/en/", "complaint"), ("/en/", "object"),
    ("/en/", "fake page"), ("/en/", "hidden comment"),
]


@pytest.mark.browser
@pytest.mark.parametrize("start, query", CITIZEN_QUERIES, ids=[q for _, q in CITIZEN_QUERIES])
def test_citizen_questions_find_the_policy_first_on_a_phone(browser: Browser, base_url: str, start: str, query: str) -> None:
    context = browser.new_context(viewport=MOBILE, has_touch=True)
    phone = context.new_page()
    try:
        results = search(phone, base_url, start, query)
    finally:
        context.close()
    expected = "/en/policy/" if start.startswith("/en/") else "/policy/"
    assert results[:1] == [expected], f"{query!r} on a phone: expected {expected} first, got {results[:5]}"
