"""Prose lint: です・ます for citizens, である for rules (textlint), English spelling (codespell)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sns_policy.commands import prose
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


@pytest.fixture(scope="session")
def clean_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Small clean pages: a citizens' page and a rule in Japanese, and an English page; checked
    clean once (a textlint run costs seconds), so each test's one seeded fault is what it finds."""
    root = tmp_path_factory.mktemp("prose-clean")
    for name, sentence in PAGES.items():
        page = root / "docs" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\ntitle: x\nversion: \"1.0\"\n---\n\n{sentence}\n", encoding="utf-8")
    assert not prose.check(docs_dir=root / "docs", root=root)
    return root / "docs"


@pytest.fixture
def docs(clean_docs: Path, tmp_path: Path) -> Path:
    """A copy of the clean pages for one test to seed a fault in."""
    shutil.copytree(clean_docs, tmp_path / "docs")
    return tmp_path / "docs"


def _append(page: Path, sentence: str) -> int:
    """Add a paragraph at the end; returns its line number."""
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    page.write_text(text + sentence + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_a_dearu_sentence_on_a_citizens_page_fails_with_file_and_line(docs: Path) -> None:
    line = _append(docs / "ja" / "policy.md", "このページは市の公式ページである。")
    problems = prose.check(docs_dir=docs, root=docs.parent)
    assert [(p.file, p.line, p.rule) for p in problems] == [
        ("docs/ja/policy.md", line, "ja-technical-writing/no-mix-dearu-desumasu")]
    assert str(problems[0]).startswith(f"docs/ja/policy.md:{line}:")


def test_a_desumasu_sentence_in_a_rule_fails(docs: Path) -> None:
    line = _append(docs / "ja" / "guideline" / "index.md", "職員はコメントを削除します。")
    problems = prose.check(docs_dir=docs, root=docs.parent)
    assert [(p.file, p.line) for p in problems] == [("docs/ja/guideline/index.md", line)]
    assert "である" in problems[0].message


def test_a_misspelt_english_word_fails_with_file_and_line(docs: Path) -> None:
    line = _append(docs / "en" / "policy.md", "We will recieve your comments.")
    problems = prose.check(docs_dir=docs, root=docs.parent)
    assert [(p.file, p.line, p.rule) for p in problems] == [("docs/en/policy.md", line, "codespell")]
    assert "receive" in problems[0].message


def test_a_page_in_a_folder_without_a_style_is_refused(docs: Path) -> None:
    (docs / "ja" / "news").mkdir()
    shutil.copy(docs / "ja" / "policy.md", docs / "ja" / "news" / "2016.md")
    problems = prose.check(docs_dir=docs, root=docs.parent)
    assert [(p.file, p.rule) for p in problems] == [("docs/ja/news/2016.md", "house-style")]


def test_admonition_bodies_are_checked_on_their_own_lines() -> None:
    """Material's indented blocks would otherwise be read as code and never checked."""
    text = "本文です。\n\n!!! note \"注意\"\n    これは確認する。\n\n    二行目です。\n"
    assert prose.plain_markdown(text).splitlines() == ["本文です。", "", "#### 注意", "これは確認する。", "", "二行目です。"]


def test_form_blanks_are_not_sentences() -> None:
    text = "提出日：　　年　　月　　日\n{ .form-date }\n\n本文である。\n"
    assert prose.plain_markdown(text).splitlines() == ["", "", "", "本文である。"]
