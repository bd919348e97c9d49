"""Bad input found by the messy-sheet corpus (tests/messy), one test per fix: every cell the jobs
cannot use gets a short Vietnamese note that names the cell and says what to type, and nothing an
officer can type breaks a run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.backends.local.workbook import NOTE_AUTHOR, LocalBackend
from sheets_sync.cells import CellError, as_count, as_date
from sheets_sync.config import Config
from sheets_sync.model import CellNote, ChangeSet, RowWrite, Snapshot
from sheets_sync.sheet import SheetError, read_plan
from sheets_sync.status import evaluate_plan
from sheets_sync.text import clean, quote

HEADER = [
    "STT",
    "Nhiệm vụ cụ thể",
    "Cơ quan chủ trì",
    "Thời gian thực hiện",
    "Ngày hoàn thành",
    "Hạn (tự động)",
    "Trạng thái",
    "Ghi chú tự động",
]
PROGRESS = ["Ngày", "STT nhiệm vụ", "Đơn vị", "Hình thức", "Nội dung", "Số lượng"]


def plan_of(tasks, progress=(), progress_header=PROGRESS):
    return Snapshot({"Nhiệm vụ": [HEADER, *tasks], "Tiến độ": [progress_header, *progress]})


def test_a_control_character_in_a_note_leaves_a_workbook_that_opens(workbook: Path):
    """A note quoting pasted text with a bell character made lxml refuse the comments part,
    and the run crashed. The character is dropped; the note and the cell are written."""
    changes = ChangeSet(
        writes=[RowWrite("Nhiệm vụ", 3, {9: "Thời hạn 'Quý\x0bI': không hiểu"}, 0, "1")],
        notes=[CellNote("Tiến độ", 1, 1, "STT nhiệm vụ '9\x07' không có")],
        note_tabs=("Tiến độ",),
    )
    LocalBackend(workbook).apply(changes)
    wb = openpyxl.load_workbook(workbook)
    assert wb["Tiến độ"]["B2"].comment.text == "STT nhiệm vụ '9' không có"
    assert wb["Tiến độ"]["B2"].comment.author == NOTE_AUTHOR
    assert wb["Nhiệm vụ"]["J4"].value == "Thời hạn 'QuýI': không hiểu"


def test_a_task_without_a_number_is_credited_with_no_progress_row(cfg: Config):
    """A blank STT and a '#REF!' STT used to match progress rows with a blank or '#REF!' task
    number, so one broken cell credited another's work."""
    tasks = [[None, "Tin bài", "VP", "Quý IV/2024"], ["#REF!", "Hội nghị", "VP", "Quý IV/2024"]]
    progress = [[date(2024, 10, 1), None, "VP", "Tin", "x", 1], [date(2024, 10, 2), "#REF!"]]
    plan = read_plan(plan_of(tasks, progress), cfg)
    assert plan.progress == []
    notes = {p.cell: p.message for p in plan.problems if p.tab == "Tiến độ"}
    assert notes["B2"].startswith("Thiếu STT nhiệm vụ")
    assert "lỗi công thức #REF!" in notes["B3"] and "ví dụ" in notes["B3"]


def test_a_broken_formula_in_a_task_says_what_to_type_instead(cfg: Config):
    plan = read_plan(plan_of([["#REF!", "Tin bài", "VP", "#N/A"]]), cfg)
    (task,) = plan.tasks
    assert any("Ô A2 có lỗi công thức #REF!" in p and "số thứ tự" in p for p in task.problems)
    assert any("Ô D2 có lỗi công thức #N/A" in p and "Quý I/2024" in p for p in task.problems)


def test_notes_quote_a_huge_cell_briefly(cfg: Config):
    """A 50,000-character task number, duplicated, was quoted whole in both rows' notes: a note
    over Google's 50,000-character limit fails the whole write."""
    huge = "7" * 50_000
    twice = [[huge, "a", "VP", "Quý I/2024"], [huge, "b", "VP", "Quý I/2024"]]
    plan = read_plan(plan_of(twice), cfg)
    notes = [p for t in plan.tasks for p in t.problems]
    assert len(notes) == 2 and all("trùng" in n and len(n) < 200 for n in notes)
    assert "ô A2" in notes[0] and "ví dụ 1" in notes[0]
    for bad in ("9" * 50_000, "x" * 50_000, -(10**400)):
        with pytest.raises(CellError) as count_error:
            as_count(bad)
        assert len(str(count_error.value)) < 150
    with pytest.raises(CellError) as date_error:
        as_date("1" * 50_000 + "/2024", 2024)
    assert len(str(date_error.value)) < 150


def test_quote_keeps_one_short_line_and_display_text_has_no_control_characters():
    assert quote("  Đã   xong\n rồi ") == "'Đã xong rồi'"
    assert quote("x" * 100, 10) == "'xxxxxxxxx…'"
    assert clean("Văn phòng\x07 UBND\x00") == "Văn phòng UBND"  # a chart label, a report line


def test_a_missing_header_says_which_cell_to_type_it_in(cfg: Config):
    header = [h for h in HEADER if h != "Thời gian thực hiện"]
    grid = [["Kế hoạch 2024"], header, [1, "Tin bài", "VP", None]]
    with pytest.raises(SheetError) as stopped:
        read_plan(Snapshot({"Nhiệm vụ": grid, "Tiến độ": [PROGRESS]}), cfg)
    assert "'Thời gian thực hiện'" in str(stopped.value)
    assert "dòng 2, ví dụ ô H2" in str(stopped.value)
    assert "H2" in stopped.value.note and "(Tab" not in stopped.value.note


def test_a_missing_progress_header_is_noted_on_its_header_row(cfg: Config):
    header = ["Ngày tháng", "STT nhiệm vụ", "Đơn vị"]
    plan = read_plan(plan_of([[1, "Tin bài", "VP", "Quý I/2024"]], progress_header=header), cfg)
    (problem,) = [p for p in plan.problems if p.tab == "Tiến độ"]
    assert (problem.row, problem.col) == (0, 0)
    assert "'Ngày'" in problem.message and "ô D1" in problem.message


def test_a_renamed_tasks_tab_says_which_setting_names_it(cfg: Config):
    with pytest.raises(SheetError, match="tasks_tab") as stopped:
        read_plan(Snapshot({"NV 2024": [HEADER]}), cfg)
    assert "'Nhiệm vụ'" in str(stopped.value)


def test_notes_name_the_cell_of_a_future_completion_date_and_of_a_vague_timeframe(cfg: Config):
    tasks = [[1, "Tin bài", "VP", "Quý IV/2024", date(2024, 12, 20)], [2, "Họp", "VP", "sắp tới"]]
    plan = read_plan(plan_of(tasks), cfg)
    future, vague = evaluate_plan(plan, date(2024, 10, 15), 14)
    assert "20/12/2024 ở ô E2 sau ngày hôm nay" in future.note
    assert "(ô D3)" in vague.note and "'sắp tới'" in vague.note
