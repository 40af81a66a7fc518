"""Paths as CI systems want them: relative to the root of the git repository.

Whatever the OS path separator, a path that govcheck shows or writes (text, JSON, SARIF, JUnit,
the report) has ``/`` between its parts: ``minutes/2024/a.yaml`` on Windows too, so findings,
fingerprints and baselines are the same on every PC of a unit. ``pathmod`` (``os.path`` in a
run) lets the tests check the Windows behaviour with ``ntpath`` on any machine.

GitHub resolves annotation ``file=`` values and SARIF ``artifactLocation.uri``
against the repository root, which is not always the working directory (a job
may ``cd`` into a sub-folder).  Outside a repository the path stays as shown.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from urllib.parse import quote


def slashed(path: str, pathmod: ModuleType = os.path) -> str:
    """``path`` with ``/`` for the OS separator (``C:\\minutes\\a.yaml`` → ``C:/minutes/a.yaml``)."""
    return path if pathmod.sep == "/" else path.replace(pathmod.sep, "/")


def relative_below(full: str, root: str, pathmod: ModuleType = os.path) -> str | None:
    """``full`` relative to ``root``, ``/`` separated; None when it is not below ``root`` (or on another drive)."""
    try:
        relative = pathmod.relpath(full, root)
    except ValueError:  # another drive on Windows
        return None
    if relative == pathmod.pardir or relative.startswith(pathmod.pardir + pathmod.sep):
        return None
    return slashed(relative, pathmod)


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
    return repo_relative(path, full, root)


def repo_relative(path: str, full: str, root: str | None, pathmod: ModuleType = os.path) -> str:
    """``full`` (the absolute ``path``) relative to the repository ``root``; ``path``, slashed, outside one."""
    relative = relative_below(full, root, pathmod) if root is not None else None
    return relative if relative is not None else slashed(path, pathmod)


def uri_for(path: str) -> str:
    """A URI reference for SARIF: percent-encoded relative path, or a file: URI if absolute."""
    shown = repo_path(path)
    if os.path.isabs(shown):
        return Path(shown).as_uri()
    return quote(shown, safe="/")
