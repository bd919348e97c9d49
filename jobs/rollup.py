"""Periodic job: the summary across a folder's plans for the level above, as a sheet and a report.

Usage::

    sheets-sync rollup --plans DIR --period 2024-Q3     # once, by hand
    [jobs.rollup]                                        # in the rollup's config: serve --plans
    at = ["07:30"]                                       # DIR writes it after each period closes

It runs on a config with a ``[rollup]`` table (``config/tong_hop_2024.toml``): its
``[organisation]`` and ``[report]`` are the compiling body's, its ``[local]`` workbook (or
``[google]`` sheet and folder) receives the summary sheet and the report, and ``[rollup] plans``
names the folder of plan configs (this config's own folder by default).

``perform`` reads every plan of the folder once (``sheets_sync.rollup``), then for the period
asked (``ctx.options["period"]``), or every period owed, publishes the report
(``rollup_report``), then writes the period's two tabs of the summary sheet (``rollup_sheet``)
and its ``Nhật ký`` row in one batch. ``owed`` lists the plan year's closed periods that have
no rollup report yet.
"""

from __future__ import annotations

import logging

from sheets_sync import contract, runlog
from sheets_sync.job import Context, JobFailed, Outcome
from sheets_sync.model import ChangeSet, SheetChanged
from sheets_sync.periods import ReportingPeriod, periods_of_year, reporting_period
from sheets_sync.plans import PlanFolder

log = logging.getLogger("sheets_sync.rollup")
ATTEMPTS = 3  # writes of the summary sheet before giving up on one that keeps changing


def owed(ctx: Context) -> list[str]:
    """Keys of the closed periods whose rollup report does not exist yet."""
    from sheets_sync.rollup_report import rollup_name

    _check(ctx)
    missing = []
    for period in periods_of_year(ctx.cfg.plan.year, ctx.cfg.report.cut):  # type: ignore[arg-type]
        if period.end >= ctx.day:
            continue
        name = rollup_name(period, ctx.cfg)
        if ctx.backend.find_document(name.key, name.filename) is None:
            missing.append(period.key)
    return missing


def perform(ctx: Context) -> Outcome:
    from sheets_sync.rollup import previous_period, read_plans, rollup_tables
    from sheets_sync.rollup_report import build_rollup_document

    _check(ctx)
    cfg = ctx.cfg
    keys = [ctx.options["period"]] if ctx.options.get("period") else owed(ctx)
    if not keys:
        return Outcome("nothing owed: every closed period has its rollup")
    periods = [_period(key, ctx) for key in keys]
    wanted = {p.key: p for p in periods}
    for period in periods:
        before = previous_period(period)
        if before is not None:
            wanted.setdefault(before.key, before)
    folder = ctx.options.get("folder") or PlanFolder(
        ctx.options.get("plans") or cfg.path(cfg.rollup.plans)  # type: ignore[union-attr]
    )
    reads = read_plans(
        folder, list(wanted.values()), ctx.day, workers=ctx.options.get("workers", 4)
    )
    if not reads:
        raise JobFailed(
            f"Không có kế hoạch nào của năm {cfg.plan.year} trong {folder.root} để tổng hợp. "
            f"(No plan configs of {cfg.plan.year} in {folder.root}.)"
        )
    tables = [rollup_tables(reads, p, previous_period(p)) for p in periods]
    documents = [build_rollup_document(t, cfg, ctx.day) for t in tables]
    counts = "; ".join(_counts(t) for t in tables)
    if ctx.dry_run:
        return Outcome(
            f"would write {', '.join(keys)}: {counts}",
            [
                f"ghi tổng hợp {t.period.key}: {d.filename}"
                for t, d in zip(tables, documents, strict=True)
            ],
        )
    links = [ctx.backend.publish(d) for d in documents]
    _write_sheet(ctx, tables, counts, links)
    for key, link in zip(keys, links, strict=True):
        log.info("rollup %s written to %s", key, link)
    return Outcome(f"wrote {', '.join(keys)}: {counts}", links=links)


def _check(ctx: Context) -> None:
    if ctx.cfg.rollup is None:
        raise JobFailed(
            "Việc 'rollup' chạy trên cấu hình tổng hợp (có mục [rollup]), không trên cấu hình "
            "một kế hoạch — xem config/tong_hop_2024.toml. (The rollup job needs a config with "
            "a [rollup] table, not a plan's config.)"
        )


def _period(key: str, ctx: Context) -> ReportingPeriod:
    try:
        period = reporting_period(key, ctx.cfg.report.cut)  # type: ignore[arg-type]
    except ValueError as exc:
        raise JobFailed(str(exc)) from None
    if period.year != ctx.cfg.plan.year:
        raise JobFailed(
            f"Kỳ {period.key} không thuộc năm {ctx.cfg.plan.year} của cấu hình tổng hợp. "
            f"(Period {period.key} is not in the rollup's year {ctx.cfg.plan.year}.)"
        )
    return period


def _counts(tables) -> str:
    total = tables.total
    rate = total["on_time_rate"]
    text = (
        f"{tables.period.name}: {int(total['plans'])} kế hoạch, {int(total['total'])} nhiệm vụ, "
        f"{int(total['due'])} đến hạn, đúng hạn {'—' if rate is None else f'{rate:g}%'}"
    )
    return text + (f", {len(tables.unread)} chưa đọc được" if tables.unread else "")


def _write_sheet(ctx: Context, tables: list, counts: str, links: list[str]) -> None:
    """The periods' tabs and the run's Nhật ký row in one batch (one read, one write); read
    again if someone moved rows meanwhile."""
    from sheets_sync.rollup_sheet import summary_changes, tab_titles

    titles = [title for t in tables for title in tab_titles(t.period)]
    titles.append(ctx.cfg.sheet.tab_title(contract.LOG))
    for attempt in range(1, ATTEMPTS + 1):
        snapshot = ctx.backend.read(titles)
        changes = ChangeSet()
        for t in tables:
            summary_changes(snapshot, t, changes)
        runlog.record(
            changes,
            snapshot,
            ctx.cfg,
            job="rollup",
            outcome=runlog.OK,
            counts=counts,
            links=" ".join(links),
            now=ctx.now,
        )
        try:
            ctx.backend.apply(changes, snapshot.version)
            return
        except SheetChanged as exc:
            if attempt == ATTEMPTS:
                raise JobFailed(
                    f"Bảng tổng hợp thay đổi liên tục khi đang ghi ({exc}) — thử lại sau. "
                    f"(The summary sheet kept changing during the write.)"
                ) from None
            log.info("the summary sheet changed during the write (%s); reading it again", exc)
