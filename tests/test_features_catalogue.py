"""Step definitions for the catalogue features: 公平竞争审查, 豁免, 班子名册, 工作日, 化整为零.

These features are bound here and only here: tests/test_features.py leaves them out of its
``scenarios(...)`` through its ``OWN_STEPS``. Like the core features, each scenario starts from the
compliant base record of tests/test_features.py (a party group meeting on 2023-05-12 deciding a
road project), changes only what its steps say, writes the record and a govcheck.yaml to a temporary
folder and runs the real CLI (``govcheck validate --format json``).

What these features add to the core vocabulary:

- dates: "会议改在 D 召开，记录中其他日期随之平移" moves every date of the record by the same number
  of days, so that a record stays compliant in another year and only the law in force changes;
- variants of the base for a fair-competition item and for a major administrative decision, taken
  from rules/example-base.yaml (``fcr``, ``mad``) and spelt out below;
- unit settings given as tables: the roster and the principal with terms, and waivers;
- runs: with ``--as-of``, with "today" fixed, over a whole folder, or file by file.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest
import yaml
from pytest_bdd import given, parsers, scenarios, then, when

from conftest import REPO, output_of, run_cli, run_json
from test_features import BASE_RECORD, BASE_SETTINGS, CHECK_ID, check_ids, dump, key_lines, names

#: The features whose steps live in this module.
FEATURES = (
    "公平竞争审查.feature",
    "豁免.feature",
    "班子名册.feature",
    "工作日.feature",
    "化整为零.feature",
    "规避公开招标.feature",
)

SEVERITY = {"错误": "error", "警告": "warning"}
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

#: A measure affecting operators' economic activity (FCR item), reviewed before the meeting with
#: stakeholders heard: the ``fcr`` variant of rules/example-base.yaml, as a policy measure without amount.
FCR_REVIEW: dict[str, Any] = {
    "reviewer": "规划科",
    "completed": "2023-05-06",
    "conclusion": "compliant",
    "stakeholders_consulted": True,
}

#: A major administrative decision decided at a standing meeting with every statutory step and
#: published ten days later: the ``mad`` variant of rules/example-base.yaml.
MAD_REVIEWS: dict[str, Any] = {
    "public_participation": {
        "start": "2023-03-01",
        "end": "2023-04-01",
        "channel": "区政府在线",
        "comments_received": 12,
        "feedback_published": True,
    },
    "expert_review": {"date": "2023-04-10", "experts": ["甲", "乙", "丙"], "conclusion": "可行"},
    "risk_assessment": {"date": "2023-04-15", "level": "low", "conclusion": "风险可控"},
}
MAD_PUBLISHED: dict[str, Any] = {"date": "2023-05-22", "channel": "区政府在线"}

#: Columns of the settings tables (Chinese header → key in govcheck.yaml).
TERM_COLUMNS = {"姓名": "name", "职务": "role", "任期起": "from", "任期止": "to"}
WAIVER_COLUMNS = {"议题": "item", "检查项": "check", "理由": "reason", "批准": "approved_by", "到期": "expires"}


def shift_dates(data: dict[str, Any], days: int) -> dict[str, Any]:
    """Every ISO date in ``data`` moved by ``days`` days."""
    moved = DATE.sub(lambda m: (dt.date.fromisoformat(m.group()) + dt.timedelta(days=days)).isoformat(), dump(data))
    result: dict[str, Any] = yaml.safe_load(moved)
    return _dates_as_text(result)


def _dates_as_text(node: Any) -> Any:
    """yaml.safe_load turns unquoted dates into dates; the base record keeps them as text."""
    if isinstance(node, dict):
        return {key: _dates_as_text(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_dates_as_text(value) for value in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def table_rows(datatable: list[list[str]], columns: dict[str, str]) -> list[dict[str, Any]]:
    """A Gherkin table (header row first) as settings entries; an empty cell leaves the key out."""
    header, *rows = datatable
    unknown = [h for h in header if h not in columns]
    assert not unknown, f"表头 {unknown} 不是可用的列：{list(columns)}"
    entries = []
    for row in rows:
        entry: dict[str, Any] = {}
        for title, cell in zip(header, row, strict=True):
            cell = cell.strip()
            if cell:
                entry[columns[title]] = dt.date.fromisoformat(cell) if DATE.fullmatch(cell) else cell
        entries.append(entry)
    return entries


# ---------------------------------------------------------------------------
# The scenario's state
# ---------------------------------------------------------------------------


@dataclass
class Case:
    """One scenario: the record (or the records of a folder) being built, the runs, the picked findings."""

    workdir: Path
    record: dict[str, Any] | None = field(default_factory=lambda: copy.deepcopy(BASE_RECORD))
    settings: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(BASE_SETTINGS))
    folder: dict[str, dict[str, Any]] = field(default_factory=dict)  # file name → record, for folder scenarios
    opinions: list[str] | None = None  # explicit speaking order; None: follow attendance, principal last
    record_text: str = ""
    settings_text: str = ""
    exit_code: int | None = None
    report: dict[str, Any] | None = None
    runs: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    last_run: tuple[str, ...] = ()  # the arguments of the last run, to repeat it in text format
    picked: list[dict[str, Any]] = field(default_factory=list)

    @property
    def meeting(self) -> dict[str, Any]:
        assert self.record is not None and self.record.get("meeting") is not None, "场景中没有会议记录"
        meeting: dict[str, Any] = self.record["meeting"]
        return meeting

    @property
    def item(self) -> dict[str, Any]:
        assert self.record is not None, "场景中没有单份记录"
        item: dict[str, Any] = self.record["items"][0]
        return item

    @property
    def reviews(self) -> dict[str, Any]:
        reviews: dict[str, Any] = self.item.setdefault("reviews", {})
        return reviews

    def principal(self, day: str) -> str | None:
        """The principal on ``day`` as the settings say (a name, or terms), else the chair."""
        setting = self.settings.get("principal")
        if isinstance(setting, str):
            return setting
        for term in setting or ():
            start, end = term.get("from"), term.get("to")
            if (start is None or str(start) <= day) and (end is None or day <= str(end)):
                return str(term["name"])
        return self.record.get("meeting", {}).get("chair") if self.record else None

    def finished_record(self) -> dict[str, Any]:
        """The record with opinions and vote following the attendance, unless a step set the order."""
        assert self.record is not None
        record = copy.deepcopy(self.record)
        item, meeting = record["items"][0], record["meeting"]
        if self.opinions is not None:
            speakers = list(self.opinions)
        else:
            members = set(meeting["members"])
            present = [n for n in dict.fromkeys(meeting["attendees"]) if n in members]
            principal = self.principal(meeting["date"])
            speakers = [n for n in present if n != principal] + [n for n in present if n == principal]
        item["opinions"] = [{"member": name, "position": "agree"} for name in speakers]
        item["vote"] = {"method": "show_of_hands", "for": len(speakers), "against": 0, "abstain": 0}
        return record

    def findings(self) -> list[dict[str, Any]]:
        assert self.report is not None, "还没有运行 govcheck"
        return list(self.report["findings"])

    def active(self) -> list[dict[str, Any]]:
        """Findings that are not waived."""
        return [f for f in self.findings() if not f["waived"]]

    def checks(self) -> set[str]:
        return {f["check"] for f in self.findings()}


@pytest.fixture
def case(tmp_path: Path) -> Case:
    return Case(workdir=tmp_path / "minutes")


def describe(case: Case) -> str:
    shown = []
    for f in case.findings():
        waived = "，已豁免" if f["waived"] else ""
        shown.append(f"{f['check']}（{Path(f['file']).name}第{f['line']}行，{f['severity']}{waived}）{f['message']}")
    return "；".join(shown) or "没有问题"


# ---------------------------------------------------------------------------
# 假如 —— the record
# ---------------------------------------------------------------------------


@given(parsers.re(r"一份合规的(?P<kind>\S+?)记录"))
def compliant_meeting(case: Case, kind: str) -> None:
    """The base record: 张三、李四、王五、赵六、钱七 all present, each states a position, 张三 last."""
    case.meeting["type"] = kind


@given(parsers.re(r"会议改在 (?P<date>\S+) 召开，记录中其他日期随之平移"))
def move_meeting(case: Case, date: str) -> None:
    assert case.record is not None
    days = (dt.date.fromisoformat(date) - dt.date.fromisoformat(case.meeting["date"])).days
    case.record = shift_dates(case.record, days)
    assert case.meeting["date"] == date


@given(parsers.re(r"记录的应到会成员为 (?P<people>.+)"))
def members_are(case: Case, people: str) -> None:
    case.meeting["members"] = names(people)


@given(parsers.re(r"实到会人员为 (?P<people>.+)"))
def attendees_are(case: Case, people: str) -> None:
    case.meeting["attendees"] = names(people)


@given(parsers.re(r"记录的应到会成员和实到会人员均为 (?P<people>.+)"))
def members_all_present(case: Case, people: str) -> None:
    case.meeting["members"] = names(people)
    case.meeting["attendees"] = names(people)


@given(parsers.re(r"会议主持人为 (?P<chair>\S+)"))
def chair_is(case: Case, chair: str) -> None:
    case.meeting["chair"] = chair


@given(parsers.re(r"表态顺序为 (?P<order>.+)"))
def opinions_in_order(case: Case, order: str) -> None:
    case.opinions = names(order)


@given("议题为会上临时动议")
def ad_hoc(case: Case) -> None:
    case.item["ad_hoc"] = True


# --- 公平竞争审查 ---


@given("议题是涉及经营者经济活动的政策措施，会前完成了公平竞争审查并听取了利害关系人意见")
def fcr_item(case: Case) -> None:
    case.item["category"] = ["policy_measure", "major_decision"]
    case.item.pop("amount", None)
    case.item["affects_operators"] = True
    case.reviews["fair_competition"] = copy.deepcopy(FCR_REVIEW)


@given("公平竞争审查没有听取利害关系人意见")
def fcr_without_stakeholders(case: Case) -> None:
    case.reviews["fair_competition"]["stakeholders_consulted"] = False


@given("没有公平竞争审查记录")
def no_fcr_review(case: Case) -> None:
    case.reviews.pop("fair_competition", None)


@given(parsers.re(r"公平竞争审查结论为适用例外规定，(?P<what>.+)"))
def fcr_exception(case: Case, what: str) -> None:
    review = case.reviews["fair_competition"]
    review["conclusion"] = "exception"
    options = {
        "写明了理由和实施期限": ("为保障防汛抢险需要", "至2026年12月31日止"),
        "写明了理由但没有写明实施期限": ("为保障防汛抢险需要", None),
        "没有写明理由": (None, "至2026年12月31日止"),
    }
    assert what in options, f"“{what}”不是可用的写法：{list(options)}"
    reason, period = options[what]
    for key, value in (("exception_reason", reason), ("exception_period", period)):
        if value is None:
            review.pop(key, None)
        else:
            review[key] = value


@given(parsers.re(r"该措施会前(?P<how>向社会公开征求了意见|召开了座谈会)"))
def fcr_public_participation(case: Case, how: str) -> None:
    """(1.1) The measure's public participation, a month before the meeting (record format 1.1: method)."""
    meeting = dt.date.fromisoformat(case.meeting["date"])
    if how == "召开了座谈会":
        day = (meeting - dt.timedelta(days=20)).isoformat()
        case.reviews["public_participation"] = {
            "method": "座谈会",
            "start": day,
            "end": day,
            "channel": "区商务局会议室",
        }
        return
    start, end = meeting - dt.timedelta(days=60), meeting - dt.timedelta(days=30)
    case.reviews["public_participation"] = {
        "method": "公开征求意见",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "channel": "区政府网站",
    }


