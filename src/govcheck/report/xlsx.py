"""``govcheck report --format xlsx``: a workbook for auditors who filter and sort.

Sheets 概览 / 问题清单 / 事项 / 豁免 (then 检查项, 月度趋势, 输入文件, 输入错误), with
Chinese headers (English with ``--lang en``), a frozen header row, an
autofilter over each table and column widths set per column. Numbers are
numbers, dates are dates and shares are percentages, never text; text from a
record is always a string cell, never a formula (``_text_cell``). A finding's
item id links to the item's row on 事项 (an internal hyperlink, not a formula).

Every sheet prints on A4 landscape, fitted to the page width, with the header
row repeated on every page (print titles), grid lines, the unit and period in
the page header and "第 &P 页，共 &N 页" in the footer (``_print_setup``).

Written with openpyxl in write-only mode (rows stream to disk, memory stays
bounded). Reproducible: the document properties carry the generation time or,
with ``--reproducible``, a fixed date, and every zip entry gets a fixed
timestamp, so the same report gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol, cast

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import ColumnDimension, DimensionHolder
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.page import PageMargins, PrintOptions, PrintPageSetup
from openpyxl.worksheet.properties import PageSetupProperties, WorksheetProperties

from govcheck.loading.schema import PACK
from govcheck.report.labels import labels_for, waiver_text
from govcheck.report.model import FindingRow, Report
from govcheck.report.sanitize import clean

FIXED_TIME = dt.datetime(2000, 1, 1)  # document properties with --reproducible
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
SHEETS = {
    "zh": ("概览", "问题清单", "事项", "豁免", "检查项", "月度趋势", "输入文件", "输入错误"),
    "en": ("Overview", "Findings", "Items", "Waivers", "Checks", "Trend", "Input files", "Input errors"),
}
AMOUNT, PERCENT, INTEGER, DATE = "#,##0", "0.0%", "0", "yyyy-mm-dd"
_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE4EC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_LINK_FONT = Font(color="0563C1", underline="single")
HEADER_UNIT_CHARS = 60  # Excel allows 255 characters for a whole page header
CHUNK = 1 << 20  # bytes per piece written out
ZIP64_FROM = 1 << 30  # entries larger than this need zip64 headers, declared before writing
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as a formula, or hide


class _Layout(Protocol):
    column_dimensions: DimensionHolder[str, ColumnDimension]
    auto_filter: AutoFilter
    page_setup: PrintPageSetup
    page_margins: PageMargins
    print_options: PrintOptions
    sheet_properties: WorksheetProperties


def _layout(ws: WriteOnlyWorksheet) -> _Layout:
    """The sheet's column widths and autofilter: a write-only sheet has them (``Worksheet._setup``
    makes them at run time), the stubs (types-openpyxl) declare them on ``Worksheet`` only."""
    return cast(_Layout, ws)


def _text_cell(ws: WriteOnlyWorksheet, value: str) -> Cell:
    """A string cell, whatever the text: ``=HYPERLINK(…)`` in a title stays text, never a formula.

    openpyxl makes any string starting with ``=`` a formula; the data type is set back to
    string, and text that a spreadsheet would read as a formula once edited (``= + - @``)
    gets the quote prefix (Excel's leading apostrophe), so F2 + Enter keeps it text too.
    ``clean`` again here (the report is already sanitised): a character XML cannot hold
    would make the workbook unreadable, so this writer never trusts its input on that.
    """
    cell = WriteOnlyCell(ws, value=clean(value))
    cell.data_type = "s"
    if value[:1] in _FORMULA_START:
        cell.quotePrefix = True
    return cell


@dataclass(frozen=True)
class Link:
    """A text cell that links to a place in the workbook, e.g. ``'事项'!A12``."""

    text: str
    location: str


@dataclass(frozen=True)
class Page:
    """What every printed page of the workbook carries."""

    header_left: str  # the unit(s) and the period
    header_right: str  # the report's title
    footer: str  # with Excel's &P (page) and &N (pages)


def _header_text(text: str) -> str:
    return clean(text).replace("&", "&&")  # & starts a code in Excel's header and footer


def _print_setup(ws: WriteOnlyWorksheet, page: Page) -> None:
    """A4 landscape, fitted to the page width, the header row on every page, grid lines, page numbers.

    Before the first row: a write-only sheet writes its properties (fit to page) with it."""
    layout = _layout(ws)
    layout.page_setup.orientation = "landscape"
    layout.page_setup.paperSize = "9"  # A4
    layout.page_setup.fitToWidth = 1
    layout.page_setup.fitToHeight = 0  # as many pages down as the rows need
    layout.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    layout.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3, footer=0.3)
    layout.print_options.gridLines = True
    ws.print_title_rows = "1:1"
    header, footer = ws.oddHeader, ws.oddFooter
    assert header is not None and footer is not None  # a new sheet has both, empty
    header.left.text = _header_text(page.header_left)
    header.right.text = _header_text(page.header_right) + " · &A"  # &A: the sheet's name
    footer.center.text = page.footer
    for part in (header.left, header.right, footer.center):
        part.size = 8


def _page(report: Report, L: dict[str, str]) -> Page:
    s = report.scope
    units = "、".join(s.units) if report.lang == "zh" else ", ".join(s.units)
    if len(units) > HEADER_UNIT_CHARS:
        units = units[: HEADER_UNIT_CHARS - 1] + "…"
    period = f"{s.period_from or '…'} – {s.period_to or '…'}" if s.period_from or s.period_to else L["period_all"]
    return Page(
        header_left=f"{units} · {period}" if units else period,
        header_right=f"{L['title']} · govcheck {s.tool_version}",
        footer=L["page_before"] + "&P" + L["page_between"] + "&N" + L["page_after"],
    )


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    fmt: str | None = None
    wrap: bool = False


def _sheet(wb: Workbook, name: str, page: Page, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> None:
    ws: WriteOnlyWorksheet = wb.create_sheet(name)
    _print_setup(ws, page)
    for index, column in enumerate(columns, start=1):
        _layout(ws).column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.title)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        cells = []
        for column, value in zip(columns, row, strict=True):
            if isinstance(value, Link):
                cell = _text_cell(ws, value.text)
                cell.hyperlink = Hyperlink(ref="", location=value.location)  # the row's place is set on writing
                cell.font = _LINK_FONT
            elif isinstance(value, str):
                cell = _text_cell(ws, value)
            elif column.fmt is None and not column.wrap:
                cells.append(value)
                continue
            else:
                cell = WriteOnlyCell(ws, value=value)
            if column.fmt is not None and value is not None:
                cell.number_format = column.fmt
            if column.wrap:
                cell.alignment = _WRAP
            cells.append(cell)
        ws.append(cells)
        count += 1
    _layout(ws).auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def _overview(report: Report, L: dict[str, str]) -> list[tuple[str, Any, str | None]]:
    s, h = report.scope, report.headline
    rows: list[tuple[str, Any, str | None]] = [
        (
            L["period"],
            (f"{s.period_from or '…'} – {s.period_to or '…'}" if s.period_from or s.period_to else L["period_all"]),
            None,
        ),
        (L["first_decision"], s.first_decision, DATE),
        (L["last_decision"], s.last_decision, DATE),
        (L["units"], "、".join(s.units), None),
        (L["unit_filter"], s.unit_filter, None),
        (L["files"], s.files, INTEGER),
        (L["files_read"], s.files_read, INTEGER),
        (L["item_count"], h.items, INTEGER),
        (L["excluded_period"], s.excluded_period, INTEGER),
        (L["excluded_undated"], s.excluded_undated, INTEGER),
        (L["excluded_unit"], s.excluded_unit, INTEGER),
        (L["findings"], h.findings, INTEGER),
        (L["errors"], h.errors, INTEGER),
        (L["warnings"], h.warnings, INTEGER),
        (L["infos"], h.infos, INTEGER),
        (L["waived"], h.waived, INTEGER),
        (L["unreadable"], h.unreadable, INTEGER),
        (L["items_without_error"], h.items_without_error, INTEGER),
        (L["share_without_error"], h.share_without_error, PERCENT),
        (L["tiol_items"], h.tiol_items, INTEGER),
        *((f"{L['category']}：{c.label}", c.value, INTEGER) for c in h.categories),
        (L["mad_items"], h.mad_items, INTEGER),
        (L["fcr_items"], h.fcr_items, INTEGER),
        (L["tool"], f"govcheck {s.tool_version}", None),
        (L["engine"], s.engine, None),
        (L["rules_digest"], s.rules_digest, None),
        (L["packs"], ", ".join(s.packs), None),
        (L["settings"], s.settings_path or L["settings_none"], None),
        (L["settings_digest"], s.settings_sha256, None),
        (L["as_of"], s.as_of, DATE),
        (L["corpus_run"], L["corpus_yes"] if s.corpus_run else L["corpus_no"], None),
        (L["generated"], s.generated or L["generated_omitted"], None),
    ]
    p = report.payments
    if p is not None:  # --payments: the cross-check's figures, below the run's own
        rows += [
            (f"{L['sec_payments']}：{L['pay_file']}", p.path, None),
            (L["pay_count"], p.count, INTEGER),
            (L["pay_amount"], p.amount, AMOUNT),
            (L["pay_linked"], p.linked, INTEGER),
            (L["pay_linked_amount"], p.linked_amount, AMOUNT),
            (L["pay_share"], p.share, PERCENT),
            *((f"{check} {L['pay_findings']}", n, INTEGER) for check, n in p.findings),
        ]
    return rows


def _write_overview(wb: Workbook, name: str, page: Page, report: Report, L: dict[str, str]) -> None:
    ws: WriteOnlyWorksheet = wb.create_sheet(name)
    _print_setup(ws, page)
    _layout(ws).column_dimensions["A"].width = 40
    _layout(ws).column_dimensions["B"].width = 72
    ws.freeze_panes = "A2"
    header = []
    for title in (L["measure"], L["value"]):
        cell = WriteOnlyCell(ws, value=title)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
        header.append(cell)
    ws.append(header)
    rows = _overview(report, L)
    for title, value, fmt in rows:
        cell = _text_cell(ws, value) if isinstance(value, str) else WriteOnlyCell(ws, value=value)
        if fmt is not None and value is not None:
            cell.number_format = fmt
        cell.alignment = Alignment(horizontal="left")
        ws.append([title, cell])
    _layout(ws).auto_filter.ref = f"A1:B{len(rows) + 1}"


def build_workbook(report: Report) -> Workbook:
    L = labels_for(report.lang)
    names = SHEETS[report.lang]
    yes, no = L["yes"], L["no_"]
    wb = Workbook(write_only=True)
    page = _page(report, L)
    _write_overview(wb, names[0], page, report, L)
    items_sheet = names[2]

    def item_link(finding: FindingRow) -> Link | str:
        """The finding's item id, linked to the item's row on the items sheet (row 1 is the header)."""
        if finding.item_number is None:
            return finding.item
        return Link(finding.item, f"'{items_sheet}'!A{finding.item_number + 1}")

    def item_title(finding: FindingRow) -> str | None:
        return report.items[finding.item_number - 1].title if finding.item_number else None

    _sheet(
        wb,
        names[1],
        page,
        [
            Column(L["no"], 7, INTEGER),
            Column(L["check"], 30),
            Column(L["check_title"], 28, wrap=True),
            Column(L["pack"], 18),
            Column(L["severity"], 9),
            Column(L["item_id"], 18),
            Column(L["item_title"], 36, wrap=True),
            Column(L["item_no"], 10, INTEGER),
            Column(L["date"], 12, DATE),
            Column(L["file"], 36),
            Column(L["line"], 7, INTEGER),
            Column(L["message"], 60, wrap=True),
            Column(L["basis"], 48, wrap=True),
            Column(L["waived"], 8),
            Column(L["reason"], 30, wrap=True),
            Column(L["approved_by"], 20),
            Column(L["expires"], 12, DATE),
            Column(L["cell"], 16),  # the ledger cell of a finding in an Excel ledger
        ],
        (
            (
                f.number,
                f.check,
                f.title,
                PACK.values[f.pack].get(report.lang),
                f.severity_label,
                item_link(f),
                item_title(f),
                f.item_number,
                f.decision_date,
                f.path,
                f.line,
                f.message,
                "；".join(f.basis),
                yes if f.waived else no,
                waiver_text(f.waiver_reason, f.waiver_by, f.waiver_expires, report.lang) if f.waived else None,
                f.waiver_by,
                f.waiver_expires,
                f.cell,
            )
            for f in report.findings
        ),
    )
    _sheet(
        wb,
        names[2],
        page,
        [
            Column(L["no"], 7, INTEGER),
            Column(L["item_id"], 18),
            Column(L["date"], 12, DATE),
            Column(L["units"], 24),
            Column(L["meeting"], 14),
            Column(L["meeting_type"], 14),
            Column(L["item_title"], 44, wrap=True),
            Column(L["category"], 24),
            Column(L["tiol_mark"], 9),
            Column(L["amount"], 16, AMOUNT),
            Column(L["findings"], 8, INTEGER),
            Column(L["errors"], 8, INTEGER),
            Column(L["item_findings"], 40, wrap=True),
            Column(L["file"], 36),
            Column(L["line"], 7, INTEGER),
            Column(L["cell"], 16),
        ],
        (
            (
                i.number,
                i.id,
                i.decision_date,
                i.unit,
                i.meeting_id,
                i.meeting_type,
                i.title,
                "、".join(i.categories),
                yes if i.is_tiol else no,
                i.amount,
                len(i.findings),
                sum(1 for r in i.findings if r.severity == "error" and not r.waived),
                ", ".join(r.check + (f" ({L['waived']})" if r.waived else "") for r in i.findings),
                i.path,
                i.line,
                i.cell,
            )
            for i in report.items
        ),
    )
    _sheet(
        wb,
        names[3],
        page,
        [
            Column(L["waiver_item"], 18),
            Column(L["check"], 30),
            Column(L["reason"], 40, wrap=True),
            Column(L["approved_by"], 24),
            Column(L["expires"], 12, DATE),
            Column(L["state"], 20),
            Column(L["waived_findings"], 10, INTEGER),
            Column(L["line"], 7, INTEGER),
        ],
        (
            (w.item, w.check, w.reason, w.approved_by, w.expires, w.state_label, len(w.findings), w.line)
            for w in report.waivers
        ),
    )
    _sheet(
        wb,
        names[4],
        page,
        [
            Column(L["check"], 30),
            Column(L["check_title"], 32, wrap=True),
            Column(L["pack"], 16),
            Column(L["severity"], 9),
            Column(L["applicable"], 10, INTEGER),
            Column(L["counted"], 12),
            Column(L["failing"], 10, INTEGER),
            Column(L["findings"], 9, INTEGER),
            Column(L["waived"], 9, INTEGER),
            Column(L["share"], 11, PERCENT),
            Column(L["basis"], 60, wrap=True),
        ],
        (
            (
                c.id,
                c.title,
                c.pack_label,
                c.severity_label,
                c.applicable,
                L["counted_" + c.counted] if c.counted != "item" else "",
                c.failing,
                c.findings,
                c.waived,
                c.share,
                "；".join(c.basis),
            )
            for c in report.checks
        ),
    )
    _sheet(
        wb,
        names[5],
        page,
        [
            Column(L["month"], 12),
            Column(L["item_count"], 10, INTEGER),
            Column(L["findings"], 10, INTEGER),
            Column(L["errors"], 10, INTEGER),
        ],
        ((t.month or L["undated"], t.items, t.findings, t.errors) for t in report.trend),
    )
    _sheet(
        wb,
        names[6],
        page,
        [
            Column(L["no"], 7, INTEGER),
            Column(L["file"], 48),
            Column(L["sha256"], 68),
            Column(L["item_count"], 9, INTEGER),
            Column(L["items_in_scope"], 10, INTEGER),
            Column(L["read_error"], 10),
        ],
        (
            (n, f.path, f.sha256, f.items, f.in_scope, yes if f.error else no)
            for n, f in enumerate(report.scope.inputs, start=1)
        ),
    )
    _sheet(
        wb,
        names[7],
        page,
        [
            Column(L["file"], 48),
            Column(L["line"], 7, INTEGER),
            Column(L["message"], 70, wrap=True),
            Column(L["hint"], 50, wrap=True),
            Column(L["cell"], 16),
        ],
        ((e.path, e.line, e.message, e.hint, e.cell) for e in report.input_errors),
    )
    when = (
        dt.datetime.fromisoformat(report.scope.generated).replace(tzinfo=None) if report.scope.generated else FIXED_TIME
    )
    wb.properties.creator = "govcheck"
    wb.properties.title = report.title
    wb.properties.created = when
    wb.properties.modified = when
    return wb


def _fix_zip(source: BinaryIO, target: BinaryIO, core_xml: bytes) -> None:
    """The same workbook with the document properties as set and every entry's time fixed.

    Entry by entry through streams: a sheet of 50,000 rows is tens of MB of XML uncompressed,
    which must never be held in memory at once."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            if info.filename == "docProps/core.xml":
                new.writestr(entry, core_xml)
                continue
            with old.open(info) as part, new.open(entry, "w", force_zip64=info.file_size > ZIP64_FROM) as copy:
                shutil.copyfileobj(part, copy, CHUNK)


def render_chunks(report: Report) -> Iterator[bytes]:
    """The workbook file in pieces of at most ``CHUNK`` bytes, staged in unnamed temporary files
    (removed by the system even when the run is killed), so memory does not grow with the report."""
    from openpyxl.xml.functions import tostring

    wb = build_workbook(report)
    core_xml = tostring(wb.properties.to_tree())  # before saving: openpyxl stamps "modified" with the clock
    with tempfile.TemporaryFile() as saved, tempfile.TemporaryFile() as fixed:
        wb.save(saved)
        saved.seek(0)
        _fix_zip(saved, fixed, core_xml)
        fixed.seek(0)
        while chunk := fixed.read(CHUNK):
            yield chunk


def render(report: Report) -> bytes:
    """The whole workbook as bytes (tests, small reports)."""
    return b"".join(render_chunks(report))
