"""A real browser against the real build: Debian's Chromium driven by Playwright.

The built site is served on 127.0.0.1 by a small static server in this process; the
browser runs with background networking off, so every request it makes is one the
page itself asked for.
"""
from __future__ import annotations

import functools
import io
import os
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import Build

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-gpu", "--disable-quic",
    "--disable-default-apps", "--disable-extensions",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 360, "height": 740}


class _QuietHandler(SimpleHTTPRequestHandler):
    """A static host; sitemaps name the address they are served at (see ``serve``)."""

    built_for = ""  # the address the site was built for
    serving_at = ""  # the address this server answers on

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        """Keep the test output readable."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if not (self.built_for and path.name == "sitemap.xml" and path.is_file()):
            return super().send_head()
        body = path.read_text(encoding="utf-8").replace(self.built_for, self.serving_at).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def base_url(build: Build) -> Iterator[str]:
    """Serve the built site for the whole session.

    Every pytest-xdist worker serves the one shared build on a port of its own; the
    sitemaps, through which Material maps pages between languages, are served with
    this server's address in place of the one the site was built for.
    """
    server, url = serve(build.site_dir, built_for=build.site_url)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session; no browser is ever downloaded."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (scripts/test.sh does this)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh desktop-sized tab with no shared state."""
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    yield tab
    context.close()


def site_pages(site: Path) -> list[str]:
    """URL paths of every page of the built site, in both languages."""
    paths = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        paths.append("/" if rel == "." else f"/{rel}/")
    return paths


class _Server(ThreadingHTTPServer):
    """A threaded static server that does not print a browser's dropped connections: a tab that
    moves on to the next page while a file is still being sent is what the tests do."""

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - signature of the base class
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory: Path, port: int | None = None, built_for: str = "") -> tuple[ThreadingHTTPServer, str]:
    """Start a static server for ``directory`` (on ``port`` or any free one); the caller shuts it down.

    With ``built_for`` (the site's ``site_url``), sitemap.xml files are served with that
    address replaced by this server's.
    """
    handler = type("Handler", (_QuietHandler,), {})
    server = _Server(("127.0.0.1", port or 0), functools.partial(handler, directory=str(directory)))
    url = f"http://127.0.0.1:{server.server_port}"
    handler.built_for, handler.serving_at = built_for.rstrip("/"), url
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, url


@pytest.fixture
def fault_site(build: Build, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A served copy of the built site in which a test may put a fault back.

    The copy is served at another address, so its sitemaps are pointed there: Material
    maps pages between languages through them.
    """
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(build.site_dir, copy)
    server, url = serve(copy)
    for sitemap in copy.rglob("sitemap.xml"):
        sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(build.site_url.rstrip("/"), url), encoding="utf-8")
    yield copy, url
    server.shutdown()


def counterpart(path: str) -> str:
    """The same page in the other language: /policy/ ↔ /en/policy/."""
    return path[3:] if path.startswith("/en/") else f"/en{path}"
