"""The HTML report in a real browser: headless Chromium loads it, and the DOM it ends up with is checked.

The corpus is examples/ plus a record whose title and unit are markup (``<script>`` that would
change ``document.title`` and mark ``<html>``, an ``<img onerror>``), plus waivers. Chromium's
``--dump-dom`` prints the DOM after the page has loaded and any script has run, so a script from
record content that ran would show there.

The layout is measured, not only the markup: over the DevTools protocol (tests/browserhelp.py) the
report is laid out at screen widths and, with print media, at the width of an A4 page's text, and
a script in the page reports every table cell whose content is wider than the cell and every table
wider than the page: for the examples and for a record with very long ids, unit, title and names.
The printed PDF is compact (no page per section), and every page carries the running header (the
unit, the period) and its page number. The PDF and screenshots are kept under tmp_path to look at.

Skipped only where Chromium is absent (``.ci/run`` installs it; see README).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browserhelp import A4_CONTENT_PX, CHROMIUM, FLAGS, LONG_FOLDER, LONG_ID, Browser, long_record, long_waiver
from conftest import FLAWED_RECORD
from reporthelp import HOSTILE_TITLE, corpus, report, validate_json

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")

TIMEOUT_S = 180


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args]
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

    # a screenshot to look at (kept under tmp_path)
    shot = tmp_path / "report.png"
    chromium(profile, "--hide-scrollbars", "--window-size=1280,2200", f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def chinese_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    return bool(subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.strip())


def pdf_page_texts(pdf: Path) -> list[str] | None:
    """Each page's text (pdftotext, from poppler-utils), or None where it or a Chinese font is missing."""
    if shutil.which("pdftotext") is None or not chinese_font():
        return None
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_the_printed_report_is_compact_with_running_header_and_page_numbers(tmp_path: Path) -> None:
    folder = corpus(tmp_path, hostile=False, waivers=True)
    page = tmp_path / "report.html"
    assert report(folder, page, "--from", "2023-01-01", "--to", "2023-12-31").exit_code == 0
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    pages = pdf_pages(pdf.read_bytes())
    # sections follow one another: the examples' 26 items and 23 findings fill about 14 pages, where a
    # page per section, rows squeezed into one-character columns or one row per page would take far more
    assert 8 <= pages <= 18, pages
    texts = pdf_page_texts(pdf)
    if texts is None:
        pytest.skip("pdftotext (poppler-utils) or a Chinese font (fonts-noto-cjk) is missing: pages not read")
    assert len(texts) == pages
    # the first page is not a mostly empty cover: the scope table and the headline figures are on it
    assert "一、检查范围" in texts[0] and "二、总体情况" in texts[0]
    for number, text in enumerate(texts, start=1):
        flat = re.sub(r"\s+", "", text)
        assert "某区重点区域规划建设管理署·2023-01-01–2023-12-31" in flat, number  # the running header
        assert f"第{number}页，共{pages}页" in flat, number  # the page number
    # a table's header row repeats on every page the table spans: 七、议题明细 spans pages
    start = next(n for n, text in enumerate(texts) if n > 0 and "七、议题明细" in text)  # page 1 has the contents
    end = next(n for n, text in enumerate(texts) if n > 0 and "八、豁免登记" in text)
    assert end > start
    # The page of the next section holds rows of the table only when the table did not end with the
    # page before (then only the running header stands above 八、豁免登记): the page breaks move with
    # every change to a finding's wording.
    above_next = [line for line in texts[end].split("八、豁免登记")[0].splitlines() if line.strip()]
    last = end + 1 if len(above_next) > 1 else end
    for text in texts[start:last]:
        assert "金额（元）" in text


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report of the examples (with hostile markup and waivers) and of a corpus with very long values."""
    base = tmp_path_factory.mktemp("layout")
    examples = corpus(base / "examples", hostile=True, waivers=True)
    plain = base / "examples.html"
    assert report(examples, plain).exit_code == 0
    long_folder = corpus(base / "long", hostile=True, broken=True, waivers=True)
    minutes = long_folder / "minutes" / LONG_FOLDER
    minutes.mkdir()
    (minutes / "2023-08-08-executive-long.yaml").write_text(
        long_record(FLAWED_RECORD.read_text(encoding="utf-8")), encoding="utf-8"
    )
    with (long_folder / "govcheck.yaml").open("a", encoding="utf-8") as settings:
        settings.write(long_waiver())
    long_page = base / "long.html"
    assert report(long_folder, long_page).exit_code == 2  # the broken record: an input-error row too
    assert LONG_ID in long_page.read_text(encoding="utf-8")
    return {"examples": plain, "long": long_page}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with Browser(tmp_path_factory.mktemp("profile")) as running:
        yield running


@pytest.mark.parametrize("which", ["examples", "long"])
@pytest.mark.parametrize(
    ("width", "media"), [(1280, "screen"), (900, "screen"), (A4_CONTENT_PX, "print")], ids=["wide", "narrow", "a4"]
)
def test_no_cell_overflows_and_no_table_is_wider_than_the_page(
    reports: dict[str, Path], browser: Browser, which: str, width: int, media: str
) -> None:
    measured = browser.layout(reports[which].as_uri(), width, media)
    assert measured["tables"] >= 20 and measured["cells"] > 500, measured
    assert measured["page"] == width
    assert measured["problems"] == [], "\n".join(str(p) for p in measured["problems"][:20])
    assert measured["scroll_width"] <= width  # nothing else sticks out either: no sideways scrolling


def test_the_long_report_printed_and_shown(reports: dict[str, Path], browser: Browser, tmp_path: Path) -> None:
    """What an auditor sees, kept to look at: the long report as PDF and as a screenshot."""
    pdf = browser.pdf(reports["long"].as_uri())
    (tmp_path / "long.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) <= 30
    shot = browser.screenshot(reports["long"].as_uri(), 1280, 2400)
    (tmp_path / "long.png").write_bytes(shot)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
