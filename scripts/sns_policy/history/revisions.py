"""Every revision of every document: the site-wide 改定履歴 page and its Atom feed.

Both come from the ``history`` entries in front matter (the same entries each
document's own revision table shows), so the three can never disagree; a revision
links to its 新旧対照表 when one is published.
"""
from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from sns_policy.content.escape import html_text, md_text
from sns_policy.content.words import labels, versioning
from sns_policy.history.amendments import FOLDER, page_path
from sns_policy.dates import format_date, parse_partial
from sns_policy.sources.pages import PageSet
from sns_policy.site import load_site

ATOM = "http://www.w3.org/2005/Atom"
FEED = "feed.xml"


@dataclass(frozen=True)
class Revision:
    """One history entry of one document in one language."""

    rel: str  # the document, inside its language folder
    title: str
    version: str
    date: str | None
    change: str
    amendment: str | None  # the comparison page inside the language folder, if published


def amendment_pages(pageset: PageSet, lang: str) -> dict[tuple[str, str], str]:
    """(document, version) → its published comparison page, inside the language folder."""
    found = {}
    for rel, page in pageset.of(lang).items():
        data = page.meta.get("amendment")
        if rel.startswith(f"{FOLDER}/") and isinstance(data, dict) and rel == page_path(data["page"], data["new"]["version"]):
            found[(data["page"], data["new"]["version"])] = rel
    return found


def links_for(rel: str, pageset: PageSet, lang: str) -> dict[str, str]:
    """Version → Markdown link target of its comparison, relative to the document ``rel``."""
    here = posixpath.dirname(rel)
    return {version: posixpath.relpath(target, here or ".")
            for (doc, version), target in amendment_pages(pageset, lang).items() if doc == rel}


def revisions(pageset: PageSet, lang: str) -> list[Revision]:
    """All revisions of all documents of a language, newest first (then in nav order)."""
    order = {rel: i for i, rel in enumerate(load_site().nav_files)}
    published = amendment_pages(pageset, lang)
    found = []
    for rel, page in pageset.of(lang).items():
        if rel.startswith(f"{FOLDER}/"):
            continue
        for entry in page.meta.get("history") or []:
            version = str(entry["version"])
            found.append(Revision(rel, str(page.meta.get("title", rel)), version, entry.get("date"),
                                  str(entry["change"]), published.get((rel, version))))
    return sorted(found, key=lambda r: (_neg(r.date or ""), _neg_version(r.version), order.get(r.rel, len(order)), r.rel))


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text) + (1,)


def _neg_version(version: str) -> tuple[int, ...]:
    return tuple(-int(p) for p in version.split("."))


def history_page(pageset: PageSet, lang: str, page_url: str) -> str:
    """Markdown of the site-wide revision history table (the page's own text comes first)."""
    w = versioning(lang)
    label = labels()[lang]
    href = get_relative_url(lang_prefix(lang) + FEED, page_url)  # written by the build, not a source page
    feed = f'<a class="feed-link" href="{href}">{html_text(w["feed_link"])}</a>'
    # The wrapper shows each revision as a stacked block on a phone, as a page's own history does
    # (extra.css .history-table): five columns on a 360 px screen left 3 or 4 characters a line.
    lines = [w["site_history_intro"].format(feed=feed), "", '<div class="history-table" markdown>', "",
             f"| {label['history_date']} | {w['site_history_document']} | {label['history_version']} "
             f"| {label['history_change']} | {w['amend_link']} |",
             "|---|---|---|---|---|"]
    for rev in revisions(pageset, lang):
        version = label["version_value"].format(version=rev.version)
        date = format_date(rev.date, lang) if rev.date else label["undecided"]
        link = f"[{w['amend_link']}]({rev.amendment})" if rev.amendment else w["amend_none"]
        lines.append(f"| {md_text(date)} | [{md_text(rev.title)}]({rev.rel}#history) | {md_text(version)} "
                     f"| {md_text(rev.change)} | {link} |")
    return "\n".join([*lines, "", "</div>"])


def _url(rel: str) -> str:
    """The address of a page inside its language (``guideline/risk.md`` → ``guideline/risk/``)."""
    stem = rel[:-3]
    if stem == "index":
        return ""
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


def _timestamp(date: str | None) -> str:
    """An RFC 3339 time for a date of known precision (midnight in Japan; the 1st when only the month is known)."""
    if not date:
        return "1970-01-01T00:00:00+09:00"
    year, month, day = parse_partial(date)
    return f"{year:04d}-{month:02d}-{day or 1:02d}T00:00:00+09:00"


def lang_prefix(lang: str) -> str:
    """Folder of a language in the built site ("" for the default language)."""
    return "" if lang == load_site().default_language else f"{lang}/"


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


def head_link(page_url: str, lang: str) -> str:
    """The ``<link rel="alternate">`` that lets feed readers find the language's feed."""
    href = get_relative_url(lang_prefix(lang) + FEED, page_url)
    title = html_text(versioning(lang)["feed_link"])
    return f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">'
