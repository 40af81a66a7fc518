"""Working days on the official PRC calendar, with make-up workdays (调休).

The ``chinese-calendar`` package carries the State Council's holiday notices
year by year. For a year it does not know yet, govcheck counts Monday to
Friday and says so in the finding, rather than guessing.

Counting is arithmetic, not a walk: whole weeks give five working days each,
and only the calendar's exceptions (a weekday that is a public holiday, a
weekend day that is a make-up workday) are looked up, by binary search in a
sorted table. Any span costs O(log n), whatever the dates.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from functools import cache
from itertools import accumulate


@cache
def _calendar() -> tuple[int, int, list[int], list[int], frozenset[int]]:
    """(first year, last year, exception ordinals, running sums, exception set), read on first use.

    The exceptions are the days where the calendar departs from Monday–Friday. Imported here,
    not at the top: the calendar's tables cost a one-file run ~20 ms, and most records need no
    working-day count.
    """
    from chinese_calendar import constants as official

    delta: dict[int, int] = {}
    for day in official.holidays:
        if day.weekday() < 5 and day not in official.workdays:
            delta[day.toordinal()] = -1
    for day in official.workdays:
        if day.weekday() >= 5:
            delta[day.toordinal()] = 1
    ordinals = sorted(delta)
    return (
        min(official.holidays).year,
        max(official.holidays).year,
        ordinals,
        list(accumulate(delta[o] for o in ordinals)),
        frozenset(ordinals),
    )


def _on_calendar(year: int) -> bool:
    first, last, *_rest = _calendar()
    return first <= year <= last


def is_workday(day: dt.date) -> tuple[bool, bool]:
    """(is a working day, the official calendar knows the year)."""
    weekday = day.weekday() < 5
    if not _on_calendar(day.year):
        return weekday, False
    return weekday != (day.toordinal() in _calendar()[4]), True  # an exception flips the weekday rule


def _workdays_up_to(ordinal: int) -> int:
    """Working days among ordinals 1..ordinal (ordinal 1, 0001-01-01, is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    _first, _last, ordinals, sums, _set = _calendar()
    index = bisect_right(ordinals, ordinal)
    return weeks * 5 + min(rest, 5) + (sums[index - 1] if index else 0)


def _span_on_calendar(first: dt.date, last: dt.date) -> bool:
    """Every day from first to last (inclusive) lies in a year the official calendar knows."""
    return first > last or (_on_calendar(first.year) and _on_calendar(last.year))


def working_days_between(start: dt.date, end: dt.date) -> tuple[int, bool]:
    """Working days after ``start`` up to and including ``end`` (negative if end < start).

    Returns (count, every day was on the official calendar).
    """
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = _workdays_up_to(end.toordinal()) - _workdays_up_to(start.toordinal())
    known = start == end or _span_on_calendar(start + dt.timedelta(days=1), end)
    return sign * count, known


def shift_working_days(start: dt.date, days: int) -> tuple[dt.date, bool]:
    """The date ``days`` working days after (or, negative, before) ``start``.

    Raises OverflowError when the date would fall outside the calendar (as date arithmetic does).
    """
    if days == 0:
        return start, True
    origin = start.toordinal()
    last = dt.date.max.toordinal()
    if days > 0:
        # The smallest ordinal whose running count is `days` past the start's: always a working day.
        target = _workdays_up_to(origin) + days
        low, high = origin + 1, last
        if _workdays_up_to(high) < target:
            raise OverflowError("date value out of range")
        while low < high:
            middle = (low + high) // 2
            if _workdays_up_to(middle) >= target:
                high = middle
            else:
                low = middle + 1
        result = dt.date.fromordinal(low)
        return result, _span_on_calendar(start + dt.timedelta(days=1), result)
    # Backwards: the largest ordinal d < start with |days| working days in d..start-1.
    target = _workdays_up_to(origin - 1) + days
    low, high = 1, origin - 1
    if _workdays_up_to(0) > target or high < 1:
        raise OverflowError("date value out of range")
    while low < high:
        middle = (low + high + 1) // 2
        if _workdays_up_to(middle - 1) <= target:
            low = middle
        else:
            high = middle - 1
    result = dt.date.fromordinal(low)
    return result, _span_on_calendar(result, start - dt.timedelta(days=1))
