"""The registry of official pages as open data a program can check before it trusts it.

Published at the root of the built site:

- ``accounts.json`` and ``accounts.csv``: one row per official page (scripts/sns_policy/content/plans.py
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
"""
from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any, Iterator

from sns_policy import site
from sns_policy.content.rules import rules
from sns_policy.sources.schema import load_schema


def title() -> str:
    """The open data's title in both languages, with the municipality's names (the plugin's ``city``)."""
    return f"{site.city('ja')}公式Facebookページ一覧 / Official Facebook pages of {site.city('en')}"


JSON_SCHEMA = "accounts.schema.json"
PACKAGE = "datapackage.json"
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
    plan = load_schema("plan")
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
