"""CLI habits users bring from yamllint, ruff, checkov and conftest (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cihelp import GOOD, QUORUM_BAD, make_corpus, run
from govcheck import __version__


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
