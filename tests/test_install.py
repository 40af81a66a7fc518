"""Issue 8: govcheck installed for real into a fresh venv WITHOUT durable-rules gives the same findings.

That is what a user on Python 3.13 or Windows gets (the environment marker leaves durable-rules out):
``pip install .`` must still give a working ``govcheck`` whose JSON is the same as with durable-rules,
apart from ``tool.engine``. The venv is built from the checkout with pip, as the README says; the
runtime dependencies come from pyproject.toml, minus durable-rules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from govcheck import engine


def clean_env() -> dict[str, str]:
    """The environment without PYTHONPATH (the suite may run from src/): the venv's own govcheck runs."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def venv_bin(folder: Path, name: str) -> Path:
    return folder / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


def runtime_requirements_without_durable() -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [r for r in project["dependencies"] if not r.lower().startswith("durable-rules")]


def pip(python: Path, *args: str) -> None:
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *args],
        env=clean_env(),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        pytest.fail(f"pip install {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def validate_json(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """``validate examples --format json``: exit 1 (the examples break rules on purpose) and the document."""
    done = subprocess.run(
        [*command, "validate", "examples", "--format", "json"], cwd=REPO, env=env, capture_output=True, timeout=300
    )
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
    return json.loads(done.stdout.decode("utf-8"))


def test_a_venv_without_durable_rules_gives_the_same_findings(tmp_path: Path) -> None:
    folder = tmp_path / "venv-without-durable"
    venv.create(folder, with_pip=True)
    python = venv_bin(folder, "python")
    pip(python, *runtime_requirements_without_durable())
    pip(python, "--no-deps", str(REPO))
    probe = subprocess.run([str(python), "-c", "import durable"], env=clean_env(), capture_output=True)
    assert probe.returncode != 0, "durable-rules is importable in the venv that should not have it"
    where = subprocess.run(
        [str(python), "-c", "import govcheck; print(govcheck.__file__)"],
        env=clean_env(),
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert Path(where.stdout.strip()).is_relative_to(folder), where.stdout  # the installed copy, not src/

    without = validate_json([str(venv_bin(folder, "govcheck"))], clean_env())
    assert without["tool"]["engine"] == "plain"
    # This suite's own govcheck (installed, or src/ on PYTHONPATH): durable-rules where it runs here.
    reference = "durable" if engine.durable_problem() is None else "plain"
    with_durable = validate_json([sys.executable, "-m", "govcheck"], dict(os.environ))
    assert with_durable["tool"]["engine"] == reference
    assert without["findings"] and without["findings"] == with_durable["findings"]
    for key in ("rules", "files", "summary"):
        assert without[key] == with_durable[key], key
