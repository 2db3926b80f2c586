"""The accessibility test results the statement page is built from.

The browser tests write each run's results to ``test-results/accessibility-results.json``
(not tracked, so running the tests changes no tracked file) and fail when the published
statement disagrees with that run. ``python -m sns_policy.content.accessibility record`` copies the
latest run to ``scripts/data/accessibility-results.json``, the committed file the build
renders the statement's results from. Nobody types results by hand.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sys

from sns_policy import datafiles
from sns_policy import site
from sns_policy.site import ROOT

RESULTS = "accessibility-results.json"  # in the site's data folder
LATEST_RUN = ROOT / "test-results" / "accessibility-results.json"


def engine_rules_off() -> list[dict[str, str]]:
    """IBM Equal Access rules switched off, each with its reason (``accessibility-engines.yml``).

    One list, read by the browser tests (which leave the rules out) and meant for the statement's
    method section (which names them), so the two cannot disagree.
    """
    return list(datafiles.load("accessibility-engines.yml").get("rules_off") or [])


def results_file() -> Path:
    """The committed results of the site in use (its data folder, asked for at call time)."""
    return site.data_dir() / RESULTS


def load(path: Path | None = None) -> dict[str, Any] | None:
    """The last recorded results, or None before the first run."""
    path = path or results_file()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def save(results: dict[str, Any], path: Path = RESULTS) -> None:
    """Record a run, in a stable order so the file diffs cleanly."""
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")



def record(latest: Path = LATEST_RUN, target: Path | None = None) -> str:
    """Make the latest browser test run the statement's results; says what happened."""
    target = target or results_file()
    results = load(latest)
    if results is None:
        return (f"{latest} not found: run the browser tests first "
                "(bash scripts/test.sh tests/browser/test_every_page.py)")
    save(results, target)
    return f"{target} now holds the results of the run of {results['tested_on']}: rebuild, check the statement, commit the file."


def main(argv: list[str] | None = None) -> int:
    """``python -m sns_policy.content.accessibility record``: the one command that rewrites the committed results."""
    args = argv if argv is not None else sys.argv[1:]
    if args != ["record"]:
        print("usage: python -m sns_policy.content.accessibility record", file=sys.stderr)
        return 2
    message = record()
    print(message)
    return 0 if message.startswith(str(results_file())) else 1


if __name__ == "__main__":
    raise SystemExit(main())
