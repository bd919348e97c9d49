"""From raw cell grids to plain records: find the header, read each row, note what is wrong.

Usage (on the demo plan)::

    >>> snapshot = backend.read(["Nhiệm vụ", "Tiến độ"])
    >>> plan = read_plan(snapshot, cfg)
    >>> task = plan.tasks[0]
    >>> task.row, task.stt, task.timeframe.kind    # row 4 of the sheet (0-based 3)
    (3, '1', 'continuous')
    >>> plan.progress[0].on, plan.progress[0].stt, plan.progress[0].count
    (datetime.date(2024, 1, 3), '1', 3)
    >>> print(plan.problems[0])
    Tiến độ!A11: Ngày '31/02/2024' không có thật — ghi ngày dạng 15/03/2024

Columns are found by header text (``text.fold``), so officers may reorder and insert columns,
put title rows above the header, leave blank rows and sort. Nothing here raises on a bad cell:
it becomes a ``Problem`` with the cell's A1 name and a Vietnamese message, and reading goes on.
A missing tab or required column is different: without it there is nothing to read, so
``SheetError`` says which header was looked for, and where.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from typing import NamedTuple

from . import contract, identity
from .cells import (
    Cell,
    CellError,
    a1,
    as_count,
    as_date,
    as_text,
    column_letter,
    date_hint,
    is_blank,
    is_error,
    stt_key,
)
from .config import Config
from .text import clean, fold, quote
from .timeframe import Timeframe, parse

Grid = Sequence[Sequence[Cell]]


class SheetError(Exception):
    """The sheet cannot be read at all (a tab or a required header is missing).

    ``note`` is the Vietnamese half of the message, for a note in the sheet itself."""

    def __init__(self, message: str, note: str = "") -> None:
        super().__init__(message)
        self.note = note or message


@dataclass(frozen=True, slots=True)
class Header:
    row: int  # 0-based index of the header row in the grid
    columns: Mapping[str, int]  # column key -> 0-based column index
    width: int  # cells up to the last non-blank header cell

    def col(self, key: str) -> int | None:
        return self.columns.get(key)


@dataclass(frozen=True, slots=True)
class Problem:
    tab: str
    row: int | None
    col: int | None
    message: str  # Vietnamese, for the sheet and the report

    @property
    def cell(self) -> str | None:
        if self.row is None:
            return None
        return a1(self.row, self.col) if self.col is not None else f"dòng {self.row + 1}"

    def __str__(self) -> str:
        where = f"{self.tab}!{self.cell}" if self.cell else self.tab
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Task:
    row: int
    stt: str
    name: str
    product: str
    lead: str
    partners: str
    timeframe: Timeframe
    done_on: date | None
    shown: Mapping[str, Cell]  # what the job-owned cells hold now, by column key
    problems: tuple[str, ...] = ()  # Vietnamese notes about this row's own cells
    refs: Mapping[str, str] = field(default_factory=dict)  # A1 of the row's cells, by column key
    key: str = field(init=False, compare=False)  # stt_key(stt), looked up often

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", stt_key(self.stt))


class Progress(NamedTuple):
    """One thing done, from a ``Tiến độ`` row (a tuple: a plan can hold a million of them)."""

    row: int
    on: date
    stt: str
    unit: str
    form: str
    content: str
    count: int
    evidence: str


@dataclass
class Plan:
    tasks: list[Task]
    progress: list[Progress]
    problems: list[Problem]
    task_header: Header
    progress_header: Header | None
    stale_rows: list[int] = field(default_factory=list)  # no task, yet job cells still filled

    @cached_property
    def dates_by_task(self) -> dict[str, list[date]]:
        """The sorted dates of each task's progress rows: what status rules look at."""
        dates: dict[str, list[date]] = defaultdict(list)
        for item in self.progress:
            dates[item.stt].append(item.on)
        for days in dates.values():
            days.sort()
        return dict(dates)

    def known_by(self, day: date) -> Plan:
        """The plan as it stood at the end of ``day``: later progress and completions unseen."""
        tasks = [
            t if t.done_on is None or t.done_on <= day else replace(t, done_on=None)
            for t in self.tasks
        ]
        known = replace(self, tasks=tasks, progress=[p for p in self.progress if p.on <= day])
        # The dates grouping the kept rows would give, cut from this plan's sorted lists.
        cut = ((key, days[: bisect_right(days, day)]) for key, days in self.dates_by_task.items())
        known.dates_by_task = {key: days for key, days in cut if days}
        return known


