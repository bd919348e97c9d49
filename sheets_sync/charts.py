"""Charts for the reports (matplotlib, rendered to PNG bytes without a display)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no screen on the server

import matplotlib.pyplot as plt

from .aggregate import PeriodSummary

# The four categories of the report's table, in the order Vietnamese task reports use.
_BARS = (
    ("Hoàn thành\nđúng hạn", "done_on_time", "#6AA84F"),
    ("Hoàn thành\nquá hạn", "done_late", "#E69138"),
    ("Chưa hoàn thành\ntrong hạn", "open_on_time", "#6FA8DC"),
    ("Chưa hoàn thành\nquá hạn", "open_late", "#CC0000"),
    ("Chưa rõ\nthời hạn", "unknown", "#8E7CC3"),
)


def status_chart(summary: PeriodSummary) -> bytes:
    """Bar chart of the tasks in each category, as of the report's day."""
    bars = [(label, getattr(summary.total, attr), colour) for label, attr, colour in _BARS]
    bars = [b for b in bars if b[1] or b[0].startswith(("Hoàn", "Chưa hoàn"))]
    plt.rcParams["font.family"] = ["Liberation Serif", "DejaVu Serif", "serif"]
    fig, ax = plt.subplots(figsize=(6.3, 2.9), dpi=150)
    try:
        labels, values, colours = zip(*bars, strict=True)
        drawn = ax.bar(labels, values, color=colours, width=0.6)
        ax.bar_label(drawn, padding=2, fontsize=10)
        ax.set_ylabel("Số nhiệm vụ", fontsize=10)
        ax.set_title(f"Tình hình thực hiện nhiệm vụ đến ngày {summary.as_of:%d/%m/%Y}", fontsize=11)
        ax.tick_params(axis="x", labelsize=9)
        ax.set_ylim(0, max(max(values), 1) * 1.2)
        ax.yaxis.get_major_locator().set_params(integer=True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)
