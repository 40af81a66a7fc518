"""Read a ledger workbook (三重一大事项台账) into records of format v1.

One row per item; meeting columns are repeated on each of the meeting's rows
or merged across them; rows with the same meeting id form one meeting, i.e.
one record. The rows are turned into the same raw tree a YAML file gives
(mappings and lists that remember their lines) and validated by the same
``validate_record``: one Record model, two readers. Every line is a
``CellLine``: the row, carrying its cell (``2023年!F12``), so every input error
and finding points at the cell.

Tolerated as people fill ledgers: a title row (or several) above the header,
blank spacer rows, free column order, headers in Chinese, English field paths
or common variants, dates typed as text or as Excel dates, amounts as numbers
or as 「350万元」. Every sheet whose header row matches is read; a workbook
with no such sheet is an input error when named, and skipped in a directory
run (an audit report saved beside the minutes is not a ledger).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NoReturn

from govcheck.errors import InputError, InputProblems, NotALedger
from govcheck.i18n import Text
from govcheck.ledger.columns import COLUMNS, Column, is_free_column, match_header, split_pair, split_values
from govcheck.ledger.merged import MergedCells, merged_ranges, sheet_parts
from govcheck.loading.cells import CellLine, cell_of
from govcheck.loading.record import Record, validate_record
from govcheck.loading.schema import ITEM, RECORD
from govcheck.loading.values import ValueProblem, parse_date
from govcheck.loading.yamlsource import YDict, YList

LEDGER_SUFFIXES = (".xlsx", ".xlsm")
INSTRUCTIONS_SHEET = "填写说明"  # ledger.workbook writes it into templates and exports
HEADER_SEARCH_ROWS = 10  # a title and notes above the header: rarely more than two or three rows
MIN_HEADER_MATCHES = 3
MAX_COLUMNS = 200
# A validator message opens with the field's YAML path (meeting.date：…, items[0].amount: …).
_YAML_PATH = re.compile(r"^(?P<path>[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*)(?P<rest>[：: ].*)$", re.DOTALL)
# A hint written for YAML (在 items[0].opinions[0] 中加上 position: …): useless beside a cell.
_YAML_IN_HINT = re.compile(r"[a-z_]+\[\d+\]|\b[a-z_]+(?:\.[a-z_]+)+\b|\b[a-z_]+: ")
_TEXT_DATE = re.compile(r"^\s*(\d{4})\s*[./／．]\s*(\d{1,2})\s*[./／．]\s*(\d{1,2})\s*$")


@dataclass
class _Sheet:
    title: str
    header_row: int
    columns: dict[int, Column]  # 0-based column index → column

    def __post_init__(self) -> None:
        self.order = list(self.columns.items())
        self.item_slots = [slot for slot, (_i, c) in enumerate(self.order) if c.level == "item"]
        self.id_slot = next((slot for slot, (_i, c) in enumerate(self.order) if c.key == "meeting.id"), None)
        self.absent_said: set[str] = set()  # required columns absent from the header, already reported

    def cells(self, row_number: int, kept: tuple[Any, ...]) -> _Cells:
        return {
            column.key: (value, _cell(self.title, row_number, index))
            for (index, column), value in zip(self.order, kept, strict=True)
            if value is not None
        }


_Cells = dict[str, tuple[Any, CellLine]]
# Row number, the values of the sheet's columns (in ``_Sheet.order``), its sheet: compact, since every
# row of the workbook is kept until the meetings are grouped; cells and their lines are made per meeting.
_Row = tuple[int, tuple[Any, ...], _Sheet]


@dataclass
class _Meeting:
    sheet: str
    id_value: str
    rows: list[_Row] = field(default_factory=list)


def _col_letter(index: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return get_column_letter(index + 1)


def _cell(sheet: str, row: int, col: int) -> CellLine:
    return CellLine(row, f"{sheet}!{_col_letter(col)}{row}")


def _clean(value: Any) -> Any:
    """Excel's types to the ones YAML gives: dates, ints, exact decimals as text, stripped text."""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value  # a time of day: the column decides
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return format(Decimal(repr(value)), "f")  # 1234.5 stays exact for amounts
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _as_date(value: Any) -> Any:
    if isinstance(value, str):
        m = _TEXT_DATE.match(value)
        if m:
            return f"{m[1]}-{m[2]}-{m[3]}"  # 2023.5.12 and 2023/5/12 as typed in Excel
    return value


