"""The few git questions govcheck asks: where is the repository, what changed since REF."""

from __future__ import annotations

import os

from govcheck.i18n import Text


class GitError(Exception):
    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


def _git(args: list[str], cwd: str) -> str:
    try:
        import subprocess  # only runs with --changed-since or the hook need git

        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False)
    except FileNotFoundError:
        raise GitError(Text("找不到 git 命令", "git is not installed")) from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        raise GitError(Text(f"git {args[0]} 失败：{detail}", f"git {args[0]} failed: {detail}"))
    return done.stdout


def repo_root(start: str = ".") -> str:
    """The top folder of the git work tree containing ``start``."""
    folder = start if os.path.isdir(start) else os.path.dirname(os.path.abspath(start))
    try:
        return _git(["rev-parse", "--show-toplevel"], folder).strip()
    except GitError:
        raise GitError(Text(f"{start} 不在 git 仓库中", f"{start} is not inside a git repository")) from None


def changed_since(ref: str, start: str = ".") -> set[str]:
    """Absolute paths of files changed between ``ref`` and the work tree, plus untracked files.

    Renames count as a deletion and an addition, so a baselined finding in the
    old name can be reported as fixed.
    """
    root = repo_root(start)
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    except GitError:
        raise GitError(
            Text(
                f"git 中没有 {ref}（分支、标签或提交）；CI 中可能需要 fetch-depth: 0",
                f"no {ref} in git (branch, tag or commit); in CI you may need fetch-depth: 0",
            )
        ) from None
    changed = _git(["diff", "--name-only", "--no-renames", "-z", ref, "--"], root)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    names = [n for n in (changed + untracked).split("\0") if n]
    return {os.path.normcase(os.path.join(root, name)) for name in names}
