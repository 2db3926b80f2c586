"""What an editor reads when a check fails: the page rules' summary, first, before any test output."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT


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
    assert xdist_group(f"{every}::test_statement_page_agrees_with_the_latest_results[en/accessibility/index.html]") == f"{every}::{PARTS_OF_THE_SITE[-1]}"
    assert len({xdist_group(f"{every}::test_console_shows_no_error[{part}]") for part in PARTS_OF_THE_SITE}) == len(PARTS_OF_THE_SITE)
    other = "tests/test_build.py::test_html_lang_matches_the_language"
    assert xdist_group(other) == other


def test_auto_starts_two_workers_per_core() -> None:
    from tests.conftest import pytest_xdist_auto_num_workers

    assert pytest_xdist_auto_num_workers(None) == 2 * (os.cpu_count() or 1)  # type: ignore[arg-type]
