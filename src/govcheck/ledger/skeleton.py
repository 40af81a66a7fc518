"""``govcheck new record``: a commented record skeleton, from the field definitions.

Required fields are written with a placeholder in 【】 that names the field and
gives an example (``id: 【会议编号，例 DZ-2023-08】``): replace each with the
real value and the file validates. Every optional field is there too,
commented out with an example value: remove the leading ``#`` to use it. The
comments say what each field means and which values are allowed (Chinese).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from govcheck.ledger.columns import COLUMNS
from govcheck.ledger.guide import example
from govcheck.ledger.yamlrecord import INDENT, scalar
from govcheck.loading.schema import RECORD, Field

PLACEHOLDER = re.compile(r"【([^【】，]*)，例 ([^【】]*)】")


def _label(spec: Field) -> str:
    return spec.doc.zh


def _allowed(spec: Field) -> str:
    if spec.enum is None:
        return ""
    return "；可选：" + " · ".join(f"{code} {label.zh}" for code, label in spec.enum.values.items())


@cache
def full_example() -> Any:
    """A record with every ledger column filled from its example (canonical values), for the comments."""
    from govcheck.ledger.reader import _BY_KEY, _cell_value, _put  # one reading of cells, the ledger's own
    from govcheck.loading.cells import CellLine
    from govcheck.loading.record import validate_record
    from govcheck.loading.yamlsource import YDict, YList

    line = CellLine(1, "example!A1")
    record = YDict(line)
    record["govcheck"] = 1
    item = YDict(line)
    for column in COLUMNS:
        text = example(column)
        if not text or text.startswith("（"):
            continue
        target = record if column.level == "meeting" else item
        cell: Any = int(text) if column.spec.kind == "count" else text  # a count is a number in Excel too
        _put(target, _BY_KEY[column.key].path, _cell_value(column, cell, line), line)
    items = YList(line)
    items.append(item)
    items.lines.append(line)
    record["items"] = items
    return validate_record("example", record)


def _example_value(spec: Field, value: Any) -> str:
    if spec.kind == "categories":
        return scalar(value[0]) if len(value) == 1 else "[" + ", ".join(scalar(v) for v in value) + "]"
    if spec.kind == "list" and spec.item is not None and spec.item.kind != "map":
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if spec.kind == "amount":
        from govcheck.facts.build import format_amount

        return format_amount(value).zh
    if isinstance(value, dt.date):
        return value.isoformat()
    return scalar(value)


def _placeholder(spec: Field, value: Any) -> str:
    label = re.split(r"[（(]", spec.doc.zh, maxsplit=1)[0]
    shown = _example_value(spec, value) if value is not None else "…"
    return f"【{label}，例 {shown}】"


# Not required by the format, but every collective-meeting record needs them: written as placeholders.
ACTIVE = frozenset(
    {
        "meeting.chair",
        "meeting.members",
        "meeting.attendees",
        "meeting.minutes",
        "meeting.minutes.recorder",
        "meeting.minutes.archived",
        "opinions",
        "opinions.member",
        "opinions.position",
        "outcome",
    }
)


def _emit(
    spec: Field,
    data: Any,
    depth: int,
    out: list[str],
    commented: bool,
    first: str | None = None,
    fixed: dict[str, str] | None = None,
    prefix: str = "",
) -> None:
    pad = INDENT * depth
    index = 0
    for key, sub in spec.fields.items():
        path = f"{prefix}{key}"
        value = data.get(key) if isinstance(data, dict) else None
        off = commented or not (sub.required or path in ACTIVE)
        if off and value is None and sub.kind not in ("map", "list"):
            continue
        hash_ = "# " if off else ""
        lead = first if (first is not None and index == 0) else pad
        if first is not None and index == 0 and off and not commented:
            lead = pad  # an optional first key cannot start a list entry
        index += 1
        note = f"  # {_label(sub)}{'（必填）' if sub.required else ''}{_allowed(sub)}"
        if sub.kind == "map":
            out.append(f"{_hash(lead, hash_)}{key}:{note}")
            _emit(sub, value or {}, depth + 1, out, off, prefix=f"{path}.")
        elif sub.kind == "list" and sub.item is not None and sub.item.kind == "map":
            out.append(f"{_hash(lead, hash_)}{key}:{note}")
            for entry in (value or [{}])[:2]:
                _emit(sub.item, entry, depth + 2, out, off, f"{pad}{INDENT}- ", prefix=f"{path}.")
        else:
            if fixed and key in fixed:
                shown = fixed[key]
            elif off:
                shown = _example_value(sub, value)
            else:
                shown = _placeholder(sub, value)
            out.append(f"{_hash(lead, hash_)}{key}: {shown}{note}")


def _hash(lead: str, hash_: str) -> str:
    """``# `` goes after the indentation (and before a list dash), so uncommenting keeps the layout."""
    if not hash_:
        return lead
    stripped = lead.lstrip(" ")
    return lead[: len(lead) - len(stripped)] + hash_ + stripped


def skeleton(meeting_type: str | None = "party_group") -> str:
    """The commented skeleton; ``meeting_type`` None: an item decided without a meeting."""
    data = full_example()
    out = [
        "# 三重一大决策记录（格式第1版）— govcheck decision record, format v1",
        "# 填写方法：把【】中的占位内容换成实际内容（保留冒号和缩进）；以 # 开头的字段是可选的，去掉行首的 # 即启用。",
        "# 填好后运行 govcheck validate 本文件。字段说明见 docs/记录格式.md。",
        "# Replace every 【placeholder】; optional fields are commented out: remove the leading # to use one.",
        "govcheck: 1  # 格式版本，固定为 1",
        f"unit: {_placeholder(RECORD.fields['unit'], data['unit'])}  # {_label(RECORD.fields['unit'])}（必填）",
    ]
    meeting = RECORD.fields["meeting"]
    if meeting_type is None:
        out.append(f"# meeting:  # {_label(meeting)}：未开会（个人签批、紧急情况临机决定）时不写")
        _emit(meeting, data["meeting"], 1, out, True, prefix="meeting.")
    else:
        out.append(f"meeting:  # {_label(meeting)}")
        _emit(meeting, data["meeting"], 1, out, False, fixed={"type": meeting_type}, prefix="meeting.")
    items = RECORD.fields["items"]
    assert items.item is not None
    out.append(f"items:  # {_label(items)}；每个议题以 - 开头，可复制多个")
    _emit(items.item, data["items"][0], 2, out, False, f"{INDENT}- ")
    return "\n".join(out) + "\n"


def fill_placeholders(text: str) -> str:
    """Every placeholder replaced by its own example: what a test (or a hurried user) would write."""
    return PLACEHOLDER.sub(lambda m: m[2], text)
