"""`govcheck init`: a commented govcheck.yaml that the real settings loader and `validate` accept."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from conftest import GOOD_RECORD, output_of, run_cli, run_json
from govcheck.loading.schema import SETTINGS
from govcheck.loading.settings import ALL_PACKS, Settings, load_settings
from govcheck.planning.init_template import TEMPLATE

CJK = re.compile(r"[\u4e00-\u9fff]")


def init(folder: Path, *more: str) -> Path:
    result = run_cli("init", str(folder), *more)
    assert result.exit_code == 0, output_of(result)
    assert "已写入" in result.stdout
    return folder / "govcheck.yaml"


def test_the_written_file_loads_and_means_the_defaults(tmp_path: Path) -> None:
    settings = load_settings(str(init(tmp_path)))
    defaults = Settings()
    for key in (
        "unit",
        "principal",
        "roster",
        "collective_forums",
        "mad_forums",
        "large_fund",
        "open_tender",
        "notice_days",
        "packs",
        "severity",
        "exclude",
        "waivers",
    ):
        assert getattr(settings, key) == getattr(defaults, key), key
    assert settings.packs == ALL_PACKS


def test_every_settings_key_is_explained(tmp_path: Path) -> None:
    text = init(tmp_path).read_text(encoding="utf-8")
    keys = [*SETTINGS.fields, *SETTINGS.fields["thresholds"].fields]
    for key in keys:
        assert re.search(rf"^\s*(# )?{key}:", text, re.MULTILINE), key


def test_comments_are_chinese_first_then_english() -> None:
    blocks = [b for b in TEMPLATE.split("\n\n") if b.strip()]
    for block in blocks:
        comments = [line[1:].strip() for line in block.splitlines() if line.lstrip().startswith("#")]
        prose = [c for c in comments if c and not c.startswith("-") and ":" not in c.split()[0]]
        assert prose, block
        first_english = next((i for i, c in enumerate(prose) if not CJK.search(c)), len(prose))
        assert first_english > 0, f"the block should explain in Chinese first:\n{block}"
        assert first_english < len(prose), f"the block has no English:\n{block}"


def uncomment(text: str, first: str) -> str:
    """Enable one commented-out example: the line ``# first`` and the indented lines under it."""
    lines = text.split("\n")
    start = lines.index(f"# {first}") if f"# {first}" in lines else lines.index(f"  # {first}")
    indent = "  " if lines[start].startswith("  ") else ""
    lines[start] = indent + lines[start][len(indent) + 2 :]
    index = start + 1
    while index < len(lines) and lines[index].startswith(f"{indent}#   "):
        lines[index] = indent + lines[index][len(indent) + 2 :]
        index += 1
    return "\n".join(lines)


@pytest.mark.parametrize(
    "example",
    [
        "unit: 某区重点区域规划建设管理署",
        "principal: 张三",
        "principal:",
        "roster:",
        "large_fund: 500000",
        "severity:",
        "exclude: [drafts/**]",
        "waivers:",
    ],
)
def test_each_example_loads_once_enabled(tmp_path: Path, example: str) -> None:
    path = tmp_path / "govcheck.yaml"
    path.write_text(uncomment(TEMPLATE, example), encoding="utf-8")
    settings = load_settings(str(path))
    assert settings != Settings(path=str(path), lines=settings.lines), example


def test_the_examples_together_describe_a_unit(tmp_path: Path) -> None:
    text = TEMPLATE
    for example in ("unit: 某区重点区域规划建设管理署", "principal:", "roster:", "large_fund: 500000", "waivers:"):
        text = uncomment(text, example)
    path = tmp_path / "govcheck.yaml"
    path.write_text(text, encoding="utf-8")
    settings = load_settings(str(path))
    assert settings.principal_on(dt.date(2020, 5, 1)) == "王五"
    assert settings.principal_on(dt.date(2023, 5, 12)) == "张三"
    assert settings.members_on(dt.date(2023, 5, 12)) == ["张三", "李四", "王五", "钱七"]
    assert settings.large_fund == 500000
    assert [w.check for w in settings.waivers] == ["MAD-PUBLIC-PARTICIPATION"]


def test_validate_accepts_it(tmp_path: Path) -> None:
    init(tmp_path)
    shutil.copy(GOOD_RECORD, tmp_path / GOOD_RECORD.name)
    code, report = run_json(str(tmp_path))
    assert code in (0, 1), report
    assert not [f for f in report["files"] if f.get("error") or f.get("errors")], report["files"]
    assert code == run_json(str(tmp_path / GOOD_RECORD.name), "--config", str(tmp_path / "govcheck.yaml"))[0]


def test_the_checklist_uses_it(tmp_path: Path) -> None:
    init(tmp_path)
    result = run_cli("checklist", "--category", "personnel", "--date", "2025-06-20", cwd=tmp_path)
    assert result.exit_code == 0, output_of(result)
    assert "单位设置：govcheck.yaml" in result.stdout


