"""Load one decision record file: read, parse, validate against format v1."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from govcheck.errors import InputError, InputProblems
from govcheck.i18n import Text
from govcheck.loading.onepass import read_valid_record
from govcheck.loading.schema import RECORD, Validator
from govcheck.loading.yamlsource import YDict, parse_yaml, read_yaml_text, text_problems


@dataclass(frozen=True)
class Record:
    """A decision record, read and validated."""

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
    text, content = read_yaml_text(path, shown, encoding)
    problems = text_problems(shown, text)
    if problems:
        raise InputProblems(problems)
    # Most records have nothing to say: read and validate them in one pass. A record the one pass
    # cannot vouch for is read the long way, which says what is wrong with file and line.
    data = read_valid_record(text)
    if data is None:
        data = validate_record(shown, parse_yaml(shown, text))
    return Record(shown, hashlib.sha256(content).hexdigest(), data)
