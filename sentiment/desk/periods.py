"""Times for the desk: the one duration parser (``90d``, ``12w``, ``6m``, ``1y``), the
library's timestamp format, and calendar periods (day, week, month) for histories.

Every time the library stores is ISO-8601 in UTC with an offset
(``2026-03-03T09:30:00+00:00``), so comparing the text compares the times.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from sentiment.errors import InputError

PERIODS: tuple[str, ...] = ("day", "week", "month")
_DURATION = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.I)
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}

TimeLike = datetime | date | str


def utc_now() -> datetime:
    """Now, in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def as_utc(moment: datetime | date) -> datetime:
    """A datetime in UTC: a naive one is taken as UTC, a date as its midnight UTC."""
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time(), tzinfo=timezone.utc)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def iso(moment: datetime | date) -> str:
    """The stored form of a time: ISO-8601, UTC, to the second."""
    return as_utc(moment).replace(microsecond=0).isoformat()


def parse_duration(text: str) -> tuple[int, str]:
    """``"90d"`` -> ``(90, "days")``; units d, w, m (months), y. InputError otherwise."""
    match = _DURATION.match(text)
    if not match:
        raise InputError(f"{text!r} is not a duration; use a number and d, w, m or y (90d, 1y)")
    return int(match.group(1)), _UNITS[match.group(2).lower()]


def subtract(moment: datetime, count: int, unit: str) -> datetime:
    """``moment`` minus ``count`` days, weeks, months or years (calendar months and years;
    the 31st minus a month is the last day of the shorter month)."""
    if unit in ("days", "weeks"):
        return moment - timedelta(**{unit: count})
    months = count * (12 if unit == "years" else 1)
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    return moment.replace(
        year=year, month=month + 1, day=min(moment.day, _days_in(year, month + 1))
    )


def parse_time(value: TimeLike, *, now: datetime | None = None) -> datetime:
    """A point in time from a datetime, a date, a duration back from ``now`` (``"90d"``)
    or an ISO date or time (``"2026-03-03"``, ``"2026-03-03T09:30"``); in UTC.

    Raises InputError for text that is neither.
    """
    if isinstance(value, (datetime, date)):
        return as_utc(value)
    text = value.strip()
    if _DURATION.match(text):
        count, unit = parse_duration(text)
        return subtract(as_utc(now) if now else utc_now(), count, unit)
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        raise InputError(
            f"{value!r} is neither a duration (90d, 12w, 6m, 1y) nor a date (2026-03-03)"
        ) from None


def window_length(value: TimeLike, *, now: datetime) -> timedelta:
    """How long the window from ``value`` to ``now`` is (for comparing with the one before)."""
    return as_utc(now) - parse_time(value, now=now)


def period_start(moment: datetime | date, by: str) -> date:
    """The first day of the ``by`` period (day; week, starting Monday; month) holding it."""
    day = as_utc(moment).date() if isinstance(moment, datetime) else moment
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    raise InputError(f"unknown period {by!r}; use {', '.join(PERIODS)}")


def period_end(start: date, by: str) -> date:
    """The last day of the period that starts on ``start``."""
    if by == "day":
        return start
    if by == "week":
        return start + timedelta(days=6)
    if by == "month":
        return start.replace(day=_days_in(start.year, start.month))
    raise InputError(f"unknown period {by!r}; use {', '.join(PERIODS)}")


def _days_in(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day
