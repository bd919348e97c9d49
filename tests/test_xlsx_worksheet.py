"""The patcher on sheet XML as other writers lay it out: prefixes, missing references, empty
rows, formulas in the way, and where a comments drawing link must go."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.model import BackendError, CellNote, ChangeSet, RowWrite
from tests.xlsx_fixtures import MAIN, REL, write_package

pytestmark = [
    pytest.mark.filterwarnings("ignore:Workbook contains no default style"),
    pytest.mark.filterwarnings("ignore:Unknown extension is not supported"),
]


def _cells(path: Path, tab: str = "A") -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[tab]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def test_prefixed_elements_and_cells_without_references(tmp_path: Path):
    path = tmp_path / "p.xlsx"
    sheet = (
        f'<x:worksheet xmlns:x="{MAIN}" xmlns:r="{REL}"><x:dimension ref="A1:B2"/><x:sheetData>'
        '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row>'
        "<x:row><x:c><x:v>3</x:v></x:c><x:c><x:v>4</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>"
    )
    write_package(path, {"A": sheet})
    LocalBackend(path).apply(
        ChangeSet(writes=[RowWrite("A", 1, {0: "ba", 2: "mới"}), RowWrite("A", 4, {1: 5})])
    )
    assert _cells(path) == {"A1": 1, "B1": 2, "A2": "ba", "B2": 4, "C2": "mới", "B5": 5}
    with zipfile.ZipFile(path) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert '<x:dimension ref="A1:C5"/>' in xml and "<c " not in xml  # the sheet's own prefix


def test_an_empty_sheet_and_empty_rows_get_their_cells(tmp_path: Path):
    path = tmp_path / "e.xlsx"
    write_package(path, {"A": '<row r="2" ht="30" customHeight="1"/>', "B": ""})
    LocalBackend(path).apply(
        ChangeSet(
            writes=[
                RowWrite("A", 1, {1: "x"}),
                RowWrite("A", 0, {0: 1}),
                RowWrite("B", 2, {0: True}),
            ]
        )
    )
    assert _cells(path) == {"A1": 1, "B2": "x"}
    assert _cells(path, "B") == {"A3": True}
    ws = openpyxl.load_workbook(path)["A"]
    assert ws.row_dimensions[2].height == 30  # the row kept its own attributes


def test_overwriting_a_formula_drops_the_calculation_chain(tmp_path: Path):
    path = tmp_path / "f.xlsx"
    write_package(
        path,
        {"A": '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f>A1</f><v>2</v></c></row>'},
    )
    with zipfile.ZipFile(path, "a") as package:  # as Excel leaves it: a calcChain part
        package.writestr(
            "xl/calcChain.xml", f'<calcChain xmlns="{MAIN}"><c r="A1" i="1"/></calcChain>'
        )
    _add_calc_chain_links(path)
    LocalBackend(path).apply(ChangeSet(writes=[RowWrite("A", 0, {0: "giá trị"})]))
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert "xl/calcChain.xml" not in names
        assert b"calcChain" not in package.read("xl/_rels/workbook.xml.rels")
        assert b"calcChain" not in package.read("[Content_Types].xml")
        assert b"<f>A1</f>" in package.read("xl/worksheets/sheet1.xml")  # the officer's formula
    assert openpyxl.load_workbook(path)["A"]["A1"].value == "giá trị"


def _add_calc_chain_links(path: Path) -> None:
    """Rewrite the package with calcChain's relationship and content type, as Excel has them."""
    with zipfile.ZipFile(path) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/calcChain.xml" ContentType="{ct}"/></Types>'.encode()
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdC" Type="{REL}/calcChain" Target="calcChain.xml"/>'
        "</Relationships>".encode(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def test_a_shared_formula_in_the_way_is_refused_with_the_cell_named(tmp_path: Path):
    path = tmp_path / "s.xlsx"
    write_package(
        path,
        {
            "A": '<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1</f><v>0</v></c></row>'
            '<row r="2"><c r="A2"><f t="shared" si="0"/><v>0</v></c></row>'
        },
    )
    before = path.read_bytes()
    with pytest.raises(BackendError, match="A1 holds a formula that other cells share"):
        LocalBackend(path).apply(ChangeSet(writes=[RowWrite("A", 0, {0: "x"})]))
    assert path.read_bytes() == before


def test_the_drawing_link_goes_before_table_parts(tmp_path: Path):
    path = tmp_path / "t.xlsx"
    sheet = (
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData><row r="1"><c r="A1"><v>1</v>'
        '</c></row></sheetData><mergeCells count="1"><mergeCell ref="C1:D1"/></mergeCells>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        '<tableParts count="0"/><extLst><ext uri="{x}"><y/></ext></extLst></worksheet>'
    )
    write_package(path, {"A": sheet})
    LocalBackend(path).apply(ChangeSet(notes=[CellNote("A", 0, 0, "ghi chú")], note_tabs=("A",)))
    with zipfile.ZipFile(path) as package:
        xml = package.read("xl/worksheets/sheet1.xml")
    assert xml.index(b"<pageMargins") < xml.index(b"<legacyDrawing") < xml.index(b"<tableParts")
    assert openpyxl.load_workbook(path)["A"]["A1"].comment.text == "ghi chú"


def test_row_guards_read_task_numbers_stored_as_shared_or_rich_text(tmp_path: Path):
    from sheets_sync.model import SheetChanged

    path = tmp_path / "g.xlsx"
    strings = ["<t>05</t>", "<r><t>1</t></r><r><rPr><b/></rPr><t>2</t></r>"]
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'
    )
    write_package(path, {"A": rows}, strings)
    backend = LocalBackend(path)
    backend.apply(
        ChangeSet(
            writes=[RowWrite("A", 0, {1: "ok"}, 0, "5"), RowWrite("A", 1, {1: "ok"}, 0, "12")]
        )
    )
    assert _cells(path) == {"A1": "05", "B1": "ok", "A2": "12", "B2": "ok"}
    with pytest.raises(SheetChanged, match="expected task '5', found '12'"):
        backend.apply(ChangeSet(writes=[RowWrite("A", 1, {1: "no"}, 0, "5")]))
