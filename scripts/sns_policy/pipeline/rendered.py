"""Under `mkdocs serve`, a page whose template context is unchanged since the last build is not rendered again.

Every page carries the whole navigation, so after one saved page MkDocs renders every page of
both languages with Material's templates again: about half of the wait. What a page's finished
HTML is made of is what the templates can read (the context: the page, the navigation, the
configuration and what plugins add to it) and the templates themselves. ``fingerprint``
hashes all of that. When a page's fingerprint is the one it had in the last build, the page is
given that build's finished HTML (the theme's ``main.html``, ``scripts/sns_policy/theme/``, then extends ``reused.html``, which
prints it) instead of being rendered and finished again.

Only under `mkdocs serve`: a build for publishing renders every page. A context value of a kind
``_describe`` does not know makes the page render, never reuse: a plugin that adds something
new to the context costs time, not correctness. ``build_date_utc`` is left out: no template of
the theme or of ``overrides/`` reads it (tests/pipeline/test_rendered.py checks), and it changes
on every build.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import sysconfig
from collections.abc import Callable, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pathspec
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.localization import Locale
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.theme import Theme

from sns_policy import kept
from sns_policy.pipeline import serving


# The context key the theme's ``main.html`` looks for: the finished HTML to print as it is.
REUSED = "reused_output"
# Context values that are not part of what a page shows (see the module's docstring).
UNSHOWN = {"build_date_utc"}
# Configuration entries the templates cannot read: their effect reaches the page through its
# content (Markdown settings) or through the context values plugins add.
CONFIG_UNSHOWN = {"plugins", "hooks", "markdown_extensions", "mdx_configs", "watch", "_current_page", "dev_addr"}
KEPT = 1000  # finished pages kept: both languages' pages several times over

# A page's output path -> (fingerprint, finished HTML) of the last build; kept across builds, since the
# fingerprint holds everything the page is made of (forgotten after a failed build: forget).
_finished = kept.Memo("pipeline.rendered.finished", KEPT, per_build=False)
_site_key: list[Any] = [None, ""]  # the navigation of the build being rendered, and the hash of what its pages share


class _Unknown(Exception):
    """A context value this module cannot describe: the page is rendered."""



def forget() -> None:
    """Keep nothing from earlier builds (a failed build, or a test)."""
    _finished.clear()
    _site_key[:] = [None, ""]



def offer(context: dict, page: Page, config: MkDocsConfig) -> dict:
    """Put the last build's finished HTML into ``context`` when nothing the page is made of has changed."""
    if not serving.active() or page.meta.get("template", "main.html") != "main.html":  # only main.html prints a reused page
        return context
    try:
        page.rendered_fingerprint = fingerprint(context, page, config)  # type: ignore[attr-defined]
    except _Unknown:
        page.rendered_fingerprint = None  # type: ignore[attr-defined]
        return context
    last = _finished.get(page.file.dest_uri)
    if last is not None and last[0] == page.rendered_fingerprint:  # type: ignore[attr-defined]
        context[REUSED] = last[1]
        page.reused = True  # type: ignore[attr-defined]
    return context


def was_reused(page: Page) -> bool:
    """Whether ``page`` was given its last finished HTML (it is then written as it is)."""
    return bool(getattr(page, "reused", False))


def finished(page: Page, output: str, finish: Callable[[str], str]) -> str:
    """The page as the theme wrote it, finished by ``finish``; a reused page was finished (and checked)
    when it was made, and is returned as it is. Remembers the finished page under its fingerprint."""
    if was_reused(page):
        return output
    output = finish(output)
    key = getattr(page, "rendered_fingerprint", None)
    if key is None:
        _finished.pop(page.file.dest_uri, None)
    else:
        _finished[page.file.dest_uri] = (key, output)
    return output


def fingerprint(context: Mapping[str, Any], page: Page, config: MkDocsConfig) -> str:
    """A hash of everything the templates can read while rendering ``page``, and of the templates."""
    described = {
        "site": _site(context, config),
        "context": {key: _describe(value) for key, value in sorted(context.items())
                    if key not in UNSHOWN and key not in ("nav", "pages", "page", "config", REUSED)},
        "page": _page(page),
        "extra": _describe(config.extra),  # mkdocs-static-i18n sets the language menu's links for each page here
    }
    return _hash(described)


