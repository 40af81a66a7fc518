"""Why a check did not run on an item (``--explain``): the first condition of its ``applies_when`` that
is false, in words, with the item's values.

A normative document not tagged 重大事项决策 is no 三重一大 item, so TIOL-PRINCIPAL-LAST does not run on
it and nothing is reported: ``validate --explain`` says so, per item, instead of leaving the user to guess.
The verdict is the plain engine's ``holds`` on the same facts the engines judged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govcheck.engine.plain_engine import holds
from govcheck.facts.build import Fact, chinese_date
from govcheck.facts.fields import FIELDS
from govcheck.findings.build import display
from govcheck.i18n import Lang, Text
from govcheck.rulebook.conditions import All, AnyOf, Compare, Condition, Lit, Ref, describe, fields_of
from govcheck.rulebook.model import Rule


@dataclass(frozen=True)
class NotApplied:
    """One check that did not run on one item, and why."""

    item: str
    check: str
    condition: str  # as the rule file writes it: is_tiol
    reason: Text  # in words, with the item's values


def condition_words(cond: Condition, lang: Lang) -> str:
    """A condition in words: yes/no facts by their meaning (类别含重要干部任免), the rest as written."""
    zh = lang == "zh"
    if isinstance(cond, (All, AnyOf)):
        joiner = (" 且 " if zh else " and ") if isinstance(cond, All) else (" 或 " if zh else " or ")
        parts = []
        for part in cond.parts:
            words = condition_words(part, lang)
            parts.append(
                f"（{words}）"
                if zh and isinstance(part, (All, AnyOf))
                else f"({words})"
                if isinstance(part, (All, AnyOf))
                else words
            )
        return joiner.join(parts)
    if (
        isinstance(cond, Compare)
        and isinstance(cond.right, Lit)
        and isinstance(cond.right.value, bool)
        and cond.field in FIELDS
        and cond.op in ("==", "!=")
    ):
        meaning = FIELDS[cond.field].doc.get(lang).split("；")[0].split("; ")[0]
        return meaning if cond.right.value == (cond.op == "==") else ("非：" if zh else "not: ") + meaning
    if (
        isinstance(cond, Compare)
        and isinstance(cond.right, Ref)
        and cond.op in _DAY_ORDER
        and FIELDS.get(cond.field, None) is not None
        and FIELDS[cond.field].type == "day"
        and FIELDS.get(cond.right.name) is not None
        and FIELDS[cond.right.name].type == "day"
    ):
        # two dates compared (decision_day >= fcr_from_day): both by their meaning, the order in words
        left, right = (
            FIELDS[name].doc.get(lang).split("（")[0].split(" (")[0] for name in (cond.field, cond.right.name)
        )
        words = _DAY_ORDER[cond.op][0 if zh else 1]
        return f"{left}{words}{right}" if zh else f"{left} {words} {right}"
    return describe(cond)


_DAY_ORDER = {
    ">=": ("不早于", "on or after"),
    ">": ("晚于", "after"),
    "<=": ("不晚于", "on or before"),
    "<": ("早于", "before"),
}


def spelled(cond: Condition) -> str:
    """The condition as a rule file writes it, with brackets where 且 sits inside 或 (describe has none)."""
    if isinstance(cond, AnyOf):
        return " 或 ".join(f"（{spelled(p)}）" if isinstance(p, All) else spelled(p) for p in cond.parts)
    if isinstance(cond, All):
        return " 且 ".join(f"（{spelled(p)}）" if isinstance(p, AnyOf) else spelled(p) for p in cond.parts)
    return describe(cond)


def first_false(cond: Condition, values: dict[str, object]) -> Condition | None:
    """The first part of ``cond`` that is false on ``values`` (None when ``cond`` holds): for a list of
    conditions the first one that fails, for an any-of the whole alternative."""
    if holds(cond, values):
        return None
    if isinstance(cond, All):
        for part in cond.parts:
            found = first_false(part, values)
            if found is not None:
                return found
    return cond


def _values(cond: Condition, fact: Fact, lang: Lang) -> str:
    names = sorted(fields_of(cond))
    sep = "；" if lang == "zh" else "; "
    colon = "：" if lang == "zh" else ": "
    return sep.join(f"{name}{colon}{display(fact, name, lang)}" for name in names)


def why_not(rule: Rule, fact: Fact) -> NotApplied | None:
    """Why ``rule`` did not run on ``fact`` (None when it did: its conditions apply)."""
    if rule.applies is None or rule.fails is None or rule.corpus or rule.facts != "item":
        return None
    missed = first_false(rule.applies, fact.values)
    if missed is not None:
        zh, en = condition_words(missed, "zh"), condition_words(missed, "en")
        return NotApplied(
            fact.item_id,
            rule.id,
            spelled(missed),
            Text(
                f"不满足“{zh}”（{_values(missed, fact, 'zh')}）",
                f"'{en}' does not hold ({_values(missed, fact, 'en')})",
            ),
        )
    day = fact.values.get("decision_day")
    decided = dt.date.fromordinal(day) if isinstance(day, int) else None
    if rule.effective_from is not None and (decided is None or decided < rule.effective_from):
        start = rule.effective_from.isoformat()
        shown = chinese_date(decided) if decided else "未记录"
        return NotApplied(
            fact.item_id,
            rule.id,
            f"decision_day >= {start}",
            Text(
                f"决策日期（{shown}）早于本检查的生效日期{chinese_date(rule.effective_from)}",
                f"the decision date ({decided.isoformat() if decided else 'not recorded'}) is before {start}, "
                "when the check starts",
            ),
        )
    if rule.effective_to is not None and (decided is None or decided > rule.effective_to):
        end = rule.effective_to.isoformat()
        return NotApplied(
            fact.item_id,
            rule.id,
            f"decision_day <= {end}",
            Text(
                f"决策日期晚于本检查的失效日期{chinese_date(rule.effective_to)}",
                f"the decision date is after {end}, when the check ended",
            ),
        )
    return None


def not_applied(rules: tuple[Rule, ...], facts: list[Fact]) -> list[NotApplied]:
    """For each item, every per-item check that did not run on it, in rule order."""
    return [found for fact in facts for rule in rules if (found := why_not(rule, fact)) is not None]
