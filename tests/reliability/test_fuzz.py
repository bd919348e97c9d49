"""Hypothesis over the sheet reader and the timeframe parser, and everything the jobs compute
from what they read: random cell values (huge, NaN and infinite numbers, control characters,
lone surrogates, times and durations as python-calamine returns them) in random layouts. No
exception escapes but the one that says a required header is missing; every note names a real
cell; the job writes only its own columns."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sheets_sync import contract, ledger
from sheets_sync.aggregate import summarise
from sheets_sync.cells import CellError, as_count, as_date
from sheets_sync.changes import NOTE_LIMIT, flag_changes, job_columns
from sheets_sync.config import Config, load
from sheets_sync.model import Snapshot
from sheets_sync.periods import reporting_period
from sheets_sync.sheet import SheetError, read_plan
from sheets_sync.status import evaluate_plan
from sheets_sync.text import strip_diacritics
from sheets_sync.timeframe import parse

CFG: Config = load(None)
EXAMPLES = 300  # per property; the figures of docs/reliability.md count them
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a shared 2-core machine: time is not what these tests check
    derandomize=True,  # the same examples on every run, so the figures match a rerun
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TIMEFRAME_WORDS = [
    "Quý", "quy", "Q", "I", "II", "III", "IV", "V", "1", "4", "/2024", "/2023", "/24", "năm",
    "Tháng", "thang", "6", "12", "13", "Trước", "ngày", "15/12", "31/02", "6 tháng đầu năm",
    "Mỗi tháng 01 kỳ", "Hằng quý", "hàng tuần", "Thường xuyên", "trong năm", "-", "–", ",",
    " và ", " ", "  ", "đến", "Theo chỉ đạo", "2024", "9999", "0", "\n", "\u0301",
]  # fmt: skip

texts = st.text(
    alphabet=st.characters(codec=None, categories=None, exclude_characters=()), max_size=60
)
huge = st.sampled_from(["x" * 50_000, "7" * 50_000, "Quý I/2024 " * 4_000, "\x00" * 1_000])
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([45366.0, 45366, 0, -1, 2024, 1e308, -0.0]),
)
moments = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    st.times(),
    st.timedeltas(min_value=timedelta(days=-1000), max_value=timedelta(days=1000)),
)
byteslike = st.binary(max_size=20).map(lambda b: b.decode("utf-8", errors="surrogateescape"))
errors = st.sampled_from(["#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", " #ref! "])
cells = st.one_of(
    st.none(), texts, numbers, st.booleans(), moments, byteslike, errors, huge,
    st.sampled_from(["", "   ", "15/3/2024", "2024-03-15", "15.3.24", "31/02/2024", "Đã xong"]),
)  # fmt: skip
timeframes = st.one_of(
    texts,
    st.lists(st.sampled_from(TIMEFRAME_WORDS), max_size=8).map("".join),
    st.lists(st.sampled_from(TIMEFRAME_WORDS), max_size=8).map(" ".join),
)


def _header_cell(label: str, variant: int) -> str:
    """A header as officers type it: as is, upper case, without marks, spaced out."""
    return [label, label.upper(), strip_diacritics(label), f"  {label.replace(' ', '  ')} "][
        variant % 4
    ]


@st.composite
def tab_grid(draw, tab: contract.Tab, rows: int = 12) -> list[list[object]]:
    """Junk rows, then the tab's header in a random order among columns of the officers' own,
    then rows of random cells (a timeframe-like text in the timeframe column)."""
    labels = [c.label for c in tab.columns if c.required or draw(st.booleans())]
    labels += draw(st.lists(st.sampled_from(["Ghi chú", "", "Cột riêng"]), max_size=2))
    order = draw(st.permutations(labels))
    header = [_header_cell(label, draw(st.integers(0, 3))) for label in order]
    above = draw(st.lists(st.lists(cells, max_size=3), max_size=4))
    body = []
    for _ in range(draw(st.integers(0, rows))):
        row = [draw(cells) for _ in header]
        for label, plausible in PLAUSIBLE.items():  # mostly, what the column expects
            if label in order and draw(st.integers(0, 3)):
                row[order.index(label)] = draw(plausible)
        body.append(row[: draw(st.integers(0, len(row)))] if draw(st.booleans()) else row)
    return [*above, header, *body]


in_2024 = st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31))
PLAUSIBLE = {
    "STT": st.one_of(st.integers(1, 12), st.integers(1, 12).map(str)),
    "STT nhiệm vụ": st.one_of(st.integers(1, 12), st.floats(1, 12).map(round)),
    "Thời gian thực hiện": timeframes,
    "Ngày": st.one_of(in_2024, in_2024.map(lambda d: f"{d.day}/{d.month}/{d.year}")),
    "Ngày hoàn thành": in_2024,
    "Số lượng": st.integers(-3, 20),
}


@st.composite
def plans(draw) -> Snapshot:
    tabs = {"Nhiệm vụ": draw(tab_grid(contract.TASKS))}
    # Always a progress tab (its header may be missing): without the tab the job stops.
    tabs["Tiến độ"] = draw(tab_grid(contract.PROGRESS, rows=20)) if draw(st.integers(0, 4)) else []
    if draw(st.booleans()):
        tabs[contract.MEMORY_TITLE] = draw(st.lists(st.lists(cells, max_size=5), max_size=6))
    return Snapshot(tabs)


@FUZZ
@given(plans(), st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31)))
def test_whatever_the_cells_the_jobs_compute_without_an_exception(snapshot, today):
    plan = read_plan(snapshot, CFG)
    event(f"tasks read: {min(len(plan.tasks), 3)}+, progress rows: {min(len(plan.progress), 1)}+")
    grid = snapshot["Nhiệm vụ"]
    for problem in plan.problems:
        assert (
            problem.row is None
            or 0 <= problem.row < max(len(grid), 1)
            or problem.tab != ("Nhiệm vụ")
        )
        assert problem.message and problem.message == problem.message.strip()
    evaluations = evaluate_plan(plan, today, CFG.status.due_soon_days)
    book = ledger.read(snapshot)
    columns = job_columns(plan.task_header, CFG)[0]
    typed = ledger.typed_over(book, grid, plan, evaluations, columns)
    changes = flag_changes(snapshot, plan, evaluations, CFG, ledger=book, typed=typed)
    owned = set(columns.values())
    for write in changes.writes:
        if write.tab == "Nhiệm vụ":
            assert set(write.cells) <= owned, "the job wrote outside its own columns"
            note = write.cells.get(columns["note"])
            assert note is None or len(str(note)) <= NOTE_LIMIT
    for note in changes.notes:
        assert note.tab == "Tiến độ" and note.row >= 0 and note.col >= 0
    period = reporting_period("2024-Q3", CFG.report.cut)
    summarise(plan, period, today, CFG)


@FUZZ
@given(st.lists(st.lists(cells, max_size=8), max_size=12))
def test_a_grid_without_a_header_stops_with_the_message_that_says_so(rows):
    try:
        read_plan(Snapshot({"Nhiệm vụ": rows, "Tiến độ": rows}), CFG)
    except SheetError as exc:
        assert "không tìm thấy cột" in str(exc) and "(Tab 'Nhiệm vụ'" in str(exc)


@settings(FUZZ, max_examples=EXAMPLES * 5)
@given(timeframes, st.integers(2000, 2100))
def test_the_timeframe_parser_understands_or_says_what_to_type(text, year):
    tf = parse(text, year)
    assert tf.kind in ("deadline", "recurring", "continuous", "unknown")
    if tf.kind == "unknown":
        assert tf.warning, "an unknown timeframe must say what to type"
    else:
        assert isinstance(tf.due, date)
    if tf.kind == "recurring":
        assert tf.every in ("week", "month", "quarter", "half_year", "year")


@FUZZ
@given(cells)
def test_a_cell_is_a_date_a_count_or_a_clear_message(value):
    for read in (lambda v: as_date(v, 2024), as_count):
        try:
            out = read(value)
        except CellError as exc:
            assert 0 < len(str(exc)) < 200
        else:
            assert out is None or isinstance(out, date | int)
            if isinstance(out, int):
                assert out >= 0 and not math.isnan(out)
