"""The condition language of rule files.

A condition is a string atom, a list (all must hold), or ``{all: [...]}`` /
``{any: [...]}``. Atoms read like the catalogue:

    is_tiol                          a yes/no fact is true
    not in_collective_forum          a yes/no fact is false
    materials_sent_day missing       the record does not say
    legality_completed_day exists
    present_count * 2 <= members_count
    vote_total > present_count - present_recused_count
    decision_day >= 2024-08-01       dates are written as dates

Arithmetic (+ - *, whole numbers) may stand on one side only, because the
durable-rules engine computes only on the right of a comparison; the parser
turns ``a * 2 <= b`` into ``b >= a * 2``. A comparison with a fact the record
does not have is false.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from govcheck.facts.fields import FIELDS
from govcheck.lazyre import lazy


class ConditionError(Exception):
    pass


@dataclass(frozen=True)
class Ref:
    """A fact field's value, by name."""

    name: str


@dataclass(frozen=True)
class Lit:
    """A literal value in a condition."""

    value: bool | int | str
    kind: str | None = None  # "day" for a date written as 2024-08-01 (stored as its day number)


@dataclass(frozen=True)
class Arith:
    """``left op right``: arithmetic on values (a field plus a number of days)."""

    left: Expr
    op: str  # + - *
    right: Expr


Expr = Ref | Lit | Arith


@dataclass(frozen=True)
class Compare:
    """``field op right``: false when a value it reads is missing or null."""

    field: str
    op: str  # == != < <= > >=
    right: Expr


@dataclass(frozen=True)
class Exists:
    """Whether ``field`` has a value (``present``) or is missing or null."""

    field: str
    present: bool


