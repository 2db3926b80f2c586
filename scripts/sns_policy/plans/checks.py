"""Activity plans (活用方針) refused when they break a rule: schema, names, addresses, languages.

The registry of official pages, ``accounts.json`` and ``accounts.csv`` are all built from the
plans, so what is refused here never reaches the list citizens check.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sns_policy.sources.pages import PageSet, Record, translation_behind
from sns_policy.problems import Problem
from sns_policy.content.rules import check_plan_rules, division_key
from sns_policy.plans.model import PLANS_DIR, SCHEMA, SHARED_KEYS, plans_of
from sns_policy.sources.schema import validate

# Registry fields citizens compare against a page they found: plain text only.
REGISTRY_TEXT = (("department", "ja"), ("department", "en"), ("page_name", "ja"), ("page_name", "en"))
# Markdown and HTML punctuation has no place in a division's or a page's name; a link
# smuggled into the registry table would send citizens to an impostor.
_MARKUP = re.compile(r"[<>\[\]{}`*_|\\]|://")
# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@")
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
_FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com", "fb.com", "www.fb.com"}


def normalise_facebook_url(url: str) -> str:
    """One spelling per page: https, www.facebook.com, lower-case name, no slash, query or fragment.

    Facebook treats page names case-insensitively and ignores tracking queries, so
    ``http://facebook.com/ExampleTown/?ref=x`` and ``https://www.facebook.com/exampletown``
    are the same page and must count as one in the duplicate check. ``profile.php?id=``
    addresses keep their id, which is the page.
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or (parts.hostname or "").lower() not in _FACEBOOK_HOSTS:
        return url
    path = parts.path.rstrip("/").lower() or "/"
    query = ""
    if path == "/profile.php":
        ids = [v for k, v in parse_qsl(parts.query) if k == "id"]
        query = f"?id={ids[0]}" if ids else ""
    return f"https://www.facebook.com{path}{query}"


def _normalise(plan: Record) -> None:
    """Store the url in its one normal form, so the registry and open data use it too."""
    data = plan.data
    if isinstance(data, dict) and isinstance(data.get("url"), str):
        data["url"] = normalise_facebook_url(data["url"])


def _registry_text_problems(plan: Record) -> list[Problem]:
    """Registry names are plain text: no markup, no spreadsheet formulas."""
    problems: list[Problem] = []
    data = plan.data if isinstance(plan.data, dict) else {}
    values = [((*path,), _text(data.get(path[0]), path[1])) for path in REGISTRY_TEXT]
    values.append((("url",), data.get("url")))
    for path, value in values:
        if not isinstance(value, str):
            continue
        field_path = ("plan", *path)
        if value.startswith(_FORMULA_START):
            problems.append(plan.page.problem(field_path, f"starts with {value[0]!r}, which spreadsheet programs run as a formula: start with a word",
                                              f"が {value[0]!r} で始まっています。表計算ソフトが数式として実行するため、文字で始めてください。"))
        elif path != ("url",) and _MARKUP.search(value):
            problems.append(plan.page.problem(field_path, f"must be plain text, without Markdown, HTML or addresses (found {_MARKUP.search(value).group(0)!r})",
                                              f"は書式や HTML、アドレスを含まない文字だけで書いてください（{_MARKUP.search(value).group(0)!r} があります）。"))
    return problems


def _key(value: str) -> str:
    """Compare names without regard to case or width: 'Ａ課' and 'A課' are one division."""
    return unicodedata.normalize("NFKC", value).casefold()


def check_plans(pageset: PageSet) -> list[Problem]:
    """Schema, plain registry text, one plan per page and per division, agreement across languages."""
    problems: list[Problem] = []
    by_lang = {lang: {p.slug: p for p in plans_of(pageset, lang)} for lang in pageset.languages}
    for lang, plans in by_lang.items():
        seen: dict[tuple[str, str], Record] = {}
        for plan in plans.values():
            if not _SLUG.match(plan.slug):
                problems.append(Problem(plan.page.name, "", f"file name {plan.slug!r} must be lower-case ASCII letters, digits and hyphens, "
                                        "starting with a letter (it becomes the registry id)", 1,
                                        f"ファイル名 {plan.slug!r} は半角英小文字・数字・ハイフンで、英字から始めてください（台帳の ID になります）。"))
            _normalise(plan)
            problems += validate(plan.data, SCHEMA, plan.page.name, "plan", page=plan.page)
            problems += _registry_text_problems(plan)
            problems += check_plan_rules(plan.data, plan.page)
            data = plan.data if isinstance(plan.data, dict) else {}
            # A section in brackets (観光担当) is part of its division: one page per division (a rule of the guideline).
            keys = [("page_name", _text(data.get("page_name"), lang)), ("url", data.get("url")),
                    ("department", division_key(data.get("department"), lang))]
            for key, value in keys:
                if not isinstance(value, str) or not value:
                    continue
                other = seen.get((key, _key(value)))
                if other:
                    rule = ("one official page per division" if key == "department"
                            else "two plans may not describe the same page")
                    rule_ja = "1 つの課に公式ページは 1 つです" if key == "department" else "2 つの活用方針が同じページを記述することはできません"
                    path = ("plan", key, lang) if key != "url" else ("plan", key)
                    problems.append(Problem(plan.page.name, f"plan.{key}", f"{value!r} is already used by {other.page.name} ({rule})",
                                            plan.page.line_of(path), f"{value!r} は {other.page.name} で使われています（{rule_ja}）。"))
                seen[(key, _key(value))] = plan
    original, *translations = pageset.languages
    for lang in translations:
        for slug in sorted(set(by_lang[original]) ^ set(by_lang[lang])):
            present = by_lang[original].get(slug) or by_lang[lang][slug]
            absent = lang if slug in by_lang[original] else original
            if (absent, f"{PLANS_DIR}{slug}.md") in pageset.unreadable:
                continue  # that file's own problem is reported already
            problems.append(Problem(present.page.name, "plan",
                                    f"exists in one language only: docs/{absent}/{PLANS_DIR}{slug}.md has no plan (every plan needs both languages)",
                                    present.page.line_of(("plan",)),
                                    f"が片方の言語にしかありません。docs/{absent}/{PLANS_DIR}{slug}.md にも活用方針を書いてください。"))
        for slug in sorted(set(by_lang[original]) & set(by_lang[lang])):
            source, translated = by_lang[original][slug], by_lang[lang][slug]
            if not isinstance(source.data, dict) or not isinstance(translated.data, dict):
                continue
            if translation_behind(source.page.meta, translated.page.meta) is not False:
                continue  # a translation of an earlier version states that version's facts, and says it lags
            for key in SHARED_KEYS:
                if source.data.get(key) != translated.data.get(key):
                    problems.append(Problem(translated.page.name, f"plan.{key}",
                                            f"differs from the original {source.page.name}: facts about the page must match in every language",
                                            translated.page.line_of(("plan", key)),
                                            f"が原文 {source.page.name} と違います。ページについての事実はどの言語でも同じにしてください。"))
    return problems


def _text(value: Any, lang: str) -> str | None:
    """The ``lang`` text of a bilingual value, if it is well formed."""
    return value.get(lang) if isinstance(value, dict) else None
