"""The embedded local backend: the plan as an .xlsx workbook, reports in a local folder.

Usage (on the demo workbook)::

    >>> backend = LocalBackend("ke-hoach.xlsx", out_dir="bao-cao")
    >>> snapshot = backend.read(["Nhiệm vụ", "Tiến độ", "Nhật ký"])
    >>> snapshot["Nhiệm vụ"][2][:2]                 # A3:B3, the header under two title rows
    ['STT', 'Nhiệm vụ cụ thể']
    >>> from sheets_sync.model import RowWrite
    >>> changes = ChangeSet(writes=[RowWrite("Nhiệm vụ", 3, {9: "ghi chú"}, 0, "1")])
    >>> backend.apply(changes, snapshot.version)     # J4, if row 4 still holds task 1

Reads use python-calamine (Rust), one thread per tab, with cached formula results; error values
such as ``#REF!``, which calamine reports as blank, are read from the sheet XML and put back.
Writes never load the workbook: ``xlsx.WorkbookPatch`` streams the worksheets that change into
a temporary file, copies every other part of the package byte for byte, and the temporary file
replaces the workbook atomically, so a crash never leaves half a workbook (and the temporary
file a killed run leaves is swept by the next write, see ``files``). If the file changed
since it was read, a row no longer holds the task it held, or someone has the file open in
LibreOffice or Excel, nothing is written and the error says so.

A grid's blank cells are ``None`` or ``""`` (both are blank to ``cells.is_blank``), numbers are
floats, and date cells are ``date`` or ``datetime``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

import python_calamine

from ...cells import Cell, stt_key
from ...model import BackendError, ChangeSet, Document, Grid, Published, SheetChanged, Snapshot
from .files import ensure_folder, explained, refuse_read_only, replacing, temp_lock
from .lockfiles import find_lock
from .state import NAME as STATE_NAME
from .state import FolderState
from .xlsx import Package, PackageError, WorkbookPatch, WorksheetError, error_cells

if TYPE_CHECKING:  # openpyxl only makes new workbooks (init, demo); jobs never load it
    import openpyxl
    from openpyxl.cell.cell import Cell as XlCell

log = logging.getLogger("sheets_sync.backends.local")

TASK_LIST = "DanhSachSTT"  # the defined name of the task numbers the Tiến độ dropdown offers
_RANGE = re.compile(
    r"^(?:'(?P<quoted>(?:[^']|'')+)'|(?P<plain>[^'!]+))!"
    r"\$?(?P<col>[A-Z]+)\$?(?P<first>\d+):\$?(?P<col2>[A-Z]+)\$?(?P<end>\d+)$"
)


def list_end(first: int, last: int) -> int:
    """The last row of a dropdown list whose entries fill rows ``first``..``last`` (1-based):
    as many rows again, at least 500, for entries added later."""
    return last + max(last - first + 1, 500)


NOTE_AUTHOR = "sheets-sync"
DATE_FORMAT = "DD/MM/YYYY"
READ = "đọc sổ kế hoạch / read the workbook"
WRITE = "ghi sổ kế hoạch / write the workbook"
SAVED_BESIDE = (
    " — mỗi lần ghi, máy viết tệp mới trong thư mục này rồi thay tệp cũ, nên cần quyền ghi "
    "thư mục (the save writes a new file beside the workbook)"
)
KEEP = "giữ dòng Nhật ký chờ ghi / keep the Nhật ký row for later"
PUBLISH = "ghi báo cáo vào thư mục báo cáo / write the report into its folder"


class LocalBackend:
    def __init__(
        self,
        workbook: str | Path,
        out_dir: str | Path | None = None,
        *,
        zone: tzinfo | None = None,
    ) -> None:
        self.path = Path(workbook)
        self.out_dir = Path(out_dir) if out_dir is not None else self.path.parent
        self.zone = zone  # the plan's: the day in the name of a version put beside another

    def describe(self) -> str:
        return f"local workbook {self.path}"

    # --- reading ---------------------------------------------------------------------------

    def version(self) -> str:
        """Changes whenever the file does: its stamp, and the checksums of its parts (a save in
        the same clock tick, or one that keeps the size, still shows)."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            raise BackendError(
                f"Không thấy tệp {self.path} — tạo bằng 'sheets-sync init --local {self.path}'. "
                f"(Workbook {self.path} not found.)"
            ) from None
        return f"{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}:{_parts_digest(self.path)}"

    def read(self, tabs: Sequence[str]) -> Snapshot:
        version = self.version()
        try:
            with Package(str(self.path)) as package:
                every = package.sheets()
                parts = {t: ref.part for t, ref in every.items() if t in tabs}
            # Two threads: calamine parses and zlib inflates without holding the GIL, so the
            # error scan of one tab runs beside the parse of another.
            with ThreadPoolExecutor(max_workers=2) as pool:
                values = {t: pool.submit(self._values, t) for t in parts}
                errors = {t: pool.submit(self._errors, part) for t, part in parts.items()}
                grids = {t: _with_errors(values[t].result(), errors[t].result()) for t in parts}
        except OSError as exc:
            kind = other_format(self.path)
            if kind is None:
                raise explained(exc, self.path, READ) from None
            raise BackendError(save_as_xlsx(self.path, kind)) from None
        except (PackageError, python_calamine.CalamineError, ValueError) as exc:
            kind = other_format(self.path)
            if kind is not None:
                raise BackendError(save_as_xlsx(self.path, kind)) from None
            raise BackendError(
                f"Không mở được {self.path} như một bảng tính .xlsx ({type(exc).__name__}: {exc})"
            ) from None
        return Snapshot({t: grids[t] for t in tabs if t in grids}, version, tuple(every))

    def _values(self, title: str) -> Grid:
        with python_calamine.CalamineWorkbook.from_path(str(self.path)) as book:
            return book.get_sheet_by_name(title).to_python(skip_empty_area=False)

    def _errors(self, part: str) -> dict[tuple[int, int], str]:
        with Package(str(self.path)) as package, package.open(part) as src:
            return error_cells(src)

    # --- writing ---------------------------------------------------------------------------

    def apply(self, changes: ChangeSet, expected_version: str | None = None) -> None:
        self._refuse_if_open()
        refuse_read_only(self.path, WRITE)
        refuse_read_only(self.path.parent, WRITE, SAVED_BESIDE)
        try:
            # Two of our processes (say, serve's flag and a report run by hand) must not both
            # read-patch-replace the file at once: the second would drop the first one's write.
            with temp_lock(self.path, ".lock"):
                self._apply(changes, expected_version)
        except OSError as exc:
            raise explained(exc, self.path, WRITE) from None

    def _apply(self, changes: ChangeSet, expected_version: str | None) -> None:
        if expected_version is not None and self.version() != expected_version:
            raise SheetChanged(f"{self.path} changed since it was read")
        waiting = self._waiting()
        if waiting:
            changes = self._with_waiting(changes, waiting)
        patch, anchors = _patch_for(changes)
        self._grow_lists(changes.reach, patch)
        try:
            with replacing(self.path) as tmp:
                with tmp.open("wb") as out:
                    found = patch.save(self.path, out)
                    out.flush()
                    os.fsync(out.fileno())
                for (tab, row, col), expected in anchors.items():
                    if stt_key(found.get((tab, row, col))) != expected:
                        raise SheetChanged(
                            f"{tab} row {row + 1}: expected task {expected!r}, "
                            f"found {stt_key(found.get((tab, row, col)))!r}"
                        )
                if expected_version is not None and self.version() != expected_version:
                    raise SheetChanged(f"{self.path} changed while it was being written")
        except (PackageError, WorksheetError) as exc:
            raise BackendError(f"Không ghi được {self.path}: {exc}") from None
        if waiting:
            self._forget({w["id"] for w in waiting})

    def _grow_lists(self, reach: dict[str, int], patch: WorkbookPatch) -> None:
        """Make the task-number list (the defined name ``TASK_LIST`` that the Tiến độ dropdown
        offers) reach the last task, with room again, when the plan has outgrown it."""
        if not reach:
            return
        with Package(str(self.path)) as package:
            reference = package.defined_names().get(TASK_LIST)
        m = _RANGE.match(reference or "")
        if m is None:
            return  # a workbook made before the list had a name: its dropdown stays as it is
        tab = (m["quoted"] or "").replace("''", "'") or m["plain"]
        first, end = int(m["first"]), int(m["end"])
        wanted = reach.get(tab, 0)
        if wanted > end:
            grown = list_end(first, wanted)
            prefix = reference[: reference.index("!")]
            patch.define(TASK_LIST, f"{prefix}!${m['col']}${first}:${m['col2']}${grown}")
            log.info("task-number list grown to %s!%s%d (%d rows)", tab, m["col"], grown, wanted)

    # --- Nhật ký rows that waited for the workbook (see ``state``) -------------------------------

    def defer(self, changes: ChangeSet) -> bool:
        """Keep the run-log rows of ``changes`` beside the reports, for the next write."""
        if not changes.appends:
            return True
        try:
            with FolderState.open(self.out_dir) as state:
                for tab, row in changes.appends:
                    state.keep_rows(self.path, tab, changes.new_tabs.get(tab), [row])
        except OSError as exc:
            raise explained(exc, self.out_dir / STATE_NAME, KEEP) from None
        return True

    def _waiting(self) -> list[dict]:
        if not (self.out_dir / STATE_NAME).is_file():
            return []
        with FolderState.open(self.out_dir, write=False) as state:
            return state.rows_for(self.path)

    def _with_waiting(self, changes: ChangeSet, waiting: list[dict]) -> ChangeSet:
        """``changes`` with the rows that waited put first — those not in the workbook yet."""
        tabs = {w["tab"] for w in waiting}
        have = self.read(sorted(tabs))
        written = {t: {_row_key(r) for r in have[t]} for t in have}
        appends, new_tabs = [], dict(changes.new_tabs)
        for entry in waiting:
            tab, row = entry["tab"], entry["row"]
            if _row_key(row) in written.get(tab, ()):
                continue  # written by a run that died before it could forget the row
            if tab not in have and tab not in new_tabs:
                if not entry.get("header"):
                    continue  # the tab is gone and its header unknown: the row keeps waiting
                new_tabs[tab] = entry["header"]
            appends.append((tab, row))
        return replace(changes, appends=appends + changes.appends, new_tabs=new_tabs)

    def _forget(self, ids: set[str]) -> None:
        try:
            with FolderState.open(self.out_dir) as state:
                state.forget_rows(ids)
        except OSError as exc:  # written, only not forgotten: the next write skips them
            log.warning("could not update %s: %s", self.out_dir / STATE_NAME, exc)

    def _refuse_if_open(self) -> None:
        lock = find_lock(self.path)
        if lock is not None:
            raise BackendError(lock.message())

    # --- reports ---------------------------------------------------------------------------

    def publish(self, document: Document) -> Published:
        """Write the report; replace the one the jobs wrote before only if it is byte for byte
        as they wrote it and nobody has it open — else write ``… (cap nhat DD-MM-YYYY).docx``
        beside it, and say why in the ``Published`` returned."""
        name = _plain_name(document.filename)
        ensure_folder(self.out_dir, PUBLISH)
        try:
            with FolderState.open(self.out_dir) as state:
                current = self._current(document.key, name, state)
                kept = self._why_keep(current, state) if current.exists() else ""
                target = self._beside(name) if kept else current
                state.expect(target.name, document.key, document.content)
                write_atomically(target, document.content)
                state.wrote(target.name, document.key, document.content)
        except OSError as exc:
            raise explained(exc, self.out_dir / name, PUBLISH) from None
        if kept:
            log.warning(
                "report %s: %s was left as it is (%s); the new version is %s",
                document.key,
                current.name,
                kept,
                target.name,
            )
            return Published(str(target.absolute()), kept, str(current.absolute()))
        return Published(str(target.absolute()))

    def find_document(self, key: str, filename: str) -> str | None:
        target = self.out_dir / filename
        if target.is_file():
            return str(target.absolute())
        if not (self.out_dir / STATE_NAME).is_file():
            return None
        with FolderState.open(self.out_dir, write=False) as state:
            versions = [self.out_dir / v for v in state.versions(key)]
        found = [v for v in versions if v.is_file()]
        return str(found[-1].absolute()) if found else None

    def _current(self, key: str, name: str, state: FolderState) -> Path:
        """The report the next write of ``key`` would replace: the latest version the jobs
        wrote that is still there, else the report's own name."""
        versions = [self.out_dir / v for v in state.versions(key)]
        there = [v for v in versions if v.is_file()]
        return there[-1] if there else self.out_dir / name

    def _why_keep(self, path: Path, state: FolderState) -> str:
        """Why the report at ``path`` must not be replaced ('' when it may be)."""
        lock = find_lock(path)
        if lock is not None:
            who = f" ({lock.user})" if lock.user else ""
            return f"đang được mở bằng {lock.program}{who}"
        if not state.unchanged(path):
            return "đã được sửa sau khi máy ghi"
        return ""

    def _beside(self, name: str) -> Path:
        """A free name for a new version: '… (cap nhat 20-10-2024).docx', then '… 2)' …"""
        stem, suffix = Path(name).stem, Path(name).suffix
        day = datetime.now(self.zone).strftime("%d-%m-%Y")
        for n in range(1, 1000):
            extra = f" {n}" if n > 1 else ""
            candidate = self.out_dir / f"{stem} (cap nhat {day}{extra}){suffix}"
            if not candidate.exists():
                return candidate
        raise BackendError(f"Quá nhiều bản cập nhật của {name} trong ngày. (Too many versions.)")


