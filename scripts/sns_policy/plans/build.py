"""The files the build writes from activity plans: the registry as open data, and a form's editable .docx.

The registry of official pages is open data a program can check before it trusts it.

Published at the root of the built site:

- ``accounts.json`` and ``accounts.csv``: one row per official page (scripts/sns_policy/plans/render.py
  ``registry_rows``). The CSV starts with a UTF-8 byte-order mark because Excel, which many
  citizens and staff open CSV files with, otherwise shows Japanese text as garbage.
- ``accounts.schema.json``: a JSON Schema of ``accounts.json`` (check-jsonschema, or any
  JSON Schema validator, checks the file against it).
- ``datapackage.json``: a Frictionless Data Package whose Table Schema describes the CSV's
  columns (``frictionless validate datapackage.json``), and which lists the JSON file with
  its JSON Schema.

Both descriptions come from one place: :func:`row_schema`, built from the activity plan's
schema (scripts/sns_policy/schemas/plan.schema.json, which the build already enforces on every plan)
and the statuses the registry lists (scripts/data/rules.yml). The CSV's columns and its Table
Schema are that row flattened, so no column is described by hand twice.

Every form page's sheet (``<div class="form-sheet">``), as rendered, is also written as a Word
file beside its page (:func:`write_docx`), so the editable file and the printed page come from the
same source and cannot drift apart.
"""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any, Iterator

import lxml.html
from lxml.html import HtmlElement

from sns_policy import kept, site
from sns_policy.content.rules import rules
from sns_policy.plans.model import JSON_SCHEMA, PACKAGE, SCHEMA
from sns_policy.plans.render import docx_name
from sns_policy.sources.schema import load_schema


def title() -> str:
    """The open data's title in both languages, with the municipality's names (the plugin's ``city``)."""
    return f"{site.city('ja')}公式Facebookページ一覧 / Official Facebook pages of {site.city('en')}"


# The registry row's fields taken from an activity plan, in the CSV's order.
FROM_PLAN = ("department", "page_name", "platform", "status", "url")


