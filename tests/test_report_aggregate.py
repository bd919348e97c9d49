"""summarise(): the numbers a period's report is made of, as pure functions of the plan."""

from __future__ import annotations

from datetime import date

import pytest
from report_fixtures import make_plan, progress, task

from sheets_sync import seed
from sheets_sync.aggregate import NO_FORM, NO_UNIT, summarise
from sheets_sync.companion import fixes_for
from sheets_sync.contract import Status
from sheets_sync.periods import reporting_period
from sheets_sync.remarks import Remarks
from sheets_sync.units import units_from

RADIO = "Đài Truyền thanh xã"
OFFICE = "Công chức Văn phòng HĐND - UBND"
BUDGET = "Công chức Kế toán - Ngân sách"
UNITS = units_from({name: [] for name in seed.UNITS})


def _status(summary, stt: str) -> Status:
    return next(t.status for t in summary.tasks if t.task.stt == stt)


def test_a_deadline_on_the_period_s_last_day_is_late_in_that_period_s_report(cfg):
    plan = make_plan(cfg, [task("1", "Báo cáo quý", OFFICE, "Quý III/2024")])
    q3 = reporting_period("2024-Q3")
    closed = summarise(plan, q3, date(2024, 10, 15), cfg)
    assert closed.as_of == date(2024, 9, 30)
    assert _status(closed, "1") is Status.OVERDUE and [t.task.stt for t in closed.late] == ["1"]
    running = summarise(plan, q3, date(2024, 9, 20), cfg)  # written before the quarter closed
    assert running.as_of == date(2024, 9, 20)
    assert _status(running, "1") is Status.DUE_SOON and running.late == []


def test_what_happened_after_the_period_is_not_seen(cfg):
    plan = make_plan(
        cfg,
        [
            task("3", "Đăng kết quả", OFFICE, "Quý I/2024", done=date(2024, 4, 12)),
            task("5", "Chuyên mục phát thanh", RADIO, "Mỗi tháng 01 kỳ"),
        ],
        [progress(date(2024, 3, 5), 5), progress(date(2024, 4, 2), 5, count=3)],
    )
    q1 = summarise(plan, reporting_period("2024-Q1"), date(2024, 10, 15), cfg)
    assert _status(q1, "3") is Status.OVERDUE  # done on 12/04: not yet done on 31/03
    radio = next(t for t in q1.tasks if t.task.stt == "5")
    assert radio.entries == 1 and radio.by_form == {"Phát thanh": 1}  # April's row is not Q1's
    assert _status(q1, "5") is Status.OVERDUE  # January and February had no broadcast
    h1 = summarise(plan, reporting_period("2024-H1"), date(2024, 10, 15), cfg)
    assert _status(h1, "3") is Status.DONE_LATE
    assert [t.task.stt for t in h1.done_late] == ["3"]
    assert h1.by_month["tháng 4/2024"] == 3 and h1.entries == 2  # 3 broadcasts on one row


def test_table_per_lead_unit_counts_shared_tasks_for_each_unit_and_once_in_the_total(cfg):
    plan = make_plan(
        cfg,
        [
            task("1", "Đối thoại", f"{OFFICE}, {BUDGET} xã", "Trong năm 2024", date(2024, 6, 1)),
            task("2", "Khảo sát", OFFICE, "Quý I/2024"),
            task("3", "Chuyên mục", RADIO, "Quý IV/2024"),
            task("4", "Việc không rõ hạn", RADIO, "Theo chỉ đạo của cấp trên"),
        ],
    )
    s = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 15), cfg, UNITS)
    rows = {r.unit: r for r in s.by_unit}
    assert list(rows) == [OFFICE, BUDGET, RADIO]  # the unit list's order
    assert (rows[OFFICE].total, rows[OFFICE].done_on_time, rows[OFFICE].open_late) == (2, 1, 1)
    assert (rows[BUDGET].total, rows[BUDGET].done_on_time) == (1, 1)
    assert (rows[RADIO].total, rows[RADIO].open_on_time, rows[RADIO].unknown) == (2, 1, 1)
    total = s.total
    assert (total.total, total.done_on_time, total.open_on_time, total.open_late) == (4, 1, 1, 1)
    assert total.unknown == 1 and total.judged == 3
    assert total.late_rate == pytest.approx(100 / 3)
    assert rows[BUDGET].late_rate == 0


