"""The PDF editions: made by the build, they exist, open, say what the pages say in the
characters written, embed their fonts, show the version on the cover, and are tagged
(structure tree, language, title, bookmarks) for screen readers."""
from __future__ import annotations

import asyncio
import contextlib
import inspect
import io
import re
import sys
from pathlib import Path

import pypdf
import pytest
from pypdf import PdfReader

from sns_policy import kept

from sns_policy.sources.markdown_ids import headings
from sns_policy.sources.pages import load_pages
from sns_policy.content.words import versioning
from sns_policy.editions.model import editions, pdf_path

EDITIONS = [(e.name, lang) for e in editions() for lang in ("ja", "en")]


def _text(reader: PdfReader, page: int | None = None) -> str:
    """Extracted text without the layout's spaces and line breaks; characters as extracted."""
    pages = reader.pages if page is None else [reader.pages[page]]
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pages))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _outline(items) -> list[str]:
    titles = []
    for item in items:
        titles += _outline(item) if isinstance(item, list) else [item.title]
    return titles


# What the checks read of a PDF depends only on its bytes (and pypdf and this reading): it is kept
# by them (scripts/sns_policy/kept.py), so an edition that was not printed again is not read again either.
READ = kept.Store("pdf-checks")
_READER = inspect.getsource(_text) + inspect.getsource(_outline)


def pdf_facts(path: Path) -> dict:
    """Everything the edition checks look at, read once per PDF's bytes."""
    data = path.read_bytes()
    item = kept.key("pdf-facts", data, pypdf.__version__, _READER, inspect.getsource(_read_facts))
    facts = READ.read_json(item)
    if facts is None:
        facts = _read_facts(PdfReader(io.BytesIO(data)))
        READ.write_json(item, facts)
    return facts


def _read_facts(reader: PdfReader) -> dict:
    first = reader.pages[0]
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            named = font.get("/BaseFont", font.get("/Name"))
            fonts[str(named) if named is not None else f"(unnamed font {id(font)})"] = font
    fonts = {name if not name.startswith("(unnamed") else f"(unnamed font {n})": font for n, (name, font) in enumerate(fonts.items())}
    embedded = {}
    for name, font in fonts.items():
        descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
        embedded[name] = any("/CharProcs" in d or any(k in (d.get("/FontDescriptor") or {}) for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                             for d in descendants)
    root = reader.trailer["/Root"]
    return {
        "size": [float(first.mediabox.width), float(first.mediabox.height)],
        "pages": [_text(reader, i) for i in range(len(reader.pages))],
        "first_raw": first.extract_text(),
        "tagged": "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"]),
        "lang": str(root["/Lang"]),
        "doc_title_shown": bool(root["/ViewerPreferences"]["/DisplayDocTitle"]),
        "title": str(reader.metadata.title or ""),
        "bookmarks": _outline(reader.outline),
        "fonts": embedded,
    }


@pytest.mark.parametrize("name,lang", EDITIONS)
def test_pdf_edition(site: Path, name: str, lang: str) -> None:
    path = site / pdf_path(name, lang)
    assert path.exists(), f"{pdf_path(name, lang)} was not made"
    facts = pdf_facts(path)
    width, height = facts["size"]
    assert abs(width - 595) < 2 and abs(height - 842) < 2, "A4"
    pageset, _ = load_pages()
    edition = next(e for e in editions() if e.name == name)
    document = pageset.of(lang)[edition.pages[0]]
    cover = facts["pages"][0]
    version = str(document.meta["version"])
    assert version in cover, f"version {version} not on the cover"
    text = "".join(facts["pages"])
    for rel in edition.pages:
        for heading in headings(pageset.of(lang)[rel].body):
            assert _flat(heading.title) in text, f"{name}-{lang}: heading {heading.title!r} missing"
    assert "1/" in cover.replace(" ", "") or "1 /" in facts["first_raw"], "page numbers"
    change = _flat(document.meta["history"][-1]["change"])
    # The histories follow the text from a page of their own; a long document's run over several pages.
    heading = _flat(versioning(lang)["pdf_history"])
    start = max(i for i, page in enumerate(facts["pages"]) if heading in page)
    assert start > 0 and change[:20] in "".join(facts["pages"][start:]), "revision history at the end"
    assert not re.search("[\u2027\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb06]", text), \
        "text extracts as written (石, not the radical ⽯; ff, not the ligature ﬀ)"
    assert facts["tagged"], "a tagged PDF"
    assert facts["lang"] == lang, "document language"
    assert facts["doc_title_shown"] and facts["title"], "title shown, not the file name"
    for rel in edition.pages:
        for heading in headings(pageset.of(lang)[rel].body):
            assert heading.title in facts["bookmarks"], f"{name}-{lang}: no bookmark {heading.title!r}"
    assert facts["fonts"]
    for font, embedded in facts["fonts"].items():
        assert embedded, f"font {font} is not embedded"


