"""CLI habits users bring from yamllint, ruff, checkov and conftest (issue 11)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from cihelp import GOOD, QUORUM_BAD, REPO, cwd, make_corpus, run
from govcheck import __version__
from govcheck.cli import cli
from govcheck.clitext import chinese, columns, show_usage_error

SRC = REPO / "src"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "repo", GOOD, QUORUM_BAD)


def test_dash_capital_v_prints_the_version(tmp_path: Path) -> None:
    for flag in ("-V", "--version"):
        result = run(tmp_path, flag)
        assert result.exit_code == 0 and __version__ in result.stdout


def test_quiet_prints_the_findings_only(corpus: Path) -> None:
    loud = run(corpus, "validate", "minutes")
    quiet = run(corpus, "validate", "minutes", "-q")
    assert quiet.exit_code == loud.exit_code == 1
    assert "检查了" in loud.stdout and "检查了" not in quiet.stdout
    finding_lines = [line for line in loud.stdout.splitlines() if line.startswith("  ")]
    assert finding_lines and [line for line in quiet.stdout.splitlines() if line.startswith("  ")] == finding_lines
    clean = run(corpus, "validate", f"minutes/{GOOD}", "--quiet")
    assert clean.exit_code == 0 and clean.stdout == ""
    # Under GitHub Actions the default format is github: -q keeps its annotations, drops the summary.
    actions = {"GITHUB_ACTIONS": "true"}
    loud_ci, quiet_ci = (
        run(corpus, "validate", "minutes", env=actions),
        run(corpus, "validate", "minutes", "-q", env=actions),
    )
    assert quiet_ci.exit_code == loud_ci.exit_code == 1
    assert "检查了" in loud_ci.stdout and "检查了" not in quiet_ci.stdout
    assert (
        [line for line in quiet_ci.stdout.splitlines() if line.startswith("::error")]
        == [line for line in loud_ci.stdout.splitlines() if line.startswith("::error")]
        != []
    )
    assert run(corpus, "validate", f"minutes/{GOOD}", "-q", env=actions).stdout == ""


def test_github_format_is_the_default_under_github_actions(corpus: Path) -> None:
    summary = corpus / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run(corpus, "validate", "minutes", env=env)
    assert result.exit_code == 1
    assert result.stdout.count("::error file=minutes/") >= 1
    assert summary.is_file()  # the job summary, as with --format github
    assert result.stdout == run(corpus, "validate", "minutes", "--format", "github", env=env).stdout
    chosen = run(corpus, "validate", "minutes", "--format", "text", env=env)
    assert "::error" not in chosen.stdout and "\n  minutes/" in chosen.stdout  # an explicit --format wins
    elsewhere = run(corpus, "validate", "minutes", env={"GITHUB_ACTIONS": "false"})
    assert "::error" not in elsewhere.stdout


def test_rules_as_json(tmp_path: Path) -> None:
    result = run(tmp_path, "rules", "--format", "json")
    assert result.exit_code == 0
    rules = json.loads(result.stdout)["rules"]
    text = run(tmp_path, "rules").stdout.splitlines()
    assert [r["id"] for r in rules] == [line.split()[0] for line in text]
    quorum = next(r for r in rules if r["id"] == "TIOL-QUORUM")
    assert quorum["severity"] == "error" and quorum["pack"] == "tiol"
    assert quorum["title"]["zh"] and quorum["title"]["en"] and quorum["basis"]
    on_day = json.loads(run(tmp_path, "rules", "--format", "json", "--on", "2000-01-01").stdout)["rules"]
    assert len(on_day) < len(rules)  # --on filters the JSON too


def every_command(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += every_command(command, (*path, name))
        else:
            found.append((*path, name))
    return found


@pytest.mark.parametrize("command", every_command(cli), ids=lambda c: " ".join(c) or "govcheck")
def test_help_fits_80_columns(tmp_path: Path, command: tuple[str, ...]) -> None:
    result = run(tmp_path, *command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    wide = [line for line in result.stdout.splitlines() if columns(line) > 80]
    assert wide == []
    help_line = next(line for line in result.stdout.splitlines() if line.strip().startswith("-h, --help"))
    assert "显示本帮助 / show this message" in help_line  # Chinese first, as every other option
    assert columns("检查ab") == 6 and columns("“") == 2  # Chinese characters take two columns


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (("validate",), "错误：缺少参数 'PATHS...'", "Error: Missing argument 'PATHS...'."),
        (
            ("validate", "x", "--fromat", "json"),
            "错误：没有选项 --fromat，是不是 --format？",
            "Did you mean '--format'?",
        ),
        (("nope",), "错误：没有命令 nope", "Error: No such command 'nope'."),
        (("validate", "x", "--lang", "fr"), "的值“fr”无效，可选：'zh', 'en'", "is not one of 'zh', 'en'."),
        (("validate", "x", "-j", "0"), "超出范围", "0 is not in the range x>=1."),
        (("validate", "x", "-o"), "错误：选项 -o 后面需要一个值", "Option '-o' requires an argument."),
        (("report", "x"), "错误：缺少必填选项 '-o' / '--output'", "Missing option '-o' / '--output'."),
        (
            ("validat", "x"),
            "错误：没有命令 validat，是不是 validate？",
            "Error: No such command 'validat'. Did you mean",
        ),
        (("today's",), "错误：没有命令 today's", 'Error: No such command "today\'s".'),  # click's repr() quotes
        (("ledger", "exprt"), "错误：没有命令 exprt，是不是 export？", "Did you mean 'export'?"),
        (
            ("validate", "x", "--as-of", "2023-02-30"),
            "错误：'--as-of' 的值无效：“2023-02-30”不是真实存在的日期",
            "Error: Invalid value for '--as-of': '2023-02-30' is not a real date",  # English, not the Chinese again
        ),
        (
            ("validate", "x", "--encoding", "nope"),
            "错误：'--encoding' 的值无效：nope 不是可用于读取记录的文本编码",
            "Error: Invalid value for '--encoding': nope is not a text encoding",
        ),
    ],
)
def test_click_usage_errors_in_both_languages(tmp_path: Path, args: tuple[str, ...], zh: str, en: str) -> None:
    result = run(tmp_path, *args)
    assert result.exit_code == 2
    assert zh in result.stderr and en in result.stderr
    assert result.stderr.index("错误：") < result.stderr.index("Error:")  # Chinese first
    assert result.stdout == ""
    assert "查看帮助：" in result.stderr or "Usage:" not in result.stderr


def test_a_group_without_its_subcommand_shows_its_help(tmp_path: Path) -> None:
    result = run(tmp_path, "ledger")
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: ") and " ledger [OPTIONS] COMMAND" in result.stderr
    assert "template" in result.stderr
    assert "Error:" not in result.stderr  # click's help, not an error message wrapping it


def test_every_usage_error_has_a_chinese_line(tmp_path: Path) -> None:
    """Wordings no pattern knows still get a Chinese line before click's English."""
    assert chinese("Some wording click may add one day.") is None
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        show_usage_error(click.UsageError("Some wording click may add one day."))
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("错误：") and lines[1] == "Error: Some wording click may add one day."


