from datetime import date, timedelta
from itertools import pairwise

import pytest

from sheets_sync.periods import occurrence_due, occurrences, periods_of_year, reporting_period


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


def test_occurrences_due_on_a_day_run_from_one_due_day_to_the_next():
    # "Trước ngày 25 hằng tháng": January's is 1/1–25/1, February's 26/1–25/2, ...
    months = occurrences("month", date(2024, 1, 1), date(2024, 12, 31), day=25)
    assert len(months) == 12
    assert (months[0].start, months[0].end) == (date(2024, 1, 1), date(2024, 1, 25))
    assert (months[1].start, months[1].end, months[1].label) == (
        date(2024, 1, 26),
        date(2024, 2, 25),
        "tháng 2/2024",
    )
    assert months[-1].end == date(2024, 12, 25)  # 26–31/12 belong to January's
    assert all(a.end + timedelta(days=1) == b.start for a, b in pairwise(months))


def test_occurrence_due_day_is_clamped_to_short_months():
    months = occurrences("month", date(2024, 1, 1), date(2024, 12, 31), day=31)
    assert [m.end for m in months[:4]] == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]


def test_quarters_due_in_their_last_month_or_the_month_after():
    by_15 = occurrences("quarter", date(2024, 1, 1), date(2024, 12, 31), day=15)
    assert [q.end for q in by_15] == [date(2024, m, 15) for m in (3, 6, 9, 12)]
    # "trước ngày 10 của tháng đầu quý sau": Q4's is due 10/1 of the next year
    after = occurrences("quarter", date(2024, 1, 1), date(2025, 1, 10), day=10, months_after=1)
    assert [q.end for q in after] == [
        date(2024, 4, 10),
        date(2024, 7, 10),
        date(2024, 10, 10),
        date(2025, 1, 10),
    ]
    assert after[-1].label == "quý IV/2024"


def test_occurrences_of_a_task_that_starts_mid_period():
    # from 10/3, by the 25th: March's runs 10/3–25/3; one due before the start is skipped
    months = occurrences("month", date(2024, 3, 10), date(2024, 6, 30), day=25)
    assert [(m.start, m.end) for m in months][:2] == [
        (date(2024, 3, 10), date(2024, 3, 25)),
        (date(2024, 3, 26), date(2024, 4, 25)),
    ]
    late = occurrences("month", date(2024, 3, 28), date(2024, 6, 30), day=25)
    assert late[0].label == "tháng 4/2024" and late[0].start == date(2024, 3, 28)
    assert occurrences("month", date(2024, 3, 26), date(2024, 4, 20), day=25) == []


def test_occurrence_due():
    assert occurrence_due("month", date(2024, 2, 10), 30, 0) == date(2024, 2, 29)
    assert occurrence_due("quarter", date(2024, 11, 1), None, 1) == date(2025, 1, 31)
    assert occurrence_due("year", date(2024, 5, 1), 31, 1) == date(2025, 1, 31)
    assert occurrence_due("half_year", date(2024, 2, 1), 15, 0) == date(2024, 6, 15)


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
