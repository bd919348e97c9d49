"""Render a period's summary into the office's .docx template (docxtpl, autoescaped).

Usage::

    document = build_document(summary, cfg, today)
    backend.publish(document)

The template (``templates/bao_cao.docx`` by default, ``[report] template`` in the config) holds
the wording and the layout; this module only prepares plain values for it. Officer-typed text
reaches the document escaped, so ``&``, ``<b>`` or ``{{ }}`` in a cell appear as typed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from .aggregate import PeriodSummary, UnitRow
from .backends.base import Document
from .charts import status_chart
from .config import Config
from .periods import ReportingPeriod
from .text import ascii_filename


class ReportError(Exception):
    """The template cannot be rendered; the message names the tag or the file."""


@dataclass(frozen=True, slots=True)
class ReportName:
    key: str
    filename: str
    title: str


def report_name(period: ReportingPeriod, cfg: Config) -> ReportName:
    """Stable identity of a period's report: the same on every run."""
    title = f"Báo cáo {cfg.report.subject[0].lower()}{cfg.report.subject[1:]} {period.name}"
    filename = ascii_filename(f"Bao cao {period.name} - {cfg.organisation.commune}") + ".docx"
    return ReportName(f"report:{period.key}", filename, title)


def vn_date_parts(day: date) -> tuple[str, str, str]:
    """Day, month, year as Nghị định 30 writes them: a leading zero for days under 10 and for
    months 1 and 2 only ("ngày 05 tháng 01 năm 2025", "ngày 15 tháng 10 năm 2024")."""
    return f"{day.day:02d}", f"{day.month:02d}" if day.month <= 2 else str(day.month), str(day.year)


def build_document(summary: PeriodSummary, cfg: Config, today: date) -> Document:
    name = report_name(summary.period, cfg)
    return Document(name.key, name.filename, name.title, render(summary, cfg, today))


def render(summary: PeriodSummary, cfg: Config, today: date) -> bytes:
    path = cfg.template_path
    try:
        template = DocxTemplate(path)
        context = _context(summary, cfg, today, template)
        template.render(context, jinja_env=_environment(), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise ReportError(
            f"Mẫu báo cáo {path} có thẻ sai: {exc.message} (dòng {exc.lineno}) — sửa thẻ "
            f"{{{{ ... }}}} hoặc {{% ... %}} trong mẫu. (Template syntax error: {exc.message})"
        ) from None
    except jinja2.UndefinedError as exc:
        raise ReportError(
            f"Mẫu báo cáo {path} dùng tên không có: {exc.message}. (Unknown name in template.)"
        ) from None
    except (OSError, KeyError, ValueError) as exc:
        raise ReportError(f"Không mở được mẫu báo cáo {path}: {exc}") from None
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _environment() -> jinja2.Environment:
    # StrictUndefined: a misspelt tag in an edited template fails loudly, naming the tag,
    # instead of silently printing nothing.
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")


def _unit_row(row: UnitRow) -> dict[str, Any]:
    return {
        "unit": row.unit,
        "total": row.total,
        "done_on_time": row.done_on_time,
        "done_late": row.done_late,
        "open_on_time": row.open_on_time,
        "open_late": row.open_late,
        "on_time_rate": _percent(row.on_time_rate),
        "late_rate": _percent(row.late_rate),
        "unknown_text": f"; chưa rõ thời hạn {row.unknown}" if row.unknown else "",
    }


def _forms_text(by_form: dict[str, int]) -> str:
    return ", ".join(
        f"{form.lower()} {n}" for form, n in sorted(by_form.items(), key=lambda i: -i[1])
    )


def _context(summary: PeriodSummary, cfg: Config, today: date, tpl: DocxTemplate) -> dict[str, Any]:
    day, month, year = vn_date_parts(today)
    period = summary.period
    nxt = period.next()
    recipients = [f"{r};" for r in cfg.report.recipients] + ["Lưu: VT."]
    return {
        "org": {
            "parent": cfg.organisation.parent.upper(),
            "name": cfg.organisation.name.upper(),
            "abbreviation": cfg.organisation.abbreviation,
            "commune": cfg.organisation.commune,
        },
        "number": cfg.report.number or "\u00a0" * 6,
        "place": cfg.organisation.place,
        "day": day,
        "month": month,
        "year": year,
        "subject": cfg.report.subject,
        "addressee": cfg.report.addressee,
        "plan": {
            "name": cfg.plan.name,
            "name_lower": cfg.plan.name[0].lower() + cfg.plan.name[1:],
            "reference": cfg.plan.reference or cfg.plan.name,
        },
        "period": {"name": period.name, "key": period.key, "cut_sentence": period.describe_cut()},
        "next_period_upper": nxt.name.upper(),
        "as_of": f"{summary.as_of:%d/%m/%Y}",
        "entries": summary.entries,
        "task_count": len(summary.tasks),
        "active_tasks": sum(1 for t in summary.tasks if t.entries),
        "tasks": [
            {
                "stt": t.task.stt,
                "name": t.task.name,
                "lead": t.task.lead,
                "result": (
                    f"{t.entries} lượt: {_forms_text(t.by_form)}"
                    if t.entries
                    else "Chưa có kết quả"
                ),
                "status": t.evaluation.status.value,
            }
            for t in summary.tasks
        ],
        "units": [{"name": u, "result": _forms_text(f)} for u, f in summary.units.items()],
        "by_unit": [_unit_row(r) for r in summary.by_unit],
        "total": _unit_row(summary.total),
        "late": [
            {
                "stt": e.task.stt,
                "name": e.task.name,
                "lead": e.task.lead or "chưa ghi",
                "missing": e.note.split("\n")[0].rstrip("."),
            }
            for e in summary.late
        ],
        "problems": summary.problems,
        "due_next": [
            {"stt": d.task.stt, "name": d.task.name, "what": d.what, "lead": d.task.lead}
            for d in summary.due_next
        ],
        "recipients": recipients,
        "signer": {
            "on_behalf": cfg.report.signer_on_behalf,
            "title": cfg.report.signer_title,
            "name": cfg.report.signer_name,
        },
        "chart": InlineImage(tpl, io.BytesIO(status_chart(summary)), width=Mm(150)),
    }
