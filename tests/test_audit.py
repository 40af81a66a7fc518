"""The payments cross-check (pack audit): a payments ledger beside the decision records.

Workbooks are built as units keep them: a title row, header variants (付款日期, 对方单位,
合同编号), Excel dates and dates typed as text, amounts as numbers and as 350万元, blank
spacer rows, a remarks column, full-width names.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import run_cli, run_json

from govcheck.engine import available_engines
from govcheck.facts.payments import normalise_party
from govcheck.ledger.payments import PAYMENT_COLUMNS

SETTINGS = """unit: 某区重点区域规划建设管理署
principal: 张三
thresholds:
  large_fund: 500000
packs: [tiol, records]
"""

RECORD = """govcheck: 1
unit: 某区重点区域规划建设管理署
meeting:
  id: {meeting}
  type: {type}
  date: {date}
  chair: 张三
  members: [张三, 李四, 王五]
  attendees: [张三, 李四, 王五]
  minutes: {{recorder: 周九, archived: true}}
items:
  - id: {meeting}-01
    title: 关于{title}的议题
    category: large_fund
    amount: {amount}
    counterparty: {party}
    opinions:
      - {{member: 李四, position: agree}}
      - {{member: 王五, position: agree}}
      - {{member: 张三, position: agree}}
    outcome: {outcome}
