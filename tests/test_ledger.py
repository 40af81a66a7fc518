"""The Excel ledger as a record source: realistic workbooks built with openpyxl."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
from tests.conftest import EXAMPLES, run_cli, run_json

from govcheck.ledger.writer import write_ledger
from govcheck.loading.record import load_record

HEADER = [
    "单位",
    "会议编号",
    "会议类型",
    "会议时间",
    "主持人",
    "应到会成员",
    "参会人员",
    "记录人",
    "是否归档",
    "议题编号",
    "事项名称",
    "议题类别",
    "金额",
    "逐一表态",
    "决定结果",
    "表决-表决方式",
    "表决-赞成票",
    "备注",
]
MEMBERS = "张三、李四、王五"


def _ledger(path: Path, rows: list[list[object]], merge_meeting: bool = True) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2023年"
    ws.append(["某署2023年三重一大事项台账"])  # a title row above the header
    ws.merge_cells("A1:H1")
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    if merge_meeting:  # the meeting's cells merged over its two item rows, as people fill them
        for col in "ABCDEFGHI":
            ws.merge_cells(f"{col}3:{col}4")
    wb.save(path)
    return path


def _rows() -> list[list[object]]:
    meeting: list[object] = [
        "某署",
        "DZ-2023-01",
        "党组会议",
        dt.datetime(2023, 5, 12),
        "张三",
        MEMBERS,
        MEMBERS,
        "王秘书",
        "是",
    ]
    blank: list[object] = [None] * 9
    first = [
        "DZ-2023-01-01",
        "购置设备",
        "大额资金运作",
        "350万元",
        "李四：同意；王五：同意；张三：同意",
        "通过",
        "举手",
        3,
        "会前已沟通",
    ]
    second = [
        "DZ-2023-01-02",
        "任命科长",
        "干部任免",
        None,
        "李四：同意，王五：同意，张三：同意",
        "通过",
        "举手",
        3,
        None,
    ]
    return [
        meeting + first,
        blank + second,
        [None] * 18,  # a blank spacer row
        [
            "某署",
            "DZ-2023-02",
            "党组会议",
            "2023.6.1",
            "张三",
            MEMBERS,
            "张三、李四",
            "王秘书",
            "是",
            "DZ-2023-02-01",
            "修订制度",
            "重大事项决策",
            1200000,
            "王五：同意；李四：同意；张三：同意",
            "通过",
            "举手",
            3,
            None,
        ],
    ]


def test_merged_meeting_cells_title_row_and_spacers_read_as_two_meetings(tmp_path: Path) -> None:
    path = _ledger(tmp_path / "台账.xlsx", _rows())
    _code, doc = run_json(str(path))
    assert doc["files"][0]["items"] == ["DZ-2023-01-01", "DZ-2023-01-02", "DZ-2023-02-01"]
    assert doc["files"][0]["error"] is None
    quorum = [f for f in doc["findings"] if f["check"] == "TIOL-QUORUM"]
    assert quorum == [] or all(f["item"] != "DZ-2023-01-02" for f in quorum)
    opinion = [f for f in doc["findings"] if f["check"] == "REC-OPINION-NOT-PRESENT"]
    assert opinion and opinion[0]["item"] == "DZ-2023-02-01"
    assert opinion[0]["cell"] == "2023年!N6" and opinion[0]["line"] == 6  # 王五 spoke but was not present


def test_bad_cell_points_at_the_cell_and_other_meetings_are_still_checked(tmp_path: Path) -> None:
    rows = _rows()
    rows[0][12] = "三百万万"  # not an amount
    path = _ledger(tmp_path / "台账.xlsx", rows)
    code, doc = run_json(str(path))
    assert code == 2
    error = doc["files"][0]["error"]
    assert error["cell"] == "2023年!M3" and error["line"] == 3
    assert "不是金额" in error["message"] and "350万元" in error["message"]  # what, and how to write it
    assert "DZ-2023-02-01" in doc["files"][0]["items"]
    text = run_cli("validate", str(path)).stdout
    assert "台账.xlsx:2023年!M3:" in text


def test_bad_cells_are_named_by_their_column_never_by_a_yaml_path(tmp_path: Path) -> None:
    """A ledger's user never wrote meeting.date or items[0].opinions[0]: the column header names the field."""
    rows = _rows()
    rows[3][3] = "2023-02-30"  # 会议时间: no such day
    rows[3][13] = "王五好；李四：同意"  # 逐一表态: the first entry has no position (好 is none)
    rows[3][14] = "行"  # 决定结果: not a term
    path = _ledger(tmp_path / "台账.xlsx", rows)
    code, doc = run_json(str(path))
    assert code == 2
    errors = {e["cell"]: e["message"] for e in doc["files"][0]["errors"]}
    assert errors["2023年!D6"].startswith("“会议日期”：“2023-02-30”不是真实存在的日期")
    assert errors["2023年!O6"].startswith("“决定结果”：“行”不是允许的值")
    assert errors["2023年!N6"].startswith("“逐一表态”") and "「发言成员：表态」" in errors["2023年!N6"]
    for message in errors.values():
        assert "meeting." not in message and "items[" not in message and "position:" not in message, message
    english = {e["cell"]: e["message"] for e in run_json(str(path), "--lang", "en")[1]["files"][0]["errors"]}
    assert english["2023年!D6"].startswith("column 会议日期 (meeting.date): '2023-02-30' is not a real date")


