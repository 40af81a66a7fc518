"""Ledger columns, generated from the record format's field definitions.

Every leaf of ``schema.RECORD`` becomes a column: the meeting's fields (and
``unit``) are meeting columns, repeated or merged over the meeting's rows; the
fields of an item are item columns, one row per item. A field added to the
format appears here without editing this module. Headers are the Chinese
labels of the definitions; the English field paths and common variants are
accepted too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from govcheck.loading.schema import ITEM, RECORD, Field

# Where the generated label is not what ledgers say, and accepted variants seen in real ledgers.
HEADER_OVERRIDES: dict[str, str] = {
    "unit": "单位",
    "meeting.minutes.recorder": "记录人",
    "meeting.minutes.archived": "是否归档",
    "meeting.minutes.archive_no": "档案号",
    "meeting.notice.agenda_sent": "议题通知日期",
    "meeting.notice.materials_sent": "材料送达日期",
    "category": "议题类别",
    "amount": "金额",
}
VARIANTS: dict[str, tuple[str, ...]] = {
    "unit": ("单位名称", "填报单位"),
    "meeting.date": ("会议时间", "开会日期", "开会时间"),
    "meeting.id": ("会议编号", "会议期数", "会次"),
    "meeting.type": ("会议名称", "会议形式"),
    "meeting.chair": ("会议主持人", "主持"),
    "meeting.members": ("应到人员", "应到会人员", "应到成员"),
    "meeting.attendees": ("参会人员", "出席人员", "到会人员", "实到人员", "参会成员", "出席成员"),
    "meeting.absent": ("缺席人员", "缺席人员及原因", "请假人员"),
    "meeting.observers": ("列席人员",),
    "id": ("事项编号", "议题序号"),
    "title": ("事项名称", "议题", "事项", "决策事项", "议题内容"),
    "category": ("事项类别", "类别", "事项类型", "议题类型"),
    "amount": ("涉及金额", "金额（元）", "资金金额", "决策金额"),
    "proposed_by": ("提出部门", "提议部门", "承办部门", "汇报部门"),
    "counterparty": ("合同相对方", "供应商", "对方单位", "收款单位"),
    "opinions": ("表态情况", "发言表态", "逐一表态", "参会人员意见", "表态意见", "发表意见情况"),
    "outcome": ("决策结果", "决定结果", "会议结果", "表决结果"),
    "recusals": ("回避情况", "回避人员"),
    "vote.method": ("表决-方式",),
    "vote.for": ("表决-赞成", "表决-同意", "表决-赞成票数", "赞成票"),
    "vote.against": ("表决-反对", "表决-反对票数", "反对票"),
    "vote.abstain": ("表决-弃权", "表决-弃权票数", "弃权票"),
    # record format 1.1
    "issued_on": ("印发日期", "发文日期", "文件印发日期", "决定文件印发日期"),
    "procurement_item": ("品目", "采购品目编码", "品目编码"),
    "procurement_approval": ("采购方式批准文号", "采购方式审批文号", "批准文号"),
}
MULTI_SEPARATORS = "、，,；;\n"


@dataclass(frozen=True)
class Column:
    key: str  # field path: meeting.date for meeting columns, reviews.legality.reviewer for item columns
    header: str  # the Chinese header the template writes
    level: str  # "meeting" (meeting and unit) or "item"
    spec: Field  # the field definition
    shape: str  # "scalar", "values" (list of text), "pairs" (list of two-field mappings), "categories"

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))


def _short(label: str) -> str:
    """The label without its explanation: 议题编号（在整个记录库中唯一） → 议题编号."""
    return re.split(r"[（(]", label, maxsplit=1)[0].strip()


def _shape(spec: Field) -> str | None:
    if spec.kind == "categories":
        return "categories"
    if spec.kind == "list":
        assert spec.item is not None
        if spec.item.kind == "map" and 1 <= len(spec.item.fields) <= 2:
            return "pairs"
        if spec.item.kind != "map":
            return "values"
        return None  # richer list entries have no single-cell form (yet)
    if spec.kind == "map" or (not spec.fields and spec.kind in ("principal", "severity_map", "version")):
        return None
    return "scalar"


def _walk(spec: Field, prefix: tuple[str, ...], group: str, level: str) -> list[Column]:
    out: list[Column] = []
    for key, sub in spec.fields.items():
        path = (*prefix, key)
        dotted = ".".join(path)
        if sub.kind == "map":
            # reviews is only a container: its groups are named by their own review
            nested_group = group if key == "reviews" else _short(sub.doc.zh)
            out += _walk(sub, path, nested_group, level)
            continue
        shape = _shape(sub)
        if shape is None:
            continue
        label = _short(sub.doc.zh)
        header = HEADER_OVERRIDES.get(dotted) or (f"{group}-{label}" if group else label)
        out.append(Column(dotted, header, level, sub, shape))
    return out


def _columns() -> tuple[Column, ...]:
    meeting_spec = RECORD.fields["meeting"]
    unit = Column("unit", HEADER_OVERRIDES["unit"], "meeting", RECORD.fields["unit"], "scalar")
    meeting = [
        Column(c.key, c.header, "meeting", c.spec, c.shape) for c in _walk(meeting_spec, ("meeting",), "", "meeting")
    ]
    items = _walk(ITEM, (), "", "item")
    return (unit, *meeting, *items)


COLUMNS: tuple[Column, ...] = _columns()


def normalise_header(text: str) -> str:
    """Headers as people type them: full-width forms, spaces, line breaks and dashes vary."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[－—–_/·.:：]", "-", text).lower()


