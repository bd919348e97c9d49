"""What an import prints: the plan's header fields, its tasks as a short table, and a line for
each thing it could not read.

Usage::

    for line in summary_lines(plan):
        print(line)
"""

from __future__ import annotations

from ..text import quote
from ..timeframe import parse
from .plan import Plan

_WIDTHS = (("stt", 7), ("task", 44), ("lead", 28), ("timeframe", 24))
_HEADINGS = tuple(zip(("STT", "Nhiệm vụ", "Chủ trì", "Thời gian"), _WIDTHS, strict=True))


def _cut(text: str, width: int) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 1] + "…"


def summary_lines(plan: Plan) -> list[str]:
    head = plan.letterhead
    issued = head.issued.strftime("%d/%m/%Y") if head.issued else "—"
    body = " / ".join(part for part in (head.parent, head.name) if part) or "—"
    signer = " · ".join(
        part for part in (*head.authority, head.signer_title, head.signer_name) if part
    )
    lines = [
        plan.name,
        f"  Cơ quan ban hành: {body}" + (f" ({head.commune})" if head.commune else ""),
        f"  Số: {head.number or '—'} · ngày {issued} · năm kế hoạch {plan.year}",
        f"  Người ký: {signer or '—'}",
        f"{len(plan.tasks)} nhiệm vụ từ {plan.tables} bảng, {len(plan.units)} đơn vị "
        f"({len(plan.tasks)} tasks from {plan.tables} table(s), {len(plan.units)} units)",
        "  " + " ".join(f"{label:<{width}}" for label, (_, width) in _HEADINGS).rstrip(),
    ]
    groups_seen = ""
    for task in plan.tasks:
        if task.group and task.group != groups_seen:
            lines.append(f"  [{_cut(task.group, 100)}]")
            groups_seen = task.group
        cells = (f"{_cut(getattr(task, key), width):<{width}}" for key, width in _WIDTHS)
        lines.append("  " + " ".join(cells).rstrip())
    if plan.ignored_columns:
        lines.append(
            "Cột không ghi vào bảng tính (columns not kept): " + "; ".join(plan.ignored_columns)
        )
    unclear = [
        t for t in plan.tasks if t.timeframe and parse(t.timeframe, plan.year).kind == "unknown"
    ]
    if unclear:
        lines.append(
            "Thời gian máy chưa hiểu, sẽ ghi 'Chưa rõ thời hạn' (timeframes not understood): "
            + "; ".join(f"{t.stt} {quote(t.timeframe)}" for t in unclear)
        )
    if plan.problems:
        lines.append(f"Chưa đọc được ({len(plan.problems)} — not read; fix as each line says):")
        lines += [f"  {problem}" for problem in plan.problems]
    return lines
