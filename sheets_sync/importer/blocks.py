"""What a plan file holds once read: paragraphs and tables, in reading order.

Usage::

    for block in blocks:
        if isinstance(block, Table):
            block.text(0, 1)           # the text of row 0, column 1 (merged cells resolved)
            block.cell(3, 0).top       # 2 when the cell was merged down from row 2

Every reader (``document`` for .docx, ``spreadsheet`` for .xlsx/.csv) produces these, so the
parts that find the letterhead and the task tables never know which file format they read.
A table is a rectangular grid: a merged cell sits at every grid position it covers (the same
``Cell`` object), so a lead unit merged down over five rows is read on each of them, and a
caller can still tell an own value (``cell.top == row``) from one merged down from above.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str  # runs joined; a tab as "\t", a line break as "\n"


@dataclass(eq=False, slots=True)
class Cell:
    text: str  # its paragraphs joined by "\n"
    top: int  # the grid row and column where the (merged) cell starts
    left: int
    height: int = 1  # grid rows and columns it covers
    width: int = 1


@dataclass(slots=True)
class Table:
    grid: list[list[Cell]]  # rows of cells, every row as wide as the widest
    index: int = 0  # 1-based number among the file's tables, for messages ("bảng 2")
    # Words just before the table ("PHỤ LỤC I", "Biểu 02"), naming it when there are several.
    caption: str = ""
    sheet: str = ""  # the worksheet it came from (.xlsx)

    @property
    def height(self) -> int:
        return len(self.grid)

    @property
    def width(self) -> int:
        return len(self.grid[0]) if self.grid else 0

    def cell(self, row: int, col: int) -> Cell:
        return self.grid[row][col]

    def text(self, row: int, col: int) -> str:
        return self.grid[row][col].text

    def distinct(self, row: int) -> list[Cell]:
        """The cells of a row, each merged cell once, left to right."""
        seen: list[Cell] = []
        for cell in self.grid[row]:
            if not any(cell is s for s in seen):
                seen.append(cell)
        return seen


Block = Paragraph | Table


def rectangular(rows: Sequence[Sequence[Cell]]) -> list[list[Cell]]:
    """Rows padded with blank cells to the width of the widest."""
    width = max((len(r) for r in rows), default=0)
    return [[*row, *(Cell("", r, c) for c in range(len(row), width))] for r, row in enumerate(rows)]
