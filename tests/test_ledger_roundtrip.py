"""Round trip through the Excel ledger: export → validate the xlsx → import → validate the YAML.

Every step must give the findings (check, item, severity) of the original records,
for the bundled examples and for a generated corpus (bench/generate.py).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
from tests.conftest import EXAMPLES, REPO, run_cli, run_json

from govcheck.ledger.columns import COLUMNS
from govcheck.ledger.guide import allowed_terms


def _key(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((f["check"], f["item"], f["severity"]) for f in doc["findings"])


def _generate(count: int, folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(count, folder, seed=7, violation_rate=0.5)
    return folder


def _round_trip(minutes: Path, settings: Path, tmp_path: Path) -> None:
    _, original = run_json(str(minutes), "--config", str(settings))
    assert original["findings"], "a corpus with findings, or the comparison proves nothing"
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(settings, work / "govcheck.yaml")
    ledger = work / "台账.xlsx"
    result = run_cli("ledger", "export", str(minutes), "-o", str(ledger))
    assert result.exit_code == 0, result.output
    _, from_ledger = run_json(str(ledger))
    assert from_ledger["summary"]["items"] == original["summary"]["items"]
    assert _key(from_ledger) == _key(original)
    assert all("!" in f["cell"] for f in from_ledger["findings"])  # every finding names its cell
    result = run_cli("ledger", "import", str(ledger), "-o", str(work / "minutes"))
    assert result.exit_code == 0, result.output
    _, imported = run_json(str(work / "minutes"))
    assert imported["summary"]["items"] == original["summary"]["items"]
    assert _key(imported) == _key(original)


def test_examples_round_trip_through_the_ledger(tmp_path: Path) -> None:
    _round_trip(EXAMPLES / "minutes", EXAMPLES / "govcheck.yaml", tmp_path)


def test_generated_corpus_round_trips_through_the_ledger(tmp_path: Path) -> None:
    corpus = _generate(120, tmp_path / "gen")
    _round_trip(corpus, corpus / "govcheck.yaml", tmp_path)


def test_template_has_every_column_instructions_and_drop_downs(tmp_path: Path) -> None:
    path = tmp_path / "台账模板.xlsx"
    assert run_cli("ledger", "template", "-o", str(path)).exit_code == 0
    wb = openpyxl.load_workbook(path)
    ws = wb["台账"]
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]  # the loader's own headers
    guide = wb["填写说明"]
    rows = {row[0]: row for row in guide.iter_rows(values_only=True) if row[0]}
    for column in COLUMNS:  # every column: required, meaning, format, allowed values, example
        assert column.header in rows, column.header
        _head, _required, meaning, fmt, _allowed, example, field = rows[column.header]
        assert meaning and fmt and field.startswith(column.key)
        assert example, column.header
    assert rows["会议类型"][1] == "必填" and "党组会议（party_group）" in rows["会议类型"][4]
    lists = {str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1 for v in ws.data_validations.dataValidation}
    by_header = {c.header: openpyxl.utils.get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    assert "党组会议" in lists[by_header["会议类型"]] and "party_group" not in lists[by_header["会议类型"]]
    assert lists[by_header["是否归档"]] == '"是,否"'
    assert all(by_header[c.header] in lists for c in COLUMNS if allowed_terms(c.spec))
    assert (
        ws.cell(2, COLUMNS.index(next(c for c in COLUMNS if c.key == "meeting.date")) + 1).number_format == "yyyy-mm-dd"
    )
    # The instructions sheet is never read as a ledger. Named, the empty template is an input error like an empty
    # YAML file or an empty folder (nothing would be checked, so exit 0 would be a silent gap); in a directory
    # run a template saved beside the records is skipped, as it holds no record.
    code, doc = run_json(str(path))
    assert code == 2 and doc["summary"]["items"] == 0
    assert doc["files"][0]["error"]["message"].startswith("台账中没有填写任何议题")
    (tmp_path / "a.yaml").write_bytes((EXAMPLES / "minutes" / "2023-05-12-party-group.yaml").read_bytes())
    code, doc = run_json(str(tmp_path))
    assert [f["path"].rsplit("/", 1)[-1] for f in doc["files"]] == ["a.yaml"] and doc["summary"]["items"] == 2


def test_filled_template_is_a_valid_ledger(tmp_path: Path) -> None:
    """A row typed into the template from its own 填写说明 examples validates."""
    path = tmp_path / "台账模板.xlsx"
    run_cli("ledger", "template", "-o", str(path))
    wb = openpyxl.load_workbook(path)
    examples = {row[0]: row[5] for row in wb["填写说明"].iter_rows(values_only=True) if row[0]}
    ws = wb["台账"]
    for index, column in enumerate(COLUMNS, start=1):
        if column.key in ("unit", "id", "title", "category") or column.level == "meeting":
            ws.cell(2, index, examples[column.header])
    wb.save(path)
    _code, doc = run_json(str(path))
    assert doc["files"][0]["error"] is None, doc["files"][0]["error"]
    assert doc["summary"]["items"] == 1


def test_import_never_overwrites_without_force(tmp_path: Path) -> None:
    ledger = tmp_path / "台账.xlsx"
    run_cli("ledger", "export", str(EXAMPLES / "minutes"), "-o", str(ledger))
    out = tmp_path / "minutes"
    assert run_cli("ledger", "import", str(ledger), "-o", str(out)).exit_code == 0
    first = sorted(out.iterdir())[0]
    first.write_text("# 手工修改\n" + first.read_text(encoding="utf-8"), encoding="utf-8")
    again = run_cli("ledger", "import", str(ledger), "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.output
    assert first.read_text(encoding="utf-8").startswith("# 手工修改")  # nothing written
    assert run_cli("ledger", "import", str(ledger), "-o", str(out), "--force").exit_code == 0
    assert not first.read_text(encoding="utf-8").startswith("# 手工修改")


def test_imported_record_is_commented_in_definition_order(tmp_path: Path) -> None:
    ledger = tmp_path / "台账.xlsx"
    run_cli("ledger", "export", str(EXAMPLES / "minutes" / "2023-05-12-party-group.yaml"), "-o", str(ledger))
    run_cli("ledger", "import", str(ledger), "-o", str(tmp_path / "m"))
    [path] = list((tmp_path / "m").iterdir())
    assert path.name == "2023-05-12-DZ-2023-08.yaml"
    text = path.read_text(encoding="utf-8")
    lines = [line.strip().split(":")[0] for line in text.splitlines() if not line.startswith("#")]
    assert lines[:4] == ["govcheck", "unit", "meeting", "id"]
    assert "type: party_group  # 会议类型：党组会议" in text
    assert "台账.xlsx 台账!" in text  # where it came from


def test_import_of_a_ledger_with_input_errors_writes_nothing(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位", "会议编号", "会议类型", "会议日期", "议题编号", "议题名称", "议题类别", "金额"])
    ws.append(["某署", "DZ-1", "党组会议", "2023-05-12", "DZ-1-01", "购置设备", "大额资金", "三百万万"])
    ws.append(["某署", "DZ-2", "党组会议", "2023-06-12", "DZ-2-01", "修订制度", "重大事项决策", None])
    wb.save(tmp_path / "t.xlsx")
    result = run_cli("ledger", "import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "m"))
    assert result.exit_code == 2
    assert "t.xlsx:Sheet!H2" in result.output  # the cell, as validate shows it
    assert not (tmp_path / "m").exists()


def test_export_of_a_folder_skips_what_the_settings_exclude(tmp_path: Path) -> None:
    """`ledger export examples/` reads what `validate examples/` reads: examples/ci/ (CI templates, not
    records) is excluded by examples/govcheck.yaml, so it is no input error."""
    ledger = tmp_path / "台账.xlsx"
    result = run_cli("ledger", "export", str(EXAMPLES), "-o", str(ledger))
    assert result.exit_code == 0, result.output + (result.stderr or "")
    checked = json.loads(run_cli("validate", str(EXAMPLES), "--format", "json").stdout)["summary"]
    assert f"{checked['files']} 份记录、{checked['items']} 个议题" in result.stdout
    broken = tmp_path / "broken"
    shutil.copytree(EXAMPLES / "minutes", broken / "minutes")
    (broken / "govcheck.yaml").write_text("exclude: [\n", encoding="utf-8")
    refused = run_cli("ledger", "export", str(broken), "-o", str(tmp_path / "b.xlsx"))
    assert refused.exit_code == 2 and "govcheck.yaml:" in refused.stderr  # a broken settings file is said so
    assert not (tmp_path / "b.xlsx").exists()
