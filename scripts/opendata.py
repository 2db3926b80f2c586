"""The registry of official pages as open data: ``accounts.json`` and ``accounts.csv``.

The CSV starts with a UTF-8 byte-order mark because Excel, which many citizens and
staff open CSV files with, otherwise shows Japanese text as garbage.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

CSV_COLUMNS = (
    "id", "department_ja", "department_en", "page_name_ja", "page_name_en",
    "platform", "status", "url", "plan_ja", "plan_en",
)


def to_json(rows: list[dict[str, Any]], site_url: str) -> str:
    """The registry as JSON, with absolute links to each plan page."""
    accounts = [{**row, "plan": {lang: site_url + path for lang, path in row["plan"].items()}} for row in rows]
    return json.dumps({"title": "石巻市公式Facebookページ一覧 / Official Facebook pages of Ishinomaki City",
                       "accounts": accounts}, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: list[dict[str, Any]], site_url: str) -> str:
    """The registry as CSV with a BOM; one row per page, both languages side by side."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([
            row["id"], row["department"]["ja"], row["department"]["en"],
            row["page_name"]["ja"], row["page_name"]["en"], row["platform"], row["status"],
            row["url"] or "", site_url + row["plan"]["ja"], site_url + row["plan"].get("en", ""),
        ])
    return "\ufeff" + buffer.getvalue()


def write(site_dir: Path, rows: list[dict[str, Any]], site_url: str) -> None:
    """Write both files at the root of the built site."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    (site_dir / "accounts.json").write_text(to_json(rows, base), encoding="utf-8")
    (site_dir / "accounts.csv").write_text(to_csv(rows, base), encoding="utf-8", newline="")