@given(parsers.re(r"单位设置的公平竞争审查开始日期为 (?P<day>\S+)"))
def fcr_start(case: Case, day: str) -> None:
    case.settings["fair_competition_from"] = day  # as a unit writes it: 2017年3月1日 or 2017-03-01


# --- 重大行政决策与工作日 ---


@given("议题列入重大行政决策事项目录，公众参与、专家论证、风险评估、合法性审查齐全，会后按期公布")
def mad_item(case: Case) -> None:
    case.item["major_administrative_decision"] = True
    case.reviews.update(copy.deepcopy(MAD_REVIEWS))
    case.item["published"] = copy.deepcopy(MAD_PUBLISHED)


@given(parsers.re(r"合法性审查 (?P<submitted>\S+) 送审、(?P<completed>\S+) 完成"))
def legality_dates(case: Case, submitted: str, completed: str) -> None:
    case.reviews["legality"]["submitted"] = submitted
    case.reviews["legality"]["completed"] = completed


@given(parsers.re(r"决策于 (?P<date>\S+) 公布"))
def published_on(case: Case, date: str) -> None:
    case.item["published"] = {"date": date, "channel": "区政府在线"}


@given(parsers.re(r"决定文件于 (?P<date>\S+) 印发"))
def issued_on(case: Case, date: str) -> None:
    case.item["issued_on"] = date  # (1.1) MAD-PUBLISH counts from the decision document when recorded


