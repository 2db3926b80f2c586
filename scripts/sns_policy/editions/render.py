"""The parts made for PDF editions: the link a document page shows, and the HTML an edition is printed from.

The edition's HTML is the pages the build wrote (their articles, in order), under a cover with the
version, status and dates of the document header, with the revision history at the end and the
print stylesheet (A4, margins) of :data:`CSS`.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from sns_policy.content.escape import html_text
from sns_policy.content.words import versioning
from sns_policy.editions.model import Edition, edition_of, pdf_path, section_title
from sns_policy.site import load_site

if TYPE_CHECKING:  # the build imports this module for its links; only the PDF run reads pages
    from bs4 import Tag


def link(rel: str, lang: str, page_url: str, available: bool = True) -> str:
    """The link to the PDF edition a document page belongs to ("" for other pages).

    When this build cannot print it, a sentence says so instead of a link to nothing.
    """
    from mkdocs.utils import get_relative_url

    edition = edition_of(rel)
    if edition is None:
        return ""
    if not available:
        return f'<p class="pdf-edition" data-search-exclude>{html_text(versioning(lang)["pdf_not_made"])}</p>'
    href = get_relative_url(pdf_path(edition, lang), page_url)
    return (f'<p class="pdf-edition" data-search-exclude><a href="{html_text(href)}">'
            f'{html_text(versioning(lang)["pdf_link"])}</a></p>')


def _built_page(site_dir: Path, lang: str, rel: str) -> Path:
    prefix = "" if lang == load_site().default_language else f"{lang}/"
    stem = rel[:-3]
    folder = stem[: -len("index")] if stem.endswith("index") else stem + "/"
    return site_dir / prefix / folder / "index.html"


def _article(path: Path) -> tuple[Tag, str]:
    """The page's article and its public address (for making its links absolute)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    canonical = soup.select_one('link[rel="canonical"]')
    return soup.select_one("article.md-content__inner"), canonical["href"] if canonical else ""


def _take_history(article: Tag) -> list[Tag]:
    """Remove the page's revision-history section and return it."""
    heading = article.find(id="history")
    if heading is None:
        return []
    taken = [heading]
    for sibling in list(heading.find_next_siblings()):
        if sibling.name in ("h1", "h2") or "last-updated" in (sibling.get("class") or []):
            break
        taken.append(sibling)
    for tag in taken:
        tag.extract()
    return taken


def _clean(article: Tag, base: str) -> None:
    """Drop what only works on screen, open every folded block, and make links absolute so
    they work from paper too."""
    for tag in article.select("a.headerlink, .md-source-file, .pdf-edition, .md-content__button, form, script, input"):
        tag.decompose()
    for tag in article.find_all(href=True):
        if not tag["href"].startswith("#"):
            tag["href"] = urljoin(base, tag["href"])
    for tag in article.find_all(src=True):
        tag["src"] = urljoin(base, tag["src"])
    # Paper cannot be clicked open: a folded note (such as the policy's draft status) prints open.
    for box in article.find_all("details"):
        box["open"] = ""


CSS = """
@page { size: A4; margin: 20mm 18mm 18mm 18mm; }
html { font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; font-size: 10.5pt; line-height: 1.7; color: #000; }
h1 { font-size: 18pt; margin: 0 0 8mm; }
h2 { font-size: 13pt; border-bottom: 1px solid #444; margin-top: 8mm; break-after: avoid; }
h3 { font-size: 11pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 3mm 0; font-size: 9.5pt; }
th, td { border: 1px solid #666; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
tr { break-inside: avoid; }
.admonition, details { border-left: 3px solid #666; padding: 1mm 4mm; margin: 3mm 0; }
.admonition-title, summary { font-weight: bold; }
.cover { break-after: page; padding-top: 50mm; }
.cover h1 { font-size: 22pt; }
.cover .edition { font-size: 12pt; margin-bottom: 12mm; }
.doc-header { display: grid; grid-template-columns: max-content 1fr; gap: 2mm 6mm; font-size: 11pt; }
.doc-header div { display: contents; }
.doc-header dt { font-weight: bold; }
.doc-header dd { margin: 0; }
.cover .source { margin-top: 20mm; font-size: 9pt; }
.chapter { break-before: page; }
.chapter:first-of-type { break-before: auto; }
.history { break-before: page; }
.last-updated { font-size: 9pt; color: #333; }
.amend-line, .amend-heading { display: block; }
a { color: #000; }
"""


def edition_html(site_dir: Path, edition: Edition, lang: str) -> str:
    """One HTML document: cover, the pages' text, then every page's revision history."""
    w = versioning(lang)
    chapters, histories, cover_header, title, first_url = [], [], "", "", ""
    for index, rel in enumerate(r for r in edition.pages if _built_page(site_dir, lang, r).exists()):
        article, base = _article(_built_page(site_dir, lang, rel))
        _clean(article, base)
        history = _take_history(article)
        h1 = article.find("h1")
        if index == 0:
            title, first_url = h1.get_text(" ", strip=True), base
            if len(edition.pages) > 1:
                title = section_title(rel, lang) or title
            header = article.select_one(".doc-header")
            cover_header = str(header) if header else ""
            note = article.select_one(".translation-note")
            cover_header += str(note) if note else ""
        for box in article.select(".doc-summary"):  # the folded status line: the cover states it in full
            box.decompose()
        if history:
            histories.append(f'<section><h3>{html_text(h1.get_text(" ", strip=True))}</h3>'
                             + "".join(str(t) for t in history[1:]) + "</section>")
        chapters.append(f'<section class="chapter">{article.decode_contents()}</section>')
    cover = (f'<section class="cover"><h1>{html_text(title)}</h1>'
             f'<p class="edition">{html_text(w["pdf_edition"])}</p>{cover_header}'
             f'<p class="source">{html_text(w["pdf_source"])} <a href="{html_text(first_url)}">{html_text(first_url)}</a></p></section>')
    history = f'<section class="history"><h2>{html_text(w["pdf_history"])}</h2>{"".join(histories)}</section>'
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html_text(title)}</title>'
            f"<style>{CSS}</style></head><body>{cover}{''.join(chapters)}{history}</body></html>")
