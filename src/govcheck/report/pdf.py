"""``govcheck report --format pdf``: the HTML report printed to PDF by a headless Chromium-family browser.

govcheck draws no PDF itself: the HTML report already has an A4 print stylesheet (page margins with
the unit, period and page numbers, repeated table headers), and a browser lays out Chinese text far
better than any small PDF library would. The browser is the one named by ``GOVCHECK_CHROMIUM``, else
the first of Chromium, Google Chrome and Microsoft Edge found on PATH or (Windows, macOS) where their
installers put them. Without one, :class:`NoBrowser` says how to get a PDF anyway: install Chromium,
or write the HTML report and print it from a browser.

The HTML goes to a private temporary folder with a fresh browser profile; the browser prints it
there (``--print-to-pdf``, ``--no-pdf-header-footer``: the report's own running header replaces the
browser's); the PDF is then copied to the output by the atomic writer, so a failed print leaves an
old report in place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from govcheck.i18n import Text

ENV = "GOVCHECK_CHROMIUM"
NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
    "microsoft-edge",
    "microsoft-edge-stable",
)
PRINT_TIMEOUT_S = 1800  # a year of records is a few hundred pages: minutes, not hours
CHUNK = 1 << 20


class PdfProblem(Exception):
    """No PDF could be made; ``message`` says why and what to do. Nothing is written (exit 2)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


SAVE_AS_PDF = Text(
    "写出 HTML 报告（-o 报告.html），在浏览器中打开，打印时选择“另存为 PDF”",
    "write the HTML report (-o report.html), open it in a browser and print it with “Save as PDF”",
)
PRINT_IT_YOURSELF = Text("可改为" + SAVE_AS_PDF.zh, "instead, " + SAVE_AS_PDF.en)
HOW_TO_GET_ONE = Text(
    "请安装 Chromium（Debian/Ubuntu：apt-get install chromium；Fedora/RHEL：dnf install chromium）、Google Chrome "
    "或 Microsoft Edge，或用环境变量 GOVCHECK_CHROMIUM 指定浏览器程序的路径；也可以" + SAVE_AS_PDF.zh,
    "install Chromium (Debian/Ubuntu: apt-get install chromium; Fedora/RHEL: dnf install chromium), Google Chrome "
    "or Microsoft Edge, or name the browser program in the environment variable GOVCHECK_CHROMIUM; or "
    + SAVE_AS_PDF.en,
)


def _installed_places() -> list[Path]:
    """Where the installers put the browsers, for systems where they are not on PATH."""
    if sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")]
        tails = (
            ("Google", "Chrome", "Application", "chrome.exe"),
            ("Microsoft", "Edge", "Application", "msedge.exe"),
            ("Chromium", "Application", "chrome.exe"),
        )
        return [Path(root, *tail) for root in roots if root for tail in tails]
    if sys.platform == "darwin":
        apps = ("Google Chrome", "Chromium", "Microsoft Edge")
        return [Path("/Applications", f"{app}.app", "Contents", "MacOS", app) for app in apps]
    return []


def find_browser() -> str:
    """The browser to print with; :class:`PdfProblem` when there is none."""
    named = os.environ.get(ENV, "").strip()
    if named:
        found = shutil.which(named) or (named if os.path.isfile(named) else None)
        if found is None:
            raise PdfProblem(
                Text(
                    f"环境变量 {ENV} 指定的浏览器 {named} 不存在；请改为 Chromium、Chrome 或 Edge 程序的完整路径，"
                    "或删除该变量以自动查找",
                    f"the browser {named} named by {ENV} does not exist; give the full path of a Chromium, Chrome "
                    "or Edge program, or unset the variable to search for one",
                )
            )
        return found
    for name in NAMES:
        found = shutil.which(name)
        if found is not None:
            return found
    for place in _installed_places():
        if place.is_file():
            return str(place)
    raise PdfProblem(
        Text(
            "生成 PDF 需要 Chromium、Google Chrome 或 Microsoft Edge，本机未找到；" + HOW_TO_GET_ONE.zh,
            "a PDF is printed by Chromium, Google Chrome or Microsoft Edge, and none was found; " + HOW_TO_GET_ONE.en,
        )
    )


def _command(browser: str, profile: Path, html: Path, pdf: Path) -> list[str]:
    command = [
        browser,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox (CI, containers)
    return [*command, html.as_uri()]


@contextmanager
def printed(html_chunks: Iterable[bytes], browser: str) -> Iterator[Path]:
    """The HTML report printed to PDF in a temporary folder (removed afterwards); yields the PDF's path."""
    folder = Path(tempfile.mkdtemp(prefix="govcheck-pdf-"))
    try:
        html, pdf = folder / "report.html", folder / "report.pdf"
        with html.open("wb") as out:
            for chunk in html_chunks:
                out.write(chunk)
        _run(_command(browser, folder / "profile", html, pdf), browser)
        if not _is_pdf(pdf):
            raise PdfProblem(
                Text(
                    f"浏览器 {browser} 没有生成 PDF；" + PRINT_IT_YOURSELF.zh,
                    f"the browser {browser} wrote no PDF; " + PRINT_IT_YOURSELF.en,
                )
            )
        yield pdf
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str], browser: str) -> None:
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=PRINT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PdfProblem(
            Text(
                f"浏览器 {browser} 在 {PRINT_TIMEOUT_S} 秒内没有打印完；可缩小范围（--from/--to）后重试，"
                + PRINT_IT_YOURSELF.zh,
                f"the browser {browser} did not finish printing in {PRINT_TIMEOUT_S} s; narrow the report "
                "(--from/--to) and try again, " + PRINT_IT_YOURSELF.en,
            )
        ) from exc
    except OSError as exc:
        raise PdfProblem(
            Text(
                f"无法启动浏览器 {browser}：{exc.strerror or exc}；" + PRINT_IT_YOURSELF.zh,
                f"cannot start the browser {browser}: {exc.strerror or exc}; " + PRINT_IT_YOURSELF.en,
            )
        ) from exc
    if done.returncode != 0:
        said = _last_lines(done.stderr.decode("utf-8", "replace"))
        raise PdfProblem(
            Text(
                f"浏览器 {browser} 打印失败（退出码 {done.returncode}）：{said}；" + PRINT_IT_YOURSELF.zh,
                f"the browser {browser} failed to print (exit code {done.returncode}): {said}; " + PRINT_IT_YOURSELF.en,
            )
        )


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as head:
            return head.read(5) == b"%PDF-"
    except OSError:
        return False


def _last_lines(text: str, count: int = 3) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " / ".join(lines[-count:]) or "—"


def chunks_of(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            yield chunk
