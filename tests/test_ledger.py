"""The ledger of what the job last wrote: a job cell an officer typed over is put back once, with
a note quoting what was typed, and is not fought over on the following days."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from jobs import flag
from sheets_sync import ledger
from sheets_sync.backends.local.workbook import LocalBackend, set_raw
from sheets_sync.cells import to_serial
from sheets_sync.config import Config
from sheets_sync.model import Snapshot

TODAY = date(2024, 10, 15)


def test_fingerprints_do_not_depend_on_how_a_backend_hands_a_value_back():
    day = date(2024, 3, 31)
    same_day = {ledger.fingerprint("due", v) for v in (day, datetime(2024, 3, 31), to_serial(day))}
    assert len(same_day) == 1
    assert ledger.fingerprint("due", "31/03/2024") == ledger.fingerprint("due", day)
    assert ledger.fingerprint("note", "a\r\nb") == ledger.fingerprint("note", "a\nb ")
    # an .xlsx cannot hold a bell character: the note as stored is the note as written
    assert ledger.fingerprint("note", "Quý\x07 I") == ledger.fingerprint("note", "Quý I")
    assert ledger.fingerprint("status", "Quá hạn") != ledger.fingerprint("status", "Đã xong")
    assert ledger.fingerprint("due", None) == ledger.fingerprint("due", "")


def test_reading_ignores_repeated_numbers_and_reuses_emptied_rows():
    grid = [ledger.HEADER, ["1", "a", "b", "c"], ["2", "d"], ["1", "x", "y", "z"], [None], []]
    book = ledger.read(Snapshot({ledger.TITLE: grid}))
    assert set(book.rows) == {"2"}  # '1' twice: the ledger cannot speak for it
    assert book.rows["2"] == (2, ("d", "", ""))
    assert book.free == [4, 5]
    assert not ledger.read(Snapshot({})).present


def _status_cell(path: Path, stt: int) -> str:
    ws = openpyxl.load_workbook(path)["Nhiệm vụ"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == stt)
    return f"I{row}"


def _type(path: Path, ref: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    set_raw(wb["Nhiệm vụ"][ref], value)
    wb.save(path)


def _cell(path: Path, ref: str, tab: str = "Nhiệm vụ") -> object:
    return openpyxl.load_workbook(path)[tab][ref].value


def _log(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path)["Nhật ký"].iter_rows(min_row=2, values_only=True))


@pytest.fixture
def flagged(workbook: Path, cfg: Config) -> LocalBackend:
    backend = LocalBackend(workbook)
    flag.run(backend, cfg, today=TODAY)
    return backend


def test_the_ledger_is_a_hidden_protected_tab_written_with_the_cells(flagged, workbook):
    wb = openpyxl.load_workbook(workbook)
    ws = wb[ledger.TITLE]
    assert ws.sheet_state == "hidden" and ws.protection.sheet
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == tuple(ledger.HEADER)
    assert sorted(r[0] for r in rows[1:]) == [str(n) for n in range(1, 9)]
    status = _cell(workbook, _status_cell(workbook, 3))
    remembered = next(r for r in rows[1:] if r[0] == "3")
    assert remembered[2] == ledger.fingerprint("status", status)
    assert next(s.title for s in wb.worksheets if s.sheet_state == "visible") == "Nhiệm vụ"


def test_a_typed_over_status_is_put_back_once_with_a_note(flagged, workbook, cfg):
    ref = _status_cell(workbook, 3)  # task 3, "Quý I/2024": overdue on 15/10
    _type(workbook, ref, "Đã xong")
    result = flag.run(flagged, cfg, today=TODAY)
    assert _cell(workbook, ref) == "Quá hạn"
    note = _cell(workbook, ref.replace("I", "J"))
    assert f"Ô {ref} do máy ghi" in note and "'Đã xong'" in note and "Ngày hoàn thành" in note
    assert [t.ref for t in result.restored] == [ref]
    assert f"khôi phục 1 ô do máy ghi mà cán bộ đã sửa: {ref} 'Đã xong'" in _log(workbook)[-1][3]

    # The next morning nobody typed again: nothing is put back, the note is the usual one.
    again = flag.run(flagged, cfg, today=date(2024, 10, 16))
    assert again.restored == []
    assert "do máy ghi" not in _cell(workbook, ref.replace("I", "J"))


def test_a_status_the_situation_changed_is_not_blamed_on_anyone(flagged, workbook, cfg):
    ref = _status_cell(workbook, 7)  # "Quý IV/2024": not due on 15/10, due soon on 20/12
    result = flag.run(flagged, cfg, today=date(2024, 12, 20))
    assert _cell(workbook, ref) == "Sắp đến hạn"
    assert result.restored == []
    assert "do máy ghi" not in _cell(workbook, ref.replace("I", "J"))


def test_typing_what_the_job_writes_or_clearing_a_cell_needs_no_note(flagged, workbook, cfg):
    same, cleared = _status_cell(workbook, 3), _status_cell(workbook, 5)
    _type(workbook, same, "Quá hạn")  # retyped exactly what the job shows
    before = _cell(workbook, cleared)
    _type(workbook, cleared, None)
    result = flag.run(flagged, cfg, today=TODAY)
    assert [t.ref for t in result.restored] == [cleared]
    assert _cell(workbook, cleared) == before
    assert "do máy ghi" not in (_cell(workbook, cleared.replace("I", "J")) or "")
    assert f"{cleared} (xóa trống)" in _log(workbook)[-1][3]


def test_without_a_remembered_row_nobody_is_blamed(flagged, workbook, cfg):
    """After an upgrade (or a crash before the ledger row was added) the job cannot tell who
    wrote a cell: it writes its value, as it always did, without a note."""
    wb = openpyxl.load_workbook(workbook)
    del wb[ledger.TITLE]
    wb.save(workbook)
    ref = _status_cell(workbook, 3)
    _type(workbook, ref, "Đã xong")
    result = flag.run(flagged, cfg, today=TODAY)
    assert result.restored == [] and _cell(workbook, ref) == "Quá hạn"
    assert ledger.TITLE in openpyxl.load_workbook(workbook).sheetnames


def test_a_dry_run_reports_the_restoration_and_writes_nothing(flagged, workbook, cfg):
    ref = _status_cell(workbook, 3)
    _type(workbook, ref, "Đã xong")
    before = workbook.read_bytes()
    result = flag.run(flagged, cfg, today=TODAY, dry_run=True)
    assert workbook.read_bytes() == before
    assert any(f"Nhiệm vụ!{ref}: 'Đã xong' → 'Quá hạn'" in line for line in result.changes)
    assert not any(ledger.TITLE in line for line in result.changes)
