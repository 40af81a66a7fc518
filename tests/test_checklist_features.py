"""Step definitions for features/会前清单.feature: the real `govcheck checklist` on a unit's settings.

Each scenario writes a govcheck.yaml (a roster of N members in office since 2020, the principal among
them) into a temporary folder, runs the command there as a secretary would, and reads the printed
checklist: a step is the block from its □ line to the line naming its check ids and basis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import Result
from pytest_bdd import given, parsers, scenarios, then, when

from conftest import output_of, run_cli

NAMES = ("张三", "李四", "王五", "赵六", "钱七", "孙八", "吴九", "郑十", "冯甲", "陈乙", "褚丙")
FLAGS = {"列入重大行政决策事项目录": "--mad", "涉及经营者经济活动": "--affects-operators"}


@dataclass
class Plan:
    folder: Path
    result: Result | None = None
    settings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        assert self.result is not None, "no checklist was printed"
        return self.result.stdout

    def block(self, check: str) -> str:
        lines = self.text.splitlines()
        ends = [
            i for i, line in enumerate(lines) if "依据" in line and check in line.split("（")[0].strip().split("、")
        ]
        assert ends, f"{check} is not on the checklist:\n{self.text}"
        start = max(i for i in range(ends[0] + 1) if lines[i].lstrip().startswith("□"))
        return "\n".join(lines[start : ends[0] + 1])


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    return Plan(tmp_path)


@given(
    parsers.re(
        r"单位设置：班子成员 (?P<count>\d+) 人，主要负责人 (?P<principal>\S+)，"
        r"会议材料至少提前 (?P<days>\d+) 天送达"
    )
)
def unit_settings(plan: Plan, count: str, principal: str, days: str) -> None:
    members = [principal, *(n for n in NAMES if n != principal)][: int(count)]
    roster = "\n".join(f"  - {{name: {name}, from: 2020-01-01}}" for name in members)
    text = f"unit: 某区重点区域规划建设管理署\nprincipal: {principal}\nroster:\n{roster}\nnotice_days: {days}\n"
    (plan.folder / "govcheck.yaml").write_text(text, encoding="utf-8")


@when(parsers.re(r"为 (?P<date>\S+) 的会议列出会前清单：(?P<what>.+)"))
def list_checklist(plan: Plan, date: str, what: str) -> None:
    args = ["checklist", "--date", date]
    for part in what.split("，"):
        if part in FLAGS:
            args.append(FLAGS[part])
        elif part.startswith("金额 "):
            args += ["--amount", part.removeprefix("金额 ")]
        else:
            args += ["--category", part]
    plan.result = run_cli(*args, cwd=plan.folder)


@then(parsers.re(r"退出码为 (?P<code>\d+)"))
def exit_code(plan: Plan, code: str) -> None:
    assert plan.result is not None
    assert plan.result.exit_code == int(code), output_of(plan.result)


@then(parsers.re(r"清单的会议为“(?P<meeting>.+)”"))
def meeting_line(plan: Plan, meeting: str) -> None:
    assert f"会议：{meeting}\n" in plan.text


@then(parsers.re(r"(?P<check>[A-Z0-9-]+) 最迟 (?P<day>.+?) ?完成"))
def due_by(plan: Plan, check: str, day: str) -> None:
    assert f"□ 最迟 {day}：" in plan.block(check)


@then(parsers.re(r"(?P<check>[A-Z0-9-]+) 不早于 (?P<day>\S+)"))
def not_before(plan: Plan, check: str, day: str) -> None:
    assert f"□ 不早于 {day}：" in plan.block(check)


@then(parsers.re(r"(?P<check>[A-Z0-9-]+) 一项(?P<says>写明|没有写)“(?P<text>.+)”"))
def block_says(plan: Plan, check: str, says: str, text: str) -> None:
    assert (text in plan.block(check)) == (says == "写明"), plan.block(check)


@then(parsers.re(r"清单依次列出 (?P<listed>[A-Z0-9、-]+)"))
def listed_in_order(plan: Plan, listed: str) -> None:
    wanted = listed.split("、")
    lines = plan.text.splitlines()
    positions = [next(i for i, line in enumerate(lines) if "依据" in line and check in line) for check in wanted]
    assert positions == sorted(positions), plan.text


@then(parsers.re(r"清单没有 (?P<check>[A-Z0-9-]+) 一项"))
def not_listed(plan: Plan, check: str) -> None:
    assert check not in plan.text, plan.text


@then("清单不提示“注意”")
def no_attention(plan: Plan) -> None:
    assert "注意：" not in plan.text


scenarios("会前清单.feature")
