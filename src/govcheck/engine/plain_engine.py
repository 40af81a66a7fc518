"""An independent evaluation of the same rule conditions in plain Python.

It shares nothing with the durable compiler but the parsed conditions, so the
differential tests catch a compiler or engine mistake on either side.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from govcheck.rulebook.conditions import All, AnyOf, Arith, Compare, Condition, Exists, Expr, Lit, Ref
from govcheck.rulebook.model import Rule

_MISSING = object()
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
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


class PlainEngine:
    name = "plain"

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self._conditions = [(rule.id, rule.condition()) for rule in rules]

    def evaluate(self, facts: list[dict[str, Any]]) -> set[tuple[str, int]]:
        return {
            (rule_id, index)
            for index, fact in enumerate(facts)
            for rule_id, cond in self._conditions
            if holds(cond, fact)
        }
