"""Step definitions for the Chinese Gherkin features in features/ (pytest-bdd).

Each scenario starts from a compliant decision record modelled on rules/example-base.yaml, changes
only what its steps say, writes the record (and a govcheck.yaml) to a temporary directory, runs the
real CLI (``govcheck validate --format json``) and checks the findings: check id, severity, line and
the Chinese message.

Opinions and the vote follow the attendance unless a step sets them: every member present who has
not recused states a position in the order of ``attendees`` with the principal last, and the vote is
one "for" per position stated by a member who has not recused. A scenario about quorum therefore
changes nothing but the numbers of members and attendees.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from pytest_bdd import given, parsers, scenarios, then, when

from conftest import EXAMPLES, run_json

# ---------------------------------------------------------------------------
# The compliant base record and unit settings
# ---------------------------------------------------------------------------

#: People used to fill a meeting of N members: 张三 is the principal and chairs.
NAMES = ("张三", "李四", "王五", "赵六", "钱七", "孙八", "吴九", "郑十", "冯甲", "陈乙", "褚丙")
PRINCIPAL = "张三"

BASE_SETTINGS: dict[str, Any] = {
    "unit": "某区重点区域规划建设管理署",
    "principal": PRINCIPAL,
    "thresholds": {"large_fund": 500000},
}

BASE_RECORD: dict[str, Any] = {
    "govcheck": 1,
    "unit": "某区重点区域规划建设管理署",
    "meeting": {
        "id": "DZ-2023-08",
        "type": "party_group",
        "date": "2023-05-12",
        "chair": PRINCIPAL,
        "members": list(NAMES[:5]),
        "attendees": list(NAMES[:5]),
        "notice": {"agenda_sent": "2023-05-09", "materials_sent": "2023-05-09"},
        "minutes": {"recorder": "周九", "archived": True, "archive_no": "DA-2023-0112"},
    },
    "items": [
        {
            "id": "DZ-2023-08-01",
            "title": "关于某片区道路工程项目立项的议题",
            "category": ["major_project", "large_fund", "major_decision"],
            "amount": "1200万元",
            "proposed_by": "规划科",
            "pre_deliberation": [{"with": "李四", "date": "2023-05-08"}],
            "reviews": {
                "legality": {
                    "reviewer": "王律师",
                    "role": "legal_counsel",
                    "submitted": "2023-04-20",
                    "completed": "2023-05-05",
                    "conclusion": "lawful",
                    "opinion_no": "FL-2023-031",
                },
            },
            "outcome": "adopted",
            "executed_on": "2023-06-01",
        },
    ],
}

SEVERITY = {"错误": "error", "警告": "warning"}

#: Which pack a check id belongs to, by its prefix (checks.md).
PACK_OF_PREFIX = {
    "TIOL": "tiol",
    "REC": "records",
    "LEG": "legality",
    "MAD": "major_admin_decision",
    "FCR": "fair_competition",
    "PROC": "procurement",
}

CHECK_ID = r"[A-Z]+(?:-[A-Z0-9]+)+"
EXPECTED_COMMENT = re.compile(rf"^#\s*预期问题：\s*({CHECK_ID})")


def names(text: str) -> list[str]:
    """'张三、李四、王五' → ['张三', '李四', '王五']."""
    return [part.strip() for part in re.split(r"[、,，]", text) if part.strip()]


def check_ids(text: str) -> set[str]:
    return set(re.findall(CHECK_ID, text))


def pack_of(check: str) -> str:
    return PACK_OF_PREFIX[check.split("-", 1)[0]]


def expected_in_header(path: Path) -> list[str]:
    """The check ids a bundled example promises in its leading '# 预期问题：…' comments."""
    found: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if match := EXPECTED_COMMENT.match(line):
            found.append(match.group(1))
    return found


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Line (1-based) where each value of a YAML document starts, by its path of keys and list indexes.

    This is how govcheck numbers lines: a scalar or a flow list is on its key's line, a block list
    starts on the line of its first entry.
    """
    lines: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                lines[(*path, key.value)] = value.start_mark.line + 1
                walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                lines[(*path, str(index))] = value.start_mark.line + 1
                walk(value, (*path, str(index)))

    root = yaml.compose(text)
    if root is not None:
        walk(root, ())
    return lines


