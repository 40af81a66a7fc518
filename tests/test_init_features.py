"""Step definitions for features/单位设置.feature: `govcheck init` by options and at a terminal.

Bound here only (tests/test_features.py leaves the feature out through its OWN_STEPS). A terminal
is simulated by answering click's prompts with CliRunner input while govcheck believes stdin is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_bdd import parsers, scenarios, then, when

from conftest import REPO
from govcheck import cli
from govcheck.loading.settings import Settings, load_settings

FEATURE = "单位设置.feature"


@dataclass
class Init:
    folder: Path
    output: str = ""

    @property
    def path(self) -> Path:
        return self.folder / "govcheck.yaml"

    def settings(self) -> Settings:
        return load_settings(str(self.path))

    def comments(self) -> str:
        return "\n".join(
            line for line in self.path.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")
        )


@pytest.fixture
def init_case(tmp_path: Path) -> Init:
    return Init(tmp_path / "minutes")


def _run(case: Init, args: list[str], answers: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_interactive", lambda: answers is not None)
    result = CliRunner().invoke(cli.cli, ["init", str(case.folder), *args], input=answers or "", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    case.output = result.output


@when(parsers.re(r"运行 govcheck init(?P<options>.*)"))
def run_with_options(init_case: Init, options: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(init_case, options.split(), None, monkeypatch)


@when(parsers.re(r"在终端中运行 govcheck init，依次回答 (?P<answers>.+)"))
def run_at_a_terminal(init_case: Init, answers: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(init_case, [], "".join(f"{a.strip()}\n" for a in answers.split("、")), monkeypatch)


@then(parsers.re(r"设置文件中单位类型为 (?P<kind>\w+)"))
def unit_kind_is(init_case: Init, kind: str) -> None:
    assert init_case.settings().unit_kind == kind


@then(parsers.re(r"重大行政决策的会议类型为 (?P<forums>.+)"))
def mad_forums_are(init_case: Init, forums: str) -> None:
    assert init_case.settings().mad_forums == tuple(forums.split("、"))


@then(parsers.re(r"启用的规则包(?P<negated>不)?包含 (?P<pack>\w+)"))
def packs_contain(init_case: Init, negated: str | None, pack: str) -> None:
    assert (pack in init_case.settings().packs) is not bool(negated)


@then(parsers.re(r"设置文件的注释包含“(?P<text>.+)”"))
def comments_contain(init_case: Init, text: str) -> None:
    assert text in init_case.comments()


@then(parsers.re(r"提问中(?P<negated>不)?包含“(?P<text>.+)”"))
def asked(init_case: Init, negated: str | None, text: str) -> None:
    assert (text in init_case.output) is not bool(negated), init_case.output


scenarios(FEATURE)


def test_the_feature_is_bound_only_here() -> None:
    import test_features

    assert FEATURE in test_features.OWN_STEPS and (REPO / "features" / FEATURE).is_file()
