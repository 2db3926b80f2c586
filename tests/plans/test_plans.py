"""Activity plans follow the schema; bad plans fail with file, field and rule."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sns_policy.sources.pages import load_pages
from sns_policy.plans.cli.new_plan import render_plan
from sns_policy.plans.checks import check_plans
from sns_policy.plans.model import plans_of

# A good plan that no editor's change can alter: the new-plan command's skeleton, not a plan of the
# site (a division's page may open, and its plan is then no longer a planned one).
GOOD_PLAN = yaml.safe_load(render_plan("ja", "試験課", "Test Division").split("---")[1])


def test_every_plan_of_the_site_follows_the_rules_in_both_languages() -> None:
    """Whatever plans editors have written (planned, opened, withdrawn, new): no rule is broken and
    every plan exists in each language. What the plans say is theirs to change; the rules are not."""
    pageset, _ = load_pages()
    assert [str(p) for p in check_plans(pageset)] == []
    slugs = {lang: {p.slug for p in plans_of(pageset, lang)} for lang in pageset.languages}
    assert all(slugs.values()) and len({frozenset(s) for s in slugs.values()}) == 1, slugs
    for lang in pageset.languages:
        for plan in plans_of(pageset, lang):
            assert (plan.data["status"] == "planned") == ("url" not in plan.data) or plan.data["status"] == "withdrawn", plan.slug


def _write(docs: Path, lang: str, slug: str, plan: dict) -> None:
    path = docs / lang / "plans" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"title": f"plan {slug}", "version": "1.0", "plan": plan}
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n", encoding="utf-8")


def _problems(tmp_path: Path, change, slug: str = "test", langs=("ja", "en")) -> list[str]:
    docs = tmp_path / "docs"
    plan = yaml.safe_load(yaml.safe_dump(GOOD_PLAN["plan"]))
    change(plan)
    for lang in langs:
        _write(docs, lang, slug, plan)
    pageset, _ = load_pages(docs)
    return [str(p) for p in check_plans(pageset)]


def _only(problems: list[str], fragment: str) -> str:
    matching = [p for p in problems if fragment in p]
    assert matching, f"expected a problem containing {fragment!r}, got {problems}"
    return matching[0]


def test_a_good_plan_has_no_problem(tmp_path: Path) -> None:
    assert _problems(tmp_path, lambda plan: None) == []


def test_missing_required_field(tmp_path: Path) -> None:
    message = _only(_problems(tmp_path, lambda p: p.pop("purpose")), "plan.purpose")
    assert "plans/test.md: plan.purpose: is required but missing" in message


def test_unknown_status(tmp_path: Path) -> None:
    message = _only(_problems(tmp_path, lambda p: p.update(status="paused")), "plan.status")
    assert "plans/test.md" in message and "must be planned, active or withdrawn" in message and "'paused'" in message


def test_non_facebook_platform_says_the_policy_limits_the_city_to_facebook(tmp_path: Path) -> None:
    message = _only(_problems(tmp_path, lambda p: p.update(platform="twitter")), "plan.platform")
    assert "limits the city's official pages to Facebook" in message and "'twitter'" in message


def test_url_on_a_planned_page(tmp_path: Path) -> None:
    message = _only(_problems(tmp_path, lambda p: p.update(url="https://www.facebook.com/example")), "plan")
    assert "url must be absent while status is 'planned'" in message


def test_missing_url_on_an_active_page(tmp_path: Path) -> None:
    message = _only(_problems(tmp_path, lambda p: p.update(status="active")), "plan.url")
    assert "url is required while status is 'active'" in message


def test_malformed_date(tmp_path: Path) -> None:
    message = _only(_problems(tmp_path, lambda p: p["approval"].update(date="2016/10/17")), "plan.approval.date")
    assert "YYYY-MM-DD" in message and "'2016/10/17'" in message


def test_a_person_instead_of_a_role(tmp_path: Path) -> None:
    message = _only(_problems(tmp_path, lambda p: p.update(operators=["山田太郎"])), "plan.operators[0]")
    assert "roles only, never a person's name" in message


def test_plan_in_one_language_only(tmp_path: Path) -> None:
    message = _only(_problems(tmp_path, lambda p: None, langs=("ja",)), "one language only")
    assert "ja/plans/test.md: plan: exists in one language only" in message
    assert "docs/en/plans/test.md" in message


def test_two_plans_for_the_same_page(tmp_path: Path) -> None:
    _problems(tmp_path, lambda p: None, slug="first")
    problems = _problems(tmp_path, lambda p: None, slug="second")
    message = _only(problems, "plan.page_name")
    assert "second.md" in message and "first.md" in message and "two plans may not describe the same page" in message


@pytest.mark.parametrize("key", ["status", "url"])
def test_facts_must_agree_across_languages(tmp_path: Path, key: str) -> None:
    docs = tmp_path / "docs"
    plan = yaml.safe_load(yaml.safe_dump(GOOD_PLAN["plan"]))
    _write(docs, "ja", "test", plan)
    changed = {**plan, "status": "withdrawn"} if key == "status" else {**plan, "url": "https://www.facebook.com/x", "status": "withdrawn"}
    _write(docs, "en", "test", changed)
    pageset, _ = load_pages(docs)
    messages = [str(p) for p in check_plans(pageset)]
    assert any(f"docs/en/plans/test.md: plan.{key}: differs from the original" in m for m in messages), messages
