"""Give each checklist checkbox an accessible name.

pymdownx.tasklist renders ``<label><input type=checkbox></label> text`` with the text
outside the label, so screen readers announce an unnamed checkbox (axe-core: label,
WCAG 4.1.2). The item's own text becomes the checkbox's name, and its label's too (IBM Equal
Access: label_content_exists, a label with no text of its own).
"""
from __future__ import annotations

import html
import re

_ITEM = re.compile(
    r'(<li class="task-list-item">\s*<label class="task-list-control">\s*<input type="checkbox")([^>]*>)(.*?)(?=<ul|<ol|</li>)',
    re.S,
)
_TAGS = re.compile(r"<[^>]+>")


def name_checkboxes(page_html: str) -> str:
    """Add ``aria-label`` (the item's text) to every task-list checkbox without one."""
    def add_label(match: re.Match[str]) -> str:
        if "aria-label" in match.group(2):
            return match.group(0)
        after_input = match.group(2) + match.group(3)
        text = " ".join(_TAGS.sub(" ", after_input.split(">", 1)[1]).split())
        label = html.escape(html.unescape(text), quote=True)
        start = match.group(1).replace('<label class="task-list-control">', f'<label class="task-list-control" aria-label="{label}">', 1)
        return f'{start} aria-label="{label}"{match.group(2)}{match.group(3)}'

    return _ITEM.sub(add_label, page_html)
