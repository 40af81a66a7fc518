"""``govcheck report``: the numbers agree with validate, scope filters, escaping, reproducibility,
the XLSX read back with openpyxl, the waiver register, input errors and exit codes."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from conftest import output_of, run_cli
from govcheck.report.progress import TerminalProgress, terminal_progress
from reporthelp import AS_OF, HOSTILE_TITLE, corpus, report, report_json, validate_json

FORMATS = ("html", "xlsx", "md", "json")


# ------------------------------------------------------------------ numbers match validate


def test_summary_checks_and_files_match_validate_on_the_same_input(tmp_path: Path) -> None:
    folder = corpus(tmp_path, broken=True, waivers=True)
    _code, validated = validate_json(folder)
    code, document = report_json(folder, tmp_path)
    assert code == 2  # the broken record: an input error, and still a report
    for key, value in validated["summary"].items():
        assert document["summary"][key] == value, key
    assert Counter(f["check"] for f in document["findings"]) == Counter(f["check"] for f in validated["findings"])
    per_check = {c["check"]: c["findings"] for c in document["checks"]}
    for check, count in Counter(f["check"] for f in validated["findings"]).items():
        assert per_check[check] == count
    assert sum(c["waived"] for c in document["checks"]) == sum(f["waived"] for f in validated["findings"])
    shas = {f["path"]: f["sha256"] for f in validated["files"] if f["sha256"]}
    inputs = {f["path"]: f for f in document["scope"]["inputs"]}
    assert set(inputs) == {f["path"] for f in validated["files"]}
    assert all(inputs[path]["sha256"] == sha for path, sha in shas.items())
    broken = next(f for f in inputs.values() if f["error"])
    assert broken["sha256"] and len(broken["sha256"]) == 64  # unreadable as a record, still hashed
    assert sorted(i["id"] for i in document["items"]) == sorted(i for f in validated["files"] for i in f["items"])
    assert document["rules"]["digest"] == validated["rules"]["digest"]
    assert sum(t["items"] for t in document["trend"]) == validated["summary"]["items"]


def test_share_of_applicable_items_is_counted_from_the_rule_conditions(tmp_path: Path) -> None:
    _code, document = report_json(corpus(tmp_path, hostile=False), tmp_path)
    checks = {c["check"]: c for c in document["checks"]}
    quorum = checks["TIOL-PASS-MAJORITY"]  # applies to adopted TIOL items at a voting forum (or personnel)
    assert quorum["counted"] == "item" and 0 < quorum["applicable"] < document["summary"]["items"]
    personnel_quorum = checks["TIOL-QUORUM-PERSONNEL"]  # meeting-level: once per meeting with a personnel item
    personnel = {i["meeting"] for i in document["items"] if "personnel" in i["categories"] and i["meeting"]}
    assert personnel_quorum["applicable"] == len(personnel) and personnel_quorum["counted"] == "meeting"
    assert quorum["share"] == round(quorum["failing"] / quorum["applicable"], 4)
    assert checks["REC-ROSTER-MISMATCH"]["counted"] == "meeting"  # one per meeting
    assert checks["REC-ROSTER-MISMATCH"]["applicable"] == len({i["meeting"] for i in document["items"] if i["meeting"]})
    assert checks["REC-DUPLICATE-ID"]["counted"] == "all_items"
    assert checks["REC-DUPLICATE-ID"]["applicable"] == document["summary"]["items"]
    assert all(c["failing"] <= c["applicable"] for c in document["checks"] if c["applicable"] is not None)
    assert all(c["basis"] for c in document["checks"])


def test_cross_record_checks_are_marked_not_run_for_single_files(tmp_path: Path) -> None:
    record = corpus(tmp_path, hostile=False) / "minutes" / "2023-08-08-executive.yaml"
    out = tmp_path / "one.json"
    result = run_cli("report", str(record), "-o", str(out), "--as-of", AS_OF, "--reproducible")
    assert result.exit_code == 0, output_of(result)
    checks = {c["check"]: c for c in json.loads(out.read_text(encoding="utf-8"))["checks"]}
    assert checks["REC-DUPLICATE-ID"]["counted"] == "not_run" and checks["REC-DUPLICATE-ID"]["applicable"] is None


def test_the_auditors_lists_hold_the_findings_of_their_checks(tmp_path: Path) -> None:
    _code, document = report_json(corpus(tmp_path, hostile=False), tmp_path)
    lists = {a["key"]: a for a in document["lists"]}
    assert set(lists) == {
        "not_collective",
        "no_legality_review",
        "no_fair_competition_review",
        "personnel_quorum",
        "emergency_not_reported",
    }
    findings = {f["n"]: f for f in document["findings"]}
    for audit in lists.values():
        assert all(findings[n]["check"] in audit["checks"] for n in audit["findings"])
    assert [findings[n]["check"] for n in lists["not_collective"]["findings"]] == ["TIOL-COLLECTIVE"]
    assert [findings[n]["check"] for n in lists["emergency_not_reported"]["findings"]] == ["TIOL-EMERGENCY-REPORTED"]
    assert {findings[n]["check"] for n in lists["personnel_quorum"]["findings"]} == {"TIOL-QUORUM-PERSONNEL"}
    items = {i["n"]: i for i in document["items"]}
    for n in lists["personnel_quorum"]["findings"]:
        assert "personnel" in items[findings[n]["item_n"]]["categories"]


# ------------------------------------------------------------------ scope: --from, --to, --unit


def test_from_and_to_keep_the_items_decided_in_the_period(tmp_path: Path) -> None:
    folder = corpus(tmp_path, hostile=False)
    _code, everything = report_json(folder, tmp_path)
    _code, september = report_json(folder, tmp_path, "--from", "2023-09-01", "--to", "2023年9月30日")
    inside = [i for i in everything["items"] if i["date"] and "2023-09-01" <= i["date"] <= "2023-09-30"]
    assert [i["id"] for i in september["items"]] == [i["id"] for i in inside] and inside
    assert september["scope"]["period"] == {
        "from": "2023-09-01",
        "to": "2023-09-30",
        "first_decision": min(i["date"] for i in inside),
        "last_decision": max(i["date"] for i in inside),
    }
    ids = {i["id"] for i in inside} | {i["meeting"] for i in inside if i["meeting"]}
    expected = [f for f in everything["findings"] if f["item"] in ids]
    assert [(f["check"], f["item"]) for f in september["findings"]] == [(f["check"], f["item"]) for f in expected]
    excluded = september["scope"]["excluded"]
    assert (
        september["summary"]["items"] + excluded["outside_period"] + excluded["undated"]
        == everything["summary"]["items"]
    )
    assert september["summary"]["files"] == len({i["file"] for i in inside})
    assert september["scope"]["files_read"] == everything["scope"]["files_read"]  # all read, for cross-record checks
    assert all(t["month"] == "2023-09" for t in september["trend"])


def test_from_alone_and_a_period_without_items(tmp_path: Path) -> None:
    folder = corpus(tmp_path, hostile=False)
    _code, late = report_json(folder, tmp_path, "--from", "2024-01-01")
    assert late["items"] and all(i["date"] >= "2024-01-01" for i in late["items"])
    code, empty = report_json(folder, tmp_path, "--from", "2030-01-01")
    assert code == 0 and empty["summary"]["items"] == 0 and empty["findings"] == [] and empty["trend"] == []


def test_unit_keeps_the_records_of_that_unit(tmp_path: Path) -> None:
    folder = corpus(tmp_path)  # the hostile record has its own unit
    code, document = report_json(folder, tmp_path, "--unit", "<i>某单位</i>")
    assert code == 0
    assert {i["id"] for i in document["items"]} == {"XSS-2023-08-01", "XSS-2023-08-02"}
    assert document["scope"]["units"] == ["<i>某单位</i>"] and document["scope"]["unit_filter"] == "<i>某单位</i>"
    assert document["scope"]["excluded"]["other_unit"] == 29
    result = report(folder, tmp_path / "none.md", "--unit", "没有这个单位")
    assert result.exit_code == 0 and "没有单位为“没有这个单位”的议题" in output_of(result)


def test_from_after_to_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = report(corpus(tmp_path), out, "--from", "2023-10-01", "--to", "2023-01-01")
    assert result.exit_code == 2 and not out.exists()
    result = report(corpus(tmp_path / "b"), tmp_path / "r.txt")
    assert result.exit_code == 2 and "--format" in output_of(result)


# ------------------------------------------------------------------ escaping


def test_a_hostile_title_is_text_in_html_and_markdown(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    for fmt in ("html", "md"):
        out = tmp_path / f"r.{fmt}"
        assert report(folder, out).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert "<script>document" not in text and "<img src=x" not in text and "<i>某单位" not in text
        assert "&lt;script&gt;document.title=" in text and "&lt;i&gt;某单位&lt;/i&gt;" in text
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()  # the report itself has no script at all
    assert "default-src 'none'" in html  # and forbids any, should escaping ever fail
    _code, document = report_json(folder, tmp_path)
    assert HOSTILE_TITLE in {i["title"] for i in document["items"]}  # JSON carries the data as it is


def test_the_running_header_holds_unit_and_period_and_no_unit_can_leave_its_css_string(tmp_path: Path) -> None:
    """The unit goes into the print stylesheet (the @page header), where HTML escaping does not help."""
    folder = corpus(tmp_path, hostile=False)
    breakout = '某单位"; } body { display: none } </style><script>alert(1)</script>'
    record = folder / "minutes" / "2023-05-12-party-group.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace("unit: 某区重点区域规划建设管理署", "unit: " + json.dumps(breakout)), encoding="utf-8"
    )
    out = tmp_path / "r.html"
    assert report(folder, out, "--from", "2023-05-01", "--to", "2023-05-31").exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("</style>") == 1 and "<script" not in html
    style = html[html.index("<style>") : html.index("</style>")]
    assert "display: none" not in style and "某单位" not in style  # only as escapes
    header = re.search(r"@top-left \{ content: \"([^\"]*)\";", style)
    assert header is not None
    decoded = re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), header.group(1))
    assert decoded == breakout + " · 2023-05-01 – 2023-05-31"
    footer = re.search(r"@bottom-center \{ content: ([^;]*);", style)
    assert footer is not None and "counter(page)" in footer.group(1) and "counter(pages)" in footer.group(1)


# ------------------------------------------------------------------ reproducible


@pytest.mark.parametrize("fmt", FORMATS)
def test_reproducible_reports_are_byte_identical(tmp_path: Path, fmt: str) -> None:
    folder = corpus(tmp_path, waivers=True)
    first, second = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
    assert report(folder, first, "--reproducible").exit_code == 0
    assert report(folder, second, "--reproducible").exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_without_reproducible_the_generation_time_is_the_only_difference(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    stamped, plain = tmp_path / "stamped.json", tmp_path / "plain.json"
    assert report(folder, stamped).exit_code == 0
    assert report(folder, plain, "--reproducible").exit_code == 0
    document = json.loads(stamped.read_text(encoding="utf-8"))
    generated = document["report"].pop("generated")
    assert dt.datetime.fromisoformat(generated).tzinfo is not None
    assert document == json.loads(plain.read_text(encoding="utf-8"))
    html = tmp_path / "stamped.html"
    assert report(folder, html).exit_code == 0
    assert generated[:10] in html.read_text(encoding="utf-8")


# ------------------------------------------------------------------ xlsx


def test_xlsx_sheets_headers_filters_and_types(tmp_path: Path) -> None:
    folder = corpus(tmp_path, waivers=True)
    out = tmp_path / "r.xlsx"
    assert report(folder, out, "--reproducible").exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:4] == ["概览", "问题清单", "事项", "豁免"]
    _code, document = report_json(folder, tmp_path)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert all(cell.font.b for cell in sheet[1])
        assert all(sheet.column_dimensions[cell.column_letter].width > 6 for cell in sheet[1])
    findings, items, waivers = book["问题清单"], book["事项"], book["豁免"]
    assert [c.value for c in findings[1]][:6] == ["序号", "检查项", "检查内容", "规则包", "严重程度", "议题编号"]
    assert findings.max_row - 1 == document["summary"]["findings"]
    assert items.max_row - 1 == document["summary"]["items"]
    assert waivers.max_row - 1 == 3
    header = {c.value: c.column - 1 for c in items[1]}
    rows = list(items.iter_rows(min_row=2, values_only=True))
    assert all(isinstance(r[header["决策日期"]], dt.datetime) for r in rows)
    amounts = [r[header["金额（元）"]] for r in rows if r[header["金额（元）"]] is not None]
    assert amounts and all(isinstance(a, int) for a in amounts)
    assert sorted(amounts) == sorted(i["amount"] for i in document["items"] if i["amount"] is not None)
    amount_cell = next(
        c for c in items[openpyxl.utils.get_column_letter(header["金额（元）"] + 1)][1:] if c.value is not None
    )
    assert amount_cell.number_format == "#,##0"
    finding_header = {c.value: c.column - 1 for c in findings[1]}
    lines = [r[finding_header["行"]] for r in findings.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(line, int) for line in lines)
    checks = book["检查项"]
    share_col = next(c.column for c in checks[1] if c.value == "不合规比例")
    shares = [checks.cell(row, share_col) for row in range(2, checks.max_row + 1)]
    assert any(isinstance(c.value, float) for c in shares)
    assert all(c.number_format == "0.0%" for c in shares if c.value is not None)
    overview = {row[0]: row[1] for row in book["概览"].iter_rows(min_row=2, values_only=True)}
    assert overview["议题数"] == document["summary"]["items"] and isinstance(overview["错误"], int)
    assert isinstance(overview["豁免到期的判断日期"], dt.datetime)
    assert book.properties.creator == "govcheck"


def test_xlsx_prints_on_a4_landscape_and_links_each_finding_to_its_item(tmp_path: Path) -> None:
    folder = corpus(tmp_path, waivers=True)
    out = tmp_path / "r.xlsx"
    assert report(folder, out, "--reproducible", "--from", "2023-01-01", "--to", "2023-12-31").exit_code == 0
    book = openpyxl.load_workbook(out)
    for sheet in book.worksheets:  # every sheet, as an auditor prints it
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title  # the header row on every printed page
        assert sheet.print_options.gridLines is True
        assert sheet.oddHeader.left.text == "<i>某单位</i>、某区重点区域规划建设管理署 · 2023-01-01 – 2023-12-31"
        assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    findings, items = book["问题清单"], book["事项"]
    head = {c.value: c.column for c in findings[1]}
    assert head["议题名称"] == head["议题编号"] + 1
    item_rows = {items.cell(r, 1).value: r for r in range(2, items.max_row + 1)}  # 序号 -> row
    linked = 0
    for row in range(2, findings.max_row + 1):
        item_cell = findings.cell(row, head["议题编号"])
        assert item_cell.data_type == "s" and not str(item_cell.value).startswith("=")  # text, never a formula
        number = findings.cell(row, head["事项序号"]).value
        if number is None:  # a finding on the settings file: no item row to go to
            assert item_cell.hyperlink is None
            continue
        target = item_rows[number]  # the item, or for a meeting-level finding the meeting's first item
        assert item_cell.hyperlink is not None and item_cell.hyperlink.location == f"'事项'!A{target}"
        assert item_cell.hyperlink.target is None  # inside the workbook: no external relationship
        assert item_cell.value in (items.cell(target, 2).value, items.cell(target, 5).value)  # item or meeting id
        assert findings.cell(row, head["议题名称"]).value == items.cell(target, 7).value  # the item's title
        linked += 1
    assert linked >= 20


def test_xlsx_in_english(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    assert report(corpus(tmp_path), out, "--lang", "en").exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:4] == ["Overview", "Findings", "Items", "Waivers"]
    assert [c.value for c in book["Items"][1]][:3] == ["no.", "item id", "decision date"]
    assert book["Findings"].oddFooter.center.text == "Page &P of &N"
    assert [c.value for c in book["Findings"][1]][5:7] == ["item id", "title"]


# ------------------------------------------------------------------ waivers and input errors


def test_the_waiver_register_shows_active_expired_and_stale_waivers(tmp_path: Path) -> None:
    folder = corpus(tmp_path, waivers=True)
    _code, document = report_json(folder, tmp_path)
    states = {(w["item"], w["check"]): w for w in document["waivers"]}
    assert states[("SW-2023-11-01", "TIOL-PRINCIPAL-LAST")]["state"] == "active"
    assert states[("SW-2023-11-01", "TIOL-MATERIALS-ADVANCE")]["state"] == "expired"
    assert states[("DZ-2023-08-01", "TIOL-QUORUM")]["state"] == "stale"
    active = states[("SW-2023-11-01", "TIOL-PRINCIPAL-LAST")]
    waived = [f for f in document["findings"] if f["n"] in active["findings"]]
    assert [(f["check"], f["waived"]) for f in waived] == [("TIOL-PRINCIPAL-LAST", True)]
    assert waived[0]["waiver"] == {
        "reason": "主要负责人因公务提前离会，经党组书面确认",
        "approved_by": "党组会议 SW-2023-12",
        "expires": "2099-12-31",
    }
    settings_findings = {f["check"] for f in document["findings"] if f["item_n"] is None}
    assert settings_findings == {"REC-WAIVER-EXPIRED", "REC-WAIVER-STALE"}
    html = tmp_path / "r.html"
    assert report(folder, html).exit_code == 0
    text = html.read_text(encoding="utf-8")
    assert text.count('class="waiver"') == 3
    for state in ("有效", "已到期", "失效（无对应问题）"):
        assert f"<td>{state}<br>" in text
    assert "已豁免：主要负责人因公务提前离会，经党组书面确认（批准：党组会议 SW-2023-12，有效期至2099-12-31）" in text


def test_input_errors_are_reported_with_line_and_reason_and_exit_2(tmp_path: Path) -> None:
    folder = corpus(tmp_path, broken=True)
    out = tmp_path / "r.html"
    result = report(folder, out)
    assert result.exit_code == 2 and out.exists()
    assert "输入错误" in output_of(result)
    _code, document = report_json(folder, tmp_path)
    (error,) = document["input_errors"]
    assert error["file"].endswith("2023-05-14-broken.yaml") and error["line"] == 8 and "2023-13-45" in error["message"]
    text = out.read_text(encoding="utf-8")
    assert 'class="input-error"' in text and "2023-05-14-broken.yaml" in text and "2023-13-45" in text


def test_bad_settings_are_an_input_error_in_the_report(tmp_path: Path) -> None:
    folder = corpus(tmp_path, hostile=False)
    with (folder / "govcheck.yaml").open("a", encoding="utf-8") as settings:
        settings.write("notice_days: 很多\n")
    code, document = report_json(folder, tmp_path)
    assert code == 2 and document["input_errors"] and document["input_errors"][0]["file"].endswith("govcheck.yaml")


# ------------------------------------------------------------------ exit codes and progress


def test_findings_exit_0_unless_fail_on_is_given(tmp_path: Path) -> None:
    folder = corpus(tmp_path, hostile=False)
    assert report(folder, tmp_path / "r.md").exit_code == 0
    assert report(folder, tmp_path / "r.md", "--fail-on", "error").exit_code == 1
    assert (
        report(
            folder, tmp_path / "r.md", "--from", "2022-01-01", "--to", "2022-12-31", "--fail-on", "warning"
        ).exit_code
        == 0
    )  # the 2022 items are clean


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = report(corpus(tmp_path), tmp_path / "r.json")
    assert "\r" not in output_of(result) and "读取文件" not in output_of(result)
    assert terminal_progress("zh", io.StringIO()) is None


def test_the_progress_bar_counts_files_and_items() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = terminal_progress("zh", stream)
    assert isinstance(progress, TerminalProgress)
    progress(1, 2, 3)
    progress(2, 2, 5)
    progress.finish()
    shown = stream.getvalue()
    assert "读取文件" in shown and "2/2  已检查议题 5；跨记录检查…" in shown and shown.endswith("\n")
    # click's bar redraws with \r and spaces: no ESC[K erase, which old Windows consoles print as garbage
    # (elsewhere click only hides and shows the cursor; on Windows it sends no escape sequence at all)
    assert "\x1b[K" not in shown
    assert set(re.findall(r"\x1b\[[^a-zA-Z]*[a-zA-Z]", shown)) <= {"\x1b[?25l", "\x1b[?25h"}


def test_pipeline_hooks_see_every_file_and_item(tmp_path: Path) -> None:
    from govcheck.pipeline import check_paths
    from govcheck.report.collect import ItemCollector
    from govcheck.rulebook.loader import load_rules

    folder = corpus(tmp_path, broken=True)
    calls: list[tuple[int, int, int]] = []
    collector = ItemCollector(load_rules())
    result = check_paths(
        [str(folder)], as_of=dt.date.fromisoformat(AS_OF), progress=lambda *a: calls.append(a), observe=collector
    )
    assert len(calls) == len(result.files) and calls[-1] == (len(result.files), len(result.files), result.item_count)
    assert [i.id for i in collector.items] == [i for f in result.files for i in f.items]


# ------------------------------------------------------------------ the engine in the scope section (issue 8)


@pytest.mark.parametrize("engine", ["plain", "auto"])
def test_every_report_format_names_the_engine_that_ran(tmp_path: Path, engine: str) -> None:
    folder = corpus(tmp_path, hostile=False)
    _code, validated = validate_json(folder)
    ran = "plain" if engine == "plain" else validated["tool"]["engine"]  # auto: durable where it works
    for fmt in FORMATS:
        out = tmp_path / f"report.{fmt}"
        result = report(folder, out, "--format", fmt, "--reproducible", "--engine", engine)
        assert result.exit_code == 0, result.output  # a report was written (findings are its content)
        if fmt == "json":
            assert json.loads(out.read_text(encoding="utf-8"))["tool"]["engine"] == ran
        elif fmt == "xlsx":
            overview = openpyxl.load_workbook(out, read_only=True).worksheets[0]
            assert ("规则引擎（--engine）", ran) in [tuple(row[:2]) for row in overview.iter_rows(values_only=True)]
        elif fmt == "html":
            assert f'<td data-key="scope-engine">{ran}</td>' in out.read_text(encoding="utf-8")
        else:
            assert f"| 规则引擎（--engine） | {ran} |" in out.read_text(encoding="utf-8")
