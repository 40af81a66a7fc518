"""Counts and wording (issue 13): English singular and plural, the report's 「由 govcheck 0.1.0 生成」,
docs/cli.md generated from the commands, the report's message for a file name it cannot place."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, output_of, record_dir, run_cli
from govcheck import __version__
from govcheck.clidoc import render
from govcheck.i18n import counted, singular_ones


def test_one_file_one_warning_in_english(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    (tmp_path / "govcheck.yaml").write_bytes((EXAMPLES / "govcheck.yaml").read_bytes())
    (folder / "r.yaml").write_bytes((EXAMPLES / "minutes" / "2023-09-08-emergency.yaml").read_bytes())
    shown = run_cli("validate", "--lang", "en", str(folder / "r.yaml")).stdout
    assert "checked 1 file, 1 item: 1 finding (0 errors, 1 warning)" in shown


def test_one_input_error_in_one_file_in_english(tmp_path: Path) -> None:
    folder = record_dir(tmp_path, "govcheck: 1\nunit: [\n")
    shown = output_of(run_cli("validate", "--lang", "en", str(folder / "bad.yaml")))
    assert "checked 1 file, 0 items: 0 findings (0 errors, 0 warnings); 1 input error (in 1 file)" in shown


@pytest.mark.parametrize(
    ("n", "word", "expected"),
    [(1, "file", "1 file"), (0, "file", "0 files"), (2, "entry", "2 entries"), (1, "input error", "1 input error")],
)
def test_counted(n: int, word: str, expected: str) -> None:
    assert counted(n, word) == expected


def test_rule_messages_lose_the_plural_after_one() -> None:
    assert (
        singular_ones("1 votes cast, more than the 1 members present") == "1 vote cast, more than the 1 member present"
    )
    assert singular_ones("11 votes, 21 working days, 0.1 days") == "11 votes, 21 working days, 0.1 days"
    assert singular_ones("1 working days after") == "1 working day after"


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_report_says_made_by_govcheck_and_its_version_in_chinese_word_order(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"r.{fmt}"
    run_cli("report", str(EXAMPLES), "-o", str(target), "--reproducible")
    text = target.read_text(encoding="utf-8")
    assert f"由 govcheck {__version__} 生成" in text and "由 govcheck 生成" not in text


def test_an_unknown_report_suffix_lists_the_real_choices(tmp_path: Path) -> None:
    result = run_cli("report", str(EXAMPLES), "-o", str(tmp_path / "x.docx"))
    shown = output_of(result)
    assert result.exit_code == 2
    assert "无法从文件名" in shown and "扩展名 .docx" in shown
    from govcheck.report.command import FORMATS, SUFFIXES

    assert "扩展名可以是 " + "、".join(SUFFIXES) in shown and f"或用 --format 指定（{'、'.join(FORMATS)}）" in shown
    assert ".pdf" in SUFFIXES or "pdf" not in FORMATS


def test_docs_cli_md_is_current() -> None:
    committed = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/cli.md is stale: run python -m govcheck.clidoc docs/cli.md"


def test_docs_cli_md_names_every_command_and_option() -> None:
    from govcheck.cli import cli

    text = render()
    import click

    def walk(command: click.Command, path: str) -> None:
        assert f"## `{path}`" in text, path
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert f"`{param.opts[-1]}`" in text, (path, param.opts)
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")

    walk(cli, "govcheck")


def test_the_readme_links_the_cli_reference() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/cli.md)" in readme and (REPO / "docs" / "cli.md").exists()
