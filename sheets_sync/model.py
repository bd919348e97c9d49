"""The one small interface every backend implements, and the values that cross it.

A job asks a backend for a ``Snapshot`` (every tab it needs, in one read), computes a
``ChangeSet`` from it with pure functions, and hands that back in one ``apply``. Reports are
``Document``s that the backend publishes (a .docx in a folder, or a Google Doc in Drive).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .cells import Cell, a1, as_text

Grid = list[list[Cell]]


class BackendError(Exception):
    """The backend cannot do what was asked; the message says what to fix."""


class SheetChanged(BackendError):
    """The sheet changed between the job's read and its write; read again and recompute."""


@dataclass(frozen=True)
class Snapshot(Mapping[str, Grid]):
    """The tabs' values as the spreadsheet holds them, keyed by tab title."""

    tabs: Mapping[str, Grid]
    version: str | None = None  # changes whenever the sheet does (file stamp, revision, ...)
    titles: tuple[str, ...] = ()  # every tab the spreadsheet has, asked for or not (messages)

    def __getitem__(self, title: str) -> Grid:
        return self.tabs[title]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tabs)

    def __len__(self) -> int:
        return len(self.tabs)


@dataclass(frozen=True, slots=True)
class RowWrite:
    """Job-owned cells of one row, guarded by the task number read from that row."""

    tab: str
    row: int  # 0-based row index in the grid that was read
    cells: Mapping[int, Cell]  # 0-based column -> new value (None clears the cell)
    anchor_col: int | None = None  # where the guard value sits
    anchor: str | None = None  # the row's STT key as read; the write must find it again


@dataclass(frozen=True, slots=True)
class Fill:
    tab: str
    row: int
    col: int
    rgb: str  # "F4CCCC"
    text: str | None = None  # the value this colour stands for (Google: a conditional rule)


@dataclass(frozen=True, slots=True)
class CellNote:
    """A note (comment) on a cell the job could not understand. The cell's value is untouched."""

    tab: str
    row: int
    col: int
    text: str


@dataclass
class ChangeSet:
    writes: list[RowWrite] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    notes: list[CellNote] = field(default_factory=list)  # the full set wanted on the note tabs
    note_tabs: tuple[str, ...] = ()  # tabs whose job notes are replaced by ``notes``
    new_tabs: dict[str, list[str]] = field(default_factory=dict)  # title -> header labels
    hidden_tabs: tuple[str, ...] = ()  # new tabs that only the jobs use: hidden and protected
    appends: list[tuple[str, list[Cell]]] = field(default_factory=list)  # (tab, row values)
    # tab -> how many rows (from the top) the dropdown lists drawn from it must reach: a
    # backend whose lists have a fixed end grows them (local), an open-ended one ignores it
    reach: dict[str, int] = field(default_factory=dict)

    def describe(self, shown: Mapping[tuple[str, int, int], Cell] | None = None) -> list[str]:
        """Human-readable lines, one per change, for ``--dry-run``."""
        lines = [f"tạo trang '{t}' ({', '.join(h)})" for t, h in self.new_tabs.items()]
        for w in self.writes:
            for col, value in sorted(w.cells.items()):
                before = as_text((shown or {}).get((w.tab, w.row, col)))
                lines.append(f"{w.tab}!{a1(w.row, col)}: {before!r} → {as_text(value)!r}")
        lines += [f"{n.tab}!{a1(n.row, n.col)}: ghi chú {n.text!r}" for n in self.notes]
        lines += [f"{tab}: thêm dòng {[as_text(v) for v in row]}" for tab, row in self.appends]
        return lines


@dataclass(frozen=True, slots=True)
class Document:
    """A rendered report ready to publish."""

    key: str  # stable identity across runs, e.g. "report:2024-Q3"
    filename: str  # e.g. "Bao cao CCHC quy III nam 2024.docx"
    title: str  # human title, e.g. "Báo cáo ... quý III năm 2024"
    content: bytes  # the .docx


class Published(str):
    """Where a published document is (a path or a link), as a plain string, and, when the
    document that stood there had been edited or was open, why it was left as it was (``kept``)
    and where it is (``previous``): the new version then went beside it."""

    kept: str
    previous: str

    def __new__(cls, where: str, kept: str = "", previous: str = "") -> Published:
        self = super().__new__(cls, where)
        self.kept, self.previous = kept, previous
        return self


class Backend(Protocol):
    """What jobs need from where the plan lives."""

    def describe(self) -> str:
        """Where this backend points, for logs (never secrets)."""
        ...

    def read(self, tabs: Sequence[str]) -> Snapshot:
        """Values of the named tabs (missing tabs are left out), in as few calls as possible."""
        ...

    def apply(self, changes: ChangeSet, expected_version: str | None = None) -> None:
        """Write a change set in one batch; raise ``SheetChanged`` if the sheet moved meanwhile."""
        ...

    def publish(self, document: Document) -> Published:
        """Create the document with this key, or replace the one the jobs wrote before — unless
        a person has edited it or has it open: then the new version goes beside it and the
        ``Published`` returned says why. Return where it is."""
        ...

    def find_document(self, key: str, filename: str) -> str | None:
        """Where the document with this key (or, locally, this file name) is, if it exists —
        under its own name or as a version put beside an edited one."""
        ...

    def defer(self, changes: ChangeSet) -> bool:
        """Keep the run-log rows of a change set that could not be written (the workbook open
        or read-only) for the next write that goes through; False if this backend cannot."""
        ...
