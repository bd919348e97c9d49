"""What happened in a reporting period, as plain numbers and lists for the report.

Usage::

    period = reporting_period("2024-Q3", cfg.report.cut)
    summary = summarise(plan, period, today=date(2024, 10, 15), cfg=cfg, units=known)
    summary.by_unit        # rows of the standard table per lead unit
    summary.late           # tasks not done and past due, with their lead units and what is missing

Everything is a pure function of (plan, period, today, config, known units). Statuses are judged
at the end of the period's last day (or of today, if the period has not ended yet), from the
progress rows and completion dates up to that day: a report for the first quarter says what was
true on 31 March, whatever was typed after. A task due on the period's last day and not done by
then is late in that period's report.

A lead cell naming several units (``units.split_units``) counts once for each of them in the
table per lead unit; the total row counts each task once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter

from . import seed
from .config import Config
from .contract import CATEGORY_OF, Category, Status
from .periods import ReportingPeriod, occurrences
from .sheet import Plan, Problem, Progress, Task
from .status import Evaluation, evaluate_plan
from .units import split_units, unit_key

NO_LEAD = "Chưa ghi cơ quan chủ trì"
NO_UNIT = "Chưa ghi đơn vị"
NO_FORM = "Khác"
TOTAL = "Tổng cộng"


@dataclass(frozen=True, slots=True)
class TaskActivity:
    """One task in the period: its status at the period's end and what was logged for it."""

    evaluation: Evaluation
    leads: tuple[str, ...]  # lead units, split and named as in the unit list
    entries: int  # progress rows dated in the period
    by_form: dict[str, int]  # form -> total of "Số lượng"

    @property
    def task(self) -> Task:
        return self.evaluation.task

    @property
    def status(self) -> Status:
        return self.evaluation.status


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One row of the standard summary table: the four categories of a lead unit's tasks."""

    unit: str
    total: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open_on_time: int = 0
    open_late: int = 0
    unknown: int = 0  # "Chưa rõ thời hạn": counted in total, in no category, in no rate

    @property
    def judged(self) -> int:
        return self.total - self.unknown

    @property
    def on_time_rate(self) -> float | None:
        """Tasks done on time, in % of the tasks whose due date is known."""
        return 100 * self.done_on_time / self.judged if self.judged else None

    @property
    def late_rate(self) -> float | None:
        """Tasks past due (done late or still open), in % of the tasks whose due date is known."""
        return 100 * (self.done_late + self.open_late) / self.judged if self.judged else None


@dataclass(frozen=True, slots=True)
class DueItem:
    activity: TaskActivity
    due: date
    what: str  # e.g. "hạn 31/12/2024" or "các kỳ tháng 10/2024, tháng 11/2024"


@dataclass
class PeriodSummary:
    period: ReportingPeriod
    as_of: date  # figures run to the end of this day
    tasks: list[TaskActivity]
    doers: dict[str, dict[str, int]]  # unit that logged the work -> form -> count
    by_unit: list[UnitRow]  # per lead unit
    total: UnitRow  # each task once
    late: list[TaskActivity]  # not done and past due
    done_late: list[TaskActivity]
    problems: list[str]
    due_next: list[DueItem]
    months: list[str]  # "tháng 7/2024", ...: the months the period's figures touch
    forms_by_month: dict[str, dict[str, int]]  # form -> month -> progress rows

    @property
    def by_month(self) -> dict[str, int]:
        """Progress rows logged in each month of the period."""
        totals = dict.fromkeys(self.months, 0)
        for months in self.forms_by_month.values():
            for month, n in months.items():
                totals[month] += n
        return totals

    @property
    def entries(self) -> int:
        return sum(t.entries for t in self.tasks)

    @property
    def statuses(self) -> Counter[Status]:
        return Counter(t.status for t in self.tasks)


def summarise(
    plan: Plan,
    period: ReportingPeriod,
    today: date,
    cfg: Config,
    units: Sequence[str] = seed.UNITS,
) -> PeriodSummary:
    as_of = min(period.end, today)
    evaluations = evaluate_plan(
        plan.known_by(as_of),
        as_of + timedelta(days=1),  # the whole of the last day counts
        cfg.status.due_soon_days,
        as_of_report=True,
        calendar=cfg.status.calendar,
    )
    in_period = [p for p in plan.progress if period.start <= p.on <= as_of]
    pieces = _pieces(in_period)
    known = tuple(units)
    tasks = _activities(evaluations, in_period, known)
    return PeriodSummary(
        period=period,
        as_of=as_of,
        tasks=tasks,
        doers=_by_doer(pieces, known),
        by_unit=_unit_rows(tasks, known),
        total=_row(TOTAL, tasks),
        late=[t for t in tasks if t.status is Status.OVERDUE],
        done_late=[t for t in tasks if t.status is Status.DONE_LATE],
        problems=_problems(plan.problems, evaluations),
        due_next=_due_next(tasks, period.next()),
        months=[s.label for s in occurrences("month", period.start, max(period.start, as_of))],
        forms_by_month=_forms_by_month(pieces),
    )


