"""The summary across plans: one read of each plan, its period summaries, and the tables the
level above asks for (per plan, per commune, per lead unit), computed with pandas.

Usage::

    reads = read_plans(folder, [period, previous], today=date(2024, 10, 15))   # one read each
    tables = rollup_tables(reads, period, previous)
    tables.plans          # DataFrame, one row per plan: commune, plan, the four categories, …
    tables.units          # one row per lead unit, across plans
    tables.communes       # one row per commune (its plans together)
    tables.total          # the same figures for everything read
    tables.unread         # [Unread(key, commune, plan, reason)]: listed, never dropped

Each plan is summarised with the single-plan report's own ``aggregate.summarise``; its
``UnitRow`` figures are taken as they are:

* the four categories of Vietnamese task reports;
* **come due** (nhiệm vụ đến hạn) and the **on-time** and **late rates** over them, exactly as
  the commune's own report counts them (``aggregate``'s docstring: a deadline task comes due when
  its date has passed or it is done, recurring work when its first occurrence has ended), so the
  figures a district reads for a commune are the ones the commune signed.
* **previous**: the on-time rate of the period before (Q2 for Q3, H1 for 9M, …), from the same
  read, so each figure sits beside the previous period's.

A plan's sheet is read once per rollup (``backend.read``: two Sheets requests on Google) and
let go as soon as its figures are taken; plans are read side by side on ``workers`` threads,
their Google requests paced with everything else the process sends. A plan that cannot be
read — a config that does not load, a sheet shared with nobody, a broken header — is listed in
``unread`` with the reason, so the report names it instead of leaving it out.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from . import contract
from .aggregate import PeriodSummary, UnitRow, summarise
from .memory import collector_paused
from .periods import ReportingPeriod, reporting_period
from .plans import Entry, PlanFolder, current, open_plan
from .runner import describe_failure
from .sheet import read_plan
from .units import unit_list

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("sheets_sync.rollup")

COUNTS = ("total", "done_on_time", "done_late", "open_on_time", "open_late", "unknown")
LATE_LISTED = 10  # late tasks named in a plan's row; the rest are counted
# The period a period's figures sit beside: cumulative periods beside the one before them.
_PREVIOUS = {"Q2": "Q1", "H1": "Q1", "Q3": "Q2", "9M": "H1", "Q4": "Q3", "": "9M"}


def previous_period(period: ReportingPeriod) -> ReportingPeriod | None:
    """The period whose figures a report puts beside ``period``'s (None for the first one)."""
    part = period.key.partition("-")[2]
    before = _PREVIOUS.get(part)
    if before is None:
        return None
    return reporting_period(f"{period.year}-{before}", period.cut)


@dataclass(frozen=True)
class PlanPeriod:
    """One plan in one period: what the rollup keeps of its summary (the ``UnitRow`` figures:
    the four categories and the tasks come due, the plan's and each lead unit's)."""

    period: str
    as_of: date
    total: UnitRow
    units: dict[str, UnitRow]  # lead unit -> its figures in this plan
    late: list[str]  # "5. Tuyên truyền …": the tasks not done and past due


@dataclass
class PlanRead:
    key: str
    commune: str
    plan: str
    periods: dict[str, PlanPeriod] = field(default_factory=dict)
    error: str = ""  # why the plan could not be read; blank if it was


@dataclass(frozen=True)
class Unread:
    key: str
    commune: str
    plan: str
    reason: str


def figures_of(summary: PeriodSummary) -> PlanPeriod:
    """The rollup's figures of one plan's period summary (read-only use of the summary)."""
    units = {row.unit: row for row in summary.by_unit}
    late = [f"{t.task.stt}. {t.task.name.rstrip('. ')}" for t in summary.late]
    return PlanPeriod(
        summary.period.key,
        summary.as_of,
        summary.total,
        units,
        late,
    )


# --- reading the plans -------------------------------------------------------------------


def read_plans(
    folder: PlanFolder,
    periods: Sequence[ReportingPeriod],
    today: date,
    *,
    workers: int = 4,
) -> list[PlanRead]:
    """Every plan of ``folder`` whose year is the periods' year, each read once and summarised
    for each of ``periods``; configs that do not load come back as unread plans."""
    folder.scan()
    year = periods[0].year
    entries = [e for e in folder.plans if e.cfg.plan.year == year]
    for e in folder.plans:
        if e.cfg.plan.year != year:
            log.info("%s: a plan of %d, not of %d: left out", e.key, e.cfg.plan.year, year)
    with ThreadPoolExecutor(max(1, workers), thread_name_prefix="rollup") as pool:
        reads = list(pool.map(lambda e: _read_one(e, periods, today), entries))
    root = f"{folder.root}/"  # the server's folders are no business of the report's readers
    reads += [
        PlanRead(
            key, key, "", error=f"cấu hình lỗi (config not loaded): {message}".replace(root, "")
        )
        for key, message in sorted(folder.broken.items())
    ]
    return sorted(reads, key=lambda r: r.key)