@given(parsers.re(r"公众参与方式为 (?P<method>\S+)，自 (?P<start>\S+) 至 (?P<end>\S+)"))
def participation_method(case: Case, method: str, start: str, end: str) -> None:
    """(1.1) One participation with its method, replacing the base's public comment."""
    case.reviews["public_participation"] = {"method": method, "start": start, "end": end, "channel": "区政府"}


@given(parsers.re(r"按官方日历，(?P<first>\S+) 至 (?P<last>\S+) 放假，(?P<worked>\S+) 调休上班"))
def official_calendar(first: str, last: str, worked: str) -> None:
    """The holiday notice the scenarios count with, checked against the calendar govcheck uses."""
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    off = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    assert not any(chinese_calendar.is_workday(day) for day in off), f"{first} 至 {last} 并非全部放假"
    for day in names(worked):
        assert chinese_calendar.is_workday(dt.date.fromisoformat(day)), f"{day} 不是调休上班日"
        assert dt.date.fromisoformat(day).weekday() >= 5, f"{day} 不是周末"


@given(parsers.re(r"官方节假日日历尚未收录 (?P<year>\d{4}) 年"))
def calendar_lacks(year: str) -> None:
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(dt.date(int(year), 6, 1))


# --- 单位设置（govcheck.yaml） ---


