"""The status rules of DESIGN §3–4, as of a given day, on hand-made tasks."""

from datetime import date

import pytest
from status_fixtures import evaluate

from sheets_sync.contract import Status
from sheets_sync.sheet import Progress, Task
from sheets_sync.timeframe import parse

N = 14  # due-soon days


def make(timeframe: str, done: date | None = None, problems=()) -> Task:
    return Task(
        row=3,
        stt="1",
        name="x",
        product="",
        lead="Đài",
        partners="",
        timeframe=parse(timeframe, 2024),
        done_on=done,
        shown={},
        problems=tuple(problems),
    )


def rows(*days: date) -> list[Progress]:
    return [Progress(1, d, "1", "Đài", "Phát thanh", "", 1, "") for d in days]


@pytest.mark.parametrize(
    ("done", "today", "status"),
    [
        (date(2024, 3, 31), date(2024, 5, 1), Status.DONE_ON_TIME),
        (date(2024, 3, 20), date(2024, 3, 25), Status.DONE_ON_TIME),
        (date(2024, 4, 1), date(2024, 5, 1), Status.DONE_LATE),
        (None, date(2024, 4, 1), Status.OVERDUE),
        (None, date(2024, 3, 31), Status.DUE_SOON),
        (None, date(2024, 3, 17), Status.DUE_SOON),
        (None, date(2024, 3, 16), Status.NOT_YET_DUE),
        (None, date(2024, 1, 10), Status.NOT_YET_DUE),
    ],
)
def test_deadline_rules(done, today, status):
    ev = evaluate(make("Quý I/2024", done), [], today, N)
    assert ev.status is status
    assert ev.due == date(2024, 3, 31)


def test_deadline_with_progress_is_in_progress():
    ev = evaluate(make("Trong năm 2024"), rows(date(2024, 3, 2)), date(2024, 4, 1), N)
    assert ev.status is Status.IN_PROGRESS
    assert "02/03/2024" in ev.note


def test_deadline_ignores_progress_logged_after_today():
    ev = evaluate(make("Trong năm 2024"), rows(date(2024, 5, 2)), date(2024, 4, 1), N)
    assert ev.status is Status.NOT_YET_DUE


def test_notes_say_why():
    late = evaluate(make("Quý I/2024"), [], date(2024, 4, 10), N)
    assert late.note == "Quá hạn từ ngày 01/04/2024, chưa có ngày hoàn thành"
    done_late = evaluate(make("Quý I/2024", date(2024, 4, 12)), [], date(2024, 5, 1), N)
    assert done_late.note == "Hoàn thành ngày 12/04/2024, muộn 12 ngày"


def test_completion_date_in_the_future_is_not_done_yet():
    ev = evaluate(make("Quý IV/2024", date(2024, 12, 1)), [], date(2024, 10, 15), N)
    assert ev.status is Status.NOT_YET_DUE
    assert "sau ngày hôm nay" in ev.note
    quiet = evaluate(
        make("Quý IV/2024", date(2024, 12, 1)), [], date(2024, 10, 15), N, as_of_report=True
    )
    assert "sau ngày hôm nay" not in quiet.note


def test_due_before_plan_year_keeps_its_date_and_warns():
    ev = evaluate(make("Quý IV/2023"), [], date(2024, 2, 1), N)
    assert ev.due == date(2023, 12, 31)
    assert ev.status is Status.OVERDUE
    assert "trước năm kế hoạch 2024" in ev.note


def test_monthly_task_names_the_missed_months():
    months = [date(2024, m, 10) for m in range(1, 11) if m not in (6, 9)]
    ev = evaluate(make("Mỗi tháng 01 kỳ"), rows(*months), date(2024, 10, 15), N)
    assert ev.status is Status.OVERDUE
    assert ev.note.startswith("Chưa có kết quả kỳ tháng 6/2024, tháng 9/2024")
    assert [s.label for s in ev.missed] == ["tháng 6/2024", "tháng 9/2024"]
    assert ev.due == date(2024, 10, 31)  # what the sheet shows: this month's deadline


def test_monthly_task_due_soon_at_month_end_without_a_row():
    months = [date(2024, m, 10) for m in range(1, 10)]
    assert (
        evaluate(make("Mỗi tháng 01 kỳ"), rows(*months), date(2024, 10, 20), N).status
        is Status.DUE_SOON
    )
    assert (
        evaluate(make("Mỗi tháng 01 kỳ"), rows(*months), date(2024, 10, 10), N).status
        is Status.IN_PROGRESS
    )
    with_row = rows(*months, date(2024, 10, 3))
    assert (
        evaluate(make("Mỗi tháng 01 kỳ"), with_row, date(2024, 10, 20), N).status
        is Status.IN_PROGRESS
    )


