"""`govcheck checklist --format text|md|json|html` and `-o FILE`: the same steps in every format.

The text format is the reference: every other format lists the same steps in the same order, with
the same dates and checks. The HTML form is laid out in headless Chromium (skipped without it) at
the width of an A4 page: no cell overflows, and it prints on a few pages with page numbers.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from browserhelp import A4_CONTENT_PX, CHROMIUM, Browser
from conftest import EXAMPLES, output_of, run_cli

SETTINGS = str(EXAMPLES / "govcheck.yaml")
MAD = ("--category", "major_decision", "--mad", "--amount", "1200万", "--affects-operators", "--date", "2025-06-20")
JSON_KEYS = {"format", "version", "lang", "tool", "item", "meeting", "settings", "notes", "attention", "steps"}
STEP_KEYS = {"number", "stage", "due", "not_before", "text", "checks", "severity", "basis", "notes"}


def checklist(*args: str) -> Any:
    return run_cli("checklist", *MAD, "--config", SETTINGS, *args)


def text_steps(text: str) -> list[str]:
    """The check ids of each step of the text checklist, in order (the line under each □)."""
    lines = text.splitlines()
    ids = []
    for number, line in enumerate(lines):
        if line.lstrip().startswith("□"):
            following = next(
                x for x in lines[number + 1 :] if not x.strip().startswith(("提示：", "note:"))
            )  # the checks line
            ids.append(following.strip().split("（")[0].split(" (")[0])
    return ids


def test_json_lists_the_text_formats_steps_with_stable_keys(tmp_path: Path) -> None:
    text = checklist().stdout
    assert checklist("--format", "text").stdout == text  # text stays the default
    out = tmp_path / "清单.json"
    result = checklist("-o", str(out))
    assert result.exit_code == 0, output_of(result)
    assert result.stdout == "" and f"清单已写入 {out}" in output_of(result)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert JSON_KEYS | {"also_checked"} == set(data)
    assert (data["format"], data["version"], data["lang"]) == ("govcheck-checklist", 1, "zh")
    assert data["item"] == {
        "categories": ["major_decision"],
        "category_labels": ["重大事项决策"],
        "amount": 12_000_000,
        "mad": True,
        "affects_operators": True,
    }
    meeting = data["meeting"]
    assert (meeting["date"], meeting["working_day"], meeting["type"], meeting["principal"]) == (
        "2025-06-20",
        True,
        "standing",
        "张三",
    )
    assert meeting["members"] == ["张三", "李四", "王五", "钱七", "孙八", "吴九"]
    steps = data["steps"]
    assert all(set(step) == STEP_KEYS for step in steps)
    assert [step["number"] for step in steps] == list(range(1, len(steps) + 1))
    assert ["、".join(step["checks"]) for step in steps] == text_steps(text)
    by_check = {c: s for s in steps for c in s["checks"]}
    # the MAD order of the regulation: public comment ends before the legality review is sent
    assert by_check["MAD-PUBLIC-COMMENT-30D"]["due"] == "2025-05-11"
    assert by_check["MAD-LEGALITY-7WD"]["due"] == "2025-06-10"
    assert by_check["TIOL-QUORUM"]["stage"] == "at" and by_check["TIOL-QUORUM"]["due"] is None
    assert by_check["TIOL-EXECUTED-BEFORE-DECISION"]["not_before"] == "2025-06-20"
    assert "这一天不是工作日，此前最后一个工作日是 2025-05-09（周五）" in by_check["MAD-PUBLIC-COMMENT-30D"]["notes"]
    assert {"check": "TIOL-SCOPE", "title": "达到大额资金标准的议题未标注为三重一大事项"} in data["also_checked"]
    english = json.loads(checklist("--format", "json", "--lang", "en").stdout)
    assert english["lang"] == "en" and english["item"]["category_labels"] == ["major decision"]
    assert [s["checks"] for s in english["steps"]] == [s["checks"] for s in steps]  # same steps, other words


def test_markdown_is_a_task_list_of_the_same_steps(tmp_path: Path) -> None:
    text = checklist().stdout
    out = tmp_path / "checklist.md"
    assert checklist("-o", str(out)).exit_code == 0
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# 会前程序清单：某区重点区域规划建设管理署\n")
    assert md.count("\n- [ ] ") == len(text_steps(text))
    assert "## 会前" in md and "## 会上：2025-06-20（周五）" in md and "## 会后" in md
    assert "- [ ] **最迟 2025-06-10（周二）**：送请合法性审查" in md
    # (1.1) steps name what to do, not record fields (Markdown escaping: test_names_and_unit_from_the_settings_are_text_in_html_and_markdown)
    assert "materials" not in md and "\\_" not in md


HOSTILE_ROSTER = """\
unit: "<script>alert(1)</script>某单位"
principal:
  - {name: "**张三**", from: 2020-01-01}
