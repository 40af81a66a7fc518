"""The govcheck command line. Exit codes: 0 clean, 1 findings, 2 input or usage error."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click
import yaml

from govcheck import __version__
from govcheck.ci.policy import FAIL_ON
from govcheck.clitext import BilingualBadParameter, BilingualGroup, use_everywhere
from govcheck.errors import InputProblems
from govcheck.i18n import SEVERITY_NAMES, Lang, counted
from govcheck.loading import values
from govcheck.loading.schema import PACK, RECORD, SETTINGS, UNIT_KIND, json_schema
from govcheck.output.targets import FORMATS
from govcheck.rulebook.loader import condition_text

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
# One instance for every file option: a click.Path looks up its name's translation when made (gettext
# searches for catalogues each time), a tenth of a millisecond per option at every start.
FILE_PATH = click.Path(dir_okay=False)

JOBS_OPTION = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="并行进程数，默认为可用 CPU 数；-j 1 为单进程；少于 200 个文件（Windows、macOS 为 500）时总是单进程 / "
    "worker processes (default: usable CPUs; -j 1: one process; runs under 200 files, 500 on Windows and "
    "macOS, always use one)",
)
LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=lambda: os.environ.get("GOVCHECK_LANG", "zh"),
    show_default="zh",
    help="输出语言 / output language",
)


def _check_engine(_ctx: click.Context, _param: click.Parameter, raw: str) -> str:
    """``--engine durable`` where durable-rules does not run: a usage error before anything is read."""
    if raw == "durable":
        from govcheck.engine import EngineUnavailable, choose_engine

        try:
            choose_engine(raw)
        except EngineUnavailable as unavailable:
            raise BilingualBadParameter(unavailable.message.zh, unavailable.message.en) from None
    return raw


ENGINE_OPTION = click.option(
    "--engine",
    "engine_name",
    type=click.Choice(["auto", "durable", "plain"]),
    default="auto",
    callback=_check_engine,
    show_default=True,
    help="规则引擎：auto 在 durable-rules 可用时用它，否则用结果相同的 plain / rule engine: auto uses durable-rules "
    "where it works, else plain (same findings)",
)


def write_output(text: str, path: str | None, machine: bool = True) -> None:
    """Write all or nothing (see ``output.writer``); ``None`` or ``-`` is stdout.

    On stdout, machine formats (``machine``) are UTF-8 bytes whatever the console's encoding;
    text for people is written in the console's encoding, unencodable characters replaced.
    """
    if path in (None, "-"):
        from govcheck.output.console import write_stdout

        write_stdout(text, machine)
        return
    from govcheck.output.writer import write_text

    write_text(text, path)


def write_pieces(pieces: Iterable[str], path: str | None, machine: bool = True) -> None:
    """:func:`write_output` for a text that comes in pieces (all or nothing for a file, as there)."""
    if path in (None, "-"):
        from govcheck.output.console import write_stdout

        for piece in pieces:
            write_stdout(piece, machine)
        return
    from govcheck.output.writer import write_chunks

    write_chunks((piece.encode("utf-8") for piece in pieces), path)


def _parse_day(_ctx: click.Context, _param: click.Parameter, raw: str | None) -> dt.date | None:
    if raw is None:
        return None
    try:
        return values.parse_date(raw)
    except values.ValueProblem as problem:
        raise BilingualBadParameter(
            f"{problem.message.zh}（{problem.hint.zh}）", f"{problem.message.en} ({problem.hint.en})"
        ) from None


def _check_encoding(_ctx: click.Context, _param: click.Parameter, raw: str) -> str:
    from govcheck.loading.yamlsource import encoding_problem, text_codec

    try:
        text_codec(raw)
    except LookupError:
        message, hint = encoding_problem(raw)
        raise BilingualBadParameter(f"{message.zh}（{hint.zh}）", f"{message.en} ({hint.en})") from None
    return raw


@click.group(cls=BilingualGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="govcheck", help="显示版本号 / show the version")
def cli() -> None:
    """govcheck：三重一大集体决策合规检查。

    Checks decision records (meeting minutes in YAML) against the rules for
    collective decisions of Chinese public bodies.
    """


def _default_format(_ctx: click.Context, _param: click.Parameter, raw: str | None) -> str:
    """No --format: text, or github annotations when run by GitHub Actions (as yamllint does)."""
    if raw is not None:
        return raw
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _run_options(command: Callable[..., None]) -> Callable[..., None]:
    """Options shared by ``validate`` and ``hook``: what to check with, where to write, when to fail."""
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default=None,
            callback=_default_format,
            show_default="text；GitHub Actions 中为 github",
            help="输出格式 / output format",
        ),
        click.option(
            "-q",
            "--quiet",
            is_flag=True,
            help="文本和 github 输出只列问题，不写汇总行和说明 / text and github output: findings only, no summary",
        ),
        LANG_OPTION,
        click.option("--config", type=FILE_PATH, help="单位设置文件 govcheck.yaml / settings file"),
        click.option(
            "--encoding",
            default="utf-8",
            show_default=True,
            callback=_check_encoding,
            help="非 UTF-8 旧文件的编码，如 gbk；UTF-8 文件照常读取 / encoding of old non-UTF-8 files, "
            "e.g. gbk; UTF-8 files are still read as UTF-8",
        ),
        click.option(
            "-o",
            "--output",
            "outputs",
            multiple=True,
            metavar="[FORMAT:]PATH",
            help="写入文件，可重复：-o sarif:govcheck.sarif -o text:-；只写文件名则写入 --format 的输出 / "
            "write a file, repeatable; a bare PATH gets the --format output",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(FAIL_ON),
            default="error",
            show_default=True,
            help="该严重程度及以上的问题使退出码为 1 / findings at or above this severity exit 1",
        ),
        click.option(
            "--as-of",
            "as_of",
            callback=_parse_day,
            metavar="DATE",
            help="按此日期判断豁免是否到期（默认今天），便于日后复核 / judge waiver expiry on DATE",
        ),
        click.option(
            "--explain",
            is_flag=True,
            help="在每个问题下列出规则依据的事实和不合规条件 / show the facts behind each finding",
        ),
        click.option(
            "--sarif-include-waived",
            is_flag=True,
            help="SARIF 中保留已豁免的问题（作为 suppressions）；默认不写入，因 GitHub 不认 suppressions / "
            "keep waived findings in SARIF as suppressions (default: left out, GitHub ignores them)",
        ),
        click.option(
            "--junit-per-check",
            is_flag=True,
            help="JUnit 每个检查项×议题一个测试用例（默认每个议题一个，列出其全部问题）/ "
            "JUnit: one test case per check and item (default: one per item, listing its findings)",
        ),
        click.option(
            "--baseline",
            type=FILE_PATH,
            help="只报告基线文件中没有的问题 / report only findings not in this baseline file",
        ),
        ENGINE_OPTION,
        JOBS_OPTION,
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--only",
    multiple=True,
    metavar="FILE",
    help="只报告这些文件的问题，仍读取全部 PATHS 做跨记录检查 / report only these files; all PATHS are still read",
)
@click.option(
    "--changed-since",
    metavar="REF",
    help="只报告自 git REF 以来改动或未跟踪的文件 / report only files changed since git REF, or untracked",
)
@click.option(
    "--payments",
    type=FILE_PATH,
    metavar="FILE",
    help="支出明细（付款、合同台账 .xlsx），与决策记录核对（audit 规则包）/ a payments ledger to reconcile "
    "against the decisions (pack audit)",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="PATHS 为 - 时标准输入中记录的文件名：用于查找 govcheck.yaml 和显示 / "
    "the name of the record read from - (standard input): for its settings and messages",
)
@_run_options
def validate(
    paths: tuple[str, ...], only: tuple[str, ...], changed_since: str | None, stdin_filename: str | None, **options: Any
) -> None:
    """检查决策记录文件或目录；- 从标准输入读取一个记录 / check record files and directories; - reads stdin."""
    from govcheck.ci.run import Options
    from govcheck.ci.run import validate as run_validate

    sys.exit(run_validate(list(paths), Options(**options), only, changed_since, stdin_filename))


@cli.command()
@click.argument("files", nargs=-1)
@_run_options
def hook(files: tuple[str, ...], **options: Any) -> None:
    """pre-commit 钩子：检查所在记录库的全部记录，只报告给出的文件 / pre-commit hook.

    Finds the git repository, checks each file's whole record set (the folder
    of its govcheck.yaml, else the repository), and reports findings only for
    FILES.
    """
    from govcheck.ci.run import Options
    from govcheck.ci.run import hook as run_hook

    sys.exit(run_hook(list(files), Options(**options)))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    type=FILE_PATH,
    help="基线文件，如 .govcheck-baseline.json / the baseline file to write",
)
@LANG_OPTION
@click.option("--config", type=FILE_PATH, help="单位设置文件 govcheck.yaml / settings file")
@click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    callback=_check_encoding,
    help="记录文件的编码 / encoding of the record files",
)
@ENGINE_OPTION
@JOBS_OPTION
def baseline(
    paths: tuple[str, ...],
    output: str,
    lang: Lang,
    config: str | None,
    encoding: str,
    engine_name: str,
    jobs: int | None,
) -> None:
    """记录现有问题，之后 validate --baseline 只报告新问题 / record today's findings as a baseline."""
    from govcheck.ci import baseline as baselines
    from govcheck.output.writer import OutputConflict, guard_run_outputs, say_warnings
    from govcheck.pipeline import check_paths

    result = check_paths(list(paths), config, encoding, engine_name, jobs=jobs, explain=False)
    try:
        say_warnings(guard_run_outputs([output], result, paths, config), lang)
    except OutputConflict as conflict:
        click.echo(("govcheck：" if lang == "zh" else "govcheck: ") + conflict.message.get(lang), err=True)
        sys.exit(EXIT_INPUT)
    try:
        write_output(baselines.render(result, lang, output), output)
    except OSError as exc:  # a full disk, a missing folder: nothing written, said so (was exit 3)
        reason = exc.strerror or str(exc)
        click.echo(
            f"govcheck：无法写入 {output}：{reason}" if lang == "zh" else f"govcheck: cannot write {output}: {reason}",
            err=True,
        )
        sys.exit(EXIT_INPUT)
    recorded = sum(1 for f in result.findings if not f.waived)
    where = "标准输出" if output == "-" and lang == "zh" else ("stdout" if output == "-" else output)
    click.echo(
        f"基线记录了 {recorded} 个问题：{where}"
        if lang == "zh"
        else f"baseline records {counted(recorded, 'finding')}: {where}",
        err=True,
    )
    if result.has_input_errors:
        for error in list(result.problems) + [e for f in result.files for e in f.errors]:
            click.echo(("输入错误 " if lang == "zh" else "input error ") + error.render(lang), err=True)
        click.echo("这些文件的问题未记入基线 / findings of these files are not in the baseline", err=True)
        sys.exit(EXIT_INPUT)


