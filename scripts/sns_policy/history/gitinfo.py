"""What git knows about the sources: commits, dates and the old texts of a file.

Everything the site derives from history (新旧対照表, last-updated dates, the date a
Japanese original was revised) reads git through here, so one place decides what
happens when there is no history (a tree exported without ``.git``) or only part of
it (a shallow clone, whose oldest commit would claim to have changed every file).
Dates are committer dates, never the build time, so a build is reproducible.

:func:`run` is the engine's one way of running git (``tests/test_crosscutting.py`` fails on a
second): the dates of ``reproducible.py`` and ``asof.py`` are read through it too.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sns_policy import kept
from sns_policy.site import ROOT

log = logging.getLogger("mkdocs.plugins.versions")

# Dates are shown in the city's time zone, whatever zone the committer's clock had.
JST = dt.timezone(dt.timedelta(hours=9))
# Set before publishing: history that cannot be read is then an error, not a notice.
RELEASE_ENV = "SITE_RELEASE"


def release_mode() -> bool:
    """True when ``SITE_RELEASE=1``: a release must not fall back to dates and comparisons it cannot verify."""
    return os.environ.get(RELEASE_ENV, "") not in ("", "0", "false", "no")


@dataclass(frozen=True)
class Commit:
    """One commit that touched a file, with the file's path in that commit (renames)."""

    sha: str
    date: dt.datetime  # committer date
    path: str

    @property
    def day(self) -> str:
        """The commit's date in Japan, as YYYY-MM-DD."""
        return self.date.astimezone(JST).date().isoformat()


GIT_TIMEOUT = 60  # seconds: a git that hangs (a lock, a slow disk) fails the read, not the whole machine


