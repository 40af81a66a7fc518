"""The payments ledger (支出明细): one row per payment or contract, read for the ``audit`` pack.

Canonical headers 日期, 金额, 收款单位, 摘要, 凭证号, 预算项目 (optional) and
议题编号 (optional: the item the payment carries out), with the variants
people use (支付日期/付款日期, 对方单位/合同相对方, 合同编号 …). Like the
decision ledger: a title row above the header, blank rows, free column order,
dates as text or Excel dates, amounts as numbers or 「350万元」; every sheet
whose header row matches is read; unknown columns are errors unless they
start with 备注 or x_; every problem names its cell.
"""

from __future__ import annotations

import datetime as dt
import difflib
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from govcheck.errors import InputError, InputProblems
from govcheck.i18n import Text
from govcheck.ledger.columns import is_free_column, normalise_header
from govcheck.loading import values
from govcheck.loading.cells import CellLine

HEADER_SEARCH_ROWS = 10
INSTRUCTIONS_SHEET = "填写说明"


@dataclass(frozen=True)
class PaymentColumn:
    key: str
    header: str
    required: bool
    meaning: Text
    example: str
    variants: tuple[str, ...] = ()


PAYMENT_COLUMNS: tuple[PaymentColumn, ...] = (
    PaymentColumn(
        "date",
        "日期",
        True,
        Text("支付日期或合同签订日期", "date paid, or the contract's date"),
        "2023-06-01",
        ("支付日期", "付款日期", "支出日期", "签订日期", "合同签订日期", "记账日期", "date"),
    ),
    PaymentColumn(
        "amount",
        "金额",
        True,
        Text("金额（元，或写 350万元）", "amount in yuan, or 350万元"),
        "350万元",
        ("支付金额", "付款金额", "支出金额", "合同金额", "金额（元）", "amount"),
    ),
    PaymentColumn(
        "payee",
        "收款单位",
        True,
        Text("收款单位或合同相对方", "payee or counterparty"),
        "某建设工程有限公司",
        ("收款人", "对方单位", "合同相对方", "供应商", "往来单位", "payee", "counterparty"),
    ),
    PaymentColumn(
        "summary",
        "摘要",
        False,
        Text("用途摘要", "what it was for"),
        "道路工程进度款",
        ("用途", "支出内容", "事由", "合同名称", "summary"),
    ),
    PaymentColumn(
        "voucher",
        "凭证号",
        False,
        Text("记账凭证号或合同编号（问题中用作编号）", "voucher or contract number (names the finding)"),
        "记-2023-06-015",
        ("凭证编号", "记账凭证号", "合同编号", "合同号", "voucher"),
    ),
    PaymentColumn(
        "budget_item",
        "预算项目",
        False,
        Text("预算项目", "budget item"),
        "2023-基建-001",
        ("预算科目", "项目名称", "budget_item"),
    ),
    PaymentColumn(
        "item",
        "议题编号",
        False,
        Text(
            "对应的决策议题编号（填写时按编号关联，不填按收款单位关联）",
            "the decision item it carries out (else linked by payee)",
        ),
        "DZ-2023-08-01",
        ("关联议题编号", "决策议题编号", "事项编号", "item"),
    ),
)
_INDEX = {
    normalise_header(name): column
    for column in PAYMENT_COLUMNS
    for name in (column.header, column.key, *column.variants)
}


@dataclass(frozen=True)
class PaymentRow:
    path: str  # as shown
    sheet: str
    row: int
    number: str  # voucher number, else 支出明细!第5行
    day: dt.date
    amount: int | Decimal
    payee: str
    summary: str | None
    budget_item: str | None
    item: str | None
    cells: dict[str, CellLine]  # field → its cell


def _match(text: str) -> PaymentColumn | None:
    key = normalise_header(text)
    found = _INDEX.get(key)
    if found is None and key.endswith(")") and "(" in key:
        note = key[key.rindex("(") + 1 : -1]
        if "万" in note or "亿" in note:
            return None  # 金额（万元）: numbers in 万元 would be read as yuan
        found = _INDEX.get(key[: key.rindex("(")])
    return found


def looks_like_payments(values: list[Any]) -> bool:
    """A header row with 日期, 金额 and 收款单位 (or their variants): a payments sheet, not a decision ledger."""
    found = {c.key for v in values if isinstance(v, str) and (c := _match(v)) is not None}
    return {"date", "amount", "payee"} <= found


