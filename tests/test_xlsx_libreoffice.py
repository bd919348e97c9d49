"""LibreOffice Calc (a real client) opens a patched workbook and sees what the patcher wrote.

Calc re-saves the file as .xlsx on its own; reading that copy shows what Calc understood:
values, dates, the status fill, the notes (Calc 7.4 does not carry comment authors through its
own .xlsx export, so those are checked on our file by the openpyxl oracle tests), a new tab and
its appended row.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from libreoffice import convert

from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.model import CellNote, ChangeSet, Fill, RowWrite

pytestmark = pytest.mark.libreoffice  # opens patched workbooks in LibreOffice Calc


def _through_calc(path: Path, folder: Path) -> Path:
    (converted,) = convert([path], "xlsx:Calc MS Excel 2007 XML", folder / "calc")
    return converted


def test_calc_reads_values_fills_notes_and_new_tabs(workbook: Path, tmp_path: Path):
    wb = openpyxl.load_workbook(workbook)
    wb["Tiến độ"]["A2"] = "31/02/2024"
    wb["Tiến độ"]["B3"].value = 99
    wb.remove(wb["Nhật ký"])  # the job creates it again
    wb.save(workbook)
    changes = ChangeSet(
        writes=[
            RowWrite(
                "Nhiệm vụ", 3, {7: date(2024, 12, 31), 8: "Quá hạn", 9: "Chưa có kết quả"}, 0, "1"
            ),
            RowWrite("Nhiệm vụ", 4, {8: '=HYPERLINK("http://x")', 9: 12.5}, 0, "2"),
        ],
        fills=[Fill("Nhiệm vụ", 3, 8, "F4CCCC")],
        notes=[
            CellNote("Tiến độ", 1, 0, "Ngày '31/02/2024' không có thật"),
            CellNote("Tiến độ", 2, 1, "STT nhiệm vụ '99' không có trong trang Nhiệm vụ"),
        ],
        note_tabs=("Tiến độ",),
        new_tabs={"Nhật ký": ["Thời gian", "Công việc", "Kết quả"]},
        appends=[("Nhật ký", [datetime(2024, 10, 15, 7, 30), "flag", "Thành công"])],
    )
    LocalBackend(workbook).apply(changes)

    calc = openpyxl.load_workbook(_through_calc(workbook, tmp_path))
    tasks = calc["Nhiệm vụ"]
    assert tasks["H4"].value == datetime(2024, 12, 31)
    assert tasks["I4"].value == "Quá hạn" and tasks["J4"].value == "Chưa có kết quả"
    assert tasks["I4"].fill.fgColor.rgb.endswith("F4CCCC")
    assert tasks["I5"].value == '=HYPERLINK("http://x")' and tasks["I5"].data_type == "s"
    assert tasks["J5"].value == 12.5
    notes = {c: calc["Tiến độ"][c].comment for c in ("A2", "B3")}
    assert "không có thật" in notes["A2"].text and "'99'" in notes["B3"].text
    log = list(calc["Nhật ký"].iter_rows(values_only=True))
    assert log[0][:3] == ("Thời gian", "Công việc", "Kết quả")
    assert log[1][:3] == (datetime(2024, 10, 15, 7, 30), "flag", "Thành công")
    assert tasks["A4"].value == 1 and tasks["B3"].value == "Nhiệm vụ cụ thể"  # officers' cells
