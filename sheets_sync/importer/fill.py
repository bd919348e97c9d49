"""An imported plan written into a sheet that exists: a Google Sheet ``init --google`` prepared,
or a workbook kept before (``--append``), as one change set.

Usage::

    changes = fill_changes(backend.read(TABS), plan, cfg)
    backend.apply(changes)

The tasks go below the rows the sheet has, in the columns its header names (found by their
words, as the jobs find them; a missing ``Nhóm`` column is added at the header's end); a
number the sheet already has gets " (2)". Units the ``Danh mục`` list lacks are added to it,
a sheet made by hand without a ``Tiến độ`` tab gets one, and a sheet that names no plan gets
the hidden ``_ke_hoach`` tab. Nothing already in the sheet
is changed.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import contract, lists, seed
from ..cells import Cell, as_text, is_blank, stt_key
from ..config import Config
from ..identity import PlanIdentity
from ..model import ChangeSet, Grid, RowWrite
from ..sheet import find_header, labels_for
from ..units import from_lists_tab
from .plan import Plan


# The tabs whose contents the change set depends on.
def tabs(cfg: Config) -> list[str]:
    titles = [cfg.sheet.tab_title(t) for t in (contract.TASKS, contract.PROGRESS)]
    return [*titles, contract.LISTS_TITLE, contract.IDENTITY_TITLE]


def task_count(snapshot: Mapping[str, Grid], cfg: Config) -> int:
    """Rows with a task text below the tasks tab's header (0 for a sheet without one)."""
    title = cfg.sheet.tab_title(contract.TASKS)
    grid = snapshot.get(title) or []
    header = find_header(grid, contract.TASKS, labels_for(cfg, contract.TASKS), title)
    col = header.columns["task"]
    return sum(1 for row in grid[header.row + 1 :] if col < len(row) and not is_blank(row[col]))


def fill_changes(
    snapshot: Mapping[str, Grid], plan: Plan, cfg: Config, *, config_name: str = ""
) -> ChangeSet:
    changes = ChangeSet()
    _tasks(changes, snapshot, plan, cfg)
    _units(changes, snapshot, plan)
    progress = cfg.sheet.tab_title(contract.PROGRESS)
    if progress not in snapshot:  # a sheet made by hand: where officers log what they did
        changes.new_tabs[progress] = list(labels_for(cfg, contract.PROGRESS).values())
    if contract.IDENTITY_TITLE not in snapshot:
        note, *rows = PlanIdentity.of(cfg, config=config_name).rows()
        changes.new_tabs[contract.IDENTITY_TITLE] = [str(v) for v in note]
        changes.hidden_tabs = (*changes.hidden_tabs, contract.IDENTITY_TITLE)
        changes.appends += [(contract.IDENTITY_TITLE, list(row)) for row in rows]
    return changes


def _tasks(changes: ChangeSet, snapshot: Mapping[str, Grid], plan: Plan, cfg: Config) -> None:
    title = cfg.sheet.tab_title(contract.TASKS)
    grid = snapshot.get(title) or []
    header = find_header(grid, contract.TASKS, labels_for(cfg, contract.TASKS), title)
    columns = dict(header.columns)
    if "group" not in columns:
        columns["group"] = header.width
        label = cfg.sheet.label(contract.TASKS, "group")
        changes.writes.append(RowWrite(title, header.row, {header.width: label}))
    taken = {stt_key(row[columns["stt"]]) for row in grid[header.row + 1 :] if row}
    width = max(columns.values()) + 1
    for task in plan.tasks:
        number, copy = task.stt, 1
        while stt_key(number) in taken:
            copy += 1
            number = f"{task.stt} ({copy})"
        taken.add(stt_key(number))
        values = {**_values(task), "stt": number}
        row: list[Cell] = [None] * width
        for key, value in values.items():
            if key in columns and value:
                row[columns[key]] = value
        changes.appends.append((title, row))


def _values(task: object) -> dict[str, str]:
    keys = ("stt", "task", "product", "lead", "partners", "timeframe", "group")
    return {key: getattr(task, key) for key in keys}


def _units(changes: ChangeSet, snapshot: Mapping[str, Grid], plan: Plan) -> None:
    grid = snapshot.get(contract.LISTS_TITLE)
    if grid is None:
        header, *rows = lists.rows(plan.units, seed.FORMS)
        changes.new_tabs[contract.LISTS_TITLE] = [str(h) for h in header]
        changes.appends += [(contract.LISTS_TITLE, list(row)) for row in rows]
        return
    head = [as_text(v) for v in (grid[0] if grid else [])]
    unit_col = head.index(lists.HEADER[lists.UNIT]) if lists.HEADER[lists.UNIT] in head else 0
    other_col = (
        head.index(lists.HEADER[lists.OTHER_NAMES])
        if lists.HEADER[lists.OTHER_NAMES] in head
        else None
    )
    # Known by any spelling the tab gives it ("Tên gọi khác" too): never listed twice.
    known = from_lists_tab(grid)
    for name, others in plan.units.items():
        if any(known.listed(spelling) for spelling in (name, *others)):
            continue
        row: list[Cell] = [None] * (max(unit_col, other_col or 0) + 1)
        row[unit_col] = name
        if other_col is not None and others:
            row[other_col] = "; ".join(others)
        changes.appends.append((contract.LISTS_TITLE, row))
