"""Which files are records: every YAML file and Excel ledger named or found below
a directory, except hidden ones, settings files and the settings' exclude globs."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

SETTINGS_NAMES = ("govcheck.yaml", ".govcheck.yaml")
YAML_SUFFIXES = (".yaml", ".yml")
LEDGER_SUFFIXES = (".xlsx", ".xlsm")  # Excel ledgers (三重一大事项台账); see govcheck.ledger


def is_ledger(path: str) -> bool:
    return path.lower().endswith(LEDGER_SUFFIXES)


def _excluded(relative: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(relative, p.rstrip("/") + "/*")
               for p in patterns)


def find_records(paths: list[str], exclude: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """Return (record files, paths that do not exist). Files named directly are always taken."""
    found: list[str] = []
    missing: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            found.append(given)
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or name in SETTINGS_NAMES:
                        continue
                    if not name.endswith(YAML_SUFFIXES) and not (is_ledger(name) and not name.startswith("~$")):
                        continue  # ~$台账.xlsx is Excel's lock file while the ledger is open
                    full = os.path.join(root, name)
                    relative = os.path.relpath(full, path).replace(os.sep, "/")
                    if not _excluded(relative, exclude):
                        found.append(full)
        else:
            missing.append(given)
    # One file named twice (minutes/ and ./minutes/a.yaml) is one record: checking it twice
    # would make its items duplicates of themselves (REC-DUPLICATE-ID).
    unique: dict[str, str] = {}
    for path in found:
        unique.setdefault(os.path.normcase(os.path.realpath(path)), path)
    return list(unique.values()), missing


def find_settings(paths: list[str]) -> str | None:
    """The settings file in the first checked directory or any parent of it."""
    start = Path(paths[0]) if paths else Path.cwd()
    start = start if start.is_dir() else start.parent
    for folder in [start.resolve(), *start.resolve().parents]:
        for name in SETTINGS_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return str(candidate)
    return None


def display_path(path: str) -> str:
    """Paths as users and CI systems want them: relative to the working directory."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative.replace(os.sep, "/")
