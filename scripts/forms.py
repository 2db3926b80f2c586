"""Forms on paper and on a computer: the printable plan form and the editable .docx files.

The activity-plan form is generated from ``plan.schema.json`` (each field's ``x-title``,
``x-guidance`` and ``x-lines``), so the paper form lists exactly the fields the build
validates. Every form page's sheet (``<div class="form-sheet">``), as rendered, is also
written as a Word file at build time, so the editable file and the printed page come
from the same source and cannot drift apart.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from scripts.schema import load_schema

# Lines of handwriting space per field when the schema does not say.
DEFAULT_LINES = 1
# Every entry of the .docx gets this time, so the same sources give the same bytes.
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_DOC_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

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
        return html.escape(labels["platform_names"].get(spec["const"], spec["const"]))
    if "enum" in spec:
        names = labels[lang]["plan_status"]
        return "　".join(f"☐ {html.escape(names.get(v, v))}" for v in spec["enum"])
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
        note = f'<span class="form-guidance">{html.escape(guidance)}</span>' if guidance else ""
        rows.append(
            f'<tr id="{field_id(path)}"><th scope="row">{html.escape(title)}{note}</th>'
            f'<td class="form-lines-{max(lines, 1)}">{choices or ""}</td></tr>'
        )
    return "\n".join([
        '<div class="form-sheet plan-form">',
        f'<p class="form-title"><strong>{html.escape(labels[lang]["plan_form_title"])}</strong></p>',
        f'<p class="form-date">{html.escape(words["date"])}</p>',
        f'<p class="form-to">{html.escape(words["to"])}</p>',
        f'<table class="form-fields"><thead><tr><th scope="col">{html.escape(words["division"])}</th>'
        f'<th scope="col">{html.escape(words["head"])}</th><th scope="col">{html.escape(words["sign"])}</th></tr></thead>'
        '<tbody><tr><td class="form-lines-1"></td><td class="form-lines-1"></td><td class="form-lines-1"></td></tr></tbody></table>',
        f'<table class="form-fields"><thead><tr><th scope="col">{html.escape(words["field"])}</th>'
        f'<th scope="col">{html.escape(words["answer"])}</th></tr></thead><tbody>',
        *rows,
        "</tbody></table>",
        "</div>",
    ])


def form_sheet(page_html: str) -> Tag | None:
    """The form sheet of a rendered page, if it has one."""
    return BeautifulSoup(page_html, "html.parser").find("div", class_="form-sheet")


def _text(node: Tag) -> str:
    """Visible text of a cell or paragraph, keeping line breaks written as <br>."""
    for br in node.find_all("br"):
        br.replace_with("\n")
    return "\n".join(" ".join(line.split()) for line in node.get_text("").split("\n")).strip()


def _lines(cell: Tag) -> int:
    """Handwriting lines a cell asks for (``form-lines-N``), else one."""
    for name in cell.get("class") or []:
        if name.startswith("form-lines-"):
            return int(name.rsplit("-", 1)[1])
    return 1


def to_docx(sheet: Tag, lang: str) -> bytes:
    """The form sheet as a Word document on A4, with the same rows and writing space."""
    from docx import Document
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
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
    for node in sheet.find_all(["p", "table"], recursive=True):
        if node.find_parent("table") is not None:
            continue
        if node.name == "p":
            paragraph = document.add_paragraph()
            run = paragraph.add_run(_text(node))
            run.bold = node.find("strong") is not None
            continue
        rows = node.find_all("tr")
        width = max((len(r.find_all(["th", "td"])) for r in rows), default=1)
        table = document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for tr in rows:
            cells = tr.find_all(["th", "td"])
            row = table.add_row()
            lines = max(_lines(c) for c in cells)
            row.height, row.height_rule = Mm(8 * lines), WD_ROW_HEIGHT_RULE.AT_LEAST
            for target, cell in zip(row.cells, cells):
                guidance = cell.find(class_="form-guidance")
                note = _text(guidance) if guidance else ""
                if guidance:
                    guidance.extract()
                target.text = _text(cell)
                if cell.name == "th" and target.paragraphs[0].runs:
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


def write_docx(site_dir: Path, page_url: str, page_html: str, lang: str) -> Path | None:
    """Write the page's form as .docx next to the page; returns the file, or None without a form."""
    sheet = form_sheet(page_html)
    if sheet is None:
        return None
    target = site_dir / page_url / docx_name(page_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(to_docx(sheet, lang))
    return target
