"""From engine matches to findings: severity, line, message and the basis in force."""

from __future__ import annotations

import string
from typing import Any

from govcheck.facts.build import Fact, chinese_date, from_day
from govcheck.facts.fields import FIELDS
from govcheck.findings.model import Evidence, Finding
from govcheck.i18n import Lang, Text, singular_ones
from govcheck.loading.settings import Settings
from govcheck.rulebook.loader import condition_text
from govcheck.rulebook.model import Basis, Join, Message, Rule

_NOT_RECORDED = Text("未记录", "not recorded")


def _display(fact: Fact, name: str, lang: Lang) -> str:
    if name in fact.labels:
        return fact.labels[name].get(lang)
    value = fact.values.get(name)
    if value is None or value == "":
        return _NOT_RECORDED.get(lang) if value is None else ("无" if lang == "zh" else "none")
    kind = FIELDS[name].type
    if kind == "day":
        return chinese_date(from_day(value)) if lang == "zh" else from_day(value).isoformat()
    if kind == "bool":
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if kind == "names" and lang == "en":
        return str(value).replace("、", ", ")
    return str(value)


def display(fact: Fact, name: str, lang: Lang) -> str:
    """A fact field's value as findings show it (labels first, dates as dates, yes/no in words)."""
    return _display(fact, name, lang)


def render(template: str, fact: Fact, lang: Lang, other: Fact | None = None) -> str:
    names = {name for _lit, name, _spec, _conv in string.Formatter().parse(template) if name}
    shown: dict[str, str] = {}
    for name in names:
        if name == "other_file":
            shown[name] = other.path if other else _NOT_RECORDED.get(lang)
        elif name == "other_line":
            shown[name] = str(other.item_line) if other else _NOT_RECORDED.get(lang)
        else:
            shown[name] = _display(fact, name, lang)
    return template.format(**shown)


def choose_message(messages: tuple[Message, ...], fact: Fact) -> Message:
    """The first wording whose ``when`` holds (choosing wording is presentation, not the verdict)."""
    from govcheck.engine.plain_engine import holds

    for message in messages:
        if message.when is None or holds(message.when, fact.values):
            return message
    return messages[-1]


def message_for(message: Message, fact: Fact, other: Fact | None = None) -> Text:
    return Text(render(message.text.zh, fact, "zh", other), singular_ones(render(message.text.en, fact, "en", other)))


_FIELD_ORDER = {name: index for index, name in enumerate(FIELDS)}
_EVIDENCE_FIELDS: dict[tuple[str, str, int], tuple[str, ...]] = {}


def _evidence_fields(rule: Rule, join: Join | None) -> tuple[str, ...]:
    """The fact fields a rule (or one of its joins) reads, in FIELDS order; worked out once per rule."""
    key = (rule.source, rule.id, rule.joins.index(join) if join is not None else -1)
    if key not in _EVIDENCE_FIELDS:
        from govcheck.rulebook.conditions import fields_of

        names: set[str] = set()
        if rule.applies is not None and rule.fails is not None:
            names |= fields_of(rule.condition())
        if join is not None:
            names |= {field for pair in join.match for field in pair}
            if join.when is not None:
                names |= fields_of(join.when)
        names -= {"is_first_item", "item_id", "meeting_id"}
        _EVIDENCE_FIELDS[key] = tuple(sorted(names, key=_FIELD_ORDER.__getitem__))
    return _EVIDENCE_FIELDS[key]


def evidence_for(rule: Rule, fact: Fact, join: Join | None = None) -> tuple[Evidence, ...]:
    """Every fact field the rule's conditions read, with its meaning and this record's value."""
    return tuple(
        Evidence(name, FIELDS[name].doc, Text(_display(fact, name, "zh"), _display(fact, name, "en")))
        for name in _evidence_fields(rule, join)
    )


_CONDITION_TEXT: dict[tuple[str, str], str] = {}
_CITATIONS: dict[tuple[Basis, ...], tuple[str, ...]] = {}


def _failed_condition(rule: Rule) -> str:
    """The rule's fails_when as written, worked out once per rule (not per finding)."""
    key = (rule.source, rule.id)
    if key not in _CONDITION_TEXT:
        _CONDITION_TEXT[key] = condition_text(rule.fails_text, "zh") if rule.fails_text is not None else ""
    return _CONDITION_TEXT[key]


def _citations(rule: Rule, day: Any, kind: str | None = None, values: dict[str, Any] | None = None) -> tuple[str, ...]:
    """The citations in force on ``day`` for the unit's kind and this item (a basis's ``when``):
    one shared tuple per set of bases, not per finding."""
    bases = rule.basis_on(day, kind, values)
    if bases not in _CITATIONS:
        _CITATIONS[bases] = tuple(b.cite() for b in bases)
    return _CITATIONS[bases]


def make_finding(
    rule: Rule,
    fact: Fact,
    settings: Settings,
    join: Join | None = None,
    other: Fact | None = None,
    explain: bool = True,
) -> Finding:
    """``explain``: keep the evidence and the failed condition (only ``--explain`` shows them)."""
    decision_day: Any = fact.values.get("decision_day")
    day = from_day(decision_day) if decision_day is not None else None
    severity = settings.severity.get(rule.id) or rule.severity_on(day, fact.values)
    meeting_level = rule.scope == "meeting" or (join is not None and join.kind == "meeting")
    item = fact.meeting_id if meeting_level and fact.meeting_id else fact.item_id
    line_field = join.line_field if join is not None and join.line_field else rule.line_field
    message = choose_message(join.messages if join is not None and join.messages else rule.messages, fact)
    return Finding(
        check=rule.id,
        severity=severity,
        path=fact.path,
        line=fact.line_of(message.line_field or line_field),
        item=item,
        message=message_for(message, fact, other),
        evidence=evidence_for(rule, fact, join) if explain else (),
        failed_condition=_failed_condition(rule) if explain else "",
        basis=_citations(rule, day, settings.unit_kind, fact.values),
        title=rule.title,
    )
