from datetime import date

import pytest

from sheets_sync.periods import occurrences, periods_of_year, reporting_period


def test_occurrences_are_named_in_vietnamese():
    months = occurrences("month", date(2024, 1, 1), date(2024, 12, 31))
    assert len(months) == 12 and months[8].label == "tháng 9/2024"
    quarters = occurrences("quarter", date(2024, 1, 1), date(2024, 12, 31))
    assert [q.label for q in quarters] == [
        "quý I/2024",
        "quý II/2024",
        "quý III/2024",
        "quý IV/2024",
    ]
    halves = occurrences("half_year", date(2024, 1, 1), date(2024, 12, 31))
    assert halves[1].label == "6 tháng cuối năm 2024"


def test_occurrences_are_clipped_to_the_span():
    weeks = occurrences("week", date(2024, 3, 6), date(2024, 3, 20))
    assert weeks[0].start == date(2024, 3, 6) and weeks[0].end == date(2024, 3, 10)
    assert weeks[-1].end == date(2024, 3, 20)
    assert sum(w.days for w in weeks) == 15


@pytest.mark.parametrize(
    ("key", "cut", "start", "end"),
    [
        ("2024-Q1", "calendar", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-Q1", "nd09", date(2023, 12, 15), date(2024, 3, 14)),
        ("2024-Q3", "nd09", date(2024, 6, 15), date(2024, 9, 14)),
        ("2024-H1", "nd09", date(2023, 12, 15), date(2024, 6, 14)),
        ("2024-9M", "nd09", date(2023, 12, 15), date(2024, 9, 14)),
        ("2024", "nd09", date(2023, 12, 15), date(2024, 12, 14)),
        ("2024", "calendar", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-h1", "calendar", date(2024, 1, 1), date(2024, 6, 30)),
    ],
)
def test_reporting_periods(key, cut, start, end):
    p = reporting_period(key, cut)
    assert (p.start, p.end) == (start, end)


def test_names_and_due_dates():
    q3 = reporting_period("2024-Q3", "nd09")
    assert q3.name == "quý III năm 2024"
    assert q3.due(20) == date(2024, 9, 20)  # Bộ Nội vụ: by the 20th of the last month
    assert reporting_period("2024-Q3").due(20) == date(2024, 10, 20)  # calendar: month after
    assert reporting_period("2024-Q4").due(20) == date(2025, 1, 20)
    assert reporting_period("2024-9M").name == "9 tháng đầu năm 2024"
    assert "Nghị định số 09/2019/NĐ-CP" in q3.describe_cut()


def test_next_period():
    assert reporting_period("2024-Q4").next().key == "2025-Q1"
    assert reporting_period("2024-H1").next().key == "2025-H1"


def test_bad_period_key():
    with pytest.raises(ValueError, match="2024-Q1"):
        reporting_period("2024-Q5")


def test_a_year_has_seven_reporting_periods():
    assert [p.key for p in periods_of_year(2024)] == [
        "2024-Q1",
        "2024-Q2",
        "2024-H1",
        "2024-Q3",
        "2024-9M",
        "2024-Q4",
        "2024",
    ]
