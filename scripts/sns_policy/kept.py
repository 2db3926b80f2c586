"""Results kept on disk by the bytes they are made from, the way Bazel keeps a test's result.

A result that takes seconds to make (a printed PDF edition, a 新旧対照表, a page's accessibility
audit, the Nu HTML Checker's answer for one page) depends only on some bytes: the texts, the
files, the tool's version. Its key is the hash of all of them; while every one of those bytes is
the same, the result is read back instead of made again, on this machine and, through GitHub's
cache action, on CI. A change to any input gives another key, so nothing stale is ever read: a
result is never "invalidated", it is simply never asked for again.

Everything lives under ``$XDG_CACHE_HOME`` (default ``~/.cache``) in ``sns-policy/``
(one for every site the engine builds), one folder per kind of result, outside the repository. Deleting the folder only costs time. A
folder that cannot be written (a read-only home) only means making the result again next time.

Each ``Store`` counts what it made afresh and what it reused, so a build or a test run can say
how much of its work it did (``summary``).

Every memo of the process is made here too (:class:`Memo`, :func:`memo`, below): bounded, registered,
and forgotten between the builds of ``mkdocs serve`` when it reads what its key does not name.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# One folder for every site this engine builds: each result is kept under a key made of all it read, so two
# towns (or two clones) built on one machine share what is the same and never mix what differs.
PROJECT = "sns-policy"
SCRIPTS = Path(__file__).resolve().parent


def root() -> Path:
    """The project's cache folder, read from the environment each time (tests point it elsewhere)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / PROJECT


def key(*parts: str | bytes) -> str:
    """One hash of ``parts``, each length-prefixed so that ("ab", "c") and ("a", "bc") differ."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


_code_digest: str | None = None
# Every store made in this process, so a run can report them all (tests/conftest.py does).
STORES: list["Store"] = []


def counts() -> dict[str, list[int]]:
    """Per kind of result: [made afresh, reused], over every store of this process."""
    out: dict[str, list[int]] = {}
    for store in STORES:
        total = out.setdefault(store.kind, [0, 0])
        total[0] += store.fresh
        total[1] += store.reused
    return out


def code_digest() -> str:
    """The hash of the engine itself (every file of the ``sns_policy`` package: code, schemas, theme, its own
    data), once per process. A site's data is keyed by its own folder where a result reads it (``folder_digest``).

    A result made by our code is keyed by it too: changing how a comparison is drawn makes every
    comparison afresh. Content changes far more often than code, so this costs little.
    """
    global _code_digest
    if _code_digest is None:
        files = sorted(p for p in SCRIPTS.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        _code_digest = key(*(part for p in files for part in (p.relative_to(SCRIPTS).as_posix(), p.read_bytes())))
    return _code_digest


class Store:
    """One kind of kept result (``kind`` names its folder), read and written by key."""

    def __init__(self, kind: str, suffix: str = ".json") -> None:
        self.kind, self.suffix = kind, suffix
        self.fresh = 0
        self.reused = 0
        STORES.append(self)

    def folder(self) -> Path:
        return root() / self.kind

    def read(self, item: str) -> bytes | None:
        """The bytes kept under ``item``, or None (counted as reused when found)."""
        try:
            data = (self.folder() / f"{item}{self.suffix}").read_bytes()
        except OSError:
            return None
        self.reused += 1
        return data

    def write(self, item: str, data: bytes) -> None:
        """Keep ``data`` under ``item`` (counted as made afresh); written whole or not at all."""
        self.fresh += 1
        folder = self.folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".part") as part:
                part.write(data)
            os.replace(part.name, folder / f"{item}{self.suffix}")
        except OSError:
            pass  # a read-only cache only means making the result again next time

    def read_json(self, item: str) -> Any | None:
        data = self.read(item)
        if data is None:
            return None
        try:
            return json.loads(data)
        except ValueError:  # a file cut short by a crash: made again
            self.reused -= 1
            return None

    def write_json(self, item: str, value: Any) -> None:
        self.write(item, json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def summary(self, since: tuple[int, int] = (0, 0)) -> str:
        """"<kind>: N made afresh, M reused", the line a run prints; ``since`` (a :meth:`mark`) counts one step of it.

        The counts only grow, so a run's total (``tests/conftest.py``) is every build's, never the last one's."""
        return f"{self.kind}: {self.fresh - since[0]} made afresh, {self.reused - since[1]} reused (cache {self.folder()})"

    def mark(self) -> tuple[int, int]:
        """The counts so far, for :meth:`summary` of what comes after."""
        return self.fresh, self.reused


