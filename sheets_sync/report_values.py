"""The plain values a report's template prints: numbers, dates, names and lists, no sentences.

Usage::

    values = report_values(summary, cfg, today, remarks, template)
    values["status"]["due_on_time_rate"]      # '33,3%'
    values["late_units"][0]["tasks"][0]       # {'stt': '2', 'name': ..., 'missed': [...], ...}

The wording lives in the template (its phrase macros and paragraphs, see docs/reports.md); this
module only turns a ``PeriodSummary`` into values the tags can name. Dates are written as
Nghị định 30 writes them (``periods.vn_date``), rates with a decimal comma ("33,3%", "-" when
there is nothing to divide by). Officer-typed text (task names, units, the office's own
paragraphs) goes in as typed, tidied; the template escapes it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from .aggregate import NO_LEAD, Activity, PeriodSummary, TaskActivity, UnitRow
from .config import Config
from .contract import Status
from .periods import ReportingPeriod, vn_date, vn_date_parts
from .remarks import SECTIONS, Remarks
from .text import fold

CHART_WIDTH = Mm(140)
NBSP = "\u00a0"
PROVISIONAL = "số liệu tạm tính"  # marks a report written before its period ended


def number(n: int) -> str:
    """Vietnamese digit grouping: 100.000."""
    return f"{n:,}".replace(",", ".")


def padded(n: int) -> str:
    """A count in a sentence: '07 tin bài' (a 0 before 1–9, as administrative texts write it)."""
    return f"0{n}" if 0 < n < 10 else number(n)


def percent(value: float | None) -> str:
    if value is None:
        return "-"
    text = f"{value:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text}%"


def lower_first(text: str) -> str:
    """Lower-case the first letter of a common word, keep acronyms and names ('TTHC', 'Zalo')."""
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


FILTERS = {"padded": padded, "lower_first": lower_first, "upper_first": upper_first}


def report_values(
    summary: PeriodSummary,
    cfg: Config,
    today: date,
    remarks: Remarks | None,
    template: DocxTemplate,
) -> dict[str, Any]:
    """Everything the report template can name (the list is in docs/reports.md)."""
    period, nxt = summary.period, summary.period.next()
    remarks = remarks or Remarks()
    until = provisional_until(summary)
    late_first: set[str] = set()
    return {
        **document_values(cfg, period, today, provisional=until is not None),
        "plan": {
            "name": cfg.plan.name,
            "about": _about(cfg.plan.name),
            "number": cfg.plan.number,
            "issued": vn_date(cfg.plan.issued_on) if cfg.plan.issued_on else "",
            "reference": cfg.plan.reference,
            "year": cfg.plan.year,
        },
        "period": period_values(period, summary.as_of),
        # "số liệu tạm tính đến ngày 15/10/2024" for a report written before its period ended
        "provisional": provisional(until) if until else "",
        "next_period": {
            "name": nxt.name,
            "name_upper": nxt.name.upper(),
            "year": nxt.year,
            "end": vn_date(nxt.end),
        },
        "previous": _previous(summary.previous),
        "status": status_values(summary.total),
        "task_count": len(summary.tasks),
        "active_tasks": sum(1 for t in summary.tasks if t.entries),
        "entries": summary.entries,
        "lead_count": sum(1 for r in summary.by_unit if r.unit != NO_LEAD),
        "excluded": summary.excluded,
        "forms": _forms((summary.activity or Activity(0, {})).forms),
        "activity": _activity_table(summary),
        "doers": [{"name": u, "forms": _forms(f)} for u, f in summary.doers.items()],
        "late": [_late(t, summary.as_of) for t in summary.late],
        "late_units": [
            {"unit": unit, "tasks": [_late(t, summary.as_of, late_first) for t in tasks]}
            for unit, tasks in summary.late_by_unit or []
        ],
        # Finished late within this period (earlier ones were reported then; the tables count
        # them all).
        "done_late": [
            _late(t, summary.as_of)
            for t in summary.done_late
            if t.task.done_on is not None and period.start <= t.task.done_on <= summary.as_of
        ],
        "due_next": [
            {
                "stt": d.activity.task.stt,
                "name": task_name(d.activity.task.name),
                "leads": list(d.activity.leads),
                "due": vn_date(d.due),
                "spans": list(d.spans),
                "late": d.activity in summary.late,
            }
            for d in summary.due_next
        ],
        "tasks": [_task(t) for t in summary.tasks],
        "by_unit": [unit_values(r) for r in summary.by_unit],
        "total": unit_values(summary.total),
        "shared_leads": any(len(t.leads) > 1 for t in summary.tasks),
        "remarks": {key: remarks.paragraphs(key) for key in SECTIONS},
        **charts(template, summary),
    }


def document_values(
    cfg: Config, period: ReportingPeriod, today: date, *, provisional: bool = False
) -> dict[str, Any]:
    """What every report of the office prints around its body, the plan's and the rollup's
    alike: letterhead, number, date line, addressee, recipients and signature block."""
    day, month, year = date_line(cfg, today, provisional=provisional)
    return {
        "org": organisation(cfg),
        "number": document_number(period, cfg),
        "place": cfg.organisation.place,
        "day": day,
        "month": month,
        "year": year,
        "subject": cfg.report.subject,
        "addressee": cfg.report.addressee,
        "recipients": recipients(cfg.report.recipients),
        "signer": {
            "on_behalf": authority(cfg.report.signer_on_behalf),
            "title": cfg.report.signer_title.upper(),
            "name": cfg.report.signer_name,
        },
    }


def organisation(cfg: Config) -> dict[str, str]:
    return {
        "parent": cfg.organisation.parent.upper(),
        "name": cfg.organisation.name.upper(),
        "abbreviation": cfg.organisation.abbreviation,
        "commune": cfg.organisation.commune,
        "body": f"Ủy ban nhân dân {cfg.organisation.commune}",
    }


def provisional(until: date) -> str:
    """What a report written before its period ended says under its title."""
    return f"{PROVISIONAL} đến ngày {vn_date(until)}"


def provisional_until(summary: PeriodSummary) -> date | None:
    """The day the figures of a report written before its period ended run to, else None."""
    return summary.as_of if summary.as_of < summary.period.end else None


def date_line(cfg: Config, today: date, provisional: bool = False) -> tuple[str, str, str]:
    """Day, month, year of the date line: the day left blank to be written at signing (the
    default), or today's; a provisional report is dated, since its figures run to that day."""
    day, month, year = vn_date_parts(today)
    if cfg.report.signing_date == "blank" and not provisional:
        day = NBSP * 6
    return day, month, year


