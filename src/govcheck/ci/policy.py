"""Which findings fail the run (``--fail-on``), and the exit code that says so."""

from __future__ import annotations

from govcheck.findings.model import SEVERITY_ORDER
from govcheck.pipeline import RunResult

FAIL_ON = ("error", "warning", "info", "never")
EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def failing(result: RunResult, fail_on: str) -> int:
    """How many findings are at or above ``fail_on``; waived findings never count."""
    if fail_on == "never":
        return 0
    threshold = SEVERITY_ORDER[fail_on]
    return sum(1 for f in result.findings if not f.waived and SEVERITY_ORDER[f.severity] >= threshold)


def exit_code(result: RunResult, fail_on: str) -> int:
    """2 for input errors (even with findings, as cli.md says), else 1 if anything fails, else 0."""
    if result.has_input_errors:
        return EXIT_INPUT
    return EXIT_FINDINGS if failing(result, fail_on) else EXIT_CLEAN
