"""Hostile record text in every report format: no crash, no broken file, no formula, no live link,
no control character, and a bounded title (issue 12, "injection into outputs")."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree  # expat rejects every character XML 1.0 forbids

import openpyxl
import pytest

from conftest import output_of
from govcheck.report.collect import ItemCollector
from govcheck.report.sanitize import ELLIPSIS, TITLE_LIMIT, clean, clip, sanitize_report
from reporthelp import hostile_titles_corpus, report

FORMATS = ("html", "xlsx", "md", "json")
# what XML 1.0 cannot hold, and the controls a terminal or viewer acts on
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


# ------------------------------------------------------------------ the helper


def test_clean_leaves_nothing_xml_cannot_hold_for_any_code_point() -> None:
    every = "".join(chr(c) for c in range(0x110000))
    cleaned = clean(every)
    assert len(cleaned) == len(every)  # one for one: columns and offsets stay where they were
    assert UNSAFE.search(cleaned) is None
    assert cleaned.encode("utf-8")  # no lone surrogate left either
    assert clean("T\x1b[31m") == "T\u241b[31m"  # ␛: the auditor sees that an escape was there
    assert clean("a\x00b\x7fc\x85d\ufffe") == "a\u2400b\ufffdc\ufffdd\ufffd"
    assert clean("行一\n行二\t\r") == "行一\n行二\t\r"  # XML allows these; each format lays them out
    assert clean("普通标题") == "普通标题"


def test_clip_marks_the_cut_with_an_ellipsis() -> None:
    assert clip("短标题", 10) == "短标题"
    assert clip("长" * 11, 10) == "长" * 9 + ELLIPSIS and len(clip("长" * 11, 10)) == 10
    assert clip("长" * 10, 10) == "长" * 10


def test_sanitize_report_reaches_strings_inside_nested_dataclasses() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Inner:
        text: str
        n: int

    @dataclass(frozen=True)
    class Outer:
        inner: tuple[Inner, ...]
        names: list[str]

    out = sanitize_report(Outer((Inner("a\x1bb", 3),), ["x\ufffe", "y" * 5000]))
    assert out.inner == (Inner("a\u241bb", 3),)
    assert out.names[0] == "x\ufffd" and len(out.names[1]) == 2000 and out.names[1].endswith(ELLIPSIS)


# ------------------------------------------------------------------ every format


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    return hostile_titles_corpus(tmp_path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_titles_give_a_complete_report_without_unsafe_characters(
    hostile_folder: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"r.{fmt}"
    result = report(hostile_folder, out, "--reproducible")
    assert result.exit_code == 0, output_of(result)
    assert "Traceback" not in output_of(result) and "Exception ignored" not in output_of(result)
    if fmt == "xlsx":
        with zipfile.ZipFile(out) as book:
            for name in book.namelist():
                if name.endswith(".xml"):
                    data = book.read(name)
                    ElementTree.fromstring(data)  # every part is well-formed XML
                    assert UNSAFE.search(data.decode("utf-8")) is None, name
        return
    text = out.read_text(encoding="utf-8")
    assert UNSAFE.search(text) is None
    assert "\u241b[31m红色" in text or "\u241b\\[31m红色" in text  # shown, visibly marked
    if fmt == "json":
        titles = {i["title"] for i in json.loads(text)["items"]}
        assert "T\u241b[31m红色\u241b]0;retitled\u2407" in titles
        assert "坏\ufffd字符\ufffd与\ufffd和\ufffd" in titles


def test_xlsx_record_text_is_a_string_cell_never_a_formula(hostile_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    assert report(hostile_folder, out).exit_code == 0
    book = openpyxl.load_workbook(out)
    with zipfile.ZipFile(out) as archive:
        sheets = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheets  # no formula anywhere in the workbook
    items = book["事项"]
    header = {c.value: c.column for c in items[1]}
    titles = {
        items.cell(row, header["议题名称"]).value: items.cell(row, header["议题名称"])
        for row in range(2, items.max_row + 1)
    }
    formula = titles['=HYPERLINK("https://evil.example/x","点我")']
    assert formula.data_type == "s" and formula.quotePrefix  # text, and stays text when edited
    plus = titles["+SUM(1,2)"]
    assert plus.data_type == "s" and plus.quotePrefix
    units = {items.cell(row, header["单位"]).value for row in range(2, items.max_row + 1)}
    assert "=1+1 单位\u241b[0m" in units
    overview = {row[0].value: row[1] for row in book["概览"].iter_rows(min_row=2)}
    assert overview["单位"].data_type == "s" and "=1+1 单位" in overview["单位"].value


def test_markdown_record_text_makes_no_link_and_no_markup(hostile_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    assert report(hostile_folder, out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "点我" in line and "粗体" in line)
    assert "](" not in line.replace("\\](", "")  # the link syntax is escaped
    assert "https://evil.example/md" not in line and "www.evil" not in line and "a@evil" not in line  # no autolink
    assert "\\*粗体\\*" in line and "\\`代码\\`" in line and "\\| 竖线" in line
    assert "https&#58;//evil.example/md" in line  # still readable as the record has it


def test_html_shows_hostile_text_as_text(hostile_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert report(hostile_folder, out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert (
        "=HYPERLINK(&#34;https://evil.example/x&#34;,&#34;点我&#34;)" in text
        or "=HYPERLINK(&quot;https://evil.example/x&quot;,&quot;点我&quot;)" in text
    )
    assert 'href="https://evil' not in text
    assert "T\u241b[31m红色\u241b]0;retitled\u2407" in text


# ------------------------------------------------------------------ bounded titles


def test_a_very_long_title_is_clipped_in_every_format(tmp_path: Path) -> None:
    folder = hostile_titles_corpus(tmp_path, long_title_chars=200_000)
    out = tmp_path / "r.json"
    assert report(folder, out, "--reproducible").exit_code == 0
    (title,) = [
        i["title"] for i in json.loads(out.read_text(encoding="utf-8"))["items"] if i["title"].startswith("长长长")
    ]
    assert len(title) == TITLE_LIMIT and title.endswith(ELLIPSIS)
    for fmt in ("html", "md", "xlsx"):
        page = tmp_path / f"r.{fmt}"
        assert report(folder, page).exit_code == 0
        assert page.stat().st_size < 200_000  # the title is not in it whole
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "长" * (TITLE_LIMIT - 1) + ELLIPSIS in html and "长" * TITLE_LIMIT not in html


def test_the_item_collector_keeps_a_clipped_title(tmp_path: Path) -> None:
    from govcheck.pipeline import check_paths
    from govcheck.rulebook.loader import load_rules

    folder = hostile_titles_corpus(tmp_path, long_title_chars=100_000)
    collector = ItemCollector(load_rules())
    check_paths([str(folder / "minutes" / "2023-05-29-long.yaml")], observe=collector)
    assert collector.items and max(len(i.title) for i in collector.items) <= TITLE_LIMIT
