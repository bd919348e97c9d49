"""What a job writes, computed as a difference between the sheet and what it should show.

Usage (on the demo plan)::

    >>> from sheets_sync import runlog
    >>> from sheets_sync.sheet import read_plan
    >>> from sheets_sync.status import evaluate_plan
    >>> snapshot = backend.read(["Nhiệm vụ", "Tiến độ", "Nhật ký"])
    >>> plan = read_plan(snapshot, cfg)
    >>> evaluations = evaluate_plan(plan, date(2024, 10, 15), due_soon_days=14)
    >>> changes = flag_changes(snapshot, plan, evaluations, cfg)
    >>> changes.writes[0].cells[8]  # I4: task 1's status (H4 its due date, J4 its note)
    'Đang thực hiện'
    >>> runlog.record(changes, snapshot, cfg, job="flag", outcome=runlog.OK, counts="8 nhiệm vụ")
    >>> backend.apply(changes, snapshot.version)     # one write

Only job-owned cells are ever written: ``Hạn (tự động)``, ``Trạng thái``, ``Ghi chú tự động``
(added at the end of the header if an officer deleted them), the status fill colour, notes on
cells the job could not read, rows appended to ``Nhật ký``, and the job's own hidden tab (see
``ledger``). Unchanged cells are left alone. A job cell an officer typed over is put back, and
the task's note quotes what was typed and says what to do instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from . import contract
from . import ledger as ledger_tab
from .cells import Cell, CellError, as_date, as_text, stt_key
from .config import Config
from .model import CellNote, ChangeSet, Fill, RowWrite, Snapshot
from .sheet import Header, Plan
from .status import Evaluation

NOTE_LIMIT = 5_000  # characters of a task's note: every problem fits, a pasted book does not


def job_columns(header: Header, cfg: Config) -> tuple[dict[str, int], dict[int, str]]:
    """Column of each job-owned key, and the header cells to add for those that are missing."""
    columns: dict[str, int] = {}
    added: dict[int, str] = {}
    next_col = header.width
    for column in contract.TASKS.job_columns:
        found = header.col(column.key)
        if found is None:
            found = next_col
            added[found] = cfg.sheet.label(contract.TASKS, column.key)
            next_col += 1
        columns[column.key] = found
    return columns, added


def flag_changes(
    snapshot: Snapshot,
    plan: Plan,
    evaluations: Sequence[Evaluation],
    cfg: Config,
    *,
    ledger: ledger_tab.Ledger | None = None,
    typed: Sequence[ledger_tab.TypedOver] = (),
) -> ChangeSet:
    """The writes that make the job-owned columns show ``evaluations``.

    With a ``ledger`` (what the job last wrote), the cells ``typed`` over by officers get the
    note that says so, and the ledger is brought up to date in the same change set.
    """
    title = cfg.sheet.tab_title(contract.TASKS)
    grid = snapshot[title]
    columns, added = job_columns(plan.task_header, cfg)
    changes = ChangeSet()
    stt_col = plan.task_header.col("stt")
    if added:  # guarded like task rows: the header's own STT label must still be there
        label = stt_key(_at(grid[plan.task_header.row], stt_col))
        changes.writes.append(RowWrite(title, plan.task_header.row, added, stt_col, label))
    typed_by_row: dict[int, list[ledger_tab.TypedOver]] = {}
    for t in typed:
        typed_by_row.setdefault(t.task.row, []).append(t)
    remembered = ledger_tab.unique_keys(plan.tasks) if ledger is not None else set()
    written: dict[str, dict[str, Cell]] = {}
    for ev in evaluations:
        note = ledger_tab.restore_note(ev.note, typed_by_row.get(ev.task.row, ()))
        wanted = {**ev.job_cells, "note": _clip(note)}
        if ev.task.key in remembered:
            written[ev.task.key] = wanted
        row = grid[ev.task.row]
        cells = {columns[k]: v for k, v in wanted.items() if not _same(k, _at(row, columns[k]), v)}
        if cells:
            changes.writes.append(RowWrite(title, ev.task.row, cells, stt_col, ev.task.key))
        changes.fills.append(
            Fill(
                title,
                ev.task.row,
                columns["status"],
                contract.STATUS_COLOURS[ev.status],
                ev.status.value,
            )
        )
    for r in plan.stale_rows:
        cells = {c: None for c in columns.values() if _norm(_at(grid[r], c))}
        changes.writes.append(RowWrite(title, r, cells, stt_col, ""))
    if ledger is not None:
        ledger_tab.record(changes, ledger, written)
    progress_title = cfg.sheet.tab_title(contract.PROGRESS)
    if progress_title in snapshot:
        changes.note_tabs = (progress_title,)
        changes.notes = [
            CellNote(p.tab, p.row, p.col, p.message)
            for p in plan.problems
            if p.tab == progress_title and p.row is not None and p.col is not None
        ]
    return changes


def shown_cells(snapshot: Snapshot, changes: ChangeSet) -> dict[tuple[str, int, int], Cell]:
    """The current values of the cells a change set writes, for a readable dry run."""
    return {
        (w.tab, w.row, c): _at(snapshot[w.tab][w.row], c) if w.tab in snapshot else None
        for w in changes.writes
        for c in w.cells
    }


def _at(row: Sequence[Cell], col: int) -> Cell:
    return row[col] if col < len(row) else None


def _same(key: str, shown: Cell, wanted: Cell) -> bool:
    """Does the sheet already show this? Dates compare as dates, text without spacing noise."""
    if key == "due" and isinstance(wanted, date):
        try:
            return as_date(shown, wanted.year) == wanted
        except CellError:
            return False
    return _norm(shown) == _norm(wanted)


def _norm(value: Cell) -> str:
    return as_text(value).replace("\r\n", "\n")


def _clip(note: str) -> str:
    return note if len(note) <= NOTE_LIMIT else note[: NOTE_LIMIT - 1] + "…"
