"""The rollup's summary spreadsheet: for each period a tab with one row per plan and a tab with
one row per lead unit across plans, written as carefully as the plans' own sheets.

Usage::

    titles = tab_titles(period)                  # ("Quý III-2024", "Quý III-2024 (đơn vị)")
    snapshot = backend.read([*titles, "Nhật ký"])
    changes = summary_changes(snapshot, tables)  # then runlog.record(changes, snapshot, …)
    backend.apply(changes)                       # one batch, atomic

Each row is found again by its key in the first column — the plan's config path, the unit's
name, ``TỔNG CỘNG`` for the total — so running the rollup of a period again rewrites its rows
where they are now (sorted, moved) and appends rows for plans it had not seen; every write is
guarded by that key, so a row moved between read and write makes the job read again, as on the
plans' sheets. Only the rollup's columns are written, found by their header text: a column
someone added beside them (comments, follow-up) is never touched. Values are written raw. A
plan that could not be read keeps its row, with its figures cleared and the reason in
``Ghi chú``: stale figures would mislead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .cells import Cell, as_text, is_blank, stt_key
from .model import ChangeSet, RowWrite, Snapshot
from .periods import ROMAN, ReportingPeriod
from .rollup import RollupTables
from .text import fold

TOTAL_KEY = "TỔNG CỘNG"


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Mapping[str, Any]], Cell]


def _field(name: str) -> Callable[[Mapping[str, Any]], Cell]:
    return lambda row: _plain(row.get(name))


PLAN_COLUMNS = (
    Column("Mã kế hoạch", _field("key")),
    Column("Xã, phường", _field("commune")),
    Column("Kế hoạch", _field("plan")),
    Column("Tổng số nhiệm vụ", _field("total")),
    Column("Hoàn thành đúng hạn", _field("done_on_time")),
    Column("Hoàn thành quá hạn", _field("done_late")),
    Column("Chưa hoàn thành trong hạn", _field("open_on_time")),
    Column("Chưa hoàn thành quá hạn", _field("open_late")),
    Column("Chưa rõ thời hạn", _field("unknown")),
    Column("Nhiệm vụ đến hạn", _field("due")),
    Column("Tỷ lệ đúng hạn (%)", _field("on_time_rate")),
    Column("Tỷ lệ quá hạn (%)", _field("late_rate")),
    Column("Tỷ lệ đúng hạn kỳ trước (%)", _field("previous_on_time_rate")),
    Column("Nhiệm vụ quá hạn", _field("late_tasks")),
    Column("Số liệu đến ngày", _field("as_of")),
    Column("Ghi chú", _field("note")),
)
UNIT_COLUMNS = (
    Column("Cơ quan chủ trì", _field("unit")),
    Column("Số kế hoạch", _field("plans")),
    *PLAN_COLUMNS[3:12],
)


def tab_titles(period: ReportingPeriod) -> tuple[str, str]:
    """The period's two tabs, short enough for Excel's 31 characters: 'Quý III-2024' and
    'Quý III-2024 (đơn vị)'."""
    name = {
        "quarter": f"Quý {ROMAN[period.index - 1]}",
        "half_year": "6 tháng",
        "nine_months": "9 tháng",
        "year": "Năm",
    }[period.kind]
    title = f"{name}-{period.year}"
    return title, f"{title} (đơn vị)"


def summary_changes(
    snapshot: Snapshot, tables: RollupTables, changes: ChangeSet | None = None
) -> ChangeSet:
    """The writes that put ``tables`` into the period's two tabs, added to ``changes``."""
    plans_title, units_title = tab_titles(tables.period)
    changes = ChangeSet() if changes is None else changes
    total = {**tables.total, "key": TOTAL_KEY, "as_of": tables.as_of}
    total["commune"] = f"{int(total['communes'])} xã, phường"
    total["plan"] = f"{int(total['plans'])} kế hoạch"
    if tables.unread:
        total["note"] = f"{len(tables.unread)} kế hoạch chưa đọc được"
    plan_rows = [total, *tables.plans.to_dict("records")]
    for unread in tables.unread:  # figures left blank (cleared on a row that had them)
        plan_rows.append(
            {
                "key": unread.key,
                "commune": unread.commune,
                "plan": unread.plan,
                "note": f"Không đọc được: {unread.reason}",
            }
        )
    _tab(changes, snapshot, plans_title, PLAN_COLUMNS, plan_rows)
    unit_total = {**total, "unit": TOTAL_KEY}
    _tab(
        changes, snapshot, units_title, UNIT_COLUMNS, [unit_total, *tables.units.to_dict("records")]
    )
    return changes


def _tab(
    changes: ChangeSet,
    snapshot: Snapshot,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
) -> None:
    grid = snapshot.get(title)
    if not grid:  # a new tab (or an empty one): the header, then every row
        if grid is None:
            changes.new_tabs[title] = [c.label for c in columns]
        else:
            changes.appends.append((title, [c.label for c in columns]))
        for row in rows:
            changes.appends.append((title, [_appended(c.value(row)) for c in columns]))
        return
    header = grid[0]
    found = {fold(as_text(v)): i for i, v in enumerate(header) if not is_blank(v)}
    cols, missing = [], {}
    for column in columns:
        col = found.get(fold(column.label))
        if col is None:  # a header someone cleared or renamed: ours goes back after the others
            col = max(len(header), *(c + 1 for c in cols), *(c + 1 for c in missing), 0)
            missing[col] = column.label
        cols.append(col)
    if missing:
        changes.writes.append(RowWrite(title, 0, missing))
    key_col = cols[0]
    where = {
        stt_key(line[key_col]): r
        for r, line in enumerate(grid[1:], start=1)
        if key_col < len(line) and not is_blank(line[key_col])
    }
    for row in rows:
        values = {col: column.value(row) for col, column in zip(cols, columns, strict=True)}
        key = stt_key(values[key_col])
        at = where.get(key)
        if at is None:
            line: list[Cell] = [None] * (max(values) + 1)
            for col, value in values.items():
                line[col] = _appended(value)
            changes.appends.append((title, line))
        else:
            changes.writes.append(RowWrite(title, at, values, anchor_col=key_col, anchor=key))


def _plain(value: Any) -> Cell:
    """A table value as a cell: numbers as Python numbers, missing as '' (which clears)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str | date):
        return value
    if hasattr(value, "item"):  # numpy scalars from pandas
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return ""
    return value


def _appended(value: Cell) -> Cell:
    return None if value == "" else value
