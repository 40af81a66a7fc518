"""Strict record loading, as a compliance officer meets it.

Every bad input must be an input error (exit 2) that names the file, the line,
what is wrong and how to fix it, never a Python traceback; and the other files
of the same run must still be checked and reported.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import (
    GOOD_RECORD,
    edit,
    file_entry,
    good_text,
    line_of,
    output_of,
    record_dir,
    run_cli,
    run_json,
)
from govcheck.errors import InputProblems
from govcheck.loading import values
from govcheck.loading.record import load_record
from govcheck.loading.settings import load_settings
from govcheck.loading.yamlsource import MAX_FILE_BYTES, YDict, YList, parse_yaml, read_yaml_file

GOOD_ITEMS = ["DZ-2023-08-01", "DZ-2023-08-02"]


# ------------------------------------------------------------------ helpers


@dataclass
class BadRun:
    """One run over a folder holding a bad file next to good ones."""

    name: str
    text: str  # what a person sees with the default text output (stdout and stderr)
    document: dict[str, Any]  # the same run with --format json
    error: dict[str, Any]  # files[].error of the bad file: {"line": N, "message": ...}

    def assert_line(self, line: int) -> None:
        assert self.error["line"] == line, self.error
        assert f"{self.name}:{line}:" in self.text, self.text

    def assert_says(self, *words: str) -> None:
        for word in words:
            assert word in self.error["message"], (word, self.error["message"])
            assert word in self.text, (word, self.text)


def check_bad(tmp_path: Path, bad: str | bytes, *args: str, name: str = "bad.yaml") -> BadRun:
    """Run validate (text and JSON) on a folder with ``bad`` plus good records and
    assert what every input error owes the user."""
    folder = record_dir(tmp_path, bad, name)
    text_run = run_cli("validate", str(folder), *args)
    shown = output_of(text_run)
    code, document = run_json(str(folder), *args)

    assert text_run.exit_code == 2, shown
    assert code == 2
    assert "Traceback" not in shown
    error = file_entry(document, name)["error"]
    assert error is not None, f"{name} was accepted"
    assert error["message"].strip()
    how_to_fix = "how to fix" if "en" in args else "修改方法"
    assert how_to_fix in shown and how_to_fix in error["message"], "the message must say how to fix it"
    assert name in shown

    # The good files of the same run are still read, checked and reported.
    good = file_entry(document, "good.yaml")
    assert good["error"] is None and good["items"] == GOOD_ITEMS
    flawed = file_entry(document, "flawed.yaml")
    assert flawed["error"] is None and flawed["items"]
    flawed_checks = {f["check"] for f in document["findings"] if Path(f["file"]).name == "flawed.yaml"}
    assert "TIOL-PRINCIPAL-LAST" in flawed_checks
    assert "flawed.yaml" in shown and "TIOL-PRINCIPAL-LAST" in shown
    assert document["summary"]["files"] == 3
    return BadRun(name, shown, document, error)


def load_text(tmp_path: Path, text: str, name: str = "record.yaml") -> YDict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_record(str(path), name).data


def problems_of(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    """(line, message, hint) of every problem in one record, in English."""
    with pytest.raises(InputProblems) as caught:
        load_text(tmp_path, text)
    return [(e.line, e.message.en, e.hint.en if e.hint else "") for e in caught.value.errors]


def problems_of_file(path: Path) -> list[tuple[int, str, str]]:
    with pytest.raises(InputProblems) as caught:
        load_record(str(path))
    return [(e.line, e.message.en, e.hint.en if e.hint else "") for e in caught.value.errors]


# ------------------------------------------------------------ values: amounts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("350万元", 3_500_000),
        ("350万", 3_500_000),
        ("1.2亿元", 120_000_000),
        ("3,500,000元", 3_500_000),
        (3_500_000, 3_500_000),
        ("3500000", 3_500_000),
        ("12.5万", 125_000),
        ("0.1万", 1_000),
        ("19.8万元", 198_000),
        ("1.23亿", 123_000_000),
        ("0", 0),
        (" 350 万元 ", 3_500_000),
    ],
)
def test_amounts_in_whole_yuan_are_exact_ints(raw: object, expected: int) -> None:
    amount = values.parse_amount(raw)
    assert type(amount) is int
    assert amount == expected


def test_amounts_with_fen_are_exact_decimals() -> None:
    assert values.parse_amount("1234.5元") == Decimal("1234.5")
    assert values.parse_amount("0.01元") == Decimal("0.01")
    assert isinstance(values.parse_amount("0.01元"), Decimal)
    # 0.0001万 is exactly 1 yuan: no float on the way
    assert values.parse_amount("0.0001万") == 1
    # trailing zeros are not precision below one fen
    assert values.parse_amount("1.230元") == Decimal("1.23")
    assert values.parse_amount("0.123400万") == 1234


def test_negative_amount_says_so() -> None:
    for raw in (-5, "-5", "-350万元"):
        with pytest.raises(values.ValueProblem) as caught:
            values.parse_amount(raw)
        assert "negative" in caught.value.message.en


@pytest.mark.parametrize(
    "raw",
    [
        "一千二",  # 1200 or 1002? written out, it is 一千二百
        "百千万",
        "-5",
        -5,
        "3,50,000元",
        "1.234元",
        "1.5e6",
        "350万元整",
        "",
        "万元",
        "3 500 000",
        "1.00000001万",
        True,
        None,
        3.5,
    ],
)
def test_bad_amounts_are_errors_listing_accepted_spellings(raw: object) -> None:
    with pytest.raises(values.ValueProblem) as caught:
        values.parse_amount(raw)
    hint = caught.value.hint
    for spelling in ("350万元", "1.2亿元", "3,500,000元", "3500000"):
        assert spelling in hint.zh and spelling in hint.en


# --------------------------------------------------------------- values: dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.date(2023, 5, 12), dt.date(2023, 5, 12)),
        ("2023-05-12", dt.date(2023, 5, 12)),
        ("2023-5-2", dt.date(2023, 5, 2)),
        ("2023年5月12日", dt.date(2023, 5, 12)),
        ("2023年05月02日", dt.date(2023, 5, 2)),
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_dates(raw: object, expected: dt.date) -> None:
    assert values.parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("2023-02-30", "not a real date"),
        ("2023年2月30日", "not a real date"),
        ("2023-13-01", "not a real date"),
        ("2023-02-29", "not a real date"),
        ("下周二", "is not a date"),
        ("12/05/2023", "is not a date"),
        ("20230512", "is not a date"),
        (20230512, "is not a date"),
        ("2023-05-12T10:00:00", "is not a date"),
        (dt.datetime(2023, 5, 12, 10, 0), "is not a date"),
    ],
)
def test_bad_dates(raw: object, says: str) -> None:
    with pytest.raises(values.ValueProblem) as caught:
        values.parse_date(raw)
    assert says in caught.value.message.en
    assert "2023-05-12" in caught.value.hint.en and "2023年5月12日" in caught.value.hint.zh


# ------------------------------------------------------- the YAML reader itself


def test_every_value_keeps_its_line() -> None:
    data = parse_yaml("r.yaml", "govcheck: 1\nmeeting:\n  id: A\n  attendees:\n    - 张三\n    - 李四\n")
    assert isinstance(data, YDict)
    assert data.line_of("govcheck") == 1
    meeting = data["meeting"]
    assert isinstance(meeting, YDict) and meeting.line_of("id") == 3
    attendees = meeting["attendees"]
    assert isinstance(attendees, YList)
    assert [attendees.line_of(0), attendees.line_of(1)] == [5, 6]


def test_yaml_1_1_words_stay_text() -> None:
    data = parse_yaml("r.yaml", "a: no\nb: yes\nc: on\nd: off\ne: [no, y, n]\nf: 1.5\ng: 010\nh: true\ni: ~\n")
    assert data == {
        "a": "no",
        "b": "yes",
        "c": "on",
        "d": "off",
        "e": ["no", "y", "n"],
        "f": "1.5",
        "g": "010",
        "h": True,
        "i": None,
    }


def test_unreal_dates_stay_text_for_the_schema_to_report() -> None:
    data = parse_yaml("r.yaml", "a: 2023-05-12\nb: 2023-02-30\nc: '2023-05-12'\n")
    assert data == {"a": dt.date(2023, 5, 12), "b": "2023-02-30", "c": "2023-05-12"}


def test_name_no_stays_the_string_no(tmp_path: Path) -> None:
    text = edit(good_text(), "chair: 张三", "chair: no")
    text = edit(text, "observers:\n    - {name: 刘明", "observers:\n    - {name: NO")
    data = load_text(tmp_path, text)
    assert data["meeting"]["chair"] == "no"
    assert data["meeting"]["observers"][0]["name"] == "NO"


def test_yes_no_words_are_booleans_only_in_yes_no_fields(tmp_path: Path) -> None:
    text = edit(good_text(), "archived: true", "archived: yes")
    text = edit(text, "stakeholders_consulted: true", "stakeholders_consulted: 是")
    data = load_text(tmp_path, text)
    assert data["meeting"]["minutes"]["archived"] is True
    assert data["items"][1]["reviews"]["fair_competition"]["stakeholders_consulted"] is True


def test_loaded_record_has_canonical_values(tmp_path: Path) -> None:
    text = edit(good_text(), "category: major_decision", "category: [重大项目安排, 大额资金]\n    amount: 1.2亿元")
    text = edit(text, "type: party_group", "type: 署务会")
    data = load_text(tmp_path, text)
    assert data["meeting"]["type"] == "executive"
    assert data["meeting"]["date"] == dt.date(2023, 5, 12)  # written 2023年5月12日
    assert data["items"][0]["category"] == ("major_project", "large_fund")
    assert data["items"][0]["amount"] == 120_000_000 and type(data["items"][0]["amount"]) is int
    assert data["items"][0]["opinions"][0]["position"] == "agree"


def test_all_problems_of_a_file_are_reported_at_once(tmp_path: Path) -> None:
    text = edit(good_text(), "attendees:", "atendees:")
    text = edit(text, "materials_sent: 2023-05-10", "materials_sent: 2023-02-30")
    text = edit(text, "outcome: adopted", "outcome: passed")
    found = problems_of(tmp_path, text)
    assert [line for line, _m, _h in found] == sorted(
        [line_of(text, "atendees:"), line_of(text, "materials_sent:"), line_of(text, "outcome: passed")]
    )


def test_category_list_errors_point_at_the_bad_entry(tmp_path: Path) -> None:
    text = edit(good_text(), "category: major_decision", "category:\n      - major_decision\n      - 项目")
    [(line, message, hint)] = problems_of(tmp_path, text)
    assert line == line_of(text, "- 项目")
    assert "'项目' is not an allowed value" in message and "major_project" in hint


def test_empty_category_list_is_an_error_not_an_item_without_category(tmp_path: Path) -> None:
    # An empty list would silently make the item "not a 三重一大 item" and skip its checks.
    text = edit(good_text(), "category: major_decision", "category: []")
    [(line, message, hint)] = problems_of(tmp_path, text)
    assert line == line_of(text, "category: []")
    assert "category" in message and "major_decision" in hint


def test_null_list_entry_is_named_as_empty(tmp_path: Path) -> None:
    text = edit(good_text(), "attendees: [张三,", "attendees: [~, 张三,")
    [(line, message, _hint)] = problems_of(tmp_path, text)
    assert line == line_of(text, "attendees:")
    assert "meeting.attendees[0]" in message and "an empty value" in message and "None" not in message


def test_null_item_is_named_as_empty(tmp_path: Path) -> None:
    text = good_text().split("items:")[0] + "items:\n  -\n"
    [(line, message, _hint)] = problems_of(tmp_path, text)
    assert line == len(text.splitlines())
    assert "items[0] should be a mapping" in message and "an empty value" in message and "None" not in message


# ------------------------------------------- bad files, run through the CLI


def test_unclosed_bracket(tmp_path: Path) -> None:
    bad = edit(good_text(), "钱七, 孙八, 吴九]\n  attendees", "钱七, 孙八, 吴九\n  attendees")
    run = check_bad(tmp_path, bad)
    # The bracket opened on the members line is where the fix goes, not the next line.
    run.assert_line(line_of(bad, "members: ["))
    run.assert_says("YAML", "[", "]")


def test_unclosed_quote(tmp_path: Path) -> None:
    bad = edit(good_text(), "proposed_by: 办公室", "proposed_by: '办公室")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "'办公室"))
    run.assert_says("YAML", "引号")


def test_tab_used_for_indentation(tmp_path: Path) -> None:
    bad = edit(good_text(), "  chair: 张三", "\tchair: 张三")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "\tchair"))
    run.assert_says("Tab", "空格")


def test_colon_in_unquoted_text(tmp_path: Path) -> None:
    bad = edit(good_text(), "proposed_by: 办公室", "proposed_by: 办公室: 王科长")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "王科长"))
    run.assert_says("引号")


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    bad = edit(good_text(), "  chair: 张三\n", "  chair: 张三\n  date: 2023-05-13\n")
    run = check_bad(tmp_path, bad)
    first, second = line_of(bad, "date: 2023年5月12日"), line_of(bad, "date: 2023-05-13")
    run.assert_line(second)
    run.assert_says("date", f"第{first}行")


def test_duplicate_key_in_english(tmp_path: Path) -> None:
    bad = edit(good_text(), "    outcome: adopted\n", "    outcome: adopted\n    outcome: rejected\n")
    run = check_bad(tmp_path, bad, "--lang", "en")
    run.assert_line(line_of(bad, "outcome: rejected"))
    run.assert_says("duplicate key 'outcome'", f"line {line_of(bad, 'outcome: adopted')}", "how to fix")


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    bad = edit(good_text(), "attendees:", "atendees:")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "atendees:"))
    run.assert_says("atendees", "attendees")
    assert "是不是想写 attendees" in run.error["message"]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    bad = edit(good_text(), "    proposed_by: 办公室", "    sponsor: 办公室")
    run = check_bad(tmp_path, bad, "--lang", "en")
    run.assert_line(line_of(bad, "sponsor:"))
    run.assert_says("unknown key items[0].sponsor", "proposed_by", "x_")


def test_local_extension_keys_are_allowed(tmp_path: Path) -> None:
    text = edit(good_text(), "    proposed_by: 办公室", "    proposed_by: 办公室\n    x_oa_no: OA-2023-77")
    folder = record_dir(tmp_path, text, "extended.yaml")
    code, document = run_json(str(folder / "extended.yaml"))
    assert code == 0 and file_entry(document, "extended.yaml")["error"] is None


def test_missing_items(tmp_path: Path) -> None:
    bad = good_text().split("items:")[0]
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "govcheck: 1"))
    run.assert_says("items", "缺少必填项")


def test_empty_items(tmp_path: Path) -> None:
    bad = good_text().split("items:")[0] + "items: []\n"
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "items: []"))
    run.assert_says("items", "至少需要 1 项")


def test_missing_meeting_id(tmp_path: Path) -> None:
    bad = edit(good_text(), "  id: DZ-2023-08\n", "")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "type: party_group"))  # the first line of meeting
    run.assert_says("meeting", "id", "会议编号")


def test_missing_item_title(tmp_path: Path) -> None:
    text = good_text()
    second_title = [line for line in text.splitlines() if "title:" in line][1]
    bad = edit(text, second_title + "\n", "")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "- id: DZ-2023-08-02"))
    run.assert_says("items[1]", "title", "议题名称")


def test_required_key_written_but_empty(tmp_path: Path) -> None:
    text = good_text()
    second_title = [line for line in text.splitlines() if "title:" in line][1]
    bad = edit(text, second_title, "    title:")
    run = check_bad(tmp_path, bad, "--lang", "en")
    run.assert_line(bad.split("\n").index("    title:") + 1)
    run.assert_says("items[1].title is empty but required", "write the title after title:")


def test_first_error_shown_is_the_first_in_the_file(tmp_path: Path) -> None:
    bad = edit(good_text(), "unit: 某区重点区域规划建设管理署\n", "")
    bad = edit(bad, "outcome: adopted", "outcome: 已通过")
    _code, document = run_json(str(record_dir(tmp_path, bad)))
    error = file_entry(document, "bad.yaml")["error"]
    assert error["line"] == line_of(bad, "govcheck: 1") and "unit" in error["message"]
    found = problems_of(tmp_path, bad)
    assert [line for line, _m, _h in found] == sorted(line for line, _m, _h in found) and len(found) == 2


def test_mapping_where_a_list_is_expected(tmp_path: Path) -> None:
    bad = edit(good_text(), "attendees: [张三, 李四, 王五, 钱七, 孙八, 吴九]", "attendees: {张三: 到会, 李四: 到会}")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "attendees:"))
    run.assert_says("meeting.attendees", "应为列表", "映射")


def test_text_where_the_items_list_is_expected(tmp_path: Path) -> None:
    bad = good_text().split("items:")[0] + "items: 关于印发党组工作规则的议题\n"
    run = check_bad(tmp_path, bad, "--lang", "en")
    run.assert_line(line_of(bad, "items:"))
    run.assert_says("items should be a list, found '关于印发党组工作规则的议题'", "lines starting with -")


def test_string_where_a_count_is_expected(tmp_path: Path) -> None:
    bad = edit(good_text(), "for: 6, against", "for: 六票, against")
    run = check_bad(tmp_path, bad, "--lang", "en")
    run.assert_line(line_of(bad, "for: 六票"))
    run.assert_says("items[0].vote.for", "六票", "not a count", "whole number")


def test_list_where_text_is_expected(tmp_path: Path) -> None:
    bad = edit(good_text(), "chair: 张三", "chair: [张三, 李四]")
    run = check_bad(tmp_path, bad, "--lang", "en")
    run.assert_line(line_of(bad, "chair:"))
    run.assert_says("meeting.chair", "expected text, found a list")


def test_date_that_does_not_exist(tmp_path: Path) -> None:
    bad = edit(good_text(), "materials_sent: 2023-05-10", "materials_sent: 2023-02-30")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "materials_sent:"))
    run.assert_says("meeting.notice.materials_sent", "2023-02-30", "不是真实存在的日期", "2023年5月12日")


def test_garbage_date(tmp_path: Path) -> None:
    bad = edit(good_text(), "date: 2023年5月12日", "date: 五月中旬")
    run = check_bad(tmp_path, bad, "--lang", "en")
    run.assert_line(line_of(bad, "date: 五月中旬"))
    run.assert_says("meeting.date", "五月中旬", "is not a date", "2023-05-12")


def test_chinese_date_validates_cleanly(tmp_path: Path) -> None:
    text = good_text()
    assert "date: 2023年5月12日" in text
    text = edit(text, "completed: 2023-05-06", "completed: 2023年5月6日")
    folder = record_dir(tmp_path, text, "chinese-dates.yaml")
    code, document = run_json(str(folder / "chinese-dates.yaml"))
    assert code == 0
    entry = file_entry(document, "chinese-dates.yaml")
    assert entry["error"] is None and entry["items"] == GOOD_ITEMS
    assert document["findings"] == []


@pytest.mark.parametrize("amount", ["三百万万", "-5", "3,50,000元", "1.234元"])
def test_bad_amount(tmp_path: Path, amount: str) -> None:
    bad = edit(good_text(), "    proposed_by: 规划科", f"    amount: {amount}\n    proposed_by: 规划科")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "amount:"))
    run.assert_says("items[1].amount", "350万元", "1.2亿元", "3,500,000元")


@pytest.mark.parametrize("amount", ["350万元", "350万", "1.2亿元", "3,500,000元", "3500000", "12.5万"])
def test_good_amounts_validate(tmp_path: Path, amount: str) -> None:
    text = edit(good_text(), "    proposed_by: 规划科", f"    amount: {amount}\n    proposed_by: 规划科")
    assert load_text(tmp_path, text)["items"][1]["amount"] == values.parse_amount(amount)


def test_chinese_enumeration_aliases_are_accepted(tmp_path: Path) -> None:
    text = edit(good_text(), "category: major_decision", "category: 重大项目安排")
    text = edit(text, "type: party_group", "type: 署务会")
    text = edit(text, "position: agree", "position: 同意", count=3)
    text = edit(text, "outcome: adopted", "outcome: 通过")
    folder = record_dir(tmp_path, text, "aliases.yaml")
    code, document = run_json(str(folder / "aliases.yaml"))
    assert code == 0, document
    assert file_entry(document, "aliases.yaml")["error"] is None


def test_wrong_enumeration_value_lists_the_allowed_values(tmp_path: Path) -> None:
    bad = edit(good_text(), "type: party_group", "type: 碰头会")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "type: 碰头会"))
    run.assert_says("meeting.type", "碰头会", "party_group", "executive", "circulation", "党组会议")


def test_yaml_1_1_on_is_not_a_meeting_type(tmp_path: Path) -> None:
    bad = edit(good_text(), "type: party_group", "type: on")
    run = check_bad(tmp_path, bad, "--lang", "en")
    run.assert_line(line_of(bad, "type: on"))
    run.assert_says("'on' is not an allowed value", "party_group")


def test_position_yes_is_an_enum_error_not_true(tmp_path: Path) -> None:
    bad = edit(good_text(), "{member: 钱七, position: agree}", "{member: 钱七, position: yes}")
    run = check_bad(tmp_path, bad, "--lang", "en")
    run.assert_line(line_of(bad, "position: yes"))
    run.assert_says(
        "items[0].opinions[0].position", "'yes' is not an allowed value", "agree, disagree, abstain, reserve"
    )
    assert "true" not in run.error["message"]


def test_chair_named_no_validates(tmp_path: Path) -> None:
    text = edit(good_text(), "chair: 张三", "chair: no")
    folder = record_dir(tmp_path, text, "chair-no.yaml")
    code, document = run_json(str(folder / "chair-no.yaml"))
    assert code in (0, 1)  # read and checked: not an input error
    assert file_entry(document, "chair-no.yaml")["error"] is None


# ------------------------------------------------------------- hostile input


def _billion_laughs() -> str:
    lines = ["govcheck: 1", "unit: 某单位", 'x_a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"x_{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    lines.append("items: *i")
    return "\n".join(lines) + "\n"


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    bomb = _billion_laughs()  # 9**9 strings once expanded
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputProblems):
        read_yaml_file(str(path))
    assert time.perf_counter() - started < 0.2

    started = time.perf_counter()
    result = run_cli("validate", str(path))
    assert time.perf_counter() - started < 1.0
    assert result.exit_code == 2 and "别名" in output_of(result)

    (tmp_path / "run").mkdir()
    run = check_bad(tmp_path / "run", bomb)
    assert 1 < run.error["line"] <= len(bomb.splitlines())
    run.assert_says("别名")


def test_small_aliases_are_fine(tmp_path: Path) -> None:
    text = edit(good_text(), "members: [张三,", "members: &team [张三,")
    text = edit(text, "attendees: [张三, 李四, 王五, 钱七, 孙八, 吴九]", "attendees: *team")
    text = edit(text, "  absent:\n    - {name: 赵六, reason: 参加区委党校中青班学习}\n", "")
    data = load_text(tmp_path, text)
    assert data["meeting"]["attendees"] == data["meeting"]["members"]
    assert len(data["meeting"]["attendees"]) == 7


def test_nesting_10000_levels_deep(tmp_path: Path) -> None:
    bad = "govcheck: 1\nunit: 某单位\nitems: " + "[" * 10_000 + "]" * 10_000 + "\n"
    run = check_bad(tmp_path, bad)
    run.assert_line(3)
    run.assert_says("嵌套")


def test_nesting_deeper_than_any_record(tmp_path: Path) -> None:
    bad = "govcheck: 1\nunit: 某单位\nitems:\n" + "".join(" " * (2 * i) + "- k:\n" for i in range(40))
    run = check_bad(tmp_path, bad, "--lang", "en")
    assert 3 < run.error["line"] < 45
    run.assert_says("nesting deeper than")


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    padding = "# " + "备注" * 100 + "\n"
    bad = good_text() + padding * (MAX_FILE_BYTES // len(padding.encode()) + 1)
    assert len(bad.encode()) > MAX_FILE_BYTES
    run = check_bad(tmp_path, bad)
    assert run.error["line"] == 1  # the file as a whole: its first line (cli.md: lines are 1-based)
    run.assert_says("1024 KiB", "拆分")


def test_gbk_file_names_gbk_and_the_option(tmp_path: Path) -> None:
    bad = good_text().encode("gbk")
    run = check_bad(tmp_path, bad)
    run.assert_line(1)  # the first Chinese character is in the comment on line 1
    run.assert_says("GBK", "--encoding gbk", "UTF-8")


def test_gbk_file_passes_with_encoding_gbk(tmp_path: Path) -> None:
    folder = record_dir(tmp_path, good_text().encode("gbk"), "old-gbk.yaml")
    # the folder also holds UTF-8 records and a UTF-8 govcheck.yaml, as a real repository does
    code, document = run_json(str(folder / "old-gbk.yaml"), "--encoding", "gbk")
    assert code == 0, document
    entry = file_entry(document, "old-gbk.yaml")
    assert entry["error"] is None and entry["items"] == GOOD_ITEMS
    code, document = run_json(str(folder), "--encoding", "gbk")
    assert [f["error"] for f in document["files"]] == [None, None, None]
    assert code == 1  # flawed.yaml still has its findings


def test_gbk_record_read_as_gbk_has_the_same_values(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(good_text().encode("gbk"))
    assert load_record(str(path), encoding="gbk").data == load_record(str(GOOD_RECORD)).data


def test_utf16_file(tmp_path: Path) -> None:
    run = check_bad(tmp_path, good_text().encode("utf-16"))  # with a BOM, as Windows Notepad saves it
    assert run.error["line"] == 1
    run.assert_says("UTF-16", "UTF-8")


def test_utf16_file_without_bom(tmp_path: Path) -> None:
    run = check_bad(tmp_path, good_text().encode("utf-16-le"))
    run.assert_says("UTF-16", "UTF-8")


def test_utf8_bom_validates(tmp_path: Path) -> None:
    folder = record_dir(tmp_path, b"\xef\xbb\xbf" + good_text().encode(), "bom.yaml")
    code, document = run_json(str(folder / "bom.yaml"))
    assert code == 0
    entry = file_entry(document, "bom.yaml")
    assert entry["error"] is None and entry["items"] == GOOD_ITEMS


@pytest.mark.parametrize("content", ["", "\n\n", "# 只有注释\n", "---\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    run = check_bad(tmp_path, content)
    run.assert_says("文件是空的", "govcheck: 1")


def test_top_level_list(tmp_path: Path) -> None:
    bad = "# 会议记录\n- govcheck: 1\n- unit: 某单位\n"
    run = check_bad(tmp_path, bad)
    run.assert_line(2)
    run.assert_says("顶层应为映射")


def test_top_level_scalar(tmp_path: Path) -> None:
    run = check_bad(tmp_path, "关于某项目的会议记录\n")
    run.assert_line(1)
    run.assert_says("顶层应为映射")


def test_yaml_file_without_format_version(tmp_path: Path) -> None:
    bad = edit(good_text(), "govcheck: 1\n", "")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "unit:"))
    run.assert_says("govcheck: 1", "exclude")


def test_other_yaml_file_in_the_records_folder(tmp_path: Path) -> None:
    run = check_bad(tmp_path, "name: CI\non: [push]\n", name="ci.yml")
    run.assert_line(1)
    run.assert_says("govcheck: 1")


def test_unsupported_format_version(tmp_path: Path) -> None:
    bad = edit(good_text(), "govcheck: 1", "govcheck: 2")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "govcheck: 2"))
    run.assert_says("格式版本", "govcheck: 1")


def test_two_documents_in_one_file(tmp_path: Path) -> None:
    bad = good_text() + "---\n" + good_text()
    run = check_bad(tmp_path, bad)
    run.assert_line(len(good_text().splitlines()) + 1)  # the second ---
    run.assert_says("---", "单独的文件")


def test_invisible_line_separator_from_pasted_text(tmp_path: Path) -> None:
    # YAML breaks lines at U+2028, editors do not: the file looks fine on this line.
    bad = edit(good_text(), "title: 关于印发《某区", "title: 关于印发\u2028《某区")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "\u2028"))
    run.assert_says("U+2028", "关于印发", "删除")


def test_windows_line_endings(tmp_path: Path) -> None:
    text = edit(good_text(), "outcome: adopted", "outcome: 已决定").replace("\n", "\r\n")
    path = tmp_path / "crlf.yaml"
    path.write_bytes(text.encode())
    [(line, _message, _hint)] = problems_of_file(path)
    assert line == line_of(text, "已决定")
    assert load_text(tmp_path, good_text().replace("\n", "\r\n"))["meeting"]["chair"] == "张三"


def test_undefined_alias(tmp_path: Path) -> None:
    bad = edit(good_text(), "chair: 张三", "chair: *principal")
    run = check_bad(tmp_path, bad)
    run.assert_line(line_of(bad, "*principal"))
    run.assert_says("*principal", "&")


# ------------------------------------------------------- paths and settings


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    folder = record_dir(tmp_path)
    result = run_cli("validate", str(folder), str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    shown = output_of(result)
    assert "missing.yaml" in shown and "路径不存在" in shown and "Traceback" not in shown
    assert "TIOL-PRINCIPAL-LAST" in shown  # the folder was still checked
    code, document = run_json(str(folder), str(tmp_path / "missing.yaml"))
    assert code == 2
    assert file_entry(document, "missing.yaml")["error"]["line"] == 1
    assert file_entry(document, "good.yaml")["items"] == GOOD_ITEMS


def test_a_file_named_twice_is_checked_once(tmp_path: Path) -> None:
    folder = record_dir(tmp_path)
    code, document = run_json(str(folder), f"{folder}/./good.yaml", f"{folder}/../minutes/good.yaml")
    assert code == 1  # flawed.yaml
    assert sorted(Path(f["path"]).name for f in document["files"]) == ["flawed.yaml", "good.yaml"]
    assert not [f for f in document["findings"] if Path(f["file"]).name == "good.yaml"]


def test_validate_without_a_path_is_a_usage_error() -> None:
    result = run_cli("validate")
    assert result.exit_code == 2
    assert "Usage" in output_of(result) and "PATHS" in output_of(result)


def test_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("validate", "--strict", str(record_dir(tmp_path)))
    assert result.exit_code == 2
    assert "--strict" in output_of(result)


def _settings_run(tmp_path: Path, settings: str) -> tuple[str, dict[str, Any]]:
    folder = record_dir(tmp_path)
    (tmp_path / "govcheck.yaml").write_text(settings, encoding="utf-8")
    text_run = run_cli("validate", str(folder))
    assert text_run.exit_code == 2
    shown = output_of(text_run)
    assert "Traceback" not in shown and "govcheck.yaml" in shown
    code, document = run_json(str(folder))
    assert code == 2
    return shown, document


def _settings_text() -> str:
    return (GOOD_RECORD.parents[1] / "govcheck.yaml").read_text(encoding="utf-8")


def test_settings_with_a_bad_roster_date(tmp_path: Path) -> None:
    settings = edit(
        _settings_text(), "role: 党组成员、副署长, from: 2019-04-01", "role: 党组成员、副署长, from: 2019-02-30"
    )
    shown, document = _settings_run(tmp_path, settings)
    line = line_of(settings, "2019-02-30")
    assert f"govcheck.yaml:{line}:" in shown
    error = file_entry(document, "govcheck.yaml")["error"]
    assert error["line"] == line
    assert "roster[2].from" in error["message"] and "2019-02-30" in error["message"] and "修改方法" in error["message"]


def test_settings_with_an_unknown_key(tmp_path: Path) -> None:
    settings = edit(_settings_text(), "notice_days: 1", "notice_day: 1")
    shown, document = _settings_run(tmp_path, settings)
    line = line_of(settings, "notice_day: 1")
    assert f"govcheck.yaml:{line}:" in shown
    error = file_entry(document, "govcheck.yaml")["error"]
    assert error["line"] == line and "notice_day" in error["message"] and "notice_days？" in error["message"]


def test_settings_with_a_syntax_error(tmp_path: Path) -> None:
    settings = edit(_settings_text(), "mad_forums: [standing, plenary]", "mad_forums: [standing, plenary")
    shown, document = _settings_run(tmp_path, settings)
    line = line_of(settings, "mad_forums:")  # where the [ opened, not where the parser gave up
    assert f"govcheck.yaml:{line}:" in shown
    assert file_entry(document, "govcheck.yaml")["error"]["line"] == line


def test_settings_with_an_empty_roster(tmp_path: Path) -> None:
    # roster: [] would make every meeting memberless: quorum and opinion findings everywhere
    settings = _settings_text().split("roster:")[0] + "roster: []\n"
    shown, document = _settings_run(tmp_path, settings)
    error = file_entry(document, "govcheck.yaml")["error"]
    assert error["line"] == line_of(settings, "roster: []") and "roster" in error["message"]
    assert f"govcheck.yaml:{error['line']}:" in shown


def test_settings_with_a_term_ending_before_it_starts(tmp_path: Path) -> None:
    settings = edit(
        _settings_text(),
        "{name: 钱七, role: 党组成员、副署长, from: 2022-03-01}",
        "{name: 钱七, role: 党组成员、副署长, from: 2022-03-01, to: 2021-03-01}",
    )
    shown, document = _settings_run(tmp_path, settings)
    error = file_entry(document, "govcheck.yaml")["error"]
    assert error["line"] == line_of(settings, "to: 2021-03-01")
    assert "钱七" in error["message"] and "2021-03-01" in error["message"] and "from 和 to" in error["message"]
    assert "TIOL-QUORUM" not in shown  # no findings from a half-read roster


def test_settings_that_are_a_list(tmp_path: Path) -> None:
    _shown, document = _settings_run(tmp_path, "- unit: 某单位\n")
    error = file_entry(document, "govcheck.yaml")["error"]
    assert error["line"] == 1 and "govcheck init" in error["message"]


def test_overlapping_roster_terms_count_a_member_once(tmp_path: Path) -> None:
    path = tmp_path / "govcheck.yaml"
    path.write_text(
        "roster:\n  - {name: 张三, from: 2020-01-01}\n  - {name: 张三, from: 2021-01-01}\n  - {name: 李四}\n",
        encoding="utf-8",
    )
    assert load_settings(str(path)).members_on(dt.date(2023, 5, 12)) == ["张三", "李四"]


def test_settings_file_loads_with_terms(tmp_path: Path) -> None:
    settings = load_settings(str(GOOD_RECORD.parents[1] / "govcheck.yaml"))
    assert settings.principal_on(dt.date(2021, 2, 28)) == "陈国华"
    assert settings.principal_on(dt.date(2023, 5, 12)) == "张三"
    assert settings.large_fund == 500_000
    members = settings.members_on(dt.date(2023, 5, 12))
    assert members is not None and len(members) == 7 and "陈国华" not in members
