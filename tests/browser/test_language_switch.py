"""The language switcher's check can fail.

That every page's switcher leads to the same page in the other language, and back, is checked
while every page is visited (tests/browser/test_every_page.py, ``switch_language`` in audit.py);
this puts a broken switcher back and shows that the same check catches it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.audit import visit_all
from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.browser


def test_a_broken_switcher_is_caught(browser: Browser, fault_site: tuple[Path, str]) -> None:
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
    context = browser.new_context(viewport=DESKTOP)
    try:
        broken, whole = visit_all(context, [f"{url}/policy/", f"{url}/en/policy/"], "desktop", run_axe=False, switch=True)
    finally:
        context.close()
    assert broken.switched_to == "/en/", broken
    assert whole.switched_to == "/policy/", "the page whose switcher was left alone still switches"


def test_a_menu_that_does_not_open_on_hover_is_caught(browser: Browser, fault_site: tuple[Path, str]) -> None:
    """Put the fault back: the menu stays shut, so the pointer cannot reach a language."""
    from playwright.sync_api import Error

    copy, url = fault_site
    html_file = copy / "policy" / "index.html"
    html = html_file.read_text(encoding="utf-8")
    html_file.write_text(html.replace("</head>", "<style>.md-select__inner{display:none!important}</style></head>", 1), encoding="utf-8")
    context = browser.new_context(viewport=DESKTOP)
    try:
        with pytest.raises(Error):
            visit_all(context, [f"{url}/policy/"], "desktop", run_axe=False, switch=True)
    finally:
        context.close()
