"""The HTML report in a real browser: headless Chromium loads it, and the DOM it ends up with is checked.

The corpus is examples/ plus a record whose title and unit are markup (``<script>`` that would
change ``document.title`` and mark ``<html>``, an ``<img onerror>``), plus waivers. Chromium's
``--dump-dom`` prints the DOM after the page has loaded and any script has run, so a script from
record content that ran would show there. The test also prints the report to PDF (A4, one
section per page at least) and saves a screenshot under tmp_path.

Skipped only where Chromium is absent (``.ci/run`` installs it; see README).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reporthelp import HOSTILE_TITLE, corpus, report, validate_json

CHROMIUM = next(
    (
        p
        for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
        if p and os.path.exists(p)
    ),
    None,
)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")

TIMEOUT_S = 180


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=True)


class Dom(HTMLParser):
    """What the test reads from the DOM Chromium dumps."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_attrs: dict[str, str | None] = {}
        self.scripts = 0
        self.suspicious: list[tuple[str, str]] = []  # elements or attributes that only hostile markup would make
        self.title = ""
        self.keys: dict[str, str] = {}
        self.rows: dict[str, int] = {}
        self.texts: list[str] = []
        self._capture: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.suspicious += [(tag, name) for name in found if name == "data-pwned" or name.startswith("on")]
        if tag in ("img", "b", "i"):
            self.suspicious.append((tag, ""))
        if tag == "html":
            self.html_attrs = found
        elif tag == "script":
            self.scripts += 1
        elif tag == "title" and not self.title:
            self._in_title = True
        elif tag == "tr" and found.get("class"):
            for name in (found["class"] or "").split():
                self.rows[name] = self.rows.get(name, 0) + 1
        if found.get("data-key"):
            self._capture = found["data-key"]
            self.keys[self._capture] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        self._capture = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._in_title:
            self.title += data
        if self._capture is not None:
            self.keys[self._capture] += data


def number(text: str) -> int:
    return int(text.replace(",", "").strip())


def test_the_report_in_headless_chromium(tmp_path: Path) -> None:
    folder = corpus(tmp_path, hostile=True, waivers=True)
    page = tmp_path / "report.html"
    result = report(folder, page)
    assert result.exit_code == 0, result.output
    _code, validated = validate_json(folder)
    summary = validated["summary"]
    profile = tmp_path / "chromium-profile"

    dom_text = chromium(profile, "--virtual-time-budget=2000", "--dump-dom", page.as_uri()).stdout
    dom = Dom()
    dom.feed(dom_text)

    # no script ran, and none is in the page: the hostile markup is text
    assert "data-pwned" not in dom.html_attrs and dom.suspicious == []
    assert dom.title.startswith("三重一大集体决策合规审计报告") and "PWNED" not in dom.title
    assert dom.scripts == 0
    assert any(HOSTILE_TITLE in text for text in dom.texts), "the hostile title is shown as text"
    assert any("<i>某单位</i>" in text for text in dom.texts)

    # headline numbers equal validate --format json on the same input
    for key in ("files", "items", "findings", "errors", "warnings"):
        assert number(dom.keys[key]) == summary[key], key
    assert number(dom.keys["waived"]) == sum(1 for f in validated["findings"] if f["waived"])

    # table rows: every item, every finding, every waiver
    assert dom.rows["item"] == summary["items"]
    assert dom.rows["finding"] == summary["findings"]
    assert dom.rows["waiver"] == 3
    assert "input-error" not in dom.rows

    # printable on A4: at least one page per section
    pdf = tmp_path / "report.pdf"
    chromium(profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages >= 10, pages

    # a screenshot to look at (kept under tmp_path)
    shot = tmp_path / "report.png"
    chromium(profile, "--hide-scrollbars", "--window-size=1280,2200", f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
