"""Forms on paper and on a computer: the printable plan form and the editable .docx files.

The activity-plan form is generated from ``plan.schema.json`` (each field's ``x-title``,
``x-guidance`` and ``x-lines``), so the paper form lists exactly the fields the build
validates. Every form page's sheet (``<div class="form-sheet">``), as rendered, is also
written as a Word file at build time, so the editable file and the printed page come
from the same source and cannot drift apart.
"""
from __future__ import annotations

import copy
import datetime as dt
import html
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
from lxml.html import HtmlElement

from sns_policy.content.escape import html_text
from sns_policy import kept
from sns_policy.content import words
from sns_policy.content.escape import html_text
from sns_policy.sources.schema import load_schema

# Lines of handwriting space per field when the schema does not say.
DEFAULT_LINES = 1
# Every entry of the .docx gets this time, so the same sources give the same bytes.
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_DOC_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
# The sheet's <div>, whatever other classes it has (plan-form, form-compact).
_SHEET = '//div[contains(concat(" ", normalize-space(@class), " "), " form-sheet ")]'

def form_fields(schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every field of the schema as (dotted path, its schema), in the schema's order.

    An object without a title of its own (``posting``) is a group: its fields are
    listed instead. Any other property is one field, titled or not, so a field added to
    the schema always appears on the form.
    """
    for key, spec in schema.get("properties", {}).items():
        path = f"{prefix}{key}"
        if "x-title" not in spec and spec.get("type") == "object" and "properties" in spec:
            yield from form_fields(spec, path + ".")
        else:
            yield path, spec


def _choices(spec: dict[str, Any], labels: dict[str, Any], lang: str) -> str | None:
    """Tick boxes for a field with a fixed set of values; the value itself if only one is allowed."""
    if "const" in spec:
        return html_text(labels["platform_names"].get(spec["const"], spec["const"]))
    if "enum" in spec:
        names = labels[lang]["plan_status"]
        return "　".join(f"☐ {html_text(names.get(v, v))}" for v in spec["enum"])
    return None


def field_id(path: str) -> str:
    """The id of a field's row on the plan form (``posting.hours`` → ``field-posting-hours``)."""
    return "field-" + path.replace(".", "-").replace("_", "-")


def plan_form(lang: str, labels: dict[str, Any], schema: dict[str, Any] | None = None) -> str:
    """The activity-plan form to print and fill in by hand, one row per schema field."""
    schema = schema if schema is not None else load_schema("plan")
    words = labels[lang]["plan_form"]
    rows = []
    for path, spec in form_fields(schema):
        title = spec.get("x-title", {}).get(lang, path)
        guidance = spec.get("x-guidance", {}).get(lang, "")
        lines = int(spec.get("x-lines", DEFAULT_LINES))
        choices = _choices(spec, labels, lang)
        note = f'<span class="form-guidance">{html_text(guidance)}</span>' if guidance else ""
        rows.append(
            f'<tr id="{field_id(path)}"><th scope="row">{html_text(title)}{note}</th>'
            f'<td class="form-lines-{max(lines, 1)}">{choices or ""}</td></tr>'
        )
    return "\n".join([
        '<div class="form-sheet plan-form">',
        f'<p class="form-title"><strong>{html_text(labels[lang]["plan_form_title"])}</strong></p>',
        f'<p class="form-date">{html_text(words["date"])}</p>',
        f'<p class="form-to">{html_text(words["to"])}</p>',
        f'<table class="form-fields"><thead><tr><th scope="col">{html_text(words["division"])}</th>'
        f'<th scope="col">{html_text(words["head"])}</th><th scope="col">{html_text(words["sign"])}</th></tr></thead>'
        '<tbody><tr><td class="form-lines-1"></td><td class="form-lines-1"></td><td class="form-lines-1"></td></tr></tbody></table>',
        f'<table class="form-fields"><thead><tr><th scope="col">{html_text(words["field"])}</th>'
        f'<th scope="col">{html_text(words["answer"])}</th></tr></thead><tbody>',
        *rows,
        "</tbody></table>",
        "</div>",
    ])


def form_sheet(page_html: str) -> HtmlElement | None:
    """The form sheet of a rendered page, if it has one.

    Read with lxml, python-docx's own XML library: its C parser reads a whole page in
    about a millisecond, where a pure-Python tree took a tenth of the build's time.
    """
    if 'class="form-sheet' not in page_html:
        return None
    found = lxml.html.fromstring(page_html).xpath(_SHEET)
    return found[0] if found else None


def _text(node: HtmlElement) -> str:
    """Visible text of a cell or paragraph, keeping line breaks written as <br>."""
    parts: list[str] = []

    def walk(element: HtmlElement) -> None:
        if element.tag == "br":
            parts.append("\n")
        elif isinstance(element.tag, str):  # comments and processing instructions have no text to show
            parts.append(element.text or "")
            for child in element:
                walk(child)
                parts.append(child.tail or "")

    walk(node)
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n")).strip()


def _lines(cell: HtmlElement) -> int:
    """Handwriting lines a cell asks for (``form-lines-N``), else one."""
    for name in (cell.get("class") or "").split():
        if name.startswith("form-lines-"):
            return int(name.rsplit("-", 1)[1])
    return 1


@kept.memo(1, per_build=True)
def _blank_document() -> Any:
    """python-docx's blank document, read once: each form starts from a copy of it."""
    from docx import Document

    return Document()


def to_docx(sheet: HtmlElement, lang: str) -> bytes:
    """The form sheet as a Word document on A4, with the same rows and writing space."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = copy.deepcopy(_blank_document())  # a copy saves the same bytes as a fresh one, in a third of the time
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Yu Gothic" if lang == "ja" else "Calibri")
    properties = document.core_properties
    properties.created = properties.modified = _FIXED_DOC_TIME
    properties.last_modified_by = properties.author = ""
    properties.language = lang
    for node in sheet.iter("p", "table"):
        if next(node.iterancestors("table"), None) is not None:
            continue
        if node.tag == "p":
            paragraph = document.add_paragraph()
            run = paragraph.add_run(_text(node))
            run.bold = node.find(".//strong") is not None
            continue
        rows = list(node.iter("tr"))
        width = max((len(list(r.iter("th", "td"))) for r in rows), default=1)
        table = document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for tr in rows:
            cells = list(tr.iter("th", "td"))
            row = table.add_row()
            lines = max(_lines(c) for c in cells)
            row.height, row.height_rule = Mm(8 * lines), WD_ROW_HEIGHT_RULE.AT_LEAST
            for target, cell in zip(row.cells, cells):
                guidance = next(iter(cell.find_class("form-guidance")), None)
                note = _text(guidance) if guidance is not None else ""
                if guidance is not None:
                    guidance.drop_tree()  # its text goes below the title, in small type
                target.text = _text(cell)
                if cell.tag == "th" and target.paragraphs[0].runs:
                    target.paragraphs[0].runs[0].bold = True
                if note:
                    target.add_paragraph().add_run(note).font.size = Pt(8)
        document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_times(buffer.getvalue())


def _fixed_times(docx: bytes) -> bytes:
    """The same archive with every entry dated alike, so builds are byte-for-byte repeatable."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, _FIXED_ZIP_TIME), source.read(info.filename),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx_name(page_url: str) -> str:
    """File name of a page's editable form: the page's own name (``forms/application/`` → application.docx)."""
    return (page_url.rstrip("/").rsplit("/", 1)[-1] or "form") + ".docx"


def download_link(page_url: str, lang: str, meta: dict[str, Any] | None = None, site_url: str = "") -> str:
    """The link to a form page's editable copy (written beside the page by :func:`write_docx`), and how to print it.

    The printed sheet is read away from the site: it says which version of the form it is, that the
    form is still a draft (案) where it is one, and the web address of its page (review 2026-12-07, D12).
    """
    label = words.labels()[lang]
    stamp = ""
    if meta and meta.get("version"):
        stamp = label["form_stamp"].format(version=label["version_value"].format(version=meta["version"]),
                                           status=label["statuses"].get(meta.get("doc_status", ""), ""))
        stamp = stamp.rstrip("・, ") + label["form_stamp_sep"]
    address = (site_url.rstrip("/") + "/" + page_url) if site_url else "/" + page_url
    note = label["form_print_note"].format(address=address)
    return (f'<p class="form-download"><a href="{docx_name(page_url)}">{label["form_docx"]}</a></p>\n\n'
            f'<p class="form-print-note">{html_text(stamp + note)}</p>')


def write_docx(site_dir: Path, page_url: str, page_html: str, lang: str) -> Path | None:
    """Write the page's form as .docx next to the page; returns the file, or None without a form."""
    sheet = form_sheet(page_html)
    if sheet is None:
        return None
    target = site_dir / page_url / docx_name(page_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_docx_of(lxml.html.tostring(sheet, encoding="unicode"), lang))
    return target


# Files already made in this process, by (sheet HTML, language). ``mkdocs serve`` rebuilds
# every page on each save, but a form's file only changes when its sheet does: the key is the
# content itself, so it is kept across builds (a long editing session keeps the recent forms).
_made = kept.Memo("content.forms.made", 64, per_build=False)


def _docx_of(sheet_html: str, lang: str) -> bytes:
    """The .docx of a sheet, made once per process for each distinct sheet."""
    key = (sheet_html, lang)
    if key not in _made:
        _made[key] = to_docx(lxml.html.fragment_fromstring(sheet_html), lang)
    return _made[key]
