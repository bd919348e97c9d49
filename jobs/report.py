"""Periodic job: the report of a reporting period, published where leadership reads it.

Usage::

    from jobs import report
    where = report.run(backend, cfg, period="2024-Q3", today=date(2024, 10, 15))

Reads the sheet once, summarises the period, renders the office's template and publishes it
under a stable name (running it again replaces the document), then logs a ``Nhật ký`` row.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sheets_sync import contract, runlog
from sheets_sync.aggregate import PeriodSummary, summarise
from sheets_sync.backends.base import Backend, ChangeSet
from sheets_sync.config import Config
from sheets_sync.memory import collector_paused
from sheets_sync.periods import reporting_period
from sheets_sync.report import ReportError, build_document
from sheets_sync.sheet import SheetError, read_plan

from . import JobFailed

log = logging.getLogger("sheets_sync.report")


@dataclass
class ReportResult:
    period: str
    location: str | None  # where the document is; None on a dry run
    summary: PeriodSummary
    filename: str


@collector_paused()  # a run builds a large snapshot and drops it whole
def run(
    backend: Backend,
    cfg: Config,
    *,
    period: str,
    today: date | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> ReportResult:
    now = now or datetime.now(cfg.zone)
    today = today or now.date()
    try:
        span = reporting_period(period, cfg.report.cut)  # type: ignore[arg-type]
    except ValueError as exc:
        raise JobFailed(str(exc)) from None
    snapshot = backend.read([cfg.sheet.tab_title(t) for t in contract.TABS])
    try:
        plan = read_plan(snapshot, cfg)
    except SheetError as exc:
        raise JobFailed(str(exc)) from None
    summary = summarise(plan, span, today, cfg)
    try:
        document = build_document(summary, cfg, today)
    except ReportError as exc:
        raise JobFailed(str(exc)) from None
    if dry_run:
        log.info("report %s would be written as %s", span.key, document.filename)
        return ReportResult(span.key, None, summary, document.filename)
    location = backend.publish(document)
    changes = ChangeSet()
    runlog.record(
        changes,
        snapshot,
        cfg,
        job="report",
        outcome=runlog.OK,
        counts=f"Báo cáo {span.name}: {summary.total.total} nhiệm vụ, "
        f"{len(summary.late)} quá hạn, {summary.entries} lượt hoạt động",
        links=location,
        now=now,
    )
    backend.apply(changes)
    log.info("report %s written to %s", span.key, location)
    return ReportResult(span.key, location, summary, document.filename)