def document_number(period: ReportingPeriod, cfg: Config) -> str:
    """The report's number: ``[report.numbers]`` for this period, else ``[report] number``;
    numbers under 10 get a leading zero (Nghị định 30). Blank leaves room to write it by hand."""
    value = cfg.report.numbers.get(period.key, cfg.report.number).strip()
    if value.isdigit() and int(value) < 10:
        value = f"{int(value):02d}"
    return value or NBSP * 8


def period_values(period: ReportingPeriod, as_of: date) -> dict[str, Any]:
    return {
        "key": period.key,
        "kind": period.kind,
        "cut": period.cut,
        "name": period.name,
        "name_upper": period.name.upper(),
        "title": period.name.replace(" ", NBSP),  # never broken across lines in the title
        "label": period.label,
        "year": period.year,
        "start": vn_date(period.start),
        "end": vn_date(period.end),
        "as_of": vn_date(as_of),
        "early": as_of < period.end,
    }


def status_values(row: UnitRow) -> dict[str, Any]:
    done = row.done_on_time + row.done_late
    return {
        **unit_values(row),
        "late": row.late,
        "not_due": row.not_due,
        "due_on_time": row.due_on_time,
        "late_rate": percent(row.late_rate),
        "done": done,
        "done_rate": percent(100 * done / row.total if row.total else None),
    }


def unit_values(row: UnitRow) -> dict[str, Any]:
    return {
        "unit": row.unit,
        "total": row.total,
        "done_on_time": row.done_on_time,
        "done_late": row.done_late,
        "open_on_time": row.open_on_time,
        "open_late": row.open_late,
        "due": row.due,
        "due_on_time_rate": percent(row.due_on_time_rate),
        "due_late_rate": percent(row.due_late_rate),
        "unknown": row.unknown,
    }


def _previous(summary: PeriodSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "name": summary.period.name,
        "label": summary.period.label,
        "entries": summary.entries,
        "status": status_values(summary.total),
    }


def _forms(by_form: Mapping[str, int]) -> list[dict[str, Any]]:
    return [{"name": f, "kind": fold(f), "count": n} for f, n in by_form.items() if n]


