"""Charts for the reports: matplotlib, drawn to PNG bytes without a display.

Usage::

    png = status_chart(summary)      # tasks in each of the four categories, per lead unit
    png = activity_chart(summary)    # quantities logged in each month of the period, by form
    png = ranking_chart([("xã A", 75.0, "75%"), ("xã B", 50.0, "50%")], title)   # the rollup's

All read in black and white print: every fill has its own lightness or pattern. Text is
Times New Roman's metric twin (Liberation Serif, which has the Vietnamese letters) with DejaVu
Serif as the per-glyph fallback, so diacritics never turn into boxes.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")  # no screen on the server

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .aggregate import PeriodSummary
from .periods import vn_date

FONTS = ["Liberation Serif", "DejaVu Serif"]
# The four categories of the report's table, in the order Vietnamese task reports use. Most
# communes print in black and white: the fills differ in lightness and pattern, not only in
# hue (dark plain, light striped, lightest plain, dark cross-hatched).
CATEGORIES = (
    ("Hoàn thành đúng hạn", "done_on_time", "#1B5E20", "", "white"),
    ("Hoàn thành quá hạn", "done_late", "#F6B26B", "///", "black"),
    ("Chưa hoàn thành trong hạn", "open_on_time", "#CFE2F3", "", "black"),
    ("Chưa hoàn thành quá hạn", "open_late", "#990000", "xx", "white"),
)
UNKNOWN = ("Chưa rõ thời hạn", "unknown", "#D9D2E9", "..", "black")
# Forms of work take these in the order the year first logged them, so a form keeps its
# colour and pattern from one quarter's report to the next.
FORM_STYLES = (
    ("#3C78D8", ""),
    ("#F6B26B", "///"),
    ("#93C47D", "\\\\"),
    ("#990000", ""),
    ("#B4A7D6", ".."),
    ("#FFE599", "xx"),
    ("#45818E", "--"),
    ("#CCCCCC", "++"),
)
OTHER_STYLE = ("#FFFFFF", "oo")
MAX_FORMS = 6  # more forms than this are summed as "Khác" so the legend stays readable
LABELLED_MONTHS = 6  # up to half a year, each piece of a column shows its number
LABEL_WIDTH = 34  # characters of a unit's name per line beside its bar
RANKING_MOST = 40  # bars in a ranking; beyond, the highest and lowest 20 with a gap between
# Bands of an on-time rate (from %, fill, hatch, ink), told apart in print as the categories are.
RANK_BANDS = (
    (80, "#1B5E20", "", "white"),
    (50, "#F6B26B", "///", "black"),
    (0, "#990000", "xx", "white"),
)


# One chart at a time in the process: pyplot's figures and rcParams are global, and
# `serve --plans` renders reports on several threads.
DRAWING = threading.Lock()


@contextmanager
def _figure(width: float, height: float) -> Iterator[tuple[Figure, plt.Axes]]:
    with DRAWING, plt.rc_context({"font.family": FONTS, "font.size": 10, "hatch.linewidth": 0.6}):
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
    labels = [textwrap.fill(r.unit, LABEL_WIDTH) for r in rows]
    lines = max(label.count("\n") + 1 for label in labels)
    categories = list(CATEGORIES) + ([UNKNOWN] if summary.total.unknown else [])
    # Bars are evenly spaced, so each gets room for the longest label; title, axis and the
    # legend under the bars take the rest.
    height = 1.5 + len(rows) * max(0.3, 0.17 * lines + 0.02)
    with _figure(6.3, height) as (fig, ax):
        left = [0] * len(rows)
        for label, attr, colour, hatch, ink in categories:
            values = [getattr(r, attr) for r in rows]
            bars = ax.barh(
                range(len(rows)),
                values,
                left=left,
                color=colour,
                hatch=hatch,
                edgecolor=ink if hatch and ink == "white" else "black",
                linewidth=0.5,
                label=label,
                height=0.6,
            )
            ax.bar_label(
                bars,
                labels=[str(v) if v else "" for v in values],
                label_type="center",
                color=ink,
                fontweight="bold",
                bbox={"boxstyle": "square,pad=0.1", "fc": colour, "ec": "none"} if hatch else None,
            )
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(range(len(rows)), labels)
        ax.invert_yaxis()  # the total first, then the units in the table's order
        ax.get_yticklabels()[0].set_fontweight("bold")
        ax.tick_params(axis="y", labelsize=9)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("Số nhiệm vụ")
        ax.set_title(f"Tình hình thực hiện nhiệm vụ đến hết ngày {vn_date(summary.as_of)}")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.75 / height), ncol=2, frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _png(fig)


def activity_chart(summary: PeriodSummary) -> bytes:
    """Stacked columns: the quantities (Số lượng) logged in each month of the period, by form."""
    months = list(summary.by_month)
    per_form = _forms_by_month(summary, months)
    styles = _form_styles(summary)
    with _figure(6.3, 3.0) as (fig, ax):
        bottom = [0] * len(months)
        # Positions, not label strings: "T7/2024" looks like a date to matplotlib's
        # category axis, which then logs a line per chart.
        positions = list(range(len(months)))
        for form, values in per_form.items():
            colour, hatch = styles.get(form, OTHER_STYLE)
            bars = ax.bar(
                positions,
                values,
                bottom=bottom,
                label=form,
                width=0.6,
                color=colour,
                hatch=hatch,
                edgecolor="black",
                linewidth=0.5,
            )
            if len(months) <= LABELLED_MONTHS:  # a year's columns are too narrow for numbers
                tall = 0.06 * max(summary.by_month.values())
                ax.bar_label(
                    bars,
                    labels=[str(v) if v and v >= tall else "" for v in values],
                    label_type="center",
                    fontsize=8,
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"},
                )
            bottom = [a + b for a, b in zip(bottom, values, strict=True)]
        ax.set_xticks(positions, [_short(m) for m in months])
        ax.set_ylim(0, max([*bottom, 1]) * 1.1)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel("Số lượng")
        ax.set_title(f"Kết quả hoạt động theo tháng và hình thức, {summary.period.name}")
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _png(fig)


def _form_styles(summary: PeriodSummary) -> dict[str, tuple[str, str]]:
    order = summary.form_order or list(summary.forms_by_month)
    return {form: FORM_STYLES[i % len(FORM_STYLES)] for i, form in enumerate(order)}


def _forms_by_month(summary: PeriodSummary, months: list[str]) -> dict[str, list[int]]:
    """Quantities per form and month, the largest forms first, the tail as 'Khác'."""
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


def ranking_chart(bars: list[tuple[str, float, str]], title: str) -> bytes:
    """Horizontal bars of (name, on-time rate in %, its label), best first; with more than
    ``RANKING_MOST``, the best and worst halves of that many and a gap between them (the
    report's table lists them all)."""
    if len(bars) > RANKING_MOST:
        half = RANKING_MOST // 2
        gap = (f"… {len(bars) - RANKING_MOST} mục khác …", 0.0, "")
        bars = [*bars[:half], gap, *bars[-half:]]
    height = max(2.4, 0.9 + 0.24 * len(bars))
    with _figure(6.3, height) as (fig, ax):
        for i, (_, rate, label) in enumerate(bars):
            _, colour, hatch, ink = next(band for band in RANK_BANDS if rate >= band[0])
            drawn = ax.barh(
                i,
                rate,
                color=colour,
                hatch=hatch,
                edgecolor=ink if hatch and ink == "white" else "black",
                linewidth=0.5,
                height=0.65,
            )
            ax.bar_label(drawn, labels=[label], padding=2, fontsize=8)
        names = [textwrap.shorten(name, LABEL_WIDTH, placeholder="…") for name, _, _ in bars]
        ax.set_yticks(range(len(bars)), names)
        ax.tick_params(axis="y", labelsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, 110)
        ax.set_xlabel("Tỷ lệ đúng hạn (%)")
        ax.set_title(title, fontsize=9)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _png(fig)
