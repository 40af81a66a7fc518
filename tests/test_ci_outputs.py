"""SARIF, JUnit and GitHub outputs, read back the way CI systems read them."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cihelp import DATA, EXAMPLES, QUORUM_BAD, REPO, example_finding_count, insert_line_above, make_corpus, run
from govcheck.i18n import Text
from govcheck.output import doclinks, formatter, github
from govcheck.pipeline import RunResult, check_paths

SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sarif_errors(document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(EXAMPLES, target)
    return target


def sarif_of(folder: Path, *args: str) -> dict[str, Any]:
    result = run(folder, "validate", "minutes", "-o", "sarif:out.sarif", "-o", "text:-", *args)
    assert result.exit_code == 1, result.output
    document: dict[str, Any] = json.loads((folder / "out.sarif").read_text(encoding="utf-8"))
    return document


# --- SARIF -------------------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(examples: Path) -> None:
    document = sarif_of(examples)
    assert sarif_errors(document) == []
    run_ = document["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"TIOL-QUORUM", "TIOL-ARCHIVE", "REC-ROSTER-MISMATCH"}
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "依据" in rule["help"]["text"] and rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    assert [r["defaultConfiguration"]["level"] for r in rules if r["id"] == "TIOL-ARCHIVE"] == [
        "error"
    ]  # raised in govcheck.yaml
    results = run_["results"]
    assert len(results) == example_finding_count()
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("minutes/")
        assert location["region"]["startLine"] >= 1
        assert "依据" in result["message"]["text"]
    quorum = [r for r in results if r["ruleId"] == "TIOL-QUORUM"]
    assert quorum[0]["level"] == "error"
    assert quorum[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == f"minutes/{QUORUM_BAD}"
    assert {r["level"] for r in results} == {"error", "warning"}
    assert len({json.dumps(r["partialFingerprints"]) for r in results}) == len(results)


def test_sarif_messages_follow_lang(examples: Path) -> None:
    document = sarif_of(examples, "--lang", "en")
    assert document["runs"][0]["language"] == "en-US"
    quorum = next(r for r in document["runs"][0]["results"] if r["ruleId"] == "TIOL-QUORUM")
    assert quorum["message"]["text"].startswith("3 of 7 members present")
    assert "(basis: " in quorum["message"]["text"]
    rule = document["runs"][0]["tool"]["driver"]["rules"][quorum["ruleIndex"]]
    assert rule["shortDescription"]["text"].isascii() and "Legal basis" in rule["help"]["text"]


def test_fingerprints_survive_a_line_inserted_above(examples: Path) -> None:
    before = sarif_of(examples)["runs"][0]["results"]
    insert_line_above(examples / "minutes" / QUORUM_BAD, 1, "# 补记：本行为后加的说明，使下面的行号都加一")
    after = sarif_of(examples)["runs"][0]["results"]

    # GitHub reads only primaryLocationLineHash; other consumers govcheck's own key: both must hold.
    for key in ("govcheckFinding/v1", "primaryLocationLineHash"):

        def by_fingerprint(results: list[dict[str, Any]], key: str = key) -> dict[str, int]:
            return {
                r["partialFingerprints"][key]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
                for r in results
            }

        old, new = by_fingerprint(before), by_fingerprint(after)
        assert old.keys() == new.keys()
        moved = [key for key in old if new[key] != old[key]]
        assert len(moved) == 3  # the three findings of the edited file moved down one line ...
        assert all(new[key] == old[key] + 1 for key in moved)  # ... and kept their identity


def _waive_first(examples: Path) -> RunResult:
    result = check_paths([str(examples / "minutes")])
    first = result.findings[0]
    result.findings[0] = dataclasses.replace(first, waived=True, waiver_reason="经党组会议批准的例外（DZ-2023-07）")
    result.findings[1] = dataclasses.replace(result.findings[1], line=0)
    return result


def test_waived_findings_are_left_out_by_default_and_counted(examples: Path) -> None:
    # Issue 11 changed this: GitHub code scanning ignores ``suppressions`` and would show a waived
    # finding as an open alert, so by default it is not a result at all, only counted.
    result = _waive_first(examples)
    document = json.loads(formatter("sarif")(result, "zh"))
    assert sarif_errors(document) == []
    run_ = document["runs"][0]
    assert len(run_["results"]) == len(result.findings) - 1
    assert all("suppressions" not in r for r in run_["results"])
    assert run_["properties"]["waivedFindings"] == 1 and run_["properties"]["waivedFindingsIncluded"] is False
    assert run_["results"][0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}


def test_sarif_include_waived_keeps_them_as_suppressions(examples: Path) -> None:
    result = _waive_first(examples)
    result.sarif_include_waived = True  # what --sarif-include-waived sets
    document = json.loads(formatter("sarif")(result, "zh"))
    assert sarif_errors(document) == []
    results = document["runs"][0]["results"]
    assert len(results) == len(result.findings)
    assert results[0]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "经党组会议批准的例外（DZ-2023-07）"}
    ]
    assert "suppressions" not in results[2]
    assert results[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert document["runs"][0]["properties"]["waivedFindingsIncluded"] is True


def test_sarif_include_waived_on_the_command_line(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "repo", QUORUM_BAD)
    settings = corpus / "govcheck.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + textwrap.dedent("""
        waivers:
          - item: DZ-2023-16-01
            check: TIOL-QUORUM
            reason: 测试用的豁免
            approved_by: 党组会议 DZ-2023-07
        """),
        encoding="utf-8",
    )

    def quorum_results(*args: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        outcome = run(corpus, "validate", "minutes", "--format", "sarif", *args)
        document = json.loads(outcome.stdout)
        assert sarif_errors(document) == []
        run_ = document["runs"][0]
        return [r for r in run_["results"] if r["ruleId"] == "TIOL-QUORUM"], run_["properties"]

    default, properties = quorum_results()
    assert default == [] and properties["waivedFindings"] == 1
    kept, properties = quorum_results("--sarif-include-waived")
    assert [r["suppressions"][0]["justification"] for r in kept] == ["测试用的豁免"]
    assert kept[0]["suppressions"][0]["properties"] == {"approvedBy": "党组会议 DZ-2023-07"}
    assert properties["waivedFindings"] == 0


def test_sarif_uris_are_percent_encoded_and_input_errors_are_results(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "repo", QUORUM_BAD)
    (corpus / "minutes" / QUORUM_BAD).rename(corpus / "minutes" / "2023年11月 党组会议.yaml")
    (corpus / "minutes" / "broken.yaml").write_text("govcheck: 1\nmeeting: [\n", encoding="utf-8")
    result = run(corpus, "validate", "minutes", "--format", "sarif")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert sarif_errors(document) == []
    run_ = document["runs"][0]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in run_["results"]
        if r["ruleId"] != "GOVCHECK-INPUT"
    }
    assert uris == {"minutes/2023%E5%B9%B411%E6%9C%88%20%E5%85%9A%E7%BB%84%E4%BC%9A%E8%AE%AE.yaml"}
    # Issue 11 changed this: an unreadable record is also an alert (GitHub shows results, not
    # execution notifications), a GOVCHECK-INPUT error at its file and line; the notification stays.
    [broken] = [r for r in run_["results"] if r["ruleId"] == "GOVCHECK-INPUT"]
    assert broken["level"] == "error"
    assert run_["tool"]["driver"]["rules"][broken["ruleIndex"]]["id"] == "GOVCHECK-INPUT"
    where = broken["locations"][0]["physicalLocation"]
    assert where["artifactLocation"] == {"uri": "minutes/broken.yaml", "uriBaseId": "%SRCROOT%"}
    assert where["region"]["startLine"] >= 2 and "minutes/broken.yaml" not in broken["message"]["text"]
    assert broken["partialFingerprints"]["primaryLocationLineHash"]
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "minutes/broken.yaml"


def test_sarif_for_github_code_scanning(examples: Path) -> None:
    """What GitHub's ingestion reads: %SRCROOT%-relative URIs, startColumn, its own line-hash key."""
    document = sarif_of(examples)
    run_ = document["runs"][0]
    root = run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root.startswith("file:///") and root.endswith("/")
    assert run_["properties"]["engine"] in {"durable", "plain"}
    for result in run_["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"]["startColumn"] == 1
        assert re.fullmatch(r"[0-9a-f]{16}:\d+", result["partialFingerprints"]["primaryLocationLineHash"])
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in run_["results"]]
    assert len(set(hashes)) == len(hashes)


