"""The 新旧対照表 the build publishes, made from git, and the revision history as an Atom feed.

The build makes one comparison page for every revision of every document that keeps a revision
history: nobody runs a command and nothing is committed. A comparison is kept by its inputs (the two
texts, the Markdown settings, the data and the code), in memory for ``mkdocs serve`` and on disk
between builds (``kept.Store("amendments")``), so a build's cost follows what changed.
"""
from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from typing import Any

from sns_policy import kept
from sns_policy.amendments.model import FEED, _url, documents, lang_prefix, page_path, revisions
from sns_policy.amendments.render import Comparison, MarkdownSettings, comparison, render_page
from sns_policy.content.words import versioning
from sns_policy.dates import parse_partial
from sns_policy.history.gitinfo import Git, repo
from sns_policy.history.versions import VersionText, text_at, version_texts
from sns_policy.site import data_dir, load_site
from sns_policy.sources.pages import PageSet


log = logging.getLogger("mkdocs.plugins.amendments")


# Comparisons already made in this process, by the two texts' ids, how they are rendered and what else
# they read (the words and rules of the data folder, the engine's code: ``_reads``): `mkdocs serve`
# rebuilds on every save, and only a changed page, or changed data, needs comparing again.
_made = kept.Memo("amendments.build.made", 256, per_build=False)


def _reads() -> str:
    """The hash of what a comparison reads besides its texts and settings: the data folder in use
    (``versioning.yml``'s words, the rules ``{{rule:…}}`` markers expand to) and the engine's code."""
    return kept.key(kept.folder_digest(data_dir()), kept.code_digest())


def generate(pageset: Any, settings: MarkdownSettings, git: Git | None = None) -> dict[tuple[str, str], str]:
    """Every comparison page the history calls for: (language, path inside it) → page source."""
    git = git or repo()
    if not git.available:
        return {}
    docs = pageset.docs_dir.resolve()
    try:
        docs_rel = docs.relative_to(git.root.resolve()).as_posix()
    except ValueError:
        return {}
    pages: dict[tuple[str, str], str] = {}
    since = STORE.mark()
    reads = _reads()
    for lang in pageset.languages:
        for rel in documents(pageset, lang):
            texts = version_texts(f"{docs_rel}/{lang}/{rel}", git)
            for old, new in zip(texts, texts[1:]):
                key = (lang, rel, old.blob, new.blob, *settings.key, reads)
                if key not in _made:
                    _made[key] = _kept_comparison(rel, lang, old, new, settings, reads)
                pages[(lang, page_path(rel, new.version))] = _made[key]
    if STORE.mark() != since:
        log.info("新旧対照表 / comparisons: %s", STORE.summary(since))
    return pages


# Comparisons between builds: the project's one cache of results kept by their inputs (scripts/sns_policy/kept.py).
STORE = kept.Store("amendments", ".md")


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _kept_comparison(rel: str, lang: str, old: VersionText, new: VersionText, settings: MarkdownSettings,
                     reads: str) -> str:
    """The comparison page of two texts, read from the disk cache while its inputs are the same.

    Its inputs are the two texts and their versions, the page and its language, the Markdown
    settings, and the site's code and data (the words of the page, the rules its markers
    expand to: ``reads``, from :func:`_reads`). So a build's cost follows what changed, not how long the
    history is: the 新旧対照表 of an old revision is made once.
    """
    item = kept.key("amendments", lang, rel, old.version, new.version, old.blob, new.blob,
                    *(_ADDRESS.sub("", part) for part in settings.key), reads)
    data = STORE.read(item)
    if data is not None:
        return data.decode("utf-8")
    page = render_page(comparison(rel, lang, old, new, settings))
    STORE.write(item, page.encode("utf-8"))
    return page


def latest(path: str, old_rev: str | None = None, new_rev: str | None = None, git: Git | None = None,
           settings: MarkdownSettings | None = None) -> Comparison | None:
    """The comparison of a page's latest revision (or of two named revisions); None if it has one version."""
    git = git or repo()
    lang = next((code for code in load_site().languages if f"/{code}/" in f"/{path}"), load_site().default_language)
    rel = path.split(f"/{lang}/", 1)[1]
    if old_rev:
        old, new = text_at(path, old_rev, git), text_at(path, new_rev or "WORKTREE", git)
    else:
        texts = version_texts(path, git)
        if len(texts) < 2:
            return None
        old, new = texts[-2], texts[-1]
    return comparison(rel, lang, old, new, settings or MarkdownSettings.of_site())


ATOM = "http://www.w3.org/2005/Atom"


def _timestamp(date: str | None) -> str:
    """An RFC 3339 time for a date of known precision (midnight in Japan; the 1st when only the month is known)."""
    if not date:
        return "1970-01-01T00:00:00+09:00"
    year, month, day = parse_partial(date)
    return f"{year:04d}-{month:02d}-{day or 1:02d}T00:00:00+09:00"


def atom_feed(pageset: PageSet, lang: str, site_url: str, site_name: str) -> bytes:
    """The revision history of one language as an Atom feed (RFC 4287), with absolute addresses."""
    ET.register_namespace("", ATOM)
    w = versioning(lang)
    base = site_url.rstrip("/") + "/" + lang_prefix(lang)
    revs = revisions(pageset, lang)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    sub(feed, "id", base + FEED)
    sub(feed, "title", w["feed_title"].format(site=site_name))
    sub(feed, "updated", max((_timestamp(r.date) for r in revs), default=_timestamp(None)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + FEED)
    sub(feed, "link", rel="alternate", type="text/html", href=base + "history/")
    author = sub(feed, "author")
    sub(author, "name", w["feed_author"])
    for rev in revs:
        entry = sub(feed, "entry")
        version = w["amend_version"].format(version=rev.version)
        sub(entry, "id", f"{base}{_url(rev.rel)}#version-{rev.version}")
        sub(entry, "title", f"{rev.title}（{version}）" if lang == "ja" else f"{rev.title}, {version}")
        sub(entry, "updated", _timestamp(rev.date))
        target = _url(rev.amendment) if rev.amendment else _url(rev.rel) + "#history"
        sub(entry, "link", rel="alternate", type="text/html", href=base + target)
        sub(entry, "summary", rev.change)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
