"""`govcheck checklist`: the steps a planned item needs, with dates on the official calendar.

Working-day dates are checked against chinese-calendar directly (not through govcheck's own
working-day code), and the expected dates are written out by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import chinese_calendar
import pytest

from conftest import EXAMPLES, output_of, run_cli
from govcheck.errors import InputProblems
from govcheck.loading.settings import Settings, load_settings
from govcheck.planning.checklist import Checklist, PlanRequest, Step, build_checklist
from govcheck.planning.command import ChecklistArgs, parse_args
from govcheck.rulebook.loader import load_rule_file, load_rules

D = dt.date
SETTINGS = str(EXAMPLES / "govcheck.yaml")


def example_settings() -> Settings:
    return load_settings(SETTINGS)


def plan(
    day: D,
    *categories: str,
    mad: bool = False,
    operators: bool = False,
    amount: int | None = 12_000_000,
    settings: Settings | None = None,
    meeting_type: str | None = None,
) -> Checklist:
    request = PlanRequest(categories or ("major_project",), day, amount, mad, operators, meeting_type)
    return build_checklist(request, settings or example_settings(), load_rules())


def step(checklist: Checklist, check: str) -> Step:
    found = [s for s in checklist.steps if check in s.checks]
    assert len(found) == 1, f"{check}: {[s.checks for s in checklist.steps]}"
    return found[0]


def due(checklist: Checklist, check: str) -> D:
    found = step(checklist, check).due
    assert found is not None, check
    return found.day


def checks(checklist: Checklist) -> set[str]:
    return {check for s in checklist.steps for check in s.checks}


def official_workdays(after: D, until: D) -> list[D]:
    """Working days after ``after`` up to and including ``until``, straight from chinese-calendar."""
    days = (after + dt.timedelta(days=n) for n in range(1, (until - after).days + 1))
    return [day for day in days if chinese_calendar.is_workday(day)]


# ---------------------------------------------------------------- dates


def test_a_normal_mad_meeting_has_every_step_on_its_date() -> None:
    checklist = plan(D(2025, 6, 20), mad=True)
    assert checklist.meeting_type == "standing"  # the first MAD forum
    # (1.1) the sender leaves the reviewer 7 working days from the next day to the day before the meeting
    assert due(checklist, "MAD-LEGALITY-7WD") == D(2025, 6, 10)
    assert official_workdays(D(2025, 6, 10), D(2025, 6, 19)) == [
        D(2025, 6, 11),
        D(2025, 6, 12),
        D(2025, 6, 13),
        D(2025, 6, 16),
        D(2025, 6, 17),
        D(2025, 6, 18),
        D(2025, 6, 19),
    ]
    # public participation, expert review and risk assessment are done before the draft is sent
    assert due(checklist, "MAD-PUBLIC-PARTICIPATION") == D(2025, 6, 10)
    assert due(checklist, "MAD-EXPERT-REVIEW") == due(checklist, "MAD-RISK-ASSESSMENT") == D(2025, 6, 10)
    # the 30-day public comment (the first day not counted) ends by then
    assert due(checklist, "MAD-PUBLIC-COMMENT-30D") == D(2025, 5, 11)
    assert step(checklist, "MAD-PUBLIC-PARTICIPATION") is not step(checklist, "MAD-PUBLIC-COMMENT-30D")
    assert due(checklist, "MAD-LEGALITY-BEFORE-DISCUSSION") == D(2025, 6, 20)
    assert due(checklist, "TIOL-MATERIALS-ADVANCE") == D(2025, 6, 19)  # notice_days: 1
    assert due(checklist, "MAD-PUBLISH") == D(2025, 7, 18)
    assert len(official_workdays(D(2025, 6, 20), D(2025, 7, 18))) == 20
    assert chinese_calendar.is_workday(D(2025, 7, 18))
    executed = step(checklist, "TIOL-EXECUTED-BEFORE-DECISION")
    assert executed.stage == "after" and executed.not_before is not None
    assert executed.not_before.day == D(2025, 6, 20)
    at_meeting = {check for s in checklist.steps if s.stage == "at" for check in s.checks}
    assert {
        "TIOL-QUORUM",
        "TIOL-EACH-OPINION",
        "TIOL-PRINCIPAL-LAST",
        "TIOL-RECUSAL",
        "TIOL-MINUTES",
        "MAD-COLLECTIVE-MEETING",
        "MAD-HEAD-DEPARTURE-REASON",
    } <= at_meeting
    # (1.1) a 常务会议 works under 行政首长负责制: no vote is required for a non-personnel item
    assert not {"TIOL-VOTE-RECORDED", "TIOL-PASS-MAJORITY"} & checks(checklist)
    assert {"TIOL-ARCHIVE", "MAD-ARCHIVE"} <= checks(checklist)


MAD_ORDER = (
    "MAD-PUBLIC-COMMENT-30D",  # 公众参与: the comment period opens …
    "MAD-PUBLIC-PARTICIPATION",  # … and ends, comments weighed
    "MAD-EXPERT-REVIEW",  # 专家论证
    "MAD-RISK-ASSESSMENT",  # 风险评估
    "MAD-LEGALITY-7WD",  # 合法性审查: sent with 7 working days to spare
    "MAD-LEGALITY-BEFORE-DISCUSSION",  # … and completed before the meeting
    "MAD-COLLECTIVE-MEETING",  # 集体讨论决定
)


@pytest.mark.parametrize("day", [D(2025, 6, 20), D(2025, 10, 9), D(2024, 2, 19), D(2027, 3, 10)])
def test_the_mad_steps_follow_the_order_of_the_regulation(day: D) -> None:
    """公众参与 → 专家论证 → 风险评估 → 合法性审查 → 集体讨论决定, with no step due after the one it feeds."""
    checklist = plan(day, mad=True)
    listed = [check for s in checklist.steps for check in s.checks if check in MAD_ORDER]
    assert listed == list(MAD_ORDER)
    dates = [due(checklist, check) for check in MAD_ORDER[:-1]]
    assert dates == sorted(dates)
    # the public comment ends when the draft is sent, 30 days after it opened (the first day not counted)
    comment_end = due(checklist, "MAD-PUBLIC-PARTICIPATION")
    assert (comment_end - due(checklist, "MAD-PUBLIC-COMMENT-30D")).days == 30
    assert comment_end == due(checklist, "MAD-LEGALITY-7WD") < day


def test_the_planned_mad_record_passes_every_rule_it_plans() -> None:
    """The plan's own dates satisfy the rules: a record written to the checklist is clean."""
    for day in (D(2025, 6, 20), D(2025, 10, 9), D(2024, 2, 19)):
        checklist = plan(day, mad=True)
        assert checklist.attention == [], (day, checklist.attention)


