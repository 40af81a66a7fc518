"""examples/ci: the templates run exactly the govcheck commands tested here, on the bundled examples."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from junitparser import JUnitXml

from cihelp import DATA, EXAMPLES, REPO, example_failing_items, example_finding_count, run

CI = EXAMPLES / "ci"


def load(name: str) -> Any:
    return yaml.safe_load((CI / name).read_text(encoding="utf-8"))


def govcheck_commands(lines: list[str]) -> list[list[str]]:
    return [shlex.split(line)[1:] for line in lines if line.startswith("govcheck ")]


@pytest.fixture
def minutes_repo(tmp_path: Path) -> Path:
    """A minutes repository laid out as the templates expect: govcheck.yaml and minutes/ at the root."""
    root = tmp_path / "minutes-repo"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("ci", "README.md"))
    (root / ".git").mkdir()
    return root


def option(args: list[str], prefix: str) -> str:
    return next(v.removeprefix(prefix) for k, v in pairwise(args) if k == "-o" and v.startswith(prefix))


def test_github_workflow(minutes_repo: Path, tmp_path: Path) -> None:
    workflow = load("github-actions.yml")
    steps = workflow["jobs"]["govcheck"]["steps"]
    commands = govcheck_commands([s["run"] for s in steps if "run" in s])
    assert len(commands) == 1
    args = commands[0]
    summary = tmp_path / "summary.md"
    result = run(minutes_repo, *args, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1  # the examples break rules on purpose: the job fails
    assert result.stdout.count("::error file=minutes/") == example_finding_count("error")
    assert "### govcheck：" in summary.read_text(encoding="utf-8")

    sarif_path = option(args, "sarif:")
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == sarif_path
    assert "!cancelled()" in upload["if"]  # uploads even though govcheck exited 1
    assert workflow["jobs"]["govcheck"]["permissions"]["security-events"] == "write"
    assert workflow["permissions"] == {}  # least privilege: only the job holds write access
    document = json.loads((minutes_repo / sarif_path).read_text(encoding="utf-8"))
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert (
        list(jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(document)) == []
    )
    artifact = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    for path in artifact["with"]["path"].split():
        assert (minutes_repo / path).is_file()


def test_gitlab_job(minutes_repo: Path) -> None:
    job = load("gitlab-ci.yml")["govcheck"]
    commands = govcheck_commands(job["script"])
    assert len(commands) == 1
    result = run(minutes_repo, *commands[0])
    assert result.exit_code == 1
    assert "检查了 18 个文件" in result.stdout
    report = job["artifacts"]["reports"]["junit"]
    assert job["artifacts"]["when"] == "always"
    xml = JUnitXml.fromfile(str(minutes_repo / report))
    assert xml.failures == example_failing_items() and len(list(xml)) == 18  # a failing case per item with findings


def pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_pre_commit_files_are_valid() -> None:
    manifest = pre_commit("validate-manifest", ".pre-commit-hooks.yaml")
    assert manifest.returncode == 0, manifest.stdout
    config = pre_commit("validate-config", str(CI / "pre-commit-config.yaml"))
    assert config.returncode == 0, config.stdout
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == [h["id"] for h in load("pre-commit-config.yaml")["repos"][0]["hooks"]]
    assert hooks[0]["entry"] == "govcheck hook" and hooks[0]["require_serial"] is True


def test_templates_are_not_taken_for_records() -> None:
    result = run(EXAMPLES.parent, "validate", "examples/", "--format", "json")
    assert not [f for f in json.loads(result.stdout)["files"] if f["path"].startswith("examples/ci/")]


def test_templates_are_hardened_and_cached() -> None:
    """What actionlint, zizmor and GitHub's own advice ask of a workflow (issue 11)."""
    job = load("github-actions.yml")["jobs"]["govcheck"]
    assert 0 < job["timeout-minutes"] <= 30
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    # setup-python's pip cache needs a file to key on; a minutes repository has no requirements.txt
    assert python["with"]["cache"] == "pip"
    assert python["with"]["cache-dependency-path"] == ".github/workflows/govcheck.yml"
    assert ".github/workflows/govcheck.yml" in (CI / "github-actions.yml").read_text(encoding="utf-8").split("\n")[0]
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["continue-on-error"] is True  # private repositories without code scanning
    assert "私有仓库" in (CI / "github-actions.yml").read_text(encoding="utf-8")
    gitlab = load("gitlab-ci.yml")["govcheck"]
    assert gitlab["timeout"] and gitlab["cache"]["paths"] == [".cache/pip"]
    assert gitlab["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"


@pytest.mark.parametrize(
    ("path", "hooked"),
    [
        ("minutes/2024-01-12-party-group.yaml", True),
        ("minutes/2024/a.yml", True),
        ("govcheck.yaml", True),
        (".github/workflows/govcheck.yml", False),
        (".pre-commit-config.yaml", False),
        ("docs/other.yaml", False),
        ("minutes/.hidden.yaml", False),
    ],
)
def test_the_hook_runs_on_records_and_on_the_settings_file(path: str, hooked: bool) -> None:
    """pre-commit runs a hook on a file matching ``files``, not ``exclude`` (manifest and sample both)."""
    manifest = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    sample = load("pre-commit-config.yaml")["repos"][0]["hooks"][0]
    runs = (
        re.search(sample["files"], path) is not None
        and re.search(manifest["exclude"], path) is None
        and path.endswith((".yaml", ".yml"))
    )
    assert runs == hooked
