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