def test_monthly_task_complete_after_the_year():
    months = [date(2024, m, 10) for m in range(1, 13)]
    ev = evaluate(make("Mỗi tháng 01 kỳ"), rows(*months), date(2025, 1, 5), N)
    assert ev.status is Status.DONE_ON_TIME
    assert "12/12" in ev.note


def test_continuous_task_is_checked_per_calendar_quarter():
    ev = evaluate(
        make("Thường xuyên trong năm"),
        rows(date(2024, 2, 1), date(2024, 8, 1)),
        date(2024, 10, 15),
        N,
    )
    assert ev.status is Status.OVERDUE
    assert ev.note.startswith("Chưa có kết quả kỳ quý II/2024")
    ok = evaluate(
        make("Thường xuyên trong năm"),
        rows(date(2024, 2, 1), date(2024, 5, 1), date(2024, 8, 1)),
        date(2024, 10, 15),
        N,
    )
    assert ok.status is Status.IN_PROGRESS
    assert ok.due == date(2024, 12, 31)


def test_unknown_timeframe_says_what_is_understood():
    ev = evaluate(make("Theo chỉ đạo của cấp trên"), [], date(2024, 10, 15), N)
    assert ev.status is Status.UNKNOWN
    assert ev.due is None
    assert "Quý I/2024" in ev.note  # the hint lists accepted forms
    assert ev.note.startswith("Thời hạn 'Theo chỉ đạo của cấp trên'")


def test_row_problems_are_added_to_the_note():
    ev = evaluate(
        make("Quý I/2024", problems=["STT '1' trùng với dòng 9"]), [], date(2024, 1, 5), N
    )
    assert ev.note.endswith("STT '1' trùng với dòng 9")


def test_monthly_task_due_on_a_day_of_the_month():
    # "Trước ngày 25 hằng tháng": February's occurrence runs 26/1–25/2
    task = make("Trước ngày 25 hằng tháng")
    on_time = rows(date(2024, 1, 24), date(2024, 2, 20))
    ev = evaluate(task, on_time, date(2024, 2, 27), N)
    assert ev.status is Status.IN_PROGRESS
    assert ev.due == date(2024, 3, 25)  # what the sheet shows: March's due day
    # a row on 27/2 is late for February, and counts for March
    late = rows(date(2024, 1, 24), date(2024, 2, 27))
    ev = evaluate(task, late, date(2024, 2, 28), N)
    assert ev.status is Status.OVERDUE
    assert ev.note.startswith("Chưa có kết quả kỳ tháng 2/2024")
    assert evaluate(task, late, date(2024, 3, 20), N).note.startswith(
        "Chưa có kết quả kỳ tháng 2/2024"
    )
    soon = evaluate(task, on_time, date(2024, 3, 20), N)
    assert soon.status is Status.DUE_SOON
    assert "hạn 25/03/2024" in soon.note


def test_quarterly_task_due_by_the_15th_of_the_quarters_last_month():
    task = make("Hằng quý, trước ngày 15 của tháng cuối quý")
    assert evaluate(task, [], date(2024, 3, 14), N).status is Status.DUE_SOON
    ev = evaluate(task, [], date(2024, 3, 16), N)
    assert ev.status is Status.OVERDUE and ev.note.startswith("Chưa có kết quả kỳ quý I/2024")
    ok = evaluate(task, rows(date(2024, 3, 10)), date(2024, 3, 16), N)
    assert ok.status is Status.IN_PROGRESS and ok.due == date(2024, 6, 15)


def test_continuous_task_that_starts_mid_year_is_checked_from_its_start():
    task = make("Từ quý II/2024, thường xuyên")
    before = evaluate(task, [], date(2024, 3, 15), N)
    assert before.status is Status.NOT_YET_DUE
    assert before.note == "Bắt đầu từ ngày 01/04/2024"
    ev = evaluate(task, [], date(2024, 7, 15), N)
    assert [s.label for s in ev.missed] == ["quý II/2024"]  # not quý I


def test_continuous_task_begun_before_the_plan_year_is_checked_in_it():
    ev = evaluate(make("Năm 2023 và các năm tiếp theo"), [], date(2024, 4, 15), N)
    assert [s.label for s in ev.missed] == ["quý I/2024"]
    assert "kiểm tra lại" not in ev.note


def test_yearly_report_due_early_next_year_is_one_occurrence():
    task = make("Hằng năm, trước ngày 31/01 năm sau")
    december = evaluate(task, [], date(2024, 12, 31), N)
    # nothing logged yet: not yet due (not "Đang thực hiện"), and the note says by when
    assert december.status is Status.NOT_YET_DUE and december.due == date(2025, 1, 31)
    assert december.note == "Kỳ năm 2024 chưa có kết quả, hạn 31/01/2025"
    done = evaluate(task, rows(date(2025, 1, 20)), date(2025, 2, 5), N)
    assert done.status is Status.DONE_ON_TIME and done.note == "Đủ kết quả 1/1 kỳ"
    assert evaluate(task, [], date(2025, 2, 1), N).status is Status.OVERDUE


