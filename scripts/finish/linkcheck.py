"""Checks on the built HTML: internal links and anchors, and resources from other origins.

MkDocs checks Markdown links to pages, but not links written in HTML, links the build
generates, or anchors in the other language. This reads what visitors actually get.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from scripts.problems import Problem, display_path

# Elements whose URL the browser fetches by itself, without the visitor clicking.
_RESOURCE_ATTRS = {
    "script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
    "audio": "src", "track": "src", "embed": "src", "object": "data", "input": "src",
}
# <link rel=...> values that make the browser fetch the href.
_FETCHING_RELS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon",
                  "shortcut", "apple-touch-icon", "modulepreload", "manifest", "mask-icon"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
_SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")


def _is_other_origin(url: str) -> bool:
    """Absolute http(s) URLs and protocol-relative URLs leave our origin."""
    return url.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I))


@lru_cache(maxsize=4096)
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _ids(path: Path) -> set[str]:
    soup = _parse(path)
    return {tag["id"] for tag in soup.find_all(id=True)} | {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}


def _target_file(site_dir: Path, page: Path, href_path: str) -> Path:
    """The file a relative or root-relative URL path points to."""
    base = site_dir if href_path.startswith("/") else page.parent
    target = (base / unquote(href_path.lstrip("/"))).resolve() if href_path else page
    if target.is_dir() or href_path.endswith("/"):
        target = target / "index.html"
    return target


def check_links(site_dir: Path) -> list[Problem]:
    """Every internal ``href``/``src`` in every HTML file resolves, including ``#anchors``."""
    problems: list[Problem] = []
    site_dir = site_dir.resolve()
    for page in sorted(site_dir.rglob("*.html")):
        soup = _parse(page)
        name = display_path(page, site_dir)
        for tag in soup.find_all(["a", "link", "script", "img", "iframe", "source"]):
            url = tag.get("href") or tag.get("src")
            if not url or _is_other_origin(url) or url.startswith(_SKIP_SCHEMES):
                continue
            parts = urlsplit(url)
            target = _target_file(site_dir, page, parts.path)
            if not target.exists():
                problems.append(Problem(name, "", f"links to {url}, which does not exist in the built site"))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target):
                problems.append(Problem(name, "", f"links to {url}, but #{unquote(parts.fragment)} is not an anchor in {display_path(target, site_dir)}"))
    return problems


def check_external_resources(site_dir: Path) -> list[Problem]:
    """Nothing in a page or stylesheet makes the browser contact another origin."""
    problems: list[Problem] = []
    site_dir = site_dir.resolve()
    for page in sorted(site_dir.rglob("*.html")):
        soup = _parse(page)
        name = display_path(page, site_dir)
        for tag_name, attr in _RESOURCE_ATTRS.items():
            for tag in soup.find_all(tag_name):
                url = tag.get(attr)
                if url and _is_other_origin(url):
                    problems.append(Problem(name, f"<{tag_name}>", f"loads {url} from another origin"))
        for tag in soup.find_all("link", href=True):
            rels = {r.lower() for r in tag.get("rel", [])}
            if rels & _FETCHING_RELS and _is_other_origin(tag["href"]):
                problems.append(Problem(name, f"<link rel={' '.join(sorted(rels))}>", f"loads {tag['href']} from another origin"))
        for tag in soup.find_all(style=True):
            problems += _css_problems(tag["style"], name)
        for tag in soup.find_all("style"):
            problems += _css_problems(tag.get_text(), name)
    for sheet in sorted(site_dir.rglob("*.css")):
        problems += _css_problems(sheet.read_text(encoding="utf-8"), display_path(sheet, site_dir))
    return problems


def _css_problems(css: str, name: str) -> list[Problem]:
    return [
        Problem(name, "css", f"loads {url} from another origin")
        for match in _CSS_URL.finditer(css)
        for url in [match.group(1) or match.group(2)]
        if _is_other_origin(url.strip())
    ]
