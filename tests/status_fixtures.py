"""Evaluating one hand-made task the way the jobs do: through ``evaluate_plan``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sheets_sync.sheet import Header, Plan, Progress, Task
from sheets_sync.status import Evaluation, evaluate_plan


def evaluate(
    task: Task, progress: Sequence[Progress], today: date, due_soon_days: int, **how: Any
) -> Evaluation:
    """``task``'s due date, status and note as of ``today``, given its progress rows."""
    plan = Plan([task], list(progress), [], Header(0, {}, 0), None)
    (evaluation,) = evaluate_plan(plan, today, due_soon_days, **how)
    return evaluation
