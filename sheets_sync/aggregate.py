"""What happened in a reporting period, as plain numbers and lists for the report.

Usage::

    period = reporting_period("2024-Q3", cfg.report.cut)
    summary = summarise(plan, period, today=date(2024, 10, 15), cfg=cfg, units=units)
    summary.by_unit        # rows of the standard table per lead unit
    summary.late           # tasks not done and past due, with their lead units and what is missing
    summary.previous       # the same figures for the period before (quý II for quý III), if any

Everything is a pure function of (plan, period, today, config, units). Statuses are judged at the
end of the period's last day (or of today, if the period has not ended yet), from the progress
rows and completion dates up to that day: a report for the first quarter says what was true on
31 March, whatever was typed after. A task due on the period's last day and not done by then is
late in that period's report.

**Tasks come due.** Rates are counted over the tasks that have come due (nhiệm vụ đến hạn), as
Vietnamese task reports count them, and over all tasks beside them: a deadline task has come due
once its due date has passed or it is done; a recurring or continuous task once its first
occurrence (month, quarter, …) has ended. A task that has come due is on time if it was done by
its due date, or (recurring, continuous) every occurrence that ended had its progress row.

A lead cell naming several units (``units.split_units``) counts once for each of them in the
table per lead unit; the total row counts each task once. Quantities by form add up the
``Số lượng`` of the progress rows; "hoạt động" (activities) count the rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter

from . import contract
from .config import Config
from .contract import CATEGORY_OF, Category, Status
from .periods import ReportingPeriod, occurrences, reporting_period
from .sheet import Plan, Progress, Task
from .status import Evaluation, evaluate_plan
from .timeframe import Timeframe
from .units import Units, split_units, unit_key

NO_LEAD = "Chưa xác định cơ quan chủ trì"
NO_UNIT = "Chưa xác định đơn vị"
NO_FORM = "Khác"
TOTAL = "Tổng cộng"
_DONE = (Status.DONE_ON_TIME, Status.DONE_LATE)
_LATE = (Status.DONE_LATE, Status.OVERDUE)


@dataclass(frozen=True, slots=True)
class TaskActivity:
    """One task in the period: its status at the period's end and what was logged for it."""

    evaluation: Evaluation
    leads: tuple[str, ...]  # lead units, split and named as in the unit list
    entries: int  # progress rows dated in the period
    by_form: dict[str, int]  # form -> total of "Số lượng"
    come_due: bool = False  # see the module's docstring

    @property
    def task(self) -> Task:
        return self.evaluation.task

    @property
    def status(self) -> Status:
        return self.evaluation.status

    @property
    def on_time(self) -> bool:
        """Come due and kept to its due date (or every occurrence so far)."""
        return self.come_due and self.status not in _LATE


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One row of the standard summary table: the four categories of a lead unit's tasks, and
    how many of its tasks have come due."""

    unit: str
    total: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open_on_time: int = 0
    open_late: int = 0
    unknown: int = 0  # "Chưa rõ thời hạn": counted in total, in no category, in no rate
    due: int = 0  # tasks come due
    due_on_time: int = 0  # of which kept to time

    @property
    def judged(self) -> int:
        return self.total - self.unknown

    @property
    def late(self) -> int:
        """Tasks past due: done late or still open (every one of them has come due)."""
        return self.done_late + self.open_late

    @property
    def not_due(self) -> int:
        return self.judged - self.due

    @property
    def due_on_time_rate(self) -> float | None:
        """Tasks kept to time, in % of the tasks come due."""
        return 100 * self.due_on_time / self.due if self.due else None

    @property
    def due_late_rate(self) -> float | None:
        """Tasks past due, in % of the tasks come due."""
        return 100 * self.late / self.due if self.due else None

    @property
    def late_rate(self) -> float | None:
        """Tasks past due (done late or still open), in % of the tasks whose due date is known."""
        return 100 * self.late / self.judged if self.judged else None


@dataclass(frozen=True, slots=True)
class DueItem:
    activity: TaskActivity
    due: date
    spans: tuple[str, ...]  # occurrences due in the next period ("tháng 10/2024"); () = deadline


@dataclass(frozen=True, slots=True)
class Activity:
    """What was logged over some days: rows, and ``Số lượng`` per form."""

    entries: int
    forms: dict[str, int]


@dataclass
class PeriodSummary:
    period: ReportingPeriod
    as_of: date  # figures run to the end of this day
    tasks: list[TaskActivity]
    doers: dict[str, dict[str, int]]  # unit that logged the work -> form -> quantity
    by_unit: list[UnitRow]  # per lead unit
    total: UnitRow  # each task once
    late: list[TaskActivity]  # not done and past due
    done_late: list[TaskActivity]
    due_next: list[DueItem]
    months: list[str]  # "tháng 7/2024", ...: the months the period's figures touch
    forms_by_month: dict[str, dict[str, int]]  # form -> month -> quantity
    activity: Activity | None = None  # the period's rows and quantities per form
    late_by_unit: list[tuple[str, list[TaskActivity]]] | None = None  # lead unit -> its late
    excluded: int = 0  # progress rows left out: they could not be read (noted in the sheet)
    previous: PeriodSummary | None = None  # the period before, within the plan year
    year_to_date: Activity | None = None  # from the plan year's start (if this period is not)
    form_order: list[str] | None = None  # forms as first logged in the year: stable colours

    @property
    def by_month(self) -> dict[str, int]:
        """Quantities logged in each month of the period, all forms together."""
        totals = dict.fromkeys(self.months, 0)
        for months in self.forms_by_month.values():
            for month, n in months.items():
                totals[month] += n
        return totals

    @property
    def entries(self) -> int:
        """Progress rows in the period (a row shared by two tasks once)."""
        if self.activity is not None:
            return self.activity.entries
        return sum(t.entries for t in self.tasks)


def evaluate_at(plan: Plan, day: date, cfg: Config) -> list[Evaluation]:
    """Every task as it stood at the end of ``day``: judged from what was typed by then."""
    return evaluate_plan(
        plan.known_by(day),
        day + timedelta(days=1),  # the whole of the day counts
        cfg.status.due_soon_days,
        as_of_report=True,
        calendar=cfg.status.calendar,
    )


def summarise(
    plan: Plan,
    period: ReportingPeriod,
    today: date,
    cfg: Config,
    units: Units | Sequence[str] = (),
    *,
    compare: bool = True,
) -> PeriodSummary:
    """The period's figures; with ``compare``, also the period before's (when it lies in the
    plan year) and the totals from the plan year's start."""
    units = units if isinstance(units, Units) else Units(tuple(units))
    as_of = min(period.end, today)
    evaluations = evaluate_at(plan, as_of, cfg)
    in_period = [p for p in plan.progress if period.start <= p.on <= as_of]
    pieces = _pieces(in_period)
    tasks = _activities(evaluations, in_period, units, as_of)
    late = [t for t in tasks if t.status is Status.OVERDUE]
    summary = PeriodSummary(
        period=period,
        as_of=as_of,
        tasks=tasks,
        doers=_by_doer(pieces, units),
        by_unit=_unit_rows(tasks, units),
        total=_row(TOTAL, tasks),
        late=late,
        done_late=[t for t in tasks if t.status is Status.DONE_LATE],
        due_next=_due_next(tasks, period.next()),
        months=[s.label for s in occurrences("month", period.start, max(period.start, as_of))],
        forms_by_month=_forms_by_month(pieces),
        activity=_activity(pieces),
        late_by_unit=_by_lead(late, units),
        excluded=_excluded(plan, cfg.sheet.tab_title(contract.PROGRESS)),
    )
    if not compare:
        summary.form_order = list(_first_logged(pieces))
        return summary
    year = reporting_period(str(cfg.plan.year), period.cut)
    before = period.previous()
    if before.start >= year.start:
        summary.previous = summarise(plan, before, today, cfg, units, compare=False)
    so_far = _pieces([p for p in plan.progress if year.start <= p.on <= as_of])
    if period.start > year.start:
        summary.year_to_date = _activity(so_far)
    summary.form_order = list(_first_logged(so_far))
    return summary


