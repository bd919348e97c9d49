"""The faster core gives the answers the plain one gave (``perf_reference``, before issue 7's
speed work), on random messy sheets: every progress record and every problem with its message,
the plan as of a day with its per-task dates, and every figure of a period's summary, in order.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, datetime, timedelta

import perf_reference as reference
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_fixtures import PROGRESS_HEADER, TASK_HEADER

from sheets_sync import contract, sheet
from sheets_sync.aggregate import PeriodSummary, summarise
from sheets_sync.config import Config
from sheets_sync.periods import reporting_period
from sheets_sync.sheet import find_header, labels_for, read_plan

pytestmark = pytest.mark.slow  # large plans, compared with the old core

UNITS = ["Đài Truyền thanh xã", "Công chức Văn phòng - Thống kê", "Văn phòng HĐND - UBND"]
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

days = st.dates(date(2023, 11, 1), date(2025, 2, 1))
serials = st.integers(45200, 45700)  # Google's dates: whole serial numbers
text_dates = st.sampled_from(
    ["15/03/2024", "31/02/2024", "15/3", "2024-03-15", "ngày 5 tháng 3", "05.10.2024", "abc"]
)
blanks = st.sampled_from([None, "", "   "])
date_cells = st.one_of(
    days,
    days.map(lambda d: datetime(d.year, d.month, d.day, 9, 30)),
    serials,
    serials.map(float),
    st.sampled_from([0, 100, 99999, 45500.5, float("nan"), True, False, "#REF!"]),
    text_dates,
    blanks,
)
stt_cells = st.one_of(
    st.integers(0, 12),
    st.sampled_from([1.0, 3.0, 3.5, -0.0, True, False, "#N/A", "III", "x"]),
    st.sampled_from(["3", "03", "3.", " 3 ", "3, 5", "3 và 5", "1;2", "10"]),
    blanks,
)
count_cells = st.one_of(
    st.integers(-2, 6),
    st.sampled_from([2.0, 2.5, -1.0, 0.0, float("inf"), float("nan"), True, False]),
    st.sampled_from(["2", "2,0", "hai", " 3 "]),
    days,
    blanks,
)
text_cells = st.one_of(
    st.sampled_from([*UNITS, " Đài  truyền thanh ", "Tin bài", "Phát thanh", "Khác"]),
    st.sampled_from(UNITS).map(lambda u: unicodedata.normalize("NFD", u)),
    st.sampled_from([5, 2.0, True]),
    blanks,
)
evidence_cells = st.one_of(st.sampled_from(["  https://xa.gov.vn/1 ", "x"]), st.just(7), blanks)
CELLS = {
    "date": date_cells,
    "task": stt_cells,
    "unit": text_cells,
    "form": text_cells,
    "content": text_cells,
    "count": count_cells,
    "evidence": evidence_cells,
}
KEYS = [c.key for c in contract.PROGRESS.columns]


@st.composite
def progress_tabs(draw, rows: int = 40) -> list[list[object]]:
    """A Tiến độ tab: columns in any order (a title row above, sometimes), rows of messy cells,
    trailing blanks trimmed as Google trims them, blank rows here and there."""
    order = draw(st.permutations(range(len(KEYS))))
    header = [PROGRESS_HEADER[i] for i in order]
    grid: list[list[object]] = [["TIẾN ĐỘ"], header] if draw(st.booleans()) else [header]
    for _ in range(draw(st.integers(0, rows))):
        row = [draw(CELLS[KEYS[i]]) for i in order]
        cut = draw(st.integers(0, len(row)))
        grid.append(row[: len(row) - cut] if draw(st.booleans()) else row)
    return grid


@st.composite
def plans(draw, cfg: Config) -> sheet.Plan:
    timeframes = ["Quý I/2024", "Quý III/2024", "Trong năm 2024", "Hằng tháng", "Hằng quý",
                  "Thường xuyên trong năm", "Tháng 6/2024", "Theo chỉ đạo",
                  "Quý IV/2023"]  # fmt: skip
    tasks = [
        [
            n,
            f"Nhiệm vụ {n}",
            "",
            draw(st.sampled_from([*UNITS, f"{UNITS[0]}, {UNITS[1]}", "Ban khác", ""])),
            "",
            draw(st.sampled_from(timeframes)),
            draw(st.one_of(st.none(), days)),
        ]
        for n in range(1, draw(st.integers(1, 12)))
    ]
    snapshot = {
        cfg.sheet.tab_title(contract.TASKS): [TASK_HEADER, *tasks],
        cfg.sheet.tab_title(contract.PROGRESS): draw(progress_tabs(rows=60)),
    }
    return read_plan(snapshot, cfg)


@SETTINGS
@given(data=st.data())
def test_progress_rows_and_problems_are_read_as_before(cfg: Config, data):
    grid = data.draw(progress_tabs())
    header = find_header(grid, contract.PROGRESS, labels_for(cfg, contract.PROGRESS), "Tiến độ")
    known = data.draw(st.sets(st.sampled_from(["1", "2", "3", "5", "10", ""]), min_size=1))
    new_problems: list[sheet.Problem] = []
    old_problems: list[sheet.Problem] = []
    new = sheet._read_progress(grid, header, cfg, "Tiến độ", known, "1", new_problems)
    old = reference.read_progress(grid, header, cfg, "Tiến độ", known, "1", old_problems)
    assert [repr(p) for p in new] == [repr(p) for p in old]  # types too: 2, not 2.0
    assert new_problems == old_problems


@SETTINGS
@given(data=st.data())
def test_the_plan_as_of_a_day_and_its_dates_are_as_before(cfg: Config, data):
    plan = data.draw(plans(cfg))
    day = data.draw(days)
    known = plan.known_by(day)
    old = reference.known_by(plan, day)
    assert known.tasks == old.tasks and known.progress == old.progress
    assert known.dates_by_task == reference.dates_by_task(old.progress)
    assert plan.dates_by_task == reference.dates_by_task(plan.progress)


@SETTINGS
@given(data=st.data())
def test_period_summaries_are_as_before(cfg: Config, data):
    plan = data.draw(plans(cfg))
    key = data.draw(st.sampled_from(["2024-Q1", "2024-Q3", "2024-H1", "2024-9M", "2024"]))
    period = reporting_period(key, data.draw(st.sampled_from(["calendar", "nd09"])))
    today = data.draw(st.dates(date(2024, 1, 15), date(2025, 1, 31)))
    units = data.draw(st.sampled_from([tuple(UNITS), ("Ban khác",)]))
    new = summarise(plan, period, today, cfg, units)
    old = reference.summarise(plan, period, today, cfg, units)
    assert _in_order(new) == _in_order(old)


def test_a_progress_row_shared_by_two_tasks_counts_once_by_doer_and_month(cfg: Config):
    """The example the property tests cover at random, spelt out: row 3 names tasks 1 and 2."""
    rows = [[date(2024, 2, i + 1), stt, UNITS[0], "Tin bài", "", 2, ""] for i, stt in
            enumerate([1, "1, 2", 2, 1])]  # fmt: skip
    snapshot = {
        cfg.sheet.tab_title(contract.TASKS): [
            TASK_HEADER,
            [1, "A", "", UNITS[0], "", "Hằng tháng", None],
            [2, "B", "", UNITS[1], "", "Hằng quý", None],
        ],
        cfg.sheet.tab_title(contract.PROGRESS): [PROGRESS_HEADER, *rows],
    }
    plan = read_plan(snapshot, cfg)
    new = summarise(plan, reporting_period("2024-Q1"), date(2024, 4, 2), cfg, tuple(UNITS))
    assert _in_order(new) == _in_order(
        reference.summarise(plan, reporting_period("2024-Q1"), date(2024, 4, 2), cfg, UNITS)
    )
    assert new.doers == {UNITS[0]: {"Tin bài": 8}}  # four rows of 2, the shared one once
    assert [t.entries for t in new.tasks] == [3, 2]


# Value pools for a long log: every kind of cell, each value on many rows.
POOLS: dict[str, list[object]] = {
    "date": [date(2024, 1, 1) + timedelta(days=i) for i in range(0, 330, 9)]
    + [45300 + i for i in range(0, 330, 13)]
    + [45400.0, 0, 99999, True, "15/03/2024", "31/02/2024", "abc", None, "", "#REF!"]
    + [datetime(2024, 5, 5, 8, 30)],
    "task": [1, 2, 3, 5, 10, 11, 3.0, 3.5, True, "3", "03", "3, 5", "x", None, ""],
    "unit": [*UNITS, " Đài  truyền thanh ", 5, None, ""],
    "form": ["Tin bài", "Phát thanh", "", None, 2.0],
    "content": ["Tuyên truyền", " Tuyên  truyền ", None, False],
    "count": [1, 2, 3, 0, -1, 2.0, 2.5, "2", "hai", None, "", True, float("nan")],
    "evidence": ["https://xa.gov.vn/1", " x ", None, 7],
}


def test_a_large_random_log_reads_as_before(cfg: Config):
    """Thousands of rows, so the remembered readings are reused many times over."""
    rng = random.Random(7)
    grid: list[list[object]] = [PROGRESS_HEADER]
    for _ in range(5_000):
        row = [rng.choice(POOLS[k]) for k in KEYS]
        grid.append(row[: rng.randint(2, len(row))])  # trailing cells trimmed, as from Google
    header = find_header(grid, contract.PROGRESS, labels_for(cfg, contract.PROGRESS), "Tiến độ")
    known = {"1", "2", "3", "5", "10"}
    new_problems: list[sheet.Problem] = []
    old_problems: list[sheet.Problem] = []
    new = sheet._read_progress(grid, header, cfg, "Tiến độ", known, "1", new_problems)
    old = reference.read_progress(grid, header, cfg, "Tiến độ", known, "1", old_problems)
    assert len(new) > 1_000 and len(new_problems) > 1_000  # both paths well exercised
    assert [repr(p) for p in new] == [repr(p) for p in old]
    assert new_problems == old_problems


def _in_order(s: PeriodSummary) -> tuple:
    """A summary with every dict as a list of items, since order is part of the answer."""
    return (
        s.period,
        s.as_of,
        [(t.evaluation, t.leads, t.entries, list(t.by_form.items())) for t in s.tasks],
        [(u, list(forms.items())) for u, forms in s.doers.items()],
        s.by_unit,
        s.total,
        [t.task.row for t in s.late],
        [t.task.row for t in s.done_late],
        [(d.activity.task.row, d.due, d.spans) for d in s.due_next],
        s.months,
        [(form, list(months.items())) for form, months in s.forms_by_month.items()],
    )
