"""Links from a page to a file of the repository outside ``docs/``, such as CONTRIBUTING.md.

A page writes the true relative path (``[手引き](../../CONTRIBUTING.md)`` from
``docs/ja/contributing.md``), which also works in GitHub's file view; the build turns it
into the file's address in the repository, made from ``repo_url`` and ``edit_uri`` in
mkdocs.yml, where the address is configured once. A link to a file that does not exist
fails the build instead of sending the reader to a "404".
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from sns_policy.problems import Problem

_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<path>(?:\.\./)+[^)#\s:]+)(?P<anchor>#[^)\s]*)?\)")


def blob_base(repo_url: str, edit_uri: str) -> str:
    """``https://github.com/org/repo/blob/main/`` from the configured edit address (edit/main/docs/)."""
    parts = edit_uri.strip("/").split("/")
    branch = parts[1] if len(parts) >= 2 else "main"
    return f"{repo_url.rstrip('/')}/blob/{branch}/"


def expand(markdown: str, source: Path, docs_dir: Path, root: Path, repo_url: str, edit_uri: str) -> tuple[str, list[Problem]]:
    """Rewrite relative links that leave ``docs_dir`` to the linked file's address in the repository.

    Without a repository address the file is named in the text instead of linked."""
    problems: list[Problem] = []
    page = source.relative_to(root).as_posix()

    def link(match: re.Match[str]) -> str:
        target = Path(os.path.normpath(source.parent / match["path"]))
        if target.is_relative_to(docs_dir) or not target.is_relative_to(root):
            return match[0]  # a page of the site (MkDocs checks it) or outside the repository (left to MkDocs)
        if not target.is_file():
            return problems.append(Problem(
                page, "", f"links to {match['path']}, which is not a file of the repository",
                ja=f"{match['path']} へのリンクがありますが、リポジトリにそのファイルはありません")) or match[0]
        name = target.relative_to(root).as_posix()
        if not repo_url:  # no repository configured (REPO_URL=""): name the file instead of linking
            return f"{match['text']} (`{name}`)"
        return f"[{match['text']}]({blob_base(repo_url, edit_uri)}{name}{match['anchor'] or ''})"

    return _LINK.sub(link, markdown), problems
