"""Hostile and odd input (issue 12): reproducers of each crash, hang and loss class, through the CLI.

Each test is the smallest input of a class a fuzzing campaign found; the property-based fuzzer
(tests/test_fuzz.py) keeps looking for the next class.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import GOOD_RECORD, line_of, output_of, run_cli, run_json


def _with_settings(tmp_path: Path, settings: str) -> Path:
    (tmp_path / "govcheck.yaml").write_text(settings, encoding="utf-8")
    folder = tmp_path / "minutes"
    folder.mkdir()
    shutil.copy(GOOD_RECORD, folder / "good.yaml")
    return folder


# ------------------------------------------------------------------ settings


def test_term_without_name_ending_before_it_starts(tmp_path: Path) -> None:
    settings = ("unit: 某单位\nroster:\n  - {from: 2024-01-01, to: 2023-01-01}\n"
                "principal:\n  - {role: 书记, from: 2024-01-01, to: 2023-01-01}\n")
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
    assert any("the term ends on 2023-01-01" in e["message"]
               for f in document["files"] for e in f.get("errors", [f["error"]]) if e)


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
