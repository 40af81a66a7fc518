"""`govcheck checklist`: every step a planned item needs, and by when, from the same rules as `validate`.

The item is written as a compliant record of the planned meeting (every step
done, every review present, dates at their deadlines) and turned into a fact
by the same code as a real record. A rule is on the checklist when its
``applies_when`` holds on that fact (with the plain engine's ``holds``), it is
in force on the meeting date and its pack is enabled. Rules that apply only
when something happens at the meeting (a recusal, the head overruling the
majority, a negative review) or when a step is left out (no vote) are listed
too; steps for what may happen say "if …".
A rule that would fail even on this compliant plan (say the meeting type is not
a collective forum) is shown as a warning: the plan itself needs changing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from govcheck.engine.plain_engine import holds
from govcheck.facts.build import Fact, facts_for_record
from govcheck.facts.workdays import shift_working_days
from govcheck.findings.build import choose_message, message_for
from govcheck.i18n import Text
from govcheck.loading.record import Record, validate_record
from govcheck.loading.schema import MEETING_TYPE
from govcheck.loading.settings import Settings
from govcheck.loading.yamlsource import parse_yaml
from govcheck.pipeline import active_rules
from govcheck.planning.dates import DueDate, resolve
from govcheck.rulebook.model import Rule
from govcheck.rulebook.plan import STAGES, Due

PLAN_PATH = "（会前计划）"
_OTHER_MEMBER = "（其他成员）"
_CHAIR = "（会议主持人）"

#: What may happen at the meeting, or be left out, and makes further rules apply (a fact overlay each).
CONTINGENCIES: tuple[dict[str, Any], ...] = (
    {"has_vote": False},  # no vote is taken (TIOL-VOTE-RECORDED applies only then)
    {"recused_count": 1, "present_recused_count": 1},  # a member must recuse
    {"principal_departs": True},  # the head decides against the others' majority
    {"legality_unlawful": True, "legality_conclusion": "unlawful"},  # the legality review says unlawful
    {"fcr_conclusion": "exception"},  # the fair competition review relies on an exception
    {"fcr_conclusion": "non_compliant"},  # the fair competition review says non-compliant
)


class PlanningError(Exception):
    """The request cannot be planned (e.g. no meeting type to use); shown to the user, exit 2."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class PlanRequest:
    categories: tuple[str, ...]
    date: dt.date
    amount: int | Decimal | None = None
    mad: bool = False
    affects_operators: bool = False
    meeting_type: str | None = None


@dataclass(frozen=True)
class Step:
    stage: str
    text: Text
    checks: tuple[str, ...]
    severity: str
    basis: tuple[str, ...]
    due: DueDate | None = None
    due_spec: Due | None = None
    not_before: DueDate | None = None
    order: int = 0

    def sort_key(self) -> tuple[int, int, dt.date, int, tuple[str, ...]]:
        day = self.due.day if self.due else (self.not_before.day if self.not_before else None)
        return (STAGES.index(self.stage), day is None, day or dt.date.max, self.order, self.checks)


@dataclass(frozen=True)
class Attention:
    check: str
    severity: str
    message: Text
    basis: tuple[str, ...]


@dataclass
class Checklist:
    request: PlanRequest
    settings: Settings
    meeting_type: str
    members: list[str] | None  # the roster on the meeting date; None without a roster
    principal: str | None
    steps: list[Step] = field(default_factory=list)
    attention: list[Attention] = field(default_factory=list)
    also_checked: list[tuple[str, Text]] = field(default_factory=list)  # (check, title): no plan step
    notes: list[Text] = field(default_factory=list)


SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def meeting_type_for(request: PlanRequest, settings: Settings) -> str:
    """--type, else the first MAD forum for a MAD item, else the first collective forum."""
    if request.meeting_type:
        return request.meeting_type
    forums = settings.mad_forums if request.mad else settings.collective_forums
    if not forums:
        key = "mad_forums" if request.mad else "collective_forums"
        raise PlanningError(
            Text(
                f"单位设置的 {key} 为空，无法确定会议类型；请用 --type 指定",
                f"{key} is empty in the settings, so there is no meeting type to plan; use --type",
            )
        )
    return forums[0]


