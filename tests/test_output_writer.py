"""The one output writer: complete or nothing, the user's umask, no temp file after SIGTERM,
never over an input (issue 11, and issue 12's `validate recs/ -o recs/a.yaml`)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from cihelp import GOOD, QUORUM_BAD, REPO, make_corpus, run
from govcheck.output.writer import TEMP_PREFIX, write_chunks, write_text

POSIX = os.name == "posix"


def leftovers(folder: Path) -> list[Path]:
    return list(folder.rglob(f"{TEMP_PREFIX}*"))


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
@pytest.mark.parametrize(
    "args",
    [
        ("validate", "minutes", "--format", "json", "-o", "out.json"),
        ("validate", "minutes", "-o", "sarif:out.json"),
        ("baseline", "minutes", "-o", "out.json"),
        ("report", "minutes", "-o", "out.json"),
    ],
)
def test_new_files_get_the_users_umask(tmp_path: Path, umask_027: None, args: tuple[str, ...]) -> None:
    corpus = make_corpus(tmp_path, GOOD)
    result = run(corpus, *args)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((corpus / "out.json").stat().st_mode) == 0o640  # 0666 less umask 027, not 0600
    assert leftovers(corpus) == []


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
def test_init_gets_the_users_umask(tmp_path: Path, umask_027: None) -> None:
    assert run(tmp_path, "init", ".").exit_code == 0
    assert stat.S_IMODE((tmp_path / "govcheck.yaml").stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o604)
    write_text("new", str(target))
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("last year's report", encoding="utf-8")

    def chunks() -> Iterator[bytes]:
        yield b"<html>half"
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_chunks(chunks(), str(target))
    assert target.read_text(encoding="utf-8") == "last year's report"
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not POSIX, reason="needs /dev/null")
def test_a_device_is_written_through_not_replaced() -> None:
    write_text("discarded", os.devnull)
    assert not os.path.isfile(os.devnull)


@pytest.mark.skipif(not POSIX or not hasattr(signal, "SIGTERM"), reason="POSIX signals")
def test_sigterm_during_a_write_leaves_no_temp_file(tmp_path: Path) -> None:
    """A CI runner cancelling the job sends SIGTERM: the half-written temp file must go."""
    script = textwrap.dedent("""
        import sys, time
        from govcheck.output.writer import write_chunks

        def chunks():
            yield b"first part"
            print("writing", flush=True)
            time.sleep(60)
            yield b"never"

        write_chunks(chunks(), sys.argv[1])
    """)
    target = tmp_path / "out.sarif"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    child = subprocess.Popen([sys.executable, "-c", script, str(target)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "writing"
        assert len(leftovers(tmp_path)) == 1  # the temp file exists while writing
        child.send_signal(signal.SIGTERM)
        code = child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert code == 128 + signal.SIGTERM
    assert leftovers(tmp_path) == []
    assert not target.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "minutes", "-o", "minutes/{GOOD}", "--format", "json"),
        ("validate", "minutes", "-o", "json:minutes/{GOOD}"),
        ("validate", "minutes/{GOOD}", "-o", "./minutes/{GOOD}"),
        ("validate", "minutes", "-o", "json:govcheck.yaml"),
        ("baseline", "minutes", "-o", "minutes/{GOOD}"),
        ("report", "minutes", "--format", "json", "-o", "minutes/{GOOD}"),
    ],
)
def test_an_output_that_is_an_input_is_refused(tmp_path: Path, args: tuple[str, ...]) -> None:
    corpus = make_corpus(tmp_path, GOOD, QUORUM_BAD)
    before = {p: p.read_bytes() for p in corpus.rglob("*.yaml")}
    result = run(corpus, *(a.format(GOOD=GOOD) for a in args))
    assert result.exit_code == 2
    assert "输入" in result.stderr and "拒绝覆盖" in result.stderr
    assert {p: p.read_bytes() for p in corpus.rglob("*.yaml")} == before
    assert leftovers(corpus) == []


def test_the_baseline_read_is_not_overwritten(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, QUORUM_BAD)
    assert run(corpus, "baseline", "minutes", "-o", "base.json").exit_code == 0
    saved = (corpus / "base.json").read_bytes()
    result = run(
        corpus, "validate", "minutes", "--baseline", "base.json", "--format", "json", "-o", "base.json", "--lang", "en"
    )
    assert result.exit_code == 2 and "refusing to replace" in result.stderr
    assert (corpus / "base.json").read_bytes() == saved


def test_a_yaml_output_inside_a_checked_folder_is_written_with_a_warning(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, GOOD)
    result = run(corpus, "validate", "minutes", "--format", "json", "-o", "minutes/result.yaml")
    assert result.exit_code == 0
    assert "下次检查会把它当作记录读取" in result.stderr
    assert json.loads((corpus / "minutes" / "result.yaml").read_text(encoding="utf-8"))["findings"] == []
    # a JSON file there is no record: no warning
    assert "下次检查" not in run(corpus, "validate", "minutes", "--format", "json", "-o", "minutes/r.json").stderr


def test_writing_beside_the_records_is_not_refused(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, GOOD)
    result = run(corpus, "validate", f"minutes/{GOOD}", "--format", "json", "-o", "minutes/report.json")
    assert result.exit_code == 0 and result.stderr == ""


def test_an_xlsx_output_inside_a_checked_folder_is_written_with_a_warning(tmp_path: Path) -> None:
    """A ledger is a record source: ``ledger export minutes/ -o minutes/台账.xlsx`` doubles every item id on
    the next run, so it is said; govcheck's own report workbook is skipped by the reader, so it is not."""
    corpus = make_corpus(tmp_path, GOOD)
    exported = run(corpus, "ledger", "export", "minutes", "-o", "minutes/台账.xlsx")
    assert exported.exit_code == 0 and (corpus / "minutes" / "台账.xlsx").is_file()
    assert "下次检查会把它当作台账读取" in exported.stderr
    (corpus / "minutes" / "台账.xlsx").unlink()
    assert "下次检查会把它当作台账读取" in run(corpus, "validate", "minutes", "-o", "minutes/x.xlsx").stderr
    (corpus / "minutes" / "x.xlsx").unlink()
    report = run(corpus, "report", "minutes", "-o", "minutes/报告.xlsx")
    assert report.exit_code == 0 and "下次检查" not in report.stderr
    assert "下次检查" not in run(corpus, "ledger", "export", "minutes", "-o", "台账.xlsx").stderr  # beside, not in
