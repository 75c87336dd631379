"""The desk's one duration parser and its calendar periods."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from sentiment.desk.periods import (
    iso,
    parse_duration,
    parse_time,
    period_end,
    period_start,
)
from sentiment.errors import InputError

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90d", datetime(2025, 12, 31, 12, 0, tzinfo=timezone.utc)),
        ("2w", datetime(2026, 3, 17, 12, 0, tzinfo=timezone.utc)),
        ("1m", datetime(2026, 2, 28, 12, 0, tzinfo=timezone.utc)),  # the 31st, a month back
        ("6M", datetime(2025, 9, 30, 12, 0, tzinfo=timezone.utc)),
        ("1y", datetime(2025, 3, 31, 12, 0, tzinfo=timezone.utc)),
        (" 0d ", NOW),
        ("2026-03-03", datetime(2026, 3, 3, tzinfo=timezone.utc)),
        ("2026-03-03T09:30:00+01:00", datetime(2026, 3, 3, 8, 30, tzinfo=timezone.utc)),
    ],
)
def test_parse_time_reads_durations_back_from_now_and_iso_dates(text, expected) -> None:
    assert parse_time(text, now=NOW) == expected


def test_parse_time_takes_dates_and_naive_times_as_utc() -> None:
    assert parse_time(date(2026, 3, 3)) == datetime(2026, 3, 3, tzinfo=timezone.utc)
    assert iso(datetime(2026, 3, 3, 9, 30, 1, 500)) == "2026-03-03T09:30:01+00:00"


@pytest.mark.parametrize("text", ["90", "d90", "1.5d", "3 fortnights", "yesterday", ""])
def test_parse_time_refuses_other_text_with_a_clear_error(text) -> None:
    with pytest.raises(InputError, match="duration"):
        parse_time(text, now=NOW)


def test_parse_duration_names_the_unit() -> None:
    assert parse_duration("12w") == (12, "weeks")


@pytest.mark.parametrize(
    ("by", "start", "end"),
    [
        ("day", date(2026, 2, 26), date(2026, 2, 26)),
        ("week", date(2026, 2, 23), date(2026, 3, 1)),
        ("month", date(2026, 2, 1), date(2026, 2, 28)),
    ],
)
def test_periods_start_and_end_on_calendar_days(by, start, end) -> None:
    assert period_start(datetime(2026, 2, 26, 23, 0, tzinfo=timezone.utc), by) == start
    assert period_end(start, by) == end


def test_an_unknown_period_is_refused() -> None:
    with pytest.raises(InputError, match="unknown period 'year'"):
        period_start(date(2026, 1, 1), "year")
