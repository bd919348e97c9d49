"""A folder of plan configs: what ``serve --plans DIR``, ``run … --plans DIR`` and ``rollup``
work over.

Usage::

    folder = PlanFolder(Path("/etc/sheets-sync/plans"))
    change = folder.scan()        # read what is new or changed since the last scan
    change.added, change.changed, change.removed     # keys, e.g. "gia-tan/cchc-2024.toml"
    for entry in folder.entries.values():
        entry.key, entry.cfg, entry.is_rollup
    folder.broken                 # {key: message} for the configs that do not load
    backend = open_plan(entry.cfg)
    results = run_folder(folder, [registry()["flag"]], workers=4)   # run flag --plans DIR
    opener = partial(runner_for, entry.cfg, state_dir)               # a runner for one round
    for run, runner in round_runs(opener, [(flag, False), (report, True)]):
        ...                        # each job as it ends; serve keeps its books here

Every ``*.toml`` under the folder is a config, in subfolders too (one folder per commune is
fine); hidden files and folders are skipped. A config is a plan's (``[plan]``, ``[local]`` or
``[google]``, ``[jobs.*]``: what ``sheets-sync import`` writes, or ``config/gia_tan_2024.toml``),
or, with a ``[rollup]`` table, the folder's summary across plans (``jobs/rollup.py``). The key of
each is its path relative to the folder, which is stable across restarts and names it in logs.

``scan`` compares each file's size and modification time with the last scan and loads only what
changed, so it is cheap to call every minute: a config added, edited or removed is picked up
without a restart. A config that does not load is logged once per change of the file, and its
plan is left out until the file is fixed: a broken file stops its plan, loudly, rather than
running it on an outdated config.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .config import Config, ConfigError, load
from .job import Job, SharedRead
from .model import Backend
from .runner import Run, Runner, describe_failure

log = logging.getLogger("sheets_sync.plans")

# The plan a thread is working on, for log lines (``cli`` adds it to every record).
current: ContextVar[str] = ContextVar("plan", default="")


@dataclass(frozen=True)
class Entry:
    key: str  # the config's path relative to the folder
    cfg: Config
    stamp: tuple[int, int]  # (mtime_ns, size) when it was loaded

    @property
    def is_rollup(self) -> bool:
        return self.cfg.rollup is not None


@dataclass
class Change:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class PlanFolder:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.entries: dict[str, Entry] = {}
        self.broken: dict[str, str] = {}
        self._broken_stamps: dict[str, tuple[int, int]] = {}

    @property
    def plans(self) -> list[Entry]:
        """The plans' configs (not the rollup's), in key order."""
        return [e for _, e in sorted(self.entries.items()) if not e.is_rollup]

    @property
    def rollups(self) -> list[Entry]:
        return [e for _, e in sorted(self.entries.items()) if e.is_rollup]

    def scan(self) -> Change:
        """Load what was added or changed since the last scan; forget what was removed."""
        if not self.root.is_dir():
            raise ConfigError(
                f"{self.root}: không có thư mục kế hoạch này (no such folder of plan configs)"
            )
        change = Change()
        seen: set[str] = set()
        for path in sorted(self.root.rglob("*.toml")):
            relative = path.relative_to(self.root)
            if any(part.startswith(".") for part in relative.parts):
                continue
            key = relative.as_posix()
            seen.add(key)
            try:
                info = path.stat()
            except OSError:
                continue  # removed between listing and looking: the next scan says so
            stamp = (info.st_mtime_ns, info.st_size)
            old = self.entries.get(key)
            if (old is not None and old.stamp == stamp) or self._broken_stamps.get(key) == stamp:
                continue
            try:
                cfg = load(path)
            except ConfigError as exc:
                self._broken(key, stamp, str(exc), change)
                continue
            self.broken.pop(key, None)
            self._broken_stamps.pop(key, None)
            self.entries[key] = Entry(key, cfg, stamp)
            (change.changed if old is not None else change.added).append(key)
        for key in sorted(set(self.entries) - seen):
            del self.entries[key]
            change.removed.append(key)
        for key in set(self.broken) - seen:
            self.broken.pop(key)
            self._broken_stamps.pop(key, None)
        return change

    def _broken(self, key: str, stamp: tuple[int, int], message: str, change: Change) -> None:
        log.error("%s: cấu hình lỗi, không chạy kế hoạch này (config not loaded): %s", key, message)
        self.broken[key] = message
        self._broken_stamps[key] = stamp
        if self.entries.pop(key, None) is not None:
            change.removed.append(key)


def open_plan(cfg: Config) -> Backend:
    """A plan's backend as its config says: the Google Sheet when ``[google] spreadsheet_id``
    is set, else the local workbook of ``[local]`` (relative to the config file). A rollup's
    local summary workbook is made, empty, the first time."""
    from .backends import open_backend

    google = bool(cfg.google.spreadsheet_id)
    if cfg.rollup is not None and not google:
        workbook = cfg.path(cfg.local.workbook)
        if not workbook.exists():
            from .backends.local.layout import create_summary_workbook

            create_summary_workbook(workbook, cfg)
    return open_backend(cfg, google=google)


def runner_for(cfg: Config, state_dir: Path | None = None) -> Runner:
    """A runner on a newly opened backend of the plan: one per round, so nothing of a plan's
    sheet outlives the round."""
    return Runner(open_plan(cfg), cfg, state_dir=state_dir)


def round_runs(
    open_runner: Callable[[], Runner], work: Sequence[tuple[Job, bool]], *, dry_run: bool = False
) -> Iterator[tuple[Run, Runner | None]]:
    """A plan's round: each ``(job, only_if_owed)`` of ``work`` in order, on one runner,
    sharing one read. Each run is yielded as it ends, with its runner, so a caller can keep
    its books between jobs and stop early (a job runs only when the next run is asked for).
    A plan that cannot be opened yields a failed run for each job, and no runner."""
    try:
        runner = open_runner()
    except Exception as exc:  # its backend cannot be opened (a key file gone, …): say so
        message = describe_failure(exc)
        names = ", ".join(job.name for job, _ in work)
        log.error("%s: cannot open the plan: %s", names, message)
        for job, _ in work:
            yield Run(job.name, "failed", error=message), None
        return
    shared = SharedRead()
    for job, only_if_owed in work:
        yield runner.run(job, only_if_owed=only_if_owed, dry_run=dry_run, shared=shared), runner


def run_folder(
    folder: PlanFolder,
    jobs: Sequence[Job],
    *,
    only_if_owed: bool = False,
    dry_run: bool = False,
    workers: int = 4,
    state_dir: Path | None = None,
) -> dict[str, list[Run]]:
    """Run ``jobs`` once on every config of the folder that lists them in its ``[jobs]``, on
    ``workers`` threads; each plan's jobs in order, sharing one read. Returns the runs by key."""
    folder.scan()
    entries = list(folder.entries.values())

    def one(entry: Entry) -> list[Run]:
        wanted = [(job, only_if_owed) for job in jobs if job.name in entry.cfg.jobs]
        if not wanted:
            return []
        token = current.set(entry.key)
        try:
            opener = partial(runner_for, entry.cfg, state_dir)
            return [run for run, _ in round_runs(opener, wanted, dry_run=dry_run)]
        finally:
            current.reset(token)

    with ThreadPoolExecutor(max(1, workers), thread_name_prefix="plan") as pool:
        runs = list(pool.map(one, entries))
    return {e.key: r for e, r in zip(entries, runs, strict=True) if r}
