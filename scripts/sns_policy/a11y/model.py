"""The accessibility data read into values: the criteria, what testers found, and the engines' last run.

- ``scripts/sns_policy/data/wcag-criteria.yml`` (the engine's, the same for every town): every criterion,
  its number, names, level, axe-core tag and what a tester looks at.
- ``scripts/data/accessibility-manual.yml``: what a person found, criterion by criterion.
- ``scripts/data/accessibility-results.json``: the latest browser run, recorded by
  ``python -m sns_policy.a11y.cli record`` from ``test-results/accessibility-results.json`` (written by the
  browser tests, not tracked). Nobody types results by hand.

A criterion's status (:func:`status`) and the site's 対応度 (:func:`degree`) are decided here, once, for
the statement and the checklist page alike.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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


CRITERIA = "wcag-criteria.yml"  # the same for every town: in the engine's own data (site.ENGINE_DATA)


MANUAL = "accessibility-manual.yml"  # what this site's testers found: in the site's data folder


LEVELS = ("A", "AA")


@dataclass(frozen=True)
class Status:
    """One criterion's line of the checklist, before it is worded in a language."""

    criterion: dict[str, Any]
    result: str  # met / not_met / not_applicable / unchecked
    violations: int | None  # axe-core's count; None when axe-core does not test it or did not run
    rules: tuple[str, ...]  # axe-core rules that ran for it
    manual: dict[str, Any] | None

    @property
    def applies(self) -> bool:
        return self.result != "not_applicable"


def _read(path: Path) -> Any:
    """A data file: the project's own through :mod:`sns_policy.datafiles` (read once per build), a test's copy as it is."""
    if path.parent in (site.data_dir(), site.ENGINE_DATA):
        return datafiles.load(path.name, path.parent)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def criteria_file() -> Path:
    """wcag-criteria.yml, the engine's (every town is held to the same criteria)."""
    return site.ENGINE_DATA / CRITERIA


def manual_file() -> Path:
    """accessibility-manual.yml of the site in use."""
    return site.data_dir() / MANUAL


def criteria(path: Path | None = None) -> list[dict[str, Any]]:
    """Every criterion of wcag-criteria.yml, in the file's order."""
    return _read(path or criteria_file())["criteria"]


def jis_criteria(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The level A and AA criteria of JIS X 8341-3:2016, in number order."""
    return sorted((c for c in items if c["jis"] and c["level"] in LEVELS), key=lambda c: _number(c["id"]))


def _number(cid: str) -> tuple[int, ...]:
    return tuple(int(part) for part in cid.split("."))


def manual(path: Path | None = None) -> dict[str, Any]:
    """The manual results file, read after check_manual accepted it."""
    data = _read(path or manual_file()) or {}
    return {"checks": {str(k): v for k, v in (data.get("checks") or {}).items()}, "pages": data.get("pages") or []}


def status(criterion: dict[str, Any], results: dict[str, Any] | None, checks: dict[str, Any]) -> Status:
    """One criterion's result by the rule of the module docstring."""
    entry = checks.get(criterion["id"])
    tag = criterion.get("axe")
    violations, rules = None, ()
    if tag and results and _group_ran(criterion, results):
        by_tag = results.get("by_tag")
        if by_tag is not None:
            if tag in by_tag:
                violations, rules = by_tag[tag]["violations"], tuple(by_tag[tag]["rules"])
        else:
            # A run recorded before per-rule results: only a run without any violation says anything.
            total = sum(p[v] for p in results["pages"] for v in results["viewports"])
            violations = 0 if total == 0 else None
    if violations:
        result = "not_met"
    elif entry:
        result = entry["result"]
    elif criterion.get("axe_complete") and violations == 0:
        result = "met"
    else:
        result = "unchecked"
    return Status(criterion, result, violations, rules, entry)


def _group_ran(criterion: dict[str, Any], results: dict[str, Any]) -> bool:
    """Whether the run included the criterion's rule group (wcag2a, wcag21aa, wcag22aa …)."""
    version = {"2.0": "2", "2.1": "21", "2.2": "22"}[criterion["wcag"]]
    return f"wcag{version}{criterion['level'].lower()}" in results.get("rules", [])


def degree(statuses: list[Status]) -> tuple[str, int]:
    """WAIC's 対応度 for the JIS criteria, and how many are not yet checked."""
    open_ = sum(s.result == "unchecked" for s in statuses)
    if open_:
        return "配慮", open_
    return ("一部準拠" if any(s.result == "not_met" for s in statuses) else "準拠"), 0


def judged(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The criteria a person must judge: every one axe-core does not decide on its own."""
    return [c for c in items if not c.get("axe_complete")]
