"""The command line as scripts, CI jobs and compliance officers use it:
exit codes, the JSON contract of shared/spec/cli.md, ``-o``, ``--lang``,
``rules`` and ``schema``."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import (
    FLAWED_RECORD,
    GOOD_RECORD,
    MINUTES,
    edit,
    file_entry,
    good_text,
    line_of,
    output_of,
    record_dir,
    run_cli,
    run_json,
)
from govcheck import __version__
from govcheck.errors import InputProblems
from govcheck.loading.record import validate_record
from govcheck.loading.yamlsource import parse_yaml

# The catalogue (shared/spec/checks.md), packs tiol and records, with the shipped
# default severity. REC-DUPLICATE-ID comes later and is not required yet.
CATALOGUE = {
    "TIOL-SCOPE": "warning",
    "TIOL-COLLECTIVE": "error",
    "TIOL-EXECUTED-BEFORE-DECISION": "error",
    "TIOL-QUORUM": "error",
    "TIOL-QUORUM-PERSONNEL": "error",
    "TIOL-PASS-MAJORITY": "error",
    "TIOL-VOTE-RECORDED": "error",
    "TIOL-EACH-OPINION": "error",
    "TIOL-PRINCIPAL-LAST": "error",
    "TIOL-NO-AD-HOC": "error",
    "TIOL-MATERIALS-ADVANCE": "warning",
    "TIOL-PRIOR-CONSULTATION": "warning",
    "TIOL-RECUSAL": "error",
    "TIOL-MINUTES": "error",
    "TIOL-ARCHIVE": "warning",
    "TIOL-EMERGENCY-REPORTED": "warning",
    "REC-ATTENDEE-NOT-MEMBER": "warning",
    "REC-OPINION-NOT-PRESENT": "error",
    "REC-ROSTER-MISMATCH": "error",
    "REC-VOTE-EXCEEDS-PRESENT": "error",
    "REC-DATE-ORDER": "error",
}

FINDING_KEYS = ["check", "severity", "file", "line", "item", "message", "basis", "waived"]


# ------------------------------------------------------------------ exit codes


def test_exit_0_on_a_clean_record() -> None:
    result = run_cli("validate", str(GOOD_RECORD))
    assert result.exit_code == 0, output_of(result)
    code, document = run_json(str(GOOD_RECORD))
    assert code == 0
    assert document["summary"]["errors"] == 0


def test_exit_1_on_a_record_with_an_error_level_finding() -> None:
    result = run_cli("validate", str(FLAWED_RECORD))
    assert result.exit_code == 1
    assert f"{FLAWED_RECORD.name}:" in output_of(result) and "TIOL-PRINCIPAL-LAST" in output_of(result)


def test_exit_2_when_a_run_has_both_an_input_error_and_findings(tmp_path: Path) -> None:
    bad = edit(good_text(), "attendees:", "atendees:")
    folder = record_dir(tmp_path, bad)
    code, document = run_json(str(folder))
    assert code == 2
    # the readable files were still checked and their findings reported
    assert file_entry(document, "bad.yaml")["error"]["line"] == line_of(bad, "atendees:")
    assert file_entry(document, "flawed.yaml")["error"] is None
    flawed = [f for f in document["findings"] if Path(f["file"]).name == "flawed.yaml"]
    assert any(f["severity"] == "error" for f in flawed)
    assert document["summary"]["errors"] >= 1


def test_input_error_alone_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(edit(good_text(), "outcome: adopted", "outcome: 已通过"), encoding="utf-8")
    result = run_cli("validate", str(bad))
    assert result.exit_code == 2
    assert "Traceback" not in output_of(result)


def test_real_entry_point_reports_input_errors_without_a_traceback(tmp_path: Path) -> None:
    """Through ``python -m govcheck``, as CI runs it (not click's test runner)."""
    folder = record_dir(tmp_path, edit(good_text(), "  chair: 张三", "\tchair: 张三"))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("GOVCHECK_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "govcheck", "validate", str(folder)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert "bad.yaml:" in done.stdout and "Tab" in done.stdout
    assert "TIOL-PRINCIPAL-LAST" in done.stdout  # the other files were checked


# -------------------------------------------------------------- JSON contract


def test_json_matches_the_contract(examples_copy: Path) -> None:
    records = len(list((examples_copy / "minutes").rglob("*.yaml")))
    code, document = run_json(str(examples_copy / "minutes"))
    assert code == 1
    assert list(document) == ["tool", "rules", "files", "findings", "summary"]
    assert document["tool"] == {"name": "govcheck", "version": __version__, "engine": document["tool"]["engine"]}
    assert document["tool"]["engine"] in ("durable", "plain")  # cli.md 1.1: the engine that ran
    assert {"tiol", "records"} <= set(document["rules"]["packs"])
    assert document["rules"]["packs"] == sorted(document["rules"]["packs"])
    assert document["rules"]["digest"].startswith("sha256:") and len(document["rules"]["digest"]) == 7 + 64

    assert len(document["files"]) == records
    for entry in document["files"]:
        assert list(entry) == ["path", "sha256", "items", "error", "errors"]  # cli.md 1.1 added errors
        assert entry["errors"] == []
        assert entry["path"].endswith(".yaml") and "\\" not in entry["path"]
        assert len(entry["sha256"]) == 64 and entry["error"] is None
        assert entry["items"] and all(isinstance(i, str) for i in entry["items"])

    findings = document["findings"]
    assert findings
    for finding in findings:
        assert list(finding)[: len(FINDING_KEYS)] == FINDING_KEYS
        assert finding["severity"] in ("error", "warning", "info")
        assert isinstance(finding["line"], int) and finding["line"] >= 1
        assert finding["basis"] and all(isinstance(b, str) and b for b in finding["basis"])
        assert finding["waived"] is False
        assert finding["file"] in {f["path"] for f in document["files"]}
    keys = [(f["file"], f["line"], f["check"]) for f in findings]
    assert keys == sorted(keys)

    active = [f for f in findings if not f["waived"]]
    assert document["summary"] == {
        "files": records,
        "items": sum(len(f["items"]) for f in document["files"]),
        "findings": len(findings),
        "errors": sum(f["severity"] == "error" for f in active),
        "warnings": sum(f["severity"] == "warning" for f in active),
    }


def test_json_finding_points_at_the_line_that_shows_the_problem() -> None:
    text = FLAWED_RECORD.read_text(encoding="utf-8")
    _code, document = run_json(str(FLAWED_RECORD))
    by_check = {f["check"]: f for f in document["findings"]}
    assert by_check["TIOL-MATERIALS-ADVANCE"]["line"] == line_of(text, "materials_sent:")
    assert by_check["TIOL-MATERIALS-ADVANCE"]["item"] == "SW-2023-11"  # a meeting-level check names the meeting


def test_json_input_error_is_line_and_message(tmp_path: Path) -> None:
    bad = edit(good_text(), "date: 2023年5月12日", "date: 2023年2月30日")
    _code, document = run_json(str(record_dir(tmp_path, bad)))
    entry = file_entry(document, "bad.yaml")
    assert entry["sha256"] is None and entry["items"] == []
    assert list(entry["error"]) == ["line", "message"]
    assert entry["error"]["line"] == line_of(bad, "2023年2月30日")
    assert "2023年2月30日" in entry["error"]["message"]


def test_json_output_is_byte_identical_across_runs(examples_copy: Path) -> None:
    (examples_copy / "minutes" / "bad.yaml").write_text(edit(good_text(), "attendees:", "atendees:"), encoding="utf-8")
    first = run_cli("validate", "--format", "json", str(examples_copy / "minutes"))
    second = run_cli("validate", "--format", "json", str(examples_copy / "minutes"))
    assert first.exit_code == second.exit_code == 2
    assert first.stdout_bytes == second.stdout_bytes
    assert "\x1b[" not in first.stdout  # no ANSI colours
    json.loads(first.stdout_bytes.decode("utf-8"))


def test_json_has_no_findings_for_an_unreadable_file(tmp_path: Path) -> None:
    _code, document = run_json(str(record_dir(tmp_path, "govcheck: 1\nunit: [\n")))
    assert not [f for f in document["findings"] if Path(f["file"]).name == "bad.yaml"]


# ---------------------------------------------------------------- --lang en


def test_lang_en_gives_english_messages(tmp_path: Path) -> None:
    folder = record_dir(tmp_path, edit(good_text(), "attendees:", "atendees:"))
    result = run_cli("validate", "--lang", "en", str(folder))
    shown = output_of(result)
    assert result.exit_code == 2
    assert "unknown key meeting.atendees" in shown and "did you mean attendees?" in shown
    assert "did not speak last" in shown  # the finding of flawed.yaml
    assert "checked 3 files" in shown
    for chinese in ("未知的键", "修改方法", "检查了", "输入错误"):  # (the legal basis stays Chinese)
        assert chinese not in shown

    _code, document = run_json("--lang", "en", str(folder))
    assert "unknown key" in file_entry(document, "bad.yaml")["error"]["message"]
    messages = [f["message"] for f in document["findings"]]
    assert any("principal leader" in m for m in messages)


def test_lang_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCHECK_LANG", "en")
    result = run_cli("validate", str(FLAWED_RECORD))
    assert "did not speak last" in output_of(result)


# ------------------------------------------------------------------------ -o


def test_output_file_is_written_without_leftovers(tmp_path: Path) -> None:
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    target = out_dir / "govcheck.json"
    result = run_cli("validate", "--format", "json", "-o", str(target), str(FLAWED_RECORD))
    assert result.exit_code == 1
    assert result.stdout == ""  # the report went to the file
    document = json.loads(target.read_text(encoding="utf-8"))
    assert "TIOL-PRINCIPAL-LAST" in {f["check"] for f in document["findings"]}
    assert sorted(p.name for p in out_dir.iterdir()) == ["govcheck.json"]  # no temp file left behind
    # the same report as on stdout
    assert target.read_bytes() == run_cli("validate", "--format", "json", str(FLAWED_RECORD)).stdout_bytes


def test_output_file_replaces_an_old_report(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old report\n" * 1000, encoding="utf-8")
    result = run_cli("validate", "-o", str(target), str(GOOD_RECORD))
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "old report" not in text and "检查了 1 个文件" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_output_into_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    result = run_cli("validate", "-o", str(tmp_path / "no-such-folder" / "report.json"), str(GOOD_RECORD))
    assert result.exit_code == 2
    shown = output_of(result)
    assert "no-such-folder" in shown and "Traceback" not in shown
    assert not (tmp_path / "no-such-folder").exists()


# ----------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("validate", "--no-such-option", "examples"),
        ("validate", "--format", "xml", "examples"),
        ("validate", "--lang", "fr", "examples"),
        ("no-such-command",),
        ("rules", "show"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert "Usage" in output_of(result) or "Error" in output_of(result)


def test_rules_on_an_unreal_date_is_a_usage_error() -> None:
    result = run_cli("rules", "--on", "2023-02-30")
    assert result.exit_code == 2
    assert "2023-02-30" in output_of(result) and "2023年5月12日" in output_of(result)


# ------------------------------------------------------------------- rules


def _rules_listing(*args: str) -> dict[str, str]:
    result = run_cli("rules", *args)
    assert result.exit_code == 0, output_of(result)
    listed: dict[str, str] = {}
    for line in result.stdout.splitlines():
        check, severity, *_title = line.split()
        listed[check] = severity
    return listed


def test_rules_lists_every_check_of_the_catalogue() -> None:
    listed = _rules_listing("--lang", "en")
    missing = sorted(set(CATALOGUE) - set(listed))
    assert not missing, f"checks of the catalogue not listed: {missing}"
    for check, severity in CATALOGUE.items():
        assert listed[check] == severity, check


def test_rules_lists_titles_in_chinese_by_default() -> None:
    result = run_cli("rules")
    quorum = next(line for line in result.stdout.splitlines() if line.startswith("TIOL-QUORUM "))
    assert "错误" in quorum and "半数" in quorum


def test_rules_show_gives_basis_and_examples() -> None:
    result = run_cli("rules", "show", "TIOL-QUORUM")
    assert result.exit_code == 0
    shown = result.stdout
    assert shown.startswith("TIOL-QUORUM")
    assert "依据" in shown and "《中国共产党党组工作条例》" in shown
    assert "合规示例" in shown and "不合规示例" in shown
    passing, failing = shown.split("不合规示例")
    assert "attendees:" in passing.split("合规示例")[1] and "attendees:" in failing


def test_rules_show_says_which_items_a_basis_serves() -> None:
    shown = run_cli("rules", "show", "TIOL-RECUSAL", "--unit-kind", "all").stdout
    procurement_law = next(line for line in shown.splitlines() if "政府采购法" in line)
    assert "仅用于：类别含采购" in procurement_law  # (1.1) cited only on procurement items
    civil_service_law = next(line for line in shown.splitlines() if "公务员法" in line)
    assert "仅用于" not in civil_service_law and "适用：党政机关" in civil_service_law


def test_rules_show_in_english_and_any_case() -> None:
    result = run_cli("rules", "show", "tiol-quorum", "--lang", "en")
    assert result.exit_code == 0
    assert "basis:" in result.stdout and "passing examples:" in result.stdout and "failing examples:" in result.stdout


def test_rules_show_unknown_id_exits_2_with_a_suggestion() -> None:
    result = run_cli("rules", "show", "NOPE")
    assert result.exit_code == 2
    shown = output_of(result)
    assert "NOPE" in shown and "govcheck rules" in shown and "Traceback" not in shown


def test_rules_show_typo_suggests_the_close_id() -> None:
    result = run_cli("rules", "show", "TIOL-QUORM", "--lang", "en")
    assert result.exit_code == 2
    assert "did you mean TIOL-QUORUM?" in output_of(result)


# ------------------------------------------------------------------- schema


def _schema(*args: str) -> dict[str, Any]:
    result = run_cli("schema", *args)
    assert result.exit_code == 0
    document: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(document)
    return document


def _plain(value: Any) -> Any:
    """What the loader read, as JSON data (dates as the ISO text an editor sees)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _schema_errors(schema: dict[str, Any], text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(_plain(parse_yaml("r.yaml", text)))]


def _loader_accepts(text: str) -> bool:
    try:
        validate_record("r.yaml", parse_yaml("r.yaml", text))
    except InputProblems:
        return False
    return True


@pytest.mark.parametrize("record", sorted(MINUTES.glob("*.yaml")), ids=lambda p: p.name)
def test_schema_accepts_every_example_record(record: Path) -> None:
    assert _schema_errors(_schema(), record.read_text(encoding="utf-8")) == []


def test_schema_rejects_an_unknown_key() -> None:
    errors = _schema_errors(_schema(), edit(good_text(), "attendees:", "atendees:"))
    assert any("atendees" in e for e in errors)


def test_schema_rejects_a_bad_enumeration_value() -> None:
    errors = _schema_errors(_schema(), edit(good_text(), "type: party_group", "type: 碰头会"))
    assert any("碰头会" in e for e in errors)


def test_settings_schema_accepts_the_example_settings() -> None:
    text = (MINUTES.parent / "govcheck.yaml").read_text(encoding="utf-8")
    assert _schema_errors(_schema("--settings"), text) == []


# Edits of a good record, each of which the loader and the JSON Schema must judge
# alike: otherwise an editor would flag valid records, or bless broken ones.
SAME_VERDICT: list[tuple[str, str, str, bool]] = [
    ("chinese aliases", "type: party_group", "type: 署务会", True),
    ("chinese category", "category: major_decision", "category: [重大项目安排, 大额度资金运作]", True),
    ("chinese position", "{member: 钱七, position: agree}", "{member: 钱七, position: 同意}", True),
    ("amount in 万元", "proposed_by: 办公室", "proposed_by: 办公室\n    amount: 350万元", True),
    ("amount with commas", "proposed_by: 办公室", "proposed_by: 办公室\n    amount: 3,500,000元", True),
    ("amount in yuan", "proposed_by: 办公室", "proposed_by: 办公室\n    amount: 3500000", True),
    ("local extension", "proposed_by: 办公室", "proposed_by: 办公室\n    x_oa: OA-17", True),
    ("ISO date", "date: 2023年5月12日", "date: 2023-05-12", True),
    ("name no", "chair: 张三", "chair: no", True),
    ("null for an optional key", "outcome: adopted", "outcome: adopted\n    departure_reason: null", True),
    ("null meeting part", "  absent:\n    - {name: 赵六, reason: 参加区委党校中青班学习}\n", "  absent: ~\n", True),
    ("yes in a yes/no field", "archived: true", "archived: yes", True),
    ("是 in a yes/no field", "archived: true", "archived: 是", True),
    ("English value in capitals", "type: party_group", "type: Party_Group", True),
    ("amount with fen", "proposed_by: 办公室", "proposed_by: 办公室\n    amount: 1234.50元", True),
    ("amount in full-width digits", "proposed_by: 办公室", "proposed_by: 办公室\n    amount: ３５０万元", True),
    ("amount in 亿 with decimals", "proposed_by: 办公室", "proposed_by: 办公室\n    amount: 1.23456789亿元", True),
    ("unknown key", "attendees:", "atendees:", False),
    ("bad meeting type", "type: party_group", "type: 碰头会", False),
    ("position yes", "{member: 钱七, position: agree}", "{member: 钱七, position: yes}", False),
    ("missing title", "    title: 关于印发《中共", "    name: 关于印发《中共", False),
    ("mapping for a list", "attendees: [张三, 李四, 王五, 钱七, 孙八, 吴九]", "attendees: {张三: 到会}", False),
    ("text for a count", "for: 6, against", "for: 六, against", False),
    ("negative count", "for: 6, against", "for: -6, against", False),
    ("empty category list", "category: major_decision", "category: []", False),
    ("empty text", "proposed_by: 办公室", "proposed_by: ''", False),
    ("blank text", "proposed_by: 办公室", "proposed_by: '  '", False),
    ("true for text", "chair: 张三", "chair: true", False),
    ("bad amount", "proposed_by: 办公室", "proposed_by: 办公室\n    amount: 3,50,000元", False),
    ("negative amount", "proposed_by: 办公室", "proposed_by: 办公室\n    amount: -5", False),
    ("amount below one fen", "proposed_by: 办公室", "proposed_by: 办公室\n    amount: 1.234元", False),
    ("amount with spaces inside", "proposed_by: 办公室", "proposed_by: 办公室\n    amount: 3 500 000", False),
    ("quoted true in a yes/no field", "archived: true", "archived: 'true'", False),
    ("version 2", "govcheck: 1", "govcheck: 2", False),
    ("null required key", "unit: 某区重点区域规划建设管理署", "unit: ~", False),
    ("no items", "items:\n", "x_items:\n", False),
]


@pytest.mark.parametrize(
    ("old", "new", "valid"), [case[1:] for case in SAME_VERDICT], ids=[case[0] for case in SAME_VERDICT]
)
def test_schema_and_loader_agree(old: str, new: str, valid: bool) -> None:
    text = edit(good_text(), old, new)
    assert _loader_accepts(text) is valid, "loader"
    errors = _schema_errors(_schema(), text)
    assert (errors == []) is valid, f"schema: {errors}"
