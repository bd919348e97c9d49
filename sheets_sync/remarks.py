"""The office's own words in a report: the ``Báo cáo`` tab, one row per period and section.

Usage::

    remarks = read_remarks(snapshot, period)
    remarks.paragraphs("strengths")   # ['Các cơ quan ... ', ...]: what the office wrote, or []
    remarks.problems                  # rows that could not be used, for the office's checklist

What a machine cannot know (how well the work went, why some of it is late, what to ask of the
level above) the office writes in the sheet, in a tab of three columns::

    Kỳ báo cáo   | Mục                 | Nội dung
    2024-Q3      | Ưu điểm             | Các cơ quan, đơn vị ... (line breaks start new paragraphs)
    Quý III/2024 | Đề xuất, kiến nghị  | Đề nghị ...

"Kỳ báo cáo" takes the period's key ("2024-Q3", "2024-H1", "2024-9M", "2024") or its name
("Quý III/2024", "6 tháng đầu năm 2024", "9 tháng năm 2024", "Năm 2024"); "Mục" names one of
``SECTIONS`` (loosely: "uu diem" will do). Several rows for one period and section are printed in
order. A section the office left empty gets the template's draft written from the figures; the
report job creates the tab (header only) when it is missing, as it does ``Nhật ký``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from . import contract
from .cells import Cell, as_text, is_blank
from .model import ChangeSet
from .periods import PeriodError, ReportingPeriod, parse_period
from .sheet import Problem
from .text import clean, fold, quote

TITLE = contract.REMARKS_TITLE
PERIOD, SECTION, TEXT = "Kỳ báo cáo", "Mục", "Nội dung"
HEADER = (PERIOD, SECTION, TEXT)

# Section key -> (its name in the tab and the report, the folded words that name it).
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "direction": ("Công tác chỉ đạo, điều hành", ("chi dao", "dieu hanh")),
    "strengths": ("Ưu điểm", ("uu diem", "ket qua dat duoc")),
    "weaknesses": ("Tồn tại, hạn chế", ("ton tai", "han che")),
    "causes": ("Nguyên nhân", ("nguyen nhan",)),
    "plans": ("Phương hướng, nhiệm vụ", ("phuong huong", "nhiem vu")),
    "proposals": ("Đề xuất, kiến nghị", ("de xuat", "kien nghi")),
}


@dataclass
class Remarks:
    """What the office wrote for one period, by section, and where."""

    by_section: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)  # section -> 1-based sheet rows
    problems: list[Problem] = field(default_factory=list)
    tab_found: bool = False

    def paragraphs(self, section: str) -> list[str]:
        return self.by_section.get(section, [])


def read_remarks(
    snapshot: Mapping[str, Sequence[Sequence[Cell]]], period: ReportingPeriod
) -> Remarks:
    """The rows of the ``Báo cáo`` tab for ``period`` (its key, whatever the cut)."""
    grid = snapshot.get(TITLE)
    if grid is None:
        return Remarks()
    remarks = Remarks(tab_found=True)
    found = _header(grid)
    if found is None:
        if any(not is_blank(v) for row in grid for v in row):
            remarks.problems.append(
                Problem(
                    TITLE,
                    0,
                    0,
                    f"Không thấy dòng tiêu đề {', '.join(HEADER)} — thêm dòng "
                    "tiêu đề có ba cột này để báo cáo lấy lời văn của văn phòng",
                )
            )
        return remarks
    head, cols = found
    by_section: dict[str, list[str]] = defaultdict(list)
    rows: dict[str, list[int]] = defaultdict(list)
    y = period.year  # examples in the notes name the plan's own year
    for r in range(head + 1, len(grid)):
        line = grid[r]
        cell = [line[c] if c < len(line) else None for c in cols]
        if all(is_blank(v) for v in cell):
            continue
        typed_period, typed_section, typed_text = (as_text(v) for v in cell)
        key = period_key(typed_period, period.year)
        if key is None:
            remarks.problems.append(
                Problem(
                    TITLE,
                    r,
                    cols[0],
                    f"Kỳ báo cáo {quote(typed_period)} không đọc được — ghi dạng {y}-Q3 hoặc "
                    f"Quý III/{y}, 6 tháng đầu năm {y}, Năm {y}",
                )
            )
            continue
        if key != period.key:
            continue
        section = section_key(typed_section)
        if section is None:
            names = "; ".join(name for name, _ in SECTIONS.values())
            remarks.problems.append(
                Problem(
                    TITLE,
                    r,
                    cols[1],
                    f"Mục {quote(typed_section)} không có trong báo cáo — "
                    f"ghi một trong các mục: {names}",
                )
            )
            continue
        paragraphs = [clean(p) for p in typed_text.splitlines() if clean(p)]
        if paragraphs:
            by_section[section] += paragraphs
            rows[section].append(r + 1)
    remarks.by_section, remarks.rows = dict(by_section), dict(rows)
    return remarks


def _header(grid: Sequence[Sequence[Cell]]) -> tuple[int, list[int]] | None:
    wanted = [fold(h) for h in HEADER]
    for r, row in enumerate(grid[: contract.HEADER_SEARCH_ROWS]):
        heads = [fold(v) if isinstance(v, str) else "" for v in row]
        if all(w in heads for w in wanted):
            return r, [heads.index(w) for w in wanted]
    return None


def section_key(typed: str) -> str | None:
    folded = fold(typed)
    for key, (_name, words) in SECTIONS.items():
        if any(w in folded for w in words):
            return key
    return None


def period_key(typed: str, year: int) -> str | None:
    """The period a row of the tab is for, read as ``--period`` reads it
    (``periods.parse_period``: '2024-Q3', 'Quý III/2024', '6 tháng đầu năm 2024', 'Năm 2024'; a
    name without a year is taken in ``year``); None when it names no report's period."""
    try:
        return parse_period(typed, year) if typed.strip() else None
    except PeriodError:
        return None


def add_tab_if_missing(changes: ChangeSet, snapshot: Mapping[str, object]) -> None:
    """Create the tab (its header only) in the same write as the run's log row."""
    if TITLE not in snapshot:
        changes.new_tabs[TITLE] = list(HEADER)
