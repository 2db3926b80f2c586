"""The MkDocs plugin: which step of the build runs at each MkDocs event, and what the build in progress knows.

Installed with the package (``pyproject.toml``, entry point ``mkdocs.plugins``) and named in a site's
``mkdocs.yml`` under ``plugins:`` as ``sns-policy``. Each event only decides *when*, in a line or two; *what*
happens lives in ``scripts/sns_policy/pipeline/`` and the packages below it, where the tests call it directly.
The build's state lives on the plugin instance and starts afresh in ``on_config``. ARCHITECTURE.md follows a page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sns_policy import kept
from sns_policy.config import PolicySiteConfig
from sns_policy.pipeline import compose, finalize, indexed, outputs, page_source, prepare, rendered, serving
from sns_policy.problems import Problem
from sns_policy.sources.pages import PageSet


@dataclass
class Build:
    """What the build in progress knows. `mkdocs serve` keeps the plugin alive, so every build starts afresh in
    on_config (a failed build never leaves checks off); the languages mkdocs-static-i18n builds inside it share it."""

    prepared: prepare.Prepared | None = None  # the checked sources, and what is decided before any page
    html_problems: list[Problem] = field(default_factory=list)  # allow-list breaches, refused once all pages are rendered
    not_found: dict[str, str] = field(default_factory=dict)  # each language's 404 page, finished
    published: dict[str, frozenset[str]] = field(default_factory=dict)  # paths each language's build writes
    languages: list[str] = field(default_factory=list)  # builds nest: the innermost language last

    @property
    def pageset(self) -> PageSet | None:
        return self.prepared.pageset if self.prepared else None

    def published_paths(self, files: Files, config: MkDocsConfig) -> frozenset[str]:
        """Every path below the site's root that this language's build writes to, worked out once per language."""
        language = config.theme["language"]
        if language not in self.published:
            self.published[language] = finalize.published_paths(files)
        return self.published[language]


# Whatever goes wrong in a page's event is a message naming the page's source, never a traceback.
_per_page = page_source.failures_named(lambda plugin: plugin.build.pageset)


class PolicySitePlugin(BasePlugin[PolicySiteConfig]):
    """Turns a folder of policy pages and the site's data into the checked, bilingual site."""

    def __init__(self) -> None:
        self.build = Build()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Under `mkdocs serve`: a saved page is shown before its PDF is printed; unchanged pages are not made again."""
        serving.started(command)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """MkDocs looks for saved files every 0.5 s; this site's server looks more often (scripts/sns_policy/pipeline/serving.py)."""
        return serving.server(server, builder)

    @event_priority(-150)  # after mkdocs-static-i18n (-100) has set this build's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Every build reads this mkdocs.yml afresh and starts with no state from the last one."""
        config = prepare.configure(config)
        if not prepare.is_nested(config):
            self.build = Build()
            kept.forget_between_builds()
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Refuse to build from sources that break a rule; keep what the pages are made from."""
        self.build.languages.append(config.theme["language"])
        indexed.install(config)
        if not (prepare.is_nested(config) and self.build.prepared is not None):  # the default language checked every language
            self.build.prepared, self.build.html_problems = prepare.check(config), []

    @event_priority(-150)  # after mkdocs-static-i18n (-100) has chosen this language's files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add this language's generated 新旧対照表 pages; no such file is ever committed."""
        return prepare.add_comparisons(files, config, self.build.prepared.comparisons if self.build.prepared else {})

    @_per_page
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Date the page by its source's last change, not the build day."""
        return page_source.dated(page, config, self.build.pageset)

    @_per_page
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Render from the values the validator accepted, and add every part the build makes around the text."""
        checked = page_source.adopt(page, self.build.prepared.pageset)
        return compose.markdown(markdown, page, checked, config, self.build.prepared)

    @_per_page
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Finish the converted page; keep what it breaks of the HTML allow-list for on_env."""
        build = self.build
        html, problems = finalize.content(html, page, config, build.pageset, lambda path: path in build.published_paths(files, config))
        build.html_problems.extend(problems)
        return html

    @_per_page
    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Any) -> dict:
        """Head tags, a language switch to built pages; under serve, maybe the last finished page (rendered.py)."""
        context["sharing"] = finalize.sharing_tags(page, config)
        finalize.language_switch(page, config, self.build.pageset)
        return rendered.offer(context, page, config)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Refuse the build if any page broke the HTML allow-list (the theme's templates: prepare.configure)."""
        problems, self.build.html_problems = self.build.html_problems, []
        finalize.refuse(problems)
        return env

    @_per_page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Small CSS/JS inlined, the page checked, translations pointed at their index; a reused page already was."""
        return rendered.finished(page, output, lambda html: finalize.output(html, page, config, self.build.pageset))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Keep each language's 404 page: every language's build writes it to the site root."""
        if template_name == "404.html":
            self.build.not_found[config.theme["language"]] = output_content = finalize.not_found(output_content, config)
        return output_content

    @event_priority(-200)  # after mkdocs-static-i18n (-100) has merged the languages' indexes
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Split the search index by language; after the last language, the open data, PDFs, feeds and 404 pages."""
        outputs.write(config, self.build.languages.pop(), self.build.prepared, self.build.not_found)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves nothing behind for the next one (`mkdocs serve`)."""
        self.build = Build()
        rendered.forget()
        indexed.forget()
