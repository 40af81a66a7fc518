"""Step definitions for features/支出核对.feature: the payments cross-check as the auditor runs it.

Each scenario writes the decision records of its table (one party group meeting per item, a
compliant record otherwise), a payments workbook with a title row above the header, and runs
``govcheck validate --format json --payments`` in-process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from conftest import run_json

RECORD = """govcheck: 1
unit: 某区重点区域规划建设管理署
meeting:
  id: {meeting}
  type: party_group
  date: {date}
  chair: 张三
  members: [张三, 李四, 王五]
  attendees: [张三, 李四, 王五]
  notice: {{agenda_sent: {notice}, materials_sent: {notice}}}
  minutes: {{recorder: 周九, archived: true}}
items:
  - id: {item}
    title: 关于工程款的议题
    category: large_fund
    amount: {amount}
    counterparty: {party}
    opinions:
      - {{member: 李四, position: agree}}
      - {{member: 王五, position: agree}}
      - {{member: 张三, position: agree}}
    vote: {{method: show_of_hands, for: 3, against: 0, abstain: 0}}
    outcome: {outcome}
"""
OUTCOMES = {"通过": "adopted", "暂缓": "deferred", "不通过": "rejected"}
PAYMENT_HEADER = ("日期", "金额", "收款单位", "凭证号", "预算项目", "议题编号")


@dataclass
class Run:
    folder: Path
    threshold: str = "50万元"
    payments: Path | None = None
    code: int = 0
    doc: dict[str, Any] = field(default_factory=dict)

    def audit(self) -> list[dict[str, Any]]:
        return [f for f in self.doc["findings"] if f["check"].startswith("AUD-")]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    return Run(tmp_path / "minutes")


def _table(datatable: list[list[str]]) -> list[dict[str, str]]:
    header, *rows = datatable
    return [dict(zip(header, (cell.strip() for cell in row), strict=True)) for row in rows]


@given(parsers.parse("单位设置的大额资金标准为 {amount}"))
def given_threshold(run: Run, amount: str) -> None:
    run.threshold = amount


@given("记录目录中有以下议题：")
def given_items(run: Run, datatable: list[list[str]]) -> None:
    run.folder.mkdir(parents=True, exist_ok=True)
    (run.folder / "govcheck.yaml").write_text(
        f"unit: 某区重点区域规划建设管理署\nprincipal: 张三\nthresholds:\n  large_fund: {run.threshold}\n"
        "packs: [tiol, records]\n",
        encoding="utf-8",
    )
    for row in _table(datatable):
        meeting = row["议题"].rsplit("-", 1)[0]
        notice = (dt.date.fromisoformat(row["会议日期"]) - dt.timedelta(days=5)).isoformat()
        (run.folder / f"{meeting}.yaml").write_text(
            RECORD.format(
                meeting=meeting,
                item=row["议题"],
                date=row["会议日期"],
                amount=row["金额"],
                party=row["合同相对方"],
                outcome=OUTCOMES[row["决定结果"]],
                notice=notice,
            ),
            encoding="utf-8",
        )


@given("支出明细中有以下支出：")
def given_payments(run: Run, datatable: list[list[str]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2023年"
    ws.append(["某署支出明细"])  # a title row: the header is row 2, the first payment row 3
    ws.append(list(PAYMENT_HEADER))
    for row in _table(datatable):
        ws.append([row[name] or None for name in PAYMENT_HEADER])
    run.payments = run.folder.parent / "支出明细.xlsx"
    wb.save(run.payments)


@when("带支出明细运行 govcheck 检查")
def when_with_payments(run: Run) -> None:
    assert run.payments is not None
    run.code, run.doc = run_json(str(run.folder), "--payments", str(run.payments))


@when("不带支出明细运行 govcheck 检查")
def when_without_payments(run: Run) -> None:
    run.code, run.doc = run_json(str(run.folder))


@then(parsers.parse("只报告 {check}"))
def then_only(run: Run, check: str) -> None:
    assert {f["check"] for f in run.doc["findings"]} == {check}, run.doc["findings"]


@then("没有任何问题")
def then_none(run: Run) -> None:
    assert run.doc["findings"] == [] and run.doc["files"][0]["error"] is None, run.doc["findings"]


@then(parsers.parse("{check} 报告在支出 {numbers} 上"))
def then_on(run: Run, check: str, numbers: str) -> None:
    assert sorted(f["item"] for f in run.doc["findings"] if f["check"] == check) == sorted(numbers.split("、"))


@then(parsers.parse("问题指向支出明细的单元格 {cell}"))
def then_cell(run: Run, cell: str) -> None:
    assert [f["cell"] for f in run.audit()] == [cell]
    assert all(f["file"].endswith("支出明细.xlsx") for f in run.audit())


@then(parsers.parse("问题的严重程度为 {severity}"))
def then_severity(run: Run, severity: str) -> None:
    names = {"错误": "error", "警告": "warning", "提示": "info"}
    assert {f["severity"] for f in run.audit()} == {names[severity]}


@then(parsers.parse("问题说明包含“{text}”"))
def then_message(run: Run, text: str) -> None:
    assert any(text in f["message"] for f in run.audit()), [f["message"] for f in run.audit()]


@then(parsers.parse("退出码为 {code:d}"))
def then_exit(run: Run, code: int) -> None:
    assert run.code == code


@then(parsers.parse("{verdict} {check}"))
def then_verdict(run: Run, verdict: str, check: str) -> None:
    fired = any(f["check"] == check for f in run.doc["findings"])
    assert fired == (verdict == "报告"), run.doc["findings"]


scenarios("支出核对.feature")
