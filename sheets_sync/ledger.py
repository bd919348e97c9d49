"""What the jobs last wrote into each task's job-owned cells, kept in a hidden tab of their own.

Usage (what ``flag`` does, on the demo plan after a first run and an officer's typing)::

    >>> from datetime import datetime
    >>> from sheets_sync.changes import flag_changes, job_columns
    >>> from sheets_sync.job import Context, registry
    >>> from sheets_sync.sheet import read_plan
    >>> from sheets_sync.status import evaluate_plan
    >>> first = Context(backend, cfg, datetime.now(cfg.zone), today=date(2024, 10, 15))
    >>> _ = registry()["flag"].perform(first)                 # remembers what it wrote
    >>> backend.apply(ChangeSet(writes=[RowWrite("Nhiệm vụ", 5, {8: "Đã xong"})]))  # I6
    >>> snapshot = backend.read(["Nhiệm vụ", "Tiến độ", TITLE])
    >>> plan = read_plan(snapshot, cfg)
    >>> evaluations = evaluate_plan(plan, date(2024, 10, 15), due_soon_days=14)
    >>> book = read(snapshot)                            # the hidden tab, read with the rest
    >>> columns = job_columns(plan.task_header, cfg)[0]
    >>> typed = typed_over(book, snapshot["Nhiệm vụ"], plan, evaluations, columns)
    >>> typed[0].ref, typed[0].text                      # an officer typed there
    ('I6', 'Đã xong')
    >>> changes = flag_changes(snapshot, plan, evaluations, cfg, ledger=book, typed=typed)

A job-owned cell (``Hạn (tự động)``, ``Trạng thái``, ``Ghi chú tự động``) may differ from what the
job wants today for two reasons: the situation changed (a due date passed), or an officer typed
over it ("Đã xong" in the status, to mark a task done). Only the second deserves a word: the job
puts its value back and says, in the note, what the officer typed and what to do instead —
instead of silently overwriting it every morning while the officer types it again.

To tell them apart the job remembers what it wrote: tab ``_sheets_sync`` (hidden, protected) has
one row per task number with a short fingerprint of each job cell as last written. It is read in
the same snapshot as the plan and written in the same batch as the cells, so the two never
disagree after a crash: on Google, existing rows go in the same values request as the cells, and
a row that could not be added yet only means no detection for that task on the next run. A cell
whose fingerprint differs from the one remembered was typed by someone else. Without a
remembered row (the first run, a new task, a duplicated task number) nothing is reported: the
job never blames an officer for what it cannot prove.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from . import contract
from .cells import Cell, CellError, a1, as_date, as_text, is_blank, stt_key
from .model import ChangeSet, RowWrite, Snapshot
from .sheet import Plan, Task
from .status import Evaluation
from .text import quote, storable

TITLE = contract.MEMORY_TITLE
KEYS = tuple(c.key for c in contract.TASKS.job_columns)  # the tab's columns after STT
HEADER = ["STT", *(c.label for c in contract.TASKS.job_columns)]

# What to do instead of typing in a job-owned cell, by column.
INSTEAD = {
    "due": "để đổi hạn, sửa cột Thời gian thực hiện",
    "status": "để đánh dấu hoàn thành, ghi ngày vào cột Ngày hoàn thành",
    "note": "ghi chú của cán bộ xin ghi vào một cột khác",
}


@dataclass
class Ledger:
    present: bool  # the tab exists
    rows: dict[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)  # key -> row, fps
    free: list[int] = field(default_factory=list)  # rows whose task number was cleared

    def remembered(self, key: str) -> tuple[str, ...] | None:
        entry = self.rows.get(key)
        return entry[1] if entry else None


@dataclass(frozen=True, slots=True)
class TypedOver:
    """A job-owned cell that holds something the job did not write."""

    task: Task
    column: str  # "due", "status" or "note"
    ref: str  # A1 of the cell
    text: str  # what it holds now, as text ("" if it was emptied)

    def describe(self) -> str:
        return f"{self.ref} {quote(self.text)}" if self.text else f"{self.ref} (xóa trống)"


def fingerprint(column: str, value: Cell) -> str:
    """A short digest of a job cell's content, the same however a backend hands it back."""
    return hashlib.sha256(_canonical(column, value).encode()).hexdigest()[:12]


def _canonical(column: str, value: Cell) -> str:
    if column == "due" and not is_blank(value):
        try:
            day = as_date(value, 2000)
        except CellError:
            day = None
        if day is not None:
            return day.isoformat()
    # As the cell can hold it: an .xlsx drops control characters and keeps 32,767 characters.
    return storable(as_text(value).replace("\r\n", "\n"))


