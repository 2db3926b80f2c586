"""The data files under ``scripts/data/``: each is read once per build, with libyaml.

Many pages state the same rules and words, so many modules ask for the same file; reading
it once keeps "one fact, one place" from costing a parse per page. The result is shared:
callers must treat it as read-only. ``mkdocs serve`` clears this cache before every build
(``scripts/pipeline/prepare.py``, ``forget_cached_reads``), so an edited data file is read afresh;
a text it has parsed before is not parsed again.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from scripts.site import DATA

# libyaml's parser when PyYAML was built with it (the wheels are), else the pure-Python one.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The parsed contents of ``scripts/data/<name>`` (``labels.yml``, ``roles.yml`` …)."""
    return _parsed((DATA / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def _parsed(text: str) -> Any:
    """One text of a data file, parsed: a file unchanged since the last build of ``mkdocs serve`` is not parsed again."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader


_parsed.keyed_by_content = True  # type: ignore[attr-defined]  # kept across builds (prepare.forget_cached_reads)
