"""Every messy sheet of the corpus, on the local backend and through the fake Google Sheet:
``flag`` and the Q3 ``report`` never crash, leave the note or stop with the message the case
expects, and change no officer's cell (tests/messy/run.py checks each case)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobs import flag
from sheets_sync import contract
from sheets_sync.cells import a1
from sheets_sync.config import Config
from tests.messy.books import GooglePlan, LocalPlan
from tests.messy.corpus import CASES, TASKS, TODAY, Case, Note, Shows, fresh
from tests.messy.run import NOW, check, run_case


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
    result = run_case(case, open_plan(fresh(case)))
    assert result.problems == []
    assert result.lost == 0
    assert result.stopped == (case.stops is not None)


def test_a_case_that_fails_its_expectation_is_caught(cfg: Config, tmp_path: Path) -> None:
    """The checker itself can fail: a wrong status or a note on the wrong cell is reported."""
    case = next(c for c in CASES if c.name == "duplicate_task_number")
    plan = LocalPlan(tmp_path, cfg, fresh(case))
    flag.run(plan.backend, cfg, today=TODAY, now=NOW)
    tasks = plan.values(TASKS)
    assert check(Shows("1", contract.Status.DONE_LATE), plan, tasks, cfg)
    assert check(Note(TASKS, a1(4, 0), ("trùng",)), plan, tasks, cfg)
    assert check(Note("Tiến độ", "B2", ("x",)), plan, tasks, cfg)
