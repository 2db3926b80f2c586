"""The PDF editions: they exist, open, say what the pages say, embed their fonts, and
show the version on the cover."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from scripts.markdown_ids import headings
from scripts.pages import load_pages
from scripts.amendments import words
from scripts.pdf import editions, pdf_path

EDITIONS = [(e.name, lang) for e in editions() for lang in ("ja", "en")]


def _text(reader: PdfReader, page: int | None = None) -> str:
    """Extracted text, normalised: the font shares one glyph between 石 and the radical ⽯, and
    between ・ and ‧, and Chromium's text map names the first; NFKC undoes the radicals."""
    pages = reader.pages if page is None else [reader.pages[page]]
    text = "".join(p.extract_text() for p in pages).replace("\u2027", "・")
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("\n", "")


def _flat(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "")


@pytest.mark.parametrize("name,lang", EDITIONS)
def test_pdf_edition(site: Path, name: str, lang: str) -> None:
    path = site / pdf_path(name, lang)
    assert path.exists(), f"{pdf_path(name, lang)} was not made"
    reader = PdfReader(path)
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert abs(width - 595) < 2 and abs(height - 842) < 2, "A4"
    pageset, _ = load_pages()
    edition = next(e for e in editions() if e.name == name)
    document = pageset.of(lang)[edition.pages[0]]
    cover = _text(reader, 0)
    version = str(document.meta["version"])
    assert version in cover, f"version {version} not on the cover"
    text = _text(reader)
    for rel in edition.pages:
        for heading in headings(pageset.of(lang)[rel].body):
            assert _flat(heading.title) in text, f"{name}-{lang}: heading {heading.title!r} missing"
    assert "1/" in _text(reader, 0).replace(" ", "") or "1 /" in reader.pages[0].extract_text(), "page numbers"
    change = _flat(document.meta["history"][-1]["change"])
    # The histories follow the text from a page of their own; a long document's run over several pages.
    heading = _flat(words(lang)["pdf_history"])
    start = max(i for i in range(len(reader.pages)) if heading in _text(reader, i))
    assert start > 0 and change[:20] in "".join(_text(reader, i) for i in range(start, len(reader.pages))), "revision history at the end"
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts[font.get("/BaseFont", font.get("/Name", id(font)))] = font
    assert fonts
    for font in fonts.values():
        descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
        embedded = any("/CharProcs" in d or any(k in (d.get("/FontDescriptor") or {}) for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                       for d in descendants)
        assert embedded, f"font {font.get('/BaseFont')} is not embedded"


def test_documents_link_their_pdf(site: Path) -> None:
    from bs4 import BeautifulSoup

    for page, target in (("policy/index.html", "../pdf/policy-ja.pdf"),
                         ("guideline/risk/index.html", "../../pdf/guideline-ja.pdf"),
                         ("en/policy/index.html", "../../pdf/policy-en.pdf")):
        link = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser").select_one(".pdf-edition a")
        assert link is not None and link["href"] == target, page