@cli.command("report")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "xlsx", "md", "json"]),
    help="报告格式，默认按 -o 的扩展名；pdf 由本机的 Chromium、Chrome 或 Edge 打印 HTML 报告而成 / report format "
    "(default: from the -o file's extension); pdf is the HTML report printed by a local Chromium, Chrome or Edge",
)
@click.option(
    "-o", "--output", required=True, metavar="FILE", help="报告文件；- 为标准输出 / report file, - for stdout"
)
@click.option(
    "--from",
    "date_from",
    callback=_parse_day,
    metavar="DATE",
    help="只列入决策日期在此日及以后的议题 / items decided on or after DATE",
)
@click.option(
    "--to",
    "date_to",
    callback=_parse_day,
    metavar="DATE",
    help="只列入决策日期在此日及以前的议题 / items decided on or before DATE",
)
@click.option("--unit", metavar="NAME", help="只列入该单位的记录 / only records of this unit")
@LANG_OPTION
@click.option("--config", type=FILE_PATH, help="单位设置文件 govcheck.yaml / settings file")
@click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    callback=_check_encoding,
    help="非 UTF-8 旧文件的编码，如 gbk / encoding of old non-UTF-8 files, e.g. gbk",
)
@click.option(
    "--as-of",
    "as_of",
    callback=_parse_day,
    metavar="DATE",
    help="按此日期判断豁免是否到期（默认今天），便于日后复核 / judge waiver expiry on DATE",
)
@click.option(
    "--reproducible",
    is_flag=True,
    help="不写生成时间：相同输入得到逐字节相同的报告 / omit the generation time: byte-identical reports",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="never",
    show_default=True,
    help="该严重程度及以上的问题使退出码为 1 / findings at or above this severity exit 1",
)
@click.option(
    "--payments",
    type=FILE_PATH,
    metavar="FILE",
    help="支出明细（付款、合同台账 .xlsx），与决策记录核对（audit 规则包）/ a payments ledger to reconcile "
    "against the decisions (pack audit)",
)
@ENGINE_OPTION
@JOBS_OPTION
def report_command(paths: tuple[str, ...], **options: Any) -> None:
    """审计合规报告（html、pdf、xlsx、md、json）/ the auditors' compliance report.

    Exit 2 when a file could not be read (the report is still written, with
    its input errors), else 0 unless --fail-on is given.
    """
    from govcheck.report.command import ReportArgs, run

    sys.exit(run(list(paths), ReportArgs(**options)))


