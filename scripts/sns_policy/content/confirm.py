"""Facts to confirm with the City before adoption, kept in one list (``scripts/data/confirm.yml``).

The drafts rest on a 2016 proposal and on what Meta's screens said when they were
written. Organisation names, the City's enquiry route and office hours, the repository
address, Meta's labels and article numbers may have changed, and none of them may be
shown to residents as certain. Each such fact is listed once, with ``confirm: true``
until the City confirms it; staff pages mark it beside the text, the page of facts to confirm
(``facts-to-confirm.md``) lists them all, and a release build prints the list (as information: a release may go out
with facts still to confirm, as long as readers are told which).
"""
from __future__ import annotations

import logging
from typing import Any

from sns_policy import datafiles

log = logging.getLogger("mkdocs.plugins.confirm")


def pending() -> dict[str, dict[str, Any]]:
    """The facts still awaiting confirmation, by id, in the file's order."""
    return {key: item for key, item in datafiles.load("confirm.yml").items() if item.get("confirm")}


def confirm_list(lang: str) -> str:
    """The facts awaiting confirmation as a plain list for the City's staff: each a question a
    division can answer, with no file paths (where the fact is written is for editors, in the data)."""
    if not pending():
        return "確認を待っている事項はありません。" if lang == "ja" else "No facts are awaiting confirmation."
    return "\n".join(f"- {item['what'][lang]}" for item in pending().values())


def report() -> list[str]:
    """One line per fact still to confirm, for the release build's log."""
    return [f"{key}: {item['what']['en']}" for key, item in pending().items()]


def log_report() -> None:
    """Print the facts still to confirm as information (a release is not refused for them)."""
    lines = report()
    if lines:
        log.info("Facts to confirm with the City before adoption (scripts/data/confirm.yml), %d:\n  %s",
                 len(lines), "\n  ".join(lines))