def build_checklist(request: PlanRequest, settings: Settings, rules: tuple[Rule, ...]) -> Checklist:
    meeting_type = meeting_type_for(request, settings)
    members = settings.members_on(request.date)
    principal = settings.principal_on(request.date)
    fact = planned_fact(request, settings, meeting_type)
    checklist = Checklist(request, settings, meeting_type, members, principal)
    checklist.notes = _settings_notes(settings, members, principal)
    steps: list[Step] = []
    for rule in active_rules(rules, settings):
        if rule.applies is None or rule.fails is None or rule.corpus or not rule.in_force(request.date):
            continue
        if not _applies(rule, fact):
            continue
        severity = settings.severity.get(rule.id) or rule.severity_on(request.date, fact.values)
        basis = tuple(b.cite() for b in rule.basis_on(request.date, settings.unit_kind, fact.values))
        if holds(rule.condition(), fact.values):
            message = message_for(choose_message(rule.messages, fact), fact)
            checklist.attention.append(Attention(rule.id, severity, message, basis))
        if rule.plan is None:
            checklist.also_checked.append((rule.id, rule.title))
            continue
        steps.append(_step(rule, fact, severity, basis, request.date, settings.notice_days))
    checklist.steps = sorted(_merge(steps), key=Step.sort_key)
    return checklist


def _applies(rule: Rule, fact: Fact) -> bool:
    assert rule.applies is not None
    if holds(rule.applies, fact.values):
        return True
    return any(holds(rule.applies, {**fact.values, **overlay}) for overlay in CONTINGENCIES)


def _step(rule: Rule, fact: Fact, severity: str, basis: tuple[str, ...], meeting: dt.date, notice_days: int) -> Step:
    plan = rule.plan
    assert plan is not None
    text = message_for(choose_message(plan.steps, fact), fact)
    due = resolve(plan.due, meeting, notice_days) if plan.due is not None else None
    not_before = resolve(plan.not_before, meeting, notice_days) if plan.not_before is not None else None
    return Step(plan.stage, text, (rule.id,), severity, basis, due, plan.due, not_before, plan.order)


def _merge(steps: list[Step]) -> list[Step]:
    """Rules that ask for the very same step on the same date make one line naming all their checks."""
    merged: dict[tuple[Any, ...], Step] = {}
    for step in steps:
        key = (step.stage, step.text, step.due, step.not_before)
        if key not in merged:
            merged[key] = step
            continue
        first = merged[key]
        severity = max(first.severity, step.severity, key=lambda s: SEVERITY_RANK.get(s, 0))
        basis = tuple(dict.fromkeys(first.basis + step.basis))
        merged[key] = Step(
            first.stage,
            first.text,
            first.checks + step.checks,
            severity,
            basis,
            first.due,
            first.due_spec,
            first.not_before,
            min(first.order, step.order),
        )
    return list(merged.values())


def _settings_notes(settings: Settings, members: list[str] | None, principal: str | None) -> list[Text]:
    notes: list[Text] = []
    if settings.path is None:
        notes.append(
            Text(
                "没有找到单位设置文件 govcheck.yaml，按默认设置列出（`govcheck init` 可生成一份）",
                "no govcheck.yaml found: the defaults are used (`govcheck init` writes one)",
            )
        )
    if members is None:
        notes.append(
            Text(
                "单位设置没有班子名册（roster），无法算出到会和表决所需人数；人数按会议当日的应到会成员计算",
                "the settings have no roster, so the numbers needed to attend and to adopt cannot be "
                "computed here; they follow the members who should attend on the day",
            )
        )
    elif not members:
        notes.append(
            Text(
                "班子名册中该日期没有在任成员，请核对 govcheck.yaml 的 roster",
                "nobody on the roster is in office on that date: check roster in govcheck.yaml",
            )
        )
    if principal is None:
        notes.append(
            Text(
                "单位设置没有该日期的主要负责人（principal），末位表态按会议主持人掌握",
                "the settings name no principal for that date: the chair speaks last",
            )
        )
    elif members is not None and members and principal not in members:
        notes.append(
            Text(
                f"主要负责人{principal}不在该日期的班子名册中，请核对 govcheck.yaml",
                f"the principal {principal} is not on the roster for that date: check govcheck.yaml",
            )
        )
    return notes


# ------------------------------------------------------------ the planned record


