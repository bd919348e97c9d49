"""Every messy sheet of the corpus, on the local backend and through the fake Google Sheet:
``flag`` and the Q3 ``report`` never crash, leave the note or stop with the message the case
expects, and change no officer's cell."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from jobs import JobFailed, flag, report
from sheets_sync import contract, runlog
from sheets_sync.cells import a1, as_text
from sheets_sync.config import Config
from sheets_sync.sheet import find_header, labels_for, stt_key
from tests.messy.books import GooglePlan, LocalPlan
from tests.messy.corpus import (
    CASES,
    LOG,
    PERIOD,
    TASKS,
    TODAY,
    Blank,
    Case,
    Note,
    Shows,
    cell_index,
    fresh,
)

NOW = datetime(2024, 10, 15, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_the_corpus_is_as_large_as_issue_8_asks():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)
    assert all(c.about and c.expect for c in CASES)


@pytest.fixture(params=["local", "google"])
def open_plan(request, tmp_path: Path, cfg: Config):
    """Makes the plan of a book on one backend."""
    if request.param == "local":
        return lambda book: LocalPlan(tmp_path, cfg, book)
    fake = request.getfixturevalue("fake")
    return lambda book: GooglePlan(fake, tmp_path, cfg, book)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_messy_sheet(case: Case, open_plan) -> None:
    plan = open_plan(fresh(case))
    cfg = plan.cfg
    if case.book.typed_later:  # a first run fills the job columns, then officers type
        flag.run(plan.backend, cfg, today=TODAY, now=NOW)
        for (tab, ref), value in case.book.typed_later.items():
            plan.type(tab, ref, value)
    before, formulas = plan.officer_cells(), plan.formulas()
    failures = _run_both_jobs(plan, cfg)

    assert plan.officer_cells() == before, "an officer's cell changed"
    assert plan.formulas() == formulas, "a value was written back as a formula"
    if case.stops:
        assert len(failures) == 2, "both jobs must stop"
        for message in failures:
            for fragment in case.stops.says:
                assert fragment in message, message
        assert plan.documents() == []
        return
    assert failures == []
    assert len(plan.documents()) == 1
    assert _last_log_outcome(plan, cfg) == runlog.OK
    tasks = plan.values(TASKS)
    for expectation in case.expect:
        check(expectation, plan, tasks, cfg)


def _run_both_jobs(plan, cfg: Config) -> list[str]:
    failures = []
    for run in (
        lambda: flag.run(plan.backend, cfg, today=TODAY, now=NOW),
        lambda: report.run(plan.backend, cfg, period=PERIOD, today=TODAY, now=NOW),
    ):
        try:
            run()
        except JobFailed as exc:
            failures.append(str(exc))
    return failures


def _last_log_outcome(plan, cfg: Config) -> str:
    grid = plan.values(LOG)
    header = find_header(grid, contract.LOG, labels_for(cfg, contract.LOG), LOG)
    return as_text(grid[-1][header.columns["outcome"]])


def _job_cells(tasks: list[list[object]], cfg: Config) -> tuple[dict[str, int], int]:
    header = find_header(tasks, contract.TASKS, labels_for(cfg, contract.TASKS), TASKS)
    return dict(header.columns), header.row


def _cell(grid: list[list[object]], r: int, c: int) -> object:
    return grid[r][c] if r < len(grid) and c < len(grid[r]) else None


def check(expectation, plan, tasks: list[list[object]], cfg: Config) -> None:
    columns, header_row = _job_cells(tasks, cfg)
    if isinstance(expectation, Shows):
        rows = [
            r
            for r in range(header_row + 1, len(tasks))
            if stt_key(_cell(tasks, r, columns["stt"])) == stt_key(expectation.stt)
        ]
        assert len(rows) == 1, f"task {expectation.stt!r} not found once"
        status = as_text(_cell(tasks, rows[0], columns["status"]))
        note = as_text(_cell(tasks, rows[0], columns["note"]))
        assert status == expectation.status.value, (expectation.stt, status, note)
        assert expectation.says in note, note
    elif isinstance(expectation, Note) and expectation.tab == TASKS:
        r, _ = cell_index(expectation.cell)
        note = as_text(_cell(tasks, r, columns["note"]))
        assert expectation.cell in note, f"the note does not name {expectation.cell}: {note!r}"
        for fragment in expectation.says:
            assert fragment in note, f"{fragment!r} not in {note!r}"
        assert len(note) <= 5_000, "a note must stay readable"
    elif isinstance(expectation, Note):
        note = plan.job_note(expectation.tab, expectation.cell)
        assert note is not None, f"no note on {expectation.tab}!{expectation.cell}"
        for fragment in expectation.says:
            assert fragment in note, f"{fragment!r} not in {note!r}"
    elif isinstance(expectation, Blank):
        r, c = cell_index(expectation.cell)
        value = _cell(tasks, r, c)
        assert value in (None, ""), f"{expectation.cell} holds {value!r}"
    else:  # pragma: no cover - a new kind of expectation must be checked here
        raise AssertionError(f"unchecked expectation {expectation!r}")


def test_a_case_that_fails_its_expectation_is_caught(cfg: Config, tmp_path: Path) -> None:
    """The checker itself can fail: a wrong status or a note on the wrong cell is reported."""
    case = next(c for c in CASES if c.name == "duplicate_task_number")
    plan = LocalPlan(tmp_path, cfg, fresh(case))
    flag.run(plan.backend, cfg, today=TODAY, now=NOW)
    tasks = plan.values(TASKS)
    wrong = Shows("1", contract.Status.DONE_LATE)
    with pytest.raises(AssertionError):
        check(wrong, plan, tasks, cfg)
    with pytest.raises(AssertionError):
        check(Note(TASKS, a1(4, 0), ("trùng",)), plan, tasks, cfg)
