"""Working days are counted arithmetically; the count must equal walking the calendar day by day.

The reference below is the day-by-day walk govcheck used before (one lookup per calendar
day), kept here so any departure of the O(log n) version shows up as a failing pair.
"""

from __future__ import annotations

import datetime as dt
import time
from itertools import accumulate

import chinese_calendar
import pytest

from govcheck.facts.workdays import is_workday, shift_working_days, working_days_between

LAST_YEAR = max(chinese_calendar.constants.holidays).year
FIRST_YEAR = min(chinese_calendar.constants.holidays).year
ONE_DAY = dt.timedelta(days=1)


def reference_is_workday(day: dt.date) -> tuple[bool, bool]:
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False


def reference_shift(start: dt.date, days: int) -> tuple[dt.date, bool]:
    step = dt.timedelta(days=1 if days >= 0 else -1)
    remaining, day, known = abs(days), start, True
    while remaining:
        day += step
        work, on_calendar = reference_is_workday(day)
        known = known and on_calendar
        remaining -= work
    return day, known


def span(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + ONE_DAY * offset for offset in range((last - first).days + 1)]


# Two years at the end of the official calendar: a known year with its Spring Festival and
# National Day make-up workdays, and the first year the calendar does not know.
DAYS = span(dt.date(LAST_YEAR, 1, 1), dt.date(LAST_YEAR + 1, 12, 31))


def test_count_equals_the_day_by_day_walk_for_every_pair_of_dates() -> None:
    flags = [reference_is_workday(day) for day in DAYS]
    work_prefix = [0, *accumulate(int(work) for work, _ in flags)]
    unknown_prefix = [0, *accumulate(int(not known) for _, known in flags)]
    mismatches = []
    for i, start in enumerate(DAYS):
        for j, end in enumerate(DAYS):
            low, high = min(i, j), max(i, j)
            expected = (work_prefix[high + 1] - work_prefix[low + 1]) * (1 if j >= i else -1)
            expected_known = unknown_prefix[high + 1] - unknown_prefix[low + 1] == 0
            if working_days_between(start, end) != (expected, expected_known):
                mismatches.append((start, end))
                if len(mismatches) > 5:
                    break
    assert not mismatches


@pytest.mark.parametrize("days", [-250, -21, -7, -5, -1, 1, 2, 5, 7, 10, 15, 20, 21, 30, 250])
def test_shift_equals_the_day_by_day_walk(days: int) -> None:
    for start in DAYS[::7] if abs(days) > 30 else DAYS:
        assert shift_working_days(start, days) == reference_shift(start, days), (start, days)


def test_is_workday_keeps_the_calendar_and_its_make_up_days() -> None:
    for day in span(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR + 1, 12, 31)):
        assert is_workday(day) == reference_is_workday(day), day


def test_seventh_working_day_across_national_day_2025() -> None:
    # 2025-10-01 … 10-08 off; Saturday 10-11 is a make-up workday.
    assert shift_working_days(dt.date(2025, 9, 30), 7) == (dt.date(2025, 10, 16), True)
    assert working_days_between(dt.date(2025, 9, 30), dt.date(2025, 10, 16)) == (7, True)


def test_spans_of_centuries_cost_no_more_than_a_week() -> None:
    # The walk took 30 s and 190 MB for a review dated in year 1; arithmetic must not care.
    began = time.perf_counter()
    count, known = working_days_between(dt.date(1, 1, 1), dt.date(9999, 12, 31))
    assert not known and count > 2_500_000
    assert shift_working_days(dt.date(9999, 12, 1), -2_000_000)[1] is False
    assert time.perf_counter() - began < 1.0


def test_shift_past_the_end_of_the_calendar_is_an_overflow() -> None:
    with pytest.raises(OverflowError):
        shift_working_days(dt.date(9999, 12, 30), 5)
    with pytest.raises(OverflowError):
        shift_working_days(dt.date(1, 1, 2), -5)
