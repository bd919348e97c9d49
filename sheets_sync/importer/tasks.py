"""Turn the rows of task tables into tasks, with their group and a task number of their own.

Usage::

    tasks, problems = read_tasks(task_tables(blocks))
    tasks[0].stt, tasks[0].group, tasks[0].lead      # "I.1", "I. CÔNG TÁC CHỈ ĐẠO", "Văn phòng"

Each body row is one of:

- **blank** (a spacer, or a row only a merged cell from above reaches): skipped;
- **the header again** (typed again on a new page) or **column numbers** ("(1) (2) (3)"):
  skipped;
- **a footnote or total** ("Tổng cộng: 12 nhiệm vụ", "Ghi chú: …") in one cell: skipped;
- **a group** ("I | CÔNG TÁC TUYÊN TRUYỀN", "A. NHIỆM VỤ CHUNG" across the table, "1 | Cải
  cách thể chế" above 1.1, 1.2): no lead unit, product or timeframe of its own; it names the
  ``Nhóm`` of the tasks under it (A over I over 1);
- **a task**: everything else. Values merged down from a row above (a lead unit for a block of
  tasks) are read on every row they cover.

The printed number is kept ("1.2" stays "1.2"); "a", "b" and bullets under item 1 become "1.a",
"1.b", "1.1"; a number printed again under another group becomes unique with that group's
number ("I.1", "II.1") — of its table when the plan has several ("PL2.1"). A row that starts
a table continued from the page before without a number of its own is the end of the last
task, cut by the page break.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..text import fold
from . import stt
from .blocks import Cell, Table
from .numbering import roman_numeral
from .problems import Problem
from .tables import Layout

_DETAILS = ("product", "lead", "partners", "timeframe", "start", "end")
_FOOTNOTE = re.compile(
    r"^(\(?\*+\)?|tong cong|tong so|ghi chu|chu thich|luu y|chu y|nguon)\b|^cong$"
)
_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,2}|[a-z])\s*\)?$")
_MARKS = {"x", "v", "+", "•", "✓", "✔", "*"}


@dataclass(frozen=True)
class Task:
    stt: str  # unique within the plan; the printed number where that is unique
    task: str
    product: str = ""
    lead: str = ""
    partners: str = ""
    timeframe: str = ""  # as printed; "Từ <start> đến <end>" when the plan has two columns
    group: str = ""  # the group rows above it, outermost first, joined by " / "
    where: str = ""  # "bảng 2, dòng 5": the row in the document
    qualifiers: tuple[str, ...] = ()  # group numbers, innermost first, that make stt unique


@dataclass
class _Group:
    level: int
    label: str
    code: str


@dataclass
class _Reader:
    several_tables: bool
    tasks: list[Task] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    groups: list[_Group] = field(default_factory=list)
    numbered: str = ""  # the last decimal number printed, parent of a, b, c and bullets
    children: Counter[str] = field(default_factory=Counter)  # bullets counted per parent
    unnumbered: Counter[int] = field(default_factory=Counter)  # groups without a number, per level

    def read(self, layout: Layout, table_code: str) -> None:
        if not layout.continued:
            self.groups = [_Group(-1, layout.caption, table_code)] if self.several_tables else []
            self.numbered = ""
        rows = [r for r in layout.body if self._keeps(layout, r)]
        if "stt" not in layout.fields and not layout.continued and rows:
            where = f"bảng {layout.table.index}" if not layout.table.sheet else layout.table.sheet
            self.problems.append(
                Problem(where, "Bảng không có cột STT — đã đánh số nhiệm vụ 1, 2, 3… theo thứ tự.")
            )
        for i, r in enumerate(rows):
            following = rows[i + 1] if i + 1 < len(rows) else None
            if i == 0 and layout.continued and self._continues_task(layout, r):
                continue
            self._row(layout, r, following)

    # --- rows that are no tasks and no groups -----------------------------------------------

    def _keeps(self, layout: Layout, r: int) -> bool:
        table = layout.table
        own = [c for c in table.distinct(r) if c.top == r and c.text.strip()]
        if not own:
            return False
        keys = [fold(table.text(r, c)) for c in range(table.width)]
        if any(_same_as_header(keys, header) for header in layout.header_keys):
            return False
        texts = [fold(c.text) for c in own]
        if len(texts) >= 3 and all(_COLUMN_NUMBER.match(t) for t in texts):
            return False
        return not (_single(table, r) and _FOOTNOTE.match(fold(own[0].text)))

    def _continues_task(self, layout: Layout, r: int) -> bool:
        """The first row of a continued table, without a number: the last task, cut by the
        page break; its texts are added to that task's."""
        if not self.tasks or _value(layout, r, "stt") or _single(layout.table, r):
            return False
        last = self.tasks[-1]
        added = {
            key: _joined(getattr(last, key), _own_value(layout, r, key))
            for key in ("task", "product", "lead", "partners", "timeframe")
        }
        self.tasks[-1] = replace(last, **added)
        return True

    # --- groups and tasks ---------------------------------------------------------------------

    def _row(self, layout: Layout, r: int, following: int | None) -> None:
        table = layout.table
        number = _value(layout, r, "stt")
        text = _value(layout, r, "task")
        if _single(table, r):
            cell_text = _tidy(next(c.text for c in table.distinct(r) if c.text.strip()))
            self._group(stt.leading(cell_text) or "", cell_text)
            return
        if not number and text and not _has_details(layout, r):
            number = stt.leading(text)
        kind = stt.kind(number)
        if not _has_details(layout, r):
            heading = kind in ("upper", "roman", "none", "other") or (
                kind == "decimal" and self._has_children(layout, number, following)
            )
            if heading and text:
                self._group(number, text)
                return
        self._task(layout, r, number, kind, text)

    def _has_children(self, layout: Layout, number: str, following: int | None) -> bool:
        if following is None:
            return False
        below = _value(layout, following, "stt") or stt.leading(_value(layout, following, "task"))
        return stt.kind(below) in ("lower", "bullet") or stt.bare(below).startswith(
            stt.bare(number) + "."
        )

    def _group(self, number: str, text: str) -> None:
        kind = stt.kind(number)
        level = stt.LEVEL[kind]
        self.groups = [g for g in self.groups if g.level < level]
        code = stt.bare(number)
        if not code:
            self.unnumbered[level] += 1
            code = roman_numeral(self.unnumbered[level])
        printed = re.match(rf"^\s*\(?{re.escape(code)}\s*[.):\s]", text) if number else True
        label = text if printed else f"{code}. {text}"
        self.groups.append(_Group(level, label, code))
        if kind == "decimal":
            self.numbered = code

    def _task(self, layout: Layout, r: int, number: str, kind: str, text: str) -> None:
        where = _where(layout.table, r)
        printed = stt.bare(number)
        self._close_groups(printed, kind)
        if kind == "decimal":
            self.numbered = printed
        elif kind == "lower" and self.numbered:
            printed = f"{self.numbered}.{printed}"
        elif kind in ("bullet", "none"):
            self.children[self.numbered] += 1
            count = self.children[self.numbered]
            printed = f"{self.numbered}.{count}" if self.numbered else str(count)
            if kind == "none" and "stt" in layout.fields:
                self.problems.append(
                    Problem(where, f"Dòng không có số thứ tự — đã ghi STT {printed}.")
                )
        timeframe = _timeframe(layout, r)
        if not text and not _has_details(layout, r):
            self.problems.append(Problem(where, f"Dòng chỉ có số thứ tự {number} — đã bỏ qua."))
            return
        if not text:
            self.problems.append(
                Problem(where, "Không có nội dung nhiệm vụ — điền cột nhiệm vụ trên bảng tính.")
            )
        if not timeframe:
            self.problems.append(
                Problem(
                    where,
                    f"Nhiệm vụ {printed} không có thời gian thực hiện — điền vào bảng tính, "
                    f"nếu không máy sẽ ghi 'Chưa rõ thời hạn'.",
                )
            )
        self.tasks.append(
            Task(
                stt=printed,
                task=text,
                product=_value(layout, r, "product"),
                lead=_value(layout, r, "lead"),
                partners=_value(layout, r, "partners"),
                timeframe=timeframe,
                group=" / ".join(g.label for g in self.groups if g.label),
                where=where,
                qualifiers=tuple(g.code for g in reversed(self.groups)),
            )
        )

    def _close_groups(self, number: str, kind: str) -> None:
        """A task numbered like a group ends the groups it is not under: task "3" after the
        heading "2" with 2.1, 2.2 is not in group 2; task "II" is not under group "I"."""
        if kind == "decimal":
            self.groups = [
                g
                for g in self.groups
                if g.level < stt.LEVEL["decimal"] or number.startswith(f"{g.code}.")
            ]
        elif kind in ("upper", "roman"):
            self.groups = [g for g in self.groups if g.level < stt.LEVEL[kind]]


