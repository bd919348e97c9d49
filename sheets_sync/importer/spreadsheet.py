"""Read a task table kept in a spreadsheet (.xlsx) or a .csv file into tables.

Usage::

    blocks = read_xlsx(Path("nhiem-vu.xlsx"))     # one table per visible worksheet
    blocks = read_csv(Path("nhiem-vu.csv"))

Merged ranges become one cell over every position they cover, as in a Word table; dates read
as dd/mm/yyyy, whole numbers without ".0". A .csv may be UTF-8 (with or without a byte-order
mark), UTF-16 (Excel's "Unicode text") or Windows-1258, separated by commas, semicolons or
tabs.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from ..cells import as_text
from .blocks import Block, Cell, Table, rectangular
from .problems import PlanFileError

_MAX_ROWS = 5000  # a plan's table is far shorter; stops a sheet formatted down to row 1,048,576


def read_xlsx(path: Path) -> list[Block]:
    import openpyxl  # loaded only to import a spreadsheet

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanFileError(
            f"Tệp {path.name} bị hỏng hoặc không phải tệp Excel .xlsx — mở và lưu lại. "
            f"({path.name} is not a readable .xlsx: {exc}.)"
        ) from None
    blocks: list[Block] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible" or sheet.max_row < 1:
            continue
        grid = _sheet_grid(sheet)
        if grid:
            blocks.append(Table(grid, index=len(blocks) + 1, sheet=sheet.title))
    book.close()
    return blocks


def _sheet_grid(sheet: Any) -> list[list[Cell]]:  # an openpyxl worksheet
    height = min(sheet.max_row, _MAX_ROWS)
    width = sheet.max_column
    rows = [
        [Cell(as_text(value), r, c) for c, value in enumerate(values)]
        for r, values in enumerate(sheet.iter_rows(max_row=height, max_col=width, values_only=True))
    ]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(rows):
            continue
        cell = rows[top][left]
        cell.height = min(merged.max_row, height) - top
        cell.width = merged.max_col - left
        for r in range(top, top + cell.height):
            for c in range(left, left + cell.width):
                rows[r][c] = cell
    while rows and not any(c.text for c in rows[-1]):
        rows.pop()
    return rectangular(rows)


def read_csv(path: Path) -> list[Block]:
    # Windows-1258 writes tones as combining marks: NFC makes "ê" + dot below one "ệ".
    text = unicodedata.normalize("NFC", _decode(path.read_bytes()))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    records = list(csv.reader(io.StringIO(text), dialect))[:_MAX_ROWS]
    rows = [
        [Cell(value.strip(), r, c) for c, value in enumerate(rec)] for r, rec in enumerate(records)
    ]
    return [Table(rectangular(rows), index=1, sheet=path.name)]


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanFileError(
        "Không nhận ra bảng mã chữ của tệp CSV — lưu lại dạng 'CSV UTF-8'. "
        "(The .csv is in an unknown encoding; save it as CSV UTF-8.)"
    )
