"""What an editor reads when a check fails: the page rules' summary, first, before any test output."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, readers_not_collected


def _tracked_copy(target: Path) -> Path:
    """The repository's tracked files, with the installed .venv and node_modules linked in."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in filter(None, files.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for installed in (".venv", "node_modules"):
        if (ROOT / installed).exists():
            (target / installed).symlink_to(ROOT / installed)
    return target


def test_a_broken_plan_is_summarised_first_by_the_ci_script(tmp_path: Path) -> None:
    project = _tracked_copy(tmp_path / "project")
    plan = project / "docs" / "ja" / "plans" / "hisho-koho.md"
    text = plan.read_text(encoding="utf-8")
    line = text.splitlines().index("  status: planned") + 1
    plan.write_text(text.replace("  status: planned", "  status: opened"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PYTEST_CURRENT_TEST")}
    result = subprocess.run(["bash", ".ci/run"], cwd=project, env={**env, "CHROMIUM": "/usr/bin/chromium"},
                            capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    lines = output.lstrip().splitlines()
    assert re.match(r"docs/(ja|en)/plans/hisho-koho\.md:\d+: plan\.status$", lines[0]), output
    assert f"docs/ja/plans/hisho-koho.md:{line}: plan.status" in lines, output
    assert "[ja]" in output and "[en]" in output and "found 'opened'" in output, output
    headers = [l for l in lines if l.startswith("docs/")]
    assert len(headers) == len(set(headers)), "each problem is reported once"
    assert "test session starts" not in output and "npm" not in output, "nothing runs before the editor has fixed the page"


def test_tests_of_one_costly_result_are_scheduled_together_and_others_alone() -> None:
    """Each part's every-page visits are made once per run: its tests share a worker, so no other
    worker waits for them; a test of every part waits beside the last one made."""
    from tests.conftest import PARTS_OF_THE_SITE, xdist_group

    every = "tests/browser/test_every_page.py"
    assert xdist_group(f"{every}::test_console_shows_no_error[desktop-1of4]") == f"{every}::desktop-1of4"
    assert xdist_group(f"{every}::test_console_shows_no_error[mobile-3of4]") == f"{every}::mobile-3of4"
    assert xdist_group(f"{every}::test_statement_page_agrees_with_the_latest_results[en/accessibility/index.html-mobile-2of4]") == f"{every}::mobile-2of4"
    assert xdist_group(f"{every}::test_statement_page_agrees_with_the_latest_results[desktop-1of4-accessibility/index.html]") == f"{every}::desktop-1of4"
    assert xdist_group(f"{every}::test_the_parts_hold_every_page_once") == f"{every}::{PARTS_OF_THE_SITE[-1]}"
    assert len({xdist_group(f"{every}::test_console_shows_no_error[{part}]") for part in PARTS_OF_THE_SITE}) == len(PARTS_OF_THE_SITE)
    other = "tests/test_build.py::test_document_header_says_submitted_not_established"
    assert xdist_group(other) == other


def test_auto_starts_two_workers_per_core() -> None:
    from tests.conftest import pytest_xdist_auto_num_workers

    assert pytest_xdist_auto_num_workers(None) == 2 * (os.cpu_count() or 1)  # type: ignore[arg-type]


def test_the_full_tier_is_chosen_by_what_a_test_uses() -> None:
    """A browser, a copy of the whole project or a clone leaves the fast tier; a unit test stays."""
    from tests.conftest import is_full_only

    assert is_full_only("tests/browser/test_search.py::test_the_query_set_is_well_formed", ())
    assert is_full_only("tests/content/test_routes.py::test_changing_the_data_changes_every_page", ("project_copy", "tmp_path"))
    assert is_full_only("tests/test_editor_journeys.py::test_a_divisions_page_opens", ("clone",))
    assert not is_full_only("tests/plans/test_plans.py::test_unknown_status", ("tmp_path",))
    assert not is_full_only("tests/test_build.py::test_html_lang_matches_the_language", ("site", "build"))


def test_the_fast_tier_collects_no_browser_and_no_second_build() -> None:
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0", "-p", "no:cacheprovider",
                             "-m", "not browser and not full"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    ids = [line for line in result.stdout.splitlines() if "::" in line]
    files = {nodeid.split("::")[0] for nodeid in ids}
    assert {"tests/pipeline/test_bad_inputs.py", "tests/test_build.py", "tests/finish/test_linkcheck.py",
            "tests/commands/test_prose.py", "tests/commands/test_bench.py"} <= files
    assert not any(f.startswith("tests/browser/") or f == "tests/test_editor_journeys.py" for f in files), files
    assert not readers_not_collected(set(ids)), "READERS_OF_EVERY_PAGE names tests that do not exist"


def test_a_reader_of_every_page_that_is_renamed_is_caught() -> None:
    """The group of readers of every page (tests/conftest.py) names tests by id: a renamed one is named."""
    from tests.conftest import EVERY_PAGE_PARSED, READERS_OF_EVERY_PAGE, xdist_group

    gone = sorted(READERS_OF_EVERY_PAGE)[0]
    assert readers_not_collected(READERS_OF_EVERY_PAGE - {gone}) == {gone}
    assert {xdist_group(nodeid) for nodeid in READERS_OF_EVERY_PAGE} == {EVERY_PAGE_PARSED}


class _Item:
    """What pytest-split's algorithm reads of a test: its id."""

    def __init__(self, nodeid: str) -> None:
        self.nodeid = nodeid


def test_shards_keep_each_part_of_the_site_whole_and_run_every_test_once() -> None:
    """pytest-split alone would spread one part's tests over shards, and each would visit the part again."""
    pytest.importorskip("pytest_split", reason="bash scripts/test.sh installs pytest-split (requirements.txt)")
    from tests import sharding
    from tests.conftest import PARTS_OF_THE_SITE, xdist_group

    every = "tests/browser/test_every_page.py"
    items = [_Item(f"{every}::test_{name}[{part}]") for name in ("a", "b", "c") for part in PARTS_OF_THE_SITE]
    items += [_Item(f"tests/test_x.py::test_{n}") for n in range(40)]
    durations = {item.nodeid: 30.0 for item in items if every in item.nodeid} | {"tests/test_x.py::test_0": 100.0}
    shards = [sharding.split(items, 4, k, durations, "least_duration", xdist_group) for k in range(1, 5)]
    chosen = [[item.nodeid for item in selected] for selected, _, _ in shards]
    assert sorted(n for shard in chosen for n in shard) == sorted(item.nodeid for item in items), "each test in exactly one shard"
    for part in PARTS_OF_THE_SITE:
        holding = [k for k, shard in enumerate(chosen) if any(f"[{part}]" in n for n in shard)]
        assert len(holding) == 1, f"{part} is cut between shards {holding}"
    assert all(shard for shard in chosen)
    seconds = [estimate for _, _, estimate in shards]
    assert max(seconds) - min(seconds) <= 100.0, seconds


def test_a_shard_out_of_range_is_refused_before_anything_is_installed() -> None:
    result = subprocess.run(["bash", "scripts/test.sh", "shard", "5", "4"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "usage: bash scripts/test.sh shard K N" in result.stderr
    assert "Installing" not in result.stdout + result.stderr


def test_the_longest_units_are_handed_out_first() -> None:
    """pytest-xdist hands units out in collection order: a long part must not start last."""
    from types import SimpleNamespace

    from tests.sharding import longest_first

    items = [SimpleNamespace(nodeid=n) for n in ("a.py::short", "b.py::part[x]", "b.py::other[x]", "c.py::long", "d.py::new")]
    group = lambda nodeid: "b.py::x" if nodeid.startswith("b.py") else nodeid  # noqa: E731
    durations = {"a.py::short": 1.0, "b.py::part[x]": 50.0, "b.py::other[x]": 30.0, "c.py::long": 60.0}
    ordered = [item.nodeid for item in longest_first(items, group, durations)]
    assert ordered == ["b.py::part[x]", "b.py::other[x]", "c.py::long", "d.py::new", "a.py::short"]
