"""The Sheets v4 part of the fake: spreadsheets as plain Python grids, and the routes we use.

Cells hold ``None``, ``str``, ``int``/``float``, ``bool`` or a ``Formula``. Every grid row has a
stable identity (``row_ids``) so that notes, formats and row developer metadata move with their
row when rows are inserted, deleted or sorted — as they do in Google Sheets.

Behaviour follows Google's documentation and the recorded traffic in
``shared/reference/gspread-cassettes``: default (zero) values are left out of responses, ranges
come back expanded to the grid (``Sheet1!A1:Z1000``), trailing empty rows and cells are trimmed,
``null`` values in a write are skipped.
"""

from __future__ import annotations

import ast
import copy
import itertools
import operator
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from . import a1, fields
from .errors import ApiError, sheets_error

EPOCH = datetime(1899, 12, 30)
DEFAULT_ROWS, DEFAULT_COLS = 1000, 26
ROW_PIXELS, COLUMN_PIXELS = 21, 100
CELL_LIMIT = 50_000  # characters in one cell; Google refuses the whole request beyond it


class Formula(str):
    """A cell's formula text (``=4/2``), entered with USER_ENTERED.

    The fake computes arithmetic only; a test that puts an officer's formula such as ``=A4+1``
    or a broken ``=#REF!+1`` into a sheet gives the value Sheets would show as ``result``.
    """

    result: Any = None

    def __new__(cls, text: str, result: Any = None) -> Formula:
        formula = super().__new__(cls, text)
        formula.result = result
        return formula


def computed(formula: Formula) -> Any:
    """The value a formula cell shows."""
    return formula.result if formula.result is not None else _arith(formula)