# ---------------------------------------------------------------------------
# The scenario's state
# ---------------------------------------------------------------------------


@dataclass
class Case:
    """One scenario: the record being built, the run, and the findings the last 'then' step picked."""

    workdir: Path
    record: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(BASE_RECORD))
    settings: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(BASE_SETTINGS))
    opinions: list[str] | None = None  # explicit speaking order; None: follow attendance
    vote: dict[str, Any] | None = None  # explicit vote; None: follow the opinions
    no_vote: bool = False
    positions: dict[str, str] = field(default_factory=dict)  # explicit positions; others agree
    all_agree: bool = False  # every opinion "agree" even when the vote counts dissent
    vote_method: str | None = None
    recused_speakers: set[str] = field(default_factory=set)
    extra_records: list[dict[str, Any]] = field(default_factory=list)
    example: Path | None = None  # a bundled example checked as it is
    record_text: str = ""
    exit_code: int | None = None
    report: dict[str, Any] | None = None
    picked: list[dict[str, Any]] = field(default_factory=list)

    @property
    def meeting(self) -> dict[str, Any]:
        meeting: dict[str, Any] | None = self.record.get("meeting")
        assert meeting is not None, "场景写明没有召开会议，不能再设置会议内容"
        return meeting

    @property
    def item(self) -> dict[str, Any]:
        item: dict[str, Any] = self.record["items"][0]
        return item

    def principal(self) -> str | None:
        if self.settings.get("principal"):
            return str(self.settings["principal"])
        meeting = self.record.get("meeting")
        return None if meeting is None else meeting.get("chair")

    def recused(self) -> list[str]:
        return [entry["name"] for entry in self.item.get("recusals", [])]

    def finished_record(self) -> dict[str, Any]:
        """The record with opinions and vote filled in from the attendance where no step set them."""
        record = copy.deepcopy(self.record)
        item = record["items"][0]
        meeting = record.get("meeting")
        if self.opinions is not None:
            speakers = list(self.opinions)
        elif meeting is None:
            speakers = []
        else:
            members = set(meeting.get("members", ()))
            recused = set(self.recused()) - self.recused_speakers
            present = [n for n in dict.fromkeys(meeting.get("attendees", ())) if n in members and n not in recused]
            principal = self.principal()
            speakers = [n for n in present if n != principal] + [n for n in present if n == principal]
        if speakers:
            item["opinions"] = [{"member": name, "position": self._position(name, speakers)} for name in speakers]
        if self.no_vote:
            item.pop("vote", None)
        elif self.vote is not None:
            item["vote"] = dict(self.vote)
        elif speakers:
            votes = len({n for n in speakers if n not in self.recused()})  # one vote each, however often one spoke
            item["vote"] = {"method": "show_of_hands", "for": votes, "against": 0, "abstain": 0}
        if self.vote_method is not None and "vote" in item:
            item["vote"]["method"] = self.vote_method
        return record

    def _position(self, name: str, speakers: list[str]) -> str:
        """A named position, else: dissent counted in an explicit vote is recorded by the first other speakers
        (so a scenario about numbers stays consistent), unless the scenario says everyone agreed."""
        if name in self.positions:
            return self.positions[name]
        if self.vote is None or self.all_agree or self.positions:
            return "agree"
        others = [n for n in dict.fromkeys(speakers) if n != self.principal()]
        against, abstain = self.vote.get("against", 0), self.vote.get("abstain", 0)
        index = others.index(name) if name in others else len(others)
        return "disagree" if index < against else "abstain" if index < against + abstain else "agree"

    def findings(self) -> list[dict[str, Any]]:
        assert self.report is not None, "还没有运行 govcheck"
        return list(self.report["findings"])

    def checks(self) -> set[str]:
        return {f["check"] for f in self.findings()}


