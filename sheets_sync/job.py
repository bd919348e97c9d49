"""The job contract: what a scheduled job is, what a run of it gets, and how jobs are found.

A job is a module with a one-line docstring and two functions::

    '''One line that says what the job does.'''

    def perform(ctx: Context) -> Outcome: ...   # do the work now (honour ctx.dry_run)
    def owed(ctx: Context) -> list[str]: ...    # optional: work left undone, for catch-up

registered under the ``sheets_sync.jobs`` entry-point group of its package's ``pyproject.toml``
(the bundled ones are ``jobs.flag``, ``jobs.report`` and ``jobs.rollup``; a job of the office's
own is found the same way, from its own installed package)::

    [project.entry-points."sheets_sync.jobs"]
    flag = "jobs.flag"

and a config entry says when it runs, in the plan's time zone::

    [jobs.flag]
    at = ["06:30"]

Usage (on the demo plan)::

    >>> sorted(registry())
    ['flag', 'report', 'rollup']
    >>> job = registry()["flag"]
    >>> job.summary
    "Daily job: write each task's due date, status and note back into the sheet."
    >>> moment = datetime(2024, 10, 15, 6, 30, tzinfo=cfg.zone)
    >>> job.perform(Context(backend, cfg, now=moment, dry_run=True)).changes[0]
    "Nhiệm vụ!H4: '' → '31/12/2024'"

Jobs are run by ``runner.Runner`` (alone, isolated, logged), never called directly by the CLI.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import ModuleType
from typing import Any

from . import contract
from .config import Config
from .model import Backend, Snapshot
from .sheet import Plan

GROUP = "sheets_sync.jobs"


class JobFailed(Exception):
    """The job could not run; the message says why and what to fix."""


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
    return Snapshot({**snapshot.tabs, title: []}, snapshot.version, snapshot.titles)


@dataclass(frozen=True)
class Context:
    """What a run of a job gets: where the plan lives, its config, and the moment of the run."""

    backend: Backend
    cfg: Config
    now: datetime  # aware, in the plan's time zone
    dry_run: bool = False
    scheduled: datetime | None = None  # the job's last configured time at or before ``now``
    shared: SharedRead | None = None  # a read to share with the other jobs of this round
    today: date | None = None  # judge as of this day instead of ``now``'s (--today)
    options: Mapping[str, Any] = field(default_factory=dict)  # the job's own, e.g. a period

    @property
    def day(self) -> date:
        """The day the job judges the plan as of."""
        return self.today or self.now.date()


@dataclass
class Outcome:
    summary: str  # one line for the log
    changes: list[str] = field(default_factory=list)  # what a dry run would change
    links: list[str] = field(default_factory=list)  # where the documents it wrote are
    notices: list[str] = field(default_factory=list)  # what the person who ran it must know


@dataclass(frozen=True)
class Job:
    name: str
    summary: str
    perform: Callable[[Context], Outcome]
    owed: Callable[[Context], list[str]]


def registry() -> dict[str, Job]:
    """Every installed job, by entry-point name (sorted)."""
    found: dict[str, Job] = {}
    points = importlib.metadata.entry_points(group=GROUP)
    for point in sorted(points, key=lambda p: p.name):
        module = point.load()
        if isinstance(module, ModuleType) and callable(getattr(module, "perform", None)):
            found[point.name] = _job(point.name, module)
    return found


def _job(name: str, module: ModuleType) -> Job:
    doc = (module.__doc__ or name).strip().splitlines()[0]
    return Job(name, doc, module.perform, getattr(module, "owed", _never_owed))


def _never_owed(ctx: Context) -> list[str]:
    """A job without ``owed`` runs at its times only; catch-up leaves it alone."""
    return []
