"""A finding: one check that one item (or meeting) fails, with where and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govcheck.i18n import Text

SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One fact a rule looked at, for ``--explain``: what it means and its value in this record."""

    field: str
    meaning: Text
    value: Text


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a check found on one item (or meeting), as every output reports it."""

    check: str
    severity: str
    path: str
    line: int
    item: str
    message: Text
    basis: tuple[str, ...]
    title: Text
    waived: bool = False
    waiver_reason: str | None = None
    waiver_by: str | None = None  # who approved the waiver, and where
    waiver_expires: dt.date | None = None
    evidence: tuple[Evidence, ...] = ()  # the facts the rule looked at (--explain)
    failed_condition: str = ""  # the rule's fails_when as written

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.check, self.item)
