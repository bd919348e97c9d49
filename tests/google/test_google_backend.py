"""The Google backend against the fake: the same results as the local backend, a request count
that does not grow with the rows, and every status on its own task's row when officers move
rows between the job's read and its write."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from jobs import flag, report
from sheets_sync import contract, seed
from sheets_sync.backends.google.spreadsheet import NOTE_MARK, ROW_KEY
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.cells import as_date, as_text, stt_key, to_serial
from sheets_sync.config import Config
from sheets_sync.demo import DEMO_TODAY, build_demo_workbook
from sheets_sync.model import Snapshot
from sheets_sync.sheet import read_plan
from sheets_sync.status import evaluate_plan
from tests.fake_google import FakeGoogle
from tests.fake_google.sheets import Spreadsheet
from tests.google.helpers import (
    OFFICER,
    SA_EMAIL,
    backend_for,
    google_config,
    grid,
    load_workbook_into,
    put_grid,
)
from tests.test_demo import pdf_text

NOW = datetime(2024, 10, 15, 7, 0)
TASKS, PROGRESS, LOG = "Nhiệm vụ", "Tiến độ", "Nhật ký"
OFFICER_KEYS = [c.key for c in contract.TASKS.columns if c.owner == "officer"]


def snapshot_of(book: Spreadsheet) -> Snapshot:
    return Snapshot({s.title: grid(book, s.title) for s in book.sheets})


def rows_by_stt(snapshot: Snapshot, cfg: Config) -> dict[str, dict[str, object]]:
    """Each task's cells by column key, found by header and keyed by STT (wherever the row is)."""
    plan = read_plan(snapshot, cfg)
    header, table = plan.task_header, snapshot[TASKS]
    out = {}
    for task in plan.tasks:
        row = table[task.row]
        out[task.key] = {
            key: (row[col] if col < len(row) else None) for key, col in header.columns.items()
        }
    return out


def job_cells(cells: dict[str, object]) -> tuple:
    return (
        as_date(cells.get("due"), 2024),
        as_text(cells.get("status")),
        as_text(cells.get("note")),
    )


def expected(snapshot: Snapshot, cfg: Config, today: date) -> dict[str, tuple]:
    plan = read_plan(snapshot, cfg)
    return {
        e.task.key: (e.due, e.status.value, e.note)
        for e in evaluate_plan(plan, today, cfg.status.due_soon_days)
    }


def _texts(row) -> list[str]:
    texts = [as_text(v) for v in row]
    while texts and not texts[-1]:
        texts.pop()
    return texts


# --- same sheet in, same statuses out ------------------------------------------------------------


@pytest.fixture
def demo_pair(fake: FakeGoogle, sa_key: dict, tmp_path: Path, cfg: Config, shared_drive_folder):
    """The demo workbook (progress log, completion dates, two officer mistakes) on both backends."""
    workbook = tmp_path / "demo.xlsx"
    build_demo_workbook(workbook, cfg)
    book = fake.create_spreadsheet("Demo", OFFICER, share={SA_EMAIL: "writer"})
    load_workbook_into(book, workbook)
    google_cfg = google_config(cfg, sa_key, book.id, shared_drive_folder.id)
    local = LocalBackend(workbook, tmp_path / "bao-cao")
    return local, backend_for(fake, google_cfg), book, google_cfg


