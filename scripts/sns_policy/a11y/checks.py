"""What testers recorded by hand (``scripts/data/accessibility-manual.yml``), refused when it is wrong.

Every entry names a criterion that exists, a result, a date that is not in the future, who tested (a
role, never a person's name: a key such as ``name`` or 氏名 is refused) and how; a problem names the
file's line.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from sns_policy import datafiles, dates
from sns_policy.a11y.model import criteria, manual_file
from sns_policy.problems import Problem
from sns_policy.site import ROOT
from sns_policy.sources.personal_data import find


RESULTS = ("met", "not_met", "not_applicable")


REQUIRED = ("result", "date", "who", "method")


OPTIONAL = ("note",)


# Keys people reach for when they mean to write who tested: a name never goes in the file.
NAME_LIKE = ("name", "names", "tester", "testers", "person", "by", "checked_by", "author", "staff",
             "氏名", "名前", "担当者", "試験者")


def _lines(text: str) -> dict[tuple[Any, ...], int]:
    """1-based line of every key in a YAML document, by its path, so problems name a line."""
    out: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node, prefix: tuple[Any, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                out[(*prefix, key_node.value)] = key_node.start_mark.line + 1
                walk(value_node, (*prefix, key_node.value))

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return out


def check_manual(path: Path | None = None, criteria_path: Path | None = None, today: dt.date | None = None) -> list[Problem]:
    """Every broken rule of the manual results file, each with its line, in Japanese and English."""
    path = path or manual_file()
    name = _display(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        lines = _lines(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [Problem(name, "", f"is not valid YAML: {getattr(error, 'problem', error)}",
                        mark.line + 1 if mark else None, "YAML として読めません。字下げと引用符を確かめてください。")]
    checks = (data or {}).get("checks") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(checks, dict):
        return [Problem(name, "checks", "must be a mapping from criterion numbers to results (write `checks: {}` when empty)", 1,
                        "checks には、達成基準の番号ごとの結果を書きます（まだなければ `checks: {}`）。")]
    known = {c["id"] for c in criteria(criteria_path)}
    roles = set(datafiles.load("roles.yml"))
    today = today or dates.today()
    problems: list[Problem] = []

    def problem(where: tuple[Any, ...], field: str, message: str, ja: str) -> None:
        problems.append(Problem(name, field, message, lines.get(where) or lines.get(where[:2]), ja))

    for cid, entry in checks.items():
        cid = str(cid)
        at = ("checks", cid)
        if cid not in known:
            problem(at, cid, f"{cid!r} is not a success criterion of scripts/sns_policy/data/wcag-criteria.yml (write its number, e.g. \"1.1.1\", in quotes)",
                    f"{cid!r} は達成基準の番号ではありません（scripts/sns_policy/data/wcag-criteria.yml の番号を \"1.1.1\" のように引用符で囲んで書きます）。")
            continue
        if not isinstance(entry, dict):
            problem(at, cid, "must list result, date, who and method", "result、date、who、method を書きます。")
            continue
        for key in entry:
            if key in NAME_LIKE:
                problem((*at, key), f"{cid}.{key}", "personal names are never published: name the role in `who` (scripts/data/roles.yml)",
                        "個人名は載せません。試験をした役割を who に書きます（scripts/data/roles.yml）。")
            elif key not in REQUIRED + OPTIONAL:
                problem((*at, key), f"{cid}.{key}", f"unknown field {key!r}: use only {', '.join(REQUIRED + OPTIONAL)}",
                        f"{key!r} という項目はありません。使える項目は {', '.join(REQUIRED + OPTIONAL)} です。")
        for key in REQUIRED:
            if key not in entry or entry[key] in (None, "", {}):
                problem(at, f"{cid}.{key}", f"{key} is missing: every result states {', '.join(REQUIRED)}",
                        f"{key} がありません。結果には {', '.join(REQUIRED)} を必ず書きます。")
        if "result" in entry and entry["result"] not in RESULTS:
            problem((*at, "result"), f"{cid}.result", f"{entry['result']!r} is not a result: write one of {', '.join(RESULTS)}",
                    f"{entry['result']!r} は結果として使えません。{', '.join(RESULTS)} のどれかを書きます。")
        if entry.get("date") not in (None, ""):
            try:
                day = dt.date.fromisoformat(str(entry["date"]))
                if day > today:
                    problem((*at, "date"), f"{cid}.date", f"{day} is in the future: write the day of the check",
                            f"{day} は未来の日付です。試験をした日を書きます。")
            except ValueError:
                problem((*at, "date"), f"{cid}.date", f"{entry['date']!r} is not a date: write it as \"YYYY-MM-DD\"",
                        f"{entry['date']!r} は日付ではありません。\"2026-12-01\" のように書きます。")
        if entry.get("who") not in (None, "") and entry["who"] not in roles:
            problem((*at, "who"), f"{cid}.who", f"{entry['who']!r} is not a role of scripts/data/roles.yml: name a role, never a person",
                    f"{entry['who']!r} は scripts/data/roles.yml の役割ではありません。個人名ではなく役割を書きます。")
        for key in ("method", "note"):
            value = entry.get(key)
            if value in (None, "", {}):
                continue
            if not isinstance(value, dict) or set(value) != {"ja", "en"} or not all(isinstance(v, str) and v.strip() for v in value.values()):
                problem((*at, key), f"{cid}.{key}", f"{key} needs a Japanese and an English text (ja: …, en: …)",
                        f"{key} には日本語（ja）と英語（en）の文を書きます。")
                continue
            for lang, words in value.items():
                for _kind_en, kind_ja, found in find(words):
                    problem((*at, key), f"{cid}.{key}.{lang}", f"contains {_kind_en} ({found}): roles and divisions only",
                            f"{kind_ja}（{found}）は載せません。役割と課の名前で書きます。")
    pages = data.get("pages", [])
    if not isinstance(pages, list) or not all(isinstance(p, str) and p.startswith("/") and p.endswith("/") for p in pages):
        problems.append(Problem(name, "pages", "pages must list site paths such as \"/policy/\"", lines.get(("pages",)),
                                "pages には \"/policy/\" のようにサイトのページの場所を並べます。"))
    return problems


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
