"""Rules stated once (scripts/data): pages render them, and contradicting them fails the build."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sns_policy.sources.pages import load_pages
from sns_policy.playbooks.checks import check_playbooks
from sns_policy.plans.checks import check_plans
from sns_policy.content.markers import check_markers, expand
from sns_policy.content.rules import check_plan_rules, notify_table
from sns_policy.sources.schema import severity_levels
from tests.conftest import ROOT, write_page
from tests.playbooks.test_playbooks import GOOD, _problems as playbook_problems

HISHO = yaml.safe_load((ROOT / "docs" / "ja" / "plans" / "hisho-koho.md").read_text(encoding="utf-8").split("---")[1])["plan"]


def _marker_problems(tmp_path: Path, body: str) -> list[str]:
    docs = tmp_path / "docs"
    for lang in ("ja", "en"):
        write_page(docs / lang / "incidents" / "index.md", 'title: t\nversion: "1.0"', body)
    pageset, _ = load_pages(docs)
    return [f"{p.location}: {p}" for p in check_markers(pageset) if "/ja/" in p.file]


def test_the_real_site_states_every_rule_through_markers() -> None:
    pageset, _ = load_pages()
    assert check_markers(pageset) == []
    for rel in ("incidents/index.md", "guideline/risk.md"):
        for lang in pageset.languages:
            assert "{{rule:notify-table}}" in pageset.of(lang)[rel].body, (lang, rel)


def test_unknown_marker_names_file_and_line(tmp_path: Path) -> None:
    (message,) = _marker_problems(tmp_path, "一行目\n\n{{rule:who-knows}}に伝える。\n")
    assert "incidents/index.md:8: " in message and "{{rule:who-knows}} is not a known rule" in message


def test_marker_with_a_wrong_level(tmp_path: Path) -> None:
    (message,) = _marker_problems(tmp_path, "{{rule:notify:4}}に知らせる。\n")
    assert "{{rule:notify:4}} needs one of: 1, 2, 3" in message


def test_table_marker_inside_a_sentence(tmp_path: Path) -> None:
    (message,) = _marker_problems(tmp_path, "表は {{rule:notify-table}} のとおり。\n")
    assert "put it alone on its line" in message


@pytest.mark.parametrize("text", ["| **レベル1** | 所属長 | **480分以内** |", "初動の目標は60分以内とする。", "| 全てのインシデント | 所属長 → 秘書広報課 |"])
def test_a_rule_typed_by_hand_fails(tmp_path: Path, text: str) -> None:
    (message,) = _marker_problems(tmp_path, text + "\n")
    assert "by hand: write {{rule:" in message


def test_markers_render_the_data_in_both_languages() -> None:
    pageset, _ = load_pages()
    assert expand("{{rule:target:1}}", "ja", pageset, "x.md") == "8時間以内（開庁時間内で数える）"
    assert expand("{{rule:target:1}}", "en", pageset, "x.md") == "within 8 hours (counted in office hours)"
    assert expand("{{rule:tell:2}}", "ja", pageset, "x.md") == "秘書広報課及びICT総合推進室"
    assert expand("    {{rule:notify-table}}", "en", pageset, "x.md").count("\n    |") >= 3


def test_playbook_leaving_out_a_role_its_level_tells(tmp_path: Path) -> None:
    problems = playbook_problems(tmp_path, GOOD.replace("severity: 1", "severity: 2").replace("first_response_minutes: 60", "first_response_minutes: 30"))
    assert any("incident.roles: leaves out secretarial-pr, ict, whom severity 2 tells at once" in p for p in problems), problems


def test_playbook_text_naming_another_decider(tmp_path: Path) -> None:
    (message,) = playbook_problems(tmp_path, GOOD.replace("decides: head-of-department", "decides: operator"))
    assert "#who-decides: does not name **運用担当者** in bold, but incident.decides says operator" in message


def test_a_division_approving_its_own_plan() -> None:
    (problem,) = check_plan_rules({**HISHO, "approval": {"by": "secretarial-pr", "date": None}}, "docs/ja/plans/hisho-koho.md")
    assert "plan.approval.by: is 'secretarial-pr' but must be 'ict' (no division approves its own plan" in str(problem)


def test_another_division_approved_by_the_wrong_division() -> None:
    plan = {**HISHO, "department": {"ja": "観光課", "en": "Tourism Division"}}
    (problem,) = check_plan_rules(plan, "p.md")
    assert "must be 'secretarial-pr'" in str(problem)


@pytest.mark.parametrize("page_name, status, fragment", [
    ({"ja": "（仮称）石巻市 観光課", "en": "Ishinomaki City Tourism Division"}, "planned", "provisional in one language only"),
    ({"ja": "石巻市 観光課（仮称）", "en": "Ishinomaki City Tourism Division (Provisional)"}, "planned", "must come first"),
    ({"ja": "（仮称）石巻市 観光課", "en": "(Provisional) Ishinomaki City Tourism Division"}, "active", "still provisional but the page has opened"),
    ({"ja": "未定", "en": "Not yet decided"}, "planned", "must not be '未定'"),
])
def test_undecided_page_names_are_written_one_way(page_name: dict, status: str, fragment: str) -> None:
    plan = {**HISHO, "department": {"ja": "観光課", "en": "Tourism Division"}, "approval": {"by": "secretarial-pr", "date": None},
            "page_name": page_name, "status": status}
    assert any(fragment in str(p) for p in check_plan_rules(plan, "p.md"))


def test_two_sections_of_one_division_may_not_both_have_a_page(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for slug, section in (("hisho", "秘書担当"), ("koho", "広報担当")):
        plan = {**HISHO, "department": {"ja": f"総務部秘書広報課（{section}）", "en": f"Secretarial and Public Relations Division ({slug})"},
                "page_name": {"ja": f"（仮称）石巻市 {section}", "en": f"(Provisional) Ishinomaki City {slug}"}}
        for lang in ("ja", "en"):
            path = docs / lang / "plans" / f"{slug}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("---\n" + yaml.safe_dump({"title": slug, "version": "1.0", "plan": plan}, allow_unicode=True) + "---\n", encoding="utf-8")
    pageset, _ = load_pages(docs)
    assert any("one official page per division" in str(p) for p in check_plans(pageset))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_guideline_and_overview_show_the_same_table(site: Path, lang: str) -> None:
    prefix = site / ("en" if lang == "en" else "")
    def table(rel: str) -> list[str]:
        soup = BeautifulSoup((prefix / rel / "index.html").read_text(encoding="utf-8"), "html.parser")
        first = next(t for t in soup.select("article table") if "ICT" in t.get_text())
        return [tr.get_text(" ", strip=True) for tr in first.find_all("tr")]
    assert table("incidents") == table("guideline/risk")
    rows = [line for line in notify_table(lang).splitlines() if line.startswith("| ") and "---" not in line]
    assert len(table("incidents")) == len(rows) == 1 + len(severity_levels())  # header and one row per level


def test_no_built_page_says_480_minutes(site: Path) -> None:
    for page in site.rglob("*.html"):
        if "amendments" in page.parts:
            continue  # a 新旧対照表 quotes the 1.0 text, which said 480分
        assert "480分" not in page.read_text(encoding="utf-8") and "480 minutes" not in page.read_text(encoding="utf-8"), page


def test_planned_pages_are_listed_with_the_plans_not_in_the_registry(site: Path) -> None:
    """Whatever state editors left each plan in: every plan is listed with the plans, and a planned
    page is never in the registry's open data."""
    from sns_policy.plans.model import plans_of

    listed = (site / "plans" / "index.html").read_text(encoding="utf-8")
    registry = {row["id"] for row in json.loads((site / "accounts.json").read_text(encoding="utf-8"))["accounts"]}
    for plan in plans_of(load_pages()[0], "ja"):
        assert f"{plan.slug}/" in listed, plan.slug
        assert (plan.slug in registry) is (plan.data["status"] != "planned"), plan.slug


@pytest.mark.parametrize("status, listed", [("planned", False), ("active", True), ("withdrawn", True)])
def test_registry_lists_opened_and_withdrawn_pages_only(status: str, listed: bool) -> None:
    from sns_policy.plans.model import plans_of
    from sns_policy.plans.render import registry_rows
    pageset, _ = load_pages()
    plan = plans_of(pageset, "ja")[0]  # whichever plan the site has first; its state is set here
    plan.data["status"] = status
    assert (plan.slug in {row["id"] for row in registry_rows(pageset)}) is listed


def test_comparisons_show_rule_text_not_markers(site: Path) -> None:
    """新旧対照表 compare what readers read: markers are expanded before the diff."""
    for page in site.glob("**/amendments/*/index.html"):
        assert "{{rule" not in page.read_text(encoding="utf-8"), page
    from sns_policy.content.markers import expand_text
    assert expand_text("{{rule:target:1}}", "ja", "guideline/risk.md") == "8時間以内（開庁時間内で数える）"
