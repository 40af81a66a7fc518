"""Findings by file, for the formats that group: record files in run order, then any other file
a finding points at (the settings file, for REC-WAIVER-EXPIRED and REC-WAIVER-STALE)."""

from __future__ import annotations

from collections import defaultdict

from govcheck.findings.model import Finding
from govcheck.pipeline import FileResult, RunResult


def by_file(result: RunResult) -> list[tuple[FileResult, list[Finding]]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        grouped[finding.path].append(finding)
    records = {f.path for f in result.files}
    groups = [(f, grouped.get(f.path, [])) for f in result.files]
    groups += [(FileResult(path), grouped[path]) for path in sorted(grouped) if path not in records]
    return groups
