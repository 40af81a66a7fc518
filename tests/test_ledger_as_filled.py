"""Ledgers as a district office really fills them (issue 10, tried end to end as a user would).

Each workbook is built with openpyxl the way people lay out a 台账 in Excel or WPS: a 序号
column, group headers merged over their columns, a second header row, no meeting id column,
amounts with a currency sign. What the user sees is asserted: the findings, the cell each
message points at, and that nothing is refused that a person would call a normal ledger.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
from tests.conftest import EXAMPLES, run_cli, run_json

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
    """「李四好、王五好、张三好」 gives no position three times: the cell is named once."""
    path = _save(tmp_path / "台账.xlsx", [HEAD, _row("M1", "I1", 逐一表态="李四好、王五好、张三好")])
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


def test_the_summary_never_says_a_ledger_was_not_checked_when_its_other_rows_were(tmp_path: Path) -> None:
    path = _save(tmp_path / "台账.xlsx", [HEAD, _row("M1", "I1", 金额="三百万万"), _row("M2", "I2")])
    text = run_cli("validate", str(path)).stdout
    assert "1 处输入错误（1 个文件），出错之处未检查（其中 1 个文件的其余部分已检查）" in text
    english = run_cli("validate", str(path), "--lang", "en").stdout
    assert "1 input error (in 1 file), what they concern was not checked (the rest of 1 file was)" in english
    broken = tmp_path / "a.yaml"
    broken.write_text("govcheck: 1\nunit: [\n", encoding="utf-8")
    assert "相关文件未检查" in run_cli("validate", str(broken)).stdout  # nothing of a broken YAML file is checked


SETTINGS = """unit: 某街道办事处
principal:
  - {name: 张三, from: 2021-03-01}
thresholds:
  large_fund: 500000
"""


def _report(tmp_path: Path, fmt: str, *args: str) -> Path:
    (tmp_path / "govcheck.yaml").write_text(SETTINGS, encoding="utf-8")
    out = tmp_path / f"报告.{fmt}"
    result = run_cli("report", *args, "-o", str(out), "--as-of", "2024-01-31", "--reproducible")
    assert result.exit_code in (0, 2), result.output
    return out


def test_the_report_of_a_ledger_and_payments_counts_the_checks_that_ran(tmp_path: Path) -> None:
    """A ledger is a corpus (REC-DUPLICATE-ID runs across its meetings): never “未运行” for checks that
    ran; the AUD checks are counted per payment, not per item."""
    ledger = _save(tmp_path / "台账.xlsx", [HEAD, _row("M1", "I1"), _row("M2", "I1")])
    payments = _save(
        tmp_path / "支出明细.xlsx",
        [
            ["日期", "金额", "收款单位", "凭证号"],
            ["2023-08-01", "600万元", "某公司", "记-1"],
            ["2023-08-02", 5, "甲", "记-2"],
        ],
    )
    doc = json.loads(_report(tmp_path, "json", str(ledger), "--payments", str(payments)).read_text(encoding="utf-8"))
    checks = {c["check"]: c for c in doc["checks"]}
    assert checks["REC-DUPLICATE-ID"]["counted"] == "all_items" and checks["REC-DUPLICATE-ID"]["failing"] >= 1
    nodecision = checks["AUD-PAYMENT-NO-DECISION"]
    assert (nodecision["counted"], nodecision["applicable"], nodecision["failing"]) == ("payments", 2, 1)
    markdown = _report(tmp_path, "md", str(ledger), "--payments", str(payments)).read_text(encoding="utf-8")
    row = next(line for line in markdown.splitlines() if line.startswith("| AUD-PAYMENT-NO-DECISION |"))
    assert "2 (按支出笔数)" in row and "未运行" not in row
    alone = json.loads(_report(tmp_path, "json", str(ledger)).read_text(encoding="utf-8"))
    assert {c["check"]: c for c in alone["checks"]}["AUD-PAYMENT-NO-DECISION"]["counted"] == "not_run"


def test_the_report_names_the_ledger_cell_of_every_finding_and_input_error(tmp_path: Path) -> None:
    ledger = _save(tmp_path / "台账.xlsx", [HEAD, _row("M1", "I1", 逐一表态="张三：同意；李四：同意；王五：同意")])
    bad = _save(tmp_path / "坏.xlsx", [HEAD, _row("M2", "I2", 金额="三百万万")])
    doc = json.loads(_report(tmp_path, "json", str(ledger), str(bad)).read_text(encoding="utf-8"))
    last = next(f for f in doc["findings"] if f["check"] == "TIOL-PRINCIPAL-LAST")
    assert (last["line"], last["cell"]) == (2, "台账!K2")
    assert doc["items"][0]["cell"] == "台账!G2"
    assert (doc["input_errors"][0]["line"], doc["input_errors"][0]["cell"]) == (2, "台账!J2")
    markdown = _report(tmp_path, "md", str(ledger), str(bad)).read_text(encoding="utf-8")
    assert "台账.xlsx:台账\\!K2" in markdown and "| 台账\\!J2 |" in markdown  # ! escaped for Markdown
    html = _report(tmp_path, "html", str(ledger), str(bad)).read_text(encoding="utf-8")
    assert "台账.xlsx:台账!K2" in html and "台账!J2</td>" in html
    wb = openpyxl.load_workbook(_report(tmp_path, "xlsx", str(ledger), str(bad)))
    for sheet, expected in (("问题清单", "台账!K2"), ("输入错误", "台账!J2")):
        ws = wb[sheet]
        column = [c.value for c in ws[1]].index("单元格") + 1
        assert expected in [ws.cell(r, column).value for r in range(2, ws.max_row + 1)], sheet


def test_export_and_import_say_which_local_notes_they_do_not_carry(tmp_path: Path) -> None:
    """x_ fields of YAML records have no ledger column, and 备注/x_ columns are never read: the round trip
    keeps every finding, but a person's notes are said to stay behind, never dropped in silence."""
    exported = run_cli("ledger", "export", str(EXAMPLES / "minutes"), "-o", str(tmp_path / "台账.xlsx"))
    assert exported.exit_code == 0 and "x_situation" in exported.stderr and "未写入台账" in exported.stderr
    head = ["序号", *HEAD, "备注", "x_内部编号"]
    path = _save(tmp_path / "带备注.xlsx", [head, [1, *_row("M1", "I1"), "会前已沟通", "N-7"]])
    imported = run_cli("ledger", "import", str(path), "-o", str(tmp_path / "minutes"))
    assert imported.exit_code == 0, imported.output
    assert "“备注、x_内部编号”列" in imported.stderr and "序号" not in imported.stderr
    plain = _save(tmp_path / "无备注.xlsx", [HEAD, _row("M2", "I2")])
    assert "注意" not in run_cli("ledger", "import", str(plain), "-o", str(tmp_path / "other")).stderr


