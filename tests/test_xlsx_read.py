"""The calamine read gives the jobs what openpyxl gave them, on workbooks made to be awkward."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from bench.openpyxl_baseline import OpenpyxlBackend, read_grid
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.config import Config
from sheets_sync.sheet import read_plan
from tests.xlsx_fixtures import grid_meaning, write_package

# Hand-written packages carry a minimal styles part; openpyxl says so, and that is expected.
pytestmark = pytest.mark.filterwarnings("ignore:Workbook contains no default style")


def _both(path: Path, tab: str) -> tuple[list, list]:
    ours = LocalBackend(path).read([tab])[tab]
    return grid_meaning([list(r) for r in ours]), grid_meaning(read_grid(path, tab))


def test_values_openpyxl_writes_read_the_same(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "A"
    ws["B3"], ws["B3"].number_format = datetime(2024, 1, 5), "DD/MM/YYYY"
    ws["C3"], ws["C3"].number_format = datetime(2024, 1, 5, 13, 30), "DD/MM/YYYY HH:MM"
    ws["D3"], ws["D3"].number_format = time(13, 30), "h:mm"
    ws["E3"], ws["E3"].number_format = timedelta(hours=30), "[h]:mm"
    ws["F3"] = date(2024, 2, 29)
    for col, number in zip("BCDEFGH", [5, 5.0, 2.5, 45000, -3, 1e20, 123456789012], strict=True):
        ws[f"{col}4"] = number
    ws["B5"], ws["C5"] = True, False
    ws["B6"], ws["C6"] = "=1+1", "=SUM(B4:C4)"  # never computed: no cached value
    ws["B7"], ws["C7"], ws["D7"] = "#REF!", "#N/A", "#DIV/0!"  # stored as error cells
    ws.merge_cells("B8:D9")
    ws["B8"] = "gộp ô"
    ws["B10"] = "x" * 32_000
    ws["B11"] = CellRichText([TextBlock(InlineFont(b=True), "Đậm"), " thường"])
    ws["B12"] = "  cách\nxuống dòng  "
    ws["A1"] = None
    ws.row_dimensions[40].height = 30  # formatted, empty rows after the data
    ws["C41"].number_format = "0.00"
    wb.save(tmp_path / "a.xlsx")
    ours, theirs = _both(tmp_path / "a.xlsx", "A")
    assert ours == theirs
    assert ours[6][1:4] == ["#REF!", "#N/A", "#DIV/0!"]  # errors are not blanks
    assert len(ours) == 12  # trailing formatted rows are not data


STRINGS = [
    "<t>chung</t>",
    '<r><rPr><b/></rPr><t>Đậm</t></r><r><t xml:space="preserve"> thường</t></r>',
    "<t>Ph&#7909; l&#7909;c &amp; &lt;b&gt;</t>",
]
CELLS = (
    '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
    '<c r="C2" t="b"><f>TRUE()</f><v>1</v></c><c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    '<c r="E2"><f>A2*2</f></c><c r="F2" t="e"><v>#REF!</v></c></row>'
    '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="s"><v>2</v>'
    '</c><c r="D3" t="inlineStr"><is><t>trực tiếp</t></is></c></row>'
    '<row r="4"><c r="A4" s="1"><v>45300</v></c><c r="B4" s="2"><v>0.5</v></c>'
    '<c r="C4" s="3"><v>45300.75</v></c><c r="D4" s="1"><v>45300.5</v></c></row>'
    "<row><c><v>7</v></c><c><v>8</v></c></row>"  # neither row nor cells say where they are
    '<row r="9" customHeight="1" ht="30"/>'
)


def test_values_only_other_writers_store_read_the_same(tmp_path: Path):
    path = tmp_path / "b.xlsx"
    write_package(path, {"B": CELLS}, STRINGS)
    ours, theirs = _both(path, "B")
    assert ours == theirs
    assert ours[1][:6] == [2.0, "ab", True, "#DIV/0!", None, "#REF!"]
    assert ours[2] == ["chung", "Đậm thường", "Phụ lục & <b>", "trực tiếp"]
    assert ours[3][:3] == [date(2024, 1, 9), time(12, 0), datetime(2024, 1, 9, 18, 0)]
    assert ours[4] == [7.0, 8.0]


def test_the_1904_date_system(tmp_path: Path):
    path = tmp_path / "c.xlsx"
    write_package(path, {"C": '<row r="1"><c r="A1" s="1"><v>366</v></c></row>'}, date1904=True)
    ours, theirs = _both(path, "C")
    assert ours == theirs == [[date(1905, 1, 1)]]


def test_a_plan_with_broken_cells_reads_into_the_same_plan(workbook: Path, cfg: Config):
    wb = openpyxl.load_workbook(workbook)
    tasks, progress = wb["Nhiệm vụ"], wb["Tiến độ"]
    tasks["A6"] = "#REF!"  # a deleted row broke the STT formula
    tasks["G4"] = "15/03/2024"  # completion typed as text
    tasks["G5"] = datetime(2024, 4, 2)
    tasks["G7"] = "#VALUE!"
    rows = [
        [date(2024, 2, 5), 1, "Đài", "Phát thanh", "Tin", 2, ""],
        ["#N/A", 1, "Đài", "Phát thanh", "Tin", 1, ""],
        [datetime(2024, 3, 5, 8, 30), "2, 4", "Một cửa", "Niêm yết", "", "#DIV/0!", ""],
        [date(2024, 5, 5), "#REF!", "Đài", "Phát thanh", "", 1, ""],
        [45400, 5, "  Đài  ", "Phát\nthanh", "", 3.0, "https://x"],
    ]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            progress.cell(r, c, value)
    wb.save(workbook)
    tabs = ["Nhiệm vụ", "Tiến độ", "Nhật ký"]
    ours = read_plan(LocalBackend(workbook).read(tabs), cfg)
    theirs = read_plan(OpenpyxlBackend(workbook).read(tabs), cfg)
    assert [(t.stt, t.name, t.timeframe.text, t.done_on, t.problems) for t in ours.tasks] == [
        (t.stt, t.name, t.timeframe.text, t.done_on, t.problems) for t in theirs.tasks
    ]
    assert ours.progress == theirs.progress
    assert [str(p) for p in ours.problems] == [str(p) for p in theirs.problems]
    messages = " ".join(str(p) for p in ours.problems)
    assert "#REF!" in messages and "#N/A" in messages and "#DIV/0!" in messages


def test_a_damaged_or_missing_workbook_is_a_clear_error(tmp_path: Path):
    from sheets_sync.model import BackendError

    path = tmp_path / "half.xlsx"
    write_package(path, {"A": '<row r="1"><c r="A1"><v>1</v></c></row>'})
    path.write_bytes(path.read_bytes()[:-200])  # cut off: the zip directory is gone
    with pytest.raises(BackendError, match="Không mở được"):
        LocalBackend(path).read(["A"])