def test_the_meeting_right_after_national_day_2025() -> None:
    # 2025: 10-01 … 10-08 off (National Day and Mid-autumn); Sunday 09-28 and Saturday 10-11 are make-up workdays.
    checklist = plan(D(2025, 10, 9), mad=True)
    assert due(checklist, "TIOL-MATERIALS-ADVANCE") == D(2025, 10, 8)  # calendar days, as the rule counts
    assert not chinese_calendar.is_workday(D(2025, 10, 8))
    assert due(checklist, "MAD-LEGALITY-7WD") == D(2025, 9, 22)
    assert official_workdays(D(2025, 9, 22), D(2025, 10, 8)) == [
        D(2025, 9, 23),
        D(2025, 9, 24),
        D(2025, 9, 25),
        D(2025, 9, 26),
        D(2025, 9, 28),
        D(2025, 9, 29),
        D(2025, 9, 30),
    ]
    assert due(checklist, "MAD-PUBLIC-PARTICIPATION") == D(2025, 9, 22)
    assert due(checklist, "MAD-PUBLIC-COMMENT-30D") == D(2025, 8, 23)
    assert due(checklist, "MAD-PUBLISH") == D(2025, 11, 5)
    assert D(2025, 10, 11) in official_workdays(D(2025, 10, 9), D(2025, 11, 5))
    assert len(official_workdays(D(2025, 10, 9), D(2025, 11, 5))) == 20


def test_the_national_day_checklist_tells_the_secretary_about_the_holiday() -> None:
    result = run_cli(
        "checklist",
        "--category",
        "major_project",
        "--amount",
        "1200万",
        "--date",
        "2025-10-09",
        "--mad",
        "--config",
        SETTINGS,
    )
    assert result.exit_code == 0, output_of(result)
    text = result.stdout
    materials = _block(text, "TIOL-MATERIALS-ADVANCE")
    assert "最迟 2025-10-08（周三，国庆节假期）" in materials
    assert "此前最后一个工作日是 2025-09-30（周二）" in materials
    legality = _block(text, "MAD-LEGALITY-7WD")
    assert "最迟 2025-09-22（周一）" in legality
    assert "2025-10-01至2025-10-08放假（国庆节、中秋节）" in legality
    assert "2025-09-28（周日）调休上班" in legality
    assert "2025-10-11（周六）调休上班" in _block(text, "MAD-PUBLISH")


