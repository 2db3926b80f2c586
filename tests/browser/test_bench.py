"""The benchmark keeps working: its quick mode prints the whole table (timings are not judged)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from scripts.commands.bench import PAGES, QUERIES, ROOT, Bench


@pytest.mark.browser
def test_quick_bench_prints_every_row_of_the_table() -> None:
    result = subprocess.run([sys.executable, "-m", "scripts.commands.bench", "--quick"], cwd=ROOT,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert lines[0] == "| measure | ours | plain | ours ÷ plain | target | met |"
    rows = {line.split(" | ")[0][2:]: line.split(" | ")[1:] for line in lines[1:]}
    for path in PAGES:
        ours, plain, ratio, target, _ = rows[f"first load {path} (gzip, on the wire)"]
        assert ours.endswith(" KB") and plain.endswith(" KB") and ratio.endswith("×") and target == "≤ 0.50×"
        assert f"Lighthouse {path} (perf / a11y / best pr. / SEO)" in rows
    for measure in ("build CPU time (median of 1)", "build wall time (median of 1)", "build time, 4 plans ÷ 2 plans",
                    "HTML per added plan page, 0→2 and 2→4", "build with 2 synthetic plans: time / output / HTML",
                    "build with 4 synthetic plans: time / output / HTML"):
        assert measure in rows, f"no row {measure!r} in\n{result.stdout}"
    for lang, (_, *queries) in QUERIES.items():
        assert rows[f"search latency {lang}, first query then second ({' / '.join(queries)})"][0].count(" ms") == 2
    reload = rows["serve reload after saving a page (median of 1; ours: this commit, plain: the previous one)"]
    assert reload[0].endswith(" s") and reload[3] == "≤ 2 s", reload
    assert rows["full test command, wall time (ours: this commit, plain: the previous one)"][:2] == ["not run (quick)", "not run (quick)"]


def test_a_missed_target_is_named_with_its_number_and_reason() -> None:
    bench = Bench()
    bench.add("first load /", "120.0 KB", "150.0 KB", "0.80×", "≤ 0.50×", False, "Because.")
    bench.add("first load /en/", "60.0 KB", "150.0 KB", "0.40×", "≤ 0.50×", True)
    text = bench.table()
    assert "| first load / | 120.0 KB | 150.0 KB | 0.80× | ≤ 0.50× | **no** |" in text
    assert text.endswith("Targets not met:\n- first load /: 120.0 KB (plain 150.0 KB, ratio 0.80×; target ≤ 0.50×). Because.")


def test_a_missed_cpu_target_says_where_the_extra_time_goes() -> None:
    """The reason is measured per build step, and what no step accounts for is named too."""
    from scripts.commands.bench import BUILD_STEPS, SHARED_STEPS, cpu_reason

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
    from scripts.commands.bench import BUILD_STEPS, SHARED_STEPS, _resolve

    for _, names in (*BUILD_STEPS, *SHARED_STEPS):
        for name in names:
            holder, attribute = _resolve(name)
            assert callable(getattr(holder, attribute, None)), name


def test_a_step_inside_another_is_counted_in_its_own_line_only() -> None:
    """The 新旧対照表 expand the rules' markers: that time is the markers' line, not counted twice."""
    import time

    from scripts.commands.bench import timed_step

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