def _pieces(rows: Sequence[Progress]) -> list[Progress]:
    """Each progress row once: a row shared by several tasks is one piece of work.

    (Its records differ only in the task, which the totals by doer and by month do not use.)
    """
    return list({p.row: p for p in rows}.values())


def _activity(pieces: Sequence[Progress]) -> Activity:
    forms: dict[str, int] = {}
    for p in pieces:
        form = p.form or NO_FORM
        forms[form] = forms.get(form, 0) + p.count
    return Activity(len(pieces), _ranked(forms))


def _first_logged(pieces: Iterable[Progress]) -> dict[str, date]:
    """Forms in the order they were first logged (ties by name)."""
    first: dict[str, date] = {}
    for p in pieces:
        form = p.form or NO_FORM
        if form not in first or p.on < first[form]:
            first[form] = p.on
    return dict(sorted(first.items(), key=lambda item: (item[1], item[0])))


def _excluded(plan: Plan, progress_title: str) -> int:
    """Progress rows the reader could not use (no readable date, no such task): in no figure."""
    if plan.progress_header is None:
        return 0
    kept = {p.row for p in plan.progress}
    noted = {p.row for p in plan.problems if p.tab == progress_title and p.row is not None}
    return len(noted - kept)


def _activities(
    evaluations: Sequence[Evaluation], rows: Sequence[Progress], units: Units, as_of: date
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
            leads[lead] = tuple(split_units(lead, units)) or (NO_LEAD,)
        forms = _ranked(totals.get(key, {}))
        due = _come_due(ev, as_of)
        activities.append(TaskActivity(ev, leads[lead], entries.get(key, 0), forms, due))
    return activities


def _come_due(ev: Evaluation, as_of: date) -> bool:
    if ev.status in _DONE or ev.status is Status.OVERDUE:
        return True
    tf = ev.task.timeframe
    if ev.status is Status.UNKNOWN or tf.due is None or tf.kind == "deadline":
        return False
    return _first_occurrence_end(tf, tf.start or date(tf.due.year, 1, 1), tf.due) <= as_of


@lru_cache(maxsize=1024)
def _first_occurrence_end(tf: Timeframe, start: date, due: date) -> date:
    """When the first occurrence of recurring or ongoing work ends: the same occurrences the
    statuses judge (``Timeframe.occurrences``, due by the day the plan names)."""
    spans = tf.occurrences(start, due)
    return spans[0].end if spans else due


def _ranked(counts: Mapping[str, int]) -> dict[str, int]:
    """Largest count first, ties in the order first seen (as ``Counter.most_common``)."""
    return dict(sorted(counts.items(), key=itemgetter(1), reverse=True))


def _namer(units: Units) -> dict[str, str]:
    """unit_key -> the name a report uses; unlisted units keep the first spelling met."""
    return {unit_key(u): u for u in units.names}


def _by_doer(pieces: Iterable[Progress], units: Units) -> dict[str, dict[str, int]]:
    names = _namer(units)
    named: dict[str, str] = {}  # unit as typed -> as reported
    doers: dict[str, dict[str, int]] = defaultdict(dict)
    for p in pieces:
        unit = named.get(p.unit)
        if unit is None:
            unit = NO_UNIT
            if p.unit:
                listed = units.name_of(p.unit)
                unit = names.setdefault(unit_key(listed), listed)
            named[p.unit] = unit
        forms = doers[unit]
        form = p.form or NO_FORM
        forms[form] = forms.get(form, 0) + p.count
    ranked = sorted(doers, key=lambda u: (units.order(u), u))
    return {u: _ranked(doers[u]) for u in ranked}


def _unit_rows(tasks: Sequence[TaskActivity], units: Units) -> list[UnitRow]:
    """One row per lead unit: the listed units in list order, then the others as they appear."""
    groups: dict[str, list[TaskActivity]] = defaultdict(list)
    for t in tasks:
        for unit in t.leads:
            groups[unit].append(t)
    first_seen = {u: i for i, u in enumerate(groups)}
    ranked = sorted(groups, key=lambda u: (units.order(u), first_seen[u]))
    return [_row(unit, groups[unit]) for unit in ranked]


def _by_lead(late: Sequence[TaskActivity], units: Units) -> list[tuple[str, list[TaskActivity]]]:
    """The late tasks under each of their lead units, the units in the table's order."""
    groups: dict[str, list[TaskActivity]] = defaultdict(list)
    for t in late:
        for unit in t.leads:
            groups[unit].append(t)
    first_seen = {u: i for i, u in enumerate(groups)}
    ranked = sorted(groups, key=lambda u: (units.order(u), first_seen[u]))
    return [(unit, groups[unit]) for unit in ranked]


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
        due=sum(1 for t in tasks if t.come_due),
        due_on_time=sum(1 for t in tasks if t.on_time),
    )


