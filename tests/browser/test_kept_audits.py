"""Audits are kept by what they judge: a page's axe-core result is read back while its HTML, the CSS
and JS it loads, the browser, the viewport and the scheme are byte-identical to an audited run, and
made again as soon as one byte of them changes. A small site of its own, and a cache folder of its
own, so the result never depends on earlier runs."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sns_policy import kept
from tests.browser.audit import Judged, site_files, visit_all
from tests.browser.conftest import DESKTOP, serve

pytestmark = pytest.mark.browser

# Both engines (axe-core and IBM Equal Access) keep one result per page each.
ENGINES = 2
PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/style.css"><script src="/app.js"></script></head>
<body><main><h1>{title}</h1><p>本文です。</p></main></body></html>"""


def _audit(browser: Browser, url: str, site: Path) -> tuple[list, kept.Store]:
    store = kept.Store("audits")
    context = browser.new_context(viewport=DESKTOP)
    try:
        seen = visit_all(context, [f"{url}/a/", f"{url}/b/"], "desktop", judged=Judged(site_files(site, url), browser.version, store))
    finally:
        context.close()
    return seen, store


def test_one_changed_byte_audits_again_exactly_what_it_affects(browser: Browser, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = tmp_path / "site"
    for name in ("a", "b"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(PAGE.format(title=f"ページ{name}"), encoding="utf-8")
    (site / "style.css").write_text("body { color: #111; }\n", encoding="utf-8")
    (site / "app.js").write_text("window.loaded = true;\n", encoding="utf-8")
    server, url = serve(site)
    try:
        cold, store = _audit(browser, url, site)
        assert (store.fresh, store.reused) == (2 * ENGINES, 0), "a cold cache audits every page"
        assert all(seen.rules and not seen.axe_reused and not seen.ace_reused and seen.ace_version for seen in cold)
        warm, store = _audit(browser, url, site)
        assert (store.fresh, store.reused) == (0, 2 * ENGINES) and all(seen.axe_reused and seen.ace_reused for seen in warm)
        assert [(s.violations, s.rules, s.axe_version, s.ace_violations, s.ace_version) for s in warm] == [(s.violations, s.rules, s.axe_version, s.ace_violations, s.ace_version) for s in cold]

        page = site / "a" / "index.html"
        page.write_bytes(page.read_bytes().replace("本文です".encode(), "本文でした".encode()))
        seen, store = _audit(browser, url, site)
        assert (store.fresh, store.reused) == (ENGINES, ENGINES) and [(s.axe_reused, s.ace_reused) for s in seen] == [(False, False), (True, True)], "only page a changed"

        (site / "style.css").write_text("body { color: #112; }\n", encoding="utf-8")
        seen, store = _audit(browser, url, site)
        assert (store.fresh, store.reused) == (2 * ENGINES, 0), "a stylesheet every page loads changed: every page is audited again"

        (site / "app.js").write_text("window.loaded = 1;\n", encoding="utf-8")
        _, store = _audit(browser, url, site)
        assert (store.fresh, store.reused) == (2 * ENGINES, 0), "a script every page loads changed"
    finally:
        server.shutdown()


def test_the_key_holds_viewport_scheme_and_browser(tmp_path: Path) -> None:
    """No browser needed to see that each of these inputs changes the key."""
    from tests.browser.audit import Visit

    (tmp_path / "index.html").write_text("<p>x</p>", encoding="utf-8")
    files = site_files(tmp_path, "http://127.0.0.1:1")
    judged = Judged(files, "Chromium 1")
    seen = Visit("http://127.0.0.1:1/", "desktop", color_scheme="default")
    base = judged.key(seen, {"width": 1280, "height": 900})
    assert base and base == judged.key(seen, {"width": 1280, "height": 900})
    assert judged.key(seen, {"width": 360, "height": 740}) != base
    assert judged.key(Visit(seen.url, "desktop", color_scheme="slate"), {"width": 1280, "height": 900}) != base
    assert Judged(files, "Chromium 2").key(seen, {"width": 1280, "height": 900}) != base
    assert judged.key(Visit("https://elsewhere.example/", "desktop"), None) == "", "a page not ours is never kept"
