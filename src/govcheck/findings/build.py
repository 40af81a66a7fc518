"""From engine matches to findings: severity, line, message and the basis in force."""

from __future__ import annotations

import string
from typing import Any

from govcheck.facts.build import Fact, from_day
from govcheck.facts.fields import FIELDS
from govcheck.findings.model import Finding
from govcheck.i18n import Lang, Text
from govcheck.loading.settings import Settings
from govcheck.rulebook.model import Rule

_NOT_RECORDED = Text("未记录", "not recorded")


def _display(fact: Fact, name: str, lang: Lang) -> str:
    if name in fact.labels:
        return fact.labels[name].get(lang)
    value = fact.values.get(name)
    if value is None or value == "":
        return _NOT_RECORDED.get(lang) if value is None else ("无" if lang == "zh" else "none")
    kind = FIELDS[name].type
    if kind == "day":
        return from_day(value).isoformat()
    if kind == "bool":
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if kind == "names" and lang == "en":
        return str(value).replace("、", ", ")
    return str(value)


def render(template: str, fact: Fact, lang: Lang) -> str:
    names = {name for _lit, name, _spec, _conv in string.Formatter().parse(template) if name}
    return template.format(**{name: _display(fact, name, lang) for name in names})


def message_for(rule: Rule, fact: Fact) -> Text:
    from govcheck.engine.plain_engine import holds  # choosing wording is presentation, not the verdict

    chosen = rule.messages[-1]
    for message in rule.messages:
        if message.when is None or holds(message.when, fact.values):
            chosen = message
            break
    return Text(render(chosen.text.zh, fact, "zh"), render(chosen.text.en, fact, "en"))


def make_finding(rule: Rule, fact: Fact, settings: Settings) -> Finding:
    decision_day: Any = fact.values.get("decision_day")
    day = from_day(decision_day) if decision_day is not None else None
    severity = settings.severity.get(rule.id) or rule.severity_on(day)
    item = fact.meeting_id if rule.scope == "meeting" and fact.meeting_id else fact.item_id
    return Finding(
        check=rule.id,
        severity=severity,
        path=fact.path,
        line=fact.line_of(rule.line_field),
        item=item,
        message=message_for(rule, fact),
        basis=tuple(b.cite() for b in rule.basis_on(day)),
        title=rule.title,
    )
