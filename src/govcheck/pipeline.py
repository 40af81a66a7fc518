"""One check run: settings → rules → record files → facts → engine → findings.

Shared by ``validate`` and (later) ``report``; it returns plain results and
prints nothing, so every output format renders the same run.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govcheck.engine import Engine, EngineUnavailable, choose_engine, make_engine
from govcheck.errors import InputError, InputProblems, NotALedger
from govcheck.facts.build import Fact, facts_for_record
from govcheck.facts.corpus import (
    add_reported_meeting_days,
    add_split_groups,
    add_tender_split_groups,
    corpus_rules,
    meeting_fact,
    needed_fields,
    trim,
)
from govcheck.facts.payments import ITEM_INPUTS, add_payment_links, mark_decided_items, payment_fact
from govcheck.findings.build import make_finding
from govcheck.findings.model import Finding
from govcheck.findings.settings_checks import settings_findings
from govcheck.findings.waivers import apply_waivers
from govcheck.i18n import Text
from govcheck.jobs import run_pool, worker_count
from govcheck.loading.cells import cell_of
from govcheck.loading.discovery import display_path, find_settings, is_ledger, is_other_spreadsheet, scan_records
from govcheck.loading.record import Record, load_record
from govcheck.loading.settings import Settings, load_settings, reference_errors
from govcheck.rulebook.loader import check_rules, rules_digest
from govcheck.rulebook.model import Rule

if TYPE_CHECKING:
    from govcheck.ci.baseline import BaselineOutcome
    from govcheck.findings.why_not import NotApplied

BATCH_FACTS = 512  # facts per engine session: bounded memory inside durable-rules
CHUNK_FILES = 64  # files per unit of work (one engine session or a few); a worker's task with -j

# Optional hooks for long runs (``govcheck report``); validate passes neither.
Progress = Callable[[int, int, int], None]  # (files read, files in the run, items read so far)
# Sees each readable record and its facts, keeps what it needs. For -j it also needs
# ``fresh()`` (an empty, picklable twin for a worker), ``take()`` (what the twin kept since
# the last take) and ``absorb(kept)`` (add a worker's part, in file order); without them the
# run stays in one process.
Observer = Callable[[Record, list[Fact]], None]


@dataclass(slots=True)
class FileResult:
    """What one checked file gave: its items and meetings, and its input errors."""

    path: str
    sha256: str | None = None
    items: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)  # meeting ids, for meeting-scope checks
    meeting_items: dict[str, list[str]] = field(default_factory=dict)  # meeting id → its item ids (waivers)
    not_applied: list[NotApplied] = field(default_factory=list)  # --explain: checks that did not run, and why


@dataclass
class RunResult:
    """Everything one check run found, for every output format."""

    settings: Settings
    rules: tuple[Rule, ...] = ()
    digest: str = ""
    files: list[FileResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)  # settings, rules, paths: the run itself
    explain: bool = False  # outputs show the facts behind each finding (--explain)
    sarif_include_waived: bool = False  # SARIF keeps waived findings as suppressions (--sarif-include-waived)
    junit_per_check: bool = False  # JUnit: one test case per check and item (--junit-per-check)
    quiet: bool = False  # text output: the findings only, no summary (-q)
    baseline: BaselineOutcome | None = None  # set by ``--baseline``: what it hid and what was fixed
    engine: str = ""  # the engine that ran: durable or plain
    engine_note: Text | None = None  # why --engine auto fell back to plain
    payments: list[Any] = field(default_factory=list)  # --payments: the payment rows (ledger.payments.PaymentRow)
    payments_file: FileResult | None = None
    payment_facts: list[Fact] = field(default_factory=list)  # after linking (linked_first_day …), for the report

    @property
    def has_input_errors(self) -> bool:
        return bool(self.problems) or any(f.errors for f in self.files)

    @property
    def item_count(self) -> int:
        return sum(len(f.items) for f in self.files)


class CorpusCollector:
    """Keeps what the cross-record rules need from each record of a directory run (a corpus run)."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = corpus_rules(rules)
        self.names = needed_fields(self.rules) | set(ITEM_INPUTS)
        self.meetings: list[Fact] = []
        self.items: list[Fact] = []

    def add(self, record: Record, facts: list[Fact]) -> None:
        if not self.rules:
            return
        meeting = meeting_fact(record)
        if meeting is not None:
            self.meetings.append(meeting)
        self.items += [trim(fact, self.names) for fact in facts]

    def take(self) -> tuple[list[Fact], list[Fact]]:
        """The meetings and trimmed items kept since the last take (a worker hands them on)."""
        kept = self.meetings, self.items
        self.meetings, self.items = [], []
        return kept

    def absorb(self, meetings: list[Fact], items: list[Fact]) -> None:
        self.meetings += meetings
        self.items += items

    def findings(
        self, engine: Engine, settings: Settings, explain: bool = True, payments: list[Fact] | None = None
    ) -> list[Finding]:
        if not self.rules:
            return []
        add_split_groups(self.items, settings)
        add_tender_split_groups(self.items)
        add_reported_meeting_days(self.items, self.meetings)
        facts = self.meetings + self.items
        if payments:  # --payments: the audit pack's facts, linked to the items on the engine
            mark_decided_items(self.items)
            facts = facts + payments
            add_payment_links(facts, engine.name, settings)
        by_id = {rule.id: rule for rule in self.rules}
        reported: dict[tuple[str, int, int], Finding] = {}
        for rule_id, join_index, index, other in sorted(engine.evaluate_corpus([f.values for f in facts])):
            key = (rule_id, join_index, index)
            if key in reported:
                continue  # one finding per fact and check, naming the first other record
            rule = by_id[rule_id]
            join = rule.joins[join_index] if join_index >= 0 else None
            reported[key] = make_finding(
                rule, facts[index], settings, join, facts[other] if other >= 0 else None, explain
            )
        return list(reported.values())


