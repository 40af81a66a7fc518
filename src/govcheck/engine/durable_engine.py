"""The only module that imports durable-rules.

Each rule becomes one durable rule over a single fact (``all: [{m: …}]``).
Facts are asserted one at a time with ``assert_fact`` (never ``post``, whose
events are consumed by the first matching rule), so every violated rule fires
on every fact. Each evaluation runs in its own session id and deletes it
afterwards, so records never see each other's facts. Rulesets are global by
name inside the C engine, hence the per-process counter in their names.

Deleting a session in which no fact was ever handled crashes durable-rules
2.0.28 (a double free in the C engine), so every session opens with a
sentinel fact that a no-op rule handles.
"""

from __future__ import annotations

import contextlib
import itertools
from typing import Any

from durable import engine as durable

from govcheck.rulebook.conditions import All, AnyOf, Arith, Compare, Condition, Exists, Expr, Lit, Ref
from govcheck.rulebook.model import Rule

_ARITH = {"+": "$add", "-": "$sub", "*": "$mul"}
_COMPARE = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_SESSION_RULE = "govcheck$session"
_names = itertools.count(1)
_sessions = itertools.count(1)


def _expr(expr: Expr) -> Any:
    if isinstance(expr, Lit):
        return expr.value
    if isinstance(expr, Ref):
        return {"$m": expr.name}
    return {_ARITH[expr.op]: {"$l": _expr(expr.left), "$r": _expr(expr.right)}}


def _refs(expr: Expr) -> list[str]:
    if isinstance(expr, Ref):
        return [expr.name]
    if isinstance(expr, Arith):
        return _refs(expr.left) + _refs(expr.right)
    return []


def compile_condition(cond: Condition) -> dict[str, Any]:
    if isinstance(cond, All):
        return {"$and": [compile_condition(p) for p in cond.parts]}
    if isinstance(cond, AnyOf):
        return {"$or": [compile_condition(p) for p in cond.parts]}
    if isinstance(cond, Exists):
        return {"$ex" if cond.present else "$nex": {cond.field: 1}}
    assert isinstance(cond, Compare)
    test = {cond.field: _expr(cond.right)} if cond.op == "==" else {_COMPARE[cond.op]: {cond.field: _expr(cond.right)}}
    guards = [{"$ex": {name: 1}} for name in _refs(cond.right)]
    # A fact the record lacks makes the comparison false, as in the plain engine.
    return {"$and": [*guards, test]} if guards else test


def _ignore(_c: Any) -> None:
    return None


class DurableEngine:
    name = "durable"

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self._fired: list[tuple[str, int]] = []
        definition: dict[str, Any] = {}
        for rule in rules:
            # The positive "kind" test keeps negation-only rules from looping in durable.
            condition = {"$and": [{"kind": "item"}, compile_condition(rule.condition())]}
            definition[rule.id] = {"all": [{"m": condition}], "run": self._action(rule.id)}
        definition[_SESSION_RULE] = {"all": [{"m": {"kind": "session"}}], "run": _ignore}
        self._ruleset = durable.Ruleset(f"govcheck{next(_names)}", None, definition) if definition else None

    def _action(self, rule_id: str) -> Any:
        fired = self._fired

        def record(c: Any) -> None:
            fired.append((rule_id, int(c.m["id"])))

        return record

    def evaluate(self, facts: list[dict[str, Any]]) -> set[tuple[str, int]]:
        """Return (rule id, fact index) for every rule a fact violates."""
        if self._ruleset is None:
            return set()
        sid = f"s{next(_sessions)}"
        self._fired.clear()
        ruleset = self._ruleset

        def done(error: Exception | None, _state: Any) -> None:
            if error is not None:
                raise error

        ruleset.do_actions(ruleset.assert_fact({"kind": "session", "id": -1, "sid": sid}), done)
        try:
            for index, values in enumerate(facts):
                fact = {**values, "kind": "item", "id": index, "sid": sid}
                with contextlib.suppress(durable.MessageNotHandledException):  # no rule matched: a clean item
                    ruleset.do_actions(ruleset.assert_fact(fact), done)
        finally:
            ruleset.delete_state(sid)
        return set(self._fired)