def dump(data: dict[str, Any]) -> str:
    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200))


@pytest.fixture
def case(tmp_path: Path) -> Case:
    return Case(workdir=tmp_path / "minutes")


# ---------------------------------------------------------------------------
# 假如 —— the record
# ---------------------------------------------------------------------------


@given(parsers.re(r"一份(?P<kind>\S+?)记录，应到会成员 (?P<members>\d+) 人，实到 (?P<present>\d+) 人"))
def meeting_with_counts(case: Case, kind: str, members: str, present: str) -> None:
    """应到会成员取 张三、李四、王五……的前 N 人，实到取其中前 M 人（张三为主要负责人、主持人）。"""
    m, p = int(members), int(present)
    assert 0 < p <= m <= len(NAMES)
    case.meeting["type"] = kind
    case.meeting["members"] = list(NAMES[:m])
    case.meeting["attendees"] = list(NAMES[:p])


@given(parsers.re(r"一份合规的(?P<kind>\S+?)记录"))
def compliant_meeting(case: Case, kind: str) -> None:
    """底稿：应到会成员 张三、李四、王五、赵六、钱七 全部到会，逐一表态，张三最后表态，5票赞成。"""
    case.meeting["type"] = kind


@given(parsers.re(r"一份(?P<kind>\S+?)记录，应到会成员为 (?P<members>.+)"))
def meeting_with_members(case: Case, kind: str, members: str) -> None:
    case.meeting["type"] = kind
    case.meeting["members"] = names(members)
    case.meeting["attendees"] = names(members)


@given(parsers.re(r"实到会人员为 (?P<attendees>.+)"))
def attendees_are(case: Case, attendees: str) -> None:
    case.meeting["attendees"] = names(attendees)


@given(parsers.re(r"(?P<people>.+?) 列席会议"))
def observers_are(case: Case, people: str) -> None:
    case.meeting["observers"] = [{"name": name, "role": "法律顾问"} for name in names(people)]


@given(parsers.re(r"会议类型为 (?P<kind>.+)"))
def meeting_type_is(case: Case, kind: str) -> None:
    case.meeting["type"] = kind


@given(parsers.re(r"会议日期为 (?P<date>.+)"))
def meeting_date_is(case: Case, date: str) -> None:
    case.meeting["date"] = date


@given(parsers.re(r"会议主持人为 (?P<chair>\S+)"))
def chair_is(case: Case, chair: str) -> None:
    case.meeting["chair"] = chair


@given(parsers.re(r"议题类别为 (?P<categories>[^，]+)，不涉及金额"))
def categories_without_amount(case: Case, categories: str) -> None:
    case.item["category"] = names(categories)
    case.item.pop("amount", None)


@given(parsers.re(r"议题类别为 (?P<categories>[^，]+)"))
def categories_are(case: Case, categories: str) -> None:
    case.item["category"] = names(categories)


@given(parsers.re(r"议题金额为 (?P<amount>\S+)"))
def amount_is(case: Case, amount: str) -> None:
    case.item["amount"] = amount


@given("该事项没有召开会议")
def no_meeting(case: Case) -> None:
    case.record.pop("meeting", None)


@given(parsers.re(r"该事项因紧急情况由 (?P<person>\S+) 于 (?P<date>\S+) 临机决定"))
def emergency_decision(case: Case, person: str, date: str) -> None:
    case.item["emergency"] = {"decided_by": person, "decided_on": date}


@given(parsers.re(r"事后在会议 (?P<meeting_id>\S+) 上报告"))
def emergency_reported_at(case: Case, meeting_id: str) -> None:
    case.item["emergency"]["reported_at"] = meeting_id