def test_unknown_column_is_an_error_unless_remark(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位", "议题编号", "议题名称", "议题类别", "会议日期", "经办人", "x_内部编号"])
    ws.append(["某署", "A-1", "采购", "采购", "2023-05-12", "刘", "9"])
    wb.save(tmp_path / "t.xlsx")
    code, doc = run_json(str(tmp_path / "t.xlsx"))
    assert code == 2
    assert doc["files"][0]["error"]["cell"] == "Sheet!F1"
    assert "经办人" in doc["files"][0]["error"]["message"]


def test_directory_run_reads_ledgers_and_skips_workbooks_that_are_not(tmp_path: Path) -> None:
    _ledger(tmp_path / "台账.xlsx", _rows())
    other = openpyxl.Workbook()
    other.active.append(["概览", "数量"])
    other.save(tmp_path / "审计报告.xlsx")
    _code, doc = run_json(str(tmp_path))
    assert [f["path"].rsplit("/", 1)[-1] for f in doc["files"]] == ["台账.xlsx"]
    assert doc["summary"]["items"] == 3


def test_every_example_as_a_ledger_gives_the_same_findings(tmp_path: Path) -> None:
    records = [load_record(str(p)) for p in sorted((EXAMPLES / "minutes").glob("*.yaml"))]
    shutil.copy(EXAMPLES / "govcheck.yaml", tmp_path / "govcheck.yaml")
    write_ledger(records, str(tmp_path / "台账.xlsx"), title="三重一大事项台账")
    _, original = run_json(str(EXAMPLES / "minutes"), "--config", str(EXAMPLES / "govcheck.yaml"))
    _, ledger = run_json(str(tmp_path / "台账.xlsx"))

    def key(doc: dict) -> list[tuple[str, str, str]]:
        return sorted((f["check"], f["item"], f["severity"]) for f in doc["findings"])

    assert key(ledger) == key(original)
    assert ledger["summary"]["items"] == original["summary"]["items"]
    assert all("cell" in f for f in ledger["findings"])


def test_amount_header_in_wan_yuan_is_not_read_as_yuan() -> None:
    from govcheck.ledger.columns import match_header

    assert match_header("金额（元）") is not None and match_header("金额（元）").key == "amount"
    assert match_header("金额（万元）") is None  # 350 under this header is 350万元, never 350 yuan


def test_a_report_workbook_saved_beside_the_records_is_never_read_as_a_ledger(tmp_path: Path) -> None:
    """``govcheck report minutes/ -o minutes/报告.xlsx``: its 事项 sheet has ledger headers (议题编号, 议题名称 …)."""
    folder = tmp_path / "minutes"
    shutil.copytree(EXAMPLES / "minutes", folder)
    shutil.copy(EXAMPLES / "govcheck.yaml", tmp_path / "govcheck.yaml")
    before_code, before = run_json(str(folder))
    for lang, name in (("zh", "报告.xlsx"), ("en", "report.xlsx")):
        written = run_cli("report", str(folder), "-o", str(folder / name), "--lang", lang)
        assert written.exit_code == 0 and (folder / name).is_file(), written.output
    code, doc = run_json(str(folder))
    assert (code, doc["findings"], doc["summary"]) == (before_code, before["findings"], before["summary"])
    assert not [f for f in doc["files"] if f["path"].endswith(".xlsx")]
    named_code, named = run_json(str(folder / "报告.xlsx"))
    assert named_code == 2 and "审计报告，不是台账" in named["files"][0]["error"]["message"]
