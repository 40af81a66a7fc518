"""Due dates for the checklist, on the official PRC calendar, and what a secretary should know about them.

Working days come from govcheck.facts.workdays (the same calendar as
MAD-LEGALITY-7WD and MAD-PUBLISH). Calendar-day deadlines stay calendar days,
as the rules count them, but a deadline that falls on a holiday or weekend is
named as such together with the last working day before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar

from govcheck.facts.workdays import is_workday, shift_working_days
from govcheck.i18n import Lang, Text
from govcheck.rulebook.plan import Due

_WEEKDAYS = (
    Text("周一", "Mon"),
    Text("周二", "Tue"),
    Text("周三", "Wed"),
    Text("周四", "Thu"),
    Text("周五", "Fri"),
    Text("周六", "Sat"),
    Text("周日", "Sun"),
)
_HOLIDAYS = {
    "New Year's Day": Text("元旦", "New Year's Day"),
    "Spring Festival": Text("春节", "Spring Festival"),
    "Tomb-sweeping Day": Text("清明节", "Tomb-sweeping Day"),
    "Labour Day": Text("劳动节", "Labour Day"),
    "Dragon Boat Festival": Text("端午节", "Dragon Boat Festival"),
    "National Day": Text("国庆节", "National Day"),
    "Mid-autumn Festival": Text("中秋节", "Mid-autumn Festival"),
    "Anti-Fascist 70th Day": Text(
        "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日", "70th anniversary of the victory in the Anti-Fascist War"
    ),
}


@dataclass(frozen=True)
class DueDate:
    day: dt.date
    unknown_years: tuple[int, ...] = ()  # years counted Monday to Friday: not on the official calendar


def resolve(due: Due, meeting: dt.date, notice_days: int) -> DueDate:
    """The date a plan's ``meeting ± N [working] days`` (offsets counted one after the other) stands for."""
    day = meeting
    for part in due.parts():
        amount = notice_days if part.setting == "notice_days" else part.amount
        if part.sign == 0 or amount == 0:
            continue
        if part.working:
            day, _known = shift_working_days(day, part.sign * amount)
        else:
            day = day + dt.timedelta(days=part.sign * amount)
    return DueDate(day, unknown_years(min(day, meeting), max(day, meeting)))


def unknown_years(start: dt.date, end: dt.date) -> tuple[int, ...]:
    """Years between the two dates (inclusive) that the official calendar does not carry."""
    return tuple(year for year in range(start.year, end.year + 1) if not _year_known(year))


def _year_known(year: int) -> bool:
    return is_workday(dt.date(year, 1, 1))[1]


def holiday_name(day: dt.date) -> Text | None:
    """The holiday a day belongs to (on a day off) or is a make-up workday for, if any."""
    try:
        _on, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    return _HOLIDAYS.get(name, Text(name, name)) if name else None


def show_day(day: dt.date, lang: Lang) -> str:
    """2025-10-08（周三，国庆节假期） / 2025-10-08 (Wed, National Day holiday)."""
    parts = [_WEEKDAYS[day.weekday()].get(lang)]
    work, known = is_workday(day)
    name = holiday_name(day)
    if known and name is not None:
        if work:
            parts.append(f"{name.zh}调休上班" if lang == "zh" else f"make-up workday for {name.en}")
        else:
            parts.append(f"{name.zh}假期" if lang == "zh" else f"{name.en} holiday")
    return f"{day.isoformat()}（{'，'.join(parts)}）" if lang == "zh" else f"{day.isoformat()} ({', '.join(parts)})"


def last_working_day_before(day: dt.date) -> dt.date:
    return shift_working_days(day, -1)[0]


def is_day_off(day: dt.date) -> bool:
    return not is_workday(day)[0]


def days_off_between(start: dt.date, end: dt.date) -> tuple[list[tuple[dt.date, dt.date, Text]], list[dt.date]]:
    """Public holidays (as ranges, with their names) and make-up workdays after ``start`` up to ``end``."""
    holidays: list[tuple[dt.date, dt.date, Text]] = []
    makeup: list[dt.date] = []
    day = start + dt.timedelta(days=1)
    while day <= end:
        name = holiday_name(day)
        work, _known = is_workday(day)
        if name is not None and work and day.weekday() >= 5:
            makeup.append(day)
        elif name is not None and not work:
            if holidays and holidays[-1][1] == day - dt.timedelta(days=1):
                first, _last, first_name = holidays[-1]
                merged = (
                    first_name
                    if name == first_name or name.zh in first_name.zh
                    else Text(f"{first_name.zh}、{name.zh}", f"{first_name.en}, {name.en}")
                )
                holidays[-1] = (first, day, merged)
            else:
                holidays.append((day, day, name))
        day += dt.timedelta(days=1)
    return holidays, makeup