# ---------------------------------------------------------------- memos of this process
#
# The disk cache above keeps results between processes. A memo keeps a result in this process only,
# for the builds `mkdocs serve` runs one after another. Every memo of the engine is made here, so
# they all follow one rule (ARCHITECTURE.md, "Cross-cutting concerns"):
#
# - it is bounded: past ``limit`` entries the oldest is dropped, so a long editing session
#   cannot grow it without end;
# - its key holds everything the result is made from. A result that also reads something its key
#   does not name (a file on disk, git's HEAD, the data folder) is ``per_build``: forgotten before
#   every build (:func:`forget_between_builds`), so a rebuild reads the file again. Any other memo
#   is kept across builds, since the same key can only give the same result.

MEMOS: list["Memo"] = []  # every memo of this process, in the order they were made


def _check_limit(name: str, limit: Any) -> None:
    """A memo without a bound grows for as long as `mkdocs serve` runs: refused when it is made."""
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ValueError(f"memo {name}: its limit must be a whole number of entries, not {limit!r}")


class Memo:
    """A bounded memo, registered so that a build can forget what it must (``per_build``).

    It is used like a dict (``key in memo``, ``memo[key]``, ``memo[key] = value``, ``get``); a key
    put past ``limit`` drops the oldest one.
    """

    def __init__(self, name: str, limit: int, *, per_build: bool) -> None:
        _check_limit(name, limit)
        self.name, self.limit, self.per_build = name, limit, per_build
        self._entries: dict[Any, Any] = {}
        MEMOS.append(self)

    def __contains__(self, key: Any) -> bool:
        return key in self._entries

    def __getitem__(self, key: Any) -> Any:
        return self._entries[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._entries.pop(key, None)
        while len(self._entries) >= self.limit:
            del self._entries[next(iter(self._entries))]
        self._entries[key] = value

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Any, default: Any = None) -> Any:
        return self._entries.get(key, default)

    def pop(self, key: Any, default: Any = None) -> Any:
        return self._entries.pop(key, default)

    def clear(self) -> None:
        self._entries.clear()


class _FunctionMemo(Memo):
    """The registry's entry for a function memoised by :func:`memo` (functools' LRU cache does the work)."""

    def __init__(self, function: Any, limit: int, *, per_build: bool) -> None:
        super().__init__(f"{function.__module__.removeprefix('sns_policy.')}.{function.__qualname__}", limit, per_build=per_build)
        self.function = function

    def __len__(self) -> int:
        return self.function.cache_info().currsize

    def clear(self) -> None:
        self.function.cache_clear()


def memo(limit: int, *, per_build: bool) -> Callable[[F], F]:
    """Keep a function's results by its arguments, at most ``limit`` of them (least recently used dropped).

    ``per_build=True`` when the function reads something its arguments do not name (a file, git, the
    configuration in use): it is then forgotten before every build.
    """
    _check_limit(f"memo of {limit!r}", limit)

    def wrap(function: F) -> F:
        cached = functools.lru_cache(maxsize=limit)(function)
        _FunctionMemo(cached, limit, per_build=per_build)
        return cached  # type: ignore[return-value]
    return wrap


def forget_between_builds() -> None:
    """What a build of this process must not take from the last one (``mkdocs serve``): every
    ``per_build`` memo, and the digest of the code and data, which an editor may have changed."""
    global _code_digest
    for each in MEMOS:
        if each.per_build:
            each.clear()
    _code_digest = None


def folder_digest(folder: Path) -> str:
    """The hash of every file under ``folder`` (names and bytes): a key part for results made from them."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if folder.is_dir() else []
    return key(*(part for p in files for part in (p.relative_to(folder).as_posix(), p.read_bytes())))
