"""Differential tests: the durable-rules engine and the plain-Python engine must agree.

Both evaluate the same parsed conditions; any difference is a bug in the
durable compiler, in durable-rules itself or in the plain evaluation. Four
sources of input:

1. generated decision records (tests/differential_records.py), read by the
   real loader and turned into facts under several unit settings;
2. generated facts drawn straight from FIELDS, steered into each rule and
   put at the boundary of every comparison in every rule (right−1, right, right+1,
   and with either side missing);
3. generated record directories with colliding ids, emergencies reported to
   present, absent and earlier meetings, and split purchases, through the
   CorpusCollector of a directory run;
4. hand-written conditions covering the whole condition language;
and, last, integers at the edge of 64 bits, where durable-rules stops computing as Python does.

Everything is seeded: set GOVCHECK_DIFF_SEED to explore other seeds and
GOVCHECK_DIFF_SCALE (e.g. 10) for longer runs; a failure names its seed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import operator
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from govcheck.engine import durable_problem

if durable_problem() is not None:  # Python 3.13, Windows: durable-rules does not install or run there
    pytest.skip(
        f"durable-rules unavailable, nothing to compare the plain engine with: {durable_problem()}",
        allow_module_level=True,
    )

from differential_records import (
    RecordGenerator,
    corpus_records,
    dump,
    load_record,
    load_settings,
    settings_document,
    settings_profiles,
)
from govcheck.engine import durable_engine, plain_engine
from govcheck.engine.durable_engine import DurableEngine
from govcheck.engine.plain_engine import PlainEngine, holds
from govcheck.errors import InputProblems
from govcheck.facts.build import facts_for_record
from govcheck.facts.fields import FIELDS
from govcheck.i18n import Text
from govcheck.loading.settings import Settings
from govcheck.loading.values import MAX_AMOUNT, MAX_COUNT
from govcheck.pipeline import CorpusCollector, check_paths
from govcheck.rulebook.conditions import (
    NUMERIC,
    All,
    AnyOf,
    Arith,
    Compare,
    Condition,
    Exists,
    Expr,
    Lit,
    Ref,
    check_condition,
    expr_refs,
    fields_of,
    parse_condition,
)
from govcheck.rulebook.loader import load_rules
from govcheck.rulebook.model import Rule

SEED = int(os.environ.get("GOVCHECK_DIFF_SEED", "20240801"))
SCALE = max(1, int(os.environ.get("GOVCHECK_DIFF_SCALE", "1")))
BATCH = 512  # facts per engine session, as in a real run
RULES = load_rules()
PER_ITEM = tuple(rule for rule in RULES if rule.per_item)

Fact = dict[str, Any]


@cache
def engines(rules: tuple[Rule, ...] = RULES) -> tuple[DurableEngine, PlainEngine]:
    return DurableEngine(rules), PlainEngine(rules)


def _batches(facts: list[Fact]) -> Iterator[tuple[int, list[Fact]]]:
    for start in range(0, len(facts), BATCH):
        yield start, facts[start : start + BATCH]


def both(facts: list[Fact], rules: tuple[Rule, ...] = RULES) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """(durable, plain) matches over all facts, evaluated in batches of BATCH."""
    durable, plain = engines(rules)
    fired_d: set[tuple[str, int]] = set()
    fired_p: set[tuple[str, int]] = set()
    for start, batch in _batches(facts):
        fired_d |= {(rule_id, start + i) for rule_id, i in durable.evaluate(batch)}
        fired_p |= {(rule_id, start + i) for rule_id, i in plain.evaluate(batch)}
    return fired_d, fired_p


class EnginesDisagree(AssertionError):
    """Raised only for a difference between the engines (known ones are xfail(raises=EnginesDisagree))."""


def _show(fact: Fact) -> str:
    return json.dumps(dict(sorted(fact.items())), ensure_ascii=False)


def assert_agree(facts: list[Fact], origin: list[str], rules: tuple[Rule, ...] = RULES) -> set[tuple[str, int]]:
    """Fail with the first differing fact, both results and where the fact came from."""
    fired_d, fired_p = both(facts, rules)
    if fired_d != fired_p:
        rule_id, index = min(fired_d ^ fired_p, key=lambda m: (m[1], m[0]))
        differing = len({i for _r, i in fired_d ^ fired_p})
        raise EnginesDisagree(
            f"engines disagree on {differing} of {len(facts)} facts (seed {SEED}); first: rule {rule_id} "
            f"durable={'fires' if (rule_id, index) in fired_d else 'silent'} "
            f"plain={'fires' if (rule_id, index) in fired_p else 'silent'}\n"
            f"fact: {_show(facts[index])}\nfrom: {origin[index]}"
        )
    return fired_d


def atoms(cond: Condition) -> list[Compare | Exists]:
    if isinstance(cond, (All, AnyOf)):
        return [atom for part in cond.parts for atom in atoms(part)]
    return [cond]


def _contains(cond: Condition, atom: Condition) -> bool:
    if cond is atom:
        return True
    return isinstance(cond, (All, AnyOf)) and any(_contains(p, atom) for p in cond.parts)


def _compute(expr: Expr, fact: Fact) -> Any:
    if isinstance(expr, Lit):
        return expr.value
    if isinstance(expr, Ref):
        return fact[expr.name]
    left, right = _compute(expr.left, fact), _compute(expr.right, fact)
    return left + right if expr.op == "+" else left - right if expr.op == "-" else left * right


# ======================================================== 1. generated records


def landmarks(rules: tuple[Rule, ...] = RULES) -> list[dt.date]:
    """Every date a rule compares with (date literals and effective dates)."""
    days: set[int] = set()

    def walk(cond: Condition) -> None:
        if isinstance(cond, (All, AnyOf)):
            for part in cond.parts:
                walk(part)
        elif isinstance(cond, Compare) and FIELDS[cond.field].type == "day":
            days.update(lit.value for lit in _lits(cond.right) if isinstance(lit.value, int))

    for rule in rules:
        if rule.applies is not None and rule.fails is not None:
            walk(rule.condition())
        for join in rule.joins:
            if join.when is not None:
                walk(join.when)
    return sorted(dt.date.fromordinal(d) for d in days)


def _lits(expr: Expr) -> list[Lit]:
    if isinstance(expr, Lit):
        return [expr]
    if isinstance(expr, Arith):
        return _lits(expr.left) + _lits(expr.right)
    return []


@dataclass
class RecordRun:
    facts: list[Fact] = field(default_factory=list)
    origin: list[str] = field(default_factory=list)
    records: int = 0
    profiles: set[str] = field(default_factory=set)


@cache
def record_run() -> RecordRun:
    rng = random.Random(SEED)
    generator = RecordGenerator(rng, landmarks())
    profiles = settings_profiles()
    run = RecordRun()
    for n in range(300 * SCALE):
        name, settings = profiles[n % len(profiles)]
        data = generator.record(settings)
        record, text = load_record(f"gen-{n}.yaml", data)
        facts = facts_for_record(record, settings)
        run.records += 1
        run.profiles.add(name)
        for fact in facts:
            run.facts.append(fact.values)
            run.origin.append(f"record gen-{n}.yaml (settings {name}, seed {SEED}):\n{text}")
    return run


def test_generated_records_agree() -> None:
    run = record_run()
    assert run.records >= 300 and len(run.facts) >= 450
    assert_agree(run.facts, run.origin)


def test_generated_records_exercise_every_rule() -> None:
    """Each per-item rule fires at least once, and stays silent at least once on an item it applies to."""
    run = record_run()
    fired, _plain = both(run.facts)
    never_fired = [r.id for r in PER_ITEM if r.id not in {rule_id for rule_id, _i in fired}]
    never_silent = [
        r.id
        for r in PER_ITEM
        if not any((r.id, i) not in fired and holds(_in_scope(r), fact) for i, fact in enumerate(run.facts))
    ]
    assert never_fired == [], f"the record generator never triggers {never_fired}"
    assert never_silent == [], f"the record generator never passes {never_silent} where they apply"


def test_generated_records_hit_every_boundary() -> None:
    """For each comparison of a number or date in a per-item rule, the records put its fact at right−1,
    right and right+1 (where a count can go that low)."""
    run = record_run()
    missed: list[str] = []
    for rule in PER_ITEM:
        for atom in atoms(rule.condition()):
            if not isinstance(atom, Compare) or FIELDS[atom.field].type not in NUMERIC:
                continue
            wanted = {-1, 0, 1}
            if isinstance(atom.right, Lit) and FIELDS[atom.field].type == "int" and atom.right.value == 0:
                wanted.discard(-1)  # a count is never negative
            seen = {
                fact[atom.field] - _compute(atom.right, fact)
                for fact in run.facts
                if atom.field in fact and all(name in fact for name in expr_refs(atom.right))
            }
            if not wanted <= seen:
                missed.append(f"{rule.id}: {atom.field} {atom.op} {atom.right} (seen {sorted(wanted & seen)})")
    assert missed == [], "\n".join(missed)


_OFF_BY_ONE = {
    "<": operator.le,
    "<=": operator.lt,
    ">": operator.ge,
    ">=": operator.gt,
    "==": operator.ne,
    "!=": operator.eq,
}
_RULE_OPS = sorted({a.op for r in PER_ITEM for a in atoms(r.condition()) if isinstance(a, Compare)})


@pytest.mark.parametrize("op", _RULE_OPS)
def test_generated_records_catch_an_off_by_one(op: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness is sensitive: a plain engine whose OP is off by one disagrees on the generated records."""
    run = record_run()
    fired, _plain = both(run.facts)
    monkeypatch.setitem(plain_engine._OPS, op, _OFF_BY_ONE[op])
    mutant = PlainEngine(RULES)
    broken = {(rule_id, start + i) for start, batch in _batches(run.facts) for rule_id, i in mutant.evaluate(batch)}
    assert broken != fired, f"a plain engine with {op} off by one agreed on every generated record"


