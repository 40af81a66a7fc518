"""Shared test helpers: run the real CLI in-process and read its JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from govcheck.cli import cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def run_cli(*args: str, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, list(args), catch_exceptions=False)
    with runner.isolated_filesystem(temp_dir=cwd):
        pass
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def run_json(*args: str, cwd: Path | None = None) -> tuple[int, dict[str, Any]]:
    result = run_cli("validate", "--format", "json", *args, cwd=cwd)
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    """A private copy of examples/ that a test may change."""
    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES, target)
    return target
