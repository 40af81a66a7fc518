"""From a check run (findings) and the per-item results to the report's data.

Scope: ``--unit`` keeps the items of that unit; ``--from`` / ``--to`` keep the
items whose decision date lies in the period (inclusive) and, when either is
given, leave out items without a decision date (their number is shown).
Every record is still read and checked, so cross-record checks see them all.
A finding belongs to the item it names; a meeting-level finding (it names the
meeting) is shown on every item of that meeting in the file and numbered once.
Findings about the settings file (expired or stale waivers) are always kept.

The headline counts are ``output.summary.summarize`` applied to the run
narrowed to the scope, so without a filter they are exactly the numbers of
``govcheck validate --format json``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass

from govcheck import __version__
from govcheck.facts.build import from_day
from govcheck.findings.model import Finding
from govcheck.findings.waivers import EXPIRED, STALE
from govcheck.i18n import SEVERITY_NAMES, Lang
from govcheck.loading.schema import CATEGORY, MEETING_TYPE, PACK
from govcheck.loading.settings import ALL_PACKS, Settings
from govcheck.output.summary import summarize
from govcheck.pipeline import FileResult, RunResult
from govcheck.report import model as m
from govcheck.report.collect import (
    ALL_ITEMS,
    NOT_RUN,
    PAYMENTS,
    PER_ITEM,
    PER_MEETING,
    SETTINGS,
    WAIVERS,
    ItemResult,
    applicability,
)
from govcheck.report.labels import label
from govcheck.report.lists import AUDIT_LISTS
from govcheck.report.sanitize import sanitize_report
from govcheck.rulebook.model import Basis, Rule

MAX_FILLED_MONTHS = 240  # a longer span lists only the months that have items


@dataclass(frozen=True)
class ReportOptions:
    lang: Lang = "zh"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit: str | None = None
    as_of: dt.date | None = None  # the waiver expiry date the run used (default today)
    generated: str | None = None  # the generation time; None with --reproducible
    corpus_run: bool = True

    @property
    def filtered(self) -> bool:
        return self.date_from is not None or self.date_to is not None or self.unit is not None


@dataclass
class _Scoped:
    items: list[ItemResult]
    excluded_period: int = 0
    excluded_undated: int = 0
    excluded_unit: int = 0


def _select(items: list[ItemResult], options: ReportOptions) -> _Scoped:
    kept = _Scoped([])
    for item in items:
        if options.unit is not None and item.unit != options.unit:
            kept.excluded_unit += 1
        elif (options.date_from or options.date_to) and item.decision_date is None:
            kept.excluded_undated += 1
        elif item.decision_date is not None and (
            (options.date_from is not None and item.decision_date < options.date_from)
            or (options.date_to is not None and item.decision_date > options.date_to)
        ):
            kept.excluded_period += 1
        else:
            kept.items.append(item)
    kept.items.sort(key=lambda i: (i.decision_date or dt.date.max, i.path, i.line))
    return kept


def _file_sha256(path: str) -> str | None:
    """The SHA-256 of a file the pipeline could not read as a record (it may still be readable as bytes)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _basis_text(basis: Basis, lang: Lang) -> str:
    start, end = basis.effective_from, basis.effective_to
    if start is None and end is None:
        return basis.cite()
    if lang == "zh":
        period = f"{start}起" if end is None else (f"至{end}" if start is None else f"{start}至{end}")
        return f"{basis.cite()}（{period}）"
    period = f"from {start}" if end is None else (f"until {end}" if start is None else f"{start} to {end}")
    return f"{basis.cite()} ({period})"


