"""The validator's shortcut for plainly right values gives what the full check gives, or stands aside.

``Field.quick`` skips the full check for the values nearly every record holds; a value it takes
must come out exactly as the full check (``Validator.check``) would make it, without an error,
and a value with something to say (a placeholder, blank text, a full-width separator in a name,
a date out of range) must be left to the full check and its message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from govcheck.loading import schema
from govcheck.loading.schema import QUICK_MISS, RECORD, SETTINGS, Field, Validator
from govcheck.loading.yamlsource import YDict, YList, parse_yaml

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

EDGE_VALUES: list[object] = [
    "",
    " ",
    "\u3000",
    "张三",
    " 张三 ",
    "张三，李四",
    "张三、李四",
    "【姓名，例 张三】",
    "【未填】",
    "关于【某事】的请示",
    "agree",
    " agree",
    "AGREE",
    "同意",
    "party_group",
    "党组会议",
    "true",
    "是",
    "2023-05-12",
    "2023年5月12日",
    "05",
    "3",
    True,
    False,
    0,
    1,
    -1,
    10**9,
    10**9 + 1,
    dt.date(2023, 5, 12),
    dt.date(1949, 1, 1),
    dt.date(1948, 12, 31),
    dt.date(2100, 12, 31),
    dt.date(2101, 1, 1),
    dt.datetime(2023, 5, 12, 9, 30),
    None,
]


def _fields(spec: Field, seen: set[int] | None = None) -> Iterator[Field]:
    seen = set() if seen is None else seen
    if id(spec) in seen:
        return
    seen.add(id(spec))
    yield spec
    for sub in spec.fields.values():
        yield from _fields(sub, seen)
    if spec.item is not None:
        yield from _fields(spec.item, seen)


def _scalars(node: object) -> Iterator[object]:
    if isinstance(node, YDict):
        for value in node.values():
            yield from _scalars(value)
    elif isinstance(node, YList):
        for value in node:
            yield from _scalars(value)
    else:
        yield node


def _example_values() -> list[object]:
    found: list[object] = []
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        found += _scalars(parse_yaml(str(path), path.read_text(encoding="utf-8")))
    return found


QUICK_FIELDS = [f for top in (RECORD, SETTINGS, schema.PRINCIPAL_TERMS) for f in _fields(top) if f.quick is not None]
VALUES = EDGE_VALUES + _example_values()


def test_the_shortcut_covers_the_common_kinds() -> None:
    kinds = {f.kind for f in QUICK_FIELDS}
    assert {"text", "name", "date", "bool", "count", "enum"} <= kinds
    assert len(VALUES) > 200  # the examples' own values are part of the sample


@pytest.mark.parametrize("spec", QUICK_FIELDS, ids=lambda f: f"{f.kind}:{f.doc.en[:40]}")
def test_a_value_the_shortcut_takes_is_what_the_full_check_makes_of_it(spec: Field) -> None:
    assert spec.quick is not None
    taken = 0
    own = [w for a in spec.enum.aliases for w in (a, f" {a}", a.upper())] if spec.enum is not None else []
    for value in VALUES + own:
        quick = spec.quick(value)
        if quick is QUICK_MISS:
            continue
        taken += 1
        validator = Validator("r.yaml")
        full = validator.check(spec, value, "key", 3)
        assert validator.errors == [], (spec.kind, value)
        assert (type(quick), quick) == (type(full), full), (spec.kind, value)
    assert taken, f"the shortcut took none of the sample values for {spec.kind}"


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("text", "【标题，例 关于某事的请示】"),
        ("text", "   "),
        ("name", "张三，李四"),
        ("name", "张三、李四"),
        ("date", dt.date(1948, 12, 31)),
        ("date", dt.datetime(2023, 5, 12, 9, 30)),
        ("count", -1),
        ("count", 10**9 + 1),
        ("count", True),
        ("bool", "是"),
        ("enum", " agree"),
    ],
)
def test_a_value_with_something_to_say_takes_the_full_check(kind: str, value: object) -> None:
    spec = next(f for f in QUICK_FIELDS if f.kind == kind)
    assert spec.quick is not None
    assert spec.quick(value) is QUICK_MISS
