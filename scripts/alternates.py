"""Language alternates where Material expects them: at the language roots.

Material fetches ``sitemap.xml`` relative to every ``<link rel=alternate>`` in a page's
head (to keep readers on the same page when they switch language). mkdocs-static-i18n
points those links at the page itself, so every page logged two 404s in the console
(mkdocs-material#6582). The head links are pinned to the language roots, each root
gets a sitemap, and per-page alternates stay in the sitemap and in the switcher.
"""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.utils import get_relative_url

_HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="([a-z]{2})">')


def copy_sitemap(site_dir: Path, lang: str) -> None:
    """Give ``<lang>/`` a sitemap too.

    Material fetches ``sitemap.xml`` relative to every ``<link rel=alternate>`` of a
    page, so ``/en/sitemap.xml`` must exist or every page logs a 404 in the console.
    The root sitemap already lists both languages with their alternates.
    """
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        source = site_dir / name
        if source.exists():
            (site_dir / lang / name).write_bytes(source.read_bytes())


def pin_to_language_roots(html: str, page_url: str, default_lang: str) -> str:
    """Point the head's ``<link rel=alternate hreflang>`` at ``/`` and ``/<lang>/``."""
    def root_of(match: re.Match[str]) -> str:
        lang = match.group(1)
        href = get_relative_url("./" if lang == default_lang else f"{lang}/", page_url)
        return f'<link rel="alternate" href="{href}" hreflang="{lang}">'

    head_end = html.find("</head>")
    return _HEAD_ALTERNATE.sub(root_of, html[:head_end]) + html[head_end:]