@given(parsers.re(r"单位设置的班子名册为："))
def roster_table(case: Case, datatable: list[list[str]]) -> None:
    case.settings["roster"] = table_rows(datatable, TERM_COLUMNS)


@given(parsers.re(r"单位设置的主要负责人按任期为："))
def principal_terms(case: Case, datatable: list[list[str]]) -> None:
    case.settings["principal"] = table_rows(datatable, TERM_COLUMNS)


@given(parsers.re(r"单位设置登记了豁免："))
def waivers_table(case: Case, datatable: list[list[str]]) -> None:
    case.settings["waivers"] = table_rows(datatable, WAIVER_COLUMNS)


@given(parsers.re(r"单位设置的大额资金标准为 (?P<amount>\d+)万元"))
def large_fund(case: Case, amount: str) -> None:
    case.settings["thresholds"] = {"large_fund": int(amount) * 10000}


@given(parsers.re(r"单位设置的到会人数标准为 (?P<rule>\S+)"))
def quorum_rule(case: Case, rule: str) -> None:
    case.settings["quorum"] = rule  # 「半数以上」 or 「过半数」, as a unit writes it in govcheck.yaml


@given("单位设置没有大额资金标准")
def no_large_fund(case: Case) -> None:
    case.settings.pop("thresholds", None)


# --- 一个目录中的采购记录（化整为零） ---


