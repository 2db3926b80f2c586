"""The one escaping path: a value an editor wrote becomes text in a page, whatever it contains.

Front matter reaches pages through the parts the build writes (titles, boxes, tables, histories).
The validator refuses markup in front matter, and every part still passes each value through
here (defence in depth): :func:`md_text` where it goes into Markdown, :func:`html_text` where it
goes straight into HTML. ``tests/content/test_escape.py`` hands hostile values to every part, the
site-wide history, the 新旧対照表 and the translation notice included, and ``tests/test_crosscutting.py``
fails on an escaper anywhere else in the engine (``html.escape``, ``markupsafe``, a function of its own).
"""
from __future__ import annotations

import html
import re
from typing import Any

# Punctuation Python-Markdown gives a meaning to (its ESCAPED_CHARS, and | for tables).
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def md_text(value: Any) -> str:
    """The one escaping path for front-matter text going into Markdown.

    HTML-escaped (so ``<img onerror>`` is text) and Markdown-escaped (so ``[x](…)``,
    ``{ onclick=… }`` and ``*`` are text), on one line, safe in a table cell. Every
    value from front matter reaches the page through here or through ``html.escape``
    (:func:`html_text`), whatever it looks like.
    """
    text = html.escape(str(value), quote=False).replace("\n", " ").replace("\r", " ")
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return text.replace("\\|", "&#124;")


def html_text(value: Any, quote: bool = True) -> str:
    """Text going straight into HTML (attributes included). ``quote=False`` only between tags, where
    quotes mean nothing (the parts that always wrote them so keep their bytes)."""
    return html.escape(str(value), quote=quote)