@dataclass(frozen=True)
class All:
    """Every part holds."""

    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds."""

    parts: tuple[Condition, ...]


Condition = Compare | Exists | All | AnyOf

_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_TOKEN = lazy(
    r"\s*(?:(?P<date>\d{4}-\d{2}-\d{2})|(?P<num>\d+)|(?P<str>'[^']*'|\"[^\"]*\")|(?P<op>==|!=|<=|>=|<|>|\+|-|\*)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<bad>\S))"
)
NUMERIC = ("int", "day")


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for m in _TOKEN().finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        if kind == "bad":
            raise ConditionError(f"unexpected character {m.group(kind)!r}")
        out.append((kind, m.group(kind)))
    return out


def _expr(tokens: list[tuple[str, str]]) -> Expr:
    if not tokens:
        raise ConditionError("missing operand")
    parts: list[Expr | str] = []
    expect_term = True
    for kind, value in tokens:
        if expect_term:
            if kind == "date":
                try:
                    parts.append(Lit(dt.date.fromisoformat(value).toordinal(), "day"))
                except ValueError as exc:
                    raise ConditionError(f"{value} is not a real date") from exc
            elif kind == "num":
                parts.append(Lit(int(value)))
            elif kind == "str":
                parts.append(Lit(value[1:-1]))
            elif kind == "name" and value in ("true", "false"):
                parts.append(Lit(value == "true"))
            elif kind == "name":
                parts.append(Ref(value))
            else:
                raise ConditionError(f"expected a fact name or a number, found {value!r}")
        else:
            if kind != "op" or value not in "+-*":
                raise ConditionError(f"expected + - or *, found {value!r}")
            parts.append(value)
        expect_term = not expect_term
    if expect_term:
        raise ConditionError("the expression ends with an operator")
    expr = parts[0]
    assert not isinstance(expr, str)
    for i in range(1, len(parts), 2):
        op, right = parts[i], parts[i + 1]
        assert isinstance(op, str) and not isinstance(right, str)
        expr = _fold(Arith(expr, op, right))
    return expr


_FOLD = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}


def _fold(expr: Arith) -> Expr:
    """Compute literal-only arithmetic now: durable-rules never matches an arithmetic node of two literals."""
    left, right = expr.left, expr.right
    if (
        isinstance(left, Lit)
        and isinstance(right, Lit)
        and not isinstance(left.value, (bool, str))
        and not isinstance(right.value, (bool, str))
    ):
        kind = "day" if "day" in (left.kind, right.kind) else None
        return Lit(_FOLD[expr.op](left.value, right.value), kind)
    return expr


def parse_atom(text: str) -> Condition:
    words = text.split()
    if len(words) == 1 and re.fullmatch(r"[A-Za-z_]\w*", words[0]):
        return Compare(words[0], "==", Lit(True))
    if len(words) == 2 and words[0] == "not":
        return Compare(words[1], "==", Lit(False))
    if len(words) == 2 and words[1] in ("exists", "missing"):
        return Exists(words[0], words[1] == "exists")
    tokens = _tokens(text)
    ops = [i for i, (kind, value) in enumerate(tokens) if kind == "op" and value in _FLIP]
    if len(ops) != 1:
        raise ConditionError("write one comparison: fact OP value, e.g. present_count * 2 <= members_count")
    at = ops[0]
    op = tokens[at][1]
    left, right = _expr(tokens[:at]), _expr(tokens[at + 1 :])
    if isinstance(left, Ref):
        return Compare(left.name, op, right)
    if isinstance(right, Ref):
        return Compare(right.name, _FLIP[op], left)
    raise ConditionError("one side of a comparison must be a single fact name (arithmetic on one side only)")


def parse_condition(raw: Any) -> Condition:
    if isinstance(raw, str):
        return parse_atom(raw)
    if isinstance(raw, list):
        return All(tuple(parse_condition(part) for part in raw))
    if isinstance(raw, dict) and len(raw) == 1:
        ((key, value),) = raw.items()
        if key in ("all", "any") and isinstance(value, list) and value:
            parts = tuple(parse_condition(part) for part in value)
            return All(parts) if key == "all" else AnyOf(parts)
    raise ConditionError("a condition is a text, a list, or {all: [...]} / {any: [...]}")


# ------------------------------------------------------------------ checking


def _expr_type(expr: Expr) -> str:
    if isinstance(expr, Lit):
        if expr.kind:
            return expr.kind
        if isinstance(expr.value, bool):
            return "bool"
        return "int" if isinstance(expr.value, int) else "str"
    if isinstance(expr, Ref):
        return _field_type(expr.name)
    left, right = _expr_type(expr.left), _expr_type(expr.right)
    if left not in NUMERIC or right not in NUMERIC:
        raise ConditionError("arithmetic works on numbers and dates only")
    return "day" if "day" in (left, right) else "int"


def _field_type(name: str) -> str:
    spec = FIELDS.get(name)
    if spec is None:
        import difflib

        close = difflib.get_close_matches(name, list(FIELDS), n=1)
        raise ConditionError(f"unknown fact field {name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    if spec.type in ("names", "label"):
        raise ConditionError(f"{name!r} is for messages only and cannot be compared")
    return spec.type


def check_condition(cond: Condition) -> None:
    """Raise ConditionError when a condition names unknown facts or mixes types."""
    if isinstance(cond, (All, AnyOf)):
        for part in cond.parts:
            check_condition(part)
        return
    kind = _field_type(cond.field)
    if isinstance(cond, Exists):
        if kind == "bool":
            raise ConditionError(
                f"{cond.field!r} is a yes/no fact, always present: test it with '{cond.field}' or 'not {cond.field}'"
            )
        return
    right = _expr_type(cond.right)
    if kind == "bool" or right == "bool":
        if not (kind == right == "bool" and cond.op in ("==", "!=")):
            raise ConditionError(f"{cond.field!r}: yes/no facts are tested with == or != true/false")
    elif kind in NUMERIC:
        if right not in NUMERIC:
            raise ConditionError(f"{cond.field!r} is a number/date and cannot be compared with text")
    elif cond.op not in ("==", "!=") or right != "str":
        raise ConditionError(f"{cond.field!r} is text: compare it with == or != and a quoted text")


def fields_of(cond: Condition) -> set[str]:
    if isinstance(cond, (All, AnyOf)):
        return set().union(*(fields_of(p) for p in cond.parts))
    names = {cond.field}
    if isinstance(cond, Compare):
        names |= expr_refs(cond.right)
    return names


def expr_refs(expr: Expr) -> set[str]:
    """The fact fields an expression reads."""
    if isinstance(expr, Ref):
        return {expr.name}
    if isinstance(expr, Arith):
        return expr_refs(expr.left) | expr_refs(expr.right)
    return set()


def describe(cond: Condition) -> str:
    """Back to the rule-file spelling (for `rules show` and --explain)."""
    if isinstance(cond, All):
        return " 且 ".join(f"({describe(p)})" if isinstance(p, AnyOf) else describe(p) for p in cond.parts)
    if isinstance(cond, AnyOf):
        return " 或 ".join(describe(p) for p in cond.parts)
    if isinstance(cond, Exists):
        return f"{cond.field} {'exists' if cond.present else 'missing'}"
    if cond.op == "==" and isinstance(cond.right, Lit) and isinstance(cond.right.value, bool):
        return cond.field if cond.right.value else f"not {cond.field}"
    return f"{cond.field} {cond.op} {_describe_expr(cond.right)}"


def _describe_expr(expr: Expr) -> str:
    if isinstance(expr, Ref):
        return expr.name
    if isinstance(expr, Lit):
        if expr.kind == "day" and isinstance(expr.value, int):
            return dt.date.fromordinal(expr.value).isoformat()
        if isinstance(expr.value, bool):
            return "true" if expr.value else "false"
        return repr(expr.value) if isinstance(expr.value, str) else str(expr.value)
    return f"{_describe_expr(expr.left)} {expr.op} {_describe_expr(expr.right)}"
