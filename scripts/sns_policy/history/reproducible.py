"""Dates in the built site come from the sources' history, never from the clock.

Two builds of the same commit must be byte-identical, on any day (reviewers and the
deploy job compare outputs; a sitemap that changes every night says every page changed).
MkDocs stamps each page with the build date (``page.update_date``, used for the sitemap's
``lastmod`` and the mtime inside ``sitemap.xml.gz``). Here a page's date is the day of the
last commit that changed its source file. A page git does not know yet (a new file, or a
build outside a git checkout) gets ``SOURCE_DATE_EPOCH`` if set, else the last commit's day.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sns_policy import kept
from sns_policy.history import gitinfo


def _day(epoch: int) -> str:
    """The UTC calendar day of a Unix time, as the sitemap writes it."""
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%d")


def _git(root: Path, *args: str) -> str | None:
    """Output of a git command in ``root``, or None when there is no git or no repository."""
    return gitinfo.text(gitinfo.run(root, *args))


@kept.memo(8, per_build=True)
def history(root: Path) -> tuple[dict[str, int], int | None]:
    """Last commit time of every file (path relative to the repository) and of HEAD, in one git call."""
    top = _git(root, "rev-parse", "--show-toplevel")
    log = _git(root, "log", "--format=%x00%ct", "--name-only", "--no-renames", "HEAD") if top else None
    if not top or log is None:
        return {}, None
    base = Path(top.strip())
    latest: dict[str, int] = {}
    head: int | None = None
    for entry in log.split("\0")[1:]:
        stamp, *names = entry.strip().splitlines()
        when = int(stamp)
        head = when if head is None else head
        for name in names:
            latest.setdefault((base / name).as_posix(), when)
    return latest, head


@kept.memo(256, per_build=True)
def _checkout(folder: Path) -> Path | None:
    """The top of the git checkout holding ``folder`` (where ``.git`` is), or None outside git.

    Looked up by walking the folders, so a build asks git for its history once, not once
    per folder of pages (and not at all from an exported tree).
    """
    return next((candidate for candidate in (folder, *folder.parents) if (candidate / ".git").exists()), None)


def last_change(path: str | Path) -> str | None:
    """The day ``path`` last changed, or None if neither git nor SOURCE_DATE_EPOCH can tell."""
    source = Path(path).resolve()
    top = _checkout(source.parent)
    latest, head = history(top) if top is not None else ({}, None)
    if source.as_posix() in latest:
        return _day(latest[source.as_posix()])
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return _day(int(os.environ["SOURCE_DATE_EPOCH"]))
    return _day(head) if head is not None else None
