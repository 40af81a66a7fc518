"""Issue 8: engine choice (--engine auto|durable|plain) and consoles that are not UTF-8."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import EXAMPLES, REPO, run_cli
from govcheck import engine


def _unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    engine.durable_problem.cache_clear()
    monkeypatch.setattr(engine, "durable_problem", lambda: "ImportError: undefined symbol: PyEval_CallObject")


def test_auto_falls_back_to_plain_with_the_same_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    with_plain = run_cli("validate", "--format", "json", "--engine", "plain", str(EXAMPLES))
    _unavailable(monkeypatch)
    auto = run_cli("validate", "--format", "json", str(EXAMPLES))
    assert auto.exit_code == with_plain.exit_code == 1
    document = json.loads(auto.stdout)
    assert document["tool"]["engine"] == "plain"
    assert document["findings"] == json.loads(with_plain.stdout)["findings"]
    assert "plain" not in (auto.stderr or "")  # machine formats: no note on stderr
    text = run_cli("validate", str(EXAMPLES))
    assert text.exit_code == 1
    assert "使用 plain 引擎" in text.stderr and "PyEval_CallObject" in text.stderr


@pytest.mark.parametrize(
    "command", [["validate"], ["validate", "--format", "json"], ["report", "-o", "-"], ["baseline"]]
)
def test_durable_asked_for_but_missing_is_a_usage_error_not_internal(
    monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    _unavailable(monkeypatch)
    result = run_cli(*command, "--engine", "durable", str(EXAMPLES))
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing checked, nothing written: not a run with a file called --engine
    zh = "错误：'--engine' 的值无效：durable-rules 引擎不可用（ImportError: undefined symbol: PyEval_CallObject）"
    en = "Error: Invalid value for '--engine': the durable-rules engine is unavailable"
    assert zh in result.stderr and en in result.stderr and "--engine auto" in result.stderr


def test_auto_uses_durable_where_it_works() -> None:
    if engine.durable_problem() is not None:
        pytest.skip(f"durable-rules unavailable here: {engine.durable_problem()}")
    assert json.loads(run_cli("validate", "--format", "json", str(EXAMPLES)).stdout)["tool"]["engine"] == "durable"


REFERENCE = "GOVCHECK_REFERENCE_COMMAND"  # .ci/run: the govcheck command of its Python 3.11 venv


def _installed_run(command: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}  # the installed copies
    return subprocess.run([command, *args], cwd=REPO, env=env, capture_output=True, timeout=300)


def test_this_python_finds_what_python_3_11_finds() -> None:
    """Issue 8's "done": `govcheck validate examples/` in a fresh venv of this Python (.ci/run makes one for
    3.12 and 3.13) exits 1 with the findings of Python 3.11, whichever engine each of them runs."""
    reference = os.environ.get(REFERENCE)
    if not reference:
        pytest.skip(f"{REFERENCE} names the reference govcheck (.ci/run sets it to its Python 3.11 venv's)")
    here = Path(sys.executable).parent / ("govcheck.exe" if os.name == "nt" else "govcheck")
    assert here.is_file(), f"govcheck is not installed beside {sys.executable}"
    mine, theirs = (
        _installed_run(str(here), "validate", "examples/"),
        _installed_run(reference, "validate", "examples/"),
    )
    assert mine.returncode == theirs.returncode == 1, mine.stderr.decode("utf-8", "replace")
    assert mine.stdout == theirs.stdout and b"Traceback" not in mine.stderr  # the text a user reads
    mine_json = json.loads(_installed_run(str(here), "validate", "examples/", "--format", "json").stdout)
    theirs_json = json.loads(_installed_run(reference, "validate", "examples/", "--format", "json").stdout)
    expected_engine = "durable" if engine.durable_problem() is None else "plain"
    if sys.version_info >= (3, 13):
        assert expected_engine == "plain"  # the environment marker leaves durable-rules out
    assert mine_json["tool"] == {**theirs_json["tool"], "engine": expected_engine}
    for key in ("rules", "files", "findings", "summary"):
        assert mine_json[key] == theirs_json[key], key


# Every command, in every output format it prints or writes; "{tmp}" is a fresh folder per run.
# (arguments, exit codes a user may see: 0/1 for a check, 2 for an input error - never 3).
COMMANDS: list[tuple[list[str], tuple[int, ...]]] = [
    (["validate", "examples"], (1,)),
    (["validate", "examples", "--lang", "en"], (1,)),
    (["validate", "examples", "--format", "json"], (1,)),
    (["validate", "examples", "--format", "sarif"], (1,)),
    (["validate", "examples", "--format", "junit"], (1,)),
    (["validate", "examples", "--format", "github"], (1,)),
    (["validate", "examples", "-o", "json:{tmp}/findings.json", "-o", "text:-"], (1,)),
    (["validate", "no-such-minutes/2024-01-01.yaml"], (2,)),  # an input error, in Chinese, on stderr
    (["report", "examples", "-o", "{tmp}/审计报告.html"], (0,)),
    (["report", "examples", "--format", "md", "-o", "-"], (0,)),
    (["report", "examples", "--format", "json", "-o", "-"], (0,)),
    (["baseline", "examples"], (0,)),
    (["hook", "examples/minutes/2023-08-08-executive.yaml"], (1,)),
    (["init", "{tmp}"], (0,)),
    (["rules"], (0,)),
    (["rules", "show", "TIOL-QUORUM"], (0,)),
    (["rules", "test"], (0,)),
    (["schema"], (0,)),
    (["schema", "-o", "{tmp}/record.schema.json"], (0,)),
    (["checklist", "--category", "major_project", "--date", "2025-06-20"], (0,)),
    (["checklist", "--category", "重大项目安排", "--date", "2025年6月20日", "--format", "md"], (0,)),
    (["validate", "-", "--stdin-filename", "examples/minutes/2023-08-08-executive.yaml"], (1,)),  # the record on stdin
    (["validate", "examples", "--as-of", "2023-02-30"], (2,)),  # a usage error, in Chinese then English
    (["report", "examples", "-o", "{tmp}/审计报告.xlsx"], (0,)),
    (["rules", "--format", "json"], (0,)),
    (["rules", "--fields"], (0,)),
    (["init", "{tmp}", "--editor"], (0,)),
    (["new", "record"], (0,)),
    (["ledger", "export", "examples", "-o", "{tmp}/台账.xlsx"], (0,)),
]


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "gbk"])
@pytest.mark.parametrize(("args", "codes"), COMMANDS, ids=[" ".join(c) for c, _ in COMMANDS])
def test_no_console_encoding_crashes_a_command(
    encoding: str, args: list[str], codes: tuple[int, ...], tmp_path: Path
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(REPO / "src")}
    stdin = (REPO / args[args.index("--stdin-filename") + 1]).read_bytes() if "--stdin-filename" in args else b""
    done = subprocess.run(
        [sys.executable, "-m", "govcheck", *args], cwd=REPO, env=env, input=stdin, capture_output=True, timeout=120
    )
    assert done.returncode in codes, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    fmt = args[args.index("--format") + 1] if "--format" in args else "text"
    if fmt in ("json", "sarif") or args[0] == "baseline" or args == ["schema"]:
        json.loads(done.stdout.decode("utf-8"))  # UTF-8 bytes whatever the console's encoding
    if fmt == "junit":
        ET.fromstring(done.stdout)
    for written in tmp_path.iterdir():  # files are UTF-8 whatever the console's encoding
        if written.suffix in (".json", ".html", ".yaml"):
            assert written.read_text(encoding="utf-8")
    if args[0] == "init" and "--editor" in args:
        assert json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    elif args[0] == "init":
        assert "主要负责人" in (tmp_path / "govcheck.yaml").read_text(encoding="utf-8")


def test_only_durable_engine_imports_durable_rules() -> None:
    """durable-rules may be absent (3.13, Windows): one module imports it, behind the engine choice."""
    importers = []
    for path in sorted((REPO / "src" / "govcheck").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(name == "durable" or name.startswith("durable.") for name in names):
                importers.append(path.relative_to(REPO / "src").as_posix())
    assert sorted(set(importers)) == ["govcheck/engine/durable_engine.py"]


@pytest.mark.parametrize(
    ("platform", "version", "implementation", "installed"),
    [
        ("linux", "3.11", "CPython", True),
        ("linux", "3.12", "CPython", True),
        ("darwin", "3.12", "CPython", True),
        ("linux", "3.13", "CPython", False),  # PyEval_CallObject is gone: ImportError at the first check
        ("win32", "3.11", "CPython", False),  # a C source package only: no MSVC on office PCs
        ("linux", "3.11", "PyPy", False),
    ],
)
def test_durable_rules_is_declared_only_where_it_installs_and_runs(
    platform: str, version: str, implementation: str, installed: bool
) -> None:
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    durable = next(Requirement(d) for d in dependencies if d.startswith("durable-rules"))
    assert durable.marker is not None
    where = {"sys_platform": platform, "python_version": version, "platform_python_implementation": implementation}
    assert durable.marker.evaluate(where) is installed
