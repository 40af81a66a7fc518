"""`govcheck checklist --format md|json|html`: the same checklist as the text, for other uses.

- ``md``: a Markdown task list (``- [ ]``) to paste into a meeting file or a ticket;
- ``json``: the checklist as data for other tools, keys stable (``FORMAT_VERSION``; see README);
- ``html``: a form to print on A4 and fill in by hand: for every step a box for done and one for
  not applicable, a blank for the date it was done and for who did it, the item's name and the
  proposing office to write in, and signature lines (经办人、审核、分管领导) at the end.

Every format is built from one :class:`ChecklistView` (the words in the chosen language), so they
list the same steps, dates, notes and checks as the text format.

JSON keys (version 1):

``format`` ("govcheck-checklist"), ``version`` (1), ``lang``, ``tool`` {``name``, ``version``},
``item`` {``categories`` [ids], ``category_labels``, ``amount`` (yuan: an integer, or a decimal
string; null), ``mad``, ``affects_operators``}, ``meeting`` {``date``, ``working_day``, ``type``,
``type_label``, ``members`` (null without a roster), ``principal``}, ``settings`` (path or null),
``notes`` [text], ``attention`` [{``check``, ``severity``, ``message``, ``basis`` [text]}],
``steps`` [{``number``, ``stage`` (before|at|after), ``due`` (ISO date or null), ``not_before``
(ISO date or null), ``text``, ``checks`` [ids], ``severity``, ``basis`` [text], ``notes`` [text]}],
``also_checked`` [{``check``, ``title``}]. Texts are in ``lang``; dates are ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from govcheck import __version__
from govcheck.facts.build import format_amount
from govcheck.i18n import SEVERITY_NAMES, Lang, Text
from govcheck.loading.schema import CATEGORY, MEETING_TYPE
from govcheck.planning.checklist import Checklist, Step
from govcheck.planning.dates import is_day_off, show_day
from govcheck.planning.render import _STAGE_TITLES, _date_notes, _unknown_calendar

FORMAT_VERSION = 1
FORMATS = ("text", "md", "json", "html")
SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}

WORDS: dict[str, Text] = {
    "title": Text("会前程序清单", "Pre-meeting checklist"),
    "item": Text("事项", "Item"),
    "item_name": Text("议题名称", "Item title"),
    "proposer": Text("提出部门", "Proposed by"),
    "meeting": Text("会议", "Meeting"),
    "meeting_no": Text("会议编号", "Meeting no."),
    "people": Text("应到会成员", "Members"),
    "principal": Text("主要负责人", "Principal"),
    "settings": Text("单位设置", "Settings"),
    "no_settings": Text("未找到 govcheck.yaml（默认设置）", "no govcheck.yaml (defaults)"),
    "no_roster": Text("单位设置没有班子名册", "no roster in the settings"),
    "notes": Text("提示", "Notes"),
    "attention": Text(
        "注意：按这样安排，govcheck validate 仍会报告以下问题，请先调整",
        "Attention: planned like this, govcheck validate would still report",
    ),
    "no": Text("序号", "No."),
    "step": Text("程序步骤", "Step"),
    "due": Text("最迟完成", "Due"),
    "done": Text("完成情况", "Done"),
    "done_box": Text("已完成", "done"),
    "na_box": Text("不适用", "n/a"),
    "done_on": Text("完成日期", "Done on"),
    "done_by": Text("经办人", "By"),
    "by": Text("最迟", "by"),
    "not_before": Text("不早于", "not before"),
    "basis": Text("依据", "basis"),
    "also_checked": Text(
        "填写会议记录时，govcheck validate 还会检查", "When the record is written, govcheck validate also checks"
    ),
    "no_steps": Text(
        "该事项没有需要列出的程序步骤（不是三重一大事项，也不需要其他审查）。",
        "No steps to list: the item is not a TIOL matter and needs no other review.",
    ),
    "sign_clerk": Text("经办人（签字）", "Prepared by (signature)"),
    "sign_office": Text("审核（办公室负责人）", "Checked by (head of office)"),
    "sign_leader": Text("分管领导", "Leader in charge"),
    "sign_date": Text("日期：　　　年　　月　　日", "Date: ____________"),
    "generated": Text(
        "由 govcheck {version} 生成；规则依据按会议当日有效的版本",
        "made by govcheck {version}; basis as in force on the meeting day",
    ),
    "page_before": Text("第 ", "Page "),
    "page_between": Text(" 页，共 ", " of "),
    "page_after": Text(" 页", ""),
    "day_off": Text("会议日期 {day} 不是工作日，请确认", "the meeting date {day} is not a working day: please check"),
    "members_count": Text("{n}人：{names}（按班子名册）", "{n}: {names} (from the roster)"),
}


@dataclass(frozen=True)
class StepView:
    number: int
    stage: str
    due: dt.date | None  # shown for steps before and after the meeting
    not_before: dt.date | None
    when: str  # 最迟 2025-06-19（周四） / 不早于 …; empty for steps at the meeting or without a date
    date_text: str  # the same for a column headed 最迟完成: 2025-06-19（周四） / 不早于 …
    text: str
    checks: tuple[str, ...]
    severity: str
    basis: tuple[str, ...]
    checks_line: str  # TIOL-QUORUM（错误）；依据：…
    notes: tuple[str, ...]


@dataclass(frozen=True)
class StageView:
    stage: str
    title: str
    steps: tuple[StepView, ...]


@dataclass(frozen=True)
class AttentionView:
    check: str
    severity: str
    message: str
    basis: tuple[str, ...]
    checks_line: str


@dataclass(frozen=True)
class ChecklistView:
    lang: Lang
    checklist: Checklist
    subject: str  # 重大事项决策；金额1200万元；…
    meeting: str  # 2025-06-20（周五）常务会议
    unit: str | None
    members: str | None
    principal: str | None
    settings: str
    notes: tuple[str, ...]
    attention: tuple[AttentionView, ...]
    stages: tuple[StageView, ...]
    also_checked: tuple[tuple[str, str], ...]


def _w(key: str, lang: Lang, **values: object) -> str:
    text = WORDS[key].get(lang)
    return text.format(**values) if values else text


def _checks_line(checks: tuple[str, ...], severity: str, basis: tuple[str, ...], lang: Lang) -> str:
    level = SEVERITY_NAMES[severity].get(lang)
    if lang == "zh":
        return f"{'、'.join(checks)}（{level}）；依据：{'；'.join(basis)}"
    return f"{', '.join(checks)} ({level}); basis: {'; '.join(basis)}"


def _when(step: Step, lang: Lang) -> str:
    if step.due is not None and step.stage != "at":
        return f"{_w('by', lang)} {show_day(step.due.day, lang)}"
    if step.not_before is not None:
        return f"{_w('not_before', lang)} {show_day(step.not_before.day, lang)}"
    return ""


def _date_text(step: Step, lang: Lang) -> str:
    if step.due is not None and step.stage != "at":
        return show_day(step.due.day, lang)
    return _when(step, lang)


def build_view(checklist: Checklist, lang: Lang) -> ChecklistView:
    request, settings = checklist.request, checklist.settings
    sep, names_sep = ("；", "、") if lang == "zh" else ("; ", ", ")
    parts = [names_sep.join(CATEGORY.values[c].get(lang) for c in request.categories)]
    if request.amount is not None:
        parts.append(("金额" if lang == "zh" else "amount ") + format_amount(request.amount).get(lang))
    if request.mad:
        parts.append("列入重大行政决策事项目录" if lang == "zh" else "a listed major administrative decision")
    if request.affects_operators:
        parts.append("涉及经营者经济活动" if lang == "zh" else "affects operators' economic activity")
    meeting = show_day(request.date, lang) + ("" if lang == "zh" else " ")
    meeting += MEETING_TYPE.values[checklist.meeting_type].get(lang)
    notes = [note.get(lang) for note in checklist.notes] + _unknown_calendar(checklist, lang)
    if is_day_off(request.date):
        notes.insert(0, _w("day_off", lang, day=show_day(request.date, lang)))
    members = None
    if checklist.members:
        members = _w("members_count", lang, n=len(checklist.members), names=names_sep.join(checklist.members))
    stages: list[StageView] = []
    number = 0
    for stage in ("before", "at", "after"):
        views: list[StepView] = []
        for step in (s for s in checklist.steps if s.stage == stage):
            number += 1
            views.append(
                StepView(
                    number=number,
                    stage=stage,
                    due=step.due.day if step.due is not None and stage != "at" else None,
                    not_before=step.not_before.day if step.not_before is not None else None,
                    when=_when(step, lang),
                    date_text=_date_text(step, lang),
                    text=step.text.get(lang),
                    checks=step.checks,
                    severity=step.severity,
                    basis=step.basis,
                    checks_line=_checks_line(step.checks, step.severity, step.basis, lang),
                    notes=tuple(_date_notes(step, request.date, lang)),
                )
            )
        if views:
            title = _STAGE_TITLES[stage].get(lang)
            if stage == "at":
                title += ("：" if lang == "zh" else ": ") + show_day(request.date, lang)
            stages.append(StageView(stage, title, tuple(views)))
    return ChecklistView(
        lang=lang,
        checklist=checklist,
        subject=sep.join(parts),
        meeting=meeting,
        unit=settings.unit,
        members=members,
        principal=checklist.principal,
        settings=settings.path or _w("no_settings", lang),
        notes=tuple(notes),
        attention=tuple(
            AttentionView(
                a.check, a.severity, a.message.get(lang), a.basis, _checks_line((a.check,), a.severity, a.basis, lang)
            )
            for a in checklist.attention
        ),
        stages=tuple(stages),
        also_checked=tuple((check, title.get(lang)) for check, title in checklist.also_checked),
    )


# ------------------------------------------------------------------ json


def _amount(value: int | Decimal | None) -> int | str | None:
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else str(value)


def document(view: ChecklistView) -> dict[str, Any]:
    checklist, lang = view.checklist, view.lang
    request = checklist.request
    return {
        "format": "govcheck-checklist",
        "version": FORMAT_VERSION,
        "lang": lang,
        "tool": {"name": "govcheck", "version": __version__},
        "item": {
            "categories": list(request.categories),
            "category_labels": [CATEGORY.values[c].get(lang) for c in request.categories],
            "amount": _amount(request.amount),
            "mad": request.mad,
            "affects_operators": request.affects_operators,
        },
        "meeting": {
            "date": request.date.isoformat(),
            "working_day": not is_day_off(request.date),
            "type": checklist.meeting_type,
            "type_label": MEETING_TYPE.values[checklist.meeting_type].get(lang),
            "members": list(checklist.members) if checklist.members is not None else None,
            "principal": checklist.principal,
        },
        "settings": checklist.settings.path,
        "notes": list(view.notes),
        "attention": [
            {"check": a.check, "severity": a.severity, "message": a.message, "basis": list(a.basis)}
            for a in view.attention
        ],
        "steps": [
            {
                "number": s.number,
                "stage": s.stage,
                "due": s.due.isoformat() if s.due else None,
                "not_before": s.not_before.isoformat() if s.not_before else None,
                "text": s.text,
                "checks": list(s.checks),
                "severity": s.severity,
                "basis": list(s.basis),
                "notes": list(s.notes),
            }
            for stage in view.stages
            for s in stage.steps
        ],
        "also_checked": [{"check": check, "title": title} for check, title in view.also_checked],
    }


def render_json(checklist: Checklist, lang: Lang) -> str:
    return json.dumps(document(build_view(checklist, lang)), ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ markdown


def render_markdown(checklist: Checklist, lang: Lang) -> str:
    from govcheck.report.markdown import esc

    view = build_view(checklist, lang)
    colon = "：" if lang == "zh" else ": "
    title = _w("title", lang) + (f"{colon}{view.unit}" if view.unit else "")
    lines = [f"# {esc(title)}", ""]
    facts = [
        (_w("item", lang), view.subject),
        (_w("meeting", lang), view.meeting),
        (_w("people", lang), view.members or _w("no_roster", lang)),
        (_w("principal", lang), view.principal or "—"),
        (_w("settings", lang), view.settings),
    ]
    lines += [f"- **{esc(name)}**{colon}{esc(value)}" for name, value in facts]
    if view.notes:
        lines += ["", f"## {_w('notes', lang)}", ""]
        lines += [f"- {esc(note)}" for note in view.notes]
    if view.attention:
        lines += ["", f"## {_w('attention', lang)}", ""]
        for a in view.attention:
            lines += [f"- **{esc(a.message)}**  ", f"  {esc(a.checks_line)}"]
    for stage in view.stages:
        lines += ["", f"## {esc(stage.title)}", ""]
        for s in stage.steps:
            when = f"**{esc(s.when)}**{colon}" if s.when else ""
            lines.append(f"- [ ] {when}{esc(s.text)}  ")
            lines += [f"  {_w('notes', lang)}{colon}{esc(note)}  " for note in s.notes]
            lines.append(f"  {esc(s.checks_line)}")
    if not view.stages:
        lines += ["", _w("no_steps", lang)]
    if view.also_checked:
        lines += ["", f"## {_w('also_checked', lang)}", ""]
        lines += [f"- {esc(title)} ({esc(check)})" for check, title in view.also_checked]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ html


@cache
def _template() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("govcheck.planning", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    from govcheck.report.html import _css_string

    env.filters["css_string"] = _css_string
    return env.get_template("checklist.html.j2")


def render_html(checklist: Checklist, lang: Lang) -> str:
    from govcheck.report.html import FONT_STACK

    view = build_view(checklist, lang)
    words = {key: text.get(lang) for key, text in WORDS.items()}
    words["generated"] = words["generated"].format(version=__version__)
    header = (view.unit + " · " if view.unit else "") + words["title"]
    rendered: str = _template().render(
        v=view,
        W=words,
        html_lang="zh-CN" if lang == "zh" else "en",
        font_stack=FONT_STACK,
        running_left=header,
        running_right=view.meeting,
    )
    return rendered


def render(checklist: Checklist, fmt: str, lang: Lang) -> str:
    if fmt == "md":
        return render_markdown(checklist, lang)
    if fmt == "json":
        return render_json(checklist, lang)
    if fmt == "html":
        return render_html(checklist, lang)
    from govcheck.planning.render import render_checklist

    return render_checklist(checklist, lang)
