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

import functools
import itertools
import json
import zlib
from typing import Any

from durable import engine as durable

from govcheck.rulebook.conditions import All, AnyOf, Compare, Condition, Exists, Expr, Lit, Ref, expr_refs, fields_of
from govcheck.rulebook.model import Join, Rule

_c_engine = durable.durable_rules_engine  # the C extension behind durable.engine.Ruleset
_NOT_HANDLED = 1  # durable.engine.Ruleset._handle_result: 1 means no rule matched the fact

_ARITH = {"+": "$add", "-": "$sub", "*": "$mul"}
_COMPARE = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_SESSION_RULE = "govcheck$session"
BUCKET_FACTS = 512  # facts per cross-record session: the C engine keeps ~14 KB per fact of its largest session
# One encoder for every fact: json.dumps(..., ensure_ascii=False) builds a new encoder per call.
# Compact separators and no circularity check (facts are flat): less to write and to parse in C.
_to_json = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode
_json_text = json.encoder.encode_basestring  # the string encoder of that encoder (ensure_ascii=False): C when present
_names = itertools.count(1)
_sessions = itertools.count(1)


def _expr(expr: Expr) -> Any:
    if isinstance(expr, Lit):
        return expr.value
    if isinstance(expr, Ref):
        return {"$m": expr.name}
    return {_ARITH[expr.op]: {"$l": _expr(expr.left), "$r": _expr(expr.right)}}


def compile_condition(cond: Condition) -> dict[str, Any]:
    if isinstance(cond, All):
        return {"$and": [compile_condition(p) for p in cond.parts]}
    if isinstance(cond, AnyOf):
        return {"$or": [compile_condition(p) for p in cond.parts]}
    if isinstance(cond, Exists):
        return {"$ex" if cond.present else "$nex": {cond.field: 1}}
    assert isinstance(cond, Compare)
    test = {cond.field: _expr(cond.right)} if cond.op == "==" else {_COMPARE[cond.op]: {cond.field: _expr(cond.right)}}
    guards = [{"$ex": {name: 1}} for name in sorted(expr_refs(cond.right))]
    # A fact the record lacks makes the comparison false, as in the plain engine.
    return {"$and": [*guards, test]} if guards else test


def _ignore(_c: Any) -> None:
    return None


def compile_join(join: Join) -> dict[str, Any]:
    """A two-fact durable rule: ``a`` is the fact reported on, ``b`` the other (``b$not``: none may exist)."""
    this: list[Any] = [{"kind": join.kind}]
    if join.when is not None:
        this.append(compile_condition(join.when))
    other: list[Any] = [{"kind": join.other}]
    other += [{other_field: {"a": this_field}} for this_field, other_field in join.match]
    # No "different fact" test is needed (durable never binds one fact to both
    # patterns) and none is possible: comparing across facts with != reads
    # freed memory in durable-rules 2.0.28.
    return {"all": [{"a": {"$and": this}}, {"b" if join.exists else "b$not": {"$and": other}}]}


def _done(error: Exception | None, _state: Any) -> None:
    if error is not None:
        raise error


class _Session:
    """One durable session id: opened with the sentinel, deleted on exit."""

    def __init__(self, ruleset: Any) -> None:
        self.ruleset = ruleset
        self.sid = f"s{next(_sessions)}"

    def __enter__(self) -> _Session:
        self.ruleset.do_actions(self.ruleset.assert_fact({"kind": "session", "id": -1, "sid": self.sid}), _done)
        return self

    def assert_fact(self, fact: dict[str, Any]) -> None:
        fact["sid"] = self.sid  # every caller passes a fact dict of its own
        self._assert(_to_json(fact))

    def assert_head(self, head: str) -> None:
        """A fact written by ``_fact_head``: this session's id closes it."""
        self._assert(head + ',"sid":"' + self.sid + '"}')

    def _assert(self, text: str) -> None:
        # Ruleset.assert_fact raises MessageNotHandledException for every clean fact, and that
        # exception serialises the whole fact again for its message: a third of the engine's time.
        # The C call returns the same status code without it (1: no rule matched, a clean fact).
        code, *rest = _c_engine.assert_fact(self.ruleset._handle, text)
        if code == _NOT_HANDLED:
            return
        self.ruleset.do_actions(self.ruleset._handle_result((code, *rest), text), _done)

    def __exit__(self, *_exc: object) -> None:
        self.ruleset.delete_state(self.sid)