def _index() -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in COLUMNS:
        names = [column.header, column.key, *VARIANTS.get(column.key, ())]
        if column.level == "item":
            names.append("items." + column.key)
        for name in names:
            index.setdefault(normalise_header(name), column)
    return index


HEADER_INDEX = _index()


def match_header(text: str) -> Column | None:
    """The column a header names; a trailing note in brackets (金额（元）) is ignored when needed."""
    key = normalise_header(text)
    found = HEADER_INDEX.get(key)
    if found is None:
        note = re.search(r"\(([^()]*)\)$", key)
        if note and re.search(r"[万亿]", note[1]):
            return None  # 金额（万元）: numbers in 万元 would be read as yuan; an unknown column is safer
        bare = re.sub(r"\([^()]*\)$", "", key)
        found = HEADER_INDEX.get(bare) if bare else None
    return found


# The running number almost every ledger starts with (序号 1, 2, 3 …): it says nothing about the
# decision, so it is read as no field at all rather than refused as an unknown column.
ROW_NUMBER_HEADERS = frozenset(("序号", "行号", "no", "no.", "#"))


def is_free_column(text: str) -> bool:
    """Remarks, local extensions (the same rule as unknown keys in YAML) and the row's running number."""
    stripped = unicodedata.normalize("NFKC", text).strip()
    return stripped.startswith(("备注", "x_", "X_")) or re.sub(r"\s+", "", stripped).lower() in ROW_NUMBER_HEADERS


def split_values(text: str) -> list[str]:
    """Split a cell on 、，,；; and line breaks, never inside brackets (张三（财务处）)."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(depth - 1, 0)
        if depth == 0 and char in MULTI_SEPARATORS:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def split_pair(text: str) -> tuple[str, str | None]:
    """``李四：同意`` or ``张三（配偶在投标单位任职）`` → (first, second)."""
    m = re.match(r"^(.*?)[（(](.*)[）)]$", text)
    if m and m[1].strip():
        return m[1].strip(), m[2].strip() or None
    for sep in ("：", ":"):
        if sep in text:
            first, second = text.split(sep, 1)
            return first.strip(), second.strip() or None
    return text.strip(), None