def _block(text: str, check: str) -> str:
    """The lines of the step naming ``check``: from its □ line to the line with its check id."""
    lines = text.splitlines()
    end = next(i for i, line in enumerate(lines) if check in line and "依据" in line)
    start = max(i for i in range(end + 1) if lines[i].lstrip().startswith("□"))
    return "\n".join(lines[start : end + 1])


def test_a_deadline_on_a_weekend_names_the_working_day_before() -> None:
    text = run_cli("checklist", "--category", "major_project", "--date", "2025-06-23", "--config", SETTINGS).stdout
    block = _block(text, "TIOL-MATERIALS-ADVANCE")
    assert "最迟 2025-06-22（周日）" in block and "此前最后一个工作日是 2025-06-20（周五）" in block


def test_a_year_the_calendar_does_not_know_is_named() -> None:
    checklist = plan(D(2027, 3, 10), mad=True)
    publish = step(checklist, "MAD-PUBLISH").due
    assert publish is not None and publish.unknown_years == (2027,)
    text = run_cli(
        "checklist", "--category", "major_project", "--date", "2027-03-10", "--mad", "--config", SETTINGS
    ).stdout
    assert "2027年的法定节假日和调休安排不在 govcheck 所用的官方日历中" in text
    assert "2027年不在官方日历中，此日期按周一至周五推算" in _block(text, "MAD-LEGALITY-7WD")


# ---------------------------------------------------------------- which checks apply


def test_without_mad_no_mad_step_and_the_first_collective_forum() -> None:
    checklist = plan(D(2025, 6, 20), "major_project", "large_fund", "major_decision")
    assert checklist.meeting_type == "party_group"
    assert not any(check.startswith("MAD-") for check in checks(checklist))
    # the legality pack stands in for MAD-LEGALITY-* on a non-MAD item
    assert {"LEG-COUNSEL-MAJOR-MATTER", "LEG-REVIEW-AFTER-DECISION", "TIOL-PRIOR-CONSULTATION"} <= checks(checklist)
    assert checklist.attention == []


def test_with_mad_the_legality_pack_stands_aside() -> None:
    checklist = plan(D(2025, 6, 20), "major_project", "large_fund", "major_decision", mad=True)
    assert "MAD-LEGALITY-BEFORE-DISCUSSION" in checks(checklist)
    assert not any(check.startswith("LEG-") for check in checks(checklist))


def test_mad_rules_do_not_apply_before_the_regulation() -> None:
    checklist = plan(D(2019, 8, 31), mad=True)
    assert not any(check.startswith("MAD-") for check in checks(checklist))
    assert "LEG-REVIEW-AFTER-DECISION" in checks(checklist)
    assert any(check.startswith("MAD-") for check in checks(plan(D(2019, 9, 1), mad=True)))


@pytest.mark.parametrize(
    ("day", "cited", "not_cited"),
    [
        (D(2024, 7, 31), "国发〔2016〕34号", "国务院令第783号"),
        (D(2024, 8, 1), "国务院令第783号", "国发〔2016〕34号"),
    ],
)
def test_fair_competition_cites_the_instrument_in_force(day: D, cited: str, not_cited: str) -> None:
    checklist = plan(day, operators=True)
    review = step(checklist, "FCR-REVIEW-REQUIRED")
    assert "FCR-BEFORE-ISSUE" in review.checks
    basis = " ".join(b for s in checklist.steps if any(c.startswith("FCR-") for c in s.checks) for b in s.basis)
    assert cited in basis and not_cited not in basis
    stakeholders = step(checklist, "FCR-STAKEHOLDERS")
    assert stakeholders.severity == ("error" if day >= D(2024, 8, 1) else "warning")
    exception = step(checklist, "FCR-EXCEPTION-JUSTIFIED").text.zh
    assert "实施期限" in exception  # (1.1) at every date: 34号 already asked for it
    assert ("终止条件" in exception) == (day >= D(2024, 8, 1))
    assert ("或者向社会公开征求意见" in stakeholders.text.zh) == (day < D(2024, 8, 1))


