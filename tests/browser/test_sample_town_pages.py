"""Mihon Town's pages (the fictional second town, tests/sites/) in a real browser, both widths:
axe-core and IBM Equal Access find no violation, and nothing is fetched from another host.

The town is the one another municipality would have: built by the pip-installed engine from its folder
copied alone (tests/sites/sample_town.py). IBM Equal Access leaves out the rules the town's own
data switches off (its accessibility-engines.yml), so the tools are pointed at the town while it runs.
"""
from __future__ import annotations

from dataclasses import asdict

import pytest
from playwright.sync_api import Browser

from tests.bad_inputs import project
from tests.browser.audit import Judged, Visit, describe_ace_violations, describe_violations, other_origin_requests, site_files, visit_all
from tests.browser.conftest import DESKTOP, MOBILE, serve, site_pages
from tests.conftest import Build, once_per_run
from tests.sites.sample_town import SAMPLE_TOWN, installed_engine, sample_town  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}


@pytest.fixture(scope="module")
def town_visits(browser: Browser, sample_town: Build, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Visit]]:
    """Every page of the town at each width, visited once per run (audits kept by their bytes)."""
    assert sample_town.returncode == 0, sample_town.output

    def make() -> dict[str, list[Visit]]:
        server, url = serve(sample_town.site_dir, built_for=sample_town.site_url)
        try:
            with project(SAMPLE_TOWN / "mkdocs.yml"):
                seen = {}
                for name, size in VIEWPORTS.items():
                    context = browser.new_context(viewport=size)
                    try:
                        seen[name] = visit_all(context, [url + path for path in site_pages(sample_town.site_dir)], name,
                                               judged=Judged(site_files(sample_town.site_dir, url), browser.version))
                    finally:
                        context.close()
                return seen
        finally:
            server.shutdown()

    return once_per_run(tmp_path_factory, "sample-town-visits", make,
                        lambda made: {name: [asdict(v) for v in visits] for name, visits in made.items()},
                        lambda data: {name: [Visit(**v) for v in visits] for name, visits in data.items()})


def test_every_page_of_the_sample_town_is_visited(town_visits: dict[str, list[Visit]], sample_town: Build) -> None:
    pages = site_pages(sample_town.site_dir)
    assert len(pages) >= 20, pages  # both languages of every page, the generated ones included
    assert all(len(visits) == len(pages) for visits in town_visits.values())


def test_no_wcag_a_or_aa_violation_on_any_page_of_the_sample_town(town_visits: dict[str, list[Visit]]) -> None:
    problems = [line for visits in town_visits.values() for seen in visits for line in describe_violations(seen)]
    assert not problems, "axe-core found:\n" + "\n".join(problems)


def test_no_ibm_equal_access_violation_on_any_page_of_the_sample_town(town_visits: dict[str, list[Visit]]) -> None:
    problems = [line for visits in town_visits.values() for seen in visits for line in describe_ace_violations(seen)]
    assert not problems, "IBM Equal Access found:\n" + "\n".join(problems)


def test_the_sample_town_s_pages_fetch_from_their_own_origin_only(town_visits: dict[str, list[Visit]]) -> None:
    problems = [f"{seen.url} [{seen.viewport}] requested {request}" for visits in town_visits.values() for seen in visits
                for request in other_origin_requests(seen, seen.url.split("/", 3)[0] + "//" + seen.url.split("/", 3)[2])]
    assert not problems, "\n".join(problems)
