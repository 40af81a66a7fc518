"""Output formats: one module each, each a function from a run result to text."""

from __future__ import annotations

from collections.abc import Callable

from govcheck.i18n import Lang
from govcheck.pipeline import RunResult

Formatter = Callable[[RunResult, Lang], str]


def formatter(name: str) -> Formatter:
    if name == "json":
        from govcheck.output.json_format import render
    else:
        from govcheck.output.text import render
    return render


FORMATS = ("text", "json")