@dataclass(frozen=True)
class FilePlan:
    """What every process of a run needs to check files on its own (picklable, sent to workers)."""

    settings: Settings
    rules: tuple[Rule, ...]
    engine_name: str
    encoding: str
    corpus: bool  # keep the trimmed facts the cross-record rules need
    explain: bool = True  # keep each finding's evidence (only --explain shows it)
    named: frozenset[str] = frozenset()  # paths named on the command line (a named non-ledger .xlsx is an error)


@dataclass
class ChunkOutcome:
    """One chunk of files, checked: everything the parent keeps, in file order."""

    files: list[FileResult] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)  # items read per file (0 when unreadable), for progress
    findings: list[Finding] = field(default_factory=list)  # per-item findings
    meetings: list[Fact] = field(default_factory=list)  # corpus facts (CorpusCollector)
    items: list[Fact] = field(default_factory=list)
    observed: Any = None  # the observer's part (only from a worker)


class FileChecker:
    """Reads, validates and builds facts for files and runs the per-item rules: one per process."""

    def __init__(self, plan: FilePlan, observe: Observer | None = None) -> None:
        self.plan = plan
        self.engine = make_engine(plan.rules, plan.engine_name)
        self.by_id = {rule.id: rule for rule in plan.rules}
        self.across = CorpusCollector(plan.rules) if plan.corpus else None
        self.observe = observe

    def check(self, paths: list[str], on_file: Callable[[int], None] | None = None) -> ChunkOutcome:
        settings = self.plan.settings
        outcome = ChunkOutcome()
        pending: list[Fact] = []

        def flush() -> None:
            # In fact order, then rule id: the same sequence however files are batched or split. A record's
            # facts are never split between batches, so a meeting's first finding is always in its batch.
            matches = sorted((i, r) for r, i in self.engine.evaluate([f.values for f in pending]))
            for index, rule_id in once_per_meeting(matches, pending, self.by_id):
                outcome.findings.append(
                    make_finding(self.by_id[rule_id], pending[index], settings, explain=self.plan.explain)
                )
            pending.clear()

        for path in paths:
            shown = display_path(path)
            file_result = FileResult(shown)
            outcome.files.append(file_result)
            try:
                records, file_result.errors = read_records(path, shown, self.plan.encoding, path not in self.plan.named)
            except NotALedger:
                records = []
                outcome.files.pop()  # a workbook in the folder that is not a ledger (e.g. a saved report)
            read = 0
            for record in records:  # one for YAML; every meeting of a ledger
                file_result.sha256 = record.sha256
                try:
                    facts = facts_for_record(record, settings)
                except InputProblems as problems:
                    file_result.errors += problems.errors
                    continue
                if self.observe is not None:
                    self.observe(record, facts)
                read += len(facts)
                file_result.items += [fact.item_id for fact in facts]
                file_result.meetings += list(dict.fromkeys(fact.meeting_id for fact in facts if fact.meeting_id))
                for fact in facts:
                    if fact.meeting_id:
                        file_result.meeting_items.setdefault(fact.meeting_id, []).append(fact.item_id)
                if self.plan.explain:
                    from govcheck.findings.why_not import not_applied  # only --explain (~1 ms of start-up)

                    file_result.not_applied += not_applied(self.plan.rules, facts)
                pending.extend(facts)
                if self.across is not None:
                    self.across.add(record, facts)
                if len(pending) >= BATCH_FACTS:
                    flush()
            outcome.counts.append(read)
            if on_file is not None:
                on_file(read)
        if pending:
            flush()
        if self.across is not None:
            outcome.meetings, outcome.items = self.across.take()
        return outcome


