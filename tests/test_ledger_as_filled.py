"""Ledgers as a district office really fills them (issue 10, tried end to end as a user would).

Each workbook is built with openpyxl the way people lay out a 台账 in Excel or WPS: a 序号
column, group headers merged over their columns, a second header row, no meeting id column,
amounts with a currency sign. What the user sees is asserted: the findings, the cell each
message points at, and that nothing is refused that a person would call a normal ledger.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from tests.conftest import run_json

MEMBERS = "张三、李四、王五"
OPINIONS = "李四：同意；王五：同意；张三：同意"


def _save(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    for row in rows:
        ws.append(row)
    for area in merges:
        ws.merge_cells(area)
    wb.save(path)
    return path


def _errors(doc: dict) -> dict[str, str]:
    return {e["cell"]: e["message"] for f in doc["files"] for e in f["errors"]}


def test_a_running_number_column_is_read_as_no_field(tmp_path: Path) -> None:
    """序号 opens almost every ledger and every payments list: never an unknown column."""
    next_heads = ("议题类别", "逐一表态", "决定结果")
    next_cells = ("重大事项决策", OPINIONS, "通过")
    ledger = _save(
        tmp_path / "台账.xlsx",
        [
            [
                "序号",
                "单位",
                "会议编号",
                "会议类型",
                "会议日期",
                "应到会成员",
                "实到会成员",
                "议题编号",
                "议题名称",
                *next_heads,
            ],
            [1, "某街道办事处", "M1", "党组会议", "2023-05-04", MEMBERS, MEMBERS, "M1-01", "修订制度", *next_cells],
        ],
    )
    payments = _save(
        tmp_path / "支出明细.xlsx",
        [["序号", "付款日期", "对方单位", "支付金额", "凭证号"], [1, "2023-06-01", "某公司", 1000, "记-1"]],
    )
    code, doc = run_json(str(ledger), "--payments", str(payments))
    assert _errors(doc) == {}
    assert code in (0, 1) and doc["files"][-1]["items"] == ["M1-01"]


def test_group_headers_merged_over_their_columns_make_a_two_row_header(tmp_path: Path) -> None:
    """合法性审查 over 审查人 | 送审日期 | 审查完成日期, 表决情况 over 方式 | 赞成 | 反对 | 弃权; the other
    headers merged down over both rows, as ledgers are laid out."""
    top = ["序号", "单位", "会议编号", "会议类型", "会议日期", "应到会成员", "实到会成员", "议题编号", "议题名称"]
    top += ["议题类别", "合法性审查", None, None, "逐一表态", "表决情况", None, None, None, "决定结果"]
    sub = [None] * 10 + ["审查人", "送审日期", "审查完成日期", None, "方式", "赞成", "反对", "弃权", None]
    data = [1, "某街道办事处", "M1", "党组会议", "2023-07-03", MEMBERS, MEMBERS, "M1-01", "制定某管理办法"]
    data += ["规范性文件、重大事项决策", "刘律师", "2023年6月20日", "2023-06-28", OPINIONS, "举手", 2, 1, 0, "通过"]
    merges = (*(f"{c}1:{c}2" for c in "ABCDEFGHIJNS"), "K1:M1", "O1:R1")
    path = _save(tmp_path / "台账.xlsx", [top, sub, data], merges)
    _code, doc = run_json(str(path))
    assert _errors(doc) == {}
    assert doc["files"][0]["items"] == ["M1-01"]
    checks = {f["check"]: f for f in doc["findings"]}
    assert "LEG-NORMDOC-REVIEW" not in checks  # the review was read from the grouped columns
    assert "TIOL-VOTE-RECORDED" not in checks  # and the vote
    assert checks["TIOL-DISSENT-RECORDED"]["cell"] == "台账!O3"  # 1 against, read from 表决情况-反对


def test_a_data_row_under_the_header_is_never_taken_for_a_second_header_row(tmp_path: Path) -> None:
    head = ["单位", "会议编号", "会议类型", "会议日期", "应到会成员", "实到会成员", "议题编号", "议题名称", "议题类别"]
    first = ["某街道办事处", "M1", "党组会议", "2023-07-03", MEMBERS, MEMBERS, "M1-01", "议题", "重大事项决策"]
    path = _save(tmp_path / "台账.xlsx", [head, first])
    _code, doc = run_json(str(path))
    assert doc["files"][0]["items"] == ["M1-01"]


HEAD = ["单位", "会议编号", "会议类型", "会议日期", "应到会成员", "实到会成员", "议题编号", "议题名称", "议题类别"]
HEAD += ["金额", "逐一表态", "决定结果"]


def _row(meeting: str, item: str, **cells: object) -> list[object]:
    values: dict[str, object] = {
        "单位": "某街道办事处",
        "会议编号": meeting,
        "会议类型": "党组会议",
        "会议日期": "2023-07-03",
        "应到会成员": MEMBERS,
        "实到会成员": MEMBERS,
        "议题编号": item,
        "议题名称": "采购执法车辆",
        "议题类别": "大额度资金运作",
        "金额": "350万元",
        "逐一表态": OPINIONS,
        "决定结果": "通过",
    }
    values.update(cells)
    return [values[h] for h in HEAD]


def test_meeting_columns_without_a_meeting_id_column_are_said_once_in_column_terms(tmp_path: Path) -> None:
    head = [h for h in HEAD if h != "会议编号"]
    rows = [[v for h, v in zip(HEAD, _row("M1", f"I{n}"), strict=True) if h != "会议编号"] for n in range(3)]
    code, doc = run_json(str(_save(tmp_path / "台账.xlsx", [head, *rows])))
    assert code == 2
    [(cell, message)] = _errors(doc).items()
    assert cell == "台账!A1" and "没有“会议编号”列" in message and "会议编号" in message
    assert "meeting" not in message and "id:" not in message


def test_a_required_meeting_column_missing_is_named_by_its_header_once(tmp_path: Path) -> None:
    head = [h for h in HEAD if h != "会议类型"]
    rows = [[v for h, v in zip(HEAD, _row("M1", f"I{n}"), strict=True) if h != "会议类型"] for n in range(3)]
    code, doc = run_json(str(_save(tmp_path / "台账.xlsx", [head, *rows])))
    assert code == 2
    [(cell, message)] = _errors(doc).items()
    assert cell == "台账!A1" and message.startswith("工作表“台账”的表头没有“会议类型”列，此项必填")
    assert "meeting" not in message and "type:" not in message


def test_one_message_per_cell_however_many_entries_repeat_the_mistake(tmp_path: Path) -> None:
    """「李四同意、王五同意、张三同意」 lacks the colon three times: the cell is named once."""
    path = _save(tmp_path / "台账.xlsx", [HEAD, _row("M1", "I1", 逐一表态="李四同意、王五同意、张三同意")])
    _code, doc = run_json(str(path))
    errors = doc["files"][0]["errors"]
    assert [e["cell"] for e in errors] == ["台账!K2"]
    assert "「发言成员：表态」" in errors[0]["message"]


def test_amounts_with_a_currency_sign_and_one_date_spelt_two_ways(tmp_path: Path) -> None:
    """￥80万元 and 人民币350万元 are amounts; 2023-07-03 and 2023-7-3 in one meeting are one date."""
    rows = [
        HEAD,
        _row("M1", "I1", 金额="￥80万元"),
        _row("M1", "I2", 金额="人民币350万元", 会议日期="2023-7-3"),
        _row("M1", "I3", 金额="¥1,200,000.00", 会议日期="2023年7月3日"),
    ]
    code, doc = run_json(str(_save(tmp_path / "台账.xlsx", rows)))
    assert _errors(doc) == {} and code in (0, 1)
    assert doc["files"][0]["items"] == ["I1", "I2", "I3"]
    other = _save(tmp_path / "其他.xlsx", [HEAD, _row("M1", "I1"), _row("M1", "I2", 会议日期="2023-07-04")])
    assert "是“2023-07-03”，这里是“2023-07-04”" in _errors(run_json(str(other))[1])["台账!D3"]


def test_the_schema_takes_the_currency_sign_too() -> None:
    import jsonschema

    from govcheck.loading.schema import json_schema

    record = {
        "govcheck": 1,
        "unit": "某署",
        "items": [{"id": "A-1", "title": "采购", "category": "procurement", "amount": "￥80万元"}],
    }
    jsonschema.validate(record, json_schema())
    record["items"][0]["amount"] = "人民币三百五十万元"
    jsonschema.validate(record, json_schema())
