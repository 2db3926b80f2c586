"""Prose lint: です・ます for citizens, である for rules (textlint), English spelling (codespell)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sns_policy.commands import prose
from tests.commands.prose_batch import Checked, prose_checked, seeded  # noqa: F401 - the fixture
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not prose.TEXTLINT.exists(), reason="run `npm ci` first (bash scripts/test.sh does)")


def test_the_content_passes() -> None:
    problems = prose.check()
    assert not problems, "\n".join(map(str, problems))


PAGES = {
    "ja/policy.md": "市民の皆さまからのコメントをお待ちしています。",
    "ja/guideline/index.md": "職員は、活用方針に従って公式ページを運用する。",
    "en/policy.md": "We welcome your comments.",
}


@seeded("clean")
def clean_docs(root: Path) -> None:
    """Small clean pages: a citizens' page and a rule in Japanese, and an English page; checked
    clean (``test_the_clean_pages_pass``), so each test's one seeded fault is what it finds."""
    for name, sentence in PAGES.items():
        page = root / "docs" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\ntitle: x\nversion: \"1.0\"\n---\n\n{sentence}\n", encoding="utf-8")


def _append(page: Path, sentence: str) -> int:
    """Add a paragraph at the end; returns its line number."""
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    page.write_text(text + sentence + "\n", encoding="utf-8")
    return text.count("\n") + 1


def _seeded(checked: Checked, rel: str) -> int:
    """The line of the sentence a site's seed appended to ``rel`` (its last line)."""
    return len((checked.root / rel).read_text(encoding="utf-8").splitlines())


def test_the_clean_pages_pass(prose_checked: dict[str, Checked]) -> None:
    assert not prose_checked["clean"].problems


@seeded("dearu-on-a-citizens-page")
def _dearu_on_a_citizens_page(root: Path) -> None:
    clean_docs(root)
    _append(root / "docs" / "ja" / "policy.md", "このページは市の公式ページである。")


def test_a_dearu_sentence_on_a_citizens_page_fails_with_file_and_line(prose_checked: dict[str, Checked]) -> None:
    checked = prose_checked["dearu-on-a-citizens-page"]
    line, problems = _seeded(checked, "docs/ja/policy.md"), checked.problems
    assert [(p.file, p.line, p.rule) for p in problems] == [
        ("docs/ja/policy.md", line, "ja-technical-writing/no-mix-dearu-desumasu")]
    assert str(problems[0]).startswith(f"docs/ja/policy.md:{line}:")


@seeded("desumasu-in-a-rule")
def _desumasu_in_a_rule(root: Path) -> None:
    clean_docs(root)
    _append(root / "docs" / "ja" / "guideline" / "index.md", "職員はコメントを削除します。")


def test_a_desumasu_sentence_in_a_rule_fails(prose_checked: dict[str, Checked]) -> None:
    checked = prose_checked["desumasu-in-a-rule"]
    line, problems = _seeded(checked, "docs/ja/guideline/index.md"), checked.problems
    assert [(p.file, p.line) for p in problems] == [("docs/ja/guideline/index.md", line)]
    assert "である" in problems[0].message


@seeded("misspelt-english-word")
def _misspelt_english_word(root: Path) -> None:
    clean_docs(root)
    _append(root / "docs" / "en" / "policy.md", "We will recieve your comments.")


def test_a_misspelt_english_word_fails_with_file_and_line(prose_checked: dict[str, Checked]) -> None:
    checked = prose_checked["misspelt-english-word"]
    line, problems = _seeded(checked, "docs/en/policy.md"), checked.problems
    assert [(p.file, p.line, p.rule) for p in problems] == [("docs/en/policy.md", line, "codespell")]
    assert "receive" in problems[0].message


@seeded("page-in-a-folder-without-a-style")
def _page_in_a_folder_without_a_style(root: Path) -> None:
    clean_docs(root)
    docs = root / "docs"
    (docs / "ja" / "news").mkdir()
    shutil.copy(docs / "ja" / "policy.md", docs / "ja" / "news" / "2016.md")


def test_a_page_in_a_folder_without_a_style_is_refused(prose_checked: dict[str, Checked]) -> None:
    problems = prose_checked["page-in-a-folder-without-a-style"].problems
    assert [(p.file, p.rule) for p in problems] == [("docs/ja/news/2016.md", "house-style")]


def test_admonition_bodies_are_checked_on_their_own_lines() -> None:
    """Material's indented blocks would otherwise be read as code and never checked."""
    text = "本文です。\n\n!!! note \"注意\"\n    これは確認する。\n\n    二行目です。\n"
    assert prose.plain_markdown(text).splitlines() == ["本文です。", "", "#### 注意", "これは確認する。", "", "二行目です。"]


def test_form_blanks_are_not_sentences() -> None:
    text = "提出日：　　年　　月　　日\n{ .form-date }\n\n本文である。\n"
    assert prose.plain_markdown(text).splitlines() == ["", "", "", "本文である。"]
