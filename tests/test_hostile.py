"""Hostile and odd input (issue 12): reproducers of each crash, hang and loss class, through the CLI.

Each test is the smallest input of a class a fuzzing campaign found; the property-based fuzzer
(tests/test_fuzz.py) keeps looking for the next class.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import EXAMPLES, GOOD_RECORD, edit, good_text, line_of, output_of, run_cli, run_json


def _with_settings(tmp_path: Path, settings: str) -> Path:
    (tmp_path / "govcheck.yaml").write_text(settings, encoding="utf-8")
    folder = tmp_path / "minutes"
    folder.mkdir()
    shutil.copy(GOOD_RECORD, folder / "good.yaml")
    return folder


# ------------------------------------------------------------------ settings


def test_term_without_name_ending_before_it_starts(tmp_path: Path) -> None:
    settings = (
        "unit: 某单位\nroster:\n  - {from: 2024-01-01, to: 2023-01-01}\n"
        "principal:\n  - {role: 书记, from: 2024-01-01, to: 2023-01-01}\n"
    )
    folder = _with_settings(tmp_path, settings)
    run = run_cli("validate", str(folder))
    shown = output_of(run)
    assert run.exit_code == 2 and "内部错误" not in shown and "Traceback" not in shown
    for key, needle in (("roster", "- {from"), ("principal", "- {role")):
        line = line_of(settings, needle)
        assert f"govcheck.yaml:{line}: {key}[0] 缺少必填项 name" in shown
        assert f"govcheck.yaml:{line}: {key}[0]的任期结束日期 2023-01-01 早于开始日期 2024-01-01" in shown
    code, document = run_json(str(folder), "--lang", "en")
    assert code == 2
    assert any(
        "the term ends on 2023-01-01" in e["message"]
        for f in document["files"]
        for e in f.get("errors", [f["error"]])
        if e
    )


# ------------------------------------------------------------------ counts


def test_counts_agree_with_what_is_listed(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    shutil.copy(GOOD_RECORD, folder / "good.yaml")
    (folder / "bad.yaml").write_text("govcheck: 1\nmeeting: 3\nitems: 4\n", encoding="utf-8")
    missing = str(tmp_path / "nowhere.yaml")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, document = run_json(str(folder), missing, str(empty))
    assert code == 2
    paths = [Path(f["path"]).name for f in document["files"]]
    assert sorted(paths) == ["bad.yaml", "empty", "good.yaml", "nowhere.yaml"]
    assert document["summary"]["files"] == len(document["files"]) == 4
    bad = next(f for f in document["files"] if f["path"].endswith("bad.yaml"))
    assert [e["line"] for e in bad["errors"]] == [1, 2, 3]  # unit missing, meeting and items of the wrong type
    assert bad["error"] == bad["errors"][0]
    good = next(f for f in document["files"] if f["path"].endswith("good.yaml"))
    assert good["error"] is None and good["errors"] == []
    for entry in document["files"]:
        if entry["path"].endswith(("nowhere.yaml", "empty")):
            assert entry["errors"] == [entry["error"]] and entry["error"] is not None

    text = output_of(run_cli("validate", str(folder), missing, str(empty)))
    listed = text.count("输入错误 ")
    assert listed == 5
    assert "；5 处输入错误（3 个文件），相关文件未检查" in text
    english = output_of(run_cli("validate", str(folder), missing, str(empty), "--lang", "en"))
    assert "; 5 input errors (in 3 files), those files were not checked" in english


# ------------------------------------------------------------------ directory scans


def test_exclude_is_relative_to_the_settings_folder(tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    shutil.copytree(EXAMPLES, examples)
    run = run_cli("validate", str(examples / "ci"))
    shown = output_of(run)
    # exclude: [drafts/**, ci/**] in examples/govcheck.yaml: the CI templates are not read as records
    assert "govcheck: 1" not in shown and "pre-commit-config.yaml" not in shown
    assert run.exit_code == 2 and "都被设置文件" in shown and "exclude" in shown  # nothing left to check: said so
    code, document = run_json(str(examples))
    assert not [f for f in document["files"] if "/ci/" in f["path"]]
    assert code == 1


def test_exclude_has_gitignore_semantics(tmp_path: Path) -> None:
    (tmp_path / "govcheck.yaml").write_text("exclude: [drafts/, '*.bak.yaml', 'minutes/old/**']\n", encoding="utf-8")
    for where in ("minutes", "minutes/drafts", "drafts", "minutes/old", "minutes/new"):
        (tmp_path / where).mkdir(parents=True, exist_ok=True)
    broken = "govcheck: 1\nunit: 某单位\n"  # no items: an input error wherever it is read
    for name in ("drafts/a.yaml", "minutes/drafts/b.yaml", "minutes/c.bak.yaml", "minutes/old/d.yaml"):
        (tmp_path / name).write_text(broken, encoding="utf-8")
    (tmp_path / "minutes/new/e.yaml").write_text(broken, encoding="utf-8")
    shutil.copy(GOOD_RECORD, tmp_path / "minutes/good.yaml")
    for args in ([str(tmp_path)], [str(tmp_path / "minutes")]):  # the same whichever folder is named
        code, document = run_json(*args)
        names = sorted(Path(f["path"]).name for f in document["files"])
        assert names == ["e.yaml", "good.yaml"], (args, names)
        assert code == 2


def test_upper_case_suffixes_are_records(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    shutil.copy(GOOD_RECORD, folder / "A.YAML")
    (folder / "B.YML").write_text("govcheck: 1\nunit: 某单位\n", encoding="utf-8")
    code, document = run_json(str(folder))
    assert sorted(Path(f["path"]).name for f in document["files"]) == ["A.YAML", "B.YML"]
    assert code == 2


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlinked_folder_is_followed_once_without_looping(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "broken.yaml").write_text("govcheck: 1\nunit: 某单位\n", encoding="utf-8")
    folder = tmp_path / "minutes"
    folder.mkdir()
    shutil.copy(GOOD_RECORD, folder / "good.yaml")
    (folder / "linked").symlink_to(real, target_is_directory=True)
    (real / "loop").symlink_to(folder, target_is_directory=True)  # minutes/linked/loop -> minutes
    (folder / "linked-again").symlink_to(real, target_is_directory=True)
    code, document = run_json(str(folder))
    names = sorted(Path(f["path"]).name for f in document["files"])
    assert names == ["broken.yaml", "good.yaml"]  # the broken record behind the link is checked, once
    assert code == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on Windows")
def test_fifo_named_like_a_record_is_an_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    shutil.copy(GOOD_RECORD, folder / "good.yaml")
    os.mkfifo(folder / "x.yaml")
    os.mkfifo(tmp_path / "named.yaml")
    code, document = run_json(str(folder), str(tmp_path / "named.yaml"))
    assert code == 2
    for name in ("x.yaml", "named.yaml"):
        entry = next(f for f in document["files"] if Path(f["path"]).name == name)
        assert "不是普通文件" in entry["error"]["message"]  # never "no such file", never a hang
    good = next(f for f in document["files"] if Path(f["path"]).name == "good.yaml")
    assert good["items"] and good["error"] is None


def test_unreadable_folder_is_an_input_error(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "minutes"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(GOOD_RECORD, folder / "good.yaml")
    shutil.copy(GOOD_RECORD, folder / "locked" / "hidden.yaml")
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):  # as chmod 000 does for a user who is not root
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, document = run_json(str(folder))
    assert code == 2
    entry = next(f for f in document["files"] if f["path"].endswith("locked"))
    assert "无法读取目录" in entry["error"]["message"] and "Permission denied" in entry["error"]["message"]
    text = output_of(run_cli("validate", str(folder)))
    assert "locked: 无法读取目录" in text


# ------------------------------------------------------------------ injection into outputs

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # \t and \n are layout
HOSTILE_ID = (
    "DZ\\e]0;pwn\\aX\\e[2J\\0\\x9b\\u202e\\r\\n伪造行-01"  # YAML escapes: OSC title, clear, NUL, CSI, RLO, CR LF
)


def _hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "minutes"
    folder.mkdir()
    text = good_text().replace("archived: true", "archived: false")  # a finding quoting the meeting id
    text = edit(text, "  id: DZ-2023-08\n", f'  id: "{HOSTILE_ID}"\n')  # TIOL-ARCHIVE is meeting-level
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    (folder / "b.yaml").write_text(
        'govcheck: 1\nunit: "u\\e[31m"\nmeeting: "\\e]0;x\\a\\x85"\nitems: []\n', encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "junit"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_control_character_reaches_an_output(tmp_path: Path, fmt: str, lang: str) -> None:
    folder = _hostile_folder(tmp_path)
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    os.environ["GITHUB_STEP_SUMMARY"] = str(summary)
    try:
        run = run_cli("validate", str(folder), "--format", fmt, "--lang", lang)
    finally:
        del os.environ["GITHUB_STEP_SUMMARY"]
    shown = output_of(run)
    assert run.exit_code == 2, shown
    assert not CONTROL.findall(shown), CONTROL.findall(shown)
    assert "TIOL-ARCHIVE" in shown and "b.yaml" in shown  # still reported, just harmless
    if fmt == "text":
        assert "[DZ␛]0;pwn␇X␛[2J␀�\ufffd␍␊伪造行-01]" in shown  # visible, on the finding's own line
        assert "\n伪造行" not in shown
    if fmt == "junit":
        ET.fromstring(run.stdout.encode("utf-8"))  # well-formed XML
    if fmt in ("json", "sarif"):
        document = json.loads(run.stdout)
        if fmt == "json":  # the values themselves are kept, escaped as JSON escapes
            items = {f["item"] for f in document["findings"]}
            assert "DZ\x1b]0;pwn\x07X\x1b[2J\x00\x9b\u202e\r\n伪造行-01" in items
    if fmt == "github":
        assert not CONTROL.findall(summary.read_text(encoding="utf-8"))


def test_job_summary_makes_no_markup_from_record_text(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    text = good_text().replace("archived: true", "archived: false")
    text = edit(text, "  id: DZ-2023-08\n", '  id: "[点我](https://evil.example) **粗** <img src=x> www.x.cn a@b.cn"\n')
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    summary = tmp_path / "summary.md"
    os.environ["GITHUB_STEP_SUMMARY"] = str(summary)
    try:
        run = run_cli("validate", str(folder), "--format", "github")
    finally:
        del os.environ["GITHUB_STEP_SUMMARY"]
    assert run.exit_code == 0
    markdown = summary.read_text(encoding="utf-8")
    row = next(line for line in markdown.splitlines() if "TIOL-ARCHIVE" in line)
    assert "\\[点我\\](https&#58;//evil.example)" in row  # no link, no autolink
    assert "\\*\\*粗\\*\\*" in row and "&lt;img src=x&gt;" in row
    assert "www&#46;x.cn" in row and "a&#64;b.cn" in row
    assert "<img" not in markdown and "](https://" not in markdown


def test_undecodable_file_name_is_shown_not_a_crash(tmp_path: Path) -> None:
    if os.name == "nt" or os.uname().sysname == "Darwin":
        pytest.skip("file names are Unicode on this system")
    folder = tmp_path / "minutes"
    folder.mkdir()
    raw = os.fsencode(str(folder)) + b"/a\xff\x1b[31m.yaml"  # not UTF-8, and an escape sequence
    with open(raw, "wb") as handle:
        handle.write(good_text().replace("archived: true", "archived: false").encode("utf-8"))
    for fmt in ("json", "text", "sarif", "junit", "github"):
        run = run_cli("validate", str(folder), "--format", fmt)
        assert run.exit_code == 0, (fmt, output_of(run))
        assert "xff" in run.stdout, (
            fmt
        )  # the byte shown as an escape (JSON doubles the backslash, SARIF URIs encode it)
        assert not CONTROL.findall(run.stdout), (fmt, CONTROL.findall(run.stdout))


# ------------------------------------------------------------------ found by the fuzzer (tests/test_fuzz.py)


def test_syntax_error_at_the_end_of_a_file_points_at_its_last_line(tmp_path: Path) -> None:
    settings = "unit: 某区\nr"  # no final line break: libyaml's mark is on a line 3 that does not exist
    folder = _with_settings(tmp_path, settings)
    code, document = run_json(str(folder))
    assert code == 2
    entry = next(f for f in document["files"] if f["path"].endswith("govcheck.yaml"))
    assert entry["error"]["line"] == 2 and "YAML" in entry["error"]["message"]


@pytest.mark.parametrize("target", ["missing-folder/b.json", "/dev/full"])
def test_baseline_that_cannot_be_written_is_said_not_a_crash(tmp_path: Path, target: str) -> None:
    if target == "/dev/full" and not os.path.exists(target):
        pytest.skip("no /dev/full here")
    folder = _with_settings(tmp_path, "unit: 某单位\n")
    path = target if target.startswith("/") else str(tmp_path / target)
    run = run_cli("baseline", str(folder), "-o", path)
    shown = output_of(run)
    assert run.exit_code == 2 and "无法写入" in shown and "内部错误" not in shown, shown
    if not target.startswith("/"):
        assert not (tmp_path / "missing-folder").exists()


def test_repeated_runs_in_one_process_reuse_the_durable_ruleset(tmp_path: Path) -> None:
    """durable-rules never frees a ruleset (~1 MB each): the fuzzer saw 3 GB after a few thousand
    in-process runs. Runs with the same rules reuse one engine."""
    from govcheck.engine import EngineUnavailable, choose_engine

    try:
        choose_engine("durable")
    except EngineUnavailable:
        pytest.skip("durable-rules does not run here")
    from govcheck.engine import durable_engine

    folder = _with_settings(tmp_path, "unit: 某单位\n")
    run_cli("validate", str(folder), "--engine", "durable", "-j", "1")
    before = next(durable_engine._names)
    for _ in range(5):
        assert run_cli("validate", str(folder), "--engine", "durable", "-j", "1").exit_code in (0, 1)
    assert next(durable_engine._names) == before + 1  # no ruleset made by the five runs