def _ruleset(definition: dict[str, Any]) -> Any:
    definition[_SESSION_RULE] = {"all": [{"m": {"kind": "session"}}], "run": _ignore}
    return durable.Ruleset(f"govcheck{next(_names)}", None, definition)


class DurableEngine:
    name = "durable"

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self._fired: list[tuple[str, int, int, int]] = []
        self._rules = rules
        definition: dict[str, Any] = {}
        for rule in rules:
            if rule.per_item:
                definition[rule.id] = self._single(rule)
        self._ruleset = _ruleset(definition)
        self._corpus: dict[str, Any] = {}
        # Only the fields some condition reads travel to the C engine (each fact is sent as JSON).
        self._fields = _prefixes(set().union(*(fields_of(r.condition()) for r in rules if r.per_item)))

    def _single(self, rule: Rule) -> dict[str, Any]:
        # The positive "kind" test keeps negation-only rules from looping in durable.
        condition = {"$and": [{"kind": rule.facts}, compile_condition(rule.condition())]}
        return {"all": [{"m": condition}], "run": self._action(rule.id, -1)}

    def _action(self, rule_id: str, join_index: int) -> Any:
        fired = self._fired

        def record(c: Any) -> None:
            if join_index < 0:
                fired.append((rule_id, -1, int(c.m["cid"]), -1))
            else:
                other = c.b["cid"] if c.b is not None else -1
                fired.append((rule_id, join_index, int(c.a["cid"]), int(other)))

        return record

    def evaluate(self, facts: list[dict[str, Any]]) -> set[tuple[str, int]]:
        """Return (rule id, fact index) for every per-item rule a fact violates."""
        self._fired.clear()
        with _Session(self._ruleset) as session:
            for index, values in enumerate(facts):
                session.assert_head(_fact_head(values, self._fields, f'"kind":"item","id":{index},"cid":{index}'))
        return {(rule_id, index) for rule_id, _join, index, _other in self._fired}

    def evaluate_corpus(self, facts: list[dict[str, Any]]) -> set[tuple[str, int, int, int]]:
        """Cross-record rules over all facts of a run (each with kind item or meeting).

        Returns (rule id, join index or -1, fact index, other fact index or -1).
        Memory stays bounded: single-fact corpus rules run in batches, and each
        join runs in buckets of facts that share a hash of the join key (facts
        that can match always share a bucket), each bucket its own session.
        """
        self._fired.clear()
        single = tuple(rule for rule in self._rules if rule.corpus and rule.fails is not None)
        if single:
            ruleset = self._corpus_ruleset("single", {rule.id: self._single(rule) for rule in single})
            items = [i for i, fact in enumerate(facts) if fact["kind"] in ("item", "payment")]
            read = _prefixes({"kind"}.union(*(fields_of(rule.condition()) for rule in single)))
            for start in range(0, len(items), BUCKET_FACTS):
                with _Session(ruleset) as session:
                    for index in items[start : start + BUCKET_FACTS]:
                        session.assert_head(_fact_head(facts[index], read, f'"id":{index},"cid":{index}'))
        present = {fact["kind"] for fact in facts}
        for rule in self._rules:
            for join_index, join in enumerate(rule.joins):
                if join.kind not in present:
                    continue  # payment joins in a run without --payments: nothing to report on
                ruleset = self._corpus_ruleset(
                    f"{rule.id}${join_index}",
                    {f"{rule.id}${join_index}": {**compile_join(join), "run": self._action(rule.id, join_index)}},
                )
                read = _prefixes(_join_fields(join))
                for bucket in _buckets(join, facts):
                    # The other kind first (meetings for items, items for payments): a "none may
                    # exist" join decides when its fact arrives.
                    bucket.sort(key=functools.partial(_is_not_kind, facts, join.other))
                    with _Session(ruleset) as session:
                        for index in bucket:
                            session.assert_head(_fact_head(facts[index], read, f'"id":{index},"cid":{index}'))
        return set(self._fired)

    def _corpus_ruleset(self, key: str, definition: dict[str, Any]) -> Any:
        if key not in self._corpus:
            self._corpus[key] = _ruleset(definition)
        return self._corpus[key]


