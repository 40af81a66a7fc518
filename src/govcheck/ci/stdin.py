"""``govcheck validate -``: one record from standard input, as editors and pipes hand it over.

The bytes are checked as a file named after ``--stdin-filename`` (default ``stdin.yaml``): its
settings file is found from that name, as for the file itself, and every finding and input error
points at that name (or ``-``). The temporary copy lives in a private folder removed afterwards.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import sys
import tempfile
from typing import BinaryIO

from govcheck.loading.discovery import display_path, find_settings
from govcheck.loading.yamlsource import MAX_FILE_BYTES
from govcheck.pipeline import RunResult, check_paths

STDIN = "-"
RECORD_SUFFIXES = (".yaml", ".yml", ".xlsx")


def _renamed(result: RunResult, old: str, new: str) -> RunResult:
    """Every path ``old`` in the result (files, errors, findings) shown as ``new``."""

    def fix(path: str) -> str:
        return new if path == old else path

    for file_result in result.files:
        file_result.path = fix(file_result.path)
        file_result.errors = [dataclasses.replace(e, path=fix(e.path)) for e in file_result.errors]
    result.findings = [dataclasses.replace(f, path=fix(f.path)) for f in result.findings]
    result.problems = [dataclasses.replace(e, path=fix(e.path)) for e in result.problems]
    return result


def check_stdin(
    stdin_filename: str | None,
    config: str | None,
    encoding: str,
    engine_name: str,
    as_of: dt.date | None,
    explain: bool,
    source: BinaryIO | None = None,
) -> RunResult:
    data = (source or sys.stdin.buffer).read(MAX_FILE_BYTES + 1)  # the loader says when it is too large
    name = os.path.basename(stdin_filename or "") or "stdin.yaml"
    if not name.lower().endswith(RECORD_SUFFIXES):
        name += ".yaml"
    settings = config or find_settings([stdin_filename] if stdin_filename else [])
    folder = tempfile.mkdtemp(prefix="govcheck-stdin-")
    try:
        path = os.path.join(folder, name)
        with open(path, "wb") as handle:
            handle.write(data)
        result = check_paths(
            [path],
            settings,
            encoding,
            engine_name,
            as_of,
            jobs=1,
            explain=explain,
        )
        return _renamed(result, display_path(path), display_path(stdin_filename) if stdin_filename else STDIN)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
