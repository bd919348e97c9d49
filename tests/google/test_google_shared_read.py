"""One read per round: when flag and the owed reports run together, the reports are made from
the sheet as flag read it — the same figures as from a read of their own, one values:batchGet
fewer per report."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
import time_machine

from jobs import flag, report
from sheets_sync import contract
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.config import Config
from sheets_sync.demo import DEMO_TODAY, build_demo_workbook
from sheets_sync.job import SharedRead, registry
from sheets_sync.report import build_document
from sheets_sync.runner import Runner
from sheets_sync.scheduler import Scheduler
from tests.fake_google import FakeGoogle
from tests.google.helpers import OFFICER, SA_EMAIL, backend_for, google_config, load_workbook_into
from tests.report_fixtures import docx_text

pytestmark = pytest.mark.slow  # whole rounds of jobs on the fake

NOW = datetime(2024, 10, 16, 7, 0)
OWED = ["2024-Q1", "2024-Q2", "2024-H1", "2024-Q3", "2024-9M"]  # closed by 16/10/2024


@pytest.fixture
def demo_cfg(fake: FakeGoogle, sa_key: dict, cfg: Config, tmp_path: Path, shared_drive_folder):
    """The demo plan (seed tasks and a 2024 log) as a Google Sheet, reports to a shared drive."""
    workbook = tmp_path / "demo.xlsx"
    build_demo_workbook(workbook, cfg)
    book = fake.create_spreadsheet("Demo", OFFICER, share={SA_EMAIL: "writer"})
    load_workbook_into(book, workbook)
    return google_config(cfg, sa_key, book.id, shared_drive_folder.id)


def plan_reads(fake: FakeGoogle) -> int:
    """values:batchGet requests that fetched the progress log: reads of the whole plan."""
    return sum(
        1
        for r in fake.requests
        if r.method_id == "sheets.spreadsheets.values.batchGet"
        and any("Tiến độ" in rng for rng in r.query.get("ranges", []))
    )


def documents(fake: FakeGoogle, cfg: Config) -> list:
    """The reports in the folder (not the office's notes written beside each)."""
    children = fake.drive.children(fake.drive.files[cfg.google.folder_id])
    return [d for d in children if not d.name.startswith("Ghi chú nội bộ")]


def test_a_report_from_flags_read_has_the_figures_of_a_read_of_its_own(fake, demo_cfg):
    backend = backend_for(fake, demo_cfg)
    shared = SharedRead()
    flag.run(backend, demo_cfg, today=DEMO_TODAY, now=NOW, shared=shared)
    fake.reset_log()
    from_flag = report.run(
        backend, demo_cfg, period="2024-Q3", today=DEMO_TODAY, dry_run=True, shared=shared
    )
    assert fake.count("sheets") == 0  # nothing read: the plan came with the round
    own = report.run(backend, demo_cfg, period="2024-Q3", today=DEMO_TODAY, dry_run=True)
    assert plan_reads(fake) == 1
    # Flag writes only its own cells, so the report says the same. (Only what the job columns
    # showed differs between the two plans, and no report shows that.)
    mine, theirs = from_flag.summary, own.summary
    assert (mine.total, mine.by_unit, mine.doers) == (theirs.total, theirs.by_unit, theirs.doers)
    assert mine.forms_by_month == theirs.forms_by_month
    text = docx_text(build_document(mine, demo_cfg, DEMO_TODAY).content)
    assert text == docx_text(build_document(theirs, demo_cfg, DEMO_TODAY).content)
    assert mine.entries > 0 and mine.late and "Quá hạn" in text


def test_run_flag_report_reads_the_plan_once_for_all_owed_reports(fake, demo_cfg, tmp_path):
    runner = Runner(backend_for(fake, demo_cfg), demo_cfg, state_dir=tmp_path / "state")
    jobs = registry()
    with time_machine.travel(NOW.replace(tzinfo=UTC), tick=False):
        shared = SharedRead()
        runs = [runner.run(jobs[name], shared=shared) for name in ("flag", "report")]
    assert [r.status for r in runs] == ["done", "done"]
    assert runs[1].outcome.summary == f"wrote {', '.join(OWED)}"
    assert plan_reads(fake) == 1  # five reports, and flag, from one read
    assert len(documents(fake, demo_cfg)) == len(OWED)


def test_each_owed_report_alone_reads_the_plan_once_too(fake, demo_cfg, tmp_path):
    """Catch-up on a first start owes every closed period: one read serves them all."""
    runner = Runner(backend_for(fake, demo_cfg), demo_cfg, state_dir=tmp_path / "state")
    with time_machine.travel(NOW.replace(tzinfo=UTC), tick=False):
        run = runner.run(registry()["report"], only_if_owed=True)
    assert run.status == "done" and plan_reads(fake) == 1


def test_the_schedulers_catch_up_shares_one_read_between_its_jobs(fake, demo_cfg, tmp_path):
    runner = Runner(backend_for(fake, demo_cfg), demo_cfg, state_dir=tmp_path / "state")
    with time_machine.travel(NOW.replace(tzinfo=UTC), tick=False):
        Scheduler(runner, registry(), sleep=lambda s: None).catch_up()
    assert plan_reads(fake) == 1  # flag was owed (no run yet), then every closed period
    assert len(documents(fake, demo_cfg)) == len(OWED)


def test_a_round_on_a_sheet_without_a_run_log_tab_logs_both_jobs_in_the_tab_flag_made(
    tmp_path, cfg
):
    workbook = tmp_path / "plan.xlsx"
    build_demo_workbook(workbook, cfg)
    book = openpyxl.load_workbook(workbook)
    del book[cfg.sheet.tab_title(contract.LOG)]
    book.save(workbook)
    backend = LocalBackend(workbook, tmp_path / "bao-cao")
    shared = SharedRead()
    flag.run(backend, cfg, today=DEMO_TODAY, now=NOW, shared=shared)
    report.run(backend, cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW, shared=shared)
    log = backend.read([cfg.sheet.tab_title(contract.LOG)])[cfg.sheet.tab_title(contract.LOG)]
    assert [row[1] for row in log[1:]] == ["flag", "report"]
    assert (tmp_path / "bao-cao").iterdir()


def test_a_failed_flag_leaves_nothing_to_share(tmp_path, cfg):
    """A sheet flag cannot read is not handed on: the report reads (and fails) on its own."""
    workbook = tmp_path / "plan.xlsx"
    build_demo_workbook(workbook, cfg)
    book = openpyxl.load_workbook(workbook)
    book[cfg.sheet.tab_title(contract.TASKS)].delete_rows(1, 3)  # title rows and the header
    book.save(workbook)
    shared = SharedRead()
    with pytest.raises(Exception, match="không tìm thấy cột"):
        flag.run(LocalBackend(workbook), cfg, today=date(2024, 10, 15), now=NOW, shared=shared)
    assert shared.plan is None and shared.snapshot is None


def test_catch_up_asks_a_job_that_owed_nothing_again_only_the_next_day(fake, demo_cfg, tmp_path):
    """On Google each "is anything owed?" is a read: asked every ten minutes, it would cost
    more requests a day than the jobs themselves."""
    scheduler = Scheduler(
        Runner(backend_for(fake, demo_cfg), demo_cfg, state_dir=tmp_path / "state"),
        registry(),
        sleep=lambda s: None,
    )

    def tick(moment: datetime) -> list[str]:
        fake.reset_log()
        with time_machine.travel(moment.replace(tzinfo=UTC), tick=False):
            scheduler.catch_up()
        return fake.calls()

    assert "POST sheets.spreadsheets.batchUpdate" in tick(NOW)  # the owed work is done
    assert tick(NOW + timedelta(minutes=10))  # asked once more: nothing owed now
    assert tick(NOW + timedelta(minutes=20)) == []
    assert tick(NOW + timedelta(hours=9)) == []  # 16/10, 23:00 in Vietnam
    next_day = tick(NOW + timedelta(hours=10))  # 17/10, 00:00: a period may have closed
    assert next_day and "POST sheets.spreadsheets.batchUpdate" not in next_day
    assert len(documents(fake, demo_cfg)) == len(OWED)
