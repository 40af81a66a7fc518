"""``--explain`` says why a check did not run on an item (issue 13): the first false condition of its
applies_when, in words, with the item's values; ``rules show`` says when a check runs at all."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, GOOD_RECORD, edit, good_text, record_dir, run_cli

NORMDOC = "DZ-2023-08-02"  # the good example's normative document, not tagged 重大事项决策


def test_explain_says_why_principal_last_did_not_run_on_a_normative_document() -> None:
    shown = run_cli("validate", "--explain", str(GOOD_RECORD)).stdout
    assert f"  议题 {NORMDOC} 未运行的检查：" in shown
    line = next(x for x in shown.splitlines() if x.strip().startswith("TIOL-PRINCIPAL-LAST"))
    assert line.strip() == (
        "TIOL-PRINCIPAL-LAST：不满足“是否为三重一大事项（按类别或金额） 或 （列入重大行政决策事项目录 且 "
        "decision_day >= 2019-09-01）”（decision_day：2023年5月12日；is_mad：否；is_tiol：否）"
    )
    quorum = next(x for x in shown.splitlines() if "TIOL-QUORUM、" in x or x.strip().startswith("TIOL-ARCHIVE"))
    assert "不满足“是否为三重一大事项（按类别或金额）”（is_tiol：否）" in quorum  # grouped by the same reason


def test_the_default_output_does_not_list_them() -> None:
    shown = run_cli("validate", str(GOOD_RECORD)).stdout
    assert "未运行" not in shown and "不满足" not in shown


def test_english() -> None:
    shown = run_cli("validate", "--explain", "--lang", "en", str(GOOD_RECORD)).stdout
    assert f"  item {NORMDOC} checks that did not run:" in shown
    assert (
        "TIOL-PRINCIPAL-LAST" in shown and "does not hold (decision_day: 2023-05-12; is_mad: no; is_tiol: no)" in shown
    )


def test_json_lists_them_under_explain() -> None:
    document = json.loads(run_cli("validate", "--explain", "--format", "json", str(GOOD_RECORD)).stdout)
    entries = document["files"][0]["explain"]["not_applied"]
    principal = [e for e in entries if e["check"] == "TIOL-PRINCIPAL-LAST"]
    assert principal == [
        {
            "item": NORMDOC,
            "check": "TIOL-PRINCIPAL-LAST",
            "condition": "is_tiol 或 （is_mad 且 decision_day >= 2019-09-01）",
            "reason": principal[0]["reason"],
        }
    ]
    assert principal[0]["reason"].startswith("不满足“是否为三重一大事项")
    assert not any(e["item"] == "DZ-2023-08-01" and e["check"] == "TIOL-PRINCIPAL-LAST" for e in entries)  # it ran
    plain = json.loads(run_cli("validate", "--format", "json", str(GOOD_RECORD)).stdout)
    assert "explain" not in plain["files"][0]


def test_a_check_not_yet_in_force(tmp_path: Path) -> None:
    text = edit(good_text(), "  date: 2023年5月12日", "  date: 2016年5月12日")
    for old, new in (("2023-05-09", "2016-05-09"), ("2023-05-10", "2016-05-10")):
        text = text.replace(old, new)
    folder = record_dir(tmp_path, text)
    document = json.loads(run_cli("validate", "--explain", "--format", "json", str(folder / "bad.yaml")).stdout)
    entries = [e for f in document["files"] for e in f.get("explain", {}).get("not_applied", [])]
    normdoc = [e for e in entries if e["check"] == "LEG-NORMDOC-REVIEW" and e["item"] == NORMDOC]
    assert normdoc and normdoc[0]["reason"] == "决策日期（2016年5月12日）早于本检查的生效日期2018年5月31日", entries
    # (1.1) the fair-competition pack starts on the unit's fair_competition_from, said in words with both dates
    fcr = [e for e in entries if e["check"] == "FCR-BEFORE-ISSUE" and e["item"] == NORMDOC]
    assert fcr and fcr[0]["condition"] == "decision_day >= fcr_from_day", entries
    assert fcr[0]["reason"] == (
        "不满足“决策日期不早于本单位开始实行公平竞争审查的日期”（decision_day：2016年5月12日；fcr_from_day：2016年7月1日）"
    )


def test_rules_show_says_when_the_check_runs() -> None:
    shown = run_cli("rules", "show", "TIOL-PRINCIPAL-LAST").stdout
    assert "只检查满足以下全部条件的议题：（是否为三重一大事项（按类别或金额） 或 " in shown
    assert "`govcheck validate --explain` 对每个议题列出未运行的检查和不满足的条件" in shown
    assert EXAMPLES.exists()
