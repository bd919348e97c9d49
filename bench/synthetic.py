"""Synthetic plan workbooks for the benchmarks, as Excel or LibreOffice would save them.

    path = plan_workbook(tasks=10_000, progress_rows=100_000)   # cached in bench/.cache/

A fixed seed makes every run the same. The task tab is laid out like ``sheets-sync init`` makes it
(title, legend, header on row 3, tasks from row 4, job columns empty before the first run); task
names are unique, units and forms come from short lists, timeframes are the realistic mix of
``bench_timeframe``, a fifth of the deadline tasks have a completion date. About one progress row
in a thousand is wrong the way officers get rows wrong (an impossible date, a task number that
does not exist, a count in words), so the notes path is exercised too.

Strings go to ``sharedStrings.xml`` and dates are serial numbers with a date format, as in files
that Excel and LibreOffice save; openpyxl's write-only mode would write inline strings, a third
larger and slower to read than what officers' files look like.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from bench.bench_timeframe import make_cells
from sheets_sync.backends.local.xlsx.package import PackageWriter
from sheets_sync.cells import column_letter as letter
from sheets_sync.cells import to_serial

CACHE = Path(__file__).parent / ".cache"
SEED = 2024
VERSION = 3  # bump when the generated content changes, so cached files are made again
TODAY = date(2024, 10, 15)

UNITS = [
    "Văn phòng HĐND - UBND", "Công chức Văn phòng - Thống kê", "Công chức VHTT - TDTT",
    "Đài Truyền thanh xã", "Bộ phận một cửa", "Công chức Tư pháp - Hộ tịch",
    "Công chức Địa chính - Xây dựng", "Công an xã", "Ủy ban MTTQ xã", "Đoàn Thanh niên",
    "Hội Phụ nữ", "Hội Nông dân",
]  # fmt: skip
FORMS = ["Tin bài", "Phát thanh", "Hội nghị", "Niêm yết", "Tập huấn", "Khảo sát", "Mạng xã hội"]
WORK = [
    "Tuyên truyền cải cách hành chính", "Cập nhật tin bài về CCHC", "Niêm yết thủ tục hành chính",
    "Phát sóng chuyên mục CCHC", "Hội nghị triển khai CCHC", "Khảo sát sự hài lòng",
    "Tập huấn nghiệp vụ một cửa", "Đối thoại với Nhân dân về TTHC",
]  # fmt: skip
TASK_HEADER = [
    "STT", "Nhiệm vụ cụ thể", "Sản phẩm/kết quả", "Cơ quan chủ trì", "Cơ quan phối hợp",
    "Thời gian thực hiện", "Ngày hoàn thành", "Hạn (tự động)", "Trạng thái", "Ghi chú tự động",
]  # fmt: skip
PROGRESS_HEADER = [
    "Ngày", "STT nhiệm vụ", "Đơn vị", "Hình thức", "Nội dung", "Số lượng", "Minh chứng",
]  # fmt: skip
LOG_HEADER = ["Thời gian", "Công việc", "Kết quả", "Số liệu", "Liên kết"]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def plan_workbook(tasks: int, progress_rows: int, seed: int = SEED) -> Path:
    """The workbook for this size, generated once and kept in ``bench/.cache``."""
    path = CACHE / f"plan-{tasks}-{progress_rows}-s{seed}-v{VERSION}.xlsx"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        write_plan(tmp, tasks, progress_rows, seed)
        tmp.replace(path)
    return path


class _Strings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def cell(self, ref: str, text: str) -> str:
        i = self.index.setdefault(text, len(self.index))
        return f'<c r="{ref}" t="s"><v>{i}</v></c>'

    def xml(self) -> bytes:
        items = "".join(f"<si>{_text(s)}</si>" for s in self.index)
        n = len(self.index)
        return f'<sst xmlns="{MAIN}" count="{n}" uniqueCount="{n}">{items}</sst>'.encode()


def _text(text: str) -> str:
    """A <t> element; like Excel, say so when the spaces around the text belong to it."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<t{space}>{escape(text)}</t>"


def _row(r: int, cells: list[str]) -> str:
    return f'<row r="{r}">{"".join(cells)}</row>'


def _value(ref: str, value: object, strings: _Strings) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return f'<c r="{ref}" s="1"><v>{to_serial(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return strings.cell(ref, str(value))


def _sheet(rows: list[str], frozen: str | None, cols: int) -> bytes:
    pane = ""
    if frozen:
        split = int(frozen[1:]) - 1
        pane = (
            f'<pane ySplit="{split}" topLeftCell="{frozen}" activePane="bottomLeft" '
            f'state="frozen"/>'
        )
    last = f"{letter(cols - 1)}{max(len(rows), 1)}"
    return (
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="A1:{last}"/>'
        f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><sheetData>{"".join(rows)}</sheetData>'
        f'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
        f'footer="0.3"/></worksheet>'
    ).encode()


def _task_rows(values: list[list[object]], strings: _Strings) -> list[str]:
    rows = [
        _row(1, [strings.cell("A1", values[0][0])]),  # type: ignore[arg-type]
        _row(2, [strings.cell("A2", values[1][0])]),  # type: ignore[arg-type]
        _row(3, [strings.cell(f"{letter(c)}3", h) for c, h in enumerate(TASK_HEADER)]),
    ]
    for r, row in enumerate(values[3:], start=4):
        rows.append(_row(r, [_value(f"{letter(c)}{r}", v, strings) for c, v in enumerate(row)]))
    return rows


