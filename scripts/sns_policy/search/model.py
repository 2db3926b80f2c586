"""People's words for the sections that answer them (``scripts/data/search-words.yml``).

Residents do not type the titles of sections: they type 「コメントが消された」, "contact the
city" or 誤投稿, and a section titled 「コメントが非表示・削除されたときは」 or 誤った投稿 never
came up. The words people use live in one data file, per language, each under the section
that answers it (``policy.md#comment-removed``: a page of ``docs/<lang>/`` and a heading id).
The build (``build.py``, :func:`~sns_policy.search.build.attach`) gives each section's words to that language's search index as a field of its own,
``words``, boosted above titles (:data:`FIELD`): the section ranks first for them, and the words
are never printed, neither on the page nor in the results (the search worker drops the field,
``scripts/sns_policy/theme/assets/javascripts/workers/search-words.js``).

The glossary (``scripts/data/glossary.yml``) already names the variants people use for a term:
a section whose title contains a glossary word gets that entry's plain variants as search words
too, so 削除等の措置 still finds 「禁止事項が投稿された場合の対応」.

A section named in the data that the index does not have stops the build with the file, the
line and the problem in both languages: words that lead nowhere would fail silently.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from sns_policy import datafiles
from sns_policy.problems import Problem, display_path

WORDS = "search-words.yml"
# Above Material's title boost (1000), below its tags (1e6, unused here): a section whose words
# match a query outranks sections whose title only shares a fragment with it.
FIELD = {"words": {"boost": 5000.0}}
_CASES = re.compile(r"\[([A-Z])([a-z])\]")
_PLAIN = re.compile(r"^[^\\()\[\]{}?*+|^$.]+$")


def location(key: str) -> str:
    """``policy.md#comment-removed`` → ``policy/#comment-removed``, the index's address of it."""
    page, _, anchor = key.partition("#")
    path = page[:-3] if page.endswith(".md") else page
    if path == "index":
        path = ""
    elif path.endswith("/index"):
        path = path[: -len("index")]
    elif path:
        path += "/"
    return f"{path}#{anchor}" if anchor else path


def _entries(lang: str, path: Path) -> tuple[list[tuple[str, int, list[str]]], list[Problem]]:
    """(section key, line, words) for ``lang``, with a problem for each entry of the wrong shape."""
    where = display_path(path)
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if root is None:
        return [], []
    if not isinstance(root, yaml.MappingNode):
        return [], [Problem(where, "", "must map each language (ja, en) to its sections", 1,
                            "言語（ja、en）ごとに節を並べてください")]
    out: list[tuple[str, int, list[str]]] = []
    problems: list[Problem] = []
    for lang_node, sections in root.value:
        if lang_node.value != lang:
            continue
        if not isinstance(sections, yaml.MappingNode):
            line = lang_node.start_mark.line + 1
            problems.append(Problem(where, lang, "must map sections (page.md#heading-id) to lists of words", line,
                                    "節（page.md#見出しのid）ごとに語のリストを書いてください"))
            continue
        for key, words in sections.value:
            line = key.start_mark.line + 1
            if not isinstance(words, yaml.SequenceNode) or not all(
                    isinstance(w, yaml.ScalarNode) and str(w.value).strip() for w in words.value):
                problems.append(Problem(where, f"{lang}: {key.value}", "must be a list of words", line,
                                        "語のリストにしてください"))
                continue
            out.append((str(key.value), line, [str(w.value).strip() for w in words.value]))
    return out, problems


def _glossary_words(lang: str, title: str) -> list[str]:
    """The glossary's plain variants of every glossary word in ``title``."""
    found: list[str] = []
    for entry in datafiles.load("glossary.yml").get(lang, []):
        if entry["use"].lower() not in title.lower():
            continue
        for pattern in entry.get("avoid", []):
            # "[Pp]ersonal data" and "\bword\b" are plain words; look-arounds and the like are not.
            word = _CASES.sub(lambda m: m.group(1).lower(), pattern).replace(r"\b", "")
            if _PLAIN.match(word):
                found.append(word)
    return found
