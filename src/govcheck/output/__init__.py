"""Output formats: one module each, each a function from a run result to text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module

from govcheck.i18n import Lang
from govcheck.pipeline import RunResult

Formatter = Callable[[RunResult, Lang], str]

FORMATS = ("text", "json", "sarif", "junit", "github")
_MODULES = {"text": "text", "json": "json_format", "sarif": "sarif", "junit": "junit", "github": "github"}


def formatter(name: str) -> Formatter:
    render: Formatter = import_module(f"govcheck.output.{_MODULES.get(name, 'text')}").render
    return render


def chunked_formatter(name: str) -> Callable[[RunResult, Lang], Iterable[str]]:
    """The format's text in pieces where the module can stream it (json, sarif, junit), else whole."""
    module = import_module(f"govcheck.output.{_MODULES.get(name, 'text')}")
    streamed: Callable[[RunResult, Lang], Iterable[str]] | None = getattr(module, "render_chunks", None)
    if streamed is not None:
        return streamed
    render: Formatter = module.render
    return lambda result, lang: [render(result, lang)]