def test_flag_gives_the_same_statuses_notes_and_log_on_both_backends(demo_pair, cfg, fake):
    local, google, book, google_cfg = demo_pair
    local_result = flag.run(local, cfg, today=DEMO_TODAY, now=NOW)
    google_result = flag.run(google, google_cfg, today=DEMO_TODAY, now=NOW)
    assert google_result.summary() == local_result.summary()

    local_rows = rows_by_stt(local.read([TASKS, PROGRESS, LOG]), cfg)
    google_rows = rows_by_stt(snapshot_of(book), cfg)
    assert {k: job_cells(v) for k, v in google_rows.items()} == {
        k: job_cells(v) for k, v in local_rows.items()
    }
    assert {v["status"] for v in google_rows.values()} >= {"Quá hạn", "Hoàn thành quá hạn"}

    # The notes on the officer's mistakes in Tiến độ sit on the same cells.
    wb = openpyxl.load_workbook(local.path)
    local_notes = {
        (c.row - 1, c.column - 1): c.comment.text
        for row in wb[PROGRESS].iter_rows()
        for c in row
        if c.comment is not None
    }
    progress = book.sheet(title=PROGRESS)
    google_notes = {
        (progress.row_of(rid), col): text.removeprefix(NOTE_MARK)
        for (rid, col), text in progress.notes.items()
    }
    assert google_notes == local_notes and len(google_notes) == 2

    # One run-log row each, with the same words.
    local_log = local.read([LOG])[LOG]
    assert len(grid(book, LOG)) == len(local_log) == 2
    assert _texts(grid(book, LOG)[1][1:]) == _texts(local_log[1][1:])
    assert as_date(grid(book, LOG)[1][0], 2024) == as_date(local_log[1][0], 2024)


@pytest.mark.libreoffice
def test_report_is_the_same_document_on_both_backends(demo_pair, cfg, fake, tmp_path):
    local, google, _book, google_cfg = demo_pair
    local_where = report.run(local, cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW).location
    google_where = report.run(
        google, google_cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW
    ).location
    assert google_where.startswith("https://docs.google.com/document/d/")
    docs = [
        f
        for f in fake.drive.files.values()
        if f.mime_type.endswith("document") and not f.name.startswith("Ghi chú nội bộ")
    ]
    assert len(docs) == 1
    uploaded = tmp_path / "from-drive.docx"
    uploaded.write_bytes(docs[0].content)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    google_text = pdf_text(uploaded, tmp_path / "a")
    assert google_text == pdf_text(Path(local_where), tmp_path / "b")
    assert "BÁO CÁO" in google_text and "quý III năm 2024" in google_text
    assert docs[0].name.startswith("Báo cáo")


# --- few requests --------------------------------------------------------------------------------


def big_plan(book: Spreadsheet, n: int) -> None:
    """``n`` tasks in the seed's layout (cycling its timeframes), and empty Tiến độ and Nhật ký."""
    tasks = book.sheets[0]
    tasks.title = TASKS
    header = [c.label for c in contract.TASKS.columns]
    rows: list[list[object]] = [header]
    for i, task in zip(range(n), itertools.cycle(seed.TASKS), strict=False):
        rows.append([i + 1, task.task, task.product, task.lead, task.partners, task.timeframe])
    if n + 1 > tasks.row_count:
        tasks.insert_rows(tasks.row_count, n + 1 - tasks.row_count)
    put_grid(tasks, rows)
    put_grid(book.add_sheet(PROGRESS), [[c.label for c in contract.PROGRESS.columns]])
    put_grid(book.add_sheet(LOG), [[c.label for c in contract.LOG.columns]])


@pytest.mark.slow  # builds a 10,000-task sheet
def test_a_flag_run_makes_the_same_few_requests_for_10_1000_and_10000_tasks(fake, sa_key, cfg):
    counts = {}
    for n in (10, 1000, 10000):
        book = fake.create_spreadsheet(f"{n} nhiệm vụ", OFFICER, share={SA_EMAIL: "writer"})
        big_plan(book, n)
        backend = backend_for(fake, google_config(cfg, sa_key, book.id))
        fake.reset_log()
        result = flag.run(backend, google_config(cfg, sa_key, book.id), today=DEMO_TODAY, now=NOW)
        assert len(result.evaluations) == n
        counts[n] = (fake.count(), fake.calls())
        assert len(grid(book, LOG)) == 2
    calls = [c for _, c in counts.values()]
    assert (
        calls[0]
        == calls[1]
        == calls[2]
        == [
            "GET sheets.spreadsheets.get",
            "GET sheets.spreadsheets.values.batchGet",
            "POST sheets.spreadsheets.values.batchUpdateByDataFilter",
            "POST sheets.spreadsheets.batchUpdate",
        ]
    )
    print({n: c for n, (c, _) in counts.items()})