def _due_next(tasks: Sequence[TaskActivity], nxt: ReportingPeriod) -> list[DueItem]:
    """Deadlines that fall in the next period, and the occurrences of recurring work in it."""
    items: list[DueItem] = []
    for t in tasks:
        tf = t.task.timeframe
        if t.status in _DONE or tf.due is None:
            continue
        if tf.kind == "deadline":
            due = t.evaluation.final_due or tf.due  # (never None: tf.due is set)
            if nxt.start <= due <= nxt.end:
                items.append(DueItem(t, due, ()))
            continue
        start = max(tf.start or nxt.start, nxt.start)
        spans = tf.occurrences(start, min(tf.due, nxt.end)) if start <= tf.due else []
        if spans:
            items.append(DueItem(t, spans[-1].end, tuple(s.label for s in spans)))
    return sorted(items, key=lambda i: (i.due, i.activity.task.row))


def _forms_by_month(pieces: Iterable[Progress]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    months: dict[date, str] = {}  # a year has 366 days: name each day's month once
    for p in pieces:
        month = months.get(p.on)
        if month is None:
            month = months[p.on] = f"tháng {p.on.month}/{p.on.year}"
        forms = counts[p.form or NO_FORM]
        forms[month] = forms.get(month, 0) + p.count
    return dict(counts)