def test_it_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "govcheck.yaml"
    path.write_text("unit: 已有的单位\n", encoding="utf-8")
    result = run_cli("init", str(tmp_path))
    assert result.exit_code == 2
    assert "已存在" in output_of(result) and "--force" in output_of(result)
    assert path.read_text(encoding="utf-8") == "unit: 已有的单位\n"
    english = run_cli("init", str(tmp_path), "--lang", "en")
    assert english.exit_code == 2 and "already exists" in output_of(english)
    init(tmp_path, "--force")
    assert path.read_text(encoding="utf-8") == TEMPLATE


def test_a_hidden_settings_file_counts_as_existing(tmp_path: Path) -> None:
    (tmp_path / ".govcheck.yaml").write_text("notice_days: 2\n", encoding="utf-8")
    result = run_cli("init", str(tmp_path))
    assert result.exit_code == 2 and ".govcheck.yaml" in output_of(result)
    assert not (tmp_path / "govcheck.yaml").exists()


def test_it_writes_into_a_new_folder_and_defaults_to_here(tmp_path: Path) -> None:
    assert init(tmp_path / "minutes").is_file()
    result = run_cli("init", cwd=tmp_path)
    assert result.exit_code == 0, output_of(result)
    assert (tmp_path / "govcheck.yaml").read_text(encoding="utf-8") == TEMPLATE


def test_a_file_where_the_folder_should_be_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "minutes").write_text("", encoding="utf-8")
    result = run_cli("init", str(tmp_path / "minutes"))
    assert result.exit_code == 2


# ------------------------------------------------------------ 1.1: unit kind, government or department


def test_options_for_a_department(tmp_path: Path) -> None:
    """A district bureau applies the MAD regulation by reference (条例第四十二条): its 局务会 decides."""
    path = init(tmp_path, "--unit-kind", "agency", "--department")
    settings = load_settings(str(path))
    assert settings.unit_kind == "agency" and settings.mad_forums == ("executive",)
    assert "major_admin_decision" in settings.packs
    text = path.read_text(encoding="utf-8")
    assert "参照条例执行（条例第四十二条）" in text


def test_options_for_a_government(tmp_path: Path) -> None:
    settings = load_settings(str(init(tmp_path, "--government")))
    assert settings.mad_forums == ("standing", "plenary") and settings.unit_kind == "agency"


@pytest.mark.parametrize(("kind", "named"), [("soe", "国有企业"), ("village", "村级组织")])
def test_an_enterprise_or_village_is_bound_by_neither_regulation(tmp_path: Path, kind: str, named: str) -> None:
    path = init(tmp_path, "--unit-kind", kind)
    settings = load_settings(str(path))
    assert settings.unit_kind == kind
    assert "major_admin_decision" not in settings.packs and "fair_competition" not in settings.packs
    assert {"tiol", "legality", "procurement", "records"} <= set(settings.packs)
    assert f"本单位是{named}" in path.read_text(encoding="utf-8")


def test_without_a_terminal_it_never_asks_and_takes_the_defaults(tmp_path: Path) -> None:
    """CI and scripts: no prompt blocks, the defaults (an agency that is a people's government) are written."""
    result = run_cli("init", str(tmp_path))
    assert result.exit_code == 0 and "单位类型" not in output_of(result)
    assert (tmp_path / "govcheck.yaml").read_text(encoding="utf-8") == TEMPLATE


def _ask(tmp_path: Path, answers: str, *options: str, monkeypatch: pytest.MonkeyPatch):
    from click.testing import CliRunner

    from govcheck import cli

    monkeypatch.setattr(cli, "_interactive", lambda: True)
    return CliRunner().invoke(cli.cli, ["init", str(tmp_path), *options], input=answers, catch_exceptions=False)


def test_at_a_terminal_it_asks_the_kind_and_whether_a_government(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _ask(tmp_path, "agency\nn\n", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "单位类型" in result.output and "本单位是人民政府吗" in result.output
    settings = load_settings(str(tmp_path / "govcheck.yaml"))
    assert settings.unit_kind == "agency" and settings.mad_forums == ("executive",)


def test_at_a_terminal_enter_takes_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _ask(tmp_path, "\n\n", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "govcheck.yaml").read_text(encoding="utf-8") == TEMPLATE


def test_at_a_terminal_an_soe_is_not_asked_about_government(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _ask(tmp_path, "soe\n", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "人民政府吗" not in result.output
    assert load_settings(str(tmp_path / "govcheck.yaml")).unit_kind == "soe"


def test_at_a_terminal_a_wrong_kind_is_asked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _ask(tmp_path, "国企\nsoe\n", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert load_settings(str(tmp_path / "govcheck.yaml")).unit_kind == "soe"


def test_options_answer_the_questions_at_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _ask(tmp_path, "", "--unit-kind", "agency", "--department", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "单位类型" not in result.output
    assert load_settings(str(tmp_path / "govcheck.yaml")).mad_forums == ("executive",)


def test_the_english_prompts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _ask(tmp_path, "village\n", "--lang", "en", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "unit kind" in result.output
