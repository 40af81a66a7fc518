"""Counts shared by every output format, so they always agree."""

from __future__ import annotations

from dataclasses import dataclass

from govcheck.pipeline import RunResult


@dataclass(frozen=True)
class Summary:
    """The counts a run's outputs end with."""

    files: int
    items: int
    findings: int
    errors: int
    warnings: int
    infos: int
    waived: int
    unreadable: int  # files with input errors, run-level problem paths included (settings, missing paths)
    input_errors: int = 0  # every input error listed, of the files and of the run
    partly_checked: int = 0  # files with input errors whose other items were checked (a ledger's other rows)


def problem_paths(result: RunResult) -> list[str]:
    """Paths of the run's own problems (settings file, missing path, empty folder) that are not
    among the checked files: each is a ``files[]`` entry of its own in JSON."""
    checked = {f.path for f in result.files}
    return list(dict.fromkeys(p.path for p in result.problems if p.path not in checked))


def summarize(result: RunResult) -> Summary:
    active = [f for f in result.findings if not f.waived]
    extra = problem_paths(result)
    return Summary(
        files=len(result.files) + len(extra),
        items=result.item_count,
        findings=len(result.findings),
        errors=sum(1 for f in active if f.severity == "error"),
        warnings=sum(1 for f in active if f.severity == "warning"),
        infos=sum(1 for f in active if f.severity == "info"),
        waived=sum(1 for f in result.findings if f.waived),
        unreadable=sum(1 for f in result.files if f.errors) + len(extra),
        input_errors=len(result.problems) + sum(len(f.errors) for f in result.files),
        partly_checked=sum(1 for f in result.files if f.errors and f.items),
    )
