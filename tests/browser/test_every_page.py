"""Every page, both languages, desktop and mobile: accessibility, privacy, console, layout.

Each page is loaded once per viewport; the results are written to
test-results/accessibility-results.json (untracked) and must agree with the accessibility
statement, which is built from scripts/data/accessibility-results.json
(``python -m scripts.content.accessibility record`` copies a run there).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from scripts.content import a11y_report, accessibility
from tests.browser.audit import WCAG_TAGS, Visit, by_criterion, describe_violations, horizontal_overflow, other_origin_requests, visit_all
from tests.browser.conftest import DESKTOP, MOBILE, site_pages
from tests.conftest import once_per_run, run_build

VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}
# Each viewport's visits are made once per run and read by that viewport's tests, which
# pytest-xdist keeps on one worker (GROUPED in tests/conftest.py): the two viewports load on
# two workers at once.
pytestmark = pytest.mark.browser
by_viewport = pytest.mark.parametrize("viewport", list(VIEWPORTS))


@dataclass
class Visits:
    """Every page visited at one viewport, and the address it was served at (each worker serves
    the site on a port of its own, and the visits may have been made by another worker)."""

    base_url: str
    seen: dict[str, Visit]


def visits_at(viewport: str, browser: Browser, base_url: str, site: Path, tmp_path_factory: pytest.TempPathFactory) -> Visits:
    """Load every page at ``viewport`` once per run, recording everything the checks need."""
    def make() -> Visits:
        paths = site_pages(site)
        context = browser.new_context(viewport=VIEWPORTS[viewport])
        try:
            return Visits(base_url, dict(zip(paths, visit_all(context, [base_url + path for path in paths], viewport))))
        finally:
            context.close()

    return once_per_run(tmp_path_factory, f"visits-{viewport}", make,
                        lambda made: {"base_url": made.base_url, "seen": {p: asdict(v) for p, v in made.seen.items()}},
                        lambda data: Visits(data["base_url"], {p: Visit(**v) for p, v in data["seen"].items()}))


@pytest.fixture
def visits(viewport: str, browser: Browser, base_url: str, site: Path, tmp_path_factory: pytest.TempPathFactory) -> Visits:
    return visits_at(viewport, browser, base_url, site, tmp_path_factory)


@pytest.fixture(scope="session")
def latest_results(browser: Browser, base_url: str, site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """This run's results, written where ``python -m scripts.content.accessibility record`` takes them from."""
    both = {name: visits_at(name, browser, base_url, site, tmp_path_factory).seen for name in VIEWPORTS}
    pages = site_pages(site)
    results = {
        "tested_on": dt.date.today().isoformat(),
        "standard": "JIS X 8341-3:2016",
        "target_level": "AA",
        "axe_core": next(iter(both["desktop"].values())).axe_version,
        "browser": f"Chromium {browser.version.split('.')[0]}",
        "rules": WCAG_TAGS,
        "viewports": {name: [size["width"], size["height"]] for name, size in VIEWPORTS.items()},
        "pages": [{"path": p, **{v: len(both[v][p].violations) for v in VIEWPORTS}} for p in pages],
        "by_tag": by_criterion([seen for name in VIEWPORTS for seen in both[name].values()]),
    }
    accessibility.LATEST_RUN.parent.mkdir(exist_ok=True)
    accessibility.save(results, accessibility.LATEST_RUN)
    return results


@by_viewport
def test_no_wcag_a_or_aa_violation_on_any_page(visits: Visits) -> None:
    problems = [line for seen in visits.seen.values() for line in describe_violations(seen)]
    assert not problems, "axe-core found:\n" + "\n".join(problems)


@by_viewport
def test_browser_talks_to_our_origin_only(visits: Visits) -> None:
    problems = [f"{seen.url} [{seen.viewport}] requested {url}" for seen in visits.seen.values()
                for url in other_origin_requests(seen, visits.base_url)]
    assert not problems, "\n".join(problems)


@by_viewport
def test_console_shows_no_error(visits: Visits) -> None:
    problems = [f"{seen.url} [{seen.viewport}]: {error}" for seen in visits.seen.values() for error in seen.console_errors]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", ["mobile"])
def test_mobile_pages_do_not_scroll_sideways(visits: Visits) -> None:
    problems = [f"{seen.url}: {horizontal_overflow(seen)}px wider than the 360px screen"
                for seen in visits.seen.values() if horizontal_overflow(seen)]
    assert not problems, "\n".join(problems)


@by_viewport
def test_tables_scroll_inside_their_own_box(visits: Visits) -> None:
    problems = [f"{seen.url}: {seen.unwrapped_tables} table(s) not inside a scrolling box"
                for seen in visits.seen.values() if seen.unwrapped_tables]
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
