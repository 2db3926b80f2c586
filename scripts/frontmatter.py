"""Read the YAML front matter of a Markdown page.

MkDocs' own reader drops malformed front matter silently; editors need to know,
so this reader reports the file and the YAML error instead.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scripts.problems import Problem, display_path

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n?(.*)\Z", re.S)


@dataclass
class Page:
    """A Markdown source file split into its metadata and its body."""

    path: Path
    meta: dict[str, Any]
    body: str

    @property
    def name(self) -> str:
        """The path as editors see it (``docs/ja/policy.md``)."""
        return display_path(self.path)


def _stringify_dates(value: Any) -> Any:
    """YAML turns 2016-10-17 into a date; schemas and templates want the text."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _stringify_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_dates(v) for v in value]
    return value


def parse(text: str) -> tuple[dict[str, Any], str]:
    """Split ``text`` into (front matter, body); raises ``yaml.YAMLError`` on bad YAML."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = yaml.safe_load(match.group(1)) or {}
    if not isinstance(meta, dict):
        raise yaml.YAMLError("front matter must be a mapping of keys to values")
    return _stringify_dates(meta), match.group(2)


def read_page(path: Path) -> tuple[Page | None, list[Problem]]:
    """Load one page, returning a problem instead of raising on malformed input."""
    try:
        meta, body = parse(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        detail = str(error).replace("\n", " ")
        return None, [Problem(display_path(path), "front matter", f"is not valid YAML ({detail})")]
    return Page(path, meta, body), []
