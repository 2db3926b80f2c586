"""Every page, both languages, desktop and mobile: accessibility, privacy, console, layout.

Each page is loaded once per viewport; the results are written to
test-results/accessibility-results.json (untracked) and must agree with the accessibility
statement, which is built from scripts/data/accessibility-results.json
(``python -m sns_policy.a11y.cli record`` copies a run there).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from sns_policy.a11y import model as accessibility, model as a11y_model, render as a11y_render
from tests.browser.audit import ACE_POLICY, WCAG_TAGS, Judged, Visit, by_criterion, describe_ace_violations, describe_violations, horizontal_overflow, other_origin_requests, site_files, visit_all
from tests.browser.conftest import DESKTOP, MOBILE, counterpart, site_pages
from tests.conftest import PARTS_COUNT, PARTS_OF_THE_SITE, once_per_run, run_build, run_folder

PARTS = list(PARTS_OF_THE_SITE)

VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}
# The pages are visited in parts (PARTS_OF_THE_SITE in tests/conftest.py): each part at each
# viewport is visited once per run and read by that part's tests, which pytest-xdist keeps on one
# worker, so the parts load on every worker at once. A part holds a page in both languages, so its
# desktop visits, which also use each page's language menu, check the switch both ways.
pytestmark = pytest.mark.browser
by_part = pytest.mark.parametrize("part", PARTS)
desktop_parts = pytest.mark.parametrize("part", [p for p in PARTS if p.startswith("desktop")])


@dataclass
class Visits:
    """The pages of one part visited at one viewport, and the address they were served at (each
    worker serves the site on a port of its own, and the visits may have been made by another
    worker)."""

    base_url: str
    seen: dict[str, Visit]


def pages_of(part: str, site: Path) -> list[str]:
    """The pages of ``part`` ("desktop-2of4"): every PARTS_COUNT-th Japanese page and its English
    counterpart, so that both directions of a language switch are in one part."""
    number = int(part.split("-")[1].split("of")[0]) - 1
    paths = site_pages(site)
    japanese = sorted({counterpart(p) if p.startswith("/en/") else p for p in paths})
    chosen = set(japanese[number::PARTS_COUNT])
    return [p for p in paths if (counterpart(p) if p.startswith("/en/") else p) in chosen]


def visits_of(part: str, browser: Browser, base_url: str, site: Path, tmp_path_factory: pytest.TempPathFactory) -> Visits:
    """Load every page of ``part`` at its viewport once per run, recording everything the checks need."""
    viewport = part.split("-")[0]

    def make() -> Visits:
        paths = pages_of(part, site)
        context = browser.new_context(viewport=VIEWPORTS[viewport])
        try:
            seen = visit_all(context, [base_url + path for path in paths], viewport, switch=viewport == "desktop",
                             judged=Judged(site_files(site, base_url), browser.version))
            return Visits(base_url, dict(zip(paths, seen)))
        finally:
            context.close()

    made = once_per_run(tmp_path_factory, f"visits-{part}", make,
                        lambda made: {"base_url": made.base_url, "seen": {p: asdict(v) for p, v in made.seen.items()}},
                        _load_visits)
    write_run_results(run_folder(tmp_path_factory), browser.version, site)
    return made


def _load_visits(data: dict) -> Visits:
    return Visits(data["base_url"], {p: Visit(**v) for p, v in data["seen"].items()})


@pytest.fixture
def visits(part: str, browser: Browser, base_url: str, site: Path, tmp_path_factory: pytest.TempPathFactory) -> Visits:
    return visits_of(part, browser, base_url, site, tmp_path_factory)


def test_the_parts_hold_every_page_once(site: Path) -> None:
    """No page is left out of the every-page checks, and none is visited twice at a viewport."""
    for viewport in VIEWPORTS:
        parts = [pages_of(p, site) for p in PARTS if p.startswith(viewport)]
        every = [page for part in parts for page in part]
        assert sorted(every) == sorted(site_pages(site)), viewport
        assert all(parts), f"{viewport}: a part has no page"


def run_results(parts: dict[str, Visits], browser_version: str, site: Path) -> dict:
    """The statement's results file for one run (``python -m sns_policy.a11y.cli record``
    copies it), from every part's visits at both viewports."""
    both: dict[str, dict[str, Visit]] = {name: {} for name in VIEWPORTS}
    for part, made in parts.items():
        both[part.split("-")[0]].update(made.seen)
    pages = site_pages(site)
    return {
        "tested_on": dt.date.today().isoformat(),
        "standard": "JIS X 8341-3:2016",
        "target_level": "AA",
        "axe_core": next(iter(both["desktop"].values())).axe_version,
        "ibm_equal_access": {"version": next(iter(both["desktop"].values())).ace_version, "policy": ACE_POLICY,
                             "violations": {v: sum(len(seen.ace_violations) for seen in both[v].values()) for v in VIEWPORTS}},
        "browser": f"Chromium {browser_version.split('.')[0]}",
        "rules": WCAG_TAGS,
        "viewports": {name: [size["width"], size["height"]] for name, size in VIEWPORTS.items()},
        "pages": [{"path": p, **{v: len(both[v][p].violations) for v in VIEWPORTS}} for p in pages],
        "by_tag": by_criterion([both[name][p] for name in VIEWPORTS for p in pages]),
    }


