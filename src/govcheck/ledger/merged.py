"""Merged cells of a worksheet, read from the sheet's XML in bounded memory.

openpyxl's read-only mode (which keeps memory flat for big ledgers) does not
expose merged cells. The ranges live in ``<mergeCells>`` after ``<sheetData>``
in the sheet's XML part, so the part's bytes are streamed and searched for the
element (no XML parse of the rows, which openpyxl parses anyway): memory grows
with the number of merged ranges, never with the number of rows.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree.ElementTree import iterparse

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

Bounds = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML part inside the workbook."""
    targets: dict[str, str] = {}
    with archive.open("xl/_rels/workbook.xml.rels") as rels:
        for _event, element in iterparse(rels):
            if element.tag == f"{_PKG_REL}Relationship":
                target = element.get("Target", "")
                path = (
                    target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                )
                targets[element.get("Id", "")] = path
    parts: dict[str, str] = {}
    with archive.open("xl/workbook.xml") as workbook:
        for _event, element in iterparse(workbook):
            if element.tag == f"{_MAIN}sheet":
                rel = element.get(f"{_REL}id", "")
                if rel in targets:
                    parts[element.get("name", "")] = targets[rel]
    return parts


_MERGE_START = re.compile(rb"<(?:\w+:)?mergeCells\b")
_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([^\"]+)\"")
_CHUNK = 1 << 20
_OVERLAP = 64  # a start tag split across two chunks is still found


def merged_ranges(archive: zipfile.ZipFile, part: str) -> list[Bounds]:
    """The ranges of ``<mergeCells>``, found by scanning the part's bytes (the rows are never parsed).

    Cell text cannot contain a raw ``<`` (XML escapes it), so a byte search finds the element's
    start tag; only the element itself (small: one entry per merged range) is kept and read.
    """
    from openpyxl.utils.cell import range_boundaries  # openpyxl costs ~0.1 s to import: only for ledgers

    kept: bytes | None = None
    tail = b""
    with archive.open(part) as sheet:
        while chunk := sheet.read(_CHUNK):
            if kept is not None:
                kept += chunk
                continue
            data = tail + chunk
            start = _MERGE_START.search(data)
            if start is not None:
                kept = data[start.start() :]
            else:
                tail = data[-_OVERLAP:]
    ranges: list[Bounds] = []
    for ref in _MERGE_REF.findall(kept or b""):
        bounds = range_boundaries(ref.decode("ascii", "replace"))
        if None not in bounds:
            ranges.append(bounds)  # type: ignore[arg-type]
    return ranges


class MergedCells:
    """Which cell a merged cell shows: the top-left cell of its range."""

    def __init__(self, ranges: list[Bounds]) -> None:
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        for min_col, min_row, max_col, max_row in ranges:
            for row in range(min_row, max_row + 1):
                for col in range(min_col, max_col + 1):
                    if (row, col) != (min_row, min_col):
                        self.origin[(row, col)] = (min_row, min_col)

    def top_left(self, row: int, col: int) -> tuple[int, int] | None:
        return self.origin.get((row, col))