@given(parsers.re(r"同一目录中另有会议 (?P<meeting_id>\S+) 的合规记录，会议日期为 (?P<date>\S+)"))
def another_meeting(case: Case, meeting_id: str, date: str) -> None:
    """A compliant record of another meeting: every date of the base record moved with the meeting date."""
    shift = dt.date.fromisoformat(date) - dt.date.fromisoformat(BASE_RECORD["meeting"]["date"])
    other = yaml.safe_load(
        re.sub(
            r"\d{4}-\d{2}-\d{2}",
            lambda m: (dt.date.fromisoformat(m.group()) + shift).isoformat(),
            dump(BASE_RECORD),
        )
    )
    other["meeting"]["id"] = meeting_id
    other["items"][0]["id"] = f"{meeting_id}-01"
    other["items"][0]["opinions"] = [{"member": n, "position": "agree"} for n in (*NAMES[1:5], NAMES[0])]
    other["items"][0]["vote"] = {"method": "show_of_hands", "for": 5, "against": 0, "abstain": 0}
    case.extra_records.append(other)


@given(parsers.re(r"表态顺序为 (?P<order>.+)"))
def opinions_in_order(case: Case, order: str) -> None:
    case.opinions = names(order)


@given(parsers.re(r"(?P<person>\S+) 申请回避，但仍然发表了意见"))
def recused_but_spoke(case: Case, person: str) -> None:
    case.item.setdefault("recusals", []).append({"name": person, "reason": "近亲属任职于合同相对方"})
    case.recused_speakers.add(person)


@given(parsers.re(r"(?P<person>\S+) 申请回避"))
def recused(case: Case, person: str) -> None:
    case.item.setdefault("recusals", []).append({"name": person, "reason": "近亲属任职于合同相对方"})


@given(parsers.re(r"表决结果为 赞成 (?P<yes>\d+) 票、反对 (?P<no>\d+) 票、弃权 (?P<abstain>\d+) 票"))
def vote_is(case: Case, yes: str, no: str, abstain: str) -> None:
    case.vote = {"method": "show_of_hands", "for": int(yes), "against": int(no), "abstain": int(abstain)}


@given("议题列入重大行政决策事项目录")
def is_mad_item(case: Case) -> None:
    case.item["major_administrative_decision"] = True


@given(parsers.re(r"(?P<person>\S+) 表态为 (?P<position>同意|不同意|弃权|保留意见)"))
def position_is(case: Case, person: str, position: str) -> None:
    case.positions[person] = position  # the record's own Chinese spelling


@given("记录中所有成员均表态同意")
def everyone_agrees(case: Case) -> None:
    case.all_agree = True


@given(parsers.re(r"表决方式为 (?P<method>\S+)"))
def vote_method_is(case: Case, method: str) -> None:
    case.vote_method = method


@given("没有表决记录")
def without_vote(case: Case) -> None:
    case.no_vote = True


@given(parsers.re(r"议题结论为 (?P<outcome>\S+)"))
def outcome_is(case: Case, outcome: str) -> None:
    case.item["outcome"] = outcome


@given("议题没有合法性审查")
def no_legality_review(case: Case) -> None:
    case.item.get("reviews", {}).pop("legality", None)


@given(parsers.re(r"议题已于 (?P<date>\S+) 在(?P<channel>\S+)公开发布"))
def published_on(case: Case, date: str, channel: str) -> None:
    case.item["published"] = {"date": date, "channel": channel}


@given(parsers.re(r"合同于 (?P<date>\S+) 签订（开始执行）"))
def executed_on(case: Case, date: str) -> None:
    case.item["executed_on"] = date


@given(parsers.re(r"会议材料于 (?P<date>\S+) 送达"))
def materials_sent(case: Case, date: str) -> None:
    case.meeting["notice"]["materials_sent"] = date


@given("记录没有会议材料送达日期")
def no_materials_date(case: Case) -> None:
    case.meeting.pop("notice", None)


@given("议题为会上临时动议")
def ad_hoc(case: Case) -> None:
    case.item["ad_hoc"] = True


