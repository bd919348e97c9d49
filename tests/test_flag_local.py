"""The issue's check: a workbook made by `init`, edited as officers would, then `flag` on
15/10/2024 (the clock moved there: a `--today` other than the day's is a what-if, not written)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from click.testing import CliRunner
from openpyxl.comments import Comment

from sheets_sync.backends.local.workbook import set_raw
from sheets_sync.cli import main
from sheets_sync.contract import MEMORY_TITLE
from sheets_sync.resources import default_config_path
from tests.conftest import all_values

DEMO = str(default_config_path())  # the demo's plan: no command falls back to it
FLAG = ["flag", "--config", DEMO]

JOB_HEADERS = ("Hạn (tự động)", "Trạng thái", "Ghi chú tự động")
# New column order an officer might choose, with a column of their own in front.
NEW_ORDER = [
    "Ghi chú của xã",
    "Thời gian thực hiện",
    "STT",
    "Trạng thái",
    "Nhiệm vụ cụ thể",
    "Cơ quan chủ trì",
    "Ghi chú tự động",
    "Ngày hoàn thành",
    "Sản phẩm/kết quả",
    "Hạn (tự động)",
    "Cơ quan phối hợp",
]


def _flag(workbook: Path, *args: str):
    """`sheets-sync flag` on the workbook, run on 15/10/2024 at 09:00 plan time."""
    moment = datetime(2024, 10, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False):
        return CliRunner().invoke(main, [*FLAG, "--local", str(workbook), *args])


def _rebuild_tasks_tab(path: Path) -> None:
    """Move columns around, add a title row and a task, fill completion dates, as officers do."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Nhiệm vụ"]
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    header = grid[2]
    tasks = [dict(zip(header, r, strict=False)) for r in grid[3:]]
    for rng in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(rng))
    ws.delete_rows(1, ws.max_row)
    ws.append(["ỦY BAN NHÂN DÂN XÃ GIA TÂN"])
    ws.append(["PHỤ LỤC CÁC NHIỆM VỤ NĂM 2024 (bản sửa ngày 02/10)"])
    ws.append([])
    ws.append(NEW_ORDER)
    done = {3: datetime(2024, 4, 12), 6: datetime(2024, 6, 28)}
    for t in tasks:
        t["Ngày hoàn thành"] = done.get(t["STT"])
        t["Ghi chú của xã"] = "đã rà soát" if t["STT"] == 2 else None
        ws.append([t.get(h) for h in NEW_ORDER])
    ws.append([])  # a blank row, then a task an officer added with a vague timeframe
    ws.append([None, "Theo chỉ đạo của cấp trên", 9, None, None, "Công chức Tư pháp - Hộ tịch"])
    # Text that looks like a formula, typed as text (in Excel: a leading apostrophe).
    set_raw(ws.cell(ws.max_row, 1), '=HYPERLINK("http://x")')
    set_raw(ws.cell(ws.max_row, 5), '=IMPORTXML("http://evil","//a")')
    ws["E5"].comment = Comment("Cán bộ ghi chú riêng", "Officer")
    wb.save(path)


def _log_progress(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Tiến độ"]
    rows = [
        *[
            [date(2024, m, 5), 1, "Công chức VHTT - TDTT", "Tin bài", "Tin", 2, ""]
            for m in (2, 5, 8)
        ],
        *[[date(2024, m, 5), 2, "Một cửa", "Niêm yết", "Niêm yết", 1, ""] for m in (1, 8)],
        [date(2024, 3, 22), 4, "Văn phòng", "Hội nghị", "Hội nghị", 1, ""],
        *[
            [date(2024, m, 12), 5, "Đài", "Phát thanh", "Chuyên mục", 1, ""]
            for m in range(1, 11)
            if m != 9
        ],
        ["31/02/2024", 1, "Đài", "Phát thanh", "Ngày sai", 1, ""],
    ]
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c, v)
    wb.save(path)


