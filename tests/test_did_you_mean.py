"""「是不是陈晓梅？」 (issue 13): a name that is one character off a member's gets the member's name in the
findings that report it, in both engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, edit, good_text, line_of, output_of, run_cli
from govcheck.facts.names import nearest, with_guesses, within_one_edit


def corpus(tmp_path: Path, text: str) -> Path:
    settings = (EXAMPLES / "govcheck.yaml").read_text(encoding="utf-8")
    (tmp_path / "govcheck.yaml").write_text(settings.replace("孙八", "陈晓梅"), encoding="utf-8")
    (tmp_path / "minutes").mkdir()
    path = tmp_path / "minutes" / "r.yaml"
    path.write_text(text.replace("孙八", "陈晓梅"), encoding="utf-8")
    return path


def misspelt(text: str) -> str:
    """The record with 陈小梅 for 陈晓梅 everywhere: members, attendees and positions."""
    return text.replace("孙八", "陈小梅")


@pytest.mark.parametrize("engine", ["plain", "durable"])
def test_a_misspelt_member_gets_the_roster_name(tmp_path: Path, engine: str) -> None:
    path = corpus(tmp_path, misspelt(good_text()))
    result = run_cli("validate", "--engine", engine, str(path))
    shown = output_of(result)
    assert result.exit_code == 1
    text = misspelt(good_text())
    assert f"r.yaml:{line_of(text, '  members:')}: 错误 REC-ROSTER-MISMATCH" in shown
    assert "记录有而名册无：陈小梅（是不是陈晓梅？））" in shown
    assert f"r.yaml:{line_of(text, '  attendees:')}: 警告 REC-ATTENDEE-NOT-MEMBER" in shown
    assert "到会人员陈小梅（是不是陈晓梅？）不是应到会成员" in shown
    assert "记录中陈小梅（是不是陈晓梅？）在会上表态" in shown


def test_english_messages_ask_in_english(tmp_path: Path) -> None:
    path = corpus(tmp_path, misspelt(good_text()))
    shown = output_of(run_cli("validate", "--lang", "en", str(path)))
    assert "attendees 陈小梅 (did you mean 陈晓梅?) are neither members" in shown


def test_both_engines_give_the_same_findings(tmp_path: Path) -> None:
    path = corpus(tmp_path, misspelt(good_text()))
    plain = json.loads(run_cli("validate", "--engine", "plain", "--format", "json", str(path)).stdout)["findings"]
    durable = json.loads(run_cli("validate", "--engine", "durable", "--format", "json", str(path)).stdout)["findings"]
    assert plain == durable and any("是不是陈晓梅" in f["message"] for f in plain)


def test_a_name_far_from_every_member_gets_no_guess(tmp_path: Path) -> None:
    text = edit(
        good_text(),
        "  attendees: [张三, 李四, 王五, 钱七, 孙八, 吴九]",
        "  attendees: [张三, 李四, 王五, 钱七, 孙八, 吴九, 欧阳明]",
    )
    shown = output_of(run_cli("validate", str(corpus(tmp_path, text))))
    assert "到会人员欧阳明不是应到会成员" in shown and "是不是" not in shown


@pytest.mark.parametrize(
    ("name", "known", "expected"),
    [
        ("陈小梅", ["陈晓梅", "张三"], "陈晓梅"),  # one character replaced
        ("陈梅", ["陈晓梅"], "陈晓梅"),  # one left out
        ("欧阳明明", ["欧阳明"], "欧阳明"),  # one too many
        ("张四", ["张三", "张五"], None),  # two candidates: no guess
        ("李", ["李四"], None),  # one character is no name to compare
        ("王小明", ["张晓明"], None),  # two characters off
    ],
)
def test_nearest(name: str, known: list[str], expected: str | None) -> None:
    assert nearest(name, known) == expected


def test_within_one_edit_is_not_equality() -> None:
    assert not within_one_edit("张三", "张三") and within_one_edit("张三", "张叁")
    assert with_guesses(["张三"], ["张三"]) is None
    shown = with_guesses(["陈小梅", "欧阳明"], ["陈晓梅"])
    assert shown is not None and shown.zh == "陈小梅（是不是陈晓梅？）、欧阳明"
