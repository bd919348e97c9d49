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

import fcntl
import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import python_calamine

from ...cells import Cell, stt_key
from ...model import BackendError, ChangeSet, Document, Grid, SheetChanged, Snapshot
from .files import ensure_folder, explained, refuse_read_only, replacing
from .xlsx import Package, PackageError, WorkbookPatch, WorksheetError, error_cells

if TYPE_CHECKING:  # openpyxl only makes new workbooks (init, demo); jobs never load it
    import openpyxl
    from openpyxl.cell.cell import Cell as XlCell

NOTE_AUTHOR = "sheets-sync"
DATE_FORMAT = "DD/MM/YYYY"
READ = "đọc sổ kế hoạch / read the workbook"
WRITE = "ghi sổ kế hoạch / write the workbook"
SAVED_BESIDE = (
    " — mỗi lần ghi, máy viết tệp mới trong thư mục này rồi thay tệp cũ, nên cần quyền ghi "
    "thư mục (the save writes a new file beside the workbook)"
)
PUBLISH = "ghi báo cáo vào thư mục báo cáo / write the report into its folder"


class LocalBackend:
    def __init__(self, workbook: str | Path, out_dir: str | Path | None = None) -> None:
        self.path = Path(workbook)
        self.out_dir = Path(out_dir) if out_dir is not None else self.path.parent

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
            with self._writer_lock():
                self._apply(changes, expected_version)
        except OSError as exc:
            raise explained(exc, self.path, WRITE) from None

    @contextmanager
    def _writer_lock(self) -> Iterator[None]:
        # The lock file lives in the temp folder, keyed by the workbook's path, so officers'
        # folders stay clean and the lock outlives the os.replace of the workbook itself.
        key = hashlib.sha1(str(self.path.resolve()).encode()).hexdigest()[:16]
        lock = Path(tempfile.gettempdir()) / f"sheets-sync-{key}.lock"
        with lock.open("a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # released by the kernel if the process dies
            yield

    def _apply(self, changes: ChangeSet, expected_version: str | None) -> None:
        if expected_version is not None and self.version() != expected_version:
            raise SheetChanged(f"{self.path} changed since it was read")
        patch, anchors = _patch_for(changes)
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
        target = self.out_dir / _plain_name(document.filename)
        ensure_folder(self.out_dir, PUBLISH)
        try:
            write_atomically(target, document.content)
        except OSError as exc:
            raise explained(exc, target, PUBLISH) from None
        return str(target)

    def find_document(self, key: str, filename: str) -> str | None:
        target = self.out_dir / filename
        return str(target) if target.is_file() else None


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
