"""Charts for the reports: matplotlib, drawn to PNG bytes without a display.

Usage::

    png = status_chart(summary)      # tasks in each of the four categories, per lead unit
    png = activity_chart(summary)    # what was logged in each month of the period, by form

Text is Times New Roman's metric twin (Liberation Serif, which has the Vietnamese letters) with
DejaVu Serif as the per-glyph fallback, so diacritics never turn into boxes.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")  # no screen on the server

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .aggregate import PeriodSummary

FONTS = ["Liberation Serif", "DejaVu Serif"]
# The four categories of the report's table, in the order Vietnamese task reports use.
CATEGORIES = (
    ("Hoàn thành đúng hạn", "done_on_time", "#6AA84F"),
    ("Hoàn thành quá hạn", "done_late", "#E69138"),
    ("Chưa hoàn thành trong hạn", "open_on_time", "#6FA8DC"),
    ("Chưa hoàn thành quá hạn", "open_late", "#CC0000"),
)
UNKNOWN = ("Chưa rõ thời hạn", "unknown", "#B4A7D6")
MAX_FORMS = 6  # more forms than this are summed as "Khác" so the legend stays readable


# One chart at a time in the process: pyplot's figures and rcParams are global, and
# `serve --plans` renders reports on several threads.
DRAWING = threading.Lock()


@contextmanager
def _figure(width: float, height: float) -> Iterator[tuple[Figure, plt.Axes]]:
    with DRAWING, plt.rc_context({"font.family": FONTS, "font.size": 10}):
        fig, ax = plt.subplots(figsize=(width, height), dpi=150)
        try:
            yield fig, ax
        finally:
            plt.close(fig)


def _png(fig: Figure) -> bytes:
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def status_chart(summary: PeriodSummary) -> bytes:
    """Horizontal stacked bars: each lead unit's tasks by category, the total on top."""
    rows = [summary.total, *summary.by_unit]
    labels = [_shorten(r.unit, 40) for r in rows]
    categories = list(CATEGORIES) + ([UNKNOWN] if summary.total.unknown else [])
    height = max(2.6, 0.8 + 0.3 * len(rows))  # room for the legend under a short chart
    with _figure(6.3, height) as (fig, ax):
        left = [0] * len(rows)
        for label, attr, colour in categories:
            values = [getattr(r, attr) for r in rows]
            bars = ax.barh(labels, values, left=left, color=colour, label=label, height=0.6)
            ax.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center")
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.invert_yaxis()  # the total first, then the units in the table's order
        ax.get_yticklabels()[0].set_fontweight("bold")
        ax.tick_params(axis="y", labelsize=9)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("Số nhiệm vụ")
        ax.set_title(f"Tình hình thực hiện nhiệm vụ đến hết ngày {summary.as_of:%d/%m/%Y}")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.8 / height), ncol=2, frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _png(fig)


def activity_chart(summary: PeriodSummary) -> bytes:
    """Stacked columns: progress rows logged in each month of the period, by form."""
    months = list(summary.by_month)
    per_form = _forms_by_month(summary, months)
    with _figure(6.3, 3.0) as (fig, ax):
        bottom = [0] * len(months)
        # Positions, not label strings: "T7/2024" looks like a date to matplotlib's
        # category axis, which then logs a line per chart.
        positions = list(range(len(months)))
        for form, values in per_form.items():
            ax.bar(positions, values, bottom=bottom, label=form, width=0.6)
            bottom = [a + b for a, b in zip(bottom, values, strict=True)]
        ax.set_xticks(positions, [_short(m) for m in months])
        for x, total in enumerate(bottom):
            if total:
                ax.annotate(
                    str(total),
                    (x, total),
                    ha="center",
                    va="bottom",
                    xytext=(0, 2),
                    textcoords="offset points",
                )
        ax.set_ylim(0, max([*bottom, 1]) * 1.18)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel("Số lượt")
        ax.set_title(f"Số lượt hoạt động đã ghi nhận theo tháng, {summary.period.name}")
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _png(fig)


def _forms_by_month(summary: PeriodSummary, months: list[str]) -> dict[str, list[int]]:
    """Progress rows per form and month, the most used forms first, the tail as 'Khác'."""
    index = {m: i for i, m in enumerate(months)}
    counts: dict[str, list[int]] = {}
    for form, by_month in summary.forms_by_month.items():
        row = counts.setdefault(form, [0] * len(months))
        for month, n in by_month.items():
            row[index[month]] += n
    ranked = sorted(counts, key=lambda f: -sum(counts[f]))
    if len(ranked) <= MAX_FORMS:
        return {f: counts[f] for f in ranked}
    kept = {f: counts[f] for f in ranked[: MAX_FORMS - 1]}
    rest = [sum(counts[f][i] for f in ranked[MAX_FORMS - 1 :]) for i in range(len(months))]
    kept["Khác"] = [a + b for a, b in zip(kept.get("Khác", [0] * len(months)), rest, strict=True)]
    return kept


def _short(month_label: str) -> str:
    """'tháng 7/2024' → 'T7/2024' under a column."""
    return "T" + month_label.removeprefix("tháng ")


def _shorten(text: str, width: int) -> str:
    """One line for a bar's label: the table beside the chart has the full name."""
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"