def _hash(described: Any) -> str:
    """The hash of plain data (``_describe``'s output), the same whatever the order of its mappings."""
    text = json.dumps(described, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _site(context: Mapping[str, Any], config: MkDocsConfig) -> str:
    """What every page of one language's build shares (navigation, files, configuration, templates),
    described once per build (its navigation): it cannot change while the pages are rendered."""
    if _site_key[0] is not context["nav"]:
        _site_key[:] = [context["nav"], _hash({
            "nav": _describe(context["nav"]),
            "pages": [(file.src_uri, file.url, file.dest_uri) for file in context["pages"]],
            "config": {key: _describe(value) for key, value in sorted(config.items())
                       if key not in CONFIG_UNSHOWN and key != "extra"},
            "templates": _templates(config.theme),
        })]
    return _site_key[1]


def _page(page: Page) -> dict[str, Any]:
    """The page being rendered: everything of it a template may print. Which entries of the navigation
    are open follows from the page's place in it (its ancestors)."""
    return {
        "title": page.title, "url": page.url, "canonical": page.canonical_url, "abs_url": page.abs_url,
        "edit_url": page.edit_url, "homepage": page.is_homepage, "index": page.is_index,
        "source": page.file.src_uri, "markdown": page.markdown, "content": page.content,
        "toc": _describe(page.toc), "meta": _describe(page.meta),
        "previous": _nav_entry(page.previous_page), "next": _nav_entry(page.next_page),
        "ancestors": [item.title for item in page.ancestors],
    }


def _nav_entry(item: Any) -> Any:
    """A page, section or link as the navigation shows it (not its content: only the page being rendered shows that)."""
    if item is None:
        return None
    if isinstance(item, Page):
        return {"page": item.title, "url": item.url, "source": item.file.src_uri, "meta": _describe(item.meta),
                "index": item.is_index}
    if isinstance(item, Section):
        return {"section": item.title, "children": [_nav_entry(child) for child in item.children]}
    if isinstance(item, Link):
        return {"link": item.title, "url": item.url}
    raise _Unknown(type(item).__name__)


def _describe(value: Any) -> Any:
    """``value`` as plain data for the fingerprint; ``_Unknown`` for a kind of value not listed here."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Navigation):
        return {"navigation": [_nav_entry(item) for item in value.items]}
    if isinstance(value, (Page, Section, Link)):
        return _nav_entry(value)
    if isinstance(value, File):
        return {"file": value.src_uri, "url": value.url, "dest": value.dest_uri}
    if isinstance(value, Theme):
        return {"theme": value.name, "dirs": list(value.dirs), "options": _describe(dict(value.items()))}
    if isinstance(value, (TableOfContents, list, tuple)):
        return [_describe(item) for item in value]
    if isinstance(value, AnchorLink):
        return {"anchor": value.title, "id": value.id, "level": value.level, "children": _describe(value.children)}
    if isinstance(value, Locale):  # the theme's language
        return {"locale": str(value)}
    if isinstance(value, pathspec.PathSpec):  # exclude_docs, not_in_nav: which files are pages
        return {"patterns": [str(getattr(pattern, "pattern", pattern)) for pattern in value.patterns]}
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(_describe(item), sort_keys=True) for item in value)
    if isinstance(value, Mapping):
        return {str(key): _describe(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _describe(getattr(value, field.name)) for field in dataclasses.fields(value)}
    raise _Unknown(type(value).__name__)


def _templates(theme: Theme) -> list[Any]:
    """The theme's template folders: an installed theme's by its package's version, others (overrides/)
    by every file's name, size and time."""
    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    found: list[Any] = [version("mkdocs"), version("mkdocs-material")]
    for folder in theme.dirs:
        if Path(folder).resolve().is_relative_to(installed):
            found.append(folder)
            continue
        for parent, _, names in sorted(os.walk(folder)):
            for name in sorted(names):
                stat = os.stat(os.path.join(parent, name))
                found.append([os.path.join(parent, name), stat.st_size, stat.st_mtime_ns])
    return found