def test_a_second_run_with_nothing_new_still_makes_at_most_four_requests(
    plan_book, fake, sa_key, cfg
):
    google_cfg = google_config(cfg, sa_key, plan_book.id)
    backend = backend_for(fake, google_cfg)
    flag.run(backend, google_cfg, today=DEMO_TODAY, now=NOW)
    fake.reset_log()
    result = flag.run(backend, google_cfg, today=DEMO_TODAY, now=NOW)
    assert result.cells_written == 0
    assert fake.calls() == [
        "GET sheets.spreadsheets.get",
        "GET sheets.spreadsheets.values.batchGet",
        "POST sheets.spreadsheets.batchUpdate",  # the run-log row only
    ]


# --- right row, always ---------------------------------------------------------------------------


def _is_write(req) -> bool:
    return req.path.endswith("values:batchUpdateByDataFilter")


def test_statuses_land_on_their_tasks_when_officers_insert_and_sort_rows_mid_run(
    plan_book, fake, sa_key, cfg
):
    google_cfg = google_config(cfg, sa_key, plan_book.id)
    backend = backend_for(fake, google_cfg)
    flag.run(backend, google_cfg, today=date(2024, 3, 1), now=NOW)  # anchors every task row
    before = rows_by_stt(snapshot_of(plan_book), cfg)
    tasks = plan_book.sheet(title=TASKS)

    def officer_edits() -> None:  # between the job's read and its write
        tasks.insert_rows(0, 1)
        tasks.set(0, 0, "Bản sửa ngày 20/12")
        tasks.sort_rows(4, 12, [(1, True)])  # task rows by 'Nhiệm vụ cụ thể', Z→A

    fake.before(_is_write, officer_edits)
    fake.reset_log()
    today = date(2024, 12, 20)  # Quý IV is due: statuses change on several rows
    flag.run(backend, google_cfg, today=today, now=NOW)
    assert fake.count() == 4  # no second round: the anchors followed the rows

    after_snapshot = snapshot_of(plan_book)
    after = rows_by_stt(after_snapshot, cfg)
    assert [stt_key(r[0]) for r in after_snapshot[TASKS][4:12]] != [str(i) for i in range(1, 9)]
    want = expected(after_snapshot, cfg, today)
    assert {k: job_cells(v) for k, v in after.items()} == want
    assert {k: [v[c] for c in OFFICER_KEYS] for k, v in after.items()} == {
        k: [v[c] for c in OFFICER_KEYS] for k, v in before.items()
    }
    assert after_snapshot[TASKS][0] == ["Bản sửa ngày 20/12"]


def test_a_row_deleted_mid_run_is_simply_not_written(plan_book, fake, sa_key, cfg):
    google_cfg = google_config(cfg, sa_key, plan_book.id)
    backend = backend_for(fake, google_cfg)
    flag.run(backend, google_cfg, today=date(2024, 3, 1), now=NOW)
    tasks = plan_book.sheet(title=TASKS)
    assert tasks.get(5, 0) == 3
    fake.before(_is_write, lambda: tasks.delete_rows(5, 6))  # task 3
    today = date(2024, 12, 20)
    flag.run(backend, google_cfg, today=today, now=NOW)
    after_snapshot = snapshot_of(plan_book)
    after = rows_by_stt(after_snapshot, cfg)
    assert "3" not in after and len(after) == 7
    assert {k: job_cells(v) for k, v in after.items()} == expected(after_snapshot, cfg, today)


