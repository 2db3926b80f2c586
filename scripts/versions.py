"""Which text is version X of a document: read from git and front matter, never by hand.

The text of version X is the page as of the LAST commit whose front matter said
``version: X``, so small fixes made after the bump still belong to X; the current
version's text is the working tree. Only ``version`` is read from front matter, so
renaming the header's date fields does not matter here.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.frontmatter import parse
from scripts.gitinfo import Commit, Git, repo
from scripts.site import ROOT


@dataclass(frozen=True)
class VersionText:
    """One version of a page: its number, the commit it was last seen in (None: working tree), its text."""

    version: str
    commit: Commit | None
    text: str


def _version_of(text: str) -> str | None:
    try:
        meta, _ = parse(text)
    except yaml.YAMLError:
        return None
    value = meta.get("version")
    return str(value) if value is not None else None


def version_texts(path: str, git: Git | None = None, root: Path = ROOT) -> list[VersionText]:
    """Every version of ``path`` (relative to the repository root), oldest first."""
    git = git or repo(root)
    found: dict[str, VersionText] = {}
    current = git.root / path
    if current.exists():
        text = current.read_text(encoding="utf-8")
        version = _version_of(text)
        if version:
            found[version] = VersionText(version, None, text)
    for commit in git.log(path):  # newest first: the first commit seen for a version is its last
        text = git.show(commit.sha, commit.path)
        version = _version_of(text) if text is not None else None
        if version and version not in found:
            found[version] = VersionText(version, commit, text)
    return sorted(found.values(), key=lambda v: _key(v.version))


def text_at(path: str, rev: str, git: Git | None = None) -> VersionText:
    """The page as of a named revision (commit, tag, branch); ``WORKTREE`` means the files on disk."""
    git = git or repo()
    if rev == "WORKTREE":
        text = (git.root / path).read_text(encoding="utf-8")
        return VersionText(_version_of(text) or "?", None, text)
    sha = git.resolve(rev)
    commits = {c.sha: c for c in git.log(path)}
    text = git.show(sha, commits[sha].path if sha in commits else path)
    if text is None:
        raise FileNotFoundError(f"{path} does not exist in {rev}")
    when = commits.get(sha)
    return VersionText(_version_of(text) or "?", when, text)


def _key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (0,)
