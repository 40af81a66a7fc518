"""The checklist as text a secretary can print and tick off: Chinese by default, English with --lang en."""

from __future__ import annotations

import datetime as dt

from govcheck.facts.build import format_amount
from govcheck.i18n import SEVERITY_NAMES, Lang, Text, counted
from govcheck.loading.schema import CATEGORY, MEETING_TYPE
from govcheck.planning.checklist import Checklist, Step
from govcheck.planning.dates import (
    DueDate,
    days_off_between,
    is_day_off,
    last_working_day_before,
    show_day,
    unknown_years,
)

_STAGE_TITLES = {
    "before": Text("会前", "Before the meeting"),
    "at": Text("会上", "At the meeting"),
    "after": Text("会后", "After the meeting"),
}


def render_checklist(checklist: Checklist, lang: Lang) -> str:
    lines = _header(checklist, lang)
    notes = [note.get(lang) for note in checklist.notes] + _unknown_calendar(checklist, lang)
    if notes:
        lines += ["", _t("提示：", "Notes:", lang)]
        lines += [f"  · {note}" for note in notes]
    if checklist.attention:
        lines += [
            "",
            _t(
                "注意：按这样安排，govcheck validate 仍会报告以下问题，请先调整：",
                "Attention: planned like this, govcheck validate would still report:",
                lang,
            ),
        ]
        for item in checklist.attention:
            lines.append(f"  ! {item.message.get(lang)}")
            lines.append("    " + _checks_and_basis((item.check,), item.severity, item.basis, lang))
    for stage in ("before", "at", "after"):
        steps = [s for s in checklist.steps if s.stage == stage]
        if not steps:
            continue
        title = _STAGE_TITLES[stage].get(lang)
        if stage == "at":
            title += ("：" if lang == "zh" else ": ") + show_day(checklist.request.date, lang)
        lines += ["", title]
        for step in steps:
            lines += _step_lines(step, checklist.request.date, lang)
    if not checklist.steps:
        lines += [
            "",
            _t(
                "该事项没有需要列出的程序步骤（不是三重一大事项，也不需要其他审查）。",
                "No steps to list: the item is not a TIOL matter and needs no other review.",
                lang,
            ),
        ]
    if checklist.also_checked:
        lines += [
            "",
            _t(
                "填写会议记录时，govcheck validate 还会检查：",
                "When the record is written, govcheck validate also checks:",
                lang,
            ),
        ]
        lines += [
            f"  · {title.get(lang)}（{check}）" if lang == "zh" else f"  · {title.get(lang)} ({check})"
            for check, title in checklist.also_checked
        ]
    return "\n".join(lines) + "\n"


def _t(zh: str, en: str, lang: Lang) -> str:
    return zh if lang == "zh" else en


def _header(checklist: Checklist, lang: Lang) -> list[str]:
    request, settings = checklist.request, checklist.settings
    sep = "；" if lang == "zh" else "; "
    what = ("、" if lang == "zh" else ", ").join(CATEGORY.values[c].get(lang) for c in request.categories)
    parts = [what]
    if request.amount is not None:
        parts.append(_t("金额", "amount ", lang) + format_amount(request.amount).get(lang))
    if request.mad:
        parts.append(_t("列入重大行政决策事项目录", "a listed major administrative decision", lang))
    if request.affects_operators:
        parts.append(_t("涉及经营者经济活动", "affects operators' economic activity", lang))
    meeting = show_day(request.date, lang) + _t("", " ", lang) + MEETING_TYPE.values[checklist.meeting_type].get(lang)
    lines = [
        _t("会前清单：", "Pre-meeting checklist: ", lang) + sep.join(parts),
        _t("会议：", "Meeting: ", lang) + meeting,
        _t("单位设置：", "Settings: ", lang)
        + (settings.path or _t("未找到 govcheck.yaml（默认设置）", "no govcheck.yaml (defaults)", lang)),
    ]
    people: list[str] = []
    if checklist.members:
        names = ("、" if lang == "zh" else ", ").join(checklist.members)
        people.append(
            _t(
                f"应到会成员{len(checklist.members)}人（{names}，按班子名册）",
                f"{counted(len(checklist.members), 'member')} ({names}, from the roster)",
                lang,
            )
        )
    if checklist.principal:
        people.append(_t("主要负责人", "principal ", lang) + checklist.principal)
    if people:
        lines.append(sep.join(people))
    if is_day_off(request.date):
        lines.append(
            _t(
                f"会议日期 {show_day(request.date, lang)} 不是工作日，请确认",
                f"the meeting date {show_day(request.date, lang)} is not a working day: please check",
                lang,
            )
        )
    return lines


