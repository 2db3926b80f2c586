"""Checks on the built HTML: internal links and anchors, and resources from other origins.

MkDocs checks Markdown links to pages, but not links written in HTML, links the build
generates, or anchors in the other language. This reads what visitors actually get.
Test support: the build never runs it (it was ``finish/linkcheck.py`` until the review found that).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from sns_policy.problems import Problem, display_path

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
def _parse(path: Path) -> lxml.html.HtmlElement:
    """A built page's tree. lxml, not BeautifulSoup: these checks read every page of the site,
    and lxml builds a page's tree some thirty times faster."""
    return lxml.html.document_fromstring(path.read_bytes())


@lru_cache(maxsize=4096)
def _ids(path: Path) -> frozenset[str]:
    doc = _parse(path)
    return frozenset(doc.xpath("//@id")) | frozenset(doc.xpath("//a/@name"))


def _target_file(site_dir: Path, page: Path, href_path: str) -> Path:
    """The file a relative or root-relative URL path points to."""
    return Path(_target(str(site_dir) if href_path.startswith("/") else str(page.parent), href_path, str(page)))


@lru_cache(maxsize=65536)
def _target(base: str, href_path: str, page: str) -> str:
    """``_target_file`` on strings, remembered: a site's pages share most of their links (the
    menu), and nothing inside the built site is a symbolic link, so normalising is enough."""
    target = os.path.normpath(os.path.join(base, unquote(href_path.lstrip("/")))) if href_path else page
    if href_path.endswith("/") or os.path.isdir(target):
        target = os.path.join(target, "index.html")
    return target


def _pages(site_dir: Path) -> Iterator[tuple[Path, lxml.html.HtmlElement, str]]:
    """Every HTML file of a built site, in order: its path, its tree and its name in messages."""
    for page in sorted(site_dir.rglob("*.html")):
        yield page, _parse(page), display_path(page, site_dir)


def check_links(site_dir: Path, site_url: str | None = None) -> list[Problem]:
    """Every internal ``href``/``src`` in every HTML file resolves, including ``#anchors``.

    With ``site_url`` (the address the site was built for), an absolute address on this site is internal
    too: every ``<link rel="alternate" hreflang>`` and canonical link is written that way, and each must be a
    page the build wrote. The language switch's links are relative, and checked like any other link.
    """
    problems: list[Problem] = []
    site_dir = site_dir.resolve()
    for page, doc, name in _pages(site_dir):
        for tag in doc.iter("a", "link", "script", "img", "iframe", "source"):
            url = written = tag.get("href") or tag.get("src")
            if url and site_url and url.startswith(site_url):
                url = "/" + url[len(site_url):]
            if not url or _is_other_origin(url) or url.startswith(_SKIP_SCHEMES):
                continue
            parts = urlsplit(url)
            target = _target_file(site_dir, page, parts.path)
            if not target.exists():
                problems.append(Problem(name, "", f"links to {written}, which does not exist in the built site"))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target):
                problems.append(Problem(name, "", f"links to {written}, but #{unquote(parts.fragment)} is not an anchor in {display_path(target, site_dir)}"))
    return problems


def check_external_resources(site_dir: Path) -> list[Problem]:
    """Nothing in a page or stylesheet makes the browser contact another origin."""
    problems: list[Problem] = []
    site_dir = site_dir.resolve()
    for _, doc, name in _pages(site_dir):
        for tag_name, attr in _RESOURCE_ATTRS.items():
            for tag in doc.iter(tag_name):
                url = tag.get(attr)
                if url and _is_other_origin(url):
                    problems.append(Problem(name, f"<{tag_name}>", f"loads {url} from another origin"))
        for tag in doc.xpath("//link[@href]"):
            rels = {r.lower() for r in (tag.get("rel") or "").split()}
            if rels & _FETCHING_RELS and _is_other_origin(tag.get("href")):
                problems.append(Problem(name, f"<link rel={' '.join(sorted(rels))}>", f"loads {tag.get('href')} from another origin"))
        for tag in doc.xpath("//*[@style]"):
            problems += _css_problems(tag.get("style"), name)
        for tag in doc.iter("style"):
            problems += _css_problems(tag.text_content(), name)
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
