"""``govcheck report -o x.pdf``: the HTML report printed by a headless Chromium-family browser.

With a real Chromium (skipped where there is none) the PDF is read back; everywhere else a stand-in
browser (a small script named by GOVCHECK_CHROMIUM) shows what govcheck asks of the browser, and the
missing and failing browser each get a message that says how to get a PDF anyway, with nothing written.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from browserhelp import CHROMIUM
from conftest import EXAMPLES, output_of
from reporthelp import report

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in browser is a shell script")


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_the_pdf_suffix_prints_the_html_report_through_chromium(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CHROMIUM is not None
    monkeypatch.setenv("GOVCHECK_CHROMIUM", CHROMIUM)
    out = tmp_path / "审计报告.pdf"
    result = report(EXAMPLES, out, "--reproducible")
    assert result.exit_code == 0, output_of(result)
    assert f"报告已写入 {out}" in output_of(result)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and 8 <= pages(data) <= 20
    assert not list(tmp_path.glob(".govcheck-*"))  # the writer's temporary file is gone
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        flat = re.sub(r"\s+", "", text)
        if "三重一大" in flat:  # a Chinese font is installed (else the glyphs have no text)
            assert "三重一大集体决策合规审计报告" in flat and "第1页，共" in flat
            assert "七、议题明细" in flat and "DZ-2023-08-01" in flat
    # --format pdf names the format whatever the file is called; English too
    other = tmp_path / "report.out"
    assert report(EXAMPLES, other, "--format", "pdf", "--lang", "en").exit_code == 0
    assert other.read_bytes().startswith(b"%PDF-")


def test_without_a_browser_it_says_how_to_get_a_pdf_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("browsers installed in their usual folders are found there, whatever PATH says")
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("GOVCHECK_CHROMIUM", raising=False)
    out = tmp_path / "审计报告.pdf"
    result = report(EXAMPLES, out)
    said = output_of(result)
    assert result.exit_code == 2
    assert "生成 PDF 需要 Chromium、Google Chrome 或 Microsoft Edge，本机未找到" in said
    assert "apt-get install chromium" in said and "GOVCHECK_CHROMIUM" in said
    assert "也可以写出 HTML 报告（-o 报告.html），在浏览器中打开，打印时选择“另存为 PDF”" in said
    assert "报告已写入" not in said and not out.exists()  # it stopped before checking: nothing to wait for
    english = output_of(report(EXAMPLES, out, "--lang", "en"))
    assert "none was found" in english and "write the HTML report (-o report.html)" in english


def test_a_browser_named_by_the_variable_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVCHECK_CHROMIUM", str(tmp_path / "no-such-browser"))
    result = report(EXAMPLES, tmp_path / "r.pdf")
    assert result.exit_code == 2
    assert f"环境变量 GOVCHECK_CHROMIUM 指定的浏览器 {tmp_path / 'no-such-browser'} 不存在" in output_of(result)


def stand_in(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-chromium"
    script.write_text("#!/bin/sh\n" + textwrap.dedent(body), encoding="utf-8")
    script.chmod(0o755)
    return script


@posix_only
def test_what_govcheck_asks_of_the_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The flags, the file it prints and where the PDF goes, seen by a stand-in that writes a PDF."""
    log = tmp_path / "args.txt"
    script = stand_in(
        tmp_path,
        f"""\
        printf '%s\\n' "$@" > '{log}'
        for arg in "$@"; do
          case "$arg" in
            --print-to-pdf=*) out="${{arg#--print-to-pdf=}}" ;;
            file://*) cp "${{arg#file://}}" '{tmp_path}/seen.html' ;;
          esac
        done
        printf '%%PDF-1.4 stand-in\\n' > "$out"
        """,
    )
    monkeypatch.setenv("GOVCHECK_CHROMIUM", str(script))
    out = tmp_path / "r.pdf"
    assert report(EXAMPLES, out).exit_code == 0
    assert out.read_bytes() == b"%PDF-1.4 stand-in\n"
    args = log.read_text(encoding="utf-8").splitlines()
    assert "--headless" in args and "--no-pdf-header-footer" in args
    assert any(a.startswith("--user-data-dir=") for a in args)  # a fresh profile, not the user's own
    seen = (tmp_path / "seen.html").read_text(encoding="utf-8")
    assert seen.startswith("<!DOCTYPE html>") and "@page" in seen  # the HTML report, with its print stylesheet
    temp = Path(args[-1].removeprefix("file://")).parent
    assert not temp.exists()  # the temporary folder is removed


@posix_only
def test_a_failing_browser_keeps_the_old_report_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = stand_in(tmp_path, "echo 'Trace/breakpoint trap: cannot open display' >&2\nexit 5\n")
    monkeypatch.setenv("GOVCHECK_CHROMIUM", str(script))
    out = tmp_path / "r.pdf"
    out.write_bytes(b"%PDF-1.4 last year's report\n")
    result = report(EXAMPLES, out)
    said = output_of(result)
    assert result.exit_code == 2
    assert f"浏览器 {script} 打印失败（退出码 5）：Trace/breakpoint trap: cannot open display" in said
    assert "可改为写出 HTML 报告（-o 报告.html）" in said
    assert out.read_bytes() == b"%PDF-1.4 last year's report\n"
    assert not list(tmp_path.glob(".govcheck-*"))
    # a browser that exits 0 without a PDF is a failure too
    monkeypatch.setenv("GOVCHECK_CHROMIUM", str(stand_in(tmp_path, "exit 0\n")))
    result = report(EXAMPLES, out)
    assert result.exit_code == 2 and "没有生成 PDF" in output_of(result)
    assert out.read_bytes() == b"%PDF-1.4 last year's report\n"