def procurement_record(
    item_id: str, amount: str, counterparty: str, budget_item: str, how: str, date: str
) -> dict[str, Any]:
    """A record of one purchase: without a meeting (executed on ``date``) or decided at a meeting that day."""
    item: dict[str, Any] = {
        "id": item_id,
        "title": f"关于向{counterparty}采购服务的议题",
        "category": ["procurement"],
        "amount": amount,
        "proposed_by": "办公室",
        "counterparty": counterparty,
        "budget_item": budget_item,
    }
    record: dict[str, Any] = {"govcheck": 1, "unit": BASE_RECORD["unit"], "items": [item]}
    if how == "未上会":
        item["executed_on"] = date
        return record
    kinds = {"党组会议": "party_group", "传阅": "circulation"}
    assert how in kinds, f"决策方式“{how}”应为 未上会、{'、'.join(kinds)}"
    day = dt.date.fromisoformat(date)
    people = BASE_RECORD["meeting"]["members"]
    record["meeting"] = {
        "id": f"HY-{item_id}",
        "type": kinds[how],
        "date": date,
        "chair": BASE_RECORD["meeting"]["chair"],
        "members": list(people),
        "attendees": list(people),
        "notice": {
            "agenda_sent": (day - dt.timedelta(days=3)).isoformat(),
            "materials_sent": (day - dt.timedelta(days=3)).isoformat(),
        },
        "minutes": {"recorder": "周九", "archived": True},
    }
    item["opinions"] = [{"member": n, "position": "agree"} for n in (*people[1:], people[0])]
    item["vote"] = {"method": "show_of_hands", "for": len(people), "against": 0, "abstain": 0}
    item["outcome"] = "adopted"
    item["executed_on"] = (day + dt.timedelta(days=10)).isoformat()
    return record


#: (1.1) optional columns after the seven fixed ones: the 品目, the method and an approval (规避公开招标).
PROCUREMENT_EXTRA = {"品目": "procurement_item", "采购方式": "procurement_method", "批准文号": "procurement_approval"}


