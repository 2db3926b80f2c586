"""PDF editions of the operating policy and the staff guideline, in every language.

``python -m scripts.pdf`` builds the site (``mkdocs build --strict`` into ``site/``)
and prints each edition into ``site/pdf/<document>-<lang>.pdf``; ``python -m
scripts.pdf SITE_DIR`` adds them to a site already built. The test command does
this for the site it tests, so the documents' PDF links are checked like any other.

The PDFs are printed by Debian's Chromium (through Playwright, which the browser
tests use already) from the pages the build made from the Markdown, so the PDF says
exactly what the site says: a cover with the version, status and dates of the
document header, the text (the guideline's pages in menu order), page numbers, and
the revision history at the end. A4, with the Noto CJK fonts embedded. They are made
outside ``mkdocs build`` because a browser takes seconds (too slow for ``mkdocs
serve``), and their metadata dates are set from git so two runs give the same file.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import yaml

from scripts.amendments import words
from scripts.gitinfo import JST, repo
from scripts.site import ROOT, load_site

if TYPE_CHECKING:  # the build imports this module for its links; only the PDF run reads pages
    from bs4 import Tag

FOLDER = "pdf"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@dataclass(frozen=True)
class Edition:
    """One printed document: its name in file names and the pages it is made of, in order."""

    name: str
    pages: tuple[str, ...]


def editions() -> list[Edition]:
    """The policy (one page) and the guideline (every page of its menu section, in menu order)."""
    nav = load_site().nav_files
    return [Edition("policy", ("policy.md",)),
            Edition("guideline", tuple(f for f in nav if f.startswith("guideline/")))]


def section_title(rel: str, lang: str) -> str | None:
    """The menu title of the nav section holding ``rel`` in ``lang`` (mkdocs.yml), for a multi-page edition."""
    from scripts.site import _ConfigLoader

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    translations: dict[str, str] = {}
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"].get("languages", []):
                if language.get("locale") == lang:
                    translations = language.get("nav_translations") or {}
    for item in config.get("nav", []):
        if isinstance(item, dict):
            for name, children in item.items():
                if isinstance(children, list) and rel in children:
                    return translations.get(name, name)
    return None


def pdf_path(edition: str, lang: str) -> str:
    """Where an edition is published, inside the built site."""
    return f"{FOLDER}/{edition}-{lang}.pdf"


def edition_of(rel: str) -> str | None:
    """The edition a page belongs to (so its page can link the PDF), if any."""
    return next((e.name for e in editions() if rel in e.pages), None)


def link(rel: str, lang: str, page_url: str) -> str:
    """The link to the PDF edition a document page belongs to ("" for other pages)."""
    from mkdocs.utils import get_relative_url

    edition = edition_of(rel)
    if edition is None:
        return ""
    href = get_relative_url(pdf_path(edition, lang), page_url)
    return (f'<p class="pdf-edition"><a href="{html.escape(href)}">'
            f'{html.escape(words(lang)["pdf_link"])}</a></p>')


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
    """Drop what only works on screen; make links absolute so they work from paper too."""
    for tag in article.select("a.headerlink, .md-source-file, .pdf-edition, .md-content__button, form, script, input"):
        tag.decompose()
    for tag in article.find_all(href=True):
        if not tag["href"].startswith("#"):
            tag["href"] = urljoin(base, tag["href"])
    for tag in article.find_all(src=True):
        tag["src"] = urljoin(base, tag["src"])


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
    w = words(lang)
    chapters, histories, cover_header, title, first_url = [], [], "", "", ""
    for index, rel in enumerate(edition.pages):
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
        if history:
            histories.append(f'<section><h3>{html.escape(h1.get_text(" ", strip=True))}</h3>'
                             + "".join(str(t) for t in history[1:]) + "</section>")
        chapters.append(f'<section class="chapter">{article.decode_contents()}</section>')
    cover = (f'<section class="cover"><h1>{html.escape(title)}</h1>'
             f'<p class="edition">{html.escape(w["pdf_edition"])}</p>{cover_header}'
             f'<p class="source">{html.escape(w["pdf_source"])} <a href="{html.escape(first_url)}">{html.escape(first_url)}</a></p></section>')
    history = f'<section class="history"><h2>{html.escape(w["pdf_history"])}</h2>{"".join(histories)}</section>'
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}</style></head><body>{cover}{''.join(chapters)}{history}</body></html>")


def _source_date(edition: Edition) -> dt.datetime | None:
    """The last commit that changed any page of the edition, in any language (None without git)."""
    git = repo()
    docs = load_site().docs_dir.relative_to(ROOT).as_posix()
    changes = git.last_changes(docs)
    dates = [c.date for lang in load_site().languages for rel in edition.pages
             if (c := changes.get(f"{docs}/{lang}/{rel}"))]
    return max(dates) if dates else None


def _reproducible(path: Path, title: str, lang: str, when: dt.datetime | None) -> None:
    """Set the PDF's metadata from the sources, not from the moment it was printed."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(path))
    stamp = (when or dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)).astimezone(JST).strftime("D:%Y%m%d%H%M%S+09'00'")
    writer.add_metadata({"/Title": title, "/CreationDate": stamp, "/ModDate": stamp, "/Lang": lang,
                         "/Producer": "Chromium (Playwright) and pypdf", "/Creator": "python -m scripts.pdf"})
    writer._ID = None  # noqa: SLF001 - derive the id from the content, not the clock
    with path.open("wb") as out:
        writer.write(out)


def write_pdfs(site_dir: Path) -> list[Path]:
    """Print every edition in every language into ``site_dir/pdf/``; returns the files."""
    from playwright.sync_api import sync_playwright

    written = []
    out = site_dir / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM,
                                       args=["--no-sandbox", "--disable-background-networking"])
        page = browser.new_page()
        # Nothing may be fetched from anywhere while printing: the page is self-contained.
        page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("data:") else route.continue_())
        for edition in editions():
            when = _source_date(edition)
            for lang in load_site().languages:
                page.set_content(edition_html(site_dir, edition, lang), wait_until="load")
                page.evaluate("document.fonts.ready")
                target = site_dir / pdf_path(edition.name, lang)
                footer = ('<div style="font-size:8pt;width:100%;text-align:center;font-family:sans-serif">'
                          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
                page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
                         header_template="<div></div>", footer_template=footer,
                         margin={"top": "20mm", "bottom": "18mm", "left": "18mm", "right": "18mm"})
                _reproducible(target, page.title(), lang, when)
                written.append(target)
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """Build the site unless given one, then print the PDF editions into it."""
    parser = argparse.ArgumentParser(prog="python -m scripts.pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", nargs="?", help="a site built by mkdocs (default: build into site/)")
    args = parser.parse_args(argv)
    site_dir = Path(args.site_dir) if args.site_dir else ROOT / "site"
    if not args.site_dir:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                                cwd=ROOT, env=env, check=False)
        if result.returncode:
            return result.returncode
    for path in write_pdfs(site_dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
