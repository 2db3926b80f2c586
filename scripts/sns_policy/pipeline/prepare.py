"""Before any page is made: the build's configuration, its sources checked, and what it can publish.

A build starts from the mkdocs.yml it was given, refuses sources that break a rule (the same
checks as ``python -m sns_policy.pipeline.validate``), finds out whether git history and Chromium are
there (a release refuses to go on without them), and makes every revision's 新旧対照表 from git
so that MkDocs reads them as pages of each language. :class:`Prepared` is what the pages are then
made from.
"""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from sns_policy.content import confirm
from sns_policy.editions import build as pdf
from sns_policy.finish import template_cache
from sns_policy.amendments import build as amendments, model as revisions, render as amendment_parts
from sns_policy.history import translations
from sns_policy.history.gitinfo import log, release_mode, repo
from sns_policy.pipeline import theme
from sns_policy.pipeline.validate import check_site
from sns_policy.problems import set_root, summary
from sns_policy.site import load_site, use_config
from sns_policy.sources.frontmatter import read_text
from sns_policy.sources.pages import PageSet


@dataclass
class Prepared:
    """What every page of one build is made from, decided before the first page."""

    pageset: PageSet  # every source, as the validator read and accepted it, with the generated comparisons
    comparisons: dict[tuple[str, str], str]  # (language, path inside it) → generated 新旧対照表 source
    stale: dict[tuple[str, str], translations.Freshness]  # translations that follow an earlier original
    pdf_unavailable: str | None  # why this build cannot print the PDF editions, or None


def is_nested(config: MkDocsConfig) -> bool:
    """mkdocs-static-i18n builds each other language inside the default language's build."""
    return config.theme["language"] != load_site().default_language


def configure(config: MkDocsConfig) -> MkDocsConfig:
    """Every tool reads this build's mkdocs.yml; without REPO_URL there are no edit or report links
    rather than links to an address nobody confirmed. The engine's theme files come from the package (theme.py);
    the theme's templates are compiled and listed once."""
    use_config(Path(config.config_file_path))
    theme.install(config)
    # The footer's template reads the website as extra.city_website; its one place is the plugin's option.
    config.extra["city_website"] = load_site().website
    template_cache.install(config.theme)
    set_root(Path(config.config_file_path).parent)
    if not config.repo_url:
        config.edit_uri = None
    return config


def check(config: MkDocsConfig) -> Prepared:
    """Refuse to build from sources that break a rule; a release also refuses what it cannot make."""
    pageset, problems = check_site(Path(config.docs_dir))
    if problems:
        raise PluginError("サイトの原稿に規則違反があります。 / The site's sources break these rules:\n" + summary(problems))
    if release_mode():  # a release says which facts still await the City's confirmation, and goes on
        confirm.log_report()
    refused, stale = _history(pageset)
    pdf_unavailable = _pdf_unavailable()
    refused += [f"the PDF editions cannot be printed: {pdf_unavailable}"] if pdf_unavailable else []
    address = release_address_problem(config.site_url, SITE_URL_ENV in os.environ)
    refused += [address] if address else []
    if refused and release_mode():
        raise PluginError("SITE_RELEASE is set, but this build cannot publish everything it must: / "
                          "公開用の作成に必要なものがありません:\n" + "\n".join(f"- {reason}" for reason in refused))
    return Prepared(pageset, _comparisons(pageset, config), stale, pdf_unavailable)


SITE_URL_ENV = "SITE_URL"
# Host names that never reach the public, whatever they resolve to on the builder's machine.
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".test", ".invalid", ".example")


