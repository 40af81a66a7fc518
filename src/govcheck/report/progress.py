"""A one-line progress bar on stderr for long report runs, only when stderr is a terminal.

It is click's progress bar (click is already a dependency): it redraws with a carriage return and
spaces, never with raw ANSI erase sequences (``ESC[K``), which old Windows consoles print as
garbage; on Windows it sends no escape sequence at all.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

import click

from govcheck.i18n import Lang

WIDTH = 30
INTERVAL_S = 0.1  # redraw at most ten times a second


class TerminalProgress:
    """The pipeline's progress callback: files read of all, items read so far."""

    def __init__(self, lang: Lang, stream: TextIO | None = None) -> None:
        self.lang = lang
        self.stream = stream if stream is not None else sys.stderr
        self.last = 0.0
        self.bar: Any = None  # click's ProgressBar, opened at the first call (when the total is known)

    def _items(self, state: tuple[int, bool] | None) -> str | None:
        if state is None:
            return None
        items, reading_done = state
        text = f"已检查议题 {items}" if self.lang == "zh" else f"items checked {items}"
        if reading_done:
            text += "；跨记录检查…" if self.lang == "zh" else "; cross-record checks…"
        return text

    def __call__(self, files_done: int, files_total: int, items: int) -> None:
        now = time.monotonic()
        if files_done < files_total and now - self.last < INTERVAL_S:
            return
        self.last = now
        if self.bar is None:
            self.bar = click.progressbar(
                length=max(files_total, 1),
                label="读取文件" if self.lang == "zh" else "files read",
                file=self.stream,
                width=WIDTH,
                show_eta=False,
                show_percent=False,
                show_pos=True,
                item_show_func=self._items,
            )
            self.bar.__enter__()
        self.bar.update(max(0, files_done - self.bar.pos), (items, files_done == files_total))

    def phase(self, zh: str, en: str) -> None:
        """Close the bar and name what happens next (rendering the report)."""
        if self.bar is not None:
            self.finish()
            click.echo(zh if self.lang == "zh" else en, file=self.stream)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def terminal_progress(lang: Lang, stream: TextIO | None = None) -> TerminalProgress | None:
    """A progress bar when ``stream`` (stderr) is a terminal; None (silence) otherwise."""
    target = stream if stream is not None else sys.stderr
    isatty = getattr(target, "isatty", None)
    return TerminalProgress(lang, target) if isatty is not None and isatty() else None
