"""``govcheck schema`` and the loader agree (issue 11): a differential test over valid and broken records.

Each case changes one line of a valid record (or settings file). The loader's verdict (``govcheck
validate`` would report an input error, or not) is compared with ``jsonschema`` on the generated
schema, given the file as an editor reads it: YAML 1.2 core (yaml-language-server, check-jsonschema),
where ``1200.50`` is a number, ``2023-05-12`` a string and ``0x3`` the integer 3.

Every remaining disagreement is listed in DISAGREEMENTS with the reason JSON Schema cannot express the
loader's rule; the test fails when a listed case starts to agree (then delete it) or a new one appears.
They all go one way: the editor is more lenient and ``govcheck validate`` reports the value with its
line. None makes an editor mark a valid file red.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import yaml12
from cihelp import run
from govcheck.errors import InputProblems
from govcheck.loading.record import validate_record
from govcheck.loading.schema import RECORD, SETTINGS, json_schema
from govcheck.loading.settings import load_settings
from govcheck.loading.yamlsource import parse_yaml

RECORD_TEXT = """\
govcheck: 1
unit: 某区规划建设管理署
meeting:
  id: DZ-2024-01
  type: party_group
  date: 2024-03-12
  chair: 张三
  members: [张三, 李四, 王五]
  attendees: [张三, 李四, 王五]
  notice:
    materials_sent: 2024-03-10
  minutes:
    archived: true
    archive_no: DA-2024-0001
items:
  - id: DZ-2024-01-01
    title: 关于某道路工程项目立项的议题
    category: major_project
    amount: 1200万元
    ad_hoc: false
    reviews:
      public_participation:
        comments_received: 3
    vote:
      method: show_of_hands
      for: 3
      against: 0
    outcome: adopted
