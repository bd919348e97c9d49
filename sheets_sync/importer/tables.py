"""Find the task tables of a plan and what each of their columns holds.

Usage::

    for layout in task_tables(blocks):
        layout.table.index, layout.header      # bảng 3, header rows range(1, 3)
        layout.fields["lead"]                  # the grid columns of the lead unit

A table is a task table when one of its first rows names a task column and a lead-unit or
timeframe column (``columns.role``): the letterhead, the signature and "Nơi nhận" tables, and
tables of figures, name neither. The header is found by its words wherever it is (title rows
inside the table come first in some plans), and may take two rows ("Thời gian" over "Bắt đầu |
Hoàn thành"); a header cell spanning several grid columns makes them one column.

A table that follows a task table with nothing but blank lines or "(tiếp theo)" between, and
is as wide, continues it: a table split across pages, with its header repeated or without one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..text import fold
from . import stt
from .blocks import Block, Cell, Paragraph, Table
from .columns import PERIOD, is_label, names_end, names_start, ranked

HEADER_SEARCH_ROWS = 12  # title rows a table may have above its header
_CONTINUED = re.compile(r"^(tiep\b.*|trang \d+|\d{1,3})$")  # folded: no brackets
_CAPTION = re.compile(r"^(phu luc|bieu|bang|danh muc|mau)\b")


@dataclass
class Layout:
    table: Table
    header: range  # the header's rows (empty for a continuation without a header)
    fields: dict[str, tuple[int, ...]]  # stt, task, product, lead, partners, timeframe, note,
    # start and end (a timeframe in two columns): the grid columns each is read from
    labels: dict[str, str]  # the header text of each field, as printed
    # Columns of periods marked with "x" ("Quý I | Quý II | …" under "Thời gian"): label, columns
    marks: tuple[tuple[str, tuple[int, ...]], ...] = ()
    ignored: tuple[str, ...] = ()  # header texts of the columns the sheet does not keep
    continued: bool = False  # continues the task table before it
    caption: str = ""
    header_keys: list[list[str]] = field(default_factory=list)  # folded header rows

    @property
    def body(self) -> range:
        return range(self.header.stop, self.table.height)


def task_tables(blocks: Sequence[Block]) -> list[Layout]:
    """The task tables in reading order, with their column layouts."""
    layouts: list[Layout] = []
    previous: Layout | None = None
    between: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            between.append(block)
            continue
        block.caption = block.caption or _caption(between)
        layout = find_header(block)
        adjacent = previous is not None and _only_breaks(between)
        if layout is None and adjacent and block.width == previous.table.width:  # type: ignore[union-attr]
            layout = _continuation(block, previous)  # type: ignore[arg-type]
        elif layout is not None and adjacent and _same_columns(layout, previous):  # type: ignore[arg-type]
            layout.continued = True
        if layout is not None:
            layout.caption = block.caption
            layouts.append(layout)
            previous = layout
        else:
            previous = None
        between = []
    return layouts


def find_header(table: Table) -> Layout | None:
    """The layout of a task table, or None when no header row names its columns."""
    for r in range(min(table.height, HEADER_SEARCH_ROWS)):
        if _names_task_columns(table, r):
            end = r + 1
            while end < table.height and _continues_header(table, end):
                end += 1
            return _layout(table, range(r, end))
    return None


def _names_task_columns(table: Table, r: int) -> bool:
    roles = {ranked(cell.text)[0] for cell in table.distinct(r) if cell.text.strip()}
    return "task" in roles and bool(roles & {"lead", "timeframe"})


def _continues_header(table: Table, r: int) -> bool:
    """Row r is a header's second row: only header words, under a header cell (or several)."""
    own = [c for c in table.distinct(r) if c.top == r and c.text.strip()]
    spanned = any(c.top < r for c in table.grid[r]) or any(
        table.cell(r - 1, c.left).width > 1 for c in own
    )
    # Header words broken over two rows without a merge ("Cơ quan" over "chủ trì") count too:
    # no task row is made of header words alone.
    return bool(own) and (spanned or len(own) >= 2) and all(is_label(c.text) for c in own)


def _layout(table: Table, header: range) -> Layout:
    columns = _logical_columns(table, header)
    best: dict[str, tuple[int, tuple[int, ...], str]] = {}  # role -> (rank, columns, label)
    times: list[tuple[tuple[int, ...], str]] = []
    ignored: list[str] = []
    for cols, label in columns:
        role, rank = ranked(label)
        if role == "timeframe":
            times.append((cols, label))
        elif role is None or (role in best and best[role][0] <= rank):
            ignored += [label] if label else []
        else:
            if role in best:
                ignored.append(best[role][2])
            best[role] = (rank, cols, label)
    fields = {role: cols for role, (_, cols, _) in best.items()}
    labels = {role: label for role, (_, _, label) in best.items()}
    if "stt" not in fields:
        fields.update(_unlabelled_numbers(table, header, columns, fields))
    marks = _time_fields(times, fields, labels, ignored)
    keys = [[fold(table.text(r, c)) for c in range(table.width)] for r in header]
    return Layout(table, header, fields, labels, marks, tuple(ignored), header_keys=keys)


