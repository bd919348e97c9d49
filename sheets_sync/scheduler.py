"""The long-running scheduler behind ``sheets-sync serve``: one plan, or a folder of plans.

Usage::

    scheduler = Scheduler(Runner(backend, cfg), registry())           # serve --config …
    scheduler = Scheduler.of_folder(PlanFolder(plans_dir), registry(), workers=4)  # --plans DIR
    scheduler.serve()                  # returns after SIGTERM or SIGINT

* **Times**: each ``[jobs.NAME] at = ["06:30"]`` of each plan becomes a daily run on the
  ``schedule`` package, in the plan's time zone (``[plan] timezone``), whatever zone the
  server's clock is in. One loop and one clock serve every plan.
* **Catch-up**: on start, and every ``[scheduler] check_minutes``, each job of each plan is asked
  what it owes — a report for a closed period with no document, a daily run that a downtime
  missed — and does exactly that. A job that failed is left to its next time, or to catch-up
  after ``retry_minutes``, so a broken sheet is not hammered every few minutes. A job found to
  owe nothing is not asked again until the plan's day or its last ``at`` time changes: on
  Google each question is a read, and 144 ticks a day would cost more requests than the jobs.
* **A plan's round**: what is due for a plan (its timed jobs, its catch-up) runs as one round,
  the jobs in config order sharing one read (``SharedRead``), under each job's lock. A plan is
  never in two rounds at once: work that falls due meanwhile waits for the round to end.
* **Many plans** (``of_folder``): the folder is looked at again on every wake (at least once a
  minute), so a config added, changed or removed is served, rescheduled or dropped without a
  restart. Rounds run on ``workers`` threads; plans due at the same moment queue for them in
  key order, and their Google requests are paced under the quotas (``backends.google.quota``),
  so a morning of many plans is spread over the minutes the quotas allow instead of arriving
  at once. Each round opens the plan's backend and lets it go at the end, so memory holds one
  snapshot per worker, not one per plan. A plan whose config fails to load, whose sheet is
  unreachable or whose job fails is logged and left to its retry; the others go on.
* **Isolation**: a job's failure is logged (and recorded in ``Nhật ký``) by the runner; the loop
  goes on to the next job and the next plan.
* **Stopping**: SIGTERM or SIGINT while idle stops at once. During rounds, the running jobs finish
  first (their writes are one atomic publish or apply), no new round starts, and the loop stops
  after them; a second signal abandons them at once, which is just as safe.

Tests drive the loop through ``sleep=``, a function that moves a fake clock instead of waiting.
"""

from __future__ import annotations

import logging
import queue
import signal
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

import schedule

from . import plans
from .config import Config, ConfigError
from .job import Job
from .plans import PlanFolder
from .runner import Run, Runner, describe_failure

log = logging.getLogger("sheets_sync.scheduler")

MAX_IDLE = 60.0  # seconds: wake at least this often, so a clock that jumped is noticed soon
BUSY_POLL = 0.2  # seconds between looks at the workers while rounds are running
SIGNALS = (signal.SIGTERM, signal.SIGINT)


class _Stop(BaseException):
    """Raised by the signal handler to end a sleep (or, on a second signal, a job) at once."""


@dataclass
class _Plan:
    """One served plan: its config, its jobs, and what the loop remembers about them."""

    key: str  # "" for the one plan of ``serve --config``; the config's path in a folder
    cfg: Config
    jobs: dict[str, Job]  # in config order
    runner: Callable[[], Runner]  # a runner (and backend) for one round
    entries: list[tuple[str, schedule.Job]] = field(default_factory=list)  # (job or "", entry)
    failed_at: dict[str, datetime] = field(default_factory=dict)
    settled: dict[str, tuple[datetime | None, date, int]] = field(default_factory=dict)
    locks: dict[str, Path] = field(default_factory=dict)  # each job's lock file, once known
    due: dict[str, bool] = field(default_factory=dict)  # job -> only if owed (timed: False)