def test_nd09_cut_takes_the_15th_of_the_month_before(cfg):
    plan = make_plan(
        cfg,
        [task("5", "Chuyên mục", RADIO, "Mỗi tháng 01 kỳ")],
        [progress(date(2023, 12, 20), 5), progress(date(2024, 3, 20), 5)],
    )
    nd09 = summarise(plan, reporting_period("2024-Q1", "nd09"), date(2024, 4, 1), cfg)
    calendar = summarise(plan, reporting_period("2024-Q1"), date(2024, 4, 1), cfg)
    assert nd09.entries == 1 and nd09.as_of == date(2024, 3, 14)  # 20/12/2023 counts, 20/3 not
    assert calendar.entries == 1 and calendar.as_of == date(2024, 3, 31)  # 20/3 counts
    assert nd09.months[0] == "tháng 12/2023" and calendar.months[0] == "tháng 1/2024"


def test_data_problems_and_what_falls_due_next(cfg):
    plan = make_plan(
        cfg,
        [
            task("5", "Chuyên mục", RADIO, "Mỗi tháng 01 kỳ"),
            task("7", "Khảo sát", OFFICE, "Quý IV/2024"),
            task("8", "Bồi dưỡng", OFFICE, "Quý IV/2023"),
            task("9", "Việc lạ", OFFICE, "Quy 5/2024"),
        ],
        [progress(date(2024, 7, 3), 12), progress("31/02/2024", 5)],
    )
    s = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 15), cfg)
    # For the office's notes, never for the report: what is wrong, with where to fix it.
    text = "\n".join(f"{f.tab} {f.where}: {f.issue}" for f in fixes_for(plan, s, Remarks(), cfg))
    assert "Nhiệm vụ dòng 4, ô F4: Nhiệm vụ 8: Thời hạn Quý IV/2023 trước năm kế hoạch 2024" in text
    assert "Nhiệm vụ 9: Không có Quý 5" in text
    assert "STT nhiệm vụ '12' không có trong trang Nhiệm vụ" in text
    assert "31/02/2024" in text
    due = {d.activity.task.stt: (d.due, d.spans) for d in s.due_next}
    assert due == {
        "5": (date(2024, 12, 31), ("tháng 10/2024", "tháng 11/2024", "tháng 12/2024")),
        "7": (date(2024, 12, 31), ()),
    }
    year = summarise(plan, reporting_period("2024"), date(2025, 1, 5), cfg)
    assert year.due_next == []  # nothing of a 2024 plan falls in 2025


def test_what_falls_due_next_on_the_day_the_plan_names(cfg):
    # the report's "due next" names the same occurrences and days as the sheet's status
    plan = make_plan(
        cfg,
        [
            task("1", "Báo cáo tháng", OFFICE, "Trước ngày 25 hằng tháng"),
            task("2", "Báo cáo quý", OFFICE, "Hằng quý, trước ngày 15 của tháng cuối quý"),
        ],
    )
    s = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 1), cfg)
    due = {d.activity.task.stt: (d.due, d.spans) for d in s.due_next}
    assert due == {
        "1": (date(2024, 12, 25), ("tháng 10/2024", "tháng 11/2024", "tháng 12/2024")),
        "2": (date(2024, 12, 15), ("quý IV/2024",)),
    }


def test_work_is_grouped_by_the_unit_that_did_it_under_its_listed_name(cfg):
    plan = make_plan(
        cfg,
        [task("1", "Tin bài", OFFICE, "Thường xuyên trong năm")],
        [
            progress(date(2024, 7, 1), 1, unit="đài truyền thanh xã", form="Tin bài", count=2),
            progress(date(2024, 7, 2), 1, unit="Đài Truyền thanh xã", form="Tin bài", count=3),
            progress(date(2024, 8, 2), 1, unit="", form="", count=1),
        ],
    )
    s = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 15), cfg, UNITS)
    assert s.doers == {RADIO: {"Tin bài": 5}, NO_UNIT: {NO_FORM: 1}}
    # Quantities (Số lượng), not rows: two rows of 2 and 3 articles are 5 articles.
    assert s.forms_by_month == {"Tin bài": {"tháng 7/2024": 5}, NO_FORM: {"tháng 8/2024": 1}}
    assert s.by_month == {"tháng 7/2024": 5, "tháng 8/2024": 1, "tháng 9/2024": 0}
    assert s.entries == 3 and s.activity.forms == {"Tin bài": 5, NO_FORM: 1}