def _open(path: str, shown: str) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
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


def _find_header(rows: list[tuple[Any, ...]], start: int) -> tuple[int, list[Any]] | None:
    best: tuple[int, int, list[Any]] | None = None
    for offset, values in enumerate(rows):
        matches = sum(1 for v in values if isinstance(v, str) and match_header(v) is not None)
        if matches >= MIN_HEADER_MATCHES and (best is None or matches > best[0]):
            best = (matches, start + offset, list(values))
    return (best[1], best[2]) if best else None


def _two_row_header(top: list[Any], below: list[Any] | None) -> list[Any] | None:
    """The header of a two-row header, or None when the row below the header is not part of it.

    Ledgers often group columns under a merged cell (合法性审查 over 审查人, 送审日期, 审查完成日期;
    表决情况 over 赞成, 反对, 弃权) and merge the other headers down over both rows. Merged cells are
    already filled from their top-left cell, so a header merged down repeats itself below; a cell
    under a group names its column as 「group-sub」 (合法性审查-审查人), or by itself. The row
    below is a sub-header when it holds only text, at least one cell names a column that way, and
    no more cells name nothing than name a column (a data row names none).
    """
    if below is None:
        return None
    combined = list(top)
    named = unnamed = 0
    for index, sub in enumerate(below):
        if sub is None:
            continue
        if not isinstance(sub, str):
            return None  # a number or a date: a data row
        head = top[index] if index < len(top) else None
        head_text = str(head).strip() if head is not None else ""
        if sub.strip() == head_text:
            continue  # the header merged down over both rows
        if head_text and match_header(head_text) is not None:
            unnamed += 1  # under a column of its own: a value, not a sub-header
            continue
        name = _grouped_name(head_text, sub.strip())
        if name is None:
            unnamed += 1
            if head_text:
                combined[index] = f"{head_text}-{sub.strip()}"  # reported as an unknown column
            continue
        named += 1
        while len(combined) <= index:
            combined.append(None)
        combined[index] = name
    return combined if named and unnamed <= named else None


# Group headers as ledgers word them, and the group the columns give them (表决-赞成票).
GROUP_VARIANTS = {"表决情况": "表决", "表决结果": "表决", "合法性审核": "合法性审查", "合法性审查情况": "合法性审查"}


def _grouped_name(group: str, sub: str) -> str | None:
    """The header a sub-header cell stands for under ``group``, or None when it names no column."""
    if is_free_column(sub):
        return sub
    groups = [group, GROUP_VARIANTS.get(group, group)] if group else []
    for name in [f"{g}-{sub}" for g in groups] + [sub]:
        if match_header(name) is not None:
            return name
    return None


def _header_columns(shown: str, title: str, row: int, values: list[Any], errors: list[InputError]) -> dict[int, Column]:
    columns: dict[int, Column] = {}
    seen: dict[str, int] = {}
    known = [c.header for c in COLUMNS]
    for index, raw in enumerate(values[:MAX_COLUMNS]):
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        text = str(raw).strip()
        cell = _cell(title, row, index)
        if is_free_column(text):
            continue
        column = match_header(text)
        if column is None:
            close = difflib.get_close_matches(text, known, n=1, cutoff=0.5)
            hint = (
                Text(
                    f"是不是想写“{close[0]}”？本地使用的列请以“备注”或 x_ 开头",
                    f"did you mean '{close[0]}'? Start local columns with 备注 or x_",
                )
                if close
                else Text(
                    "列名见 `govcheck ledger template` 生成的模板；本地使用的列请以“备注”或 x_ 开头",
                    "see the headers of the ledger template; start local columns with 备注 or x_",
                )
            )
            errors.append(InputError(shown, cell, Text(f"未知的列“{text}”", f"unknown column '{text}'"), hint))
            continue
        if column.key in seen:
            first = _cell(title, row, seen[column.key]).cell
            errors.append(
                InputError(
                    shown,
                    cell,
                    Text(
                        f"列“{text}”与 {first} 是同一项（{column.header}）",
                        f"column '{text}' repeats {first} ({column.key})",
                    ),
                    Text("删除或改名其中一列", "delete or rename one of them"),
                )
            )
            continue
        seen[column.key] = index
        columns[index] = column
    return columns


