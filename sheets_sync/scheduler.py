"""The long-running scheduler behind ``sheets-sync serve``.

Usage::

    scheduler = Scheduler(Runner(backend, cfg), registry(), cfg)
    scheduler.serve()                  # returns after SIGTERM or SIGINT

* **Times**: each ``[jobs.NAME] at = ["06:30"]`` becomes a daily run on the ``schedule`` package,
  in the plan's time zone (``[plan] timezone``), whatever zone the server's clock is in.
* **Catch-up**: on start, and every ``[scheduler] check_minutes``, each job is asked what it owes
  — a report for a closed period with no document, a daily run that a downtime missed — and does
  exactly that. A job that failed is left to its next time, or to catch-up after
  ``retry_minutes``, so a broken sheet is not hammered every few minutes. A job found to owe
  nothing is not asked again until the plan's day or its last ``at`` time changes: on Google
  each question is a read, and 144 ticks a day would cost more requests than the jobs.
* **Isolation**: a job's failure is logged (and recorded in ``Nhật ký``) by the runner; the loop
  goes on to the next job.
* **Stopping**: SIGTERM or SIGINT while idle stops at once. During a job, the job finishes first
  (its writes are one atomic publish or apply) and the loop stops after it; a second signal
  abandons it at once, which is just as safe.

Tests drive the loop through ``sleep=``, a function that moves a fake clock instead of waiting.
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

import schedule

from .config import Config, ConfigError
from .job import Job, SharedRead
from .runner import Run, Runner

log = logging.getLogger("sheets_sync.scheduler")

MAX_IDLE = 60.0  # seconds: wake at least this often, so a clock that jumped is noticed soon
SIGNALS = (signal.SIGTERM, signal.SIGINT)


class _Stop(BaseException):
    """Raised by the signal handler to end a sleep (or, on a second signal, a job) at once."""


class Scheduler:
    def __init__(
        self,
        runner: Runner,
        jobs: Mapping[str, Job],
        cfg: Config,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not cfg.jobs:
            raise ConfigError(
                'không có công việc nào để chạy: thêm ví dụ [jobs.flag] với at = ["06:30"] '
                '(no jobs to serve: add e.g. [jobs.flag] with at = ["06:30"])'
            )
        unknown = sorted(set(cfg.jobs) - set(jobs))
        if unknown:
            there = ", ".join(jobs)
            raise ConfigError(
                f"jobs.{unknown[0]}: không có công việc này (có: {there}) "
                f"(no such job; there are: {there})"
            )
        self.runner = runner
        self.cfg = cfg
        self.jobs = {name: jobs[name] for name in cfg.jobs}  # in config order
        self.unserved = sorted(set(jobs) - set(cfg.jobs))
        self._sleep = sleep
        self._schedule = schedule.Scheduler()
        for name, entry in cfg.jobs.items():
            for at in entry.at:
                self._schedule.every().day.at(at, cfg.plan.timezone).do(self._timed, name).tag(name)
        self._schedule.every(cfg.scheduler.check_minutes).minutes.do(self.catch_up).tag("catch-up")
        self._failed_at: dict[str, datetime] = {}
        self._settled: dict[str, tuple[datetime | None, date]] = {}  # owed nothing, as of when
        self.stop_requested = False
        self._signal = ""
        self._busy = False
        self._idle = False

    # --- what runs when --------------------------------------------------------------------

    def catch_up(self) -> None:
        """Let every job do what it owes, skipping jobs that failed less than retry_minutes ago.
        Jobs owing work in the same round share one read of the sheet (``SharedRead``)."""
        retry = timedelta(minutes=self.cfg.scheduler.retry_minutes)
        shared = SharedRead()
        for name, job in self.jobs.items():
            if self.stop_requested:
                return
            failed_at = self._failed_at.get(name)
            if failed_at is not None and datetime.now(self.cfg.zone) < failed_at + retry:
                log.debug("%s: failed at %s; catch-up waits to retry", name, failed_at)
                continue
            if self._settled.get(name) == self._settled_key(name):
                log.debug("%s: owed nothing earlier today; not asked again", name)
                continue
            if self._run(job, only_if_owed=True, shared=shared).status == "idle":
                self._settled[name] = self._settled_key(name)  # after the run: it took the lock

    def _settled_key(self, name: str) -> tuple[datetime | None, date, int]:
        """What an answer of "nothing owed" holds for: a success logged for the last ``at``
        time stays logged, a period closes only when the day changes, and nobody else has run
        the job since (a run by hand, a what-if written with ``flag --today … --write``, takes
        the job's lock file, which changes its time stamp; this costs a ``stat``, not a read of
        the sheet). (A report deleted by hand is written again the next day, or at the
        report's next time.)"""
        now = datetime.now(self.cfg.zone)
        return self.cfg.jobs[name].latest(now), now.date(), self._lock_stamp(name)

    def _lock_stamp(self, name: str) -> int:
        try:
            return self.runner.lock_path(name).stat().st_mtime_ns
        except OSError:
            return 0

    def _timed(self, name: str) -> None:
        if not self.stop_requested:
            self._run(self.jobs[name], only_if_owed=False)

    def _run(self, job: Job, *, only_if_owed: bool, shared: SharedRead | None = None) -> Run:
        self._busy = True
        try:
            run = self.runner.run(job, only_if_owed=only_if_owed, shared=shared)
        finally:
            self._busy = False
        if run.status == "failed":
            self._failed_at[job.name] = datetime.now(self.cfg.zone)
        elif run.status in ("done", "idle"):
            self._failed_at.pop(job.name, None)
        return run

    def next_runs(self) -> dict[str, datetime]:
        """When each job next runs at one of its times, in the plan's time zone."""
        runs: dict[str, datetime] = {}
        for entry in self._schedule.jobs:
            (name,) = entry.tags
            # schedule keeps naive times in the process's local zone; astimezone() reads them so.
            when = entry.next_run.astimezone(self.cfg.zone)
            runs[name] = min(runs.get(name, when), when)
        return runs

    # --- the loop --------------------------------------------------------------------------

    def serve(self) -> None:
        """Catch up, then run jobs at their times until SIGTERM or SIGINT."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in SIGNALS}
        try:
            self._announce()
            self.catch_up()
            while not self.stop_requested:
                self._schedule.run_pending()
                self._wait(self._seconds_to_next())
        except _Stop:
            pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        log.info("stopped%s", f" on {self._signal}" if self._signal else "")

    def stop(self) -> None:
        """Stop after the running job, if any (what the first SIGTERM does)."""
        self.stop_requested = True

    def _announce(self) -> None:
        times = "; ".join(
            f"{name} at {', '.join(entry.at) or 'catch-up only'}"
            for name, entry in self.cfg.jobs.items()
        )
        log.info(
            "serving %s: %s (%s); catch-up every %d min; locks in %s",
            self.runner.backend.describe(),
            times,
            self.cfg.plan.timezone,
            self.cfg.scheduler.check_minutes,
            self.runner.state_dir,
        )
        nexts = ", ".join(
            f"{name} {when:%Y-%m-%d %H:%M}" for name, when in self.next_runs().items()
        )
        log.info("next runs (plan time): %s", nexts)
        for name in self.unserved:
            log.info("%s: no [jobs.%s] entry in the config, so not served", name, name)

    def _seconds_to_next(self) -> float:
        idle = self._schedule.idle_seconds
        return max(0.0, min(MAX_IDLE, idle if idle is not None else MAX_IDLE))

    def _wait(self, seconds: float) -> None:
        self._idle = True
        try:
            if not self.stop_requested:
                self._sleep(seconds)
        finally:
            self._idle = False

    def _on_signal(self, signum: int, frame: object) -> None:
        self._signal = signal.Signals(signum).name
        if self._idle or (self.stop_requested and self._busy):
            raise _Stop
        self.stop_requested = True  # finish the running job, then leave the loop
