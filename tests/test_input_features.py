"""Step definitions for features/输入错误.feature: input mistakes made with a Chinese input method.

Bound here only (tests/test_features.py leaves the feature out through its OWN_STEPS). Each scenario
edits the text of a compliant example record (not a parsed copy, so that full-width punctuation reaches
the YAML reader as typed), runs the real CLI (``govcheck validate``, text output) and reads what the
user sees: the exit code, the line of each input error, its message and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from conftest import EXAMPLES, GOOD_RECORD, edit, line_of, output_of, run_cli

FEATURE = "输入错误.feature"


@dataclass
class Case:
    text: str = ""
    settings: str = field(default_factory=lambda: (EXAMPLES / "govcheck.yaml").read_text(encoding="utf-8"))
    code: int = -1
    shown: str = ""


@pytest.fixture
def case() -> Case:
    return Case()


@given("示例目录中的合规记录")
def _good(case: Case) -> None:
    case.text = GOOD_RECORD.read_text(encoding="utf-8")


@given(parsers.re(r"把“(?P<old>.+)”改成“(?P<new>.+)”$"))
def _edit(case: Case, old: str, new: str) -> None:
    case.text = edit(case.text, old, new.replace("\\n", "\n"))


@given(parsers.re(r"单位设置的名册中“(?P<old>\S+)”改名为“(?P<right>\S+)”，记录中写作“(?P<wrong>\S+)”"))
def _misspelt(case: Case, old: str, right: str, wrong: str) -> None:
    case.settings = case.settings.replace(old, right)
    case.text = case.text.replace(old, wrong)


@when("运行 govcheck 检查")
def _run(case: Case, tmp_path: Path) -> None:
    (tmp_path / "govcheck.yaml").write_text(case.settings, encoding="utf-8")
    (tmp_path / "minutes").mkdir()
    record = tmp_path / "minutes" / "r.yaml"
    record.write_text(case.text, encoding="utf-8")
    result = run_cli("validate", str(record))
    case.code, case.shown = result.exit_code, output_of(result)


@then(parsers.re(r"退出码为 (?P<code>\d)"))
def _exit_code(case: Case, code: str) -> None:
    assert case.code == int(code), case.shown


@then(parsers.re(r"在“(?P<needle>.+?)”所在的行报告输入错误“(?P<text>.+)”$"))
def _input_error(case: Case, needle: str, text: str) -> None:
    line = line_of(case.text, needle)
    errors = [x for x in case.shown.splitlines() if "输入错误 " in x and f"r.yaml:{line}: " in x]
    assert errors and any(text in x for x in errors), (line, case.shown)


@then(parsers.re(r"修改方法包含“(?P<text>.+)”$"))
def _hint(case: Case, text: str) -> None:
    hints = [x for x in case.shown.splitlines() if x.strip().startswith("修改方法：")]
    assert any(text in x for x in hints), case.shown


@then(parsers.re(r"问题说明包含“(?P<text>.+)”$"))
def _message(case: Case, text: str) -> None:
    assert text in case.shown, case.shown


scenarios(FEATURE)
