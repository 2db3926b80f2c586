"""Incident playbooks: valid data, existing references, and a card that agrees with them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sns_policy.sources.pages import load_pages
from sns_policy.playbooks.checks import check_playbooks
from sns_policy.playbooks.model import playbooks_of
from sns_policy.content.rules import duration
from sns_policy.sources.schema import roles, severity_levels
from tests.conftest import write_page

INCIDENT_TYPES = {
    "erroneous-post", "flaming", "impersonation", "account-takeover", "data-leak",
    "policy-violation", "disaster-misinformation", "platform-outage",
}


def test_every_incident_type_has_a_playbook_in_both_languages() -> None:
    pageset, _ = load_pages()
    for lang in pageset.languages:
        assert {p.slug for p in playbooks_of(pageset, lang)} == INCIDENT_TYPES, lang


def test_disaster_playbook_involves_crisis_management() -> None:
    pageset, _ = load_pages()
    (playbook,) = [p for p in playbooks_of(pageset, "ja") if p.slug == "disaster-misinformation"]
    assert "crisis-management" in playbook.data["roles"]


GOOD_BODY = """\
## 判断する者 { #who-decides }

**所属長**が判断する。

## 対応手順 { #checklist }

- [ ] 記録する

## してはならないこと { #dont }

- 削除して隠さない。

## 終了の判断 { #closing }

訂正が済んだとき。
"""
POLICY = '---\ntitle: 運用方針\nversion: "1.0"\n---\n\n## 禁止事項 { #prohibited }\n\n本文\n'


def _problems(tmp_path: Path, incident: str, body: str = GOOD_BODY) -> list[str]:
    docs = tmp_path / "docs"
    for lang in ("ja", "en"):
        (docs / lang).mkdir(parents=True, exist_ok=True)
        (docs / lang / "policy.md").write_text(POLICY, encoding="utf-8")
        write_page(docs / lang / "incidents" / "erroneous-post.md",
                   f'title: 誤った投稿\nversion: "1.0"\nincident:\n{incident}', body)
    pageset, _ = load_pages(docs)
    return [str(p) for p in check_playbooks(pageset) if "/ja/" in p.file]


GOOD = """\
  type: erroneous-post
  severity: 1
  first_response_minutes: 60
  decides: head-of-department
  roles: [operator, head-of-department]
  policy_sections: [prohibited]
  first_actions: [記録する]
"""


def test_a_good_playbook_has_no_problem(tmp_path: Path) -> None:
    assert _problems(tmp_path, GOOD) == []


def test_unknown_role(tmp_path: Path) -> None:
    (message,) = _problems(tmp_path, GOOD.replace("roles: [operator,", "roles: [mayor,"))
    assert "incidents/erroneous-post.md: incident.roles[0]: must be a role id" in message
    assert "'mayor'" in message


def test_unknown_severity(tmp_path: Path) -> None:
    (message,) = _problems(tmp_path, GOOD.replace("severity: 1", "severity: 5"))
    assert "incidents/erroneous-post.md: incident.severity: must be a severity level" in message and "5" in message


def test_missing_checklist(tmp_path: Path) -> None:
    body = GOOD_BODY.replace("## 対応手順 { #checklist }\n\n- [ ] 記録する\n", "")
    (message,) = _problems(tmp_path, GOOD, body)
    assert "incidents/erroneous-post.md: #checklist: section is missing" in message


def test_checklist_without_items(tmp_path: Path) -> None:
    body = GOOD_BODY.replace("- [ ] 記録する", "記録する。")
    (message,) = _problems(tmp_path, GOOD, body)
    assert "#checklist: has no checklist items" in message


def test_reference_to_a_missing_policy_section(tmp_path: Path) -> None:
    (message,) = _problems(tmp_path, GOOD.replace("[prohibited]", "[no-such-section]"))
    assert "incident.policy_sections: refers to section #no-such-section, which does not exist in docs/ja/policy.md" in message


def test_target_slower_than_its_level(tmp_path: Path) -> None:
    (message,) = _problems(tmp_path, GOOD.replace("severity: 1", "severity: 3")
                           .replace("roles: [operator, head-of-department]", "roles: [operator, head-of-department, secretarial-pr, ict]"))
    assert "first_response_minutes: is 60, slower than the 30-minute target of severity 3" in message


def test_type_must_match_the_file_name(tmp_path: Path) -> None:
    (message,) = _problems(tmp_path, GOOD.replace("type: erroneous-post", "type: typo"))
    assert "incident.type: is 'typo' but must equal the file name 'erroneous-post'" in message


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_quick_reference_card_agrees_with_every_playbook(site: Path, lang: str) -> None:
    prefix = site / ("en" if lang == "en" else "")
    card = BeautifulSoup((prefix / "incidents" / "quick-reference" / "index.html").read_text(encoding="utf-8"), "html.parser")
    # One block per type: its link, then the level, target and who decides (dd), in that order.
    rows = {block.h2.find("a")["href"].strip("./").split("/")[-1]:
            [None, *[dd.get_text(" ", strip=True) for dd in block.select(".qr-facts dd")]]
            for block in card.select(".qr-card") if block.select_one(".qr-facts")}
    assert set(rows) == INCIDENT_TYPES
    pageset, _ = load_pages()
    for playbook in playbooks_of(pageset, lang):
        page = BeautifulSoup((prefix / "incidents" / playbook.slug / "index.html").read_text(encoding="utf-8"), "html.parser")
        box = page.select_one(".admonition.danger").get_text(" ", strip=True)
        level = severity_levels()[playbook.data["severity"]][lang]
        minutes = duration(playbook.data["first_response_minutes"], lang)
        row = rows[playbook.slug]
        assert row[1] == level and level in box, playbook.slug
        assert row[2] == minutes and minutes in box, playbook.slug
        assert row[3] == roles()[playbook.data["decides"]][lang]
