"""How the command line speaks for click: help that fits 80 columns with Chinese in it, and click's own
usage errors in Chinese and English.

Click wraps help by characters, but a Chinese character takes two columns in a terminal, so the
bilingual help ran past 100 columns. ``HelpFormatter`` wraps by display width (East Asian wide,
full-width and ambiguous characters count two). ``BilingualGroup`` shows click's usage errors
(``Missing argument 'PATHS...'``) as 错误：缺少参数 … followed by the English line.
"""

from __future__ import annotations

import errno
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

WIDTH = 80


def columns(text: str) -> int:
    """Terminal columns ``text`` takes: wide, full-width and ambiguous characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


_CLOSING = "，。、；：？！）》」』】〕”’,.;:?!)]}/"  # kept on the line of the character before


def _tokens(text: str) -> list[str]:
    """Break opportunities: at spaces (kept as their own token), before and after each wide character."""
    tokens: list[str] = []
    for piece in re.split(r"(\s+)", text):
        if not piece:
            continue
        if piece.isspace():
            tokens.append(" ")
            continue
        word = ""
        for ch in piece:
            wide = unicodedata.east_asian_width(ch) in "WF"
            if ch in _CLOSING and (word or tokens):
                word += ch
                continue
            if wide:
                if word:
                    tokens.append(word)
                word = ch
                tokens.append(word)
                word = ""
            else:
                if word and unicodedata.east_asian_width(word[-1]) in "WF":
                    tokens.append(word)
                    word = ""
                word += ch
        if word:
            tokens.append(word)
    return _glue_closing(tokens)


def _glue_closing(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if out and token[0] in _CLOSING and out[-1] != " ":
            out[-1] += token
        else:
            out.append(token)
    return out


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns (a single unbreakable word may be longer)."""
    lines: list[str] = []
    line = ""
    for token in _tokens(" ".join(text.split())):
        if token == " ":
            if line:
                line += " "
            continue
        if line and columns(line + token) > width:
            lines.append(line.rstrip())
            line = token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


class HelpFormatter(click.HelpFormatter):
    """click's formatter, wrapping by display width."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        super().__init__(indent_increment, WIDTH, WIDTH)
        self.width = WIDTH

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for paragraph in re.split(r"\n\s*\n", text):
            for line in wrap(paragraph.replace("\b", ""), self.width - self.current_indent):
                self.write(f"{indent}{line}\n")
            self.write("\n")
        self.buffer.pop()

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_width = min(max((columns(first) for first, _ in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if columns(first) <= first_width - col_spacing:
                self.write(" " * (first_width - columns(first)))
            else:
                self.write("\n" + " " * (first_width + self.current_indent))
            lines = wrap(second, max(self.width - first_width - self.current_indent, 20))
            self.write(f"{lines[0] if lines else ''}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_width + self.current_indent}}{line}\n")


class Context(click.Context):
    formatter_class = HelpFormatter


# click's usage errors, English as click words them (8.x) → Chinese: (pattern, flags, words)
_MESSAGES: list[tuple[str, int, Callable[[re.Match[str]], str]]] = [
    (r"Missing argument (.+)\.$", 0, lambda m: f"缺少参数 {m[1]}"),
    (r"Missing option (.+)\.$", 0, lambda m: f"缺少必填选项 {m[1]}"),
    (r"Missing parameter: (.+)$", 0, lambda m: f"缺少参数 {m[1]}"),
    (r"No such option '(.+?)'\. Did you mean '(.+)'\?$", 0, lambda m: f"没有选项 {m[1]}，是不是 {m[2]}？"),
    (
        r"No such option '(.+?)'\. \(Possible options: (.+)\)$",
        0,
        lambda m: f"没有选项 {m[1]}（可能是：{m[2]}）",
    ),
    (r"No such option '(.+)'\.?$", 0, lambda m: f"没有选项 {m[1]}"),
    (r"No such option: (.+)$", 0, lambda m: f"没有选项 {m[1]}"),
    (r"No such command '(.+)'\.$", 0, lambda m: f"没有命令 {m[1]}（govcheck -h 列出全部命令）"),
    (r"Got unexpected extra arguments? \((.+)\)$", 0, lambda m: f"多余的参数：{m[1]}"),
    (r"Option '(.+)' requires an argument\.$", 0, lambda m: f"选项 {m[1]} 后面需要一个值"),
    (r"Option '(.+)' requires (\d+) arguments\.$", 0, lambda m: f"选项 {m[1]} 后面需要 {m[2]} 个值"),
    (r"Option '(.+)' does not take a value\.$", 0, lambda m: f"选项 {m[1]} 不带值"),
    (
        r"Invalid value for (.+?): '(.*)' is not one of (.+)\.$",
        0,
        lambda m: f"{m[1]} 的值“{m[2]}”无效，可选：{m[3]}",
    ),
    (
        r"Invalid value for (.+?): '(.*)' is not a valid integer( range)?\.$",
        0,
        lambda m: f"{m[1]} 的值“{m[2]}”不是整数",
    ),
    (
        r"Invalid value for (.+?): (.+) is not in the range (.+)\.$",
        0,
        lambda m: f"{m[1]} 的值 {m[2]} 超出范围（{m[3]}）",
    ),
    (r"Invalid value for (.+?): (.+)$", re.S, lambda m: f"{m[1]} 的值无效：{m[2]}"),
]


def chinese(message: str) -> str | None:
    # Patterns are compiled here, on the rare usage error, not when every run imports the CLI.
    for pattern, flags, words in _MESSAGES:
        found = re.match(pattern, message, flags)
        if found:
            return words(found)
    return None


def show_usage_error(error: click.UsageError) -> None:
    english = error.format_message()
    ctx = error.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            option = ctx.help_option_names[0]
            click.echo(
                f"查看帮助：{ctx.command_path} {option} / Try '{ctx.command_path} {option}' for help.\n", err=True
            )
    zh = chinese(english)
    if zh is not None and zh != english:
        click.echo(f"错误：{zh}", err=True)
    click.echo(f"Error: {english}", err=True)


class BilingualGroup(click.Group):
    """The top command: click's usage errors in both languages; everything else as click does it."""

    context_class = Context

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as error:
            show_usage_error(error)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("已中止 / Aborted!", err=True)
            sys.exit(1)
        except OSError as error:
            if error.errno == errno.EPIPE:
                sys.exit(1)
            raise
        sys.exit(code if isinstance(code, int) else 0)


def use_everywhere(group: click.Group) -> None:
    """Every subcommand formats its help the same way (subcommands make their own contexts)."""
    for command in group.commands.values():
        command.context_class = Context
        if isinstance(command, click.Group):
            use_everywhere(command)