_SECTION_STT = re.compile(r"^(?:[ivxlc]+|[a-z])$")


def find_header(grid: Grid, tab: contract.Tab, labels: Mapping[str, str], title: str) -> Header:
    """Locate the header row: the one among the first rows that names the most known columns."""
    best: Header | None = None
    for index, row in enumerate(grid[: contract.HEADER_SEARCH_ROWS]):
        columns = _match_columns(row, tab, labels)
        if columns and (best is None or len(columns) > len(best.columns)):
            width = max(i for i, v in enumerate(row) if not is_blank(v)) + 1
            best = Header(index, columns, width)
    missing = [
        labels[c.key]
        for c in tab.columns
        if c.required and (best is None or c.key not in best.columns)
    ]
    if best is None or missing:
        names = ", ".join(f"'{m}'" for m in missing)
        note = (
            f"Trang '{title}': không tìm thấy cột {names} trong {contract.HEADER_SEARCH_ROWS} dòng "
            f"đầu — {_where_to_add(best, names)}"
        )
        raise SheetError(
            f"{note}. (Tab '{title}': header {names} not found in the first "
            f"{contract.HEADER_SEARCH_ROWS} rows.)",
            note,
        )
    return best


def _where_to_add(found: Header | None, names: str) -> str:
    """What to type where: the first free cell of the header row that was found."""
    if found is None:
        return f"thêm dòng tiêu đề có các cột {names}"
    cell = a1(found.row, found.width)
    return (
        f"thêm cột có tiêu đề đúng như vậy vào dòng tiêu đề (dòng {found.row + 1}, ví dụ ô {cell})"
    )


def _match_columns(
    row: Sequence[Cell], tab: contract.Tab, labels: Mapping[str, str]
) -> dict[str, int]:
    folded = [fold(as_text(v)) if isinstance(v, str) else "" for v in row]
    columns: dict[str, int] = {}
    # Exact labels first, so an alias ("Nội dung") never steals a column another key names.
    for use_aliases in (False, True):
        for column in tab.columns:
            if column.key in columns:
                continue
            names = column.aliases if use_aliases else (labels[column.key], column.label)
            wanted = {fold(n) for n in names}
            taken = set(columns.values())
            for i, name in enumerate(folded):
                if name in wanted and i not in taken:
                    columns[column.key] = i
                    break
    return columns


def _best_row(grid: Grid, tab: contract.Tab, labels: Mapping[str, str]) -> int:
    """Index of the row naming the most known columns (0 if none names any)."""
    counts = [len(_match_columns(row, tab, labels)) for row in grid[: contract.HEADER_SEARCH_ROWS]]
    return max(range(len(counts)), key=lambda i: (counts[i], -i)) if counts else 0


def labels_for(cfg: Config, tab: contract.Tab) -> dict[str, str]:
    return {c.key: cfg.sheet.label(tab, c.key) for c in tab.columns}


