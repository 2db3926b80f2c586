"""When a set of source files last changed, for "as of" dates readers can trust.

The registry of official pages is built from the activity plans, so the day it is
"as of" is the day the plans last changed: the date of the last commit that touched
them. A commit date, not the build time, so rebuilding the same sources gives the
same page. Without git history (an exported tarball) there is no such date to show.
"""
from __future__ import annotations

from pathlib import Path

from sns_policy.history import gitinfo


def last_changed(paths: list[Path], repo: Path) -> str | None:
    """ISO date (YYYY-MM-DD) of the newest commit touching ``paths``, or None if unknown."""
    out = gitinfo.text(gitinfo.run(repo, "log", "-1", "--format=%cs", "--", *[str(p) for p in paths]))
    date = (out or "").strip()
    return date if len(date) == 10 else None