roster:
  - {name: "**张三**", from: 2020-01-01}
  - {name: "<img src=x onerror=alert(1)>", from: 2020-01-01}
  - {name: "[王五](https://evil.example)", from: 2020-01-01}
"""


def test_names_and_unit_from_the_settings_are_text_in_html_and_markdown(tmp_path: Path) -> None:
    (tmp_path / "govcheck.yaml").write_text(HOSTILE_ROSTER, encoding="utf-8")
    html = run_cli("checklist", "--category", "personnel", "--date", "2025-06-20", "--format", "html", cwd=tmp_path)
    assert html.exit_code == 0, output_of(html)
    page = html.stdout
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;某单位" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    style = page[page.index("<style>") + len("<style>") : page.index("</style>")]
    assert "<" not in style  # the running header's unit is CSS-escaped
    header = re.search(r'@top-left \{ content: "([^"]*)";', style)
    assert header is not None
    decoded = re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), header.group(1))
    assert decoded == "<script>alert(1)</script>某单位 · 会前程序清单"
    md = run_cli("checklist", "--category", "personnel", "--date", "2025-06-20", "--format", "md", cwd=tmp_path).stdout
    assert "\\*\\*张三\\*\\*" in md and "\\[王五\\](https&#58;//evil.example)" in md and "<img" not in md


def test_the_html_form_has_a_row_to_fill_in_for_every_step(tmp_path: Path) -> None:
    text = checklist().stdout
    out = tmp_path / "清单.html"
    assert checklist("-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="step" data-checks="([^"]*)">', page)
    assert [r.replace(" ", "、") for r in rows] == text_steps(text)
    assert page.count('<span class="box"></span>已完成') == len(rows)
    assert page.count('<span class="box"></span>不适用') == len(rows)
    for blank in ("议题名称", "提出部门", "会议编号", "完成日期", "经办人"):
        assert f"<th>{blank}</th>" in page
    for signature in ("经办人（签字）：", "审核（办公室负责人）：", "分管领导："):
        assert signature in page
    assert page.count("日期：　　　年　　月　　日") == 3
    assert "default-src 'none'" in page and "<script" not in page
    assert "@page" in page and "counter(pages)" in page


def test_the_format_comes_from_the_suffix_or_must_be_given(tmp_path: Path) -> None:
    plain = tmp_path / "清单.txt"
    assert checklist("-o", str(plain)).exit_code == 0
    assert plain.read_text(encoding="utf-8") == checklist().stdout
    forced = tmp_path / "清单.txt"
    assert checklist("--format", "json", "-o", str(forced)).exit_code == 0  # --format wins over the suffix
    assert json.loads(forced.read_text(encoding="utf-8"))["format"] == "govcheck-checklist"
    unknown = checklist("-o", str(tmp_path / "清单.doc"))
    said = output_of(unknown)
    assert unknown.exit_code == 2 and not (tmp_path / "清单.doc").exists()
    assert f"无法从文件名 {tmp_path / '清单.doc'} 判断清单格式" in said
    assert "text、md、json、html" in said and ".html" in said
    pdf = checklist("-o", str(tmp_path / "清单.pdf"))  # no PDF, but the way to one
    assert pdf.exit_code == 2 and not (tmp_path / "清单.pdf").exists()
    assert "用 -o 会前清单.html 写出可打印的表格，在浏览器中打开，打印时选择“另存为 PDF”" in output_of(pdf)
    stdout = checklist("--format", "md", "-o", "-")
    assert stdout.stdout.startswith("# 会前程序清单") and "清单已写入" not in output_of(stdout)
    assert not list(tmp_path.glob(".govcheck-*"))


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_the_html_form_fits_an_a4_page_and_prints_with_page_numbers(tmp_path: Path) -> None:
    out = tmp_path / "清单.html"
    assert checklist("-o", str(out)).exit_code == 0
    with Browser(tmp_path / "profile") as browser:
        for width, media in ((A4_CONTENT_PX, "print"), (1280, "screen")):
            measured = browser.layout(out.as_uri(), width, media)
            assert measured["cells"] > 100
            assert measured["problems"] == [], measured["problems"][:10]
            assert measured["scroll_width"] <= width
        pdf = browser.pdf(out.as_uri())
    (tmp_path / "清单.pdf").write_bytes(pdf)  # kept under tmp_path to look at
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 4, pages
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "清单.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = re.sub(r"\s+", "", text)
        if "会前程序清单" in flat:  # a Chinese font is installed
            assert f"第1页，共{pages}页" in flat and "分管领导" in flat
