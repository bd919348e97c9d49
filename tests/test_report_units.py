"""The plan's units: listed names and the other ways people write them, lead cells naming several
units, and names as typed when a plan lists none (no other plan's list stands in)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sheets_sync import contract, seed
from sheets_sync.units import NO_UNITS, split_units, tidy, unit_key, unit_list, units_from

SEED_UNITS = units_from({name: [] for name in seed.UNITS})


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        # A comma inside a listed name does not split it; the unit after it is found too.
        (
            "Cơ quan hành chính, đơn vị sự nghiệp trên địa bàn xã, Công chức VHTT – TDTT xã",
            [
                "Cơ quan hành chính, đơn vị sự nghiệp trên địa bàn xã",
                "Công chức VHTT - TDTT",
            ],
        ),
        # Two listed units, one with 'xã' added: named as in the list.
        (
            "Công chức Văn phòng HĐND - UBND, Công chức Kế toán - Ngân sách xã",
            ["Công chức Văn phòng HĐND - UBND", "Công chức Kế toán - Ngân sách"],
        ),
        # Typed another way (no 'Công chức', '&' for '-', no diacritics): the same unit.
        ("Văn phòng HĐND& UBND xã", ["Công chức Văn phòng HĐND - UBND"]),
        ("cong chuc van phong dang uy - noi vu", ["Công chức Văn phòng Đảng ủy - Nội vụ"]),
        # Not in the list: as typed, tidied (no trailing full stop).
        (
            "Bộ phận tiếp nhận hồ sơ và trả kết quả theo cơ chế một cửa cấp xã.",
            ["Bộ phận tiếp nhận hồ sơ và trả kết quả theo cơ chế một cửa cấp xã"],
        ),
        # An unlisted name with a comma in it: the lower-case piece continues it.
        (
            "Cơ quan, đơn vị trên địa bàn xã, Đài Truyền thanh xã",
            ["Cơ quan, đơn vị trên địa bàn xã", "Đài Truyền thanh xã"],
        ),
        # Semicolons always separate; repeated units count once.
        ("Phòng A; phòng B; Phòng A", ["Phòng A", "Phòng B"]),
        ("", []),
        ("  ,  ; ", []),
    ],
)
def test_split_units(cell, units):
    assert split_units(cell, SEED_UNITS) == units


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Văn phòng HĐND& UBND xã", "Văn phòng HĐND & UBND xã"),
        ("Công chức VHTT – TDTT xã.", "Công chức VHTT - TDTT xã"),
        ("VP HĐND-UBND", "VP HĐND - UBND"),
        ("đài truyền thanh xã;", "Đài truyền thanh xã"),
        ("  Phòng  Kinh tế -Hạ tầng ", "Phòng Kinh tế - Hạ tầng"),
    ],
)
def test_unlisted_units_are_shown_as_typed_but_tidied(typed, shown):
    assert tidy(typed) == shown
    assert split_units(typed, NO_UNITS) == [shown]


def test_other_spellings_name_the_listed_unit():
    units = units_from({"Bộ phận một cửa": ["Bộ phận tiếp nhận hồ sơ và trả kết quả cấp xã"]})
    assert units.name_of("bo phan tiep nhan ho so va tra ket qua cap xa.") == "Bộ phận một cửa"
    assert split_units("Bộ phận tiếp nhận hồ sơ và trả kết quả cấp xã, Phòng X", units) == [
        "Bộ phận một cửa",
        "Phòng X",
    ]


def test_units_come_from_the_config_then_the_lists_tab(cfg):
    grid = [
        ["Danh mục"],
        [],
        ["Hình thức", "Đơn vị", "Tên gọi khác"],
        ["Tin bài", "Phòng X", "PX; Phòng X xã"],
        [None, "Tổ Y", None],
        [None, "Văn phòng HĐND & UBND", "Văn phòng UBND"],  # listed in the config already
    ]
    with_config = replace(cfg, units={"Công chức Văn phòng HĐND - UBND": ["VP"]})
    units = unit_list({contract.LISTS_TITLE: grid}, with_config)
    assert units.names == ("Công chức Văn phòng HĐND - UBND", "Phòng X", "Tổ Y")
    assert units.name_of("PX") == "Phòng X" and units.name_of("phong x xa") == "Phòng X"
    assert units.name_of("Văn phòng UBND") == "Công chức Văn phòng HĐND - UBND"
    assert units.name_of("VP") == "Công chức Văn phòng HĐND - UBND"
    assert units.order("Tổ Y") == 2 and units.order("Ban khác") == 3


def test_without_a_list_no_other_plan_s_units_stand_in(cfg):
    bare = replace(cfg, units={})
    assert unit_list({}, bare) == NO_UNITS
    assert unit_list({contract.LISTS_TITLE: [["Hình thức"], ["Tin bài"]]}, bare).names == ()
    # The seed plan's list would have merged these two; without a list they stay as typed.
    assert split_units("Văn phòng HĐND& UBND xã", NO_UNITS) == ["Văn phòng HĐND & UBND xã"]


def test_every_seed_lead_cell_splits_into_listed_units_or_its_own_name():
    for t in seed.TASKS:
        found = split_units(t.lead, SEED_UNITS)
        assert found, t.lead
        for unit in found:
            assert unit in seed.UNITS or unit_key(unit) in unit_key(t.lead), unit


def test_short_and_long_forms_of_one_unit_are_one_unit():
    """'VP' / 'Văn phòng' and 'UBND' / 'Ủy ban nhân dân', however typed, as the import merges
    them: a lead typed short in the sheet is counted under the unit's listed name."""
    from sheets_sync.units import ALIASES_HEADER, NAMES_HEADER, from_lists_tab

    listed = from_lists_tab([[NAMES_HEADER, ALIASES_HEADER], ["Văn phòng HĐND - UBND", ""]])
    assert listed.name_of("VP HĐND - UBND") == "Văn phòng HĐND - UBND"
    assert listed.name_of("Văn phòng Hội đồng nhân dân - Ủy ban nhân dân") == (
        "Văn phòng HĐND - UBND"
    )