def test_no_fair_competition_steps_before_the_units_start() -> None:
    """(1.1) From fair_competition_from (default 2016-07-01), no longer from 2016-06-14."""
    assert not any(c.startswith("FCR-") for c in checks(plan(D(2016, 6, 30), operators=True)))
    assert "FCR-REVIEW-REQUIRED" in checks(plan(D(2016, 7, 1), operators=True))
    assert not any(c.startswith("FCR-") for c in checks(plan(D(2025, 6, 20))))  # not an FCR item


def test_the_fair_competition_citation_on_the_command_line() -> None:
    before = run_cli("checklist", "--category", "policy_measure", "--date", "2024-07-31", "--config", SETTINGS).stdout
    after = run_cli("checklist", "--category", "政策措施", "--date", "2024年8月1日", "--config", SETTINGS).stdout
    assert "国发〔2016〕34号" in _block(before, "FCR-STAKEHOLDERS")
    assert "国务院令第783号" in _block(after, "FCR-STAKEHOLDERS")
    assert "国务院令第783号" not in before and "国发〔2016〕34号" not in after


def test_every_plan_step_is_reachable() -> None:
    """A plan: section that no planned item ever shows would be a dead letter."""
    settings = example_settings()
    seen = checks(
        plan(
            D(2025, 6, 20),
            "major_project",
            "large_fund",
            "major_decision",
            "personnel",
            "procurement",
            amount=50_000_000,
            mad=True,
            operators=True,
            settings=settings,
        )
    )
    seen |= checks(
        plan(
            D(2025, 6, 20),
            "normative_document",
            "contract",
            "major_decision",
            "personnel",
            operators=True,
            settings=settings,
        )
    )
    with_plan = {rule.id for rule in load_rules() if rule.plan is not None}
    assert with_plan - seen == set()


def test_a_compliant_plan_fails_only_on_what_the_user_asked_for() -> None:
    checklist = plan(D(2025, 6, 20), "contract")  # 1200万 ≥ the unit's 50万, but no TIOL category
    assert [a.check for a in checklist.attention] == ["TIOL-SCOPE"]
    tagged = plan(D(2025, 6, 20), "major_project")  # (1.1) already a TIOL item by its category: not flagged
    assert [a.check for a in tagged.attention] == []
    wrong_forum = plan(D(2025, 6, 20), "major_project", "large_fund", mad=True, meeting_type="party_group")
    assert [a.check for a in wrong_forum.attention] == ["MAD-COLLECTIVE-MEETING"]
    circulated = plan(D(2025, 6, 20), "major_project", "large_fund", meeting_type="circulation")
    assert "TIOL-COLLECTIVE" in [a.check for a in circulated.attention]


def test_procurement_above_the_open_tender_threshold() -> None:
    text = run_cli(
        "checklist", "--category", "采购,大额资金", "--amount", "500万元", "--date", "2025-06-20", "--config", SETTINGS
    ).stdout
    assert "采购金额500万元达到公开招标数额标准400万元：采用公开招标" in _block(text, "PROC-OPEN-TENDER")
    below = run_cli(
        "checklist", "--category", "procurement", "--amount", "300万", "--date", "2025-06-20", "--config", SETTINGS
    ).stdout
    assert "PROC-OPEN-TENDER" not in below


# ---------------------------------------------------------------- numbers from the roster


ROSTER = """\
unit: 测试单位
principal:
  - {name: 王五, from: 2019-01-01, to: 2024-12-31}
  - {name: 张三, from: 2025-01-01}
roster:
  - {name: 张三, from: 2021-01-01}
  - {name: 李四, from: 2021-01-01}
  - {name: 王五, from: 2019-01-01, to: 2024-12-31}
  - {name: 赵六, from: 2021-01-01}
  - {name: 钱七, from: 2021-01-01}
  - {name: 孙八, from: 2021-01-01}
  - {name: 吴九, from: 2021-01-01}
  - {name: 郑十, from: 2025-01-01}
  - {name: 冯甲, from: 2025-07-01}
"""