def _put(container: YDict, path: tuple[str, ...], value: Any, line: CellLine) -> None:
    """Set a nested value, creating the mappings on the way (they take the cell's line)."""
    for key in path[:-1]:
        child = container.get(key)
        if not isinstance(child, YDict):
            child = YDict(line)
            container[key] = child
            container.lines[key] = line
            container.key_lines[key] = line
        container = child
    container[path[-1]] = value
    container.lines[path[-1]] = line
    container.key_lines[path[-1]] = line


def _cell_value(column: Column, value: Any, line: CellLine) -> Any:
    """A cell as the raw value of its field: lists split, pairs as mappings."""
    if isinstance(value, dt.datetime):
        # 会议时间 typed as 2023-05-12 09:30 (an Excel date and time): the day is the date, as in the
        # payments ledger; anywhere else the text a person sees
        if column.shape == "scalar" and column.spec.kind == "date":
            return value.date()
        value = value.isoformat(sep=" ", timespec="minutes")
    if column.shape == "scalar":
        return _as_date(value) if column.spec.kind == "date" else value
    text = value if isinstance(value, str) else str(value)
    parts = split_values(text)
    out = YList(line)
    if column.shape in ("values", "categories"):
        for part in parts:
            out.append(part)
            out.lines.append(line)
        return out if column.shape == "values" or len(out) != 1 else out[0]
    assert column.spec.item is not None
    keys = list(column.spec.item.fields)
    spoken = _spoken_terms(column.spec.item.fields[keys[1]]) if len(keys) > 1 else ()
    for part in parts:
        first, second = split_pair(part)
        if second is None and spoken:
            first, second = _split_spoken(part, spoken)
        entry = YDict(line)
        entry[keys[0]] = first
        entry.lines[keys[0]] = entry.key_lines[keys[0]] = line
        if second is not None and len(keys) > 1:
            sub = column.spec.item.fields[keys[1]]
            entry[keys[1]] = _as_date(second) if sub.kind == "date" else second
            entry.lines[keys[1]] = entry.key_lines[keys[1]] = line
        out.append(entry)
        out.lines.append(line)
    return out


def _spoken_terms(spec: Any) -> tuple[str, ...]:
    """The Chinese words of a required choice (表态: 同意, 不同意, 弃权, 保留意见 …), longest first."""
    if not spec.required or spec.enum is None:
        return ()
    words = [w for w in spec.enum.aliases if w and not w.isascii()]
    return tuple(sorted(words, key=len, reverse=True))


def _split_spoken(part: str, terms: tuple[str, ...]) -> tuple[str, str | None]:
    """「李四同意」「王五 不同意」, as minutes are typed: a name followed by the position, no colon."""
    for term in terms:  # longest first: 不同意 before 同意
        name = part[: -len(term)].strip()
        if part.endswith(term) and name:
            return name, term
    return part.strip(), None


def _sheet_rows(ws: Any, title: str, merged: MergedCells) -> Iterator[tuple[int, list[Any]]]:
    """Rows with merged cells filled from their range's top-left cell (values cleaned)."""
    origins = set(merged.origin.values())
    origin_values: dict[tuple[int, int], Any] = {}
    for row_number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        values = [_clean(v) for v in row[:MAX_COLUMNS]]
        for col, value in enumerate(values):
            if (row_number, col + 1) in origins:
                origin_values[(row_number, col + 1)] = value
            elif value is None:
                top = merged.top_left(row_number, col + 1)
                if top is not None:
                    values[col] = origin_values.get(top)
        yield row_number, values


