"""Daily job: write each task's due date, status and note back into the sheet.

Usage (on the demo plan; the runner calls ``perform``)::

    >>> from jobs import flag
    >>> result = flag.run(backend, cfg, today=date(2024, 10, 15))
    >>> result.statuses[contract.Status.OVERDUE], result.cells_written
    (3, 24)

One read of the three tabs (and the job's hidden ledger), pure evaluation, one write of the
job-owned cells plus the run-log row. If the sheet changes between read and write (an officer
sorting rows), the job reads again. A job cell an officer typed over is put back with a note
that quotes what was typed (``sheets_sync.ledger``), and the run-log row lists it. Given a
``SharedRead``, it also reads the ``Danh mục`` tab and keeps what it read there, so the reports
due in the same round need no read of their own.

For the scheduler, ``perform(ctx)`` runs it and ``owed(ctx)`` says whether the last configured
time passed with no successful run in ``Nhật ký`` (the server was down, the sheet unreachable).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sheets_sync import contract, ledger, runlog
from sheets_sync.changes import flag_changes, job_columns, shown_cells
from sheets_sync.config import Config
from sheets_sync.job import Context, JobFailed, Outcome, SharedRead, without_log_values
from sheets_sync.memory import collector_paused
from sheets_sync.model import Backend, SheetChanged
from sheets_sync.sheet import Plan, Problem, SheetError, read_plan
from sheets_sync.status import Evaluation, evaluate_plan

log = logging.getLogger("sheets_sync.flag")
ATTEMPTS = 3  # reads before giving up on a sheet that keeps changing under us
RESTORED_LISTED = 5  # typed-over cells quoted in the Nhật ký row; the rest are counted


@dataclass
class FlagResult:
    today: date
    evaluations: list[Evaluation]
    problems: list[Problem]
    cells_written: int
    changes: list[str] = field(default_factory=list)  # readable lines (filled on --dry-run)
    dry_run: bool = False
    restored: list[ledger.TypedOver] = field(default_factory=list)  # typed over, put back
    empty: str = ""  # why there is nothing to judge, when the task table has no task

    @property
    def statuses(self) -> Counter[contract.Status]:
        return Counter(e.status for e in self.evaluations)

    def summary(self) -> str:
        will = "sẽ " if self.dry_run else ""  # a dry run changed nothing: say what it would
        problems = f"{len(self.problems)} lỗi dữ liệu"
        if self.empty:
            return f"{self.empty}; {problems}" if self.problems else self.empty
        counts = ", ".join(
            f"{s.value.lower()} {n}"
            for s, n in sorted(
                self.statuses.items(), key=lambda i: list(contract.Status).index(i[0])
            )
        )
        line = (
            f"{len(self.evaluations)} nhiệm vụ ({counts}); {self.cells_written} ô {will}cập nhật; "
            f"{problems}"
        )
        if self.restored:
            shown = ", ".join(t.describe() for t in self.restored[:RESTORED_LISTED])
            more = len(self.restored) - RESTORED_LISTED
            tail = f" và {more} ô khác" if more > 0 else ""
            line += (
                f"; {will}khôi phục {len(self.restored)} ô do máy ghi mà cán bộ đã sửa: "
                f"{shown}{tail}"
            )
        return line


def _nothing_to_judge(plan: Plan, cfg: Config) -> str:
    """Why a plan without tasks has no statuses, and what stray rows say, in one sentence."""
    tasks = cfg.sheet.tab_title(contract.TASKS)
    line = (
        f"Trang '{tasks}' chưa có nhiệm vụ nào dưới dòng tiêu đề (dòng "
        f"{plan.task_header.row + 1}): chưa có gì để đánh giá — nhập các nhiệm vụ của kế hoạch"
    )
    progress = cfg.sheet.tab_title(contract.PROGRESS)
    column = plan.progress_header.col("task") if plan.progress_header else None
    orphans = sum(1 for p in plan.problems if p.tab == progress and p.col == column)
    if orphans:
        line += f"; {orphans} dòng ở trang '{progress}' ghi STT của nhiệm vụ không có"
    return line


def _what_if_note(today: date) -> str:
    """The line a what-if adds to every note, so no officer takes its statuses for the day's
    (when it ran is in ``Nhật ký``)."""
    return (
        f"Chạy thử với ngày {today:%d/%m/%Y}: trạng thái này không phải của ngày chạy — lần "
        f"chạy tiếp theo sẽ tính lại."
    )


@collector_paused()  # a run builds a large snapshot and drops it whole
def run(
    backend: Backend,
    cfg: Config,
    *,
    today: date | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    shared: SharedRead | None = None,
    what_if: bool = False,
) -> FlagResult:
    """Judge the plan as of ``today`` and write the job's cells. A ``what_if`` (``today`` is not
    the day of the run) says so at the end of every note and in ``Nhật ký`` (outcome
    ``Chạy thử``), so it never passes for the day's run: catch-up puts the day's statuses back."""
    now = now or datetime.now(cfg.zone)
    today = today or now.date()
    tabs = [*(cfg.sheet.tab_title(t) for t in contract.TABS), ledger.TITLE, contract.IDENTITY_TITLE]
    if shared is not None:
        tabs.extend(contract.REPORT_TABS)  # what the reports of the round need besides
    tried: dict[str, set[str]] = {}  # what attempts that met a moving sheet wrote
    for attempt in range(1, ATTEMPTS + 1):
        snapshot = backend.read(tabs)
        try:
            plan = read_plan(snapshot, cfg)
        except SheetError as exc:
            raise JobFailed(str(exc)) from None
        snapshot = without_log_values(snapshot, cfg)
        evaluations = evaluate_plan(
            plan, today, cfg.status.due_soon_days, calendar=cfg.status.calendar
        )
        if what_if and not dry_run:
            marked = _what_if_note(today)
            evaluations = [replace(e, note=f"{e.note}\n{marked}") for e in evaluations]
        book = ledger.read(snapshot)
        columns = job_columns(plan.task_header, cfg)[0]
        grid = snapshot[cfg.sheet.tab_title(contract.TASKS)]
        typed = ledger.typed_over(book, grid, plan, evaluations, columns, tried)
        # A dry run shows the officers' cells it would change, not the job's own bookkeeping.
        remember = None if dry_run else book
        changes = flag_changes(snapshot, plan, evaluations, cfg, ledger=remember, typed=typed)
        if plan.tasks:  # the task-number dropdown must offer every task, added ones too
            changes.reach[cfg.sheet.tab_title(contract.TASKS)] = max(t.row for t in plan.tasks) + 1
        written = sum(len(w.cells) for w in changes.writes if w.tab != ledger.TITLE)
        result = FlagResult(
            today, evaluations, plan.problems, written, dry_run=dry_run, restored=typed
        )
        if not plan.tasks:
            result.empty = _nothing_to_judge(plan, cfg)
            log.warning("nothing to judge: %s", result.empty)
        for problem in plan.problems:
            log.warning("data problem: %s", problem)
        for cell in typed:
            log.warning(
                "job cell %s!%s was typed over (%r): put back with a note",
                cfg.sheet.tab_title(contract.TASKS),
                cell.ref,
                cell.text[:80],
            )
        if dry_run:
            result.changes = changes.describe(shown_cells(snapshot, changes))
            if shared is not None:
                shared.keep(snapshot, plan)
            return result
        day = f"Tính thử cho ngày {today:%d/%m/%Y}" if what_if else f"Ngày {today:%d/%m/%Y}"
        runlog.record(
            changes,
            snapshot,
            cfg,
            job="flag",
            outcome=runlog.WHAT_IF if what_if else runlog.OK,
            counts=f"{day}: {result.summary()}",
            now=now,
        )
        try:
            backend.apply(changes, snapshot.version)
        except SheetChanged as exc:
            log.info(
                "sheet changed during the run (%s); reading again (%d/%d)", exc, attempt, ATTEMPTS
            )
            title = cfg.sheet.tab_title(contract.TASKS)
            for key, fps in ledger.attempted(changes, columns, title).items():
                tried.setdefault(key, set()).update(fps)
            continue
        if shared is not None:
            shared.keep(snapshot, plan)
        return result
    raise JobFailed(
        f"Bảng tính thay đổi liên tục trong lúc chạy ({ATTEMPTS} lần) — chạy lại sau ít phút. "
        f"(The sheet kept changing during the run.)"
    )


def perform(ctx: Context) -> Outcome:
    """Judge the plan as of ``ctx.day``; a day other than the run's is a what-if."""
    result = run(
        ctx.backend,
        ctx.cfg,
        today=ctx.day,
        dry_run=ctx.dry_run,
        now=ctx.now,
        shared=ctx.shared,
        what_if=ctx.day != ctx.now.date(),
    )
    return Outcome(result.summary(), result.changes)


def owed(ctx: Context) -> list[str]:
    """What ``Nhật ký`` says is owed: a what-if's statuses left in the sheet since the last
    real run (they are put back at once), or the configured time that passed without a
    successful run."""
    snapshot = ctx.backend.read([ctx.cfg.sheet.tab_title(contract.LOG)])
    last = runlog.latest(snapshot, ctx.cfg, "flag", (runlog.OK, runlog.WHAT_IF))
    if last is not None and last[1] == runlog.WHAT_IF:
        return [f"the what-if of {last[0]:%d/%m/%Y %H:%M} is still in the sheet"]
    if ctx.scheduled is None:
        return []
    if last is not None and last[0].replace(tzinfo=ctx.now.tzinfo) >= ctx.scheduled:
        return []
    return [f"{ctx.scheduled:%d/%m/%Y %H:%M}"]
