"""Paths as CI systems want them: relative to the root of the git repository.

GitHub resolves annotation ``file=`` values and SARIF ``artifactLocation.uri``
against the repository root, which is not always the working directory (a job
may ``cd`` into a sub-folder).  Outside a repository the path stays as shown.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote


@lru_cache(maxsize=256)
def _root_of(folder: str) -> str | None:
    for candidate in [Path(folder), *Path(folder).parents]:
        if (candidate / ".git").exists():
            return str(candidate)
    return None


def repo_root_of(folder: str) -> str | None:
    """The repository root holding ``folder``, or None outside a repository."""
    return _root_of(os.path.abspath(folder))


def repo_path(path: str) -> str:
    """``path`` relative to its repository root (``/`` separated), else unchanged."""
    full = os.path.abspath(path)
    root = _root_of(os.path.dirname(full))
    if root is None:
        return path.replace(os.sep, "/")
    return os.path.relpath(full, root).replace(os.sep, "/")


def uri_for(path: str) -> str:
    """A URI reference for SARIF: percent-encoded relative path, or a file: URI if absolute."""
    shown = repo_path(path)
    if os.path.isabs(shown):
        return Path(shown).as_uri()
    return quote(shown, safe="/")
