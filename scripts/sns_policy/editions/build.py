"""PDF editions of the operating policy and the staff guideline, in every language.

``mkdocs build`` (and so ``mkdocs serve`` and the deploy) prints each edition into
``pdf/<document>-<lang>.pdf`` of the site it builds, after every page is written: one
build makes the whole site, and no page links to a file its build did not write.
Without Chromium the pages say in a sentence that the PDF edition is not made in this
copy (never a dead link), and a release build (``SITE_RELEASE=1``) stops.

The PDFs are printed by Debian's Chromium (through Playwright, which the browser
tests use already) from the pages the build made from the Markdown, so the PDF says
exactly what the site says: a cover with the version, status and dates of the
document header, the text (the guideline's pages in menu order), page numbers, and
the revision history at the end. A4, with the Noto CJK fonts embedded. They are
tagged PDFs (a structure tree a screen reader follows, the document language, the
title shown instead of the file name, bookmarks from the headings), because a public
body's PDFs fall under the same accessibility rules as its pages. A browser takes
seconds, so an edition whose pages have not changed is not printed again: it is kept by
the hash of what it is made from, in memory for ``mkdocs serve`` and in the user's cache
folder for later builds. Metadata dates come from git, so two runs give the same file.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any, Callable

from sns_policy import kept
from sns_policy.content.words import versioning
from sns_policy.editions.model import FOLDER, Edition, editions, pdf_path
from sns_policy.editions.render import _built_page, edition_html
from sns_policy.history.gitinfo import JST, repo
from sns_policy.site import config_file, load_site

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Every room of this package: what an edition is printed from, so a change to any of them prints again.
_SELF = "".join(path.read_text(encoding="utf-8") for path in sorted(Path(__file__).parent.glob("*.py")))
# Printed editions by the hash of what they are made from: `mkdocs serve` re-prints only a changed one.
# Bounded: each edition in each language, a few builds over (an edition is a few hundred kilobytes).
_printed = kept.Memo("editions.build.printed", 32, per_build=False)
# The same, between builds: the project's one cache of results kept by their inputs (scripts/sns_policy/kept.py).
STORE = kept.Store("pdf", ".pdf")


def unavailable_reason() -> str | None:
    """Why this machine cannot print the PDF editions (None when it can)."""
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        return f"Chromium is not installed ({CHROMIUM}); install Debian's chromium package (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the Playwright package is not installed (bash scripts/setup.sh installs it)"
    return None


def _source_date(edition: Edition) -> dt.datetime | None:
    """The last commit that changed any page of the edition, in any language (None without git)."""
    git = repo()
    try:
        docs = load_site().docs_dir.resolve().relative_to(git.root.resolve()).as_posix()
    except ValueError:  # sources outside this repository: no history to date them by
        return None
    changes = git.last_changes(docs)
    dates = [c.date for lang in load_site().languages for rel in edition.pages
             if (c := changes.get(f"{docs}/{lang}/{rel}"))]
    return max(dates) if dates else None


_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def _as_written(codes: str) -> str:
    """A ToUnicode destination as the text was written: Chromium names a glyph that a
    CJK font shares between a radical and an ideograph (⽯ and 石) or a ligature (ﬀ)
    by the first code point it finds, so copied or read-aloud text would differ."""
    text = bytes.fromhex(codes).decode("utf-16-be", errors="replace")
    fixed = "".join(_RADICALS.get(ch) or (unicodedata.normalize("NFKC", ch) if _SHARED_GLYPH.match(ch) else ch) for ch in text)
    return fixed.encode("utf-16-be").hex().upper() if fixed != text else codes


# CJK Radicals Supplement forms that Japanese fonts draw with an ideograph's glyph; Unicode
# gives them no decomposition (its EquivalentUnifiedIdeograph data lists them).
_RADICALS = {"\u2e8c": "\u5c0f", "\u2e8d": "\u5c0f", "\u2e95": "\u5f50", "\u2e9c": "\u65e5", "\u2e9f": "\u6bcd",
             "\u2ea0": "\u6c11", "\u2ea4": "\u722b", "\u2ea6": "\u4e2c", "\u2eab": "\u76ee", "\u2eb6": "\u7f8a",
             "\u2eb7": "\u7f8a", "\u2ebc": "\u8089", "\u2ec1": "\u864e", "\u2ec4": "\u897f", "\u2ec6": "\u89d2",
             "\u2ecc": "\u8fb6", "\u2ecd": "\u8fb6", "\u2ed1": "\u9577", "\u2ed8": "\u9752", "\u2edd": "\u98df",
             "\u2ee0": "\u9963", "\u2ee4": "\u9b3c", "\u2ee8": "\u9ea6", "\u2ee9": "\u9ec4", "\u2eeb": "\u6589",
             "\u2eed": "\u6b6f", "\u2eef": "\u7adc", "\u2ef2": "\u4e80",
             "\u2027": "\u30fb"}  # the hyphenation point shares the katakana middle dot's glyph
# Kangxi and CJK radicals, CJK compatibility ideographs and Latin ligatures.
_SHARED_GLYPH = re.compile("[\u2027\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb06]")


def _fix_to_unicode(stream_text: str) -> str:
    """Every character-map destination as written (see :func:`_as_written`)."""
    out = []
    section = None
    for line in stream_text.split("\n"):
        stripped = line.strip()
        if stripped.endswith(("beginbfchar", "beginbfrange")):
            section = stripped.split()[-1]
        elif stripped in ("endbfchar", "endbfrange"):
            section = None
        elif section == "beginbfchar":
            codes = _HEX.findall(line)
            if len(codes) == 2:
                line = f"<{codes[0]}> <{_as_written(codes[1])}>"
        elif section == "beginbfrange":
            codes = _HEX.findall(line)
            if len(codes) == 3 and "[" not in line:
                low, high, start = int(codes[0], 16), int(codes[1], 16), int(codes[2], 16)
                targets = [f"{start + i:04X}" for i in range(high - low + 1)]
                if any(_as_written(t) != t for t in targets):  # write the range as single entries
                    width = len(codes[0])
                    line = "\n".join(f"<{low + i:0{width}X}> <{_as_written(t)}>" for i, t in enumerate(targets))
        out.append(line)
    return "\n".join(out)


def _written_text(writer: Any) -> None:
    """Make every font's character map say what was written (copy, search, screen readers)."""
    seen: set[int] = set()
    for page in writer.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            stream = font.get("/ToUnicode")
            if stream is None or id(stream.get_object()) in seen:
                continue
            stream = stream.get_object()
            seen.add(id(stream))
            text = stream.get_data().decode("latin-1")
            fixed = _fix_to_unicode(text)
            if "beginbfrange" in text and fixed.count("beginbfrange"):
                fixed = _recount(fixed)
            if fixed != text:
                stream.set_data(fixed.encode("latin-1"))