def run(root: Path | str, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """``git -C root args``, its output as bytes; None when git cannot be started or does not finish in time."""
    try:
        return subprocess.run(["git", "-C", str(root), *args], input=input, capture_output=True, check=False,
                              timeout=GIT_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None


def text(result: subprocess.CompletedProcess[bytes] | None) -> str | None:
    """What a successful git call printed, as text (lines ending in \\n); None if it failed."""
    if result is None or result.returncode != 0:
        return None
    return result.stdout.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


class Git:
    """Read-only access to the history of one working tree."""

    def __init__(self, root: Path = ROOT):
        self.root = Path(root)
        self.head: str | None = None  # the commit checked out; set when history is available
        self.reason = self._unavailable_reason()
        self._last: dict[str, dict[str, Commit]] = {}
        self._histories: dict[str, dict[str, list[Revision]]] = {}

    @property
    def available(self) -> bool:
        """Whether full history can be read here."""
        return self.reason is None

    def _run(self, *args: str, check: bool = True) -> str:
        result = run(self.root, *args)
        out = text(result)
        if out is None and check:
            why = result.stderr.decode("utf-8", "replace").strip() if result is not None else "git did not run"
            raise RuntimeError(f"git {' '.join(args)} failed: {why}")
        return out or ""

    def _unavailable_reason(self) -> str | None:
        """Why history cannot be used, in words for the build log; None when it can."""
        if shutil.which("git") is None:
            return "git is not installed"
        try:
            inside = self._run("rev-parse", "--is-inside-work-tree", check=False).strip()
            head = self._run("rev-parse", "--verify", "-q", "HEAD", check=False).strip() if inside == "true" else ""
            if not head:
                return "the source tree has no git history (exported without .git)"
            top = Path(self._run("rev-parse", "--show-toplevel").strip()).resolve()
        except (OSError, RuntimeError):
            return "git could not read the source tree"
        if top != self.root.resolve():
            return f"the source tree is not the top of its git repository ({top})"
        if self._run("rev-parse", "--is-shallow-repository", check=False).strip() == "true":
            return "the clone is shallow, so its oldest commit would seem to have changed every file"
        self.head = head
        return None

    def _history_log(self, *args: str) -> str:
        """``git log`` with ``args``, read once per commit checked out (see ``_log_of_commit``)."""
        assert self.head is not None
        return _log_of_commit(str(self.root), self.head, args)

    def log(self, path: str) -> list[Commit]:
        """Commits that changed ``path`` (relative to the root), newest first, following renames."""
        if not self.available:
            return []
        out = self._history_log("--follow", "--format=%x01%H %cI", "--name-only", "--", path)
        commits = []
        for block in out.split("\x01")[1:]:
            lines = [line for line in block.splitlines() if line.strip()]
            sha, date = lines[0].split(" ", 1)
            commits.append(Commit(sha, dt.datetime.fromisoformat(date), lines[-1] if len(lines) > 1 else path))
        return commits

    def show(self, sha: str, path: str) -> str | None:
        """The text of ``path`` as of commit ``sha``; None if it did not exist there."""
        result = run(self.root, "show", f"{sha}:{path}")
        return result.stdout.decode("utf-8") if result is not None and result.returncode == 0 else None

    def resolve(self, rev: str) -> str:
        """The full commit id of a revision name (tag, branch, short id)."""
        return self._run("rev-parse", "--verify", f"{rev}^{{commit}}").strip()

    def last_changes(self, folder: str) -> dict[str, Commit]:
        """For every file under ``folder``, the last commit that changed it (one git call)."""
        if not self.available:
            return {}
        if folder in self._last:
            return self._last[folder]
        out = self._history_log("--format=%x01%H %cI", "--name-only", "--no-renames", "--", folder)
        found: dict[str, Commit] = {}
        for block in out.split("\x01")[1:]:
            lines = [line for line in block.splitlines() if line.strip()]
            sha, date = lines[0].split(" ", 1)
            when = dt.datetime.fromisoformat(date)
            for name in lines[1:]:
                found.setdefault(name, Commit(sha, when, name))
        self._last[folder] = found
        return found


    def histories(self, folder: str) -> dict[str, list[Revision]]:
        """For every file now under ``folder``: each commit that changed it, newest first,
        with the file's content id, following renames (one ``git log`` for the folder).

        Merge commits are skipped: they show no change of their own. A file deleted and
        later added again starts a new history.
        """
        if not self.available:
            return {}
        if folder in self._histories:
            return self._histories[folder]
        out = self._history_log("-M", "--format=%x01%H %cI", "--raw", "--no-abbrev", "--", folder)
        found: dict[str, list[Revision]] = {}
        alias: dict[str, str] = {}  # a name in older commits -> the file's name now
        for block in out.split("\x01")[1:]:
            lines = [line for line in block.splitlines() if line.strip()]
            sha, date = lines[0].split(" ", 1)
            commit_date = dt.datetime.fromisoformat(date)
            for line in lines[1:]:
                if not line.startswith(":"):
                    continue
                info, *paths = line.split("\t")
                status, blob = info.split()[4], info.split()[3]
                path = paths[-1]
                current = alias.get(path, path)
                if status.startswith("D"):
                    alias[path] = "\0gone:" + path  # older commits of this name are another file
                    continue
                found.setdefault(current, []).append(Revision(Commit(sha, commit_date, path), blob))
                if status.startswith("R"):
                    alias[paths[0]] = current
        self._histories[folder] = found
        return found

    def blobs(self, ids: list[str]) -> dict[str, bytes]:
        """The contents of several files by their ids; those not read before in this process are
        read in one ``git cat-file`` call (an id names one content forever, so it is never read twice)."""
        top = str(self.root.resolve())
        wanted = [blob for blob in dict.fromkeys(ids) if (top, blob) not in _blobs]
        if wanted:
            result = run(self.root, "cat-file", "--batch", input=("\n".join(wanted) + "\n").encode())
            if result is None or result.returncode != 0:
                raise RuntimeError(f"git cat-file failed in {self.root}")
            data, at = result.stdout, 0
            for blob in wanted:
                end = data.index(b"\n", at)
                header = data[at:end].split()
                at = end + 1
                if len(header) < 3 or header[1] != b"blob":
                    continue
                size = int(header[2])
                _blobs[(top, blob)] = data[at:at + size]
                at += size + 1
        return {blob: _blobs[(top, blob)] for blob in ids if (top, blob) in _blobs}


@dataclass(frozen=True)
class Revision:
    """A commit that changed a file, and the id of the file's content after it."""

    commit: Commit
    blob: str


# Contents read from git, by repository and id. Kept across the builds of `mkdocs serve`:
# an id is the hash of its content, so what was read under it can never change. Bounded: every
# version of every document of a long history, several times over.
_blobs = kept.Memo("history.gitinfo.blobs", 4096, per_build=False)


@kept.memo(32, per_build=False)
def _log_of_commit(root: str, head: str, args: tuple[str, ...]) -> str:
    """What ``git log args`` says in ``root`` while ``head`` is checked out.

    The history behind a commit never changes, so under `mkdocs serve` a saved page does not
    make the build read the history again; a new commit, pull or checkout moves ``head``.
    """
    out = text(run(root, "log", *args))
    if out is None:
        raise RuntimeError(f"git log {' '.join(args)} failed in {root}")
    return out


@kept.memo(64, per_build=True)
def repo(root: Path = ROOT) -> Git:
    """The history of ``root``, opened once per process."""
    return Git(root)


def blob_id(data: bytes) -> str:
    """Git's id of a file with this text (``git hash-object``), computed without git.

    A translation records the id of the original it translates, so freshness can be
    checked from the files alone, even in a tree without history.
    """
    import hashlib

    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
