"""Line numbers that also know their spreadsheet cell.

A record read from an Excel ledger keeps the row as its "line" (cli.md 1.1:
``line`` is the row) and the cell beside it. ``CellLine`` is an ``int`` so
every consumer of lines (facts, findings, sorting, SARIF, JUnit) works
unchanged; outputs that can show the cell ask for it with ``cell_of``.
"""

from __future__ import annotations


class CellLine(int):
    cell: str  # ints cannot have __slots__; one small __dict__ per cell line

    def __new__(cls, row: int, cell: str) -> CellLine:
        value = super().__new__(cls, row)
        value.cell = cell
        return value

    def __reduce__(self) -> tuple[type[CellLine], tuple[int, str]]:  # pickling keeps the cell (-j workers)
        return (CellLine, (int(self), self.cell))


def cell_of(line: int) -> str | None:
    """The cell behind a line (``2023年!F12``), or None for YAML lines."""
    return getattr(line, "cell", None)


def location(path: str, line: int) -> str:
    """``file:line`` for YAML, ``台账.xlsx:2023年!F12`` for a ledger cell, ``file`` for the whole file."""
    cell = cell_of(line)
    if cell:
        return f"{path}:{cell}"
    return f"{path}:{line}" if line else path
