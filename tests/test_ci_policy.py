"""--fail-on thresholds and -o FORMAT:PATH targets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cihelp import GOOD, QUORUM_BAD, WARNING_ONLY, make_corpus, run
from govcheck.output.targets import Target, TargetError, parse_targets


@pytest.mark.parametrize(
    ("records", "fail_on", "code"),
    [
        ((GOOD,), "error", 0),
        ((GOOD,), "info", 0),
        ((GOOD, WARNING_ONLY), "error", 0),
        ((GOOD, WARNING_ONLY), "warning", 1),
        ((GOOD, WARNING_ONLY), "info", 1),
        ((GOOD, QUORUM_BAD), "error", 1),
        ((GOOD, QUORUM_BAD), "never", 0),
    ],
)
def test_fail_on_thresholds(tmp_path: Path, records: tuple[str, ...], fail_on: str, code: int) -> None:
    corpus = make_corpus(tmp_path, *records)
    assert run(corpus, "validate", "minutes", "--fail-on", fail_on).exit_code == code


def test_fail_on_info_counts_info_findings(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, GOOD, WARNING_ONLY)
    settings = corpus / "govcheck.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "  TIOL-ARCHIVE: error", "  TIOL-ARCHIVE: error\n  TIOL-EMERGENCY-REPORTED: info"
        ),
        encoding="utf-8",
    )
    assert run(corpus, "validate", "minutes", "--fail-on", "warning").exit_code == 0
    assert run(corpus, "validate", "minutes", "--fail-on", "info").exit_code == 1


def test_input_errors_exit_2_whatever_fail_on(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, QUORUM_BAD)
    (corpus / "minutes" / "broken.yaml").write_text("govcheck: 1\nmeeting: [\n", encoding="utf-8")
    result = run(corpus, "validate", "minutes", "--fail-on", "never", "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["summary"]["errors"] == 3  # findings of the readable file still reported
    assert run(corpus, "validate", "minutes", "--fail-on", "fatal").exit_code == 2  # unknown value: usage error


def test_parse_targets() -> None:
    assert parse_targets([], "text") == [Target("text", "-")]
    assert parse_targets(["sarif:a.sarif"], "text") == [Target("text", "-"), Target("sarif", "a.sarif")]
    assert parse_targets(["sarif:a.sarif", "text:-"], "json") == [Target("sarif", "a.sarif"), Target("text", "-")]
    assert parse_targets(["report.json"], "json") == [Target("json", "report.json")]  # the old -o FILE
    assert parse_targets(["C:/out.txt"], "text") == [Target("text", "C:/out.txt")]
    for bad in (["json:-", "text:-"], ["a.x", "sarif:a.x"], ["sarif:"]):
        with pytest.raises(TargetError):
            parse_targets(bad, "text")


def test_several_outputs_in_one_run(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, GOOD, QUORUM_BAD)
    result = run(
        corpus,
        "validate",
        "minutes",
        "-o",
        "sarif:out/govcheck.sarif",
        "-o",
        "text:-",
        "-o",
        "json:report.json",
        "-o",
        "junit:junit.xml",
    )
    assert result.exit_code == 2  # out/ does not exist: the SARIF file cannot be written
    (corpus / "out").mkdir()
    result = run(
        corpus,
        "validate",
        "minutes",
        "-o",
        "sarif:out/govcheck.sarif",
        "-o",
        "text:-",
        "-o",
        "json:report.json",
        "-o",
        "junit:junit.xml",
    )
    assert result.exit_code == 1
    assert result.stdout.count("TIOL-QUORUM [DZ-2023-16]") == 1  # text once, on stdout
    assert json.loads((corpus / "out" / "govcheck.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert json.loads((corpus / "report.json").read_text(encoding="utf-8"))["summary"]["errors"] == 3
    assert (corpus / "junit.xml").read_text(encoding="utf-8").startswith("<?xml")
    assert not list(corpus.glob(".govcheck-*.tmp")) and not list((corpus / "out").glob(".govcheck-*"))


def test_bare_output_file_keeps_its_old_meaning(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, GOOD)
    result = run(corpus, "validate", "minutes", "--format", "json", "-o", "report.json")
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads((corpus / "report.json").read_text(encoding="utf-8"))["findings"] == []


def test_duplicate_targets_are_a_usage_error(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, GOOD)
    result = run(corpus, "validate", "minutes", "-o", "json:-", "-o", "text:-")
    assert result.exit_code == 2 and "stdout" not in result.stdout
    assert "多个 -o" in result.stderr
