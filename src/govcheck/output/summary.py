"""Counts shared by every output format, so they always agree."""

from __future__ import annotations

from dataclasses import dataclass

from govcheck.pipeline import RunResult


@dataclass(frozen=True)
class Summary:
    files: int
    items: int
    findings: int
    errors: int
    warnings: int
    infos: int
    waived: int
    unreadable: int


def summarize(result: RunResult) -> Summary:
    active = [f for f in result.findings if not f.waived]
    return Summary(
        files=len(result.files),
        items=result.item_count,
        findings=len(result.findings),
        errors=sum(1 for f in active if f.severity == "error"),
        warnings=sum(1 for f in active if f.severity == "warning"),
        infos=sum(1 for f in active if f.severity == "info"),
        waived=sum(1 for f in result.findings if f.waived),
        unreadable=sum(1 for f in result.files if f.errors),
    )
