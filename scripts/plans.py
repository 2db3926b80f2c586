"""Activity plans (活用方針): validation and the registry rows derived from them.

A plan is a page under ``docs/<lang>/plans/`` whose front matter has a ``plan`` key.
The registry of official pages, ``accounts.json`` and ``accounts.csv`` are all built
from these plans, so the list citizens check can never drift from what was filed.
"""
from __future__ import annotations

from typing import Any

from scripts.pages import PageSet, Record, records
from scripts.problems import Problem
from scripts.schema import validate

PLANS_DIR = "plans/"
# Keys that are facts about the page itself and must agree in every language.
SHARED_KEYS = ("department", "page_name", "platform", "status", "url", "operators", "approval", "review_date")


def plans_of(pageset: PageSet, lang: str) -> list[Record]:
    """Plans of one language, in the order the nav lists them."""
    return records(pageset, lang, PLANS_DIR, "plan")


def check_plans(pageset: PageSet) -> list[Problem]:
    """Schema, one plan per page and per division, and agreement across languages."""
    problems: list[Problem] = []
    by_lang = {lang: {p.slug: p for p in plans_of(pageset, lang)} for lang in pageset.languages}
    for lang, plans in by_lang.items():
        seen: dict[tuple[str, str], Record] = {}
        for plan in plans.values():
            problems += validate(plan.data, "plan", plan.page.name, "plan")
            data = plan.data if isinstance(plan.data, dict) else {}
            keys = [("page_name", _text(data.get("page_name"), lang)), ("url", data.get("url")),
                    ("department", _text(data.get("department"), lang))]
            for key, value in keys:
                if not value:
                    continue
                other = seen.get((key, value))
                if other:
                    rule = ("one official page per division" if key == "department"
                            else "two plans may not describe the same page")
                    problems.append(Problem(plan.page.name, f"plan.{key}", f"{value!r} is already used by {other.page.name} ({rule})"))
                seen[(key, value)] = plan
    original, *translations = pageset.languages
    for lang in translations:
        for slug in sorted(set(by_lang[original]) ^ set(by_lang[lang])):
            present = by_lang[original].get(slug) or by_lang[lang][slug]
            absent = lang if slug in by_lang[original] else original
            problems.append(Problem(present.page.name, "plan",
                                    f"exists in one language only: docs/{absent}/{PLANS_DIR}{slug}.md has no plan (every plan needs both languages)"))
        for slug in sorted(set(by_lang[original]) & set(by_lang[lang])):
            source, translated = by_lang[original][slug], by_lang[lang][slug]
            for key in SHARED_KEYS:
                if source.data.get(key) != translated.data.get(key):
                    problems.append(Problem(translated.page.name, f"plan.{key}",
                                            f"differs from the original {source.page.name}: facts about the page must match in every language"))
    return problems


def _text(value: Any, lang: str) -> str | None:
    """The ``lang`` text of a bilingual value, if it is well formed."""
    return value.get(lang) if isinstance(value, dict) else None


def registry_rows(pageset: PageSet) -> list[dict[str, Any]]:
    """One row per plan for the registry and the open data, from the original language."""
    original = pageset.languages[0]
    rows = []
    for plan in plans_of(pageset, original):
        data = plan.data
        rows.append({
            "id": plan.slug,
            "department": data["department"],
            "page_name": data["page_name"],
            "platform": data["platform"],
            "status": data["status"],
            "url": data.get("url"),
            "plan": {lang: f"{'' if lang == original else lang + '/'}plans/{plan.slug}/" for lang in pageset.languages},
        })
    return rows