def once_per_meeting(
    matches: list[tuple[int, str]], facts: list[Fact], rules: dict[str, Rule]
) -> Iterator[tuple[int, str]]:
    """The engine's (fact, rule) matches with a meeting-scope rule kept once per meeting: on the first item
    it fires on (TIOL-MATERIALS-ADVANCE is about the meeting's materials, not about each item).

    A meeting is one record: a YAML file, or a ledger's rows with one meeting id on one sheet (the
    reader groups by sheet and id), so the same id on two sheets is two meetings, as in two files."""
    seen: set[tuple[str, str, str, str]] = set()
    for index, rule_id in matches:
        fact = facts[index]
        if rules[rule_id].scope == "meeting" and fact.meeting_id:
            sheet = (cell_of(fact.item_line) or "").rpartition("!")[0]
            key = (rule_id, fact.path, fact.meeting_id, sheet)
            if key in seen:
                continue
            seen.add(key)
        yield index, rule_id


def read_records(
    path: str, shown: str, encoding: str, found_in_directory: bool
) -> tuple[Iterable[Record], list[InputError]]:
    """The records of one file and its input errors: a YAML record, or every meeting of a ledger.

    A ledger's records come one at a time (its errors list is complete once they are all taken).
    """
    if is_other_spreadsheet(path):
        suffix = os.path.splitext(path)[1].lower()
        return [], [
            InputError(
                shown,
                0,
                Text(
                    f"govcheck 不能读取 {suffix} 工作簿（旧版 Excel、WPS 或 OpenDocument 格式），未检查",
                    f"govcheck cannot read {suffix} workbooks (old Excel, WPS or OpenDocument); not checked",
                ),
                Text(
                    "用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）再检查；不是台账的请移出记录目录，"
                    "或在 govcheck.yaml 的 exclude 中排除",
                    "open it in Excel or WPS and save it as an .xlsx workbook; if it is no ledger, move it out of "
                    "the records folder or exclude it in govcheck.yaml",
                ),
            )
        ]
    if is_ledger(path):
        from govcheck.ledger.reader import read_ledger  # openpyxl's machinery, only for a workbook

        try:
            return read_ledger(path, shown, found_in_directory)
        except InputProblems as problems:
            return [], problems.errors
    try:
        record = load_record(path, shown, encoding)
    except InputProblems as problems:
        return [], problems.errors
    return [record], []


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def read_payment_facts(path: str, settings: Settings, result: RunResult) -> list[Fact]:
    """The payments ledger (--payments) as facts; its bad cells are input errors of its own file entry."""
    from govcheck.ledger.payments import read_payments

    shown = display_path(path)
    entry = FileResult(shown)
    result.payments_file = entry
    if not os.path.isfile(path):
        entry.errors.append(
            InputError(
                shown,
                0,
                Text("找不到支出明细文件", "payments file not found"),
                Text("检查 --payments 的路径", "check the --payments path"),
            )
        )
        result.files.append(entry)
        return []
    try:
        rows, entry.errors = read_payments(path, shown)
    except InputProblems as problems:
        rows, entry.errors = [], problems.errors
    result.files.append(entry)
    result.payments = rows
    return [payment_fact(row, settings) for row in rows]


