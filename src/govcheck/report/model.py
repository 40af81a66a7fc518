"""The report's data, in one language, shared by every report format.

Built by :mod:`govcheck.report.build` from the run's findings and the per-item
results; renderers (HTML, XLSX, Markdown, JSON) only lay it out, so the
formats cannot disagree. Values that came from a record are plain strings
here: each renderer escapes them for its own format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from govcheck.i18n import Lang
from govcheck.loading.cells import cell_of


class _LedgerLine:
    """Rows that carry a ``line``: the ledger cell behind it, for ``file:cell`` in every report format."""

    __slots__ = ()
    line: int

    @property
    def cell(self) -> str | None:
        """The ledger cell behind ``line`` (``2023年!F12``), None for a YAML line."""
        return cell_of(self.line)


@dataclass(frozen=True)
class InputFile:
    path: str
    sha256: str | None
    items: int  # items read from the file
    in_scope: int  # of which in the report's scope
    error: bool


@dataclass(frozen=True)
class Scope:
    units: tuple[str, ...]  # of the items in scope
    all_units: tuple[str, ...]  # of every item read
    period_from: dt.date | None  # as asked (--from / --to)
    period_to: dt.date | None
    first_decision: dt.date | None  # the decision dates actually found in scope
    last_decision: dt.date | None
    unit_filter: str | None
    files: int  # files in scope: with an item in scope, or unreadable
    files_read: int  # every file the run read (cross-record checks look at all of them)
    items: int
    excluded_period: int  # items outside --from/--to
    excluded_undated: int  # items without a decision date, left out because a period was asked
    excluded_unit: int
    tool_version: str
    engine: str  # the rule engine that ran (durable or plain: the same findings), as --engine names it
    rules_digest: str
    packs: tuple[str, ...]
    settings_path: str | None
    settings_sha256: str | None
    as_of: dt.date
    generated: str | None  # omitted with --reproducible
    corpus_run: bool
    inputs: tuple[InputFile, ...]


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    value: int


@dataclass(frozen=True)
class PackCount:
    pack: str
    label: str
    errors: int
    warnings: int
    infos: int
    waived: int


@dataclass(frozen=True)
class Headline:
    files: int
    items: int
    findings: int  # every finding, waived ones included (as validate's summary)
    errors: int  # not waived
    warnings: int
    infos: int
    waived: int
    unreadable: int
    items_without_error: int
    share_without_error: float | None
    tiol_items: int
    mad_items: int
    fcr_items: int
    categories: tuple[Count, ...]
    by_pack: tuple[PackCount, ...]


@dataclass(frozen=True)
class CheckRow:
    id: str
    title: str
    pack: str
    pack_label: str
    severity: str
    severity_label: str
    counted: str  # how "applicable" is counted: item | meeting | all_items | waivers | settings | not_run
    applicable: int | None
    failing: int  # distinct items (meetings, waivers) with a finding, waived ones included
    findings: int
    waived: int
    share: float | None  # failing / applicable
    basis: tuple[str, ...]


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM, or "" for items without a decision date
    items: int
    findings: int
    errors: int


@dataclass(frozen=True, slots=True)
class FindingRef:
    number: int
    check: str
    severity: str
    waived: bool
    meeting_level: bool


@dataclass(slots=True)
class ItemRow(_LedgerLine):
    number: int
    id: str
    path: str
    line: int
    title: str
    unit: str
    meeting_id: str | None
    meeting_type: str | None  # label
    decision_date: dt.date | None
    categories: tuple[str, ...]  # labels
    category_keys: tuple[str, ...]  # canonical (major_project, …)
    amount: int | None
    is_tiol: bool
    findings: list[FindingRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FindingRow(_LedgerLine):
    number: int
    check: str
    title: str
    pack: str
    severity: str
    severity_label: str
    path: str
    line: int
    item: str
    item_number: int | None  # the item it is shown on (first item of the meeting for meeting-level checks)
    decision_date: dt.date | None
    message: str
    basis: tuple[str, ...]
    waived: bool
    waiver_reason: str | None
    waiver_by: str | None
    waiver_expires: dt.date | None


@dataclass(frozen=True)
class AuditEntry:
    finding: int  # FindingRow.number
    item_number: int | None


@dataclass(frozen=True)
class AuditList:
    key: str
    title: str
    explanation: str
    checks: tuple[str, ...]
    entries: tuple[AuditEntry, ...]


@dataclass(frozen=True)
class WaiverRow:
    item: str
    check: str
    reason: str
    approved_by: str
    expires: dt.date | None
    line: int
    state: str  # active | expired | stale | unused
    state_label: str
    findings: tuple[int, ...]  # the findings it waives in this report


@dataclass(frozen=True)
class InputErrorRow(_LedgerLine):
    path: str
    line: int
    message: str
    hint: str | None


@dataclass(frozen=True)
class PaymentSummary:
    """The payments cross-check (--payments): how much money could be linked to a collective decision."""

    path: str
    count: int
    amount: int  # yuan, whole
    linked: int  # payments backed by an adopted collective decision on or before them
    linked_amount: int
    findings: tuple[tuple[str, int], ...]  # (check, findings) for the AUD checks

    @property
    def share(self) -> float | None:
        return self.linked_amount / self.amount if self.amount else None


@dataclass(frozen=True)
class Report:
    lang: Lang
    title: str
    scope: Scope
    headline: Headline
    checks: tuple[CheckRow, ...]
    trend: tuple[Month, ...]
    lists: tuple[AuditList, ...]
    items: tuple[ItemRow, ...]
    findings: tuple[FindingRow, ...]
    waivers: tuple[WaiverRow, ...]
    input_errors: tuple[InputErrorRow, ...]
    settings_path: str | None = None
    payments: PaymentSummary | None = None