def release_address_problem(site_url: str | None, set_in_environment: bool) -> str | None:
    """Why a release may not publish at ``site_url``, or None for a public https: address.

    Every canonical link, the sitemap, the feeds, the open data and the PDF covers carry this
    address; mkdocs.yml's default (http://127.0.0.1:8000/) is for previews on one's own machine.
    """
    todo = (f"set {SITE_URL_ENV} to the public https: address the site is published at, e.g. "
            f"{SITE_URL_ENV}=https://www.example.jp/sns/ / {SITE_URL_ENV} に公開先の https: のアドレスを設定してください")
    if not set_in_environment:
        return f"{SITE_URL_ENV} is not set, so pages would name {site_url or 'no address'} as their address: {todo}"
    parts = urlsplit(site_url or "")
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme != "https":
        return f"{SITE_URL_ENV}={site_url!r} is not an https: address: {todo}"
    if not host:
        return f"{SITE_URL_ENV}={site_url!r} names no host: {todo}"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or host.endswith(_LOCAL_SUFFIXES) or "." not in host:
            return f"{SITE_URL_ENV}={site_url!r} names {host}, which is not a public host name: {todo}"
        return None
    if not ip.is_global:  # loopback, private ranges, link-local, unspecified, reserved
        return f"{SITE_URL_ENV}={site_url!r} names {host}, which is not a public address (loopback, private or link-local): {todo}"
    return None


def _history(pageset: PageSet) -> tuple[list[str], dict[tuple[str, str], translations.Freshness]]:
    """Say when git history is missing (what a release must refuse); note translations that lag.

    A release refuses only what would publish something unverifiable: without history
    no 新旧対照表 or date can be made. A translation that lags is published with its notice.
    """
    git = repo()  # opened afresh by every build (a per-build memo): `mkdocs serve` reads new commits
    refused = []
    if not git.available:
        refused.append(f"{git.reason}: comparisons and last-updated dates need the full git history (clone without --depth)")
        log.info("No git history (%s): pages say their last-updated date is unknown.", git.reason)
    lagging = translations.behind(pageset)
    if lagging:
        log.info("%d translation(s) follow an earlier version of their original; they say so on the page:\n%s",
                 len(lagging), "\n".join(translations.report(lagging)))
    return refused, {(item.lang, item.rel): item for item in lagging if item.state == translations.BEHIND}


def _pdf_unavailable() -> str | None:
    """Decide before any page links it whether this build prints the PDF editions."""
    reason = pdf.unavailable_reason()
    if reason:
        log.info("PDF editions are not made in this build (%s); pages say so instead of linking them.", reason)
    return reason


def _comparisons(pageset: PageSet, config: MkDocsConfig) -> dict[tuple[str, str], str]:
    """Make every revision's 新旧対照表 from git (scripts/sns_policy/amendments/build.py) and read it as a page."""
    comparisons = amendments.generate(pageset, amendment_parts.MarkdownSettings.from_config(config))
    for (lang, rel), text in comparisons.items():
        page, problems = read_text(pageset.docs_dir / lang / rel, text)
        if problems or page is None:
            raise PluginError(summary(problems))
        pageset.pages[lang][rel] = page
    return comparisons


def add_comparisons(files: Files, config: MkDocsConfig, comparisons: dict[tuple[str, str], str]) -> Files:
    """Add this language's generated 新旧対照表 pages; no such file is ever committed."""
    lang = config.theme["language"]
    for (code, rel), text in sorted(comparisons.items()):
        if code != lang:
            continue
        file = File.generated(config, f"{lang}/{rel}", content=text)
        file.dest_uri = f"{revisions.lang_prefix(lang)}{rel[:-3]}/index.html"
        file.url = f"{revisions.lang_prefix(lang)}{rel[:-3]}/"
        # What mkdocs-static-i18n records on the files it reads: the same revision's comparison in each language
        # that has it (the head's hreflang alternates, the sitemap, the language switcher). While a revision's
        # translation is still to come, the switcher leads to the document instead (finalize.language_switch).
        file.locale = file.locale_alternate_of = lang
        file.alternates = {other: SimpleNamespace(url=f"{revisions.lang_prefix(other)}{rel[:-3]}/", page=None)
                           for (other, other_rel) in comparisons if other_rel == rel}
        files.append(file)
        i18n = config.plugins.get("i18n")  # its sitemap lists the files it chose: add ours
        if i18n is not None and lang in getattr(i18n, "i18n_files_per_language", {}):
            i18n.i18n_files_per_language[lang].append(file)
    return files
