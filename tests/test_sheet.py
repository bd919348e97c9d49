"""Reading grids into tasks and progress rows: headers by text, messy rows, problems by cell."""

import unicodedata
from datetime import date, datetime

import pytest

from sheets_sync.cells import stt_key
from sheets_sync.model import Snapshot
from sheets_sync.sheet import SheetError, read_plan

HEADER = [
    "STT",
    "Nhiệm vụ cụ thể",
    "Sản phẩm/kết quả",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện",
    "Ngày hoàn thành",
    "Hạn (tự động)",
    "Trạng thái",
    "Ghi chú tự động",
]
PROGRESS = ["Ngày", "STT nhiệm vụ", "Đơn vị", "Hình thức", "Nội dung", "Số lượng", "Minh chứng"]


def task(stt, name="Nhiệm vụ", timeframe="Quý I/2024", done=None, lead="Văn phòng"):
    return [stt, name, "Sản phẩm", lead, "Phối hợp", timeframe, done, None, None, None]


def snapshot(tasks, progress=(), task_header=HEADER, above=()):
    return Snapshot(
        {
            "Nhiệm vụ": [*above, task_header, *tasks],
            "Tiến độ": [PROGRESS, *progress],
        }
    )


def test_reads_the_seed_like_table(cfg):
    plan = read_plan(snapshot([task(1), task(2, timeframe="Mỗi tháng 01 kỳ")]), cfg)
    assert [t.stt for t in plan.tasks] == ["1", "2"]
    assert plan.tasks[1].timeframe.kind == "recurring"
    assert plan.tasks[0].row == 1
    assert plan.problems == []


def test_header_found_below_title_rows_with_messy_text(cfg):
    messy = [unicodedata.normalize("NFD", h.upper()) + "  " for h in HEADER]
    messy[5] = "thoi gian  thuc hien"  # no diacritics, extra space
    above = [["KẾ HOẠCH NĂM 2024"], [], ["Ghi chú: cột vàng do máy ghi"]]
    plan = read_plan(snapshot([task(1)], task_header=messy, above=above), cfg)
    assert plan.task_header.row == 3
    assert plan.tasks[0].row == 4
    assert plan.tasks[0].timeframe.due == date(2024, 3, 31)


def test_reordered_and_extra_columns(cfg):
    order = [5, 9, 0, 3, 1, 8, 2, 4, 6, 7]
    header = ["Cột riêng của xã"] + [HEADER[i] for i in order]
    row = task(7, name="Khảo sát", timeframe="Quý IV/2024", done=date(2024, 11, 2))
    plan = read_plan(
        snapshot([["ghi chú riêng"] + [row[i] for i in order]], task_header=header), cfg
    )
    t = plan.tasks[0]
    assert (t.stt, t.name, t.timeframe.text, t.done_on) == (
        "7",
        "Khảo sát",
        "Quý IV/2024",
        date(2024, 11, 2),
    )
    assert plan.task_header.col("stt") == 3


def test_blank_rows_and_section_headings_are_skipped(cfg):
    rows = [
        ["I", "CÔNG TÁC TUYÊN TRUYỀN", None, None, None, None, None, None, None, None],
        task(1),
        [None] * 10,
        [],
        task(2),
    ]
    plan = read_plan(snapshot(rows), cfg)
    assert [t.stt for t in plan.tasks] == ["1", "2"]


def test_cleared_task_with_old_status_is_stale(cfg):
    rows = [task(1), [None] * 7 + [date(2024, 3, 31), "Quá hạn", "cũ"]]
    plan = read_plan(snapshot(rows), cfg)
    assert plan.stale_rows == [2]


def test_missing_required_header_names_it(cfg):
    header = [h if h != "Thời gian thực hiện" else "Ghi chú" for h in HEADER]
    with pytest.raises(SheetError) as err:
        read_plan(snapshot([task(1)], task_header=header), cfg)
    assert "'Thời gian thực hiện'" in str(err.value)
    assert "Nhiệm vụ" in str(err.value)


