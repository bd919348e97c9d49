"""One case of the messy corpus on one backend: both jobs run, then every expectation checked.

Usage::

    result = run_case(case, LocalPlan(tmp_path, cfg, fresh(case)))
    result.problems     # [] when the run kept every promise of the case
    result.lost         # officer cells the run changed: must be 0
    result.notes        # Vietnamese notes the run left in the sheet
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from jobs import flag, report
from sheets_sync import contract, runlog
from sheets_sync.cells import as_text, stt_key
from sheets_sync.config import Config
from sheets_sync.job import JobFailed
from sheets_sync.sheet import SheetError, find_header, labels_for, read_plan
from tests.messy.corpus import (
    LOG,
    PERIOD,
    TASKS,
    TODAY,
    Blank,
    Case,
    Logged,
    Note,
    Shows,
    cell_index,
)

NOW = datetime(2024, 10, 15, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
NOTE_READABLE = 5_000  # characters: a note longer than this is no longer a note


@dataclass
class CaseResult:
    problems: list[str] = field(default_factory=list)
    lost: int = 0
    notes: int = 0
    stopped: bool = False


def run_case(case: Case, plan) -> CaseResult:
    result = CaseResult()
    cfg = plan.cfg
    if case.book.typed_later:  # a first run fills the job columns, then officers type
        flag.run(plan.backend, cfg, today=TODAY, now=NOW)
        for (tab, ref), value in case.book.typed_later.items():
            plan.type(tab, ref, value)
    before, formulas = plan.officer_cells(), plan.formulas()
    failures = _run_both_jobs(plan, cfg)
    after = plan.officer_cells()
    result.lost = sum(1 for k, v in before.items() if after.get(k) != v)
    # A tab the report job created (Báo cáo, for the office's words) holds no officer's cell.
    tabs = {k[0] for k in before}
    result.lost += sum(1 for k in after if k not in before and k[0] in tabs)
    if result.lost:
        result.problems.append(f"{result.lost} officer cells changed")
    if plan.formulas() != formulas:
        result.problems.append("a value was written back as a formula")
    if case.stops:
        result.stopped = True
        _check_stop(result, case, failures, plan)
        return result
    if failures:
        result.problems.append(f"the run stopped: {failures}")
        return result
    if len(plan.documents()) != 2:  # the report, and the office's notes beside it
        result.problems.append(f"documents: {plan.documents()}")
    if _last_log_outcome(plan, cfg) != runlog.OK:
        result.problems.append("no successful Nhật ký row")
    tasks = plan.values(TASKS)
    result.notes = _count_notes(plan, tasks, cfg)
    for expectation in case.expect:
        result.problems += check(expectation, plan, tasks, cfg)
    result.problems += _silent_statuses(tasks, cfg)
    return result


def _check_stop(result: CaseResult, case: Case, failures: list[str], plan) -> None:
    if len(failures) != 2:
        result.problems.append(f"both jobs must stop, got {failures}")
    for message in failures:
        missing = [f for f in case.stops.says if f not in message]
        if missing:
            result.problems.append(f"the stop message lacks {missing}: {message}")
    if plan.documents():
        result.problems.append("a stopped report made a document")


def _run_both_jobs(plan, cfg: Config) -> list[str]:
    failures = []
    for run in (
        lambda: flag.run(plan.backend, cfg, today=TODAY, now=NOW),
        lambda: report.run(plan.backend, cfg, period=PERIOD, today=TODAY, now=NOW),
    ):
        try:
            run()
        except JobFailed as exc:
            failures.append(str(exc))
    return failures


def _last_log_outcome(plan, cfg: Config) -> str:
    grid = plan.values(LOG)
    header = find_header(grid, contract.LOG, labels_for(cfg, contract.LOG), LOG)
    return as_text(grid[-1][header.columns["outcome"]])


def _log_counts(plan, cfg: Config, job: str) -> list[object]:
    grid = plan.values(LOG)
    header = find_header(grid, contract.LOG, labels_for(cfg, contract.LOG), LOG)
    col = header.columns
    return [r[col["counts"]] for r in grid[header.row + 1 :] if as_text(r[col["job"]]) == job]


def _silent_statuses(tasks: list[list[object]], cfg: Config) -> list[str]:
    """Every status the run wrote must come with a note saying why."""
    columns, header_row = _columns(tasks, cfg)
    return [
        f"row {r + 1}: status {as_text(_cell(tasks, r, columns['status']))!r} without a note"
        for r in range(header_row + 1, len(tasks))
        if as_text(_cell(tasks, r, columns["status"]))
        and not as_text(_cell(tasks, r, columns["note"]))
    ]


def _columns(tasks: list[list[object]], cfg: Config) -> tuple[dict[str, int], int]:
    header = find_header(tasks, contract.TASKS, labels_for(cfg, contract.TASKS), TASKS)
    return dict(header.columns), header.row


def _cell(grid: list[list[object]], r: int, c: int) -> object:
    return grid[r][c] if r < len(grid) and c < len(grid[r]) else None


def _count_notes(plan, tasks: list[list[object]], cfg: Config) -> int:
    """The problems the run noted: in task notes, and as notes on Tiến độ cells."""
    try:
        return len(read_plan(plan.backend.read([TASKS, "Tiến độ"]), cfg).problems)
    except SheetError:
        return 0


def check(expectation, plan, tasks: list[list[object]], cfg: Config) -> list[str]:
    """What is wrong with the sheet against one expectation of a case ([] if nothing)."""
    columns, header_row = _columns(tasks, cfg)
    if isinstance(expectation, Shows):
        rows = [
            r
            for r in range(header_row + 1, len(tasks))
            if stt_key(_cell(tasks, r, columns["stt"])) == stt_key(expectation.stt)
        ]
        if len(rows) != 1:
            return [f"task {expectation.stt!r} found {len(rows)} times"]
        status = as_text(_cell(tasks, rows[0], columns["status"]))
        note = as_text(_cell(tasks, rows[0], columns["note"]))
        if status != expectation.status.value or expectation.says not in note:
            return [f"task {expectation.stt}: {status!r} / {note!r}, wanted {expectation}"]
        return []
    if isinstance(expectation, Note) and expectation.tab == TASKS:
        r, _ = cell_index(expectation.cell)
        note = as_text(_cell(tasks, r, columns["note"]))
        wrong = [f for f in (expectation.cell, *expectation.says) if f not in note]
        if wrong or len(note) > NOTE_READABLE:
            return [f"the note of row {r + 1} lacks {wrong}: {note[:300]!r}"]
        return []
    if isinstance(expectation, Note):
        note = plan.job_note(expectation.tab, expectation.cell)
        if note is None:
            return [f"no note on {expectation.tab}!{expectation.cell}"]
        wrong = [f for f in expectation.says if f not in note]
        return [f"the note on {expectation.cell} lacks {wrong}: {note!r}"] if wrong else []
    if isinstance(expectation, Logged):
        said = [as_text(c) for c in _log_counts(plan, cfg, expectation.job)]
        if not any(all(f in line for f in expectation.says) for line in said):
            return [f"no {expectation.job} row in Nhật ký says {expectation.says}: {said}"]
        return []
    if isinstance(expectation, Blank):
        r, c = cell_index(expectation.cell)
        value = _cell(tasks, r, c)
        return [] if value in (None, "") else [f"{expectation.cell} holds {value!r}"]
    return [f"unchecked expectation {expectation!r}"]
