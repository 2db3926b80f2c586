"""When a set of source files last changed, for "as of" dates readers can trust.

The registry of official pages is built from the activity plans, so the day it is
"as of" is the day the plans last changed: the date of the last commit that touched
them. A commit date, not the build time, so rebuilding the same sources gives the
same page. Without git history (an exported tarball) there is no such date to show.
"""
from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(paths: list[Path], repo: Path) -> str | None:
    """ISO date (YYYY-MM-DD) of the newest commit touching ``paths``, or None if unknown."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", *[str(p) for p in paths]],
            cwd=repo, capture_output=True, text=True, timeout=30, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    date = result.stdout.strip()
    return date if result.returncode == 0 and len(date) == 10 else None
