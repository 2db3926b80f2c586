"""The public statement templates, written once and rendered on both language pages.

The statements page (``incidents/statements``) shows every template in Japanese and in
English, in tabs, on the Japanese page and on the English page. The four copies used to be
typed by hand and drifted apart: one copy of the impersonation warning lacked #9110 and 188
(review of 2026-12-07, N2). Each template now lives once in ``scripts/data/statements.yml``;
``{{rule:statement:NAME}}`` (``scripts/sns_policy/content/markers.py``) writes its tabs, so the text an
officer copies is the same whichever page they opened. Only the small label above a part
(訂正の投稿 / Correction post) follows the page's language.
"""
from __future__ import annotations

import re
from typing import Any

import yaml

from sns_policy import datafiles
from sns_policy.problems import Problem
from sns_policy import site

DATA_FILE = "scripts/data/statements.yml"
# Tab titles: the language of the text inside, the same on both pages.
TABS = (("ja", "日本語"), ("en", "English"))


def templates() -> dict[str, list[dict[str, Any]]]:
    """Template name → its parts, as ``statements.yml`` states them."""
    return datafiles.load("statements.yml") or {}


def statement(name: str, lang: str) -> str:
    """The tabs of one template (Material's content tabs), every part in both languages."""
    out: list[str] = []
    for code, title in TABS:
        out += [f'=== "{title}"', ""]
        for part in templates()[name]:
            if part.get("label"):
                out += [f"    {part['label'][lang]}{'：' if lang == 'ja' else ':'}", ""]
            out += ["    ```text", *[f"    {line}" if line else "" for line in part[code].rstrip("\n").split("\n")], "    ```", ""]
    return "\n".join(out).rstrip("\n")


def _line_of(text: str, name: str) -> int | None:
    """The line where template ``name`` starts in the data file, for the editor's message."""
    match = re.search(rf"^{re.escape(name)}:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def check_statements(text: str | None = None) -> list[Problem]:
    """Every template has at least one part, and every part both languages (and a label in both, if any)."""
    text = text if text is not None else (site.data_dir() / "statements.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return [Problem(DATA_FILE, "statements", "must map each template's name to its parts", 1,
                        "テンプレートの名前ごとに、その文を書いてください。")]
    for name, parts in data.items():
        line = _line_of(text, str(name))
        if not isinstance(parts, list) or not parts:
            problems.append(Problem(DATA_FILE, str(name), "has no text: give it a list of parts, each with ja and en", line,
                                    "に文がありません。ja と en を持つ文のリストを書いてください。"))
            continue
        for number, part in enumerate(parts, 1):
            missing = [lang for lang in ("ja", "en")
                       if not isinstance(part, dict) or not isinstance(part.get(lang), str) or not part[lang].strip()]
            label = part.get("label") if isinstance(part, dict) else None
            if label is not None and not (isinstance(label, dict) and all(isinstance(label.get(k), str) and label[k] for k in ("ja", "en"))):
                missing.append("label.ja/label.en")
            if missing:
                problems.append(Problem(DATA_FILE, f"{name}[{number}]", f"part {number} lacks {', '.join(missing)}: "
                                        "every template is given in Japanese and English, so both pages show the same text", line,
                                        f"の{number}番目の文に {'、'.join(missing)} がありません。日本語と英語の両方を書いてください"
                                        "（日本語のページと英語のページが同じ文を示すため）。"))
    return problems