"""

# (case, the line of RECORD_TEXT to replace, its replacement); "" as the replacement deletes the line.
RECORD_CASES: list[tuple[str, str, str]] = [
    ("valid as is", "unit: 某区规划建设管理署", "unit: 某区规划建设管理署"),
    # amounts
    ("amount 1200.50", "    amount: 1200万元", "    amount: 1200.50"),
    ("amount 1200.5 yuan quoted", "    amount: 1200万元", '    amount: "1200.5"'),
    ("amount integer", "    amount: 1200万元", "    amount: 12000000"),
    ("amount with commas", "    amount: 1200万元", "    amount: 3,500,000元"),
    ("amount 1.2亿元", "    amount: 1200万元", "    amount: 1.2亿元"),
    ("amount full-width digits", "    amount: 1200万元", "    amount: １２００万元"),
    ("amount leading zeros", "    amount: 1200万元", "    amount: 0100"),
    ("amount at the cap", "    amount: 1200万元", "    amount: 1000000000000000"),
    ("amount above the cap", "    amount: 1200万元", "    amount: 1000000000000001"),
    ("amount above the cap in 万", "    amount: 1200万元", "    amount: 100000000001万元"),
    ("amount above the cap in 亿", "    amount: 1200万元", "    amount: 10000001亿"),
    ("amount at the cap in 亿 with commas", "    amount: 1200万元", "    amount: 10,000,000亿元"),
    ("amount above the cap with commas", "    amount: 1200万元", "    amount: 1,000,000,000,000,001元"),
    ("amount negative", "    amount: 1200万元", "    amount: -5"),
    ("amount negative float", "    amount: 1200万元", "    amount: -5.5"),
    ("amount finer than a fen in 万", "    amount: 1200万元", "    amount: 1.1234567万"),
    ("amount fen in 万", "    amount: 1200万元", "    amount: 1.123456万"),
    ("amount finer than a fen, quoted", "    amount: 1200万元", '    amount: "1200.505"'),
    ("amount finer than a fen", "    amount: 1200万元", "    amount: 1200.505"),
    ("amount with underscores", "    amount: 1200万元", "    amount: 3_500_000"),
    ("amount hex", "    amount: 1200万元", "    amount: 0x10"),
    ("amount exponent", "    amount: 1200万元", "    amount: 1e3"),
    ("amount bare point", "    amount: 1200万元", "    amount: .5"),
    ("amount word", "    amount: 1200万元", "    amount: 一千二百万元"),
    ("amount capital numerals", "    amount: 1200万元", "    amount: 壹佰贰拾万元整"),
    ("amount numerals with 亿", "    amount: 1200万元", "    amount: 一亿零五百万元"),
    ("amount numerals malformed", "    amount: 1200万元", "    amount: 一二三万元"),
    ("amount numerals shorthand", "    amount: 1200万元", "    amount: 一千二"),
    ("amount estimate 约", "    amount: 1200万元", "    amount: 约1200万"),
    ("amount estimate 左右", "    amount: 1200万元", "    amount: 1200万元左右"),
    ("amount true", "    amount: 1200万元", "    amount: true"),
    ("amount empty string", "    amount: 1200万元", '    amount: ""'),
    ("amount null", "    amount: 1200万元", "    amount:"),
    # free text
    ("title 3.14", "    title: 关于某道路工程项目立项的议题", "    title: 3.14"),
    ("title integer", "    title: 关于某道路工程项目立项的议题", "    title: 2024"),
    ("title a date", "    title: 关于某道路工程项目立项的议题", "    title: 2024-03-12"),
    ("title blank", "    title: 关于某道路工程项目立项的议题", '    title: "  "'),
    ("title true", "    title: 关于某道路工程项目立项的议题", "    title: true"),
    ("title a list", "    title: 关于某道路工程项目立项的议题", "    title: [a, b]"),
    ("title missing", "    title: 关于某道路工程项目立项的议题", ""),
    ("title null", "    title: 关于某道路工程项目立项的议题", "    title:"),
    ("id 1.5", "  - id: DZ-2024-01-01", "  - id: 1.5"),
    ("id 007", "  - id: DZ-2024-01-01", "  - id: 007"),
    ("id 0x3", "  - id: DZ-2024-01-01", "  - id: 0x3"),
    ("id 1_000", "  - id: DZ-2024-01-01", "  - id: 1_000"),
    ("id .inf", "  - id: DZ-2024-01-01", "  - id: .inf"),
    ("archive number yes", "    archive_no: DA-2024-0001", "    archive_no: yes"),
    # dates
    ("date Chinese", "  date: 2024-03-12", "  date: 2024年3月12日"),
    ("date Chinese with spaces", "  date: 2024-03-12", "  date: 2024 年 3 月 12 日"),
    ("date without zeros", "  date: 2024-03-12", "  date: 2024-3-12"),
    ("date full-width", "  date: 2024-03-12", "  date: ２０２４-０３-１２"),
    ("date quoted", "  date: 2024-03-12", '  date: "2024-03-12"'),
    ("date 2024-02-30", "  date: 2024-03-12", "  date: 2024-02-30"),
    ("date 2024-02-29 (leap)", "  date: 2024-03-12", "  date: 2024-02-29"),
    ("date 2023-02-29", "  date: 2024-03-12", "  date: 2023-02-29"),
    ("date 2000-02-29 (leap)", "  date: 2024-03-12", "  date: 2000-02-29"),
    ("date 2100-02-29", "  date: 2024-03-12", "  date: 2100-02-29"),
    ("date 2024-04-31", "  date: 2024-03-12", "  date: 2024-04-31"),
    ("date 2024年2月30日", "  date: 2024-03-12", "  date: 2024年2月30日"),
    ("date 2024-13-01", "  date: 2024-03-12", "  date: 2024-13-01"),
    ("date before 1949", "  date: 2024-03-12", "  date: 1948-12-31"),
    ("date first day", "  date: 2024-03-12", "  date: 1949-01-01"),
    ("date last day", "  date: 2024-03-12", "  date: 2100-12-31"),
    ("date after 2100", "  date: 2024-03-12", "  date: 2101-01-01"),
    ("date slashes", "  date: 2024-03-12", "  date: 2024/03/12"),
    ("date slashes without zeros", "  date: 2024-03-12", "  date: 2024/3/12"),
    ("date dots", "  date: 2024-03-12", "  date: 2024.03.12"),
    ("date dots full-width", "  date: 2024-03-12", "  date: ２０２４.３.１２"),
    ("date mixed separators", "  date: 2024-03-12", "  date: 2024/03.12"),
    ("date slashes 2023/2/29", "  date: 2024-03-12", "  date: 2023/2/29"),
    ("date dots day first", "  date: 2024-03-12", "  date: 12.03.2024"),
    ("date with time", "  date: 2024-03-12", "  date: 2024-03-12 10:00"),
    ("date a number", "  date: 2024-03-12", "  date: 20240312"),
    ("date missing", "  date: 2024-03-12", ""),
    # counts
    ("count 0x3", "      for: 3", "      for: 0x3"),
    ("count 0o3", "      for: 3", "      for: 0o3"),
    ("count 03", "      for: 3", "      for: 03"),
    ("count quoted", "      for: 3", '      for: "3"'),
    ("count full-width", "      for: 3", "      for: ３"),
    ("count +3", "      for: 3", "      for: +3"),
    ("count 3.0", "      for: 3", "      for: 3.0"),
    ("count 2.5", "      for: 3", "      for: 2.5"),
    ("count negative", "      for: 3", "      for: -1"),
    ("count 1_000", "      for: 3", "      for: 1_000"),
    ("count at the cap", "      for: 3", "      for: 1000000000"),
    ("count above the cap", "      for: 3", "      for: 1000000001"),
    ("count a word", "      for: 3", "      for: 三"),
    ("count true", "      for: 3", "      for: true"),
    ("comments received 0", "        comments_received: 3", "        comments_received: 0"),
    # yes/no
    ("flag yes", "    ad_hoc: false", "    ad_hoc: yes"),
    ("flag 是", "    ad_hoc: false", "    ad_hoc: 是"),
    ("flag Off", "    ad_hoc: false", "    ad_hoc: Off"),
    ("flag FALSE", "    ad_hoc: false", "    ad_hoc: FALSE"),
    ("flag quoted true", "    ad_hoc: false", '    ad_hoc: "true"'),
    ("flag 1", "    ad_hoc: false", "    ad_hoc: 1"),
    ("flag maybe", "    ad_hoc: false", "    ad_hoc: maybe"),
    # enumerations
    ("type Chinese", "  type: party_group", "  type: 党组会议"),
    ("type alias", "  type: party_group", "  type: 党组会"),
    ("type other case", "  type: party_group", "  type: Party_Group"),
    ("type padded", "  type: party_group", '  type: " party_group "'),
    ("type unknown", "  type: party_group", "  type: partygroup"),
    ("type a number", "  type: party_group", "  type: 1"),
    ("category list", "    category: major_project", "    category: [major_project, 大额资金]"),
    ("category empty list", "    category: major_project", "    category: []"),
    ("category unknown in list", "    category: major_project", "    category: [major_project, x]"),
    ("outcome alias", "    outcome: adopted", "    outcome: 否决"),
    ("outcome 原则通过", "    outcome: adopted", "    outcome: 原则通过"),
    (
        "position 赞成",
        "    outcome: adopted",
        "    opinions:\n      - {member: 张三, position: 赞成}\n    outcome: adopted",
    ),
    (
        "position 赞同",
        "    outcome: adopted",
        "    opinions:\n      - {member: 张三, position: 赞同}\n    outcome: adopted",
    ),
    ("type 主任办公会议", "  type: party_group", "  type: 主任办公会议"),
    ("category 人事任免", "    category: major_project", "    category: 人事任免"),
    ("archived 已归档", "    archived: true", "    archived: 已归档"),
    ("archived 未归档", "    archived: true", "    archived: 未归档"),
    ("ad hoc 已归档", "    ad_hoc: false", "    ad_hoc: 已归档"),
    ("vote method none", "      method: show_of_hands", "      method: none"),
    # structure
    ("format version 2", "govcheck: 1", "govcheck: 2"),
    ("format version quoted", "govcheck: 1", 'govcheck: "1"'),
    ("format version 1.0", "govcheck: 1", "govcheck: 1.0"),
    ("format version 01", "govcheck: 1", "govcheck: 01"),
    ("unknown key", "    outcome: adopted", "    outcom: adopted"),
    ("extension key", "    outcome: adopted", "    outcome: adopted\n    x_note: 本地扩展"),
    ("meeting null", "    materials_sent: 2024-03-10", "    materials_sent:"),
    ("members not a list", "  members: [张三, 李四, 王五]", "  members: 张三"),
    ("members with a null", "  members: [张三, 李四, 王五]", "  members: [张三, ~]"),
    ("members empty list", "  members: [张三, 李四, 王五]", "  members: []"),
    ("members full-width comma", "  members: [张三, 李四, 王五]", "  members: [张三，李四, 王五]"),
    ("members enumeration comma", "  members: [张三, 李四, 王五]", "  members: [张三、李四、王五]"),
    ("members full-width brackets", "  members: [张三, 李四, 王五]", "  members: 【张三, 李四, 王五】"),
    ("members a number", "  members: [张三, 李四, 王五]", "  members: [张三, 2024]"),
    ("unit missing", "unit: 某区规划建设管理署", ""),
]

# case → why the loader and the schema differ. Each is the editor being more lenient than govcheck.
DISAGREEMENTS = {
    "amount finer than a fen": "YAML 1.2 makes 1200.505 a binary float; JSON Schema's multipleOf: 0.01 is "
    "unreliable on floats (1200.5 / 0.01 is not a whole number in binary), so the "
    "schema cannot say 'at most two decimals' for a number",
    "amount hex": "YAML 1.2 reads 0x10 as the number 16, and a schema sees only the number; govcheck keeps "
    "0x10 as written and refuses it: no one writes money in hex, it is a typo or worse",
    "amount exponent": "1e3 is the number 1000.0 to an editor; govcheck refuses exponents in money, which "
    "no ledger uses",
    "amount bare point": ".5 is the number 0.5 to an editor; govcheck asks for 0.5, as written in accounts",
    "id .inf": "",  # placeholder removed below when it agrees
    "count 0x3": "YAML 1.2 reads 0x3 as the integer 3; govcheck refuses hex in a count (a vote count is "
    "never written in hex: a typo, or a number made hard to read)",
    "count 0o3": "the same for octal 0o3",
    "count 3.0": "JSON Schema counts 3.0 as an integer (draft 2020-12 §6.3); govcheck asks for 3",
    "format version 1.0": "JSON has one number 1 = 1.0, so const: 1 accepts 1.0; govcheck asks for govcheck: 1",
    "format version 01": "YAML 1.2 reads 01 as the integer 1; govcheck asks for govcheck: 1",
    "amount numerals malformed": "the schema lists the characters of Chinese numerals, not their grammar "
    "(values.cn_number): 一二三万元 is no number, and govcheck says so with its line",
    "amount numerals shorthand": "一千二 is 1200 to some and 1002 to others; govcheck asks for 一千二百 (the "
    "schema cannot tell a shorthand from a number written out)",
}
DISAGREEMENTS = {case: why for case, why in DISAGREEMENTS.items() if why}


def record_variant(old: str, new: str) -> str:
    lines = RECORD_TEXT.splitlines()
    assert old in lines, old
    index = lines.index(old)
    lines[index : index + 1] = [new] if new else []
    return "\n".join(lines) + "\n"


def loader_accepts_record(text: str) -> bool:
    try:
        validate_record("x.yaml", parse_yaml("x.yaml", text))
    except InputProblems:
        return False
    return True


def schema_accepts(validator: jsonschema.protocols.Validator, text: str) -> bool:
    return validator.is_valid(yaml12.load(text))


def validator_for(document: dict) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(document)
    cls.check_schema(document)
    return cls(document, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def record_schema() -> jsonschema.protocols.Validator:
    document = json.loads(run(Path.cwd(), "schema").stdout)  # as the user gets it
    assert document == json.loads(json.dumps(json_schema(RECORD)))
    return validator_for(document)


@pytest.mark.parametrize(("case", "old", "new"), RECORD_CASES, ids=[c[0] for c in RECORD_CASES])
def test_loader_and_schema_agree_on_records(
    record_schema: jsonschema.protocols.Validator, case: str, old: str, new: str
) -> None:
    text = record_variant(old, new)
    loader, schema = loader_accepts_record(text), schema_accepts(record_schema, text)
    if case in DISAGREEMENTS:
        assert (loader, schema) == (False, True), f"{case} now agrees: delete it from DISAGREEMENTS"
    else:
        assert loader == schema, (
            f"{case}: loader {'accepts' if loader else 'refuses'}, schema {'accepts' if schema else 'refuses'}"
        )


def test_the_corpus_has_both_verdicts(record_schema: jsonschema.protocols.Validator) -> None:
    verdicts = [loader_accepts_record(record_variant(old, new)) for _, old, new in RECORD_CASES]
    assert sum(verdicts) >= 30 and verdicts.count(False) >= 30  # neither side passes by accepting everything
    assert set(DISAGREEMENTS) <= {case for case, _, _ in RECORD_CASES}


SETTINGS_TEXT = """\
unit: 某区规划建设管理署
principal: 张三
roster:
  - {name: 张三, role: 书记, from: 2020-01-01}
  - {name: 李四, from: 2020-01-01, to: 2025-12-31}