def _cell(sheet: str, row: int, col: int) -> CellLine:
    from openpyxl.utils.cell import get_column_letter

    return CellLine(row, f"{sheet}!{get_column_letter(col + 1)}{row}")


def _clean(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float):
        return int(value) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, str):
        return value.strip() or None
    return value


def _text_date(value: Any) -> Any:
    import re

    if isinstance(value, str):
        m = re.match(r"^\s*(\d{4})\s*[./／．]\s*(\d{1,2})\s*[./／．]\s*(\d{1,2})\s*$", value)
        if m:
            return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    return value


def read_payments(path: str, shown: str) -> tuple[list[PaymentRow], list[InputError]]:
    """Every payment of every payments sheet, and the problems of the rows that are not."""
    import openpyxl

    errors: list[InputError] = []
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputProblems(
            [
                InputError(
                    shown,
                    0,
                    Text(f"无法作为 Excel 工作簿读取：{exc}", f"cannot be read as an Excel workbook: {exc}"),
                    Text(
                        "用 Excel 或 WPS 打开后“另存为”.xlsx 格式再检查",
                        "open it in Excel or WPS and save it again as .xlsx",
                    ),
                )
            ]
        ) from exc
    rows: list[PaymentRow] = []
    found = False
    try:
        for ws in wb.worksheets:
            if ws.title == INSTRUCTIONS_SHEET:
                continue
            columns: dict[int, PaymentColumn] | None = None
            for number, raw in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = [_clean(v) for v in raw[:100]]
                if columns is None:
                    if number > HEADER_SEARCH_ROWS:
                        break
                    columns = _header(shown, ws.title, number, cells, errors)
                    continue
                if not columns or not any(cells[i] is not None for i in columns if i < len(cells)):
                    continue  # blank spacer row
                payment = _row(shown, ws.title, number, cells, columns, errors)
                if payment is not None:
                    rows.append(payment)
            found = found or bool(columns)
    finally:
        wb.close()
    if not found:
        errors.append(
            InputError(
                shown,
                0,
                Text(
                    "工作簿中没有支出明细表：前10行中没有“日期、金额、收款单位”表头行",
                    "no payments sheet: no header row with 日期, 金额, 收款单位 in the first 10 rows",
                ),
                Text(
                    "用 `govcheck ledger template --payments` 生成模板，按模板的列名填写",
                    "start from `govcheck ledger template --payments`",
                ),
            )
        )
    return rows, errors


def _header(
    shown: str, sheet: str, number: int, cells: list[Any], errors: list[InputError]
) -> dict[int, PaymentColumn] | None:
    matched = {i: _match(v) for i, v in enumerate(cells) if isinstance(v, str)}
    if sum(1 for c in matched.values() if c is not None and c.required) < 3:
        return None  # not the header row (a title, a note); keep looking
    columns: dict[int, PaymentColumn] = {}
    for index, value in enumerate(cells):
        if value is None:
            continue
        text = str(value)
        column = matched.get(index)
        if column is None:
            if is_free_column(text):
                continue
            close = difflib.get_close_matches(text, [c.header for c in PAYMENT_COLUMNS], n=1, cutoff=0.5)
            hint = (
                f"是不是想写“{close[0]}”？" if close else "可用的列：" + "、".join(c.header for c in PAYMENT_COLUMNS)
            ) + "；本地使用的列请以“备注”或 x_ 开头"
            errors.append(
                InputError(
                    shown,
                    _cell(sheet, number, index),
                    Text(f"未知的列“{text}”", f"unknown column '{text}'"),
                    Text(hint, "see `govcheck ledger template --payments`; local columns start with 备注 or x_"),
                )
            )
            continue
        if column in columns.values():
            errors.append(
                InputError(
                    shown,
                    _cell(sheet, number, index),
                    Text(f"列“{text}”与另一列都是“{column.header}”", f"column '{text}' repeats {column.key}"),
                    Text("删除或改名其中一列", "delete or rename one of them"),
                )
            )
            continue
        columns[index] = column
    return columns