def _in_scope(rule: Rule) -> Condition:
    """The rule's condition without its ``fails`` part: it applies, is in force, is on the right item."""
    cond = rule.condition()
    assert isinstance(cond, All)
    return All(cond.parts[:-1])


def test_record_generator_varies_settings() -> None:
    run = record_run()
    assert len(run.profiles) >= 6
    facts = run.facts
    assert any(f["has_roster"] for f in facts) and any(not f["has_roster"] for f in facts)
    assert any("large_fund_threshold" in f for f in facts) and any("large_fund_threshold" not in f for f in facts)
    assert any(not f["has_meeting"] for f in facts) and any(f.get("meeting_type") == "circulation" for f in facts)
    assert any("decision_day" not in f for f in facts)


# ======================================================== 2. generated facts


class FactMaker:
    """Random facts typed as FIELDS says, and facts steered into a condition with one atom at its boundary."""

    SMALL = (-1, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12)
    LARGE = (499_999, 500_000, 500_001, 3_999_999, 4_000_000, 4_000_001, 2**31 - 1, 2**31, 2**32 + 1)
    TEXTS = (
        "x",
        "open_tender",
        "exception",
        "non_compliant",
        "lawful",
        "unlawful",
        "agree",
        "",
        "HY-1",
        "open_tender ",
        "OPEN_TENDER",
        "公开招标",
        'quo"te',
        "back\\slash",
    )

    def __init__(self, rng: random.Random, rules: tuple[Rule, ...]) -> None:
        self.rng = rng
        self.anchors: dict[str, set[Any]] = {}
        self.days = [d.toordinal() for d in landmarks(rules)] or [dt.date(2023, 5, 12).toordinal()]
        for rule in rules:
            conds = [rule.condition()] if rule.applies is not None and rule.fails is not None else []
            conds += [j.when for j in rule.joins if j.when is not None]
            for atom in (a for c in conds for a in atoms(c)):
                if isinstance(atom, Compare) and isinstance(atom.right, Lit):
                    value = atom.right.value
                    if isinstance(value, bool):
                        continue
                    near = {value} if isinstance(value, str) else {value - 1, value, value + 1}
                    self.anchors.setdefault(atom.field, set()).update(near)
        self.center = self.days[0]

    def value(self, name: str) -> Any:
        rng = self.rng
        kind = FIELDS[name].type
        anchors = sorted(self.anchors.get(name, ()), key=str)
        if kind == "bool":
            return rng.random() < 0.5
        if anchors and rng.random() < 0.4:
            return rng.choice(anchors)
        if kind == "day":
            return self.center + rng.randint(-3, 3)
        if kind == "int":
            return rng.choice(self.LARGE) if rng.random() < 0.2 else rng.choice(self.SMALL)
        if kind == "names":
            return rng.choice(("", "张三", "张三、李四"))
        return rng.choice(self.TEXTS)

    def random_fact(self) -> Fact:
        """Bools always present; numbers, dates and texts present three times in four."""
        self.center = self.rng.choice(self.days) + self.rng.randint(-1, 1)
        fact: Fact = {}
        for name, spec in FIELDS.items():
            if spec.type == "label":
                continue
            if spec.type == "bool" or self.rng.random() < 0.75:
                fact[name] = self.value(name)
        return fact

    def _ensure(self, expr: Expr, fact: Fact) -> Any:
        for name in sorted(expr_refs(expr)):
            if name not in fact:
                fact[name] = self.value(name)
        return _compute(expr, fact)

    def satisfy(self, cond: Condition, fact: Fact, skip: Condition) -> None:
        """Make ``cond`` likely to hold, leaving the atom ``skip`` to the boundary."""
        if cond is skip:
            return
        if isinstance(cond, All):
            for part in sorted(cond.parts, key=lambda p: _contains(p, skip)):
                self.satisfy(part, fact, skip)
        elif isinstance(cond, AnyOf):
            chosen = [p for p in cond.parts if _contains(p, skip)] or [self.rng.choice(cond.parts)]
            self.satisfy(chosen[0], fact, skip)
        elif isinstance(cond, Exists):
            if cond.present:
                fact.setdefault(cond.field, self.value(cond.field))
            else:
                fact.pop(cond.field, None)
        elif isinstance(cond.right, Lit) and isinstance(cond.right.value, (bool, str)):
            same = cond.op == "=="
            if isinstance(cond.right.value, bool):
                fact[cond.field] = cond.right.value if same else not cond.right.value
            else:
                fact[cond.field] = cond.right.value if same else cond.right.value + "-other"
        else:
            right = self._ensure(cond.right, fact)
            fact[cond.field] = right + {"==": 0, "<=": 0, ">=": 0, "<": -1, ">": 1, "!=": 1}[cond.op]

    def boundary(self, atom: Compare | Exists, fact: Fact, variant: int) -> None:
        """Put ``atom`` at variant 0..4: right−1, right, right+1, its field missing, a fact it reads missing."""
        if isinstance(atom, Exists) or FIELDS[atom.field].type == "bool":
            if variant == 3 or (isinstance(atom, Exists) and variant % 2):
                fact.pop(atom.field, None)
            else:
                fact[atom.field] = self.value(atom.field) if isinstance(atom, Exists) else variant == 1
            return
        if isinstance(atom.right, Lit) and isinstance(atom.right.value, str):
            options = (atom.right.value, atom.right.value + " ", None, None, "")
            if options[variant] is None:
                fact.pop(atom.field, None)
            else:
                fact[atom.field] = options[variant]
            return
        right = self._ensure(atom.right, fact)
        if variant < 3:
            fact[atom.field] = right + variant - 1
        elif variant == 3:
            fact.pop(atom.field, None)
        else:
            refs = sorted(expr_refs(atom.right))
            fact[atom.field] = right
            if refs:
                fact.pop(self.rng.choice(refs), None)

    def steered(self, cond: Condition, atom: Compare | Exists, variant: int) -> Fact:
        fact = self.random_fact()
        self.satisfy(cond, fact, atom)
        self.boundary(atom, fact, variant)
        return fact