def _load_rules_or_exit(lang: Lang) -> Any:
    from govcheck.rulebook.loader import load_rules

    try:
        return load_rules()
    except InputProblems as problems:
        for error in problems.errors:
            click.echo(error.render(lang), err=True)
        sys.exit(EXIT_INPUT)


def _pad(text: str, width: int) -> str:
    """Pad to a display width: Chinese characters take two columns in a terminal."""
    import unicodedata

    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 1)


@cli.group(invoke_without_command=True)
@click.option("--on", "on_day", callback=_parse_day, help="只列出该日期有效的检查 / checks in force on DATE")
@click.option(
    "--fields",
    "show_fields",
    is_flag=True,
    help="列出规则条件可用的事实字段 / list the fact fields rule conditions may use",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式 / output format",
)
@LANG_OPTION
@click.pass_context
def rules(ctx: click.Context, on_day: dt.date | None, show_fields: bool, fmt: str, lang: Lang) -> None:
    """列出检查项 / list the checks."""
    ctx.obj = {"lang": lang}
    if ctx.invoked_subcommand is not None:
        return
    if fmt == "json" and not show_fields:
        chosen = [r for r in _load_rules_or_exit(lang) if on_day is None or r.in_force(on_day)]
        write_output(
            json.dumps({"rules": [_rule_json(r, on_day) for r in chosen]}, ensure_ascii=False, indent=2) + "\n", None
        )
        return
    if show_fields:
        from govcheck.facts.fields import FIELDS

        for name, spec in FIELDS.items():
            click.echo(f"{_pad(name, 30)}{_pad(spec.type, 8)}{spec.doc.get(lang)}")
        return
    for rule in _load_rules_or_exit(lang):
        if on_day is not None and not rule.in_force(on_day):
            continue
        severity = rule.severity_on(on_day)
        click.echo(f"{_pad(rule.id, 32)}{_pad(SEVERITY_NAMES[severity].get(lang), 8)}{rule.title.get(lang)}")


