"""The corpus's books on both backends: written, handed to the jobs, and looked at afterwards.

Usage::

    plan = LocalPlan(tmp_path, cfg, book)          # a real .xlsx; reports in a folder
    plan = GooglePlan(fake, tmp_path, cfg, book)   # the fake Google Sheet; reports in Drive
    plan.backend                                   # what the jobs get
    before = plan.officer_cells()                  # every cell outside the job-owned columns
    plan.type("Nhiệm vụ", "I6", "Đã xong")          # an officer's edit between runs
    plan.values("Nhiệm vụ")                        # the grid as the jobs read it
    plan.job_note("Tiến độ", "B2")                 # the job's note on a cell, if any

The .xlsx gets what openpyxl alone cannot write: cached results of formulas (spreadsheets store
them beside the formula, and the jobs read those) and control characters, which the file format
holds as ``_x000B_`` escapes. The fake gets the same cells, formulas with their results, hidden
rows and merges.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl

from sheets_sync import contract
from sheets_sync.backends.google.http_client import RetryPolicy
from sheets_sync.backends.google.spreadsheet import NOTE_MARK
from sheets_sync.backends.local.state import NAME as STATE_NAME
from sheets_sync.backends.local.workbook import NOTE_AUTHOR, LocalBackend, set_raw
from sheets_sync.cells import column_letter, to_serial
from sheets_sync.config import Config
from sheets_sync.sheet import SheetError, find_header, labels_for
from sheets_sync.text import fold
from tests.fake_google import FakeGoogle
from tests.fake_google.sheets import Formula as FakeFormula
from tests.google.helpers import DATE_FORMAT, OFFICER, SA_EMAIL, backend_for, google_config
from tests.messy.corpus import LOG, Book, Formula, cell_index

# Tabs the jobs own whole: nothing in them is an officer's cell.
JOB_TABS = {LOG, contract.MEMORY_TITLE}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def job_columns(grid: list[list[object]], cfg: Config) -> set[int]:
    """The job-owned columns of a task grid, found by header text as the jobs find them."""
    title = cfg.sheet.tab_title(contract.TASKS)
    try:
        header = find_header(grid, contract.TASKS, labels_for(cfg, contract.TASKS), title)
    except SheetError:  # no task header: find the job labels wherever they are
        wanted = {fold(c.label) for c in contract.TASKS.job_columns}
        return {
            c
            for row in grid[: contract.HEADER_SEARCH_ROWS]
            for c, v in enumerate(row)
            if isinstance(v, str) and fold(v) in wanted
        }
    return {header.columns[c.key] for c in contract.TASKS.job_columns if c.key in header.columns}


# --- the local backend ---------------------------------------------------------------------------


def _escaped(text: str) -> str:
    """Control characters as the .xlsx format stores them (Excel writes ``_x000B_``)."""
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def write_xlsx(path: Path, book: Book) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    cached: dict[tuple[str, str], object] = {}
    for tab in book.tabs.values():
        ws = wb.create_sheet(tab.title)
        for r, row in enumerate(tab.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(r, c)
                if isinstance(value, Formula):
                    cell.value = value.text
                    cached[(tab.title, cell.coordinate)] = value.result
                    if isinstance(value.result, date):
                        cell.number_format = "DD/MM/YYYY"
                else:
                    set_raw(cell, _escaped(value) if isinstance(value, str) else value)
        for ref in tab.merges:
            ws.merge_cells(ref)
        for r in tab.hidden:
            ws.row_dimensions[r + 1].hidden = True
    wb.save(path)
    if cached:
        _cache_results(path, book, cached)


def _cache_results(path: Path, book: Book, cached: dict[tuple[str, str], object]) -> None:
    """Put each formula's result beside it, as the spreadsheet that computed it would."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for i, title in enumerate(book.tabs, start=1):
        name = f"xl/worksheets/sheet{i}.xml"
        xml = parts[name].decode()
        for (tab, ref), result in cached.items():
            if tab != title:
                continue
            kind, text = _cached_xml(result)
            xml = re.sub(
                rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>',
                lambda m, k=kind, t=text, at=ref: (
                    f'<c r="{at}"{m.group(1)}{k}><f>{m.group(2)}</f><v>{t}</v></c>'
                ),
                xml,
            )
        parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _cached_xml(result: object) -> tuple[str, str]:
    if isinstance(result, date):
        return "", str(to_serial(result))
    if isinstance(result, bool):
        return ' t="b"', "1" if result else "0"
    if isinstance(result, int | float):
        return "", str(result)
    text = str(result)
    if text.startswith("#"):
        return ' t="e"', text
    return ' t="str"', text