def _plain_name(filename: str) -> str:
    """A report's file name, refused unless it names a file right inside the output folder:
    nothing in the config or the sheet may point the jobs at another place."""
    if (
        not filename
        or filename != Path(filename).name
        or filename.startswith(".")
        or "\\" in filename
        or "\x00" in filename
    ):
        raise BackendError(
            f"Tên tệp báo cáo {filename!r} không phải một tên tệp trong thư mục báo cáo — sửa "
            f"tên xã trong mục [organisation] của cấu hình. (Refused report file name "
            f"{filename!r}: it must be a plain file name inside the output folder.)"
        )
    return filename


# What other spreadsheet files start with, and what their own zip declares (OpenDocument).
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003), also .et of WPS
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def other_format(path: Path) -> str | None:
    """'.xls' or '.ods' when the file is one of those (by its bytes, whatever its name), else
    None: the jobs read and write .xlsx only."""
    try:
        with path.open("rb") as fh:
            head = fh.read(90)
    except OSError:
        return None
    if head.startswith(_OLE2):
        return ".xls"
    if head.startswith(b"PK") and _ODS_MIME in head:  # the 'mimetype' entry comes first
        return ".ods"
    if path.suffix.lower() in (".xls", ".ods", ".fods", ".xlsb", ".numbers"):
        return path.suffix.lower()
    return None