def _rule_json(rule: Any, on_day: dt.date | None) -> dict[str, Any]:
    """One check for ``rules --format json``: what ``rules`` and ``rules show`` print, as data."""

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": rule.id,
        "pack": rule.pack,
        "severity": rule.severity_on(on_day),
        "title": {"zh": rule.title.zh, "en": rule.title.en},
        "scope": rule.scope,
        "effective_from": day(rule.effective_from),
        "effective_to": day(rule.effective_to),
        "basis": [basis.cite() for basis in rule.basis],
    }


@rules.command("test")
@LANG_OPTION
def rules_test(lang: Lang) -> None:
    """用每条规则自带的示例检验规则（两种引擎）/ run every rule's own examples on both engines."""
    from govcheck.rulebook.examples import run_examples

    failures = [o for o in run_examples(_load_rules_or_exit(lang)) if not o.ok]
    for outcome in failures:
        expected = (
            ("应不报告" if outcome.example.passes else "应报告")
            if lang == "zh"
            else ("should stay silent" if outcome.example.passes else "should fire")
        )
        click.echo(f"{outcome.rule} [{outcome.engine}] {outcome.example.title.get(lang)}: {expected}", err=True)
    total = sum(len(rule.examples) for rule in _load_rules_or_exit(lang))
    click.echo(
        f"{total} 个示例，{len(failures)} 个不符合"
        if lang == "zh"
        else f"{counted(total, 'example')}, {len(failures)} failed"
    )
    sys.exit(EXIT_FINDINGS if failures else EXIT_CLEAN)