def read_plan(snapshot: Mapping[str, Grid], cfg: Config) -> Plan:
    """Turn the tabs' grids into tasks, progress rows and the problems found on the way.

    A snapshot holding the hidden ``_ke_hoach`` tab is first checked to be of ``cfg``'s plan
    (``identity.PlanMismatch`` otherwise): no plan is judged by another plan's config."""
    identity.check(cfg, snapshot)
    tasks_title = cfg.sheet.tab_title(contract.TASKS)
    progress_title = cfg.sheet.tab_title(contract.PROGRESS)
    for title, setting in ((tasks_title, "tasks_tab"), (progress_title, "progress_tab")):
        if title not in snapshot:
            raise SheetError(_missing_tab(title, setting, snapshot))
    problems: list[Problem] = []
    task_grid = snapshot[tasks_title]
    task_header = find_header(
        task_grid, contract.TASKS, labels_for(cfg, contract.TASKS), tasks_title
    )
    tasks, stale = _read_tasks(task_grid, task_header, cfg, tasks_title, problems)

    progress: list[Progress] = []
    progress_header: Header | None = None
    grid = snapshot[progress_title]
    try:
        progress_header = find_header(
            grid, contract.PROGRESS, labels_for(cfg, contract.PROGRESS), progress_title
        )
    except SheetError as exc:
        # Noted on the first cell of the row that looks most like the header (or A1).
        found = _best_row(grid, contract.PROGRESS, labels_for(cfg, contract.PROGRESS))
        problems.append(Problem(progress_title, found, 0, exc.note))
    else:
        # A task without a number (blank or '#REF!') can be named by no progress row.
        known = {t.key for t in tasks if t.key}
        example = next((t.key for t in tasks if t.key), "1")
        progress = _read_progress(
            grid, progress_header, cfg, progress_title, known, example, problems
        )
    return Plan(tasks, progress, problems, task_header, progress_header, stale)


def _missing_tab(title: str, setting: str, snapshot: Mapping[str, Grid]) -> str:
    """Why the job stops when a tab it cannot do without is gone, and the tabs there are
    instead: a renamed tab is then easy to spot in the list."""
    found = getattr(snapshot, "titles", ()) or tuple(snapshot)
    listed = ", ".join(f"'{t}'" for t in found) or "không có trang nào / none"
    return (
        f"Không có trang '{title}' trong bảng tính (các trang đang có: {listed}) — đặt lại tên "
        f"trang là '{title}', hoặc ghi tên mới vào {setting} trong mục [sheet] của cấu hình. "
        f"(No tab named '{title}'; the tabs are {listed}: rename the tab or set "
        f"[sheet] {setting}.)"
    )


def _read_tasks(
    grid: Grid, header: Header, cfg: Config, title: str, problems: list[Problem]
) -> tuple[list[Task], list[int]]:
    year = cfg.plan.year
    columns = list(header.columns.items())
    letters = [(key, column_letter(c)) for key, c in columns]  # for the A1 names of each row
    pad = [None] * (max(header.columns.values()) + 1)
    officer_keys = [c.key for c in contract.TASKS.columns if c.owner == "officer"]
    job_keys = [c.key for c in contract.TASKS.job_columns]
    texts: dict[str, str] = {}  # units and partners repeat from task to task
    tasks: list[Task] = []
    stale: list[int] = []
    for r in range(header.row + 1, len(grid)):
        row = grid[r]
        if len(row) < len(pad):
            row = [*row, *pad[len(row) :]]
        cell = {key: row[c] for key, c in columns}
        shown = {k: cell.get(k) for k in job_keys}
        if all(is_blank(cell.get(k)) for k in officer_keys):
            if any(not is_blank(v) for v in shown.values()):
                stale.append(r)
            continue
        stt = as_text(cell["stt"])
        if _is_section_heading(stt, cell["timeframe"], cell.get("lead")):
            continue
        number = str(r + 1)
        refs = {key: letter + number for key, letter in letters}
        notes = _task_cell_notes(cell, refs, stt, year)
        done_on = None
        try:
            done_on = as_date(cell.get("done"), year)
        except CellError as exc:
            notes.append(f"Ngày hoàn thành ở ô {refs['done']}: {exc}")
        tasks.append(
            Task(
                row=r,
                stt=stt,
                name=_display(cell["task"], {}),
                product=_display(cell.get("product"), texts),
                lead=_display(cell.get("lead"), texts),
                partners=_display(cell.get("partners"), texts),
                timeframe=parse(_timeframe_text(cell["timeframe"]), year),
                done_on=done_on,
                shown=shown,
                problems=tuple(notes),
                refs=refs,
            )
        )
        problems.extend(Problem(title, r, None, n) for n in notes)
    _note_duplicate_stt(tasks, title, problems)
    return tasks, stale


