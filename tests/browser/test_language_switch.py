"""On every page, the language switcher leads to the same page in the other language, and back."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import counterpart, site_pages

pytestmark = pytest.mark.browser


def switch_language(page: Page, lang: str) -> str:
    """Open the language menu as a mouse user does, choose ``lang``, return the new path."""
    page.hover(".md-header .md-select")
    with page.expect_navigation():
        page.click(f'.md-select__link[hreflang="{lang}"]')
    return urlsplit(page.url).path


def switcher_problems(page: Page, base_url: str, paths: list[str]) -> list[str]:
    """Each path switched to the other language and back; what went wrong, if anything."""
    problems = []
    for path in paths:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")  # Material has loaded the sitemaps it maps pages with
        other = "ja" if path.startswith("/en/") else "en"
        own = "en" if other == "ja" else "ja"
        landed = switch_language(page, other)
        if landed != counterpart(path):
            problems.append(f"{path}: switching to {other} led to {landed}, not {counterpart(path)}")
            continue
        page.wait_for_load_state("networkidle")
        back = switch_language(page, own)
        if back != path:
            problems.append(f"{counterpart(path)}: switching back to {own} led to {back}, not {path}")
    return problems


# Every Japanese page, in quarters that pytest-xdist may give to different workers.
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS), ids=[f"{n + 1}of{PARTS}" for n in range(PARTS)])
def test_every_page_switches_to_the_same_page_and_back(page: Page, base_url: str, site: Path, part: int) -> None:
    japanese = [p for p in site_pages(site) if not p.startswith("/en/")]
    problems = switcher_problems(page, base_url, japanese[part::PARTS])
    assert not problems, "\n".join(problems)


def test_english_pages_switch_too(page: Page, base_url: str, site: Path) -> None:
    english = [p for p in site_pages(site) if p.startswith("/en/")][:8]
    problems = switcher_problems(page, base_url, english)
    assert not problems, "\n".join(problems)


def test_a_broken_switcher_is_caught(page: Page, fault_site: tuple[Path, str]) -> None:
    """Put the fault back: the link and the sitemap no longer know the English counterpart."""
    copy, url = fault_site
    html_file = copy / "policy" / "index.html"
    html = html_file.read_text(encoding="utf-8")
    html_file.write_text(html.replace('href="../en/policy/" hreflang="en"', 'href="../en/" hreflang="en"'), encoding="utf-8")
    assert html != html_file.read_text(encoding="utf-8"), "fault was not injected"
    for sitemap in copy.rglob("sitemap.xml"):
        text = sitemap.read_text(encoding="utf-8")
        text = re.sub(r"<url>(?:(?!</url>).)*?<loc>[^<]*/en/policy/</loc>.*?</url>", "", text, flags=re.S)
        sitemap.write_text(re.sub(r'<xhtml:link rel="alternate" hreflang="en" href="[^"]*/en/policy/"/>', "", text), encoding="utf-8")
    assert switcher_problems(page, url, ["/policy/"]) == ["/policy/: switching to en led to /en/, not /en/policy/"]
