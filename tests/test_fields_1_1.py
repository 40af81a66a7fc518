"""Record format rev 1.1: the optional item fields issued_on, procurement_item and procurement_approval.

A unit upgrading to 1.1 writes them into its records; they must load (with
their Chinese date and text spellings), reach the facts the rules read, be
offered by `govcheck schema` to editors, and a typo in them must still be an
input error with the line, as for every other key.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import edit, good_text, run_cli
from govcheck.errors import InputProblems
from govcheck.facts.build import facts_for_record
from govcheck.loading.record import load_record
from govcheck.loading.settings import Settings
from govcheck.loading.yamlsource import parse_yaml

NEW_FIELDS = (
    "    proposed_by: 办公室\n"
    "    procurement_item: A02010104 台式计算机\n"
    "    procurement_approval: 深财采〔2023〕12号\n"
    "    issued_on: 2023年5月18日\n"
)


def _record(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_new_fields_load_with_their_values(tmp_path: Path) -> None:
    path = _record(tmp_path, edit(good_text(), "    proposed_by: 办公室\n", NEW_FIELDS))
    item = load_record(str(path), "r.yaml").data["items"][0]
    assert item["procurement_item"] == "A02010104 台式计算机"
    assert item["procurement_approval"] == "深财采〔2023〕12号"
    assert item["issued_on"] == dt.date(2023, 5, 18)


def test_the_facts_carry_them_for_the_rules(tmp_path: Path) -> None:
    text = edit(good_text(), "    proposed_by: 办公室\n", NEW_FIELDS)
    path = _record(tmp_path, text)
    fact = facts_for_record(load_record(str(path), "r.yaml"), Settings())[0]
    assert fact.values["procurement_item"] == "A02010104 台式计算机"
    assert fact.values["has_procurement_approval"] is True
    assert fact.values["issued_day"] == dt.date(2023, 5, 18).toordinal()
    assert fact.line_of("issued_day") == text.split("\n").index("    issued_on: 2023年5月18日") + 1


def test_without_them_nothing_is_assumed(tmp_path: Path) -> None:
    path = _record(tmp_path, good_text())
    fact = facts_for_record(load_record(str(path), "r.yaml"), Settings())[0]
    assert "procurement_item" not in fact.values and "issued_day" not in fact.values
    assert fact.values["has_procurement_approval"] is False


def test_a_bad_issue_date_is_an_input_error_with_its_line(tmp_path: Path) -> None:
    text = edit(good_text(), "    proposed_by: 办公室\n", "    proposed_by: 办公室\n    issued_on: 5月18日\n")
    path = _record(tmp_path, text)
    with pytest.raises(InputProblems) as caught:
        load_record(str(path), "r.yaml")
    (problem,) = caught.value.errors
    assert problem.line == text.split("\n").index("    issued_on: 5月18日") + 1
    assert "issued_on" in problem.message.zh


def test_a_typo_in_a_new_key_suggests_it(tmp_path: Path) -> None:
    text = edit(good_text(), "    proposed_by: 办公室\n", "    proposed_by: 办公室\n    procurment_item: A02010104\n")
    with pytest.raises(InputProblems) as caught:
        load_record(str(_record(tmp_path, text)), "r.yaml")
    assert "procurement_item" in caught.value.errors[0].hint.en


def test_an_issue_date_before_the_meeting_is_an_impossible_date_order(tmp_path: Path) -> None:
    # the meeting of the good record is on 2023-05-12: a decision document cannot predate it
    text = edit(good_text(), "    proposed_by: 办公室\n", "    proposed_by: 办公室\n    issued_on: 2023-05-11\n")
    result = run_cli("validate", "--format", "json", str(_record(tmp_path, text)))
    found = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "REC-DATE-ORDER"]
    assert len(found) == 1 and "决定文件形成日期" in found[0]["message"]
    same_day = edit(good_text(), "    proposed_by: 办公室\n", "    proposed_by: 办公室\n    issued_on: 2023-05-12\n")
    result = run_cli("validate", "--format", "json", str(_record(tmp_path, same_day)))
    assert not [f for f in json.loads(result.stdout)["findings"] if f["check"] == "REC-DATE-ORDER"]


def _schema_errors(text: str) -> list[str]:
    result = run_cli("schema")
    assert result.exit_code == 0
    schema: dict[str, Any] = json.loads(result.stdout)
    data = parse_yaml("r.yaml", text)

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(x) for k, x in value.items()}
        if isinstance(value, list):
            return [plain(x) for x in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [e.message for e in validator.iter_errors(plain(data))]


def test_govcheck_schema_offers_and_checks_them() -> None:
    result = run_cli("schema")
    item = json.loads(result.stdout)["properties"]["items"]["items"]["properties"]
    for key in ("issued_on", "procurement_item", "procurement_approval"):
        assert key in item
    assert "品目" in json.dumps(item["procurement_item"], ensure_ascii=False)
    assert _schema_errors(edit(good_text(), "    proposed_by: 办公室\n", NEW_FIELDS)) == []
    bad = edit(good_text(), "    proposed_by: 办公室\n", "    proposed_by: 办公室\n    issued_on: 5月18日\n")
    assert _schema_errors(bad) != []
