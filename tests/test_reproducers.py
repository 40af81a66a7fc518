"""Issue 12's reproducers, each run as a user would run it: exit 2 with file and line, no traceback, no hang.

The fuzzer (tests/test_fuzz.py) looks for new classes of bad input; this file keeps the ones the
campaign found, one case each, so that none comes back unnoticed. Each runs the real command in
a subprocess with a timeout (a hang fails instead of blocking the suite).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES

GOOD = (EXAMPLES / "minutes" / "2023-05-12-party-group.yaml").read_text(encoding="utf-8")
SETTINGS = (EXAMPLES / "govcheck.yaml").read_text(encoding="utf-8")
FIRST_TERM = "  - {name: 陈国华, role: 原党组书记、署长, from: 2018-06-01, to: 2021-02-28}"


def govcheck(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govcheck", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def folder_with(tmp_path: Path, record: str | None = GOOD, settings: str = SETTINGS) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "govcheck.yaml").write_text(settings, encoding="utf-8")
    if record is not None:
        (folder / "r.yaml").write_text(record, encoding="utf-8")
    return folder


def assert_input_error(done: subprocess.CompletedProcess[str], where: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert where in done.stdout + done.stderr, done.stdout + done.stderr


def sub(pattern: str, replacement: str, text: str = GOOD) -> str:
    changed, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, pattern
    return changed


RECORDS = {
    "an integer of 5,000 digits under an x_ key": sub(r"^govcheck: 1$", "govcheck: 1\nx_n: " + "9" * 5000),
    "meeting on 0001-01-01": sub(r"date: 2023年5月12日", "date: 0001-01-01"),
    "meeting on 9999-12-31": sub(r"date: 2023年5月12日", "date: 9999-12-31"),
    "publication on 9999-12-31": sub(r"published: \{date: [0-9-]+", "published: {date: 9999-12-31"),
    "review submitted on 0001-01-01": sub(r"submitted: [0-9-]+", "submitted: 0001-01-01"),
    "Arabic-Indic digits in a date": sub(r"agenda_sent: [0-9-]+", 'agenda_sent: "٢٠٢٣-٠٥-٠٩"'),
    "a python/object tag under x_": sub(
        r"^govcheck: 1$", "govcheck: 1\nx_note: !!python/object/apply:os.system [echo]"
    ),
    "a python/name tag as the title": sub(r"title: 关于印发《中共某区", "title: !!python/name:os.system #《中共某区"),
}


@pytest.mark.parametrize("case", sorted(RECORDS))
def test_bad_record_is_an_input_error(tmp_path: Path, case: str) -> None:
    assert_input_error(govcheck(folder_with(tmp_path, RECORDS[case]), "validate", "."), "r.yaml")


SETTINGS_CASES = {
    "notice_days: 1000000": SETTINGS.replace("notice_days: 1 ", "notice_days: 1000000 ", 1),
    "a roster term without name, to before from": SETTINGS.replace(
        FIRST_TERM, "  - {role: 原党组书记、署长, from: 2021-06-01, to: 2018-02-28}", 1
    ),
}


@pytest.mark.parametrize("case", sorted(SETTINGS_CASES))
def test_bad_settings_are_an_input_error(tmp_path: Path, case: str) -> None:
    assert SETTINGS_CASES[case] != SETTINGS
    assert_input_error(govcheck(folder_with(tmp_path, settings=SETTINGS_CASES[case]), "validate", "."), "govcheck.yaml")


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "undefined", "zlib", "no-such-codec"])
def test_a_codec_that_is_not_a_text_encoding_is_a_usage_error(tmp_path: Path, codec: str) -> None:
    assert_input_error(govcheck(folder_with(tmp_path), "validate", ".", "--encoding", codec), codec)


@pytest.mark.parametrize(
    "content", ["5", "[" * 5000 + "]" * 5000, "9" * 5000, '{"version": 1}'], ids=["int", "nested", "digits", "object"]
)
def test_a_json_file_that_is_not_a_baseline_is_a_usage_error(tmp_path: Path, content: str) -> None:
    folder = folder_with(tmp_path)
    (folder / "b.json").write_text(content, encoding="utf-8")
    done = govcheck(folder, "validate", ".", "--baseline", "b.json")
    assert_input_error(done, "b.json")
    assert "修改方法：" in done.stderr and "govcheck baseline 记录目录 -o" in done.stderr  # what, and how to fix it


@pytest.mark.skipif(not os.path.exists("/dev/zero") or not hasattr(os, "mkfifo"), reason="POSIX devices and FIFOs")
@pytest.mark.parametrize("option", ["--baseline", "--config"])
@pytest.mark.parametrize("kind", ["/dev/zero", "fifo"])
def test_a_device_or_fifo_as_an_option_file_is_refused_not_read(tmp_path: Path, option: str, kind: str) -> None:
    folder = folder_with(tmp_path)
    target = kind
    if kind == "fifo":
        os.mkfifo(folder / "pipe.json")
        target = "pipe.json"
    done = govcheck(folder, "validate", "r.yaml", option, target)
    assert_input_error(done, target)
    assert "不是普通文件" in done.stdout + done.stderr  # not misreported as "no such file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_among_the_records_is_reported_and_the_others_checked(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    os.mkfifo(folder / "x.yaml")
    done = govcheck(folder, "validate", ".", "--format", "json")
    assert_input_error(done, "x.yaml")
    assert "DZ-2023-08-01" in done.stdout  # the good record beside it was checked


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_checklist_outside_the_supported_dates_is_a_usage_error(tmp_path: Path, day: str) -> None:
    done = govcheck(folder_with(tmp_path, None), "checklist", "--date", day, "--category", "major_project")
    assert_input_error(done, "1949")  # names the supported range


def test_report_on_a_title_with_control_characters_writes_a_workbook_that_opens(tmp_path: Path) -> None:
    import openpyxl

    folder = folder_with(tmp_path, sub(r"title: (关于印发《中共某区.*)$", r'title: "T\\e[31m\\uFFFE\1"'))
    done = govcheck(folder, "report", ".", "-o", "r.xlsx")
    assert done.returncode == 0 and "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    titles = [v for row in openpyxl.load_workbook(folder / "r.xlsx")["事项"].iter_rows(values_only=True) for v in row]
    assert any(isinstance(v, str) and "关于印发" in v and "\x1b" not in v and "\ufffe" not in v for v in titles)


def test_an_output_that_is_the_input_record_is_refused_and_the_record_kept(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    done = govcheck(folder, "validate", ".", "-o", "json:r.yaml")
    assert_input_error(done, "r.yaml")
    assert (folder / "r.yaml").read_text(encoding="utf-8") == GOOD
