"""The rollup's report for the level above: a document in the Nghị định 30 layout, rendered from
the rollup's tables into its own template (``templates/bao_cao_tong_hop.docx``), with a chart
ranking the communes (or, for one commune, its plans) by their on-time rate.

Usage::

    document = build_rollup_document(tables, cfg, today)     # cfg: the [rollup] config
    backend.publish(document)                                # the same document on every run

The template holds the wording and layout (docxtpl, autoescaped; its tags are listed in
docs/rollup.md); this module prepares plain values. Communes whose sheet could not be read are
named with the reason in their own section: the figures leave them out, the report does not.
"""

from __future__ import annotations

import io
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate, InlineImage

from .config import Config
from .model import Document
from .periods import ReportingPeriod, vn_date
from .report import ReportName, document_name, render_template
from .report_values import CHART_WIDTH, document_values, percent, period_values, provisional
from .resources import data_dir
from .rollup import RollupTables


def default_rollup_template() -> Path:
    return data_dir("templates") / "bao_cao_tong_hop.docx"


def rollup_name(period: ReportingPeriod, cfg: Config) -> ReportName:
    """The report's key, file name and title: the same on every run of the period."""
    subject = cfg.report.subject
    return document_name(
        f"rollup:{period.key}",
        f"Báo cáo {subject[:1].lower()}{subject[1:]} {period.name}",
        f"Bao cao tong hop {period.name} - {cfg.organisation.name.title()}",
        None,
    )


def build_rollup_document(tables: RollupTables, cfg: Config, today: date) -> Document:
    name = rollup_name(tables.period, cfg)
    path = cfg.path(cfg.report.template) if cfg.report.template else default_rollup_template()
    content = render_template(
        path, lambda template: context(tables, cfg, today, template), names="docs/rollup.md"
    )
    return Document(name.key, name.filename, name.title, content)


def context(tables: RollupTables, cfg: Config, today: date, template: DocxTemplate) -> dict:
    """Everything the rollup template can name."""
    period = tables.period
    total = tables.total
    ranked = _ranked(tables)
    return {
        **document_values(cfg, period, today, provisional=tables.as_of < period.end),
        "period": {
            **period_values(period, tables.as_of),
            "cut_sentence": period.describe_cut(until=tables.as_of),
        },
        "provisional": provisional(tables.as_of) if tables.as_of < period.end else "",
        "as_of": vn_date(tables.as_of),
        "by_communes": tables.by_communes,
        "ranked_what": "xã, phường" if tables.by_communes else "kế hoạch",
        "plan_count": int(total["plans"]),
        "commune_count": int(total["communes"]),
        "unread_count": len(tables.unread),
        "total": _figures(total),
        "previous_rate": _percent(total["previous_on_time_rate"]),
        "rows": [{**_figures(r), "name": _row_name(r, tables)} for r in ranked],
        "not_due": [_row_name(r, tables) for r in _rows(tables) if not r["due"]],
        "units": [
            {**_figures(r), "unit": r["unit"], "plans": int(r["plans"])}
            for r in tables.units.to_dict("records")
        ],
        "late": [
            {
                "commune": r["commune"],
                "plan": r["plan"],
                "tasks": r["late_tasks"],
                "count": int(r["open_late"]),
            }
            for r in tables.plans.to_dict("records")
            if r["open_late"]
        ],
        "unread": [
            {"commune": u.commune, "plan": u.plan, "reason": document_reason(u.reason)}
            for u in tables.unread
        ],
        "ranking_chart": _chart(template, tables, ranked) if ranked else "",
    }


def _rows(tables: RollupTables) -> list[dict[str, Any]]:
    table = tables.communes if tables.by_communes else tables.plans
    return table.to_dict("records")


def _ranked(tables: RollupTables) -> list[dict[str, Any]]:
    """Communes (or plans) with tasks come due, best on-time rate first, then by name."""
    rows = [r for r in _rows(tables) if r["due"]]
    return sorted(rows, key=lambda r: (-r["on_time_rate"], -r["due"], _row_name(r, tables)))


# A path on the server: what the office fixes is the file it names, not the server's folders.
_PATH = re.compile(r"(?:[A-Za-z]:)?[\\/](?:[^\s\\/]+[\\/])+([^\s\\/]+)")


def document_reason(reason: str) -> str:
    """Why a plan was not read, as a signed document may print it: the Vietnamese sentence
    with each path cut to its file name, without the English gloss the log keeps.

    >>> document_reason("Không mở được /srv/ke-hoach/xa-a/cchc.xlsx như một bảng tính .xlsx "
    ...                 "(PackageError: not an .xlsx (zip) file)")
    'Không mở được cchc.xlsx như một bảng tính .xlsx'
    """
    text = _PATH.sub(r"\1", reason).strip()
    gloss = _trailing_group(text)
    if gloss and gloss.isascii():
        text = text[: -len(gloss)].rstrip(" .")
    return text


def _trailing_group(text: str) -> str:
    """The parenthesised group that ends ``text`` (nested parentheses included), or ''."""
    if not text.endswith(")"):
        return ""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            return text[i:]
    return ""


def _row_name(row: dict[str, Any], tables: RollupTables) -> str:
    return row["commune"] if tables.by_communes else row["plan"]


def _figures(row: Any) -> dict[str, Any]:
    return {
        "total": int(row["total"]),
        "done_on_time": int(row["done_on_time"]),
        "done_late": int(row["done_late"]),
        "open_on_time": int(row["open_on_time"]),
        "open_late": int(row["open_late"]),
        "unknown": int(row["unknown"]),
        "due": int(row["due"]),
        "on_time_rate": _percent(row["on_time_rate"]),
        "late_rate": _percent(row["late_rate"]),
        "previous_rate": _percent(row.get("previous_on_time_rate")),
    }


def _percent(value: Any) -> str:
    """A rate as the plan's report writes it; pandas' NaN (nothing to divide by) as None."""
    missing = value is None or (isinstance(value, float) and math.isnan(value))
    return percent(None if missing else float(value))


# --- the ranking chart -------------------------------------------------------------------


def _chart(template: DocxTemplate, tables: RollupTables, ranked: list[dict[str, Any]]) -> Any:
    from .charts import ranking_chart  # matplotlib: only when a report has a chart

    bars = [
        (_row_name(r, tables), float(r["on_time_rate"]), _percent(r["on_time_rate"]))
        for r in ranked
    ]
    title = f"Tỷ lệ nhiệm vụ hoàn thành đúng hạn trên số nhiệm vụ đến hạn\n{tables.period.name}"
    png = ranking_chart(bars, title)
    return InlineImage(template, io.BytesIO(png), width=CHART_WIDTH)
