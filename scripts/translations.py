"""Is each translation up to date with its Japanese original?

Each translated page records what it translates in its front matter::

    translation_of: {version: "1.1", original: "<git blob id of docs/ja/... >"}

``original`` is git's id of the Japanese file's exact content (``git hash-object``),
so it can be recorded in the same commit as the translation and checked from the
files alone, even without git. When the Japanese file changes and the record does
not, the translation is stale: its page shows a notice, ``python -m scripts.translations``
lists it, and the tests report it (an error with ``--strict`` or ``SITE_RELEASE=1``).

``python -m scripts.translations --record docs/en/policy.md`` (or ``--record`` alone
for every page) records the current original after the translation has been updated.
"""
from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils import get_relative_url

from scripts.amendments import FOLDER, page_path
from scripts.dates import format_date
from scripts.gitinfo import blob_id, release_mode, repo
from scripts.pages import PageSet, load_pages
from scripts.site import ROOT, load_site

OK, STALE, UNRECORDED, MISSING = "up to date", "stale", "no record", "missing"
KEY = "translation_of"


@dataclass(frozen=True)
class Freshness:
    """The state of one translated page."""

    lang: str
    rel: str
    state: str
    recorded_version: str | None
    original_version: str | None
    revised_on: str | None  # the day the original last changed in git (YYYY-MM-DD)


def original_id(pageset: PageSet, rel: str) -> str:
    """Git's blob id of the Japanese original's current content."""
    original = pageset.docs_dir / load_site().default_language / rel
    return blob_id(original.read_bytes())


def _revised_on(pageset: PageSet, rel: str) -> str | None:
    path = (pageset.docs_dir / load_site().default_language / rel).resolve()
    git = repo()
    if not git.available:
        return None
    try:
        name = path.relative_to(git.root.resolve()).as_posix()
    except ValueError:
        return None
    commit = git.last_changes(name.split("/", 1)[0]).get(name)
    return commit.day if commit else None


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
            record = page.meta.get(KEY)
            if not isinstance(record, dict) or not record.get("original"):
                found.append(Freshness(lang, rel, UNRECORDED, None, version, None))
                continue
            state = OK if record["original"] == original_id(pageset, rel) else STALE
            found.append(Freshness(lang, rel, state, str(record.get("version")), version,
                                   _revised_on(pageset, rel) if state == STALE else None))
    return found


def notice(item: Freshness, page_url: str, original_url: str, pageset: PageSet) -> str:
    """The box a stale translation shows under its title (English words: translations are English)."""
    from scripts.amendments import words

    w = words(item.lang)
    when = f" on {format_date(item.revised_on, item.lang)}" if item.revised_on else ""
    links = [f'<a href="{get_relative_url(original_url, page_url)}" hreflang="ja" lang="ja">{html.escape(w["stale_original"])}</a>']
    comparison = page_path(item.rel, item.original_version or "")
    if item.original_version != item.recorded_version and comparison in pageset.of(load_site().default_language):
        target = comparison[:-3] + "/"
        links.append(f'<a href="{get_relative_url(target, page_url)}" hreflang="ja">{html.escape(w["stale_comparison"])}</a>')
    text = w["stale_notice"].format(when=when, links=" and ".join(links))
    return f'<div class="admonition warning translation-stale"><p class="admonition-title">{html.escape(w["stale_title"])}</p><p>{text}</p></div>'


_RECORD_LINE = re.compile(rf"^{KEY}:.*\n(?:[ \t]+.*\n)*", re.M)


def record(path: Path, pageset: PageSet) -> bool:
    """Write the original's current version and id into a translation's front matter; True if it changed."""
    default = load_site().default_language
    rel = "/".join(path.resolve().relative_to(pageset.docs_dir.resolve()).parts[1:])
    source = pageset.of(default)[rel]
    line = f'{KEY}: {{version: "{source.meta.get("version")}", original: "{original_id(pageset, rel)}"}}\n'
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError(f"{path} has no front matter")
    head_end = text.index("\n---", 3) + 1
    head, rest = text[:head_end], text[head_end:]
    if _RECORD_LINE.search(head):
        new_head = _RECORD_LINE.sub(line, head, count=1)
    else:  # after the version line, where a reviewer looks for it
        match = re.search(r"^version:.*\n", head, re.M)
        at = match.end() if match else len(head)
        new_head = head[:at] + line + head[at:]
    if new_head == head:
        return False
    path.write_text(new_head + rest, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    """List stale and missing translations; record current originals with --record."""
    parser = argparse.ArgumentParser(prog="python -m scripts.translations", description=__doc__.split("\n\n")[0])
    parser.add_argument("--record", nargs="*", metavar="PAGE",
                        help="record the current Japanese original for these translated pages (all when none given)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any translation is stale or unrecorded "
                        "(also when SITE_RELEASE=1)")
    args = parser.parse_args(argv)
    pageset, _ = load_pages()
    if args.record is not None:
        default = load_site().default_language
        paths = [Path(p) for p in args.record] or [
            pageset.docs_dir / lang / rel for lang in pageset.languages if lang != default
            for rel in pageset.of(lang) if not rel.startswith(f"{FOLDER}/") and rel in pageset.of(default)]
        for path in paths:
            if record(path.resolve(), pageset):
                print(f"recorded {path.resolve().relative_to(ROOT)}")
        pageset, _ = load_pages()
    items = freshness(pageset)
    bad = [i for i in items if i.state != OK]
    for item in bad:
        detail = f" (translates {item.recorded_version}, original is {item.original_version}" + \
                 (f", revised {item.revised_on})" if item.revised_on else ")") if item.state == STALE else ""
        print(f"docs/{item.lang}/{item.rel}: {item.state}{detail}")
    print(f"{len(items) - len(bad)} of {len(items)} translations are up to date.")
    return 1 if bad and (args.strict or release_mode()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