def active_rules(rules: tuple[Rule, ...], settings: Settings, payments: bool = False) -> tuple[Rule, ...]:
    """Rules of the enabled packs; the records pack is always on, the audit pack whenever --payments is given
    (a unit whose packs list predates the pack asked for the cross-check by naming the payments file)."""
    return tuple(
        r for r in rules if r.pack in settings.packs or r.pack == "records" or (payments and r.pack == "audit")
    )


def resolve_settings(paths: list[str], config: str | None, encoding: str) -> Settings:
    location = config or find_settings(paths)
    if location is None:
        return Settings()
    if config and not os.path.lexists(config):  # a FIFO or device is reported by the loader, not as "missing"
        raise InputProblems(
            [
                InputError(
                    config,
                    0,
                    Text("找不到设置文件", "settings file not found"),
                    Text("检查 --config 的路径", "check the --config path"),
                )
            ]
        )
    return load_settings(location, display_path(location), encoding)


def is_corpus_run(paths: Iterable[str], payments: str | None = None) -> bool:
    """Whether the cross-record checks run: a directory, or a ledger, which holds many meetings like a
    directory; so do the records beside a payments ledger (--payments). One YAML file is not a corpus."""
    return bool(payments) or any(os.path.isdir(p) or is_ledger(p) for p in paths)