"""


def _records(folder: Path, entries: list[dict[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "govcheck.yaml").write_text(SETTINGS, encoding="utf-8")
    for entry in entries:
        values = {"type": "party_group", "outcome": "adopted", "title": "工程款", **entry}
        (folder / f"{entry['meeting']}.yaml").write_text(RECORD.format(**values), encoding="utf-8")
    return folder


def _payments(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2023年"
    ws.append(["某署2023年度支出明细表"])  # a title row above the header
    ws.merge_cells("A1:F1")
    ws.append(["付款日期", "金额（元）", "对方单位", "摘要", "合同编号", "预算项目", "议题编号", "备注"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _unit(tmp_path: Path) -> tuple[Path, Path]:
    minutes = _records(
        tmp_path / "minutes",
        [
            {"meeting": "DZ-2023-05", "date": "2023-05-12", "amount": "500万元", "party": "ABC建设工程有限责任公司"},
            {"meeting": "DZ-2023-09", "date": "2023-09-15", "amount": "100万元", "party": "某设计院有限公司"},
            {
                "meeting": "DZ-2023-10",
                "date": "2023-06-15",
                "amount": "100万元",
                "party": "某监理有限公司",
                "outcome": "deferred",
            },
        ],
    )
    payments = _payments(
        tmp_path / "支出明细.xlsx",
        [
            [
                dt.datetime(2023, 6, 1),
                3000000,
                "ＡＢＣ建设工程　有限公司",
                "进度款",
                "HT-01",
                "2023-基建-001",
                None,
                "首付",
            ],
            ["2023.8.1", "350万元", "ABC建设工程有限公司", "进度款", "HT-02", "2023-基建-001", None, None],
            [None] * 8,  # a blank spacer row
            [dt.datetime(2023, 8, 20), "80万元", "某设计院有限公司", "设计费", "HT-03", None, "DZ-2023-09-01", None],
            ["2023/10/9", 1200000, "某咨询有限公司", "咨询费", "HT-04", None, None, None],
            ["2023-11-02", "2万元", "某文具店", "办公用品", None, None, None, None],
            ["2023-11-05", "100万元", "某监理有限公司", "监理费", "HT-06", None, None, None],
        ],
    )
    return minutes, payments


def _aud(doc: dict) -> list[tuple[str, str, str]]:
    return sorted((f["check"], f["item"], f["cell"]) for f in doc["findings"] if f["check"].startswith("AUD-"))


EXPECTED = [
    ("AUD-PAYMENT-BEFORE-DECISION", "HT-03", "2023年!A6"),  # paid 08-20, decided 09-15
    ("AUD-PAYMENT-EXCEEDS-DECISION", "HT-02", "2023年!B4"),  # 300万 + 350万 > 500万 decided
    ("AUD-PAYMENT-NO-DECISION", "HT-04", "2023年!C7"),  # no decision for this payee at all
    ("AUD-PAYMENT-NO-DECISION", "HT-06", "2023年!C9"),  # its only item was deferred, not adopted
]


@pytest.mark.parametrize("engine", available_engines())
def test_payments_are_linked_by_id_or_payee_and_findings_name_the_cell(tmp_path: Path, engine: str) -> None:
    minutes, payments = _unit(tmp_path)
    code, doc = run_json(str(minutes), "--payments", str(payments), "--engine", engine)
    assert _aud(doc) == EXPECTED
    assert code == 1
    text = run_cli("validate", str(minutes), "--payments", str(payments), "--engine", engine).stdout
    assert "支出明细.xlsx:2023年!C7: 错误 AUD-PAYMENT-NO-DECISION [HT-04]" in text
    assert "120万元" in text and "某咨询有限公司" in text  # the message says how much and to whom


def test_without_payments_the_audit_pack_reports_nothing(tmp_path: Path) -> None:
    minutes, _payments_file = _unit(tmp_path)
    _code, doc = run_json(str(minutes))
    assert not [f for f in doc["findings"] if f["check"].startswith("AUD-")]


def test_a_bad_cell_is_an_input_error_and_the_other_payments_are_still_checked(tmp_path: Path) -> None:
    minutes, _ = _unit(tmp_path)
    payments = _payments(
        tmp_path / "p.xlsx",
        [
            ["2023-06-01", "三百万万", "某咨询有限公司", "x", "HT-01"],
            ["2023-06-02", "120万元", "某咨询有限公司", "x", "HT-02"],
            ["2023-13-40", "120万元", None, "x", "HT-03"],
        ],
    )
    code, doc = run_json(str(minutes), "--payments", str(payments))
    assert code == 2
    [entry] = [f for f in doc["files"] if f["path"].endswith("p.xlsx")]
    assert entry["error"]["cell"] == "2023年!B3" and "三百万万" in entry["error"]["message"]
    assert [f["item"] for f in doc["findings"] if f["check"] == "AUD-PAYMENT-NO-DECISION"] == ["HT-02"]
    text = run_cli("validate", str(minutes), "--payments", str(payments)).output
    assert "p.xlsx:2023年!A5" in text and "p.xlsx:2023年!C5" in text  # bad date, missing payee


def test_a_payments_ledger_in_the_minutes_folder_is_never_read_as_decisions(tmp_path: Path) -> None:
    minutes, _ = _unit(tmp_path)
    inside = _payments(minutes / "支出明细.xlsx", [["2023-10-09", "120万元", "某咨询有限公司", "x", "HT-04"]])
    code, doc = run_json(str(minutes))  # found in the directory run: skipped, no unknown-column errors
    assert code != 2 and not [f for f in doc["files"] if f["error"]]
    code, doc = run_json(str(minutes), "--payments", str(inside))
    assert [f["item"] for f in doc["findings"] if f["check"].startswith("AUD-")] == ["HT-04"]
    assert [f["path"].rsplit("/", 1)[-1] for f in doc["files"]].count("支出明细.xlsx") == 1


def test_a_workbook_that_is_not_a_payments_ledger_is_an_input_error(tmp_path: Path) -> None:
    minutes, _ = _unit(tmp_path)
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(tmp_path / "x.xlsx")
    code, doc = run_json(str(minutes), "--payments", str(tmp_path / "x.xlsx"))
    assert code == 2
    assert "ledger template --payments" in json.dumps(doc, ensure_ascii=False)
    code, _doc = run_json(str(minutes), "--payments", str(tmp_path / "missing.xlsx"))
    assert code == 2


def test_counterparty_names_are_compared_after_normalising() -> None:
    assert normalise_party("ＡＢＣ建设工程　有限公司") == normalise_party("ABC建设工程有限责任公司")
    assert normalise_party("某设计院（深圳）有限公司") == normalise_party("某设计院(深圳) 有限公司")
    assert normalise_party("某股份有限公司") == normalise_party("某有限公司")
    assert normalise_party("某设计院") != normalise_party("某设计研究院")


def test_report_has_a_payments_section(tmp_path: Path) -> None:
    minutes, payments = _unit(tmp_path)
    out = tmp_path / "r.json"
    result = run_cli("report", str(minutes), "--payments", str(payments), "-o", str(out), "--reproducible")
    assert result.exit_code == 0, result.output
    section = json.loads(out.read_text(encoding="utf-8"))["payments"]
    # Six payments (the spacer row skipped); only HT-01 and HT-02 are backed by a decision taken before
    # them (DZ-2023-05 on 05-12); HT-03's decision came later, the others have none.
    assert section["count"] == 6 and section["amount"] == 3000000 + 3500000 + 800000 + 1200000 + 20000 + 1000000
    assert section["linked"] == 2 and section["linked_amount"] == 6500000
    assert section["linked_share"] == round(6500000 / section["amount"], 4)
    assert section["findings"] == {
        "AUD-PAYMENT-BEFORE-DECISION": 1,
        "AUD-PAYMENT-EXCEEDS-DECISION": 1,
        "AUD-PAYMENT-NO-DECISION": 2,
    }
    md = tmp_path / "r.md"
    run_cli("report", str(minutes), "--payments", str(payments), "-o", str(md))
    assert "## 支出与决策核对" in md.read_text(encoding="utf-8")
    html = tmp_path / "r.html"
    run_cli("report", str(minutes), "--payments", str(payments), "-o", str(html))
    assert 'data-key="payments-linked">2<' in html.read_text(encoding="utf-8")
    workbook = tmp_path / "r.xlsx"
    run_cli("report", str(minutes), "--payments", str(payments), "-o", str(workbook))
    overview = {row[0]: row[1] for row in openpyxl.load_workbook(workbook).worksheets[0].iter_rows(values_only=True)}
    assert overview["能关联到事前集体决策的笔数"] == 2 and overview["支出笔数"] == 6
    plain = tmp_path / "plain.json"
    run_cli("report", str(minutes), "-o", str(plain))
    assert json.loads(plain.read_text(encoding="utf-8"))["payments"] is None


def test_payments_template(tmp_path: Path) -> None:
    path = tmp_path / "支出明细模板.xlsx"
    result = run_cli("ledger", "template", "--payments", "-o", str(path))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb.worksheets[0][1]] == [c.header for c in PAYMENT_COLUMNS]
    assert [c.header for c in PAYMENT_COLUMNS] == ["日期", "金额", "收款单位", "摘要", "凭证号", "预算项目", "议题编号"]
    guide = {row[0]: row for row in wb["填写说明"].iter_rows(values_only=True) if row[0]}
    assert "付款日期" in guide["日期"][3] and "合同编号" in guide["凭证号"][3]
    # The empty template is a valid (empty) payments ledger.
    minutes, _ = _unit(tmp_path)
    code, doc = run_json(str(minutes), "--payments", str(path))
    assert not [f for f in doc["files"] if f["error"]] and code == 1


@pytest.mark.skipif("durable" not in available_engines(), reason="durable-rules is not available here")
def test_durable_and_plain_agree_on_generated_payments(tmp_path: Path) -> None:
    """Differential: random decisions and payments, every AUD finding identical in both engines."""
    rng = random.Random(11)
    parties = ["甲建设有限公司", "乙设计院有限责任公司", "丙咨询有限公司", "丁物业有限公司", "戊科技有限公司"]
    entries = []
    for number in range(30):
        day = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randrange(360))
        entries.append(
            {
                "meeting": f"DZ-{number:03d}",
                "date": day.isoformat(),
                "amount": f"{rng.choice([50, 80, 120, 300, 600])}万元",
                "party": rng.choice(parties),
                "outcome": rng.choice(["adopted", "adopted", "adopted", "deferred", "rejected"]),
                "type": rng.choice(["party_group", "party_group", "executive", "circulation"]),
            }
        )
    minutes = _records(tmp_path / "gen", entries)
    rows: list[list[object]] = []
    for number in range(120):
        day = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randrange(360))
        ref = f"DZ-{rng.randrange(40):03d}-01" if rng.random() < 0.4 else None
        name = rng.choice([*parties, "己公司"])
        if rng.random() < 0.3:
            name = name.replace("有限公司", "有限责任公司").replace("甲", "甲 ")
        rows.append(
            [
                day.isoformat() if rng.random() < 0.5 else dt.datetime.combine(day, dt.time()),
                rng.choice(["30万元", "60万元", 150000, "200万元", 2500000]),
                name,
                "款项",
                f"PZ-{number:03d}",
                rng.choice(["2023-基建-001", "2023-办公-002", None]),
                ref,
                None,
            ]
        )
    payments = _payments(tmp_path / "gen.xlsx", rows)
    results = {}
    for engine in ("durable", "plain"):
        _code, doc = run_json(str(minutes), "--payments", str(payments), "--engine", engine)
        results[engine] = sorted(
            (f["check"], f["item"], str(f.get("cell", f["line"])), f["message"]) for f in doc["findings"]
        )
    assert results["durable"] == results["plain"]
    checks = {check for check, *_rest in results["plain"]}
    assert {"AUD-PAYMENT-NO-DECISION", "AUD-PAYMENT-BEFORE-DECISION", "AUD-PAYMENT-EXCEEDS-DECISION"} <= checks


@pytest.mark.parametrize("kind", ["agency", "soe"])
def test_payment_findings_cite_the_bases_for_the_units_kind(tmp_path: Path, kind: str) -> None:
    """(1.1) 中办发〔2010〕17号 is addressed to SOEs: an agency's payment findings cite the Party constitution
    and its own rules; no dangling enumerator (「三、」) in any citation."""
    minutes, payments = _unit(tmp_path)
    settings = minutes / "govcheck.yaml"
    settings.write_text(SETTINGS + f"unit_kind: {kind}\n", encoding="utf-8")
    _code, doc = run_json(str(minutes), "--payments", str(payments))
    found = [f for f in doc["findings"] if f["check"].startswith("AUD-")]
    assert {f["check"] for f in found} == {c for c, _i, _cell in EXPECTED}
    for finding in found:
        cited = " ".join(finding["basis"])
        assert ("中办发〔2010〕17号" in cited) == (kind == "soe"), (finding["check"], cited)
        assert "三、" not in cited and "二、" not in cited
        if kind == "agency":
            assert "本单位" in cited, (finding["check"], cited)