class _Builder:
    def __init__(self, result: RunResult, items: list[ItemResult], options: ReportOptions) -> None:
        self.result = result
        self.options = options
        self.lang: Lang = options.lang
        self.settings: Settings = result.settings
        self.all_units = tuple(sorted({i.unit for i in items if i.unit}))
        self.all_keys = {(i.path, i.id) for i in items} | {(i.path, i.meeting_id) for i in items if i.meeting_id}
        self.scoped = _select(items, options)
        self._labels: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.rows = [self._item_row(number, item) for number, item in enumerate(self.scoped.items, start=1)]
        self.by_item: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.by_meeting: dict[tuple[str, str], list[int]] = defaultdict(list)
        for row, item in zip(self.rows, self.scoped.items, strict=True):
            self.by_item[(item.path, item.id)].append(row.number)
            if item.meeting_id:
                self.by_meeting[(item.path, item.meeting_id)].append(row.number)
        self.findings, self.kept_findings = self._findings()

    # ------------------------------------------------------------------ items and findings

    def _category_labels(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """The categories' labels, one shared tuple per distinct list (50,000 items, a few hundred lists)."""
        labels = self._labels.get(keys)
        if labels is None:
            labels = self._labels[keys] = tuple(
                CATEGORY.values[c].get(self.lang) if c in CATEGORY.values else c for c in keys
            )
        return labels

    def _item_row(self, number: int, item: ItemResult) -> m.ItemRow:
        lang = self.lang
        return m.ItemRow(
            number=number,
            id=item.id,
            path=item.path,
            line=item.line,
            title=item.title,
            unit=item.unit,
            meeting_id=item.meeting_id,
            meeting_type=MEETING_TYPE.values[item.meeting_type].get(lang)
            if item.meeting_type in MEETING_TYPE.values
            else item.meeting_type,
            decision_date=item.decision_date,
            categories=self._category_labels(item.categories),
            category_keys=item.categories,
            amount=item.amount,
            is_tiol=item.is_tiol,
        )

    def _targets(self, finding: Finding) -> tuple[list[int], bool] | None:
        """Item numbers a finding is shown on, and whether it is meeting-level; None when out of scope."""
        key = (finding.path, finding.item)
        if key in self.by_item:
            return self.by_item[key], False
        if key in self.by_meeting:
            return self.by_meeting[key], True
        if key in self.all_keys:
            return None  # its item is outside --from/--to/--unit
        return [], False  # about the settings file (waivers): always part of the report

    def _findings(self) -> tuple[list[m.FindingRow], list[Finding]]:
        lang = self.lang
        placed: list[tuple[tuple[int, int, str, str, str], Finding, list[int], bool]] = []
        for finding in self.result.findings:
            targets = self._targets(finding)
            if targets is None:
                continue
            numbers, meeting_level = targets
            first = numbers[0] if numbers else len(self.rows) + 1
            placed.append(
                ((first, finding.line, finding.check, finding.item, finding.path), finding, numbers, meeting_level)
            )
        placed.sort(key=lambda entry: entry[0])
        packs = {rule.id: rule.pack for rule in self.result.rules}
        rows: list[m.FindingRow] = []
        for number, (_key, f, shown_on, meeting_level) in enumerate(placed, start=1):
            first_item = self.rows[shown_on[0] - 1] if shown_on else None
            rows.append(
                m.FindingRow(
                    number=number,
                    check=f.check,
                    title=f.title.get(lang),
                    pack=packs.get(f.check, "records"),
                    severity=f.severity,
                    severity_label=SEVERITY_NAMES[f.severity].get(lang),
                    path=f.path,
                    line=f.line,
                    item=f.item,
                    item_number=first_item.number if first_item else None,
                    decision_date=first_item.decision_date if first_item else None,
                    message=f.message.get(lang),
                    basis=f.basis,
                    waived=f.waived,
                    waiver_reason=f.waiver_reason,
                    waiver_by=f.waiver_by,
                    waiver_expires=f.waiver_expires,
                )
            )
            for target in shown_on:
                self.rows[target - 1].findings.append(
                    m.FindingRef(number, f.check, f.severity, f.waived, meeting_level)
                )
        return rows, [f for _key, f, _targets, _meeting in placed]

    # ------------------------------------------------------------------ sections

    def narrowed(self) -> RunResult:
        """The run as if only the scope had been checked: what validate's summary would count."""
        if not self.options.filtered:
            return dataclasses.replace(self.result, findings=self.kept_findings)
        ids: dict[str, list[str]] = defaultdict(list)
        for item in self.scoped.items:
            ids[item.path].append(item.id)
        files = [
            dataclasses.replace(f, items=ids[f.path]) if not f.errors else f
            for f in self.result.files
            if f.errors or ids.get(f.path)
        ]
        return dataclasses.replace(self.result, files=files, findings=self.kept_findings)

    def scope(self, narrowed: RunResult) -> m.Scope:
        dated = [i.decision_date for i in self.scoped.items if i.decision_date is not None]
        units = sorted({i.unit for i in self.scoped.items if i.unit})
        if not units and self.settings.unit:
            units = [self.settings.unit]
        in_scope = Counter(i.path for i in self.scoped.items)
        inputs = tuple(self._input_file(f, in_scope[f.path]) for f in self.result.files)
        settings_path = self.settings.path
        return m.Scope(
            units=tuple(units),
            all_units=self.all_units,
            period_from=self.options.date_from,
            period_to=self.options.date_to,
            first_decision=min(dated) if dated else None,
            last_decision=max(dated) if dated else None,
            unit_filter=self.options.unit,
            files=len(narrowed.files),
            files_read=len(self.result.files),
            items=len(self.scoped.items),
            excluded_period=self.scoped.excluded_period,
            excluded_undated=self.scoped.excluded_undated,
            excluded_unit=self.scoped.excluded_unit,
            tool_version=__version__,
            engine=self.result.engine,
            rules_digest=self.result.digest,
            packs=tuple(p for p in ALL_PACKS if any(r.pack == p for r in self.result.rules)),
            settings_path=settings_path,
            settings_sha256=_file_sha256(settings_path) if settings_path else None,
            as_of=self.options.as_of or dt.date.today(),
            generated=self.options.generated,
            corpus_run=self.options.corpus_run,
            inputs=inputs,
        )

    @staticmethod
    def _input_file(f: FileResult, in_scope: int) -> m.InputFile:
        sha = f.sha256 if f.sha256 is not None else _file_sha256(f.path)
        return m.InputFile(f.path, sha, len(f.items), in_scope, bool(f.errors))

    def headline(self, narrowed: RunResult) -> m.Headline:
        lang = self.lang
        s = summarize(narrowed)
        clean = sum(
            1 for row in self.rows if not any(ref.severity == "error" and not ref.waived for ref in row.findings)
        )
        categories = Counter(c for item in self.scoped.items for c in item.categories)
        by_pack: dict[str, Counter[str]] = defaultdict(Counter)
        for f in self.findings:
            by_pack[f.pack]["waived" if f.waived else f.severity] += 1
        return m.Headline(
            files=s.files,
            items=s.items,
            findings=s.findings,
            errors=s.errors,
            warnings=s.warnings,
            infos=s.infos,
            waived=s.waived,
            unreadable=s.unreadable,
            items_without_error=clean,
            share_without_error=clean / len(self.rows) if self.rows else None,
            tiol_items=sum(1 for i in self.scoped.items if i.is_tiol),
            mad_items=sum(1 for i in self.scoped.items if i.is_mad),
            fcr_items=sum(1 for i in self.scoped.items if i.is_fcr),
            categories=tuple(m.Count(key, text.get(lang), categories[key]) for key, text in CATEGORY.values.items()),
            by_pack=tuple(
                m.PackCount(p, PACK.values[p].get(lang), c["error"], c["warning"], c["info"], c["waived"])
                for p in ALL_PACKS
                if (c := by_pack.get(p)) is not None
            ),
        )

    def checks(self) -> tuple[m.CheckRow, ...]:
        lang = self.lang
        findings: dict[str, list[m.FindingRow]] = defaultdict(list)
        for f in self.findings:
            findings[f.check].append(f)
        applicable = Counter(rule_id for item in self.scoped.items for rule_id in item.applicable)
        order = {pack: index for index, pack in enumerate(ALL_PACKS)}
        rows = []
        for rule in sorted(self.result.rules, key=lambda r: (order.get(r.pack, len(order)), r.id)):
            counted = applicability(rule, self.options.corpus_run, self.result.payments_file is not None)
            base = self._applicable(rule, counted, applicable)
            mine = findings.get(rule.id, [])
            failing = len(mine) if counted in (WAIVERS, SETTINGS) else len({(f.path, f.item) for f in mine})
            severity = self.settings.severity.get(rule.id) or rule.severity
            rows.append(
                m.CheckRow(
                    id=rule.id,
                    title=rule.title.get(lang),
                    pack=rule.pack,
                    pack_label=PACK.values[rule.pack].get(lang),
                    severity=severity,
                    severity_label=SEVERITY_NAMES[severity].get(lang),
                    counted=counted,
                    applicable=base,
                    failing=failing,
                    findings=len(mine),
                    waived=sum(1 for f in mine if f.waived),
                    share=failing / base if base else None,
                    basis=tuple(_basis_text(b, lang) for b in rule.basis if b.serves(self.settings.unit_kind)),
                )
            )
        return tuple(rows)

    def _applicable(self, rule: Rule, counted: str, applicable: Counter[str]) -> int | None:
        if counted in (PER_ITEM, PER_MEETING):
            return applicable[rule.id]
        if counted == ALL_ITEMS:
            return len(self.rows)
        if counted == WAIVERS:
            return len(self.settings.waivers)
        if counted == SETTINGS:
            return 1  # the unit's settings, once
        if counted == PAYMENTS:
            return len(self.result.payments)
        assert counted == NOT_RUN
        return None

    def trend(self) -> tuple[m.Month, ...]:
        items: Counter[str] = Counter()
        findings: Counter[str] = Counter()
        errors: Counter[str] = Counter()
        for row in self.rows:
            items[_month(row.decision_date)] += 1
        for f in self.findings:
            if f.item_number is None:
                continue
            month = _month(f.decision_date)
            findings[month] += 1
            if f.severity == "error" and not f.waived:
                errors[month] += 1
        months = sorted(k for k in items if k)
        if months and _months_between(months[0], months[-1]) <= MAX_FILLED_MONTHS:
            months = _month_range(months[0], months[-1])
        if "" in items:
            months.append("")
        return tuple(m.Month(k, items[k], findings[k], errors[k]) for k in months)

    def lists(self) -> tuple[m.AuditList, ...]:
        lang = self.lang
        out = []
        for spec in AUDIT_LISTS:
            entries = []
            for f in self.findings:
                if f.check not in spec.checks:
                    continue
                if spec.category is not None and (
                    f.item_number is None or spec.category not in self.rows[f.item_number - 1].category_keys
                ):
                    continue
                entries.append(m.AuditEntry(f.number, f.item_number))
            out.append(
                m.AuditList(spec.key, spec.title.get(lang), spec.explanation.get(lang), spec.checks, tuple(entries))
            )
        return tuple(out)

    def waivers(self) -> tuple[m.WaiverRow, ...]:
        lang = self.lang
        settings_path = self.settings.path or "govcheck.yaml"
        raised = {(f.check, f.line) for f in self.result.findings if f.path == settings_path}
        used = {(f.item, f.check) for f in self.result.findings if f.waived}
        waived: dict[tuple[str, str], list[int]] = defaultdict(list)
        for f in self.findings:
            if f.waived:
                waived[(f.item, f.check)].append(f.number)
        rows = []
        for w in self.settings.waivers:
            if (EXPIRED, w.line) in raised:
                state = "expired"
            elif (STALE, w.line) in raised:
                state = "stale"
            elif (w.item, w.check) in used:
                state = "active"
            else:
                state = "unused"
            rows.append(
                m.WaiverRow(
                    w.item,
                    w.check,
                    w.reason,
                    w.approved_by,
                    w.expires,
                    w.line,
                    state,
                    label(f"state_{state}", lang),
                    tuple(waived.get((w.item, w.check), ())),
                )
            )
        return tuple(rows)

    def input_errors(self) -> tuple[m.InputErrorRow, ...]:
        lang = self.lang
        errors = list(self.result.problems) + [e for f in self.result.files for e in f.errors]
        return tuple(
            m.InputErrorRow(e.path, e.line, e.message.get(lang), e.hint.get(lang) if e.hint else None) for e in errors
        )


def _month(day: dt.date | None) -> str:
    return f"{day.year:04d}-{day.month:02d}" if day is not None else ""


def _months_between(first: str, last: str) -> int:
    (y1, m1), (y2, m2) = (map(int, first.split("-")), map(int, last.split("-")))
    return (y2 - y1) * 12 + (m2 - m1)


def _month_range(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    out = []
    while (current := f"{year:04d}-{month:02d}") <= last:
        out.append(current)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def build_report(result: RunResult, items: list[ItemResult], options: ReportOptions) -> m.Report:
    builder = _Builder(result, items, options)
    narrowed = builder.narrowed()
    # record text is cleaned and clipped once here, for every format (sanitize.py)
    return sanitize_report(
        m.Report(
            lang=options.lang,
            title=label("title", options.lang),
            scope=builder.scope(narrowed),
            headline=builder.headline(narrowed),
            checks=builder.checks(),
            trend=builder.trend(),
            lists=builder.lists(),
            items=tuple(builder.rows),
            findings=tuple(builder.findings),
            waivers=builder.waivers(),
            input_errors=builder.input_errors(),
            settings_path=result.settings.path,
            payments=_payments(result, options),
        )
    )


def _payments(result: RunResult, options: ReportOptions) -> m.PaymentSummary | None:
    """Payments in the period (by payment date) and the share of their money linked to a decision."""
    if result.payments_file is None:
        return None
    facts = [
        f
        for f in result.payment_facts
        if (options.date_from is None or from_day(f.values["payment_day"]) >= options.date_from)
        and (options.date_to is None or from_day(f.values["payment_day"]) <= options.date_to)
    ]
    backed = [
        f
        for f in facts
        if f.values.get("linked_first_day") is not None and f.values["linked_first_day"] <= f.values["payment_day"]
    ]
    shown = {f.item_id for f in facts}
    counts = Counter(f.check for f in result.findings if f.check.startswith("AUD-") and f.item in shown)
    checks = sorted(r.id for r in result.rules if r.pack == "audit")
    return m.PaymentSummary(
        result.payments_file.path,
        len(facts),
        sum(f.values["payment_amount"] for f in facts),
        len(backed),
        sum(f.values["payment_amount"] for f in backed),
        tuple((check, counts[check]) for check in checks),
    )
