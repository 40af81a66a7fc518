"""The ledger workbook's layout, shared by ``ledger template`` and ``ledger export``.

A 台账 sheet (bold wrapped headers, frozen header row, drop-downs with the
Chinese terms for every enumeration and yes/no column, date and number formats)
and a 填写说明 sheet: every column's meaning, format, allowed values and an
example, from the same field definitions the reader uses (``guide``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from govcheck.ledger.columns import Column
from govcheck.ledger.guide import allowed_terms, guide

SHEET_TITLE = "台账"
INSTRUCTIONS_SHEET = "填写说明"  # never read as a ledger sheet
TEMPLATE_ROWS = 500  # rows of a new template that get the drop-downs and formats
DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00"
NOTES_ZH = (
    "一行填写一个议题；同一次会议的各行填写相同的会议信息（单位、会议编号、会议类型、会议日期……），也可以合并这些单元格。",
    "没有开会（个人签批、紧急情况临机决定）的议题，会议各列留空。",
    "一格填写多个值时用、或；分隔；逐一表态按发言顺序写「李四：同意；王五：同意；张三：同意」（也可写「李四同意，王五同意」）。",
    "列的顺序可以调整；不用的列可以删除（议题编号、议题名称、议题类别、单位必须保留）；本单位自用的列请以“备注”或 x_ 开头；“序号”列不读取。",
    "填好后运行 govcheck validate 台账.xlsx 检查；问题会指出单元格（如 台账!F12）。",
)
NOTES_EN = (
    "One row per agenda item; the rows of one meeting repeat the meeting's details (or merge those cells).",
    "Items decided without a meeting leave the meeting columns empty.",
    "Several values in one cell are separated by 、 or ；; opinions in speaking order as 李四：同意；张三：同意.",
    "Columns may be reordered or deleted (keep 议题编号, 议题名称, 议题类别, 单位); local columns start with 备注 or x_; a 序号 column is ignored.",
    "Check it with govcheck validate 台账.xlsx; every problem names its cell.",
)


def _number_format(column: Column) -> str | None:
    if column.shape != "scalar":
        return None
    return {"date": DATE_FORMAT, "amount": AMOUNT_FORMAT, "count": "0"}.get(column.spec.kind)


def _validation(column: Column, first: int, last: int, letter: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    terms = allowed_terms(column.spec)
    if not terms:
        return None
    multiple = column.shape == "categories" or column.spec.open_enum
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(terms) + '"',
        allow_blank=True,
        showErrorMessage=not multiple,  # several categories (重大项目安排、大额度资金运作) or other text stay possible
        errorTitle="不是可选的值",
        error="请从下拉列表中选择：" + "、".join(terms),
        promptTitle=column.header[:32],
        prompt=("可选：" + "、".join(terms))[:255],
        showInputMessage=True,
    )
    validation.add(f"{letter}{first}:{letter}{last}")
    return validation


def build_workbook(
    columns: tuple[Column, ...], rows: Iterable[list[Any]], title: str | None = None, blank_rows: int = TEMPLATE_ROWS
) -> Any:
    """A workbook with the ledger sheet (headers, ``rows``, formats, drop-downs) and the instructions."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils.cell import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    wb = openpyxl.Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet, active
    ws.title = SHEET_TITLE
    header_row = 1
    if title:
        ws.cell(1, 1, title).font = Font(bold=True, size=14)
        header_row = 3  # a title and a spacer row above the header, as ledgers are kept
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(header_row, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        info = guide(column)
        cell.comment = Comment(f"{info.meaning_zh}\n{info.format_zh}\n例：{info.example}"[:500], "govcheck")
        ws.column_dimensions[get_column_letter(index)].width = min(max(len(column.header) * 2 + 2, 10), 40)
    row_number = header_row
    for row in rows:
        row_number += 1
        for index, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row_number, index, value)
            fmt = _number_format(columns[index - 1])
            if fmt and (isinstance(value, dt.date) or fmt != DATE_FORMAT):
                cell.number_format = fmt
    last = max(row_number, header_row) + blank_rows
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        fmt = _number_format(column)
        if fmt:
            for number in range(row_number + 1, last + 1):
                ws.cell(number, index).number_format = fmt  # typed dates become Excel dates
        validation = _validation(column, header_row + 1, last, letter)
        if validation is not None:
            ws.add_data_validation(validation)
    ws.freeze_panes = ws.cell(header_row + 1, 1).coordinate
    _instructions(wb.create_sheet(INSTRUCTIONS_SHEET), columns)
    return wb


def _instructions(ws: Any, columns: tuple[Column, ...]) -> None:
    from openpyxl.styles import Alignment, Font

    ws.cell(1, 1, "三重一大事项台账填写说明 / How to fill in the ledger").font = Font(bold=True, size=14)
    row = 2
    for zh, en in zip(NOTES_ZH, NOTES_EN, strict=True):
        ws.cell(row, 1, f"{zh}\n{en}").alignment = Alignment(wrap_text=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
        ws.row_dimensions[row].height = 32
        row += 1
    row += 1
    heads = ("列名", "必填", "含义", "填写格式", "可选值", "示例", "字段（YAML）/ English")
    for index, head in enumerate(heads, start=1):
        ws.cell(row, index, head).font = Font(bold=True)
    for column in columns:
        row += 1
        info = guide(column)
        values = (
            column.header,
            "必填" if info.required else "",
            info.meaning_zh,
            info.format_zh,
            info.allowed,
            info.example,
            f"{column.key}: {info.meaning_en}; {info.format_en}",
        )
        for index, value in enumerate(values, start=1):
            ws.cell(row, index, value).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (22, 6, 30, 34, 40, 26, 50), strict=True):
        ws.column_dimensions[letter].width = width


def save_workbook(wb: Any, path: str) -> None:
    """Through the project's output writer: the old file survives until the new one is complete."""
    from govcheck.output.writer import write_chunks

    buffer = io.BytesIO()
    wb.save(buffer)
    write_chunks([buffer.getvalue()], path)