def run_stdin(folder: Path, data: bytes, *args: str) -> Result:
    with cwd(folder):
        return CliRunner().invoke(cli, ["validate", "-", *args], input=data, catch_exceptions=False)


def test_dash_reads_one_record_from_stdin(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    record = (corpus / "minutes" / QUORUM_BAD).read_bytes()
    named = run_stdin(corpus, record, "--stdin-filename", f"minutes/{QUORUM_BAD}", "--format", "json")
    assert named.exit_code == 1
    document = json.loads(named.stdout)
    as_file = json.loads(run(corpus, "validate", f"minutes/{QUORUM_BAD}", "--format", "json").stdout)
    assert document["findings"] == as_file["findings"]  # the settings found from the name, findings at the name
    assert "REC-ROSTER-MISMATCH" in {f["check"] for f in document["findings"]}  # the roster of govcheck.yaml
    anonymous = run_stdin(corpus, record)
    assert anonymous.exit_code == 1 and "\n  -:12: " in anonymous.stdout
    broken = run_stdin(corpus, b"govcheck: 1\nunit: [\n", "--stdin-filename", "minutes/new.yaml")
    assert broken.exit_code == 2 and "minutes/new.yaml:3:" in broken.stdout
    assert not list((tmp_path / "temp").iterdir())  # the temporary copy is gone
    mixed = run(corpus, "validate", "-", "minutes")
    assert mixed.exit_code == 2 and "标准输入" in mixed.stderr
    stray = run(corpus, "validate", f"minutes/{QUORUM_BAD}", "--stdin-filename", "minutes/new.yaml")
    assert stray.exit_code == 2 and "--stdin-filename 只与 - 一起使用" in stray.stderr and stray.stdout == ""


def test_shell_completion_as_documented(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "_GOVCHECK_COMPLETE": "bash_complete",
        "COMP_WORDS": "govcheck validate --fo",
        "COMP_CWORD": "2",
    }
    done = subprocess.run(
        [sys.executable, "-m", "govcheck"], env=env, cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert "plain,--format" in done.stdout.splitlines()
    readme = (SRC.parent / "README.md").read_text(encoding="utf-8")
    assert "_GOVCHECK_COMPLETE=bash_source govcheck" in readme and "_GOVCHECK_COMPLETE=zsh_source" in readme