def _pieces(rows: Sequence[Progress]) -> list[Progress]:
    """Each progress row once: a row shared by several tasks is one piece of work.

    (Its records differ only in the task, which the totals by doer and by month do not use.)
    """
    return list({p.row: p for p in rows}.values())


def _activities(
    evaluations: Sequence[Evaluation], rows: Sequence[Progress], known: tuple[str, ...]
) -> list[TaskActivity]:
    """Each task with its status and what was logged for it in the period, in one pass."""
    entries: dict[str, int] = defaultdict(int)
    totals: dict[str, dict[str, int]] = defaultdict(dict)  # task -> form -> total count
    for p in rows:
        entries[p.stt] += 1
        forms = totals[p.stt]
        form = p.form or NO_FORM
        forms[form] = forms.get(form, 0) + p.count
    leads: dict[str, tuple[str, ...]] = {}  # many tasks share a lead cell
    activities = []
    for ev in evaluations:
        lead, key = ev.task.lead, ev.task.key
        if lead not in leads:
            leads[lead] = tuple(split_units(lead, known)) or (NO_LEAD,)
        forms = _ranked(totals.get(key, {}))
        activities.append(TaskActivity(ev, leads[lead], entries.get(key, 0), forms))
    return activities


def _ranked(counts: Mapping[str, int]) -> dict[str, int]:
    """Largest count first, ties in the order first seen (as ``Counter.most_common``)."""
    return dict(sorted(counts.items(), key=itemgetter(1), reverse=True))


def _by_doer(pieces: Iterable[Progress], known: tuple[str, ...]) -> dict[str, dict[str, int]]:
    names = {unit_key(u): u for u in known}
    named: dict[str, str] = {}  # unit as typed -> as reported
    doers: dict[str, dict[str, int]] = defaultdict(dict)
    for p in pieces:
        unit = named.get(p.unit)
        if unit is None:
            unit = named[p.unit] = names.get(unit_key(p.unit), p.unit) if p.unit else NO_UNIT
        forms = doers[unit]
        form = p.form or NO_FORM
        forms[form] = forms.get(form, 0) + p.count
    order = {u: i for i, u in enumerate(known)}
    ranked = sorted(doers, key=lambda u: (order.get(u, len(order)), u))
    return {u: _ranked(doers[u]) for u in ranked}


def _unit_rows(tasks: Sequence[TaskActivity], known: tuple[str, ...]) -> list[UnitRow]:
    """One row per lead unit: the known units in list order, then the others as they appear."""
    groups: dict[str, list[TaskActivity]] = defaultdict(list)
    for t in tasks:
        for unit in t.leads:
            groups[unit].append(t)
    order = {u: i for i, u in enumerate(known)}
    first_seen = {u: i for i, u in enumerate(groups)}
    ranked = sorted(groups, key=lambda u: (order.get(u, len(order)), first_seen[u]))
    return [_row(unit, groups[unit]) for unit in ranked]


def _row(unit: str, tasks: Sequence[TaskActivity]) -> UnitRow:
    c: Counter[Category | None] = Counter(CATEGORY_OF[t.status] for t in tasks)
    return UnitRow(
        unit=unit,
        total=len(tasks),
        done_on_time=c[Category.DONE_ON_TIME],
        done_late=c[Category.DONE_LATE],
        open_on_time=c[Category.OPEN_ON_TIME],
        open_late=c[Category.OPEN_LATE],
        unknown=c[None],
    )


def _problems(problems: Sequence[Problem], evaluations: Sequence[Evaluation]) -> list[str]:
    """Timeframes not understood or outside the plan year first, then the cells the reader
    could not use (progress rows naming no task, impossible dates, ...), each once."""
    found = [
        f"Nhiệm vụ {e.task.stt}: {e.task.timeframe.warning}"
        for e in evaluations
        if e.task.timeframe.warning
    ]
    found += [str(p) for p in problems]
    return list(dict.fromkeys(found))


def _due_next(tasks: Sequence[TaskActivity], nxt: ReportingPeriod) -> list[DueItem]:
    """Deadlines that fall in the next period, and the occurrences of recurring work in it."""
    items: list[DueItem] = []
    for t in tasks:
        tf = t.task.timeframe
        if t.status in (Status.DONE_ON_TIME, Status.DONE_LATE) or tf.due is None:
            continue
        if tf.kind == "deadline":
            if nxt.start <= tf.due <= nxt.end:
                items.append(DueItem(t, tf.due, f"hạn {tf.due:%d/%m/%Y}"))
            continue
        start = max(tf.start or nxt.start, nxt.start)
        spans = tf.occurrences(start, min(tf.due, nxt.end)) if start <= tf.due else []
        if spans:
            labels = ", ".join(s.label for s in spans)
            items.append(DueItem(t, spans[-1].end, f"kỳ {labels}"))
    return sorted(items, key=lambda i: (i.due, i.activity.task.row))


def _forms_by_month(pieces: Iterable[Progress]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    months: dict[date, str] = {}  # a year has 366 days: name each day's month once
    for p in pieces:
        month = months.get(p.on)
        if month is None:
            month = months[p.on] = f"tháng {p.on.month}/{p.on.year}"
        forms = counts[p.form or NO_FORM]
        forms[month] = forms.get(month, 0) + 1
    return dict(counts)
