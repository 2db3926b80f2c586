"""One search index per language.

Material writes a single ``search/search_index.json`` and mkdocs-static-i18n merges
every language into it, so English queries on /en/ ran through the Japanese
tokenizer and results mixed both languages. Each language gets its own index instead:
Japanese at ``search/``, English at ``en/search/``, each with its own lunr language.
Each index also carries the words people use for its sections (scripts/sns_policy/search/model.py, :func:`attach`).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sns_policy import site
from sns_policy.problems import Problem, display_path
from sns_policy.search.model import FIELD, WORDS, _entries, _glossary_words, location

INDEX = Path("search") / "search_index.json"


def language_config(config: Any, lang: str, default_lang: str) -> dict[str, Any]:
    """lunr settings for one language's index.

    The default language uses the search plugin's settings from ``mkdocs.yml``; other
    languages use Material's defaults for their language, as they would in a
    single-language site.
    """
    search = config.plugins.get("material/search")
    if search is None:
        return {"lang": [lang]}
    if lang == default_lang:
        return {"lang": [lang], "separator": search.config.separator, "pipeline": search.config.pipeline}
    translate = search._translate  # Material's lookup of its per-language defaults
    pipeline = [step.strip() for step in translate(config, "search.config.pipeline").split(",") if step.strip()]
    return {"lang": [lang], "separator": translate(config, "search.config.separator"), "pipeline": pipeline}


def split_index(site_dir: Path, lang: str, default_lang: str, lang_config: dict[str, Any]) -> list[Problem]:
    """Keep only ``lang``'s entries in its own index, with their search words; returns the
    problems of the search-words data (nothing is written when there are any).

    Entries of a non-default language live under ``<lang>/``; their locations are made
    relative to that folder because pages of that language resolve search results
    against ``<lang>/`` (see ``localise_search_base``).
    """
    source = site_dir / INDEX
    index = json.loads(source.read_text(encoding="utf-8"))
    prefix = f"{lang}/"
    if lang == default_lang:
        docs = [d for d in index["docs"] if not _in_other_language(d["location"], default_lang)]
        target = source
    else:
        docs = [{**d, "location": d["location"][len(prefix):]} for d in index["docs"] if d["location"].startswith(prefix)]
        target = site_dir / lang / INDEX
    problems = attach(docs, lang)
    if problems:
        return problems
    index["docs"] = docs
    index["config"].update(lang_config)
    index["config"]["fields"] = {**index["config"].get("fields", {}), **FIELD}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return []


def _in_other_language(location: str, default_lang: str) -> bool:
    """Locations of translated pages start with a locale folder such as ``en/``."""
    head = location.split("/", 1)[0]
    return len(head) == 2 and head.isalpha() and head != default_lang and "/" in location


def localise_search_base(html: str, lang: str) -> str:
    """Point Material's search at ``<lang>/`` on pages of a non-default language.

    Material loads ``search/search_index.json`` relative to ``base`` in the page's
    ``__config`` JSON and resolves result links against it.
    """
    start_tag = '<script id="__config" type="application/json">'
    start = html.find(start_tag)
    if start < 0:
        return html
    body_start = start + len(start_tag)
    end = html.find("</script>", body_start)
    config = json.loads(html[body_start:end])
    config["base"] = f"{config['base'].rstrip('/')}/{lang}/"
    return html[:body_start] + json.dumps(config, ensure_ascii=False) + html[end:]


def attach(docs: list[dict[str, Any]], lang: str, data: Path | None = None) -> list[Problem]:
    """Give each entry of ``lang``'s index its search words; the problems of the data file.

    ``docs`` are the entries of one language's index, their locations relative to that
    language's folder. Words are joined with spaces, which separate words in both languages'
    indexes; a phrase keeps its own order, so the segmenter cuts it as it cuts the same
    phrase typed as a query. Words for a section the site does not have are refused, on every site.
    """
    path = data or site.data_dir() / WORDS
    entries, problems = _entries(lang, path)
    by_location = {doc["location"]: doc for doc in docs}
    words: dict[str, list[str]] = {}
    for key, line, listed in entries:
        target = location(key)
        if target not in by_location:
            problems.append(Problem(display_path(path), f"{lang}: {key}",
                                    f"no such section in the {lang} pages (a page of docs/{lang}/ and a heading id)", line,
                                    f"{lang} のページにこの節がありません（docs/{lang}/ のページと見出しの id を書いてください）"))
            continue
        words.setdefault(target, []).extend(listed)
    for doc in docs:
        extra = words.get(doc["location"], []) + _glossary_words(lang, doc.get("title", ""))
        if extra:
            doc["words"] = " ".join(dict.fromkeys(extra))
    return sorted(problems, key=lambda p: p.line or 0)
