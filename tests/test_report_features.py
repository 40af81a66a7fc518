"""Step definitions for features/审计报告.feature: the auditor's report, run as the auditor runs it.

Each scenario copies examples/ to a temporary directory (with, when a step says so, a record whose
title is markup, a record with an impossible date, or waivers in govcheck.yaml), runs
``govcheck report`` in-process and reads the written report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from pytest_bdd import given, parsers, scenarios, then, when

from conftest import output_of
from reporthelp import HOSTILE_TITLE, corpus, report, validate_json

STATES = {"有效": "active", "已到期": "expired", "失效": "stale", "本次未涉及": "unused"}


@dataclass
class Audit:
    workdir: Path
    hostile: bool = False
    broken: bool = False
    waivers: bool = False
    folder: Path | None = None
    outputs: list[Path] = field(default_factory=list)
    result: Result | None = None

    def records(self) -> Path:
        if self.folder is None:
            self.folder = corpus(self.workdir, hostile=self.hostile, broken=self.broken, waivers=self.waivers)
        return self.folder

    def run(self, fmt: str, *args: str) -> Path:
        out = self.workdir / f"report-{len(self.outputs)}.{fmt}"
        self.result = report(self.records(), out, *args)
        self.outputs.append(out)
        return out

    @property
    def text(self) -> str:
        return self.outputs[-1].read_text(encoding="utf-8")

    def document(self) -> dict[str, Any]:
        """The JSON report of the same run (for steps that look at numbers)."""
        if self.outputs[-1].suffix == ".json":
            data: dict[str, Any] = json.loads(self.text)
            return data
        out = self.workdir / "same.json"
        report(self.records(), out, "--reproducible")
        data = json.loads(out.read_text(encoding="utf-8"))
        return data


@pytest.fixture
def audit(tmp_path: Path) -> Audit:
    return Audit(tmp_path)


@given("一个记录目录，含示例记录")
def examples_folder(audit: Audit) -> None:
    audit.folder = None


@given("其中一份记录的议题标题含有 <script> 标签")
def hostile_title(audit: Audit) -> None:
    audit.hostile = True


@given(parsers.re(r"其中一份记录的会议日期写成 (?P<date>\S+)"))
def broken_date(audit: Audit, date: str) -> None:
    assert date == "2023-13-45"  # the broken record of reporthelp.corpus
    audit.broken = True


@given("单位设置中登记了一条有效的豁免、一条已到期的豁免和一条没有对应问题的豁免")
def three_waivers(audit: Audit) -> None:
    audit.waivers = True


@when(parsers.re(r"审计人员运行 govcheck report 生成 (?P<fmt>\w+) 报告，期间为 (?P<start>\S+) 至 (?P<end>\S+)"))
def run_period(audit: Audit, fmt: str, start: str, end: str) -> None:
    audit.run(fmt, "--from", start, "--to", end, "--reproducible")


@when(parsers.re(r"审计人员运行 govcheck report 生成 (?P<fmt>\w+) 报告$"))
def run_report(audit: Audit, fmt: str) -> None:
    audit.run(fmt)


@when(parsers.re(r"审计人员两次运行 govcheck report --reproducible 生成 (?P<fmt>\w+) 报告"))
def run_twice(audit: Audit, fmt: str) -> None:
    audit.run(fmt, "--reproducible")
    audit.run(fmt, "--reproducible")


@then(parsers.re(r"报告已写出，退出码为 (?P<code>\d)"))
def written(audit: Audit, code: str) -> None:
    assert audit.result is not None
    assert audit.result.exit_code == int(code), output_of(audit.result)
    assert audit.outputs[-1].stat().st_size > 0


@then("报告中的文件数、议题数、问题数、错误数、警告数与 govcheck validate 的结果一致")
def numbers_match(audit: Audit) -> None:
    _code, validated = validate_json(audit.records())
    summary = audit.document()["summary"]
    for key in ("files", "items", "findings", "errors", "warnings"):
        assert summary[key] == validated["summary"][key], key
        assert f'data-key="{key}">{validated["summary"][key]:,}<' in audit.text, key


@then(parsers.re(r"报告的“(?P<title>.+)”清单列出议题 (?P<item>\S+)"))
def list_names(audit: Audit, title: str, item: str) -> None:
    document = audit.document()
    (audit_list,) = [a for a in document["lists"] if a["title"] == title]
    findings = {f["n"]: f for f in document["findings"]}
    assert item in {findings[n]["item"] for n in audit_list["findings"]}
    assert title in audit.text and item in audit.text


@then("报告列出每个输入文件的 SHA-256")
def every_sha(audit: Audit) -> None:
    _code, validated = validate_json(audit.records())
    for entry in validated["files"]:
        assert entry["path"] in audit.text and entry["sha256"] in audit.text


@then("标题中的 <script> 作为文字显示，报告中没有任何脚本")
def escaped(audit: Audit) -> None:
    assert "<script" not in audit.text.lower()
    assert HOSTILE_TITLE not in audit.text and "&lt;script&gt;document.title=" in audit.text


@then(parsers.re(r"报告中每个议题的决策日期都在 (?P<start>\S+) 至 (?P<end>\S+) 之间"))
def all_in_period(audit: Audit, start: str, end: str) -> None:
    items = audit.document()["items"]
    assert items and all(start <= i["date"] <= end for i in items)


@then("报告写明期间外未列入的议题数")
def excluded_count(audit: Audit) -> None:
    document = audit.document()
    _code, validated = validate_json(audit.records())
    excluded = document["scope"]["excluded"]
    assert excluded["outside_period"] > 0
    assert (
        document["summary"]["items"] + excluded["outside_period"] + excluded["undated"] == validated["summary"]["items"]
    )


@then(parsers.re(r"报告的输入错误部分列出该文件第 (?P<line>\d+) 行，说明包含“(?P<text>.+)”"))
def input_error_listed(audit: Audit, line: str, text: str) -> None:
    (error,) = audit.document()["input_errors"]
    assert error["file"].endswith("2023-05-14-broken.yaml") and error["line"] == int(line) and text in error["message"]
    assert 'class="input-error"' in audit.text and text in audit.text


@then(parsers.re(r"豁免登记中的状态分别为 (?P<states>.+)"))
def waiver_states(audit: Audit, states: str) -> None:
    expected = [STATES[s] for s in states.split("、")]
    assert [w["state"] for w in audit.document()["waivers"]] == expected


@then(parsers.re(r"被豁免的问题写明理由“(?P<reason>.+)”和批准人“(?P<by>.+)”"))
def waived_finding(audit: Audit, reason: str, by: str) -> None:
    waived = [f for f in audit.document()["findings"] if f["waived"]]
    assert [(f["waiver"]["reason"], f["waiver"]["approved_by"]) for f in waived] == [(reason, by)]


@then("两份报告逐字节相同")
def identical(audit: Audit) -> None:
    first, second = audit.outputs[-2:]
    assert first.read_bytes() == second.read_bytes()


scenarios("审计报告.feature")
