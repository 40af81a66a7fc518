"""Facts for checks across records (a directory run): meetings, and what the
cross-record rules read from each item, trimmed to keep memory bounded.

Sums cannot be expressed as durable-rules joins, so the splitting groups
(化整为零) are computed here; the rule then compares them like any fact.
"""

from __future__ import annotations

import string
from collections import defaultdict

from govcheck.facts.build import Fact, format_amount, from_day
from govcheck.loading.record import Record
from govcheck.loading.settings import Settings
from govcheck.rulebook.conditions import fields_of
from govcheck.rulebook.model import Rule

SPLIT_INPUTS = (
    "decided_collectively",
    "counterparty",
    "budget_item",
    "amount",
    "decision_day",
    "large_fund_threshold",
    "cat_procurement",
    "procurement_item",
    "procurement_method",
    "has_procurement_approval",
    "open_tender_threshold",
)


def corpus_rules(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    return tuple(rule for rule in rules if rule.corpus or rule.joins)


def _placeholders(rule: Rule) -> set[str]:
    names: set[str] = set()
    messages = list(rule.messages) + [m for join in rule.joins for m in join.messages]
    for message in messages:
        for text in (message.text.zh, message.text.en):
            names |= {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
        if message.when is not None:
            names |= fields_of(message.when)
    return names


def needed_fields(rules: tuple[Rule, ...]) -> frozenset[str]:
    """Every item field a cross-record rule may read, show or point its line at."""
    names: set[str] = {"item_id", "meeting_id", "decision_day", *SPLIT_INPUTS}
    for rule in rules:
        if rule.applies is not None and rule.fails is not None:
            names |= fields_of(rule.condition())
        names |= _placeholders(rule)
        if rule.line_field:
            names.add(rule.line_field)
        for join in rule.joins:
            if join.when is not None:
                names |= fields_of(join.when)
            names |= {f for pair in join.match for f in pair}
            if join.line_field:
                names.add(join.line_field)
    return frozenset(names)


def trim(fact: Fact, names: frozenset[str]) -> Fact:
    return Fact(
        fact.path,
        fact.item_id,
        fact.item_line,
        fact.meeting_id,
        {"kind": "item", **{k: v for k, v in fact.values.items() if k in names}},
        {k: v for k, v in fact.lines.items() if k in names and v != fact.item_line},  # line_of's default
        {k: v for k, v in fact.labels.items() if k in names},
    )


def meeting_fact(record: Record) -> Fact | None:
    meeting = record.data.get("meeting")
    if meeting is None:
        return None
    line = meeting.line_of("id")
    values = {"kind": "meeting", "meeting_id": meeting["id"], "meeting_day": meeting["date"].toordinal()}
    return Fact(record.path, meeting["id"], line, meeting["id"], values, {"meeting_id": line})


def add_split_groups(items: list[Fact], settings: Settings) -> None:
    """Mark items that, with others of the same supplier, budget item and year, evade the threshold.

    Only items not decided collectively and each below the threshold count;
    a group of two or more whose total reaches the threshold is 化整为零.
    """
    threshold = settings.large_fund
    if threshold is None:
        return
    groups: dict[tuple[str, str, int], list[Fact]] = defaultdict(list)
    for fact in items:
        v = fact.values
        amount, day = v.get("amount"), v.get("decision_day")
        if (
            v.get("decided_collectively")
            or amount is None
            or day is None
            or amount >= threshold
            or not v.get("counterparty")
            or not v.get("budget_item")
        ):
            continue
        groups[(v["counterparty"], v["budget_item"], from_day(day).year)].append(fact)
    for members in groups.values():
        total = sum(f.values["amount"] for f in members)
        if len(members) < 2 or total < threshold:
            continue
        names = "、".join(f.item_id for f in members)
        for fact in members:
            fact.values.update(split_group_count=len(members), split_group_total=total, split_group_items=names)
            fact.labels["split_group_total_text"] = format_amount(total)


def add_tender_split_groups(items: list[Fact]) -> None:
    """Mark purchases that together evade open tender (政府采购法实施条例第二十八条).

    A group is the procurement items of one budget item and one 品目 decided in one
    calendar year (the fiscal year), not by open tender and without an approved
    non-open method. Every group of two or more is marked with its count and
    total; the rule compares the total with the open-tender standard (「超过」:
    equal is not a breach), so the boundary is the rule's, in both engines. An
    item with no method recorded counts as non-open: the record does not show an
    open tender.
    """
    groups: dict[tuple[str, str, int], list[Fact]] = defaultdict(list)
    for fact in items:
        v = fact.values
        amount, day = v.get("amount"), v.get("decision_day")
        if (
            not v.get("cat_procurement")
            or amount is None
            or day is None
            or v.get("has_procurement_approval")
            or v.get("procurement_method") == "open_tender"
            or not v.get("budget_item")
            or not v.get("procurement_item")
        ):
            continue
        groups[(v["budget_item"], v["procurement_item"], from_day(day).year)].append(fact)
    for members in groups.values():
        total = sum(f.values["amount"] for f in members)
        if len(members) < 2:
            continue
        names = "、".join(f.item_id for f in members)
        for fact in members:
            fact.values.update(tender_group_count=len(members), tender_group_total=total, tender_group_items=names)
            fact.labels["tender_group_total_text"] = format_amount(total)


def add_reported_meeting_days(items: list[Fact], meetings: list[Fact]) -> None:
    """The date of the meeting an emergency decision names, when that meeting is in the run."""
    days: dict[str, int] = {}
    for meeting in meetings:
        day = meeting.values["meeting_day"]
        days[meeting.values["meeting_id"]] = max(day, days.get(meeting.values["meeting_id"], day))
    for fact in items:
        named = fact.values.get("reported_at")
        if named in days:
            fact.values["reported_meeting_day"] = days[named]