collective_forums: [party_group, executive]
quorum: more_than_half
unit_kind: agency
thresholds:
  large_fund: 500万元
notice_days: 3
severity:
  TIOL-ARCHIVE: warning
exclude: [drafts/**]
"""

SETTINGS_CASES: list[tuple[str, str, str]] = [
    ("valid as is", "quorum: more_than_half", "quorum: more_than_half"),
    ("threshold 1200.50", "  large_fund: 500万元", "  large_fund: 1200.50"),
    ("threshold above the cap", "  large_fund: 500万元", "  large_fund: 1000000000000001"),
    ("notice days 366", "notice_days: 3", "notice_days: 366"),
    ("notice days 367", "notice_days: 3", "notice_days: 367"),
    ("notice days quoted", "notice_days: 3", 'notice_days: "3"'),
    ("notice days 0x3", "notice_days: 3", "notice_days: 0x3"),
    ("forum circulation", "collective_forums: [party_group, executive]", "collective_forums: [party_group, 传阅]"),
    ("forum topic meeting", "collective_forums: [party_group, executive]", "collective_forums: [topic_meeting]"),
    ("forum unknown", "collective_forums: [party_group, executive]", "collective_forums: [x]"),
    (
        "roster term date 2024-02-30",
        "  - {name: 张三, role: 书记, from: 2020-01-01}",
        "  - {name: 张三, role: 书记, from: 2024-02-30}",
    ),
    ("roster empty", "roster:", "roster: []\nx_roster:"),
    ("principal as terms", "principal: 张三", "principal:\n  - {name: 张三, from: 2020-01-01}"),
    ("principal 3.14", "principal: 张三", "principal: 3.14"),
    ("severity unknown level", "  TIOL-ARCHIVE: warning", "  TIOL-ARCHIVE: fatal"),
    ("quorum unknown", "quorum: more_than_half", "quorum: two_thirds"),
    ("unit kind alias", "unit_kind: agency", "unit_kind: 国企"),
    ("fair competition from a county notice", "unit_kind: agency", "fair_competition_from: 2017年3月1日"),
    ("fair competition from 2016-06-30", "unit_kind: agency", "fair_competition_from: 2016-06-30"),
    ("fair competition from 2024-08-02", "unit_kind: agency", "fair_competition_from: 2024-08-02"),
    ("fair competition from not a date", "unit_kind: agency", "fair_competition_from: 2017年"),
    (
        "term ends before it starts",
        "  - {name: 李四, from: 2020-01-01, to: 2025-12-31}",
        "  - {name: 李四, from: 2020-01-01, to: 2019-12-31}",
    ),
]
SETTINGS_DISAGREEMENTS = {
    "notice days 0x3": "YAML 1.2 reads 0x3 as the integer 3; govcheck refuses hex (see count 0x3)",
    "term ends before it starts": "JSON Schema cannot compare two values of a record (to before from)",
    "fair competition from 2016-06-30": "JSON Schema has no bounds on a date string (before 国发〔2016〕34号 began)",
    "fair competition from 2024-08-02": "JSON Schema has no bounds on a date string (after the Regulation bound all)",
}


def settings_variant(old: str, new: str) -> str:
    lines = SETTINGS_TEXT.splitlines()
    assert old in lines, old
    index = lines.index(old)
    lines[index : index + 1] = [new] if new else []
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("case", "old", "new"), SETTINGS_CASES, ids=[c[0] for c in SETTINGS_CASES])
def test_loader_and_schema_agree_on_settings(tmp_path: Path, case: str, old: str, new: str) -> None:
    document = json.loads(run(tmp_path, "schema", "--settings").stdout)
    text = settings_variant(old, new)
    path = tmp_path / "govcheck.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_settings(str(path))
        loader = True
    except InputProblems:
        loader = False
    schema = schema_accepts(validator_for(document), text)
    if case in SETTINGS_DISAGREEMENTS:
        assert (loader, schema) == (False, True), f"{case} now agrees: delete it from SETTINGS_DISAGREEMENTS"
    else:
        assert loader == schema, (
            f"{case}: loader {'accepts' if loader else 'refuses'}, schema {'accepts' if schema else 'refuses'}"
        )


def test_record_and_settings_schemas_have_their_own_ids(tmp_path: Path) -> None:
    record = json.loads(run(tmp_path, "schema").stdout)
    settings = json.loads(run(tmp_path, "schema", "--settings").stdout)
    assert record["$id"] != settings["$id"]
    assert record["$id"].endswith("/record-v1.json") and settings["$id"].endswith("/settings-v1.json")
    assert json_schema(SETTINGS)["$id"] == settings["$id"]
