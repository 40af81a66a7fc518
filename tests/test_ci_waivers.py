"""Waivers from govcheck.yaml in the CI outputs: left out of SARIF (or suppressions), skipped cases, no failing."""

from __future__ import annotations

import json
from pathlib import Path

from junitparser import Failure, JUnitXml, Skipped

from cihelp import GOOD, QUORUM_BAD, git, git_init, make_corpus, run

WAIVERS = """
waivers:
  - item: DZ-2023-16-01
    check: TIOL-QUORUM
    reason: 经上级党组批准的特殊情况
    approved_by: 党组会议 DZ-2023-17
    expires: 2099-12-31
  - item: DZ-2023-16-01
    check: TIOL-PASS-MAJORITY
    reason: 经上级党组批准的特殊情况
    approved_by: 党组会议 DZ-2023-17
    expires: 2099-12-31
  - item: DZ-2023-16
    check: REC-ROSTER-MISMATCH
    reason: 名册更新滞后
    approved_by: 党组会议 DZ-2023-17
    expires: {roster_expiry}
"""


def waived_corpus(tmp_path: Path, roster_expiry: str = "2099-12-31") -> Path:
    corpus = git_init(make_corpus(tmp_path / "repo", GOOD, QUORUM_BAD))
    with (corpus / "govcheck.yaml").open("a", encoding="utf-8") as settings:
        settings.write(WAIVERS.format(roster_expiry=roster_expiry))
    return corpus


def test_waived_findings_never_fail_and_are_suppressions(tmp_path: Path) -> None:
    corpus = waived_corpus(tmp_path)
    result = run(
        corpus,
        "validate",
        "minutes",
        "--fail-on",
        "info",
        "-o",
        "sarif:out.sarif",
        "-o",
        "junit:out.xml",
        "--format",
        "github",
    )
    assert result.exit_code == 0, result.output
    assert (
        "::error" not in result.stdout
        and "已豁免：经上级党组批准的特殊情况（批准：党组会议 DZ-2023-17" in result.stdout
    )
    sarif = json.loads((corpus / "out.sarif").read_text(encoding="utf-8"))
    # Issue 11: GitHub ignores suppressions, so waived findings are left out of SARIF unless asked for.
    assert sarif["runs"][0]["results"] == [] and sarif["runs"][0]["properties"]["waivedFindings"] == 3
    kept = run(corpus, "validate", "minutes", "--fail-on", "info", "-o", "sarif:out.sarif", "--sarif-include-waived")
    assert kept.exit_code == 0, kept.output
    sarif = json.loads((corpus / "out.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert len(results) == 3 and all(r["suppressions"][0]["status"] == "accepted" for r in results)
    quorum = next(r for r in results if r["ruleId"] == "TIOL-QUORUM")
    assert quorum["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "经上级党组批准的特殊情况",
            "properties": {"approvedBy": "党组会议 DZ-2023-17", "expires": "2099-12-31"},
        }
    ]
    xml = JUnitXml.fromfile(str(corpus / "out.xml"))
    skipped = [r for suite in xml for case in suite for r in case.result if isinstance(r, Skipped)]
    assert len(skipped) == 2 and xml.failures == 0  # one case per item: the 3 waived findings are on 2 items


def test_expired_waiver_points_at_the_settings_file_in_every_format(tmp_path: Path) -> None:
    corpus = waived_corpus(tmp_path, roster_expiry="2020-01-01")
    text = run(corpus, "validate", "minutes")
    assert text.exit_code == 1  # the roster finding is no longer waived
    assert "\ngovcheck.yaml\n  govcheck.yaml:" in text.stdout and "REC-WAIVER-EXPIRED" in text.stdout
    github = run(corpus, "validate", "minutes", "--format", "github").stdout
    assert "::group::govcheck.yaml" in github and "::warning file=govcheck.yaml," in github
    junit = run(corpus, "validate", "minutes", "--format", "junit", "--junit-per-check")
    (corpus / "out.xml").write_text(junit.stdout, encoding="utf-8")
    xml = JUnitXml.fromfile(str(corpus / "out.xml"))
    suites = {suite.name: suite for suite in xml}
    assert suites["govcheck.yaml"].failures == 1
    assert not any(
        case.classname.startswith("REC-WAIVER") for name, s in suites.items() if name != "govcheck.yaml" for case in s
    )  # settings checks are not test cases of every item
    failing = {case.classname for s in xml for case in s for r in case.result if isinstance(r, Failure)}
    assert failing == {"REC-ROSTER-MISMATCH", "REC-WAIVER-EXPIRED"}
    git(corpus, "add", ".")
    git(corpus, "commit", "-q", "-m", "记录")
    hooked = run(corpus, "hook", f"minutes/{GOOD}", "--format", "json")  # a commit that does not touch that record
    assert {(f["file"], f["check"]) for f in json.loads(hooked.stdout)["findings"]} == {
        ("govcheck.yaml", "REC-WAIVER-EXPIRED")
    }  # the run's own findings stay, like settings problems
    assert hooked.exit_code == 0  # a warning: the commit goes through