def test_half_year_and_year_reports_each_due_by_their_date():
    task = make("6 tháng (trước 15/6), năm (trước 15/12)")
    assert evaluate(task, [], date(2024, 6, 10), N).status is Status.DUE_SOON
    late = evaluate(task, [], date(2024, 6, 16), N)
    assert late.status is Status.OVERDUE
    assert late.note.startswith("Chưa có kết quả kỳ 6 tháng đầu năm 2024")
    ok = evaluate(task, rows(date(2024, 6, 14)), date(2024, 6, 16), N)
    assert ok.status is Status.IN_PROGRESS and ok.due == date(2024, 12, 15)


def test_upkeep_after_a_by_date_is_checked_all_year():
    task = make("Hoàn thành trước 30/6/2024, duy trì thường xuyên")
    ev = evaluate(task, [], date(2024, 4, 2), N)
    assert [s.label for s in ev.missed] == ["quý I/2024"]


def test_recurring_work_of_a_longer_programme_is_checked_from_the_plan_year():
    ev = evaluate(make("Hằng quý, giai đoạn 2021-2025"), [], date(2024, 4, 15), N)
    assert [s.label for s in ev.missed] == ["quý I/2024"]  # nothing of 2021-2023


# --- every status says why ------------------------------------------------------------------


def test_recurring_task_without_any_progress_is_not_yet_due_and_says_why():
    # The README: "Đang thực hiện" means progress was logged. A monthly task in its first month
    # with nothing logged has nothing due yet, and the note says what is needed by when.
    ev = evaluate(make("Mỗi tháng 01 kỳ"), [], date(2024, 1, 10), N)
    assert ev.status is Status.NOT_YET_DUE
    assert ev.note == "Kỳ tháng 1/2024 chưa có kết quả, hạn 31/01/2024"


def test_recurring_task_in_progress_names_what_is_logged():
    logged = evaluate(make("Mỗi tháng 01 kỳ"), rows(date(2024, 1, 3)), date(2024, 1, 10), N)
    assert logged.status is Status.IN_PROGRESS
    assert logged.note == "Kỳ tháng 1/2024 đã có kết quả (ngày 03/01/2024)"
    later = evaluate(
        make("Mỗi tháng 01 kỳ"), rows(date(2024, 1, 3), date(2024, 2, 1)), date(2024, 3, 5), N
    )
    assert later.status is Status.IN_PROGRESS
    assert later.note == (
        "Kỳ tháng 3/2024 chưa có kết quả, hạn 31/03/2024; Đã có kết quả 2/2 kỳ đã qua"
    )


def test_deadline_without_progress_says_when_it_is_due():
    ev = evaluate(make("Trong năm 2024"), [], date(2024, 4, 1), N)
    assert ev.status is Status.NOT_YET_DUE
    assert ev.note == "Chưa có tiến độ, hạn ngày 31/12/2024"


def _days_of_2024(step: int = 5) -> list[date]:
    from datetime import timedelta

    return [date(2024, 1, 1) + timedelta(days=d) for d in range(0, 366 + 31, step)]


def test_every_status_of_the_demo_carries_a_note(cfg, tmp_path):
    from sheets_sync.backends.local.workbook import LocalBackend
    from sheets_sync.demo import build_demo_workbook
    from sheets_sync.sheet import read_plan
    from sheets_sync.status import evaluate_plan

    build_demo_workbook(tmp_path / "demo.xlsx", cfg)
    plan = read_plan(LocalBackend(tmp_path / "demo.xlsx").read(["Nhiệm vụ", "Tiến độ"]), cfg)
    silent = [
        (day, e.task.stt, e.status.value)
        for day in _days_of_2024()
        for e in evaluate_plan(plan, day, N)
        if not e.note.strip()
    ]
    assert silent == []


def test_every_status_of_the_messy_corpus_carries_a_note(cfg):
    from sheets_sync.model import Snapshot
    from sheets_sync.sheet import SheetError, read_plan
    from sheets_sync.status import evaluate_plan
    from tests.messy.corpus import CASES, Formula

    silent, judged = [], 0
    for case in CASES:
        grids = {
            tab.title: [[v.result if isinstance(v, Formula) else v for v in r] for r in tab.rows]
            for tab in case.book.tabs.values()
        }
        try:
            plan = read_plan(Snapshot(grids), cfg)
        except SheetError:
            continue  # a case that stops: nothing is judged
        for day in _days_of_2024(step=11):
            for e in evaluate_plan(plan, day, N):
                judged += 1
                if not e.note.strip():
                    silent.append((case.name, day, e.task.stt, e.status.value))
    assert judged > 10_000
    assert silent == []
