"""What a MkDocs page is made from: its language, its path, its checked source and the file an editor edits.

MkDocs hands each event its own page object; the build works from the source the validator
read and accepted (``scripts/sns_policy/sources/frontmatter.py``), never from MkDocs' own reading of it.
Every step of the pipeline finds that source, and the file to name in a message, through here.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from sns_policy.history import reproducible
from sns_policy.pipeline import converted
from sns_policy.problems import summary
from sns_policy.site import load_site
from sns_policy.sources import frontmatter, guard, source_limits
from sns_policy.sources.pages import PageSet


def lang(page: Page) -> str:
    """The language of a page, as mkdocs-static-i18n recorded it on its file."""
    code = getattr(page.file, "locale", None)  # asked thousands of times a build: mkdocs.yml only when needed
    return code if code is not None else load_site().default_language


def rel(page: Page) -> str:
    """The page's path inside its language folder (``guideline/risk.md``)."""
    code, src = lang(page), page.file.src_uri
    return src[len(code) + 1:] if src.startswith(f"{code}/") else src


def checked(page: Page, pageset: PageSet | None) -> frontmatter.Page | None:
    """The source the validator accepted for this page (a generated 新旧対照表 included), if any."""
    return pageset.of(lang(page)).get(rel(page)) if pageset else None


def source_file(page: Page, pageset: PageSet | None) -> Path:
    """The file a page is made from; a generated 新旧対照表 is dated by, and edits, the document it compares."""
    if page.file.abs_src_path:
        return Path(page.file.abs_src_path)
    code = lang(page)
    compared = pageset.of(code)[rel(page)].meta["amendment"]["page"] if pageset else ""
    return load_site().docs_dir / code / compared


Hook = Callable[..., Any]


def failures_named(pageset: Callable[[Any], PageSet | None]) -> Callable[[Hook], Hook]:
    """A decorator for the plugin's page events: whatever goes wrong in one is a message naming the page's
    source (``pageset`` gives the plugin's build pages when it fails), never a traceback."""
    def decorate(hook: Hook) -> Hook:
        @functools.wraps(hook)
        def guarded(plugin: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return hook(plugin, *args, **kwargs)
            except PluginError:
                raise
            except Exception as error:
                page = kwargs.get("page") or next(a for a in args if isinstance(a, Page))
                raise PluginError(summary([guard.failure(source_file(page, pageset(plugin)), error, "built")])) from None
        return guarded
    return decorate


def dated(page: Page, config: MkDocsConfig, pageset: PageSet | None) -> Page:
    """Date the page by its source's last change, not the build day (scripts/sns_policy/history/reproducible.py);
    a generated 新旧対照表's edit link opens the document it compares."""
    source = source_file(page, pageset)
    page.update_date = reproducible.last_change(str(source)) or page.update_date
    if not page.file.abs_src_path and config.repo_url and config.edit_uri:
        page.edit_url = config.repo_url.rstrip("/") + "/" + config.edit_uri.strip("/") + "/" + \
            source.relative_to(load_site().docs_dir).as_posix()
    return page


def adopt(page: Page, pageset: PageSet) -> frontmatter.Page:
    """The page takes the values the validator accepted, and converts its Markdown within the time limit."""
    source = checked(page, pageset)
    if source is None:
        raise PluginError(f"{page.file.src_uri}: was not read by the validator; every page lives under docs/<language>/")
    page.meta = source.meta
    _convert_within_limits(page, source, pageset)
    return source


def _convert_within_limits(page: Page, source: frontmatter.Page, pageset: PageSet) -> None:
    """Convert the page's Markdown (MkDocs' own step, between on_page_markdown and on_page_content)
    under a time limit, so that a limit of Python-Markdown is a message naming the page; an
    unchanged page is given its last conversion (``converted``)."""
    convert = page.render

    def render(config: MkDocsConfig, files: Any) -> None:
        try:
            with guard.time_limit():
                converted.convert(page, config, files, convert)
        except (Exception, guard.TooSlow) as error:
            line = source_limits.busiest_line(source) if isinstance(error, guard.TooSlow) else None
            raise PluginError("ページを HTML に変換できません。 / A page could not be converted to HTML:\n"
                              + summary([guard.failure(source_file(page, pageset), error, "converted", line)])) from None
    page.render = render  # type: ignore[method-assign]  # this page object only
