"""The durable engine writes each fact's JSON field by field: the very text the JSON encoder writes.

The C engine parses what it is sent; a different text (a field dropped, a number or a string
written otherwise) would change what the rules see without any other test noticing at once.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from differential_records import RecordGenerator, load_record, settings_profiles
from govcheck.engine import durable_problem

if durable_problem() is not None:  # Python 3.13, Windows: durable-rules does not install or run there
    pytest.skip(f"durable-rules unavailable: {durable_problem()}", allow_module_level=True)

from govcheck.engine.durable_engine import _fact_head, _prefixes, _to_json
from govcheck.facts.build import facts_for_record
from govcheck.loading.record import load_record as load_record_file
from govcheck.loading.settings import load_settings

REPO = Path(__file__).resolve().parent.parent


def _facts() -> list[dict[str, Any]]:
    examples = REPO / "examples" / "minutes"
    settings = load_settings(str(REPO / "examples" / "govcheck.yaml"))
    values = [
        fact.values
        for path in sorted(examples.glob("*.yaml"))
        for fact in facts_for_record(load_record_file(str(path)), settings)
    ]
    rng = random.Random(3)
    generator = RecordGenerator(rng, [dt.date(2023, 5, 12)])
    for name, profile in settings_profiles()[:3]:
        for n in range(40):
            record, _text = load_record(f"{name}-{n}.yaml", generator.record(profile))
            values += [fact.values for fact in facts_for_record(record, profile)]
    return values


def test_each_fact_is_sent_as_the_json_encoder_writes_it() -> None:
    facts = _facts()
    names = {name for values in facts for name in values} | {"never_present"}
    fields = _prefixes(names)
    odd = {"quote": 'a "b" \\ c\n\t', "control": "\x7f\x1f", "chinese": "张三、李四", "big": 10**30, "none": None}
    for index, values in enumerate([*facts, odd, {}]):
        fields_here = fields if values is not odd else _prefixes(set(odd))
        expected = {name: values[name] for name, _prefix in fields_here if name in values}
        expected |= {"kind": "item", "id": index, "cid": index, "sid": "s1"}
        written = _fact_head(values, fields_here, f'"kind":"item","id":{index},"cid":{index}') + ',"sid":"s1"}'
        assert written == _to_json(expected)
    assert len(facts) > 100
    assert any(isinstance(v, str) and not v.isascii() for values in facts for v in values.values())
