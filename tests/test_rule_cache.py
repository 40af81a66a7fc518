"""The rulebook cache: a run loads the rules it would have parsed, and an edit is never missed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from govcheck.rulebook import loader

load_uncached = loader.load_rules.__wrapped__  # the in-process @cache would hide the file cache


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(loader.rules_dir(), folder)
    return folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("GOVCHECK_CACHE_DIR", str(where))
    return where


def entries(where: Path) -> list[Path]:
    return sorted(where.glob("rules-*.pickle")) if where.exists() else []


def test_a_second_load_comes_from_the_cache_and_equals_the_parsed_rules(
    rules_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = load_uncached(str(rules_copy))
    assert len(entries(cache)) == 1

    def no_parsing(path: str) -> None:
        raise AssertionError(f"parsed {path} although the cache holds it")

    monkeypatch.setattr(loader, "load_rule_file", no_parsing)
    assert load_uncached(str(rules_copy)) == parsed


def test_editing_a_rule_file_is_seen_at_once(rules_copy: Path, cache: Path) -> None:
    before = {r.id: r for r in load_uncached(str(rules_copy))}
    target = rules_copy / "tiol" / "TIOL-QUORUM.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("severity: error", "severity: warning", 1), encoding="utf-8")
    after = {r.id: r for r in load_uncached(str(rules_copy))}
    assert before["TIOL-QUORUM"].severity == "error"
    assert after["TIOL-QUORUM"].severity == "warning"
    assert len(entries(cache)) == 2


def test_a_broken_entry_is_replaced_not_trusted(rules_copy: Path, cache: Path) -> None:
    parsed = load_uncached(str(rules_copy))
    [entry] = entries(cache)
    entry.write_bytes(b"not a pickle")
    assert load_uncached(str(rules_copy)) == parsed
    assert entry.read_bytes() != b"not a pickle"


def test_rule_file_errors_are_never_cached(rules_copy: Path, cache: Path) -> None:
    (rules_copy / "tiol" / "TIOL-QUORUM.yaml").write_text("id: [broken\n", encoding="utf-8")
    with pytest.raises(loader.InputProblems):
        load_uncached(str(rules_copy))
    assert entries(cache) == []


def test_an_empty_setting_turns_the_cache_off(
    rules_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVCHECK_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    assert load_uncached(str(rules_copy))
    assert not list(tmp_path.rglob("rules-*.pickle"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a folder this user cannot write")
def test_an_unwritable_cache_folder_does_not_stop_the_run(rules_copy: Path, cache: Path) -> None:
    cache.mkdir()
    cache.chmod(0o500)
    try:
        assert load_uncached(str(rules_copy))
        assert entries(cache) == []
    finally:
        cache.chmod(0o700)


def test_a_cache_path_that_is_a_file_does_not_stop_the_run(rules_copy: Path, cache: Path) -> None:
    cache.write_text("in the way", encoding="utf-8")  # as root, permissions would not stop a write
    assert load_uncached(str(rules_copy))
    assert cache.read_text(encoding="utf-8") == "in the way"
