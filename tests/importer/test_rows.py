"""Rows that are not plain tasks: what is skipped, what becomes a group, what gets a number, and
the problem line printed for what cannot be read."""

from __future__ import annotations

from pathlib import Path

from sheets_sync.importer import read_plan
from tests.importer.build import LEFT, UP, letterhead, new_document, signature, task_table, title

HEADER = ["STT", "Nội dung", "Chủ trì", "Thời gian"]


def _plan(tmp_path: Path, rows: list[list[str]], **table):
    doc = new_document()
    letterhead(
        doc, ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"], "Số: 3/KH-UBND", "An Bình, ngày 6 tháng 1 năm 2025"
    )
    title(doc, "Thử năm 2025")
    task_table(doc, rows, **table)
    signature(doc, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Lê Văn Tám")
    path = tmp_path / "p.docx"
    doc.save(str(path))
    return read_plan(path, fallback_year=2000)


def test_a_task_without_timeframe_or_text_is_named_with_its_row(tmp_path: Path):
    plan = _plan(
        tmp_path,
        [HEADER, ["1", "Họp", "Văn phòng", ""], ["2", "", "Văn phòng", "Quý I"], ["3", "", "", ""]],
    )
    assert [t.stt for t in plan.tasks] == ["1", "2"]
    assert [str(p) for p in plan.problems] == [
        "bảng 2, dòng 2: Nhiệm vụ 1 không có thời gian thực hiện — điền vào bảng tính, nếu không "
        "máy sẽ ghi 'Chưa rõ thời hạn'.",
        "bảng 2, dòng 3: Không có nội dung nhiệm vụ — điền cột nhiệm vụ trên bảng tính.",
        "bảng 2, dòng 4: Dòng chỉ có số thứ tự 3 — đã bỏ qua.",
    ]


def test_column_numbers_a_repeated_header_and_a_total_are_not_tasks(tmp_path: Path):
    plan = _plan(
        tmp_path,
        [
            HEADER,
            ["1", "2", "3", "4"],
            ["1", "Họp", "Văn phòng", "Quý I"],
            HEADER,
            ["2", "Kiểm tra", "Công an xã", "Quý II"],
            ["Cộng", LEFT, LEFT, LEFT],
        ],
    )
    assert [(t.stt, t.task) for t in plan.tasks] == [("1", "Họp"), ("2", "Kiểm tra")]
    assert not plan.problems


def test_bullets_under_a_task_are_numbered_under_it(tmp_path: Path):
    plan = _plan(
        tmp_path,
        [
            HEADER,
            ["1", "Tuyên truyền", "Văn phòng", "Thường xuyên"],
            ["-", "Trên Đài truyền thanh", "Đài truyền thanh", "Hằng tháng"],
            ["-", "Trên trang thông tin điện tử", "Văn phòng", "Hằng quý"],
            ["2", "Tổng kết", "Văn phòng", "Tháng 12"],
        ],
    )
    assert [t.stt for t in plan.tasks] == ["1", "1.1", "1.2", "2"]


def test_a_number_typed_in_the_task_text_is_the_number(tmp_path: Path):
    plan = _plan(
        tmp_path,
        [
            HEADER,
            ["", "1. Rà soát thủ tục", "", ""],
            ["", "1.1. Rà soát quy trình", "Văn phòng", "Quý I"],
            ["", "1.2. Công bố", "Văn phòng", "Quý II"],
        ],
    )
    assert [(t.stt, t.group) for t in plan.tasks] == [
        ("1.1", "1. Rà soát thủ tục"),
        ("1.2", "1. Rà soát thủ tục"),
    ]


def test_one_number_over_rows_of_different_units_gives_each_row_a_number(tmp_path: Path):
    plan = _plan(
        tmp_path,
        [
            HEADER,
            ["5", "Kiểm tra tại các thôn", "Thôn Đông", "Quý I"],
            [UP, UP, "Thôn Đoài", "Quý II"],
        ],
    )
    assert [(t.stt, t.task, t.lead) for t in plan.tasks] == [
        ("5", "Kiểm tra tại các thôn", "Thôn Đông"),
        ("5 (2)", "Kiểm tra tại các thôn", "Thôn Đoài"),
    ]


def test_a_table_without_a_number_column_is_numbered_in_order(tmp_path: Path):
    plan = _plan(
        tmp_path,
        [
            ["Nội dung", "Chủ trì", "Thời gian"],
            ["Họp", "Văn phòng", "Quý I"],
            ["Kiểm tra", "Công an xã", "Quý II"],
        ],
    )
    assert [t.stt for t in plan.tasks] == ["1", "2"]
    assert [str(p) for p in plan.problems] == [
        "bảng 2: Bảng không có cột STT — đã đánh số nhiệm vụ 1, 2, 3… theo thứ tự."
    ]


def test_header_words_broken_over_two_rows_and_a_task_spanning_the_product(tmp_path: Path):
    plan = _plan(
        tmp_path,
        [
            ["TT", "Nội dung", "Sản phẩm", "Cơ quan", "Cơ quan", "Thời gian"],
            ["", "", "", "chủ trì", "phối hợp", ""],
            [
                "1",
                "Tổ chức hội nghị đối thoại với Nhân dân",
                LEFT,
                "Văn phòng",
                "Công an xã",
                "Quý II",
            ],
            ["2", "Tập huấn", "Lớp học", "Văn phòng", "", "Quý III"],
        ],
    )
    assert [(t.stt, t.task, t.product, t.lead, t.partners) for t in plan.tasks] == [
        ("1", "Tổ chức hội nghị đối thoại với Nhân dân", "", "Văn phòng", "Công an xã"),
        ("2", "Tập huấn", "Lớp học", "Văn phòng", ""),
    ]


def test_a_table_continued_after_a_caption_saying_so(tmp_path: Path):
    doc = new_document()
    title(doc, "Thử năm 2025")
    task_table(doc, [HEADER, ["1", "Họp", "Văn phòng", "Quý I"]])
    doc.add_paragraph("(Tiếp theo Phụ lục)")
    task_table(doc, [["2", "Kiểm tra", "Công an xã", "Quý II"]], header_rows=0)
    path = tmp_path / "p.docx"
    doc.save(str(path))
    plan = read_plan(path, fallback_year=2000)
    assert [(t.stt, t.lead) for t in plan.tasks] == [("1", "Văn phòng"), ("2", "Công an xã")]
    assert plan.tables == 1


def test_a_timeframe_in_from_and_to_columns(tmp_path: Path):
    plan = _plan(
        tmp_path,
        [
            ["STT", "Nội dung", "Chủ trì", "Thời gian thực hiện", LEFT],
            [UP, UP, UP, "Từ", "Đến"],
            ["1", "Khảo sát", "Văn phòng", "01/3/2025", "30/4/2025"],
            ["2", "Tổng hợp", "Văn phòng", "", "Tháng 5/2025"],
            ["3", "Trực", "Văn phòng", "01/6/2025", ""],
        ],
        header_rows=2,
    )
    assert [t.timeframe for t in plan.tasks] == [
        "Từ 01/3/2025 đến 30/4/2025",
        "Tháng 5/2025",
        "Từ 01/6/2025",
    ]


def test_a_number_column_with_a_blank_header_is_the_stt(tmp_path: Path):
    plan = _plan(
        tmp_path,
        [
            ["", "Nội dung", "Chủ trì", "Thời gian"],
            ["1", "Họp", "Văn phòng", "Quý I"],
            ["2", "Kiểm tra", "Công an xã", "Quý II"],
        ],
    )
    assert [t.stt for t in plan.tasks] == ["1", "2"]
    assert not plan.problems
