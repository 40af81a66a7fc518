"""Issue 8: Windows as far as this machine can test it.

Paths: every path govcheck shows or writes (text, JSON, SARIF, JUnit, the report, the baseline) has
``/`` between its parts, relative to the working directory or repository, whatever the OS separator.
The path functions take the path module, so ``ntpath`` stands in for Windows here and
``PureWindowsPath`` says what the right answer is. CRLF records (Notepad, Excel exports) check the
same as LF ones.
"""

from __future__ import annotations

import ntpath
import shutil
from pathlib import Path, PureWindowsPath

from conftest import EXAMPLES, run_json
from govcheck.ci.baseline import baseline_relative
from govcheck.loading.discovery import display_path
from govcheck.output.paths import relative_below, repo_relative, slashed

REPO_ROOT = r"C:\Users\li\Documents\党组会议记录"
RECORD = REPO_ROOT + r"\minutes\2024\2024-03-05-党组会.yaml"


def posix_relative(path: str, root: str) -> str:
    return PureWindowsPath(path).relative_to(PureWindowsPath(root)).as_posix()


def test_a_record_below_the_working_directory_is_shown_relative_with_slashes() -> None:
    assert display_path(RECORD, cwd=REPO_ROOT, pathmod=ntpath) == "minutes/2024/2024-03-05-党组会.yaml"
    assert display_path(RECORD, cwd=REPO_ROOT, pathmod=ntpath) == posix_relative(RECORD, REPO_ROOT)
    # as typed at the prompt: govcheck validate minutes\2024\2024-03-05-党组会.yaml
    assert (
        display_path(r"minutes\2024\2024-03-05-党组会.yaml", cwd=REPO_ROOT, pathmod=ntpath)
        == "minutes/2024/2024-03-05-党组会.yaml"
    )
    # Windows paths ignore case: C:\USERS\LI\... is below c:\users\li\...
    assert (
        display_path(RECORD.upper(), cwd=REPO_ROOT.lower(), pathmod=ntpath)
        == "minutes/2024/2024-03-05-党组会.yaml".upper()
    )


def test_a_record_outside_the_working_directory_keeps_its_path_with_slashes() -> None:
    assert display_path(r"..\归档\2019.yaml", cwd=REPO_ROOT, pathmod=ntpath) == "../归档/2019.yaml"
    assert display_path(r"D:\归档\2019.yaml", cwd=REPO_ROOT, pathmod=ntpath) == "D:/归档/2019.yaml"
    assert slashed(r"\\fileserver\legal\minutes\a.yaml", ntpath) == "//fileserver/legal/minutes/a.yaml"
    assert "\\" not in display_path(r"D:\归档\2019.yaml", cwd=REPO_ROOT, pathmod=ntpath)


def test_ci_paths_are_relative_to_the_repository_with_slashes() -> None:
    """SARIF URIs, JUnit file attributes, GitHub annotations and fingerprints use this path."""
    shown = r"2024\2024-03-05-党组会.yaml"  # the user ran govcheck from REPO_ROOT\minutes
    assert repo_relative(shown, RECORD, REPO_ROOT, ntpath) == posix_relative(RECORD, REPO_ROOT)
    assert repo_relative(shown, RECORD, None, ntpath) == "2024/2024-03-05-党组会.yaml"  # outside a repository
    assert relative_below(RECORD, REPO_ROOT, ntpath) == "minutes/2024/2024-03-05-党组会.yaml"
    assert relative_below(r"D:\归档\2019.yaml", REPO_ROOT, ntpath) is None  # SARIF: an absolute file: URI
    assert relative_below(r"C:\Users\li\Documents\other\a.yaml", REPO_ROOT, ntpath) is None


def test_baseline_entries_are_the_same_on_windows_and_linux() -> None:
    """A baseline written on a Windows PC must match on the Linux CI runner, and the other way round."""
    windows = baseline_relative(RECORD, REPO_ROOT, ntpath)
    linux = baseline_relative("/srv/minutes-repo/minutes/2024/2024-03-05-党组会.yaml", "/srv/minutes-repo")
    assert windows == linux == "minutes/2024/2024-03-05-党组会.yaml"
    assert baseline_relative(r"D:\归档\2019.yaml", REPO_ROOT, ntpath) == "D:/归档/2019.yaml"


def test_crlf_records_and_settings_check_the_same_as_lf(tmp_path: Path) -> None:
    crlf = tmp_path / "examples"
    shutil.copytree(EXAMPLES, crlf)
    converted = 0
    for path in crlf.rglob("*.yaml"):  # records and govcheck.yaml, as Notepad saves them
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        converted += 1
    assert converted > 10
    code_lf, lf = run_json(str(EXAMPLES), cwd=EXAMPLES.parent)
    code_crlf, with_crlf = run_json("examples", cwd=tmp_path)
    assert code_lf == code_crlf == 1
    assert with_crlf["findings"] == lf["findings"]
    assert with_crlf["summary"] == lf["summary"]
