import re
from datetime import date, timedelta
from itertools import pairwise

import pytest

from sheets_sync.periods import (
    PeriodError,
    check_reportable,
    occurrence_due,
    occurrences,
    parse_period,
    periods_of_year,
    reporting_period,
)


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
    assert q3.label == "Quý III/2024" and reporting_period("2024-H1").label == (
        "6 tháng đầu năm 2024"
    )


# What a report's "nhiệm vụ kỳ tới" section is about, and what it compares itself with.
NEXT_AND_PREVIOUS = [
    ("2024-Q1", "quý II năm 2024", "2023-Q4"),
    ("2024-Q2", "quý III năm 2024", "2024-Q1"),
    ("2024-Q3", "quý IV năm 2024", "2024-Q2"),
    ("2024-Q4", "quý I năm 2025", "2024-Q3"),
    ("2024-H1", "6 tháng cuối năm 2024", "2023-H2"),
    ("2024-9M", "quý IV năm 2024", "2024-H1"),
    ("2024", "năm 2025", "2023"),
]


@pytest.mark.parametrize("cut", ["calendar", "nd09"])
@pytest.mark.parametrize(("key", "next_name", "previous_key"), NEXT_AND_PREVIOUS)
def test_next_and_previous_periods(key, next_name, previous_key, cut):
    period = reporting_period(key, cut)
    nxt, before = period.next(), period.previous()
    assert nxt.name == next_name and before.key == previous_key
    assert nxt.cut == before.cut == cut
    assert nxt.start == period.end + timedelta(days=1)  # the next period starts where this ends
    if period.kind == "quarter":
        assert before.end + timedelta(days=1) == period.start


def test_the_second_half_year_is_a_period_too():
    h2 = reporting_period("2024-H2", "nd09")
    assert (h2.start, h2.end, h2.name) == (
        date(2024, 6, 15),
        date(2024, 12, 14),
        "6 tháng cuối năm 2024",
    )
    assert h2.next().key == "2025-H1" and h2.previous().key == "2024-H1"


def test_bad_period_key():
    with pytest.raises(PeriodError, match=r"Không hiểu kỳ báo cáo '2024-Q5'.*\(Unknown period"):
        reporting_period("2024-Q5")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Q3", "2025-Q3"),
        ("q3", "2025-Q3"),
        ("quý 3", "2025-Q3"),
        ("Quý III", "2025-Q3"),
        ("QUY IV", "2025-Q4"),
        ("Quý I/2025", "2025-Q1"),
        ("quý II năm 2025", "2025-Q2"),
        ("2025-Q2", "2025-Q2"),
        ("Q2/2025", "2025-Q2"),
        ("H1", "2025-H1"),
        ("6 tháng", "2025-H1"),
        ("6 tháng đầu năm 2025", "2025-H1"),
        ("2025-h1", "2025-H1"),
        ("9M", "2025-9M"),
        ("9 tháng đầu năm", "2025-9M"),
        ("năm", "2025"),
        ("cả năm", "2025"),
        ("năm 2025", "2025"),
        ("2025", "2025"),
        ("2024", "2024"),  # another year parses; check_reportable refuses it
        ("Q1 2026", "2026-Q1"),
    ],
)
def test_periods_as_officers_write_them(text, key):
    assert parse_period(text, 2025) == key


@pytest.mark.parametrize("text", ["Q5", "quý 5", "2025-Q7", "tháng 3", "H2", "", "2024-2025"])
def test_unreadable_periods_say_what_to_write_with_the_plan_year(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text, 2025)
    message = str(caught.value)
    assert message.startswith("Không hiểu kỳ báo cáo") and "(Unknown period" in message
    assert "2025-Q3" in message and "2024" not in message.replace(repr(text), "")


PLAN_YEAR, TODAY = 2024, date(2024, 10, 15)


@pytest.mark.parametrize(
    ("key", "day", "says"),
    [
        ("2025-Q1", TODAY, "không thuộc năm kế hoạch 2024"),
        ("2023", TODAY, "không thuộc năm kế hoạch 2024"),
        ("2024-Q4", date(2024, 9, 30), "chưa bắt đầu"),
        ("2024-Q4", TODAY, "chưa kết thúc (hết ngày 31/12/2024)"),
        ("2024", TODAY, "lập được từ ngày 01/01/2025"),
        ("2024-Q3", date(2024, 9, 30), "chưa kết thúc"),  # its last day is not over
        ("2024-Q3", date(2024, 10, 16), "chưa tới"),  # a --today after the real today
    ],
)
def test_a_plan_reports_only_its_year_s_periods_once_they_have_ended(key, day, says):
    with pytest.raises(PeriodError, match=re.escape(says)):
        check_reportable(reporting_period(key), PLAN_YEAR, day, TODAY)


def test_a_closed_period_may_be_reported_and_an_open_one_provisionally():
    check_reportable(reporting_period("2024-Q3"), PLAN_YEAR, date(2024, 10, 1), TODAY)
    check_reportable(reporting_period("2024-Q4"), PLAN_YEAR, TODAY, TODAY, provisional=True)
    with pytest.raises(PeriodError, match="chưa bắt đầu"):  # provisional or not
        check_reportable(reporting_period("2024-Q4"), PLAN_YEAR, date(2024, 9, 1), TODAY,
                         provisional=True)  # fmt: skip
    nd09 = reporting_period("2024-Q4", "nd09")  # figures run to 14/12
    check_reportable(nd09, PLAN_YEAR, date(2024, 12, 15), date(2024, 12, 15))


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
