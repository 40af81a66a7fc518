"""Rule files are checked when they load: bad ones are rejected with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcheck.errors import InputProblems
from govcheck.rulebook.conditions import All, AnyOf, Arith, Compare, ConditionError, Exists, Lit, Ref, parse_condition
from govcheck.rulebook.loader import load_rule_file, load_rules

GOOD = """\
id: TEST-RULE
pack: tiol
severity: error
title: {zh: 测试规则, en: test rule}
basis:
  - instrument: 《测试条例》
    article: 第一条
applies_when:
  - is_tiol
  - has_meeting
fails_when: present_count * 2 <= members_count
line: present_count
message:
  zh: 到会{present_count}人
  en: "{present_count} present"
description: {zh: 说明, en: description}
examples:
  pass:
    - title: {zh: 合规, en: pass}
  fail:
    - title: {zh: 不合规, en: fail}
      meeting: {attendees: [张三]}
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "TEST-RULE.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def errors_of(tmp_path: Path, text: str) -> list[tuple[int, str]]:
    with pytest.raises(InputProblems) as caught:
        load_rule_file(write(tmp_path, text))
    return [(e.line, e.message.en) for e in caught.value.errors]


def test_a_good_rule_file_loads(tmp_path: Path) -> None:
    rule = load_rule_file(write(tmp_path, GOOD))
    assert rule.id == "TEST-RULE" and rule.line_field == "present_count"
    # arithmetic moved to the right-hand side, where durable-rules computes
    assert rule.fails == Compare("members_count", ">=", Arith(Ref("present_count"), "*", Lit(2)))


def test_unknown_fact_field_names_the_line_and_a_suggestion(tmp_path: Path) -> None:
    found = errors_of(tmp_path, GOOD.replace("present_count * 2", "presnt_count * 2"))
    assert found == [(11, "fails_when: unknown fact field 'presnt_count' (did you mean 'present_count'?)")]


def test_unknown_operator_is_rejected(tmp_path: Path) -> None:
    found = errors_of(tmp_path, GOOD.replace("present_count * 2 <= members_count", "present_count =< members_count"))
    assert len(found) == 1 and found[0][0] == 11


def test_missing_message_is_rejected(tmp_path: Path) -> None:
    text = GOOD.replace('message:\n  zh: 到会{present_count}人\n  en: "{present_count} present"\n', "")
    assert (1, "rule file is missing message") in errors_of(tmp_path, text)


def test_message_placeholder_must_be_a_fact(tmp_path: Path) -> None:
    found = errors_of(tmp_path, GOOD.replace("到会{present_count}人", "到会{present}人"))
    assert found == [(14, "message uses {present}, which is not a fact field")]


def test_examples_need_pass_and_fail(tmp_path: Path) -> None:
    text = GOOD[: GOOD.index("  fail:")]
    assert any("fail example" in message for _line, message in errors_of(tmp_path, text))


def test_file_name_must_match_the_id(tmp_path: Path) -> None:
    path = tmp_path / "OTHER.yaml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        load_rule_file(str(path))
    assert "TEST-RULE.yaml" in caught.value.errors[0].message.en


def test_yes_no_fields_cannot_be_compared_with_numbers(tmp_path: Path) -> None:
    found = errors_of(tmp_path, GOOD.replace("present_count * 2 <= members_count", "has_meeting > 3"))
    assert found and found[0][0] == 11


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is_tiol", Compare("is_tiol", "==", Lit(True))),
        ("not has_meeting", Compare("has_meeting", "==", Lit(False))),
        ("materials_sent_day missing", Exists("materials_sent_day", False)),
        ("a * 2 <= b", Compare("b", ">=", Arith(Ref("a"), "*", Lit(2)))),
        ("decision_day >= 2024-08-01", Compare("decision_day", ">=", Lit(739099, "day"))),
        ("x > 2 * 3", Compare("x", ">", Lit(6))),  # literal arithmetic is folded
        ({"any": ["a", "not b"]}, AnyOf((Compare("a", "==", Lit(True)), Compare("b", "==", Lit(False))))),
        (["a", "b"], All((Compare("a", "==", Lit(True)), Compare("b", "==", Lit(True))))),
    ],
)
def test_condition_language(text: object, expected: object) -> None:
    assert parse_condition(text) == expected


@pytest.mark.parametrize("text", ["a * 2 <= b * 3", "a <", "a == b == c", "a ; b", {"either": ["a"]}])
def test_bad_conditions_are_rejected(text: object) -> None:
    with pytest.raises(ConditionError):
        parse_condition(text)


