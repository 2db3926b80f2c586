"""The benchmark's code on small inputs: no Lighthouse, no browser, no build of the whole site.

The benchmark itself (``python -m sns_policy.commands.bench --quick``) runs in a workflow of its own
(.github/workflows/bench.yml) and by hand, never inside the test suite: it took 344 s of it.
Timings are never judged here; what is tested is that every row is made and read right.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from sns_policy.commands import bench as bench_module
from sns_policy.commands.bench import ROOT, Bench, TierRun, edit_one_word, has_tiers, slowest_tests, tier_rows, tier_runs


def test_a_missed_target_is_named_with_its_number_and_reason() -> None:
    bench = Bench()
    bench.add("first load /", "120.0 KB", "150.0 KB", "0.80×", "≤ 0.50×", False, "Because.")
    bench.add("first load /en/", "60.0 KB", "150.0 KB", "0.40×", "≤ 0.50×", True)
    text = bench.table()
    assert "| first load / | 120.0 KB | 150.0 KB | 0.80× | ≤ 0.50× | **no** |" in text
    assert text.endswith("Targets not met:\n- first load /: 120.0 KB (plain 150.0 KB, ratio 0.80×; target ≤ 0.50×). Because.")


def test_a_missed_cpu_target_says_where_the_extra_time_goes() -> None:
    """The reason is measured per build step, and what no step accounts for is named too."""
    from sns_policy.commands.bench import BUILD_STEPS, SHARED_STEPS, cpu_reason

    steps = {label: 0.1 for label, _ in BUILD_STEPS} | {label: 0.3 for label, _ in SHARED_STEPS} | {"total": 1.9}
    text = cpu_reason(2.0, 1.0, steps, {label: 0.2 for label, _ in SHARED_STEPS} | {"total": 1.0})
    assert text.startswith("Our build does 1.00 s more.")
    for label, _ in BUILD_STEPS:
        assert f"{label} 0.10 s" in text
    for label, _ in SHARED_STEPS:
        assert f"{label} 0.30 s against 0.20 s (+0.10 s)" in text
    assert f"the rest of the build: {0.9 - 0.1 * len(BUILD_STEPS) - 0.1 * len(SHARED_STEPS):.2f} s." in text
    assert "Outside the build (Python's start-up and clean-up, and the spread between runs): 0.10 s." in text


def test_every_timed_build_step_exists() -> None:
    """A renamed function would silently drop out of the breakdown: name them all."""
    from sns_policy.commands.bench import BUILD_STEPS, SHARED_STEPS, _resolve

    for _, names in (*BUILD_STEPS, *SHARED_STEPS):
        for name in names:
            holder, attribute = _resolve(name)
            assert callable(getattr(holder, attribute, None)), name


def test_a_step_inside_another_is_counted_in_its_own_line_only() -> None:
    """The 新旧対照表 expand the rules' markers: that time is the markers' line, not counted twice."""
    import time

    from sns_policy.commands.bench import timed_step

    def busy(seconds: float) -> None:
        end = time.process_time() + seconds
        while time.process_time() < end:
            pass

    spent: dict[str, float] = {}
    running: list[list[object]] = []
    inner = timed_step(lambda: busy(0.05), "markers", spent, running)
    again = timed_step(lambda: busy(0.02), "comparisons", spent, running)
    outer = timed_step(lambda: (busy(0.05), inner(), again()), "comparisons", spent, running)
    outer()
    assert 0.05 <= spent["markers"] < 0.09
    assert 0.07 <= spent["comparisons"] < 0.11, "the outer step kept the inner step's time, or counted its own twice"
    assert running == []


DURATIONS_TABLE = """============================= slowest 15 durations =============================
175.20s setup    tests/browser/test_every_page.py::test_console_shows_no_error[desktop-1of4]
32.08s call     tests/test_editor_journeys.py::test_amend_the_policy_in_both_languages
2.50s call     tests/browser/test_every_page.py::test_console_shows_no_error[desktop-1of4]
0.40s teardown tests/test_serve.py::test_x
"""


def test_the_slowest_tests_are_read_from_pytests_durations_table() -> None:
    found = slowest_tests("....\n" + DURATIONS_TABLE + "852 passed in 900.00s", count=2)
    assert found == [(177.7, "tests/browser/test_every_page.py::test_console_shows_no_error[desktop-1of4]"),
                     (32.08, "tests/test_editor_journeys.py::test_amend_the_policy_in_both_languages")]
    assert slowest_tests("no table at all") == []


def _tiny_clone(tmp_path: Path) -> Path:
    """A git repository with a policy page to edit: enough for the tiers' sequence."""
    project = tmp_path / "project"
    (project / "docs" / "ja").mkdir(parents=True)
    (project / "docs" / "ja" / "policy.md").write_text("---\ntitle: 方針\n---\n\n# 方針\n\n最初の段落です。\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                    "commit", "-qam", "start", "--allow-empty"], check=True)
    subprocess.run(["git", "-C", str(project), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                    "commit", "-qm", "page"], check=True)
    return project


def test_the_tiers_run_in_order_with_the_caches_they_need(tmp_path: Path) -> None:
    """Fast and every shard start cold; the warm run has the cold run's cache and one committed word more."""
    project = _tiny_clone(tmp_path)
    calls: list[tuple[list[str], Path, str]] = []

    def runner(where: Path, args: list[str], cache: Path) -> TierRun:
        head = subprocess.run(["git", "-C", str(where), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
        calls.append((args, cache, head))
        return TierRun(1.0, True)

    runs = tier_runs(project, tmp_path / "work", runner, shards=4)
    assert list(runs) == ["fast", "full cold", "full warm", "shard 1 of 4", "shard 2 of 4", "shard 3 of 4", "shard 4 of 4"]
    assert [args for args, _, _ in calls] == [["fast"], [], [], *(["shard", str(k), "4"] for k in range(1, 5))]
    caches = [cache for _, cache, _ in calls]
    assert caches[1] == caches[2], "the warm run must reuse the cold run's cache"
    assert len(set(caches)) == len(caches) - 1, "every other run starts from an empty cache of its own"
    assert calls[1][2] != calls[2][2], "the one-word edit was not committed before the warm run"
    assert "最初の段落です。（確認）" in (project / "docs" / "ja" / "policy.md").read_text(encoding="utf-8")
    assert subprocess.run(["git", "-C", str(project), "status", "--porcelain"], capture_output=True, text=True).stdout == ""


def test_a_tier_that_misses_its_target_names_its_slowest_tests() -> None:
    bench = Bench()
    slow = [(120.0, "tests/browser/test_every_page.py::test_x[mobile-1of4]")]
    tier_rows(bench, {"fast": TierRun(60.0, True), "full cold": TierRun(600.0, True, slow), "full warm": TierRun(100.0, False)},
              {"fast": TierRun(120.0, True)}, "ours: this commit, plain: the previous one")
    fast, cold, warm = bench.rows
    assert (fast.ours, fast.plain, fast.ratio, fast.target, fast.met, fast.why) == ("60 s", "120 s", "0.50×", "≤ 90 s", True, "")
    assert (cold.target, cold.met, cold.plain) == ("≤ 8 min", False, "–")
    assert cold.why == "Slowest: tests/browser/test_every_page.py::test_x[mobile-1of4] 120 s."
    assert warm.ours == "100 s (failed)" and warm.met is False and "no durations" in warm.why
    assert "Targets not met:\n- test tier: full cold" in bench.table()


def test_quick_prints_the_tier_rows_without_running_them(tmp_path: Path) -> None:
    bench = Bench()
    bench_module._tiers(bench, True, tmp_path, lambda text: None)
    assert [r.measure.split(" (")[0] for r in bench.rows] == ["test tier: fast", "test tier: full cold", "test tier: full warm",
                                                               "test tier: shard 1 of 4"]
    assert all(r.ours == "not run (quick)" for r in bench.rows)


def test_this_commit_has_the_tiers_and_an_old_one_does_not(tmp_path: Path) -> None:
    assert has_tiers(ROOT)
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "test.sh").write_text('exec .venv/bin/python -m pytest "$@"\n', encoding="utf-8")
    assert not has_tiers(tmp_path)


def test_a_one_word_edit_skips_headings_and_front_matter(tmp_path: Path) -> None:
    project = _tiny_clone(tmp_path)
    edit_one_word(project)
    text = (project / "docs" / "ja" / "policy.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 方針\n---\n\n# 方針\n") and text.count("（確認）") == 1


def test_sizes_count_html_apart(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(b"x" * 10)
    (tmp_path / "style.css").write_bytes(b"y" * 5)
    assert bench_module._sizes(tmp_path) == (15, 10)
