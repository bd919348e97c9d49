"""The streaming patcher against openpyxl as the oracle: random change sets, same workbook.

Every example applies one change set twice to copies of an officer-edited plan workbook: with
``LocalBackend.apply`` (the patcher) and with ``bench.openpyxl_baseline.apply_with_openpyxl``
(load, set, save). Both results are read back with openpyxl and must agree on every cell's
value, number format, fill and comment; and the patcher must leave every cell outside the
change set exactly as it was.
"""

from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill

from bench.openpyxl_baseline import apply_with_openpyxl
from sheets_sync import contract, seed
from sheets_sync.backends.local.layout import create_workbook
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.backends.local.xlsx.package import REL_TYPE, Package
from sheets_sync.cells import a1
from sheets_sync.config import load
from sheets_sync.model import CellNote, ChangeSet, Fill, RowWrite, SheetChanged
from tests.xlsx_fixtures import everything

# Random numbers land in the date-formatted completion column too; openpyxl then warns that
# they are no dates when it reads either result back. That is the point of the example.
pytestmark = pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")

TASKS, PROGRESS, LOG = "Nhiệm vụ", "Tiến độ", "Nhật ký"
FIRST_TASK_ROW = 3  # 0-based: the seed workbook's header is on row 3 (1-based)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan workbook as officers leave it: comments, formulas, fills, rules, merged cells."""
    path = tmp_path_factory.mktemp("base") / "plan.xlsx"
    create_workbook(path, load(None), seed.TASKS, units=seed.UNIT_LIST)
    wb = openpyxl.load_workbook(path)
    ws = wb[TASKS]
    ws["B5"].comment = Comment("Cán bộ ghi chú riêng", "Officer")
    ws["K4"] = "=LEN(B4)"
    ws["K5"] = 42
    ws["I6"].fill = PatternFill("solid", fgColor="FF0000")
    ws.conditional_formatting.add("G4:G20", CellIsRule(operator="greaterThan", formula=["0"]))
    progress = wb[PROGRESS]
    for r in range(2, 12):
        progress.cell(r, 1, date(2024, r % 12 + 1, 5))
        progress.cell(r, 2, r % 8 + 1)
        progress.cell(r, 3, "Đài")
    progress["A3"].comment = Comment("Ngày này đã kiểm tra", "Officer")
    progress["B4"].comment = Comment("ghi chú cũ của máy", "sheets-sync")
    wb.save(path)
    return path


texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(["\n", "=", "&", "<"]),
    max_size=40,
)
values = st.one_of(
    st.none(),
    texts,
    st.sampled_from(["=1+1", '=IMPORTXML("http://x","//a")', "Quá hạn", "  có khoảng trắng  "]),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.booleans(),
    st.dates(date(1950, 1, 1), date(2100, 12, 31)),
    st.datetimes(datetime(1950, 1, 1), datetime(2100, 1, 1)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
)
colours = st.sampled_from(sorted(contract.STATUS_COLOURS.values()))


@st.composite
def change_sets(draw: st.DrawFn) -> ChangeSet:
    changes = ChangeSet()
    for row in draw(st.sets(st.integers(2, 20), max_size=6)):  # rows 1-2 are merged titles
        cells = draw(st.dictionaries(st.integers(0, 13), values, min_size=1, max_size=4))
        is_task = FIRST_TASK_ROW <= row < FIRST_TASK_ROW + len(seed.TASKS)
        anchor = str(row - FIRST_TASK_ROW + 1) if is_task and 0 not in cells else None
        changes.writes.append(RowWrite(TASKS, row, cells, 0 if anchor else None, anchor))
    for row, col in draw(st.sets(st.tuples(st.integers(2, 20), st.integers(0, 13)), max_size=6)):
        changes.fills.append(Fill(TASKS, row, col, draw(colours)))
    if draw(st.booleans()):
        spots = draw(st.sets(st.tuples(st.integers(1, 25), st.integers(0, 8)), max_size=5))
        changes.note_tabs = (PROGRESS,)
        changes.notes = [CellNote(PROGRESS, r, c, draw(texts) or "ghi chú") for r, c in spots]
    if draw(st.booleans()):
        changes.new_tabs["Nhật ký 2"] = ["Thời gian", "Công việc", "Kết quả"]
        changes.appends.append(("Nhật ký 2", [datetime(2024, 10, 15, 7, 30), "flag", "OK"]))
    for _ in range(draw(st.integers(0, 2))):
        changes.appends.append((LOG, draw(st.lists(values, min_size=1, max_size=5))))
    return changes


def _touched(changes: ChangeSet, before: dict) -> set[tuple[str, str]]:
    cells = {(w.tab, a1(w.row, c)) for w in changes.writes for c in w.cells}
    cells |= {(f.tab, a1(f.row, f.col)) for f in changes.fills}
    cells |= {(n.tab, a1(n.row, n.col)) for n in changes.notes}
    cells |= {k for k in before if k[0] in changes.note_tabs}  # our old notes may go
    cells |= {k for k in before if k[0] == LOG}  # rows are appended there
    return cells


def _note_boxes(path: Path, tab: str) -> set[str]:
    """The cells that the sheet's VML drawing has a note box for."""
    with Package(str(path)) as package:
        part = package.sheets()[tab].part
        drawing = next(r.target for r in package.rels(part) if r.type == REL_TYPE["vmlDrawing"])
        root = etree.fromstring(package.read(drawing))
    boxes = set()
    for data in root.iter("{urn:schemas-microsoft-com:office:excel}ClientData"):
        if data.get("ObjectType") == "Note":
            row = int(data.findtext("{urn:schemas-microsoft-com:office:excel}Row"))
            col = int(data.findtext("{urn:schemas-microsoft-com:office:excel}Column"))
            boxes.add(a1(row, col))
    return boxes


def _close(a: object, b: object) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return abs(a - b) < timedelta(seconds=1)
    if isinstance(a, float) and isinstance(b, float):
        return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    return a == b


def _colour(fill: tuple) -> tuple:
    kind, rgb = fill
    return kind, (rgb[-6:] if isinstance(rgb, str) else rgb)


@pytest.mark.slow  # 40 generated change sets, each saved twice
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=change_sets())
@example(changes=ChangeSet(appends=[(LOG, [""]), (LOG, ["0"])]))  # a blank row is a row
def test_patcher_does_what_openpyxl_does_and_nothing_else(
    base: Path, tmp_path_factory: pytest.TempPathFactory, changes: ChangeSet
):
    folder = tmp_path_factory.mktemp("example")
    ours, oracle = folder / "ours.xlsx", folder / "oracle.xlsx"
    shutil.copy(base, ours)
    shutil.copy(base, oracle)
    LocalBackend(ours).apply(changes)
    wb = openpyxl.load_workbook(oracle)
    apply_with_openpyxl(wb, changes)
    wb.save(oracle)

    before, got, want = everything(base), everything(ours), everything(oracle)
    for key in sorted(got.keys() | want.keys()):
        mine, theirs = got.get(key, {}), want.get(key, {})
        assert _close(mine.get("value"), theirs.get("value")), key
        assert mine.get("comment") == theirs.get("comment"), key
        assert _colour(mine.get("fill", (None, None))) == _colour(theirs.get("fill", (None, None)))
        if mine.get("value") is not None:
            assert mine.get("number_format") == theirs.get("number_format"), key
    touched = _touched(changes, before)
    for key, cell in before.items():
        if key not in touched:
            assert got.get(key) == cell, key
    with zipfile.ZipFile(ours) as package:
        assert package.testzip() is None
    for tab in changes.note_tabs:  # each comment has its box in the drawing, and no other box
        comments = {k[1] for k, cell in got.items() if k[0] == tab and cell["comment"]}
        assert _note_boxes(ours, tab) == comments


def test_a_blank_row_appended_is_a_row_and_the_next_goes_below_it(base: Path, tmp_path: Path):
    """Found by the property test above: ours put '0' in A2 where openpyxl puts it in A3."""
    ours = tmp_path / "ours.xlsx"
    shutil.copy(base, ours)
    last = len(LocalBackend(ours).read([LOG])[LOG])
    LocalBackend(ours).apply(ChangeSet(appends=[(LOG, [""]), (LOG, ["0"])]))
    wb = openpyxl.load_workbook(ours)
    assert wb[LOG].cell(last + 1, 1).value in (None, "")
    assert wb[LOG].cell(last + 2, 1).value == "0"


def test_a_row_that_holds_another_task_stops_the_write(base: Path, tmp_path: Path):
    path = tmp_path / "plan.xlsx"
    shutil.copy(base, path)
    before = path.read_bytes()
    changes = ChangeSet(writes=[RowWrite(TASKS, 4, {8: "Quá hạn"}, 0, "1")])  # row 5 is task 2
    with pytest.raises(SheetChanged, match="expected task '1', found '2'"):
        LocalBackend(path).apply(changes)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]  # no temporary file left


def test_parts_without_edits_are_copied_byte_for_byte(base: Path, tmp_path: Path):
    path = tmp_path / "plan.xlsx"
    shutil.copy(base, path)
    LocalBackend(path).apply(ChangeSet(writes=[RowWrite(TASKS, 3, {8: "Quá hạn"}, 0, "1")]))
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(path) as new:
        changed = {
            i.filename
            for i in new.infolist()
            if i.filename not in old.namelist() or old.read(i.filename) != new.read(i.filename)
        }
        raw_equal = all(
            old.getinfo(n).compress_size == new.getinfo(n).compress_size
            for n in old.namelist()
            if n not in changed
        )
    assert changed == {"xl/worksheets/sheet1.xml"}
    assert raw_equal
