"""One CI-facing run, shared by ``validate`` and ``hook``: check, narrow, baseline, write, exit code."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass

import click

from govcheck.ci.git import GitError, changed_since, repo_root
from govcheck.ci.policy import EXIT_INPUT, exit_code
from govcheck.ci.scope import corpus_of, focus, group_by_corpus, is_settings, merge, norm
from govcheck.errors import InputError
from govcheck.i18n import Lang, Text
from govcheck.loading.discovery import display_path, find_settings
from govcheck.output.targets import STDOUT, TargetError, parse_targets
from govcheck.pipeline import RunResult, check_paths


@dataclass(frozen=True)
class Options:
    """The output and check options of ``validate`` and ``hook``."""

    fmt: str = "text"
    lang: Lang = "zh"
    config: str | None = None
    encoding: str = "utf-8"
    outputs: tuple[str, ...] = ()
    fail_on: str = "error"
    baseline: str | None = None
    engine_name: str = "auto"
    as_of: dt.date | None = None  # the run date waivers expire against (--as-of)
    explain: bool = False
    sarif_include_waived: bool = False  # SARIF keeps waived findings as suppressions
    junit_per_check: bool = False  # JUnit: one test case per check and item, not per item
    quiet: bool = False  # -q: text output lists the findings only
    jobs: int | None = None  # -j: worker processes (None: the usable CPUs)
    payments: str | None = None  # --payments: a payments ledger for the audit pack (validate only)


def _fail(message: Text, lang: Lang) -> int:
    click.echo(("govcheck：" if lang == "zh" else "govcheck: ") + message.get(lang), err=True)
    return EXIT_INPUT


def _note(message: Text, lang: Lang) -> None:
    click.echo(("注意：" if lang == "zh" else "note: ") + message.get(lang), err=True)


def _not_records(paths: list[str], result: RunResult, lang: Lang) -> None:
    for path in paths:
        shown = display_path(path)
        if not os.path.exists(path):
            result.problems.append(InputError(shown, 0, Text("路径不存在", "no such file or directory")))
        else:
            _note(
                Text(
                    f"{shown} 不是本次检查的记录（不是 YAML 记录，或被设置中的 exclude 排除），不报告",
                    f"{shown} is not among the checked records (not a YAML record, or excluded in the "
                    "settings); nothing reported for it",
                ),
                lang,
            )


def validate(
    paths: list[str],
    opts: Options,
    only: tuple[str, ...] = (),
    since: str | None = None,
    stdin_filename: str | None = None,
) -> int:
    if stdin_filename is not None and "-" not in paths:  # a name for records that are read from files
        return _fail(
            Text(
                "--stdin-filename 只与 - 一起使用（从标准输入读取一个记录时给出它的文件名）",
                "--stdin-filename goes with - (it names the one record read from standard input)",
            ),
            opts.lang,
        )
    if "-" in paths:
        if paths != ["-"]:
            return _fail(
                Text("- （标准输入）只能单独使用，不能与其他路径同时给出", "- (standard input) must be the only path"),
                opts.lang,
            )
        try:
            parse_targets(opts.outputs, opts.fmt)
        except TargetError as problem:
            return _fail(problem.message, opts.lang)
        from govcheck.ci.stdin import check_stdin

        result = check_stdin(stdin_filename, opts.config, opts.encoding, opts.engine_name, opts.as_of, opts.explain)
        return report(result, opts, [])
    try:
        parse_targets(opts.outputs, opts.fmt)
        changed = changed_since(since, paths[0]) if since else None
    except (TargetError, GitError) as problem:
        return _fail(problem.message, opts.lang)
    result = check_paths(
        paths,
        opts.config,
        opts.encoding,
        opts.engine_name,
        opts.as_of,
        jobs=opts.jobs,
        explain=opts.explain,
        payments=opts.payments,
    )
    if only:
        _not_records(focus(result, {norm(p) for p in only}), result, opts.lang)
    if changed is not None:
        settings = opts.config or find_settings(paths)
        if settings is not None and norm(settings) in changed:
            _note(
                Text(
                    f"设置文件 {display_path(settings)} 自 {since} 以来有改动，报告全部记录的问题",
                    f"the settings {display_path(settings)} changed since {since}: reporting every record",
                ),
                opts.lang,
            )
        else:
            focus(result, changed)
    return report(result, opts, paths)


def hook(files: list[str], opts: Options) -> int:
    """For pre-commit: check each file's whole record set, report only ``files``.

    A changed settings file (govcheck.yaml) changes what every record of its set means: that set is
    checked and reported whole.
    """
    changed_settings = [f for f in files if is_settings(f)]
    files = [f for f in files if not is_settings(f)]
    if not files and not changed_settings:
        return 0
    try:
        parse_targets(opts.outputs, opts.fmt)
        root = repo_root(".")
    except TargetError as problem:
        return _fail(problem.message, opts.lang)
    except GitError:
        root = os.getcwd()
    results = []
    groups = group_by_corpus(files, root)
    whole = {corpus_of(path, root): path for path in changed_settings}
    for corpus in whole:
        groups.setdefault(corpus, [])
    for corpus, members in groups.items():
        result = check_paths(
            [corpus], opts.config, opts.encoding, opts.engine_name, opts.as_of, jobs=opts.jobs, explain=opts.explain
        )
        if corpus in whole:
            shown = display_path(whole[corpus])
            _note(
                Text(
                    f"设置文件 {shown} 有改动，报告其全部记录的问题",
                    f"the settings {shown} changed: reporting every record it covers",
                ),
                opts.lang,
            )
        else:
            _not_records(focus(result, {norm(p) for p in members}), result, opts.lang)
        results.append(result)
    return report(merge(results), opts, list(groups))


def report(result: RunResult, opts: Options, scope: list[str]) -> int:
    """Apply the baseline, write every requested output, and say how the run ends."""
    from govcheck.cli import write_pieces

    try:
        targets = parse_targets(opts.outputs, opts.fmt)
    except TargetError as problem:
        return _fail(problem.message, opts.lang)
    if opts.baseline:
        from govcheck.ci import baseline as baselines  # only with --baseline (~1.5 ms of start-up)

        try:
            baselines.apply(result, baselines.load(opts.baseline), opts.baseline, scope)
        except baselines.BaselineError as problem:
            return _fail(problem.message, opts.lang)
    from govcheck.output import chunked_formatter
    from govcheck.output.writer import OutputConflict, guard_run_outputs, say_warnings

    try:
        say_warnings(guard_run_outputs([t.path for t in targets], result, scope, opts.config, opts.baseline), opts.lang)
    except OutputConflict as conflict:
        return _fail(conflict.message, opts.lang)
    result.explain = opts.explain
    result.sarif_include_waived = opts.sarif_include_waived
    result.junit_per_check = opts.junit_per_check
    result.quiet = opts.quiet
    if result.engine_note is not None and opts.fmt == "text" and not opts.quiet:
        _note(result.engine_note, opts.lang)
    # Files first, the log's last words on stdout; each output is written as it is produced, so
    # a large run never holds a whole JSON, SARIF or JUnit text (let alone several) in memory.
    for target in sorted(targets, key=lambda t: t.path == STDOUT):
        try:
            write_pieces(chunked_formatter(target.fmt)(result, opts.lang), target.path, machine=target.fmt != "text")
        except OSError as exc:
            return _fail(
                Text(
                    f"无法写入 {target.path}：{exc.strerror or exc}",
                    f"cannot write {target.path}: {exc.strerror or exc}",
                ),
                opts.lang,
            )
    if any(target.fmt == "github" for target in targets):
        from govcheck.output import step_summary

        try:
            step_summary.append(result, opts.lang)
        except OSError as exc:
            print(f"govcheck: cannot append to $GITHUB_STEP_SUMMARY: {exc}", file=sys.stderr)
    return exit_code(result, opts.fail_on)
