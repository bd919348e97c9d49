"""What happened in a reporting period, as plain numbers and lists for the report.

Usage::

    period = reporting_period("2024-Q3", cfg.report.cut)
    summary = summarise(plan, period, today=date(2024, 10, 15), cfg=cfg)
    summary.by_unit        # rows of the standard table per lead unit
    summary.late           # tasks not done and past due, with their lead units

Everything is a pure function of (plan, period, today, config). Statuses are judged as of the
period's last day (or today, if the period has not ended yet), so a report for the first quarter
says what was true at the end of March, whatever happened after.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .config import Config
from .contract import CATEGORY_OF, Category, Status
from .periods import ReportingPeriod
from .sheet import Plan, Problem, Progress, Task
from .status import Evaluation, evaluate_plan


@dataclass(frozen=True, slots=True)
class TaskActivity:
    task: Task
    evaluation: Evaluation
    entries: int  # progress rows in the period
    by_form: dict[str, int]  # form -> total count

    @property
    def total(self) -> int:
        return sum(self.by_form.values())


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One row of the standard summary table per lead unit."""

    unit: str
    total: int
    done_on_time: int
    done_late: int
    open_on_time: int
    open_late: int
    unknown: int = 0

    @property
    def on_time_rate(self) -> float | None:
        judged = self.total - self.unknown
        return 100 * self.done_on_time / judged if judged else None

    @property
    def late_rate(self) -> float | None:
        judged = self.total - self.unknown
        return 100 * (self.done_late + self.open_late) / judged if judged else None


@dataclass(frozen=True, slots=True)
class DueItem:
    task: Task
    due: date
    what: str  # e.g. "hạn 31/12/2024" or "kỳ tháng 10/2024"


@dataclass
class PeriodSummary:
    period: ReportingPeriod
    as_of: date
    tasks: list[TaskActivity]
    units: dict[str, dict[str, int]]  # unit (who did it) -> form -> count
    by_unit: list[UnitRow]  # per lead unit
    total: UnitRow
    late: list[Evaluation]
    problems: list[str]
    due_next: list[DueItem]
    statuses: Counter[Status] = field(default_factory=Counter)

    @property
    def entries(self) -> int:
        return sum(t.entries for t in self.tasks)


def summarise(plan: Plan, period: ReportingPeriod, today: date, cfg: Config) -> PeriodSummary:
    as_of = min(period.end, today)
    evaluations = evaluate_plan(plan, as_of, cfg.status.due_soon_days, as_of_report=True)
    start, end = period.start, period.end
    in_period = [p for p in plan.progress if start <= p.on <= end]
    by_task: dict[str, list[Progress]] = defaultdict(list)
    for p in in_period:
        by_task[p.stt].append(p)
    tasks = [_activity(ev, by_task.get(ev.task.key, [])) for ev in evaluations]
    by_unit = _unit_rows(evaluations)
    return PeriodSummary(
        period=period,
        as_of=as_of,
        tasks=tasks,
        units=_by_doer(in_period),
        by_unit=by_unit,
        total=_total(by_unit),
        late=[e for e in evaluations if e.status is Status.OVERDUE],
        problems=_problems(plan.problems, evaluations),
        due_next=_due_next(evaluations, period.next()),
        statuses=Counter(e.status for e in evaluations),
    )


def _activity(ev: Evaluation, rows: Sequence[Progress]) -> TaskActivity:
    forms: Counter[str] = Counter()
    for p in rows:
        forms[p.form or "Khác"] += p.count
    return TaskActivity(ev.task, ev, len(rows), dict(forms))


def _by_doer(rows: Iterable[Progress]) -> dict[str, dict[str, int]]:
    units: dict[str, Counter[str]] = defaultdict(Counter)
    last_row = -1
    for p in rows:
        # A row shared by several tasks becomes consecutive items: count it once for its unit.
        if p.row == last_row:
            continue
        last_row = p.row
        units[p.unit or "Chưa ghi đơn vị"][p.form or "Khác"] += p.count
    return {u: dict(c) for u, c in sorted(units.items())}


def _unit_rows(evaluations: Sequence[Evaluation]) -> list[UnitRow]:
    groups: dict[str, Counter[Category | None]] = defaultdict(Counter)
    for ev in evaluations:
        groups[ev.task.lead or "Chưa ghi cơ quan chủ trì"][CATEGORY_OF[ev.status]] += 1
    return [
        UnitRow(
            unit=unit,
            total=sum(c.values()),
            done_on_time=c[Category.DONE_ON_TIME],
            done_late=c[Category.DONE_LATE],
            open_on_time=c[Category.OPEN_ON_TIME],
            open_late=c[Category.OPEN_LATE],
            unknown=c[None],
        )
        for unit, c in groups.items()
    ]


def _total(rows: Sequence[UnitRow]) -> UnitRow:
    return UnitRow(
        "Tổng cộng",
        sum(r.total for r in rows),
        sum(r.done_on_time for r in rows),
        sum(r.done_late for r in rows),
        sum(r.open_on_time for r in rows),
        sum(r.open_late for r in rows),
        sum(r.unknown for r in rows),
    )


def _problems(problems: Sequence[Problem], evaluations: Sequence[Evaluation]) -> list[str]:
    found = [
        f"Nhiệm vụ {e.task.stt}: {e.task.timeframe.warning}"
        for e in evaluations
        if e.task.timeframe.warning
    ]
    found += [str(p) for p in problems]
    return list(dict.fromkeys(found))


def _due_next(evaluations: Sequence[Evaluation], nxt: ReportingPeriod) -> list[DueItem]:
    """Deadlines, and the last occurrence of recurring work, that fall in the next period."""
    items: list[DueItem] = []
    for ev in evaluations:
        if ev.status in (Status.DONE_ON_TIME, Status.DONE_LATE) or ev.task.timeframe.due is None:
            continue
        due = ev.task.timeframe.due
        if ev.task.timeframe.kind == "deadline":
            if nxt.start <= due <= nxt.end:
                items.append(DueItem(ev.task, due, f"hạn {due:%d/%m/%Y}"))
        elif due >= nxt.start:
            end = min(due, nxt.end)
            items.append(DueItem(ev.task, end, f"thực hiện định kỳ đến {end:%d/%m/%Y}"))
    return sorted(items, key=lambda i: (i.due, i.task.row))
