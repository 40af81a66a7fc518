"""Helpers for the CI-output tests: run the CLI in a folder, with an environment, and build small record sets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from click.testing import CliRunner, Result

from govcheck.cli import cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"

# A compliant party-group meeting (quorum 6 of 7) and an emergency decision reported at a later meeting.
GOOD = "2023-05-12-party-group.yaml"
QUORUM_BAD = "2023-11-14-party-group.yaml"  # REC-ROSTER-MISMATCH, TIOL-QUORUM, TIOL-PASS-MAJORITY
WARNING_ONLY = "2023-09-08-emergency.yaml"  # TIOL-EMERGENCY-REPORTED (warning)


@contextmanager
def cwd(folder: Path) -> Iterator[None]:
    old = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


def run(folder: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    """``govcheck ARGS`` in ``folder``, in-process, stdout and stderr apart."""
    with cwd(folder):
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def make_corpus(root: Path, *records: str) -> Path:
    """``root`` with the examples' govcheck.yaml and the named example records under minutes/."""
    (root / "minutes").mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "govcheck.yaml", root / "govcheck.yaml")
    for name in records:
        shutil.copy(EXAMPLES / "minutes" / name, root / "minutes" / name)
    return root


def git(folder: Path, *args: str, extra_env: dict[str, str] | None = None) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="测试",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="测试",
        GIT_COMMITTER_EMAIL="t@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
    )
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
        env.pop(name, None)
    env.update(extra_env or {})
    done = subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def git_init(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "commit.gpgsign", "false")
    return folder


def insert_line_above(path: Path, line: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line - 1, text + "\n")
    path.write_text("".join(lines), encoding="utf-8")


@cache
def example_finding_count(severity: str | None = None) -> int:
    """Unwaived findings of ``govcheck validate minutes`` in examples/, as the JSON output counts them.

    The CI formats must carry exactly these; the number itself changes whenever a rule's legal reading
    does (catalogue 1.1), so it is read from the run, not written into each test.
    """
    result = run(EXAMPLES, "validate", "minutes", "--format", "json")
    return sum(
        1
        for finding in json.loads(result.stdout)["findings"]
        if not finding["waived"] and severity in (None, finding["severity"])
    )


def example_failing_items() -> int:
    """Items (and meetings) of examples/ with an unwaived finding: JUnit's failing test cases, one per item."""
    result = run(EXAMPLES, "validate", "minutes", "--format", "json")
    return len(
        {
            (finding["file"], finding["item"])
            for finding in json.loads(result.stdout)["findings"]
            if not finding["waived"]
        }
    )