def _instead(year: int) -> dict[str, str]:
    """What to put in a cell instead of a broken formula, by column (examples in the plan's
    year)."""
    return {
        "stt": "ghi số thứ tự của nhiệm vụ, ví dụ 3",
        "task": "ghi tên nhiệm vụ",
        "timeframe": f"ghi thời hạn dạng 'Quý I/{year}' hoặc 'Trước 31/3/{year}'",
        "done": date_hint(year),
    }


def _task_cell_notes(
    cell: Mapping[str, Cell], refs: Mapping[str, str], stt: str, year: int
) -> list[str]:
    """Notes about the officers' own cells of a task row: broken formulas, a missing STT."""
    notes = [
        f"Ô {refs[key]} có lỗi công thức {as_text(cell[key])} — sửa công thức hoặc {hint}"
        for key, hint in _instead(year).items()
        if key in cell and is_error(cell[key])
    ]
    if not stt:
        notes.append(f"Thiếu STT ở ô {refs['stt']} — ghi số thứ tự để nối với trang Tiến độ")
    return notes


def _is_section_heading(stt: str, timeframe: Cell, lead: Cell) -> bool:
    """'I', 'II', 'A' rows that group tasks under a heading: not tasks themselves."""
    if not is_blank(timeframe) or not is_blank(lead):
        return False
    return bool(_SECTION_STT.match(fold(stt).rstrip(".")))


