"""Merged cells of a worksheet, read from the sheet's XML in bounded memory.

openpyxl's read-only mode (which keeps memory flat for big ledgers) does not
expose merged cells. The ranges live in ``<mergeCells>`` after ``<sheetData>``
in the sheet's XML part, so the part is streamed with ``iterparse`` and every
element is discarded as soon as it is read: memory grows with the number of
merged ranges, never with the number of rows.
"""

from __future__ import annotations

import posixpath
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
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                targets[element.get("Id", "")] = path
    parts: dict[str, str] = {}
    with archive.open("xl/workbook.xml") as workbook:
        for _event, element in iterparse(workbook):
            if element.tag == f"{_MAIN}sheet":
                rel = element.get(f"{_REL}id", "")
                if rel in targets:
                    parts[element.get("name", "")] = targets[rel]
    return parts


def merged_ranges(archive: zipfile.ZipFile, part: str) -> list[Bounds]:
    from openpyxl.utils.cell import range_boundaries  # openpyxl costs ~0.1 s to import: only for ledgers

    ranges: list[Bounds] = []
    with archive.open(part) as sheet:
        for _event, element in iterparse(sheet):
            if element.tag == f"{_MAIN}mergeCell":
                ref = element.get("ref")
                if ref:
                    bounds = range_boundaries(ref)
                    if None not in bounds:
                        ranges.append(bounds)  # type: ignore[arg-type]
            elif element.tag != f"{_MAIN}mergeCells":
                element.clear()  # rows and cells: keep nothing
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