def read(snapshot: Snapshot) -> Ledger:
    """The remembered fingerprints, by task number (rows of a repeated number are ignored)."""
    if TITLE not in snapshot:
        return Ledger(present=False)
    grid = snapshot[TITLE]
    ledger = Ledger(present=True)
    keys = Counter(stt_key(row[0]) for row in grid[1:] if row)
    for r, row in enumerate(grid[1:], start=1):
        key = stt_key(row[0]) if row else ""
        if not key:
            ledger.free.append(r)
        elif keys[key] == 1:
            fps = tuple(as_text(row[i + 1]) if i + 1 < len(row) else "" for i in range(len(KEYS)))
            ledger.rows[key] = (r, fps)
    return ledger


def typed_over(
    ledger: Ledger,
    grid: Sequence[Sequence[Cell]],
    plan: Plan,
    evaluations: Sequence[Evaluation],
    columns: Mapping[str, int],
    tried: Mapping[str, set[str]] | None = None,
) -> list[TypedOver]:
    """Job cells whose content is not what the job last wrote there (nor what it wants now).

    ``tried`` holds the fingerprints of what an attempt of this run wrote before the sheet
    moved under it (on Google a row written by position can get another task's values until
    the next attempt): those were the job's own doing, not an officer's.
    """
    tried = tried or {}
    unique = unique_keys(plan.tasks)
    found: list[TypedOver] = []
    for ev in evaluations:
        task = ev.task
        remembered = ledger.remembered(task.key) if task.key in unique else None
        if remembered is None:
            continue
        row = grid[task.row]
        wanted = ev.job_cells
        for i, key in enumerate(KEYS):
            shown = row[columns[key]] if columns[key] < len(row) else None
            if fingerprint(key, shown) == remembered[i]:
                continue
            if fingerprint(key, shown) == fingerprint(key, wanted[key]):
                continue  # typed, but exactly what the job writes: nothing to put back
            if fingerprint(key, shown) in tried.get(key, ()):
                continue  # written by an earlier attempt of this run, on a row that moved
            found.append(TypedOver(task, key, a1(task.row, columns[key]), _as_typed(key, shown)))
    return found


def _as_typed(column: str, value: Cell) -> str:
    """What an officer sees in the cell: a date typed in the due column reads as a date (Google
    hands it over as a serial number)."""
    if column == "due" and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return as_text(as_date(value, 2000))
        except CellError:
            pass
    return as_text(value)


def restore_note(note: str, typed: Sequence[TypedOver]) -> str:
    """The task's note, with a line per job cell that is put back, quoting what was there."""
    lines = [
        f"Ô {t.ref} do máy ghi; nội dung cán bộ nhập {quote(t.text)} đã được thay — "
        f"{INSTEAD[t.column]}"
        for t in typed
        if t.text
    ]
    return "\n".join(filter(None, [note, *lines]))


def record(
    changes: ChangeSet,
    ledger: Ledger,
    written: Mapping[str, Mapping[str, Cell]],
) -> None:
    """Remember ``written`` (task key -> job cells as they will be after this run) in the batch.

    Rows change only where a fingerprint does; tasks that are gone free their rows.
    """
    if not ledger.present:
        changes.new_tabs[TITLE] = list(HEADER)
        changes.hidden_tabs = (*changes.hidden_tabs, TITLE)
    free = list(ledger.free)
    # Rows are written by position, unguarded: nobody edits this hidden, protected tab, and a
    # guard on the STT column would fail on the rows whose STT the write itself changes.
    for key, cells in written.items():
        fps = tuple(fingerprint(k, cells.get(k)) for k in KEYS)
        entry = ledger.rows.get(key)
        if entry is not None:
            if entry[1] != fps:
                values = {i + 1: fp for i, fp in enumerate(fps)}
                changes.writes.append(RowWrite(TITLE, entry[0], values))
        elif free:
            values = {0: key, **{i + 1: fp for i, fp in enumerate(fps)}}
            changes.writes.append(RowWrite(TITLE, free.pop(0), values))
        else:
            changes.appends.append((TITLE, [key, *fps]))
    for key, (row, _) in ledger.rows.items():
        if key not in written:
            changes.writes.append(RowWrite(TITLE, row, dict.fromkeys(range(len(KEYS) + 1))))


def attempted(changes: ChangeSet, columns: Mapping[str, int], title: str) -> dict[str, set[str]]:
    """Fingerprints of the job cells a change set writes into tab ``title``, by column key."""
    keys = {col: key for key, col in columns.items()}
    found: dict[str, set[str]] = {}
    for write in changes.writes:
        if write.tab != title:
            continue
        for col, value in write.cells.items():
            if col in keys:
                found.setdefault(keys[col], set()).add(fingerprint(keys[col], value))
    return found


def unique_keys(tasks: Sequence[Task]) -> set[str]:
    """Task numbers used by exactly one task: the only ones the ledger can speak for."""
    counts = Counter(t.key for t in tasks if t.key)
    return {k for k, n in counts.items() if n == 1}