@given(parsers.re(r"记录目录中有以下采购记录："))
def procurement_folder(case: Case, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    expected = ["文件", "议题", "金额", "合同相对方", "预算项目", "决策方式", "日期"]
    extra = header[len(expected) :]
    assert header[: len(expected)] == expected and set(extra) <= set(PROCUREMENT_EXTRA), (
        f"表头应为 {expected}，其后可加 {'、'.join(PROCUREMENT_EXTRA)}"
    )
    case.record = None
    for name, *values in rows:
        record = procurement_record(*values[: len(expected) - 1])
        for column, value in zip(extra, values[len(expected) - 1 :], strict=True):
            if value not in ("", "无"):
                record["items"][0][PROCUREMENT_EXTRA[column]] = value
        case.folder[name] = record


# ---------------------------------------------------------------------------
# 当 —— run the real CLI
# ---------------------------------------------------------------------------


def write_case(case: Case) -> Path:
    """The folder as a unit keeps it: govcheck.yaml and the record(s). Returns the record file."""
    case.workdir.mkdir(parents=True, exist_ok=True)
    case.settings_text = yaml.safe_dump(case.settings, allow_unicode=True, sort_keys=False, width=200)
    (case.workdir / "govcheck.yaml").write_text(case.settings_text, encoding="utf-8")
    if case.record is None:
        for name, record in case.folder.items():
            (case.workdir / name).write_text(dump(record), encoding="utf-8")
        return case.workdir
    case.record_text = dump(case.finished_record())
    path = case.workdir / "record.yaml"
    path.write_text(case.record_text, encoding="utf-8")
    return path


def run(case: Case, target: Path, *options: str, settings_error: bool = False) -> None:
    case.last_run = (str(target), *options)
    case.exit_code, case.report = run_json(*case.last_run)
    case.runs.append((case.exit_code, case.report))
    failed = [f for f in case.report["files"] if f["error"]]
    if settings_error:
        assert case.exit_code == 2, f"设置文件有误时退出码应为 2，实际为 {case.exit_code}"
    else:
        assert not failed, f"记录或设置文件无法读取：{failed}"
        assert case.report["summary"]["items"] > 0, "没有检查任何议题"


@when("运行 govcheck 检查")
def run_on_record(case: Case) -> None:
    run(case, write_case(case))


@when(parsers.re(r"以 --as-of (?P<day>\S+) 运行 govcheck 检查"))
def run_as_of(case: Case, day: str) -> None:
    run(case, write_case(case), "--as-of", day)


@when("运行 govcheck 检查，设置文件有误")
def run_bad_settings(case: Case) -> None:
    run(case, write_case(case), settings_error=True)


@when("对记录所在目录运行 govcheck 检查")
def run_on_folder(case: Case) -> None:
    write_case(case)
    run(case, case.workdir)


@when("逐个文件分别运行 govcheck 检查")
def run_file_by_file(case: Case) -> None:
    """One run per record file; the findings of all runs together, the worst exit code."""
    write_case(case)
    assert case.folder, "场景中没有记录目录"
    findings: list[dict[str, Any]] = []
    codes: list[int] = []
    for name in case.folder:
        run(case, case.workdir / name)
        assert case.report is not None and case.exit_code is not None
        findings += case.report["findings"]
        codes.append(case.exit_code)
    assert case.report is not None
    case.report = {**case.report, "findings": findings}
    case.exit_code = max(codes)


def fix_today(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    """Make govcheck see ``day`` as today: every govcheck module that asks ``date.today()`` gets ``day``."""
    real = dt
    today = real.date.fromisoformat(day)

    class FixedDate(real.date):
        @classmethod
        def today(cls) -> dt.date:
            return today

    proxy = type(real)("datetime")
    proxy.__dict__.update(vars(real))
    proxy.date = FixedDate  # type: ignore[attr-defined]
    patched = []
    for name, module in list(sys.modules.items()):
        source = getattr(module, "__file__", None) or ""
        if not name.startswith("govcheck") or not source.endswith(".py"):
            continue
        if "date.today()" not in Path(source).read_text(encoding="utf-8"):
            continue
        for attribute, value in list(vars(module).items()):
            if value is real:
                monkeypatch.setattr(module, attribute, proxy)
                patched.append(f"{name}.{attribute}")
    assert patched, "找不到 govcheck 读取今天日期的地方"


@when(parsers.re(r"分别在今天为 (?P<first>\S+) 和 (?P<second>\S+) 时以 --as-of (?P<day>\S+) 运行 govcheck 检查"))
def run_on_two_days(case: Case, monkeypatch: pytest.MonkeyPatch, first: str, second: str, day: str) -> None:
    target = write_case(case)
    for today in (first, second):
        with monkeypatch.context() as patch:
            fix_today(patch, today)
            run(case, target, "--as-of", day)


@when(parsers.re(r"在今天为 (?P<today>\S+) 时运行 govcheck 检查"))
def run_on_day(case: Case, monkeypatch: pytest.MonkeyPatch, today: str) -> None:
    target = write_case(case)
    with monkeypatch.context() as patch:
        fix_today(patch, today)
        run(case, target)


# ---------------------------------------------------------------------------
# 那么 —— the findings
# ---------------------------------------------------------------------------


@then(parsers.re(rf"报告 (?P<check>{CHECK_ID})"))
def reported(case: Case, check: str) -> None:
    case.picked = [f for f in case.findings() if f["check"] == check]
    assert case.picked, f"应当报告 {check}，实际报告：{describe(case)}"


@then(parsers.re(rf"不报告 (?P<check>{CHECK_ID})"))
def not_reported(case: Case, check: str) -> None:
    assert check not in case.checks(), f"不应报告 {check}，实际报告：{describe(case)}"


@then(parsers.re(r"不报告任何以 (?P<prefix>[A-Z]+)- 开头的检查项"))
def no_check_of_pack(case: Case, prefix: str) -> None:
    found = sorted(c for c in case.checks() if c.startswith(f"{prefix}-"))
    assert not found, f"不应报告 {found}，实际报告：{describe(case)}"


@then(parsers.re(r"只报告 (?P<checks>.+)"))
def only_reported(case: Case, checks: str) -> None:
    expected = check_ids(checks)
    assert expected, f"“{checks}”中没有检查项编号"
    assert case.checks() == expected, f"应当只报告 {sorted(expected)}，实际报告：{describe(case)}"
    case.picked = case.findings()


@then("没有任何问题")
def clean(case: Case) -> None:
    assert case.findings() == [], f"不应报告问题，实际报告：{describe(case)}"
    assert case.exit_code == 0


@then(parsers.re(r"问题的严重程度为 (?P<level>错误|警告)"))
def severity_is(case: Case, level: str) -> None:
    assert case.picked, "前面没有选中的问题"
    assert {f["severity"] for f in case.picked} == {SEVERITY[level]}, describe(case)


@then(parsers.re(r"问题说明包含“(?P<text>.+)”"))
def message_contains(case: Case, text: str) -> None:
    assert case.picked, "前面没有选中的问题"
    assert all(text in f["message"] for f in case.picked), f"问题说明中没有“{text}”：{describe(case)}"


@then(parsers.re(r"问题说明不包含“(?P<text>.+)”"))
def message_lacks(case: Case, text: str) -> None:
    assert case.picked, "前面没有选中的问题"
    assert not any(text in f["message"] for f in case.picked), f"问题说明中不应有“{text}”：{describe(case)}"


@then(parsers.re(r"问题的依据包含“(?P<text>.+)”"))
def basis_contains(case: Case, text: str) -> None:
    assert case.picked, "前面没有选中的问题"
    assert all(any(text in b for b in f["basis"]) for f in case.picked), f"依据中没有“{text}”：{case.picked}"


@then(parsers.re(r"问题的依据不包含“(?P<text>.+)”"))
def basis_lacks(case: Case, text: str) -> None:
    assert case.picked, "前面没有选中的问题"
    assert not any(text in b for f in case.picked for b in f["basis"]), f"依据中不应有“{text}”：{case.picked}"


@then(parsers.re(r"问题所在行是 (?P<key>[\w.]+) 所在的行"))
def line_is(case: Case, key: str) -> None:
    assert case.picked, "前面没有选中的问题"
    wanted = tuple(key.split("."))
    lines = {path: line for path, line in key_lines(case.record_text).items() if path[-len(wanted) :] == wanted}
    assert len(lines) == 1, f"记录中 {key} 出现 {len(lines)} 次，无法确定行号"
    (line,) = lines.values()
    assert {(Path(f["file"]).name, f["line"]) for f in case.picked} == {("record.yaml", line)}, (
        f"问题应在 record.yaml 第{line}行（{key}），实际：{describe(case)}"
    )


@then(parsers.re(rf"共有 (?P<count>\d+) 个 (?P<check>{CHECK_ID}) 问题"))
def count_of(case: Case, count: str, check: str) -> None:
    found = [f for f in case.findings() if f["check"] == check]
    assert len(found) == int(count), describe(case)


@then(parsers.re(r"退出码为 (?P<code>\d+)"))
def exit_code_is(case: Case, code: str) -> None:
    assert case.exit_code == int(code), f"退出码为 {case.exit_code}：{describe(case)}"


# --- 豁免 ---


def waiver_line(case: Case, number: str) -> int:
    return key_lines(case.settings_text)[("waivers", str(int(number) - 1))]


@then(parsers.re(r"问题已豁免，写明理由“(?P<reason>.+)”和批准人“(?P<approver>.+)”"))
def waived_with(case: Case, reason: str, approver: str) -> None:
    assert case.picked, "前面没有选中的问题"
    for finding in case.picked:
        assert finding["waived"] is True, f"问题应标明已豁免：{describe(case)}"
        assert finding["waiver"]["reason"] == reason and finding["waiver"]["approved_by"] == approver, finding


@then("问题没有豁免")
def not_waived(case: Case) -> None:
    assert case.picked, "前面没有选中的问题"
    assert not any(f["waived"] for f in case.picked), f"问题不应标明已豁免：{describe(case)}"


@then(parsers.re(r"没有未豁免的(?P<level>错误|警告)"))
def nothing_active(case: Case, level: str) -> None:
    active = [f for f in case.active() if f["severity"] == SEVERITY[level]]
    assert not active, f"不应有未豁免的{level}：{describe(case)}"


@then(parsers.re(r"文字报告中该问题标明“(?P<text>.+)”"))
def text_report_says(case: Case, text: str) -> None:
    assert case.picked, "前面没有选中的问题"
    output = output_of(run_cli("validate", *case.last_run))
    lines = [line for line in output.splitlines() if case.picked[0]["check"] in line]
    assert any(text in line for line in lines), f"文字报告中没有“{text}”：\n{output}"


@then(parsers.re(r"问题位于设置文件 govcheck\.yaml 中第 (?P<number>\d+) 条豁免所在的行"))
def at_waiver(case: Case, number: str) -> None:
    assert case.picked, "前面没有选中的问题"
    line = waiver_line(case, number)
    assert {(Path(f["file"]).name, f["line"]) for f in case.picked} == {("govcheck.yaml", line)}, (
        f"问题应在 govcheck.yaml 第{line}行，实际：{describe(case)}"
    )


@then(parsers.re(r"报告设置文件第 (?P<number>\d+) 条豁免(?P<part>的检查项)?所在的行有误，说明包含“(?P<text>.+)”"))
def waiver_settings_error(case: Case, number: str, part: str | None, text: str) -> None:
    assert case.report is not None
    errors = [f["error"] for f in case.report["files"] if f["path"].endswith("govcheck.yaml") and f["error"]]
    assert len(errors) == 1, f"应报告一处设置文件错误：{case.report['files']}"
    index = str(int(number) - 1)
    line = key_lines(case.settings_text)[("waivers", index, "check")] if part else waiver_line(case, number)
    assert errors[0]["line"] == line, f"错误应在第{line}行：{errors[0]}"
    assert text in errors[0]["message"], errors[0]
    assert case.findings() == [], "设置文件有误时不应检查记录"


@then(parsers.re(r"报告设置文件中 (?P<key>\w+) 所在的行有误，说明包含“(?P<text>.+)”"))
def settings_key_error(case: Case, key: str, text: str) -> None:
    assert case.report is not None
    errors = [f["error"] for f in case.report["files"] if f["path"].endswith("govcheck.yaml") and f["error"]]
    assert len(errors) == 1, f"应报告一处设置文件错误：{case.report['files']}"
    line = key_lines(case.settings_text)[(key,)]
    assert errors[0]["line"] == line, f"错误应在第{line}行：{errors[0]}"
    assert text in errors[0]["message"], errors[0]
    assert case.findings() == [], "设置文件有误时不应检查记录"


@then("两次检查的结果完全相同")
def same_result(case: Case) -> None:
    assert len(case.runs) == 2, f"应运行两次，实际运行了 {len(case.runs)} 次"
    (code_a, report_a), (code_b, report_b) = case.runs
    assert code_a == code_b
    assert json.dumps(report_a, sort_keys=True) == json.dumps(report_b, sort_keys=True)


# --- 化整为零 ---


@then(parsers.re(rf"(?P<check>{CHECK_ID}) 报告在议题 (?P<items>.+) 上"))
def reported_on_items(case: Case, check: str, items: str) -> None:
    case.picked = [f for f in case.findings() if f["check"] == check]
    assert sorted(f["item"] for f in case.picked) == sorted(names(items)), f"实际报告：{describe(case)}"


@then(parsers.re(r"每个问题都在该议题记录中 (?P<key>\w+) 所在的行"))
def each_at_key(case: Case, key: str) -> None:
    assert case.picked, "前面没有选中的问题"
    for finding in case.picked:
        path = case.workdir / Path(finding["file"]).name
        line = key_lines(path.read_text(encoding="utf-8"))[("items", "0", key)]
        assert finding["line"] == line, f"{finding['file']} 的问题应在第{line}行（{key}）：{describe(case)}"


# ---------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------

scenarios(*FEATURES)


def test_catalogue_features_are_bound_only_here() -> None:
    """tests/test_features.py must leave these features to this module, or they would run twice."""
    import test_features

    assert set(FEATURES) <= set(test_features.OWN_STEPS), "在 tests/test_features.py 的 OWN_STEPS 中登记这些功能文件"
    assert all((REPO / "features" / name).is_file() for name in FEATURES)
