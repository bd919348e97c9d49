"""Lead cells naming several units, split for the report's table per lead unit."""

from __future__ import annotations

import pytest

from sheets_sync import contract, seed
from sheets_sync.units import known_units, split_units, unit_key


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        # A comma inside a known name does not split it; the unit after it is found too.
        (
            "Cơ quan hành chính, đơn vị sự nghiệp trên địa bàn xã, Công chức VHTT – TDTT xã",
            [
                "Cơ quan hành chính, đơn vị sự nghiệp trên địa bàn xã",
                "Công chức VHTT - TDTT",
            ],
        ),
        # Two known units, one with 'xã' added: named as in the list.
        (
            "Công chức Văn phòng HĐND - UBND, Công chức Kế toán - Ngân sách xã",
            ["Công chức Văn phòng HĐND - UBND", "Công chức Kế toán - Ngân sách"],
        ),
        # Typed another way (no 'Công chức', '&' for '-', no diacritics): the same unit.
        ("Văn phòng HĐND& UBND xã", ["Công chức Văn phòng HĐND - UBND"]),
        ("cong chuc van phong dang uy - noi vu", ["Công chức Văn phòng Đảng ủy - Nội vụ"]),
        # Not in the list: kept as typed, without the trailing full stop.
        (
            "Bộ phận tiếp nhận hồ sơ và trả kết quả theo cơ chế một cửa cấp xã.",
            ["Bộ phận tiếp nhận hồ sơ và trả kết quả theo cơ chế một cửa cấp xã"],
        ),
        # An unknown name with a comma in it: the lower-case piece continues it.
        (
            "Cơ quan, đơn vị trên địa bàn xã, Đài Truyền thanh xã",
            ["Cơ quan, đơn vị trên địa bàn xã", "Đài Truyền thanh xã"],
        ),
        # Semicolons always separate; repeated units count once.
        ("Phòng A; phòng B; Phòng A", ["Phòng A", "phòng B"]),
        ("", []),
        ("  ,  ; ", []),
    ],
)
def test_split_units(cell, units):
    assert split_units(cell) == units


def test_every_seed_lead_cell_splits_into_listed_units_or_its_own_name():
    for t in seed.TASKS:
        found = split_units(t.lead)
        assert found, t.lead
        for unit in found:
            assert unit in seed.UNITS or unit_key(unit) in unit_key(t.lead), unit


def test_known_units_come_from_the_lists_tab():
    grid = [["Danh mục"], [], ["Hình thức", "Đơn vị"], ["Tin bài", "Phòng X"], [None, "Tổ Y"]]
    assert known_units({contract.LISTS_TITLE: grid}) == ("Phòng X", "Tổ Y")
    assert split_units("Phòng X, Tổ Y", known_units({contract.LISTS_TITLE: grid})) == [
        "Phòng X",
        "Tổ Y",
    ]


def test_known_units_fall_back_to_the_seed_list():
    assert known_units({}) == seed.UNITS
    assert known_units({contract.LISTS_TITLE: [["Hình thức"], ["Tin bài"]]}) == seed.UNITS
