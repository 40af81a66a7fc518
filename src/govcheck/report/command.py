"""``govcheck report``: check like validate, then write one report file.

Same loading, settings, rules and waivers as ``validate`` (``pipeline.check_paths``).
Exit codes: 2 when any file could not be read or the settings are wrong — the
report is still written, with its input-error section — and for usage errors
(then nothing is written); otherwise 0, because the auditor asked for a report,
not a verdict. ``--fail-on error|warning|info`` makes findings in the report's
scope at or above that severity exit 1, as in validate (default ``never``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import click

from govcheck.ci.policy import EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT
from govcheck.errors import InputProblems
from govcheck.findings.model import SEVERITY_ORDER
from govcheck.i18n import Lang, Text, counted
from govcheck.report.model import Report

FORMATS = ("html", "pdf", "xlsx", "md", "json")
SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
}


@dataclass(frozen=True)
class ReportArgs:
    output: str
    fmt: str | None = None  # None: from the output file's suffix
    lang: Lang = "zh"
    config: str | None = None
    encoding: str = "utf-8"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit: str | None = None
    as_of: dt.date | None = None
    reproducible: bool = False
    fail_on: str = "never"
    engine_name: str = "auto"
    jobs: int | None = None  # -j: worker processes (None: the usable CPUs)
    payments: str | None = None  # --payments: a payments ledger for the audit pack


class UsageProblem(Exception):
    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


def _say(message: Text, lang: Lang) -> None:
    click.echo(("govcheck：" if lang == "zh" else "govcheck: ") + message.get(lang), err=True)


def choose_format(args: ReportArgs) -> str:
    if args.fmt is not None:
        return args.fmt
    suffix = os.path.splitext(args.output)[1].lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    known = "、".join(SUFFIXES)
    shown = f"扩展名 {suffix}" if suffix else "没有扩展名"
    raise UsageProblem(
        Text(
            f"无法从文件名 {args.output} 判断报告格式（{shown}）：报告文件的扩展名可以是 {known}，"
            f"或用 --format 指定（{'、'.join(FORMATS)}）",
            f"the file name {args.output} does not say which report format ({'suffix ' + suffix if suffix else 'no suffix'}): "
            f"name the file {', '.join(SUFFIXES)}, or give --format ({', '.join(FORMATS)})",
        )
    )


def render(report: Report, fmt: str) -> Iterator[bytes]:
    """The report file in pieces (HTML is written as the template produces it)."""
    if fmt == "xlsx":
        from govcheck.report import xlsx

        yield from xlsx.render_chunks(report)
    elif fmt == "html":
        from govcheck.report import html

        for chunk in html.render_chunks(report):
            yield chunk.encode("utf-8")
    elif fmt == "md":
        from govcheck.report import markdown

        for line in markdown.render_chunks(report):
            yield line.encode("utf-8")
    else:
        from govcheck.report import json_report

        for piece in json_report.render_chunks(report):
            yield piece.encode("utf-8")


def write_bytes(chunks: Iterable[bytes], path: str) -> None:
    """All or nothing, as validate's outputs (``output.writer``)."""
    from govcheck.output.writer import write_chunks

    write_chunks(chunks, path)


def write_report(report: Report, fmt: str, path: str, browser: str | None) -> None:
    """The report in ``fmt`` to ``path``; a PDF is the HTML report printed by ``browser`` (``report.pdf``)."""
    if fmt != "pdf":
        write_bytes(render(report, fmt), path)
        return
    from govcheck.report import pdf

    assert browser is not None
    with pdf.printed(render(report, "html"), browser) as printed:
        write_bytes(pdf.chunks_of(printed), path)


def generation_time(reproducible: bool) -> str | None:
    return None if reproducible else dt.datetime.now().astimezone().replace(microsecond=0).isoformat()


