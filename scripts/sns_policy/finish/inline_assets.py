"""Nothing but Material's main stylesheet stands between a reader and the first paint.

Every stylesheet in a page's head blocks its first paint until it has arrived, and so does a
script the parser meets before the page is shown; on a phone each one is another round trip.
``mkdocs.yml`` stays the one list of our CSS and JS (``extra_css``, ``extra_javascript``);
after Material has written a page:

- the tags of our small files are replaced by their contents;
- Material's ``palette.css`` is dropped when the palette only uses the default scheme with
  our custom colours (it then has no rule that applies), and inlined otherwise (the dark
  scheme needs its slate rules);
- Material's script bundle is deferred: it runs once the page is parsed, as it did at the
  end of ``<body>``, but the page is painted without waiting for it. Our inlined scripts
  become module scripts, which browsers run in order after deferred ones, so they still run
  after the bundle (they use its ``document$``).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

from mkdocs.utils import get_relative_url

from sns_policy import kept

# Files up to this size (uncompressed) are inlined; larger ones stay cacheable files. Raised from
# 16 KB for the phone, focus and history-table rules (issue 20): extra.css is about 5 KB gzipped.
# tests/finish/test_inline_assets.py fails when one of ours outgrows it, so it never happens silently.
LIMIT = 24 * 1024
_PALETTE = re.compile(r'<link rel="stylesheet" href="[^"]*assets/stylesheets/(palette\.[0-9a-f]+\.min\.css)">')
_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")


@kept.memo(64, per_build=True)
def _read(path: Path, mtime_ns: int) -> str:
    """A file's text without its source-map comment (which would resolve against the page)."""
    text = _SOURCE_MAP.sub("", path.read_text(encoding="utf-8"))
    if "</style" in text.lower() or "</script" in text.lower():
        raise ValueError(f"{path} contains a closing </style> or </script> and cannot be inlined")
    return text


def _find(name: str, dirs: Iterable[str]) -> Path | None:
    """The file ``name`` in the first theme directory (our overrides first) that has it."""
    for folder in dirs:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate
    return None


def _small(name: str, dirs: Iterable[str]) -> str | None:
    found = _find(name, dirs)
    if found is None or found.stat().st_size > LIMIT:
        return None
    return _read(found, found.stat().st_mtime_ns)


def palette_needed(palette: Any) -> bool:
    """Whether any palette entry uses a scheme or colour defined in Material's palette.css."""
    entries = palette if isinstance(palette, list) else [palette or {}]
    return any(
        (entry.get("scheme") or "default") != "default"
        or (entry.get("primary") or "custom") != "custom"
        or (entry.get("accent") or "custom") != "custom"
        for entry in entries
    )


def inline(html: str, page_url: str, extra_css: Iterable[str], extra_js: Iterable[str],
           theme_dirs: list[str], palette: Any, base: str | None = None) -> str:
    """``html`` with small extra CSS/JS inlined, palette.css dropped or inlined, the bundle deferred.

    Pages link our files relative to ``page_url``; a page that can be served at any address
    (the 404 page) links them from the site's root path, given as ``base``.
    """
    def href(name: str) -> str:
        return f"{base.rstrip('/')}/{name}" if base is not None else get_relative_url(name, page_url)

    head_end = html.find("</head>")
    head, body = html[:head_end], html[head_end:]
    for name in extra_css:
        text = _small(str(name), theme_dirs)
        if text is not None:
            head = head.replace(f'<link rel="stylesheet" href="{href(str(name))}">', f"<style>{text}</style>", 1)
    match = _PALETTE.search(head)
    if match:
        text = _small(f"assets/stylesheets/{match.group(1)}", theme_dirs) if palette_needed(palette) else ""
        if text is not None:
            head = head[:match.start()] + (f"<style>{text}</style>" if text else "") + head[match.end():]
    bundle = _BUNDLE.search(body)
    if bundle:
        body = body[:bundle.start()] + f'<script src="{bundle.group(1)}" defer></script>' + body[bundle.end():]
    script = '<script type="module">' if bundle else "<script>"  # after the deferred bundle, as before
    for item in extra_js:
        name = str(getattr(item, "path", item))
        text = _small(name, theme_dirs)
        if text is not None:
            body = body.replace(f'<script src="{href(name)}"></script>', f"{script}{text}</script>", 1)
    return head + body