def _unlabelled_numbers(
    table: Table,
    header: range,
    columns: list[tuple[tuple[int, ...], str]],
    fields: dict[str, tuple[int, ...]],
) -> dict[str, tuple[int, ...]]:
    """A column left of the task column with a blank header and task numbers below it (1, 2,
    I, a …) is the STT column its header forgot to name."""
    first_task = min(fields.get("task", (0,)))
    for cols, label in columns:
        if label or min(cols) >= first_task:
            continue
        values = [table.text(r, cols[0]).strip() for r in range(header.stop, table.height)]
        filled = [v for v in values if v]
        numbered = [v for v in filled if stt.kind(v) not in ("other", "none") and len(v) <= 8]
        if filled and len(numbered) * 2 > len(filled):
            return {"stt": cols}
    return {}


def _logical_columns(table: Table, header: range) -> list[tuple[tuple[int, ...], str]]:
    """Grid columns under the same header cells are one column; its label is the header
    texts from top to bottom ("Thời gian Bắt đầu")."""
    groups: dict[tuple[int, ...], list[int]] = {}
    texts: dict[tuple[int, ...], str] = {}
    for c in range(table.width):
        cells: list[Cell] = []
        for r in header:
            cell = table.cell(r, c)
            if not any(cell is seen for seen in cells):
                cells.append(cell)
        identity = tuple(id(cell) for cell in cells)
        groups.setdefault(identity, []).append(c)
        texts[identity] = " ".join(" ".join(cell.text.split()) for cell in cells).strip()
    return [(tuple(cols), texts[identity]) for identity, cols in groups.items()]


def _time_fields(
    times: list[tuple[tuple[int, ...], str]],
    fields: dict[str, tuple[int, ...]],
    labels: dict[str, str],
    ignored: list[str],
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """One timeframe column; or a start and an end column; or period columns marked "x"."""
    if not times:
        return ()
    starts = [t for t in times if names_start(t[1])]
    ends = [t for t in times if names_end(t[1]) and t not in starts]
    if len(times) >= 2 and starts and ends:
        fields["start"], labels["start"] = starts[0]
        fields["end"], labels["end"] = ends[0]
        ignored += [label for cols, label in times if cols not in (starts[0][0], ends[0][0])]
        return ()
    periods = [(cols, _sub_label(label)) for cols, label in times]
    if len(times) >= 2 and all(PERIOD.match(fold(sub)) for _, sub in periods):
        return tuple((sub, cols) for cols, sub in periods)
    best = min(times, key=lambda t: ranked(t[1])[1])
    fields["timeframe"], labels["timeframe"] = best
    ignored += [label for cols, label in times if cols != best[0]]
    return ()


def _sub_label(label: str) -> str:
    """ "Thời gian thực hiện Quý I" -> "Quý I": the part under the spanning header cell."""
    words = label.split()
    for i in range(len(words)):
        if PERIOD.match(fold(" ".join(words[i:]))):
            return " ".join(words[i:])
    return label


def _continuation(table: Table, previous: Layout) -> Layout:
    return Layout(
        table,
        range(0),
        dict(previous.fields),
        dict(previous.labels),
        previous.marks,
        previous.ignored,
        continued=True,
        header_keys=previous.header_keys,
    )


def _same_columns(layout: Layout, previous: Layout) -> bool:
    return layout.table.width == previous.table.width and layout.labels == previous.labels


def _only_breaks(paragraphs: Sequence[Paragraph]) -> bool:
    """Nothing between two tables but what a page break leaves: blank lines, "(tiếp theo)",
    a page number."""
    return all(not fold(p.text) or _CONTINUED.match(fold(p.text)) for p in paragraphs)


def _caption(paragraphs: Sequence[Paragraph]) -> str:
    """The words naming a table: "PHỤ LỤC I …" just before it, or a short upper-case title."""
    lines = [" ".join(p.text.split()) for p in paragraphs[-4:] if p.text.strip()]
    for i, line in enumerate(lines):
        if _CAPTION.match(fold(line)):
            # "PHỤ LỤC I" over "NHIỆM VỤ TRỌNG TÂM": a short first line is only a number.
            following = lines[i + 1] if i + 1 < len(lines) else ""
            short = len(line.split()) <= 3 and following and not following.startswith("(")
            return f"{line} {following}" if short else line
    if lines and lines[-1].isupper() and len(lines[-1]) < 200:
        return lines[-1]
    return ""
