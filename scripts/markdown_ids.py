"""Heading ids and sections of a Markdown body, read from the source.

Headings that others link to carry an explicit ASCII id (``## 禁止事項 { #prohibited }``),
identical in both languages, so links and cross-references can be checked before
anything is rendered.
"""
from __future__ import annotations

import re

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$", re.M)


def heading_ids(body: str) -> list[str]:
    """Explicit ids of all headings, in order."""
    return [match.group(3) for match in _HEADING.finditer(body)]


def heading_titles(body: str) -> dict[str, str]:
    """Heading text by explicit id, for links that show the target's own title."""
    return {match.group(3): match.group(2) for match in _HEADING.finditer(body)}


def section(body: str, section_id: str) -> str | None:
    """Text under the heading with ``section_id`` up to the next heading of the same or higher level."""
    headings = list(_HEADING.finditer(body))
    for index, match in enumerate(headings):
        if match.group(3) != section_id:
            continue
        level = len(match.group(1))
        end = len(body)
        for later in headings[index + 1:]:
            if len(later.group(1)) <= level:
                end = later.start()
                break
        return body[match.end():end]
    return None
