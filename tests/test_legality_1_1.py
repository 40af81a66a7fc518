"""Legality pack 1.1 as a legal officer meets it: which contracts are errors, and the rule file's severity cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import edit, good_text, run_cli
from govcheck.errors import InputProblems
from govcheck.rulebook.loader import load_rule_file

CONTRACT = ("    category: contract\n    amount: {amount}\n", "    category: major_decision\n")


def _contract_record(tmp_path: Path, amount: str) -> Path:
    text = edit(good_text(), CONTRACT[1], CONTRACT[0].format(amount=amount))
    text = text.replace("      legality:", "      x_legality:", 1)  # no legality review on the first item
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "govcheck.yaml").write_text("thresholds: {large_fund: 50万元}\n", encoding="utf-8")
    return path


def _contract_findings(path: Path) -> list[dict]:
    result = run_cli("validate", "--format", "json", str(path), "--config", str(path.parent / "govcheck.yaml"))
    return [f for f in json.loads(result.stdout)["findings"] if f["check"] == "LEG-CONTRACT-REVIEW"]


@pytest.mark.parametrize(
    ("amount", "severity", "says"),
    [
        ("50万元", "error", "重大合同"),  # at the large-fund threshold: a TIOL item, a major contract
        ("499999", "warning", "请核实"),  # one yuan below: an ordinary contract, the unit's own rules decide
    ],
)
def test_only_a_major_contract_is_an_error(tmp_path: Path, amount: str, severity: str, says: str) -> None:
    (finding,) = _contract_findings(_contract_record(tmp_path, amount))
    assert finding["severity"] == severity
    assert says in finding["message"]
    assert "reviews." not in finding["message"]  # no field paths in the Chinese message
    assert any("中办发〔2016〕30号" in basis for basis in finding["basis"])


def test_rules_show_says_when_it_is_a_warning() -> None:
    shown = run_cli("rules", "show", "LEG-CONTRACT-REVIEW").stdout
    assert "not is_tiol: 警告" in shown


def test_a_severity_case_without_a_condition_is_a_rule_error(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "rules" / "legality" / "LEG-CONTRACT-REVIEW.yaml"
    text = source.read_text(encoding="utf-8").replace("{severity: warning, when: not is_tiol}", "{severity: warning}")
    path = tmp_path / "LEG-CONTRACT-REVIEW.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        load_rule_file(str(path))
    assert "severity_cases" in caught.value.errors[0].message.zh


def test_the_new_legality_checks_ship() -> None:
    from govcheck.rulebook.loader import load_rules

    shipped = {rule.id: rule for rule in load_rules()}
    assert shipped["LEG-NORMDOC-COLLECTIVE"].severity == "error"
    assert shipped["LEG-NORMDOC-PUBLISH"].severity == "warning"


def _normdoc(tmp_path: Path, meeting_type: str, published: bool) -> list[dict]:
    text = edit(good_text(), "    category: major_decision\n", "    category: normative_document\n")
    text = edit(text, "type: party_group", f"type: {meeting_type}")
    if not published:
        text = text.replace("    published:", "    x_published:")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--format", "json", str(path))
    return [f for f in json.loads(result.stdout)["findings"] if f["check"].startswith("LEG-NORMDOC")]


def test_a_normative_document_by_sign_off_and_unpublished(tmp_path: Path) -> None:
    found = {f["check"]: f for f in _normdoc(tmp_path, "个人签批", published=False)}
    assert set(found) >= {"LEG-NORMDOC-COLLECTIVE", "LEG-NORMDOC-PUBLISH"}
    assert "个人签批" in found["LEG-NORMDOC-COLLECTIVE"]["message"]
    assert "sign_off" not in found["LEG-NORMDOC-COLLECTIVE"]["message"]
    assert "published" not in found["LEG-NORMDOC-PUBLISH"]["message"]
    assert found["LEG-NORMDOC-PUBLISH"]["severity"] == "warning"


def test_a_normative_document_at_the_party_group_meeting_is_not_collective_finding(tmp_path: Path) -> None:
    assert "LEG-NORMDOC-COLLECTIVE" not in {f["check"] for f in _normdoc(tmp_path, "party_group", published=False)}
