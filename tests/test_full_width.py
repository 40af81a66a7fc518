"""Full-width punctuation from a Chinese input method (issue 13): the message names the character, its line
and the fix, in records and in govcheck.yaml alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit, good_text, line_of, output_of, record_dir, run_cli


def validate(tmp_path: Path, text: str) -> tuple[int, str]:
    folder = record_dir(tmp_path, text)
    result = run_cli("validate", str(folder / "bad.yaml"))
    return result.exit_code, output_of(result)


def test_a_full_width_colon_is_named_on_its_own_line(tmp_path: Path) -> None:
    text = edit(good_text(), "    proposed_by: 办公室", "    proposed_by：办公室")
    code, shown = validate(tmp_path, text)
    line = line_of(text, "proposed_by：")
    assert code == 2
    assert f"bad.yaml:{line}: 第{line}行的 proposed_by 后面用了全角冒号“：”：YAML 只认半角冒号“:”" in shown
    assert "把“proposed_by：”改成“proposed_by: ”" in shown
    assert "缺少冒号" not in shown  # libyaml's complaint about the next line is not shown


def test_a_full_width_colon_in_a_flow_mapping(tmp_path: Path) -> None:
    text = edit(good_text(), "{member: 钱七, position: agree}", "{member：钱七, position: agree}")
    code, shown = validate(tmp_path, text)
    line = line_of(text, "member：钱七")
    assert code == 2 and f"bad.yaml:{line}: 第{line}行的 member 后面用了全角冒号“：”" in shown


def test_full_width_spaces_as_indentation(tmp_path: Path) -> None:
    text = edit(good_text(), "  chair: 张三", "\u3000\u3000chair: 张三")
    code, shown = validate(tmp_path, text)
    line = line_of(text, "chair: 张三")
    assert code == 2
    assert f"bad.yaml:{line}: 第{line}行用全角空格（U+3000，共 2 个）缩进：YAML 只认半角空格" in shown
    assert "把行首的全角空格换成半角空格" in shown
    assert "此处不能出现" not in shown


def test_every_such_line_is_listed(tmp_path: Path) -> None:
    text = edit(good_text(), "    proposed_by: 办公室", "    proposed_by：办公室")
    text = edit(text, "    recorder: 周敏", "\u3000\u3000\u3000\u3000recorder: 周敏")
    _code, shown = validate(tmp_path, text)
    assert f"bad.yaml:{line_of(text, 'proposed_by：')}:" in shown
    assert f"bad.yaml:{line_of(text, 'recorder: 周敏')}:" in shown
    assert "2 处输入错误（1 个文件）" in shown


def test_full_width_text_in_values_and_block_text_is_fine(tmp_path: Path) -> None:
    text = edit(
        good_text(), "    proposed_by: 办公室", "    proposed_by: 办公室：综合科\n    x_note: |\n      　　说明：无"
    )
    code, shown = validate(tmp_path, text)
    assert code == 0, shown


def test_a_full_width_comma_in_a_list_of_names(tmp_path: Path) -> None:
    text = edit(
        good_text(),
        "  attendees: [张三, 李四, 王五, 钱七, 孙八, 吴九]",
        "  attendees: [张三，李四, 王五, 钱七, 孙八, 吴九]",
    )
    code, shown = validate(tmp_path, text)
    line = line_of(text, "attendees:")
    assert code == 2
    assert f"bad.yaml:{line}: meeting.attendees[0]：“张三，李四”中有全角逗号“，”" in shown
    assert "改用半角逗号加空格，如 [张三, 李四]" in shown


def test_an_enumeration_comma_in_a_list_of_names(tmp_path: Path) -> None:
    text = edit(
        good_text(),
        "  attendees: [张三, 李四, 王五, 钱七, 孙八, 吴九]",
        "  attendees: [张三、李四、王五, 钱七, 孙八, 吴九]",
    )
    _code, shown = validate(tmp_path, text)
    assert "“张三、李四、王五”中有顿号“、”" in shown and "如 [张三, 李四, 王五]" in shown


@pytest.mark.parametrize(("opening", "closing"), [("【", "】"), ("［", "］")])
def test_full_width_brackets(tmp_path: Path, opening: str, closing: str) -> None:
    old = "  attendees: [张三, 李四, 王五, 钱七, 孙八, 吴九]"
    text = edit(good_text(), old, f"  attendees: {opening}张三, 李四, 王五, 钱七, 孙八, 吴九{closing}")
    code, shown = validate(tmp_path, text)
    line = line_of(text, "attendees:")
    assert code == 2
    assert (
        f"bad.yaml:{line}: meeting.attendees 用了全角方括号“{opening}{closing}”：YAML 的列表只认半角方括号 [ ]" in shown
    )


def test_a_full_width_closing_bracket(tmp_path: Path) -> None:
    old = "  attendees: [张三, 李四, 王五, 钱七, 孙八, 吴九]"
    text = edit(good_text(), old, "  attendees: [张三, 李四, 王五, 钱七, 孙八, 吴九】")
    code, shown = validate(tmp_path, text)
    assert code == 2
    assert f"bad.yaml:{line_of(text, 'attendees:')}: YAML 语法错误：第" in shown
    assert "该行用了全角的“】”，YAML 只认半角的“]”" in shown


def test_a_full_width_comma_in_a_flow_mapping(tmp_path: Path) -> None:
    text = edit(good_text(), "{member: 钱七, position: agree}", "{member: 钱七，position: agree}")
    code, shown = validate(tmp_path, text)
    assert code == 2
    assert f"bad.yaml:{line_of(text, '钱七，')}: YAML 语法错误：“{{ }}”中的各项之间缺少半角逗号“,”" in shown
    assert "该行的“，”不是 YAML 的分隔符" in shown


def test_a_category_list_with_a_full_width_comma(tmp_path: Path) -> None:
    text = edit(good_text(), "    category: major_decision", "    category: [重大事项决策，规范性文件]", 1)
    _code, shown = validate(tmp_path, text)
    assert "“重大事项决策，规范性文件”中有全角逗号“，”" in shown


def test_the_settings_file_goes_through_the_same_checks(tmp_path: Path) -> None:
    folder = record_dir(tmp_path)
    settings = tmp_path / "govcheck.yaml"
    text = edit(settings.read_text(encoding="utf-8"), "notice_days: 1", "notice_days：1")
    settings.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(folder))
    line = line_of(text, "notice_days：1")
    assert result.exit_code == 2
    assert f"govcheck.yaml:{line}: 第{line}行的 notice_days 后面用了全角冒号“：”" in output_of(result)
