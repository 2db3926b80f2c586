"""Dates as the city writes them: 和暦 with 西暦 in Japanese, plain English otherwise.

Front matter stores ISO dates with the precision that is actually known: a day
("2016-10-17"), only a month ("2016-10"), or nothing (null). The display never adds
precision the source does not have, so an undecided day is shown as undecided.

:func:`today` is the engine's one "today" (``tests/test_crosscutting.py`` fails on a second): the
checks that refuse a date after it read it here, so ``SOURCE_DATE_EPOCH`` decides for all of them.
"""
from __future__ import annotations

import datetime as dt
import os
import re

# Era start dates (inclusive). Only eras our documents can reach are needed.
_ERAS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
)
_PARTIAL_DATE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?$")
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)


def today() -> dt.date:
    """The build's day, for the checks that refuse a date in the future (never for what a page says:
    those dates come from git). ``SOURCE_DATE_EPOCH`` (reproducible builds) wins when set, so pass
    or fail can be the same on any day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch.isdigit() else dt.date.today()


class DateFormatError(ValueError):
    """The text is not a YYYY-MM-DD or YYYY-MM date."""


def parse_partial(value: str) -> tuple[int, int, int | None]:
    """Split an ISO date of known precision into (year, month, day or None)."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise DateFormatError(f"'{value}' is not a date written as YYYY-MM-DD or YYYY-MM")
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError as error:
            raise DateFormatError(f"'{value}' is not a real date ({error})") from None
    return year, month, day


def _era(year: int, month: int, day: int | None) -> tuple[str, int]:
    """Era name and era year; a month-only date uses the month's last day's era."""
    probe = dt.date(year, month, day or 28)
    for start, name in _ERAS:
        if probe >= start:
            return name, year - start.year + 1
    raise DateFormatError(f"{year}-{month:02d} is earlier than the supported eras")


def format_ja(value: str | None, undecided: str = "未定") -> str:
    """平成28年（2016年）10月17日; a missing day or date is never made up."""
    if not value:
        return undecided
    year, month, day = parse_partial(value)
    era, era_year = _era(year, month, day)
    era_year_text = "元" if era_year == 1 else str(era_year)
    text = f"{era}{era_year_text}年（{year}年）{month}月"
    return f"{text}{day}日" if day else text


def format_en(value: str | None, undecided: str = "Not yet decided") -> str:
    """17 October 2016, or October 2016 when only the month is known."""
    if not value:
        return undecided
    year, month, day = parse_partial(value)
    text = f"{_EN_MONTHS[month - 1]} {year}"
    return f"{day} {text}" if day else text


def format_date(value: str | None, lang: str) -> str:
    """Format for the page language (Japanese is the default)."""
    return format_en(value) if lang == "en" else format_ja(value)