def _task_values(n: int, rng: random.Random) -> list[list[object]]:
    """The task tab as a grid: title, legend, header, then one row per task."""
    grid: list[list[object]] = [
        ["PHỤ LỤC CÁC NHIỆM VỤ — KẾ HOẠCH TỔNG HỢP"],
        ["Các cột nền vàng do máy tự động ghi."],
        list(TASK_HEADER),
    ]
    timeframes = make_cells(n, rng.randrange(1 << 30))
    for i in range(1, n + 1):
        done = None
        if rng.random() < 0.2:
            done = date(2024, 1, 1) + timedelta(days=rng.randrange(300))
        grid.append(
            [
                i,
                f"{rng.choice(WORK)} — nhiệm vụ số {i}",
                "Báo cáo kết quả",
                rng.choice(UNITS),
                rng.choice(UNITS),
                timeframes[i - 1],
                done,
            ]
        )
    return grid


def _progress_value(n: int, rng: random.Random) -> list[object]:
    day = date(2024, 1, 1) + timedelta(days=rng.randrange((TODAY - date(2024, 1, 1)).days))
    values: list[object] = [
        day,
        rng.randint(1, n),
        rng.choice(UNITS),
        rng.choice(FORMS),
        f"{rng.choice(WORK)} tháng {day.month}",
        rng.randint(1, 5),
        "https://xa.gov.vn/tin/" + str(rng.randrange(10**6)) if rng.random() < 0.1 else None,
    ]
    slip = rng.random()
    if slip < 0.0004:
        values[0] = "31/02/2024"
    elif slip < 0.0008:
        values[1] = n + 7
    elif slip < 0.001:
        values[5] = "hai"
    return values


def plan_grids(tasks: int, progress_rows: int, seed: int = SEED) -> dict[str, list[list[object]]]:
    """The three tabs' values, as an officer typed them (dates as ``date``): what
    ``plan_workbook`` writes into the .xlsx, for backends that are filled another way."""
    rng = random.Random(seed)
    task_grid = _task_values(tasks, rng)
    progress: list[list[object]] = [list(PROGRESS_HEADER)]
    progress += [_progress_value(tasks, rng) for _ in range(progress_rows)]
    return {"Nhiệm vụ": task_grid, "Tiến độ": progress, "Nhật ký": [list(LOG_HEADER)]}


def write_plan(path: Path, tasks: int, progress_rows: int, seed: int = SEED) -> None:
    grids = plan_grids(tasks, progress_rows, seed)
    strings = _Strings()
    task_xml = _sheet(_task_rows(grids["Nhiệm vụ"], strings), "A4", len(TASK_HEADER))
    progress = [_row(1, [strings.cell(f"{letter(c)}1", h) for c, h in enumerate(PROGRESS_HEADER)])]
    for r, values in enumerate(grids.pop("Tiến độ")[1:], start=2):
        cells = enumerate(values)
        progress.append(_row(r, [_value(f"{letter(c)}{r}", v, strings) for c, v in cells]))
    progress_xml = _sheet(progress, "A2", len(PROGRESS_HEADER))
    del progress
    log_xml = _sheet(
        [_row(1, [strings.cell(f"{letter(c)}1", h) for c, h in enumerate(LOG_HEADER)])],
        "A2",
        len(LOG_HEADER),
    )
    with path.open("wb") as fh, PackageWriter(fh) as out:
        out.write("[Content_Types].xml", _content_types())
        out.write("_rels/.rels", _rels([("rId1", "officeDocument", "xl/workbook.xml")]))
        out.write("xl/workbook.xml", _workbook())
        out.write(
            "xl/_rels/workbook.xml.rels",
            _rels(
                [(f"rId{i}", "worksheet", f"worksheets/sheet{i}.xml") for i in (1, 2, 3)]
                + [("rId4", "styles", "styles.xml"), ("rId5", "sharedStrings", "sharedStrings.xml")]
            ),
        )
        out.write("xl/styles.xml", _styles())
        out.write("xl/worksheets/sheet1.xml", task_xml)
        out.write("xl/worksheets/sheet2.xml", progress_xml)
        out.write("xl/worksheets/sheet3.xml", log_xml)
        out.write("xl/sharedStrings.xml", strings.xml())


def _rels(rels: list[tuple[str, str, str]]) -> bytes:
    items = "".join(
        f'<Relationship Id="{i}" Type="{REL}/{kind}" Target="{target}"/>'
        for i, kind, target in rels
    )
    return f'<Relationships xmlns="{PKG_REL}">{items}</Relationships>'.encode()


def _content_types() -> bytes:
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = [
        ("/xl/workbook.xml", f"{ct}.sheet.main+xml"),
        ("/xl/styles.xml", f"{ct}.styles+xml"),
        ("/xl/sharedStrings.xml", f"{ct}.sharedStrings+xml"),
    ]
    overrides += [(f"/xl/worksheets/sheet{i}.xml", f"{ct}.worksheet+xml") for i in (1, 2, 3)]
    items = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f"{items}</Types>"
    ).encode()


def _workbook() -> bytes:
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(("Nhiệm vụ", "Tiến độ", "Nhật ký"), start=1)
    )
    return f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>'.encode()


def _styles() -> bytes:
    return (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/>'
        '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill '
        'patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" '
        'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" '
        'fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" '
        'borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1">'
        '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ).encode()
