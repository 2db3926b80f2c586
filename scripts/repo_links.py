"""Links from a page to a file of the repository: ``[手引き](repo:CONTRIBUTING.md)``.

The repository's address is configured once (``repo_url`` and ``edit_uri`` in mkdocs.yml);
a page names only the file, and the build writes the full address. A link to a file that
does not exist fails the build instead of sending the reader to GitHub's "404".
"""
from __future__ import annotations

import re
from pathlib import Path

from scripts.problems import Problem

_REPO_LINK = re.compile(r"\]\(repo:(?P<path>[^)#\s]+)(?P<anchor>#[^)\s]*)?\)")


def blob_base(repo_url: str, edit_uri: str) -> str:
    """``https://github.com/org/repo/blob/main/`` from the configured edit address (edit/main/docs/)."""
    branch = edit_uri.strip("/").split("/")[1] if edit_uri.count("/") >= 2 else "main"
    return f"{repo_url.rstrip('/')}/blob/{branch}/"


def expand(markdown: str, repo_url: str, edit_uri: str, root: Path, page: str) -> tuple[str, list[Problem]]:
    """Replace ``repo:PATH`` link targets with the file's address in the repository."""
    problems: list[Problem] = []

    def link(match: re.Match[str]) -> str:
        path = match["path"]
        if not (root / path).is_file():
            problems.append(Problem(page, "", f"links to repo:{path}, which is not a file of the repository",
                                    ja=f"repo:{path} へのリンクがありますが、リポジトリにそのファイルはありません"))
        return f"]({blob_base(repo_url, edit_uri)}{path}{match['anchor'] or ''})"

    return _REPO_LINK.sub(link, markdown), problems
