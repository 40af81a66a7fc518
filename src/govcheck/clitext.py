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


class BilingualBadParameter(click.BadParameter):
    """A value govcheck itself refuses (a date, an encoding, an engine), worded in both languages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh


# click's usage errors, English as click words them (8.x) → Chinese: (pattern, flags, words).
# click quotes names with repr(): 'name', or "name" when the name holds a single quote.
_Q = r"""(?:'(.+?)'|"(.+?)")"""  # a quoted name; _name() takes whichever group matched


def _name(m: re.Match[str], first: int) -> str:
    return m[first] if m[first] is not None else m[first + 1]


def _suggestion(tail: str | None) -> str:
    """click's " Did you mean 'x'?" or " (Did you mean one of: 'x', 'y'?)" in Chinese; "" without one."""
    found = re.search(r"Did you mean (?:one of: )?(.+?)\?", tail or "")
    if found is None:
        return ""
    names = re.sub(r"'([^']*)'", r"\1", found[1])
    return f"，是不是 {names}？"


_MESSAGES: list[tuple[str, int, Callable[[re.Match[str]], str]]] = [
    (r"Missing argument (.+)\.$", 0, lambda m: f"缺少参数 {m[1]}"),
    (r"Missing option (.+)\.$", 0, lambda m: f"缺少必填选项 {m[1]}"),
    (r"Missing parameter: (.+)$", 0, lambda m: f"缺少参数 {m[1]}"),
    (r"Missing command\.$", 0, lambda m: "缺少子命令（加 -h 列出可用的子命令）"),
    (
        rf"No such option {_Q}\.( Did you mean .+\?| \(Did you mean one of: .+\?\))$",
        0,
        lambda m: f"没有选项 {_name(m, 1)}{_suggestion(m[3])}",
    ),
    (
        rf"No such option {_Q}\. \(Possible options: (.+)\)$",
        0,
        lambda m: f"没有选项 {_name(m, 1)}（可能是：{m[3]}）",
    ),
    (rf"No such option {_Q}\.?$", 0, lambda m: f"没有选项 {_name(m, 1)}"),
    (r"No such option: (.+)$", 0, lambda m: f"没有选项 {m[1]}"),
    (
        rf"No such command {_Q}\.( Did you mean .+\?| \(Did you mean one of: .+\?\))?$",
        0,
        lambda m: f"没有命令 {_name(m, 1)}{_suggestion(m[3])}",
    ),
    (r"Got unexpected extra arguments? \((.+)\)$", 0, lambda m: f"多余的参数：{m[1]}"),
    (rf"Option {_Q} requires an argument\.$", 0, lambda m: f"选项 {_name(m, 1)} 后面需要一个值"),
    (rf"Option {_Q} requires (\d+) arguments\.$", 0, lambda m: f"选项 {_name(m, 1)} 后面需要 {m[3]} 个值"),
    (rf"Option {_Q} does not take a value\.$", 0, lambda m: f"选项 {_name(m, 1)} 不带值"),
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
    ctx = error.ctx
    if isinstance(error, click.exceptions.NoArgsIsHelpError):
        error.show()  # a group run without its subcommand: its help, as click shows it (not an error text)
        return
    english = error.format_message()
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            option = ctx.help_option_names[0]
            click.echo(
                f"查看帮助：{ctx.command_path} {option} / Try '{ctx.command_path} {option}' for help.\n", err=True
            )
    if isinstance(error, BilingualBadParameter):
        zh = chinese(english.replace(error.message, error.zh))
    else:
        # An error click words in a way not listed above still gets a Chinese line first.
        zh = chinese(english) or "命令行用法不对，原因见下一行（英文）"
    if zh != english:
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


HELP_OPTION_HELP = "显示本帮助 / show this message and exit"


def _bilingual_help_option(command: click.Command) -> None:
    """-h/--help describes itself in both languages, as every other option does (click words it in English)."""
    made = command.get_help_option

    def get_help_option(ctx: click.Context) -> click.Option | None:
        option = made(ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    command.get_help_option = get_help_option  # type: ignore[method-assign]


def use_everywhere(group: click.Group) -> None:
    """Every command formats its help the same way (subcommands make their own contexts)."""
    _bilingual_help_option(group)
    for command in group.commands.values():
        command.context_class = Context
        if isinstance(command, click.Group):
            use_everywhere(command)
        else:
            _bilingual_help_option(command)