def _arith(text: str) -> Any:
    """The value of a formula made of numbers and + - * / ( ) only; else ``#NAME?``."""
    ops = {
        ast.Add: operator.add,
        ast.Sub: operator.sub,
        ast.Mult: operator.mul,
        ast.Div: operator.truediv,
        ast.USub: operator.neg,
    }

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in ops:
            return ops[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in ops:
            return ops[type(node.op)](ev(node.operand))
        raise ValueError(text)

    try:
        return ev(ast.parse(text[1:], mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError):
        return "#NAME?"


def number(value: float) -> int | float:
    """Google prints whole doubles without '.0'."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def format_number(value: float, fmt: dict | None) -> str:
    kind = (fmt or {}).get("type")
    pattern = (fmt or {}).get("pattern")
    if kind in ("DATE", "DATE_TIME", "TIME"):
        when = EPOCH + timedelta(days=float(value))
        pattern = (
            pattern
            or {"DATE": "M/d/yyyy", "TIME": "h:mm:ss", "DATE_TIME": "M/d/yyyy H:mm:ss"}[kind]
        )
        return _strftime(when, pattern)
    return str(number(value))


def _strftime(when: datetime, pattern: str) -> str:
    out, i, seen_hour = "", 0, False
    tokens = ["yyyy", "yy", "dd", "d", "MM", "M", "mm", "m", "hh", "h", "HH", "H", "ss", "s"]
    while i < len(pattern):
        tok = next((t for t in tokens if pattern.startswith(t, i)), None)
        if tok is None:
            out += pattern[i]
            i += 1
            continue
        i += len(tok)
        low = tok.lower()
        if low.startswith("y"):
            out += f"{when.year:04d}" if tok == "yyyy" else f"{when.year % 100:02d}"
        elif low.startswith("d"):
            out += f"{when.day:02d}" if len(tok) == 2 else str(when.day)
        elif low.startswith("h"):
            seen_hour = True
            out += f"{when.hour:02d}" if len(tok) == 2 else str(when.hour)
        elif low.startswith("s"):
            out += f"{when.second:02d}" if len(tok) == 2 else str(when.second)
        elif tok in ("MM", "M") or not seen_hour:  # m after h means minutes, as in Sheets
            out += f"{when.month:02d}" if len(tok) == 2 else str(when.month)
        else:
            out += f"{when.minute:02d}" if len(tok) == 2 else str(when.minute)
    return out


def user_entered(value: Any) -> tuple[Any, dict | None]:
    """USER_ENTERED parsing: formulas, numbers, ISO dates and booleans from text."""
    if not isinstance(value, str):
        return value, None
    if value.startswith("'"):
        return value[1:], None
    if value.startswith("="):
        return Formula(value), None
    if value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE", None
    if re.fullmatch(r"-?\d+(\.\d+)?", value):
        return number(float(value)), None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if m:
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return (day - EPOCH.date()).days, {"type": "DATE", "pattern": "yyyy-mm-dd"}
    return (value if value != "" else None), None


def render(value: Any, fmt: dict | None, option: str, dt_option: str) -> Any:
    if value is None:
        return None
    if isinstance(value, Formula):
        if option == "FORMULA":
            return str(value)
        value = computed(value)
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE") if option == "FORMATTED_VALUE" else value
    if isinstance(value, int | float):
        is_date = (fmt or {}).get("type") in ("DATE", "DATE_TIME", "TIME")
        if option == "FORMATTED_VALUE" or (is_date and dt_option == "FORMATTED_STRING"):
            return format_number(value, fmt)
        return number(value)
    return value


def trim(rows: list[list[Any]]) -> list[list[Any]]:
    out = []
    for row in rows:
        end = len(row)
        while end and (row[end - 1] is None or row[end - 1] == ""):
            end -= 1
        out.append([("" if v is None else v) for v in row[:end]])
    while out and not out[-1]:
        out.pop()
    return out


class Sheet:
    def __init__(
        self,
        book: Spreadsheet,
        sheet_id: int,
        title: str,
        index: int,
        rows: int = DEFAULT_ROWS,
        cols: int = DEFAULT_COLS,
    ) -> None:
        self.book = book
        self.sheet_id = sheet_id
        self.title = title
        self.index = index
        self.column_count = cols
        self.frozen_rows = 0
        self.frozen_cols = 0
        self.hidden = False  # the tab itself is hidden
        self.cells: list[list[Any]] = [[] for _ in range(rows)]
        self.row_ids: list[int] = [book.new_row_id() for _ in range(rows)]
        self.notes: dict[tuple[int, int], str] = {}
        self.formats: dict[tuple[int, int], dict] = {}
        self.validations: dict[tuple[int, int], dict] = {}
        self.conditional_formats: list[dict] = []
        self.protected_ranges: list[dict] = []
        self.column_pixels: dict[int, int] = {}
        self.hidden_rows: set[int] = set()  # row ids an officer hid (they move with the row)
        self.merges: list[dict] = []  # GridRanges of merged cells (kept as given)

    @property
    def row_count(self) -> int:
        return len(self.cells)

    # --- cells -------------------------------------------------------------------------

    def get(self, r: int, c: int) -> Any:
        row = self.cells[r]
        return row[c] if c < len(row) else None

    def set(self, r: int, c: int, value: Any) -> None:
        if isinstance(value, str) and len(value) > CELL_LIMIT:
            raise sheets_error(
                400,
                f"Your input contains more than the maximum of {CELL_LIMIT} characters in a "
                "single cell.",
            )
        if r >= self.row_count or c >= self.column_count:
            raise sheets_error(
                400,
                f"Range ({self.title}!{a1.col_letters(c)}{r + 1}) exceeds "
                f"grid limits. Max rows: {self.row_count}, max columns: "
                f"{self.column_count}",
            )
        row = self.cells[r]
        if c >= len(row):
            if value is None:
                return
            row.extend([None] * (c + 1 - len(row)))
        row[c] = value

    def fmt(self, r: int, c: int) -> dict | None:
        return self.formats.get((self.row_ids[r], c), {}).get("numberFormat")

    def values(self, r0: int, r1: int, c0: int, c1: int, option: str, dt: str) -> list[list]:
        # Unformatted values with serial dates do not depend on formats: skip looking them up
        # (a million-row tab is read this way by every job; benchmarks time it).
        plain = option == "UNFORMATTED_VALUE" and dt == "SERIAL_NUMBER"
        out = []
        for r in range(r0, min(r1, self.row_count)):
            row = self.cells[r]
            if len(row) <= c0:
                out.append([])
                continue
            if plain:
                out.append(
                    [
                        v if type(v) is str or type(v) is int else render(v, None, option, dt)
                        for v in row[c0:c1]
                    ]
                )
                continue
            rid = self.row_ids[r]
            formats = self.formats
            out.append(
                [
                    render(row[c], formats.get((rid, c), {}).get("numberFormat"), option, dt)
                    if row[c] is not None
                    else None
                    for c in range(c0, min(c1, len(row)))
                ]
            )
        return trim(out)

    def last_data_row(self) -> int:
        for r in range(self.row_count - 1, -1, -1):
            if any(v is not None and v != "" for v in self.cells[r]):
                return r
        return -1

    # --- structure (also what officers do between our requests) -------------------------

    def insert_rows(self, at: int, count: int = 1) -> None:
        self.book.touch(self)
        self.book.moved(self)
        self.cells[at:at] = [[] for _ in range(count)]
        self.row_ids[at:at] = [self.book.new_row_id() for _ in range(count)]

    def delete_rows(self, start: int, end: int) -> None:
        self.book.touch(self)
        self.book.moved(self)
        gone = set(self.row_ids[start:end])
        del self.cells[start:end]
        del self.row_ids[start:end]
        self.book.drop_row_metadata(gone)

    def sort_rows(self, start: int, end: int, specs: list[tuple[int, bool]]) -> None:
        """Sort rows [start, end) by (column, descending) keys; empty cells last, as Sheets."""
        self.book.touch(self)
        self.book.moved(self)
        block = list(zip(self.cells[start:end], self.row_ids[start:end], strict=True))
        for col, descending in reversed(specs):
            filled = [b for b in block if _cell(b[0], col) not in (None, "")]
            empty = [b for b in block if _cell(b[0], col) in (None, "")]
            filled.sort(key=lambda b, c=col: _sort_key(_cell(b[0], c)), reverse=descending)
            block = filled + empty
        self.cells[start:end] = [b[0] for b in block]
        self.row_ids[start:end] = [b[1] for b in block]

    def insert_columns(self, at: int, count: int = 1) -> None:
        self.book.touch(self)
        for row in self.cells:
            if len(row) > at:
                row[at:at] = [None] * count
        self.column_count += count
        shift = {k: v for k, v in self.notes.items()}
        self.notes = {(rid, c + count if c >= at else c): v for (rid, c), v in shift.items()}

    def row_of(self, row_id: int) -> int | None:
        return self.book.row_positions(self).get(row_id)

    # --- resources -------------------------------------------------------------------------

    def properties(self) -> dict:
        grid: dict[str, Any] = {"rowCount": self.row_count, "columnCount": self.column_count}
        if self.frozen_rows:
            grid["frozenRowCount"] = self.frozen_rows
        if self.frozen_cols:
            grid["frozenColumnCount"] = self.frozen_cols
        props = {
            "sheetId": self.sheet_id,
            "title": self.title,
            "index": self.index,
            "sheetType": "GRID",
            "gridProperties": grid,
        }
        if self.hidden:
            props["hidden"] = True
        return props


def _cell(row: list, col: int) -> Any:
    return row[col] if col < len(row) else None


def _sort_key(value: Any) -> tuple:
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value).lower())


class Spreadsheet:
    def __init__(
        self, spreadsheet_id: str, title: str, locale: str = "en_US", time_zone: str = "Etc/GMT"
    ) -> None:
        self.id = spreadsheet_id
        self.title = title
        self.locale = locale
        self.time_zone = time_zone
        self.sheets: list[Sheet] = []
        self.metadata: dict[int, dict] = {}  # metadataId -> {key, value, visibility, where}
        self._row_ids = itertools.count(1)
        self._positions: dict[int, dict[int, int]] = {}
        self._journal: dict[int, Any] | None = None
        self.actor = ""  # e-mail of whoever sends the request being handled
        self.add_sheet("Sheet1", sheet_id=0)

    # --- bookkeeping ------------------------------------------------------------------------

    def new_row_id(self) -> int:
        return next(self._row_ids)

    def row_positions(self, sheet: Sheet) -> dict[int, int]:
        """Row index of each row identity (cached until the next change: see ``touch``)."""
        positions = self._positions.get(sheet.sheet_id)
        if positions is None:
            positions = {rid: i for i, rid in enumerate(sheet.row_ids)}
            self._positions[sheet.sheet_id] = positions
        return positions

    def moved(self, sheet: Sheet) -> None:
        """Rows were inserted, deleted or reordered: forget the cached row positions."""
        self._positions.pop(sheet.sheet_id, None)

    def touch(self, sheet: Sheet | None = None) -> None:
        """Called before any change: inside a batch, remember how things were, to roll back."""
        if self._journal is None:
            return
        if "metadata" not in self._journal:
            self._journal["metadata"] = copy.deepcopy(self.metadata)
            self._journal["sheets"] = list(self.sheets)
            self._journal["props"] = (self.title, self.locale, self.time_zone)
        if sheet is not None and sheet.sheet_id not in self._journal:
            saved = copy.copy(sheet)
            saved.cells = [list(r) for r in sheet.cells]
            saved.row_ids = list(sheet.row_ids)
            for name in ("notes", "formats", "validations", "column_pixels"):
                setattr(saved, name, dict(getattr(sheet, name)))
            saved.conditional_formats = copy.deepcopy(sheet.conditional_formats)
            saved.hidden_rows = set(sheet.hidden_rows)
            saved.merges = copy.deepcopy(sheet.merges)
            saved.protected_ranges = copy.deepcopy(sheet.protected_ranges)
            self._journal[sheet.sheet_id] = (sheet, saved)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A batchUpdate applies all its requests or none."""
        self._journal = {}
        try:
            yield
        except BaseException:
            journal, self._journal = self._journal, None
            if "metadata" in journal:
                self.metadata = journal["metadata"]
                self.sheets = journal["sheets"]
                self.title, self.locale, self.time_zone = journal["props"]
            for key, value in journal.items():
                if isinstance(key, int):
                    live, saved = value
                    live.__dict__.update(saved.__dict__)
            self._positions.clear()
            raise
        self._journal = None

    # --- sheets ------------------------------------------------------------------------------

    def add_sheet(
        self,
        title: str,
        sheet_id: int | None = None,
        index: int | None = None,
        rows: int = DEFAULT_ROWS,
        cols: int = DEFAULT_COLS,
    ) -> Sheet:
        self.touch()
        if any(s.title.lower() == title.lower() for s in self.sheets):
            raise sheets_error(
                400,
                f'Invalid requests[0].addSheet: A sheet with the name "{title}"'
                " already exists. Please enter another name.",
            )
        if sheet_id is None:
            sheet_id = random.randint(1, 2**31 - 1)
        if any(s.sheet_id == sheet_id for s in self.sheets):
            raise sheets_error(
                400, f"Invalid requests[0].addSheet: Sheet with id {sheet_id} already exists."
            )
        sheet = Sheet(self, sheet_id, title, len(self.sheets), rows, cols)
        self.sheets.insert(len(self.sheets) if index is None else index, sheet)
        self._reindex()
        return sheet

    def _reindex(self) -> None:
        for i, s in enumerate(self.sheets):
            s.index = i

    def sheet(self, *, sheet_id: int | None = None, title: str | None = None) -> Sheet:
        for s in self.sheets:
            if (sheet_id is not None and s.sheet_id == sheet_id) or (
                title is not None and s.title == title
            ):
                return s
        what = f"id {sheet_id}" if sheet_id is not None else f"title {title!r}"
        raise sheets_error(400, f"No grid with {what}")

    def resolve(self, text: str) -> tuple[Sheet, a1.Span]:
        """An A1 range (``'Nhiệm vụ'!A5:J``, ``Sheet1``, ``A1:B2``) on this spreadsheet."""
        try:
            title, cells = a1.split(text)
            sheet = (
                self.sheets[0]
                if title is None
                else next((s for s in self.sheets if s.title == title), None)
            )
            if sheet is None:
                raise a1.A1Error(text)
            return sheet, a1.parse_cells(cells, sheet.sheet_id)
        except a1.A1Error:
            raise sheets_error(400, f"Unable to parse range: {text}") from None

    def drop_row_metadata(self, row_ids: set[int]) -> None:
        for mid in [
            m
            for m, d in self.metadata.items()
            if d["where"][0] == "row" and d["where"][2] in row_ids
        ]:
            del self.metadata[mid]

    # --- developer metadata --------------------------------------------------------------------

    def metadata_json(self, mid: int) -> dict:
        d = self.metadata[mid]
        where = d["where"]
        location: dict[str, Any]
        if where[0] == "spreadsheet":
            location = {"locationType": "SPREADSHEET", "spreadsheet": True}
        elif where[0] == "sheet":
            location = {"locationType": "SHEET", "sheetId": where[1]}
        else:
            sheet = self.sheet(sheet_id=where[1])
            index = sheet.row_of(where[2]) if where[0] == "row" else where[2]
            dim = "ROWS" if where[0] == "row" else "COLUMNS"
            rng: dict[str, Any] = {
                "sheetId": where[1],
                "dimension": dim,
                "startIndex": index,
                "endIndex": index + 1,
            }
            if not rng["startIndex"]:
                del rng["startIndex"]
            if not rng["sheetId"]:
                del rng["sheetId"]
            location = {"locationType": where[0].upper(), "dimensionRange": rng}
        out = {
            "metadataId": mid,
            "metadataKey": d["key"],
            "location": location,
            "visibility": d["visibility"],
        }
        if d.get("value"):
            out["metadataValue"] = d["value"]
        return out

    def lookup(self, spec: dict) -> list[int]:
        """Ids of developer metadata matching a DeveloperMetadataLookup."""
        found = []
        if "metadataId" in spec:  # the common case: straight to it, not a scan of them all
            mid = int(spec["metadataId"])
            candidates = [(mid, self.metadata[mid])] if mid in self.metadata else []
        else:
            candidates = list(self.metadata.items())
        for mid, d in candidates:
            if "metadataKey" in spec and spec["metadataKey"] != d["key"]:
                continue
            if "metadataValue" in spec and spec["metadataValue"] != d.get("value"):
                continue
            kind = spec.get("locationType")
            if (
                kind
                and kind != "DEVELOPER_METADATA_LOCATION_TYPE_UNSPECIFIED"
                and kind.lower() != d["where"][0]
            ):
                continue
            vis = spec.get("visibility")
            if (
                vis
                and vis != "DEVELOPER_METADATA_VISIBILITY_UNSPECIFIED"
                and vis != d["visibility"]
            ):
                continue
            found.append(mid)
        return found

    def metadata_range(self, mid: int) -> tuple[Sheet, int, int, int, int] | None:
        """The grid rectangle a row/column/sheet metadata covers (None for the spreadsheet)."""
        where = self.metadata[mid]["where"]
        if where[0] == "spreadsheet":
            return None
        sheet = self.sheet(sheet_id=where[1])
        if where[0] == "sheet":
            return sheet, 0, sheet.row_count, 0, sheet.column_count
        if where[0] == "row":
            r = sheet.row_of(where[2])
            return sheet, r, r + 1, 0, sheet.column_count
        return sheet, 0, sheet.row_count, where[2], where[2] + 1

    # --- JSON ------------------------------------------------------------------------------------

    def properties(self) -> dict:
        return {
            "title": self.title,
            "locale": self.locale,
            "autoRecalc": "ON_CHANGE",
            "timeZone": self.time_zone,
            "defaultFormat": DEFAULT_FORMAT,
            "spreadsheetTheme": THEME,
        }

    def to_json(self, mask: fields.Mask | None, ranges: list[str], grid: bool) -> dict:
        out: dict[str, Any] = {"spreadsheetId": self.id}
        if fields.wants(mask, "properties"):
            out["properties"] = self.properties()
        if fields.wants(mask, "sheets"):
            want_data = grid or (mask is not None and "data" in (fields.sub(mask, "sheets") or {}))
            by_sheet = self._data_ranges(ranges) if want_data else {}
            out["sheets"] = [self._sheet_json(s, mask, by_sheet, want_data) for s in self.sheets]
        sheet_level = [m for m, d in self.metadata.items() if d["where"][0] == "spreadsheet"]
        if sheet_level and fields.wants(mask, "developerMetadata"):
            out["developerMetadata"] = [self.metadata_json(m) for m in sheet_level]
        out["spreadsheetUrl"] = f"https://docs.google.com/spreadsheets/d/{self.id}/edit"
        return fields.apply(out, mask)

    def _data_ranges(self, ranges: list[str]) -> dict[int, list[a1.Span]]:
        by_sheet: dict[int, list[a1.Span]] = {}
        if not ranges:
            return {s.sheet_id: [a1.Span(s.sheet_id, None, None, None, None)] for s in self.sheets}
        for text in ranges:
            sheet, span = self.resolve(text)
            by_sheet.setdefault(sheet.sheet_id, []).append(span)
        return by_sheet

    def _sheet_json(self, sheet: Sheet, mask, by_sheet, want_data: bool) -> dict:
        out: dict[str, Any] = {"properties": sheet.properties()}
        if sheet.conditional_formats:
            out["conditionalFormats"] = copy.deepcopy(sheet.conditional_formats)
        if sheet.protected_ranges:
            out["protectedRanges"] = copy.deepcopy(sheet.protected_ranges)
        if sheet.merges:
            out["merges"] = copy.deepcopy(sheet.merges)
        own = [m for m, d in self.metadata.items() if d["where"][:2] == ("sheet", sheet.sheet_id)]
        if own:
            out["developerMetadata"] = [self.metadata_json(m) for m in own]
        if want_data and sheet.sheet_id in by_sheet:
            data_mask = fields.sub(mask, "sheets", "data")
            out["data"] = [grid_data(sheet, span, data_mask) for span in by_sheet[sheet.sheet_id]]
        return out


def grid_data(sheet: Sheet, span: a1.Span, mask: fields.Mask | None) -> dict:
    """GridData for a range, building only the parts the field mask asks for."""
    r0, r1, c0, c1 = span.bounded(sheet.row_count, sheet.column_count)
    out: dict[str, Any] = {}
    if r0:
        out["startRow"] = r0
    if c0:
        out["startColumn"] = c0
    book = sheet.book
    if fields.wants(mask, "rowMetadata"):
        by_row: dict[int, list[int]] = {}
        for mid, d in book.metadata.items():
            if d["where"][0] == "row" and d["where"][1] == sheet.sheet_id:
                by_row.setdefault(d["where"][2], []).append(mid)
        rows = []
        for r in range(r0, r1):
            entry: dict[str, Any] = {"pixelSize": ROW_PIXELS}
            if sheet.row_ids[r] in sheet.hidden_rows:
                entry["hiddenByUser"] = True
            mids = by_row.get(sheet.row_ids[r])
            if mids:
                entry["developerMetadata"] = [book.metadata_json(m) for m in mids]
            rows.append(entry)
        out["rowMetadata"] = rows
    if fields.wants(mask, "columnMetadata"):
        out["columnMetadata"] = [
            {"pixelSize": sheet.column_pixels.get(c, COLUMN_PIXELS)} for c in range(c0, c1)
        ]
    if fields.wants(mask, "rowData"):
        out["rowData"] = _row_data(sheet, r0, r1, c0, c1, fields.sub(mask, "rowData", "values"))
    return out


def _row_data(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, mask) -> list[dict]:
    notes_only = mask is not None and set(mask) == {"note"}
    extent: dict[int, int] = {}  # row id -> columns that hold a note (or a format)
    others = [] if notes_only else [*sheet.formats, *sheet.validations]
    for rid, c in [*sheet.notes, *others]:
        extent[rid] = max(extent.get(rid, 0), c + 1)
    rows: list[dict] = []
    for r in range(r0, min(r1, sheet.row_count)):
        rid = sheet.row_ids[r]
        if notes_only and rid not in extent:
            rows.append({})
            continue
        width = extent.get(rid, 0) if notes_only else max(len(sheet.cells[r]), extent.get(rid, 0))
        cells = [fields.apply(_cell_data(sheet, r, c), mask) for c in range(c0, min(c1, width))]
        while cells and cells[-1] == {}:
            cells.pop()
        rows.append({"values": cells} if cells else {})
    while rows and rows[-1] == {}:
        rows.pop()
    return rows


def _cell_data(sheet: Sheet, r: int, c: int) -> dict:
    value = sheet.get(r, c)
    rid = sheet.row_ids[r]
    cell: dict[str, Any] = {}
    fmt = sheet.formats.get((rid, c))
    if value is not None:
        cell["userEnteredValue"] = _extended(value, raw=True)
        cell["effectiveValue"] = _extended(computed(value) if isinstance(value, Formula) else value)
        cell["formattedValue"] = render(
            value, (fmt or {}).get("numberFormat"), "FORMATTED_VALUE", "FORMATTED_STRING"
        )
    if fmt:
        cell["userEnteredFormat"] = copy.deepcopy(fmt)
    if (rid, c) in sheet.notes:
        cell["note"] = sheet.notes[(rid, c)]
    if (rid, c) in sheet.validations:
        cell["dataValidation"] = copy.deepcopy(sheet.validations[(rid, c)])
    return cell


def _extended(value: Any, raw: bool = False) -> dict:
    if isinstance(value, Formula):
        return {"formulaValue": str(value)} if raw else {"stringValue": str(value)}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": number(value)}
    if isinstance(value, str) and value.startswith("#") and value.endswith(("!", "?", "A")):
        return {"errorValue": {"type": "ERROR", "message": value}}
    return {"stringValue": str(value)}


def from_extended(ev: dict | None) -> Any:
    if not ev:
        return None
    if "numberValue" in ev:
        return number(float(ev["numberValue"]))
    if "boolValue" in ev:
        return bool(ev["boolValue"])
    if "formulaValue" in ev:
        return Formula(ev["formulaValue"])
    if "stringValue" in ev:
        return ev["stringValue"]
    raise sheets_error(400, f"Unsupported ExtendedValue {sorted(ev)}")


def rgb(colour: dict) -> str:
    return "".join(f"{round(float(colour.get(k, 0)) * 255):02X}" for k in ("red", "green", "blue"))


DEFAULT_FORMAT = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {
        "foregroundColor": {},
        "fontFamily": "arial,sans,sans-serif",
        "fontSize": 10,
        "bold": False,
        "italic": False,
        "strikethrough": False,
        "underline": False,
        "foregroundColorStyle": {"rgbColor": {}},
    },
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}
THEME = {
    "primaryFontFamily": "Arial",
    "themeColors": [
        {"colorType": kind, "color": {"rgbColor": colour}}
        for kind, colour in [
            ("TEXT", {}),
            ("BACKGROUND", {"red": 1, "green": 1, "blue": 1}),
            ("ACCENT1", {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}),
            ("ACCENT2", {"red": 0.91764706, "green": 0.2627451, "blue": 0.20784314}),
            ("ACCENT3", {"red": 0.9843137, "green": 0.7372549, "blue": 0.015686275}),
            ("ACCENT4", {"red": 0.20392157, "green": 0.65882355, "blue": 0.3254902}),
            ("ACCENT5", {"red": 1, "green": 0.42745098, "blue": 0.003921569}),
            ("ACCENT6", {"red": 0.27450982, "green": 0.7411765, "blue": 0.7764706}),
            ("LINK", {"red": 0.06666667, "green": 0.33333334, "blue": 0.8}),
        ]
    ],
}


def check_range_error(message: str) -> ApiError:
    return sheets_error(400, message)
