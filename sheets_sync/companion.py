"""The office's internal companion to a report: what to fix in the sheet, what changed, what is
due soon, and where the report's judgement came from. Written beside the report, never sent.

Usage::

    notes = build_companion(summary, plan, cfg, today, remarks)
    backend.publish(notes)      # "Ghi chu noi bo quy III nam 2024 - xa Gia Tan.docx"

Data problems never go into the outgoing report (a district must not read "Tiến độ!A11"); they go
here, with the tab, the row and cell, what is wrong and how to fix it, split from the note the
sheet shows. The template is ``templates/ghi_chu_noi_bo.docx``, or a file of that name beside the
office's own report template (``[report] template``), so the office can edit it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from . import contract
from .aggregate import NO_LEAD, PeriodSummary, evaluate_at
from .config import Config
from .contract import Status
from .model import Document
from .periods import periods_of_year
from .remarks import SECTIONS, Remarks
from .report import ReportName, document_name, render_template
from .report_values import (
    document_number,
    organisation,
    period_values,
    provisional_until,
    task_name,
    vn_date,
)
from .resources import default_companion_path
from .sheet import Plan, Problem
from .status import Evaluation
from .units import Units, split_units

HORIZON_DAYS = 30  # "what falls due in the next 30 days"
MAX_PROBLEMS = 50  # listed one by one; the rest are counted (each is noted in the sheet)
_DONE = (Status.DONE_ON_TIME, Status.DONE_LATE)


@dataclass(frozen=True, slots=True)
class Fix:
    """One thing to fix in the sheet, for the companion's table."""

    tab: str
    where: str  # "dòng 11, ô A11"
    issue: str  # what is wrong (quoting what was typed)
    fix: str  # how to fix it


def companion_name(summary: PeriodSummary, cfg: Config) -> ReportName:
    """Key, file name and title of a period's companion: stable, like the report's, and kept
    apart as the report is when its figures are provisional."""
    name = summary.period.name
    return document_name(
        f"notes:{summary.period.key}",
        f"Ghi chú nội bộ {name}",
        f"Ghi chu noi bo {name} - {cfg.organisation.commune}",
        provisional_until(summary),
    )


def companion_template(cfg: Config) -> Path:
    """The office's copy beside its report template if there is one, else the bundled one."""
    if cfg.report.template:
        beside = cfg.template_path.with_name(default_companion_path().name)
        if beside.is_file():
            return beside
    return default_companion_path()


def build_companion(
    summary: PeriodSummary,
    plan: Plan,
    cfg: Config,
    today: date,
    remarks: Remarks | None = None,
    units: Units | None = None,
) -> Document:
    name = companion_name(summary, cfg)
    content = render_template(
        companion_template(cfg),
        lambda _template: companion_values(summary, plan, cfg, today, remarks, units),
    )
    return Document(name.key, name.filename, name.title, content)


def companion_values(
    summary: PeriodSummary,
    plan: Plan,
    cfg: Config,
    today: date,
    remarks: Remarks | None = None,
    units: Units | None = None,
) -> dict[str, Any]:
    remarks = remarks or Remarks()
    units = units or Units()
    fixes = fixes_for(plan, summary, remarks, cfg)
    since = last_report_end(summary, cfg)
    now = evaluate_at(plan, today, cfg)
    horizon = today + timedelta(days=HORIZON_DAYS)
    return {
        "org": organisation(cfg),
        "period": period_values(summary.period, summary.as_of),
        "today": vn_date(today),
        "horizon": vn_date(horizon),
        "report_due": vn_date(summary.period.due(cfg.report.due_day)),
        "number": document_number(summary.period, cfg).strip(),
        "dated": cfg.report.signing_date == "today",
        "problems": [vars_of(f) for f in fixes[:MAX_PROBLEMS]],
        "problems_more": max(len(fixes) - MAX_PROBLEMS, 0),
        "since": vn_date(since) if since else "",
        "changed": _changed(plan, summary, cfg, since, units) if since else [],
        "soon": [
            _task(e, units, status=e.status.value, due=vn_date(e.due))
            for e in now
            if e.due is not None and e.status not in _DONE and today <= e.due <= horizon
        ],
        "overdue": [
            {
                **_task(e, units),
                "missed": [span.label for span in e.missed],
                "due": vn_date(e.final_due) if e.final_due else "",
            }
            for e in now
            if e.status is Status.OVERDUE
        ],
        "remarks_tab": contract.REMARKS_TITLE,
        "sections": [
            {"name": name, "source": _source(remarks, key)} for key, (name, _) in SECTIONS.items()
        ],
    }


