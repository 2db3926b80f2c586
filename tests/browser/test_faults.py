"""Each browser check fails when the fault it guards against is put back."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.audit import describe_violations, horizontal_overflow, other_origin_requests, visit
from tests.browser.conftest import MOBILE, serve
from tests.bad_inputs import make_site
from tests.browser.test_search import search
from tests.conftest import run_build

pytestmark = pytest.mark.browser


def test_google_fonts_put_back_are_caught(tmp_path: Path, page: Page, fault_site: tuple[Path, str]) -> None:
    """Material's Google Fonts: the build refuses them now; the browser check still sees one put into a page.

    The small site of the bad-input corpus (tests/bad_inputs.py) is enough: the theme's head is the same.
    """
    config_file = make_site(tmp_path / "src")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    assert config["theme"]["font"] is False
    config["theme"]["font"] = {"text": "Noto Sans JP"}
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build = run_build(config_file.parent, tmp_path / "out")
    assert build.returncode != 0 and "fonts.googleapis.com" in build.output and "Traceback" not in build.output
    copy, url = fault_site
    put_back(copy, r"</head>", '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Noto+Sans+JP"></head>')
    seen = visit(page, url + "/policy/", "desktop", run_axe=False)
    assert any("fonts.googleapis.com" in u for u in other_origin_requests(seen, url))


def put_back(copy: Path, pattern: str, replacement: str) -> None:
    """Put a fault back into the copied policy page."""
    target = copy / "policy" / "index.html"
    html = target.read_text(encoding="utf-8")
    faulty = re.sub(pattern, replacement, html, count=1)
    assert faulty != html, f"fault not injected: {pattern}"
    target.write_text(faulty, encoding="utf-8")


def test_an_image_without_alt_text_is_caught(page: Page, fault_site: tuple[Path, str]) -> None:
    copy, url = fault_site
    put_back(copy, r"(<article[^>]*>)", r'\1<img src="../assets/images/favicon.png">')
    seen = visit(page, url + "/policy/", "desktop")
    assert any(v["id"] == "image-alt" for v in seen.violations), describe_violations(seen)


def test_low_contrast_text_is_caught(page: Page, fault_site: tuple[Path, str]) -> None:
    copy, url = fault_site
    put_back(copy, "</head>", "<style>article p { color: #bbbbbb !important; }</style></head>")
    seen = visit(page, url + "/policy/", "desktop")
    assert any(v["id"] == "color-contrast" for v in seen.violations), describe_violations(seen)


def test_a_page_wider_than_a_phone_is_caught(browser: Browser, fault_site: tuple[Path, str]) -> None:
    copy, url = fault_site
    put_back(copy, "</article>", '<div style="width: 900px">wide</div></article>')
    context = browser.new_context(viewport=MOBILE)
    try:
        seen = visit(context.new_page(), url + "/policy/", "mobile", run_axe=False)
    finally:
        context.close()
    assert horizontal_overflow(seen) > 0


def test_a_console_error_is_caught(page: Page, fault_site: tuple[Path, str]) -> None:
    copy, url = fault_site
    put_back(copy, "</body>", '<script src="../missing.js"></script></body>')
    seen = visit(page, url + "/policy/", "desktop", run_axe=False)
    assert seen.console_errors


def test_one_index_for_both_languages_is_caught(page: Page, fault_site: tuple[Path, str]) -> None:
    """Material's default: English pages searching the Japanese-configured index find nothing relevant."""
    copy, url = fault_site
    shutil.copy(copy / "search" / "search_index.json", copy / "en" / "search" / "search_index.json")
    index = json.loads((copy / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["ja"]
    try:
        results = search(page, url, "/en/", "impersonation")
    except PlaywrightTimeoutError:
        results = []  # nothing found at all
    assert "/en/incidents/impersonation/" not in results[:3]
