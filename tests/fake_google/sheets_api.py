"""Sheets v4 routes of the fake: values and spreadsheets.batchUpdate, as far as we (and the
recorded gspread traffic) use them. Anything else answers 501, so a gap is loud, not silent."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

from . import a1, fields
from .errors import ApiError, sheets_error
from .sheets import Sheet, Spreadsheet, from_extended, number, trim, user_entered

Handler = Callable[[Spreadsheet, dict[str, list[str]], Any], Any]


def _one(query: dict[str, list[str]], name: str, default: str | None = None) -> str | None:
    values = query.get(name)
    return values[0] if values else default


def _bool(query: dict[str, list[str]], name: str) -> bool:
    return (_one(query, name, "false") or "false").lower() == "true"


def _render_options(query: dict[str, list[str]]) -> tuple[str, str]:
    return (
        _one(query, "valueRenderOption", "FORMATTED_VALUE") or "FORMATTED_VALUE",
        _one(query, "dateTimeRenderOption", "SERIAL_NUMBER") or "SERIAL_NUMBER",
    )


# --- reading --------------------------------------------------------------------------------


def spreadsheets_get(ss: Spreadsheet, query, body) -> dict:
    mask = fields.parse(_one(query, "fields")) if _one(query, "fields") else None
    return ss.to_json(mask, query.get("ranges", []), _bool(query, "includeGridData"))


def value_range(ss: Spreadsheet, text: str, major: str, option: str, dt: str) -> dict:
    sheet, span = ss.resolve(text)
    r0, r1, c0, c1 = span.bounded(sheet.row_count, sheet.column_count)
    return _value_range(sheet, r0, r1, c0, c1, major, option, dt)


def _value_range(sheet: Sheet, r0, r1, c0, c1, major: str, option: str, dt: str) -> dict:
    out: dict[str, Any] = {
        "range": a1.format_range(sheet.title, r0, r1, c0, c1),
        "majorDimension": major,
    }
    rows = sheet.values(r0, r1, c0, c1, option, dt)
    if major == "COLUMNS" and rows:
        width = max(len(r) for r in rows)
        padded = [r + [""] * (width - len(r)) for r in rows]
        rows = trim([list(col) for col in zip(*padded, strict=True)])
    if rows:
        out["values"] = rows
    return out


def values_get(ss: Spreadsheet, query, body, *, range_text: str) -> dict:
    option, dt = _render_options(query)
    major = _one(query, "majorDimension", "ROWS")
    return value_range(ss, range_text, major, option, dt)


def values_batch_get(ss: Spreadsheet, query, body) -> dict:
    option, dt = _render_options(query)
    major = _one(query, "majorDimension", "ROWS")
    ranges = [value_range(ss, r, major, option, dt) for r in query.get("ranges", [])]
    return {"spreadsheetId": ss.id, "valueRanges": ranges}


def metadata_get(ss: Spreadsheet, query, body, *, metadata_id: str) -> dict:
    mid = int(metadata_id)
    if mid not in ss.metadata:
        raise sheets_error(404, f"No developer metadata with ID: {mid}")
    return ss.metadata_json(mid)


def metadata_search(ss: Spreadsheet, query, body) -> dict:
    matched = []
    for data_filter in body.get("dataFilters") or []:
        lookup = data_filter.get("developerMetadataLookup")
        if lookup is None:
            raise sheets_error(501, "fake: only developerMetadataLookup filters are searched")
        for mid in ss.lookup(lookup):
            matched.append(
                {"developerMetadata": ss.metadata_json(mid), "dataFilters": [data_filter]}
            )
    return {"matchedDeveloperMetadata": matched} if matched else {}


# --- writing values ----------------------------------------------------------------------------


def _input_option(body_or_query: dict, from_query: bool) -> str:
    option = (
        _one(body_or_query, "valueInputOption")
        if from_query
        else body_or_query.get("valueInputOption")
    )
    if not option or option == "INPUT_VALUE_OPTION_UNSPECIFIED":
        raise sheets_error(400, "'valueInputOption' is required but not specified")
    return option


def write_block(
    sheet: Sheet,
    r0: int,
    c0: int,
    values: list[list],
    major: str,
    option: str,
    limit: tuple[int, int] | None = None,
) -> tuple[int, int, int, int, int]:
    """Write ``values`` from (r0, c0). Returns (rows, columns, cells updated, r1, c1)."""
    if not isinstance(values, list) or not all(isinstance(v, list) for v in values):
        raise sheets_error(
            400,
            "Invalid value at 'data.values' (type.googleapis.com/"
            f"google.protobuf.ListValue), {str(values)[:40]}",
        )
    if major == "COLUMNS":
        width = max((len(v) for v in values), default=0)
        values = [[col[i] if i < len(col) else None for col in values] for i in range(width)]
    height = len(values)
    width = max((len(v) for v in values), default=0)
    if limit is not None and (height > limit[0] or width > limit[1]):
        raise sheets_error(400, "Requested writing within range, but tried writing past it.")
    sheet.book.touch(sheet)
    rows, cols, cells = set(), set(), 0
    for i, row in enumerate(values):
        for j, raw in enumerate(row):
            if raw is None:
                continue  # "Null values will be skipped."
            if isinstance(raw, dict | list):
                raise sheets_error(400, f"Invalid values[{i}][{j}]: list_value or struct_value")
            value, fmt = user_entered(raw) if option == "USER_ENTERED" else (raw, None)
            if value == "":
                value = None
            if isinstance(value, float):
                value = number(value)
            sheet.set(r0 + i, c0 + j, value)
            if fmt:
                sheet.formats.setdefault((sheet.row_ids[r0 + i], c0 + j), {})["numberFormat"] = fmt
            rows.add(i)
            cols.add(j)
            cells += 1
    return len(rows), len(cols), cells, r0 + height, c0 + width


def _update_response(ss: Spreadsheet, sheet: Sheet, r0, c0, result, extra=None) -> dict:
    n_rows, n_cols, n_cells, r1, c1 = result
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    if n_cells:
        out.update(
            updatedRange=a1.format_range(sheet.title, r0, max(r1, r0 + 1), c0, max(c1, c0 + 1)),
            updatedRows=n_rows,
            updatedColumns=n_cols,
            updatedCells=n_cells,
        )
    return {**out, **(extra or {})}


def values_update(ss: Spreadsheet, query, body, *, range_text: str) -> dict:
    option = _input_option(query, from_query=True)
    sheet, span = ss.resolve(range_text)
    if body.get("range") and ss.resolve(body["range"]) != (sheet, span):
        raise sheets_error(
            400,
            f"Requested writing within range [{range_text}], but tried "
            f"writing to [{body['range']}]",
        )
    r0, c0 = span.r0 or 0, span.c0 or 0
    result = write_block(
        sheet, r0, c0, body.get("values") or [], body.get("majorDimension") or "ROWS", option
    )
    out = _update_response(ss, sheet, r0, c0, result)
    if _bool(query, "includeValuesInResponse"):
        out["updatedData"] = _after(sheet, r0, result[3], c0, result[4], query)
    return out


def _after(sheet: Sheet, r0, r1, c0, c1, options: dict, from_body: bool = False) -> dict:
    if from_body:
        option = options.get("responseValueRenderOption") or "FORMATTED_VALUE"
        dt = options.get("responseDateTimeRenderOption") or "SERIAL_NUMBER"
    else:
        option = _one(options, "responseValueRenderOption", "FORMATTED_VALUE")
        dt = _one(options, "responseDateTimeRenderOption", "SERIAL_NUMBER")
    return _value_range(sheet, r0, r1, c0, c1, "ROWS", option, dt)


def values_batch_update(ss: Spreadsheet, query, body) -> dict:
    option = _input_option(body, from_query=False)
    responses = []
    for item in body.get("data") or []:
        sheet, span = ss.resolve(item.get("range") or "")
        r0, c0 = span.r0 or 0, span.c0 or 0
        result = write_block(
            sheet, r0, c0, item.get("values") or [], item.get("majorDimension") or "ROWS", option
        )
        response = _update_response(ss, sheet, r0, c0, result)
        if body.get("includeValuesInResponse"):
            response["updatedData"] = _after(sheet, r0, result[3], c0, result[4], body, True)
        responses.append(response)
    return _totals(ss, responses)


def _totals(ss: Spreadsheet, responses: list[dict]) -> dict:
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    cells = sum(r.get("updatedCells", 0) for r in responses)
    if cells:
        out.update(
            totalUpdatedRows=sum(r.get("updatedRows", 0) for r in responses),
            totalUpdatedColumns=max(r.get("updatedColumns", 0) for r in responses),
            totalUpdatedCells=cells,
            totalUpdatedSheets=len(
                {r["updatedRange"].rpartition("!")[0] for r in responses if "updatedRange" in r}
            ),
        )
    if responses:
        out["responses"] = responses
    return out


def matched_ranges(ss: Spreadsheet, data_filter: dict) -> list[tuple[Sheet, int, int, int, int]]:
    if "a1Range" in data_filter:
        sheet, span = ss.resolve(data_filter["a1Range"])
        return [(sheet, *span.bounded(sheet.row_count, sheet.column_count))]
    if "gridRange" in data_filter:
        g = data_filter["gridRange"]
        sheet = ss.sheet(sheet_id=int(g.get("sheetId", 0)))
        span = a1.Span(
            sheet.sheet_id,
            g.get("startRowIndex"),
            g.get("endRowIndex"),
            g.get("startColumnIndex"),
            g.get("endColumnIndex"),
        )
        return [(sheet, *span.bounded(sheet.row_count, sheet.column_count))]
    lookup = data_filter.get("developerMetadataLookup")
    if lookup is None:
        raise sheets_error(
            400,
            "Invalid dataFilter: one of a1Range, gridRange or developerMetadataLookup must be set",
        )
    found = [ss.metadata_range(mid) for mid in ss.lookup(lookup)]
    return [f for f in found if f is not None]


def values_batch_update_by_data_filter(ss: Spreadsheet, query, body) -> dict:
    option = _input_option(body, from_query=False)
    responses = []
    for item in body.get("data") or []:
        data_filter = item.get("dataFilter") or {}
        for sheet, r0, r1, c0, c1 in matched_ranges(ss, data_filter):
            values = item.get("values") or []
            result = write_block(
                sheet,
                r0,
                c0,
                values,
                item.get("majorDimension") or "ROWS",
                option,
                limit=(r1 - r0, c1 - c0),
            )
            response = _update_response(ss, sheet, r0, c0, result, {"dataFilter": data_filter})
            del response["spreadsheetId"]
            if body.get("includeValuesInResponse"):
                response["updatedData"] = _after(sheet, r0, r1, c0, c1, body, True)
            responses.append(response)
    return _totals(ss, responses)


def values_append(ss: Spreadsheet, query, body, *, range_text: str) -> dict:
    """Writes below the table that starts at the range (or at the range, if it is empty)."""
    option = _input_option(query, from_query=True)
    sheet, span = ss.resolve(range_text)
    values = body.get("values") or []
    r0, _r1, c0, c1 = span.bounded(sheet.row_count, sheet.column_count)
    start = r0
    while start < sheet.row_count and any(v not in (None, "") for v in sheet.cells[start][c0:c1]):
        start += 1
    if start + len(values) > sheet.row_count:
        sheet.insert_rows(sheet.row_count, start + len(values) - sheet.row_count)
    if _one(query, "insertDataOption") == "INSERT_ROWS":
        sheet.insert_rows(start, len(values))
    result = write_block(sheet, start, c0, values, body.get("majorDimension") or "ROWS", option)
    updates = _update_response(ss, sheet, start, c0, result)
    if _bool(query, "includeValuesInResponse"):
        updates["updatedData"] = _after(sheet, start, result[3], c0, result[4], query)
    out: dict[str, Any] = {"spreadsheetId": ss.id}
    if start > r0:
        out["tableRange"] = a1.format_range(sheet.title, r0, start, c0, max(c0 + 1, result[4]))
    out["updates"] = updates
    return out


def _clear(ss: Spreadsheet, text: str) -> str:
    sheet, span = ss.resolve(text)
    r0, r1, c0, c1 = span.bounded(sheet.row_count, sheet.column_count)
    sheet.book.touch(sheet)
    for r in range(r0, r1):
        row = sheet.cells[r]
        for c in range(c0, min(c1, len(row))):
            row[c] = None
    return a1.format_range(sheet.title, r0, r1, c0, c1)


def values_clear(ss: Spreadsheet, query, body, *, range_text: str) -> dict:
    return {"spreadsheetId": ss.id, "clearedRange": _clear(ss, range_text)}


def values_batch_clear(ss: Spreadsheet, query, body) -> dict:
    return {
        "spreadsheetId": ss.id,
        "clearedRanges": [_clear(ss, r) for r in body.get("ranges") or []],
    }


# --- spreadsheets.batchUpdate -----------------------------------------------------------------


def batch_update(ss: Spreadsheet, query, body) -> dict:
    requests = body.get("requests") or []
    if not requests:
        raise sheets_error(400, "Must specify at least one request.")
    replies = []
    with ss.transaction():
        for i, request in enumerate(requests):
            kinds = [k for k, v in request.items() if v is not None]
            if len(kinds) != 1:
                raise sheets_error(
                    400, f"Invalid requests[{i}]: exactly one kind of request must be set"
                )
            kind = kinds[0]
            handler = REQUESTS.get(kind)
            if handler is None:
                raise sheets_error(501, f"fake: batchUpdate request {kind!r} is not implemented")
            try:
                reply = handler(ss, request[kind])
            except ApiError as exc:
                message = exc.body["error"]["message"]
                if not message.startswith("Invalid requests["):
                    exc.body["error"]["message"] = f"Invalid requests[{i}].{kind}: {message}"
                raise
            replies.append(reply or {})
    out: dict[str, Any] = {"spreadsheetId": ss.id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        out["updatedSpreadsheet"] = ss.to_json(None, [], False)
    return out


def _grid(ss: Spreadsheet, g: dict) -> tuple[Sheet, int, int, int, int]:
    sheet = ss.sheet(sheet_id=int(g.get("sheetId", 0)))
    span = a1.Span(
        sheet.sheet_id,
        g.get("startRowIndex"),
        g.get("endRowIndex"),
        g.get("startColumnIndex"),
        g.get("endColumnIndex"),
    )
    r0, r1, c0, c1 = span.bounded(sheet.row_count, sheet.column_count)
    if r1 > sheet.row_count or c1 > sheet.column_count or r0 > r1 or c0 > c1:
        raise sheets_error(
            400,
            f"Range ({a1.format_range(sheet.title, r0, max(r1, r0 + 1), c0, max(c1, c0 + 1))}) "
            f"exceeds grid limits. Max rows: {sheet.row_count}, max columns: "
            f"{sheet.column_count}",
        )
    return sheet, r0, r1, c0, c1


def add_sheet(ss: Spreadsheet, req: dict) -> dict:
    props = req.get("properties") or {}
    grid = props.get("gridProperties") or {}
    sheet = ss.add_sheet(
        props.get("title") or f"Sheet{len(ss.sheets) + 1}",
        sheet_id=props.get("sheetId"),
        index=props.get("index"),
        rows=int(grid.get("rowCount", 1000)),
        cols=int(grid.get("columnCount", 26)),
    )
    sheet.frozen_rows = int(grid.get("frozenRowCount", 0))
    sheet.frozen_cols = int(grid.get("frozenColumnCount", 0))
    sheet.hidden = bool(props.get("hidden"))
    return {"addSheet": {"properties": sheet.properties()}}


def delete_sheet(ss: Spreadsheet, req: dict) -> None:
    sheet = ss.sheet(sheet_id=int(req["sheetId"]))
    if len(ss.sheets) == 1:
        raise sheets_error(400, "You can't remove all the sheets in a document.")
    ss.touch(sheet)
    ss.drop_row_metadata(set(sheet.row_ids))
    ss.sheets.remove(sheet)
    ss._reindex()


def update_sheet_properties(ss: Spreadsheet, req: dict) -> None:
    props = req.get("properties") or {}
    sheet = ss.sheet(sheet_id=int(props.get("sheetId", 0)))
    ss.touch(sheet)
    mask = fields.parse(req.get("fields") or "")
    grid = props.get("gridProperties") or {}
    if fields.wants(mask, "title") and "title" in mask:
        sheet.title = props["title"]
    if "gridProperties" in mask:
        gmask = mask["gridProperties"]
        if gmask is None or "frozenRowCount" in gmask:
            sheet.frozen_rows = int(grid.get("frozenRowCount", 0))
        if gmask is None or "frozenColumnCount" in gmask:
            sheet.frozen_cols = int(grid.get("frozenColumnCount", 0))
        if gmask is None or "rowCount" in gmask:
            _resize_rows(sheet, int(grid.get("rowCount", sheet.row_count)))
        if gmask is None or "columnCount" in gmask:
            sheet.column_count = int(grid.get("columnCount", sheet.column_count))
            for row in sheet.cells:
                del row[sheet.column_count :]


def _resize_rows(sheet: Sheet, rows: int) -> None:
    if rows > sheet.row_count:
        sheet.insert_rows(sheet.row_count, rows - sheet.row_count)
    elif rows < sheet.row_count:
        sheet.delete_rows(rows, sheet.row_count)


def update_spreadsheet_properties(ss: Spreadsheet, req: dict) -> None:
    ss.touch()
    props = req.get("properties") or {}
    mask = fields.parse(req.get("fields") or "")
    for key, attr in (("title", "title"), ("locale", "locale"), ("timeZone", "time_zone")):
        if key in mask:
            setattr(ss, attr, props.get(key, ""))


def _apply_cell(sheet: Sheet, r: int, c: int, cell: dict, mask: fields.Mask) -> None:
    rid = sheet.row_ids[r]
    for key, sub in mask.items():
        if key == "userEnteredValue":
            sheet.set(r, c, from_extended(cell.get("userEnteredValue")))
        elif key == "note":
            note = cell.get("note")
            if note:
                sheet.notes[(rid, c)] = note
            else:
                sheet.notes.pop((rid, c), None)
        elif key == "userEnteredFormat":
            wanted = cell.get("userEnteredFormat") or {}
            current = sheet.formats.setdefault((rid, c), {})
            _merge_format(current, wanted, sub)
            _colour_styles(current)
            if not current:
                del sheet.formats[(rid, c)]
        elif key == "dataValidation":
            rule = cell.get("dataValidation")
            if rule:
                sheet.validations[(rid, c)] = copy.deepcopy(rule)
            else:
                sheet.validations.pop((rid, c), None)
        elif key == "*":
            _apply_cell(
                sheet,
                r,
                c,
                cell,
                {
                    k: None
                    for k in ("userEnteredValue", "userEnteredFormat", "note", "dataValidation")
                },
            )
        else:
            raise sheets_error(400, f"fake: CellData field {key!r} cannot be written")


def _merge_format(current: dict, wanted: dict, mask: fields.Mask | None) -> None:
    keys = set(wanted) | set(current) if mask is None else set(mask)
    for key in keys:
        sub = None if mask is None else mask[key]
        if key in wanted and isinstance(wanted[key], dict) and sub is not None:
            inner = current.setdefault(key, {})
            _merge_format(inner, wanted[key], sub)
        elif key in wanted:
            current[key] = copy.deepcopy(wanted[key])
        else:
            current.pop(key, None)


def _colour_styles(fmt: dict) -> None:
    """Google mirrors every colour into its ``…Style`` twin (seen in the recorded traffic)."""
    if "backgroundColor" in fmt:
        fmt["backgroundColorStyle"] = {"rgbColor": copy.deepcopy(fmt["backgroundColor"])}
    text = fmt.get("textFormat")
    if isinstance(text, dict) and "foregroundColor" in text:
        text["foregroundColorStyle"] = {"rgbColor": copy.deepcopy(text["foregroundColor"])}


def _cell_mask(text: str | None) -> fields.Mask:
    if not text:
        raise sheets_error(400, "At least one field must be specified.")
    return fields.parse(text)


def update_cells(ss: Spreadsheet, req: dict) -> None:
    mask = _cell_mask(req.get("fields"))
    rows = req.get("rows") or []
    if "range" in req:
        sheet, r0, r1, c0, c1 = _grid(ss, req["range"])
    else:
        start = req.get("start") or {}
        sheet = ss.sheet(sheet_id=int(start.get("sheetId", 0)))
        r0, c0 = int(start.get("rowIndex", 0)), int(start.get("columnIndex", 0))
        r1 = r0 + len(rows)
        c1 = c0 + max((len(r.get("values") or []) for r in rows), default=0)
    ss.touch(sheet)
    for r in range(r0, r1):
        values = (rows[r - r0].get("values") or []) if r - r0 < len(rows) else []
        for c in range(c0, c1):
            _apply_cell(sheet, r, c, values[c - c0] if c - c0 < len(values) else {}, mask)


def append_cells(ss: Spreadsheet, req: dict) -> None:
    sheet = ss.sheet(sheet_id=int(req.get("sheetId", 0)))
    mask = _cell_mask(req.get("fields"))
    rows = req.get("rows") or []
    start = sheet.last_data_row() + 1
    width = max((len(r.get("values") or []) for r in rows), default=0)
    if start + len(rows) > sheet.row_count:
        sheet.insert_rows(sheet.row_count, start + len(rows) - sheet.row_count)
    if width > sheet.column_count:
        sheet.column_count = width
    ss.touch(sheet)
    for i, row in enumerate(rows):
        for c, cell in enumerate(row.get("values") or []):
            _apply_cell(sheet, start + i, c, cell, mask)


def repeat_cell(ss: Spreadsheet, req: dict) -> None:
    sheet, r0, r1, c0, c1 = _grid(ss, req.get("range") or {})
    mask = _cell_mask(req.get("fields"))
    ss.touch(sheet)
    for r in range(r0, r1):
        for c in range(c0, c1):
            _apply_cell(sheet, r, c, req.get("cell") or {}, mask)


def _dimension(ss: Spreadsheet, rng: dict) -> tuple[Sheet, str, int, int]:
    sheet = ss.sheet(sheet_id=int(rng.get("sheetId", 0)))
    dim = rng.get("dimension")
    if dim not in ("ROWS", "COLUMNS"):
        raise sheets_error(400, "dimension must be ROWS or COLUMNS")
    size = sheet.row_count if dim == "ROWS" else sheet.column_count
    start = int(rng.get("startIndex", 0))
    end = int(rng.get("endIndex", size))
    return sheet, dim, start, end


def insert_dimension(ss: Spreadsheet, req: dict) -> None:
    sheet, dim, start, end = _dimension(ss, req["range"])
    if dim == "ROWS":
        sheet.insert_rows(start, end - start)
    else:
        sheet.insert_columns(start, end - start)


def append_dimension(ss: Spreadsheet, req: dict) -> None:
    sheet = ss.sheet(sheet_id=int(req.get("sheetId", 0)))
    if req.get("dimension") == "ROWS":
        sheet.insert_rows(sheet.row_count, int(req["length"]))
    else:
        ss.touch(sheet)
        sheet.column_count += int(req["length"])


def delete_dimension(ss: Spreadsheet, req: dict) -> None:
    sheet, dim, start, end = _dimension(ss, req["range"])
    if dim != "ROWS":
        raise sheets_error(501, "fake: deleting columns is not implemented")
    sheet.delete_rows(start, end)


def sort_range(ss: Spreadsheet, req: dict) -> None:
    sheet, r0, r1, _c0, _c1 = _grid(ss, req.get("range") or {})
    specs = [
        (int(s.get("dimensionIndex", 0)), s.get("sortOrder") == "DESCENDING")
        for s in req.get("sortSpecs") or []
    ]
    sheet.sort_rows(r0, r1, specs)


def add_conditional_format_rule(ss: Spreadsheet, req: dict) -> None:
    rule = copy.deepcopy(req.get("rule") or {})
    ranges = rule.get("ranges") or []
    if not ranges:
        raise sheets_error(400, "rule.ranges must not be empty")
    sheet = ss.sheet(sheet_id=int(ranges[0].get("sheetId", 0)))
    ss.touch(sheet)
    for rng in ranges:  # Google echoes ranges without the default sheetId 0
        if not rng.get("sheetId"):
            rng.pop("sheetId", None)
    sheet.conditional_formats.insert(int(req.get("index", len(sheet.conditional_formats))), rule)


def delete_conditional_format_rule(ss: Spreadsheet, req: dict) -> dict:
    sheet = ss.sheet(sheet_id=int(req.get("sheetId", 0)))
    ss.touch(sheet)
    index = int(req.get("index", 0))
    if index >= len(sheet.conditional_formats):
        raise sheets_error(400, f"No conditional format on sheet {sheet.sheet_id} at index {index}")
    rule = sheet.conditional_formats.pop(index)
    return {"deleteConditionalFormatRule": {"rule": rule}}


def set_data_validation(ss: Spreadsheet, req: dict) -> None:
    sheet, r0, r1, c0, c1 = _grid(ss, req.get("range") or {})
    ss.touch(sheet)
    rule = req.get("rule")
    for r in range(r0, r1):
        rid = sheet.row_ids[r]
        for c in range(c0, c1):
            if rule:
                sheet.validations[(rid, c)] = copy.deepcopy(rule)
            else:
                sheet.validations.pop((rid, c), None)


def add_protected_range(ss: Spreadsheet, req: dict) -> dict:
    pr = {k: v for k, v in copy.deepcopy(req.get("protectedRange") or {}).items() if v is not None}
    rng = pr.get("range") or {}
    sheet = ss.sheet(sheet_id=int(rng.get("sheetId", 0)))
    if pr.get("warningOnly") and pr.get("editors"):
        raise sheets_error(400, "You cannot set editors on a protected range that is warning-only.")
    ss.touch(sheet)
    pr["protectedRangeId"] = random.randint(1, 2**31 - 1)
    if not rng.get("sheetId"):
        rng.pop("sheetId", None)
    pr["requestingUserCanEdit"] = True
    reply = {**copy.deepcopy(pr), "editors": {}}
    pr["editors"] = {"users": [ss.actor]}  # Google keeps the creator as an editor
    sheet.protected_ranges.append(pr)
    return {"addProtectedRange": {"protectedRange": reply}}


def delete_protected_range(ss: Spreadsheet, req: dict) -> None:
    wanted = int(req["protectedRangeId"])
    for sheet in ss.sheets:
        for pr in sheet.protected_ranges:
            if pr["protectedRangeId"] == wanted:
                ss.touch(sheet)
                sheet.protected_ranges.remove(pr)
                return
    raise sheets_error(400, f"No protected range with id: {wanted}")


def create_developer_metadata(ss: Spreadsheet, req: dict) -> dict:
    meta = req.get("developerMetadata") or {}
    if not meta.get("metadataKey"):
        raise sheets_error(400, "Developer metadata must always have a key specified.")
    visibility = meta.get("visibility")
    if visibility not in ("DOCUMENT", "PROJECT"):
        raise sheets_error(400, "Developer metadata must always have a visibility specified.")
    mid = (
        int(meta["metadataId"])
        if meta.get("metadataId") is not None
        else random.randint(1, 2**31 - 1)
    )
    if mid <= 0:
        raise sheets_error(400, "metadataId must be positive")
    if mid in ss.metadata:
        raise sheets_error(400, f"Developer metadata with id {mid} already exists.")
    ss.touch()
    ss.metadata[mid] = {
        "key": meta["metadataKey"],
        "value": meta.get("metadataValue"),
        "visibility": visibility,
        "where": _where(ss, meta.get("location") or {}),
    }
    return {"createDeveloperMetadata": {"developerMetadata": ss.metadata_json(mid)}}


def _where(ss: Spreadsheet, location: dict) -> tuple:
    if location.get("spreadsheet"):
        return ("spreadsheet",)
    if "sheetId" in location and "dimensionRange" not in location:
        return ("sheet", ss.sheet(sheet_id=int(location["sheetId"])).sheet_id)
    rng = location.get("dimensionRange")
    if not rng:
        raise sheets_error(400, "Developer metadata location must be set")
    sheet, dim, start, end = _dimension(ss, rng)
    if "startIndex" not in rng or "endIndex" not in rng or end - start != 1:
        raise sheets_error(
            400,
            "The specified DimensionRange must represent a single row or "
            "column. It cannot be unbounded or span multiple rows or columns.",
        )
    if start >= (sheet.row_count if dim == "ROWS" else sheet.column_count):
        raise sheets_error(400, f"Invalid dimension range: index {start} is beyond the sheet")
    if dim == "ROWS":
        return ("row", sheet.sheet_id, sheet.row_ids[start])
    return ("column", sheet.sheet_id, start)


def delete_developer_metadata(ss: Spreadsheet, req: dict) -> dict:
    lookup = (req.get("dataFilter") or {}).get("developerMetadataLookup")
    if lookup is None:
        raise sheets_error(501, "fake: only developerMetadataLookup filters can delete metadata")
    ss.touch()
    deleted = []
    for mid in ss.lookup(lookup):
        deleted.append(ss.metadata_json(mid))
        del ss.metadata[mid]
    return (
        {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": deleted}}
        if deleted
        else {"deleteDeveloperMetadata": {}}
    )


def update_dimension_properties(ss: Spreadsheet, req: dict) -> None:
    sheet, dim, start, end = _dimension(ss, req.get("range") or {})
    ss.touch(sheet)
    props = req.get("properties") or {}
    if dim == "COLUMNS" and "pixelSize" in props:
        for c in range(start, end):
            sheet.column_pixels[c] = int(props["pixelSize"])
    if dim == "ROWS" and "hiddenByUser" in props:
        ids = set(sheet.row_ids[start:end])
        if props["hiddenByUser"]:
            sheet.hidden_rows |= ids
        else:
            sheet.hidden_rows -= ids


def merge_cells(ss: Spreadsheet, req: dict) -> None:
    """Kept as given (values stay where they are, as the API leaves the top-left one shown)."""
    grid = req.get("range") or {}
    sheet = ss.sheet(sheet_id=int(grid.get("sheetId", 0)))
    ss.touch(sheet)
    sheet.merges.append(copy.deepcopy(grid))


def _accepted(ss: Spreadsheet, req: dict) -> None:
    """Cosmetic requests the fake accepts without keeping (borders, resizing)."""


REQUESTS: dict[str, Callable[[Spreadsheet, dict], Any]] = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "updateCells": update_cells,
    "appendCells": append_cells,
    "repeatCell": repeat_cell,
    "insertDimension": insert_dimension,
    "appendDimension": append_dimension,
    "deleteDimension": delete_dimension,
    "sortRange": sort_range,
    "addConditionalFormatRule": add_conditional_format_rule,
    "deleteConditionalFormatRule": delete_conditional_format_rule,
    "setDataValidation": set_data_validation,
    "addProtectedRange": add_protected_range,
    "deleteProtectedRange": delete_protected_range,
    "createDeveloperMetadata": create_developer_metadata,
    "deleteDeveloperMetadata": delete_developer_metadata,
    "updateDimensionProperties": update_dimension_properties,
    "updateBorders": _accepted,
    "mergeCells": merge_cells,
    "autoResizeDimensions": _accepted,
}

# Which need only read access (everything else writes).
# Google's "read requests" (for scopes and for quotas): methods that only retrieve.
READS = {
    "sheets.spreadsheets.get",
    "sheets.spreadsheets.getByDataFilter",
    "sheets.spreadsheets.values.get",
    "sheets.spreadsheets.values.batchGetByDataFilter",
    "sheets.spreadsheets.values.batchGet",
    "sheets.spreadsheets.developerMetadata.get",
    "sheets.spreadsheets.developerMetadata.search",
}

HANDLERS: dict[str, Callable[..., Any]] = {
    "sheets.spreadsheets.get": spreadsheets_get,
    "sheets.spreadsheets.batchUpdate": batch_update,
    "sheets.spreadsheets.values.get": values_get,
    "sheets.spreadsheets.values.batchGet": values_batch_get,
    "sheets.spreadsheets.values.update": values_update,
    "sheets.spreadsheets.values.batchUpdate": values_batch_update,
    "sheets.spreadsheets.values.batchUpdateByDataFilter": values_batch_update_by_data_filter,
    "sheets.spreadsheets.values.append": values_append,
    "sheets.spreadsheets.values.clear": values_clear,
    "sheets.spreadsheets.values.batchClear": values_batch_clear,
    "sheets.spreadsheets.developerMetadata.get": metadata_get,
    "sheets.spreadsheets.developerMetadata.search": metadata_search,
}