def _step_lines(step: Step, meeting: dt.date, lang: Lang) -> list[str]:
    when = ""
    if step.due is not None and step.stage != "at":
        when = _t(f"最迟 {show_day(step.due.day, lang)}：", f"by {show_day(step.due.day, lang)}: ", lang)
    elif step.not_before is not None:
        when = _t(
            f"不早于 {show_day(step.not_before.day, lang)}：",
            f"not before {show_day(step.not_before.day, lang)}: ",
            lang,
        )
    lines = [f"  □ {when}{step.text.get(lang)}"]
    lines += [f"    {_t('提示：', 'note: ', lang)}{note}" for note in _date_notes(step, meeting, lang)]
    lines.append("    " + _checks_and_basis(step.checks, step.severity, step.basis, lang))
    return lines


def _checks_and_basis(checks: tuple[str, ...], severity: str, basis: tuple[str, ...], lang: Lang) -> str:
    level = SEVERITY_NAMES[severity].get(lang)
    if lang == "zh":
        return f"{'、'.join(checks)}（{level}）；依据：{'；'.join(basis)}"
    return f"{', '.join(checks)} ({level}); basis: {'; '.join(basis)}"


def _date_notes(step: Step, meeting: dt.date, lang: Lang) -> list[str]:
    notes: list[str] = []
    due = step.due
    if due is not None and step.due_spec is not None and due.day != meeting and is_day_off(due.day):
        last = last_working_day_before(due.day)
        notes.append(
            _t(
                f"这一天不是工作日，此前最后一个工作日是 {show_day(last, lang)}",
                f"that day is not a working day; the last working day before it is {show_day(last, lang)}",
                lang,
            )
        )
    if due is not None and step.due_spec is not None and step.due_spec.counts_working_days:
        if due.unknown_years:
            years = _years(due.unknown_years, lang)
            notes.append(
                _t(
                    f"{years}年不在官方日历中，此日期按周一至周五推算",
                    f"{years} is not on the official calendar: this date counts Monday to Friday",
                    lang,
                )
            )
        notes += _span_notes(min(due.day, meeting), max(due.day, meeting), lang)
    return notes


def _span_notes(start: dt.date, end: dt.date, lang: Lang) -> list[str]:
    holidays, makeup = days_off_between(start, end)
    if not holidays and not makeup:
        return []
    parts: list[str] = []
    for first, last, name in holidays:
        span = (
            first.isoformat()
            if first == last
            else _t(f"{first.isoformat()}至{last.isoformat()}", f"{first.isoformat()} to {last.isoformat()}", lang)
        )
        parts.append(_t(f"{span}放假（{name.zh}）", f"{span} off ({name.en})", lang))
    parts += [
        _t(
            f"{day.isoformat()}（{_weekday(day, lang)}）调休上班",
            f"{day.isoformat()} ({_weekday(day, lang)}) is a make-up workday",
            lang,
        )
        for day in makeup
    ]
    return [
        _t("按官方日历计算工作日：", "working days follow the official calendar: ", lang)
        + ("，" if lang == "zh" else "; ").join(parts)
    ]


def _weekday(day: dt.date, lang: Lang) -> str:
    return (
        ("周一", "周二", "周三", "周四", "周五", "周六", "周日")[day.weekday()] if lang == "zh" else day.strftime("%a")
    )


def _years(years: tuple[int, ...] | list[int], lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(str(y) for y in years)


def _unknown_calendar(checklist: Checklist, lang: Lang) -> list[str]:
    """One note for every year of the plan that the official calendar does not carry."""
    dates: list[DueDate] = [d for s in checklist.steps for d in (s.due, s.not_before) if d is not None]
    found = set(unknown_years(checklist.request.date, checklist.request.date))
    found.update(year for d in dates for year in d.unknown_years)
    if not found:
        return []
    years = _years(sorted(found), lang)
    return [
        _t(
            f"{years}年的法定节假日和调休安排不在 govcheck 所用的官方日历中，工作日和节假日按周一至周五推算，"
            "请以国务院公布的放假安排为准",
            f"{years} is not on govcheck's official holiday calendar: working days and days off are "
            "assumed Monday to Friday; check the State Council's holiday notice",
            lang,
        )
    ]