def _recount(cmap: str) -> str:
    """Entry counts of each ``n beginbfrange`` / ``n beginbfchar`` block after ranges were split."""
    lines, out, i = cmap.split("\n"), [], 0
    while i < len(lines):
        line = lines[i]
        match = re.match(r"^(\d+) (beginbfchar|beginbfrange)$", line.strip())
        if not match:
            out.append(line)
            i += 1
            continue
        end = "end" + match.group(2)[5:]
        j = i + 1
        body = []
        while j < len(lines) and lines[j].strip() != end:
            body.append(lines[j])
            j += 1
        singles = [b for b in body if len(_HEX.findall(b)) == 2]
        ranges = [b for b in body if len(_HEX.findall(b)) != 2]
        if match.group(2) == "beginbfrange" and singles:
            if ranges:
                out += [f"{len(ranges)} beginbfrange", *ranges, "endbfrange"]
            out += [f"{len(singles)} beginbfchar", *singles, "endbfchar"]
        else:
            out += [f"{len(body)} {match.group(2)}", *body, end]
        i = j + 1
    return "\n".join(out)


def _outline_as_written(writer: Any, headings: list[str]) -> None:
    """Bookmark titles as the headings are written: Chromium drops the space where a
    heading wrapped ("General" / "provisions" → "Generalprovisions")."""
    from pypdf.generic import NameObject, TextStringObject

    by_letters = {re.sub(r"\s+", "", h): h for h in headings}
    root = writer._root_object.get("/Outlines")  # noqa: SLF001
    stack = [root.get_object().get("/First")] if root is not None else []
    while stack:
        node = stack.pop()
        while node is not None:
            node = node.get_object()
            title = str(node.get("/Title", ""))
            wanted = by_letters.get(re.sub(r"\s+", "", title))
            if wanted and wanted != title:
                node[NameObject("/Title")] = TextStringObject(wanted)
            if node.get("/First") is not None:
                stack.append(node["/First"])
            node = node.get("/Next")


