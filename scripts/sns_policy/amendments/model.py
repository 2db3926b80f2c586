"""The 新旧対照表 and revisions read from the pages: where each comparison is published, and every
revision of every document, from the ``history`` entries of front matter.

The site-wide 改定履歴 page, its Atom feed and each document's own revision table all come from those
entries (``render.py``, ``build.py``), so the three can never disagree; a revision links to its
新旧対照表 when one is published.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from sns_policy.sources.pages import PageSet
from sns_policy.site import load_site

FEED = "feed.xml"


FOLDER = "amendments"


def slug(rel: str) -> str:
    """``guideline/risk.md`` → ``guideline-risk``: one flat folder of comparisons per language."""
    return rel[:-3].replace("/", "-")


def page_path(rel: str, version: str) -> str:
    """Where the comparison that brought ``rel`` to ``version`` is published, inside a language."""
    return f"{FOLDER}/{slug(rel)}-{version}.md"


def document_of(comparison_rel: str, documents_of_language: list[str]) -> str | None:
    """The document (``policy.md``) a comparison (``amendments/policy-1.3.md``) belongs to, among a language's documents."""
    for rel in documents_of_language:
        head = f"{FOLDER}/{slug(rel)}-"
        rest = comparison_rel[len(head):-3] if comparison_rel.startswith(head) and comparison_rel.endswith(".md") else ""
        if rest and all(part.isdigit() for part in rest.split(".")):
            return rel
    return None


def documents(pageset: Any, lang: str) -> list[str]:
    """Pages of a language that keep a revision history (their paths inside the language)."""
    return sorted(rel for rel, page in pageset.of(lang).items()
                  if not rel.startswith(f"{FOLDER}/") and page.meta.get("history"))




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


def _url(rel: str) -> str:
    """The address of a page inside its language (``guideline/risk.md`` → ``guideline/risk/``)."""
    stem = rel[:-3]
    if stem == "index":
        return ""
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


def lang_prefix(lang: str) -> str:
    """Folder of a language in the built site ("" for the default language)."""
    return "" if lang == load_site().default_language else f"{lang}/"