def test_rows_not_anchored_yet_are_checked_and_rewritten_if_they_moved(
    plan_book, fake, sa_key, cfg
):
    google_cfg = google_config(cfg, sa_key, plan_book.id)
    backend = backend_for(fake, google_cfg)
    tasks = plan_book.sheet(title=TASKS)
    fake.before(_is_write, lambda: tasks.insert_rows(3, 2))  # first run ever: no anchors yet
    flag.run(backend, google_cfg, today=DEMO_TODAY, now=NOW)
    writes = [r for r in fake.requests if _is_write(r)]
    assert len(writes) == 2  # the first write found the rows moved; the job read and wrote again
    after_snapshot = snapshot_of(plan_book)
    after = rows_by_stt(after_snapshot, cfg)
    assert {k: job_cells(v) for k, v in after.items()} == expected(after_snapshot, cfg, DEMO_TODAY)
    assert len(grid(plan_book, LOG)) == 2  # one log row: the failed round wrote none
    # Rows written by position got anchors, on task rows only (not the blank rows inserted).
    anchored = {
        tasks.row_of(m["where"][2]) for m in plan_book.metadata.values() if m["key"] == ROW_KEY
    }
    task_rows = {r for r in range(tasks.row_count) if isinstance(tasks.get(r, 0), int)}
    assert len(anchored) >= 6 and anchored <= task_rows


def test_officers_notes_stay_and_the_jobs_old_notes_go(plan_book, fake, sa_key, cfg):
    progress = plan_book.sheet(title=PROGRESS)
    put_grid(progress, [None, ["31/02/2024", 1, "Đài", "Tin bài", "x", 1], [date(2024, 5, 2), 99]])
    officer_note = (progress.row_ids[2], 1)
    progress.notes[officer_note] = "Chị Lan sẽ bổ sung STT"
    google_cfg = google_config(cfg, sa_key, plan_book.id)
    backend = backend_for(fake, google_cfg)
    flag.run(backend, google_cfg, today=DEMO_TODAY, now=NOW)
    ours = {k: v for k, v in progress.notes.items() if v.startswith(NOTE_MARK)}
    assert list(ours) == [(progress.row_ids[1], 0)]  # the impossible date; not over the officer's
    assert progress.notes[officer_note] == "Chị Lan sẽ bổ sung STT"
    progress.set(1, 0, "28/02/2024")  # the officer fixes the date
    flag.run(backend, google_cfg, today=DEMO_TODAY, now=NOW)
    assert progress.notes == {officer_note: "Chị Lan sẽ bổ sung STT"}


def test_job_columns_that_come_back_get_their_colour_rules_and_date_format(
    plan_book, fake, sa_key, cfg
):
    """(That they come back at all is the backend contract's: tests/test_backend_contract.py.)"""
    tasks = plan_book.sheet(title=TASKS)
    for r in range(tasks.row_count):
        del tasks.cells[r][7:]
    google_cfg = google_config(cfg, sa_key, plan_book.id)
    flag.run(backend_for(fake, google_cfg), google_cfg, today=DEMO_TODAY, now=NOW)
    rules = {
        r["booleanRule"]["condition"]["values"][0]["userEnteredValue"]
        for r in tasks.conditional_formats
        if r["ranges"][0].get("startColumnIndex") == 8
    }
    assert rules >= {"Quá hạn", "Chưa đến hạn"}
    due = tasks.formats[(tasks.row_ids[3], 7)]["numberFormat"]
    assert due == {"type": "DATE", "pattern": "dd/mm/yyyy"}


def test_dates_are_read_whether_they_are_serial_numbers_or_text(plan_book, fake, sa_key, cfg):
    tasks = plan_book.sheet(title=TASKS)
    put_grid(tasks, [None] * 5 + [[None] * 6 + [date(2024, 4, 12)]])  # task 3: a real date
    tasks.set(8, 6, "28/06/2024")  # task 6: the same kind of date, typed as text
    tasks.set(9, 5, to_serial(date(2024, 11, 30)))  # task 7's deadline typed as a date
    tasks.formats[(tasks.row_ids[9], 5)] = {"numberFormat": {"type": "DATE"}}
    google_cfg = google_config(cfg, sa_key, plan_book.id)
    flag.run(backend_for(fake, google_cfg), google_cfg, today=DEMO_TODAY, now=NOW)
    rows = rows_by_stt(snapshot_of(plan_book), cfg)
    assert job_cells(rows["3"])[1] == "Hoàn thành quá hạn"  # done 12/04, due end of March
    assert job_cells(rows["6"])[1] == "Hoàn thành đúng hạn"
    assert job_cells(rows["7"])[0] == date(2024, 11, 30)
