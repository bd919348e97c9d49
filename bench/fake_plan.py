"""The synthetic plans of ``bench.synthetic`` as spreadsheets in the fake Google server.

Usage::

    fake = FakeGoogle().start()
    book = fake_plan(fake, grids, owner=OFFICER, share={SA_EMAIL: "writer"})

The values are those of the .xlsx that ``plan_workbook`` writes, typed the way the Sheets UI
stores them: numbers as numbers, text as text, dates as serial numbers with a ``dd/mm/yyyy``
format. Each tab is sized as a sheet trimmed to its data (a few spare rows, no spare columns),
which is what lets the largest plan (100,000 tasks, 1,000,000 progress rows: 8 million cells)
fit under Google's 10-million-cell limit per spreadsheet.

The rows are put straight into the fake's grids rather than cell by cell through the API: the
benchmark measures the jobs, not the filling.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sheets_sync.cells import to_serial
from tests.fake_google import FakeGoogle
from tests.fake_google.sheets import Sheet, Spreadsheet

DATE_FORMAT = {"type": "DATE", "pattern": "dd/mm/yyyy"}
SPARE_ROWS = 100
GOOGLE_CELL_LIMIT = 10_000_000  # per spreadsheet, all tabs' grids together


def fake_plan(
    fake: FakeGoogle,
    grids: Mapping[str, Sequence[Sequence[object]]],
    *,
    owner: str,
    share: Mapping[str, str],
    title: str = "Kế hoạch tổng hợp",
) -> Spreadsheet:
    """A spreadsheet holding ``grids`` (tab title -> rows), shared as ``share`` says."""
    book = fake.create_spreadsheet(title, owner, share=dict(share))
    for i, (tab, rows) in enumerate(grids.items()):
        width = max(len(r) for r in rows)
        if i == 0:
            sheet = book.sheets[0]
            sheet.title = tab
        else:
            sheet = book.add_sheet(tab, rows=1, cols=width)
        _fill(sheet, rows, width)
    cells = sum(s.row_count * s.column_count for s in book.sheets)
    if cells > GOOGLE_CELL_LIMIT:
        raise ValueError(f"{cells:,} cells: more than Google allows in one spreadsheet")
    return book


def _fill(sheet: Sheet, rows: Sequence[Sequence[object]], width: int) -> None:
    book = sheet.book
    sheet.cells = [[] for _ in range(len(rows) + SPARE_ROWS)]
    sheet.row_ids = [book.new_row_id() for _ in sheet.cells]
    sheet.column_count = width
    book.moved(sheet)
    for r, row in enumerate(rows):
        values: list[object] = []
        for c, value in enumerate(row):
            if isinstance(value, date):
                # Each cell its own dict: the fake edits formats in place.
                sheet.formats[(sheet.row_ids[r], c)] = {"numberFormat": dict(DATE_FORMAT)}
                value = to_serial(value)
            values.append(None if value == "" else value)
        while values and values[-1] is None:
            values.pop()
        sheet.cells[r] = values
