"""govcheck baseline + validate --baseline: only new findings, a count of known ones, fixed ones named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from junitparser import JUnitXml, Skipped

from cihelp import EXAMPLES, GOOD, QUORUM_BAD, WARNING_ONLY, insert_line_above, make_corpus, run


def adopt(tmp_path: Path) -> Path:
    corpus = make_corpus(tmp_path / "repo", GOOD, QUORUM_BAD, WARNING_ONLY)
    result = run(corpus, "baseline", "minutes", "-o", ".govcheck-baseline.json")
    assert result.exit_code == 0, result.output
    assert "基线记录了 4 个问题" in result.stderr
    return corpus


def test_baseline_file_is_stable_and_line_free(tmp_path: Path) -> None:
    corpus = adopt(tmp_path)
    document = json.loads((corpus / ".govcheck-baseline.json").read_text(encoding="utf-8"))
    assert document["govcheck_baseline"] == 1
    keys = [(e["file"], e["item"], e["check"]) for e in document["findings"]]
    assert (f"minutes/{QUORUM_BAD}", "DZ-2023-16", "TIOL-QUORUM") in keys
    assert all("line" not in e for e in document["findings"])
    again = run(corpus, "baseline", "minutes")  # to stdout: same content, paths relative to the working directory
    assert json.loads(again.stdout) == document


def test_old_findings_are_hidden_even_when_lines_move(tmp_path: Path) -> None:
    corpus = adopt(tmp_path)
    insert_line_above(corpus / "minutes" / QUORUM_BAD, 1, "# 历史记录，补充一行说明")
    result = run(corpus, "validate", "minutes", "--baseline", ".govcheck-baseline.json")
    assert result.exit_code == 0, result.output
    assert "基线 .govcheck-baseline.json：另有 4 个已记录的问题未列出" in result.stdout
    data = json.loads(
        run(corpus, "validate", "minutes", "--baseline", ".govcheck-baseline.json", "--format", "json").stdout
    )
    assert data["findings"] == [] and data["baseline"] == {
        "file": ".govcheck-baseline.json",
        "suppressed": 4,
        "fixed": [],
    }
    assert list(data)[:5] == ["tool", "rules", "files", "findings", "summary"]


def test_new_findings_are_reported_and_fixed_ones_named(tmp_path: Path) -> None:
    corpus = adopt(tmp_path)
    # a new record without quorum: new findings
    new = corpus / "minutes" / "2023-11-15-party-group.yaml"
    new.write_text(
        (EXAMPLES / "minutes" / QUORUM_BAD)
        .read_text(encoding="utf-8")
        .replace("DZ-2023-16", "DZ-2023-17")
        .replace("2023-11-14", "2023-11-15"),
        encoding="utf-8",
    )
    # the old emergency decision gets its report: its baselined warning is fixed
    emergency = corpus / "minutes" / WARNING_ONLY
    emergency.write_text(
        emergency.read_text(encoding="utf-8").replace(
            "      decided_by: ", "      reported_at: DZ-2023-13\n      decided_by: ", 1
        ),
        encoding="utf-8",
    )
    shutil.copy(EXAMPLES / "minutes" / "2023-09-15-party-group.yaml", corpus / "minutes")
    result = run(corpus, "validate", "minutes", "--baseline", ".govcheck-baseline.json", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert {(f["file"], f["check"]) for f in data["findings"]} == {
        ("minutes/2023-11-15-party-group.yaml", "TIOL-QUORUM"),
        ("minutes/2023-11-15-party-group.yaml", "TIOL-PASS-MAJORITY"),
        ("minutes/2023-11-15-party-group.yaml", "REC-ROSTER-MISMATCH"),
    }
    assert data["baseline"]["suppressed"] == 3
    assert data["baseline"]["fixed"] == [
        {"file": f"minutes/{WARNING_ONLY}", "item": "LJ-2023-03", "check": "TIOL-EMERGENCY-REPORTED"}
    ]
    text = run(corpus, "validate", "minutes", "--baseline", ".govcheck-baseline.json").stdout
    assert "基线中 1 个问题已不再出现（已修复）" in text
    assert f"  minutes/{WARNING_ONLY} [LJ-2023-03] TIOL-EMERGENCY-REPORTED" in text


def test_a_deleted_file_counts_as_fixed_but_an_unchecked_one_does_not(tmp_path: Path) -> None:
    corpus = adopt(tmp_path)
    (corpus / "minutes" / WARNING_ONLY).unlink()
    data = json.loads(
        run(corpus, "validate", "minutes", "--baseline", ".govcheck-baseline.json", "--format", "json").stdout
    )
    assert [f["check"] for f in data["baseline"]["fixed"]] == ["TIOL-EMERGENCY-REPORTED"]
    only_one = json.loads(
        run(corpus, "validate", f"minutes/{GOOD}", "--baseline", ".govcheck-baseline.json", "--format", "json").stdout
    )
    assert only_one["baseline"]["fixed"] == []  # the quorum file was not checked: nothing to say about it


def test_baseline_works_from_another_directory_and_in_junit(tmp_path: Path) -> None:
    corpus = adopt(tmp_path)
    result = run(
        corpus / "minutes", "validate", ".", "--baseline", "../.govcheck-baseline.json", "-o", "junit:../junit.xml"
    )
    assert result.exit_code == 0, result.output
    xml = JUnitXml.fromfile(str(corpus / "junit.xml"))
    skipped = [r for suite in xml for case in suite for r in case.result if isinstance(r, Skipped)]
    assert len(skipped) == 3 and xml.failures == 0  # the 4 known findings are on 3 items: one case each


def test_bad_baseline_file_is_a_usage_error(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, GOOD)
    missing = run(corpus, "validate", "minutes", "--baseline", "nope.json")
    assert missing.exit_code == 2 and "找不到基线文件" in missing.stderr
    (corpus / "other.json").write_text('{"findings": []}', encoding="utf-8")
    assert run(corpus, "validate", "minutes", "--baseline", "other.json").exit_code == 2
