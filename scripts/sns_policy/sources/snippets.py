"""Snippet includes (``--8<-- "file"``) stay inside the folders that hold snippet sources.

pymdownx.snippets would include any file the build can read (``.git/config``, a
private key) and stops with a traceback when a file is missing. The folders are
configured once, as the extension's ``base_path`` in ``mkdocs.yml``; this check runs
before the build and names the page and line of any include that leaves them.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sns_policy.sources.pages import PageSet
from sns_policy.problems import Problem
from sns_policy.site import load_site

# Both forms pymdownx.snippets reads: one line with a quoted name, or a block of names.
_INLINE = re.compile(r"""^[ \t]*(?P<escape>;*)-+8<-+[ \t]+(?P<quote>["'])(?P<name>.+?)(?P=quote)[ \t]*$""")
_BLOCK = re.compile(r"^[ \t]*(?P<escape>;*)-+8<-+[ \t]*$")


def snippet_dirs() -> list[Path]:
    """The ``base_path`` folders of pymdownx.snippets, relative to mkdocs.yml."""
    site = load_site()
    for ext in site.markdown_extensions:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            config: dict[str, Any] = ext["pymdownx.snippets"] or {}
            base = config.get("base_path", ["."])
            return [(site.root / b).resolve() for b in ([base] if isinstance(base, str) else base)]
    return []


def references(body: str) -> list[tuple[int, str]]:
    """(line index in body, file name) of every include, escaped ones (``;--8<--``) left out."""
    found, block = [], False
    for index, line in enumerate(body.split("\n")):
        if block:
            if _BLOCK.match(line):
                block = False
            elif line.strip() and not line.strip().startswith(";"):
                found.append((index, line.strip()))
            continue
        if match := _INLINE.match(line):
            if not match.group("escape"):
                found.append((index, match.group("name")))
        elif (match := _BLOCK.match(line)) and not match.group("escape"):
            block = True
    return found


def _allowed(name: str, dirs: list[Path]) -> bool:
    if re.match(r"^[a-z][a-z0-9+.-]*://", name, re.I):
        return False
    file = re.sub(r"(:[-0-9,]*|:[A-Za-z0-9_-]+)$", "", name)  # line ranges and named sections
    for base in dirs:
        target = (base / file).resolve()
        if target.is_relative_to(base) and target.is_file():
            return True
    return False


def check_snippets(pageset: PageSet) -> list[Problem]:
    """Every include names an existing file inside the snippet folders."""
    dirs = snippet_dirs()
    shown = ", ".join(d.relative_to(load_site().root.resolve()).as_posix() + "/" for d in dirs
                      if d.is_relative_to(load_site().root.resolve())) or "(none configured)"
    problems: list[Problem] = []
    for lang in pageset.languages:
        for page in pageset.of(lang).values():
            for index, name in references(page.body):
                if not _allowed(name, dirs):
                    problems.append(Problem(
                        page.name, "--8<--", f"includes {name!r}, which is not a file in {shown}: only snippet sources there may be included",
                        page.body_line + index, f"{name!r} を取り込もうとしています。取り込めるのは {shown} にあるファイルだけです。"))
    return problems
