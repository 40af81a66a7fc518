"""How bytes reach the console: never a crash on its encoding.

A cp1252 pipe on an English Windows PC, an ``ascii`` CI runner or a GBK console cannot encode
every character govcheck prints. Text for people degrades (unencodable characters become ``?``);
machine formats (json, sarif, junit, github, schema) on stdout are UTF-8 bytes whatever the
console says, so the tools that read them get what cli.md promises.
"""

from __future__ import annotations

import io
import sys

import click


def tolerant_console() -> None:
    """Replace what the console cannot encode instead of raising UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


def write_stdout(text: str, machine: bool) -> None:
    if not machine:
        click.echo(text, nl=False)
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream without bytes underneath (tests' StringIO): it takes text
        click.echo(text, nl=False)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
