"""Activity plans read from the pages: which pages are plans, and the names the plans' files go by.

A plan is a page under ``docs/<lang>/plans/`` whose front matter has a ``plan`` key, held to
``scripts/sns_policy/schemas/plan.schema.json`` (:data:`SCHEMA`, the one place the package names it).
"""
from __future__ import annotations

from sns_policy.sources.pages import PageSet, Record, RecordKind, records

PLANS_DIR = "plans/"
# The front-matter schema of a plan (scripts/sns_policy/schemas/plan.schema.json).
SCHEMA = "plan"
# Keys that are facts about the page itself and must agree in every language.
SHARED_KEYS = ("department", "page_name", "platform", "status", "url", "operators", "approval", "review_date")
# The open data's descriptions, written at the root of the site beside accounts.json and accounts.csv (build.py).
JSON_SCHEMA = "accounts.schema.json"
PACKAGE = "datapackage.json"
# A plan as the generic checks of sources/ know it: its key, its folder, its schema (pipeline/validate.py hands it on).
KIND = RecordKind("plan", PLANS_DIR, SCHEMA)


def plans_of(pageset: PageSet, lang: str) -> list[Record]:
    """Plans of one language, in the order the nav lists them."""
    return records(pageset, lang, KIND.folder, KIND.key)
