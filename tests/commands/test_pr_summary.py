"""The reviewers' summary of a pull request, on a temporary repository: a version change in
both languages, then in Japanese only (its translation then lags and is listed)."""
from __future__ import annotations

from pathlib import Path

import pytest

from sns_policy.commands import pr_summary
from sns_policy.amendments.render import MarkdownSettings
from sns_policy.history.gitinfo import Git
from tests.editing import commit, git

PAGE = """---
title: {title}
version: "{version}"
history:
  - version: "1.0"
    date: "2026-11-01"
    change: "{first}"
{more}---

## {heading} {{ #purpose }}

{text}
"""


def _write(root: Path, lang: str, version: str, text: str) -> None:
    title, first, heading = (("方針", "作成", "目的") if lang == "ja" else ("Policy", "Created", "Purpose"))
    more = "" if version == "1.0" else f'  - version: "{version}"\n    date: "2026-12-01"\n    change: "{first}2"\n'
    path = root / "docs" / lang / "policy.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title, version=version, first=first, more=more, heading=heading, text=text), encoding="utf-8")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.email", "editor@example.invalid")
    git(root, "config", "user.name", "editor")
    _write(root, "ja", "1.0", "市は情報を発信します。")
    _write(root, "en", "1.0", "The City posts information.")
    commit(root, "base")
    return root


@pytest.fixture(scope="module")
def settings() -> MarkdownSettings:
    return MarkdownSettings.of_site()


def test_version_change_in_both_languages(repository: Path, settings) -> None:
    _write(repository, "ja", "1.1", "市は情報を速やかに発信します。")
    _write(repository, "en", "1.1", "The City posts information promptly.")
    commit(repository, "amend both")
    text = pr_summary.summary(Git(repository), "HEAD~1", settings)
    assert "`docs/ja/policy.md`" in text and "`docs/en/policy.md`" in text
    assert text.count("version 1.0 → 1.1") == 2
    assert "+市は情報を速やかに発信します。" in text and "-市は情報を発信します。" in text
    assert "+The City posts information promptly." in text
    assert "Every translation follows its original's version." in text


def test_version_change_in_japanese_only_lists_the_lagging_translation(repository: Path, settings) -> None:
    _write(repository, "ja", "1.1", "市は情報を速やかに発信します。")
    commit(repository, "amend the original")
    text = pr_summary.summary(Git(repository), "HEAD~1", settings)
    assert "version 1.0 → 1.1" in text and "`docs/en/policy.md`" not in text.split("## 翻訳")[0]
    assert "docs/en/policy.md: translates version 1.0, the original is at 1.1" in text


def test_wording_fix_says_the_version_is_unchanged(repository: Path, settings, tmp_path: Path, monkeypatch) -> None:
    _write(repository, "ja", "1.0", "市は、情報を発信します。")
    commit(repository, "wording")
    summary_file = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    monkeypatch.setattr(pr_summary, "repo", lambda: Git(repository))
    monkeypatch.setattr(pr_summary.amendments.MarkdownSettings, "of_site", classmethod(lambda cls: settings))
    assert pr_summary.main(["--base", "HEAD~1"]) == 0
    written = summary_file.read_text(encoding="utf-8")
    assert "version 1.0 (unchanged: a wording fix)" in written and "+市は、情報を発信します。" in written
