"""``govcheck ledger``: the Excel ledger in and out (template, export, import).

Exit codes as everywhere: 0 done, 2 input or usage error (nothing written).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from govcheck.i18n import Lang, Text, counted

EXIT_INPUT = 2
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\s]+')  # not allowed (or awkward) in Windows file names


def _lang_option(command: Any) -> Any:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=lambda: os.environ.get("GOVCHECK_LANG", "zh"),
        show_default="zh",
        help="输出语言 / output language",
    )(command)


def _fail(lang: Lang, message: Text) -> None:
    click.echo(("错误：" if lang == "zh" else "error: ") + message.get(lang), err=True)
    sys.exit(EXIT_INPUT)


def _guard(output: str, inputs: list[str], lang: Lang, folders: list[str] | None = None) -> None:
    from govcheck.output.writer import OutputConflict, check_outputs, say_warnings

    try:
        say_warnings(check_outputs([output], inputs, folders or []), lang)
    except OutputConflict as conflict:
        _fail(lang, conflict.message)


def _save(lang: Lang, write: Any, path: str) -> None:
    try:
        write()
    except OSError as exc:
        _fail(lang, Text(f"无法写入 {path}：{exc.strerror or exc}", f"cannot write {path}: {exc.strerror or exc}"))


@click.group("ledger")
def ledger() -> None:
    """Excel 台账：模板、导出、导入 / the Excel ledger: template, export, import."""


@ledger.command("template")
@click.option("-o", "--output", required=True, metavar="FILE", help="模板文件，如 台账模板.xlsx / the template file")
@click.option("--payments", is_flag=True, help="支出明细（付款、合同）的模板 / the payments ledger's template")
@click.option("--force", is_flag=True, help="覆盖已有的文件 / overwrite an existing file")
@_lang_option
def template(output: str, payments: bool, force: bool, lang: Lang) -> None:
    """空白台账模板：表头、填写说明、下拉选项 / an empty ledger with its instructions and drop-downs."""
    if os.path.exists(output) and not force:
        _fail(
            lang,
            Text(
                f"{output} 已存在，未改动。要覆盖请加 --force",
                f"{output} already exists and was left unchanged; add --force to overwrite it",
            ),
        )
    if payments:
        from govcheck.ledger.payments import write_payments_template

        _save(lang, lambda: write_payments_template(output), output)
        done = Text(
            f"已写入支出明细模板 {output}：一行一笔支付或合同，然后运行 govcheck validate 记录目录 --payments {output}",
            f"wrote the payments template {output}: one row per payment or contract, then run "
            f"govcheck validate minutes/ --payments {output}",
        )
    else:
        from govcheck.ledger.columns import COLUMNS
        from govcheck.ledger.workbook import build_workbook, save_workbook

        _save(lang, lambda: save_workbook(build_workbook(COLUMNS, []), output), output)
        done = Text(
            f"已写入台账模板 {output}：按“填写说明”工作表填写，然后运行 govcheck validate {output}",
            f"wrote the ledger template {output}: fill it in as its 填写说明 sheet explains, then run "
            f"govcheck validate {output}",
        )
    click.echo(done.get(lang))


def _read(paths: list[str], encoding: str, lang: Lang) -> list[Any]:
    """Every record of the paths (YAML and ledgers); any input error stops the command (exit 2)."""
    from govcheck.errors import InputProblems
    from govcheck.loading.discovery import display_path, find_records
    from govcheck.pipeline import read_records, resolve_settings

    errors = []
    exclude: tuple[str, ...] = ()
    base = None
    if any(os.path.isdir(p) for p in paths):  # a folder is scanned as validate scans it: the settings' exclude
        try:
            settings = resolve_settings(paths, None, encoding)
            exclude = settings.exclude
            base = os.path.dirname(os.path.abspath(settings.path)) if settings.path else None
        except InputProblems as broken:
            errors += broken.errors
    files, missing = find_records(paths, exclude, base)
    problems = []
    for path in missing:
        problems.append(Text(f"{path}：路径不存在", f"{path}: no such file or directory"))
    records: list[Any] = []
    for path in files:
        from govcheck.ledger.reader import NotALedger

        try:
            found, file_errors = read_records(path, display_path(path), encoding, path not in paths)
        except NotALedger:
            continue
        records += found
        errors += file_errors
    for problem in problems:
        click.echo(problem.get(lang), err=True)
    for error in errors:
        click.echo(error.render(lang), err=True)
    if problems or errors:
        _fail(
            lang,
            Text(
                f"有 {len(problems) + len(errors)} 处输入错误，未写入任何文件；请先改正",
                f"{counted(len(problems) + len(errors), 'input error')}: nothing was written; fix them first",
            ),
        )
    if not records:
        _fail(lang, Text("没有找到决策记录", "no decision records found"))
    return records


@ledger.command("export")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, metavar="FILE", help="台账文件，如 台账.xlsx / the ledger file")
@click.option("--title", default="三重一大事项台账", show_default=True, help="表头上方的标题 / title above the header")
@click.option("--encoding", default="utf-8", show_default=True, help="记录文件的编码 / encoding of the records")
@_lang_option
def export(paths: tuple[str, ...], output: str, title: str, encoding: str, lang: Lang) -> None:
    """把记录写成一张台账（一行一个议题）/ write the records as a ledger, one row per item."""
    from govcheck.ledger.writer import NoSingleCell, write_ledger

    records = _read(list(paths), encoding, lang)
    _guard(output, [*paths, *(r.path for r in records)], lang, [p for p in paths if os.path.isdir(p)])
    try:
        _save(lang, lambda: write_ledger(records, output, title or None), output)
    except NoSingleCell as many:
        _fail(
            lang,
            Text(
                f"{many.where}的 {many.key} 有 {many.count} 项，台账的一行只能写一项；未写入台账。"
                "请把这份记录保留为 YAML（或拆成一项）",
                f"{many.where}has {counted(many.count, 'entry')} under {many.key}; a ledger row holds one. "
                "Nothing was written: keep this record in YAML (or reduce it to one entry)",
            ),
        )
    items = sum(len(r.data["items"]) for r in records)
    local = _local_keys([r.path for r in records], encoding)
    if local:  # x_situation and the like are the unit's own notes: the ledger has no column for them
        shown = "、".join(local[:5]) + ("……" if len(local) > 5 else "")
        click.echo(
            Text(
                f"注意：记录中的本地扩展字段（{shown}）没有对应的台账列，未写入台账；YAML 记录中仍保留",
                f"note: the records' local fields ({shown}) have no ledger column and were not written; "
                "the YAML records keep them",
            ).get(lang),
            err=True,
        )
    click.echo(
        Text(
            f"已写入 {output}：{len(records)} 份记录、{items} 个议题",
            f"wrote {output}: {counted(len(records), 'record')}, {counted(items, 'item')}",
        ).get(lang)
    )


def _local_keys(paths: list[str], encoding: str) -> list[str]:
    """The x_ keys of the YAML records among ``paths`` (validation drops them: they are read again)."""
    import yaml

    from govcheck.loading.yamlsource import decode

    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and key.startswith("x_") and key not in found:
                    found.append(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in dict.fromkeys(p for p in paths if p.lower().endswith((".yaml", ".yml"))):
        try:
            with open(path, "rb") as handle:
                walk(yaml.safe_load(decode(path, handle.read(), encoding)))
        except (OSError, yaml.YAMLError, ValueError):
            continue  # it was read once already; a second read that fails only loses the note
    return found


def record_file_name(data: Any) -> str:
    """``2023-05-12-DZ-2023-08.yaml``; an item without a meeting: ``2023-05-01-LJ-2023-03.yaml`` or its id."""
    meeting = data.get("meeting")
    if meeting is not None:
        stem = f"{meeting['date'].isoformat()}-{meeting['id']}"
    else:
        item = data["items"][0]
        day = item.get("executed_on") or (item.get("emergency") or {}).get("decided_on")
        stem = f"{day.isoformat()}-{item['id']}" if day else str(item["id"])
    return _UNSAFE.sub("-", stem).strip("-.") + ".yaml"


@ledger.command("import")
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "folder", required=True, metavar="DIR", help="写入记录的目录 / folder for the records")
@click.option("--force", is_flag=True, help="覆盖已有的记录文件 / overwrite existing record files")
@_lang_option
def import_command(workbook: str, folder: str, force: bool, lang: Lang) -> None:
    """把台账写成 YAML 记录，一次会议一个文件 / write a ledger as YAML records, one file per meeting."""
    from govcheck.ledger.yamlrecord import record_yaml
    from govcheck.loading.cells import cell_of
    from govcheck.loading.discovery import is_ledger
    from govcheck.output.writer import write_text

    if not is_ledger(workbook):
        _fail(lang, Text(f"{workbook} 不是 Excel 台账（.xlsx）", f"{workbook} is not an Excel ledger (.xlsx)"))
    records = _read([workbook], "utf-8", lang)
    target = Path(folder)
    if target.exists() and not target.is_dir():
        _fail(lang, Text(f"{folder} 不是目录", f"{folder} is not a folder"))
    names: dict[str, Any] = {}
    for record in records:
        name = record_file_name(record.data)
        if name in names:  # two meetings of one day with ids that clean to the same name
            stem = name[:-5]
            number = 2
            while f"{stem}-{number}.yaml" in names:
                number += 1
            name = f"{stem}-{number}.yaml"
        names[name] = record
    existing = [name for name in names if (target / name).exists()]
    if existing and not force:
        shown = "、".join(existing[:5]) + ("……" if len(existing) > 5 else "")
        _fail(
            lang,
            Text(
                f"{folder} 中已有 {len(existing)} 个同名记录（{shown}），未写入任何文件。要覆盖请加 --force",
                f"{counted(len(existing), 'record')} already exist in {folder} ({shown}); nothing was written. "
                "Add --force to overwrite them",
            ),
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(
            lang,
            Text(f"无法创建目录 {folder}：{exc.strerror or exc}", f"cannot create {folder}: {exc.strerror or exc}"),
        )
    for name, record in names.items():
        anchor = (
            record.data["meeting"].line_of("id")
            if record.data.get("meeting") is not None
            else record.data["items"][0].line
        )
        where = cell_of(anchor)
        source = f"{record.path} {where}" if where else record.path
        path = str(target / name)
        _save(lang, lambda p=path, r=record, s=source: write_text(record_yaml(r.data, s), p), path)
    from govcheck.ledger.reader import local_columns

    local = local_columns(workbook)
    if local:  # 备注 and x_ columns are never read: say so rather than drop them silently
        shown = "、".join(local[:5]) + ("……" if len(local) > 5 else "")
        click.echo(
            Text(
                f"注意：台账中的“{shown}”列 govcheck 不读取，未写入 YAML 记录；需要保留的请抄入记录的 x_ 字段",
                f"note: the ledger's columns {shown} are not read by govcheck and were not written to the records; "
                "copy what must be kept into x_ fields",
            ).get(lang),
            err=True,
        )
    click.echo(
        Text(
            f"已写入 {len(names)} 份记录到 {folder}：运行 govcheck validate {folder} 检查",
            f"wrote {counted(len(names), 'record')} to {folder}; check them with govcheck validate {folder}",
        ).get(lang)
    )


def examples_dir() -> Path:
    """Installed wheels carry the example records as govcheck/examples; a source checkout has examples/."""
    from importlib import resources

    packaged = Path(str(resources.files("govcheck"))) / "examples"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "examples"


def _example_records() -> dict[str, Path]:
    return {p.stem: p for p in sorted((examples_dir() / "minutes").glob("*.yaml"))}


@click.group("new")
def new() -> None:
    """新建记录 / start a new record."""


@new.command("record")
@click.option(
    "--type",
    "meeting_type",
    default="party_group",
    show_default=True,
    metavar="TYPE",
    help="会议类型（party_group、executive、standing……），none 表示未开会 / meeting type, none: no meeting",
)
@click.option(
    "--example",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="NAME",
    help="输出随 govcheck 提供的示例记录；不写 NAME 时按 --type 选一份，NAME 不对时列出全部 / "
    "a bundled example record; without NAME one of --type, an unknown NAME lists them",
)
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE", help="写入文件；- 为标准输出 / file")
@click.option("--force", is_flag=True, help="覆盖已有的文件 / overwrite an existing file")
@_lang_option
def new_record(meeting_type: str, example: str | None, output: str, force: bool, lang: Lang) -> None:
    """带中文注释的记录骨架：填好【】中的内容即可检查 / a commented record skeleton: fill in the 【】 placeholders."""
    from govcheck.loading.schema import MEETING_TYPE
    from govcheck.output.writer import write_text

    if meeting_type != "none" and meeting_type not in MEETING_TYPE.aliases:
        allowed = "、".join(MEETING_TYPE.values)
        _fail(
            lang,
            Text(
                f"未知的会议类型 {meeting_type}；可用：{allowed}、none（未开会）",
                f"unknown meeting type {meeting_type}; use one of {allowed}, none",
            ),
        )
    code = None if meeting_type == "none" else MEETING_TYPE.aliases[meeting_type]
    if example is not None:
        records = _example_records()
        if example == "":
            import yaml

            chosen = next(
                (
                    name
                    for name, path in records.items()
                    if (yaml.safe_load(path.read_text(encoding="utf-8")).get("meeting") or {}).get("type") == code
                ),
                next(iter(records), None),
            )
        else:
            chosen = example if example in records else None
        if chosen is None:
            _fail(
                lang,
                Text(
                    "没有这份示例；可用的示例：" + "、".join(records),
                    "no such example; the examples are: " + ", ".join(records),
                ),
            )
        assert chosen is not None
        text = records[chosen].read_text(encoding="utf-8")
    else:
        from govcheck.ledger.skeleton import skeleton

        text = skeleton(code)
    if output != "-" and os.path.exists(output) and not force:
        _fail(
            lang,
            Text(
                f"{output} 已存在，未改动。要覆盖请加 --force",
                f"{output} already exists and was left unchanged; add --force to overwrite it",
            ),
        )
    _save(lang, lambda: write_text(text, output), output)
    if output != "-":
        done = (
            Text(  # an example is a complete record: there is no placeholder to fill in
                f"已写入示例记录 {output}：照它的写法修改为本单位的会议，然后运行 govcheck validate {output}",
                f"wrote the example record {output}: edit it into your own meeting, then run govcheck validate {output}",
            )
            if example is not None
            else Text(
                f"已写入 {output}：把【】中的内容换成实际内容，然后运行 govcheck validate {output}",
                f"wrote {output}: replace the 【】 placeholders, then run govcheck validate {output}",
            )
        )
        click.echo(done.get(lang), err=True)
