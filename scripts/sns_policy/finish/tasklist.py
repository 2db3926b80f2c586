"""Give each checklist checkbox an accessible name.

pymdownx.tasklist renders ``<label><input type=checkbox></label> text`` with the text
outside the label, so screen readers announce an unnamed checkbox (axe-core: label,
WCAG 4.1.2), and the label has no text of its own (IBM Equal Access: label_content_exists).
The item's own text is moved inside the label, up to a nested list: the label names the box
with the words a reader sees, and a click on the text ticks it. Where the text cannot be moved
(the label is not closed once in it), the text becomes the box's ``aria-label`` instead.
"""
from __future__ import annotations

import html
import re

from sns_policy.content.escape import html_text

_ITEM = re.compile(
    r'(<li class="task-list-item">\s*<label class="task-list-control">\s*<input type="checkbox")([^>]*>)(.*?)(?=<ul|<ol|</li>)',
    re.S,
)
_TAGS = re.compile(r"<[^>]+>")


def name_checkboxes(page_html: str) -> str:
    """Every task-list checkbox named by its item's text, inside its label (or as ``aria-label``)."""
    def name(match: re.Match[str]) -> str:
        start, tag_end, rest = match.groups()
        if "aria-label" in tag_end:
            return match.group(0)
        text = rest.rstrip()
        if text.count("</label>") == 1 and not text.endswith("</label>"):
            return start + tag_end + text.replace("</label>", "", 1) + "</label>" + rest[len(text):]
        words = " ".join(_TAGS.sub(" ", (tag_end + rest).split(">", 1)[1]).split())
        return f'{start} aria-label="{html_text(html.unescape(words))}"{tag_end}{rest}'

    return _ITEM.sub(name, page_html)