def run(paths: list[str], args: ReportArgs) -> int:
    from govcheck.pipeline import check_paths, is_corpus_run
    from govcheck.report.build import ReportOptions, build_report
    from govcheck.report.collect import ItemCollector
    from govcheck.report.pdf import PdfProblem, find_browser
    from govcheck.report.progress import terminal_progress
    from govcheck.rulebook.loader import load_rules

    lang = args.lang
    browser: str | None = None
    try:
        fmt = choose_format(args)
        if fmt == "pdf":
            browser = find_browser()  # before the run: without a browser there is nothing to wait for
        if args.date_from and args.date_to and args.date_from > args.date_to:
            raise UsageProblem(
                Text(
                    f"--from {args.date_from} 晚于 --to {args.date_to}",
                    f"--from {args.date_from} is after --to {args.date_to}",
                )
            )
    except (UsageProblem, PdfProblem) as problem:
        _say(problem.message, lang)
        return EXIT_INPUT
    try:
        rules = load_rules()
    except InputProblems:
        rules = ()  # check_paths reports the broken rule files as input errors of the run
    collector = ItemCollector(rules)
    progress = terminal_progress(lang)
    result = check_paths(
        paths,
        args.config,
        args.encoding,
        args.engine_name,
        args.as_of,
        progress,
        collector,
        args.jobs,
        explain=False,
        payments=args.payments,
    )
    if result.engine_note is not None:
        _say(result.engine_note, lang)
    if progress is not None:
        progress.phase("正在生成报告…", "writing the report…")
    options = ReportOptions(
        lang=lang,
        date_from=args.date_from,
        date_to=args.date_to,
        unit=args.unit,
        as_of=args.as_of or dt.date.today(),
        generated=generation_time(args.reproducible),
        corpus_run=is_corpus_run(paths, args.payments),  # the pipeline's own test: a ledger is a corpus too
    )
    report = build_report(result, collector.items, options)
    from govcheck.output.writer import OutputConflict, guard_run_outputs, say_warnings

    try:
        report_workbook = [args.output] if fmt == "xlsx" else []  # the ledger reader skips govcheck's own report
        say_warnings(guard_run_outputs([args.output], result, paths, args.config, never_read=report_workbook), lang)
    except OutputConflict as conflict:
        if progress is not None:
            progress.finish()
        _say(conflict.message, lang)
        return EXIT_INPUT
    try:
        write_report(report, fmt, args.output, browser)
    except PdfProblem as problem:
        _say(problem.message, lang)
        return EXIT_INPUT
    except OSError as exc:
        _say(
            Text(
                f"无法写入 {args.output}：{exc.strerror or exc}", f"cannot write {args.output}: {exc.strerror or exc}"
            ),
            lang,
        )
        return EXIT_INPUT
    finally:
        if progress is not None:
            progress.finish()
    _summary(report, args, lang)
    if result.has_input_errors:
        return EXIT_INPUT
    return EXIT_FINDINGS if _failing(report, args.fail_on) else EXIT_CLEAN


def _failing(report: Report, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    threshold = SEVERITY_ORDER[fail_on]
    return sum(1 for f in report.findings if not f.waived and SEVERITY_ORDER[f.severity] >= threshold)


def _summary(report: Report, args: ReportArgs, lang: Lang) -> None:
    h, s = report.headline, report.scope
    where = "标准输出" if args.output == "-" and lang == "zh" else ("stdout" if args.output == "-" else args.output)
    _say(
        Text(
            f"报告已写入 {where}：{h.items} 个议题，{h.findings} 个问题（错误 {h.errors}，警告 {h.warnings}，"
            f"已豁免 {h.waived}）",
            f"report written to {where}: {counted(h.items, 'item')}, {counted(h.findings, 'finding')} "
            f"({counted(h.errors, 'error')}, {counted(h.warnings, 'warning')}, {h.waived} waived)",
        ),
        lang,
    )
    if args.unit is not None and s.excluded_unit and not s.items:
        units = "、".join(s.all_units) or "—"
        _say(
            Text(
                f"没有单位为“{args.unit}”的议题（记录中的单位：{units}）",
                f"no item of the unit “{args.unit}” (units in the records: {units})",
            ),
            lang,
        )
    if report.input_errors:
        _say(
            Text(
                f"有 {len(report.input_errors)} 个输入错误，见报告“输入错误”部分；这些文件的议题未检查",
                f"{counted(len(report.input_errors), 'input error')}, listed in the report's input-error section; "
                "the items of those files were not checked",
            ),
            lang,
        )
