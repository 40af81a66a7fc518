"""Major administrative decisions and fair competition review 1.1, as a legal officer re-running old records meets them.

A compliant major administrative decision (a standing meeting on 2023-05-12, every statutory step recorded) is
edited one fact at a time and run through the real CLI; the findings' messages, lines and bases are what a
reviewer reads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import edit, line_of, run_cli
from govcheck.errors import InputProblems
from govcheck.loading.record import load_record
from govcheck.loading.yamlsource import parse_yaml

MAD_RECORD = """\
govcheck: 1
unit: 某区人民政府
meeting:
  id: CW-2023-05
  type: standing
  date: 2023-05-12
  chair: 张三
  members: [张三, 李四, 王五, 赵六, 钱七]
  attendees: [张三, 李四, 王五, 赵六, 钱七]
  notice: {agenda_sent: 2023-05-09, materials_sent: 2023-05-09}
  minutes: {recorder: 周九, archived: true, archive_no: DA-2023-0112}
items:
  - id: CW-2023-05-01
    title: 关于某片区道路工程项目立项的议题
    category: [major_project, major_decision]
    major_administrative_decision: true
    pre_deliberation:
      - {with: 李四, date: 2023-05-08}
    reviews:
      public_participation:
        start: 2023-03-01
        end: 2023-04-01
        channel: 区政府在线
      expert_review: {date: 2023-04-10, experts: [甲, 乙, 丙], conclusion: 可行}
      risk_assessment: {date: 2023-04-15, level: low, conclusion: 风险可控}
      legality:
        reviewer: 王律师
        role: legal_counsel
        submitted: 2023-04-20
        completed: 2023-05-05
        conclusion: lawful
    opinions:
      - {member: 李四, position: agree}
      - {member: 王五, position: agree}
      - {member: 赵六, position: agree}
      - {member: 钱七, position: agree}
      - {member: 张三, position: agree}
    outcome: adopted
    published: {date: 2023-05-22, channel: 区政府在线}
    executed_on: 2023-06-01
"""
PARTICIPATION = """\
      public_participation:
        start: 2023-03-01
        end: 2023-04-01
        channel: 区政府在线
