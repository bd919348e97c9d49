"""The run log: one ``Nhật ký`` row per job run, written in the same batch as the job's changes.

Usage (on the demo plan)::

    >>> from datetime import datetime
    >>> snapshot = backend.read(["Nhật ký"])
    >>> changes = ChangeSet()
    >>> at = datetime(2024, 10, 15, 6, 30, tzinfo=cfg.zone)
    >>> record(changes, snapshot, cfg, job="flag", outcome=OK, counts="8 nhiệm vụ", now=at)
    >>> backend.apply(changes)
    >>> latest(backend.read(["Nhật ký"]), cfg, "flag", (OK,))
    (datetime.datetime(2024, 10, 15, 6, 30), 'Thành công')

The row follows the header the tab has (officers may reorder it); a missing tab is created.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from . import contract
from .cells import Cell, as_text
from .config import Config
from .model import ChangeSet, Snapshot
from .sheet import SheetError, find_header, labels_for
from .text import fold

OK = "Thành công"
FAILED = "Lỗi"
WHAT_IF = "Chạy thử"  # judged as of another day than the run's (--today): not the day's run


def record(
    changes: ChangeSet,
    snapshot: Snapshot,
    cfg: Config,
    *,
    job: str,
    outcome: str,
    counts: str = "",
    links: str = "",
    now: datetime | None = None,
) -> None:
    """Add this run's ``Nhật ký`` row (and the tab, if missing) to ``changes``."""
    now = now or datetime.now(cfg.zone)
    entry: dict[str, Cell] = {
        "time": now.replace(tzinfo=None, microsecond=0),
        "job": job,
        "outcome": outcome,
        "counts": counts,
        "links": links,
    }
    title = cfg.sheet.tab_title(contract.LOG)
    if title not in snapshot:
        changes.new_tabs[title] = [
            cfg.sheet.label(contract.LOG, c.key) for c in contract.LOG.columns
        ]
    changes.appends.append((title, _ordered(snapshot, cfg, title, entry)))


def _ordered(snapshot: Snapshot, cfg: Config, title: str, entry: dict[str, Cell]) -> list[Cell]:
    """The entry's values in the order of the tab's own header (the default order if none)."""
    if title in snapshot:
        try:
            header = find_header(
                snapshot[title], contract.LOG, labels_for(cfg, contract.LOG), title
            )
        except SheetError:
            pass
        else:
            row: list[Cell] = [None] * (max(header.columns.values()) + 1)
            for key, col in header.columns.items():
                row[col] = entry.get(key)
            return row
    return [entry.get(c.key) for c in contract.LOG.columns]


def latest(
    snapshot: Snapshot, cfg: Config, job: str, outcomes: tuple[str, ...]
) -> tuple[datetime, str] | None:
    """The time (naive, plan time zone) and outcome of ``job``'s latest ``Nhật ký`` row with
    one of ``outcomes`` (of two rows with the same time, the lower one: rows are appended in
    order). Rows whose time cannot be read are ignored: a caller then runs the job once more,
    which is harmless, rather than skipping a run that was owed."""
    title = cfg.sheet.tab_title(contract.LOG)
    if title not in snapshot:
        return None
    grid = snapshot[title]
    try:
        header = find_header(grid, contract.LOG, labels_for(cfg, contract.LOG), title)
    except SheetError:
        return None
    col = header.columns
    wanted = {fold(o): o for o in outcomes}
    found: tuple[datetime, str] | None = None
    for row in grid[header.row + 1 :]:
        cells = {key: row[i] if i < len(row) else None for key, i in col.items()}
        outcome = wanted.get(fold(as_text(cells["outcome"])))
        if outcome is None or fold(as_text(cells["job"])) != fold(job):
            continue
        when = _when(cells["time"])
        if when is not None and (found is None or when >= found[0]):
            found = (when, outcome)
    return found


_SERIAL_EPOCH = datetime(1899, 12, 30)  # day 0 of Google Sheets and Excel serial numbers
_TIME_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def _when(value: Cell) -> datetime | None:
    """A run's time as a backend hands it over: datetime, serial number, or formatted text."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        plausible = math.isfinite(value) and 20_000 <= value <= 80_000  # years 1954..2119
        return _SERIAL_EPOCH + timedelta(days=value) if plausible else None
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(as_text(value), fmt)
        except ValueError:
            continue
    return None
