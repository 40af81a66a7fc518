"""Load one decision record file: read, parse, validate against format v1."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from govcheck.errors import InputError, InputProblems
from govcheck.i18n import Text
from govcheck.loading.schema import RECORD, Validator
from govcheck.loading.yamlsource import YDict, read_yaml_file


@dataclass(frozen=True)
class Record:
    path: str  # as shown to the user (relative where possible)
    sha256: str
    data: YDict  # validated, canonical values; every container keeps its lines


def validate_record(path: str, raw: object) -> YDict:
    if not isinstance(raw, YDict):
        line = getattr(raw, "line", 1)
        raise InputProblems(
            [
                InputError(
                    path,
                    line,
                    Text(
                        "文件顶层应为映射（govcheck: 1、unit: …、items: …），实际不是",
                        "the top level should be a mapping (govcheck: 1, unit: …, items: …)",
                    ),
                    Text(
                        "参见 examples/ 中的记录或 `govcheck schema`",
                        "see the records in examples/ or `govcheck schema`",
                    ),
                )
            ]
        )
    if "govcheck" not in raw:
        raise InputProblems(
            [
                InputError(
                    path,
                    raw.line,
                    Text(
                        "缺少 govcheck: 1：这不是决策记录，或忘了写格式版本",
                        "missing govcheck: 1: this is not a decision record, or the format version is missing",
                    ),
                    Text(
                        "决策记录以 govcheck: 1 开头；不是记录的 YAML 文件请移出记录目录，或在 govcheck.yaml 的 exclude 中排除",
                        "records start with govcheck: 1; move other YAML files out, or list them under exclude in govcheck.yaml",
                    ),
                )
            ]
        )
    validator = Validator(path)
    data = validator.check(RECORD, raw, "", raw.line)
    if validator.errors:
        raise InputProblems(sorted(validator.errors, key=lambda e: e.line))  # files[].error shows the first
    assert isinstance(data, YDict)
    return data


def load_record(path: str, display: str | None = None, encoding: str = "utf-8") -> Record:
    shown = display or path
    raw, content = read_yaml_file(path, shown, encoding)
    return Record(shown, hashlib.sha256(content).hexdigest(), validate_record(shown, raw))
