"""A one-line progress bar on stderr for long report runs, only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from govcheck.i18n import Lang

WIDTH = 30
INTERVAL_S = 0.1  # redraw at most ten times a second


class TerminalProgress:
    """The pipeline's progress callback: files read of all, items read so far."""

    def __init__(self, lang: Lang, stream: TextIO | None = None) -> None:
        self.lang = lang
        self.stream = stream if stream is not None else sys.stderr
        self.last = 0.0
        self.drawn = False

    def __call__(self, files_done: int, files_total: int, items: int) -> None:
        now = time.monotonic()
        if files_done < files_total and now - self.last < INTERVAL_S:
            return
        self.last = now
        filled = WIDTH * files_done // files_total if files_total else WIDTH
        bar = "█" * filled + "░" * (WIDTH - filled)
        text = (f"读取文件 {files_done}/{files_total}，已检查议题 {items}" if self.lang == "zh"
                else f"files read {files_done}/{files_total}, items checked {items}")
        if files_done == files_total:
            text += "；跨记录检查…" if self.lang == "zh" else "; cross-record checks…"
        self.stream.write(f"\r{bar} {text}\x1b[K")
        self.stream.flush()
        self.drawn = True

    def phase(self, zh: str, en: str) -> None:
        """Replace the bar by the name of what happens next (cross-record checks, rendering)."""
        if self.drawn:
            self.stream.write(f"\r{zh if self.lang == 'zh' else en}\x1b[K")
            self.stream.flush()

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False


def terminal_progress(lang: Lang, stream: TextIO | None = None) -> TerminalProgress | None:
    """A progress bar when ``stream`` (stderr) is a terminal; None (silence) otherwise."""
    target = stream if stream is not None else sys.stderr
    isatty = getattr(target, "isatty", None)
    return TerminalProgress(lang, target) if isatty is not None and isatty() else None
