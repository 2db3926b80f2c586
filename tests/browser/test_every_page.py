"""Every page, both languages, desktop and mobile: accessibility, privacy, console, layout.

Each page is loaded once per viewport; the results are written to
test-results/accessibility-results.json (untracked) and must agree with the accessibility
statement, which is built from scripts/data/accessibility-results.json
(``python -m scripts.content.accessibility record`` copies a run there).
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from scripts.content import a11y_report, accessibility
from tests.browser.audit import WCAG_TAGS, Visit, by_criterion, describe_violations, horizontal_overflow, other_origin_requests, visit_all
from tests.browser.conftest import DESKTOP, MOBILE, site_pages
from tests.conftest import run_build

VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}
# All of this file's tests read the one set of visits: pytest-xdist keeps them on one worker
# (KEEP_TOGETHER in tests/conftest.py).
pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def visits(browser: Browser, base_url: str, site: Path) -> dict[tuple[str, str], Visit]:
    """Load every page at every viewport once, recording everything the checks need."""
    seen: dict[tuple[str, str], Visit] = {}
    paths = site_pages(site)
    for name, size in VIEWPORTS.items():
        context = browser.new_context(viewport=size)
        for path, result in zip(paths, visit_all(context, [base_url + path for path in paths], name)):
            seen[(path, name)] = result
        context.close()
    return seen


@pytest.fixture(scope="session")
def latest_results(visits: dict[tuple[str, str], Visit], browser: Browser, site: Path) -> dict:
    """This run's results, written where ``python -m scripts.content.accessibility record`` takes them from."""
    pages = site_pages(site)
    results = {
        "tested_on": dt.date.today().isoformat(),
        "standard": "JIS X 8341-3:2016",
        "target_level": "AA",
        "axe_core": next(iter(visits.values())).axe_version,
        "browser": f"Chromium {browser.version.split('.')[0]}",
        "rules": WCAG_TAGS,
        "viewports": {name: [size["width"], size["height"]] for name, size in VIEWPORTS.items()},
        "pages": [{"path": p, **{v: len(visits[(p, v)].violations) for v in VIEWPORTS}} for p in pages],
        "by_tag": by_criterion(list(visits.values())),
    }
    accessibility.LATEST_RUN.parent.mkdir(exist_ok=True)
    accessibility.save(results, accessibility.LATEST_RUN)
    return results


def test_no_wcag_a_or_aa_violation_on_any_page(visits: dict[tuple[str, str], Visit], latest_results: dict) -> None:
    problems = [line for seen in visits.values() for line in describe_violations(seen)]
    assert not problems, "axe-core found:\n" + "\n".join(problems)


def test_browser_talks_to_our_origin_only(visits: dict[tuple[str, str], Visit], base_url: str) -> None:
    problems = [f"{seen.url} [{seen.viewport}] requested {url}" for seen in visits.values() for url in other_origin_requests(seen, base_url)]
    assert not problems, "\n".join(problems)


def test_console_shows_no_error(visits: dict[tuple[str, str], Visit]) -> None:
    problems = [f"{seen.url} [{seen.viewport}]: {error}" for seen in visits.values() for error in seen.console_errors]
    assert not problems, "\n".join(problems)


def test_mobile_pages_do_not_scroll_sideways(visits: dict[tuple[str, str], Visit]) -> None:
    problems = [f"{seen.url}: {horizontal_overflow(seen)}px wider than the 360px screen"
                for (path, viewport), seen in visits.items() if viewport == "mobile" and horizontal_overflow(seen)]
    assert not problems, "\n".join(problems)


def test_tables_scroll_inside_their_own_box(visits: dict[tuple[str, str], Visit]) -> None:
    problems = [f"{seen.url}: {seen.unwrapped_tables} table(s) not inside a scrolling box"
                for seen in visits.values() if seen.unwrapped_tables]
    assert not problems, "\n".join(problems)


def _published(page: Path) -> tuple[dict[str, dict[str, int]], str]:
    """The per-page results and the tools line as the built statement page shows them."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    counts = {}
    for row in soup.select("article details table tbody tr"):
        path, *cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        counts[path] = {v: int("".join(filter(str.isdigit, c)) or 0) for v, c in zip(VIEWPORTS, cells)}
    return counts, soup.select_one("article").get_text(" ", strip=True)


@pytest.mark.parametrize("statement", ["accessibility/index.html", "en/accessibility/index.html"])
def test_statement_page_agrees_with_the_latest_results(latest_results: dict, site: Path, statement: str) -> None:
    """The page was built from the committed results file; this run must not contradict it."""
    counts, text = _published(site / statement)
    latest = {p["path"]: {v: p[v] for v in VIEWPORTS} for p in latest_results["pages"]}
    hint = ("this run is in test-results/accessibility-results.json; if it is right, run "
            "`.venv/bin/python -m scripts.content.accessibility record`, rebuild, check the statement and commit the file")
    assert counts == latest, f"{statement}: the published results disagree with this test run; {hint}"
    assert f"axe-core {latest_results['axe_core']}" in text, f"{statement}: axe-core version differs; {hint}"
    # The 達成基準チェックリスト: a criterion this run found violations of is shown as not met, never as met.
    lang = "en" if statement.startswith("en/") else "ja"
    marks = a11y_report.WORDS[lang]["mark"]
    table = BeautifulSoup((site / statement).read_text(encoding="utf-8"), "html.parser").select_one("h3#checklist").find_next("table")
    shown = {tr.td.get_text(" ", strip=True).split()[0]: tr.find_all("td")[3].get_text(" ", strip=True) for tr in table.select("tbody tr")}
    for criterion in a11y_report.jis_criteria(a11y_report.criteria()):
        found = latest_results["by_tag"].get(criterion.get("axe", ""), {}).get("violations", 0)
        assert not found or shown[criterion["id"]] == marks["not_met"], f"{statement}: {criterion['id']} has violations; {hint}"
    # The browser version is reported but not compared: Debian's security updates change it
    # every few weeks, which says nothing about the pages.


def test_a_statement_that_disagrees_with_the_run_is_caught(latest_results: dict, project_copy: Path, tmp_path: Path) -> None:
    """Put the fault back: a results file typed by hand (one page claims 3 violations)."""
    tampered = json.loads(json.dumps(latest_results))
    tampered["pages"][0]["mobile"] = 3
    accessibility.save(tampered, project_copy / "scripts" / "data" / "accessibility-results.json")
    build = run_build(project_copy, tmp_path / "out")
    assert build.returncode == 0, build.output
    counts, _ = _published(tmp_path / "out" / "accessibility" / "index.html")
    latest = {p["path"]: {v: p[v] for v in VIEWPORTS} for p in latest_results["pages"]}
    assert counts != latest and counts[tampered["pages"][0]["path"]]["mobile"] == 3