def test_one_meeting_id_on_two_sheets_is_two_meetings_as_in_two_files(tmp_path: Path) -> None:
    """Found by the ledger fuzzer: a sheet copied to 2024年 kept its meeting ids. Rows are one meeting by
    sheet and id, so each copy is a meeting of its own: its meeting-level findings are its own, as two
    YAML files with one id would have them (and REC-DUPLICATE-ID says the id is used twice)."""
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "2023年"
    first.append(HEAD)
    first.append(_row("M1", "I1"))
    wb.copy_worksheet(first).title = "2024年"
    wb.save(tmp_path / "台账.xlsx")
    _code, doc = run_json(str(tmp_path / "台账.xlsx"))
    minutes = sorted(f["cell"] for f in doc["findings"] if f["check"] == "TIOL-MINUTES")
    assert minutes == ["2023年!B2", "2024年!B2"]
    assert any(f["check"] == "REC-DUPLICATE-ID" for f in doc["findings"])


def test_import_writes_cells_yaml_cannot_hold_raw_as_escapes(tmp_path: Path) -> None:
    """Found by the ledger fuzzer: a cell may hold a C1 control (\\x9b), NEL or U+2028, which XML allows
    but YAML does not (or govcheck refuses as a hidden line break). ``ledger import`` once wrote them raw,
    and the record it wrote was an input error; they are escapes now and the findings survive."""
    title = "采购\x9b31m执法车辆\u2028第二行\x85"
    path = _save(tmp_path / "台账.xlsx", [HEAD, _row("M1", "I1", 议题名称=title)])
    code, doc = run_json(str(path))
    assert code in (0, 1) and _errors(doc) == {}
    assert run_cli("ledger", "import", str(path), "-o", str(tmp_path / "minutes")).exit_code == 0
    again_code, again = run_json(str(tmp_path / "minutes"))
    assert again_code == code and [f["errors"] for f in again["files"]] == [[]]
    keys = sorted((f["check"], f["item"]) for f in doc["findings"])
    assert sorted((f["check"], f["item"]) for f in again["findings"]) == keys
    written = next((tmp_path / "minutes").glob("*.yaml")).read_text(encoding="utf-8")
    assert "\\u009b" in written and "\x9b" not in written and "\u2028" not in written


