"""Request bodies for ``spreadsheets.batchUpdate`` and values writes, each built in one place.

Usage::

    requests = [
        batch.note(sheet_id, 4, 2, "[Tự động] Ngày không có thật"),
        batch.number_format(sheet_id, 3, None, 7),         # rows 4.. of column H: dd/mm/yyyy
        batch.colour_rule(sheet_id, 8, "Quá hạn", "F4CCCC"),
    ]
    backend.send_batch(requests)

The backend's writes (``spreadsheet``) and ``init --google`` (``layout``) use the same builders,
so a note, a date format or a status colour reaches Google in one shape whoever sends it. Values
go in as values: ``cell_data`` never lets text become a formula, and ``raw_value`` turns dates into
the serial numbers a ``RAW`` write needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from ...cells import Cell, to_serial

DATE_FORMAT = {"type": "DATE", "pattern": "dd/mm/yyyy"}
DATE_TIME_FORMAT = {"type": "DATE_TIME", "pattern": "dd/mm/yyyy hh:mm"}


def rgb(hex_colour: str) -> dict[str, float]:
    """Google's Color from "F4CCCC"."""
    return {
        k: int(hex_colour[i : i + 2], 16) / 255 for i, k in ((0, "red"), (2, "green"), (4, "blue"))
    }


def grid_range(
    sheet_id: int, r0: int | None, r1: int | None, c0: int | None, c1: int | None
) -> dict:
    """A GridRange; ``None`` leaves that side unbounded (a whole column, a whole tab)."""
    grid: dict[str, int] = {"sheetId": sheet_id}
    for key, value in (
        ("startRowIndex", r0),
        ("endRowIndex", r1),
        ("startColumnIndex", c0),
        ("endColumnIndex", c1),
    ):
        if value is not None:
            grid[key] = value
    return grid


def raw_value(value: Cell) -> Any:
    """A cell value for a RAW write: dates as serial numbers, blanks as "" (null means skip)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        midnight = value.replace(hour=0, minute=0, second=0, microsecond=0)
        return to_serial(value.date()) + (value - midnight).total_seconds() / 86400
    if isinstance(value, date):
        return to_serial(value)
    return value


def cell_data(value: Cell) -> dict:
    """CellData for appendCells/updateCells: values as values (text never becomes a formula)."""
    if value is None:
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, datetime):
        return {
            "userEnteredValue": {"numberValue": raw_value(value)},
            "userEnteredFormat": {"numberFormat": DATE_TIME_FORMAT},
        }
    if isinstance(value, date):
        return {
            "userEnteredValue": {"numberValue": raw_value(value)},
            "userEnteredFormat": {"numberFormat": DATE_FORMAT},
        }
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": str(value)}}


def append_row(sheet_id: int, row: Sequence[Cell]) -> dict:
    """One row after the tab's last row with data (the run log's way of adding a line)."""
    return {
        "appendCells": {
            "sheetId": sheet_id,
            "rows": [{"values": [cell_data(v) for v in row]}],
            "fields": "userEnteredValue,userEnteredFormat.numberFormat",
        }
    }


def cells(sheet_id: int, row: int, col: int, rows: Sequence[Sequence[Cell]]) -> dict:
    """Values written from (row, col) down and right, formats untouched."""
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": col},
            "rows": [{"values": [cell_data(v) for v in values]} for values in rows],
            "fields": "userEnteredValue",
        }
    }


def header_cells(sheet_id: int, row: int, col: int, labels: Sequence[str]) -> dict:
    """Header labels from (row, col) rightwards: bold, wrapped."""
    bold = {"textFormat": {"bold": True}, "wrapStrategy": "WRAP"}
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": col},
            "rows": [
                {"values": [{**cell_data(label), "userEnteredFormat": bold} for label in labels]}
            ],
            "fields": "userEnteredValue,userEnteredFormat(textFormat.bold,wrapStrategy)",
        }
    }


def add_tab(sheet_id: int, title: str, *, hidden: bool = False, frozen: int = 1) -> dict:
    props: dict[str, Any] = {
        "sheetId": sheet_id,
        "title": title,
        "gridProperties": {"frozenRowCount": frozen},
    }
    if hidden:
        props["hidden"] = True
    return {"addSheet": {"properties": props}}


def freeze(sheet_id: int, rows: int) -> dict:
    return {
        "updateSheetProperties": {
            "properties": {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": rows}},
            "fields": "gridProperties.frozenRowCount",
        }
    }


def append_columns(sheet_id: int, count: int) -> dict:
    return {"appendDimension": {"sheetId": sheet_id, "dimension": "COLUMNS", "length": count}}


def note(sheet_id: int, row: int, col: int, text: str | None) -> dict:
    """The note on one cell; ``None`` removes it. The cell's value is untouched."""
    return {
        "updateCells": {
            "range": grid_range(sheet_id, row, row + 1, col, col + 1),
            "rows": [{"values": [{"note": text} if text else {}]}],
            "fields": "note",
        }
    }


def number_format(sheet_id: int, r0: int, r1: int | None, col: int) -> dict:
    """The date format (dd/mm/yyyy) on rows ``r0``..``r1`` (``None``: to the end) of a column."""
    return {
        "repeatCell": {
            "range": grid_range(sheet_id, r0, r1, col, col + 1),
            "cell": {"userEnteredFormat": {"numberFormat": DATE_FORMAT}},
            "fields": "userEnteredFormat.numberFormat",
        }
    }


def background(sheet_id: int, row: int, col: int, hex_colour: str) -> dict:
    return {
        "repeatCell": {
            "range": grid_range(sheet_id, row, row + 1, col, col + 1),
            "cell": {"userEnteredFormat": {"backgroundColor": rgb(hex_colour)}},
            "fields": "userEnteredFormat.backgroundColor",
        }
    }


def colour_rule(sheet_id: int, col: int, text: str, hex_colour: str) -> dict:
    """A conditional colour for one status text on a whole column: it follows moved rows."""
    return {
        "addConditionalFormatRule": {
            "index": 0,
            "rule": {
                "ranges": [grid_range(sheet_id, None, None, col, col + 1)],
                "booleanRule": {
                    "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": text}]},
                    "format": {"backgroundColor": rgb(hex_colour)},
                },
            },
        }
    }


def validation(sheet_id: int, first_row: int, col: int, rule: dict) -> dict:
    """A data-validation rule on a column from ``first_row`` down."""
    return {
        "setDataValidation": {
            "range": grid_range(sheet_id, first_row, None, col, col + 1),
            "rule": rule,
        }
    }


def protect(grid: dict, description: str) -> dict:
    """Warning-only protection: editing warns, never refuses (officers stay in charge)."""
    return {
        "addProtectedRange": {
            "protectedRange": {"range": grid, "description": description, "warningOnly": True}
        }
    }


def metadata(metadata_id: int, key: str, location: dict, value: str | None = None) -> dict:
    meta: dict[str, Any] = {
        "metadataId": metadata_id,
        "metadataKey": key,
        "location": location,
        "visibility": "DOCUMENT",
    }
    if value:
        meta["metadataValue"] = value
    return {"createDeveloperMetadata": {"developerMetadata": meta}}


def delete_metadata(lookup: dict) -> dict:
    return {"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": lookup}}}


def row_location(sheet_id: int, row: int) -> dict:
    """Developer-metadata location of one row (Google moves it with the row)."""
    rng = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": row, "endIndex": row + 1}
    return {"dimensionRange": rng}