def vars_of(fix: Fix) -> dict[str, str]:
    return {"tab": fix.tab, "where": fix.where, "issue": fix.issue, "fix": fix.fix}


def fixes_for(plan: Plan, summary: PeriodSummary, remarks: Remarks, cfg: Config) -> list[Fix]:
    """Timeframes to check first, then every cell the reader could not use, then the office's
    own rows it could not place."""
    tasks_tab = cfg.sheet.tab_title(contract.TASKS)
    found: list[Fix] = []
    for t in summary.tasks:
        warning = t.task.timeframe.warning
        if warning:
            cell = t.task.refs.get("timeframe", "")
            where = f"dòng {t.task.row + 1}" + (f", ô {cell}" if cell else "")
            found.append(_fix(tasks_tab, where, f"Nhiệm vụ {t.task.stt}: {warning}"))
    found += [_from_problem(p) for p in [*plan.problems, *remarks.problems]]
    return list(dict.fromkeys(found))


def _from_problem(p: Problem) -> Fix:
    where = ""
    if p.row is not None:
        where = f"dòng {p.row + 1}"
        if p.col is not None:
            where += f", ô {p.cell}"
    return _fix(p.tab, where, p.message)


def _fix(tab: str, where: str, message: str) -> Fix:
    """Split a sheet note 'what is wrong — how to fix it' into its two halves."""
    issue, _, fix = message.partition(" — ")
    fix = fix.strip().rstrip(".")
    return Fix(tab, where, issue.strip().rstrip("."), fix[:1].upper() + fix[1:])


def last_report_end(summary: PeriodSummary, cfg: Config) -> date | None:
    """The last day of the plan year's latest period that closed before this one."""
    ends = [
        p.end
        for p in periods_of_year(cfg.plan.year, summary.period.cut)  # type: ignore[arg-type]
        if p.end < summary.period.end
    ]
    return max(ends, default=None)


def _changed(
    plan: Plan, summary: PeriodSummary, cfg: Config, since: date, units: Units
) -> list[dict[str, Any]]:
    if summary.previous is not None and summary.previous.as_of == since:  # judged already
        before = {t.task.row: t.status for t in summary.previous.tasks}
    else:
        before = {e.task.row: e.status for e in evaluate_at(plan, since, cfg)}
    return [
        {
            **_task(t.evaluation, units),
            "before": before[t.task.row].value,
            "after": t.status.value,
        }
        for t in summary.tasks
        if t.task.row in before and before[t.task.row] is not t.status
    ]


def _task(e: Evaluation, units: Units, **extra: str) -> dict[str, Any]:
    leads = split_units(e.task.lead, units) or [NO_LEAD]
    return {"stt": e.task.stt, "name": task_name(e.task.name), "leads": "; ".join(leads), **extra}


def _source(remarks: Remarks, key: str) -> str:
    rows = remarks.rows.get(key, [])
    if rows:
        where = ", ".join(str(r) for r in rows)
        return f"Văn phòng đã ghi (trang {contract.REMARKS_TITLE}, dòng {where})."
    if key == "plans":
        return "Báo cáo tự liệt kê nhiệm vụ chậm và nhiệm vụ đến hạn; văn phòng có thể ghi thêm."
    return "Câu soạn sẵn từ số liệu; văn phòng nên ghi nhận xét của mình."