def check_paths(
    paths: list[str],
    config: str | None = None,
    encoding: str = "utf-8",
    engine_name: str = "auto",
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    observe: Observer | None = None,
    jobs: int | None = 1,
    explain: bool = True,
    payments: str | None = None,
) -> RunResult:
    """Check records; ``as_of`` is the date waivers' expiry is judged against (default: today).

    ``progress`` is called after each file; ``observe`` gets each readable record with its
    facts (neither is kept by the pipeline, so memory stays bounded by what the observer keeps).
    ``jobs``: worker processes for reading and per-item checks (None: the usable CPUs); runs
    too small to gain from a pool stay in this process (``govcheck.jobs``). Every result is the
    same whatever ``jobs`` is. ``explain=False`` drops each finding's evidence (the facts behind
    it), which only ``--explain`` shows: most of a finding's memory.
    """
    try:
        settings = resolve_settings(paths, config, encoding)
    except InputProblems as problems:
        return RunResult(Settings(), problems=problems.errors)
    result = RunResult(settings)
    try:
        every_rule = check_rules()
        result.rules = active_rules(every_rule, settings, bool(payments))
        result.digest = rules_digest()
    except InputProblems as problems:
        result.problems = problems.errors
        return result
    result.problems = reference_errors(settings, {rule.id for rule in every_rule})
    if result.problems:
        return result
    base = os.path.dirname(os.path.abspath(settings.path)) if settings.path else None
    scan = scan_records(paths, settings.exclude, base)
    record_files = scan.files
    if payments:  # the payments ledger may sit in the minutes folder: it is never a decision record
        record_files = [f for f in record_files if not _same_file(f, payments)]
    for path in scan.missing:
        result.problems.append(
            InputError(
                path,
                0,
                Text("路径不存在", "no such file or directory"),
                Text("检查文件名和当前目录", "check the name and the working directory"),
            )
        )
    for folder, reason in scan.unreadable:  # like an unreadable file: the records in it were not checked
        result.problems.append(
            InputError(
                display_path(folder),
                0,
                Text(f"无法读取目录：{reason}", f"cannot read the folder: {reason}"),
                Text(
                    "检查该目录的读取权限，或在 govcheck.yaml 的 exclude 中排除它",
                    "check the folder's read permission, or exclude it in govcheck.yaml",
                ),
            )
        )
    unreadable = {folder for folder, _reason in scan.unreadable}
    for path in paths:
        if path in unreadable:
            continue
        if os.path.isdir(path) and not any(f == path or f.startswith(os.path.join(path, "")) for f in record_files):
            # A CI job pointed at the wrong folder must not pass silently.
            if scan_records([path], settings.exclude, base).excluded:
                where = display_path(settings.path or "govcheck.yaml")
                line = settings.lines.get("exclude", 0)
                result.problems.append(
                    InputError(
                        path,
                        0,
                        Text(
                            f"目录中的文件都被设置文件 {where} 第{line}行的 exclude 排除，没有要检查的决策记录",
                            f"every file in this directory is excluded by exclude in {where} (line {line}): no records to check",
                        ),
                        Text("检查目录名，或修改 exclude", "check the directory name, or the exclude patterns"),
                    )
                )
                continue
            result.problems.append(
                InputError(
                    path,
                    0,
                    Text(
                        "目录中没有找到决策记录（*.yaml / *.yml / *.xlsx 台账）",
                        "no decision records (*.yaml / *.yml / *.xlsx) in this directory",
                    ),
                    Text("检查目录名；记录文件以 govcheck: 1 开头", "check the directory name"),
                )
            )
    try:
        choice = choose_engine(engine_name)
    except EngineUnavailable as unavailable:
        result.problems.append(InputError("--engine", 0, unavailable.message))
        return result
    result.engine, result.engine_note = choice.name, choice.fallback
    engine_name = choice.name  # workers build the engine that was chosen here
    across = CorpusCollector(result.rules) if is_corpus_run(paths, payments) else None
    payment_facts = read_payment_facts(payments, settings, result) if payments else []
    result.payment_facts = payment_facts
    plan = FilePlan(settings, result.rules, engine_name, encoding, across is not None, explain, frozenset(paths))
    workers = worker_count(jobs, len(record_files), observe)
    chunks = [record_files[i : i + CHUNK_FILES] for i in range(0, len(record_files), CHUNK_FILES)]
    engine: Engine | None = None
    total, items_read = len(record_files), 0

    def take(outcome: ChunkOutcome) -> None:
        result.files += outcome.files
        result.findings += outcome.findings
        if across is not None:
            across.absorb(outcome.meetings, outcome.items)
        if observe is not None and workers > 1:
            observe.absorb(outcome.observed)  # type: ignore[attr-defined]

    if workers == 1:
        checker = FileChecker(plan, observe)
        engine = checker.engine
        done = 0

        def on_file(count: int) -> None:
            nonlocal done, items_read
            done += 1
            items_read += count
            if progress is not None:
                progress(done, total, items_read)

        for chunk in chunks:
            take(checker.check(chunk, on_file))
    else:
        number = 0
        for outcome in run_pool(plan, observe, chunks, workers):
            take(outcome)
            for count in outcome.counts:
                number += 1
                items_read += count
                if progress is not None:
                    progress(number, total, items_read)
    if across is not None:
        if engine is None:
            engine = make_engine(result.rules, engine_name)
        result.findings += across.findings(engine, settings, explain, payment_facts)
    result.findings += settings_findings(settings, {r.id: r for r in result.rules})
    checked = {item for f in result.files for item in (*f.items, *f.meetings)} | {f.item_id for f in payment_facts}
    meeting_items = {meeting: items for f in result.files for meeting, items in f.meeting_items.items()}
    result.findings = apply_waivers(
        result.findings,
        settings,
        {r.id: r for r in every_rule},
        as_of or dt.date.today(),
        checked,
        across is not None,
        meeting_items,
    )
    result.findings.sort(key=Finding.sort_key)
    return result
