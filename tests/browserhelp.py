"""Headless Chromium for the report's browser tests: found like ``govcheck report --format pdf`` finds it,
driven over the DevTools protocol on ``--remote-debugging-pipe`` (JSON messages ending in NUL on file
descriptors 3 and 4: the standard library is enough, no websocket and no new dependency).

``layout(url, width, media)`` loads a page at a viewport width, with screen or print media emulated,
and returns what ``MEASURE_JS`` measured in the DOM: every table cell whose content is wider than its
box, every table wider than the page or its container.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = next(
    (
        p
        for p in (
            os.environ.get("GOVCHECK_CHROMIUM"),
            shutil.which("chromium"),
            shutil.which("chromium-browser"),
            "/usr/bin/chromium",
        )
        if p and os.path.exists(p)
    ),
    None,
)

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

TIMEOUT_S = 180
A4_CONTENT_PX = round((210 - 2 * 12) / 25.4 * 96)  # the report's @page: A4, 12 mm left and right margins

#: Runs in the page: which cells overflow, which tables are too wide. Cells are named by section,
#: table class, row and column, with the start of their text, so a failure says where to look.
MEASURE_JS = r"""
(() => {
  const page = document.documentElement.clientWidth;
  const problems = [];
  const where = (el) => {
    const section = el.closest('section');
    const table = el.closest('table');
    const row = el.closest('tr');
    return (section ? section.id : 'page') + ' table.' + (table ? table.className || '-' : '-') +
      (row ? ' row ' + row.rowIndex : '') + (el.cellIndex !== undefined ? ' col ' + el.cellIndex : '');
  };
  const text = (el) => el.textContent.trim().replace(/\s+/g, ' ').slice(0, 60);
  const tables = document.querySelectorAll('table');
  for (const table of tables) {
    const box = table.getBoundingClientRect();
    const parent = table.parentElement.getBoundingClientRect();
    if (box.right > page + 0.5 || box.left < -0.5 || box.right > parent.right + 1) {
      problems.push({kind: 'table wider than the page', where: where(table), width: box.width, page: page,
                     container: parent.width});
    }
  }
  const cells = document.querySelectorAll('td, th');
  for (const cell of cells) {
    const box = cell.getBoundingClientRect();
    if (cell.scrollWidth > cell.clientWidth + 1) {
      problems.push({kind: 'cell content wider than the cell', where: where(cell), text: text(cell),
                     content: cell.scrollWidth, cell: cell.clientWidth});
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(cell);
    for (const rect of range.getClientRects()) {
      if (rect.width > 0 && (rect.right > box.right + 0.5 || rect.left < box.left - 0.5)) {
        problems.push({kind: 'cell text outside the cell', where: where(cell), text: text(cell),
                       text_right: rect.right, cell_right: box.right});
        break;
      }
    }
  }
  return {page: page, scroll_width: document.documentElement.scrollWidth, tables: tables.length,
          cells: cells.length, problems: problems};
})()
"""


class BrowserError(RuntimeError):
    pass


@dataclass
class Browser:
    """One headless Chromium, spoken to over the DevTools pipe."""

    profile: Path
    process: subprocess.Popen[bytes] = field(init=False)
    _next_id: int = field(init=False, default=0)
    _buffer: bytes = field(init=False, default=b"")
    _events: list[dict[str, Any]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        assert CHROMIUM is not None
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()

        def child_fds() -> None:  # the protocol's fixed descriptors: 3 reads commands, 4 writes answers
            commands, answers = os.dup(to_browser_r), os.dup(from_browser_w)  # above 4 or harmless: 3 < 4
            os.dup2(commands, 3)
            os.dup2(answers, 4)

        # close_fds=False keeps the dup2'ed 3 and 4; every other descriptor of this process is
        # non-inheritable (PEP 446) and closes at exec anyway
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=child_fds,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._write = os.fdopen(to_browser_w, "wb", buffering=0)
        self._read = from_browser_r

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._write.close()
        os.close(self._read)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        self._write.write(json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            answer = self._message(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            self._events.append(answer)

    def wait_for(self, event: str, session: str) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            for number, seen in enumerate(self._events):
                if seen.get("method") == event and seen.get("sessionId") == session:
                    del self._events[: number + 1]
                    return
            self._events.append(self._message(deadline))

    def open(self, url: str, width: int | None = None, media: str | None = None, height: int = 1000) -> str:
        """A new tab showing ``url`` (at ``width`` CSS pixels, with ``media`` emulated); its session id."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session)
        if width is not None:
            self.send(
                "Emulation.setDeviceMetricsOverride",
                session,
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=False,
            )
            self.send("Emulation.setScrollbarsHidden", session, hidden=True)
        if media is not None:
            self.send("Emulation.setEmulatedMedia", session, media=media)
        self.send("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired", session)
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        answer = self.send("Runtime.evaluate", session, expression=expression, returnByValue=True)
        if "exceptionDetails" in answer:
            raise BrowserError(f"script failed: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def layout(self, url: str, width: int, media: str) -> dict[str, Any]:
        session = self.open(url, width, media)
        measured: dict[str, Any] = self.evaluate(session, MEASURE_JS)
        return measured

    def pdf(self, url: str) -> bytes:
        """The page printed as Chromium prints it: the page's own @page size, margins and margin boxes."""
        session = self.open(url)
        answer = self.send(
            "Page.printToPDF", session, preferCSSPageSize=True, printBackground=True, displayHeaderFooter=False
        )
        return base64.b64decode(answer["data"])

    def screenshot(self, url: str, width: int, height: int) -> bytes:
        session = self.open(url, width, height=height)
        answer = self.send("Page.captureScreenshot", session, format="png")
        return base64.b64decode(answer["data"])


LONG_ID = "SW-2023-11-" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" * 2
LONG_UNIT = "某区重点区域规划建设管理署" * 6 + "Department-of-Extraordinarily-Long-Names-Without-Any-Spaces"
LONG_TITLE = "关于" + "某片区景观提升工程初步设计方案" * 12 + "的议题 " + "Supercalifragilistic" * 6
LONG_NAME = "阿卜杜热合曼·艾买提江·买买提依明·吐尔逊托合提"
LONG_LATIN_NAME = "Maximilian-Alexander-Konstantin-Wolfgang-von-Hohenzollern-Sigmaringen"
LONG_FOLDER = "二〇二三年度署务会议记录汇编_" + "extremely_long_folder_name_without_spaces_" * 2


def long_record(flawed: str) -> str:
    """The flawed executive-meeting example with very long ids, unit, title, names and amount."""
    text = flawed.replace("SW-2023-11", LONG_ID)
    text = text.replace("unit: 某区重点区域规划建设管理署", f"unit: {LONG_UNIT}", 1)
    text = text.replace("title: 关于某片区景观提升工程初步设计方案的议题", f"title: {LONG_TITLE}", 1)
    text = text.replace("孙八", LONG_NAME).replace("吴九", LONG_LATIN_NAME)
    return text.replace("amount: 4,350,000元", "amount: 98,765,432,109,876元", 1)


def long_waiver() -> str:
    return (
        "  - item: " + LONG_ID + "-01\n"
        "    check: TIOL-PRINCIPAL-LAST\n"
        "    reason: " + "紧急议题，材料会上送达，经" * 10 + "\n"
        "    approved_by: " + LONG_NAME + "（" + LONG_LATIN_NAME + "）\n"
        "    expires: 2099-12-31\n"
    )
