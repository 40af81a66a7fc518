"""The lists auditors ask for first, each defined by the checks whose findings fill it."""

from __future__ import annotations

from dataclasses import dataclass

from govcheck.i18n import Text


@dataclass(frozen=True)
class ListSpec:
    key: str
    title: Text
    explanation: Text
    checks: tuple[str, ...]
    category: str | None = None  # only items of this category


AUDIT_LISTS: tuple[ListSpec, ...] = (
    ListSpec(
        "not_collective",
        Text("三重一大事项未经集体决策", "三重一大 items not decided collectively"),
        Text(
            "没有召开会议，或以传阅、会签等不属于集体决策会议的方式决定（TIOL-COLLECTIVE）。",
            "No meeting, or decided by circulation or another form that is not a collective-decision forum "
            "(TIOL-COLLECTIVE).",
        ),
        ("TIOL-COLLECTIVE",),
    ),
    ListSpec(
        "no_legality_review",
        Text("缺少合法性审查", "Items lacking legality review"),
        Text(
            "应审未审、审查未完成，或审查晚于决策（LEG-NORMDOC-REVIEW、LEG-CONTRACT-REVIEW、LEG-COUNSEL-MAJOR-MATTER、"
            "LEG-REVIEW-AFTER-DECISION；重大行政决策为 MAD-LEGALITY-BEFORE-DISCUSSION）。",
            "No review where one is required, not completed, or completed after the decision (LEG-NORMDOC-REVIEW, "
            "LEG-CONTRACT-REVIEW, LEG-COUNSEL-MAJOR-MATTER, LEG-REVIEW-AFTER-DECISION; for major administrative "
            "decisions MAD-LEGALITY-BEFORE-DISCUSSION).",
        ),
        (
            "LEG-NORMDOC-REVIEW",
            "LEG-CONTRACT-REVIEW",
            "LEG-COUNSEL-MAJOR-MATTER",
            "LEG-REVIEW-AFTER-DECISION",
            "MAD-LEGALITY-BEFORE-DISCUSSION",
        ),
    ),
    ListSpec(
        "no_fair_competition_review",
        Text("缺少公平竞争审查", "Items lacking fair-competition review"),
        Text(
            "涉及经营者经济活动的事项没有公平竞争审查，或审查晚于会议（FCR-REVIEW-REQUIRED、FCR-BEFORE-ISSUE）。",
            "Items affecting operators with no fair-competition review, or one completed after the meeting "
            "(FCR-REVIEW-REQUIRED, FCR-BEFORE-ISSUE).",
        ),
        ("FCR-REVIEW-REQUIRED", "FCR-BEFORE-ISSUE"),
    ),
    ListSpec(
        "personnel_quorum",
        Text("干部任免事项到会人数不足", "Personnel decisions without quorum"),
        Text(
            "讨论干部任免时到会成员不足三分之二或未过半数（TIOL-QUORUM-PERSONNEL、干部任免事项的 TIOL-QUORUM）。",
            "Personnel decisions with fewer than two thirds, or not more than half, of the members present "
            "(TIOL-QUORUM-PERSONNEL, and TIOL-QUORUM on personnel items).",
        ),
        ("TIOL-QUORUM-PERSONNEL", "TIOL-QUORUM"),
        category="personnel",
    ),
    ListSpec(
        "emergency_not_reported",
        Text("紧急临机决定未事后报告", "Emergency decisions not reported"),
        Text(
            "个人临机决定后没有写明事后报告的会议，或该会议不存在、不晚于临机决定（TIOL-EMERGENCY-REPORTED）。",
            "No later meeting named where the emergency decision was reported, or that meeting is missing or "
            "not later (TIOL-EMERGENCY-REPORTED).",
        ),
        ("TIOL-EMERGENCY-REPORTED",),
    ),
)
