"""An approved "New official page" issue becomes two plan pages, and a hostile one becomes a comment.

The bodies here are what GitHub writes for the committed form: ``### <label>``, a blank
line, the answer (``_No response_`` when empty, ``- [X]`` for ticked boxes).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sns_policy.plans.cli import plan_request
from sns_policy.sources import frontmatter
from sns_policy.plans.model import SHARED_KEYS
from tests.conftest import ROOT
from tests.test_github import zizmor

WORKFLOW = ROOT / ".github" / "workflows" / "plan-request.yml"
LABELS = {f.id: f.label for f in plan_request.form_fields()}

ANSWERS = {
    "slug": "kanko",
    "department_ja": "観光課",
    "department_en": "Tourism Division",
    "page_name_ja": "（仮称）石巻市 観光課",
    "page_name_en": "(Provisional) Ishinomaki City Tourism Division",
    "platform": "Facebook",
    "status": "計画中 / Planned (planned)",
    "url": "_No response_",
    "purpose": "市の観光の魅力や催しをFacebookで発信し、市外からの来訪者を増やすため。",
    "audience": "石巻市を訪れる観光客\n観光に関心を持つ市外の人",
    "content_categories": "- 観光地・名所の紹介\n- 観光に関わる催しの案内と報告",
    "hours": "原則として開庁日の開庁時間内に投稿する。",
    "frequency": "週2回程度を目安とする。",
    "replies": "コメント・メッセージには、原則として個別に回答しない。緊急の通報は、119番（火事・救急）又は110番（警察）に電話するよう案内する。",
    "operators": "\n".join(f"- [{'X' if '(operator)' in o or '(page-manager)' in o else ' '}] {o}"
                          for f in plan_request.form_fields() if f.id == "operators" for o in f.options),
    "approval_by": "総務部秘書広報課 / Secretarial and Public Relations Division (secretarial-pr)",
    "approval_date": "_No response_",
    "review_date": "_No response_",
    "withdrawal_criteria": "ガイドライン第29条に定める撤退の基準に当たるとき\n観光に関する事業の終了等により、発信する内容がなくなったとき",
}


def body(**changes: str | None) -> str:
    """The body GitHub writes for the form, with some answers changed (None: the section is gone)."""
    answers = {**ANSWERS, **changes}
    return "\n\n".join(f"### {LABELS[key]}\n\n{answer}" for key, answer in answers.items() if answer is not None) + "\n"


def run_cli(project: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    (project / "issue-body.md").write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "sns_policy.plans.cli.plan_request", "--body-file", "issue-body.md", *args],
                          cwd=project, capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(project_copy: Path) -> Path:
    """A project copy that also has the issue form the parser reads its labels from."""
    shutil.copytree(ROOT / ".github" / "ISSUE_TEMPLATE", project_copy / ".github" / "ISSUE_TEMPLATE")
    return project_copy


def test_the_form_as_github_renders_it_becomes_two_valid_plan_pages(project: Path) -> None:
    result = run_cli(project, body(), "--issue", "12", "--out-pr-body", "pr.md", "--out-slug", "slug.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "slug.txt").read_text(encoding="utf-8") == "kanko\n"
    assert "Closes #12" in (project / "pr.md").read_text(encoding="utf-8")
    validate = subprocess.run([sys.executable, "-m", "sns_policy.pipeline.validate"], cwd=project, capture_output=True, text=True, timeout=120)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    ja, _ = frontmatter.parse((project / "docs" / "ja" / "plans" / "kanko.md").read_text(encoding="utf-8"))
    en, _ = frontmatter.parse((project / "docs" / "en" / "plans" / "kanko.md").read_text(encoding="utf-8"))
    assert ja["plan"]["department"] == {"ja": "観光課", "en": "Tourism Division"}
    assert ja["plan"]["purpose"] == ANSWERS["purpose"]
    assert ja["plan"]["content_categories"] == ["観光地・名所の紹介", "観光に関わる催しの案内と報告"], "a '- ' bullet is not part of the item"
    assert ja["plan"]["operators"] == ["operator", "page-manager"]
    assert ja["plan"]["approval"] == {"by": "secretarial-pr", "date": None} and "url" not in ja["plan"]
    assert {k: en["plan"].get(k) for k in SHARED_KEYS} == {k: ja["plan"].get(k) for k in SHARED_KEYS}
    assert not re.search(r"[\u3040-\u30ff]", en["plan"]["purpose"]), "Japanese prose is not copied into the English page"


def test_an_active_page_keeps_its_facebook_address_in_the_one_spelling() -> None:
    slug, plan, refusals = plan_request.read_request(body(
        status="運用中 / Active (active)", url="http://facebook.com/IshinomakiKanko/?ref=share",
        page_name_ja="石巻市 観光課", page_name_en="Ishinomaki City Tourism Division"))
    assert refusals == [] and slug == "kanko"
    assert plan["url"] == "https://www.facebook.com/ishinomakikanko"


# field id → (hostile answer, words the refusal must contain). Each is refused before any file is written.
HOSTILE = {
    "markdown link": ("department_en", "Tourism [Division](https://evil.example/)", "`[`"),
    "markdown image": ("purpose", "![logo](https://evil.example/pixel.png)", "`[`"),
    "script tag": ("page_name_ja", "<script>alert(1)</script>", "`<`"),
    "html in a list item": ("audience", "観光客\n<img src=x onerror=alert(1)>", "`<`"),
    "yaml front matter injection": ("department_ja", '観光課"\n---\nevil: 1', "1 行で"),
    "yaml on one line": ("department_en", "Tourism: {evil: 1}", "`{`"),
    "yaml document end in a list": ("withdrawal_criteria", "撤退する\n---", "`-`"),
    "a mention": ("replies", "担当は @someone が行う。", "`@`"),
    "a web address in prose": ("purpose", "詳しくは https://evil.example/ を見るため。", "URL"),
    "a control character": ("department_en", "Tourism\u202eDivision", "U+202E"),
    "a missing required field": ("purpose", None, "必須"),
    "an empty required field": ("hours", "_No response_", "必須"),
    "a choice the form does not offer": ("status", "承認済み / Approved (approved)", "選択肢"),
    "a bad file name": ("slug", "../../evil", "半角英小文字"),
    "an over-long value": ("purpose", "観光" * 501, "長すぎます"),
    "too many lines": ("audience", "\n".join(f"対象{i}" for i in range(25)), "多すぎ"),
    "an address on another site": ("url", "https://evil.example/ishinomaki", "ほかのサイト"),
    "a look-alike host": ("url", "https://www.facebook.com.evil.example/ishinomaki", "ほかのサイト"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_answers_are_refused_with_the_field_named_in_both_languages(case: str) -> None:
    field_id, answer, words = HOSTILE[case]
    _, _, refusals = plan_request.read_request(body(**{field_id: answer}))
    assert refusals, f"{case}: accepted"
    assert all(r.field == LABELS[field_id] for r in refusals), refusals
    text = plan_request.comment(refusals)
    assert words in text and f"**{LABELS[field_id]}**" in text
    for refusal in refusals:
        assert re.search(r"[\u3040-\u30ff]", refusal.ja) and refusal.en.isascii(), refusal
    assert "evil" not in text and "alert" not in text and "](" not in text, "the comment quotes none of the hostile text"


def test_text_around_the_form_is_refused() -> None:
    _, _, refusals = plan_request.read_request("Please click [here](https://evil.example/)\n\n" + body())
    assert [r.field for r in refusals] == [""]
    _, _, refusals = plan_request.read_request(body() + "\n### Injected heading\n\nevil\n")
    assert refusals and "#" in refusals[0].en
    _, _, refusals = plan_request.read_request(body() * 2)
    assert any("twice" in r.en for r in refusals)
    _, _, refusals = plan_request.read_request("x" * (plan_request.MAX_BODY_CHARS + 1))
    assert len(refusals) == 1 and "too long" in refusals[0].en


def test_refused_requests_write_no_page_and_exit_non_zero_with_the_comment(project: Path) -> None:
    """Through the command the workflow runs, including refusals only the site's own checks find."""
    before = sorted(p.name for p in (project / "docs").rglob("*.md"))
    cases = {
        "duplicate file name": (body(slug="hisho-koho"), LABELS["slug"], "既にあります"),
        "approval by the wrong division (scripts/data/rules.yml)": (
            body(approval_by=next(o for f in plan_request.form_fields() if f.id == "approval_by" for o in f.options
                                  if "(head-of-department)" in o)), LABELS["approval_by"], "secretarial-pr"),
        "active without an address (plan.schema.json)": (body(status="運用中 / Active (active)"), LABELS["url"], "url"),
        "an address before the page opens (a rule on the whole plan)": (
            body(url="https://www.facebook.com/kanko"), LABELS["url"], "planned"),
        "a division that has a plan already (scripts/sns_policy/plans/checks.py)": (
            body(department_ja="地域振興課", department_en="Regional Development Division"), "所管課 / Division", "chiiki-shinko"),
        "provisional in one language only": (body(page_name_ja="石巻市 観光課"), "ページ名 / Page name", "ページ名が一方の言語だけ仮称"),
        "script tag": (body(department_en="<script>alert(1)</script>"), LABELS["department_en"], "`<`"),
    }
    for case, (text, label, words) in cases.items():
        result = run_cli(project, text, "--out-comment", "comment.md", "--out-pr-body", "pr.md")
        comment = (project / "comment.md").read_text(encoding="utf-8")
        assert result.returncode == 1, f"{case}: {result.stdout}{result.stderr}"
        assert comment == result.stdout.rstrip("\n") + "\n" and "Traceback" not in result.stderr
        assert f"**{label}**" in comment and words in comment, f"{case}: {comment}"
        assert not (project / "pr.md").exists()
        assert sorted(p.name for p in (project / "docs").rglob("*.md")) == before, f"{case}: a page was left behind"