@pytest.fixture
def edited(workbook: Path) -> Path:
    _rebuild_tasks_tab(workbook)
    _log_progress(workbook)
    return workbook


def _tasks(path: Path) -> dict[object, dict[str, object]]:
    ws = openpyxl.load_workbook(path)["Nhiệm vụ"]
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    header = grid[3]
    return {
        r[header.index("STT")]: dict(zip(header, r, strict=False))
        for r in grid[4:]
        if r[header.index("STT")] is not None
    }


def test_flag_writes_statuses_and_notes_by_the_rules(edited: Path):
    result = _flag(edited)
    assert result.exit_code == 0, result.output
    tasks = _tasks(edited)
    expected = {
        1: ("Đang thực hiện", datetime(2024, 12, 31), "Đã có kết quả 3/3 kỳ"),
        2: ("Quá hạn", datetime(2024, 12, 31), "Chưa có kết quả kỳ quý II/2024"),
        3: ("Hoàn thành quá hạn", datetime(2024, 3, 31), "muộn 12 ngày"),
        4: ("Đang thực hiện", datetime(2024, 12, 31), "Đã có 1 lượt tiến độ"),
        5: ("Quá hạn", datetime(2024, 10, 31), "Chưa có kết quả kỳ tháng 9/2024"),
        6: ("Hoàn thành đúng hạn", datetime(2024, 12, 31), "Hoàn thành ngày 28/06/2024"),
        7: ("Chưa đến hạn", datetime(2024, 12, 31), "Chưa có tiến độ, hạn ngày 31/12/2024"),
        8: ("Quá hạn", datetime(2023, 12, 31), "trước năm kế hoạch 2024"),
        9: ("Chưa rõ thời hạn", None, "Thời hạn 'Theo chỉ đạo của cấp trên': Chưa có thời hạn"),
    }
    for stt, (status, due, note) in expected.items():
        row = tasks[stt]
        assert row["Trạng thái"] == status, stt
        assert row["Hạn (tự động)"] == due, stt
        assert note in (row["Ghi chú tự động"] or ""), (stt, row["Ghi chú tự động"])


def test_flag_changes_no_cell_outside_the_job_columns(edited: Path):
    before = all_values(edited)
    _flag(edited)
    after = all_values(edited)
    ws = openpyxl.load_workbook(edited)["Nhiệm vụ"]
    job_cols = {c.column for c in ws[4] if c.value in JOB_HEADERS}
    assert len(job_cols) == 3

    def officers(values):
        return {
            k: v
            for k, v in values.items()
            if k[0] not in ("Nhật ký", MEMORY_TITLE)  # tabs the job owns
            and not (k[0] == "Nhiệm vụ" and k[2] in job_cols)
        }

    assert officers(after) == officers(before)
    # Text that looks like a formula stays text: never turned into a live formula.
    ws = openpyxl.load_workbook(edited)["Nhiệm vụ"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == 9)
    assert ws.cell(row, 5).data_type == "s"
    assert ws.cell(row, 5).value.startswith("=IMPORTXML")
    assert ws.cell(row, 1).data_type == "s"
    assert ws["E5"].comment.text == "Cán bộ ghi chú riêng"


def test_flag_colours_status_cells_and_notes_bad_cells(edited: Path):
    _flag(edited)
    wb = openpyxl.load_workbook(edited)
    ws = wb["Nhiệm vụ"]
    status_col = next(c.column for c in ws[4] if c.value == "Trạng thái")
    fills = {
        ws.cell(r, status_col).value: ws.cell(r, status_col).fill.fgColor.rgb
        for r in range(5, ws.max_row + 1)
        if ws.cell(r, status_col).value
    }
    assert fills["Quá hạn"].endswith("F4CCCC")
    assert fills["Hoàn thành đúng hạn"].endswith("D9EAD3")
    note = wb["Tiến độ"]["A17"].comment
    assert note is not None and "không có thật" in note.text


