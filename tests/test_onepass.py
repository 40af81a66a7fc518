"""The one-pass reading of a record gives the record the long way gives, or leaves it to the long way.

``load_record`` reads a record in one pass over libyaml's events when it can vouch for it
(``loading/onepass.py``) and the long way (YAML tree, then the validator) otherwise. A user must
never see the difference: the same canonical values, types, lines and key lines for a record both
ways accept, and every record the long way refuses left to the long way, which words the error.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from differential_records import RecordGenerator, dump, settings_profiles
from govcheck.errors import InputProblems
from govcheck.loading import onepass, yamlsource
from govcheck.loading.onepass import read_valid_record
from govcheck.loading.record import load_record, validate_record
from govcheck.loading.schema import RECORD, Field
from govcheck.loading.yamlsource import YDict, YList, _plain_scalar, parse_yaml, text_problems

REPO = Path(__file__).resolve().parent.parent
# Text the mutations insert: what makes a record need the long way (tags, anchors, aliases, repeated keys,
# placeholders, full-width separators, empty required values, extensions, a second document) and plain
# YAML structure that may or may not break it.
INSERTS = [
    "&a ",
    "*a",
    "!!str ",
    "!!int ",
    "! ",
    "!!map ",
    "【姓名，例 张三】",
    "张三，李四",
    "、",
    "~",
    "null",
    "''",
    '""',
    "x_note: 1\n",
    "x_more: {a: 1, a: 2}\n",
    "id: 重复\n",
    "title: \n",
    "---\n",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "  ",
    "9" * 120,
    "2023-02-30",
    "1949-01-01",
    "2101-01-01",
    "true",
    "no",
    "０",
    "#",
    "? ",
    "\t",
    "\x07",
    "\ufeff",
]


def _canon(node: Any) -> Any:
    """Values with their exact types, and every container's lines and key lines."""
    if isinstance(node, YDict):
        return (
            "map",
            node.line,
            tuple((key, _canon(value)) for key, value in node.items()),
            tuple(sorted(node.lines.items())),
            tuple(sorted(node.key_lines.items())),
        )
    if isinstance(node, YList):
        return ("list", node.line, tuple(_canon(value) for value in node), tuple(node.lines))
    if isinstance(node, tuple):
        return ("tuple", tuple(_canon(value) for value in node))
    return (type(node).__name__, node)


def _long_way(text: str) -> YDict | None:
    try:
        return validate_record("r.yaml", parse_yaml("r.yaml", text))
    except InputProblems:
        return None


def _example_texts() -> list[str]:
    paths = sorted((REPO / "examples" / "minutes").rglob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in paths if p.name != "govcheck.yaml"]
    assert len(texts) >= 10
    return texts


def _generated_texts(count: int) -> list[str]:
    rng = random.Random(20261203)
    settings = settings_profiles()[0][1]
    generator = RecordGenerator(rng, [dt.date(2023, 5, 12), dt.date(2024, 8, 1)])
    return [dump(generator.record(settings)) for _ in range(count)]