def _timeframe_text(value: Cell) -> str:
    """A typed date may reach us as a date or (from Google) a serial number: read it as text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return as_text(as_date(value, 2000))
        except CellError:
            return as_text(value)
    return as_text(value)


def _note_duplicate_stt(tasks: list[Task], title: str, problems: list[Problem]) -> None:
    counts = Counter(t.key for t in tasks if t.key)
    if all(n < 2 for n in counts.values()):
        return
    free = _free_number(counts)
    for i, task in enumerate(tasks):
        if counts[task.key] < 2:
            continue
        others = ", ".join(str(t.row + 1) for t in tasks if t.key == task.key and t is not task)
        note = (
            f"STT {quote(task.stt)} ở ô {task.refs.get('stt', '')} trùng với dòng {others} — "
            f"mỗi nhiệm vụ cần một STT riêng, ví dụ {free}"
        )
        tasks[i] = _with_note(task, note)
        problems.append(Problem(title, task.row, None, note))


def _free_number(used: Counter[str]) -> int:
    """The next task number nobody uses (one above the largest whole number)."""
    numbers = [int(k) for k in used if k.isdigit() and len(k) < 10]
    return max(numbers, default=0) + 1


def _with_note(task: Task, note: str) -> Task:
    return replace(task, problems=(*task.problems, note))


# Cell types whose reading can be remembered by value: a log repeats the same dates, task
# numbers, counts and texts on many rows. Not bool, since True == 1 as a dict key.
_REMEMBERED = frozenset({str, int, float, date, type(None)})


def _read_progress(
    grid: Grid,
    header: Header,
    cfg: Config,
    title: str,
    known: set[str],
    example: str,
    problems: list[Problem],
) -> list[Progress]:
    col = header.col
    date_col, stt_col, count_col = col("date"), col("task"), col("count")
    unit_col, form_col, content_col = col("unit"), col("form"), col("content")
    evidence_col = col("evidence")
    used = sorted(header.columns.values())
    width = max(used) + 1
    tails = [[None] * (width - n) for n in range(width)]  # pads rows with blanks trimmed
    year = cfg.plan.year
    # A log can hold a million rows, so each distinct cell value is read once (with the general
    # readers of ``cells``) and its reading looked up on every other row that holds it.
    days: dict[Cell, date] = {}
    refs_of: dict[Cell, list[str]] = {}
    counts: dict[Cell, int | str] = {}  # the count, or why the cell is not one
    texts: dict[str, str] = {"": ""}
    new = tuple.__new__
    items: list[Progress] = []
    for r in range(header.row + 1, len(grid)):
        row = grid[r]
        if len(row) < width:
            row = row + tails[len(row)]
        # A remembered reading is used unless the cell is a bool (True == 1 as a key).
        typed = row[date_col]
        on = days.get(typed)
        if on is None or type(typed) is bool:
            on = _progress_date(row, r, date_col, used, year, title, problems)
            if on is None:
                continue
            if type(typed) in _REMEMBERED:
                days[typed] = on
        typed = row[stt_col]
        refs = refs_of.get(typed)
        if refs is None or type(typed) is bool:
            refs = _task_refs(typed, known)
            if type(typed) in _REMEMBERED:
                refs_of[typed] = refs
        if not refs:
            problems.append(Problem(title, r, stt_col, _unknown_task(typed, example)))
            continue
        typed = row[count_col] if count_col is not None else None
        count = counts.get(typed)
        if count is None or type(typed) is bool:
            count = _count_or_reason(typed)
            if type(typed) in _REMEMBERED:
                counts[typed] = count
        if type(count) is str:
            problems.append(Problem(title, r, count_col, count))
            count = 0
        # Only texts are keys of ``texts``, so no other cell type can find an entry there.
        unit = texts.get(row[unit_col]) if unit_col is not None else ""
        if unit is None:
            unit = _display(row[unit_col], texts)
        form = texts.get(row[form_col]) if form_col is not None else ""
        if form is None:
            form = _display(row[form_col], texts)
        content = texts.get(row[content_col]) if content_col is not None else ""
        if content is None:
            content = _display(row[content_col], texts)
        evidence = row[evidence_col] if evidence_col is not None else None
        if evidence is None:
            evidence = ""
        elif type(evidence) is str:
            evidence = evidence.strip()
        else:
            evidence = as_text(evidence)
        for ref in refs:
            items.append(new(Progress, (r, on, ref, unit, form, content, count, evidence)))
    return items


def _progress_date(
    row: Sequence[Cell],
    r: int,
    col: int,
    used: Sequence[int],
    year: int,
    title: str,
    problems: list[Problem],
) -> date | None:
    """The date of a progress row; ``None`` for a blank row, or with a problem noted."""
    value = row[col]
    if type(value) is date:
        return value
    if all(is_blank(row[c]) for c in used):
        return None
    try:
        on = value.date() if isinstance(value, datetime) else as_date(value, year)
    except CellError as exc:
        problems.append(Problem(title, r, col, str(exc)))
        return None
    if on is None:
        problems.append(Problem(title, r, col, f"Thiếu ngày — {date_hint(year)}"))
    return on


def _count_or_reason(value: Cell) -> int | str:
    """A progress row's count, or the Vietnamese reason it is not one."""
    try:
        return as_count(value)
    except CellError as exc:
        return str(exc)


def _unknown_task(typed: Cell, example: str) -> str:
    text = as_text(typed)
    hint = f"ghi STT của một nhiệm vụ trong trang Nhiệm vụ, ví dụ {example[:40]}"
    if is_error(typed):
        return f"Ô có lỗi công thức {text} — sửa công thức hoặc {hint}"
    if text:
        return f"STT nhiệm vụ {quote(text)} không có trong trang Nhiệm vụ — {hint}"
    return f"Thiếu STT nhiệm vụ — {hint}"


def _display(value: Cell, seen: dict[str, str]) -> str:
    """A text cell tidied for display, remembering the texts that repeat on many rows."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        return clean(as_text(value))
    if value not in seen:
        seen[value] = clean(value)
    return seen[value]


def _task_refs(value: Cell, known: set[str]) -> list[str]:
    """The task numbers a progress row names: '5', or a list such as '3, 5' for shared work."""
    whole = stt_key(value)
    if whole in known:
        return [whole]
    parts = [stt_key(p) for p in fold(as_text(value)).split() if p != "va"]
    return parts if parts and all(p in known for p in parts) else []
