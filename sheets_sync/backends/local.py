"""The embedded local backend: the plan as an .xlsx workbook, reports in a local folder.

Usage::

    backend = LocalBackend("ke-hoach.xlsx", out_dir="bao-cao")
    snapshot = backend.read(["Nhiệm vụ", "Tiến độ", "Nhật ký"])
    backend.apply(changes, snapshot.version)

Reads use openpyxl's read-only mode with cached formula results. Writes load the workbook with
its formulas, change only the cells in the change set, and replace the file atomically, so a
crash never leaves half a workbook. If the file changed since it was read, or someone has it
open in LibreOffice or Excel, nothing is written and the error says so.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ..cells import Cell
from ..sheet import stt_key
from .base import BackendError, ChangeSet, Document, Grid, SheetChanged, Snapshot

NOTE_AUTHOR = "sheets-sync"
DATE_FORMAT = "DD/MM/YYYY"


class LocalBackend:
    def __init__(self, workbook: str | Path, out_dir: str | Path | None = None) -> None:
        self.path = Path(workbook)
        self.out_dir = Path(out_dir) if out_dir is not None else self.path.parent

    def describe(self) -> str:
        return f"local workbook {self.path}"

    # --- reading ---------------------------------------------------------------------------

    def version(self) -> str:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            raise BackendError(
                f"Không thấy tệp {self.path} — tạo bằng 'sheets-sync init --local {self.path}'. "
                f"(Workbook {self.path} not found.)"
            ) from None
        return f"{stat.st_mtime_ns}:{stat.st_size}"

    def read(self, tabs: Sequence[str]) -> Snapshot:
        version = self.version()
        try:
            wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise BackendError(
                f"Không mở được {self.path} như một bảng tính .xlsx ({type(exc).__name__}: {exc})"
            ) from None
        try:
            grids = {t: _values(wb[t]) for t in tabs if t in wb.sheetnames}
        finally:
            wb.close()
        return Snapshot(grids, version)

    # --- writing ---------------------------------------------------------------------------

    def apply(self, changes: ChangeSet, expected_version: str | None = None) -> None:
        self._refuse_if_open()
        if expected_version is not None and self.version() != expected_version:
            raise SheetChanged(f"{self.path} changed since it was read")
        wb = openpyxl.load_workbook(self.path)
        for title, header in changes.new_tabs.items():
            if title not in wb.sheetnames:
                ws = wb.create_sheet(title)
                ws.append(header)
                ws.freeze_panes = "A2"
        for write in changes.writes:
            ws = wb[write.tab]
            if write.anchor is not None and write.anchor_col is not None:
                found = stt_key(ws.cell(write.row + 1, write.anchor_col + 1).value)
                if found != write.anchor:
                    raise SheetChanged(
                        f"{write.tab} row {write.row + 1}: expected task {write.anchor!r}, "
                        f"found {found!r}"
                    )
            for col, value in write.cells.items():
                set_raw(ws.cell(write.row + 1, col + 1), value)
        for fill in changes.fills:
            ws = wb[fill.tab]
            ws.cell(fill.row + 1, fill.col + 1).fill = PatternFill("solid", fgColor=fill.rgb)
        for title in changes.note_tabs:
            _replace_notes(wb[title], [n for n in changes.notes if n.tab == title])
        for title, row in changes.appends:
            ws = wb[title]
            target = _last_row(ws) + 1
            for col, value in enumerate(row, start=1):
                set_raw(ws.cell(target, col), value)
        save_atomically(wb, self.path)

    def _refuse_if_open(self) -> None:
        folder, name = self.path.parent, self.path.name
        for lock in (folder / f".~lock.{name}#", folder / f"~${name}"):
            if lock.exists():
                raise BackendError(
                    f"Tệp {name} đang được mở ({lock.name}) — đóng tệp rồi chạy lại, để không ai "
                    f"mất phần vừa sửa. (The workbook is open in another program.)"
                )

    # --- reports ---------------------------------------------------------------------------

    def publish(self, document: Document) -> str:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        target = self.out_dir / document.filename
        write_atomically(target, document.content)
        return str(target)

    def find_document(self, key: str, filename: str) -> str | None:
        target = self.out_dir / filename
        return str(target) if target.is_file() else None


def _values(ws: Worksheet) -> Grid:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


def _last_row(ws: Worksheet) -> int:
    """The last row with any value (openpyxl's max_row also counts formatted empty rows)."""
    for r in range(ws.max_row, 0, -1):
        if any(c.value is not None for c in ws[r]):
            return r
    return 0


def set_raw(cell: XlCell, value: Cell) -> None:
    """Write a value as data, never as a formula, whatever text it holds."""
    if isinstance(value, datetime | date):
        cell.value = value
        cell.number_format = DATE_FORMAT if not isinstance(value, datetime) else "DD/MM/YYYY HH:MM"
        return
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"  # text such as "=IMPORTXML(...)" stays text


def _replace_notes(ws: Worksheet, notes: Sequence) -> None:
    """Our notes on this tab become exactly ``notes``; officers' own comments are kept."""
    wanted = {(n.row + 1, n.col + 1): n.text for n in notes}
    for row in ws.iter_rows():
        for cell in row:
            ours = cell.comment is not None and cell.comment.author == NOTE_AUTHOR
            if ours and (cell.row, cell.column) not in wanted:
                cell.comment = None
    for (r, c), text in wanted.items():
        cell = ws.cell(r, c)
        if cell.comment is not None and cell.comment.author != NOTE_AUTHOR:
            continue  # never cover an officer's own comment
        comment = Comment(text, NOTE_AUTHOR)
        comment.width, comment.height = 300, 90
        cell.comment = comment


def save_atomically(wb: openpyxl.Workbook, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        _keep_mode(path, Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, content: bytes) -> None:
    """Write a file so that readers see the old content or the new one, never a part."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        _keep_mode(path, Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_mode(original: Path, replacement: Path) -> None:
    mode = original.stat().st_mode & 0o777 if original.exists() else 0o644
    os.chmod(replacement, mode)