"""
SETTINGS = "unit: 某区人民政府\nprincipal: 张三\nthresholds: {large_fund: 50万元}\n"


def _write(tmp_path: Path, text: str, settings: str = SETTINGS) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "govcheck.yaml").write_text(settings, encoding="utf-8")
    return path


def findings(tmp_path: Path, text: str, settings: str = SETTINGS) -> list[dict[str, Any]]:
    path = _write(tmp_path, text, settings)
    result = run_cli("validate", "--format", "json", str(path), "--config", str(tmp_path / "govcheck.yaml"))
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return found


def checks(found: list[dict[str, Any]]) -> set[str]:
    return {f["check"] for f in found}


def test_the_base_record_is_clean(tmp_path: Path) -> None:
    assert findings(tmp_path, MAD_RECORD) == []


# ------------------------------------------------ public participation: the method and a list (record format 1.1)


def test_a_symposium_is_not_held_to_the_30_days(tmp_path: Path) -> None:
    one_day = (
        "      public_participation:\n        method: 座谈会\n        start: 2023-04-03\n        end: 2023-04-03\n"
    )
    assert findings(tmp_path, edit(MAD_RECORD, PARTICIPATION, one_day)) == []


def test_a_public_comment_without_a_method_is_still_a_public_comment(tmp_path: Path) -> None:
    short = edit(MAD_RECORD, "        end: 2023-04-01\n", "        end: 2023-03-16\n")
    (finding,) = findings(tmp_path, short)
    assert finding["check"] == "MAD-PUBLIC-COMMENT-30D"
    assert finding["line"] == line_of(short, "        end: 2023-03-16")
    assert "期限为15日（开始当日不计入），少于30日" in finding["message"]
    assert "shortened_reason" not in finding["message"]


def test_several_participations_each_public_comment_counts(tmp_path: Path) -> None:
    several = (
        "      public_participation:\n"
        "        - {method: hearing, start: 2023-04-05, end: 2023-04-05, channel: 区政府听证室}\n"
        "        - {method: public_comment, start: 2023-03-01, end: 2023-04-01, channel: 区政府在线}\n"
    )
    text = edit(MAD_RECORD, PARTICIPATION, several)
    assert findings(tmp_path, text) == []
    second_round = edit(text, "end: 2023-04-05, channel", "end: 2023-04-10, channel").replace(
        "method: hearing", "method: public_comment"
    )
    (finding,) = findings(tmp_path, second_round)
    assert finding["check"] == "MAD-PUBLIC-COMMENT-30D"
    assert "（第1项公众参与）" in finding["message"] and "期限为5日" in finding["message"]
    assert finding["line"] == line_of(second_round, "method: public_comment, start: 2023-04-05")


def test_a_list_loads_and_its_entries_are_checked(tmp_path: Path) -> None:
    several = (
        "      public_participation:\n        - {method: 听证会, start: 2023-04-05}\n        - {method: 公开征求意见}\n"
    )
    data = load_record(str(_write(tmp_path, edit(MAD_RECORD, PARTICIPATION, several))), "r.yaml").data
    entries = data["items"][0]["reviews"]["public_participation"]
    assert [e["method"] for e in entries] == ["hearing", "public_comment"]
    bad = "      public_participation:\n        - {method: 论证会, start: 2023-04-05}\n        - [2023-04-05]\n"
    bad_text = edit(MAD_RECORD, PARTICIPATION, bad)
    with pytest.raises(InputProblems) as caught:
        load_record(str(_write(tmp_path, bad_text)), "r.yaml")
    problems = caught.value.errors
    assert [p.line for p in problems] == [line_of(bad_text, "论证会"), line_of(bad_text, "[2023-04-05]")]
    assert "public_participation[0].method" in problems[0].message.zh and "公开征求意见" in str(problems[0].hint)
    assert "public_participation[1]" in problems[1].message.zh and "映射" in problems[1].message.zh
    with pytest.raises(InputProblems):
        load_record(str(_write(tmp_path, edit(MAD_RECORD, PARTICIPATION, "      public_participation: []\n"))), "r")


def test_govcheck_schema_takes_one_participation_or_a_list() -> None:
    schema = json.loads(run_cli("schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)

    def errors(text: str) -> list[str]:
        return [e.message for e in validator.iter_errors(json.loads(json.dumps(parse_yaml("r", text), default=str)))]

    several = (
        "      public_participation:\n        - {method: hearing, start: 2023-04-05}\n        - {end: 2023-04-01}\n"
    )
    assert errors(MAD_RECORD) == []
    assert errors(edit(MAD_RECORD, PARTICIPATION, several)) == []
    assert errors(edit(MAD_RECORD, PARTICIPATION, "      public_participation:\n        - {method: 论证会}\n")) != []
    assert errors(edit(MAD_RECORD, PARTICIPATION, "      public_participation: []\n")) != []


# ------------------------------------------------ fair competition review 1.1 (a county 商务局's policy measure)

FCR_RECORD = """\
govcheck: 1
unit: 某县商务局
meeting:
  id: JW-2016-09
  type: party_group
  date: 2016-09-12
  chair: 张三
  members: [张三, 李四, 王五]
  attendees: [张三, 李四, 王五]
  notice: {agenda_sent: 2016-09-09, materials_sent: 2016-09-09}
  minutes: {recorder: 周九, archived: true, archive_no: DA-2016-0031}
items:
  - id: JW-2016-09-01
    title: 关于印发某县促进商贸流通若干措施的议题
    category: [policy_measure, major_decision]
    pre_deliberation:
      - {with: 李四, date: 2016-09-08}
    reviews:
      legality: {reviewer: 王律师, role: legal_counsel, submitted: 2016-08-22, completed: 2016-09-05, conclusion: lawful}
      fair_competition:
        reviewer: 商务科
        completed: 2016-09-06
        conclusion: compliant
        stakeholders_consulted: true
    opinions:
      - {member: 李四, position: agree}
      - {member: 王五, position: agree}
      - {member: 张三, position: agree}
    vote: {method: show_of_hands, for: 3, against: 0, abstain: 0}
    outcome: adopted
