"""The local backend as it was before issue 7: openpyxl reads, and writes by full load and save.

    backend = OpenpyxlBackend("plan.xlsx")
    jobs.flag.run(backend, cfg, today=date(2024, 10, 15))

Kept for two uses only: ``bench_local`` runs the same jobs on it side by side with the current
backend, and the ``tests/test_xlsx_*`` property tests use ``apply_with_openpyxl`` as the oracle
of what a change set should do to a workbook. It is not product code: nothing in
``sheets_sync`` imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.backends.local.workbook import NOTE_AUTHOR, LocalBackend, save_atomically, set_raw
from sheets_sync.cells import stt_key
from sheets_sync.model import ChangeSet, Grid, SheetChanged, Snapshot


class OpenpyxlBackend(LocalBackend):
    """``LocalBackend`` with the openpyxl read and write paths of before."""

    def read(self, tabs: Sequence[str]) -> Snapshot:
        version = self.version()
        wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        try:
            grids = {t: _values(wb[t]) for t in tabs if t in wb.sheetnames}
        finally:
            wb.close()
        return Snapshot(grids, version)

    def apply(self, changes: ChangeSet, expected_version: str | None = None) -> None:
        self._refuse_if_open()
        if expected_version is not None and self.version() != expected_version:
            raise SheetChanged(f"{self.path} changed since it was read")
        wb = openpyxl.load_workbook(self.path)
        apply_with_openpyxl(wb, changes)
        save_atomically(wb, self.path)


def apply_with_openpyxl(wb: openpyxl.Workbook, changes: ChangeSet) -> None:
    """Make ``changes`` in a loaded workbook, as the old backend did."""
    for title, header in changes.new_tabs.items():
        if title not in wb.sheetnames:
            ws = wb.create_sheet(title)
            ws.append(header)
            ws.freeze_panes = "A2"
    for write in changes.writes:
        ws = wb[write.tab]
        if write.anchor is not None and write.anchor_col is not None:
            found = stt_key(ws.cell(write.row + 1, write.anchor_col + 1).value)
            if found != write.anchor:
                raise SheetChanged(f"{write.tab} row {write.row + 1}: expected {write.anchor!r}")
        for col, value in write.cells.items():
            set_raw(ws.cell(write.row + 1, col + 1), value)
    for fill in changes.fills:
        ws = wb[fill.tab]
        ws.cell(fill.row + 1, fill.col + 1).fill = PatternFill("solid", fgColor=fill.rgb)
    for title in changes.note_tabs:
        _replace_notes(wb[title], [n for n in changes.notes if n.tab == title])
    for title, row in changes.appends:
        ws = wb[title]
        target = _last_row(ws) + 1
        for col, value in enumerate(row, start=1):
            set_raw(ws.cell(target, col), value)


def _values(ws: Worksheet) -> Grid:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


def _last_row(ws: Worksheet) -> int:
    for r in range(ws.max_row, 0, -1):
        if any(c.value is not None for c in ws[r]):
            return r
    return 0


def _replace_notes(ws: Worksheet, notes: Sequence) -> None:
    wanted = {(n.row + 1, n.col + 1): n.text for n in notes}
    for row in ws.iter_rows():
        for cell in row:
            ours = cell.comment is not None and cell.comment.author == NOTE_AUTHOR
            if ours and (cell.row, cell.column) not in wanted:
                cell.comment = None
    for (r, c), text in wanted.items():
        cell = ws.cell(r, c)
        if cell.comment is not None and cell.comment.author != NOTE_AUTHOR:
            continue
        comment = Comment(text, NOTE_AUTHOR)
        comment.width, comment.height = 300, 90
        cell.comment = comment


def read_grid(path: Path, tab: str) -> Grid:
    """One tab's values as openpyxl reads them (read-only, cached formula results)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return _values(wb[tab])
    finally:
        wb.close()