def test_shipped_rules_cover_the_catalogue() -> None:
    """Every check id of shared/spec/checks.md (copied here) ships, none renamed."""
    catalogue = {
        "TIOL-SCOPE",
        "TIOL-COLLECTIVE",
        "TIOL-EXECUTED-BEFORE-DECISION",
        "TIOL-QUORUM",
        "TIOL-QUORUM-PERSONNEL",
        "TIOL-PASS-MAJORITY",
        "TIOL-VOTE-RECORDED",
        "TIOL-EACH-OPINION",
        "TIOL-PRINCIPAL-LAST",
        "TIOL-NO-AD-HOC",
        "TIOL-MATERIALS-ADVANCE",
        "TIOL-PRIOR-CONSULTATION",
        "TIOL-RECUSAL",
        "TIOL-MINUTES",
        "TIOL-ARCHIVE",
        "TIOL-EMERGENCY-REPORTED",
        "TIOL-DISSENT-RECORDED",
        "MAD-PUBLIC-PARTICIPATION",
        "MAD-PUBLIC-COMMENT-30D",
        "MAD-EXPERT-REVIEW",
        "MAD-RISK-ASSESSMENT",
        "MAD-LEGALITY-BEFORE-DISCUSSION",
        "MAD-LEGALITY-7WD",
        "MAD-COLLECTIVE-MEETING",
        "MAD-HEAD-DEPARTURE-REASON",
        "MAD-PUBLISH",
        "MAD-ARCHIVE",
        "LEG-NORMDOC-REVIEW",
        "LEG-CONTRACT-REVIEW",
        "LEG-REVIEW-AFTER-DECISION",
        "LEG-UNLAWFUL-ADOPTED",
        "LEG-COUNSEL-MAJOR-MATTER",
        "LEG-REVIEWER-ROLE",
        "FCR-REVIEW-REQUIRED",
        "FCR-BEFORE-ISSUE",
        "FCR-NON-COMPLIANT-ADOPTED",
        "FCR-STAKEHOLDERS",
        "FCR-EXCEPTION-JUSTIFIED",
        "PROC-OPEN-TENDER",
        "PROC-NO-SPLITTING",
        "REC-ATTENDEE-NOT-MEMBER",
        "REC-OPINION-NOT-PRESENT",
        "REC-ROSTER-MISMATCH",
        "REC-VOTE-EXCEEDS-PRESENT",
        "REC-DATE-ORDER",
        "REC-DUPLICATE-ID",
        # catalogue 1.1: new checks of the legality, procurement and records packs, and the waiver checks
        "LEG-NORMDOC-COLLECTIVE",
        "LEG-NORMDOC-PUBLISH",
        "PROC-SPLIT-TENDER",
        "REC-THRESHOLD-UNSET",
        "REC-WAIVER-EXPIRED",
        "REC-WAIVER-STALE",
    }
    shipped = {rule.id for rule in load_rules()}
    assert catalogue <= shipped
    # The payments cross-check (issue 10) is not in the catalogue yet: its checks are defined by the issue.
    payments = {"AUD-PAYMENT-NO-DECISION", "AUD-PAYMENT-BEFORE-DECISION", "AUD-PAYMENT-EXCEEDS-DECISION"}
    assert shipped - catalogue - payments <= {"TIOL-DISSENT-RECORDED"}  # (1.1, new: issue 9, the tiol pack)


def test_every_rule_cites_a_basis_and_documents_itself() -> None:
    for rule in load_rules():
        assert rule.basis and rule.description.zh and rule.description.en and rule.title.zh, rule.id


def test_rules_test_command_runs_every_example_on_both_engines() -> None:
    from conftest import run_cli

    result = run_cli("rules", "test")
    assert result.exit_code == 0 and "0 个不符合" in result.stdout


def test_rules_fields_lists_the_fact_fields_rule_authors_use() -> None:
    from conftest import run_cli

    result = run_cli("rules", "--fields", "--lang", "en")
    assert result.exit_code == 0
    assert any(line.split()[:2] == ["present_count", "int"] for line in result.stdout.splitlines())


def test_a_basis_with_when_is_cited_only_on_items_where_it_holds() -> None:
    """(1.1) 政府采购法 第十二条 on procurement items only; kind and date still apply first."""
    recusal = next(rule for rule in load_rules() if rule.id == "TIOL-RECUSAL")
    base = {"is_voting_forum": True, "cat_personnel": False, "cat_procurement": False}
    plain = [b.instrument for b in recusal.basis_on(None, "agency", base)]
    assert "《中华人民共和国政府采购法》" not in plain and "《中华人民共和国公务员法》" in plain
    bought = [b.instrument for b in recusal.basis_on(None, "agency", {**base, "cat_procurement": True})]
    assert "《中华人民共和国政府采购法》" in bought
    soe = [b.instrument for b in recusal.basis_on(None, "soe", base)]
    assert soe == ["本单位议事规则"]  # neither the civil-service law nor the Party-group rule serves an SOE
    listing = recusal.basis_on(None, None)  # no item (rules show, reports): every basis
    assert len(listing) == len(recusal.basis)


def test_a_folder_without_rule_files_is_an_error_never_a_clean_run(tmp_path: Path) -> None:
    """A broken install (rule files missing) must not report 'no problems found' on every record."""
    import os
    import subprocess
    import sys

    record = Path(__file__).resolve().parents[1] / "examples" / "minutes" / "2022-01-14-party-group.yaml"
    env = dict(os.environ, GOVCHECK_PYZ_RULES_DIR=str(tmp_path), GOVCHECK_CACHE_DIR="")
    done = subprocess.run(
        [sys.executable, "-m", "govcheck", "validate", str(record)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "找不到规则文件" in done.stdout + done.stderr
    assert "reinstall" in load_rules_error(tmp_path)


def load_rules_error(folder: Path) -> str:
    with pytest.raises(InputProblems) as raised:
        load_rules(str(folder))
    return raised.value.errors[0].hint.en if raised.value.errors[0].hint else ""