def _mutations(texts: list[str], count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        text = rng.choice(texts)
        for _ in range(rng.choice((1, 1, 2))):
            at = rng.randrange(len(text) + 1)
            roll = rng.random()
            if roll < 0.6:
                text = text[:at] + rng.choice(INSERTS) + text[at:]
            elif roll < 0.8:
                text = text[:at] + text[at + rng.randint(1, 8) :]
            else:  # a line repeated (repeated keys, list entries) or removed (a required key)
                start = text.rfind("\n", 0, at) + 1
                end = text.find("\n", at) + 1 or len(text)
                text = text[:end] + text[start:end] + text[end:] if roll < 0.9 else text[:start] + text[end:]
        yield text


def _agree(text: str) -> tuple[bool, bool]:
    """(taken by the one pass, accepted by the long way); fails when they give different records."""
    one = read_valid_record(text)
    long = _long_way(text) if not text_problems("r.yaml", text) else None
    if one is not None:
        assert long is not None, f"the one pass took a record the long way refuses:\n{text}"
        assert _canon(one) == _canon(long), f"the two ways read this record differently:\n{text}"
    return one is not None, long is not None


def test_the_one_pass_takes_every_valid_example_and_generated_record_as_the_long_way_reads_it() -> None:
    texts = _example_texts() + _generated_texts(300)
    for text in texts:
        taken, valid = _agree(text)
        plain = not any(mark in text for mark in ("&", "*", "!", "x_"))
        if valid and plain:
            assert taken, f"the one pass left a plain, valid record to the long way:\n{text}"


@pytest.mark.parametrize("seed", range(4))
def test_mutated_records_read_the_same_either_way(seed: int) -> None:
    base = _example_texts() + _generated_texts(40)
    outcomes = [_agree(text) for text in _mutations(base, 600, seed)]
    taken = sum(one for one, _valid in outcomes)
    refused = sum(not valid for _one, valid in outcomes)
    assert taken > 30 and refused > 300  # both ways were really exercised


def test_the_pure_python_parser_reads_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    # The zipapp and a PyYAML without libyaml parse with PyYAML's own Python classes, whose reader
    # refuses some text as soon as it is made (not at the first event, as libyaml does).
    monkeypatch.setattr(onepass, "_Loader", yaml.SafeLoader)
    monkeypatch.setattr(yamlsource, "_Loader", yaml.SafeLoader)
    base = _example_texts() + _generated_texts(10)
    outcomes = [_agree(text) for text in _mutations(base, 300, 99)]
    assert sum(one for one, _valid in outcomes) > 10
    assert read_valid_record(base[0] + "# \x07\n") is None


def _field_names(spec: Field) -> Iterator[str]:
    for name, sub in spec.fields.items():
        yield name
        yield from _field_names(sub)
    if spec.item is not None:
        yield from _field_names(spec.item)


def test_no_field_name_is_read_by_yaml_as_a_number_date_null_or_yes_no() -> None:
    # The one pass takes a key as written because of this; a field named 1, null or true would need typing.
    names = set(_field_names(RECORD))
    assert len(names) > 50
    assert [name for name in sorted(names) if _plain_scalar(name) != name] == []


def test_load_record_says_what_the_long_way_says(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    text = _example_texts()[0]
    path.write_text(text.replace("govcheck: 1", "govcheck: 1\nx_note: &n 1", 1), encoding="utf-8")
    record = load_record(str(path), "r.yaml")  # an anchor: read the long way, the same values
    one = read_valid_record(text)
    assert one is not None and read_valid_record(path.read_text(encoding="utf-8")) is None
    assert record.data == one
    path.write_text(text.replace("govcheck: 1", "govcheck: 1\ngovcheck: 1", 1), encoding="utf-8")
    with pytest.raises(InputProblems) as raised:
        load_record(str(path), "r.yaml")
    repeated = text.split("\n").index("govcheck: 1") + 2
    assert raised.value.errors[0].line == repeated and "重复的键" in raised.value.errors[0].message.zh


MINIMAL = """govcheck: 1
unit: 某区规划建设管理署
meeting: {id: DZ-1, type: party_group, date: 2023-05-12}
items:
  - id: YT-1
    title: 关于某事的请示
    category: major_decision
"""


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        (("items:\n  - id: YT-1\n    title: 关于某事的请示\n    category: major_decision\n", "items: []\n"), False),
        (("    title: 关于某事的请示\n", ""), False),
        (("    title: 关于某事的请示\n", "    title:\n"), False),
        (("date: 2023-05-12", "date: 【日期，例 2023-05-12】"), False),
        (("category: major_decision", "category: []"), False),
        (("category: major_decision", "category: 【类别，例 重大事项决策】"), False),
        (("unit: 某区规划建设管理署", "unit: &u 某区规划建设管理署"), True),
        (("unit: 某区规划建设管理署", "unit: !!str 某区规划建设管理署"), True),
        (("govcheck: 1\n", "govcheck: 1\nx_local: {a: 1}\n"), True),
        (("govcheck: 1\n", "govcheck: 1\nx_local: {a: 1, a: 2}\n"), False),
        (("govcheck: 1\n", "govcheck: 1\nunit: 又一个\n"), False),
        (("govcheck: 1\n", "govcheck: 2\n"), False),
        (("    category: major_decision\n", "    category: major_decision\n---\ngovcheck: 1\n"), False),
    ],
)
def test_what_the_one_pass_leaves_to_the_long_way(change: tuple[str, str], valid: bool) -> None:
    assert read_valid_record(MINIMAL) is not None
    old, new = change
    assert old in MINIMAL
    text = MINIMAL.replace(old, new, 1)
    assert read_valid_record(text) is None
    assert (_long_way(text) is not None) == valid