@pytest.mark.parametrize("engine", ["plain", "durable"])
def test_sarif_names_the_engine_that_ran(examples: Path, engine: str) -> None:
    if engine == "durable":
        pytest.importorskip("durable")
    document = sarif_of(examples, "--engine", engine)
    assert document["runs"][0]["properties"]["engine"] == engine


def test_sarif_links_only_to_a_real_address(examples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(doclinks.DOCS_ENV, raising=False)
    monkeypatch.setattr(doclinks, "_installed_from", lambda: None)
    driver = sarif_of(examples)["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver and all("helpUri" not in r for r in driver["rules"])
    base = "https://git.example.gov.cn/legal/govcheck/-/blob/v0.1.0"
    monkeypatch.setenv(doclinks.DOCS_ENV, base)
    document = sarif_of(examples)
    assert sarif_errors(document) == []
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == base + "/README.md"
    quorum = next(r for r in driver["rules"] if r["id"] == "TIOL-QUORUM")
    assert quorum["helpUri"] == base + "/rules/tiol/TIOL-QUORUM.yaml"
    assert (REPO / "rules" / "tiol" / "TIOL-QUORUM.yaml").is_file()  # the link's target exists ...
    for rule in driver["rules"]:
        if rule["id"] != "GOVCHECK-INPUT":
            assert (REPO / rule["helpUri"].removeprefix(base + "/")).is_file(), rule["helpUri"]


def test_readme_has_the_anchor_input_errors_link_to() -> None:
    path, _, anchor = doclinks.README_INPUT_ERRORS.partition("#")
    assert f'<a id="{anchor}"></a>' in (REPO / path).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (
            '{"url": "https://github.com/unit-it/govcheck.git", "vcs_info": {"vcs": "git", "commit_id": "abc123",'
            ' "requested_revision": "v0.1.0"}}',
            "https://github.com/unit-it/govcheck/blob/abc123/",
        ),
        (
            '{"url": "https://gitlab.example.gov.cn/legal/govcheck", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}',
            "https://gitlab.example.gov.cn/legal/govcheck/-/blob/abc123/",
        ),
        ('{"url": "https://git.example.gov.cn/govcheck", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}', None),
        ('{"url": "file:///home/me/govcheck", "dir_info": {}}', None),
        (None, None),
        ("not json", None),
    ],
)
def test_docs_base_from_a_git_install(direct_url: str | None, expected: str | None) -> None:
    assert doclinks.tree_url_of_direct_url(direct_url) == expected