class LocalPlan:
    def __init__(self, tmp_path: Path, cfg: Config, book: Book) -> None:
        self.cfg = cfg
        self.path = tmp_path / "ke-hoach.xlsx"
        self.out = tmp_path / "bao-cao"
        write_xlsx(self.path, book)
        self.backend = LocalBackend(self.path, self.out)

    def values(self, title: str) -> list[list[object]]:
        return self.backend.read([title]).get(title, [])

    def officer_cells(self) -> dict:
        tasks_title = self.cfg.sheet.tab_title(contract.TASKS)
        skip = job_columns(self.values(tasks_title), self.cfg) if tasks_title else set()
        wb = openpyxl.load_workbook(self.path)
        seen: dict = {}
        for ws in wb.worksheets:
            if ws.title in JOB_TABS:
                continue
            owned = skip if ws.title == tasks_title else set()
            for row in ws.iter_rows():
                for cell in row:
                    if cell.column - 1 in owned:
                        continue
                    if cell.value is not None:
                        seen[(ws.title, cell.coordinate)] = (
                            cell.value,
                            cell.data_type,
                            cell.number_format,
                        )
                    if cell.comment is not None and cell.comment.author != NOTE_AUTHOR:
                        seen[(ws.title, cell.coordinate, "note")] = cell.comment.text
            seen[(ws.title, "merges")] = sorted(str(m) for m in ws.merged_cells.ranges)
            seen[(ws.title, "hidden")] = sorted(r for r, d in ws.row_dimensions.items() if d.hidden)
        wb.close()
        return seen

    def formulas(self) -> dict[tuple[str, str], str]:
        """Every formula in the workbook, by (tab, cell)."""
        wb = openpyxl.load_workbook(self.path)
        found = {
            (ws.title, c.coordinate): c.value
            for ws in wb.worksheets
            for row in ws.iter_rows()
            for c in row
            if c.data_type == "f"
        }
        wb.close()
        return found

    def job_note(self, title: str, ref: str) -> str | None:
        wb = openpyxl.load_workbook(self.path)
        comment = wb[title][ref].comment if title in wb.sheetnames else None
        wb.close()
        return comment.text if comment is not None and comment.author == NOTE_AUTHOR else None

    def type(self, title: str, ref: str, value: object) -> None:
        wb = openpyxl.load_workbook(self.path)
        set_raw(wb[title][ref], value)
        wb.save(self.path)

    def edit_document(self, location: str, text: str) -> bytes:
        """An officer opens the report in Word or LibreOffice, types, saves; the new bytes."""
        document = docx.Document(location)
        document.add_paragraph(text)
        document.save(location)
        return Path(location).read_bytes()

    def document_content(self, location: str) -> bytes:
        return Path(location).read_bytes()

    def documents(self) -> list[str]:
        """The report folder's files, but for the backend's own record of them."""
        if not self.out.exists():
            return []
        return sorted(p.name for p in self.out.iterdir() if p.name != STATE_NAME)


# --- the Google backend --------------------------------------------------------------------------


def _fake_value(value: object) -> tuple[object, dict | None]:
    """A value as the fake stores it, and the number format an officer's sheet would have."""
    if isinstance(value, Formula):
        result, fmt = _fake_value(value.result)
        return FakeFormula(value.text, result), fmt
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return to_serial(day), {"numberFormat": dict(DATE_FORMAT)}
    return value, None


