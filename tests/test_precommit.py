"""The pre-commit hook, for real: pre-commit installs govcheck from this checkout into its own
environment and runs it in a scratch minutes repository.

pre-commit clones the hook repository: ``try-repo`` takes the committed HEAD plus uncommitted
changes to tracked files (new, untracked files are not seen until committed); the install test
makes the same kind of snapshot itself so that a real ``git commit`` runs the hook.  Installing
the hook environment needs the package index (pip installs govcheck and its dependencies).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cihelp import DATA, EXAMPLES, GOOD, REPO, git, git_init

pytestmark = pytest.mark.skipif(
    not (REPO / ".git").exists() or shutil.which("git") is None,
    reason="pre-commit clones the hook repository: needs a git checkout of govcheck",
)

RECORD = "minutes/2023-11-21-party-group.yaml"


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    for name in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "PRE_COMMIT",
        "GITHUB_STEP_SUMMARY",
    ):
        env.pop(name, None)
    return env


def pre_commit(folder: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = pre_commit_env(home)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def minutes_repo(folder: Path, config: str) -> Path:
    """A unit's minutes repository: settings, one compliant record, a pre-commit config; all committed."""
    git_init(folder)
    (folder / "minutes").mkdir()
    shutil.copy(EXAMPLES / "govcheck.yaml", folder / "govcheck.yaml")
    shutil.copy(EXAMPLES / "minutes" / GOOD, folder / "minutes" / GOOD)
    (folder / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "会议记录库")
    return folder


def stage(folder: Path, version: str) -> None:
    shutil.copy(DATA / "precommit" / version, folder / RECORD)
    git(folder, "add", RECORD)


def config_for(repo: str, rev: str) -> str:
    return str(yaml.safe_dump({"repos": [{"repo": repo, "rev": rev, "hooks": [{"id": "govcheck"}]}]}))


def snapshot(target: Path) -> tuple[str, str]:
    """This checkout as pre-commit try-repo sees it: HEAD plus changes to tracked files, committed in a clone."""
    git(target.parent, "clone", "-q", str(REPO), str(target))
    index = git(target, "rev-parse", "--git-path", "index").strip()
    objects = git(target, "rev-parse", "--git-path", "objects").strip()
    git(
        REPO,
        "add",
        "-u",
        extra_env={"GIT_INDEX_FILE": str(target / index), "GIT_OBJECT_DIRECTORY": str(target / objects)},
    )
    git(target, "commit", "-q", "--allow-empty", "-m", "snapshot of the working tree")
    return str(target), git(target, "rev-parse", "HEAD").strip()


def test_try_repo_blocks_a_record_without_quorum_and_passes_the_fixed_one(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    repo = minutes_repo(tmp_path / "minutes-repo", config_for(str(REPO), "HEAD"))
    stage(repo, "no-quorum.yaml")
    blocked = pre_commit(repo, pre_commit_home, "try-repo", str(REPO), "govcheck")
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "govcheck" in blocked.stdout and "Failed" in blocked.stdout
    assert f"{RECORD}:10: 错误 TIOL-QUORUM [DZ-2023-20]" in blocked.stdout
    assert "TIOL-PASS-MAJORITY" in blocked.stdout
    assert GOOD not in blocked.stdout  # the committed record is read, but not reported on

    stage(repo, "fixed.yaml")
    passed = pre_commit(repo, pre_commit_home, "try-repo", str(REPO), "govcheck")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_installed_hook_blocks_the_commit_until_the_record_is_fixed(tmp_path: Path, pre_commit_home: Path) -> None:
    source, rev = snapshot(tmp_path / "govcheck-snapshot")
    repo = minutes_repo(tmp_path / "minutes-repo", config_for(source, rev))
    installed = pre_commit(repo, pre_commit_home, "install")
    assert installed.returncode == 0, installed.stderr
    head = git(repo, "rev-parse", "HEAD")

    hook_env = pre_commit_env(pre_commit_home)
    stage(repo, "no-quorum.yaml")
    with pytest.raises(subprocess.CalledProcessError) as refused:
        git(repo, "commit", "-q", "-m", "补录11月21日党组会议记录", extra_env=hook_env)
    assert "TIOL-QUORUM" in refused.value.stdout + refused.value.stderr
    assert git(repo, "rev-parse", "HEAD") == head  # nothing committed

    stage(repo, "fixed.yaml")
    git(repo, "commit", "-q", "-m", "补录11月21日党组会议记录（更正到会人员）", extra_env=hook_env)
    assert git(repo, "rev-parse", "HEAD") != head


def test_try_repo_checks_an_excel_ledger_committed_beside_the_yaml_records(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    """A unit that keeps its 台账 in Excel: the hook runs on the .xlsx (pre-commit's types know no xlsx)."""
    repo = minutes_repo(tmp_path / "minutes-repo", config_for(str(REPO), "HEAD"))
    ledgers = tmp_path / "ledger-source"
    (ledgers / "minutes").mkdir(parents=True)
    shutil.copy(EXAMPLES / "govcheck.yaml", ledgers / "govcheck.yaml")
    shutil.copy(DATA / "precommit" / "no-quorum.yaml", ledgers / "minutes" / "no-quorum.yaml")
    exported = subprocess.run(
        [sys.executable, "-m", "govcheck", "ledger", "export", str(ledgers / "minutes"), "-o", str(repo / "台账.xlsx")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr
    git(repo, "add", "台账.xlsx")
    blocked = pre_commit(repo, pre_commit_home, "try-repo", str(REPO), "govcheck")
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "台账.xlsx:" in blocked.stdout and "TIOL-QUORUM [DZ-2023-20]" in blocked.stdout