def test_personnel_quorum_numbers_come_from_the_roster_on_the_date(tmp_path: Path) -> None:
    (tmp_path / "govcheck.yaml").write_text(ROSTER, encoding="utf-8")
    result = run_cli("checklist", "--category", "personnel", "--date", "2025-06-20", cwd=tmp_path)
    assert result.exit_code == 0, output_of(result)
    text = result.stdout
    assert "应到会成员7人（张三、李四、赵六、钱七、孙八、吴九、郑十，按班子名册）；主要负责人张三" in text
    assert "应到7人，至少4人到会" in _block(text, "TIOL-QUORUM（")
    assert "应到7人，至少5人到会" in _block(text, "TIOL-QUORUM-PERSONNEL")  # ⌈7 × 2/3⌉
    assert "至少4票赞成（按应到7人计" in _block(text, "TIOL-PASS-MAJORITY")
    assert "主要负责人张三在其他成员之后最后表态" in _block(text, "TIOL-PRINCIPAL-LAST")
    assert "干部任免一律表决" in _block(text, "TIOL-VOTE-RECORDED")
    (tmp_path / "govcheck.yaml").write_text(ROSTER + "quorum: more_than_half\n", encoding="utf-8")
    strict = run_cli("checklist", "--category", "personnel", "--date", "2025-06-20", cwd=tmp_path).stdout
    assert "过半数成员到会：应到7人，至少4人到会" in _block(strict, "TIOL-QUORUM（")
    (tmp_path / "govcheck.yaml").write_text(
        ROSTER.replace("  - {name: 冯甲, from: 2025-07-01}\n", "  - {name: 冯甲, from: 2025-06-01}\n")
        + "quorum: more_than_half\n",
        encoding="utf-8",
    )
    even = run_cli("checklist", "--category", "personnel", "--date", "2025-06-20", cwd=tmp_path).stdout
    assert "过半数成员到会：应到8人，至少5人到会" in _block(even, "TIOL-QUORUM（")  # 4 of 8 is not more than half
    (tmp_path / "govcheck.yaml").write_text(
        ROSTER.replace("  - {name: 冯甲, from: 2025-07-01}\n", "  - {name: 冯甲, from: 2025-06-01}\n"), encoding="utf-8"
    )
    half = run_cli("checklist", "--category", "personnel", "--date", "2025-06-20", cwd=tmp_path).stdout
    assert "半数以上成员到会：应到8人，至少4人到会" in _block(half, "TIOL-QUORUM（")  # 「半数以上」 includes half
    (tmp_path / "govcheck.yaml").write_text(ROSTER, encoding="utf-8")
    earlier = run_cli("checklist", "--category", "干部任免", "--date", "2024-06-20", cwd=tmp_path).stdout
    assert "应到7人，至少5人到会" in earlier and "主要负责人王五" in earlier


def test_settings_are_found_in_a_parent_folder(tmp_path: Path) -> None:
    (tmp_path / "govcheck.yaml").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "minutes").mkdir()
    text = run_cli("checklist", "--category", "personnel", "--date", "2025-06-20", cwd=tmp_path / "minutes").stdout
    assert "应到会成员7人" in text


def test_without_a_roster_the_numbers_are_not_invented(tmp_path: Path) -> None:
    result = run_cli("checklist", "--category", "personnel", "--date", "2025-06-20", cwd=tmp_path)
    assert result.exit_code == 0, output_of(result)
    assert "没有找到单位设置文件" in result.stdout
    assert "半数以上应到会成员到会（含半数，列席人员不计入）" in _block(result.stdout, "TIOL-QUORUM（")
    assert "至少" not in _block(result.stdout, "TIOL-QUORUM-PERSONNEL")


# ---------------------------------------------------------------- arguments


@pytest.mark.parametrize("amount", ["1200万", "1200万元", "0.12亿元", "12,000,000元", "12000000", "１２００万"])
def test_amounts_in_every_spelling_records_accept(amount: str) -> None:
    request = parse_args(ChecklistArgs(("major_project",), "2025-06-20", amount))
    assert request.amount == 12_000_000


def test_categories_repeat_or_separate_with_commas_in_either_language() -> None:
    request = parse_args(ChecklistArgs(("重大项目安排，large_fund", "干部任免"), "2025年6月20日"))
    assert request.categories == ("major_project", "large_fund", "personnel")
    assert request.date == D(2025, 6, 20)
    assert (
        parse_args(ChecklistArgs(("major_project",), "2025-06-20", meeting_type="署务会")).meeting_type == "executive"
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--category", "major_projects", "--date", "2025-06-20"], "--category：“major_projects”不是允许的值"),
        (["--category", "major_project", "--date", "2025-02-30"], "--date：“2025-02-30”不是真实存在的日期"),
        (["--category", "major_project", "--date", "6/20/2025"], "--date：“6/20/2025”不是日期"),
        (
            ["--category", "major_project", "--date", "2025-06-20", "--amount", "1200万美元"],
            "--amount：“1200万美元”不是金额",
        ),
        (["--category", "major_project", "--date", "2025-06-20", "--type", "碰头会"], "--type：“碰头会”不是允许的值"),
        (["--category", "major_project"], "缺少 --date"),
        (["--date", "2025-06-20"], "缺少 --category"),
        (["--category", "major_project", "--date", "2025-06-20", "--config", "nowhere.yaml"], "找不到设置文件"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args: list[str], says: str) -> None:
    result = run_cli("checklist", *args)
    assert result.exit_code == 2
    assert says in output_of(result)
    assert "修改方法" in output_of(result)
    assert result.stdout == ""


def test_bad_arguments_in_english() -> None:
    result = run_cli("checklist", "--category", "foo", "--date", "2025-06-20", "--lang", "en")
    assert result.exit_code == 2
    assert "error: --category: 'foo' is not an allowed value" in output_of(result)


def test_a_broken_settings_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "govcheck.yaml").write_text("notice_days: soon\nseverity: {NO-SUCH-CHECK: error}\n", encoding="utf-8")
    result = run_cli("checklist", "--category", "personnel", "--date", "2025-06-20", cwd=tmp_path)
    assert result.exit_code == 2
    assert "govcheck.yaml:1" in output_of(result)