def write_run_results(shared: Path, browser_version: str, site: Path) -> bool:
    """Write this run's results where ``record`` takes them from, once every part was visited.

    Each part's visits are in the run's shared folder (``once_per_run``); whichever part's test
    sees the last of them written writes the file, so no test waits for another part and a shard
    (which visits only its own parts) writes none. Returns whether the file was written.
    """
    records = {part: shared / f"visits-{part}.json" for part in PARTS}
    with (shared / "accessibility-results.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not all(record.exists() for record in records.values()):
            return False
        parts = {part: _load_visits(json.loads(record.read_text(encoding="utf-8"))) for part, record in records.items()}
        accessibility.LATEST_RUN.parent.mkdir(exist_ok=True)
        accessibility.save(run_results(parts, browser_version, site), accessibility.LATEST_RUN)
        return True


@by_part
def test_no_wcag_a_or_aa_violation_on_any_page(visits: Visits) -> None:
    problems = [line for seen in visits.seen.values() for line in describe_violations(seen)]
    assert not problems, "axe-core found:\n" + "\n".join(problems)


@by_part
def test_no_ibm_equal_access_violation_on_any_page(visits: Visits) -> None:
    """The second engine, IBM Equal Access with policy WCAG_2_1, finds nothing either."""
    problems = [line for seen in visits.seen.values() for line in describe_ace_violations(seen)]
    assert not problems, "IBM Equal Access found:\n" + "\n".join(problems)


@by_part
def test_browser_talks_to_our_origin_only(visits: Visits) -> None:
    problems = [f"{seen.url} [{seen.viewport}] requested {url}" for seen in visits.seen.values()
                for url in other_origin_requests(seen, visits.base_url)]
    assert not problems, "\n".join(problems)


@by_part
def test_console_shows_no_error(visits: Visits) -> None:
    problems = [f"{seen.url} [{seen.viewport}]: {error}" for seen in visits.seen.values() for error in seen.console_errors]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("part", [p for p in PARTS if p.startswith("mobile")])
def test_mobile_pages_do_not_scroll_sideways(visits: Visits) -> None:
    problems = [f"{seen.url}: {horizontal_overflow(seen)}px wider than the 360px screen"
                for seen in visits.seen.values() if horizontal_overflow(seen)]
    assert not problems, "\n".join(problems)


@by_part
def test_tables_scroll_inside_their_own_box(visits: Visits) -> None:
    problems = [f"{seen.url}: {seen.unwrapped_tables} table(s) not inside a scrolling box"
                for seen in visits.seen.values() if seen.unwrapped_tables]
    assert not problems, "\n".join(problems)


@desktop_parts
def test_every_page_switches_to_the_same_page_and_back(visits: Visits) -> None:
    """Each Japanese page's language menu leads to its English counterpart, and that page's menu
    leads back (both pages are in the part, each visited on its own)."""
    problems = [f"{path}: switching to en led to {visits.seen[path].switched_to}, not {counterpart(path)}"
                for path in visits.seen if not path.startswith("/en/") and visits.seen[path].switched_to != counterpart(path)]
    problems += [f"{counterpart(path)}: switching back to ja led to {visits.seen[counterpart(path)].switched_to}, not {path}"
                 for path in visits.seen if not path.startswith("/en/") and visits.seen[counterpart(path)].switched_to != path]
    assert not problems, "\n".join(problems)


@desktop_parts
def test_english_pages_switch_too(visits: Visits) -> None:
    """Every English page has a Japanese original, and its menu leads there."""
    problems = [f"{path}: switching to ja led to {seen.switched_to or 'nowhere'}, not {counterpart(path)}"
                for path, seen in visits.seen.items() if path.startswith("/en/") and seen.switched_to != counterpart(path)]
    assert not problems, "\n".join(problems)


def _published(page: Path) -> tuple[dict[str, dict[str, int]], str]:
    """The per-page results and the tools line as the built statement page shows them."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    counts = {}
    for row in soup.select("article details table tbody tr"):
        path, *cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        counts[path] = {v: int("".join(filter(str.isdigit, c)) or 0) for v, c in zip(VIEWPORTS, cells)}
    return counts, soup.select_one("article").get_text(" ", strip=True)


def _disagreements(published: dict[str, dict[str, int]], latest: dict[str, dict[str, int]]) -> list[str]:
    """Pages whose published counts differ from this run's.

    The statement dates its results: a page an editor added (a new plan, an amendment's 新旧対照表) or
    removed since the recorded run is not a contradiction, and must not turn an editor's pull request
    red. Every page both know must agree, and they must share pages at all.
    """
    shared = published.keys() & latest.keys()
    if not shared:
        return ["the statement and this run have no page in common"]
    return [f"{path}: published {published[path]}, this run {latest[path]}" for path in sorted(shared)
            if published[path] != latest[path]]


def part_results(visits: Visits, part: str) -> dict[str, dict[str, int]]:
    """This run's violation counts of the part's pages, at the part's viewport: path → {viewport: n}."""
    viewport = part.split("-")[0]
    return {path: {viewport: len(seen.violations)} for path, seen in visits.seen.items()}


@by_part
@pytest.mark.parametrize("statement", ["accessibility/index.html", "en/accessibility/index.html"])
def test_statement_page_agrees_with_the_latest_results(visits: Visits, part: str, site: Path, statement: str) -> None:
    """The page was built from the committed results file; this run must not contradict it.

    Checked part by part (each part's pages at its viewport, as its own visits found them), so no
    test waits for the whole site to be visited, and a shard checks the parts it visits; over the
    parts of a whole run, every page at both viewports is compared, as one check of the whole run would.
    """
    viewport = part.split("-")[0]
    counts, text = _published(site / statement)
    published = {path: {viewport: shown[viewport]} for path, shown in counts.items() if viewport in shown}
    hint = ("this run is in test-results/accessibility-results.json; if it is right, run "
            "`.venv/bin/python -m sns_policy.a11y.cli record`, rebuild, check the statement and commit the file")
    disagree = _disagreements(published, part_results(visits, part))
    assert not disagree, f"{statement}: the published results disagree with this test run: {disagree}; {hint}"
    first = next(iter(visits.seen.values()))
    assert f"axe-core {first.axe_version}" in text, f"{statement}: axe-core version differs; {hint}"
    assert f"IBM Equal Access Accessibility Checker {first.ace_version}" in text, \
        f"{statement}: the second engine's version differs or is missing; {hint}"
    # The 達成基準チェックリスト: a criterion this run found violations of is shown as not met, never as met.
    lang = "en" if statement.startswith("en/") else "ja"
    marks = a11y_render.WORDS[lang]["mark"]
    table = BeautifulSoup((site / statement).read_text(encoding="utf-8"), "html.parser").select_one("h3#checklist").find_next("table")
    shown = {tr.td.get_text(" ", strip=True).split()[0]: tr.find_all("td")[3].get_text(" ", strip=True) for tr in table.select("tbody tr")}
    found_by_tag = by_criterion(list(visits.seen.values()))
    for criterion in a11y_model.jis_criteria(a11y_model.criteria()):
        found = found_by_tag.get(criterion.get("axe", ""), {}).get("violations", 0)
        assert not found or shown[criterion["id"]] == marks["not_met"], f"{statement}: {criterion['id']} has violations; {hint}"
    # The browser version is reported but not compared: Debian's security updates change it
    # every few weeks, which says nothing about the pages.


@pytest.mark.parametrize("part", PARTS[:1])
def test_a_statement_that_disagrees_with_the_run_is_caught(visits: Visits, part: str, project_copy: Path, tmp_path: Path) -> None:
    """Put the fault back: a results file typed by hand (one page of the part claims 3 violations)."""
    viewport = part.split("-")[0]
    latest = part_results(visits, part)
    target = project_copy / "scripts" / "data" / "accessibility-results.json"
    tampered = json.loads(target.read_text(encoding="utf-8"))
    row = next(row for row in tampered["pages"] if row["path"] in latest)
    row[viewport] = latest[row["path"]][viewport] + 3
    accessibility.save(tampered, target)
    build = run_build(project_copy, tmp_path / "out")
    assert build.returncode == 0, build.output
    counts, _ = _published(tmp_path / "out" / "accessibility" / "index.html")
    assert counts[row["path"]][viewport] == row[viewport]
    published = {path: {viewport: shown[viewport]} for path, shown in counts.items()}
    assert f"{row['path']}: published {{'{viewport}': {row[viewport]}}}, this run {latest[row['path']]}" in _disagreements(published, latest)


def test_the_run_results_are_written_once_every_part_was_visited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The results file ``record`` copies is written by the last part's test, and only then: a shard
    that visits some parts writes none (it would claim pages it never visited)."""
    site = tmp_path / "site"
    for path in ("", "en/"):
        (site / path).mkdir(parents=True, exist_ok=True)
        (site / path / "index.html").write_text("<html></html>", encoding="utf-8")
    monkeypatch.setattr(accessibility, "LATEST_RUN", tmp_path / "out" / "accessibility-results.json")
    shared = tmp_path / "run"
    shared.mkdir()
    for number, part in enumerate(PARTS):
        seen = {p: asdict(Visit(f"http://x{p}", part.split("-")[0], axe_version="4", ace_version="4")) for p in pages_of(part, site)}
        (shared / f"visits-{part}.json").write_text(json.dumps({"base_url": "http://x", "seen": seen}), encoding="utf-8")
        assert write_run_results(shared, "140.0", site) == (number == len(PARTS) - 1), part
    written = json.loads(accessibility.LATEST_RUN.read_text(encoding="utf-8"))
    assert sorted(row["path"] for row in written["pages"]) == ["/", "/en/"]
    assert {"path": "/", "desktop": 0, "mobile": 0} in written["pages"]


def test_pages_added_or_removed_since_the_recorded_run_are_no_contradiction() -> None:
    """An editor's new page (or a page removed) leaves the statement's other rows to be compared."""
    run = {"/a/": {"desktop": 0, "mobile": 0}, "/new/": {"desktop": 0, "mobile": 0}}
    assert _disagreements({"/a/": {"desktop": 0, "mobile": 0}, "/old/": {"desktop": 0, "mobile": 0}}, run) == []
    assert _disagreements({"/a/": {"desktop": 1, "mobile": 0}}, run) == ["/a/: published {'desktop': 1, 'mobile': 0}, this run {'desktop': 0, 'mobile': 0}"]
    assert _disagreements({"/old/": {"desktop": 0, "mobile": 0}}, run) == ["the statement and this run have no page in common"]


def test_a_fault_ibm_equal_access_finds_is_caught(page, base_url: str) -> None:  # noqa: ANN001 - the page fixture
    """Put a fault back: the drawer's shade as Material writes it, an empty second label of a hidden toggle."""
    from tests.browser.audit import ace_violations

    page.goto(base_url + "/policy/")
    assert ace_violations(page, "desktop", "") == []
    page.evaluate("() => document.body.insertAdjacentHTML('afterbegin', '<label class=\"md-overlay\" for=\"__drawer\"></label>')")
    found = {v["id"] for v in ace_violations(page, "desktop", "")}
    assert {"label_content_exists", "form_label_unique"} <= found, found
