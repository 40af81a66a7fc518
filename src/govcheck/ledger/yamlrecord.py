"""A validated record as a commented YAML file (format v1), for ``ledger import``.

Keys come in the order of the field definitions (stable, whatever the ledger's
column order), each with its Chinese label as a comment, enumerations as their
codes with the Chinese term beside them. The text loads back to the same
canonical record: ``validate_record(parse_yaml(record_yaml(r)))`` equals ``r``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import yaml

from govcheck.loading.schema import RECORD, Field

INDENT = "  "
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*$")


# What a YAML file may not hold raw (outside YAML's printable set: C0 and C1 controls but tab and line
# feed, surrogates, U+FFFE/FFFF), and what govcheck refuses as a hidden line break (NEL, U+2028/2029)
# or a stray byte order mark: a ledger cell may hold any of them (XML allows C1 controls and U+2028),
# so they are written as escapes and the record reads back as the ledger said.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _text(value: str) -> str:
    """A plain scalar where YAML reads it back as the same text, else a double-quoted one."""
    unsafe = _UNSAFE.search(value) is not None
    if (
        not unsafe
        and _PLAIN.match(value)
        and ": " not in value
        and not value.endswith((" ", ":"))
        and "\n" not in value
    ):
        try:
            if yaml.safe_load(value) == value:
                return value
        except (yaml.YAMLError, ValueError, OverflowError):  # 2023-02-30: PyYAML's timestamp raises ValueError
            pass
    quoted = json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted) if unsafe else quoted


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value) if isinstance(value, int) else json.dumps(f"{value:f}元", ensure_ascii=False)
    return _text(str(value))


def _note(spec: Field, value: Any = None) -> str:
    label = re.split(r"[（(]", spec.doc.zh, maxsplit=1)[0].strip() or spec.doc.zh
    if spec.enum is not None and isinstance(value, str) and value in spec.enum.values:
        return f"  # {label}：{spec.enum.values[value].zh}"
    if spec.kind == "amount" and value is not None:
        from govcheck.facts.build import format_amount

        return f"  # {label}：{format_amount(value).zh}"
    return f"  # {label}"


def _flow_list(values: Any) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def _emit_map(spec: Field, data: Any, depth: int, out: list[str], first_prefix: str | None = None) -> None:
    """Mapping entries in definition order; ``first_prefix`` starts the first line of a list entry (``- ``)."""
    pad = INDENT * depth
    first = True
    for key, sub in spec.fields.items():
        if key not in data or data[key] is None:
            continue
        value = data[key]
        lead = first_prefix if first and first_prefix is not None else pad
        first = False
        if sub.kind == "map" and isinstance(value, list):  # (1.1) a mapping written as a list of them
            out.append(f"{lead}{key}:{_note(sub)}")
            for entry in value:
                _emit_map(sub, entry, depth + 2, out, f"{pad}{INDENT}- ")
        elif sub.kind == "map":
            out.append(f"{lead}{key}:{_note(sub)}")
            _emit_map(sub, value, depth + 1, out)
        elif sub.kind == "categories":
            shown = scalar(value[0]) if len(value) == 1 else _flow_list(value)
            terms = "、".join(sub.enum.values[c].zh for c in value) if sub.enum else ""
            label = _note(sub).rstrip()
            out.append(f"{lead}{key}: {shown}{label}：{terms}")
        elif sub.kind == "list":
            assert sub.item is not None
            if sub.item.kind != "map":
                out.append(f"{lead}{key}: {_flow_list(value)}{_note(sub)}")
                continue
            out.append(f"{lead}{key}:{_note(sub)}")
            for entry in value:
                _emit_map(sub.item, entry, depth + 2, out, f"{pad}{INDENT}- ")
        else:
            out.append(f"{lead}{key}: {scalar(value)}{_note(sub, value)}")


def record_yaml(data: Any, source: str | None = None) -> str:
    """The record as a commented YAML file; ``source`` (e.g. 台账.xlsx 2023年!A3) goes into the header."""
    out = ["# 三重一大决策记录（格式第1版）— govcheck decision record, format v1"]
    if source:  # a file name may hold a line break: never let it end the comment
        shown = _UNSAFE.sub("?", re.sub(r"[\r\n]", "?", source))
        out.append(f"# 由台账导入：{shown} / imported from the ledger")
    out.append("# 字段说明见 docs/记录格式.md 或 govcheck new record；检查：govcheck validate 本文件")
    out.append("govcheck: 1")
    body = {k: v for k, v in data.items() if k != "govcheck"}
    unit_spec = RECORD.fields["unit"]
    out.append(f"unit: {scalar(body['unit'])}{_note(unit_spec)}")
    if body.get("meeting") is not None:
        meeting = RECORD.fields["meeting"]
        out.append(f"meeting:{_note(meeting)}")
        _emit_map(meeting, body["meeting"], 1, out)
    items = RECORD.fields["items"]
    assert items.item is not None
    out.append(f"items:{_note(items)}")
    for item in body["items"]:
        _emit_map(items.item, item, 2, out, f"{INDENT}- ")
    return "\n".join(out) + "\n"