def test_the_installed_command_shows_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("GOVCHECK_LANG", None)
    for args in (
        ["--category", "nonsense", "--date", "2025-06-20"],
        ["--category", "major_project", "--date", "x"],
        ["--category", "major_project", "--date", "2025-06-20", "--amount", "很多"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "govcheck", "checklist", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert done.returncode == 2
        assert "Traceback" not in done.stderr and "错误：" in done.stderr


def test_english_output() -> None:
    result = run_cli(
        "checklist",
        "--category",
        "major_project",
        "--amount",
        "1200万",
        "--date",
        "2025-10-09",
        "--mad",
        "--config",
        SETTINGS,
        "--lang",
        "en",
    )
    assert result.exit_code == 0
    assert "Before the meeting" in result.stdout
    assert "by 2025-10-08 (Wed, National Day holiday)" in result.stdout
    assert "the last working day before it is 2025-09-30 (Tue)" in result.stdout


# ---------------------------------------------------------------- the plan: section of rule files


RULE = EXAMPLES.parent / "rules" / "tiol" / "TIOL-MATERIALS-ADVANCE.yaml"


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("  stage: before\n", "  stage: soon\n", "plan.stage"),
        ("  due: meeting - notice_days days\n", "  due: meeting - a week\n", "plan.due"),
        ("  due: meeting - notice_days days\n", "  due: meeting - quorum days\n", "plan.due"),
        ("  order: 11\n", "  order: 11\n  when: later\n", "unknown plan key when"),
        ("  stage: before\n", "  stage: at\n", "stage: at"),
        ("（会前至少{notice_days}天", "（会前至少{notice_dayz}天", "{notice_dayz}"),
    ],
)
def test_the_loader_checks_plan_sections(tmp_path: Path, old: str, new: str, says: str) -> None:
    text = RULE.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / RULE.name
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputProblems) as problems:
        load_rule_file(str(broken))
    assert any(says in e.message.en or says in e.message.zh for e in problems.value.errors), problems.value.errors


def test_plan_dates_parse() -> None:
    from govcheck.rulebook.plan import Due, PlanError, parse_due

    assert parse_due("meeting") == Due()
    assert parse_due("meeting - 30 days") == Due(-1, 30)
    assert parse_due("meeting  -  7 working days") == Due(-1, 7, None, True)
    assert parse_due("meeting - notice_days days") == Due(-1, 0, "notice_days")
    assert parse_due("meeting + 20 working days").text() == "meeting + 20 working days"
    # offsets chain left to right: 30 calendar days before the 8th working day before the meeting
    chained = parse_due("meeting - 8 working days - 30 days")
    assert chained == Due(-1, 8, None, True, Due(-1, 30))
    assert chained.text() == "meeting - 8 working days - 30 days" and chained.counts_working_days
    with pytest.raises(PlanError):
        parse_due("meeting - 1 week")
    with pytest.raises(PlanError):
        parse_due("meeting - 8 working days - 1 week")
    with pytest.raises(PlanError):
        parse_due(30)


def test_a_county_start_moves_the_fair_competition_steps() -> None:
    county = replace(example_settings(), fair_competition_from=D(2017, 3, 1))
    assert not any(c.startswith("FCR-") for c in checks(plan(D(2017, 2, 28), operators=True, settings=county)))
    assert "FCR-REVIEW-REQUIRED" in checks(plan(D(2017, 3, 1), operators=True, settings=county))
