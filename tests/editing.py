"""What an editor does in GitHub's web editor, as functions: change a file, raise a version,
add a history row, commit. No command of the project is run to make a change."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` and return what it printed."""
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def commit(root: Path, message: str) -> None:
    """Commit every change, as the web editor's "Commit changes" does."""
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def version(page: Path) -> str:
    """The page's ``version`` as written in its front matter."""
    return re.search(r'^version: "([0-9.]+)"', page.read_text(encoding="utf-8"), re.M).group(1)


def next_version(current: str) -> str:
    """The next minor version: 1.1 → 1.2."""
    major, minor = current.split(".")
    return f"{major}.{int(minor) + 1}"


def raise_version(page: Path, new: str, change: str, date: str | None = None) -> None:
    """Raise ``version`` and add the history row for it, in the block style the pages use."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r'^version: "[0-9.]+"', f'version: "{new}"', text, count=1, flags=re.M)
    rows = re.search(r"^history:\n(?:  .*\n)+", text, re.M)
    day = date or dt.date.today().isoformat()
    row = f'  - version: "{new}"\n    date: "{day}"\n    change: "{change}"\n'
    page.write_text(text[:rows.end()] + row + text[rows.end():], encoding="utf-8")


def append_paragraph(page: Path, paragraph: str) -> None:
    """Add a paragraph at the end of the page's text."""
    text = page.read_text(encoding="utf-8").rstrip("\n")
    page.write_text(f"{text}\n\n{paragraph}\n", encoding="utf-8")


def first_paragraph_line(page: Path) -> str:
    """The first line of ordinary text in the body (not a heading, list, table or note)."""
    body = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return next(line for line in body.splitlines()
                if line.strip() and not re.match(r"^\s*([#>|!?<:*+-]|\d+\.|\[|\{)", line) and "{{" not in line)
