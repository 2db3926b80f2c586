"""Headings, their ids and sections of a Markdown body, read from the source.

Headings that others link to carry an explicit ASCII id (``## 禁止事項 { #prohibited }``),
identical in both languages, so links and cross-references can be checked before
anything is rendered. Lines inside fenced code blocks are not headings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sns_policy import kept
from sns_policy.problems import Problem

_HEADING = re.compile(r"^(#{1,6})\s+(\S.*?)\s*$")
_EXPLICIT_ID = re.compile(r"\s*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Heading:
    """One ATX heading: its level, text, explicit id (if any) and where it sits in the body."""

    level: int
    title: str
    id: str | None
    line: str
    start: int
    end: int


def headings(body: str) -> list[Heading]:
    """All headings outside fenced code blocks, in order."""
    return list(_headings(body))


@kept.memo(1024, per_build=False)  # the checks, the contents box and the sections read the same bodies, build after build
def _headings(body: str) -> tuple[Heading, ...]:
    """All headings of one body (a tuple: the same answer is handed to every caller)."""
    found, in_code, offset = [], False, 0
    for line in body.splitlines(keepends=True):
        if _FENCE.match(line):
            in_code = not in_code
        elif not in_code and (match := _HEADING.match(line.rstrip("\n"))):
            text = match.group(2)
            explicit = _EXPLICIT_ID.search(text)
            title = text[: explicit.start()] if explicit else text
            found.append(Heading(len(match.group(1)), title, explicit.group(1) if explicit else None,
                                 line.strip(), offset, offset + len(line)))
        offset += len(line)
    return tuple(found)


def colliding_ids(body: str, composed: str) -> list[tuple[Heading, str]]:
    """The editor's headings whose explicit id a heading the build added to the page also has.

    ``body`` is what the editor wrote, ``composed`` the page's whole Markdown. Each such heading is
    returned with the added heading's text (e.g. the revision history's ``## 改訂履歴 { #history }``).
    """
    own = [h for h in headings(body) if h.id]
    own_lines = {(h.id, h.line) for h in own}
    added = {h.id: h.line for h in headings(composed) if h.id and (h.id, h.line) not in own_lines}
    return [(h, added[h.id]) for h in own if h.id in added]


def duplicate_id(file: str, heading_id: str, first: int | None, line: int | None, first_what: str = "") -> Problem:
    """Two headings of one page with the same id: a link to it always lands on the first."""
    where_en = first_what or f"the heading on line {first}"
    where_ja = first_what or f"{first} 行目の見出し"
    return Problem(file, "heading", f"uses the id #{heading_id}, which {where_en} of this page already has: a link to "
                   f"#{heading_id} could never reach this heading; give one of them another id",
                   line, f"の id #{heading_id} は、このページの{where_ja}と同じです。リンクがこの見出しに届かないので、"
                   "どちらかに別の id を付けてください。")


def heading_ids(body: str) -> list[str]:
    """Explicit ids of all headings, in order."""
    return [h.id for h in headings(body) if h.id]


def heading_titles(body: str) -> dict[str, str]:
    """Heading text by explicit id, for links that show the target's own title."""
    return {h.id: h.title for h in headings(body) if h.id}


def section(body: str, section_id: str) -> str | None:
    """Text under the heading with ``section_id`` up to the next heading of the same or higher level."""
    found = headings(body)
    for index, heading in enumerate(found):
        if heading.id != section_id:
            continue
        end = next((later.start for later in found[index + 1:] if later.level <= heading.level), len(body))
        return body[heading.end:end]
    return None
