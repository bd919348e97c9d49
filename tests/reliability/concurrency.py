"""Officers editing the plan while ``flag`` runs, replayed by seed, on both backends.

Usage::

    result = run_edits("google", seed=4)
    result.edits       # ["sort by column C descending", "type 'Đã xong' over I9", ...]
    result.problems    # [] when every status landed on its own task

The demo plan is flagged once (yesterday), then today's run meets one to three officer edits at
random moments: on Google just before a random request of the run (``FakeGoogle.before``); on
the local backend right after a random read, saved as Excel or LibreOffice would save it. The
edits: insert a blank row, add a task, sort the tasks by a column, delete a task, type over a
job cell ('Đã xong' over a status, a date over a due date), change a timeframe, clear a task's
own cells (its job cells are then stale).

Checked: no officer cell changed by the job (against the sheet right after the last edit);
every task row shows the due date, status and note computed for its own task, or what it showed
before the run (a row the run could not know about); and a second run, with nobody editing,
shows every task exactly its own evaluation — a typed-over job cell put back with a note.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import openpyxl

from jobs import flag
from sheets_sync import contract
from sheets_sync.backends.google.http_client import RetryPolicy
from sheets_sync.backends.local.workbook import LocalBackend, set_raw
from sheets_sync.cells import a1, as_text, to_serial
from sheets_sync.changes import job_columns
from sheets_sync.config import Config, load
from sheets_sync.model import Snapshot
from sheets_sync.sheet import read_plan
from sheets_sync.status import evaluate_plan
from tests.fake_google import FakeGoogle
from tests.fake_google.sheets import Sheet
from tests.reliability.crashes import LocalSite
from tests.reliability.day import NOW, Plan

YESTERDAY, TODAY = date(2024, 10, 14), date(2024, 10, 15)
TASKS = "Nhiệm vụ"
KINDS = ("blank row", "new task", "sort", "delete", "type status", "type due", "timeframe", "clear")


@dataclass
class Result:
    backend: str
    seed: int
    edits: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # the kind of each edit, for the figures
    misplaced: int = 0
    lost: int = 0
    problems: list[str] = field(default_factory=list)


# --- what the sheet should show ------------------------------------------------------------------


def expected(snapshot: Snapshot, cfg: Config, today: date) -> dict[str, tuple]:
    """(due, status, note) of each task as the job computes them from this sheet."""
    plan = read_plan(snapshot, cfg)
    evaluations = evaluate_plan(plan, today, cfg.status.due_soon_days)
    return {e.task.key: (_day(e.due), e.status.value, e.note) for e in evaluations}


def shown(snapshot: Snapshot, cfg: Config) -> dict[int, tuple[str, tuple]]:
    """Row -> (task key, (due, status, note) shown) for every task row of the sheet."""
    plan = read_plan(snapshot, cfg)
    columns = job_columns(plan.task_header, cfg)[0]
    grid = snapshot[TASKS]
    out = {}
    for task in plan.tasks:
        row = grid[task.row]
        cells = [row[columns[k]] if columns[k] < len(row) else None for k in ("due", "status")]
        note = row[columns["note"]] if columns["note"] < len(row) else None
        out[task.row] = (task.key, (_day(cells[0]), as_text(cells[1]), as_text(note)))
    return out


def _day(value: object) -> str:
    from sheets_sync.cells import CellError, as_date

    try:
        day = as_date(value, 2024)
    except CellError:
        return as_text(value)
    return day.isoformat() if day else ""


def check_landing(result: Result, after: dict, want: dict, allowed: dict[str, list]) -> None:
    """Each row shows its own task's values, or what the task showed before the run or right
    after an officer's edit (typed in the run's last second, after the job's write)."""
    for key, triple in after.values():
        if not key:
            continue  # a task without a number cannot be told apart from another
        if triple in (want.get(key), ("", "", "")) or triple in allowed.get(key, []):
            continue
        if triple[:2] == want.get(key, ())[:2] and "do máy ghi" in triple[2]:
            continue  # a typed-over cell put back: the note says so
        result.misplaced += 1
        result.problems.append(f"task {key} shows {triple[:2]}, computed {want.get(key, ())[:2]}")


def check_blame(result: Result, after: dict, typed: set[str]) -> None:
    """A note saying an officer typed over a job cell only where one did."""
    for key, triple in after.values():
        if "do máy ghi" in triple[2] and key not in typed:
            result.problems.append(f"task {key}: a note blames an officer nobody was")


def check_converged(result: Result, after: dict, want: dict) -> None:
    """The second run: every task exactly its own evaluation (plus a put-back note)."""
    for key, triple in after.values():
        mine = want.get(key)
        if mine is None or not key:
            continue  # no number: nothing to compare with
        if triple[:2] != mine[:2] or not triple[2].startswith(mine[2]):
            result.problems.append(f"after a quiet run task {key} shows {triple}, not {mine}")


