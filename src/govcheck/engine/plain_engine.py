"""An independent evaluation of the same rule conditions in plain Python.

It shares nothing with the durable compiler but the parsed conditions, so the
differential tests catch a compiler or engine mistake on either side.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from govcheck.rulebook.conditions import All, AnyOf, Arith, Compare, Condition, Exists, Expr, Lit, Ref
from govcheck.rulebook.model import Join, Rule

_MISSING = object()
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ARITH: dict[str, Callable[[Any, Any], Any]] = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def _value(expr: Expr, fact: dict[str, Any]) -> Any:
    if isinstance(expr, Lit):
        return expr.value
    if isinstance(expr, Ref):
        return fact.get(expr.name, _MISSING)
    assert isinstance(expr, Arith)
    left, right = _value(expr.left, fact), _value(expr.right, fact)
    if left is _MISSING or right is _MISSING:
        return _MISSING
    return _ARITH[expr.op](left, right)


def holds(cond: Condition, fact: dict[str, Any]) -> bool:
    if isinstance(cond, All):
        return all(holds(p, fact) for p in cond.parts)
    if isinstance(cond, AnyOf):
        return any(holds(p, fact) for p in cond.parts)
    if isinstance(cond, Exists):
        return (fact.get(cond.field) is not None) == cond.present
    assert isinstance(cond, Compare)
    left = fact.get(cond.field, _MISSING)
    right = _value(cond.right, fact)
    if left is _MISSING or right is _MISSING or left is None or right is None:
        return False
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    return _OPS[cond.op](left, right)


def _joined(join: Join, this: dict[str, Any], other: dict[str, Any]) -> bool:
    for this_field, other_field in join.match:
        value = this.get(this_field)
        if value is None or other.get(other_field) != value:
            return False
    return True


class PlainEngine:
    name = "plain"

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self._rules = rules
        self._conditions = [(rule.id, rule.condition()) for rule in rules if rule.per_item]

    def evaluate_corpus(self, facts: list[dict[str, Any]]) -> set[tuple[str, int, int, int]]:
        fired: set[tuple[str, int, int, int]] = set()
        by_kind: dict[str, list[int]] = {"item": [], "meeting": [], "payment": []}
        for index, fact in enumerate(facts):
            by_kind[fact["kind"]].append(index)
        for rule in self._rules:
            if rule.corpus and rule.fails is not None:
                cond = rule.condition()
                fired |= {(rule.id, -1, i, -1) for i in by_kind[rule.facts] if holds(cond, facts[i])}
            for join_index, join in enumerate(rule.joins):
                index_by_key: dict[tuple[Any, ...], list[int]] = {}
                for j in by_kind[join.other]:
                    key = tuple(facts[j].get(other) for _this, other in join.match)
                    if None not in key:
                        index_by_key.setdefault(key, []).append(j)
                for i in by_kind[join.kind]:
                    this = facts[i]
                    if join.when is not None and not holds(join.when, this):
                        continue
                    key = tuple(this.get(field) for field, _other in join.match)
                    candidates = index_by_key.get(key, []) if None not in key else []
                    others = [j for j in candidates if j != i and _joined(join, this, facts[j])]
                    if join.exists:
                        fired |= {(rule.id, join_index, i, j) for j in others}
                    elif not others:
                        fired.add((rule.id, join_index, i, -1))
        return fired

    def evaluate(self, facts: list[dict[str, Any]]) -> set[tuple[str, int]]:
        return {
            (rule_id, index)
            for index, fact in enumerate(facts)
            for rule_id, cond in self._conditions
            if holds(cond, fact)
        }
