"""Every rule's own examples: passing ones stay silent, failing ones fire, on both engines."""

from __future__ import annotations

import pytest

from govcheck.engine import make_engine
from govcheck.facts.build import facts_for_record
from govcheck.findings.build import make_finding
from govcheck.i18n import Text
from govcheck.rulebook.example import Example
from govcheck.rulebook.examples import load_base, load_example, run_examples
from govcheck.rulebook.loader import load_rules

RULES = load_rules()
BASE = load_base()
CASES = [(rule, example) for rule in RULES for example in rule.examples]


@pytest.mark.parametrize(
    ("rule", "example"),
    CASES,
    ids=[f"{r.id}-{'pass' if e.passes else 'fail'}-{e.title.en}" for r, e in CASES],
)
def test_rule_example(rule, example) -> None:
    outcomes = [o for o in run_examples((rule,), base=BASE) if o.example is example]
    assert {o.engine for o in outcomes} == {"durable", "plain"}
    for outcome in outcomes:
        expectation = "stay silent" if example.passes else "fire"
        assert outcome.ok, f"{rule.id} should {expectation} on '{example.title.zh}' ({outcome.engine})"


def test_every_rule_has_passing_and_failing_examples() -> None:
    for rule in RULES:
        assert any(e.passes for e in rule.examples), rule.id
        assert any(not e.passes for e in rule.examples), rule.id


EXPECTING = [(rule, example) for rule, example in CASES if example.expect]


@pytest.mark.parametrize(("rule", "example"), EXPECTING, ids=[f"{r.id}-{e.title.en}" for r, e in EXPECTING])
def test_example_finding_severity_and_citation(rule, example) -> None:
    """Examples may pin the severity, the instrument cited on their date (the law in force) and message text."""
    record, settings = load_example(rule, example, BASE)
    fact = facts_for_record(record, settings)[0]
    finding = make_finding(rule, fact, settings)
    if "severity" in example.expect:
        assert finding.severity == example.expect["severity"]
    for cited in example.expect.get("cites", []):
        assert any(cited in basis for basis in finding.basis), (cited, finding.basis)
    for absent in example.expect.get("not_cites", []):
        assert all(absent not in basis for basis in finding.basis), (absent, finding.basis)
    for text in example.expect.get("says", []):  # the Chinese message names the rule applied
        assert text in finding.message.zh, (text, finding.message.zh)
    for text in example.expect.get("not_says", []):
        assert text not in finding.message.zh, (text, finding.message.zh)


@pytest.mark.parametrize("variant", [None, *BASE["variants"]])
def test_base_example_is_clean_for_every_rule(variant: str | None) -> None:
    """The shared base record and its variants must be compliant, or 'pass' examples prove nothing."""
    example = Example(True, Text("底稿", "base"), variant=variant)
    record, settings = load_example(RULES[0], example, BASE)
    facts = [f.values for f in facts_for_record(record, settings)]
    for name in ("durable", "plain"):
        assert make_engine(RULES, name).evaluate(facts) == set()
