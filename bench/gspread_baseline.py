"""BASELINE, not product code: the flag job written the ways people write it with gspread today.

Usage (``bench/bench_google.py`` runs both against the fake Google server)::

    gc = gspread.service_account(filename="key.json")
    flag_per_cell(gc, "1AbC…", cfg, today)           # get_all_records, then update_cell per row
    flag_with_dataframe(gc, "1AbC…", cfg, today)     # gspread-dataframe: one read, one block write

Both decide each task's status with this project's own rules (``sheet.read_plan`` and
``status.evaluate_plan`` on the values they read), so that the comparison is about talking to
Google, not about the rules. What differs is the I/O, written as in the tutorials and the
Stack Overflow answers such scripts come from:

* ``flag_per_cell``: ``open_by_key``, ``worksheet()`` per tab, ``get_all_records`` per tab, then
  one ``update_cell`` for every row whose status changed. It writes only the status (not the
  due date and note that ``flag`` also writes), so its request count is a lower bound;
* ``flag_with_dataframe``: ``get_as_dataframe`` per tab, then ``set_with_dataframe`` of the
  three job columns as one block: few requests, but it rewrites every job cell by position
  (a row an officer moved meanwhile gets another task's status), sends values as
  ``USER_ENTERED`` (text typed as ``=…`` becomes a formula), and writes no notes or colours.

Neither writes a ``Nhật ký`` row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import gspread
from gspread_dataframe import get_as_dataframe, set_with_dataframe

from sheets_sync.config import Config
from sheets_sync.model import Snapshot
from sheets_sync.sheet import read_plan
from sheets_sync.status import Evaluation, evaluate_plan

TASKS, PROGRESS = "Nhiệm vụ", "Tiến độ"
TASK_HEADER_ROW = 3  # 1-based: title and legend rows above it, as ``sheets-sync init`` lays out
STATUS, DUE, NOTE = "Trạng thái", "Hạn (tự động)", "Ghi chú tự động"


def flag_per_cell(gc: gspread.Client, key: str, cfg: Config, today: date) -> int:
    """Read with ``get_all_records``, write with ``update_cell``; return the cells written."""
    sh = gc.open_by_key(key)
    tasks_ws = sh.worksheet(TASKS)
    progress_ws = sh.worksheet(PROGRESS)
    tasks = tasks_ws.get_all_records(head=TASK_HEADER_ROW)
    progress = progress_ws.get_all_records()
    header = list(tasks[0]) if tasks else []
    status_col = header.index(STATUS) + 1
    written = 0
    for ev in _evaluate(_records_grid(tasks), _records_grid(progress), cfg, today):
        record = tasks[ev.task.row - 1]  # grid row 0 is the header
        if record[STATUS] != ev.status.value:
            tasks_ws.update_cell(TASK_HEADER_ROW + ev.task.row, status_col, ev.status.value)
            written += 1
    return written


def flag_with_dataframe(gc: gspread.Client, key: str, cfg: Config, today: date) -> int:
    """Read with ``get_as_dataframe``, write the job columns with ``set_with_dataframe``."""
    sh = gc.open_by_key(key)
    tasks_ws = sh.worksheet(TASKS)
    progress_ws = sh.worksheet(PROGRESS)
    tasks = get_as_dataframe(tasks_ws, skiprows=TASK_HEADER_ROW - 1, evaluate_formulas=True)
    progress = get_as_dataframe(progress_ws, evaluate_formulas=True)
    # Blank rows stand for the skipped title rows, so the notes name the sheet's own cells.
    above = [[] for _ in range(TASK_HEADER_ROW - 1)]
    evaluations = _evaluate([*above, *_frame_grid(tasks)], _frame_grid(progress), cfg, today)
    out = tasks[[DUE, STATUS, NOTE]].astype(object)
    for ev in evaluations:
        out.iloc[ev.task.row - TASK_HEADER_ROW] = [
            f"{ev.due:%d/%m/%Y}" if ev.due else "",
            ev.status.value,
            ev.note,
        ]
    set_with_dataframe(
        tasks_ws,
        out,
        row=TASK_HEADER_ROW + 1,
        col=tasks.columns.get_loc(DUE) + 1,
        include_column_header=False,
    )
    return out.size


def _evaluate(
    task_grid: list[list[object]], progress_grid: list[list[object]], cfg: Config, today: date
) -> list[Evaluation]:
    plan = read_plan(Snapshot({TASKS: task_grid, PROGRESS: progress_grid}), cfg)
    return evaluate_plan(plan, today, cfg.status.due_soon_days, calendar=cfg.status.calendar)


def _records_grid(records: Sequence[Mapping[str, object]]) -> list[list[object]]:
    """Records back into rows under their header (row numbers then match the records)."""
    if not records:
        return []
    return [list(records[0]), *([v for v in r.values()] for r in records)]


def _frame_grid(frame) -> list[list[object]]:
    """A DataFrame back into rows under its header, blanks (NaN) as None."""
    values = frame.astype(object).where(frame.notna(), None).values.tolist()
    return [[str(c) for c in frame.columns], *values]