def generated_facts(rng: random.Random, rules: tuple[Rule, ...], rounds: int) -> tuple[list[Fact], list[str]]:
    maker = FactMaker(rng, rules)
    facts: list[Fact] = []
    origin: list[str] = []
    for _ in range(rounds):
        for rule in rules:
            if not rule.per_item:
                continue
            cond = rule.condition()
            for k, atom in enumerate(atoms(cond)):
                for variant in range(5):
                    facts.append(maker.steered(cond, atom, variant))
                    origin.append(f"{rule.id}: atom {k} ({atom}) at boundary variant {variant}")
        for _n in range(300):
            facts.append(maker.random_fact())
            origin.append("random fact")
    return facts, origin


def test_empty_and_clean_batches_agree() -> None:
    """No facts, and facts no rule matches: nothing, from both (durable must survive such sessions)."""
    durable, plain = engines()
    clean = [
        {"item_id": f"X{n}", **{name: False for name, spec in FIELDS.items() if spec.type == "bool"}} for n in range(3)
    ]
    for facts in ([], clean[:1], clean):
        assert durable.evaluate(facts) == plain.evaluate(facts) == set()
        assert durable.evaluate_corpus([{"kind": "item", **f} for f in facts]) == set()
        assert plain.evaluate_corpus([{"kind": "item", **f} for f in facts]) == set()