def test_sarif_paths_are_relative_to_the_repository_root(examples: Path) -> None:
    (examples / ".git").mkdir()  # a repository root marker: the job runs in a sub-folder
    result = run(examples / "minutes", "validate", ".", "--format", "sarif")
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(result.stdout)["runs"][0]["results"]
    }
    assert f"minutes/{QUORUM_BAD}" in uris


# --- GitHub workflow commands ------------------------------------------------------------------------


def test_github_escaping_follows_actions_toolkit() -> None:
    assert github.escape_data("100% 完成\r\n下一行: a,b") == "100%25 完成%0D%0A下一行: a,b"
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    line = github.command("error", "第一行\n第二行 50%", file="会议 1,2.yaml", line=3, title="T: x, y")
    assert line == "::error file=会议 1%2C2.yaml,line=3,title=T%3A x%2C y::第一行%0A第二行 50%25"


def test_github_annotations_groups_and_step_summary(examples: Path, tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = run(examples, "validate", "minutes", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::notice title=govcheck::")  # more than 10 errors: say so where it is seen
    assert lines.count("::endgroup::") == sum(1 for x in lines if x.startswith("::group::")) == 9
    annotations = [x for x in lines if x.startswith(("::error ", "::warning "))]
    assert len(annotations) == example_finding_count()
    assert all("\n" not in a and "\r" not in a for a in annotations)
    quorum = next(a for a in annotations if "title=TIOL-QUORUM " in a)
    assert quorum.startswith(f"::error file=minutes/{QUORUM_BAD},line=12,title=TIOL-QUORUM ")
    assert "%0A依据：" in quorum
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### govcheck：")  # appended, not replaced
    assert text.count(f"| minutes/{QUORUM_BAD} |") == 3
    assert text.count("\n| ") == example_finding_count() + 1  # header and one row per finding


def test_github_escapes_record_text_and_skips_summary_without_env(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "repo", QUORUM_BAD)
    result = check_paths([str(corpus / "minutes")])
    f = result.findings[0]
    result.findings[0] = dataclasses.replace(f, path="minutes/a,b:c.yaml", message=Text("100%\n::set-env x", "x"))
    result.files.append(dataclasses.replace(result.files[0], path="minutes/a,b:c.yaml"))
    result.findings.sort(key=lambda x: x.sort_key())
    out = formatter("github")(result, "zh")
    line = next(x for x in out.splitlines() if "a%2Cb%3Ac.yaml" in x and x.startswith("::error"))
    assert "::100%25%0A::set-env x%0A" in line
    assert not any(x.startswith("::set-env") for x in out.splitlines())
    missing = run(corpus, "validate", "minutes", "--format", "github", env={"GITHUB_STEP_SUMMARY": None})
    assert missing.exit_code == 1 and "::group::" in missing.stdout