def _settings_unit_kind() -> str | None:
    """The unit kind of the govcheck.yaml found here (or in a parent), if it can be read."""
    from govcheck.loading.discovery import find_settings
    from govcheck.loading.settings import load_settings

    location = find_settings([])
    if location is None:
        return None
    try:
        return load_settings(location).unit_kind
    except InputProblems:
        return None


def _when_text(cond: Any, lang: Lang) -> str:
    """A basis's ``when`` in words: yes/no facts by their meaning (类别含重要干部任免), the rest as written."""
    from govcheck.findings.why_not import condition_words

    return condition_words(cond, lang)


@rules.command("show")
@click.argument("rule_id")
@click.option(
    "--unit-kind",
    type=click.Choice(["agency", "soe", "village", "all"]),
    default=None,
    help="只列出该类单位适用的依据（默认取当前目录的 govcheck.yaml；all 列出全部）/ "
    "bases for this unit kind (default: from govcheck.yaml here; all: every basis)",
)
@LANG_OPTION
def rules_show(rule_id: str, lang: Lang, unit_kind: str | None) -> None:
    """显示一项检查的依据和示例 / show one check with its basis and examples."""
    all_rules = {rule.id: rule for rule in _load_rules_or_exit(lang)}
    rule = all_rules.get(rule_id.upper())
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id.upper(), list(all_rules), n=1)
        hint = (f"；是不是 {close[0]}？" if lang == "zh" else f"; did you mean {close[0]}?") if close else ""
        click.echo(
            (f"没有检查项 {rule_id}" if lang == "zh" else f"no check {rule_id}")
            + hint
            + ("（`govcheck rules` 列出全部）" if lang == "zh" else " (`govcheck rules` lists them)"),
            err=True,
        )
        sys.exit(EXIT_INPUT)
    zh = lang == "zh"
    out = [
        f"{rule.id}  {rule.title.get(lang)}",
        f"{'规则包' if zh else 'pack'}: {rule.pack} ({PACK.values[rule.pack].get(lang)})",
        f"{'严重程度' if zh else 'severity'}: {SEVERITY_NAMES[rule.severity].get(lang)}",
    ]
    for period in rule.severity_periods:
        if period.when is not None:
            out.append(
                f"  {'当' if zh else 'when'} {condition_text(period.when_text, lang)}: "
                f"{SEVERITY_NAMES[period.severity].get(lang)}"
            )
            continue
        out.append(
            f"  {period.effective_from or ''}–{period.effective_to or ''}: {SEVERITY_NAMES[period.severity].get(lang)}"
        )
    if rule.effective_from or rule.effective_to:
        out.append(f"{'有效期' if zh else 'in force'}: {rule.effective_from or '…'} – {rule.effective_to or '…'}")
    kind = unit_kind or _settings_unit_kind()
    kind = None if kind == "all" else kind
    if kind is None:
        out.append(
            "依据：（各类单位，方括号内注明只适用于哪类单位）"
            if zh
            else "basis: (every unit kind; [for: …] marks a basis for some kinds only)"
        )
    else:
        out.append(f"依据：（{UNIT_KIND.values[kind].zh}适用的依据）" if zh else f"basis: (for a unit of kind {kind})")
    for basis in (b for b in rule.basis if b.serves(kind)) if kind else rule.basis:
        period = ""
        if basis.effective_from or basis.effective_to:
            period = f"  [{basis.effective_from or '…'} – {basis.effective_to or '…'}]"
        confidence = f"  ({'置信度' if zh else 'confidence'} {basis.confidence})" if basis.confidence else ""
        serves = ""
        if basis.kinds and kind is None:
            names = [UNIT_KIND.values[k].get(lang) for k in basis.kinds]
            serves = f"  [{'适用：' if zh else 'for: '}{'、'.join(names) if zh else ', '.join(names)}]"
        if basis.when is not None:
            serves += f"  [{'仅用于：' if zh else 'only when: '}{_when_text(basis.when, lang)}]"
        out.append(f"  - {basis.cite()}{period}{confidence}{serves}")
        if basis.note:
            out.append(f"    {basis.note}")
    out += ["", rule.description.get(lang).rstrip(), ""]
    if rule.applies_text is not None or not rule.joins:
        out += [
            f"{'适用条件' if zh else 'applies when'}: {condition_text(rule.applies_text, lang)}",
            f"{'不合规条件' if zh else 'fails when'}: {condition_text(rule.fails_text, lang)}",
        ]
        if rule.applies is not None:
            words = _when_text(rule.applies, lang)
            out.append(
                f"只检查满足以下全部条件的议题：{words}；任一条件不满足时本检查不运行，"
                "`govcheck validate --explain` 对每个议题列出未运行的检查和不满足的条件"
                if zh
                else f"runs only on items where all of this holds: {words}; where a condition does not, the check "
                "does not run, and `govcheck validate --explain` lists, per item, the checks that did not run and why"
            )
    from govcheck.rulebook.conditions import describe

    for join in rule.joins:  # cross-record checks: which fact, which others it is matched with
        match = "，".join(f"{a} == {b}" for a, b in join.match)
        when = describe(join.when) if join.when is not None else "—"
        out.append(
            (
                f"关联检查（{join.kind} 对 {join.other}）：条件 {when}；按 {match} 匹配；"
                + ("有匹配时报告" if join.exists else "没有匹配时报告")
            )
            if zh
            else (
                f"join ({join.kind} with {join.other}): when {when}; matched on {match}; "
                + ("reported when one matches" if join.exists else "reported when none matches")
            )
        )
    out.append("")
    for kind, passes in (
        (("合规示例" if zh else "passing examples"), True),
        (("不合规示例" if zh else "failing examples"), False),
    ):
        out.append(kind + ":")
        for example in (e for e in rule.examples if e.passes == passes):
            out.append(f"  - {example.title.get(lang)}")
            patch = {
                k: v
                for k, v in (("settings", example.settings), ("meeting", example.meeting), ("item", example.item))
                if v is not None
            }
            if example.remove_meeting:
                patch["meeting"] = None
            if patch:
                dumped = yaml.safe_dump(patch, allow_unicode=True, sort_keys=False, default_flow_style=None)
                out += ["      " + line for line in dumped.rstrip().splitlines()]
    click.echo("\n".join(out))