@given("会前没有个别酝酿")
def no_pre_deliberation(case: Case) -> None:
    case.item.pop("pre_deliberation", None)


@given("会议没有会议记录")
def no_minutes(case: Case) -> None:
    case.meeting.pop("minutes", None)


@given("会议记录未写明记录人")
def minutes_without_recorder(case: Case) -> None:
    case.meeting["minutes"].pop("recorder", None)


@given("会议记录未归档")
def minutes_not_archived(case: Case) -> None:
    case.meeting["minutes"]["archived"] = False


# --- 单位设置（govcheck.yaml） ---


@given("单位设置未指定主要负责人")
def no_principal(case: Case) -> None:
    case.settings.pop("principal", None)


@given(parsers.re(r"单位设置的班子名册为 (?P<people>.+)"))
def roster_is(case: Case, people: str) -> None:
    case.settings["roster"] = [{"name": name, "from": "2021-03-01"} for name in names(people)]


@given(parsers.re(r"单位设置的集体决策会议类型为 (?P<kinds>.+)"))
def collective_forums_are(case: Case, kinds: str) -> None:
    case.settings["collective_forums"] = names(kinds)


@given(parsers.re(r"单位设置的到会人数标准为 (?P<rule>\S+)"))
def quorum_rule(case: Case, rule: str) -> None:
    case.settings["quorum"] = rule  # 「半数以上」 or 「过半数」, as a unit writes it in govcheck.yaml


@given(parsers.re(r"单位设置要求会议材料提前 (?P<days>\d+) 天送达"))
def notice_days(case: Case, days: str) -> None:
    case.settings["notice_days"] = int(days)


@given(parsers.re(r"单位设置将 (?P<check>\S+) 的严重程度调为 (?P<level>错误|警告)"))
def severity_override(case: Case, check: str, level: str) -> None:
    case.settings.setdefault("severity", {})[check] = SEVERITY[level]


# --- 自带示例 ---


@given(parsers.re(r"示例目录中的记录 (?P<name>\S+\.yaml)"))
def bundled_example(case: Case, name: str) -> None:
    path = EXAMPLES / "minutes" / name
    assert path.is_file(), f"示例目录中没有 {name}"
    case.example = path


# ---------------------------------------------------------------------------
# 当 —— run the real CLI
# ---------------------------------------------------------------------------


def write_case(case: Case) -> Path:
    case.workdir.mkdir(parents=True, exist_ok=True)
    (case.workdir / "govcheck.yaml").write_text(dump(case.settings), encoding="utf-8")
    case.record_text = dump(case.finished_record())
    path = case.workdir / "record.yaml"
    path.write_text(case.record_text, encoding="utf-8")
    for index, other in enumerate(case.extra_records, start=1):
        (case.workdir / f"other-{index}.yaml").write_text(dump(other), encoding="utf-8")
    return path


def run(case: Case, target: Path, expect_input_error: bool = False) -> None:
    case.exit_code, case.report = run_json(str(target))
    failed = [f for f in case.report["files"] if f["error"]]
    if not expect_input_error:
        assert not failed, f"记录无法读取：{failed}"


@when("运行 govcheck 检查")
def run_on_record(case: Case) -> None:
    run(case, case.example if case.example is not None else write_case(case))


@when("运行 govcheck 检查，设置文件有误")
def run_with_bad_settings(case: Case) -> None:
    run(case, write_case(case), expect_input_error=True)


