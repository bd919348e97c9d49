"""Workbooks made by code for the xlsx tests: what openpyxl sees, and a hand-written package.

``write_package`` lays down sheet XML exactly as given, for what openpyxl cannot write: cached
formula results, error cells, shared strings with rich text, a 1904 date system.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

from sheets_sync.backends.local.xlsx.package import PackageWriter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def write_package(
    path: Path, sheets: dict[str, str], strings: list[str] = (), date1904: bool = False
) -> None:
    """An .xlsx with these sheets (title -> inner XML of <sheetData>, or the whole worksheet
    XML) and shared strings (each given as the inner XML of an <si>)."""
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    system = ' date1904="1"' if date1904 else ""
    count = len(sheets) + 1
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                f'ContentType="{ct}.worksheet+xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + "</Types>"
        ),
        "_rels/.rels": _rels([("rId1", "officeDocument", "xl/workbook.xml")]),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<workbookPr{system}/><sheets>"
            + "".join(
                f'<sheet name="{t}" sheetId="{i}" r:id="rId{i}"/>'
                for i, t in enumerate(sheets, start=1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": _rels(
            [(f"rId{i}", "worksheet", f"worksheets/sheet{i}.xml") for i in range(1, count)]
            + [("rIdS", "styles", "styles.xml"), ("rIdT", "sharedStrings", "sharedStrings.xml")]
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
            'formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font/></fonts><fills count="2">'
            '<fill><patternFill patternType="none"/></fill><fill><patternFill '
            'patternType="gray125"/></fill></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="4"><xf/>'
            '<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="20" applyNumberFormat="1"/>'
            '<xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(f"<si>{s}</si>" for s in strings)
            + "</sst>"
        ),
    }
    for i, inner in enumerate(sheets.values(), start=1):
        whole = inner.lstrip().startswith(("<worksheet", "<x:worksheet"))  # a sheet given whole
        parts[f"xl/worksheets/sheet{i}.xml"] = (
            inner
            if whole
            else f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>{inner}</sheetData>'
            "</worksheet>"
        )
    with path.open("wb") as fh, PackageWriter(fh) as out:
        for name, text in parts.items():
            out.write(name, text.encode())


def _rels(rels: list[tuple[str, str, str]]) -> str:
    items = "".join(
        f'<Relationship Id="{i}" Type="{REL}/{kind}" Target="{t}"/>' for i, kind, t in rels
    )
    return (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{items}</Relationships>"
    )


def meaning(value: object) -> object:
    """What a cell value means to the jobs: blank is blank, 5 == 5.0, a date is a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.time() != datetime.min.time() else value.date()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    return value


def grid_meaning(grid: list[list[object]]) -> list[list[object]]:
    rows = [[meaning(v) for v in row] for row in grid]
    for row in rows:
        while row and row[-1] is None:
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def everything(path: Path) -> dict[tuple[str, str], dict[str, object]]:
    """Every cell openpyxl sees with value and the looks an officer set, keyed by (tab, A1)."""
    wb = openpyxl.load_workbook(path)
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and c.comment is None and not c.has_style:
                    continue
                cells[(ws.title, c.coordinate)] = {
                    "value": meaning(c.value),
                    "number_format": c.number_format,
                    "fill": (c.fill.fill_type, c.fill.fgColor.rgb if c.fill.fill_type else None),
                    "font": (c.font.b, c.font.i, c.font.sz),
                    "border": c.border.left.style,
                    "wrap": c.alignment.wrap_text,
                    "comment": (c.comment.author, c.comment.text) if c.comment else None,
                }
    wb.close()
    return cells


def same_day(value: object) -> object:
    return value.date() if isinstance(value, datetime) else value


__all__ = ["date", "everything", "grid_meaning", "meaning", "same_day", "write_package"]
