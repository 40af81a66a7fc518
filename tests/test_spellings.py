"""Spellings people really write (issue 13): accepted where unambiguous, refused with the reason where not,
the same in YAML records and Excel ledgers; hints list the Chinese terms first."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from conftest import edit, good_text, line_of, output_of, record_dir, run_cli, run_json
from govcheck.loading import values
from govcheck.loading.record import load_record


def check(tmp_path: Path, text: str) -> tuple[int, str, dict]:
    folder = record_dir(tmp_path, text)
    shown = run_cli("validate", str(folder / "bad.yaml"))
    code, document = run_json(str(folder / "bad.yaml"))
    assert code == shown.exit_code
    return code, output_of(shown), document


ACCEPTED = [
    ("  date: 2023年5月12日", "  date: 2023/5/12"),
    ("  date: 2023年5月12日", "  date: 2023.05.12"),
    ("    agenda_sent: 2023-05-09", "    agenda_sent: 2023.5.9"),
    ("  type: party_group", "  type: 党组会"),
    ("{member: 钱七, position: agree}", "{member: 钱七, position: 赞成}"),
    ("    archived: true", "    archived: 已归档"),
]


@pytest.mark.parametrize(("old", "new"), ACCEPTED, ids=[new.strip() for _, new in ACCEPTED])
def test_unambiguous_spellings_are_accepted(tmp_path: Path, old: str, new: str) -> None:
    code, shown, document = check(tmp_path, edit(good_text(), old, new))
    assert code == 0, shown
    assert document["files"][-1]["error"] is None and "输入错误" not in shown


def test_accepted_spellings_mean_what_they_say(tmp_path: Path) -> None:
    text = edit(good_text(), "  date: 2023年5月12日", "  date: 2023/5/12")
    text = edit(text, "  type: party_group", "  type: 主任办公会议")
    text = edit(text, "    outcome: adopted", "    outcome: 原则通过")
    text = edit(text, "    archived: true", "    archived: 已归档")
    text = edit(text, "    proposed_by: 办公室", "    amount: 壹佰贰拾万元整\n    proposed_by: 办公室")
    folder = record_dir(tmp_path, text)
    record = load_record(str(folder / "bad.yaml"))
    meeting, item = record.data["meeting"], record.data["items"][0]
    assert str(meeting["date"]) == "2023-05-12" and meeting["type"] == "executive"
    assert meeting["minutes"]["archived"] is True
    assert item["outcome"] == "adopted" and item["amount"] == 1_200_000


@pytest.mark.parametrize(
    ("written", "yuan"),
    [
        ("一千二百万元", 12_000_000),
        ("壹佰贰拾万元", 1_200_000),
        ("叁佰伍拾万元整", 3_500_000),
        ("一亿零五百万元", 105_000_000),
        ("十万", 100_000),
        ("两千零五元", 2005),
        ("１２００万元", 12_000_000),
    ],
)
def test_amounts_in_chinese_numerals(written: str, yuan: int) -> None:
    assert values.parse_amount(written) == yuan


@pytest.mark.parametrize(
    "written", ["约1200万", "大约1200万元", "1200万元左右", "1200余万元", "一千多万元", "不超过500万元"]
)
def test_an_estimate_is_no_amount_and_the_message_says_so(tmp_path: Path, written: str) -> None:
    text = edit(good_text(), "    proposed_by: 办公室", f"    amount: {written}\n    proposed_by: 办公室")
    code, shown, _document = check(tmp_path, text)
    line = line_of(text, f"amount: {written}")
    assert code == 2
    assert f"bad.yaml:{line}: items[0].amount：“{written}”是估计数、范围或上限，不是决定的金额" in shown
    assert "写会议决定的确切金额，如 1200万元" in shown


def test_personnel_matters_are_not_guessed_to_be_important_appointments(tmp_path: Path) -> None:
    text = edit(good_text(), "    category: major_decision", "    category: 人事任免")
    code, shown, _document = check(tmp_path, text)
    assert code == 2
    assert f"bad.yaml:{line_of(text, '人事任免')}: items[0].category：“人事任免”不能确定是不是“重要干部任免”" in shown
    assert "写 重要干部任免（personnel）" in shown


def test_hints_list_the_chinese_terms_first(tmp_path: Path) -> None:
    text = edit(good_text(), "{member: 钱七, position: agree}", "{member: 钱七, position: 赞同}")
    _code, shown, _document = check(tmp_path, text)
    assert "可用的值：同意（agree）、不同意（disagree）、弃权（abstain）、保留意见（reserve）" in shown


def test_a_date_with_the_day_first_is_still_refused(tmp_path: Path) -> None:
    text = edit(good_text(), "  date: 2023年5月12日", "  date: 12/5/2023")
    code, shown, _document = check(tmp_path, text)
    assert code == 2 and "“12/5/2023”不是日期" in shown and "年份在前" in shown


def test_the_ledger_takes_the_same_spellings(tmp_path: Path) -> None:
    header = ["单位", "会议编号", "会议类型", "会议时间", "主持人", "应到会成员", "参会人员", "是否归档"]
    header += ["议题编号", "事项名称", "议题类别", "金额", "逐一表态", "决定结果"]
    members = "张三、李四、王五"
    row = ["某署", "BG-2023-01", "主任办公会议", "2023.6.20", "张三", members, members, "已归档"]
    row += [
        "BG-2023-01-01",
        "购置设备",
        "大额资金运作",
        "壹佰贰拾万元",
        "李四：赞成；王五：赞成；张三：同意",
        "原则通过",
    ]
    bad = list(row)
    bad[1], bad[8], bad[11] = "BG-2023-02", "BG-2023-02-01", "约1200万"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    for values_row in (header, row, bad):
        ws.append(values_row)
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    code, document = run_json(str(path))
    assert code == 2
    entry = document["files"][0]
    assert "BG-2023-01-01" in entry["items"]
    assert entry["error"]["cell"] == "台账!L3"
    assert "“约1200万”是估计数" in entry["error"]["message"]
    assert json.dumps(document, ensure_ascii=False).count("不是允许的值") == 0
