"""Compile the theme's templates once per process, not once per language, and list its files once.

mkdocs-static-i18n builds each language with a fresh MkDocs build, and every build makes a
new Jinja environment that compiles Material's templates again: the same files, the same
compiled code, about a tenth of a second each time. Jinja's own bytecode cache keeps the
compiled code keyed by template file and checked against the source's checksum, so an edited
template (``overrides/``, during ``mkdocs serve``) is compiled afresh and nothing stale is used.
The cache lives in memory only: nothing is written to disk and every new process starts empty.

Before copying the theme's files, every build lists the theme's folders: about 14,000 names, most of
them Material's icons in the hidden folder ``.icons``, which MkDocs then filters out one by one (a tenth
of a second per language). :func:`install` makes each environment the theme hands out (MkDocs' pages,
Material's search translations, every language's build) share the compiled templates, and list the
installed theme's folders once per process without hidden folders, which MkDocs never copies. The
site's own ``overrides/`` is listed afresh every time: an editor may add a file while ``mkdocs serve`` runs.
"""
from __future__ import annotations

import os
from types import MethodType

import jinja2
from jinja2.bccache import Bucket
from mkdocs.theme import Theme

from sns_policy import kept


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache interface, kept in a dictionary."""

    def __init__(self) -> None:
        self._store = kept.Memo("finish.template_cache.bytecode", 512, per_build=False)  # by template: Jinja checks the checksum

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


def install(theme: Theme) -> None:
    """Every environment ``theme`` makes from now on shares compiled templates and the installed theme's listing."""
    theme.get_env = MethodType(_environment, theme)  # type: ignore[method-assign]  # bound: a copied theme stays itself


def _environment(theme: Theme) -> jinja2.Environment:
    """MkDocs' own environment for ``theme`` (its filters, this language's translations), with the shared caches."""
    env = Theme.get_env(theme)
    env.loader = ListedOnce(theme.dirs, theme.custom_dir)
    return share(env)


class ListedOnce(jinja2.FileSystemLoader):
    """Jinja's loader for the theme's folders; listing them leaves out hidden folders and files (MkDocs never copies
    them) and lists a folder of an installed package once per process. Loading a template is Jinja's own."""

    def __init__(self, dirs: list[str], custom_dir: str | None) -> None:
        super().__init__(dirs)
        self.custom_dir = custom_dir

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for folder in self.searchpath:
            if folder == self.custom_dir:
                names.update(_visible_files(folder))
                continue
            if folder not in _LISTED:
                _LISTED[folder] = _visible_files(folder)
            names.update(_LISTED[folder])
        return sorted(names)


# Folders of installed packages (Material's templates, mkdocs-static-i18n's sitemap) do not change while a process runs.
_LISTED = kept.Memo("finish.template_cache.listed", 64, per_build=False)


def _visible_files(folder: str) -> tuple[str, ...]:
    """Every file below ``folder`` as a template name (``assets/x.js``), none inside or named with a leading dot."""
    found = []
    for path, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        inside = os.path.relpath(path, folder).replace(os.sep, "/")
        found += [name if inside == "." else f"{inside}/{name}" for name in files if not name.startswith(".")]
    return tuple(found)
