"""The core as it read before the speed work of issue 7 (commit 5a77b61), kept as the oracle of
``test_perf_equivalence.py``: reading the progress log, the plan as of a day, the per-task dates
and the period summary, written the plain way. The faster code must give the same answers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from sheets_sync.aggregate import (
    NO_FORM,
    NO_LEAD,
    NO_UNIT,
    TOTAL,
    PeriodSummary,
    TaskActivity,
    _come_due,
    _due_next,
    _row,
    _unit_rows,
)
from sheets_sync.cells import CellError, as_count, as_date, as_text, is_blank
from sheets_sync.config import Config
from sheets_sync.contract import Status
from sheets_sync.periods import ReportingPeriod, occurrences
from sheets_sync.sheet import (
    Grid,
    Header,
    Plan,
    Problem,
    Progress,
    _display,
    _task_refs,
    _unknown_task,
)
from sheets_sync.status import Evaluation, evaluate_plan
from sheets_sync.units import Units, split_units, unit_key


def read_progress(
    grid: Grid,
    header: Header,
    cfg: Config,
    title: str,
    known: set[str],
    example: str,
    problems: list[Problem],
) -> list[Progress]:
    col = header.col
    date_col, stt_col, count_col = col("date"), col("task"), col("count")
    unit_col, form_col, content_col = col("unit"), col("form"), col("content")
    evidence_col = col("evidence")
    used = sorted(header.columns.values())
    pad = [None] * (max(used) + 1)
    year = cfg.plan.year
    refs_of: dict[object, list[str]] = {}
    texts: dict[str, str] = {}
    items: list[Progress] = []
    for r in range(header.row + 1, len(grid)):
        row = grid[r]
        if len(row) < len(pad):
            row = [*row, *pad[len(row) :]]
        on = row[date_col]
        if type(on) is not date:
            if all(is_blank(row[c]) for c in used):
                continue
            try:
                on = on.date() if isinstance(on, datetime) else as_date(on, year)
            except CellError as exc:
                problems.append(Problem(title, r, date_col, str(exc)))
                continue
            if on is None:
                message = "Thiếu ngày — ghi ngày dạng 15/03/2024"
                problems.append(Problem(title, r, date_col, message))
                continue
        typed = row[stt_col]
        memo = type(typed) in (float, str)
        refs = refs_of.get(typed) if memo else None
        if refs is None:
            refs = _task_refs(typed, known)
            if memo:
                refs_of[typed] = refs
        if not refs:
            problems.append(Problem(title, r, stt_col, _unknown_task(typed, example)))
            continue
        count = row[count_col] if count_col is not None else None
        if not (type(count) is float and count.is_integer() and count >= 0):
            try:
                count = as_count(count)
            except CellError as exc:
                problems.append(Problem(title, r, count_col, str(exc)))
                count = 0
        unit = _display(row[unit_col], texts) if unit_col is not None else ""
        form = _display(row[form_col], texts) if form_col is not None else ""
        content = _display(row[content_col], texts) if content_col is not None else ""
        evidence = row[evidence_col] if evidence_col is not None else ""
        evidence = evidence.strip() if type(evidence) is str else as_text(evidence)
        for ref in refs:
            items.append(Progress(r, on, ref, unit, form, content, int(count), evidence))
    return items


def dates_by_task(progress: Iterable[Progress]) -> dict[str, list[date]]:
    dates: dict[str, list[date]] = defaultdict(list)
    for item in progress:
        dates[item.stt].append(item.on)
    for days in dates.values():
        days.sort()
    return dict(dates)


def known_by(plan: Plan, day: date) -> Plan:
    tasks = [
        t if t.done_on is None or t.done_on <= day else replace(t, done_on=None) for t in plan.tasks
    ]
    return replace(plan, tasks=tasks, progress=[p for p in plan.progress if p.on <= day])


def summarise(
    plan: Plan,
    period: ReportingPeriod,
    today: date,
    cfg: Config,
    units: Units | Sequence[str] = (),
) -> PeriodSummary:
    as_of = min(period.end, today)
    evaluations = evaluate_plan(
        known_by(plan, as_of),
        as_of + timedelta(days=1),
        cfg.status.due_soon_days,
        as_of_report=True,
        calendar=cfg.status.calendar,
    )
    in_period = [p for p in plan.progress if period.start <= p.on <= as_of]
    by_task: dict[str, list[Progress]] = defaultdict(list)
    for p in in_period:
        by_task[p.stt].append(p)
    known = units if isinstance(units, Units) else Units(tuple(units))
    tasks = [_activity(ev, by_task.get(ev.task.key, ()), known, as_of) for ev in evaluations]
    return PeriodSummary(
        period=period,
        as_of=as_of,
        tasks=tasks,
        doers=_by_doer(in_period, known),
        by_unit=_unit_rows(tasks, known),
        total=_row(TOTAL, tasks),
        late=[t for t in tasks if t.status is Status.OVERDUE],
        done_late=[t for t in tasks if t.status is Status.DONE_LATE],
        due_next=_due_next(tasks, period.next()),
        months=[s.label for s in occurrences("month", period.start, max(period.start, as_of))],
        forms_by_month=_forms_by_month(in_period),
    )


def _activity(ev: Evaluation, rows: Sequence[Progress], known: Units, as_of: date) -> TaskActivity:
    forms: Counter[str] = Counter()
    for p in rows:
        forms[p.form or NO_FORM] += p.count
    leads = tuple(split_units(ev.task.lead, known)) or (NO_LEAD,)
    return TaskActivity(ev, leads, len(rows), dict(forms.most_common()), _come_due(ev, as_of))


def _by_doer(rows: Iterable[Progress], known: Units) -> dict[str, dict[str, int]]:
    names = {unit_key(u): u for u in known.names}  # unlisted units: the first spelling met
    doers: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[int] = set()
    for p in rows:
        if p.row in seen:
            continue
        seen.add(p.row)
        unit = NO_UNIT
        if p.unit:
            listed = known.name_of(p.unit)
            unit = names.setdefault(unit_key(listed), listed)
        doers[unit][p.form or NO_FORM] += p.count
    ranked = sorted(doers, key=lambda u: (known.order(u), u))
    return {u: dict(doers[u].most_common()) for u in ranked}


def _forms_by_month(rows: Iterable[Progress]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[int] = set()
    for p in rows:
        if p.row not in seen:
            seen.add(p.row)
            counts[p.form or NO_FORM][f"tháng {p.on.month}/{p.on.year}"] += p.count
    return {form: dict(months) for form, months in counts.items()}
