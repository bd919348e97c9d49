"""Run one job once, safely: alone, isolated, and logged one line per event.

Usage (on the demo plan)::

    >>> from sheets_sync.job import registry
    >>> runner = Runner(backend, cfg)
    >>> run = runner.run(registry()["flag"])         # `sheets-sync flag`: as of today
    >>> run.status                                    # "done", "idle", "skipped" or "failed"
    'done'
    >>> runner.run(registry()["flag"], only_if_owed=True).status   # catch-up: nothing owed
    'idle'
    >>> run = runner.run(registry()["flag"], today=date(2024, 10, 15))   # a what-if (--today)
    >>> run.outcome.summary[:39]
    '8 nhiệm vụ (đang thực hiện 3, quá hạn 3'
    >>> runner.run(registry()["flag"], only_if_owed=True).status   # catch-up undoes it
    'done'
    >>> shared = SharedRead()                         # a round: the report uses flag's read
    >>> runner.run(registry()["flag"], shared=shared).status
    'done'
    >>> runner.run(registry()["report"], shared=shared, options={"period": "2024-Q3"}).status
    'done'

* **Alone**: a lock file per job and plan in ``cfg.state_dir`` (see ``lock.py``). A run that
  finds it taken — by this process or another — is skipped with a log line, never queued.
* **Isolated**: whatever the job raises is logged and, where the sheet is reachable, recorded as a
  ``Nhật ký`` row with outcome ``Lỗi`` (only here: jobs raise, the runner records). The runner
  returns instead of raising, so a scheduler goes on to the next job. Only an interrupt (Ctrl-C,
  a second SIGTERM) passes through.
* **Owed**: with ``only_if_owed`` the job's ``owed`` is asked *after* the lock is taken, so two
  processes catching up at once never both do the work.
* **One read a round**: jobs run one after another with the same ``SharedRead`` read the sheet
  once (``flag`` then the reports owed: ``run flag report``, the scheduler's catch-up).
"""

from __future__ import annotations

import hashlib
import logging
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from . import contract, runlog
from .config import Config, ConfigError
from .identity import PlanMismatch
from .job import Context, Job, JobFailed, Outcome, SharedRead
from .lock import job_lock
from .model import Backend, BackendError, ChangeSet
from .report import ReportError
from .sheet import SheetError

log = logging.getLogger("sheets_sync.runner")

Status = Literal["done", "idle", "skipped", "failed"]
# Failures whose message already says what to fix; anything else also gets where it was raised.
EXPLAINED = (JobFailed, BackendError, SheetError, ReportError, ConfigError)
NOTE_LIMIT = 300  # characters of an error message kept in the Nhật ký cell


@dataclass
class Run:
    job: str
    status: Status
    outcome: Outcome | None = None
    error: str = ""  # why it failed or was skipped, one line


class Runner:
    def __init__(self, backend: Backend, cfg: Config, *, state_dir: Path | None = None) -> None:
        self.backend = backend
        self.cfg = cfg
        self.state_dir = state_dir or cfg.state_dir

    def lock_path(self, job: str) -> Path:
        """One lock per job and plan: two plans on one server never block each other."""
        plan = hashlib.sha256(self.backend.describe().encode()).hexdigest()[:12]
        return self.state_dir / f"{job}-{plan}.lock"

    def context(
        self,
        job: str,
        *,
        dry_run: bool = False,
        shared: SharedRead | None = None,
        today: date | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> Context:
        now = datetime.now(self.cfg.zone)
        entry = self.cfg.jobs.get(job)
        scheduled = entry.latest(now) if entry else None
        return Context(
            self.backend,
            self.cfg,
            now,
            dry_run=dry_run,
            scheduled=scheduled,
            shared=shared,
            today=today,
            options=dict(options or {}),
        )

    def run(
        self,
        job: Job,
        *,
        only_if_owed: bool = False,
        dry_run: bool = False,
        shared: SharedRead | None = None,
        today: date | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> Run:
        """Run ``job`` once; jobs run one after another with the same ``shared`` read once.
        ``today`` and ``options`` reach the job as given on the command line."""
        ctx = self.context(job.name, dry_run=dry_run, shared=shared, today=today, options=options)
        if dry_run:  # writes nothing, so it needs no lock and leaves no Nhật ký row
            return self._attempt(job, ctx, only_if_owed)
        try:
            with job_lock(self.lock_path(job.name)) as lock:
                if not lock.held:
                    holder = lock.holder or "lock held"
                    log.info("%s: skipped, already running (%s)", job.name, holder)
                    return Run(job.name, "skipped", error=f"already running ({holder})")
                return self._attempt(job, ctx, only_if_owed)
        except OSError as exc:  # the lock folder is missing rights or space: say which
            path = self.lock_path(job.name)
            message = (
                f"Không dùng được tệp khóa {path} ({exc.strerror or exc}) — kiểm tra quyền ghi "
                f"thư mục {path.parent}, hoặc chọn thư mục khác bằng --state-dir hoặc "
                f"[scheduler] state_dir. (Cannot use the lock file {path}.)"
            )
            log.error("%s: failed: %s", job.name, message)
            return Run(job.name, "failed", error=message)

    def _attempt(self, job: Job, ctx: Context, only_if_owed: bool) -> Run:
        started = time.perf_counter()
        try:
            if only_if_owed:
                owed = job.owed(ctx)
                if not owed:
                    log.debug("%s: nothing owed", job.name)
                    return Run(job.name, "idle")
                log.info("%s: catching up (%s)", job.name, ", ".join(owed))
            else:
                log.info("%s: started%s", job.name, " (dry run)" if ctx.dry_run else "")
            outcome = job.perform(ctx)
        except Exception as exc:
            message = describe_failure(exc)
            log.error("%s: failed: %s", job.name, message)
            # A config of another plan writes nothing into this plan's sheet, not even this.
            if not ctx.dry_run and not isinstance(exc, PlanMismatch):
                self._record_failure(job.name, _note(exc, message), ctx.now)
            return Run(job.name, "failed", error=message)
        except BaseException:
            log.warning("%s: abandoned on interrupt; its writes are all-or-nothing", job.name)
            raise
        log.info("%s: done in %.1fs: %s", job.name, time.perf_counter() - started, outcome.summary)
        return Run(job.name, "done", outcome)

    def _record_failure(self, job: str, message: str, now: datetime) -> None:
        """A ``Nhật ký`` row for the failure, if the sheet can be reached at all."""
        try:
            snapshot = self.backend.read([self.cfg.sheet.tab_title(contract.LOG)])
            changes = ChangeSet()
            runlog.record(
                changes, snapshot, self.cfg, job=job, outcome=runlog.FAILED, counts=message, now=now
            )
            self.backend.apply(changes)
        except Exception as exc:
            log.warning(
                "%s: could not record the failure in Nhật ký: %s", job, describe_failure(exc)
            )


def describe_failure(exc: BaseException) -> str:
    """One line: the message, and for an unexpected error its type and where it was raised."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, EXPLAINED):
        return text
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in reversed(frames))
    return (
        f"{type(exc).__name__}: {text} (at {where})" if where else f"{type(exc).__name__}: {text}"
    )


def _note(exc: Exception, message: str) -> str:
    """The failure as officers read it in ``Nhật ký``: explained errors are Vietnamese already."""
    if isinstance(exc, EXPLAINED):
        return message[:NOTE_LIMIT]
    return f"Lỗi ngoài dự kiến — báo quản trị viên xem nhật ký máy chủ. ({message})"[:NOTE_LIMIT]