def _activity_table(summary: PeriodSummary) -> dict[str, Any]:
    """Quantities per form in each column: the period before, this period, the year so far."""
    columns: list[tuple[dict[str, str], Activity]] = []
    if summary.previous is not None and summary.previous.activity is not None:
        before = summary.previous.period
        columns.append(({"kind": "previous", "label": before.label}, summary.previous.activity))
    this = summary.activity or Activity(0, {})
    columns.append(({"kind": "period", "label": summary.period.label}, this))
    if summary.year_to_date is not None:
        columns.append(({"kind": "year", "label": str(summary.period.year)}, summary.year_to_date))
    # The largest in the last column first; ties in the order the forms were first logged.
    first = {f: i for i, f in enumerate(summary.form_order or [])}
    last = columns[-1][1].forms
    used = {f for _, a in columns for f, n in a.forms.items() if n}
    order = sorted(used, key=lambda f: (-last.get(f, 0), first.get(f, len(first)), f))
    return {
        "columns": [c for c, _ in columns],
        "rows": [
            {"name": f, "cells": [number(a.forms.get(f, 0)) for _, a in columns]} for f in order
        ],
        "entries": [number(a.entries) for _, a in columns],
    }


def task_name(name: str) -> str:
    """A task's name inside a sentence: without the full stop some officers end it with."""
    return name.rstrip(". ")


def _late(t: TaskActivity, as_of: date, named: set[str] | None = None) -> dict[str, Any]:
    """A task past due: what it still owes, or when it was done and how late."""
    ev, task = t.evaluation, t.task
    due = ev.final_due
    done = task.done_on if task.done_on is not None and task.done_on <= as_of else None
    until = done or as_of
    values = {
        "stt": task.stt,
        "name": task_name(task.name),
        "leads": list(t.leads),
        "missed": [s.label for s in ev.missed],
        "due": vn_date(due) if due else "",
        "days_late": max((until - due).days, 0) if due else 0,
        "done": vn_date(done) if done else "",
        "first": True,
    }
    if named is not None:  # in a list per unit: the name at the task's first mention only
        values["first"] = task.stt not in named
        named.add(task.stt)
    return values


def _task(t: TaskActivity) -> dict[str, Any]:
    done = t.task.done_on if t.status in (Status.DONE_ON_TIME, Status.DONE_LATE) else None
    return {
        "stt": t.task.stt,
        "name": task_name(t.task.name),
        "leads": list(t.leads),
        "timeframe": t.task.timeframe.text.strip(),
        "forms": _forms(t.by_form),
        "done": vn_date(done) if done else "",
        "status": t.status.value,
        "entries": t.entries,
    }


def _about(plan_name: str) -> str:
    """'Kế hoạch tuyên truyền … năm 2024' → 'tuyên truyền … năm 2024', for 'về …'."""
    words = plan_name.split()
    if len(words) > 2 and fold(" ".join(words[:2])) == "ke hoach":
        words = words[2:]
    return lower_first(" ".join(words))


def charts(template: DocxTemplate, summary: PeriodSummary) -> dict[str, InlineImage | str]:
    # Imported here: matplotlib takes a third of a second to load, and only reports draw.
    from .charts import activity_chart, status_chart

    activity = _image(template, activity_chart(summary)) if summary.entries else ""
    return {"status_chart": _image(template, status_chart(summary)), "activity_chart": activity}


def _image(template: DocxTemplate, png: bytes) -> InlineImage:
    return InlineImage(template, io.BytesIO(png), width=CHART_WIDTH)


def recipients(configured: Sequence[str]) -> list[str]:
    """The configured recipients without the punctuation the template adds, nor its last line.

    >>> recipients(["- Như trên;", "Sở Nội vụ.", "Lưu: VT, VP."])
    ['Như trên', 'Sở Nội vụ']
    """
    lines = [r.strip(" -;.") for r in configured]
    # The template closes the list with "- Lưu: VT."; a configured "Lưu" line would repeat it.
    return [r for r in lines if r and not fold(r).startswith("luu")]


# "TM.", "KT.", "TL.", "TUQ.", "Q." each start a line of the authority above the title (Nghị
# định 30, Phụ lục I mục II.7); a config may write them on one line.
_AUTHORITY = re.compile(r"\s+(?=(?:TM|KT|TL|TUQ|Q)\.\s)", re.IGNORECASE)


def authority(configured: str) -> str:
    r"""``[report] signer_on_behalf`` upper-cased, one line per "TM."/"KT." (docxtpl turns the
    line break into a break within the paragraph).

    >>> authority("TM. Ủy ban nhân dân KT. Chủ tịch")
    'TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH'
    """
    lines = [_AUTHORITY.sub("\n", line.strip()) for line in configured.splitlines()]
    return "\n".join(line for line in lines if line).upper()
