"""Meeting-level findings once per meeting (issue 13): TIOL-MATERIALS-ADVANCE, TIOL-MINUTES, TIOL-ARCHIVE,
MAD-ARCHIVE, TIOL-QUORUM and TIOL-QUORUM-PERSONNEL judge the meeting, so each is reported once, on the
meeting id, and counted once in every output; waivers and baselines written for the item ids still hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, edit, good_text, line_of, output_of, run_cli

MEETING = "DZ-2023-08"  # the good example's party-group meeting
LATE = ("    materials_sent: 2023-05-10", "    materials_sent: 2023-05-12")  # on the meeting day, notice_days 1
BOTH_TIOL = ("    category: normative_document", "    category: [normative_document, major_project]")


def late_text() -> str:
    """The good example with both items TIOL items and the materials sent on the meeting day."""
    return edit(edit(good_text(), *LATE), *BOTH_TIOL)


def corpus(tmp_path: Path, text: str, settings_extra: str = "") -> Path:
    settings = (EXAMPLES / "govcheck.yaml").read_text(encoding="utf-8") + settings_extra
    (tmp_path / "govcheck.yaml").write_text(settings, encoding="utf-8")
    (tmp_path / "minutes").mkdir()
    (tmp_path / "minutes" / "r.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "minutes"


def findings(folder: Path, *extra: str) -> list[dict]:
    result = run_cli("validate", "--format", "json", str(folder), *extra)
    return json.loads(result.stdout)["findings"]


@pytest.mark.parametrize("engine", ["plain", "durable"])
def test_late_materials_are_one_finding_on_the_meeting(tmp_path: Path, engine: str) -> None:
    text = late_text()
    folder = corpus(tmp_path, text)
    late = [f for f in findings(folder, "--engine", engine) if f["check"] == "TIOL-MATERIALS-ADVANCE"]
    assert [(f["item"], f["line"]) for f in late] == [(MEETING, line_of(text, "materials_sent:"))]
    shown = run_cli("validate", "--engine", engine, str(folder)).stdout
    assert shown.count("TIOL-MATERIALS-ADVANCE") == 1 and f"TIOL-MATERIALS-ADVANCE [{MEETING}]" in shown
    assert "发现 1 个问题（错误 0，警告 1）" in shown


def test_counted_once_in_sarif_and_junit(tmp_path: Path) -> None:
    folder = corpus(tmp_path, late_text())
    sarif = json.loads(run_cli("validate", "--format", "sarif", str(folder)).stdout)
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "TIOL-MATERIALS-ADVANCE"]
    assert len(results) == 1
    junit = run_cli("validate", "--format", "junit", str(folder)).stdout
    assert 'tests="3" failures="1"' in junit  # two items and the meeting; only the meeting fails
    assert junit.count("<failure ") == 1 and f'name="会议 {MEETING}"' in junit


def test_reported_when_only_a_later_item_is_a_tiol_item(tmp_path: Path) -> None:
    text = edit(late_text(), "    category: major_decision", "    category: contract", 1)  # item 01: no TIOL item
    late = [f for f in findings(corpus(tmp_path, text)) if f["check"] == "TIOL-MATERIALS-ADVANCE"]
    assert [f["item"] for f in late] == [MEETING]


def test_the_report_counts_it_once(tmp_path: Path) -> None:
    folder = corpus(tmp_path, late_text())
    out = tmp_path / "r.json"
    run_cli("report", str(folder), "-o", str(out), "--reproducible")
    document = json.loads(out.read_text(encoding="utf-8"))
    check = next(c for c in document["checks"] if c["check"] == "TIOL-MATERIALS-ADVANCE")
    assert (check["counted"], check["applicable"], check["failing"], check["findings"]) == ("meeting", 1, 1, 1)


WAIVER = """
waivers:
  - item: {item}
    check: TIOL-MATERIALS-ADVANCE
    reason: 紧急会议，材料当日送达
    approved_by: 党组会议 DZ-2023-09
"""


@pytest.mark.parametrize("item", [MEETING, f"{MEETING}-01"], ids=["meeting id", "old item id"])
def test_a_waiver_naming_the_meeting_or_one_of_its_items_holds(tmp_path: Path, item: str) -> None:
    folder = corpus(tmp_path, late_text(), WAIVER.format(item=item))
    result = run_cli("validate", str(folder))
    shown = output_of(result)
    assert result.exit_code == 0, shown
    assert "已豁免 1" in shown and "REC-WAIVER-STALE" not in shown


def test_a_baseline_written_per_item_still_knows_the_meeting_finding(tmp_path: Path) -> None:
    folder = corpus(tmp_path, late_text())
    old = {
        "govcheck_baseline": 1,
        "findings": [
            {
                "file": "minutes/r.yaml",
                "item": f"{MEETING}-0{n}",
                "check": "TIOL-MATERIALS-ADVANCE",
                "severity": "warning",
                "message": "…",
            }
            for n in (1, 2)
        ],
    }
    baseline = tmp_path / ".govcheck-baseline.json"
    baseline.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    result = run_cli("validate", str(folder), "--baseline", str(baseline), cwd=tmp_path)
    shown = output_of(result)
    assert result.exit_code == 0 and "TIOL-MATERIALS-ADVANCE" not in shown.split("基线")[0], shown
    assert "已修复" not in shown or "TIOL-MATERIALS-ADVANCE" not in shown