def test_a_pdf_is_read_again_only_when_its_bytes_change(site: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = tmp_path / "policy.pdf"
    copy.write_bytes((site / pdf_path("policy", "ja")).read_bytes())
    read = []
    real = _read_facts
    monkeypatch.setattr(sys.modules[__name__], "_read_facts", lambda reader: read.append(1) or real(reader))
    first = pdf_facts(copy)
    assert pdf_facts(copy) == first and len(read) == 1
    copy.write_bytes(copy.read_bytes() + b"\n%one byte more\n")
    assert pdf_facts(copy) == first and len(read) == 2, "changed bytes are read again"


def test_documents_link_their_pdf(site: Path) -> None:
    from bs4 import BeautifulSoup

    for page, target in (("policy/index.html", "../pdf/policy-ja.pdf"),
                         ("guideline/risk/index.html", "../../pdf/guideline-ja.pdf"),
                         ("en/policy/index.html", "../../pdf/policy-en.pdf")):
        link = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser").select_one(".pdf-edition a")
        assert link is not None and link["href"] == target, page


def test_to_unicode_names_characters_as_written() -> None:
    """The fix of Chromium's character map, on a map that names radicals, a ligature and a range."""
    from sns_policy.editions.build import _fix_to_unicode, _recount

    cmap = "2 beginbfchar\n<01> <2F6F>\n<02> <FB00>\nendbfchar\n1 beginbfrange\n<10> <11> <2EA0>\nendbfrange"
    fixed = _recount(_fix_to_unicode(cmap))
    assert "<01> <77F3>" in fixed and "<02> <00660066>" in fixed, fixed
    assert "<10> <6C11>" in fixed and "2F6F" not in fixed and "FB00" not in fixed, fixed


def test_without_chromium_pages_say_so_and_a_release_stops(project_copy: Path, tmp_path: Path, monkeypatch) -> None:
    """Never a link to a PDF this build did not write."""
    from bs4 import BeautifulSoup

    from tests.conftest import PUBLIC_SITE_URL, run_build

    monkeypatch.setenv("CHROMIUM", "/nonexistent/chromium")
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert "PDF editions are not made" in result.output and not (tmp_path / "site" / "pdf").exists()
    page = BeautifulSoup((tmp_path / "site" / "policy" / "index.html").read_text(encoding="utf-8"), "html.parser")
    note = page.select_one(".pdf-edition")
    assert note is not None and note.select_one("a") is None and "PDF" in note.get_text()
    monkeypatch.setenv("SITE_RELEASE", "1")
    release = run_build(project_copy, tmp_path / "release", site_url=PUBLIC_SITE_URL)
    assert release.returncode != 0 and "Traceback" not in release.output
    assert "SITE_RELEASE" in release.output and "Chromium is not installed" in release.output


def test_an_unchanged_edition_is_not_printed_again(site: Path, tmp_path: Path, monkeypatch) -> None:
    """`mkdocs serve` rebuilds on every save: only an edition whose printed HTML changed is printed."""
    import shutil

    from sns_policy.editions import build as pdf

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    printed: list[str] = []

    def fake_print(jobs):
        for target, _, _, _, key in jobs:
            printed.append(target.name)
            pdf._printed[key] = b"%PDF-1.7 reprinted"

    monkeypatch.setattr(pdf, "_print", fake_print)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(pdf, "_printed", {})
    pdf.write_pdfs(copy)
    assert sorted(printed) == sorted(p.name for p in (site / "pdf").glob("*.pdf")), "a cold cache prints every edition"
    printed.clear()
    made = []
    real_edition_html = pdf.edition_html
    monkeypatch.setattr(pdf, "edition_html", lambda *args: made.append(args[1].name) or real_edition_html(*args))
    pdf.write_pdfs(copy)
    assert printed == [], "nothing changed: nothing printed"
    assert made == [], "nothing changed: no edition's HTML is even made (it parses every page)"
    page = copy / "policy" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "</h1><p>changed</p>", 1), encoding="utf-8")
    pdf.write_pdfs(copy)
    assert printed == ["policy-ja.pdf"], printed
    assert made == ["policy"], made
    # Around the article (the menu, the header): not printed, so nothing is printed again.
    printed.clear()
    page.write_text(page.read_text(encoding="utf-8").replace("<article ", '<nav><a href="/new-plan/">New</a></nav><article ', 1), encoding="utf-8")
    pdf.write_pdfs(copy)
    assert printed == [], "a change outside the article printed an edition again"
    # The page's address is printed on the cover: a new address prints it again.
    page.write_text(page.read_text(encoding="utf-8").replace('<link rel="canonical" href="', '<link rel="canonical" href="https://moved.example', 1), encoding="utf-8")
    pdf.write_pdfs(copy)
    assert printed == ["policy-ja.pdf"], printed