def _checked_jobs(cfg: Config, jobs: Mapping[str, Job]) -> dict[str, Job]:
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
    return {name: jobs[name] for name in cfg.jobs}


class Scheduler:
    def __init__(
        self,
        runner: Runner | None,
        jobs: Mapping[str, Job],
        *,
        sleep: Callable[[float], None] = time.sleep,
        folder: PlanFolder | None = None,
        workers: int = 1,
        state_dir: Path | None = None,
    ) -> None:
        """One plan (``runner``, on its config), or the plans of ``folder`` (see ``of_folder``)."""
        self.registry = dict(jobs)
        self.folder = folder
        self.state_dir = state_dir
        self.workers = max(1, workers)
        self._sleep = sleep
        self._schedule = schedule.Scheduler()
        self._plans: dict[str, _Plan] = {}
        self._queue: queue.Queue[_Plan | None] = queue.Queue()
        self._running: set[str] = set()  # keys of the plans in a round on a worker
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.stop_requested = False
        self._signal = ""
        self._busy = False
        self._idle = False
        if runner is not None:
            self.runner = runner
            self.unserved = sorted(set(jobs) - set(runner.cfg.jobs))
            self._add(_Plan("", runner.cfg, _checked_jobs(runner.cfg, jobs), lambda: runner))
        elif folder is None:
            raise ValueError("Scheduler needs a runner, or a folder of plans")

    @classmethod
    def of_folder(
        cls,
        folder: PlanFolder,
        jobs: Mapping[str, Job],
        *,
        workers: int = 4,
        state_dir: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Scheduler:
        """Serve every plan (and rollup) config in ``folder``, as it changes."""
        return cls(None, jobs, sleep=sleep, folder=folder, workers=workers, state_dir=state_dir)

    # --- which plans --------------------------------------------------------------------------

    def _add(self, plan: _Plan) -> None:
        self._plans[plan.key] = plan
        zone = plan.cfg.plan.timezone
        for name, entry in plan.cfg.jobs.items():
            for at in entry.at:
                timed = self._schedule.every().day.at(at, zone).do(self._timed, plan, name)
                plan.entries.append((name, timed))
        minutes = plan.cfg.scheduler.check_minutes
        catch_up = self._schedule.every(minutes).minutes.do(self._catch_up_plan, plan)
        plan.entries.append(("", catch_up))

    def _drop(self, key: str) -> None:
        plan = self._plans.pop(key, None)
        if plan is not None:
            for _, entry in plan.entries:
                self._schedule.cancel_job(entry)

    def refresh(self) -> list[str]:
        """Look at the folder again: serve new configs, reschedule changed ones, drop removed
        ones. Returns the keys whose plans are new or changed (they are asked what they owe)."""
        if self.folder is None:
            return []
        try:
            change = self.folder.scan()
        except ConfigError as exc:  # the folder itself went away (unmounted, renamed)
            if not self._plans:
                raise
            log.error("%s; serving the plans already known", exc)
            return []
        for key in change.removed:
            self._drop(key)
            log.info("%s: config removed; no longer served", key)
        fresh = []
        for key in change.added + change.changed:
            entry = self.folder.entries[key]
            self._drop(key)
            try:
                jobs = _checked_jobs(entry.cfg, self.registry)
            except ConfigError as exc:
                log.error("%s: not served: %s", key, exc)
                continue
            self._add(_Plan(key, entry.cfg, jobs, self._opener(entry.cfg)))
            log.info(
                "%s: %s; %s",
                key,
                "served" if key in change.added else "config changed",
                _times(entry.cfg),
            )
            fresh.append(key)
        return fresh

    def _opener(self, cfg: Config) -> Callable[[], Runner]:
        """A new runner and backend for each round: nothing of a plan's sheet outlives it."""
        return partial(plans.runner_for, cfg, self.state_dir)

    @property
    def plans(self) -> list[str]:
        return sorted(self._plans)

    # --- what runs when --------------------------------------------------------------------

    def catch_up(self) -> None:
        """Let every job of every plan do what it owes, and wait for it."""
        self._catch_up_all()
        self._drain()

    def _catch_up_all(self) -> None:
        for plan in list(self._plans.values()):
            self._catch_up_plan(plan)
        self._dispatch()

    def _catch_up_plan(self, plan: _Plan) -> None:
        for name in plan.jobs:
            plan.due.setdefault(name, True)

    def _timed(self, plan: _Plan, name: str) -> None:
        plan.due[name] = False

    def _settled_key(self, plan: _Plan, name: str) -> tuple[datetime | None, date, int]:
        """What an answer of "nothing owed" holds for: a success logged for the last ``at``
        time stays logged, a period closes only when the day changes, and nobody else has run
        the job since (a run by hand, a what-if written with ``flag --today … --write``, takes
        the job's lock file, which changes its time stamp; this costs a ``stat``, not a read of
        the sheet). (A report deleted by hand is written again the next day, or at the
        report's next time.)"""
        now = datetime.now(plan.cfg.zone)
        return plan.cfg.jobs[name].latest(now), now.date(), _stamp(plan.locks.get(name))

    def _round(self, plan: _Plan) -> None:
        """Everything due for ``plan``, in config order, sharing one read of its sheet. Catch-up
        skips jobs that failed less than retry_minutes ago and jobs that owed nothing earlier
        today (the same day and last ``at`` time)."""
        due, plan.due = plan.due, {}
        token = plans.current.set(plan.key)
        try:
            work = [(name, only) for name, only in due.items() if self._wanted(plan, name, only)]
            if not work or self.stop_requested:
                return
            # A job runs only when its run is asked for: a stop between two jobs leaves the rest.
            runs = plans.round_runs(plan.runner, [(plan.jobs[name], only) for name, only in work])
            for (name, only_if_owed), (run, runner) in zip(work, runs, strict=True):
                self._ran(plan, name, run, runner, only_if_owed)
                if self.stop_requested:
                    return
        finally:
            plans.current.reset(token)

    def _wanted(self, plan: _Plan, name: str, only_if_owed: bool) -> bool:
        if not only_if_owed:
            return True
        failed_at = plan.failed_at.get(name)
        retry = timedelta(minutes=plan.cfg.scheduler.retry_minutes)
        if failed_at is not None and datetime.now(plan.cfg.zone) < failed_at + retry:
            log.debug("%s: failed at %s; catch-up waits to retry", name, failed_at)
            return False
        if plan.settled.get(name) == self._settled_key(plan, name):
            log.debug("%s: owed nothing earlier today; not asked again", name)
            return False
        return True

    def _ran(
        self, plan: _Plan, name: str, run: Run, runner: Runner | None, only_if_owed: bool
    ) -> None:
        """The scheduler's books after a run: when it failed, and whether it owed nothing."""
        if run.status == "failed":
            plan.failed_at[name] = datetime.now(plan.cfg.zone)
        elif run.status in ("done", "idle"):
            plan.failed_at.pop(name, None)
        if runner is not None:
            plan.locks[name] = runner.lock_path(name)
        if only_if_owed and run.status == "idle":
            # After the run: it took the lock, which stamped the file.
            plan.settled[name] = self._settled_key(plan, name)

    def next_runs(self, key: str = "") -> dict[str, datetime]:
        """When each job of a plan next runs at one of its times, in the plan's time zone."""
        plan = self._plans[key]
        runs: dict[str, datetime] = {}
        for name, entry in plan.entries:
            if name and entry.next_run is not None:
                # schedule keeps naive times in the process's local zone; astimezone() reads
                # them so.
                when = entry.next_run.astimezone(plan.cfg.zone)
                runs[name] = min(runs.get(name, when), when)
        return runs

    # --- rounds on workers -----------------------------------------------------------------

    def _dispatch(self) -> None:
        """Start a round for every plan with work due and none running, in key order."""
        for key in sorted(self._plans):
            plan = self._plans[key]
            if self.stop_requested:
                return
            if not plan.due:
                continue
            if self.workers == 1:
                self._busy = True
                try:
                    self._round(plan)
                finally:
                    self._busy = False
                continue
            with self._lock:
                if key in self._running:  # also across a config change: one round at a time
                    continue
                self._running.add(key)
            self._start_worker()
            self._queue.put(plan)

    def _start_worker(self) -> None:
        if len(self._threads) < self.workers:
            thread = threading.Thread(target=self._work, name="round", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _work(self) -> None:
        # Daemon threads: a second signal ends the process without waiting for them, which is
        # safe because a job's writes are all-or-nothing.
        while True:
            plan = self._queue.get()
            if plan is None:
                return
            try:
                self._round(plan)
            except Exception as exc:  # a bug in the loop itself must not kill the worker
                log.error("%s: round failed: %s", plan.key, describe_failure(exc))
            finally:
                with self._lock:
                    self._running.discard(plan.key)

    def _drain(self) -> None:
        """Wait for the rounds on workers to end (a signal still stops the wait)."""
        while self._in_flight():
            self._busy = True
            try:
                time.sleep(BUSY_POLL)
            finally:
                self._busy = False

    def _in_flight(self) -> bool:
        with self._lock:
            return bool(self._running)

    # --- the loop --------------------------------------------------------------------------

    def serve(self) -> None:
        """Catch up, then run jobs at their times until SIGTERM or SIGINT."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in SIGNALS}
        try:
            self.refresh()
            self._announce()
            self._catch_up_all()  # on workers, rounds go on while the loop keeps the times
            while not self.stop_requested:
                for key in self.refresh():
                    self._catch_up_plan(self._plans[key])
                self._schedule.run_pending()
                self._dispatch()
                self._wait(self._seconds_to_next())
            self._drain()
        except _Stop:
            pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            for _ in self._threads:
                self._queue.put(None)
        log.info("stopped%s", f" on {self._signal}" if self._signal else "")

    def stop(self) -> None:
        """Stop after the running jobs, if any (what the first SIGTERM does)."""
        self.stop_requested = True

    def _announce(self) -> None:
        if self.folder is not None:
            log.info(
                "serving %d plans of %s (%d workers; %d configs not loaded); locks in %s",
                len(self._plans),
                self.folder.root,
                self.workers,
                len(self.folder.broken),
                self.state_dir or "each plan's [scheduler] state_dir",
            )
            return
        plan = self._plans[""]
        log.info(
            "serving %s: %s (%s); catch-up every %d min; locks in %s",
            self.runner.backend.describe(),
            _times(plan.cfg),
            plan.cfg.plan.timezone,
            plan.cfg.scheduler.check_minutes,
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
        if self._in_flight():  # rounds running: look again soon, to start what waits for them
            seconds = min(seconds, BUSY_POLL)
        self._idle = True
        try:
            if not self.stop_requested:
                self._sleep(seconds)
        finally:
            self._idle = False

    def _on_signal(self, signum: int, frame: object) -> None:
        self._signal = signal.Signals(signum).name
        working = self._busy or bool(self._running)  # no lock: this is a signal handler
        if (self._idle and not working) or (self.stop_requested and working):
            raise _Stop
        self.stop_requested = True  # finish the running jobs, then leave the loop


def _stamp(lock: Path | None) -> int:
    try:
        return lock.stat().st_mtime_ns if lock is not None else 0
    except OSError:
        return 0


def _times(cfg: Config) -> str:
    return "; ".join(
        f"{name} at {', '.join(entry.at) or 'catch-up only'}" for name, entry in cfg.jobs.items()
    )
