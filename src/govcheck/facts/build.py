"""Turn a validated record plus the unit settings into one flat fact per item.

All counting, set arithmetic and date arithmetic happens here, once, so that
rules stay declarative comparisons over named fields.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from govcheck.errors import InputError, InputProblems
from govcheck.facts.names import with_guesses
from govcheck.facts.workdays import working_days_between
from govcheck.i18n import Text
from govcheck.loading.record import Record
from govcheck.loading.schema import (
    FCR_CONCLUSION,
    LEGALITY_CONCLUSION,
    MEETING_TYPE,
    NEVER_FORUM,
    OUTCOME,
    POSITION,
    PROCUREMENT_METHOD,
)
from govcheck.loading.settings import Settings
from govcheck.loading.yamlsource import YDict, YList

TIOL_CATEGORIES = ("major_decision", "personnel", "major_project", "large_fund")
ALL_CATEGORIES = (*TIOL_CATEGORIES, "normative_document", "policy_measure", "contract", "procurement")
_CATEGORY_FLAGS = tuple((f"cat_{c}", c) for c in ALL_CATEGORIES)  # the fact field of each category


@dataclass(slots=True)  # held for every item of a directory run (the cross-record facts)
class Fact:
    path: str
    item_id: str
    item_line: int
    meeting_id: str | None
    values: dict[str, Any]  # JSON-safe: what both engines see
    lines: dict[str, int] = field(default_factory=dict)  # fact field → line of its source
    labels: dict[str, Text] = field(default_factory=dict)  # bilingual display values

    def line_of(self, name: str | None) -> int:
        return self.lines.get(name, self.item_line) if name else self.item_line


def day(value: dt.date | None) -> int | None:
    return value.toordinal() if value is not None else None


def _get(node: YDict | None, key: str) -> Any:
    """``node[key]``, or None when the key or the whole node is absent."""
    return node.get(key) if node is not None else None


def from_day(value: int) -> dt.date:
    return dt.date.fromordinal(value)


def chinese_date(value: dt.date) -> str:
    """Dates in Chinese prose as official documents write them (checks.md 1.1 Messages): 2023年9月14日."""
    return f"{value.year}年{value.month}月{value.day}日"


def format_amount(value: int | Decimal) -> Text:
    """Amounts as Chinese documents write them: 1200万元, 1.2亿元, 3,500,001元.

    Cached: the thresholds' texts are on every item, and one shared Text per amount keeps the
    cross-record facts of a large run small (Text is immutable). The key holds the spelling, since
    ``Decimal("1E+7") == 10000000`` would otherwise share one text and make output depend on order.
    """
    return _format_amount(type(value).__name__, str(value), value)


@lru_cache(maxsize=4096)
def _format_amount(_kind: str, _spelling: str, value: int | Decimal) -> Text:
    if value and value >= 100_000_000 and value % 10_000 == 0:
        zh = f"{(Decimal(value) / 100_000_000).normalize():f}亿元"
    elif value and value % 10_000 == 0:
        zh = f"{value // 10_000}万元"
    else:
        zh = f"{value:,}元"
    return Text(zh, f"{value:,} yuan")


def _line(container: YDict | None, key: str, default: int) -> int:
    """The line of ``container[key]``, else ``default`` (about fifty per item: kept to two lookups)."""
    if container is None or key not in container:
        return default
    return container.lines.get(key, container.line)


def _names(entries: YList | None, key: str) -> list[str]:
    return [entry[key] for entry in entries or () if entry and key in entry]


def facts_for_record(record: Record, settings: Settings) -> list[Fact]:
    data = record.data
    meeting: YDict | None = data.get("meeting")
    context = _meeting_context(record, meeting, settings)
    return [
        _item_fact(record, item, items_index, meeting, context, settings)
        for items_index, item in enumerate(data["items"])
        if item is not None
    ]


@dataclass
class _Meeting:
    members: list[str]
    present: list[str]
    values: dict[str, Any]
    lines: dict[str, int]
    labels: dict[str, Text]


def _meeting_context(record: Record, meeting: YDict | None, settings: Settings) -> _Meeting:
    if meeting is None:
        return _Meeting(
            [],
            [],
            {
                "has_meeting": False,
                "in_collective_forum": False,
                "in_mad_forum": False,
                "is_voting_forum": False,
                "quorum_more_than_half": settings.quorum == "more_than_half",
                "has_minutes": False,
                "has_recorder": False,
                "archived": False,
                "has_roster": settings.roster is not None,
                "roster_mismatch": False,
            },
            {},
            {},
        )
    date: dt.date = meeting["date"]
    line = meeting.line
    roster = settings.members_on(date)
    recorded = meeting.get("members")
    if roster is not None:
        members = roster
    elif recorded is not None:
        members = list(recorded)
    else:
        raise InputProblems(
            [
                InputError(
                    record.path,
                    line,
                    Text(
                        "无法确定应到会成员：记录没有 meeting.members，单位设置中也没有班子名册（roster）",
                        "cannot tell who should attend: no meeting.members in the record and no roster in govcheck.yaml",
                    ),
                    Text(
                        "在 meeting 下写 members: [张三, 李四, …]，或在 govcheck.yaml 中写 roster",
                        "add members: [...] under meeting, or a roster to govcheck.yaml",
                    ),
                )
            ]
        )
    member_set = set(members)
    attendees = list(meeting.get("attendees") or ())
    present = [name for name in dict.fromkeys(attendees) if name in member_set]
    observers = set(_names(meeting.get("observers"), "name"))
    not_members = [name for name in dict.fromkeys(attendees) if name not in member_set and name not in observers]
    notice: YDict | None = meeting.get("notice")
    minutes: YDict | None = meeting.get("minutes")
    meeting_type = meeting["type"]
    materials = notice.get("materials_sent") if notice else None
    values: dict[str, Any] = {
        "has_meeting": True,
        "meeting_id": meeting["id"],
        "meeting_type": meeting_type,
        # Circulation, topic and on-site meetings and sign-off are never a forum, whatever the settings say.
        "in_collective_forum": meeting_type in settings.collective_forums and meeting_type not in NEVER_FORUM,
        "in_mad_forum": meeting_type in settings.mad_forums and meeting_type not in NEVER_FORUM,
        # (1.1) a forum deciding by majority vote; other collective forums: the head decides (行政首长负责制)
        "is_voting_forum": (
            meeting_type in settings.voting_forums
            and meeting_type in settings.collective_forums
            and meeting_type not in NEVER_FORUM
        ),
        "quorum_more_than_half": settings.quorum == "more_than_half",
        # the fewest members present that meet the quorum: 「半数以上」 includes half, 「过半数」 does not
        "quorum_needed": (
            len(members) // 2 + 1 if settings.quorum == "more_than_half" else math.ceil(len(members) / 2)
        ),
        "meeting_day": day(date),
        "members_count": len(members),
        "present_count": len(present),
        "personnel_quorum": math.ceil(len(members) * 2 / 3),
        "absent_names": "、".join(name for name in members if name not in present),
        "notice_days": settings.notice_days,
        "materials_deadline_day": date.toordinal() - settings.notice_days,
        "has_minutes": minutes is not None,
        "has_recorder": bool(minutes and minutes.get("recorder")),
        "archived": bool(minutes and minutes.get("archived") is True),
        "has_roster": roster is not None,
        "roster_mismatch": roster is not None and recorded is not None and set(recorded) != member_set,
        "attendee_not_member_count": len(not_members),
        "attendee_not_member_names": "、".join(not_members),
    }
    if materials is not None:
        values["materials_sent_day"] = day(materials)
    if notice and notice.get("agenda_sent") is not None:
        values["agenda_sent_day"] = day(notice["agenda_sent"])
    if roster is not None and recorded is not None:
        values["roster_missing_names"] = "、".join(n for n in roster if n not in set(recorded))
        values["roster_extra_names"] = "、".join(n for n in recorded if n not in member_set)
    minutes_line = _line(meeting, "minutes", line)
    lines = {
        "meeting_type": meeting.line_of("type"),
        "in_collective_forum": meeting.line_of("type"),
        "in_mad_forum": meeting.line_of("type"),
        "is_voting_forum": meeting.line_of("type"),
        "quorum_needed": _line(meeting, "attendees", line),
        "meeting_day": meeting.line_of("date"),
        "members_count": _line(meeting, "members", line),
        "present_count": _line(meeting, "attendees", line),
        "personnel_quorum": _line(meeting, "attendees", line),
        "materials_sent_day": _line(notice, "materials_sent", _line(meeting, "notice", line)),
        "agenda_sent_day": _line(notice, "agenda_sent", _line(meeting, "notice", line)),
        "has_minutes": minutes_line,
        "has_recorder": _line(minutes, "recorder", minutes_line),
        "archived": _line(minutes, "archived", minutes_line),
        "roster_mismatch": _line(meeting, "members", line),
        "attendee_not_member_count": _line(meeting, "attendees", line),
    }
    labels = {"meeting_type_name": MEETING_TYPE.values[meeting_type]}
    # 陈小梅（是不是陈晓梅？）: a name one character off a member's, as the findings show it (the facts keep the
    # names as written, so both engines judge the same values)
    guessed = {
        "attendee_not_member_names": with_guesses(not_members, members),
        "roster_extra_names": with_guesses(
            [n for n in recorded or () if n not in member_set], [n for n in members if n not in set(recorded or ())]
        ),
    }
    labels.update({name: text for name, text in guessed.items() if text is not None})
    return _Meeting(members, present, values, lines, labels)


def _item_fact(
    record: Record, item: YDict, index: int, meeting: YDict | None, ctx: _Meeting, settings: Settings
) -> Fact:
    item_line = item.line
    categories: tuple[str, ...] = item["category"]
    amount = item.get("amount")
    large_fund = settings.large_fund
    meeting_date: dt.date | None = meeting["date"] if meeting is not None else None
    emergency: YDict | None = item.get("emergency")
    decision_date = meeting_date or item.get("executed_on") or _get(emergency, "decided_on")
    reviews: YDict = item.get("reviews") or YDict(item_line)
    legality: YDict | None = reviews.get("legality")
    participation = _date_order_participation(_participations(reviews))
    vote: YDict | None = item.get("vote")
    outcome = item.get("outcome")

    opinions: YList = item.get("opinions") or YList(item_line)
    speakers = _names(opinions, "member")
    recused = _names(item.get("recusals"), "name")
    recused_set = set(recused)
    present_set = set(ctx.present)
    spoken = set(speakers)
    missing = [n for n in ctx.present if n not in recused_set and n not in spoken] if meeting is not None else []
    not_present = [n for n in dict.fromkeys(speakers) if n not in present_set and n not in recused_set]
    recused_speakers = [n for n in dict.fromkeys(speakers) if n in recused_set]

    principal = settings.principal_on(meeting_date or decision_date)
    if principal is None and meeting is not None:
        principal = meeting.get("chair")

    amount_whole = int(amount) if amount is not None else None
    threshold = math.ceil(large_fund) if large_fund is not None else None
    is_tiol = any(c in categories for c in TIOL_CATEGORIES) or (
        amount_whole is not None and threshold is not None and amount_whole >= threshold
    )
    has_vote = vote is not None and vote.get("method") != "none"

    values: dict[str, Any] = {
        "item_id": item["id"],
        "item_title": item["title"],
        "is_first_item": index == 0,
        "is_tiol": is_tiol,
        "categories": ",".join(categories),
        **{flag: c in categories for flag, c in _CATEGORY_FLAGS},
        "is_mad": item.get("major_administrative_decision") is True,
        "is_fcr": item.get("affects_operators") is True or "policy_measure" in categories,
        "has_pre_deliberation": bool(item.get("pre_deliberation")),
        "ad_hoc": item.get("ad_hoc") is True,
        "opinions_count": len(speakers),
        "missing_opinion_count": len(missing),
        "missing_opinion_names": "、".join(missing),
        "opinion_not_present_count": len(not_present),
        "opinion_not_present_names": "、".join(not_present),
        "principal_known": principal is not None,
        "principal_present": principal is not None and principal in present_set,
        "principal_recused": principal is not None and principal in recused_set,
        "last_opinion_is_principal": bool(speakers) and principal is not None and speakers[-1] == principal,
        # 「先定调」: the principal states a position while another member has yet to speak
        "principal_spoke_early": principal is not None
        and any(
            name == principal and any(later != principal for later in speakers[i + 1 :])
            for i, name in enumerate(speakers)
        ),
        "unit_kind": settings.unit_kind,
        "recused_count": len(recused),
        "present_recused_count": len([n for n in recused if n in present_set]),
        "recused_speaker_count": len(recused_speakers),
        "recused_speaker_names": "、".join(recused_speakers),
        "has_vote": has_vote,
        "is_adopted": outcome == "adopted",
        "is_deferred": outcome == "deferred",
        "has_emergency": emergency is not None,
        "emergency_reported": bool(emergency and emergency.get("reported_at")),
        "has_legality_review": legality is not None,
        "decided_collectively": bool(ctx.values["has_meeting"] and ctx.values["in_collective_forum"]),
        **ctx.values,
    }
    optional: dict[str, Any] = {
        "amount": amount_whole,
        "large_fund_threshold": threshold,
        "decision_day": day(decision_date),
        "executed_day": day(item.get("executed_on")),
        "emergency_day": day(_get(emergency, "decided_on")),
        "principal": principal,
        "last_speaker": speakers[-1] if speakers else None,
        "outcome": outcome,
        "legality_submitted_day": day(_get(legality, "submitted")),
        "legality_completed_day": day(_get(legality, "completed")),
        "pp_start_day": day(_get(participation, "start")),
        "pp_end_day": day(_get(participation, "end")),
    }
    dissenters = [
        o["member"] for o in opinions if o and o.get("position") in ("disagree", "abstain", "reserve") and "member" in o
    ]
    values["dissent_opinion_count"] = len(dissenters)
    if has_vote and vote is not None:
        optional["vote_method"] = vote.get("method")
        if "against" in vote or "abstain" in vote:
            optional["vote_dissent"] = vote.get("against", 0) + vote.get("abstain", 0)
        counts = {k: vote[k] for k in ("for", "against", "abstain") if k in vote}
        optional.update({f"vote_{k}": n for k, n in counts.items()})
        if counts:
            optional["vote_total"] = sum(counts.values())
    values.update({k: val for k, val in optional.items() if val is not None})

    labels = dict(ctx.labels)
    # 陈小梅 spoke: is she 陈晓梅, a member (present or not)? The members are the roster on the meeting day.
    speakers_guessed = with_guesses(not_present, ctx.members) if not_present else None
    if speakers_guessed is not None:
        labels["opinion_not_present_names"] = speakers_guessed
    if outcome is not None:
        labels["outcome_name"] = OUTCOME.values[outcome]
    if amount is not None:
        labels["amount_text"] = format_amount(amount)
    if large_fund is not None:
        labels["large_fund_threshold_text"] = format_amount(large_fund)

    lines = dict(ctx.lines)
    category_line = item.line_of("category")
    opinions_line = _line(item, "opinions", item_line)
    vote_line = _line(item, "vote", item_line)
    legality_line = _line(reviews, "legality", _line(item, "reviews", item_line))
    pp_line = participation.line if participation is not None else _line(item, "reviews", item_line)
    not_present_set = set(not_present)
    first_bad = next((i for i, o in enumerate(opinions) if o and o.get("member") in not_present_set), None)
    first_recused = next((i for i, o in enumerate(opinions) if o and o.get("member") in recused_set), None)
    lines.update(
        {
            "is_tiol": category_line,
            "categories": category_line,
            "cat_large_fund": category_line,
            "amount": _line(item, "amount", item_line),
            "executed_day": _line(item, "executed_on", item_line),
            "ad_hoc": _line(item, "ad_hoc", item_line),
            "opinions_count": opinions_line,
            "missing_opinion_count": opinions_line,
            "opinion_not_present_count": opinions.line_of(first_bad) if first_bad is not None else opinions_line,
            "recused_speaker_count": opinions.line_of(first_recused) if first_recused is not None else opinions_line,
            "last_opinion_is_principal": opinions.line_of(len(opinions) - 1) if speakers else opinions_line,
            "present_recused_count": vote_line,
            "has_vote": vote_line,
            "vote_for": vote_line,
            "vote_total": vote_line,
            "vote_dissent": vote_line,
            "principal_spoke_early": opinions_line,
            "outcome": _line(item, "outcome", item_line),
            "has_emergency": _line(item, "emergency", item_line),
            "emergency_reported": _line(item, "emergency", item_line),
            "has_legality_review": legality_line,
            "legality_submitted_day": legality_line,
            "legality_completed_day": _line(legality, "completed", legality_line),
            "pp_start_day": pp_line,
            "pp_end_day": _line(participation, "end", pp_line),
        }
    )
    extra_values, extra_lines, extra_labels = _review_facts(item, reviews, opinions, principal, meeting_date, settings)
    values.update(extra_values)
    lines.update(extra_lines)
    labels.update(extra_labels)
    problems, problem_line = _date_order_problems(values, lines)
    if problems:
        labels["date_order_problems"] = problems
        lines["date_order_problems"] = problem_line
    return Fact(record.path, item["id"], item_line, ctx.values.get("meeting_id"), values, lines, labels)


def _participations(reviews: YDict) -> list[YDict]:
    """The public participation entries: (1.1) one mapping or a list of them."""
    raw = reviews.get("public_participation")
    if raw is None:
        return []
    return [entry for entry in raw if entry is not None] if isinstance(raw, list) else [raw]


def _is_public_comment(entry: YDict) -> bool:
    """公开征求意见 (条例第十五条): so recorded, or no method written but a comment period given (record format 1.1)."""
    method = entry.get("method")
    return method == "public_comment" or (method is None and ("start" in entry or "end" in entry))


def _date_order_participation(entries: list[YDict]) -> YDict | None:
    """The entry REC-DATE-ORDER looks at: the first that ends before it starts, else the first."""
    for entry in entries:
        if entry.get("start") and entry.get("end") and entry["end"] < entry["start"]:
            return entry
    return entries[0] if entries else None


def _comment_round(entries: list[YDict]) -> tuple[int, YDict] | None:
    """The public comment MAD-PUBLIC-COMMENT-30D judges (1-based position, entry): of the rounds with both dates,
    the shortest without a reason for shortening, else the shortest. Every round must meet 第十五条."""
    rounds = [(i, e) for i, e in enumerate(entries, 1) if _is_public_comment(e) and e.get("start") and e.get("end")]
    if not rounds:
        return None
    unexplained = [r for r in rounds if not r[1].get("shortened_reason")]
    return min(unexplained or rounds, key=lambda r: (r[1]["end"] - r[1]["start"]).days)


def _date_order_problems(values: dict[str, Any], lines: dict[str, int]) -> tuple[Text, int]:
    """Describe impossible date orders (REC-DATE-ORDER shows this text)."""
    # (earlier field, later field, field whose line is shown, zh, en): a problem when earlier < later
    checks = (
        (
            "legality_completed_day",
            "legality_submitted_day",
            "legality_completed_day",
            "合法性审查完成日期{a}早于送审日期{b}",
            "legality review completed {a}, before it was submitted {b}",
        ),
        (
            "pp_end_day",
            "pp_start_day",
            "pp_end_day",
            "公众参与结束日期{a}早于开始日期{b}",
            "public comment period ends {a}, before it starts {b}",
        ),
        (
            "meeting_day",
            "materials_sent_day",
            "materials_sent_day",
            "会议材料送达日期{b}晚于会议日期{a}",
            "materials sent {b}, after the meeting on {a}",
        ),
        (
            "meeting_day",
            "agenda_sent_day",
            "agenda_sent_day",
            "议题通知日期{b}晚于会议日期{a}",
            "agenda sent {b}, after the meeting on {a}",
        ),
        (
            "issued_day",
            "meeting_day",
            "issued_day",
            "决定文件形成日期{a}早于作出决定的会议日期{b}",
            "decision document formed {a}, before the meeting on {b}",
        ),
    )
    zh: list[str] = []
    en: list[str] = []
    first_line = 0
    for earlier, later, shown, text_zh, text_en in checks:
        a, b = values.get(earlier), values.get(later)
        if a is not None and b is not None and a < b:
            zh.append(text_zh.format(a=chinese_date(from_day(a)), b=chinese_date(from_day(b))))
            en.append(text_en.format(a=from_day(a).isoformat(), b=from_day(b).isoformat()))
            first_line = first_line or lines.get(shown, 0)
    return Text("；".join(zh), "; ".join(en)), first_line


_LEGAL_ROLES = ("legal_counsel", "legal_department", "public_lawyer")


def _calendar_note(known: bool, start: dt.date, end: dt.date) -> Text:
    """Empty when the official calendar covers the span; else say which years were counted Monday–Friday."""
    if known:
        return Text("", "")
    years = "、".join(str(y) for y in range(start.year, end.year + 1))
    return Text(
        f"（{years}年不在官方节假日日历中，按周一至周五计算工作日）",
        f" ({years.replace('、', ', ')} not on the official holiday calendar; Monday to Friday counted)",
    )


def _review_time_allowed(submitted: dt.date, meeting: dt.date) -> tuple[int, Text]:
    """Working days the sender left the legality reviewer (条例第二十六条第二款): from the day after
    submission to the day before the meeting, both inclusive; 0 when it was sent the day before or later."""
    last = meeting - dt.timedelta(days=1)
    if submitted >= last:
        return 0, Text("", "")
    days, known = working_days_between(submitted, last)
    return days, _calendar_note(known, submitted, last)


def _majority(positions: list[str]) -> str | None:
    """The position held by more than half of the given opinions, if any."""
    for position in dict.fromkeys(positions):
        if positions.count(position) * 2 > len(positions):
            return position
    return None


def _review_facts(
    item: YDict,
    reviews: YDict,
    opinions: YList,
    principal: str | None,
    meeting_date: dt.date | None,
    settings: Settings,
) -> tuple[dict[str, Any], dict[str, int], dict[str, Text]]:
    """Facts for the prior reviews (MAD, legality, fair competition), procurement and corpus keys."""
    values: dict[str, Any] = {}
    labels: dict[str, Text] = {}
    item_line = item.line
    reviews_line = _line(item, "reviews", item_line)
    legality: YDict | None = reviews.get("legality")
    participations = _participations(reviews)
    comment = _comment_round(participations)
    participation = comment[1] if comment is not None else None
    fair: YDict | None = reviews.get("fair_competition")
    published: YDict | None = item.get("published")

    values["mad_pack_enabled"] = "major_admin_decision" in settings.packs
    values["has_public_participation"] = bool(participations)
    values["has_public_comment"] = any(_is_public_comment(entry) for entry in participations)
    if comment is not None and participation is not None:
        values["pp_days"] = (participation["end"] - participation["start"]).days
        values["pp_comment_start_day"] = day(participation["start"])
        values["pp_comment_end_day"] = day(participation["end"])
        several = len(participations) > 1
        labels["pp_round"] = (
            Text(f"（第{comment[0]}项公众参与）", f" (participation entry {comment[0]})") if several else Text("", "")
        )
    values["has_shortened_reason"] = bool(participation and participation.get("shortened_reason"))
    values["has_expert_review"] = reviews.get("expert_review") is not None
    values["has_risk_assessment"] = reviews.get("risk_assessment") is not None

    values["has_legality_completed"] = bool(legality and legality.get("completed"))
    if legality is not None:
        conclusion = legality.get("conclusion")
        if conclusion is not None:
            values["legality_conclusion"] = conclusion
            labels["legality_conclusion_name"] = LEGALITY_CONCLUSION.values[conclusion]
        role = legality.get("role")
        if role is not None:
            values["legality_role"] = role
        values["legality_role_ok"] = role in _LEGAL_ROLES
        if legality.get("submitted") and legality.get("completed"):
            days, known = working_days_between(legality["submitted"], legality["completed"])
            values["legality_working_days"] = days
            labels["legality_calendar_note"] = _calendar_note(known, legality["submitted"], legality["completed"])
    values["legality_unlawful"] = values.get("legality_conclusion") == "unlawful"
    if legality is not None and legality.get("submitted") and meeting_date is not None:
        values["legality_allowed_working_days"], labels["legality_allowed_calendar_note"] = _review_time_allowed(
            legality["submitted"], meeting_date
        )

    positions = [(o["member"], o["position"]) for o in opinions if o and "member" in o and "position" in o]
    own = [p for member, p in positions if member == principal]
    others = [p for member, p in positions if member != principal]
    majority = _majority(others)
    if own:
        values["principal_position"] = own[-1]
        labels["principal_position_name"] = POSITION.values[own[-1]]
    if majority is not None:
        values["majority_position"] = majority
        labels["majority_position_name"] = POSITION.values[majority]
    forums = [MEETING_TYPE.values[f] for f in settings.mad_forums if f in MEETING_TYPE.values]
    labels["mad_forums_names"] = Text(
        "、".join(f.zh for f in forums) or "（未设置）", ", ".join(f.en for f in forums) or "(none set)"
    )
    values["principal_departs"] = bool(own) and majority is not None and own[-1] != majority
    values["has_departure_reason"] = bool(item.get("departure_reason"))

    values["has_published"] = published is not None
    # (1.1) 政府信息公开条例第二十六条 counts from the day the information was formed: the decision document's
    # issue date when recorded, else the meeting that took the decision
    formed: dt.date | None = item.get("issued_on") or meeting_date
    values["publish_from_issued"] = item.get("issued_on") is not None
    if published and published.get("date"):
        values["published_day"] = day(published["date"])
        if formed is not None:
            days, known = working_days_between(formed, published["date"])
            values["publish_working_days"] = days
            labels["publish_calendar_note"] = _calendar_note(known, formed, published["date"])

    values["fcr_from_day"] = day(settings.fair_competition_from)
    values["has_fcr_review"] = fair is not None
    if fair is not None:
        if fair.get("completed"):
            values["fcr_completed_day"] = day(fair["completed"])
        if fair.get("conclusion"):
            values["fcr_conclusion"] = fair["conclusion"]
            labels["fcr_conclusion_name"] = FCR_CONCLUSION.values[fair["conclusion"]]
        values["fcr_stakeholders"] = fair.get("stakeholders_consulted") is True
        values["fcr_has_exception_reason"] = bool(fair.get("exception_reason"))
        values["fcr_has_exception_period"] = bool(fair.get("exception_period"))

    method = item.get("procurement_method")
    if method is not None:
        values["procurement_method"] = method
        labels["procurement_method_name"] = PROCUREMENT_METHOD.values[method]
    values["open_tender_threshold"] = math.ceil(settings.open_tender)
    values["open_tender_default"] = not settings.open_tender_set
    labels["open_tender_threshold_text"] = format_amount(settings.open_tender)
    for key in ("counterparty", "budget_item", "procurement_item"):
        if item.get(key):
            values[key] = item[key]
    values["has_procurement_approval"] = bool(item.get("procurement_approval"))
    if item.get("issued_on") is not None:
        values["issued_day"] = day(item["issued_on"])
    emergency = item.get("emergency") or {}
    if emergency.get("reported_at"):
        values["reported_at"] = emergency["reported_at"]

    fair_line = _line(reviews, "fair_competition", reviews_line)
    pp_line = _line(reviews, "public_participation", reviews_line)
    comment_line = participation.line if participation is not None else pp_line
    legality_line = _line(reviews, "legality", reviews_line)
    lines = {
        "has_public_participation": pp_line,
        "pp_days": _line(participation, "end", comment_line),
        "has_public_comment": pp_line,
        "has_expert_review": _line(reviews, "expert_review", reviews_line),
        "has_risk_assessment": _line(reviews, "risk_assessment", reviews_line),
        "has_legality_completed": _line(legality, "completed", legality_line),
        "legality_unlawful": _line(legality, "conclusion", legality_line),
        "legality_working_days": _line(legality, "completed", legality_line),
        "legality_allowed_working_days": _line(legality, "submitted", legality_line),
        "legality_role_ok": _line(legality, "role", legality_line),
        "principal_departs": _line(item, "opinions", item_line),
        "has_published": _line(item, "published", _line(item, "outcome", item_line)),
        "publish_working_days": _line(item, "published", item_line),
        "has_fcr_review": fair_line,
        "fcr_completed_day": _line(fair, "completed", fair_line),
        "fcr_stakeholders": _line(fair, "stakeholders_consulted", fair_line),
        "fcr_has_exception_reason": _line(fair, "conclusion", fair_line),
        "procurement_method": _line(item, "procurement_method", item_line),
        "counterparty": _line(item, "counterparty", item_line),
        "procurement_item": _line(item, "procurement_item", item_line),
        "has_procurement_approval": _line(item, "procurement_approval", _line(item, "procurement_method", item_line)),
        "issued_day": _line(item, "issued_on", item_line),
    }
    return values, lines, labels
