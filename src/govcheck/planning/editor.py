"""``govcheck init --editor``: schema support in VS Code (the YAML extension, yaml-language-server).

Writes the record and settings JSON Schemas into ``.vscode/`` and maps them in
``.vscode/settings.json`` (``yaml.schemas``): records under the records folder get
the record schema, ``govcheck.yaml`` the settings schema. An existing settings.json
is merged, key by key; one that is not plain JSON (VS Code allows comments) or whose
``yaml.schemas`` is not a mapping is never rewritten: the user gets the lines to add.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import PurePosixPath

from govcheck.i18n import Text
from govcheck.loading.schema import RECORD, SETTINGS, json_schema
from govcheck.output.writer import write_text

FOLDER = ".vscode"
RECORD_SCHEMA = "govcheck-record.schema.json"
SETTINGS_SCHEMA = "govcheck-settings.schema.json"


class EditorProblem(Exception):
    def __init__(self, message: Text, snippet: str) -> None:
        super().__init__(message.en)
        self.message = message
        self.snippet = snippet


@dataclass(frozen=True)
class Written:
    settings_json: str
    merged: bool  # an existing settings.json was kept and extended
    records: str  # the records folder, relative to the workspace


def mapping(records: str) -> dict[str, list[str]]:
    """The ``yaml.schemas`` entries: schema path (relative to the workspace) → globs."""
    folder = PurePosixPath(records.replace(os.sep, "/")).as_posix().strip("/")
    return {
        f"./{FOLDER}/{RECORD_SCHEMA}": [f"{folder}/**/*.yaml", f"{folder}/**/*.yml"],
        f"./{FOLDER}/{SETTINGS_SCHEMA}": ["govcheck.yaml", "govcheck.yml"],
    }


def snippet(records: str) -> str:
    return json.dumps({"yaml.schemas": mapping(records)}, ensure_ascii=False, indent=4)


def _merged(existing: str | None, records: str) -> tuple[str, bool]:
    if existing is None or not existing.strip():
        return json.dumps({"yaml.schemas": mapping(records)}, ensure_ascii=False, indent=4) + "\n", False
    try:
        settings = json.loads(existing)
    except ValueError:
        raise EditorProblem(
            Text(
                f"{FOLDER}/settings.json 不是纯 JSON（可能有注释），未改动。请把下面几行并入其中：",
                f"{FOLDER}/settings.json is not plain JSON (comments?) and was left unchanged; merge these lines into it:",
            ),
            snippet(records),
        ) from None
    schemas = settings.get("yaml.schemas", {}) if isinstance(settings, dict) else None
    if not isinstance(schemas, dict):
        raise EditorProblem(
            Text(
                f"{FOLDER}/settings.json 的顶层或其中的 yaml.schemas 不是映射，未改动。请手工加入：",
                f"the top level of {FOLDER}/settings.json, or its yaml.schemas, is not an object; left unchanged. "
                "Add by hand:",
            ),
            snippet(records),
        )
    assert isinstance(settings, dict)
    settings["yaml.schemas"] = {**schemas, **mapping(records)}
    return json.dumps(settings, ensure_ascii=False, indent=4) + "\n", True


def write_editor_files(workspace: str, records: str) -> Written:
    """Write the two schemas and merge the mapping into ``workspace/.vscode/settings.json``."""
    folder = os.path.join(workspace, FOLDER)
    target = os.path.join(folder, "settings.json")
    existing = None
    if os.path.exists(target):
        try:
            with open(target, encoding="utf-8-sig") as handle:
                existing = handle.read()
        except UnicodeDecodeError:
            existing = "\x00"  # not JSON: refused below, the file untouched
    text, merged = _merged(existing, records)  # before writing anything: a refusal leaves no trace
    os.makedirs(folder, exist_ok=True)
    for name, spec in ((RECORD_SCHEMA, RECORD), (SETTINGS_SCHEMA, SETTINGS)):
        write_text(json.dumps(json_schema(spec), ensure_ascii=False, indent=2) + "\n", os.path.join(folder, name))
    write_text(text, target)
    return Written(target, merged, records)
