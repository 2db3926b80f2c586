"""Dates are shown in 和暦 with 西暦, never with more precision than is known."""
import pytest

from sns_policy.dates import DateFormatError, format_en, format_ja


@pytest.mark.parametrize("value, expected", [
    ("2016-10-17", "平成28年（2016年）10月17日"),
    ("2016-10", "平成28年（2016年）10月"),
    ("2019-04-30", "平成31年（2019年）4月30日"),
    ("2019-05-01", "令和元年（2019年）5月1日"),
    ("2026-11", "令和8年（2026年）11月"),
    (None, "未定"),
])
def test_japanese_dates(value, expected):
    assert format_ja(value) == expected


def test_english_dates():
    assert format_en("2016-10-17") == "17 October 2016"
    assert format_en("2016-10") == "October 2016"
    assert format_en(None) == "Not yet decided"


@pytest.mark.parametrize("bad", ["2016/10/17", "2016-13", "2016-02-30", "平成28年"])
def test_malformed_dates_are_refused_with_the_value(bad):
    with pytest.raises(DateFormatError, match=bad.replace("/", "/")):
        format_ja(bad)
