"""Under `mkdocs serve` every build opens the history afresh (a commit may have been made
since), but what git said about a commit it had already read is not asked again."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sns_policy.history import gitinfo
from sns_policy.kept import forget_between_builds


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A repository with one page and one commit."""
    _git(tmp_path, "init", "-q")
    for key, value in (("user.name", "Test"), ("user.email", "test@example.invalid"), ("commit.gpgsign", "false")):
        _git(tmp_path, "config", key, value)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("first\n", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def _new_build(root: Path) -> gitinfo.Git:
    """What each build of `mkdocs serve` does before reading history (prepare._history)."""
    forget_between_builds()
    return gitinfo.Git(root)


@pytest.fixture
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every git command run, as its arguments after ``-C root``."""
    calls: list[list[str]] = []
    real = subprocess.run

    def run(args, *rest, **kwargs):
        if args[:1] == ["git"]:
            calls.append(list(args[3:]))
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(gitinfo.subprocess, "run", run)
    return calls


def test_an_unchanged_commit_s_history_is_read_once(history: Path, git_calls: list[list[str]]) -> None:
    first = _new_build(history).last_changes("docs")
    logs_before = [call for call in git_calls if call[0] == "log"]
    second = _new_build(history).last_changes("docs")
    assert second == first
    assert [call for call in git_calls if call[0] == "log"] == logs_before, "the second build asked git log again"
    assert len(logs_before) == 1


def test_a_new_commit_is_read_by_the_next_build(history: Path) -> None:
    before = _new_build(history)
    assert list(before.last_changes("docs")) == ["docs/page.md"]
    assert len(before.log("docs/page.md")) == 1
    (history / "docs" / "other.md").write_text("second\n", encoding="utf-8")
    (history / "docs" / "page.md").write_text("first, amended\n", encoding="utf-8")
    _git(history, "add", ".")
    _git(history, "commit", "-q", "-m", "second")
    after = _new_build(history)
    assert sorted(after.last_changes("docs")) == ["docs/other.md", "docs/page.md"]
    assert len(after.log("docs/page.md")) == 2
    assert len(after.histories("docs")["docs/page.md"]) == 2


def test_contents_are_read_from_git_once_by_their_id(history: Path, git_calls: list[list[str]]) -> None:
    blob = _git(history, "rev-parse", "HEAD:docs/page.md").strip()
    missing = "0" * 40
    assert _new_build(history).blobs([blob, missing]) == {blob: b"first\n"}
    reads = [call for call in git_calls if call[:1] == ["cat-file"]]
    assert len(reads) == 1
    assert _new_build(history).blobs([blob]) == {blob: b"first\n"}
    assert [call for call in git_calls if call[:1] == ["cat-file"]] == reads, "a content already read was read again"
    assert _new_build(history).blobs([missing]) == {}, "an id git does not have gives nothing"
