"""After every page of a language is written: the files a build makes once, beside the pages.

Each language's search index is split out of the one mkdocs-static-i18n merges (with the words
people use for its sections); once the default language's build, which builds the others inside
it, is done, the registry is published as open data, the PDF editions are printed from the
finished pages, and each language gets its Atom feed and its own 404 page.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from sns_policy.editions import build as pdf
from sns_policy.search import build as search_index
from sns_policy.amendments import build as feeds, model as revisions
from sns_policy.history.gitinfo import log
from sns_policy.pipeline import serving
from sns_policy.pipeline.prepare import Prepared
from sns_policy.plans import build as plans_build
from sns_policy.plans.render import registry_rows
from sns_policy.problems import summary
from sns_policy.site import load_site


def write(config: MkDocsConfig, lang: str, prepared: Prepared | None, not_found: dict[str, str]) -> None:
    """Split the search index of ``lang``; after the default language's build, write the site's other files.

    Under ``mkdocs serve`` the PDF editions are printed after the build, so a saved page is
    served at once and its edition follows a few seconds later.
    """
    site, site_dir = load_site(), Path(config.site_dir)
    problems = search_index.split_index(site_dir, lang, site.default_language,
                                        search_index.language_config(config, lang, site.default_language))
    if problems:
        raise PluginError("検索語のデータに誤りがあります。 / The search words data has problems:\n" + summary(problems))
    if lang != site.default_language or prepared is None:
        return
    plans_build.write(site_dir, registry_rows(prepared.pageset), config.site_url or "/")
    if prepared.pdf_unavailable is None:  # every language's pages are written by now
        (_write_pdfs_after_the_build if serving.active() else _write_pdfs)(site_dir)
    for each in site.languages:  # the other languages are built by now, inside this build
        target = site_dir / revisions.lang_prefix(each) / revisions.FEED
        target.write_bytes(feeds.atom_feed(prepared.pageset, each, config.site_url or "/", _site_name(config, each)))
        if each in not_found:  # the default language's 404 at the root, each other one in its folder
            target = site_dir / revisions.lang_prefix(each) / "404.html"
            target.write_text(not_found[each], encoding="utf-8")


def _write_pdfs(site_dir: Path) -> None:
    """Print the PDF editions the pages link to; a failure stops the build, never a dead link."""
    try:
        pdf.write_pdfs(site_dir)
    except Exception as error:  # the browser's errors have many types; each is one message here
        raise PluginError(f"PDF版を作成できませんでした。 / The PDF editions could not be printed: {error}") from None


# Serving: one print job at a time, and a job a newer build has overtaken writes nothing.
_printing = threading.Lock()
_generation = [0]
# Seconds without a new build before `mkdocs serve` prints: an editor saving again and again
# waits for the page, never for Chromium printing an edition the next save makes stale.
PAUSE_BEFORE_PRINTING = 5.0


def _write_pdfs_after_the_build(site_dir: Path) -> None:
    """For ``mkdocs serve``: print in a thread of its own while the server already shows the pages.

    A rebuild empties the site folder and writes every page again, so a job the next build has
    overtaken stops quietly; the newest build's job prints what it finds, once the editor has not
    saved for ``PAUSE_BEFORE_PRINTING`` seconds. A failure is logged: the preview stays up, and
    ``mkdocs build`` refuses the same failure.
    """
    _generation[0] += 1
    mine = _generation[0]

    def job() -> None:
        paused_until = time.monotonic() + PAUSE_BEFORE_PRINTING
        while time.monotonic() < paused_until:
            if mine != _generation[0]:
                return
            time.sleep(0.1)
        with _printing:
            if mine != _generation[0]:
                return
            try:
                pdf.write_pdfs(site_dir, still_wanted=lambda: mine == _generation[0])
            except Exception as error:  # noqa: BLE001 - the browser's errors have many types
                if mine == _generation[0]:
                    log.warning("PDF版を作成できませんでした。 / The PDF editions could not be printed: %s", error)

    threading.Thread(target=job, name="pdf-editions", daemon=True).start()


def _site_name(config: MkDocsConfig, lang: str) -> str:
    """The site's name in ``lang``, as mkdocs-static-i18n is configured in mkdocs.yml."""
    for plugin in config.plugins.values():
        for language in getattr(getattr(plugin, "config", None), "languages", None) or []:
            if getattr(language, "locale", None) == lang and getattr(language, "site_name", None):
                return language.site_name
    return config.site_name