def read_ledger(path: str, shown: str, directory_run: bool = False) -> tuple[Iterator[Record], list[InputError]]:
    """Every meeting of every ledger sheet as a record, and the problems of the rows that are not.

    The rows are read (and grouped by meeting) at once; the records are made one at a time as
    they are taken, so a big ledger never holds all its validated records, and the errors list
    is complete once the records have all been taken. Raises ``NotALedger`` in a directory run
    when no sheet has a ledger header.
    """
    with open(path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    errors: list[InputError] = []
    wb = _open(path, shown)
    try:
        if _is_govcheck_report(wb):
            _refuse_report(shown, directory_run)
        with zipfile.ZipFile(path) as archive:
            parts = sheet_parts(archive)
            meetings: dict[tuple[str, str], _Meeting] = {}
            singles: list[_Row] = []
            found_sheet = False
            for ws in wb.worksheets:
                title = ws.title
                if title == INSTRUCTIONS_SHEET:
                    continue  # the template's 填写说明 lists every header: never a ledger
                merged = MergedCells(merged_ranges(archive, parts[title]) if title in parts else [])
                sheet: _Sheet | None = None
                head: list[tuple[int, list[Any]]] = []
                for row_number, values in _sheet_rows(ws, title, merged):
                    if sheet is None:
                        head.append((row_number, values))
                        if len(head) < HEADER_SEARCH_ROWS:
                            continue
                        sheet = _sheet_from_head(shown, title, head, errors)
                        if sheet is None:
                            break
                        for later_number, later in head:
                            if later_number > sheet.header_row:
                                _take_row(sheet, later_number, later, meetings, singles)
                        continue
                    _take_row(sheet, row_number, values, meetings, singles)
                if sheet is None and head and len(head) < HEADER_SEARCH_ROWS:
                    sheet = _sheet_from_head(shown, title, head, errors)
                    if sheet is not None:
                        for later_number, later in head:
                            if later_number > sheet.header_row:
                                _take_row(sheet, later_number, later, meetings, singles)
                found_sheet = found_sheet or sheet is not None
    finally:
        wb.close()
    if not found_sheet:
        if directory_run:
            raise NotALedger(shown)
        errors.append(
            InputError(
                shown,
                0,
                Text(
                    "工作簿中没有台账表：没有哪个工作表的前10行中有“议题编号、议题名称、议题类别”等列名的表头行",
                    "no ledger sheet: no sheet has a header row (议题编号, 议题名称, 议题类别 …) in its first 10 rows",
                ),
                Text(
                    "用 `govcheck ledger template` 生成模板，按模板的列名填写；支出明细请用 --payments 指定",
                    "start from `govcheck ledger template`; give a payments ledger with --payments",
                ),
            )
        )
        return iter(()), errors
    groups = [m.rows for m in meetings.values()] + [[single] for single in singles]
    if not groups and not errors:  # headers and nothing under them: a blank template, not a ledger yet
        if directory_run:
            raise NotALedger(shown)  # 台账模板.xlsx saved beside the records holds no record
        errors.append(
            InputError(
                shown,
                0,
                Text(
                    "台账中没有填写任何议题：表头下面没有议题行",
                    "the ledger has no items: no rows under its header",
                ),
                Text(
                    "在表头下一行一个议题地填写（议题编号、议题名称、议题类别必填），然后再检查",
                    "fill in one row per item under the header (议题编号, 议题名称, 议题类别 are required)",
                ),
            )
        )
        return iter(()), errors
    groups.sort(key=lambda rows: (rows[0][2].title, rows[0][0]))
    meetings.clear()
    return _records(shown, digest, groups, errors), errors


def local_columns(path: str) -> list[str]:
    """The 备注 and x_ headers of a ledger's sheets (not 序号): columns govcheck never reads, so
    ``ledger import`` can say they are not carried into the YAML records."""
    import openpyxl

    found: list[str] = []
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            if ws.title == INSTRUCTIONS_SHEET:
                continue
            rows = [tuple(_clean(v) for v in row) for row in ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
            header = _find_header(rows, 1)
            for value in header[1] if header else []:
                text = str(value).strip() if value is not None else ""
                if text.startswith(("备注", "x_", "X_")) and text not in found:
                    found.append(text)
    finally:
        wb.close()
    return found


REPORT_FIRST_SHEETS = ("概览", "Overview")  # govcheck report --format xlsx (report.xlsx SHEETS)


def _is_govcheck_report(wb: Any) -> bool:
    """``govcheck report -o 报告.xlsx``: its 事项 sheet has ledger headers, but it is the output, not records."""
    return bool(wb.properties.creator == "govcheck" and wb.sheetnames and wb.sheetnames[0] in REPORT_FIRST_SHEETS)


def _refuse_report(shown: str, directory_run: bool) -> NoReturn:
    """A report saved beside the minutes is skipped in a directory run; named directly, an input error."""
    if directory_run:
        raise NotALedger(shown)
    raise InputProblems(
        [
            InputError(
                shown,
                0,
                Text(
                    "这是 govcheck report 生成的审计报告，不是台账，未读取",
                    "this is a report written by govcheck report, not a ledger; not read",
                ),
                Text(
                    "检查记录或台账本身（如 govcheck validate minutes/ 或 台账.xlsx）",
                    "check the records or the ledger themselves (govcheck validate minutes/ or 台账.xlsx)",
                ),
            )
        ]
    )


def _records(shown: str, digest: str, groups: list[list[_Row]], errors: list[InputError]) -> Iterator[Record]:
    groups.reverse()
    while groups:  # each meeting's rows are dropped once its record is made
        rows = groups.pop()
        raw = _record_tree(shown, rows, errors)
        if raw is None:
            continue
        try:
            yield Record(shown, digest, validate_record(shown, raw))
        except InputProblems as problems:
            said = set()
            for error in problems.errors:  # 「李四同意、王五同意」: one message per entry, all at one cell
                error = _in_column_terms(error, rows)
                key = (cell_of(error.line), int(error.line), error.message.zh)
                if key not in said:
                    said.add(key)
                    errors.append(error)
    errors.sort(key=lambda e: (getattr(e.line, "cell", "").split("!")[0], int(e.line)))


def _in_column_terms(error: InputError, rows: list[_Row]) -> InputError:
    """The validator names a field by its YAML path (``meeting.date``), which a ledger's user never
    wrote: at a ledger cell, name the column instead (“会议日期”), keeping the field for English."""
    cell = getattr(error.line, "cell", None)
    zh, en = _YAML_PATH.match(error.message.zh), _YAML_PATH.match(error.message.en)
    if cell is None or zh is None or en is None:
        return error
    title, _, ref = cell.rpartition("!")
    letters = ref.rstrip("0123456789")
    sheet = next((s for _n, _k, s in rows if s.title == title), None)
    column = next((c for i, c in (sheet.columns.items() if sheet else ()) if _col_letter(i) == letters), None)
    field_path = re.sub(r"\[\d+\]", "", re.sub(r"^items\[\d+\]\.", "", zh["path"]))
    if column is None or not (field_path == column.key or field_path.startswith(column.key + ".")):
        return error  # the message is about something else than this cell's column
    hint = error.hint
    if hint is not None and _YAML_IN_HINT.search(hint.zh + " " + hint.en):
        from govcheck.ledger.guide import guide

        how = guide(column)
        shown = f"，例如 {how.example}" if how.example else ""
        shown_en = f", e.g. {how.example}" if how.example else ""
        hint = Text(f"“{column.header}”列{how.format_zh}{shown}", f"column {column.header}: {how.format_en}{shown_en}")
    return InputError(
        error.path,
        error.line,
        Text(f"“{column.header}”{zh['rest']}", f"column {column.header} ({column.key}){en['rest']}"),
        hint,
    )


def _sheet_from_head(
    shown: str, title: str, head: list[tuple[int, list[Any]]], errors: list[InputError]
) -> _Sheet | None:
    found = _find_header([tuple(values) for _n, values in head], head[0][0])
    if found is None:
        return None
    row, values = found
    below = next((later for number, later in head if number == row + 1), None)
    combined = _two_row_header(values, below)
    if combined is not None:  # 合法性审查 merged over 审查人 | 送审日期 | 审查完成日期: the header is two rows
        row, values = row + 1, combined
    from govcheck.ledger.payments import looks_like_payments

    names = {column.key for v in values if isinstance(v, str) and (column := match_header(v)) is not None}
    if looks_like_payments(values) and not {"title", "category"} <= names:
        return None  # 支出明细 saved beside the minutes: read with --payments, never as decisions
    columns = _header_columns(shown, title, row, values, errors)
    missing = [c for c in COLUMNS if c.key in ("id", "title", "category") and c not in columns.values()]
    if missing:
        missing_names = "、".join(c.header for c in missing)
        errors.append(
            InputError(
                shown,
                _cell(title, row, 0),
                Text(
                    f"工作表“{title}”的表头缺少必填列：{missing_names}",
                    f"sheet '{title}' lacks required columns: " + ", ".join(c.key for c in missing),
                ),
                Text(f"在第{row}行加上列 {missing_names}", f"add the columns in row {row}"),
            )
        )
        return _Sheet(title, row, {})
    meeting_columns = [c.header for c in columns.values() if c.level == "meeting" and c.key != "unit"]
    if meeting_columns and not any(c.key == "meeting.id" for c in columns.values()):
        # rows are one meeting by their 会议编号: without it, no row can be put in its meeting
        errors.append(
            InputError(
                shown,
                _cell(title, row, 0),
                Text(
                    f"工作表“{title}”有会议的列（{'、'.join(meeting_columns[:3])}……）但没有“会议编号”列："
                    "同一次会议的各行按会议编号归为一次会议",
                    f"sheet '{title}' has meeting columns ({', '.join(meeting_columns[:3])} …) but no 会议编号 "
                    "(meeting.id) column: the rows of one meeting are grouped by their meeting id",
                ),
                Text(
                    f"在第{row}行的表头加上“会议编号”列，同一次会议的各行填写相同的编号（如 DZ-2023-08）",
                    f"add a 会议编号 column to the header (row {row}) and give the rows of one meeting the same id",
                ),
            )
        )
        return _Sheet(title, row, {})
    return _Sheet(title, row, columns)


def _take_row(
    sheet: _Sheet, row_number: int, values: list[Any], meetings: dict[tuple[str, str], _Meeting], singles: list[_Row]
) -> None:
    if not sheet.columns:
        return
    width = len(values)
    kept = tuple(values[index] if index < width else None for index, _column in sheet.order)
    if all(kept[slot] is None for slot in sheet.item_slots):
        return  # a blank spacer row, or a row that only continues merged meeting cells
    meeting_id = kept[sheet.id_slot] if sheet.id_slot is not None else None
    if meeting_id is None:
        singles.append((row_number, kept, sheet))
        return
    key = (sheet.title, str(meeting_id))
    meetings.setdefault(key, _Meeting(sheet.title, str(meeting_id))).rows.append((row_number, kept, sheet))


def _record_tree(shown: str, compact: list[_Row], errors: list[InputError]) -> YDict | None:
    """The raw record of one meeting (or one item without a meeting), as YAML would give it."""
    rows = [(number, sheet.cells(number, kept), sheet) for number, kept, sheet in compact]
    first_row, first_cells, first_sheet = rows[0]
    anchor = first_cells.get("meeting.id", first_cells.get("id", first_cells.get("title", (None, None))))[1]
    if anchor is None:
        anchor = next(iter(first_cells.values()))[1]
    record = YDict(anchor)
    record["govcheck"] = 1
    record.lines["govcheck"] = anchor
    meeting_values: dict[str, tuple[Any, CellLine]] = {}
    for _row, cells, _sheet in rows:
        for key, (value, line) in cells.items():
            column = _BY_KEY[key]
            if column.level != "meeting":
                continue
            if key not in meeting_values:
                meeting_values[key] = (value, line)
            elif _same_value(column, meeting_values[key][0], value) is False:
                first_value, first_line = meeting_values[key]
                errors.append(
                    InputError(
                        shown,
                        line,
                        Text(
                            f"同一会议（{first_cells['meeting.id'][0]}）的“{column.header}”在 {first_line.cell} 是“{first_value}”，"
                            f"这里是“{value}”",
                            f"the same meeting ({first_cells['meeting.id'][0]}) has {column.key} "
                            f"'{first_value}' in {first_line.cell} but '{value}' here",
                        ),
                        Text(
                            "同一会议的各行填写相同的会议信息，或合并这些单元格；不同会议请用不同的会议编号",
                            "give every row of a meeting the same meeting details (or merge the cells); "
                            "different meetings need different meeting ids",
                        ),
                    )
                )
    complete = True
    if "unit" not in meeting_values:
        complete = False
        errors += _said(_missing(shown, first_row, first_sheet, "unit"))
    if any(key != "unit" for key in meeting_values):
        # 会议类型, 会议日期 … but no 会议编号 (or type, date): said at the cell, never as ``meeting.id``;
        # rows without a meeting are items decided without one, and fill no meeting column
        for key in _MEETING_REQUIRED:
            if key not in meeting_values:
                complete = False
                for number, _cells, sheet in rows:
                    errors += _said(_missing(shown, number, sheet, key))
    for key, (value, line) in meeting_values.items():
        _put(record, _BY_KEY[key].path, _cell_value(_BY_KEY[key], value, line), line)
    items = YList(anchor)
    for row_number, cells, sheet in rows:
        item_anchor = cells.get("id", cells.get("title", (None, None)))[1] or next(iter(cells.values()))[1]
        item = YDict(item_anchor)
        for key, (value, line) in cells.items():
            column = _BY_KEY[key]
            if column.level == "item":
                _put(item, column.path, _cell_value(column, value, line), line)
        for key in _ITEM_REQUIRED:
            if key not in item:
                complete = False
                errors += _said(_missing(shown, row_number, sheet, key))
        items.append(item)
        items.lines.append(item_anchor)
    if not complete:
        return None  # reported above, cell by cell; the validator would only repeat it in YAML terms
    record["items"] = items
    record.lines["items"] = anchor
    return record


def _missing(shown: str, row: int, sheet: _Sheet, key: str) -> InputError | None:
    """A required cell left empty at the cell where it belongs; a required column absent, once per sheet."""
    column = _BY_KEY[key]
    index = next((i for i, c in sheet.columns.items() if c.key == key), None)
    if index is None:
        if key in sheet.absent_said:
            return None
        sheet.absent_said.add(key)
        return InputError(
            shown,
            _cell(sheet.title, sheet.header_row, 0),
            Text(
                f"工作表“{sheet.title}”的表头没有“{column.header}”列，此项必填（{column.spec.doc.zh}）",
                f"sheet '{sheet.title}' has no {column.header} ({column.key}) column, which is required",
            ),
            Text(
                f"在第{sheet.header_row}行的表头加上“{column.header}”列并逐行填写",
                f"add a {column.header} column to the header (row {sheet.header_row}) and fill it in",
            ),
        )
    where = _cell(sheet.title, row, index)
    hint = Text(f"在第{row}行的“{column.header}”列填写", f"fill in the {column.header} column of row {row}")
    return InputError(
        shown,
        where,
        Text(
            f"第{row}行没有填写“{column.header}”，此项必填（{column.spec.doc.zh}）",
            f"row {row} has no {column.key} ({column.spec.doc.en}), which is required",
        ),
        hint,
    )


def _said(error: InputError | None) -> list[InputError]:
    return [] if error is None else [error]


_BY_KEY = {c.key: c for c in COLUMNS}
_MEETING_REQUIRED = tuple(f"meeting.{key}" for key in RECORD.fields["meeting"].required_keys)
_ITEM_REQUIRED = tuple(ITEM.required_keys)


def _same_value(column: Column, first: Any, other: Any) -> bool:
    """Two cells of one meeting agree: 2023-07-03 and 2023-7-3 are one date, 张三、李四 and 张三，李四 one list."""
    if first == other:
        return True
    line = CellLine(0, "")
    try:
        a = _cell_value(column, first, line)
        b = _cell_value(column, other, line)
        if column.shape == "scalar" and column.spec.kind == "date":
            return parse_date(a) == parse_date(b)
    except ValueProblem:
        return False
    return bool(a == b)
