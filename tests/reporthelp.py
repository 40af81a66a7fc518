"""Helpers for the ``govcheck report`` tests: corpora with hostile and broken records, and runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import Result

from conftest import EXAMPLES, GOOD_RECORD, edit, good_text, run_cli

AS_OF = "2024-06-01"  # waiver expiry is judged on a fixed day, so results do not drift with the calendar
HOSTILE_TITLE = (
    "<script>document.title='PWNED';document.documentElement.setAttribute('data-pwned','script')"
    "</script><img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">"
    " & 关于<b>恶意</b>标题的议题"
)
HOSTILE_UNIT = "<i>某单位</i>"

WAIVERS = """
waivers:
  - item: SW-2023-11-01
    check: TIOL-PRINCIPAL-LAST
    reason: 主要负责人因公务提前离会，经党组书面确认
    approved_by: 党组会议 SW-2023-12
    expires: 2099-12-31
  - item: SW-2023-11-01
    check: TIOL-MATERIALS-ADVANCE
    reason: 紧急议题，材料会上送达
    approved_by: 署务会 SW-2023-12
    expires: 2020-01-01
  - item: DZ-2023-08-01
    check: TIOL-QUORUM
    reason: 已整改
    approved_by: 党组会议 DZ-2023-09
    expires: 2099-12-31
"""


def hostile_record() -> str:
    """A readable record (a copy of the compliant example under new ids) whose title and unit are markup."""
    text = good_text().replace("DZ-2023-08", "XSS-2023-08")
    text = edit(
        text,
        "title: 关于印发《中共某区重点区域规划建设管理署党组工作规则》的议题",
        "title: " + json.dumps(HOSTILE_TITLE, ensure_ascii=False),
    )
    return edit(text, "unit: 某区重点区域规划建设管理署", "unit: " + json.dumps(HOSTILE_UNIT, ensure_ascii=False))


def corpus(tmp_path: Path, hostile: bool = True, broken: bool = False, waivers: bool = False) -> Path:
    """A copy of examples/ with, on request, a hostile record, an unreadable record and waivers."""
    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES, target)
    minutes = target / "minutes"
    if hostile:
        (minutes / "2023-05-13-hostile.yaml").write_text(hostile_record(), encoding="utf-8")
    if broken:
        text = GOOD_RECORD.read_text(encoding="utf-8").replace("DZ-2023-08", "BAD-2023-08")
        (minutes / "2023-05-14-broken.yaml").write_text(
            edit(text, "date: 2023年5月12日", "date: 2023-13-45"), encoding="utf-8"
        )
    if waivers:
        with (target / "govcheck.yaml").open("a", encoding="utf-8") as settings:
            settings.write(WAIVERS)
    return target


def report(folder: Path, out: Path, *args: str) -> Result:
    """``govcheck report FOLDER -o OUT ARGS…`` in-process, with the fixed as-of date."""
    return run_cli("report", str(folder), "-o", str(out), "--as-of", AS_OF, *args)


def report_json(folder: Path, tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "report.json"
    result = report(folder, out, "--format", "json", "--reproducible", *args)
    return result.exit_code, json.loads(out.read_text(encoding="utf-8"))


def validate_json(folder: Path) -> tuple[int, dict[str, Any]]:
    result = run_cli("validate", str(folder), "--format", "json", "--as-of", AS_OF)
    return result.exit_code, json.loads(result.stdout)


# Titles that once broke a report format: a terminal escape and other controls (openpyxl raised
# IllegalCharacterError), U+FFFE (written raw, the workbook no longer opened), a formula
# (a live =HYPERLINK in the auditor's workbook) and Markdown that renderers turn into links.
# Written as YAML double-quoted escapes, so the record file itself stays plain text.
HOSTILE_TITLES = {
    "escape": r"T\e[31m红色\e]0;retitled\a",
    "nonchar": r"坏\uFFFE字符\uFFFF与\x7f和\x9b",
    "formula": r"=HYPERLINK(\"https://evil.example/x\",\"点我\")",
    "plus": r"+SUM(1,2)",
    "markdown": r"[点我](https://evil.example/md) *粗体* `代码` www.evil.example a@evil.example | 竖线",
}


def hostile_titles_record(number: int, title_yaml: str, unit_yaml: str | None = None) -> str:
    """The compliant example under ids HT<number>-2023-08, its first item titled ``title_yaml``
    (the inside of a YAML double-quoted scalar)."""
    text = good_text().replace("DZ-2023-08", f"HT{number}-2023-08")
    text = edit(text, "title: 关于印发《中共某区重点区域规划建设管理署党组工作规则》的议题", f'title: "{title_yaml}"')
    if unit_yaml is not None:
        text = edit(text, "unit: 某区重点区域规划建设管理署", f'unit: "{unit_yaml}"')
    return text


def hostile_titles_corpus(tmp_path: Path, long_title_chars: int = 0) -> Path:
    """examples/ plus one record per entry of HOSTILE_TITLES (and, on request, one very long title)."""
    target = corpus(tmp_path, hostile=True)
    minutes = target / "minutes"
    for number, title in enumerate(HOSTILE_TITLES.values(), start=1):
        unit = r"=1+1 单位\e[0m" if number == 1 else None
        (minutes / f"2023-05-2{number}-hostile.yaml").write_text(
            hostile_titles_record(number, title, unit), encoding="utf-8"
        )
    if long_title_chars:
        (minutes / "2023-05-29-long.yaml").write_text(
            hostile_titles_record(9, "长" * long_title_chars), encoding="utf-8"
        )
    return target