def read_tasks(layouts: Sequence[Layout]) -> tuple[list[Task], list[Problem]]:
    """The tasks of every task table, in order, each with a unique number."""
    several = sum(not layout.continued for layout in layouts) > 1
    reader = _Reader(several)
    tables = 0
    for layout in layouts:
        tables += not layout.continued
        reader.read(layout, _table_code(layout.caption, tables))
    return unique_numbers(reader.tasks), reader.problems


def unique_numbers(tasks: list[Task]) -> list[Task]:
    """When numbers repeat (numbering starts again in each group), every task gets its group's
    number in front ("I.1", "I.2", "II.1"), then the next group's out if needed ("A.I.1"); a
    number still shared gets " (2)", " (3)"."""
    numbers = [t.stt for t in tasks]
    # A group's number already at the front ("1" of "1.2") does not tell tasks apart.
    qualifiers = [
        [q for q in t.qualifiers if not fold(t.stt).startswith(fold(q) + " ")] for t in tasks
    ]
    depth = 0
    while _clashes(numbers) and any(depth < len(q) for q in qualifiers):
        for i, own in enumerate(qualifiers):
            if depth < len(own):
                numbers[i] = f"{own[depth]}.{numbers[i]}"
        depth += 1
    seen: Counter[str] = Counter()
    for i, number in enumerate(numbers):
        seen[fold(number)] += 1
        if seen[fold(number)] > 1:
            numbers[i] = f"{number} ({seen[fold(number)]})"
    return [replace(t, stt=n) for t, n in zip(tasks, numbers, strict=True)]


