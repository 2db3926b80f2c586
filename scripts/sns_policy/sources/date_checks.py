"""Dates that can be true: real days, within the eras we show, not in the future, in order.

Which fields are dates is read from the schemas (every property that refers to
``#/$defs/date``), so renaming or adding a date field in a schema needs no change here.
Schema annotations say the rest:

- ``"x-may-be-future": true`` on a date property: it is a plan (a review date), so a
  day after the build is allowed;
- ``"x-date-order": [["a", "b"]]`` on an object: ``a`` is not after ``b``;
- ``"x-dates-rise": "date"`` on an array: the items' ``date`` never goes back.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Iterator

from sns_policy.dates import DateFormatError, parse_partial, today
from sns_policy.sources.frontmatter import Page
from sns_policy.sources.pages import PageSet, RecordKind
from sns_policy.problems import Problem
from sns_policy.sources.schema import load_schema

EARLIEST = dt.date(1926, 12, 25)  # the first day of 昭和, the oldest era the site can write


def _span(value: str) -> tuple[dt.date, dt.date]:
    """First and last day a date of known precision can mean (a month spans its days)."""
    year, month, day = parse_partial(value)
    if day:
        return dt.date(year, month, day), dt.date(year, month, day)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), nxt - dt.timedelta(days=1)


def _resolve(schema: dict[str, Any], node: Any) -> Any:
    if isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/$defs/"):
        return schema["$defs"][node["$ref"].split("/")[-1]]
    return node


def _is_date(node: Any) -> bool:
    return isinstance(node, dict) and node.get("$ref") == "#/$defs/date"


def _walk(schema: dict[str, Any], node: Any, value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any, Any, Any]]:
    """(path, schema node, value, parent schema) for every object and date in ``value``."""
    node = _resolve(schema, node)
    if not isinstance(node, dict):
        return
    if isinstance(value, dict):
        yield path, node, value, None
        for key, sub in node.get("properties", {}).items():
            if key in value:
                if _is_date(sub):
                    yield (*path, key), sub, value[key], node
                else:
                    yield from _walk(schema, sub, value[key], (*path, key))
    elif isinstance(value, list):
        yield path, node, value, None
        items = node.get("items")
        for index, item in enumerate(value):
            yield from _walk(schema, items, item, (*path, index))


def _problems_of(page: Page, value: Any, schema_name: str, prefix: tuple[Any, ...]) -> list[Problem]:
    schema = load_schema(schema_name)
    problems: list[Problem] = []
    spans: dict[tuple[Any, ...], tuple[dt.date, dt.date]] = {}
    for path, node, item, parent in _walk(schema, schema, value, prefix):
        if parent is None:
            continue
        if not isinstance(item, str):
            continue  # null (undecided) or a shape problem the schema reports
        try:
            first, last = _span(item)
        except DateFormatError:
            problems.append(page.problem(path, f"{item!r} is not a real date: check the month and day",
                                         f"{item!r} は実在しない日付です。月と日を確認してください。"))
            continue
        spans[path] = (first, last)
        if first < EARLIEST:
            problems.append(page.problem(path, f"{item!r} is before 25 December 1926, earlier than the eras the site can show",
                                         f"{item!r} は昭和より前の日付で、表示できません。日付を確認してください。"))
        elif first > today() and not node.get("x-may-be-future"):
            problems.append(page.problem(path, f"{item!r} is in the future: record only dates that have happened",
                                         f"{item!r} は未来の日付です。すでに起きた日付だけを書いてください。"))
    for path, node, item, _ in _walk(schema, schema, value, prefix):
        if isinstance(item, dict):
            for earlier, later in node.get("x-date-order", []):
                a, b = spans.get((*path, earlier)), spans.get((*path, later))
                if a and b and a[0] > b[1]:
                    problems.append(page.problem((*path, earlier), f"{item[earlier]!r} is after {later} {item[later]!r}: it cannot be",
                                                 f"{item[earlier]!r} が {later} の {item[later]!r} より後になっています。日付を確認してください。"))
        elif isinstance(item, list) and node.get("x-dates-rise"):
            key = node["x-dates-rise"]
            dated = [(i, spans[(*path, i, key)]) for i in range(len(item)) if (*path, i, key) in spans]
            for (_, before), (index, after) in zip(dated, dated[1:]):
                if before[0] > after[1]:
                    problems.append(page.problem((*path, index, key), "goes back in time: revision dates must rise from oldest to newest",
                                                 "日付が前の版より古くなっています。改訂の日付は古い順に並べてください。"))
    return problems


def check_dates(pageset: PageSet, kinds: Iterable[RecordKind]) -> list[Problem]:
    """Every date field of every page, by the rules its schema states: the page's, and each record's (a plan,
    a playbook: a front-matter key held to a schema of its own, ``kinds``)."""
    problems: list[Problem] = []
    for lang in pageset.languages:
        for page in pageset.of(lang).values():
            problems += _problems_of(page, page.meta, "page", ())
            for key, schema_name in ((kind.key, kind.schema) for kind in kinds):
                if isinstance(page.meta.get(key), dict):
                    problems += _problems_of(page, page.meta[key], schema_name, (key,))
    return problems