def save_as_xlsx(path: Path, kind: str) -> str:
    """How to turn the officers' .xls/.ods into the .xlsx the jobs need, without touching it.

    The jobs do not convert it themselves: officers would go on editing the old file, and
    their work would never reach the statuses or the reports."""
    target = path.with_suffix(".xlsx")
    how = "mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành (Save As) dạng .xlsx"
    if target.exists():  # a conversion would replace it: say it is there instead
        how += f" (đã có sẵn {target.name}: nếu đó là bản cán bộ đang dùng, dùng luôn tệp đó)"
    elif shutil.which("soffice"):
        how += (
            f", hoặc chạy: soffice --headless --convert-to xlsx --outdir '{target.parent}' '{path}'"
        )
    return (
        f"Tệp {path.name} là bảng tính {kind}, máy chỉ đọc được .xlsx — {how}; rồi dùng "
        f"--local '{target}' (hoặc [local] workbook) và để cán bộ nhập vào tệp .xlsx đó. "
        f"(The workbook is {kind}: save it as .xlsx and point --local at the new file.)"
    )


def _row_key(row: Sequence[Cell]) -> tuple[str, ...]:
    """A log row as text to compare by: to the second, numbers as written, no trailing blanks."""
    out = []
    for value in row:
        if isinstance(value, datetime):  # to the nearest second: a serial number read back
            second = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
            out.append(second.replace(tzinfo=None).isoformat(sep=" "))
        elif isinstance(value, date):
            out.append(value.isoformat())
        elif isinstance(value, float) and value.is_integer():
            out.append(str(int(value)))
        else:
            out.append("" if value is None else str(value).strip())
    while out and not out[-1]:
        out.pop()
    return tuple(out)


