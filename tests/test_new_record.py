"""Learning the format without JSON Schema: `govcheck new record` and docs/记录格式.md."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES, REPO, run_cli, run_json

from govcheck.ledger.reference import render
from govcheck.ledger.skeleton import PLACEHOLDER, fill_placeholders


@pytest.mark.parametrize("meeting_type", ["party_group", "executive", "standing", "circulation", "none"])
def test_skeleton_is_valid_once_the_placeholders_are_filled(tmp_path: Path, meeting_type: str) -> None:
    path = tmp_path / "新记录.yaml"
    result = run_cli("new", "record", "--type", meeting_type, "-o", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert PLACEHOLDER.search(text) and "（必填）" in text
    code, doc = run_json(str(path))
    assert code == 2 and "占位" in doc["files"][0]["error"]["message"]  # unfilled: an input error, never a pass
    path.write_text(fill_placeholders(text), encoding="utf-8")
    code, doc = run_json(str(path))
    assert doc["files"][0]["error"] is None, doc["files"][0]["error"]
    assert doc["summary"]["items"] == 1


def test_skeleton_optional_fields_are_commented_examples_that_validate_when_enabled(tmp_path: Path) -> None:
    text = run_cli("new", "record").stdout
    assert "    # counterparty: 某建设工程有限公司  # 合同相对方/供应商" in text
    enabled = "\n".join(
        line.replace("# ", "", 1) if line.lstrip().startswith(("# counterparty", "# amount", "# budget_item")) else line
        for line in text.splitlines()
    )
    path = tmp_path / "r.yaml"
    path.write_text(fill_placeholders(enabled), encoding="utf-8")
    _code, doc = run_json(str(path))
    assert doc["files"][0]["error"] is None, doc["files"][0]["error"]


def test_new_record_never_overwrites_without_force(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("mine\n", encoding="utf-8")
    result = run_cli("new", "record", "-o", str(path))
    assert result.exit_code == 2 and path.read_text(encoding="utf-8") == "mine\n"
    assert run_cli("new", "record", "-o", str(path), "--force").exit_code == 0
    assert run_cli("new", "record", "--type", "nonsense").exit_code == 2


def test_bundled_examples_are_reachable(tmp_path: Path) -> None:
    result = run_cli("new", "record", "--example", "--type", "executive")
    assert result.exit_code == 0 and "type: executive" in result.stdout
    named = run_cli("new", "record", "--example", "2023-05-12-party-group")
    assert named.stdout == (EXAMPLES / "minutes" / "2023-05-12-party-group.yaml").read_text(encoding="utf-8")
    unknown = run_cli("new", "record", "--example", "nope")
    assert unknown.exit_code == 2 and "2023-05-12-party-group" in unknown.output
    # The wheel carries them (an installed govcheck has no examples/ folder).
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    include = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include["examples/minutes"] == "govcheck/examples/minutes"


def test_committed_field_reference_is_up_to_date() -> None:
    committed = (REPO / "docs" / "记录格式.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/记录格式.md is stale: run python -m govcheck.ledger.reference docs/记录格式.md"
    for field in ("meeting.date", "items[].opinions[].position", "items[].reviews.legality.completed"):
        assert f"`{field}`" in committed


def test_every_unfilled_placeholder_is_said_as_unfilled_whatever_the_field(tmp_path: Path) -> None:
    """A skeleton filled in part: 【会议日期，例 …】 is not “not a date”, 【应到会成员，例 […]】 not “full-width
    list brackets”, 【是否已归档，例 true】 not “not a yes/no value”; each one says what to do."""
    path = tmp_path / "r.yaml"
    assert run_cli("new", "record", "-o", str(path)).exit_code == 0
    placeholders = len(PLACEHOLDER.findall(path.read_text(encoding="utf-8")))
    _code, doc = run_json(str(path))
    errors = doc["files"][0]["errors"]
    assert len(errors) == placeholders
    assert all("是还没有填写的占位内容" in e["message"] and "换成实际内容" in e["message"] for e in errors), errors


def test_an_example_written_to_a_file_asks_for_no_placeholders(tmp_path: Path) -> None:
    path = tmp_path / "示例.yaml"
    result = run_cli("new", "record", "--example", "2023-05-12-party-group", "-o", str(path))
    assert result.exit_code == 0 and "已写入示例记录" in result.stderr and "【】" not in result.stderr
