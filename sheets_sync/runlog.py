"""The run log: one ``Nhật ký`` row per job run, written in the same batch as the job's changes.

Usage::

    runlog.record(changes, snapshot, cfg, job="flag", outcome=runlog.OK, counts="8 nhiệm vụ ...")

The row follows the header the tab has (officers may reorder it); a missing tab is created.
"""

from __future__ import annotations

from datetime import datetime

from . import contract
from .backends.base import ChangeSet, Snapshot
from .cells import Cell
from .config import Config
from .sheet import SheetError, find_header, labels_for

OK = "Thành công"
DRY_RUN = "Chạy thử"
FAILED = "Lỗi"


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