def _reproducible(data: bytes, title: str, lang: str, when: dt.datetime | None, headings: list[str] = ()) -> bytes:
    """Set the PDF's metadata from the sources, not from the moment it was printed:
    title (shown by readers instead of the file name) and document language; and make
    its text and bookmarks read as written."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    _written_text(writer)
    _outline_as_written(writer, list(headings))
    stamp = (when or dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)).astimezone(JST).strftime("D:%Y%m%d%H%M%S+09'00'")
    # /Creator still names this module's first home (scripts/pdf.py): it is in every published PDF's
    # bytes, and moving the module was not to change what readers download.
    writer.add_metadata({"/Title": title, "/CreationDate": stamp, "/ModDate": stamp,
                         "/Producer": "Chromium (Playwright) and pypdf", "/Creator": "mkdocs build (scripts/pdf.py)"})
    root = writer._root_object  # noqa: SLF001 - the catalog holds the language and viewer settings
    root[NameObject("/Lang")] = TextStringObject(lang)
    root[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    writer._ID = None  # noqa: SLF001 - derive the id from the content, not the clock
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_FOOTER = ('<div style="font-size:8pt;width:100%;text-align:center;font-family:sans-serif">'
           '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def write_pdfs(site_dir: Path, still_wanted: Callable[[], bool] = lambda: True) -> list[Path]:
    """Print every edition in every language into ``site_dir/pdf/``; returns the files.

    An edition whose HTML was printed before (this process, or the cache folder) is
    copied, not printed: the browser starts only when something changed. ``still_wanted``
    lets ``mkdocs serve`` drop a job that a newer build has overtaken before it writes.
    """
    jobs = []
    for edition in editions():
        when = _source_date(edition)
        for lang in load_site().languages:
            if not edition.pages or not _built_page(site_dir, lang, edition.pages[0]).exists():
                continue  # a site without this document (a test's small site) has no edition of it
            jobs.append((site_dir / pdf_path(edition.name, lang), edition, lang, when, _edition_key(site_dir, edition, lang, when)))
    for *_, key in jobs:
        if key not in _printed and (data := STORE.read(key)) is not None:
            _printed[key] = data
    todo = [(target, edition_html(site_dir, edition, lang), lang, when, key)
            for target, edition, lang, when, key in jobs if key not in _printed]
    if todo:
        _print_in_own_thread(todo)
        for *_, key in todo:
            STORE.write(key, _printed[key])
    if not still_wanted():
        return []
    (site_dir / FOLDER).mkdir(parents=True, exist_ok=True)
    for target, _, _, _, key in jobs:
        target.write_bytes(_printed[key])
    return [job[0] for job in jobs]


def _edition_key(site_dir: Path, edition: Edition, lang: str, when: dt.datetime | None) -> str:
    """The key a printed edition is kept by: everything its HTML is made from.

    That is each page's article and public address (``_printed_part``), the words and menu
    title the edition adds, its date and this module's own text (a change to how editions are
    made prints them anew). The menu, header and footer around an article are not printed, so a
    change there (a new plan in the menu, another repository address) prints nothing again.
    Cutting the article out of the text is quick; making the edition's HTML parses every page,
    so it is done only for an edition that was never printed.
    """
    digest = hashlib.sha256(f"{lang}\0{when}\0{_SELF}\0".encode())
    digest.update(json.dumps(versioning(lang), sort_keys=True, ensure_ascii=False).encode())
    digest.update(config_file().read_bytes())  # the menu titles of a multi-page edition
    for rel in edition.pages:
        page = _built_page(site_dir, lang, rel)
        digest.update(rel.encode() + b"\0" + (_printed_part(page.read_text(encoding="utf-8")) if page.exists() else "").encode() + b"\0")
    return digest.hexdigest()


_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*">')
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">.*</article>', re.S)


def _printed_part(page: str) -> str:
    """What ``_article`` takes from a built page: its canonical address and its article (the
    whole page when either is not found, so an unexpected page is never keyed by too little)."""
    canonical, article = _CANONICAL.search(page), _ARTICLE.search(page)
    return canonical.group(0) + article.group(0) if canonical and article else page


def _print_in_own_thread(jobs: list[tuple[Path, str, str, dt.datetime | None, str]]) -> None:
    """``_print`` in a thread of its own, so that it works whoever calls the build.

    Playwright's sync API refuses to start in a thread whose asyncio loop is running, and a
    process that already drives a browser with that API (a test session building a site in
    process) has one; a new thread never does. Errors reach the caller unchanged.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_print, jobs).result()


def _print(jobs: list[tuple[Path, str, str, dt.datetime | None, str]]) -> None:
    """Print editions with one browser: tagged, with bookmarks from the headings."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM,
                                       args=["--no-sandbox", "--disable-background-networking"])
        page = browser.new_page()
        # Nothing may be fetched from anywhere while printing: the page is self-contained.
        page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("data:") else route.continue_())
        for _, document, lang, when, key in jobs:
            page.set_content(document, wait_until="load")
            page.evaluate("document.fonts.ready")
            data = page.pdf(format="A4", print_background=True, display_header_footer=True, tagged=True, outline=True,
                            header_template="<div></div>", footer_template=_FOOTER,
                            margin={"top": "20mm", "bottom": "18mm", "left": "18mm", "right": "18mm"})
            headings = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "els => els.map(e => e.textContent.trim())")
            _printed[key] = _reproducible(data, page.title(), lang, when, headings)
        browser.close()