def planned_fact(request: PlanRequest, settings: Settings, meeting_type: str) -> Fact:
    """The fact of the planned item, built by the real loader and fact builder from a compliant record."""
    text = yaml.safe_dump(planned_record(request, settings, meeting_type), allow_unicode=True, sort_keys=False)
    data = validate_record(PLAN_PATH, parse_yaml(PLAN_PATH, text))
    fact = facts_for_record(Record(PLAN_PATH, "", data), settings)[0]
    members = fact.values.get("members_count", 0)
    fact.labels["majority"] = Text(str(members // 2 + 1), str(members // 2 + 1))
    if settings.principal_on(request.date) is None:
        fact.labels["principal"] = Text("（单位设置未写明，由会议主持人）", "(not in the settings: the chair)")
    return fact


def planned_record(request: PlanRequest, settings: Settings, meeting_type: str) -> dict[str, Any]:
    """A record of the planned meeting in which every step is done on time."""
    day = request.date
    principal = settings.principal_on(day) or _CHAIR
    roster = settings.members_on(day)
    members = roster if roster is not None else [principal, _OTHER_MEMBER]
    meeting: dict[str, Any] = {
        "id": "PLAN",
        "type": meeting_type,
        "date": day.isoformat(),
        "chair": principal,
        "attendees": list(members),
        "notice": {"agenda_sent": _iso(day, -settings.notice_days), "materials_sent": _iso(day, -settings.notice_days)},
        "minutes": {"recorder": "（记录人）", "archived": True, "archive_no": "（档案号）"},
    }
    if roster is None:
        meeting["members"] = list(members)
    speakers = [m for m in members if m != principal] + ([principal] if principal in members else [])
    item: dict[str, Any] = {
        "id": "PLAN-01",
        "title": "（计划议题）",
        "category": list(request.categories),
        "major_administrative_decision": request.mad,
        "affects_operators": request.affects_operators,
        "pre_deliberation": [{"with": speakers[0] if speakers else principal}],
        "reviews": _planned_reviews(day),
        "opinions": [{"member": name, "position": "agree"} for name in speakers],
        "vote": {"method": "show_of_hands", "for": len(speakers), "against": 0, "abstain": 0},
        "outcome": "adopted",
        "executed_on": day.isoformat(),
        "published": {"date": day.isoformat(), "channel": "（公布渠道）"},
    }
    if request.amount is not None:
        item["amount"] = f"{request.amount}元"
    if "procurement" in request.categories:
        item["procurement_method"] = "open_tender"
    return {"govcheck": 1, "unit": settings.unit or "（本单位）", "meeting": meeting, "items": [item]}


#: The latest day to send the draft for legality review: 7 working days lie between it and the meeting
#: (MAD-LEGALITY-7WD counts from the day after submission to the day before the meeting).
LEGALITY_LEAD_WORKING_DAYS = 8


def _planned_reviews(day: dt.date) -> dict[str, Any]:
    """The prior steps in the order of the MAD regulation, each on its latest day.

    公众参与 → 专家论证 → 风险评估 are done before the draft goes to legality review (条例第二十六条: the
    submission carries 履行决策法定程序的说明), which leaves the reviewer 7 working days before the meeting
    (第二十六条第二款); the public comment runs 30 days (the first day not counted) up to that submission.
    """
    submitted = shift_working_days(day, -LEGALITY_LEAD_WORKING_DAYS)[0]
    return {
        "legality": {
            "reviewer": "（法律顾问）",
            "role": "legal_counsel",
            "submitted": submitted.isoformat(),
            "completed": day.isoformat(),
            "conclusion": "lawful",
        },
        "fair_competition": {
            "reviewer": "（起草单位）",
            "completed": day.isoformat(),
            "conclusion": "compliant",
            "stakeholders_consulted": True,
        },
        "public_participation": {
            "start": (submitted - dt.timedelta(days=30)).isoformat(),
            "end": submitted.isoformat(),
            "channel": "（征求意见渠道）",
        },
        "expert_review": {"date": submitted.isoformat(), "conclusion": "（论证结论）"},
        "risk_assessment": {"date": submitted.isoformat(), "level": "low", "conclusion": "（评估结论）"},
    }


def _iso(day: dt.date, offset: int) -> str:
    return (day + dt.timedelta(days=offset)).isoformat()


def meeting_type_name(meeting_type: str) -> Text:
    return MEETING_TYPE.values[meeting_type]
