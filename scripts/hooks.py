"""MkDocs hooks: which step of the build runs at each MkDocs event, and what the build in progress knows.

Loaded from ``mkdocs.yml`` (``hooks:``). Each hook only decides *when*, in a line or two; *what* happens lives in
``scripts/pipeline/`` and the packages below it, where the tests call it directly. ARCHITECTURE.md follows a page.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by file path; make `scripts` importable.
    sys.path.insert(0, str(ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from scripts.pipeline import compose, finalize, indexed, outputs, page_source, prepare, rendered, serving  # noqa: E402
from scripts.problems import Problem  # noqa: E402
from scripts.sources.pages import PageSet  # noqa: E402


@dataclass
class _Build:
    """What the build in progress knows. `mkdocs serve` keeps this module loaded, so every build starts afresh in
    on_config (a failed build never leaves checks off); the languages mkdocs-static-i18n builds inside it share it."""

    prepared: prepare.Prepared | None = None  # the checked sources, and what is decided before any page
    html_problems: list[Problem] = field(default_factory=list)  # allow-list breaches, refused once all pages are rendered
    not_found: dict[str, str] = field(default_factory=dict)  # each language's 404 page, finished
    published: dict[int, frozenset[str]] = field(default_factory=dict)  # paths each language's build writes, by id(files)
    languages: list[str] = field(default_factory=list)  # builds nest: the innermost language last

    @property
    def pageset(self) -> PageSet | None:
        return self.prepared.pageset if self.prepared else None

    def published_paths(self, files: Files) -> frozenset[str]:
        """Every path below the site's root that this language's build writes to, worked out once per language."""
        if id(files) not in self.published:
            self.published[id(files)] = finalize.published_paths(files)
        return self.published[id(files)]


_build = _Build()


def on_startup(command: str, dirty: bool) -> None:
    """Under `mkdocs serve`: a saved page is shown before its PDF is printed; unchanged pages are not made again."""
    serving.started(command)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """MkDocs looks for saved files every 0.5 s; this site's server looks more often (scripts/pipeline/serving.py)."""
    return serving.server(server, builder)


# Whatever goes wrong in a page's hook is a message naming the page's source, never a traceback.
_per_page = page_source.failures_named(lambda: _build.pageset)


@event_priority(-150)  # after mkdocs-static-i18n (-100) has set this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Every build reads this mkdocs.yml afresh and starts with no state from the last one."""
    global _build
    config = prepare.configure(config)
    if not prepare.is_nested(config):
        _build = _Build()
        prepare.forget_cached_reads()
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Refuse to build from sources that break a rule; keep what the pages are made from."""
    _build.languages.append(config.theme["language"])
    indexed.install(config)
    if not (prepare.is_nested(config) and _build.prepared is not None):  # the default language checked every language
        _build.prepared, _build.html_problems = prepare.check(config), []


@event_priority(-150)  # after mkdocs-static-i18n (-100) has chosen this language's files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add this language's generated 新旧対照表 pages; no such file is ever committed."""
    return prepare.add_comparisons(files, config, _build.prepared.comparisons if _build.prepared else {})


@_per_page
def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Date the page by its source's last change, not the build day."""
    return page_source.dated(page, config, _build.pageset)


@_per_page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render from the values the validator accepted, and add every part the build makes around the text."""
    checked = page_source.adopt(page, _build.prepared.pageset)
    return compose.markdown(markdown, page, checked, config, _build.prepared)


@_per_page
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Finish the converted page; keep what it breaks of the HTML allow-list for on_env."""
    html, problems = finalize.content(html, page, config, _build.pageset, lambda path: path in _build.published_paths(files))
    _build.html_problems.extend(problems)
    return html


@_per_page
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Any) -> dict:
    """Head tags, a language switch to built pages; under serve, maybe the last finished page (rendered.py)."""
    context["sharing"] = finalize.sharing_tags(page, config)
    finalize.language_switch(page, config, _build.pageset)
    return rendered.offer(context, page, config)


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """Refuse the build if any page broke the HTML allow-list (the theme's templates: prepare.configure)."""
    problems, _build.html_problems = _build.html_problems, []
    finalize.refuse(problems)
    return env


@_per_page
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Small CSS/JS inlined, the page checked, translations pointed at their index; a reused page already was."""
    return rendered.finished(page, output, lambda html: finalize.output(html, page, config, _build.pageset))


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep each language's 404 page: every language's build writes it to the site root."""
    if template_name == "404.html":
        _build.not_found[config.theme["language"]] = output = finalize.not_found(output, config)
    return output


@event_priority(-200)  # after mkdocs-static-i18n (-100) has merged the languages' indexes
def on_post_build(config: MkDocsConfig) -> None:
    """Split the search index by language; after the last language, the open data, PDFs, feeds and 404 pages."""
    outputs.write(config, _build.languages.pop(), _build.prepared, _build.not_found)


def on_build_error(error: Exception) -> None:
    """A failed build leaves nothing behind for the next one (`mkdocs serve`)."""
    _build.prepared, _build.html_problems, _build.languages[:] = None, [], []
    rendered.forget()
