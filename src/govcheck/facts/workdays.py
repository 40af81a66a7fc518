"""Working days on the official PRC calendar, with make-up workdays (调休).

The ``chinese-calendar`` package carries the State Council's holiday notices
year by year. For a year it does not know yet, govcheck counts Monday to
Friday and says so in the finding, rather than guessing.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import chinese_calendar


@cache
def is_workday(day: dt.date) -> tuple[bool, bool]:
    """(is a working day, the official calendar knows the year)."""
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False


def working_days_between(start: dt.date, end: dt.date) -> tuple[int, bool]:
    """Working days after ``start`` up to and including ``end`` (negative if end < start).

    Returns (count, every day was on the official calendar).
    """
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count, known = 0, True
    day = start + dt.timedelta(days=1)
    while day <= end:
        work, on_calendar = is_workday(day)
        count += work
        known = known and on_calendar
        day += dt.timedelta(days=1)
    return sign * count, known


def shift_working_days(start: dt.date, days: int) -> tuple[dt.date, bool]:
    """The date ``days`` working days after (or, negative, before) ``start``."""
    step = dt.timedelta(days=1 if days >= 0 else -1)
    remaining, day, known = abs(days), start, True
    while remaining:
        day += step
        work, on_calendar = is_workday(day)
        known = known and on_calendar
        remaining -= work
    return day, known
