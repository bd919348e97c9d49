"""Periodic job: the report of a reporting period, published where leadership reads it.

Usage::

    from jobs import report
    where = report.run(backend, cfg, period="2024-Q3", today=date(2024, 10, 15))

Reads the sheet once (the plan's tabs, the ``Danh mục`` unit list and the office's own words in
``Báo cáo``), summarises the period, renders the office's template and publishes it under a
stable name (running it again replaces the document), publishes the office's internal companion
beside it (data problems with where to fix them, status changes, what falls due in the next 30
days), then logs a ``Nhật ký`` row, creating the ``Báo cáo`` tab in the same write if missing.

For the scheduler, ``owed(ctx)`` lists the plan year's periods that have closed but have no
document yet — decided from what the output folder (or Drive) holds, so a server that was down
when a quarter ended still delivers — and ``perform(ctx)`` writes exactly those, all from one
read of the sheet (the one ``flag`` made in the same round, if it did: ``SharedRead``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sheets_sync import contract, runlog
from sheets_sync.aggregate import PeriodSummary, summarise
from sheets_sync.companion import build_companion
from sheets_sync.config import Config
from sheets_sync.job import Context, JobFailed, Outcome, SharedRead, without_log_values
from sheets_sync.memory import collector_paused
from sheets_sync.model import (
    Backend,
    BackendError,
    ChangeSet,
    Document,
    Published,
    SheetChanged,
    Snapshot,
)
from sheets_sync.periods import (
    PeriodError,
    ReportingPeriod,
    check_reportable,
    periods_of_year,
    reporting_period,
)
from sheets_sync.remarks import add_tab_if_missing, read_remarks
from sheets_sync.report import ReportError, build_document, report_name
from sheets_sync.report_values import provisional as provisional_mark
from sheets_sync.report_values import provisional_until
from sheets_sync.sheet import Plan, SheetError, read_plan
from sheets_sync.units import unit_list

log = logging.getLogger("sheets_sync.report")


@dataclass
class ReportResult:
    period: str
    location: Published | None  # where the document is; None on a dry run
    summary: PeriodSummary
    filename: str
    notes_location: str | None = None  # where the office's internal companion is
    notes_filename: str = ""
    pending: str = ""  # why its Nhật ký row waits for a later run, if it does

    @property
    def kept(self) -> str:
        """Why the document there before was left as it was, if it was."""
        return self.location.kept if self.location else ""

    def notices(self) -> list[str]:
        said = []
        if self.location and self.location.kept:
            previous = self.location.previous
            said.append(
                f"Báo cáo {self.period}: bản trước {self.kept} nên được giữ nguyên ({previous}); "
                f"bản mới: {self.location}. (The report there was edited or open: kept; the new "
                f"version is beside it.)"
            )
        if self.pending:
            said.append(
                f"Báo cáo {self.period} đã ghi; dòng Nhật ký của nó chờ lần chạy sau ghi được sổ "
                f"kế hoạch — {self.pending} (The report is written; its Nhật ký row waits.)"
            )
        return said


@collector_paused()  # a run builds a large snapshot and drops it whole
def run(
    backend: Backend,
    cfg: Config,
    *,
    period: str,
    today: date | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    shared: SharedRead | None = None,
    provisional: bool = False,
) -> ReportResult:
    """Write the report of ``period``; from ``shared``'s read if it holds one (else it gets
    the read this makes). A period of another year, or not yet begun, is refused; one not yet
    ended too, unless ``provisional``: then the report says "số liệu tạm tính" in its file name,
    title and body, and is kept apart from the period's report."""
    now = now or datetime.now(cfg.zone)
    today = today or now.date()
    try:
        span = reporting_period(period, cfg.report.cut)  # type: ignore[arg-type]
        check_reportable(span, cfg.plan.year, today, now.date(), provisional=provisional)
    except PeriodError as exc:
        raise JobFailed(str(exc)) from None
    snapshot, plan = read_sheet(backend, cfg, shared)
    units = unit_list(snapshot, cfg)
    summary = summarise(plan, span, today, cfg, units)
    remarks = read_remarks(snapshot, span)
    try:
        document = build_document(summary, cfg, today, remarks)
        notes = build_companion(summary, plan, cfg, today, remarks, units)
    except ReportError as exc:
        raise JobFailed(str(exc)) from None
    if dry_run:
        log.info("report %s would be written as %s", span.key, document.filename)
        return ReportResult(
            span.key, None, summary, document.filename, notes_filename=notes.filename
        )
    location = backend.publish(document)
    notes_location = _publish_notes(backend, notes)
    counts = (
        f"Báo cáo {span.name}{_marked(summary)}: {summary.total.total} nhiệm vụ, "
        f"{len(summary.late)} quá hạn, {summary.entries} lượt hoạt động"
    )
    if not notes_location:
        counts += "; chưa ghi được ghi chú nội bộ (xem nhật ký máy chủ)"
    links = str(location)
    kept, previous = location.kept, location.previous
    if kept:  # the document a person edited or holds open stays; the new one went beside it
        counts += f". Bản trước {kept} nên được giữ nguyên; bản mới ghi riêng (xem liên kết)"
        links = f"{location}\nBản trước: {previous}"
    changes = ChangeSet()
    add_tab_if_missing(changes, snapshot)
    runlog.record(
        changes, snapshot, cfg, job="report", outcome=runlog.OK, counts=counts, links=links, now=now
    )
    try:
        backend.apply(changes)
    except SheetChanged:
        raise
    except BackendError as exc:
        # The report is written; only its Nhật ký row cannot be, now (the workbook open in
        # LibreOffice, read-only): it waits beside the reports for the next run that can write.
        late = ChangeSet()
        runlog.record(
            late,
            snapshot,
            cfg,
            job="report",
            outcome=runlog.OK,
            counts=f"{counts} (ghi muộn: lúc lập báo cáo không ghi được sổ kế hoạch)",
            links=links,
            now=now,
        )
        if not backend.defer(late):
            raise
        log.warning(
            "report %s written to %s; its Nhật ký row waits for the next run that can write "
            "the sheet: %s",
            span.key,
            location,
            exc,
        )
        return ReportResult(
            span.key,
            location,
            summary,
            document.filename,
            notes_location,
            notes.filename,
            pending=str(exc),
        )
    if changes.new_tabs and shared is not None and shared.snapshot is not None:
        # The next report of this round reads the same snapshot: the tabs exist now.
        made = {title: [header] for title, header in changes.new_tabs.items()}
        shared.snapshot = Snapshot({**shared.snapshot.tabs, **made}, shared.snapshot.version)
    log.info("report %s written to %s (office notes: %s)", span.key, location, notes_location)
    return ReportResult(
        span.key, location, summary, document.filename, notes_location, notes.filename
    )