@collector_paused()  # a plan's snapshot is built and dropped whole
def _read_one(entry: Entry, periods: Sequence[ReportingPeriod], today: date) -> PlanRead:
    cfg = entry.cfg
    result = PlanRead(entry.key, cfg.organisation.commune, cfg.plan.name)
    token = current.set(entry.key)
    try:
        backend = open_plan(cfg)
        # The identity tab too: read_plan refuses a config of another plan than the sheet's.
        tabs = [
            *(cfg.sheet.tab_title(t) for t in contract.TABS),
            contract.LISTS_TITLE,
            contract.IDENTITY_TITLE,
        ]
        snapshot = backend.read(tabs)
        plan = read_plan(snapshot, cfg)
        units = unit_list(snapshot, cfg)
        del snapshot  # the figures are all the rollup keeps
        for period in periods:
            span = reporting_period(period.key, cfg.report.cut)  # type: ignore[arg-type]
            # compare=False: the rollup reads the period before itself (``previous_period``)
            summary = summarise(plan, span, today, cfg, units, compare=False)
            result.periods[period.key] = figures_of(summary)
    except Exception as exc:
        result.error = describe_failure(exc)
        log.error("cannot be read for the rollup: %s", result.error)
    finally:
        current.reset(token)
    return result


# --- the tables --------------------------------------------------------------------------


@dataclass
class RollupTables:
    period: ReportingPeriod
    as_of: date
    plans: pd.DataFrame
    communes: pd.DataFrame
    units: pd.DataFrame
    total: dict[str, Any]  # the figures of every plan read, and "plans", "communes"
    unread: list[Unread]

    @property
    def by_communes(self) -> bool:
        """Several communes: the report ranks communes; one commune: it ranks its plans."""
        return len(self.communes) > 1


def rollup_tables(
    reads: Sequence[PlanRead], period: ReportingPeriod, previous: ReportingPeriod | None = None
) -> RollupTables:
    """The tables of ``period`` across the plans read (with ``previous``'s on-time rates)."""
    import pandas as pd

    rows, unit_rows, unread = [], [], []
    for read in reads:
        figures = read.periods.get(period.key)
        if read.error or figures is None:
            reason = read.error or "không có số liệu kỳ này (no figures for the period)"
            unread.append(Unread(read.key, read.commune, read.plan, reason))
            continue
        before = read.periods.get(previous.key) if previous else None
        rows.append(
            {
                "key": read.key,
                "commune": read.commune,
                "plan": read.plan,
                **_counts(figures.total),
                "previous_due": before.total.due if before else 0,
                "previous_on_time_due": before.total.due_on_time if before else 0,
                "late_tasks": _listed(figures.late),
                "as_of": figures.as_of,
            }
        )
        for unit, unit_figures in figures.units.items():
            unit_rows.append({"unit": unit, "key": read.key, **_counts(unit_figures)})
    numbers = [*COUNTS, "due", "on_time_due"]
    plans = pd.DataFrame(
        rows,
        columns=[
            "key",
            "commune",
            "plan",
            *numbers,
            "previous_due",
            "previous_on_time_due",
            "late_tasks",
            "as_of",
        ],
    )
    plans = _with_rates(plans)
    plans["previous_on_time_rate"] = _rate(plans["previous_on_time_due"], plans["previous_due"])
    communes = plans.groupby("commune", sort=False)[
        [*numbers, "previous_due", "previous_on_time_due"]
    ].sum()
    communes["plans"] = plans.groupby("commune", sort=False)["key"].count()
    communes = _with_rates(communes.reset_index())
    communes["previous_on_time_rate"] = _rate(
        communes["previous_on_time_due"], communes["previous_due"]
    )
    units_long = pd.DataFrame(unit_rows, columns=["unit", "key", *numbers])
    units = units_long.groupby("unit", sort=False)[numbers].sum()
    units["plans"] = units_long.groupby("unit", sort=False)["key"].nunique()
    units = _with_rates(units.reset_index()).sort_values(
        ["total", "unit"], ascending=[False, True], kind="stable"
    )
    sums = plans[[*numbers, "previous_due", "previous_on_time_due"]].sum()
    total: dict[str, Any] = {name: int(value) for name, value in sums.items()}
    total["plans"] = len(plans)
    total["communes"] = plans["commune"].nunique()
    total["on_time_rate"] = _rate_of(total["on_time_due"], total["due"])
    total["late_rate"] = _rate_of(total["done_late"] + total["open_late"], total["due"])
    total["previous_on_time_rate"] = _rate_of(total["previous_on_time_due"], total["previous_due"])
    as_of = min((r["as_of"] for r in rows), default=period.end)
    return RollupTables(period, as_of, plans, communes, units.reset_index(drop=True), total, unread)


def _counts(row: UnitRow) -> dict[str, int]:
    return {
        **{name: getattr(row, name) for name in COUNTS},
        "due": row.due,
        "on_time_due": row.due_on_time,
    }


def _listed(late: list[str]) -> str:
    shown = "; ".join(late[:LATE_LISTED])
    more = len(late) - LATE_LISTED
    return f"{shown}; và {more} nhiệm vụ khác" if more > 0 else shown


def _with_rates(df: pd.DataFrame) -> pd.DataFrame:
    df["on_time_rate"] = _rate(df["on_time_due"], df["due"])
    df["late_rate"] = _rate(df["done_late"] + df["open_late"], df["due"])
    return df


def _rate(part: pd.Series, whole: pd.Series) -> pd.Series:
    """Per cent, one decimal; missing (NaN) where nothing has come due."""
    return (100 * part / whole.where(whole > 0)).round(1)


def _rate_of(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
