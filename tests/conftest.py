"""Shared test helpers: run the real CLI in-process and read its JSON."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings as hypothesis_settings

from govcheck.cli import cli

# The rulebook cache (govcheck.rulebook.cache) of this test run: never the developer's own.
os.environ.setdefault("GOVCHECK_CACHE_DIR", tempfile.mkdtemp(prefix="govcheck-test-cache-"))

# The fuzzer's budgets (tests/test_fuzz.py): "ci", the default, is a fixed set of examples in
# seconds (derandomised, so CI never fails on a draw nobody can replay); a campaign by hand:
# pytest tests/test_fuzz.py --hypothesis-profile=long
hypothesis_settings.register_profile("ci", max_examples=60, derandomize=True, database=None)
hypothesis_settings.register_profile("long", max_examples=int(os.environ.get("GOVCHECK_FUZZ_EXAMPLES", "5000")))
hypothesis_settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def run_cli(*args: str, cwd: Path | None = None) -> Result:
    """The real CLI in-process; ``cwd`` runs it from that directory (settings discovery, relative paths)."""
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, list(args), catch_exceptions=False)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def run_json(*args: str, cwd: Path | None = None) -> tuple[int, dict[str, Any]]:
    result = run_cli("validate", "--format", "json", *args, cwd=cwd)
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(autouse=True)
def _not_under_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """With GITHUB_ACTIONS=true, validate defaults to --format github; the tests expect the text default."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    """A private copy of examples/ that a test may change."""
    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES, target)
    return target


# ------------------------------------------------------------ record editing

MINUTES = EXAMPLES / "minutes"
GOOD_RECORD = MINUTES / "2023-05-12-party-group.yaml"  # compliant, 2 items
FLAWED_RECORD = MINUTES / "2023-08-08-executive.yaml"  # readable, with error-level findings


def good_text() -> str:
    """The text of a compliant example record, to edit into a bad one."""
    return GOOD_RECORD.read_text(encoding="utf-8")


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    """Replace ``old`` by ``new``; fail loudly when the example no longer contains ``old``."""
    assert text.count(old) >= count, f"the example no longer contains {old!r}"
    return text.replace(old, new, count)


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing ``needle``, counted as editors do (at \\n only)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")


def output_of(result: Result) -> str:
    """Everything the user sees: stdout and stderr."""
    return result.stdout + (result.stderr or "")


def record_dir(tmp_path: Path, bad: str | bytes | None = None, name: str = "bad.yaml") -> Path:
    """A records folder as users have it: govcheck.yaml above minutes/, one good and
    one flawed example record, plus (when given) the bad file under ``name``."""
    shutil.copy(EXAMPLES / "govcheck.yaml", tmp_path / "govcheck.yaml")
    folder = tmp_path / "minutes"
    folder.mkdir()
    shutil.copy(GOOD_RECORD, folder / "good.yaml")
    shutil.copy(FLAWED_RECORD, folder / "flawed.yaml")
    if bad is not None:
        target = folder / name
        if isinstance(bad, bytes):
            target.write_bytes(bad)
        else:
            target.write_text(bad, encoding="utf-8")
    return folder


def file_entry(document: dict[str, Any], name: str) -> dict[str, Any]:
    """The ``files[]`` entry of the file called ``name`` in a JSON document."""
    entries = [f for f in document["files"] if Path(f["path"]).name == name]
    assert len(entries) == 1, (name, document["files"])
    return entries[0]