@cli.command()
@click.option("--settings", "for_settings", is_flag=True, help="输出 govcheck.yaml 的 JSON Schema / settings schema")
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    type=FILE_PATH,
    help="写入文件（UTF-8）/ write to FILE (UTF-8)",
)
def schema(for_settings: bool, output: str) -> None:
    """输出记录格式的 JSON Schema / print the JSON Schema of the record format."""
    document = json_schema(SETTINGS if for_settings else RECORD)
    try:
        write_output(json.dumps(document, ensure_ascii=False, indent=2) + "\n", output)
    except OSError as exc:
        click.echo(f"错误：无法写入 {output}：{exc.strerror or exc} / cannot write {output}", err=True)
        sys.exit(EXIT_INPUT)


@cli.command()
@click.option(
    "--category",
    "categories",
    multiple=True,
    metavar="CATEGORY",
    help="议题类别，可重复或用逗号分隔，中英文均可（如 major_project、重大项目安排）/ "
    "category, repeatable or comma-separated, English or Chinese",
)
@click.option("--amount", metavar="AMOUNT", help="金额，如 1200万、1.2亿元、3500000 / amount, e.g. 1200万")
@click.option("--date", "date", metavar="DATE", help="会议日期，如 2025-06-20 或 2025年6月20日 / meeting date")
@click.option("--mad", is_flag=True, help="列入重大行政决策事项目录 / a listed major administrative decision")
@click.option(
    "--affects-operators",
    is_flag=True,
    help="涉及经营者经济活动（公平竞争审查）/ affects operators (fair competition review)",
)
@click.option(
    "--type",
    "meeting_type",
    metavar="TYPE",
    help="会议类型，默认为第一个集体决策会议类型（--mad 时为第一个重大行政决策会议类型）/ meeting type",
)
@click.option("--config", type=FILE_PATH, help="单位设置文件 govcheck.yaml / settings file")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json", "html"]),
    help="清单格式：text（默认）、md、json、html（可打印的 A4 表格，手工勾选、签字）；写文件时默认按 -o 的扩展名 / "
    "text (default), md, json, or html (an A4 form to fill in by hand); with -o, from the file's extension",
)
@click.option("-o", "--output", metavar="FILE", help="写入文件（默认标准输出）/ write to FILE (default: stdout)")
@LANG_OPTION
def checklist(
    categories: tuple[str, ...],
    amount: str | None,
    date: str | None,
    mad: bool,
    affects_operators: bool,
    meeting_type: str | None,
    config: str | None,
    fmt: str | None,
    output: str | None,
    lang: Lang,
) -> None:
    """会前清单：一个事项需要哪些程序、每一步最迟何时完成 / the steps a planned item needs, and by when."""
    from govcheck.errors import InputProblems
    from govcheck.output.writer import write_text
    from govcheck.planning.checklist import PlanningError
    from govcheck.planning.command import (
        ArgumentProblem,
        ChecklistArgs,
        checklist_text,
        choose_format,
        render_problem,
    )

    args = ChecklistArgs(categories, date, amount, mad, affects_operators, meeting_type)
    try:
        text = checklist_text(args, config, lang, choose_format(fmt, output))
    except (ArgumentProblem, PlanningError, InputProblems) as problem:
        click.echo(render_problem(problem, lang), err=True)
        sys.exit(EXIT_INPUT)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_text(text, output)
    except OSError as exc:
        click.echo(f"错误：无法写入 {output}：{exc.strerror or exc} / cannot write {output}", err=True)
        sys.exit(EXIT_INPUT)
    if output != "-":
        click.echo(f"清单已写入 {output}" if lang == "zh" else f"checklist written to {output}", err=True)


