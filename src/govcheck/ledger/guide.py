"""What each ledger column means, how to write it and an example: from the field definitions.

Used by the template's 填写说明 sheet, its drop-downs, ``govcheck new record``
and docs/记录格式.md, so none of them can drift from the loader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from govcheck.ledger.columns import Column
from govcheck.loading.schema import Field

BOOL_TERMS = ("是", "否")

FORMAT_ZH = {
    "text": "文字",
    "date": "日期：2023-05-12（也可写 2023.5.12、2023/5/12、2023年5月12日或 Excel 日期）",
    "amount": "金额（元）：数字，或写 350万元、1.2亿元、三百五十万元",
    "bool": "是 / 否",
    "count": "整数",
    "enum": "从下拉列表中选择",
    "categories": "一个或多个类别，多个用、分隔",
}
FORMAT_EN = {
    "text": "text",
    "date": "date: 2023-05-12 (2023.5.12, 2023/5/12, 2023年5月12日 or an Excel date)",
    "amount": "amount in yuan: a number, or 350万元 / 1.2亿元 / 三百五十万元",
    "bool": "是 (yes) / 否 (no)",
    "count": "whole number",
    "enum": "choose from the drop-down",
    "categories": "one or more categories separated by 、",
}


@dataclass(frozen=True)
class Guide:
    meaning_zh: str
    meaning_en: str
    format_zh: str
    format_en: str
    allowed: str  # Chinese terms (English codes in brackets), or ""
    example: str
    required: bool


def allowed_terms(spec: Field) -> tuple[str, ...]:
    """The Chinese terms a drop-down offers (the reader accepts them, the codes and the aliases)."""
    if spec.enum is not None:
        return tuple(label.zh for label in spec.enum.values.values())
    if spec.kind == "bool":
        return BOOL_TERMS
    return ()


def allowed_text(spec: Field) -> str:
    if spec.enum is not None:
        return "、".join(f"{label.zh}（{code}）" for code, label in spec.enum.values.items())
    if spec.kind == "bool":
        return "是、否"
    return ""


def _format(column: Column) -> tuple[str, str]:
    spec = column.spec
    if column.shape == "values":
        return "多个姓名用、分隔", "names separated by 、"
    if column.shape == "pairs":
        assert spec.item is not None
        keys = list(spec.item.fields)
        first = spec.item.fields[keys[0]].doc
        if len(keys) == 1:
            return f"多项用；分隔（{first.zh}）", f"entries separated by ； ({first.en})"
        second = spec.item.fields[keys[1]]
        if second.required:
            return (
                f"按顺序写「{first.zh}：{second.doc.zh}」，多项用；分隔",
                f"'{first.en}：{second.doc.en}' in order, entries separated by ；",
            )
        return (
            f"写「{first.zh}（{second.doc.zh}）」，括号可省略，多项用；分隔",
            f"'{first.en}（{second.doc.en}）', the brackets optional, entries separated by ；",
        )
    return FORMAT_ZH.get(spec.kind, "文字"), FORMAT_EN.get(spec.kind, "text")


@cache
def _base_record() -> tuple[Any, Any]:
    """The compliant record every rule example patches (rules/example-base.yaml, with the
    MAD variant's reviews), validated: real, canonical example values. (record data, its item)"""
    import yaml

    from govcheck.loading.record import validate_record
    from govcheck.loading.yamlsource import parse_yaml
    from govcheck.rulebook.loader import rules_dir

    try:
        data = yaml.safe_load((Path(rules_dir()) / "example-base.yaml").read_text(encoding="utf-8"))
        record = data["record"]
        item = dict(record["items"][0])
        for key, value in data.get("variants", {}).get("mad", {}).get("item", {}).items():
            item[key] = {**item[key], **value} if isinstance(value, dict) and isinstance(item.get(key), dict) else value
        text = yaml.safe_dump({**record, "items": [item]}, allow_unicode=True, sort_keys=False)
        checked = validate_record("example-base.yaml", parse_yaml("example-base.yaml", text))
    except Exception:  # pragma: no cover - the base record ships with the package and is tested
        return {}, {}
    return checked, checked["items"][0]


# Examples for fields the base record leaves empty (a compliant record needs none of them).
EXTRA_EXAMPLES: dict[str, str] = {
    "meeting.absent": "赵六（出差）",
    "meeting.observers": "周九（记录人）",
    "counterparty": "某建设工程有限公司",
    "budget_item": "2023-基建-001",
    "procurement_method": "公开招标",
    "procurement_item": "A02010104",
    "procurement_approval": "深财采〔2023〕12号",
    "ad_hoc": "否",
    "major_administrative_decision": "否",
    "affects_operators": "否",
    "recusals": "王五（配偶在投标单位任职）",
    "departure_reason": "（主要负责人不采纳多数意见时填写理由）",
    "emergency.decided_by": "张三",
    "emergency.decided_on": "2023-05-01",
    "emergency.reported_at": "DZ-2023-09",
    "published.date": "2023-05-20",
    "published.channel": "区政府门户网站",
    "issued_on": "2023-05-18",
    "reviews.fair_competition.reviewer": "法制科",
    "reviews.fair_competition.completed": "2023-05-04",
    "reviews.fair_competition.conclusion": "符合",
    "reviews.fair_competition.stakeholders_consulted": "是",
    "reviews.fair_competition.exception_reason": "（适用例外规定时填写）",
    "reviews.fair_competition.exception_period": "（适用例外规定时填写）",
    "reviews.public_participation.shortened_reason": "（少于30日时填写）",
    "reviews.public_participation.method": "公开征求意见",
}


def example(column: Column) -> str:
    """An example cell for the column, written as the reader reads it."""
    if column.key in EXTRA_EXAMPLES:
        return EXTRA_EXAMPLES[column.key]
    from govcheck.ledger.writer import cell_value

    record, item = _base_record()
    source: Any = record if column.level == "meeting" else item
    for key in column.path:
        source = source.get(key) if isinstance(source, dict) else None
    if source is None:
        return _generic(column)
    if column.spec.kind == "amount":
        from govcheck.facts.build import format_amount

        return format_amount(source).zh
    shown = cell_value(column, source)
    return shown.isoformat() if isinstance(shown, dt.date) else str(shown)


def _generic(column: Column) -> str:
    kind = column.spec.kind
    terms = allowed_terms(column.spec)
    if terms:
        return terms[0]
    return {"date": "2023-05-12", "amount": "350万元", "count": "5"}.get(kind, "")


def guide(column: Column) -> Guide:
    fmt_zh, fmt_en = _format(column)
    if column.shape == "scalar" and column.spec.kind == "enum" and column.spec.open_enum:
        fmt_zh, fmt_en = "从下拉列表中选择（也可填写其他文字）", "choose from the drop-down (other text allowed)"
    return Guide(
        column.spec.doc.zh,
        column.spec.doc.en,
        fmt_zh,
        fmt_en,
        allowed_text(column.spec),
        example(column),
        column.spec.required or column.key in REQUIRED_CELLS,
    )


# Required in every row of a ledger (meeting.* are required whenever a meeting is named).
REQUIRED_CELLS = frozenset({"unit", "id", "title", "category"})