def test_generated_facts_agree() -> None:
    facts, origin = generated_facts(random.Random(SEED + 1), RULES, rounds=2 * SCALE)
    assert len(facts) > 2000
    fired = assert_agree(facts, origin)
    # The steering reaches every rule, so the boundaries are tested where they matter.
    assert {r.id for r in PER_ITEM} <= {rule_id for rule_id, _i in fired}


@pytest.mark.parametrize("bucket", [None, 3], ids=["one-bucket", "buckets-of-3"])
def test_generated_corpus_facts_agree(bucket: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Raw cross-record matches (rule, join, fact, other fact) on random items and meetings with few ids,
    half the items steered to the boundary of a comparison in a cross-record rule or join; with durable's
    cross-record sessions as large as in a run, and split into buckets of 3 facts."""
    if bucket is not None:
        monkeypatch.setattr(durable_engine, "BUCKET_FACTS", bucket)
    rng = random.Random(SEED + 2)
    maker = FactMaker(rng, RULES)
    durable, plain = engines()
    ids = ("M1", "M2", "M3", "I1", "I2")
    conds = [r.condition() for r in RULES if r.corpus and r.fails is not None]
    conds += [j.when for r in RULES for j in r.joins if j.when is not None]
    targets = [(cond, atom) for cond in conds for atom in atoms(cond)]
    seen: set[str] = set()
    for batch in range(60 * SCALE):
        facts: list[Fact] = []
        for _ in range(rng.randint(1, 25)):
            if rng.random() < 0.3:
                facts.append(
                    {"kind": "meeting", "meeting_id": rng.choice(ids), "meeting_day": maker.value("meeting_day")}
                )
                continue
            fact = {"kind": "item", **maker.random_fact()}
            for name in ("item_id", "meeting_id", "reported_at"):
                if name in fact or rng.random() < 0.5:
                    fact[name] = rng.choice(ids)
            if rng.random() < 0.5:
                cond, atom = rng.choice(targets)
                maker.satisfy(cond, fact, atom)
                maker.boundary(atom, fact, rng.randrange(5))
            facts.append(fact)
        found_d, found_p = durable.evaluate_corpus(facts), plain.evaluate_corpus(facts)
        assert found_d == found_p, (
            f"batch {batch} (seed {SEED}): durable only {sorted(found_d - found_p)}, plain only "
            f"{sorted(found_p - found_d)}\nfacts: " + "\n".join(_show(f) for f in facts)
        )
        seen |= {f"{rule_id}${join}" for rule_id, join, _i, _o in found_d}
    assert seen >= {
        "REC-DUPLICATE-ID$0",
        "REC-DUPLICATE-ID$1",
        "TIOL-EMERGENCY-REPORTED$0",
        "TIOL-EMERGENCY-REPORTED$1",
        "PROC-NO-SPLITTING$-1",
        "PROC-SPLIT-TENDER$-1",
    }, seen


# ======================================================== 3. record directories


class _Recording:
    """An engine as the CorpusCollector sees it, keeping its raw cross-record matches."""

    def __init__(self, engine: DurableEngine | PlainEngine) -> None:
        self.engine = engine
        self.name = engine.name
        self.matches: set[tuple[str, int, int, int]] = set()
        self.reported_later = False  # an emergency reported to a meeting in the run, held afterwards

    def evaluate(self, facts: list[Fact]) -> set[tuple[str, int]]:
        return self.engine.evaluate(facts)

    def evaluate_corpus(self, facts: list[Fact]) -> set[tuple[str, int, int, int]]:
        self.matches = self.engine.evaluate_corpus(facts)
        return self.matches


def _directory(
    records: list[tuple[str, dict[str, Any]]], settings: Settings, engine: DurableEngine | PlainEngine
) -> tuple[set[tuple[str, str, int, str]], _Recording]:
    collector = CorpusCollector(RULES)  # fresh facts per engine: the collector adds splitting groups to them
    for name, data in records:
        record, _text = load_record(name, data)
        collector.add(record, facts_for_record(record, settings))
    recording = _Recording(engine)
    findings = collector.findings(recording, settings)
    recording.reported_later = any(
        f.values.get("reported_meeting_day", 0) > f.values.get("emergency_day", 10**9) for f in collector.items
    )
    return {(f.check, f.path, f.line, f.item) for f in findings}, recording


@pytest.mark.parametrize("bucket", [None, 4], ids=["one-bucket", "buckets-of-4"])
def test_generated_directories_agree(bucket: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Directories of 5–30 records: the same cross-record findings, from the same raw matches
    (durable's cross-record sessions as in a run, and split into buckets of 4 facts)."""
    if bucket is not None:
        monkeypatch.setattr(durable_engine, "BUCKET_FACTS", bucket)
    rng = random.Random(SEED + 3)
    profiles = settings_profiles()
    with_large_fund = [(n, s) for n, s in profiles if s.large_fund is not None]
    durable_eng, plain_eng = engines()
    joins: set[str] = set()
    total = findings = reported_later = 0
    for directory in range(12 * SCALE):
        # Mostly settings with a large_fund threshold (splitting needs one), now and then any.
        name, settings = (
            profiles[directory // 4 % len(profiles)]
            if directory % 4 == 0
            else with_large_fund[directory % len(with_large_fund)]
        )
        size = rng.randint(5, 30)
        records = [
            (f"dir{directory}/r{i:02d}.yaml", data)
            for i, data in enumerate(corpus_records(rng, landmarks(), size, settings))
        ]
        durable, raw_d = _directory(records, settings, durable_eng)
        plain, raw_p = _directory(records, settings, plain_eng)
        assert (durable, raw_d.matches) == (plain, raw_p.matches), (
            f"directory {directory} (settings {name}, seed {SEED}): durable only {sorted(durable - plain)} "
            f"{sorted(raw_d.matches - raw_p.matches)}, plain only {sorted(plain - durable)} "
            f"{sorted(raw_p.matches - raw_d.matches)}\n" + "\n".join(f"--- {n}\n{dump(d)}" for n, d in records)
        )
        joins |= {f"{rule_id}${join}" for rule_id, join, _i, _o in raw_d.matches}
        total += size
        findings += len(durable)
        reported_later += raw_d.reported_later
    assert total >= 150 and findings >= 100 and reported_later >= 2
    # Duplicate items and meetings; emergencies reported to an absent and to an earlier meeting; splitting.
    assert joins == {
        "REC-DUPLICATE-ID$0",
        "REC-DUPLICATE-ID$1",
        "TIOL-EMERGENCY-REPORTED$0",
        "TIOL-EMERGENCY-REPORTED$1",
        "PROC-NO-SPLITTING$-1",
        "PROC-SPLIT-TENDER$-1",
    }, joins


def test_directory_run_agrees_end_to_end(tmp_path: Path) -> None:
    """One generated directory on disk through `validate DIR`'s pipeline: per-item and corpus findings alike."""
    rng = random.Random(SEED + 4)
    _name, settings = settings_profiles()[2]
    (tmp_path / "govcheck.yaml").write_text(dump(settings_document(settings)), encoding="utf-8")
    folder = tmp_path / "minutes"
    folder.mkdir()
    for i, data in enumerate(corpus_records(rng, landmarks(), 25, settings)):
        (folder / f"r{i:02d}.yaml").write_text(dump(data), encoding="utf-8")
    results = {engine: check_paths([str(folder)], engine_name=engine) for engine in ("durable", "plain")}
    loaded = results["durable"].settings  # found above the records, as users keep it
    assert (loaded.principal, loaded.roster, loaded.large_fund, loaded.open_tender, loaded.notice_days) == (
        settings.principal,
        settings.roster,
        settings.large_fund,
        settings.open_tender,
        settings.notice_days,
    )
    for result in results.values():
        assert not result.has_input_errors, [e.message.en for e in result.problems] + [
            e.message.en for f in result.files for e in f.errors
        ]
    found = {
        engine: {(f.check, f.path, f.line, f.item, f.message.en) for f in r.findings} for engine, r in results.items()
    }
    assert found["durable"] == found["plain"], (
        sorted(found["durable"] - found["plain"]),
        sorted(found["plain"] - found["durable"]),
    )
    assert len(found["durable"]) > 20


# ======================================================== 4. the condition language

CONDITIONS: list[Any] = [
    "is_tiol",
    "not has_meeting",
    "has_meeting == true",
    "has_meeting != false",
    "is_adopted != true",
    "amount exists",
    "amount missing",
    "procurement_method missing",
    "procurement_method == 'open_tender'",
    "procurement_method != 'open_tender'",
    'fcr_conclusion == "exception"',
    "pp_days < 30",
    "pp_days <= 30",
    "pp_days == 30",
    "pp_days != 30",
    "pp_days >= 30",
    "pp_days > 30",
    "30 > pp_days",
    "pp_days > 0 - 1",
    "pp_days > 2 * 3 - notice_days",
    "pp_days > 0 - notice_days",
    "pp_days > notice_days - 3",
    "legality_working_days < 7",
    "7 <= legality_working_days",
    "amount >= large_fund_threshold",
    "large_fund_threshold <= amount",
    "present_count * 2 <= members_count",
    "2 * vote_for > members_count",
    "members_count >= vote_for * 2",
    "present_count * 2 + 1 <= members_count",
    "vote_total > present_count - present_recused_count",
    "present_count - present_recused_count - 1 < vote_total",
    "vote_for - vote_against >= vote_abstain",
    "vote_for * vote_for > members_count",
    "present_count < 10 - opinions_count",
    "present_count >= opinions_count * 0",
    "executed_day < meeting_day",
    "meeting_day == decision_day",
    "meeting_day != decision_day",
    "meeting_day <= meeting_day",
    "materials_sent_day > meeting_day - notice_days",
    "meeting_day - notice_days < materials_sent_day",
    "materials_sent_day < meeting_day + 3",
    "decision_day >= 2024-08-01",
    "decision_day < 2016-06-14",
    "2019-09-01 <= decision_day",
    "decision_day > notice_days + 2024-08-01",
    "decision_day > 2024-08-01 + 30",
    "decision_day <= 2024-08-01 - notice_days",
    ["is_tiol", "has_meeting", "present_count * 2 <= members_count"],
    {"any": ["not has_legality_completed", "legality_completed_day > meeting_day", "legality_unlawful"]},
    {"any": [{"all": ["pp_days < 30", "not has_shortened_reason"]}, "pp_days missing"]},
    {"all": [{"any": ["decision_day missing", "decision_day < 2019-09-01"]}, {"any": ["amount exists", "is_tiol"]}]},
    {"any": [{"all": [{"any": ["pp_days == 29", "pp_days == 31"]}, "amount missing"]}, "decision_day == 2024-08-01"]},
    ["procurement_method missing", "pp_days != 30"],
]

# Values tried for each kind of field: around every literal above and a shared date.
_DAY = dt.date(2024, 8, 1).toordinal()
_VALUES: dict[str, tuple[Any, ...]] = {
    "int": (0, 1, 2, 3, 4, 6, 7, 8, 29, 30, 31, 500_000, 500_001),
    "day": (
        dt.date(2016, 6, 13).toordinal(),
        dt.date(2016, 6, 14).toordinal(),
        dt.date(2019, 8, 31).toordinal(),
        dt.date(2019, 9, 1).toordinal(),
        _DAY - 2,
        _DAY - 1,
        _DAY,
        _DAY + 1,
        _DAY + 30,
        _DAY + 31,
    ),
    "str": ("open_tender", "exception", "single_source", "", "Open_Tender"),
}


def _language_rules() -> tuple[Rule, ...]:
    rules = []
    for n, raw in enumerate(CONDITIONS):
        cond = parse_condition(raw)
        check_condition(cond)
        rules.append(
            Rule(
                f"LANG-{n:02d}",
                "records",
                Text("语言", "language"),
                "error",
                (),
                Exists("item_id", True),
                cond,
                (),
                Text("", ""),
            )
        )
    return tuple(rules)


def _facts_for(cond: Condition, rng: random.Random, limit: int = 400) -> list[Fact]:
    """Every combination of present/absent and boundary values of the fields a condition reads (sampled when many)."""
    names = sorted(fields_of(cond))
    choices: list[tuple[Any, ...]] = []
    for name in names:
        kind = FIELDS[name].type
        choices.append((True, False) if kind == "bool" else (None, *_VALUES[kind]))
    combos = (
        list(itertools.product(*choices))
        if _product(choices) <= limit
        else [tuple(rng.choice(c) for c in choices) for _ in range(limit)]
    )
    combos += [tuple(c[0] for c in choices), tuple(c[-1] for c in choices)]
    return [{"item_id": "X", **{n: v for n, v in zip(names, combo, strict=True) if v is not None}} for combo in combos]


def _product(choices: list[tuple[Any, ...]]) -> int:
    total = 1
    for c in choices:
        total *= len(c)
    return total


def test_condition_language_agrees() -> None:
    rules = _language_rules()
    rng = random.Random(SEED + 5)
    facts: list[Fact] = []
    origin: list[str] = []
    for rule in rules:
        assert rule.fails is not None
        for fact in _facts_for(rule.fails, rng):
            facts.append(fact)
            origin.append(f"{rule.id}: {CONDITIONS[int(rule.id[5:])]!r}")
    fired = assert_agree(facts, origin, rules)
    ids = {rule_id for rule_id, _i in fired}
    assert ids == {r.id for r in rules}, "every hand-written condition holds on some fact"
    for rule in rules:  # and fails on some fact
        assert any((rule.id, i) not in fired for i in range(len(facts)) if origin[i].startswith(rule.id + ":"))


def test_condition_language_parses_flipped_sides() -> None:
    """The conditions above mean what they say: a flipped comparison is the same condition."""
    assert parse_condition("present_count * 2 <= members_count") == parse_condition(
        "members_count >= present_count * 2"
    )
    assert parse_condition("30 > pp_days") == parse_condition("pp_days < 30")
    day = dt.date(2019, 9, 1).toordinal()
    assert parse_condition("2019-09-01 <= decision_day") == Compare("decision_day", ">=", Lit(day, "day"))
    assert parse_condition("present_count - present_recused_count - 1 < vote_total") == Compare(
        "vote_total", ">", Arith(Arith(Ref("present_count"), "-", Ref("present_recused_count")), "-", Lit(1))
    )


# ======================================================== at the edge of 64 bits
# durable-rules holds integers in 64 bits (saturating when it parses a larger number, wrapping when it
# computes); Python's are unbounded. Counts are capped by the loader (values.MAX_COUNT) so that rule
# arithmetic stays inside 64 bits; amounts and thresholds are not capped.


def _agree_on(facts: list[Fact], fires: set[tuple[str, int]], silent: set[tuple[str, int]]) -> None:
    durable, plain = engines()
    found_p = plain.evaluate(facts)
    # What the rules mean; an AssertionError here is not an engine difference.
    assert fires <= found_p and not silent & found_p, sorted(found_p)
    found_d = durable.evaluate(facts)
    if found_d != found_p:
        raise EnginesDisagree(f"durable {sorted(found_d)} != plain {sorted(found_p)} on {facts}")


def _vote_record(votes_for: int) -> dict[str, Any]:
    return {
        "govcheck": 1,
        "unit": "某单位",
        "meeting": {
            "id": "HY-1",
            "type": "party_group",
            "date": dt.date(2023, 5, 12),
            "members": ["张三", "李四", "王五"],
            "attendees": ["张三", "李四", "王五"],
        },
        "items": [
            {
                "id": "YT-1",
                "title": "议题",
                "category": "major_project",
                "outcome": "adopted",
                "vote": {"method": "show_of_hands", "for": votes_for},
            }
        ],
    }


def test_largest_count_agrees() -> None:
    """vote.for = 2**62 made members_count >= vote_for * 2 (TIOL-PASS-MAJORITY) wrap negative in durable;
    the loader now refuses such counts, and at the largest count it takes both engines agree."""
    with pytest.raises(InputProblems):
        load_record("huge-vote.yaml", _vote_record(2**62))
    settings = settings_profiles()[0][1]
    record, _text = load_record("max-vote.yaml", _vote_record(MAX_COUNT))
    facts = [f.values for f in facts_for_record(record, settings)]
    _agree_on(facts, fires={("REC-VOTE-EXCEEDS-PRESENT", 0)}, silent={("TIOL-PASS-MAJORITY", 0)})


def test_largest_amount_agrees() -> None:
    """durable-rules saturates integers at 2**63 - 1, so 2**63-yuan amounts and thresholds compared equal there;
    the loader now refuses amounts and thresholds over 10**15 yuan, and at that cap both engines agree."""
    with pytest.raises(InputProblems):
        load_record("huge-amount.yaml", _amount_record(2**63))
    with pytest.raises(AssertionError):
        load_settings("huge:govcheck.yaml", {"thresholds": {"large_fund": 2**63 + 1}})
    settings = load_settings("cap:govcheck.yaml", {"thresholds": {"large_fund": MAX_AMOUNT, "open_tender": MAX_AMOUNT}})
    record, _text = load_record("cap-amount.yaml", _amount_record(MAX_AMOUNT))
    facts = [f.values for f in facts_for_record(record, settings)]
    _agree_on(facts, fires={("PROC-OPEN-TENDER", 0), ("TIOL-SCOPE", 0)}, silent=set())


def _amount_record(amount: int) -> dict[str, Any]:
    return {
        "govcheck": 1,
        "unit": "某单位",
        "items": [
            {
                "id": "YT-1",
                "title": "议题",
                "category": "procurement",
                "amount": amount,
                "procurement_method": "inquiry",
            }
        ],
    }
