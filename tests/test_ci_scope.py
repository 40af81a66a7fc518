"""Reporting on some files while reading all: --only, --changed-since and the pre-commit hook command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cihelp import EXAMPLES, GOOD, QUORUM_BAD, WARNING_ONLY, git, git_init, insert_line_above, make_corpus, run
from govcheck.pipeline import check_paths


def checks(result_stdout: str) -> set[tuple[str, str]]:
    return {(f["file"], f["check"]) for f in json.loads(result_stdout)["findings"]}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    corpus = git_init(make_corpus(tmp_path / "minutes-repo", GOOD, QUORUM_BAD))
    git(corpus, "add", ".")
    git(corpus, "commit", "-q", "-m", "历史记录")
    return corpus


def test_only_reports_the_named_files(repo: Path) -> None:
    good = run(repo, "validate", "minutes", "--only", f"minutes/{GOOD}", "--format", "json")
    assert good.exit_code == 0 and checks(good.stdout) == set()
    assert [f["path"] for f in json.loads(good.stdout)["files"]] == [f"minutes/{GOOD}"]
    bad = run(repo, "validate", "minutes", "--only", f"minutes/{QUORUM_BAD}", "--format", "json")
    assert bad.exit_code == 1 and {c for _f, c in checks(bad.stdout)} == {
        "TIOL-QUORUM",
        "TIOL-PASS-MAJORITY",
        "REC-ROSTER-MISMATCH",
    }
    typo = run(repo, "validate", "minutes", "--only", "minutes/typo.yaml")
    assert typo.exit_code == 2 and "minutes/typo.yaml" in typo.stdout


def test_changed_since_reports_changed_and_untracked_files(repo: Path) -> None:
    clean = run(repo, "validate", "minutes", "--changed-since", "HEAD", "--format", "json")
    assert clean.exit_code == 0 and checks(clean.stdout) == set()
    shutil.copy(EXAMPLES / "minutes" / WARNING_ONLY, repo / "minutes")  # untracked
    insert_line_above(repo / "minutes" / QUORUM_BAD, 1, "# 修改过的记录")  # changed in the work tree
    changed = run(repo, "validate", "minutes", "--changed-since", "HEAD", "--format", "json", "--fail-on", "warning")
    assert changed.exit_code == 1
    assert {f for f, _c in checks(changed.stdout)} == {f"minutes/{QUORUM_BAD}", f"minutes/{WARNING_ONLY}"}
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "新记录")
    assert run(repo, "validate", "minutes", "--changed-since", "HEAD", "--fail-on", "info").exit_code == 0
    since_first = run(repo, "validate", "minutes", "--changed-since", "HEAD~1", "--format", "json")
    assert {f for f, _c in checks(since_first.stdout)} == {f"minutes/{QUORUM_BAD}", f"minutes/{WARNING_ONLY}"}


def test_changed_settings_mean_every_record(repo: Path) -> None:
    settings = repo / "govcheck.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# 调整\n", encoding="utf-8")
    result = run(repo, "validate", "minutes", "--changed-since", "HEAD", "--format", "json")
    assert f"minutes/{QUORUM_BAD}" in {f for f, _c in checks(result.stdout)}
    assert "设置文件 govcheck.yaml" in result.stderr


def test_changed_since_needs_git_and_a_real_ref(repo: Path, tmp_path: Path) -> None:
    bad_ref = run(repo, "validate", "minutes", "--changed-since", "no-such-branch")
    assert bad_ref.exit_code == 2 and "no-such-branch" in bad_ref.stderr
    outside = make_corpus(tmp_path / "plain-folder", GOOD)
    assert run(outside, "validate", "minutes", "--changed-since", "HEAD").exit_code == 2


def test_hook_reads_the_record_set_and_reports_only_given_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = check_paths

    def spy(paths: list[str], *args: object, **kwargs: object) -> object:
        calls.append(paths)
        return real(paths, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("govcheck.ci.run.check_paths", spy)
    good = run(repo, "hook", f"minutes/{GOOD}")
    assert good.exit_code == 0, good.output
    assert calls == [[str(repo)]]  # the whole record set (the folder of govcheck.yaml), not just the file
    bad = run(repo, "hook", f"minutes/{GOOD}", f"minutes/{QUORUM_BAD}")
    assert bad.exit_code == 1
    assert f"minutes/{QUORUM_BAD}:12: 错误 TIOL-QUORUM" in bad.stdout
    assert run(repo, "hook").exit_code == 0
    settings = run(repo, "hook", "govcheck.yaml", "--format", "json")  # a changed settings file: every record
    assert settings.exit_code == 1 and "govcheck.yaml 有改动" in settings.stderr
    assert {f for f, _c in checks(settings.stdout)} == {f"minutes/{QUORUM_BAD}"}
    assert calls[-1] == [str(repo)]


def test_hook_skips_excluded_drafts_and_groups_units(repo: Path) -> None:
    (repo / "drafts").mkdir()
    shutil.copy(EXAMPLES / "minutes" / QUORUM_BAD, repo / "drafts" / "draft.yaml")
    draft = run(repo, "hook", "drafts/draft.yaml")
    assert draft.exit_code == 0 and "drafts/draft.yaml 不是本次检查的记录" in draft.stderr
    other = make_corpus(repo / "units" / "other", QUORUM_BAD)
    settings = other / "govcheck.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "  TIOL-ARCHIVE: error", "  TIOL-ARCHIVE: error\n  TIOL-QUORUM: warning"
        ),
        encoding="utf-8",
    )
    result = run(repo, "hook", f"minutes/{GOOD}", f"units/other/minutes/{QUORUM_BAD}", "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert {f["file"] for f in findings} == {f"units/other/minutes/{QUORUM_BAD}"}
    assert [f["severity"] for f in findings if f["check"] == "TIOL-QUORUM"] == ["warning"]  # that unit's settings
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [
        f"minutes/{GOOD}",
        f"units/other/minutes/{QUORUM_BAD}",
    ]


def test_cross_record_findings_reach_the_given_file(repo: Path) -> None:
    copy = repo / "minutes" / "2023-05-13-party-group.yaml"
    shutil.copy(repo / "minutes" / GOOD, copy)  # the same meeting and item ids as a committed record
    assert run(repo, "validate", f"minutes/{copy.name}").exit_code == 0  # alone, nothing is duplicated
    hooked = run(repo, "hook", f"minutes/{copy.name}", "--format", "json")
    assert hooked.exit_code == 1
    assert checks(hooked.stdout) == {(f"minutes/{copy.name}", "REC-DUPLICATE-ID")}
    changed = run(repo, "validate", "minutes", "--changed-since", "HEAD", "--format", "json")
    assert checks(changed.stdout) == {(f"minutes/{copy.name}", "REC-DUPLICATE-ID")}
