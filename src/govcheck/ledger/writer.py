"""Records as a ledger workbook: the inverse of ``reader`` (one row per item).

Values are written the way the reader (and a person) reads them: enumerations
as their Chinese terms, yes/no as 是/否, lists joined with 、, opinions as
「李四：同意；张三：同意」, dates as Excel dates, amounts as numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from govcheck.ledger.columns import COLUMNS, Column
from govcheck.loading.record import Record


class NoSingleCell(ValueError):
    """A mapping written as a list of several (1.1 public_participation): one ledger row holds one."""

    def __init__(self, key: str, count: int, where: str = "") -> None:
        super().__init__(f"{where}{key}: {count} entries")
        self.key, self.count, self.where = key, count, where


def _lookup(data: Any, path: tuple[str, ...]) -> Any:
    for depth, key in enumerate(path):
        if isinstance(data, list):  # a mapping that may be a list of mappings: one entry fits a row
            if len(data) != 1:
                raise NoSingleCell(".".join(path[:depth]), len(data))
            data = data[0]
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _scalar(column: Column, value: Any, spec: Any = None) -> Any:
    spec = spec or column.spec
    if value is None:
        return None
    if spec.kind == "enum" and spec.enum is not None and value in spec.enum.values:
        return spec.enum.values[value].zh
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.01")) else str(value)
    return value


def cell_value(column: Column, value: Any) -> Any:
    """The cell for one field's canonical value."""
    if value is None:
        return None
    if column.shape == "categories":
        assert column.spec.enum is not None
        return "、".join(column.spec.enum.values[c].zh for c in value)
    if column.shape == "values":
        return "、".join(str(v) for v in value)
    if column.shape == "pairs":
        assert column.spec.item is not None
        keys = list(column.spec.item.fields)
        second = column.spec.item.fields[keys[1]] if len(keys) > 1 else None
        parts = []
        for entry in value:
            first = str(entry.get(keys[0]))
            other = _scalar(column, entry.get(keys[1]), second) if second is not None else None
            if isinstance(other, dt.date):
                other = other.isoformat()
            if other is None:
                parts.append(first)
            elif second is not None and second.required:
                parts.append(f"{first}：{other}")
            else:
                parts.append(f"{first}（{other}）")
        return "；".join(parts)
    return _scalar(column, value)


def rows_of(record: Record, columns: tuple[Column, ...] = COLUMNS) -> Iterable[list[Any]]:
    data = record.data
    for item in data["items"]:
        row = []
        for column in columns:
            source = data if column.level == "meeting" else item
            try:
                row.append(cell_value(column, _lookup(source, column.path)))
            except NoSingleCell as many:
                raise NoSingleCell(many.key, many.count, f"{record.path} {item['id']} ") from None
        yield row


def used_columns(records: list[Record]) -> tuple[Column, ...]:
    """Only the columns some record fills (plus the required ones): a ledger people can read."""
    used = {"unit", "meeting.id", "meeting.type", "meeting.date", "id", "title", "category"}
    for record in records:
        for item in record.data["items"]:
            for column in COLUMNS:
                source = record.data if column.level == "meeting" else item
                try:
                    found = _lookup(source, column.path)
                except NoSingleCell as many:
                    raise NoSingleCell(many.key, many.count, f"{record.path} {item['id']} ") from None
                if column.key not in used and found is not None:
                    used.add(column.key)
    return tuple(c for c in COLUMNS if c.key in used)


def write_ledger(
    records: list[Record], path: str, title: str | None = None, columns: tuple[Column, ...] | None = None
) -> None:
    """The records as a ledger (only the columns they fill), written whole or not at all."""
    from govcheck.ledger.workbook import build_workbook, save_workbook

    chosen = columns or used_columns(records)
    rows = (row for record in records for row in rows_of(record, chosen))
    save_workbook(build_workbook(chosen, rows, title), path)