def _expressions_in_run(workflow: dict) -> list[str]:
    """``${{ }}`` inside a shell line: the way an issue body would become shell code."""
    return [f"{job}: {step.get('name', step.get('uses'))}" for job, spec in workflow["jobs"].items()
            for step in spec.get("steps", []) if "${{" in step.get("run", "")]


def test_the_workflow_passes_the_body_through_the_environment_with_job_scoped_permissions() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    trigger = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert trigger == {"issues": {"types": ["labeled"]}}
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert f"'{plan_request.APPROVED_LABEL}'" in job["if"]
    form_labels = yaml.safe_load(plan_request.issue_forms.FORM.read_text(encoding="utf-8"))["labels"]
    assert all(f"'{label}'" in job["if"] for label in form_labels)
    assert _expressions_in_run(workflow) == []
    assert any(step.get("env", {}).get("ISSUE_BODY") == "${{ github.event.issue.body }}" for step in job["steps"])


def test_an_issue_body_in_a_shell_line_is_caught(tmp_path: Path) -> None:
    """Put the fault back: the body pasted into `run:` is found by this test's check and by zizmor."""
    text = WORKFLOW.read_text(encoding="utf-8").replace(
        'os.environ.get("ISSUE_BODY") or ""', '"""${{ github.event.issue.body }}"""')
    assert text != WORKFLOW.read_text(encoding="utf-8")
    assert _expressions_in_run(yaml.safe_load(text)) == ["plan: Read the answers"]
    bad = tmp_path / ".github" / "workflows" / "plan-request.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(text, encoding="utf-8")
    result = zizmor(bad)
    assert result.returncode != 0 and "template-injection" in result.stdout + result.stderr
