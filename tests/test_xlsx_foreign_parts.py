"""Why the local backend writes .xlsx files itself instead of through openpyxl: an officer's
workbook comes back from ``flag`` with everything the officer put in it.

openpyxl models a subset of the format and drops the rest when it loads and saves a workbook:
Excel's x14 extensions (data-validation lists that point at another tab, sparklines, data bars),
drawn shapes. Officers add exactly such things in Excel. Our patcher copies every part it does
not own byte for byte, and inside the worksheets it edits it copies every element it does not
edit as it was (see docs/reliability.md, "What the jobs never touch").
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from jobs import flag
from sheets_sync.backends.local import LocalBackend
from sheets_sync.backends.local.xlsx.package import Package
from sheets_sync.config import Config
from sheets_sync.demo import build_demo_workbook

X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Excel 2010+ writes a dropdown whose list sits on another tab, sparklines and data bars here.
X14_EXTENSIONS = (
    "<extLst>"
    f'<ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}">'
    f'<x14:dataValidations count="1" xmlns:xm="{XM}">'
    '<x14:dataValidation type="list" allowBlank="1" showErrorMessage="1">'
    "<x14:formula1><xm:f>'Danh mục'!$A$2:$A$30</xm:f></x14:formula1>"
    "<xm:sqref>C2:C500</xm:sqref></x14:dataValidation></x14:dataValidations></ext>"
    f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}">'
    f'<x14:sparklineGroups xmlns:xm="{XM}"><x14:sparklineGroup displayEmptyCellsAs="gap">'
    '<x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline>'
    "<xm:f>'Tiến độ'!F2:F13</xm:f><xm:sqref>I1</xm:sqref></x14:sparkline></x14:sparklines>"
    "</x14:sparklineGroup></x14:sparklineGroups></ext>"
    "</extLst>"
)
SHAPE_DRAWING = (
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor>'
    "<xdr:from><xdr:col>11</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row>"
    "<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>14</xdr:col><xdr:colOff>0"
    "</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
    '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="Ghi chú văn phòng"/>'
    '<xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    "</xdr:spPr><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>Hạn nộp báo cáo quý: ngày 20</a:t>"
    "</a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
)
DRAWING = "xl/drawings/drawing9.xml"
DRAWING_CT = "application/vnd.openxmlformats-officedocument.drawing+xml"


def _sheet_parts(path: Path) -> dict[str, str]:
    """Tab title -> worksheet part name."""
    with Package(str(path)) as package:
        return {title: ref.part for title, ref in package.sheets().items()}


def _with_officers_extras(path: Path) -> dict[str, str]:
    """Add what an officer's Excel would: x14 dropdowns and sparklines on Tiến độ, a drawn
    shape on Nhiệm vụ. Returns the parts changed, by role."""
    sheets = _sheet_parts(path)
    progress, tasks = sheets["Tiến độ"], sheets["Nhiệm vụ"]
    tasks_rels = tasks.replace("worksheets/", "worksheets/_rels/") + ".rels"
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[progress] = parts[progress].replace(
        b"</worksheet>", X14_EXTENSIONS.encode() + b"</worksheet>"
    )
    parts[tasks] = parts[tasks].replace(
        b"<legacyDrawing", f'<drawing xmlns:r="{R}" r:id="rIdShape"/><legacyDrawing'.encode()
    )
    parts[tasks_rels] = parts[tasks_rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdShape" Type="{R}/drawing" Target="/{DRAWING}"/>'
        "</Relationships>".encode(),
    )
    parts[DRAWING] = SHAPE_DRAWING.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/{DRAWING}" ContentType="{DRAWING_CT}"/></Types>'.encode(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return {"progress": progress, "tasks": tasks, "tasks_rels": tasks_rels}


@pytest.fixture
def officers_book(tmp_path: Path, cfg: Config) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "ke-hoach.xlsx"
    build_demo_workbook(path, cfg)
    return path, _with_officers_extras(path)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_flag_leaves_every_part_it_does_not_own_byte_identical(officers_book, cfg):
    path, extras = officers_book
    before = _parts(path)
    result = flag.run(LocalBackend(path), cfg, today=date(2024, 10, 15))
    assert result.cells_written > 0 and result.problems  # it wrote cells, statuses and notes
    after = _parts(path)
    changed = {n for n in before if before[n] != after.get(n)}
    owned = set(_sheet_parts(path).values()) | {
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
        "xl/styles.xml",
    }
    notes = {
        n
        for n in before
        if n.startswith(("xl/comments/", "xl/drawings/vml", "xl/drawings/comments"))
    }
    progress_rels = extras["progress"].replace("worksheets/", "worksheets/_rels/") + ".rels"
    assert changed <= owned | notes | {progress_rels}, changed - owned
    assert after[DRAWING] == before[DRAWING]  # the officer's shape
    assert after[extras["tasks_rels"]] == before[extras["tasks_rels"]]
    # Inside the worksheets flag edited, what it does not edit is copied as it was.
    assert X14_EXTENSIONS.encode() in after[extras["progress"]]
    assert after[extras["progress"]].rstrip().endswith(b"</extLst></worksheet>")  # still last
    assert f'<drawing xmlns:r="{R}" r:id="rIdShape"/>'.encode() in after[extras["tasks"]]


def test_openpyxl_drops_what_an_officers_excel_added(officers_book):
    """The reason for our own writer, shown: load and save with openpyxl, and they are gone."""
    path, _ = officers_book
    copy = path.with_name("qua-openpyxl.xlsx")
    with pytest.warns(UserWarning, match="extension is not supported and will be removed"):
        openpyxl.load_workbook(path).save(copy)
    after = b"".join(_parts(copy).values())
    assert b"x14:dataValidation" not in after and b"x14:sparkline" not in after
    assert b"Ghi ch\xc3\xba v\xc4\x83n ph\xc3\xb2ng" not in after  # the shape's name