def _parts_digest(path: Path) -> str:
    """A digest of the zip's directory: every part's name, CRC-32 and size (a few KB read)."""
    try:
        with zipfile.ZipFile(path) as package:
            listing = [(i.filename, i.CRC, i.file_size) for i in package.infolist()]
    except (zipfile.BadZipFile, OSError):
        return "-"  # not a workbook: reading it says so
    return hashlib.sha256(repr(listing).encode()).hexdigest()[:16]


def _with_errors(rows: Grid, errors: dict[tuple[int, int], str]) -> Grid:
    """Put error values (which calamine reads as blank) back; drop trailing blank rows."""
    for (r, c), text in errors.items():
        while len(rows) <= r:
            rows.append([])
        row = rows[r]
        row.extend([None] * (c + 1 - len(row)))
        row[c] = text
    while rows and all(v is None or v == "" for v in rows[-1]):
        rows.pop()
    return rows


def _patch_for(changes: ChangeSet) -> tuple[WorkbookPatch, dict[tuple[str, int, int], str]]:
    """The workbook edits of a change set, and the STT each guarded row must still hold."""
    patch = WorkbookPatch()
    anchors: dict[tuple[str, int, int], str] = {}
    for title, header in changes.new_tabs.items():
        patch.add_sheet(title, hidden=title in changes.hidden_tabs)
        for col, label in enumerate(header):
            patch.set(title, 0, col, label)
    for write in changes.writes:
        if write.anchor is not None and write.anchor_col is not None:
            anchors[(write.tab, write.row, write.anchor_col)] = write.anchor
            patch.peek(write.tab, write.row, write.anchor_col)
        for col, value in write.cells.items():
            patch.set(write.tab, write.row, col, value)
    for fill in changes.fills:
        patch.fill(fill.tab, fill.row, fill.col, fill.rgb)
    for title in changes.note_tabs:
        wanted = {(n.row, n.col): n.text for n in changes.notes if n.tab == title}
        patch.replace_notes(title, wanted, NOTE_AUTHOR)
    for title, row in changes.appends:
        patch.append(title, row)
    return patch, anchors


# --- creating workbooks with openpyxl (init, demo): small files, written whole -------------


def set_raw(cell: XlCell, value: Cell) -> None:
    """Write a value as data, never as a formula, whatever text it holds."""
    if isinstance(value, datetime | date):
        cell.value = value
        cell.number_format = DATE_FORMAT if not isinstance(value, datetime) else "DD/MM/YYYY HH:MM"
        return
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"  # text such as "=IMPORTXML(...)" stays text


def save_atomically(wb: openpyxl.Workbook, path: Path) -> None:
    with replacing(path) as tmp:
        wb.save(tmp)


def write_atomically(path: Path, content: bytes) -> None:
    """Write a file so that readers see the old content or the new one, never a part."""
    with replacing(path) as tmp, tmp.open("wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
