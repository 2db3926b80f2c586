"""One way to report what is wrong with a file, shared by every validator.

Editors read these messages in a failed build, in ``python -m sns_policy.pipeline.validate`` and
as annotations on a pull request, so each one names the file, the line where there is
one, the field and the rule that was broken, in Japanese (the site's language) and in
English, and never shows a traceback. The same problem found twice is reported once.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sns_policy import kept
from sns_policy.site import ROOT

# Said in Japanese when a check has not (yet) worded its message in Japanese.
_JA_FALLBACK = "規則に合わない箇所があります。英語の説明を参照して修正してください。"


@dataclass(frozen=True)
class Problem:
    """A single broken rule in a single file.

    ``message`` is English; ``ja`` says the same in Japanese. ``line`` is 1-based in
    the source file (front matter included) when the place is known.
    """

    file: str
    field: str
    message: str
    line: int | None = None
    ja: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"

    @property
    def location(self) -> str:
        """``docs/ja/policy.md:12``: the form editors' tools and GitHub link to."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def bilingual(self) -> str:
        """The problem in both languages, Japanese first, under its location."""
        field = f" {self.field}" if self.field else ""
        return (f"{self.location}:{field}\n"
                f"  [ja] {self.ja or _JA_FALLBACK}\n"
                f"  [en] {self.message}")

    def github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the changed line."""
        field = f"{self.field}: " if self.field else ""
        text = f"{field}{self.ja or _JA_FALLBACK} / {self.message}"
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        place = f"file={self.file}" + (f",line={self.line}" if self.line else "")
        return f"::error {place}::{text}"


def unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once, ordered by file, line and field (a problem found twice is one problem)."""
    seen: dict[tuple, Problem] = {}
    for problem in problems:
        key = (problem.file, problem.line, problem.field, problem.message)
        seen.setdefault(key, problem)
    return sorted(seen.values(), key=lambda p: (p.file, p.line or 0, p.field, p.message))


def format_problems(problems: list[Problem]) -> str:
    """Render problems one per line, in a stable order (short English form, for tests and logs)."""
    lines = sorted({str(p) for p in problems})
    return "\n".join(lines)


def summary(problems: list[Problem]) -> str:
    """The editor's report: every problem once, in Japanese and English, with file and line."""
    found = unique(problems)
    blocks = [p.bilingual() for p in found]
    blocks.append(f"{len(found)} 件の問題があります。 / {len(found)} problem(s) found.")
    return "\n".join(blocks)


def github_annotations(problems: list[Problem]) -> str:
    """Every problem once, as ``::error file=…,line=…::message`` lines for GitHub Actions."""
    return "\n".join(p.github() for p in unique(problems))


_root: Path | None = None


def set_root(root: Path | None) -> None:
    """Name files relative to ``root`` (the folder of the mkdocs.yml being built)."""
    global _root
    _root = root


def names_relative_to() -> Path:
    """The folder files are named relative to (what a message about a file depends on)."""
    return _root or ROOT


def display_path(path: Path, root: Path | None = None) -> str:
    """Show a path relative to the project (or ``root``) when possible."""
    return _display_path(Path(path), root or _root or ROOT, os.getcwd())


@kept.memo(4096, per_build=False)  # every page is named several times per build; resolving a path asks the file system
def _display_path(path: Path, base: Path, cwd: str) -> str:
    """``path`` named from ``base``; a relative path depends on the working folder too, so it is part of the key."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
