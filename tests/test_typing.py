"""Issue 11: govcheck ships typed (py.typed), so ``mypy src/`` is clean, with the project's own config.

The config is ``[tool.mypy]`` in pyproject.toml; the stubs mypy needs for PyYAML and openpyxl
are in the test extra (types-PyYAML, types-openpyxl). A new error fails here with mypy's
own message (file, line, what), as it would in a user's editor.
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO


def test_mypy_finds_no_error_in_src() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MYPYPATH"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "src",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Success: no issues found"), done.stdout
