"""The new-plan command makes pages that validate and appear in the registry."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_build

# A name no editor's plan can have (an editor's file could be named kanko, as in the README): the
# tests work on their own copy of the project, and must hold whatever plans it already has.
SLUG = "zz-test-new-plan"


def _free_plan(project: Path) -> tuple[str, str, str]:
    """A file name and division names (ja, en) that no plan of the copy uses: ``SLUG``, or it with a number."""
    plans = list((project / "docs").glob("*/plans/*.md"))
    taken = {p.stem for p in plans}
    texts = "\n".join(p.read_text(encoding="utf-8") for p in plans)
    for n in range(len(plans) + 2):
        slug, ja, en = (SLUG, "試験専用課", "Test-only Division") if n == 0 else (f"{SLUG}-{n}", f"試験専用課{n}", f"Test-only Division {n}")
        if slug not in taken and ja not in texts and en not in texts:
            return slug, ja, en
    raise AssertionError("unreachable: one of the names is free")


def _new_plan(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sns_policy.plans.cli.new_plan", *args], cwd=project,
                          capture_output=True, text=True, timeout=120)


def test_new_plan_validates_and_appears_in_the_registry(project_copy: Path, tmp_path: Path) -> None:
    slug, ja, en = _free_plan(project_copy)
    result = _new_plan(project_copy, "--slug", slug, "--ja", ja, "--en", en)
    assert result.returncode == 0, result.stderr
    assert f"created docs/ja/plans/{slug}.md" in result.stdout and f"created docs/en/plans/{slug}.md" in result.stdout
    assert f"plans/{slug}.md" not in (project_copy / "mkdocs.yml").read_text(encoding="utf-8"), "plans stay out of the nav"
    build = run_build(project_copy, tmp_path / "out")
    assert build.returncode == 0, build.output
    # A planned page is not yet official: it is listed with the plans, not in the registry (guideline 第21条・第37条).
    accounts = json.loads((tmp_path / "out" / "accounts.json").read_text(encoding="utf-8"))["accounts"]
    assert not any(a["id"] == slug for a in accounts)
    for page in ("plans/index.html", "en/plans/index.html"):
        assert f"{slug}/" in (tmp_path / "out" / page).read_text(encoding="utf-8")


def test_new_plan_refuses_to_overwrite(project_copy: Path) -> None:
    slug, ja, en = _free_plan(project_copy)
    assert _new_plan(project_copy, "--slug", slug, "--ja", ja, "--en", en).returncode == 0
    result = _new_plan(project_copy, "--slug", slug, "--ja", ja, "--en", en)
    assert result.returncode == 2
    assert f"docs/ja/plans/{slug}.md already exists" in result.stderr and "Traceback" not in result.stderr


def test_new_plan_refuses_a_bad_slug(project_copy: Path) -> None:
    result = _new_plan(project_copy, "--slug", "観光", "--ja", "観光課", "--en", "Tourism Division")
    assert result.returncode == 2 and "--slug" in result.stderr and "Traceback" not in result.stderr


def test_filled_plans_are_written_as_yaml_data_not_pasted_text() -> None:
    """A quote, colon, hash or line break in a value stays a value: the page's structure cannot change.

    (The page reader then refuses the line break itself; this is the layer below it.)
    """
    import yaml

    from sns_policy.plans.cli import new_plan

    hostile = 'Tourism: "x" #y\n---\nevil: 1'
    text = new_plan.fill_plan("en", "観光課", hostile, {"purpose": hostile, "audience": ["a", "b"]})
    front, body = text.removeprefix("---\n").split("\n---\n")
    meta = yaml.safe_load(front)
    assert "evil" not in meta and set(meta) == {"title", "version", "plan"}
    assert meta["plan"]["department"]["en"] == hostile and meta["plan"]["purpose"] == hostile
    assert meta["plan"]["audience"] == ["a", "b"] and meta["title"].endswith(hostile)
    assert body.strip().startswith("(Body")
