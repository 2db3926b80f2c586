"""Mark Japanese words inside pages of another language (WCAG 3.1.2, language of parts).

English pages quote Japanese names (the municipality's, 地方公務員法, みんなの公共サイト運用ガイドライン)
and the Japanese versions of the statement templates. Screen readers pronounce them
correctly only when they carry ``lang="ja"``; marking them by hand would be forgotten.
"""
from __future__ import annotations

import re

from sns_policy import kept

# Kana, kanji, CJK punctuation and full-width forms; a run may contain spaces between them.
_JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6]+")
_TAG = re.compile(r"(<[^>]*>)")
_RAW_TEXT = ("script", "style", "textarea", "title")


@kept.memo(512, per_build=False)  # `mkdocs serve` finishes every page on every build; most pages did not change
def mark_japanese(html: str) -> str:
    """Wrap each run of Japanese text outside tags in ``<span lang="ja">``."""
    parts = _TAG.split(html)
    raw = None  # inside <script>, <style>, … nothing is touched
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in _RAW_TEXT:
                raw = None if part.startswith("</") else name.group(1).lower()
            continue
        if raw is None and part:
            parts[index] = _JAPANESE.sub(lambda m: f'<span lang="ja">{m.group(0)}</span>', part)
    return "".join(parts)