"""
FCR_SETTINGS = "unit: 某县商务局\nprincipal: 张三\nthresholds: {large_fund: 50万元}\n"
NO_REVIEW = (
    "      fair_competition:\n        reviewer: 商务科\n        completed: 2016-09-06\n"
    "        conclusion: compliant\n        stakeholders_consulted: true\n"
)


def on(day: str, text: str = FCR_RECORD) -> str:
    """The record decided on ``day`` (every date of the record moved with the meeting)."""
    import datetime as dt
    import re

    shift = dt.date.fromisoformat(day) - dt.date(2016, 9, 12)
    return re.sub(r"\d{4}-\d{2}-\d{2}", lambda m: (dt.date.fromisoformat(m.group()) + shift).isoformat(), text)


def test_the_fcr_record_is_clean(tmp_path: Path) -> None:
    assert findings(tmp_path, FCR_RECORD, FCR_SETTINGS) == []


@pytest.mark.parametrize(
    ("day", "fires"),
    [("2016-06-14", False), ("2016-06-30", False), ("2016-07-01", True), ("2023-05-12", True)],
)
def test_the_pack_starts_on_2016_07_01_by_default(tmp_path: Path, day: str, fires: bool) -> None:
    """1.0 started on 2016-06-14, a date with no source: a June 2016 measure is no longer reported."""
    found = findings(tmp_path, on(day, edit(FCR_RECORD, NO_REVIEW, "")), FCR_SETTINGS)
    assert ("FCR-REVIEW-REQUIRED" in checks(found)) is fires


@pytest.mark.parametrize(("day", "fires"), [("2017-02-28", False), ("2017-03-01", True)])
def test_a_county_sets_its_own_start(tmp_path: Path, day: str, fires: bool) -> None:
    settings = FCR_SETTINGS + "fair_competition_from: 2017年3月1日   # 县政府实施通知\n"
    found = findings(tmp_path, on(day, edit(FCR_RECORD, NO_REVIEW, "")), settings)
    assert checks(found) == ({"FCR-REVIEW-REQUIRED"} if fires else set())
    if fires:
        (finding,) = found
        assert finding["message"].startswith("该措施涉及经营者经济活动，记录未见公平竞争审查情况")
        assert "reviews" not in finding["message"]
        assert [b for b in finding["basis"] if "34号" in b] and not [b for b in finding["basis"] if "783号" in b]


def test_the_start_is_explained_when_the_pack_does_not_run(tmp_path: Path) -> None:
    settings = FCR_SETTINGS + "fair_competition_from: 2017-03-01\n"
    path = _write(tmp_path, edit(FCR_RECORD, NO_REVIEW, ""), settings)
    result = run_cli("validate", "--explain", str(path), "--config", str(tmp_path / "govcheck.yaml"))
    assert result.exit_code == 0, result.output
    assert "FCR-REVIEW-REQUIRED" in result.output
    assert "decision_day：2016年9月12日；fcr_from_day：2017年3月1日" in result.output


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2016-06-14", "早于公平竞争审查制度开始实施的2016年7月1日"),
        ("2024-08-02", "晚于《公平竞争审查条例》施行的2024年8月1日"),
    ],
)
def test_a_start_outside_the_regime_is_an_input_error_at_its_line(tmp_path: Path, value: str, says: str) -> None:
    settings = FCR_SETTINGS + f"fair_competition_from: {value}\n"
    path = _write(tmp_path, FCR_RECORD, settings)
    result = run_cli("validate", str(path), "--config", str(tmp_path / "govcheck.yaml"))
    assert result.exit_code == 2, result.output
    assert f"govcheck.yaml:{line_of(settings, 'fair_competition_from')}:" in result.output
    assert says in result.output and "2016-07-01 至 2024-08-01" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["2016-07-01", "2024-08-01"])
def test_the_bounds_themselves_are_accepted(tmp_path: Path, value: str) -> None:
    assert findings(tmp_path, FCR_RECORD, FCR_SETTINGS + f"fair_competition_from: {value}\n") == []


def test_schema_and_init_carry_the_setting(tmp_path: Path) -> None:
    schema = json.loads(run_cli("schema", "--settings").stdout)
    described = schema["properties"]["fair_competition_from"]["description"]
    assert "2016-07-01" in described
    result = run_cli("init", str(tmp_path / "unit"))
    assert result.exit_code == 0, result.output
    written = (tmp_path / "unit" / "govcheck.yaml").read_text(encoding="utf-8")
    assert "\nfair_competition_from: 2016-07-01\n" in written
    comment = written.split("\nfair_competition_from:")[0].rsplit("# ----", 1)[1]
    assert "市、县两级按本地实施通知" in comment and "国发〔2016〕34号" in comment


def test_the_2021_rules_are_cited_beside_34_from_2021_06_29(tmp_path: Path) -> None:
    no_review = edit(FCR_RECORD, NO_REVIEW, "")
    (before,) = findings(tmp_path, on("2021-06-28", no_review), FCR_SETTINGS)
    (after,) = findings(tmp_path, on("2021-06-29", no_review), FCR_SETTINGS)
    assert not [b for b in before["basis"] if "国市监反垄规〔2021〕2号" in b]
    assert [b for b in after["basis"] if "国市监反垄规〔2021〕2号）第二条" in b]
    assert [b for b in after["basis"] if "国发〔2016〕34号" in b]
    (regulation,) = findings(tmp_path, on("2024-08-01", no_review), FCR_SETTINGS)
    assert [b for b in regulation["basis"] if "国务院令第783号）第十八条" in b]
    assert not [b for b in regulation["basis"] if "34号" in b or "2021" in b]


NOT_HEARD = "        stakeholders_consulted: false\n"
PUBLIC_COMMENT = (
    "      public_participation:\n        method: 公开征求意见\n        start: 2016-08-01\n"
    "        end: 2016-08-31\n        channel: 县政府网站\n"
)


def _not_heard(public_comment: bool) -> str:
    text = edit(FCR_RECORD, "        stakeholders_consulted: true\n", NOT_HEARD)
    if public_comment:
        text = edit(text, "      fair_competition:\n", PUBLIC_COMMENT + "      fair_competition:\n")
    return text


@pytest.mark.parametrize(
    ("day", "public_comment", "expected"),
    [
        ("2024-07-31", True, None),  # 34号: stakeholders or a public comment
        ("2024-07-31", False, "warning"),
        ("2024-08-01", True, "error"),  # 条例第十六条: the stakeholders themselves
        ("2024-08-01", False, "error"),
    ],
)
def test_before_2024_08_01_a_public_comment_satisfies_fcr_stakeholders(
    tmp_path: Path, day: str, public_comment: bool, expected: str | None
) -> None:
    text = on(day, _not_heard(public_comment))
    found = [f for f in findings(tmp_path, text, FCR_SETTINGS) if f["check"] == "FCR-STAKEHOLDERS"]
    assert [f["severity"] for f in found] == ([expected] if expected else [])
    if found:
        (finding,) = found
        assert finding["line"] == line_of(text, NOT_HEARD.rstrip("\n"))
        assert "stakeholders_consulted" not in finding["message"] and "true" not in finding["message"]
        if public_comment:
            assert "向社会公开征求意见不能代替" in finding["message"]


def test_a_hearing_is_no_public_comment_for_fcr_stakeholders(tmp_path: Path) -> None:
    hearing = PUBLIC_COMMENT.replace("公开征求意见", "听证会").replace("2016-08-31", "2016-08-01")
    text = edit(_not_heard(False), "      fair_competition:\n", hearing + "      fair_competition:\n")
    (finding,) = [f for f in findings(tmp_path, text, FCR_SETTINGS) if f["check"] == "FCR-STAKEHOLDERS"]
    assert "也未见向社会公开征求意见" in finding["message"]


EXCEPTION = "        conclusion: exception\n        exception_reason: 为救灾救助需要\n"


@pytest.mark.parametrize("day", ["2019-05-13", "2024-07-31", "2025-05-12"])
def test_an_exception_needs_its_period_at_every_date(tmp_path: Path, day: str) -> None:
    """1.0 asked for the period only from 2024-08-01: a 2019 exception without one passed."""
    text = on(day, edit(FCR_RECORD, "        conclusion: compliant\n", EXCEPTION))
    (finding,) = findings(tmp_path, text, FCR_SETTINGS)
    assert finding["check"] == "FCR-EXCEPTION-JUSTIFIED" and finding["severity"] == "error"
    assert finding["line"] == line_of(text, "        conclusion: exception")
    if day >= "2024-08-01":
        assert "未写明实施期限或者终止条件" in finding["message"]
        assert [b for b in finding["basis"] if "第十二条、第十七条第二款" in b]
    else:
        assert "未写明实施期限；适用例外规定的，应当明确实施期限" in finding["message"]
        assert [b for b in finding["basis"] if "34号" in b]
    assert "exception" not in finding["message"]
    with_period = edit(text, EXCEPTION, EXCEPTION + "        exception_period: 至灾后重建完成时终止\n")
    assert findings(tmp_path, with_period, FCR_SETTINGS) == []


def test_fcr_messages_name_facts_not_fields(tmp_path: Path) -> None:
    """Every FCR finding reads as a 法制科 reviewer writes it: Chinese dates, no field paths or code values."""
    late = on("2023-05-12", edit(FCR_RECORD, "        completed: 2016-09-06\n", "        completed: 2016-09-20\n"))
    (finding,) = findings(tmp_path, late, FCR_SETTINGS)
    assert finding["check"] == "FCR-BEFORE-ISSUE"
    assert "公平竞争审查于2023年5月20日完成，晚于2023年5月12日作出决定的日期" in finding["message"]
    adopted = edit(FCR_RECORD, "        conclusion: compliant\n", "        conclusion: 不符合\n")
    (finding,) = findings(tmp_path, adopted, FCR_SETTINGS)
    assert finding["check"] == "FCR-NON-COMPLIANT-ADOPTED"
    assert "non_compliant" not in finding["message"] and "不符合审查标准" in finding["message"]


@pytest.mark.parametrize(("day", "counted"), [("2016-06-30", 0), ("2016-07-01", 1)])
def test_the_report_counts_only_measures_decided_after_the_start(tmp_path: Path, day: str, counted: int) -> None:
    """The report's 「须公平竞争审查的事项」 are those the pack checks: decided on or after fair_competition_from."""
    path = _write(tmp_path, on(day), FCR_SETTINGS)
    result = run_cli("report", str(path), "--config", str(tmp_path / "govcheck.yaml"), "--format", "json", "-o", "-")
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.stdout)
    found = [value for key, value in _walk(document) if key == "fcr_items"]
    assert found == [counted]


def _walk(node: Any) -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [pair for key, value in node.items() for pair in [(key, value), *_walk(value)]]
    if isinstance(node, list):
        return [pair for value in node for pair in _walk(value)]
    return []
