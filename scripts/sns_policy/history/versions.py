"""Which text is version X of a document: read from git and front matter, never by hand.

The text of version X is the page as of the LAST commit whose front matter said
``version: X``, so small fixes made after the bump still belong to X; the current
version's text is the working tree. Only ``version`` is read from front matter, so
renaming the header's date fields does not matter here.

History is read once per folder (one ``git log`` and one ``git cat-file``), not once
per page, because the build makes every comparison on every run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sns_policy.sources.frontmatter import parse
from sns_policy.history.gitinfo import Commit, Git, blob_id, repo
from sns_policy.site import ROOT


@dataclass(frozen=True)
class VersionText:
    """One version of a page: its number, the commit it was last seen in (None: working tree), its text."""

    version: str
    commit: Commit | None
    text: str

    @property
    def blob(self) -> str:
        """Git's id of this text: the key under which its comparisons are remembered."""
        return blob_id(self.text.encode("utf-8"))


_VERSION_LINE = re.compile(r'^version:[ \t]*["\']?([^"\'\s#]+)', re.M)


def version_of(text: str) -> str | None:
    """The ``version`` of a page's text (its front matter only), or None."""
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    head = text[: end if end > 0 else len(text)]
    match = _VERSION_LINE.search(head)
    if match:  # the common case, read without a YAML parser: history has hundreds of texts
        return match.group(1)
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
        version = version_of(text)
        if version:
            found[version] = VersionText(version, None, text)
    history = git.histories(path.split("/", 1)[0]).get(path, [])
    contents = git.blobs([rev.blob for rev in history])
    for rev in history:  # newest first: the first commit seen for a version is its last
        data = contents.get(rev.blob)
        text = data.decode("utf-8", errors="replace") if data is not None else None
        version = version_of(text) if text is not None else None
        if version and version not in found:
            found[version] = VersionText(version, rev.commit, text)
    return sorted(found.values(), key=lambda v: version_key(v.version))


def text_at(path: str, rev: str, git: Git | None = None) -> VersionText:
    """The page as of a named revision (commit, tag, branch); ``WORKTREE`` means the files on disk."""
    git = git or repo()
    if rev == "WORKTREE":
        text = (git.root / path).read_text(encoding="utf-8")
        return VersionText(version_of(text) or "?", None, text)
    sha = git.resolve(rev)
    commits = {c.sha: c for c in git.log(path)}
    text = git.show(sha, commits[sha].path if sha in commits else path)
    if text is None:
        raise FileNotFoundError(f"{path} does not exist in {rev}")
    when = commits.get(sha)
    return VersionText(version_of(text) or "?", when, text)


def version_key(version: str) -> tuple[int, ...]:
    """A version number as numbers, for ordering ("1.10" after "1.9"); unreadable ones first."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (0,)