def _clashes(numbers: list[str]) -> bool:
    return len({fold(n) for n in numbers}) < len(numbers)


def _table_code(caption: str, ordinal: int) -> str:
    """ "PL2" for a table under "PHỤ LỤC II" (or "Phụ lục 2"), else "B<ordinal>"."""
    found = re.match(r"^(phu luc|bieu|bang)\s+(\w+)", fold(caption))
    if found:
        word = found.group(2).upper()
        return f"PL{word}" if found.group(1) == "phu luc" else f"B{word}"
    return f"B{ordinal}"


def _value(layout: Layout, r: int, key: str) -> str:
    """The text of a field on a row: its cells (once each, merged down ones included) joined.
    A cell merged across belongs to the field it starts in: a task text spanning the product
    column is no product."""
    return " ".join(_tidy(c.text) for c in _cells(layout, r, layout.fields.get(key, ())))


def _cells(layout: Layout, r: int, cols: Sequence[int]) -> list[Cell]:
    cells: list[Cell] = []
    for c in cols:
        cell = layout.table.cell(r, c)
        if cell.left in cols and cell.text.strip() and not any(cell is s for s in cells):
            cells.append(cell)
    return cells


def _own_value(layout: Layout, r: int, key: str) -> str:
    cols = layout.fields.get(key, ())
    if any(layout.table.cell(r, c).top != r for c in cols):
        return ""
    return _value(layout, r, key)


def _has_details(layout: Layout, r: int) -> bool:
    """A lead unit, product or timeframe on this row (typed on it or merged down onto it)."""
    keys = [*_DETAILS]
    marks = [cols for _, cols in layout.marks]
    return any(_cells(layout, r, layout.fields.get(k, ())) for k in keys) or any(
        _cells(layout, r, cols) for cols in marks
    )


def _timeframe(layout: Layout, r: int) -> str:
    """The timeframe as printed; a start and an end column as "Từ <start> đến <end>" (a start
    alone: "Từ <start>", work that goes on from then); period columns marked "x" as their
    labels ("Quý I, Quý II")."""
    if "start" in layout.fields:
        start, end = _value(layout, r, "start"), _value(layout, r, "end")
        if start and end and fold(start) != fold(end):
            return f"Từ {start} đến {end}"
        return end or (f"Từ {start}" if start else "")
    if layout.marks:
        marked = []
        for label, cols in layout.marks:
            text = " ".join(_tidy(c.text) for c in _cells(layout, r, cols))
            if text:
                marked.append(label if fold(text) in _MARKS or not fold(text) else text)
        return ", ".join(marked)
    return _value(layout, r, "timeframe")


def _single(table: Table, r: int) -> bool:
    """All the row's text is in one cell (a group title or a footnote across the table)."""
    filled = [c for c in table.distinct(r) if c.text.strip()]
    return len(filled) == 1 and (filled[0].width > 1 or table.width == 1 or filled[0].left > 0)


def _same_as_header(keys: list[str], header: list[str]) -> bool:
    named = [(k, h) for k, h in zip(keys, header, strict=False) if h]
    same = sum(k == h for k, h in named)
    return len(named) >= 2 and same >= max(2, (len(named) + 1) // 2)


def _tidy(text: str) -> str:
    """Cell text as the sheet keeps it: each paragraph on its line, spaces collapsed, Unicode
    composed (NFC), as the page shows it."""
    text = unicodedata.normalize("NFC", text)
    lines = (" ".join(line.split()) for line in text.replace("\t", " ").split("\n"))
    return "\n".join(line for line in lines if line)


def _joined(first: str, second: str) -> str:
    return f"{first} {second}".strip() if second else first


def _where(table: Table, r: int) -> str:
    if table.sheet:
        return f"trang tính '{table.sheet}', dòng {r + 1}"
    return f"bảng {table.index}, dòng {r + 1}"
