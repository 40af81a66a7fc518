"""docs/cli.md: every command and option, generated from the click commands so that it cannot drift.

Regenerate with ``python -m govcheck.clidoc docs/cli.md``; a test fails when the committed file
differs from what this module writes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

PREFACE = """\
# govcheck 命令行参考 / Command-line reference

<!-- 由 `python -m govcheck.clidoc docs/cli.md` 从命令定义生成，请勿手工修改。 Generated from the click commands; do not edit by hand. -->

每个命令的说明先中文后英文；`govcheck 命令 --help` 显示同样的内容。
Each command's text is Chinese first, then English; `govcheck COMMAND --help` shows the same.

## 退出码 / Exit codes

| 退出码 / code | 含义 / meaning |
|---|---|
| 0 | 没有达到失败严重程度（默认 `error`，见 `--fail-on`）的问题 / no finding at or above the failing severity |
| 1 | 至少有一个这样的问题 / at least one such finding |
| 2 | 输入或用法错误：文件无法读取或格式不对、设置有误、未知选项；能读取的文件仍照常报告问题 / input or usage error; the findings of the readable files are still reported |

## `--format json` 约定 / conventions

- 输出为 UTF-8，键的顺序固定，不含 ANSI 控制字符；相同输入得到逐字节相同的输出。
  UTF-8, stable key order, no ANSI; the same input gives byte-identical output.
- `findings[]`：`check`（检查项编号，稳定不变）、`severity`（`error`、`warning`、`info`）、`file`、`line`（从 1 开始，
  问题所在字段的行；缺少某项时为议题的行）、`item`（议题编号；会议层面的问题为会议编号）、`message`、`basis`、`waived`；
  台账中的记录另有 `cell`（如 `2023年!F12`），`line` 为行号。
  `check` is a stable id; `line` is 1-based; `item` is the item id, or the meeting id for a meeting-level finding;
  ledger records add `cell`.
- `files[]`：每个文件的 `path`、`sha256`、`items`，输入错误在 `error`（第一个）和 `errors`（全部，各为 `{"line", "message"}`）中。
  Input errors are in `files[].error` (the first) and `files[].errors` (all).
- `summary`：`files`、`items`、`findings`、`errors`、`warnings` 等计数；会议层面的问题每次会议只计一次。
  Counts; a meeting-level finding counts once per meeting.
- `tool.engine`：实际运行的规则引擎（`durable` 或 `plain`）。 The engine that ran.
"""


def _type(param: click.Parameter) -> str:
    kind = param.type
    if isinstance(kind, click.Choice):
        return "`" + "`、`".join(str(c) for c in kind.choices) + "`"
    if isinstance(param, click.Option) and param.is_flag:
        return ""
    if isinstance(kind, click.IntRange):
        return "整数 / N"
    if isinstance(kind, click.Path):
        return "路径 / PATH"
    return "文字 / TEXT"


def _default(param: click.Option) -> str:
    value = param.default
    if param.is_flag or value is None or callable(value) or repr(value).startswith("Sentinel"):
        return ""
    if isinstance(value, (list, tuple)):
        return ""
    return f"`{value}`"


def _names(param: click.Option) -> str:
    names = "`" + "`, `".join(param.opts) + "`"
    if param.secondary_opts:
        names += " / `" + "`, `".join(param.secondary_opts) + "`"
    return names + ("（可重复 / repeatable）" if param.multiple else "")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _usage(path: str, command: click.Command) -> str:
    parts = [path]
    if isinstance(command, click.Group):
        parts.append("COMMAND")
    elif any(isinstance(p, click.Option) for p in command.params):
        parts.append("[OPTIONS]")
    for param in command.params:
        if isinstance(param, click.Argument):
            name = param.name.upper() if param.name else "ARG"
            shown = name + ("..." if param.nargs == -1 else "")
            parts.append(shown if param.required else f"[{shown}]")
    return " ".join(parts)


def _command(path: str, command: click.Command) -> Iterator[str]:
    yield f"## `{path}`"
    yield ""
    yield f"`{_usage(path, command)}`"
    yield ""
    for paragraph in (command.help or "").split("\n\n"):
        text = " ".join(line.strip() for line in paragraph.strip().splitlines() if line.strip() != "\b")
        if text:
            yield text
            yield ""
    options = [p for p in command.params if isinstance(p, click.Option) and not p.hidden]
    if options:
        yield "| 选项 / option | 取值 / value | 默认 / default | 说明 / meaning |"
        yield "|---|---|---|---|"
        for option in options:
            yield f"| {_names(option)} | {_type(option)} | {_default(option)} | {_cell(option.help or '')} |"
        yield ""
    if isinstance(command, click.Group):
        for name in command.commands:
            yield from _command(f"{path} {name}", command.commands[name])


def render() -> str:
    from govcheck.cli import cli

    lines = [PREFACE]
    lines += list(_command("govcheck", cli))
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":  # pragma: no cover - the regeneration command
    target = sys.argv[1] if len(sys.argv) > 1 else "docs/cli.md"
    with open(target, "w", encoding="utf-8", newline="\n") as out:
        out.write(render())
