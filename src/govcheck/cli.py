"""The govcheck command line. Exit codes: 0 clean, 1 findings, 2 input or usage error."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from typing import Any

import click
import yaml

from govcheck import __version__
from govcheck.errors import InputProblems
from govcheck.i18n import SEVERITY_NAMES, Lang
from govcheck.loading import values
from govcheck.loading.schema import PACK, RECORD, SETTINGS, json_schema
from govcheck.rulebook.loader import condition_text

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

LANG_OPTION = click.option("--lang", type=click.Choice(["zh", "en"]), default=lambda: os.environ.get(
    "GOVCHECK_LANG", "zh"), show_default="zh", help="输出语言 / output language")


def write_output(text: str, path: str | None) -> None:
    """Write all or nothing: a file is replaced only once the new text is complete."""
    if path in (None, "-"):
        click.echo(text, nl=False)
        return
    assert path is not None
    folder = os.path.dirname(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".govcheck-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _parse_day(_ctx: click.Context, _param: click.Parameter, raw: str | None) -> dt.date | None:
    if raw is None:
        return None
    try:
        return values.parse_date(raw)
    except values.ValueProblem as problem:
        raise click.BadParameter(f"{problem.message.zh}（{problem.hint.zh}）") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govcheck")
def cli() -> None:
    """govcheck：三重一大集体决策合规检查。

    Checks decision records (meeting minutes in YAML) against the rules for
    collective decisions of Chinese public bodies.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式 / output format")
@LANG_OPTION
@click.option("--config", type=click.Path(dir_okay=False), help="单位设置文件 govcheck.yaml / settings file")
@click.option("--encoding", default="utf-8", show_default=True,
              help="记录文件的编码，如 gbk / encoding of the record files, e.g. gbk")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写入文件而不是标准输出 / write to a file")
@click.option("--engine", "engine_name", type=click.Choice(["durable", "plain"]), default="durable", hidden=True)
def validate(paths: tuple[str, ...], fmt: str, lang: Lang, config: str | None, encoding: str,
             output: str | None, engine_name: str) -> None:
    """检查决策记录文件或目录 / check record files and directories."""
    from govcheck.output import formatter
    from govcheck.pipeline import check_paths

    result = check_paths(list(paths), config, encoding, engine_name)
    write_output(formatter(fmt)(result, lang), output)
    if result.has_input_errors:
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_FINDINGS if any(f.severity == "error" and not f.waived for f in result.findings) else EXIT_CLEAN)


def _load_rules_or_exit(lang: Lang) -> Any:
    from govcheck.rulebook.loader import load_rules

    try:
        return load_rules()
    except InputProblems as problems:
        for error in problems.errors:
            click.echo(error.render(lang), err=True)
        sys.exit(EXIT_INPUT)


@cli.group(invoke_without_command=True)
@click.option("--on", "on_day", callback=_parse_day, help="只列出该日期有效的检查 / checks in force on DATE")
@LANG_OPTION
@click.pass_context
def rules(ctx: click.Context, on_day: dt.date | None, lang: Lang) -> None:
    """列出检查项 / list the checks."""
    ctx.obj = {"lang": lang}
    if ctx.invoked_subcommand is not None:
        return
    for rule in _load_rules_or_exit(lang):
        if on_day is not None and not rule.in_force(on_day):
            continue
        severity = rule.severity_on(on_day)
        click.echo(f"{rule.id:<32} {SEVERITY_NAMES[severity].get(lang):<8} {rule.title.get(lang)}")


@rules.command("show")
@click.argument("rule_id")
@LANG_OPTION
def rules_show(rule_id: str, lang: Lang) -> None:
    """显示一项检查的依据和示例 / show one check with its basis and examples."""
    all_rules = {rule.id: rule for rule in _load_rules_or_exit(lang)}
    rule = all_rules.get(rule_id.upper())
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id.upper(), list(all_rules), n=1)
        hint = (f"；是不是 {close[0]}？" if lang == "zh" else f"; did you mean {close[0]}?") if close else ""
        click.echo((f"没有检查项 {rule_id}" if lang == "zh" else f"no check {rule_id}") + hint
                   + ("（`govcheck rules` 列出全部）" if lang == "zh" else " (`govcheck rules` lists them)"), err=True)
        sys.exit(EXIT_INPUT)
    zh = lang == "zh"
    out = [f"{rule.id}  {rule.title.get(lang)}",
           f"{'规则包' if zh else 'pack'}: {rule.pack} ({PACK.values[rule.pack].get(lang)})",
           f"{'严重程度' if zh else 'severity'}: {SEVERITY_NAMES[rule.severity].get(lang)}"]
    for period in rule.severity_periods:
        out.append(f"  {period.effective_from or ''}–{period.effective_to or ''}: "
                   f"{SEVERITY_NAMES[period.severity].get(lang)}")
    if rule.effective_from or rule.effective_to:
        out.append(f"{'有效期' if zh else 'in force'}: {rule.effective_from or '…'} – {rule.effective_to or '…'}")
    out.append("依据：" if zh else "basis:")
    for basis in rule.basis:
        period = ""
        if basis.effective_from or basis.effective_to:
            period = f"  [{basis.effective_from or '…'} – {basis.effective_to or '…'}]"
        confidence = f"  ({'置信度' if zh else 'confidence'} {basis.confidence})" if basis.confidence else ""
        out.append(f"  - {basis.cite()}{period}{confidence}")
        if basis.note:
            out.append(f"    {basis.note}")
    out += ["", rule.description.get(lang).rstrip(), "",
            f"{'适用条件' if zh else 'applies when'}: {condition_text(rule.applies_text, lang)}",
            f"{'不合规条件' if zh else 'fails when'}: {condition_text(rule.fails_text, lang)}", ""]
    for kind, passes in ((("合规示例" if zh else "passing examples"), True),
                         (("不合规示例" if zh else "failing examples"), False)):
        out.append(kind + ":")
        for example in (e for e in rule.examples if e.passes == passes):
            out.append(f"  - {example.title.get(lang)}")
            patch = {k: v for k, v in (("settings", example.settings), ("meeting", example.meeting),
                                       ("item", example.item)) if v is not None}
            if example.remove_meeting:
                patch["meeting"] = None
            if patch:
                dumped = yaml.safe_dump(patch, allow_unicode=True, sort_keys=False, default_flow_style=None)
                out += ["      " + line for line in dumped.rstrip().splitlines()]
    click.echo("\n".join(out))


@cli.command()
@click.option("--settings", "for_settings", is_flag=True, help="输出 govcheck.yaml 的 JSON Schema / settings schema")
def schema(for_settings: bool) -> None:
    """输出记录格式的 JSON Schema / print the JSON Schema of the record format."""
    document = json_schema(SETTINGS if for_settings else RECORD)
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def main() -> None:
    """Entry point: usage errors exit 2 (click's convention); a bug never shows a bare traceback."""
    try:
        cli.main(prog_name="govcheck")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # pragma: no cover - only reached through bugs
        if os.environ.get("GOVCHECK_DEBUG"):
            raise
        click.echo(f"govcheck 内部错误 / internal error: {type(exc).__name__}: {exc}\n"
                   "请把命令和输入文件反馈给维护者（设置 GOVCHECK_DEBUG=1 可显示详细信息）。", err=True)
        sys.exit(EXIT_INTERNAL)