def test_run_log_gets_one_row_per_run_and_a_rerun_writes_nothing_new(edited: Path):
    first = _flag(edited)
    assert "0 ô cập nhật" not in first.output
    snapshot = all_values(edited)
    second = _flag(edited)
    assert "0 ô cập nhật" in second.output
    after = all_values(edited)
    assert {k: v for k, v in after.items() if k[0] != "Nhật ký"} == {
        k: v for k, v in snapshot.items() if k[0] != "Nhật ký"
    }
    log = list(openpyxl.load_workbook(edited)["Nhật ký"].iter_rows(values_only=True))
    assert len(log) == 3  # header + one row per run
    assert log[1][1] == "flag" and log[1][2] == "Thành công"
    assert "9 nhiệm vụ" in log[1][3]


def test_dry_run_shows_changes_and_writes_nothing(edited: Path):
    before = edited.read_bytes()
    result = _flag(edited, "--dry-run")
    assert result.exit_code == 0
    assert "Nhiệm vụ!D5: '' → 'Quá hạn'" not in result.output  # task 1 is in progress
    assert "→ 'Hoàn thành quá hạn'" in result.output
    assert "26 ô sẽ cập nhật" in result.output  # nothing was updated: it says what would be
    assert " ô cập nhật" not in result.output
    assert edited.read_bytes() == before


def _without_tasks(path: Path, header_row: int) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Nhiệm vụ"]
    ws.delete_rows(header_row + 1, ws.max_row)
    wb.save(path)


def test_a_plan_without_tasks_says_there_is_nothing_to_judge(workbook: Path):
    _without_tasks(workbook, 3)  # the header alone, as a new plan is before its tasks are typed
    result = _flag(workbook)
    assert result.exit_code == 0, result.output
    said = (
        "Trang 'Nhiệm vụ' chưa có nhiệm vụ nào dưới dòng tiêu đề (dòng 3): chưa có gì để đánh "
        "giá — nhập các nhiệm vụ của kế hoạch"
    )
    assert result.stdout.strip() == said
    log = list(openpyxl.load_workbook(workbook)["Nhật ký"].iter_rows(values_only=True))
    assert log[-1][2] == "Thành công" and log[-1][3] == f"Ngày 15/10/2024: {said}"


def test_a_header_only_table_with_a_progress_log_says_what_is_wrong(edited: Path):
    _without_tasks(edited, 4)  # the task rows deleted; the progress log still names them
    result = _flag(edited)
    assert result.exit_code == 0, result.output
    assert (
        "chưa có nhiệm vụ nào dưới dòng tiêu đề (dòng 4): chưa có gì để đánh giá" in result.stdout
    )
    assert result.stdout.strip().endswith(
        "; 15 dòng ở trang 'Tiến độ' ghi STT của nhiệm vụ không có; 16 lỗi dữ liệu"
    )
    assert "0 nhiệm vụ ()" not in result.output


def test_missing_header_is_a_clear_error_and_a_log_row(workbook: Path):
    wb = openpyxl.load_workbook(workbook)
    wb["Nhiệm vụ"]["F3"] = "Thời điểm"
    wb.save(workbook)
    result = CliRunner().invoke(main, [*FLAG, "--local", str(workbook)])
    assert result.exit_code == 2
    assert "không tìm thấy cột 'Thời gian thực hiện'" in result.output
    assert "Traceback" not in result.output
    log = list(openpyxl.load_workbook(workbook)["Nhật ký"].iter_rows(values_only=True))
    assert log[-1][2] == "Lỗi"


def test_open_workbook_is_not_written(workbook: Path):
    lock = workbook.parent / f".~lock.{workbook.name}#"
    lock.write_text("Officer,host,2024")
    before = workbook.read_bytes()
    result = CliRunner().invoke(main, [*FLAG, "--local", str(workbook)])
    assert result.exit_code == 2
    assert "đang được mở" in result.output
    assert workbook.read_bytes() == before
