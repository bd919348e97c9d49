from datetime import date, datetime

import pytest

from sheets_sync.cells import CellError, a1, as_count, as_date, as_text, is_error, to_serial


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2024, 3, 15, 8, 30), date(2024, 3, 15)),
        (date(2024, 3, 15), date(2024, 3, 15)),
        (45366, date(2024, 3, 15)),  # Google's serial number (UNFORMATTED_VALUE)
        (45366.75, date(2024, 3, 15)),  # a date-time serial
        ("15/3/2024", date(2024, 3, 15)),
        ("15/03/2024", date(2024, 3, 15)),
        ("2024-03-15", date(2024, 3, 15)),
        ("15.3.24", date(2024, 3, 15)),
        ("15-03-2024", date(2024, 3, 15)),
        (" 15 / 3 / 2024 ", date(2024, 3, 15)),
        ("15/3", date(2024, 3, 15)),  # no year: the plan year
        ("ngày 15 tháng 3 năm 2024", date(2024, 3, 15)),
        ("Ngay 15 thang 3", date(2024, 3, 15)),
        ("2024-03-15 10:20:00", date(2024, 3, 15)),
    ],
)
def test_dates_arrive_in_many_forms(value, expected):
    assert as_date(value, 2024) == expected


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_is_no_date(value):
    assert as_date(value, 2024) is None


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("31/02/2024", "không có thật"),
        ("hôm qua", "Không đọc được ngày"),
        ("#REF!", "lỗi công thức"),
        (7, "không phải là ngày"),  # a small number is no serial date
        (True, "không phải là ngày"),
    ],
)
def test_unreadable_dates_say_what_to_type(value, fragment):
    with pytest.raises(CellError) as err:
        as_date(value, 2024)
    assert fragment in str(err.value)
    assert "15/03/2024" in str(err.value)


def test_serial_round_trip():
    assert as_date(to_serial(date(2024, 12, 31)), 2024) == date(2024, 12, 31)


@pytest.mark.parametrize(("value", "expected"), [(None, 1), (3, 3), (3.0, 3), ("4", 4), ("2,0", 2)])
def test_counts(value, expected):
    assert as_count(value) == expected


@pytest.mark.parametrize("value", ["-3", -1, 2.5, "nhiều", float("nan")])
def test_bad_counts(value):
    with pytest.raises(CellError, match="Số lượng"):
        as_count(value)


def test_a1_names():
    assert a1(0, 0) == "A1"
    assert a1(4, 25) == "Z5"
    assert a1(9, 26) == "AA10"
    assert a1(0, 701) == "ZZ1"
    assert a1(0, 702) == "AAA1"


def test_text_of_cells():
    assert as_text(5.0) == "5"
    assert as_text(date(2024, 1, 5)) == "05/01/2024"
    assert as_text("  x ") == "x"
    assert is_error("#REF!") and not is_error("REF")


def test_a_date_s_note_gives_its_example_in_the_plan_year():
    with pytest.raises(CellError) as bad:
        as_date("31/02/2025", 2025)
    assert str(bad.value) == "Ngày '31/02/2025' không có thật — ghi ngày dạng 15/03/2025"
    with pytest.raises(CellError, match="ghi ngày dạng 15/03/2026"):
        as_date("hôm qua", 2026)