def _interactive() -> bool:
    """Whether `govcheck init` may ask (a person at a terminal, not CI or a pipe)."""
    return sys.stdin.isatty()


def _init_answers(unit_kind: str | None, government: bool | None, zh: bool) -> tuple[str, bool]:
    """Ask what the options did not say, only at a terminal; otherwise take the defaults (never block CI)."""
    interactive = _interactive()
    if unit_kind is None:
        unit_kind = "agency"
        if interactive:
            unit_kind = click.prompt(
                "单位类型：agency 党政机关/事业单位，soe 国有企业，village 村级组织"
                if zh
                else "unit kind: agency (Party/government body), soe (state-owned enterprise), village",
                type=click.Choice(["agency", "soe", "village"]),
                default="agency",
                err=True,
            )
    if government is None:
        government = True
        if interactive and unit_kind == "agency":
            government = click.confirm(
                "本单位是人民政府吗？（否：政府工作部门，重大行政决策参照执行，由行政办公会决定）"
                if zh
                else "is the unit a people's government? (no: a department, MAD by reference, decided at its executive "
                "meeting)",
                default=True,
                err=True,
            )
    return unit_kind, government


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="覆盖已有的 govcheck.yaml / overwrite an existing govcheck.yaml")
@click.option(
    "--unit-kind",
    type=click.Choice(["agency", "soe", "village"]),
    default=None,
    help="单位类型：agency 党政机关（默认）、soe 国有企业、village 村级组织 / unit kind (default agency)",
)
@click.option(
    "--government/--department",
    "government",
    default=None,
    help="人民政府（默认；重大行政决策由常务会议、全体会议决定）或政府工作部门（参照执行，条例第四十二条，"
    "由行政办公会决定）/ a people's government (default) or a department (MAD by reference)",
)
@click.option(
    "--editor",
    is_flag=True,
    help="只写 VS Code 的 YAML 架构设置（.vscode/settings.json 的 yaml.schemas），不生成 govcheck.yaml / "
    "only set up VS Code: the yaml.schemas mapping in .vscode/settings.json",
)
@click.option(
    "--records",
    default="minutes",
    show_default=True,
    metavar="FOLDER",
    help="--editor：记录所在的文件夹，相对于 DIRECTORY / --editor: the records folder, relative to DIRECTORY",
)
@LANG_OPTION
def init(
    directory: str, force: bool, unit_kind: str | None, government: bool | None, editor: bool, records: str, lang: Lang
) -> None:
    """为新单位生成带注释的 govcheck.yaml / write a commented govcheck.yaml for a new unit."""
    from govcheck.planning.init_template import AlreadyExists, write_settings

    zh = lang == "zh"
    if editor:
        sys.exit(_init_editor(directory, records, zh))
    unit_kind, government = _init_answers(unit_kind, government, zh)
    try:
        path = write_settings(directory, force, unit_kind, government)
    except AlreadyExists as exists:
        click.echo(
            f"错误：{exists.path} 已存在，未改动。要覆盖请加 --force"
            if zh
            else f"error: {exists.path} already exists and was left unchanged; add --force to overwrite it",
            err=True,
        )
        sys.exit(EXIT_INPUT)
    except OSError as exc:
        click.echo(
            f"错误：无法写入 {directory}：{exc.strerror or exc}"
            if zh
            else f"error: cannot write to {directory}: {exc.strerror or exc}",
            err=True,
        )
        sys.exit(EXIT_INPUT)
    click.echo(
        f"已写入 {path}：请按注释填写单位名称、主要负责人和班子名册，然后运行 govcheck validate"
        if zh
        else f"wrote {path}: fill in the unit, principal and roster as the comments explain, then run govcheck validate"
    )


