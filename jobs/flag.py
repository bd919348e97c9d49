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
from dataclasses import dataclass, field
from datetime import date, datetime

from sheets_sync import contract, ledger, runlog
from sheets_sync.changes import flag_changes, job_columns, shown_cells
from sheets_sync.config import Config
from sheets_sync.job import Context, JobFailed, Outcome, SharedRead, without_log_values
from sheets_sync.memory import collector_paused
from sheets_sync.model import Backend, SheetChanged
from sheets_sync.sheet import Problem, SheetError, read_plan
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

    @property
    def statuses(self) -> Counter[contract.Status]:
        return Counter(e.status for e in self.evaluations)

    def summary(self) -> str:
        counts = ", ".join(
            f"{s.value.lower()} {n}"
            for s, n in sorted(
                self.statuses.items(), key=lambda i: list(contract.Status).index(i[0])
            )
        )
        line = (
            f"{len(self.evaluations)} nhiệm vụ ({counts}); {self.cells_written} ô cập nhật; "
            f"{len(self.problems)} lỗi dữ liệu"
        )
        if self.restored:
            shown = ", ".join(t.describe() for t in self.restored[:RESTORED_LISTED])
            more = len(self.restored) - RESTORED_LISTED
            tail = f" và {more} ô khác" if more > 0 else ""
            line += f"; khôi phục {len(self.restored)} ô do máy ghi mà cán bộ đã sửa: {shown}{tail}"
        return line


@collector_paused()  # a run builds a large snapshot and drops it whole
def run(
    backend: Backend,
    cfg: Config,
    *,
    today: date | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    shared: SharedRead | None = None,
) -> FlagResult:
    now = now or datetime.now(cfg.zone)
    today = today or now.date()
    tabs = [*(cfg.sheet.tab_title(t) for t in contract.TABS), ledger.TITLE]
    if shared is not None:
        tabs.append(contract.LISTS_TITLE)  # what the reports of the round need besides
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
        book = ledger.read(snapshot)
        columns = job_columns(plan.task_header, cfg)[0]
        grid = snapshot[cfg.sheet.tab_title(contract.TASKS)]
        typed = ledger.typed_over(book, grid, plan, evaluations, columns, tried)
        # A dry run shows the officers' cells it would change, not the job's own bookkeeping.
        remember = None if dry_run else book
        changes = flag_changes(snapshot, plan, evaluations, cfg, ledger=remember, typed=typed)
        written = sum(len(w.cells) for w in changes.writes if w.tab != ledger.TITLE)
        result = FlagResult(
            today, evaluations, plan.problems, written, dry_run=dry_run, restored=typed
        )
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
        runlog.record(
            changes,
            snapshot,
            cfg,
            job="flag",
            outcome=runlog.OK,
            counts=f"Ngày {today:%d/%m/%Y}: {result.summary()}",
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
        log.info("flag done as of %s: %s", today.isoformat(), result.summary())
        if shared is not None:
            shared.keep(snapshot, plan)
        return result
    raise JobFailed(
        f"Bảng tính thay đổi liên tục trong lúc chạy ({ATTEMPTS} lần) — chạy lại sau ít phút. "
        f"(The sheet kept changing during the run.)"
    )


def perform(ctx: Context) -> Outcome:
    result = run(
        ctx.backend, ctx.cfg, today=ctx.day, dry_run=ctx.dry_run, now=ctx.now, shared=ctx.shared
    )
    return Outcome(result.summary(), result.changes)


def owed(ctx: Context) -> list[str]:
    """The configured time that passed without a successful run, if any (from ``Nhật ký``)."""
    if ctx.scheduled is None:
        return []
    snapshot = ctx.backend.read([ctx.cfg.sheet.tab_title(contract.LOG)])
    last = runlog.last_success(snapshot, ctx.cfg, "flag")
    if last is not None and last.replace(tzinfo=ctx.now.tzinfo) >= ctx.scheduled:
        return []
    return [f"{ctx.scheduled:%d/%m/%Y %H:%M}"]