_Prefixes = tuple[tuple[str, str], ...]
_ABSENT = object()


def _prefixes(names: set[str]) -> _Prefixes:
    """The fields sent to the C engine, in a fixed order, each with its JSON key written once: ``"name":``."""
    return tuple((name, _to_json(name) + ":") for name in sorted(names))


def _fact_head(values: dict[str, Any], fields: _Prefixes, tail: str) -> str:
    """The JSON the C engine gets for a fact, without its closing brace: ``fields`` of ``values``, then ``tail``.

    The very text ``_to_json`` makes of the same fields (``test_durable_fact_json``), written here
    field by field: the encoder's generic walk, and the dict of the fields picked for it, took most
    of the engine's time for each fact."""
    parts = []
    for name, prefix in fields:
        value = values.get(name, _ABSENT)
        kind = type(value)
        if kind is bool:
            parts.append(prefix + ("true" if value else "false"))
        elif kind is int:
            parts.append(prefix + int.__repr__(value))
        elif kind is str:
            parts.append(prefix + _json_text(value))
        elif value is not _ABSENT:
            parts.append(prefix + _to_json(value))
    parts.append(tail)
    return "{" + ",".join(parts)


def _join_fields(join: Join) -> set[str]:
    """Every field ``compile_join`` tests: the kinds, the ``when`` condition and the matched pairs; a join
    sends each fact once per join, and only these few of its fields are ever compared."""
    names = {"kind", *(name for pair in join.match for name in pair)}
    if join.when is not None:
        names |= fields_of(join.when)
    return names


def _key(fact: dict[str, Any], fields: list[str]) -> str | None:
    values = [fact.get(name) for name in fields]
    return None if None in values else _to_json(values)


def _is_not_kind(facts: list[dict[str, Any]], kind: str, index: int) -> bool:
    return bool(facts[index]["kind"] != kind)


def _buckets(join: Join, facts: list[dict[str, Any]]) -> list[list[int]]:
    """Indices of the join's facts, split so that facts with equal join keys share a bucket."""
    this_fields = [this for this, _other in join.match]
    other_fields = [other for _this, other in join.match]
    keyed: list[tuple[int, str]] = []
    keyless: list[int] = []  # no key: nothing can match them (they matter to "none may exist")
    for index, fact in enumerate(facts):
        kind = fact["kind"]
        if kind == join.kind:
            key = _key(fact, this_fields)
            if key is None:
                keyless.append(index)
                continue
            keyed.append((index, key))
        elif kind == join.other:
            key = _key(fact, other_fields)
            if key is not None:
                keyed.append((index, key))
    count = max(1, -(-len(keyed) // BUCKET_FACTS))
    buckets: list[list[int]] = [[] for _ in range(count)]
    for index, key in keyed:
        buckets[zlib.crc32(key.encode()) % count].append(index)
    if keyless and not join.exists:
        buckets.append(keyless)
    return [bucket for bucket in buckets if bucket]


def self_test() -> None:
    """One fact through one rule: raises unless durable-rules really evaluates (not just imports)."""
    fired: list[int] = []

    def record(c: Any) -> None:
        fired.append(int(c.m["cid"]))

    ruleset = _ruleset({"selftest": {"all": [{"m": {"$and": [{"kind": "item"}, {"x": 1}]}}], "run": record}})
    with _Session(ruleset) as session:
        session.assert_fact({"kind": "item", "x": 1, "id": 0, "cid": 0})
        session.assert_fact({"kind": "item", "x": 2, "id": 1, "cid": 1})
    if fired != [0]:
        raise RuntimeError(f"durable-rules self-test fired {fired}, expected [0]")
