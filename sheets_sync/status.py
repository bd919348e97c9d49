"""Each task's due date, status and note as of a day: pure functions of (task, progress, today).

Usage (on the demo plan)::

    >>> from sheets_sync.sheet import read_plan
    >>> plan = read_plan(backend.read(["Nhiệm vụ", "Tiến độ"]), cfg)
    >>> evaluations = evaluate_plan(plan, today=date(2024, 10, 15), due_soon_days=14)
    >>> for e in evaluations[1:3]:
    ...     print(e.task.stt, e.due, e.status, "|", e.note)
    2 2024-12-31 Quá hạn | Chưa có kết quả kỳ quý III/2024
    3 2024-03-31 Hoàn thành quá hạn | Hoàn thành ngày 12/04/2024, muộn 12 ngày

The rules (DESIGN §3–4):

* deadline — done on or before the due date: ``Hoàn thành đúng hạn``; after it: ``Hoàn thành
  quá hạn``; not done and past due: ``Quá hạn``; due within ``due_soon_days``: ``Sắp đến hạn``;
  progress rows logged: ``Đang thực hiện``; otherwise ``Chưa đến hạn``.
* recurring — every occurrence (month, quarter, ...) that has ended needs a progress row dated
  inside it; a miss is ``Quá hạn`` and the note names the missed periods. An occurrence ends
  with its period, or on the day the plan names ("Trước ngày 25 hằng tháng": February's runs
  26/1–25/2), and starts no earlier than the task ("Từ quý II/2025, thường xuyên"). The
  occurrence under way is ``Đang thực hiện`` once something is logged (in it, or in every past
  one), ``Sắp đến hạn`` near its end with nothing in it, and ``Chưa đến hạn`` while nothing is
  logged at all.
* continuous — the same, with calendar quarters as the occurrences.
* unknown — ``Chưa rõ thời hạn`` with the parser's hint of what it understands.

Every status comes with a note saying why: what was done and when, or what is needed by when.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .cells import Cell
from .contract import Status
from .holidays import WorkCalendar
from .periods import Span
from .sheet import Plan, Task
from .text import clean, quote
from .timeframe import Timeframe


@dataclass(frozen=True, slots=True)
class Evaluation:
    task: Task
    due: date | None  # what "Hạn (tự động)" shows: the next date something is needed by
    status: Status
    note: str
    missed: tuple[Span, ...] = ()  # occurrences that ended without a progress row

    @property
    def job_cells(self) -> dict[str, Cell]:
        """What the job-owned columns should show, by column key (``contract.TASKS``)."""
        return {"due": self.due, "status": self.status.value, "note": self.note}

    @property
    def final_due(self) -> date | None:
        """The last day the task may be done: a deadline as judged (moved to the next working
        day when the config says so), else the end of the recurring or ongoing work."""
        timeframe = self.task.timeframe
        return (self.due if timeframe.kind == "deadline" else None) or timeframe.due


def evaluate_plan(
    plan: Plan,
    today: date,
    due_soon_days: int,
    *,
    as_of_report: bool = False,
    calendar: WorkCalendar | None = None,
) -> list[Evaluation]:
    """Evaluate every task of the plan. ``as_of_report`` looks back at a past day quietly;
    ``calendar`` rolls deadlines that fall on a day off to the next working day."""
    dates = plan.dates_by_task
    return [
        _evaluate(
            t,
            dates.get(t.key, ()),
            today,
            due_soon_days,
            as_of_report=as_of_report,
            calendar=calendar,
        )
        for t in plan.tasks
    ]


def _evaluate(
    task: Task,
    dates: Sequence[date],
    today: date,
    due_soon_days: int,
    *,
    as_of_report: bool,
    calendar: WorkCalendar | None,
) -> Evaluation:
    """One task's due date, status and note as of ``today``, from the sorted dates of its
    progress rows (what the rules look at)."""
    tf = task.timeframe
    notes = [tf.warning] if tf.warning and tf.kind != "unknown" else []
    done_on = task.done_on
    if done_on is not None and done_on > today:
        # Done "in the future" is a typo today; in a report as of a past day it is simply later.
        if not as_of_report:
            notes.append(
                f"Ngày hoàn thành {done_on:%d/%m/%Y}{_at(task, 'done')} sau ngày hôm nay — kiểm "
                f"tra lại, ghi ngày đã hoàn thành thực tế"
            )
        done_on = None
    seen = dates[: bisect_right(dates, today)]
    if tf.kind == "unknown" or tf.due is None:
        note = _unknown_note(tf.text, tf.warning, task.refs.get("timeframe"))
        result = Evaluation(task, None, Status.UNKNOWN, note)
    elif tf.kind == "deadline":
        due, rolled = _rolled(tf.due, calendar)
        result = _deadline(task, due, tf.start, done_on, seen, today, due_soon_days)
        notes.append(rolled)
    else:
        start = tf.start or date(tf.due.year, 1, 1)
        result = _periodic(task, _occurrences(tf, start, tf.due), seen, today, due_soon_days)
    notes.insert(0, result.note)  # why this status first, then what to check
    notes.extend(task.problems)
    return Evaluation(
        task, result.due, result.status, "\n".join(n for n in notes if n), result.missed
    )


@lru_cache(maxsize=4096)
def _occurrences(tf: Timeframe, start: date, end: date) -> tuple[Span, ...]:
    """Most tasks share a handful of timeframes: compute their periods once."""
    return tuple(tf.occurrences(start, end))


def _rolled(due: date, calendar: WorkCalendar | None) -> tuple[date, str]:
    """A deadline on a day off ends with the next working day (Bộ luật Dân sự 2015, Điều 148);
    the note says so, so the date officers see never changes silently."""
    reason = calendar.day_off(due) if calendar else None
    if calendar is None or reason is None:
        return due, ""
    moved = calendar.next_working_day(due)
    note = (
        f"Hạn {due:%d/%m/%Y} là ngày nghỉ ({reason}), tính đến hết ngày {moved:%d/%m/%Y} "
        f"(Điều 148 Bộ luật Dân sự 2015)"
    )
    return moved, note


def _at(task: Task, key: str) -> str:
    """' ở ô F9': where the cell a note talks about is, when the task knows it."""
    ref = task.refs.get(key)
    return f" ở ô {ref}" if ref else ""


def _unknown_note(text: str, warning: str | None, ref: str | None = None) -> str:
    """Quote what the officer typed and name its cell, so the note points at the words."""
    typed = clean(text)
    reason = warning or "Chưa rõ thời hạn"
    where = f" (ô {ref})" if ref else ""
    return f"Thời hạn {quote(typed, 60)}: {reason}{where}" if typed else f"{reason}{where}"


def _deadline(
    task: Task,
    due: date,
    start: date | None,
    done_on: date | None,
    seen: Sequence[date],
    today: date,
    due_soon_days: int,
) -> Evaluation:
    if done_on is not None:
        late = (done_on - due).days
        if late <= 0:
            return Evaluation(task, due, Status.DONE_ON_TIME, f"Hoàn thành ngày {done_on:%d/%m/%Y}")
        return Evaluation(
            task, due, Status.DONE_LATE, f"Hoàn thành ngày {done_on:%d/%m/%Y}, muộn {late} ngày"
        )
    left = (due - today).days
    # Notes name dates, not day counts, so a cell changes when the situation does, not daily.
    if left < 0:
        note = f"Quá hạn từ ngày {due + timedelta(days=1):%d/%m/%Y}, chưa có ngày hoàn thành"
        return Evaluation(task, due, Status.OVERDUE, note)
    if left <= due_soon_days:
        return Evaluation(task, due, Status.DUE_SOON, f"Đến hạn ngày {due:%d/%m/%Y}")
    if seen:
        return Evaluation(
            task,
            due,
            Status.IN_PROGRESS,
            f"Đã có {len(seen)} lượt tiến độ, gần nhất ngày {seen[-1]:%d/%m/%Y}",
        )
    if start is not None and today < start:
        return Evaluation(task, due, Status.NOT_YET_DUE, f"Bắt đầu từ ngày {start:%d/%m/%Y}")
    return Evaluation(task, due, Status.NOT_YET_DUE, f"Chưa có tiến độ, hạn ngày {due:%d/%m/%Y}")


def _periodic(
    task: Task,
    spans: Sequence[Span],
    dates: Sequence[date],
    today: date,
    due_soon_days: int,
) -> Evaluation:
    """Recurring and continuous tasks: each occurrence needs at least one progress row."""
    first, last = spans[0], spans[-1]
    if today < first.start:
        return Evaluation(
            task, first.end, Status.NOT_YET_DUE, f"Bắt đầu từ ngày {first.start:%d/%m/%Y}"
        )
    ended = [s for s in spans if s.end < today]
    missed = tuple(s for s in ended if not _any_in(dates, s))
    done = len(ended) - len(missed)
    current = next((s for s in spans if today in s), None)
    if missed:
        labels = ", ".join(s.label for s in missed)
        due = current.end if current else last.end
        return Evaluation(task, due, Status.OVERDUE, f"Chưa có kết quả kỳ {labels}", missed)
    if current is None:
        return Evaluation(task, last.end, Status.DONE_ON_TIME, f"Đủ kết quả {done}/{len(spans)} kỳ")
    tally = f"Đã có kết quả {done}/{len(ended)} kỳ đã qua" if ended else ""
    logged = _last_in(dates, current)
    if logged is not None:
        note = f"Kỳ {current.label} đã có kết quả (ngày {logged:%d/%m/%Y})"
        return Evaluation(task, current.end, Status.IN_PROGRESS, _joined(note, tally))
    note = f"Kỳ {current.label} chưa có kết quả, hạn {current.end:%d/%m/%Y}"
    # "Soon" is the last part of the current occurrence, at most half of it (a week's half).
    window = min(due_soon_days, current.days // 2)
    if (current.end - today).days <= window:
        return Evaluation(task, current.end, Status.DUE_SOON, _joined(note, tally))
    # Results in every past occurrence are progress logged; none at all is nothing due yet.
    status = Status.IN_PROGRESS if ended else Status.NOT_YET_DUE
    return Evaluation(task, current.end, status, _joined(note, tally))


def _joined(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _any_in(sorted_dates: Sequence[date], span: Span) -> bool:
    i = bisect_left(sorted_dates, span.start)
    return i < len(sorted_dates) and sorted_dates[i] <= span.end


def _last_in(sorted_dates: Sequence[date], span: Span) -> date | None:
    """The last of the dates that fall in ``span`` (the caller has cut them at today)."""
    i = bisect_right(sorted_dates, span.end)
    return sorted_dates[i - 1] if i and sorted_dates[i - 1] >= span.start else None
