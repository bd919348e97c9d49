"""Import a plan from its signed document: the letterhead, the task tables, the units.

Usage::

    from sheets_sync.importer import PlanFileError, read_plan

    plan = read_plan(Path("ke-hoach.docx"), fallback_year=2025)
    plan.letterhead.number       # "45/KH-UBND"
    plan.year                    # 2025
    plan.tasks[0].stt, plan.tasks[0].timeframe
    plan.units                   # {"Văn phòng HĐND - UBND": ["VP HĐND-UBND"], ...}
    plan.problems                # what could not be read, and where

The modules, in the order a file goes through them: ``source`` (what kind of file; LibreOffice
``convert`` for .doc/.odt), ``document`` and ``spreadsheet`` (into ``blocks``: paragraphs and
tables with merged cells resolved, Word's list ``numbering`` included), ``letterhead`` (issuing
body, number, date, title, signer), ``tables`` (which tables hold tasks, and their ``columns``),
``tasks`` (rows into tasks and groups, unique ``stt``), ``units`` (the plan's units), ``plan``
(all of it). ``docs/import.md`` says what is read and how to fix what was not.
"""

from __future__ import annotations

import importlib
from typing import Any

from .problems import PlanFileError, Problem

# Loaded on first use: the command line imports this package for ``PlanFileError`` only, and
# must not pay for python-docx on every start.
_LAZY = {
    "Letterhead": "letterhead",
    "Plan": "plan",
    "plan_name": "plan",
    "read_plan": "plan",
    "Task": "tasks",
}

__all__ = ["Letterhead", "Plan", "PlanFileError", "Problem", "Task", "plan_name", "read_plan"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
