"""A page's Markdown converted once per text, so `mkdocs serve` converts again only what changed.

MkDocs converts every page on every rebuild; under `mkdocs serve` that was a third of the wait
after saving one page. A conversion depends only on what its key holds: the page's Markdown
(after every hook has composed it), its source and address, the site's files (links are
resolved against them), the Markdown settings, the snippet files a page may include, and
whether anchors are validated. An unchanged page under an unchanged site is therefore given
the HTML, table of contents, title and anchors its last conversion made, and MkDocs goes on
(templates, search, checks) exactly as before.

Only a conversion that logged nothing is kept: a page whose links MkDocs warned about is
converted (and warned about) again on every build. The memo lives as long as the process, and
drops its oldest conversion past a few builds' pages (a memo of ``scripts/sns_policy/kept.py``).
"""
from __future__ import annotations

import copy
import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from sns_policy import kept as kept_results

LIMIT = 2000  # conversions kept: every page of the site several times over


@dataclass(frozen=True)
class _Converted:
    """What ``Page.render`` leaves on a page (mkdocs/structure/pages.py, MkDocs 1.6)."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links: dict[str, dict[str, str]] | None  # links to anchors in other pages, by the linked page's source


_kept = kept_results.Memo("pipeline.converted.kept", LIMIT, per_build=False)
_files_key: list[Any] = [None, ""]  # the last Files object seen, and its part of the key


def convert(page: Page, config: MkDocsConfig, files: Files, render: Callable[[MkDocsConfig, Files], None]) -> None:
    """``render(config, files)``, or what it made the last time it was given the same inputs."""
    key = _key(page, config, files)
    made = _kept.get(key)
    if made is not None:
        page.content, page.toc, page._title_from_render = made.content, copy.deepcopy(made.toc), made.title
        page.present_anchor_ids = set(made.anchors)
        page.links_to_anchors = None if made.links is None else {
            target: dict(links) for src, links in made.links.items() if (target := files.get_file_from_path(src))}
        return
    with _logged() as records:
        render(config, files)
    if records:
        return
    links = None if page.links_to_anchors is None else {f.src_uri: dict(v) for f, v in page.links_to_anchors.items()}
    _kept[key] = _Converted(page.content or "", copy.deepcopy(page.toc), page._title_from_render,
                            frozenset(page.present_anchor_ids or ()), links)


def _key(page: Page, config: MkDocsConfig, files: Files) -> str:
    digest = hashlib.sha256()
    for part in (page.markdown or "", page.file.src_uri, page.file.dest_uri, page.url, _site_key(config, files)):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _site_key(config: MkDocsConfig, files: Files) -> str:
    """What every page's conversion shares: files, settings and snippets (made once per build)."""
    if _files_key[0] is not files:
        digest = hashlib.sha256()
        for f in files:
            digest.update(f"{f.src_uri}\0{f.dest_uri}\0{f.url}\0{f.inclusion.name}\n".encode("utf-8"))
        settings = [repr(config["markdown_extensions"]), config["mdx_configs"], config["use_directory_urls"],
                    config["validation"], logging.getLogger("mkdocs").getEffectiveLevel()]
        digest.update(json.dumps(settings, sort_keys=True, default=repr).encode("utf-8"))
        for snippet in _snippets(config):
            digest.update(str(snippet).encode() + b"\0" + snippet.read_bytes())
        _files_key[:] = [files, digest.hexdigest()]
    return _files_key[1]


def _snippets(config: MkDocsConfig) -> list[Path]:
    """The files pymdownx.snippets may include, from its ``base_path`` in the configuration."""
    settings = (config["mdx_configs"] or {}).get("pymdownx.snippets", {})
    bases = settings.get("base_path", ["."])
    project = Path(config.config_file_path or ".").resolve().parent
    return sorted(f for base in ([bases] if isinstance(bases, str) else bases) if (project / base).is_dir()
                  for f in (project / base).rglob("*") if f.is_file())


@contextmanager
def _logged() -> Iterator[list[logging.LogRecord]]:
    """What is logged while the block runs (MkDocs' notes on links, Python-Markdown's warnings):
    MkDocs' logger does not pass its records on to the root logger, so both are listened to."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append  # type: ignore[method-assign]
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
    for each in loggers:
        each.addHandler(handler)
    try:
        yield records
    finally:
        for each in loggers:
            each.removeHandler(handler)