def _add_groups() -> None:
    from govcheck.ledger.command import ledger, new

    cli.add_command(ledger)
    cli.add_command(new)


_add_groups()


def _init_editor(directory: str, records: str, zh: bool) -> int:
    """``init --editor``: the schemas in .vscode/ and their yaml.schemas mapping, merged, never clobbered."""
    from govcheck.planning.editor import EditorProblem, write_editor_files

    folder = records.replace("\\", "/").strip("/")
    if folder in ("", ".") or folder.startswith("../") or os.path.isabs(records):
        click.echo(
            "错误：--records 应为 DIRECTORY 下的子文件夹（如 minutes）：记录与 govcheck.yaml 在同一文件夹时，"
            "文件夹模式会把 govcheck.yaml 和其他 YAML 也当作记录；请在每个记录首行写 "
            "# yaml-language-server: $schema=…（见 README）"
            if zh
            else "error: --records must be a sub-folder of DIRECTORY (such as minutes): with the records beside "
            "govcheck.yaml the folder pattern would take it and every other YAML file for records; put a "
            "# yaml-language-server: $schema=… line atop each record instead (see the README)",
            err=True,
        )
        return EXIT_INPUT
    try:
        written = write_editor_files(directory, folder)
    except EditorProblem as problem:
        click.echo(("错误：" if zh else "error: ") + problem.message.get("zh" if zh else "en"), err=True)
        click.echo(problem.snippet, err=True)
        return EXIT_INPUT
    except OSError as exc:
        click.echo(
            f"错误：无法写入 {directory}：{exc.strerror or exc}"
            if zh
            else f"error: cannot write to {directory}: {exc.strerror or exc}",
            err=True,
        )
        return EXIT_INPUT
    how = ("并入已有的" if written.merged else "写入") if zh else ("merged into" if written.merged else "wrote")
    click.echo(
        f"已{how} {written.settings_json}：{folder}/ 下的记录按记录格式、govcheck.yaml 按单位设置格式检查"
        "（需安装 VS Code 的 YAML 扩展，Red Hat 出品）"
        if zh
        else f"{how} {written.settings_json}: records under {folder}/ get the record schema, govcheck.yaml the "
        "settings schema (needs the YAML extension by Red Hat in VS Code)"
    )
    if not os.path.isdir(os.path.join(directory, folder)):
        click.echo(
            f"注意：{folder}/ 尚不存在；记录放在别处时用 --records 指定"
            if zh
            else f"note: {folder}/ does not exist yet; give --records if the records live elsewhere",
            err=True,
        )
    return EXIT_CLEAN


use_everywhere(cli)


def main() -> None:
    """Entry point: usage errors exit 2 (click's convention); a bug never shows a bare traceback.

    It ends the process: every way out is SystemExit (or, with GOVCHECK_DEBUG, the bug's exception)."""
    from govcheck.output.console import tolerant_console

    tolerant_console()
    try:
        cli.main(prog_name="govcheck")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # pragma: no cover - only reached through bugs
        if os.environ.get("GOVCHECK_DEBUG"):
            raise
        click.echo(
            f"govcheck 内部错误 / internal error: {type(exc).__name__}: {exc}\n"
            "请把命令和输入文件反馈给维护者（设置 GOVCHECK_DEBUG=1 可显示详细信息）。",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    finally:
        # The process's memory goes back with the process. Frozen, its objects are skipped by the
        # garbage collections Python runs while shutting down, which otherwise take ~15 ms of a
        # one-file run (modules, classes, the rulebook; no measurable change for 1,000 files).
        # Outputs are written and closed by now; the standard streams are flushed at exit as always.
        gc.freeze()