def test_missing_tasks_tab(cfg):
    with pytest.raises(SheetError, match="Không có trang 'Nhiệm vụ'"):
        read_plan(Snapshot({"Tiến độ": [PROGRESS]}), cfg)


def test_duplicate_stt_is_noted_on_both_rows(cfg):
    plan = read_plan(snapshot([task(3), task(4), task("03")]), cfg)
    noted = [t for t in plan.tasks if t.problems]
    assert [t.row for t in noted] == [1, 3]
    assert "trùng với dòng 4" in noted[0].problems[0]
    assert "trùng với dòng 2" in noted[1].problems[0]


def test_unreadable_completion_date_is_a_note_not_a_crash(cfg):
    plan = read_plan(snapshot([task(1, done="hôm qua"), task(2, done="#REF!")]), cfg)
    assert plan.tasks[0].done_on is None
    assert "G2" in plan.tasks[0].problems[0] and "Không đọc được ngày" in plan.tasks[0].problems[0]
    assert any("lỗi công thức #REF!" in p for p in plan.tasks[1].problems)


def test_timeframe_typed_as_a_date_is_read_as_text(cfg):
    plan = read_plan(
        snapshot([task(1, timeframe=datetime(2024, 6, 30)), task(2, timeframe=45473)]), cfg
    )
    assert plan.tasks[0].timeframe.text == "30/06/2024"
    assert plan.tasks[1].timeframe.text == "30/06/2024"  # serial 45473 from Google


def test_progress_rows_and_their_problems(cfg):
    progress = [
        [date(2024, 1, 5), 1, "Đài", "Phát thanh", "Bản tin", 2, ""],
        ["05/02/2024", "01", "Đài", "Phát thanh", "Bản tin", None, ""],
        [None] * 7,
        ["31/02/2024", 1, "Đài", "Phát thanh", "Ngày sai", 1, ""],
        [date(2024, 3, 1), 9, "Đài", "Phát thanh", "Nhiệm vụ không có", 1, ""],
        [date(2024, 3, 2), "1, 2", "Văn phòng", "Hội nghị", "Chung hai nhiệm vụ", 1, ""],
        [date(2024, 3, 3), 2, "Văn phòng", "Hội nghị", "Số âm", -2, ""],
        [None, 2, "Văn phòng", "Hội nghị", "Thiếu ngày", 1, ""],
    ]
    plan = read_plan(snapshot([task(1), task(2)], progress=progress), cfg)
    assert [(p.row, p.stt, p.count) for p in plan.progress] == [
        (1, "1", 2),
        (2, "1", 1),
        (6, "1", 1),
        (6, "2", 1),
        (7, "2", 0),
    ]
    cells = {p.cell: p.message for p in plan.problems}
    assert "không có thật" in cells["A5"]
    assert "'9' không có trong trang Nhiệm vụ" in cells["B6"]
    assert "không âm" in cells["F8"]
    assert "Thiếu ngày" in cells["A9"]


def test_a_missing_progress_tab_stops_the_job_and_lists_the_tabs_found(cfg):
    """A renamed 'Tiến độ' used to read as "no progress at all": flag turned every recurring
    task 'Quá hạn' and exited 0, the report told the district '0 lượt hoạt động'."""
    snapshot = Snapshot({"Nhiệm vụ": [HEADER, task(1)]}, titles=("Nhiệm vụ", "Tien do 2024"))
    with pytest.raises(SheetError, match="Không có trang 'Tiến độ'") as stopped:
        read_plan(snapshot, cfg)
    assert "'Tien do 2024'" in str(stopped.value)  # the renamed tab, for the officer to spot
    assert "progress_tab" in str(stopped.value)


@pytest.mark.parametrize(
    ("typed", "key"),
    [(5, "5"), (5.0, "5"), ("05", "5"), (" 5. ", "5"), ("NV 5", "nv 5"), ("II", "ii")],
)
def test_stt_keys(typed, key):
    assert stt_key(typed) == key
