"""Which translations follow their Japanese original, and which lag behind it.

A translated page's ``version`` is the version of the Japanese original it
translates. An editor amends the Japanese page and raises its ``version``; the
Japanese text publishes at once, and the English page, still at the earlier version,
says so under its title (with links to the original and to what changed) until a
translator updates it and raises its ``version`` to match. A wording fix that keeps
the version never makes a translation lag. Nothing is recorded by a command: the
two ``version`` lines are the whole record, and an editor types both.

``python -m sns_policy.history.translations`` lists the translations that lag (exit 0: a
lagging translation is allowed to publish; ``--strict`` exits 1 for a check that
wants every translation current).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from sns_policy.content.escape import html_text
from sns_policy.content.words import versioning
from sns_policy.amendments.model import FOLDER, page_path
from sns_policy.dates import format_date
from sns_policy.sources.pages import PageSet, load_pages, translation_behind
from sns_policy.site import load_site

OK, BEHIND, MISSING = "up to date", "behind its original", "missing"


@dataclass(frozen=True)
class Freshness:
    """The state of one translated page."""

    lang: str
    rel: str
    state: str
    translated_version: str | None  # the version of the original the translation translates
    original_version: str | None
    revised_on: str | None  # the date of the original's current version (its history row)


def _history_date(meta: dict, version: str | None) -> str | None:
    return next((e.get("date") for e in meta.get("history") or [] if isinstance(e, dict) and e.get("version") == version), None)


def freshness(pageset: PageSet) -> list[Freshness]:
    """Every translated page (generated comparison pages excepted), with its state."""
    default = load_site().default_language
    found = []
    for lang in pageset.languages:
        if lang == default:
            continue
        for rel, source in sorted(pageset.of(default).items()):
            if rel.startswith(f"{FOLDER}/"):
                continue
            page = pageset.of(lang).get(rel)
            version = source.meta.get("version")
            if page is None:
                found.append(Freshness(lang, rel, MISSING, None, version, None))
                continue
            behind = translation_behind(source.meta, page.meta)
            found.append(Freshness(lang, rel, BEHIND if behind else OK, page.meta.get("version"), version,
                                   _history_date(source.meta, version) if behind else None))
    return found


def behind(pageset: PageSet) -> list[Freshness]:
    """Translations that lag behind (or lack) their original."""
    return [item for item in freshness(pageset) if item.state != OK]


def notice(item: Freshness, page_url: str, original_url: str, pageset: PageSet) -> str:
    """The box a lagging translation shows under its title (in the translation's language)."""
    w = versioning(item.lang)
    when = f" on {format_date(item.revised_on, item.lang)}" if item.revised_on else ""
    links = [f'<a href="{get_relative_url(original_url, page_url)}" hreflang="ja" lang="ja">{html_text(w["stale_original"])}</a>']
    comparison = page_path(item.rel, item.original_version or "")
    if comparison in pageset.of(load_site().default_language):
        target = comparison[:-3] + "/"
        links.append(f'<a href="{get_relative_url(target, page_url)}" hreflang="ja">{html_text(w["stale_comparison"])}</a>')
    text = w["stale_notice"].format(when=when, links=" and ".join(links), translated=html_text(str(item.translated_version)),
                                    original=html_text(str(item.original_version)))
    return (f'<div class="admonition warning translation-stale"><p class="admonition-title">{html_text(w["stale_title"])}</p>'
            f"<p>{text}</p></div>")


def report(items: list[Freshness]) -> list[str]:
    """One line per lagging or missing translation, for the console and the pull request's summary."""
    lines = []
    for item in items:
        if item.state == BEHIND:
            lines.append(f"docs/{item.lang}/{item.rel}: translates version {item.translated_version}, "
                         f"the original is at {item.original_version}")
        else:
            lines.append(f"docs/{item.lang}/{item.rel}: {item.state}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """List translations that lag behind their original."""
    parser = argparse.ArgumentParser(prog="python -m sns_policy.history.translations", description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if any translation lags behind its original")
    args = parser.parse_args(argv)
    pageset, _ = load_pages()
    items = freshness(pageset)
    bad = behind(pageset)
    for line in report(bad):
        print(line)
    print(f"{len(items) - len(bad)} of {len(items)} translations are up to date.")
    return 1 if bad and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