def _row(
    shown: str, sheet: str, number: int, cells: list[Any], columns: dict[int, PaymentColumn], errors: list[InputError]
) -> PaymentRow | None:
    got: dict[str, Any] = {}
    where: dict[str, CellLine] = {}
    for index, column in columns.items():
        where[column.key] = _cell(sheet, number, index)
        if index < len(cells) and cells[index] is not None:
            got[column.key] = cells[index]
    before = len(errors)
    for column in PAYMENT_COLUMNS:
        if column.required and column.key not in got:
            errors.append(
                InputError(
                    shown,
                    where.get(column.key, _cell(sheet, number, 0)),
                    Text(
                        f"第{number}行没有填写“{column.header}”，此项必填（{column.meaning.zh}）",
                        f"row {number} has no {column.key} ({column.meaning.en}), which is required",
                    ),
                    Text(f"在第{number}行填写“{column.header}”", f"fill in {column.header} in row {number}"),
                )
            )
    day = amount = None
    try:
        if "date" in got:
            day = values.parse_date(_text_date(got["date"]))
    except values.ValueProblem as problem:
        errors.append(
            InputError(
                shown, where["date"], Text(f"日期：{problem.message.zh}", f"date: {problem.message.en}"), problem.hint
            )
        )
    try:
        if "amount" in got:
            amount = values.parse_amount(got["amount"])
    except values.ValueProblem as problem:
        errors.append(
            InputError(
                shown,
                where["amount"],
                Text(f"金额：{problem.message.zh}", f"amount: {problem.message.en}"),
                problem.hint,
            )
        )
    if len(errors) > before or day is None or amount is None:
        return None

    def text(key: str) -> str | None:
        value = got.get(key)
        return None if value is None else (value.isoformat() if isinstance(value, dt.date) else str(value))

    voucher = text("voucher")
    return PaymentRow(
        shown,
        sheet,
        number,
        voucher or f"{sheet}!第{number}行",
        day,
        amount,
        str(text("payee")),
        text("summary"),
        text("budget_item"),
        text("item"),
        where,
    )


def payment_rows(entries: list[dict[str, Any]], shown: str) -> list[PaymentRow]:
    """Payment rows from plain mappings (a rule's examples), read like cells of a payments sheet."""
    columns = {index: column for index, column in enumerate(PAYMENT_COLUMNS)}
    rows: list[PaymentRow] = []
    errors: list[InputError] = []
    for number, entry in enumerate(entries, start=2):
        cells = [_clean(entry.get(column.key)) for column in PAYMENT_COLUMNS]
        row = _row(shown, "支出明细", number, cells, columns, errors)
        if errors:
            raise ValueError(f"{shown}: example payment invalid: {errors[0].message.en}")
        assert row is not None
        rows.append(row)
    return rows


def write_payments_template(path: str) -> None:
    """An empty payments ledger: the canonical headers, a 填写说明 sheet, date and amount formats."""
    import io

    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils.cell import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    from govcheck.output.writer import write_chunks

    wb = openpyxl.Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet, active
    ws.title = "支出明细"
    for index, column in enumerate(PAYMENT_COLUMNS, start=1):
        cell = ws.cell(1, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        ws.column_dimensions[get_column_letter(index)].width = 18
        fmt = {"date": "yyyy-mm-dd", "amount": "#,##0.00"}.get(column.key)
        if fmt:
            for row in range(2, 502):
                ws.cell(row, index).number_format = fmt
    ws.freeze_panes = "A2"
    guide = wb.create_sheet(INSTRUCTIONS_SHEET)
    guide.cell(1, 1, "支出明细填写说明 / How to fill in the payments ledger").font = Font(bold=True, size=14)
    guide.cell(
        2,
        1,
        "一行一笔支付或一份合同。填写“议题编号”时按编号与决策议题关联；不填时按收款单位（忽略全角半角、空格和"
        "“有限公司/有限责任公司”的差别）与决定日期不晚于支付日期的议题关联。检查：govcheck validate 记录目录 "
        "--payments 支出明细.xlsx\nOne row per payment or contract; linked to a decision by 议题编号 when "
        "given, else by payee.",
    ).alignment = Alignment(wrap_text=True)
    guide.merge_cells("A2:F2")
    guide.row_dimensions[2].height = 60
    for index, head in enumerate(("列名", "必填", "含义", "可用的其他列名", "示例", "English"), start=1):
        guide.cell(4, index, head).font = Font(bold=True)
    for row, column in enumerate(PAYMENT_COLUMNS, start=5):
        for index, value in enumerate(
            (
                column.header,
                "必填" if column.required else "",
                column.meaning.zh,
                "、".join(v for v in column.variants if not v.isascii()),
                column.example,
                f"{column.key}: {column.meaning.en}",
            ),
            start=1,
        ):
            guide.cell(row, index, value).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (12, 6, 40, 40, 20, 40), strict=True):
        guide.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    write_chunks([buffer.getvalue()], path)
