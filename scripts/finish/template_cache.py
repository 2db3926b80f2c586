"""Compile the theme's templates once per process, not once per language.

mkdocs-static-i18n builds each language with a fresh MkDocs build, and every build makes a
new Jinja environment that compiles Material's templates again: the same files, the same
compiled code, about a tenth of a second each time. Jinja's own bytecode cache keeps the
compiled code keyed by template file and checked against the source's checksum, so an edited
template (``overrides/``, during ``mkdocs serve``) is compiled afresh and nothing stale is used.
The cache lives in memory only: nothing is written to disk and every new process starts empty.
"""
from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache interface, kept in a dictionary."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja resets it when the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._store.clear()


SHARED = MemoryBytecodeCache()


def share(env: jinja2.Environment) -> jinja2.Environment:
    """``env`` with the process-wide cache, unless it already has a cache of its own."""
    if env.bytecode_cache is None:
        env.bytecode_cache = SHARED
    return env
