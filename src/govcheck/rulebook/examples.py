"""Run a rule's own pass/fail examples through the real loader, facts and engines.

Examples are patches over rules/example-base.yaml (a compliant record and its
settings); each is written out as YAML text and loaded exactly like a user's
file, so an example also proves the record format accepts it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from govcheck.engine import available_engines, make_engine
from govcheck.facts.build import facts_for_record
from govcheck.loading.record import Record, validate_record
from govcheck.loading.schema import SETTINGS, Validator
from govcheck.loading.settings import Settings, settings_from
from govcheck.loading.yamlsource import YDict, parse_yaml
from govcheck.rulebook.example import Example
from govcheck.rulebook.loader import BASE_EXAMPLE, rules_dir
from govcheck.rulebook.model import Rule

_DELETE = None


def merge(base: Any, patch: Any) -> Any:
    """Deep-merge mappings; lists and scalars replace; None deletes a key."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if value is _DELETE:
            out.pop(key, None)
        else:
            out[key] = merge(out.get(key), value)
    return out


def load_base(directory: Path | None = None) -> dict[str, Any]:
    path = (directory or rules_dir()) / BASE_EXAMPLE
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def example_documents(
    example: Example, base: dict[str, Any], patch: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(record, settings) as plain data; ``patch`` is one record of a corpus example."""
    if patch is not None:
        example = Example(
            example.passes,
            example.title,
            patch.get("meeting"),
            patch.get("item"),
            example.settings,
            "meeting" in patch and patch["meeting"] is None,
            example.line,
            example.variant,
        )
    record = copy.deepcopy(base["record"])
    settings = base.get("settings") or {}
    if example.variant is not None:
        variant = base["variants"][example.variant]
        if "meeting" in variant:
            record["meeting"] = merge(record["meeting"], variant["meeting"])
        if "item" in variant:
            record["items"][0] = merge(record["items"][0], variant["item"])
        settings = merge(settings, variant.get("settings") or {})
    if example.remove_meeting:
        record.pop("meeting", None)
    elif example.meeting is not None:
        record["meeting"] = merge(record["meeting"], example.meeting)
    if example.item is not None:
        record["items"][0] = merge(record["items"][0], example.item)
    settings = merge(settings, example.settings or {})
    return record, settings


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def load_example(
    rule: Rule, example: Example, base: dict[str, Any], patch: dict[str, Any] | None = None, part: int = 0
) -> tuple[Record, Settings]:
    record_data, settings_data = example_documents(example, base, patch)
    name = f"{rule.id}:{example.line}" + (f"#{part + 1}" if patch is not None else "")
    raw_settings = parse_yaml(name + ":settings", _dump(settings_data))
    validator = Validator(name + ":settings")
    checked = validator.check(SETTINGS, raw_settings, "", 1)
    if validator.errors or not isinstance(checked, YDict):
        raise ValueError(f"{name}: example settings invalid: {validator.errors[0].message.en}")
    data = validate_record(name, parse_yaml(name, _dump(record_data)))
    return Record(name, "", data), settings_from(None, checked)


@dataclass(frozen=True)
class ExampleOutcome:
    rule: str
    example: Example
    engine: str
    fired: bool

    @property
    def ok(self) -> bool:
        return self.fired != self.example.passes


def run_examples(
    rules: tuple[Rule, ...], engines: tuple[str, ...] | None = None, base: dict[str, Any] | None = None
) -> list[ExampleOutcome]:
    """Evaluate every example of every rule against all rules; report whether *its* rule fired."""
    base = base or load_base()
    outcomes: list[ExampleOutcome] = []
    built = {name: make_engine(rules, name) for name in (engines or available_engines())}
    for rule in rules:
        for example in rule.examples:
            if rule.raised_by == "waivers":
                for name, engine in built.items():
                    outcomes.append(ExampleOutcome(rule.id, example, name, _waiver_fires(rule, example, base, engine)))
                continue
            if rule.raised_by == "settings":
                fired = _settings_fires(rule, example, base)
                outcomes += [ExampleOutcome(rule.id, example, name, fired) for name in built]
                continue
            if example.records is not None:
                for name, engine in built.items():
                    outcomes.append(ExampleOutcome(rule.id, example, name, _corpus_fires(rule, example, base, engine)))
                continue
            record, settings = load_example(rule, example, base)
            facts = [f.values for f in facts_for_record(record, settings)]
            for name, engine in built.items():
                fired = any(rule_id == rule.id for rule_id, _index in engine.evaluate(facts))
                outcomes.append(ExampleOutcome(rule.id, example, name, fired))
    return outcomes


def _corpus_fires(rule: Rule, example: Example, base: dict[str, Any], engine: Any) -> bool:
    """A corpus example: several records checked together, as in a directory run."""
    from govcheck.pipeline import CorpusCollector  # the same collector as `validate DIR`

    collector = CorpusCollector((rule,))
    fired = False
    settings = None
    for part, patch in enumerate(example.records):
        record, settings = load_example(rule, example, base, patch or {}, part)
        facts = facts_for_record(record, settings)
        collector.add(record, facts)
        fired = fired or any(rule_id == rule.id for rule_id, _i in engine.evaluate([f.values for f in facts]))
    assert settings is not None
    payments = None
    if example.payments:
        from govcheck.facts.payments import payment_fact
        from govcheck.ledger.payments import payment_rows

        payments = [payment_fact(row, settings) for row in payment_rows(example.payments, f"{rule.id}:{example.line}")]
    return fired or any(f.check == rule.id for f in collector.findings(engine, settings, payments=payments))


def _settings_fires(rule: Rule, example: Example, base: dict[str, Any]) -> bool:
    """A settings example: the checks on the example's unit settings (no engine: nothing per item)."""
    from govcheck.findings.settings_checks import settings_findings

    _record, settings = load_example(rule, example, base)
    return any(f.check == rule.id for f in settings_findings(settings, {rule.id: rule}))


def _waiver_fires(rule: Rule, example: Example, base: dict[str, Any], engine: Any) -> bool:
    """A waiver example: the record's findings with the example's waivers applied on base['as_of']."""
    from govcheck.findings.build import make_finding
    from govcheck.findings.waivers import apply_waivers
    from govcheck.rulebook.loader import load_rules

    every = {r.id: r for r in load_rules()}
    record, settings = load_example(rule, example, base)
    facts = facts_for_record(record, settings)
    full = make_engine(tuple(every.values()), engine.name)  # the findings a waiver may cover come from all rules
    findings = [
        make_finding(every[rule_id], facts[i], settings) for rule_id, i in full.evaluate([f.values for f in facts])
    ]
    checked = {f.item_id for f in facts} | {f.meeting_id for f in facts if f.meeting_id}
    waived = apply_waivers(findings, settings, every, base["as_of"], checked, corpus_run=False)
    return any(f.check == rule.id for f in waived)
