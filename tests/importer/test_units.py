"""The plan's units from its lead and coordinating cells."""

from __future__ import annotations

from sheets_sync.importer.tasks import Task
from sheets_sync.importer.units import plan_units, split_cell


def test_a_cell_is_split_at_semicolons_lines_and_commas_but_not_inside_a_name():
    assert split_cell(
        "Cơ quan hành chính,\nđơn vị sự nghiệp trên địa bàn xã, Công chức VHTT – TDTT xã"
    ) == ["Cơ quan hành chính, đơn vị sự nghiệp trên địa bàn xã", "Công chức VHTT – TDTT xã"]
    assert split_cell("Phòng Tư pháp; Phòng Lao động - Thương binh và Xã hội") == [
        "Phòng Tư pháp",
        "Phòng Lao động - Thương binh và Xã hội",
    ]
    assert split_cell("- Công an xã\n- Ban Chỉ huy Quân sự xã.") == [
        "Công an xã",
        "Ban Chỉ huy Quân sự xã",
    ]
    assert split_cell("Đài truyền thanh xã, các ban, ngành đoàn thể") == [
        "Đài truyền thanh xã",
        "các ban, ngành đoàn thể",
    ]
    assert split_cell("Bộ phận tiếp nhận và trả\nkết quả; văn phòng") == [
        "Bộ phận tiếp nhận và trả kết quả",
        "văn phòng",
    ]
    assert split_cell("UBND các xã, thị trấn") == ["UBND các xã, thị trấn"]


def test_spellings_of_one_unit_merge_under_the_commonest():
    tasks = [
        Task("1", "a", lead="Văn phòng HĐND - UBND", partners="Công an xã"),
        Task("2", "b", lead="Công chức Văn phòng HĐND-UBND xã", partners="các ban, ngành đoàn thể"),
        Task(
            "3", "c", lead="Văn phòng HĐND - UBND", partners="Công an xã; Các ban, ngành đoàn thể"
        ),
    ]
    assert plan_units(tasks) == {
        "Văn phòng HĐND - UBND": ["Công chức Văn phòng HĐND-UBND xã"],
        "Công an xã": [],
        "Các ban, ngành đoàn thể": ["các ban, ngành đoàn thể"],
    }