def test_rates_count_the_tasks_that_have_come_due(cfg):
    """Early in the year most deadlines lie ahead: the rate is over what has come due, so five
    tasks due on 31/12 do not make the first quarter read as a failure."""
    plan = make_plan(
        cfg,
        [
            task("1", "Tin bài", OFFICE, "Thường xuyên trong năm"),
            task("2", "Chuyên mục", RADIO, "Mỗi tháng 01 kỳ"),
            task("3", "Đăng kết quả", OFFICE, "Quý I/2024"),
            task("4", "Hội nghị", OFFICE, "Trong năm 2024"),
            task("5", "Đối thoại", OFFICE, "Trong năm 2024", done=date(2024, 3, 1)),
            task("6", "Khảo sát", OFFICE, "Quý IV/2024"),
            task("7", "Không rõ", OFFICE, "Theo chỉ đạo của cấp trên"),
        ],
        [progress(date(2024, m, 10), 2) for m in (1, 2, 3)] + [progress(date(2024, 2, 1), 1)],
    )
    q1 = summarise(plan, reporting_period("2024-Q1"), date(2024, 10, 15), cfg)
    due = {t.task.stt: (t.come_due, t.on_time) for t in q1.tasks}
    assert due == {
        "1": (True, True),  # the first quarter of ongoing work ended, with its row
        "2": (True, True),  # every month so far had its broadcast
        "3": (True, False),  # due 31/03, not done
        "4": (False, False),
        "5": (True, True),  # done early counts as done on time
        "6": (False, False),
        "7": (False, False),  # no due date: in no rate
    }
    total = q1.total
    assert (total.due, total.due_on_time, total.late, total.not_due) == (4, 3, 1, 2)
    assert total.due_on_time_rate == pytest.approx(75) and total.due_late_rate == 25
    assert total.late_rate == pytest.approx(100 / 6)  # the other basis: of all dated tasks


def test_a_quarter_is_compared_with_the_one_before_and_the_year_so_far(cfg):
    plan = make_plan(
        cfg,
        [task("5", "Chuyên mục", RADIO, "Mỗi tháng 01 kỳ")],
        [
            progress(date(2024, 2, 5), 5, form="Phát thanh", count=2),
            progress(date(2024, 5, 5), 5, form="Phát thanh", count=3),
            progress(date(2024, 6, 5), 5, form="Tin bài", count=1),
            progress(date(2024, 8, 5), 5, form="Phát thanh", count=4),
        ],
    )
    q3 = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 15), cfg)
    assert q3.previous is not None and q3.previous.period.key == "2024-Q2"
    assert q3.previous.entries == 2 and q3.previous.activity.forms == {
        "Phát thanh": 3,
        "Tin bài": 1,
    }
    assert q3.previous.previous is None  # one step back only
    assert q3.year_to_date.entries == 4 and q3.year_to_date.forms == {"Phát thanh": 9, "Tin bài": 1}
    assert q3.form_order == ["Phát thanh", "Tin bài"]  # as first logged: stable colours
    assert q3.previous.total.late == 1 and q3.total.late == 1  # July missed; June missed
    q1 = summarise(plan, reporting_period("2024-Q1"), date(2024, 10, 15), cfg)
    assert q1.previous is None and q1.year_to_date is None  # Q4/2023 lies outside the plan
    nine = summarise(plan, reporting_period("2024-9M", "nd09"), date(2024, 10, 15), cfg)
    assert nine.previous.period.key == "2024-H1" and nine.year_to_date is None


def test_late_tasks_are_grouped_under_each_lead_unit(cfg):
    plan = make_plan(
        cfg,
        [
            task("1", "Khảo sát", f"{OFFICE}, {RADIO}", "Quý I/2024"),
            task("2", "Chuyên mục", RADIO, "Quý II/2024"),
            task("3", "Đối thoại", BUDGET, "Quý IV/2024"),
        ],
    )
    s = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 15), cfg, UNITS)
    assert [(u, [t.task.stt for t in ts]) for u, ts in s.late_by_unit] == [
        (OFFICE, ["1"]),
        (RADIO, ["1", "2"]),
    ]


def test_rows_that_could_not_be_read_are_counted_not_shown(cfg):
    plan = make_plan(
        cfg,
        [task("1", "Tin bài", OFFICE, "Thường xuyên trong năm")],
        [
            progress(date(2024, 7, 3), 1),
            progress("31/02/2024", 1),  # no such day
            progress(date(2024, 7, 4), 12),  # no such task
            progress(date(2024, 7, 5), 1, count="hai"),  # counted, as 0
        ],
    )
    s = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 15), cfg)
    assert s.excluded == 2 and s.entries == 2