@then(parsers.re(r"报告设置文件中 (?P<key>\w+) 所在的行有误，说明包含“(?P<text>.+)”"))
def settings_error(case: Case, key: str, text: str) -> None:
    errors = [f["error"] for f in case.report["files"] if f["path"].endswith("govcheck.yaml") and f["error"]]
    assert errors, f"没有报告设置文件错误：{case.report['files']}"
    settings_text = (case.workdir / "govcheck.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text_line in enumerate(settings_text, start=1) if text_line.startswith(f"{key}:"))
    assert errors[0]["line"] == line and text in errors[0]["message"], errors[0]


@when("对记录所在目录运行 govcheck 检查")
def run_on_directory(case: Case) -> None:
    write_case(case)
    run(case, case.workdir)


@when("对整个示例目录运行 govcheck 检查")
def run_on_examples(case: Case) -> None:
    run(case, EXAMPLES / "minutes")


# ---------------------------------------------------------------------------
# 那么 —— the findings
# ---------------------------------------------------------------------------


def describe(case: Case) -> str:
    return "；".join(f"{f['check']}（第{f['line']}行）{f['message']}" for f in case.findings()) or "没有问题"


@then(parsers.re(rf"报告 (?P<check>{CHECK_ID})"))
def reported(case: Case, check: str) -> None:
    case.picked = [f for f in case.findings() if f["check"] == check]
    assert case.picked, f"应当报告 {check}，实际报告：{describe(case)}"


@then(parsers.re(rf"不报告 (?P<check>{CHECK_ID})"))
def not_reported(case: Case, check: str) -> None:
    assert check not in case.checks(), f"不应报告 {check}，实际报告：{describe(case)}"


@then(parsers.re(r"只报告 (?P<checks>.+)"))
def only_reported(case: Case, checks: str) -> None:
    expected = check_ids(checks)
    assert expected, f"“{checks}”中没有检查项编号"
    assert case.checks() == expected, f"应当只报告 {sorted(expected)}，实际报告：{describe(case)}"
    case.picked = case.findings()


@then("没有任何问题")
def clean(case: Case) -> None:
    assert case.report is not None
    assert case.report["summary"]["items"] > 0, "没有检查任何议题"
    assert case.findings() == [], f"不应报告问题，实际报告：{describe(case)}"
    assert case.exit_code == 0


@then(parsers.re(r"问题的严重程度为 (?P<level>错误|警告)"))
def severity_is(case: Case, level: str) -> None:
    assert case.picked, "前面没有选中的问题"
    assert {f["severity"] for f in case.picked} == {SEVERITY[level]}, describe(case)


@then(parsers.re(r"问题所在行是 (?P<key>[\w.]+) 所在的行"))
def line_is(case: Case, key: str) -> None:
    assert case.picked, "前面没有选中的问题"
    wanted = tuple(key.split("."))
    lines = {path: line for path, line in key_lines(case.record_text).items() if path[-len(wanted) :] == wanted}
    assert len(lines) == 1, f"记录中 {key} 出现 {len(lines)} 次，无法确定行号"
    (line,) = lines.values()
    assert {f["line"] for f in case.picked} == {line}, f"问题应在第{line}行（{key}），实际：{describe(case)}"


@then(parsers.re(r"问题所在行是 (?P<person>\S+) 的表态所在的行"))
def line_is_opinion_of(case: Case, person: str) -> None:
    assert case.picked, "前面没有选中的问题"
    speakers = [entry["member"] for entry in case.finished_record()["items"][0].get("opinions", [])]
    assert speakers.count(person) == 1, f"{person} 在 opinions 中出现 {speakers.count(person)} 次"
    line = key_lines(case.record_text)[("items", "0", "opinions", str(speakers.index(person)))]
    assert {f["line"] for f in case.picked} == {line}, f"问题应在第{line}行（{person}的表态），实际：{describe(case)}"


@then(parsers.re(r"问题说明包含“(?P<text>.+)”"))
def message_contains(case: Case, text: str) -> None:
    assert case.picked, "前面没有选中的问题"
    assert all(text in f["message"] for f in case.picked), f"问题说明中没有“{text}”：{describe(case)}"


@then(parsers.re(r"问题说明不包含“(?P<text>.+)”"))
def message_lacks(case: Case, text: str) -> None:
    assert case.picked, "前面没有选中的问题"
    assert all(text not in f["message"] for f in case.picked), f"问题说明中不应有“{text}”：{describe(case)}"


@then(parsers.re(r"问题的依据不包含“(?P<text>.+)”"))
def basis_lacks(case: Case, text: str) -> None:
    assert case.picked, "前面没有选中的问题"
    assert all(all(text not in b for b in f["basis"]) for f in case.picked), f"依据中不应有“{text}”：{describe(case)}"


@then(parsers.re(r"问题的依据包含“(?P<text>.+)”"))
def basis_contains(case: Case, text: str) -> None:
    assert case.picked, "前面没有选中的问题"
    assert all(any(text in b for b in f["basis"]) for f in case.picked), f"依据中没有“{text}”"


@then(parsers.re(r"共有 (?P<count>\d+) 个 (?P<check>\S+) 问题"))
def count_of(case: Case, count: str, check: str) -> None:
    found = [f for f in case.findings() if f["check"] == check]
    assert len(found) == int(count), describe(case)


@then(parsers.re(r"退出码为 (?P<code>\d+)"))
def exit_code_is(case: Case, code: str) -> None:
    assert case.exit_code == int(code), f"退出码为 {case.exit_code}：{describe(case)}"


# --- 自带示例 ---


@then("文件开头注释说明这是合规示例")
def header_says_compliant(case: Case) -> None:
    assert case.example is not None
    first = case.example.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# 合规示例"), first
    assert expected_in_header(case.example) == []


@then(parsers.re(r"文件开头的“预期问题”注释列出 (?P<checks>.+)"))
def header_lists(case: Case, checks: str) -> None:
    assert case.example is not None
    assert set(expected_in_header(case.example)) == check_ids(checks)


def enabled_packs(case: Case) -> set[str]:
    assert case.report is not None
    return set(case.report["rules"]["packs"])


def promised(path: Path, packs: set[str]) -> set[str]:
    return {check for check in expected_in_header(path) if pack_of(check) in packs}


@then("报告的检查项与文件开头“预期问题”注释相符（尚未启用的检查包除外）")
def matches_header(case: Case) -> None:
    assert case.example is not None
    expected = promised(case.example, enabled_packs(case))
    assert expected, "注释中没有已启用检查包的检查项"
    assert case.checks() == expected, f"注释预期 {sorted(expected)}，实际报告：{describe(case)}"


@then(parsers.re(r"示例目录中合规记录 (?P<good>\d+) 份、写明“预期问题”的记录 (?P<bad>\d+) 份"))
def example_counts(good: str, bad: str) -> None:
    files = sorted((EXAMPLES / "minutes").glob("*.yaml"))
    with_expectations = [p for p in files if expected_in_header(p)]
    assert (len(files) - len(with_expectations), len(with_expectations)) == (int(good), int(bad))


@then("每份记录报告的检查项都与其“预期问题”注释相符（尚未启用的检查包除外）")
def every_file_matches(case: Case) -> None:
    packs = enabled_packs(case)
    reported: dict[str, set[str]] = {}
    for finding in case.findings():
        reported.setdefault(Path(finding["file"]).name, set()).add(finding["check"])
    expected = {p.name: promised(p, packs) for p in sorted((EXAMPLES / "minutes").glob("*.yaml"))}
    expected = {name: checks for name, checks in expected.items() if checks}
    assert reported == expected


# ---------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------

#: Features with step definitions of their own (bound in their own test module, not here).
OWN_STEPS = {
    "会前清单.feature": "tests/test_checklist_features.py",
    "审计报告.feature": "tests/test_report_features.py",
    "单位设置.feature": "tests/test_init_features.py",
    "输入错误.feature": "tests/test_input_features.py",
    "支出核对.feature": "tests/test_payments_features.py",
    **{
        name: "tests/test_features_catalogue.py"
        for name in (
            "公平竞争审查.feature",
            "豁免.feature",
            "班子名册.feature",
            "工作日.feature",
            "化整为零.feature",
            "规避公开招标.feature",
        )
    },
}
scenarios(*sorted(p.name for p in (EXAMPLES.parent / "features").glob("*.feature") if p.name not in OWN_STEPS))