def test_an_edition_is_keyed_by_its_whole_page_when_the_article_is_not_found() -> None:
    from sns_policy.editions.build import _printed_part

    page = '<html><link rel="canonical" href="https://x.example/"><nav>menu</nav><article class="md-content__inner md-typeset">text</article></html>'
    assert _printed_part(page) == '<link rel="canonical" href="https://x.example/"><article class="md-content__inner md-typeset">text</article>'
    assert _printed_part("<html><main>text</main></html>") == "<html><main>text</main></html>"


def test_editions_print_in_a_process_that_already_drives_a_browser() -> None:
    """A build run inside a test session whose browser is open (an asyncio loop runs in this
    thread) still prints; printing in the calling thread, as before, is refused by Playwright."""
    from playwright.sync_api import Error, sync_playwright

    from sns_policy.editions import build as pdf

    job = (Path("unused.pdf"), '<html lang="ja"><title>試し</title><h1>見出し</h1></html>', "ja", None, "in-a-browser-session")
    pdf._printed.pop(job[-1], None)
    try:  # on a worker that ran a browser test before, the session's browser keeps a loop running already
        asyncio.get_running_loop()
        driving = contextlib.nullcontext()
    except RuntimeError:
        driving = sync_playwright()
    with driving:
        with pytest.raises(Error, match="asyncio loop"):
            pdf._print([job])
        pdf._print_in_own_thread([job])
    assert pdf._printed.pop(job[-1]).startswith(b"%PDF")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_policy_pdf_prints_its_folded_notes_open(site: Path, lang: str) -> None:
    """Issue 30 (D3): the policy's folded note says the text is a draft the City has not decided;
    paper cannot be clicked open, so every folded note of the page must be in the printed text."""
    from bs4 import BeautifulSoup

    page = site / ("en/" if lang == "en" else "") / "policy" / "index.html"
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    notes = [d for d in article.find_all("details") if "doc-summary" not in (d.get("class") or [])
             and not d.find_parent(class_="doc-summary")]
    assert notes, "the policy has a folded note (its draft status)"
    # The edition's text as test_pdf_edition reads it, kept by the PDF's bytes (``pdf_facts``): the
    # same characters as _text of the whole reader, since spaces are taken out page by page either way.
    text = "".join(pdf_facts(site / pdf_path("policy", lang))["pages"])
    for note in notes:
        body = "".join(p.get_text() for p in note.find_all("p"))
        assert _flat(body)[:40] in text, f"folded note {note.summary.get_text()!r} is missing from the PDF"


def test_a_closed_note_is_opened_for_paper() -> None:
    from bs4 import BeautifulSoup

    from sns_policy.editions.render import _clean

    article = BeautifulSoup('<article><details><summary>この運用方針について</summary><p>案です。</p></details></article>',
                            "html.parser").article
    _clean(article, "https://example.org/policy/")
    assert article.details.has_attr("open")
