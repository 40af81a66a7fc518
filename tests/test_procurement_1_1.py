"""Procurement pack 1.1 as an auditor meets it over a folder of records.

PROC-SPLIT-TENDER is 政府采购法实施条例第二十八条: purchases of one budget item and
one 品目 in one year, not openly tendered, together *above* the open-tender standard.
PROC-NO-SPLITTING is the unit's own rule against splitting below the collective-decision
threshold, and no longer cites 第二十八条.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import run_cli


def _purchase(item_id: str, amount: Any, on: str, **extra: Any) -> dict[str, Any]:
    item = {
        "id": item_id,
        "title": f"采购{item_id}",
        "category": "procurement",
        "amount": amount,
        "procurement_method": "inquiry",
        "budget_item": "2023-办公-003",
        "procurement_item": "A02010104",
        "counterparty": "某科技公司",
        "executed_on": on,
        **extra,
    }
    return {"govcheck": 1, "unit": "某区某局", "items": [item]}


def _run(tmp_path: Path, records: list[dict[str, Any]], settings: str = "") -> list[dict[str, Any]]:
    folder = tmp_path / "minutes"
    folder.mkdir()
    (tmp_path / "govcheck.yaml").write_text(settings or "unit: 某区某局\n", encoding="utf-8")
    for index, record in enumerate(records):
        (folder / f"r{index}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    result = run_cli("validate", "--format", "json", str(folder), cwd=tmp_path)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def _checks(findings: list[dict[str, Any]], check: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["check"] == check]


@pytest.mark.parametrize(
    ("second", "reported"),
    [
        ("200万元", False),  # together exactly 400万元, the default standard: 「超过」 excludes it
        (2000001, True),  # one yuan above
    ],
)
def test_split_tender_fires_only_above_the_standard(tmp_path: Path, second: Any, reported: bool) -> None:
    found = _checks(
        _run(tmp_path, [_purchase("C-01", "200万元", "2023-03-01"), _purchase("C-02", second, "2023-06-01")]),
        "PROC-SPLIT-TENDER",
    )
    assert bool(found) is reported
    if reported:
        assert {f["item"] for f in found} == {"C-01", "C-02"}
        message = found[0]["message"]
        assert "化整为零" in message and "400万元" in message and "A02010104" in message
        assert "procurement_item" not in message and "inquiry" not in message
        assert any("政府采购法实施条例》第二十八条" in b for b in found[0]["basis"])


def test_an_approved_purchase_is_left_out_of_the_sum(tmp_path: Path) -> None:
    records = [
        _purchase("C-01", "200万元", "2023-03-01"),
        _purchase(
            "C-02",
            "300万元",
            "2023-06-01",
            procurement_method="single_source",
            procurement_approval="深财采〔2023〕12号",
        ),
    ]
    assert not _checks(_run(tmp_path, records), "PROC-SPLIT-TENDER")


def test_purchases_in_two_years_are_not_summed(tmp_path: Path) -> None:
    records = [_purchase("C-01", "300万元", "2023-12-31"), _purchase("C-02", "300万元", "2024-01-01")]
    assert not _checks(_run(tmp_path, records), "PROC-SPLIT-TENDER")


def test_collective_decision_splitting_cites_the_units_rules(tmp_path: Path) -> None:
    records = [_purchase("A-01", "25万元", "2023-03-01"), _purchase("A-02", "25万元", "2023-06-01")]
    found = _checks(_run(tmp_path, records, "unit: 某区某局\nthresholds: {large_fund: 50万元}\n"), "PROC-NO-SPLITTING")
    assert len(found) == 2
    assert all("第二十八条" not in b for b in found[0]["basis"])
    assert any("本单位" in b for b in found[0]["basis"])
    assert "规避集体决策" in found[0]["message"]


def test_an_soe_also_cites_17hao_for_collective_decision_splitting(tmp_path: Path) -> None:
    records = [_purchase("A-01", "25万元", "2023-03-01"), _purchase("A-02", "25万元", "2023-06-01")]
    settings = "unit: 某国有公司\nunit_kind: soe\nthresholds: {large_fund: 50万元}\n"
    found = _checks(_run(tmp_path, records, settings), "PROC-NO-SPLITTING")
    assert any("中办发〔2010〕17号" in b for b in found[0]["basis"])


def test_open_tender_with_an_approval_is_not_reported(tmp_path: Path) -> None:
    records = [
        _purchase(
            "B-01",
            "500万元",
            "2023-03-01",
            procurement_method="single_source",
            procurement_approval="深财采〔2023〕12号",
        ),
        _purchase("B-02", "500万元", "2023-03-01", procurement_method="single_source", budget_item="2023-办公-004"),
    ]
    found = _checks(_run(tmp_path, records), "PROC-OPEN-TENDER")
    assert [f["item"] for f in found] == ["B-02"]
    # the unit has not set its standard: the message says the province sets it
    assert "省级人民政府" in found[0]["message"] and "单一来源" in found[0]["message"]


def test_open_tender_message_without_the_default_note_once_the_unit_sets_it(tmp_path: Path) -> None:
    records = [_purchase("B-02", "500万元", "2023-03-01", procurement_method="single_source")]
    found = _checks(_run(tmp_path, records, "unit: 某区某局\nthresholds: {open_tender: 400万元}\n"), "PROC-OPEN-TENDER")
    assert len(found) == 1 and "省级人民政府" not in found[0]["message"]
