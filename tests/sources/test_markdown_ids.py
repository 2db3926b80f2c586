"""Heading ids are unique on a page: a second heading with an id could never be linked to."""
from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from sns_policy.sources.frontmatter import read_text
from sns_policy.sources.markdown_ids import colliding_ids, duplicate_id


def test_a_heading_the_build_adds_with_an_editors_id_is_found() -> None:
    body = "## 目的 { #purpose }\n\n本文\n\n## 履歴 { #history }\n"
    composed = "# 題\n\n" + body + "\n## 改訂履歴 { #history }\n\n| … |\n"
    ((heading, added),) = colliding_ids(body, composed)
    assert heading.id == "history" and heading.line == "## 履歴 { #history }" and added == "## 改訂履歴 { #history }"


def test_an_editors_own_ids_alone_do_not_collide() -> None:
    body = "## 目的 { #purpose }\n\n```\n## not a heading { #purpose }\n```\n"
    assert colliding_ids(body, "# 題\n\n" + body + "\n## 改訂履歴 { #history }\n") == []


def test_the_message_names_both_places_in_both_languages() -> None:
    problem = duplicate_id("docs/ja/policy.md", "same", 12, 30)
    assert problem.location == "docs/ja/policy.md:30" and "line 12" in problem.message and "12 行目" in (problem.ja or "")


def test_the_build_refuses_an_editors_heading_with_the_id_of_an_added_one(tmp_path: Path) -> None:
    """scripts/sns_policy/pipeline/compose.py: an id any added part has (here the revision history's), on the editor's line."""
    from sns_policy.pipeline.compose import _refuse_colliding_ids

    text = '---\ntitle: x\nversion: "1.0"\n---\n\n## A { #a }\n\n## B { #qr }\n'
    page, problems = read_text(tmp_path / "docs" / "ja" / "x.md", text)
    assert page is not None and not problems
    _refuse_colliding_ids(page, "# x\n\n" + page.body + "\n## A card { #a-card }\n")
    with pytest.raises(PluginError) as refused:
        _refuse_colliding_ids(page, "# x\n\n" + page.body + "\n## A card { #qr }\n")
    assert "x.md:8:" in str(refused.value) and "#qr" in str(refused.value) and "A card" in str(refused.value)