def _marked(summary: PeriodSummary) -> str:
    until = provisional_until(summary)
    return f" ({provisional_mark(until)})" if until else ""


def _publish_notes(backend: Backend, notes: Document) -> str | None:
    """The office's notes, once the report is out: a folder that takes the report but not a
    second document (a service account writing only into documents people made) costs the
    notes, not the report."""
    try:
        return backend.publish(notes)
    except BackendError as exc:
        log.warning("the office's notes %s were not written: %s", notes.filename, exc)
        return None


def read_sheet(
    backend: Backend, cfg: Config, shared: SharedRead | None = None
) -> tuple[Snapshot, Plan]:
    """The sheet and its plan as reports need them: ``shared``'s read if it holds one, else one
    read of the tabs with the ``Danh mục`` unit list and the ``Báo cáo`` tab (kept in
    ``shared`` for the next report)."""
    if shared is not None and shared.snapshot is not None and shared.plan is not None:
        return shared.snapshot, shared.plan
    # The Danh mục tab's unit list tells how to split lead cells naming several units; the
    # Báo cáo tab holds the office's own words.
    tabs = [*(cfg.sheet.tab_title(t) for t in contract.TABS), *contract.REPORT_TABS]
    snapshot = backend.read([*tabs, contract.IDENTITY_TITLE])  # the plan it holds: is it cfg's?
    try:
        plan = read_plan(snapshot, cfg)
    except SheetError as exc:
        raise JobFailed(str(exc)) from None
    snapshot = without_log_values(snapshot, cfg)
    if shared is not None:
        shared.keep(snapshot, plan)
    return snapshot, plan


def closed_periods(cfg: Config, today: date) -> list[ReportingPeriod]:
    """The plan year's reporting periods that ended before ``today``, in the order they close.

    Only the plan year's: a 2024 plan never reports on 2023 or 2025.
    """
    periods = periods_of_year(cfg.plan.year, cfg.report.cut)  # type: ignore[arg-type]
    return [p for p in periods if p.end < today]


def owed(ctx: Context) -> list[str]:
    """Keys of the closed periods whose report does not exist yet, e.g. ``["2024-Q3"]``."""
    missing = []
    for period in closed_periods(ctx.cfg, ctx.day):
        name = report_name(period, ctx.cfg)
        if ctx.backend.find_document(name.key, name.filename) is None:
            missing.append(period.key)
    return missing


def perform(ctx: Context) -> Outcome:
    """Write the report of ``ctx.options["period"]`` if given, else every owed report, all
    from one read; a report that exists already is left (unless its period was named)."""
    shared = ctx.shared if ctx.shared is not None else SharedRead()
    keys = [ctx.options["period"]] if ctx.options.get("period") else owed(ctx)
    results = [
        run(
            ctx.backend,
            ctx.cfg,
            period=key,
            today=ctx.day,
            dry_run=ctx.dry_run,
            now=ctx.now,
            shared=shared,
            provisional=bool(ctx.options.get("provisional")),
        )
        for key in keys
    ]
    if not results:
        return Outcome("nothing owed: every closed period has its report")
    verb = "would write" if ctx.dry_run else "wrote"
    waiting = [r.period for r in results if r.pending]
    later = f"; Nhật ký row of {', '.join(waiting)} waits for the workbook" if waiting else ""
    return Outcome(
        f"{verb} {', '.join(r.period for r in results)}{later}",
        [f"ghi báo cáo {r.period}: {r.filename}" for r in results] if ctx.dry_run else [],
        # Each report, then the office's notes beside it.
        [where for r in results for where in (r.location, r.notes_location) if where],
        [line for r in results for line in r.notices()],
    )