class GooglePlan:
    def __init__(self, fake: FakeGoogle, tmp_path: Path, cfg: Config, book: Book) -> None:
        self.fake = fake
        key = fake.service_account(SA_EMAIL)
        key_path = tmp_path / "sa-key.json"
        key_path.write_text(json.dumps(key), encoding="utf-8")
        os.chmod(key_path, 0o600)
        key["_path"] = str(key_path)
        self.book = fake.create_spreadsheet("Kế hoạch 2024", OFFICER, share={SA_EMAIL: "writer"})
        self._load(book)
        drive = fake.drive.add_shared_drive("UBND xã Gia Tân", {SA_EMAIL: "fileOrganizer"})
        folder = fake.drive.add_folder("Báo cáo", shared_drive=drive, created_by=key["client_id"])
        self.cfg = google_config(cfg, key, self.book.id, folder.id)
        policy = RetryPolicy(timeout=30, deadline=60, sleep=lambda seconds: None)
        self.backend = backend_for(fake, self.cfg, policy)

    def _load(self, book: Book) -> None:
        for i, tab in enumerate(book.tabs.values()):
            width = max((len(r) for r in tab.rows), default=0)
            if i == 0:
                sheet = self.book.sheets[0]
                sheet.title = tab.title
                sheet.column_count = max(sheet.column_count, width + 5)
            else:
                sheet = self.book.add_sheet(
                    tab.title, rows=max(1000, len(tab.rows) + 50), cols=max(26, width + 5)
                )
            for r, row in enumerate(tab.rows):
                for c, raw in enumerate(row):
                    if raw is None:
                        continue
                    value, fmt = _fake_value(raw)
                    sheet.set(r, c, value)
                    if fmt:
                        sheet.formats[(sheet.row_ids[r], c)] = fmt
            for ref in tab.merges:
                first, last = (cell_index(x) for x in ref.split(":"))
                sheet.merges.append(
                    {
                        "sheetId": sheet.sheet_id,
                        "startRowIndex": first[0],
                        "endRowIndex": last[0] + 1,
                        "startColumnIndex": first[1],
                        "endColumnIndex": last[1] + 1,
                    }
                )
            sheet.hidden_rows |= {sheet.row_ids[r] for r in tab.hidden}

    def values(self, title: str) -> list[list[object]]:
        return self.backend.read([title]).get(title, [])

    def officer_cells(self) -> dict:
        tasks_title = self.cfg.sheet.tab_title(contract.TASKS)
        skip = job_columns(self.values(tasks_title), self.cfg)
        seen: dict = {}
        for sheet in self.book.sheets:
            if sheet.title in JOB_TABS:
                continue
            owned = skip if sheet.title == tasks_title else set()
            for r, row in enumerate(sheet.cells):
                rid = sheet.row_ids[r]
                for c, value in enumerate(row):
                    if value is not None and c not in owned:
                        seen[(sheet.title, rid, c)] = (value, type(value).__name__)
                        seen[(sheet.title, rid, c, "format")] = sheet.formats.get((rid, c))
            for (rid, c), text in sheet.notes.items():
                if not text.startswith(NOTE_MARK):
                    seen[(sheet.title, rid, c, "note")] = text
            seen[(sheet.title, "merges")] = sheet.merges
            seen[(sheet.title, "hidden")] = sorted(sheet.hidden_rows)
        return seen

    def formulas(self) -> dict[tuple[str, str], str]:
        return {
            (s.title, f"{column_letter(c)}{r + 1}"): str(v)
            for s in self.book.sheets
            for r, row in enumerate(s.cells)
            for c, v in enumerate(row)
            if isinstance(v, FakeFormula)
        }

    def job_note(self, title: str, ref: str) -> str | None:
        sheet = self.book.sheet(title=title)
        r, c = cell_index(ref)
        text = sheet.notes.get((sheet.row_ids[r], c))
        return text[len(NOTE_MARK) :] if text and text.startswith(NOTE_MARK) else None

    def type(self, title: str, ref: str, value: object) -> None:
        sheet = self.book.sheet(title=title)
        r, c = cell_index(ref)
        stored, fmt = _fake_value(value)
        sheet.set(r, c, stored)
        if fmt:
            sheet.formats[(sheet.row_ids[r], c)] = fmt

    def _doc(self, location: str):
        (found,) = [f for f in self.fake.drive.files.values() if f.id in location]
        return found

    def edit_document(self, location: str, text: str) -> bytes:
        """An officer types into the Google Doc (Drive: a new modifiedTime, their name as
        lastModifyingUser); the new content."""
        found = self._doc(location)
        found.edit(OFFICER, (found.content or b"") + text.encode())
        return found.content

    def document_content(self, location: str) -> bytes:
        return self._doc(location).content or b""

    def documents(self) -> list[str]:
        return sorted(
            f.name
            for f in self.fake.drive.files.values()
            if f.mime_type.endswith("document") and not f.trashed
        )
