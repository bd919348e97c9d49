"""Scheduled jobs: each module composes library functions into one unit of work.

* ``jobs.flag``   — daily: due dates, statuses and notes into the ``Nhiệm vụ`` tab.
* ``jobs.report`` — after each period closes: the period's report into the output folder.

Every job reads once, computes with pure functions, writes once, and leaves a ``Nhật ký`` row.

Adding a job is adding one file here and one config entry. The file is a module with::

    '''One line that says what the job does.'''

    def perform(ctx: Context) -> Outcome: ...   # do the work now (honour ctx.dry_run)
    def owed(ctx: Context) -> list[str]: ...    # optional: work left undone, for catch-up

and the config entry says when it runs, in the plan's time zone::

    [jobs.NAME]
    at = ["06:30"]

Usage::

    from jobs import registry
    job = registry()["flag"]
    job.perform(Context(backend, cfg, now=datetime.now(cfg.zone)))
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sheets_sync import contract
from sheets_sync.config import Config
from sheets_sync.model import Backend, Snapshot
from sheets_sync.sheet import Plan


class JobFailed(Exception):
    """The job could not run; the message says why and what to fix.

    ``recorded`` is true when the job already wrote its own ``Nhật ký`` row for the failure.
    """

    def __init__(self, message: str, *, recorded: bool = False) -> None:
        super().__init__(message)
        self.recorded = recorded


@dataclass
class SharedRead:
    """The sheet as read by one job of a round, for the next jobs of the round to use.

    When ``flag`` and ``report`` are due together (``run flag report``, catch-up after a
    downtime), ``flag`` keeps what it read and the reports are made from the same plan instead
    of reading the whole sheet again; several reports owed at once share one read too. Jobs
    write only their own cells, so the officers' data a report is made of is what a new read
    would give, a few seconds earlier.
    """

    snapshot: Snapshot | None = None
    plan: Plan | None = None

    def keep(self, snapshot: Snapshot, plan: Plan) -> None:
        self.snapshot, self.plan = snapshot, plan


def without_log_values(snapshot: Snapshot, cfg: Config) -> Snapshot:
    """``snapshot`` with the progress log's cells let go once they are in a ``Plan``: nothing
    after ``read_plan`` looks at them, and a log of a million rows is most of a job's memory.
    The tab stays listed (an empty grid), so what depends on its presence is unchanged."""
    title = cfg.sheet.tab_title(contract.PROGRESS)
    if title not in snapshot:
        return snapshot
    return Snapshot({**snapshot.tabs, title: []}, snapshot.version)


@dataclass(frozen=True)
class Context:
    """What a run of a job gets: where the plan lives, its config, and the moment of the run."""

    backend: Backend
    cfg: Config
    now: datetime  # aware, in the plan's time zone
    dry_run: bool = False
    scheduled: datetime | None = None  # the job's last configured time at or before ``now``
    shared: SharedRead | None = None  # a read to share with the other jobs of this round


@dataclass
class Outcome:
    summary: str  # one line for the log
    changes: list[str] = field(default_factory=list)  # what a dry run would change


@dataclass(frozen=True)
class Job:
    name: str
    summary: str
    perform: Callable[[Context], Outcome]
    owed: Callable[[Context], list[str]]


def registry() -> dict[str, Job]:
    """Every job module in this package, by module name."""
    found: dict[str, Job] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        perform = getattr(module, "perform", None)
        if callable(perform):
            doc = (module.__doc__ or info.name).strip().splitlines()[0]
            found[info.name] = Job(info.name, doc, perform, getattr(module, "owed", _never_owed))
    return found


def _never_owed(ctx: Context) -> list[str]:
    """A job without ``owed`` runs at its times only; catch-up leaves it alone."""
    return []