# --- edits ---------------------------------------------------------------------------------------


class Officers:
    """Random edits on a grid model, applied by a backend-specific ``apply``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.typed: set[str] = set()  # tasks whose job cells an officer typed over
        self.kind = ""  # of the last edit

    def pick(self, grid: list[list[object]], cfg: Config) -> tuple[str, tuple]:
        plan = read_plan(Snapshot({TASKS: grid, cfg.sheet.tab_title(contract.PROGRESS): []}), cfg)
        header = plan.task_header
        rows = [t.row for t in plan.tasks]
        kind = self.kind = self.rng.choice(KINDS)
        row = self.rng.choice(rows)
        cols = job_columns(header, cfg)[0]
        if kind == "blank row":
            return f"insert a blank row at {row + 1}", ("insert", row, {})
        if kind == "new task":
            stt = 100 + self.rng.randint(0, 99)
            values = {header.col("stt"): stt, header.col("task"): "Nhiệm vụ mới"}
            values[header.col("timeframe")] = self.rng.choice(["Quý IV/2024", "Tháng 9/2024"])
            return f"add task {stt} at row {row + 1}", ("insert", row, values)
        if kind == "sort":
            col = self.rng.choice([header.col("stt"), header.col("timeframe"), header.col("lead")])
            down = self.rng.random() < 0.5
            return f"sort the tasks by column {a1(0, col)[:-1]}", ("sort", rows, col, down)
        if kind == "delete":
            return f"delete row {row + 1}", ("delete", row)
        if kind in ("type status", "type due"):
            col = cols["status" if kind == "type status" else "due"]
            value = "Đã xong" if kind == "type status" else date(2024, 12, 1)
            self.typed.add(next(t.key for t in plan.tasks if t.row == row))
            return f"type {value!r} over {a1(row, col)}", ("set", row, {col: value})
        if kind == "timeframe":
            col = header.col("timeframe")
            return f"retype the timeframe in {a1(row, col)}", ("set", row, {col: "Tháng 11/2024"})
        officer = [header.col(c.key) for c in contract.TASKS.columns if c.owner == "officer"]
        cleared = {c: None for c in officer if c is not None}
        return f"clear the task in row {row + 1}", ("set", row, cleared)


def _sort_key(value: object) -> tuple:
    if value is None or value == "":
        return (2, "")
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value).lower())


# --- Google ---------------------------------------------------------------------------------------


def _apply_fake(sheet: Sheet, edit: tuple) -> None:
    action = edit[0]
    if action == "insert":
        _, row, values = edit
        sheet.insert_rows(row)
        for c, v in values.items():
            sheet.set(row, c, v)
    elif action == "sort":
        _, rows, col, down = edit
        sheet.sort_rows(min(rows), max(rows) + 1, [(col, down)])
    elif action == "delete":
        sheet.delete_rows(edit[1], edit[1] + 1)
    else:
        _, row, values = edit
        for c, v in values.items():
            sheet.set(row, c, to_serial(v) if isinstance(v, date) else v)


def _google(seed: int, folder: Path) -> Result:
    from tests.reliability.day import officer_cells

    result = Result("google", seed)
    rng = random.Random(f"edits:google:{seed}")
    fake = FakeGoogle().start()
    try:
        plan = Plan.on(fake, folder)
        backend = plan.backend(RetryPolicy(timeout=30, deadline=60, sleep=lambda s: None))
        flag.run(backend, plan.cfg, today=YESTERDAY, now=NOW)
        (book,) = fake.spreadsheets.values()
        sheet = book.sheet(title=TASKS)
        allowed = _shown_by_key(backend.read([TASKS, "Tiến độ"]), plan.cfg)
        officers = Officers(rng)
        marks = {"after": None, "officers": officers}

        def edit() -> None:
            grid = sheet.values(0, sheet.row_count, 0, 30, "UNFORMATTED_VALUE", "SERIAL_NUMBER")
            text, action = officers.pick(grid, plan.cfg)
            result.edits.append(text)
            result.kinds.append(officers.kind)
            _apply_fake(sheet, action)
            marks["after"] = officer_cells(fake)
            # inside the fake's own request: look at its grid, not through another request
            grid = sheet.values(0, sheet.row_count, 0, 30, "UNFORMATTED_VALUE", "SERIAL_NUMBER")
            progress = plan.cfg.sheet.tab_title(contract.PROGRESS)
            _merge(allowed, _shown_by_key(Snapshot({TASKS: grid, progress: []}), plan.cfg))

        moments = sorted(rng.sample(range(4), rng.randint(1, 3)))  # a run makes 4 requests
        _schedule(fake, moments, edit)
        flag.run(backend, plan.cfg, today=TODAY, now=NOW)
        _finish(result, backend, plan.cfg, allowed, lambda: officer_cells(fake), marks)
    finally:
        fake.stop()
    return result


def _schedule(fake: FakeGoogle, moments: list[int], edit: Callable[[], None]) -> None:
    """Run ``edit`` just before the Sheets requests numbered ``moments`` (0 = the first)."""
    fake.edits.clear()
    seen = iter(range(10**6))
    chosen = set(moments)

    def due(request) -> bool:
        return request.api == "sheets" and next(seen) in chosen

    fake.before(due, edit, times=len(moments))


def _shown_by_key(snapshot: Snapshot, cfg: Config) -> dict[str, list]:
    return {key: [triple] for key, triple in shown(snapshot, cfg).values()}


def _merge(allowed: dict[str, list], more: dict[str, list]) -> None:
    for key, triples in more.items():
        allowed.setdefault(key, []).extend(triples)


def _finish(result: Result, backend, cfg: Config, allowed, officers_now, marks) -> None:
    snapshot = backend.read([TASKS, "Tiến độ"])
    if marks["after"] is not None:
        result.lost = _lost(marks["after"], officers_now())
    check_landing(result, shown(snapshot, cfg), expected(snapshot, cfg, TODAY), allowed)
    check_blame(result, shown(snapshot, cfg), marks["officers"].typed)
    flag.run(backend, cfg, today=TODAY, now=NOW)  # nobody edits now
    snapshot = backend.read([TASKS, "Tiến độ"])
    check_converged(result, shown(snapshot, cfg), expected(snapshot, cfg, TODAY))
    if result.lost:
        result.problems.append(f"{result.lost} officer cells changed by the job")


def _lost(before: dict, after: dict) -> int:
    tabs = {k[0] for k in before}  # a tab the job created holds no officer's cell
    return sum(1 for k, v in before.items() if after.get(k) != v) + sum(
        1 for k in after if k not in before and k[0] in tabs
    )


# --- the local backend ---------------------------------------------------------------------------


class OfficersSaving(LocalBackend):
    """The local backend, while an officer saves edits to the workbook right after some reads
    (as Excel or LibreOffice would: the whole file, written again)."""

    def __init__(self, path: Path, out: Path, edit_after: dict[int, Callable[[], None]]) -> None:
        super().__init__(path, out)
        self.reads = 0
        self.edit_after = edit_after

    def read(self, tabs):
        snapshot = super().read(tabs)
        self.reads += 1
        edit = self.edit_after.pop(self.reads, None)
        if edit is not None:
            edit()
        return snapshot


def _apply_xlsx(path: Path, edit: tuple) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[TASKS]
    action = edit[0]
    if action == "insert":
        _, row, values = edit
        ws.insert_rows(row + 1)
        for c, v in values.items():
            set_raw(ws.cell(row + 1, c + 1), v)
    elif action == "sort":
        _, rows, col, down = edit
        first, last = min(rows) + 1, max(rows) + 1
        block = [[c.value for c in ws[r]] for r in range(first, last + 1)]
        block.sort(key=lambda r: _sort_key(r[col] if col < len(r) else None), reverse=down)
        for r, values in enumerate(block, start=first):
            for c, v in enumerate(values, start=1):
                ws.cell(r, c).value = v
    elif action == "delete":
        ws.delete_rows(edit[1] + 1)
    else:
        _, row, values = edit
        for c, v in values.items():
            set_raw(ws.cell(row + 1, c + 1), v)
    wb.save(path)


def _local(seed: int, folder: Path) -> Result:
    result = Result("local", seed)
    rng = random.Random(f"edits:local:{seed}")
    site = LocalSite.make(folder)
    cfg = load(None)
    flag.run(LocalBackend(site.workbook, site.out), cfg, today=YESTERDAY, now=NOW)
    plain = LocalBackend(site.workbook, site.out)
    allowed = _shown_by_key(plain.read([TASKS, "Tiến độ"]), cfg)
    officers = Officers(rng)
    marks = {"after": None, "officers": officers}

    def edit() -> None:
        grid = plain.read([TASKS])[TASKS]
        text, action = officers.pick(grid, cfg)
        result.edits.append(text)
        result.kinds.append(officers.kind)
        _apply_xlsx(site.workbook, action)
        marks["after"] = site.officer_cells()
        _merge(allowed, _shown_by_key(plain.read([TASKS, "Tiến độ"]), cfg))

    reads = [1, 2] if rng.random() < 0.5 else [1]  # after the first read, maybe the second
    backend = OfficersSaving(site.workbook, site.out, dict.fromkeys(reads, edit))
    flag.run(backend, cfg, today=TODAY, now=NOW)
    _finish(result, plain, cfg, allowed, site.officer_cells, marks)
    return result


def run_edits(backend: str, seed: int) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        runner = _google if backend == "google" else _local
        return runner(seed, Path(folder))
