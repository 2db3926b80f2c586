"""Incident playbooks read from the pages: which pages are playbooks, and the policy they point into.

A playbook is a page under ``docs/<lang>/incidents/`` whose front matter has an ``incident`` key, held to
``scripts/sns_policy/schemas/playbook.schema.json`` (:data:`SCHEMA`, the one place the package names it).
"""
from __future__ import annotations

from sns_policy.sources.pages import PageSet, Record, RecordKind, records

INCIDENTS_DIR = "incidents/"
# The front-matter schema of a playbook (scripts/sns_policy/schemas/playbook.schema.json).
SCHEMA = "playbook"
# The page whose sections a playbook's policy_sections name.
POLICY_PAGE = "policy.md"
# Front-matter facts that must be identical in every language.
SHARED_KEYS = ("type", "severity", "first_response_minutes", "decides", "roles", "policy_sections")
# A playbook as the generic checks of sources/ know it: its key, its folder, its schema (pipeline/validate.py hands it on).
KIND = RecordKind("incident", INCIDENTS_DIR, SCHEMA)


def playbooks_of(pageset: PageSet, lang: str) -> list[Record]:
    """Playbooks of one language, in the order the nav lists them."""
    return records(pageset, lang, KIND.folder, KIND.key)
