"""One way to report what is wrong with a file, shared by every validator.

Editors read these messages in a failed build or test, so each one names the file,
the field and the rule that was broken, and never shows a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """A single broken rule in a single file."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


class ValidationFailed(Exception):
    """Raised with every problem found, so an editor can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(format_problems(problems))


def format_problems(problems: list[Problem]) -> str:
    """Render problems one per line, in a stable order."""
    lines = sorted({str(p) for p in problems})
    return "\n".join(lines)


def display_path(path: Path, root: Path | None = None) -> str:
    """Show a path relative to the repository (or ``root``) when possible."""
    from scripts.site import ROOT

    base = root or ROOT
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