def test_a_ledger_kept_as_xls_is_reported_never_skipped(tmp_path: Path) -> None:
    """台账.xls (Excel 97–2003, still WPS's habit in many offices) beside the records: once skipped without a
    word in a directory run, and named directly misread as a UTF-16 text file. Now an input error saying
    to save it as .xlsx; the other records are still checked."""
    good = _save(tmp_path / "台账.xlsx", [HEAD, _row("M1", "I1")])
    old = tmp_path / "2019年台账.XLS"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)  # an OLE2 compound file's header
    code, doc = run_json(str(tmp_path))
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    assert code == 2 and by_name["台账.xlsx"]["items"] == ["I1"]
    entry = by_name["2019年台账.XLS"]
    assert "不能读取 .xls 工作簿" in entry["error"]["message"] and "另存为" in entry["error"]["message"]
    named_code, named = run_json(str(old))
    assert named_code == 2 and "不能读取 .xls 工作簿" in named["files"][0]["error"]["message"]
    assert "UTF-16" not in named["files"][0]["error"]["message"]
    assert good.exists()


def test_a_meeting_time_typed_with_its_hour_is_read_as_the_day(tmp_path: Path) -> None:
    """会议时间 as an Excel date and time (2023-07-03 09:30): the day is the meeting date, as the payments
    ledger reads its dates; it was “不是日期”. Rows of one meeting at different hours are one meeting."""
    path = _save(
        tmp_path / "台账.xlsx",
        [
            [*HEAD[:3], "会议时间", *HEAD[4:]],
            _row("M1", "I1", 会议日期=dt.datetime(2023, 7, 3, 9, 30)),
            _row("M1", "I2", 会议日期=dt.datetime(2023, 7, 3, 11, 0)),
        ],
    )
    code, doc = run_json(str(path))
    assert _errors(doc) == {} and code in (0, 1)
    assert doc["files"][0]["items"] == ["I1", "I2"]


def test_import_of_text_that_looks_like_an_impossible_date(tmp_path: Path) -> None:
    """Found by the ledger fuzzer: 2023-02-30 as the text of a text column (an archive number, a title) made
    ``ledger import`` crash (PyYAML's timestamp check raised ValueError). Text stays text, quoted."""
    path = _save(tmp_path / "台账.xlsx", [HEAD, _row("M1", "I1", 议题名称="2023-02-30")])
    imported = run_cli("ledger", "import", str(path), "-o", str(tmp_path / "minutes"))
    assert imported.exit_code == 0, imported.output
    written = next((tmp_path / "minutes").glob("*.yaml")).read_text(encoding="utf-8")
    assert 'title: "2023-02-30"' in written
    assert run_json(str(tmp_path / "minutes"))[1]["files"][0]["errors"] == []


def test_opinions_typed_without_a_colon_are_read_as_name_and_position(tmp_path: Path) -> None:
    """「李四同意，王五不同意，张三同意」 is how minutes are typed: the name, then the position word."""
    path = _save(
        tmp_path / "台账.xlsx",
        [
            HEAD,
            _row("M1", "I1", 逐一表态="李四同意，王五 不同意，张三同意"),
            _row("M1", "I2", 逐一表态="李四赞成；王五弃权；张三同意"),
        ],
    )
    code, doc = run_json(str(path))
    assert _errors(doc) == {} and code in (0, 1)
    checks = {(f["check"], f["item"]) for f in doc["findings"]}
    assert ("TIOL-EACH-OPINION", "I1") not in checks and ("TIOL-PRINCIPAL-LAST", "I1") not in checks
    assert run_cli("ledger", "import", str(path), "-o", str(tmp_path / "minutes")).exit_code == 0
    written = next((tmp_path / "minutes").glob("*.yaml")).read_text(encoding="utf-8")
    assert "member: 王五  # 发言成员\n        position: disagree" in written
