"""JUnit XML, read back as GitLab, Jenkins and junitparser read it (issue 11).

Default: one test case per item (and per meeting), its failure listing every finding named by
check; ``--junit-per-check``: one case per check and item, as before.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from junitparser import Error, Failure, JUnitXml, Skipped

from cihelp import EXAMPLES, QUORUM_BAD, example_finding_count, make_corpus, run
from govcheck.i18n import Text
from govcheck.output import formatter
from govcheck.pipeline import check_paths

# What the Jenkins xUnit plugin's JUnit schema (junit-10.xsd) allows: element → (required, optional)
# attributes, and the child elements each may hold. ``file`` on a test case is not in it: GitLab reads
# that attribute to link the case to its file, and Jenkins' own JUnit plugin ignores unknown attributes.
XUNIT_ATTRIBUTES = {
    "testsuites": (set(), {"name", "time", "tests", "failures", "errors"}),
    "testsuite": (
        {"name", "tests", "failures", "errors"},
        {"group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url"},
    ),
    "testcase": ({"name"}, {"time", "classname", "group", "file"}),
    "failure": (set(), {"type", "message"}),
    "error": (set(), {"type", "message"}),
    "skipped": (set(), {"type", "message"}),
}
XUNIT_CHILDREN = {
    "testsuites": {"testsuite"},
    "testsuite": {"testsuite", "properties", "testcase", "system-out", "system-err"},
    "testcase": {"skipped", "error", "failure", "system-out", "system-err"},
    "failure": set(),
    "error": set(),
    "skipped": set(),
}


def xunit_problems(xml_text: str) -> list[str]:
    problems = []
    root = ET.fromstring(xml_text.encode("utf-8"))
    if root.tag != "testsuites":
        problems.append(f"root is {root.tag}")
    for node in root.iter():
        required, optional = XUNIT_ATTRIBUTES[node.tag]
        problems += [f"{node.tag} lacks {a}" for a in required - set(node.attrib)]
        problems += [f"{node.tag} has {a}" for a in set(node.attrib) - required - optional]
        problems += [f"{child.tag} inside {node.tag}" for child in node if child.tag not in XUNIT_CHILDREN[node.tag]]
        if node.tag == "testsuite" and not node.get("time", "0").replace(".", "").isdigit():
            problems.append(f"testsuite time {node.get('time')}")
    return problems


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(EXAMPLES, target)
    return target


def subjects_per_file(folder: Path) -> dict[str, int]:
    """Items plus the meeting of each record file: the test cases the default granularity makes."""
    counts = {}
    for path in sorted((folder / "minutes").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        counts[f"minutes/{path.name}"] = len(record["items"]) + (1 if record.get("meeting") else 0)
    return counts


def test_one_test_case_per_item_listing_its_findings_by_check(examples: Path) -> None:
    result = run(examples, "validate", "minutes", "-o", "junit:report.xml", "-o", "json:report.json")
    assert result.exit_code == 1
    text = (examples / "report.xml").read_text(encoding="utf-8")
    assert xunit_problems(text) == []
    xml = JUnitXml.fromfile(str(examples / "report.xml"))
    suites = list(xml)
    assert {s.name: s.tests for s in suites} == subjects_per_file(examples)
    names = [case.name for suite in suites for case in suite]
    assert len(names) == len(set(names)), "GitLab keeps only the first of duplicate test names"
    findings = json.loads((examples / "report.json").read_text(encoding="utf-8"))["findings"]
    expected: dict[tuple[str, str], set[str]] = defaultdict(set)
    for finding in findings:
        expected[(finding["file"], finding["item"])].add(finding["check"])
    failing: dict[tuple[str, str], Failure] = {}
    for suite in suites:
        for case in suite:
            assert case.classname == suite.name and case._elem.get("file") == suite.name
            failures = [r for r in case.result if isinstance(r, Failure)]
            assert len(failures) <= 1
            if failures:
                failing[(suite.name, case.name.removeprefix("会议 "))] = failures[0]  # a meeting's case
    assert set(failing) == set(expected)  # every item with findings fails, every other item passes
    for key, failure in failing.items():
        named = {line.split(" ")[2] for line in failure.text.splitlines() if line.startswith(key[0] + ":")}
        assert named == expected[key], key  # each finding of the item, named by its check
    assert xml.failures == len(expected) < len(findings)
    several = failing[(f"minutes/{QUORUM_BAD}", "DZ-2023-16")]  # the meeting: quorum and roster, once each
    assert several.message.startswith(f"{len(expected[(f'minutes/{QUORUM_BAD}', 'DZ-2023-16')])} 个问题：")
    assert "TIOL-QUORUM" in several.message and "依据：《中国共产党党组工作条例》" in several.text
    assert several.type == "error"


def test_per_check_keeps_the_old_granularity(examples: Path) -> None:
    result = run(examples, "validate", "minutes", "-o", "junit:report.xml", "--junit-per-check")
    assert result.exit_code == 1
    text = (examples / "report.xml").read_text(encoding="utf-8")
    assert xunit_problems(text) == []
    xml = JUnitXml.fromfile(str(examples / "report.xml"))
    failures: dict[tuple[str, str, str], Failure] = {}
    names = []
    for suite in xml:
        for case in suite:
            names.append(case.name)
            assert case._elem.get("file") == suite.name
            for outcome in case.result:
                if isinstance(outcome, Failure):
                    failures[(suite.name, case.classname, case.name)] = outcome
    assert len(names) == len(set(names))
    assert xml.failures == example_finding_count() == len(failures)
    quorum = failures[(f"minutes/{QUORUM_BAD}", "TIOL-QUORUM", "TIOL-QUORUM [DZ-2023-16]")]  # once, on the meeting
    assert quorum.type == "error" and "不足应到会成员7人的半数" in quorum.message
    per_item = JUnitXml.fromstring(run(examples, "validate", "minutes", "--format", "junit").stdout.encode())
    assert xml.tests > 10 * per_item.tests  # why per item is the default: GitLab's 250,000-object limit


@pytest.mark.parametrize("per_check", [False, True])
def test_waived_is_skipped_and_broken_file_is_error(tmp_path: Path, per_check: bool) -> None:
    corpus = make_corpus(tmp_path / "repo", QUORUM_BAD)
    (corpus / "minutes" / "broken.yaml").write_text("govcheck: 1\nmeeting: [\n", encoding="utf-8")
    result = check_paths([str(corpus / "minutes")])
    result.junit_per_check = per_check
    result.findings = [
        dataclasses.replace(f, waived=True, waiver_reason="特殊情况")
        for f in result.findings
        if f.item == "DZ-2023-16-01"
    ]
    text = formatter("junit")(result, "en")
    assert xunit_problems(text) == []
    xml = JUnitXml.fromstring(text.encode("utf-8"))
    outcomes = [r for suite in xml for case in suite for r in case.result]
    skipped = [r for r in outcomes if isinstance(r, Skipped)]
    assert skipped and all("特殊情况" in r.message for r in skipped)
    assert len(skipped) == (len(result.findings) if per_check else 1)
    assert [r for r in outcomes if isinstance(r, Error)] and xml.errors == 1 and xml.failures == 0


def test_a_failing_item_lists_its_waived_findings_as_not_counted(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "repo", QUORUM_BAD)
    result = check_paths([str(corpus / "minutes")])
    item = [f for f in result.findings if f.item == "DZ-2023-16"]  # the meeting: roster and quorum
    assert len(item) >= 2
    result.findings = [dataclasses.replace(item[0], waived=True, waiver_reason="特殊情况"), *item[1:]]
    xml = JUnitXml.fromstring(formatter("junit")(result, "zh").encode("utf-8"))
    case = next(c for s in xml for c in s if c.name == "会议 DZ-2023-16")
    (failure,) = case.result
    assert isinstance(failure, Failure)
    counted, _, waived = failure.text.partition("未计为失败")
    assert f" {item[0].check} [" not in counted and f" {item[0].check} [" in waived
    assert all(f" {f.check} [" in counted for f in item[1:])


def test_no_attribute_holds_a_control_character(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "repo", QUORUM_BAD)
    result = check_paths([str(corpus / "minutes")])
    nasty = "第一行\n第二行\t\x1b[31m红\x07\x7f\x85\r末尾\ufffe"
    result.findings = [
        dataclasses.replace(f, message=Text(nasty, nasty), item=f.item + "\x0b\n") for f in result.findings
    ]
    for per_check in (False, True):
        result.junit_per_check = per_check
        text = formatter("junit")(result, "zh")
        root = ET.fromstring(text.encode("utf-8"))  # well-formed: nothing XML 1.0 forbids
        values = [value for node in root.iter() for value in node.attrib.values()]
        assert any("第一行 第二行 " in value for value in values)  # line breaks and tabs became spaces
        assert not [v for v in values if any(unicodedata.category(ch) == "Cc" for ch in v)]
        failure = root.find(".//failure")
        assert failure is not None and failure.text is not None and "\n" in failure.text  # the text keeps lines