def _resolve(schema: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$ref`` into the plan schema's ``$defs`` followed, and the
    editors' ``x-`` keys (messages, form layout) left out."""
    if "$ref" in schema:
        schema = {**plan["$defs"][schema["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    out = {}
    for key, value in schema.items():
        if key.startswith("x-"):
            continue
        if key == "properties":
            value = {name: _resolve(sub, plan) for name, sub in value.items()}
        elif key == "items" and isinstance(value, dict):
            value = _resolve(value, plan)
        out[key] = value
    if "x-title" in schema:  # the plan form's field names, in both languages
        out["title"] = f"{schema['x-title']['ja']} / {schema['x-title']['en']}"
    return out


def row_schema() -> dict[str, Any]:
    """JSON Schema of one registry row: the plan's own rules for the fields it shares with a
    plan, only the statuses the registry lists, and an absolute link to the plan in each language."""
    plan = load_schema(SCHEMA)
    fields = {name: _resolve(plan["properties"][name], plan) for name in FROM_PLAN}
    fields["status"]["enum"] = [s for s in fields["status"]["enum"] if s in rules()["registry_statuses"]]
    fields["url"]["type"] = ["string", "null"]  # a withdrawn page may have no address
    languages = plan["$defs"]["bilingual"]["required"]
    link = {"type": "string", "format": "uri", "pattern": "^https?://.+$"}
    # The plan's conditions that still apply to a listed page (an active page has its address).
    # A row always has every key, so "required" there becomes "not null" here.
    conditions = [{"if": c["if"], "then": {"properties": {name: {"type": "string"} for name in c["then"]["required"]}}}
                  for c in plan.get("allOf", [])
                  if c["if"]["properties"]["status"]["const"] in fields["status"]["enum"] and "required" in c["then"]]
    return {
        "type": "object",
        "required": ["id", *FROM_PLAN, "plan"],
        "properties": {
            "id": {"type": "string", "minLength": 1, "title": "ID（活用方針のページ名） / ID (the plan page's name)"},
            **fields,
            "plan": {"type": "object", "required": languages, "additionalProperties": False,
                     "title": "活用方針 / Activity plan",
                     "properties": {lang: copy.deepcopy(link) for lang in languages}},
        },
        "additionalProperties": False,
        **({"allOf": conditions} if conditions else {}),
    }


def json_schema() -> dict[str, Any]:
    """JSON Schema of ``accounts.json``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": JSON_SCHEMA,
        "title": title(),
        "type": "object",
        "required": ["title", "accounts"],
        "properties": {
            "title": {"type": "string"},
            "accounts": {"type": "array", "items": row_schema()},
        },
        "additionalProperties": False,
    }


def _leaves(schema: dict[str, Any], prefix: str = "", title: str = "") -> Iterator[tuple[str, dict[str, Any], str, bool]]:
    """(column, its JSON Schema, its title, required) for each value of a row, nested objects
    flattened as ``<field>_<key>`` (``department_ja``)."""
    required = set(schema.get("required", []))
    for name, sub in schema["properties"].items():
        column, label = prefix + name, sub.get("title", title)
        if sub.get("type") == "object":
            yield from ((c, s, t, r and name in required) for c, s, t, r in _leaves(sub, column + "_", label))
        else:
            yield column, sub, (f"{label} ({name})" if prefix else label), name in required


def table_schema() -> dict[str, Any]:
    """Frictionless Table Schema of ``accounts.csv``: the row schema flattened into columns."""
    fields = []
    for column, schema, title, required in _leaves(row_schema()):
        # A Table Schema's "required" means "never empty"; a JSON key that may be null is not.
        constraints: dict[str, Any] = {"required": required and "null" not in schema.get("type", [])}
        for key in ("minLength", "enum", "pattern"):  # a Table Schema pattern is anchored too
            if key in schema:
                constraints[key] = schema[key]
        if "const" in schema:
            constraints["enum"] = [schema["const"]]
        if column == "id":
            constraints["unique"] = True
        field = {"name": column, "title": title, "type": "string", "constraints": constraints}
        if schema.get("format") == "uri":
            field["format"] = "uri"
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def data_package() -> dict[str, Any]:
    """The Frictionless Data Package describing both files."""
    return {
        "name": f"{site.city('slug')}-official-facebook-pages",
        "title": title(),
        "licenses": [],
        "resources": [
            {"name": "accounts", "path": "accounts.csv", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8-sig", "schema": table_schema()},
            {"name": "accounts-json", "path": "accounts.json", "format": "json", "mediatype": "application/json",
             "encoding": "utf-8", "jsonSchema": JSON_SCHEMA},
        ],
    }


def csv_columns() -> list[str]:
    """The CSV's header: the row schema's leaves, in order."""
    return [column for column, *_ in _leaves(row_schema())]


def _flat(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested row as ``{column: value}``, flattened as :func:`_leaves` names the columns."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update(_flat(value, prefix + key + "_"))
        else:
            out[prefix + key] = value
    return out


def _absolute(rows: list[dict[str, Any]], site_url: str) -> list[dict[str, Any]]:
    """Rows with absolute links to each plan page."""
    return [{**row, "plan": {lang: site_url + path for lang, path in row["plan"].items()}} for row in rows]


def to_json(rows: list[dict[str, Any]], site_url: str) -> str:
    """The registry as JSON, with absolute links to each plan page."""
    return json.dumps({"title": title(), "accounts": _absolute(rows, site_url)}, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: list[dict[str, Any]], site_url: str) -> str:
    """The registry as CSV with a BOM; one row per page, both languages side by side."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = csv_columns()
    writer.writerow(columns)
    for row in _absolute(rows, site_url):
        flat = _flat(row)
        writer.writerow(["" if flat.get(c) is None else flat[c] for c in columns])
    return "\ufeff" + buffer.getvalue()


def _json_file(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write(site_dir: Path, rows: list[dict[str, Any]], site_url: str) -> None:
    """Write the data and its descriptions at the root of the built site."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    (site_dir / "accounts.json").write_text(to_json(rows, base), encoding="utf-8")
    (site_dir / "accounts.csv").write_text(to_csv(rows, base), encoding="utf-8", newline="")
    (site_dir / JSON_SCHEMA).write_text(_json_file(json_schema()), encoding="utf-8")
    (site_dir / PACKAGE).write_text(_json_file(data_package()), encoding="utf-8")


# Every entry of the .docx gets this time, so the same sources give the same bytes.
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_DOC_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
# The sheet's <div>, whatever other classes it has (plan-form, form-compact).
_SHEET = '//div[contains(concat(" ", normalize-space(@class), " "), " form-sheet ")]'


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
_made = kept.Memo("plans.build.made", 64, per_build=False)


def _docx_of(sheet_html: str, lang: str) -> bytes:
    """The .docx of a sheet, made once per process for each distinct sheet."""
    key = (sheet_html, lang)
    if key not in _made:
        _made[key] = to_docx(lxml.html.fragment_fromstring(sheet_html), lang)
    return _made[key]
