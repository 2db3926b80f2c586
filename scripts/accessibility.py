"""The accessibility test results the statement page is built from.

The browser tests write ``scripts/data/accessibility-results.json`` after checking
every page; the build renders the statement's results from it. Nobody types results
by hand, and a test fails when the published page disagrees with the latest run.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scripts.site import DATA

RESULTS = DATA / "accessibility-results.json"


def load(path: Path = RESULTS) -> dict[str, Any] | None:
    """The last recorded results, or None before the first run."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def save(results: dict[str, Any], path: Path = RESULTS) -> None:
    """Record a run, in a stable order so the file diffs cleanly."""
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")

