"""Which files are records: every YAML file and Excel ledger named or found below
a directory, except hidden ones, settings files and the settings' exclude patterns.

Directory scans (issue 11, 12):

- ``exclude`` patterns have gitignore semantics (the ``pathspec`` library, as git and
  pre-commit users expect): ``drafts/`` or ``drafts/**`` is the folder beside the settings file,
  ``*.bak.yaml`` matches at any depth. They are read relative to the folder of the settings file,
  whatever folder is named on the command line (``govcheck validate examples/ci`` honours
  ``exclude: [ci/**]`` in ``examples/govcheck.yaml``). Patterns written relative to the checked
  folder, as before 1.1, keep working: a file matching either way is excluded.
- ``*.YAML``/``*.YML``/``*.XLSX`` count like their lower-case spellings. Spreadsheets govcheck
  cannot read (``.xls``, WPS ``.et``, ``.ods``) are taken too, to be reported: save them as ``.xlsx``.
- A symlinked folder is followed; a folder reached twice (a loop, or two links to one folder)
  is read once.
- A folder that cannot be listed (permissions) is an input error, like an unreadable file.
  FIFOs, devices and sockets named like records are taken, so that reading them reports
  "not a regular file" (``files.read_regular``) instead of hanging or vanishing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

SETTINGS_NAMES = ("govcheck.yaml", ".govcheck.yaml")
YAML_SUFFIXES = (".yaml", ".yml")
LEDGER_SUFFIXES = (".xlsx", ".xlsm")  # Excel ledgers (三重一大事项台账); see govcheck.ledger
# Spreadsheets govcheck cannot read (Excel 97–2003, WPS, OpenDocument): a ledger kept in one of them is
# taken, so that it is reported (save it as .xlsx) instead of being skipped without a word.
OTHER_SPREADSHEET_SUFFIXES = (".xls", ".et", ".ods")


def is_ledger(path: str) -> bool:
    return path.lower().endswith(LEDGER_SUFFIXES)


def is_other_spreadsheet(path: str) -> bool:
    return path.lower().endswith(OTHER_SPREADSHEET_SUFFIXES)


def is_record_name(name: str) -> bool:
    """A file name a directory scan takes (any letter case): YAML, or a ledger that is not Excel's lock file."""
    lower = name.lower()
    if name.startswith(".") or lower in SETTINGS_NAMES:
        return False
    spreadsheet = is_ledger(lower) or is_other_spreadsheet(lower)
    return lower.endswith(YAML_SUFFIXES) or (spreadsheet and not name.startswith("~$"))


@dataclass
class Scan:
    """What a scan found: record files, paths that do not exist, folders that could not be read."""

    files: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (folder, reason)
    excluded: int = 0  # record-like files and folders the exclude patterns left out


class Excluder:
    """The settings' exclude patterns, matched relative to ``base`` (the settings' folder) and to the scanned folder."""

    def __init__(self, patterns: tuple[str, ...], base: str | None) -> None:
        self.spec = None
        if patterns:
            import pathspec  # only a unit with exclude patterns pays for it (one-file runs start faster)

            self.spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        self.base = os.path.abspath(base) if base else None

    def __call__(self, full: str, top: str, folder: bool = False) -> bool:
        if self.spec is None:
            return False
        tail = "/" if folder else ""
        for start in (self.base, top):
            if start is None:
                continue
            relative = os.path.relpath(os.path.abspath(full), os.path.abspath(start)).replace(os.sep, "/")
            if relative == "." or relative.startswith("../"):
                continue  # outside this start: its patterns do not speak about the path
            if self.spec.match_file(relative + tail):
                return True
        return False


def _walk(top: str, excluded: Excluder, scan: Scan) -> None:
    seen: set[tuple[int, int]] = set()

    def failed(error: OSError) -> None:
        where = error.filename if isinstance(error.filename, str) else top
        scan.unreadable.append((where, error.strerror or str(error)))

    for root, dirs, files in os.walk(top, onerror=failed, followlinks=True):
        try:
            info = os.stat(root)
        except OSError as error:
            failed(error)
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:  # a symlink loop, or a folder linked twice: once is enough
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        kept = [d for d in dirs if not d.startswith(".") and not excluded(os.path.join(root, d), top, True)]
        scan.excluded += sum(1 for d in dirs if not d.startswith(".")) - len(kept)
        dirs[:] = sorted(kept)
        for name in sorted(files):
            if not is_record_name(name):
                continue
            full = os.path.join(root, name)
            if os.path.isdir(full):
                continue  # os.walk lists a symlink to a folder it could not follow among the files
            if excluded(full, top):
                scan.excluded += 1
            else:
                scan.files.append(full)


def scan_records(paths: list[str], exclude: tuple[str, ...] = (), base: str | None = None) -> Scan:
    """Files named directly are always taken; folders are scanned (``base``: the settings' folder)."""
    scan = Scan()
    excluded = Excluder(exclude, base)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            _walk(given, excluded, scan)
        elif os.path.lexists(given):
            # A file; a FIFO or device the reader reports as not a regular file (never "no such
            # file"); a broken link, which the reader reports as unreadable.
            scan.files.append(given)
        else:
            scan.missing.append(given)
    # One file named twice (minutes/ and ./minutes/a.yaml) is one record: checking it twice
    # would make its items duplicates of themselves (REC-DUPLICATE-ID).
    unique: dict[str, str] = {}
    folders: dict[str, str] = {}
    for file in scan.files:
        unique.setdefault(os.path.normcase(_real_path(file, folders)), file)
    scan.files = list(unique.values())
    return scan


def _real_path(file: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(file)``, resolving each folder once (``folders``): a folder's thousands of
    records would otherwise each walk every link of the folder's path again."""
    folder, name = os.path.split(file)
    if name in ("", ".", "..") or os.path.islink(file):
        return os.path.realpath(file)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def find_records(
    paths: list[str], exclude: tuple[str, ...] = (), base: str | None = None
) -> tuple[list[str], list[str]]:
    """Return (record files, paths that do not exist). Files named directly are always taken."""
    scan = scan_records(paths, exclude, base)
    return scan.files, scan.missing


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


def display_path(path: str, cwd: str | None = None, pathmod: ModuleType = os.path) -> str:
    """Paths as users and CI systems want them: relative to the working directory, ``/`` separated
    (also on Windows, and also for a path outside the working directory, which stays as given).

    A file name that is not valid UTF-8 (Python holds its bytes as lone surrogates, which no
    output can encode) is shown with those bytes as ``\\xff`` escapes.
    """
    from govcheck.output.paths import relative_below, slashed

    relative = relative_below(
        pathmod.abspath(path) if cwd is None else pathmod.join(cwd, path), os.getcwd() if cwd is None else cwd, pathmod
    )
    shown = relative if relative is not None else slashed(path, pathmod)
    if _SURROGATE.search(shown):
        shown = os.fsencode(shown).decode("utf-8", "backslashreplace")
    return shown


_SURROGATE = re.compile("[\ud800-\udfff]")  # a file name byte that is not UTF-8, as Python holds it
