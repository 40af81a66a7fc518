"""Editor support (issue 11): `govcheck init --editor` maps the schemas for VS Code's YAML extension, and the
schemas it writes judge records and settings as `govcheck validate` does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema

import yaml12
from cihelp import EXAMPLES, run

RECORD_GLOBS = ["minutes/**/*.yaml", "minutes/**/*.yml"]


def editor(folder: Path, *more: str) -> dict:
    result = run(folder, "init", "--editor", *more)
    assert result.exit_code == 0, result.output
    settings: dict = json.loads((folder / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    return settings


def test_init_editor_maps_records_and_settings_to_their_schemas(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "minutes", tmp_path / "minutes")
    shutil.copy(EXAMPLES / "govcheck.yaml", tmp_path / "govcheck.yaml")
    schemas = editor(tmp_path)["yaml.schemas"]
    assert schemas["./.vscode/govcheck-record.schema.json"] == RECORD_GLOBS
    assert "govcheck.yaml" in schemas["./.vscode/govcheck-settings.schema.json"]
    record = json.loads((tmp_path / ".vscode" / "govcheck-record.schema.json").read_text(encoding="utf-8"))
    settings = json.loads((tmp_path / ".vscode" / "govcheck-settings.schema.json").read_text(encoding="utf-8"))
    assert record == json.loads(run(tmp_path, "schema").stdout)
    assert settings == json.loads(run(tmp_path, "schema", "--settings").stdout)
    for path in (tmp_path / "minutes").glob("*.yaml"):  # what the editor shows: every example record is valid
        assert jsonschema.Draft202012Validator(record).is_valid(yaml12.load(path.read_text(encoding="utf-8"))), path
    assert jsonschema.Draft202012Validator(settings).is_valid(
        yaml12.load((tmp_path / "govcheck.yaml").read_text(encoding="utf-8"))
    )
    assert (tmp_path / "govcheck.yaml").read_bytes() == (EXAMPLES / "govcheck.yaml").read_bytes()  # left alone


def test_an_existing_settings_json_is_merged_not_clobbered(tmp_path: Path) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text(
        json.dumps({"editor.tabSize": 2, "yaml.schemas": {"other.json": ["ci/*.yaml"]}}), encoding="utf-8"
    )
    settings = editor(tmp_path, "--records", "记录/2024")
    assert settings["editor.tabSize"] == 2
    assert settings["yaml.schemas"]["other.json"] == ["ci/*.yaml"]
    assert settings["yaml.schemas"]["./.vscode/govcheck-record.schema.json"] == [
        "记录/2024/**/*.yaml",
        "记录/2024/**/*.yml",
    ]
    assert editor(tmp_path, "--records", "记录/2024") == settings  # running it again changes nothing


def test_a_settings_json_with_comments_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / ".vscode").mkdir()
    original = '{\n    // 本单位的设置\n    "editor.tabSize": 2,\n}\n'
    (tmp_path / ".vscode" / "settings.json").write_text(original, encoding="utf-8")
    result = run(tmp_path, "init", "--editor")
    assert result.exit_code == 2
    assert "未改动" in result.stderr and '"yaml.schemas"' in result.stderr  # the lines to merge by hand
    assert (tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8") == original
    assert not (tmp_path / ".vscode" / "govcheck-record.schema.json").exists()  # nothing half done


def test_records_beside_the_settings_file_are_refused(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "--editor", "--records", ".")
    assert result.exit_code == 2 and "yaml-language-server" in result.stderr
    assert not (tmp_path / ".vscode").exists()
