"""Under `mkdocs serve`, a page's search entries are copied from the last build when what they are made of is unchanged.

Material's search plugin parses every page's finished content on every build to cut it into
entries: after one saved page, a quarter of the rebuild parses pages that did not change. An
entry is made only of the page's content, its table of contents (the section addresses), its
address and three front-matter values (title, tags, search), so ``_MemoIndex`` (Material's own
``SearchIndex`` with this one change) keys each page's entries by a hash of those and copies them
when the key was seen before. The entries are the ones Material made; nothing here writes one.

Only under `mkdocs serve`: a build for publishing indexes every page with Material's class
unchanged. mkdocs-static-i18n reads the entries from the same ``search_index`` attribute, as it
does for Material's class.
"""
from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from material.plugins.search.plugin import SearchIndex
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from sns_policy import kept
from sns_policy.pipeline import serving

KEPT = 1000  # pages' entries kept: both languages' pages several times over

# The hash of a page's indexed inputs -> the entries Material made of it (forgotten after a failed build: forget).
_entries = kept.Memo("pipeline.indexed.entries", KEPT, per_build=False)



def forget() -> None:
    """Keep no entries from earlier builds (a failed build, or a test)."""
    _entries.clear()



def install(config: MkDocsConfig) -> None:
    """Under `mkdocs serve`, give this build's search plugin an index that copies unchanged pages' entries.
    Material makes a new ``SearchIndex`` in every build's on_config; this runs after it (on_pre_build)."""
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if serving.active() and type(index) is SearchIndex and not index.entries:
        plugin.search_index = _MemoIndex(**index.config)  # type: ignore[union-attr]


class _MemoIndex(SearchIndex):
    """Material's search index; a page seen before with the same inputs gets a copy of its entries."""

    def add_entry_from_context(self, page: Page) -> None:
        key = _key(page)
        if key in _entries:
            self.entries.extend(copy.deepcopy(_entries[key]))
            return
        start = len(self.entries)
        super().add_entry_from_context(page)
        _entries[key] = copy.deepcopy(self.entries[start:])


def _key(page: Page) -> str:
    """A hash of everything Material's ``add_entry_from_context`` reads of ``page``."""
    meta = {name: page.meta.get(name) for name in ("title", "tags", "search")}
    described = [page.url, page.title, page.content, _toc(page.toc), json.dumps(meta, sort_keys=True, default=repr)]
    return hashlib.sha256(json.dumps(described, ensure_ascii=False).encode("utf-8")).hexdigest()


def _toc(items: Any) -> list[Any]:
    """The table of contents as the index reads it: each section's id and address."""
    return [[item.id, item.url, _toc(item.children)] for item in items]
