"""Catch-up decides from what exists: documents in the output folder, runs in Nhật ký. A period
is reported once it has closed, only within the plan year, and never twice."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest
from jobs_fixtures import demo_plan, log_rows, rows_of, vn

from jobs import flag, report
from sheets_sync import contract, runlog
from sheets_sync.config import JobSection
from sheets_sync.job import Context, registry
from sheets_sync.model import Snapshot


def _keys(cfg, day: date) -> list[str]:
    return [p.key for p in report.closed_periods(cfg, day)]


def test_a_period_counts_as_closed_from_the_day_after_it_ends(cfg):
    assert _keys(cfg, date(2024, 3, 31)) == []
    assert _keys(cfg, date(2024, 4, 1)) == ["2024-Q1"]
    assert _keys(cfg, date(2024, 9, 30)) == ["2024-Q1", "2024-Q2", "2024-H1"]
    assert _keys(cfg, date(2024, 10, 1)) == ["2024-Q1", "2024-Q2", "2024-H1", "2024-Q3", "2024-9M"]


def test_only_the_plan_years_periods_are_ever_owed(cfg):
    assert _keys(cfg, date(2024, 1, 1)) == []  # nothing of 2023, though its Q4 closed
    all_2024 = ["2024-Q1", "2024-Q2", "2024-H1", "2024-Q3", "2024-9M", "2024-Q4", "2024"]
    assert _keys(cfg, date(2025, 1, 1)) == all_2024
    assert _keys(cfg, date(2026, 7, 1)) == all_2024  # nothing of 2025 for a 2024 plan


def test_the_nd09_cut_closes_periods_on_the_14th(cfg):
    nd09 = dataclasses.replace(cfg, report=dataclasses.replace(cfg.report, cut="nd09"))
    assert _keys(nd09, date(2024, 3, 14)) == []
    assert _keys(nd09, date(2024, 3, 15)) == ["2024-Q1"]
    assert _keys(nd09, date(2024, 12, 15))[-2:] == ["2024-Q4", "2024"]


def _ctx(backend, cfg, now: datetime, **kw) -> Context:
    return Context(backend, cfg, now, **kw)


@pytest.mark.slow  # renders every closed period's report
def test_owed_reports_are_the_closed_periods_missing_from_the_folder(tmp_path, cfg):
    backend = demo_plan(tmp_path, cfg)
    now = vn(2024, 10, 5, 7, 0)
    for key in ("2024-Q1", "2024-Q3"):
        report.run(backend, cfg, period=key, now=now)
    assert report.owed(_ctx(backend, cfg, now)) == ["2024-Q2", "2024-H1", "2024-9M"]
    # The folder is the truth: a report someone deleted is owed again.
    (backend.out_dir / "Bao cao quy III nam 2024 - xa Gia Tan.docx").unlink()
    assert report.owed(_ctx(backend, cfg, now)) == ["2024-Q2", "2024-H1", "2024-Q3", "2024-9M"]


@pytest.mark.slow  # renders every closed period's report
def test_running_the_report_job_again_duplicates_nothing(tmp_path, cfg):
    backend = demo_plan(tmp_path, cfg)
    ctx = _ctx(backend, cfg, vn(2024, 10, 5, 7, 0))
    first = report.perform(ctx)
    assert first.summary == "wrote 2024-Q1, 2024-Q2, 2024-H1, 2024-Q3, 2024-9M"
    files = {p.name: p.read_bytes() for p in backend.out_dir.iterdir()}
    rows = log_rows(backend.path)

    again = report.perform(ctx)
    assert again.summary == "nothing owed: every closed period has its report"
    assert {p.name: p.read_bytes() for p in backend.out_dir.iterdir()} == files
    assert log_rows(backend.path) == rows


@pytest.mark.slow  # renders every closed period's report
def test_a_dry_run_of_the_report_job_lists_what_it_would_write_and_writes_nothing(tmp_path, cfg):
    backend = demo_plan(tmp_path, cfg)
    before = backend.path.read_bytes()
    outcome = report.perform(_ctx(backend, cfg, vn(2024, 7, 2, 7, 0), dry_run=True))
    assert outcome.changes == [
        "ghi báo cáo 2024-Q1: Bao cao quy I nam 2024 - xa Gia Tan.docx",
        "ghi báo cáo 2024-Q2: Bao cao quy II nam 2024 - xa Gia Tan.docx",
        "ghi báo cáo 2024-H1: Bao cao 6 thang dau nam 2024 - xa Gia Tan.docx",
    ]
    assert backend.path.read_bytes() == before
    assert not backend.out_dir.exists()


# --- flag: owed when its last time passed without a success in Nhật ký ----------------------

SIX_THIRTY = JobSection(at=["06:30"])


def _flag_ctx(backend, cfg, now: datetime) -> Context:
    return _ctx(backend, cfg, now, scheduled=SIX_THIRTY.latest(now))


def test_flag_is_owed_until_a_successful_run_after_its_time(tmp_path, cfg):
    backend = demo_plan(tmp_path, cfg)
    assert flag.owed(_flag_ctx(backend, cfg, vn(2024, 10, 1, 5, 0))) == ["30/09/2024 06:30"]
    flag.perform(_ctx(backend, cfg, vn(2024, 10, 1, 5, 0)))
    assert flag.owed(_flag_ctx(backend, cfg, vn(2024, 10, 1, 6, 0))) == []
    # 06:30 comes: the 05:00 run does not count for it.
    assert flag.owed(_flag_ctx(backend, cfg, vn(2024, 10, 1, 6, 31))) == ["01/10/2024 06:30"]
    flag.perform(_ctx(backend, cfg, vn(2024, 10, 1, 6, 31)))
    assert flag.owed(_flag_ctx(backend, cfg, vn(2024, 10, 2, 6, 29))) == []
    assert flag.owed(_flag_ctx(backend, cfg, vn(2024, 10, 2, 6, 30))) == ["02/10/2024 06:30"]


def test_a_flag_without_times_is_never_owed(tmp_path, cfg):
    backend = demo_plan(tmp_path, cfg)
    assert flag.owed(_ctx(backend, cfg, vn(2024, 10, 1, 8, 0), scheduled=None)) == []


def test_latest_time_looks_back_to_yesterday(cfg):
    times = JobSection(at=["18:00", "06:30"])
    assert times.latest(vn(2024, 10, 2, 6, 29)) == vn(2024, 10, 1, 18, 0)
    assert times.latest(vn(2024, 10, 2, 6, 30)) == vn(2024, 10, 2, 6, 30)
    assert times.latest(vn(2024, 10, 2, 23, 0)) == vn(2024, 10, 2, 18, 0)
    assert JobSection(at=[]).latest(vn(2024, 10, 2, 6, 30)) is None


def _log(*rows) -> Snapshot:
    header = [c.label for c in contract.LOG.columns]
    return Snapshot({contract.LOG.title: [header, *map(list, rows)]})


def _last_success(snapshot: Snapshot, cfg) -> datetime | None:
    found = runlog.latest(snapshot, cfg, "flag", (runlog.OK,))
    return found[0] if found else None


@pytest.mark.parametrize(
    "cell, expected",
    [
        (datetime(2024, 10, 1, 6, 30, 5), datetime(2024, 10, 1, 6, 30, 5)),  # openpyxl
        (45566.270891203706, datetime(2024, 10, 1, 6, 30, 5)),  # Google serial number
        ("01/10/2024 06:30:05", datetime(2024, 10, 1, 6, 30, 5)),  # formatted text
        ("01/10/2024 06:30", datetime(2024, 10, 1, 6, 30)),
        ("hôm qua", None),  # unreadable: ignored, so the job runs once more
        (None, None),
    ],
)
def test_last_success_reads_the_time_as_any_backend_hands_it_over(cfg, cell, expected):
    found = _last_success(_log([cell, "flag", runlog.OK]), cfg)
    if expected is None:
        assert found is None
    else:
        assert abs((found - expected).total_seconds()) < 0.01


def test_last_success_ignores_failures_other_jobs_and_a_reordered_header(cfg):
    header = ["Kết quả", "Thời gian", "Công việc"]  # an officer moved the columns
    grid = [
        header,
        [runlog.OK, datetime(2024, 10, 1, 6, 30), "flag"],
        [runlog.FAILED, datetime(2024, 10, 2, 6, 30), "flag"],
        [runlog.OK, datetime(2024, 10, 3, 7, 0), "report"],
        ["thành công", datetime(2024, 10, 1, 9, 0), " FLAG "],  # typed loosely: still ours
    ]
    snapshot = Snapshot({contract.LOG.title: grid})
    assert _last_success(snapshot, cfg) == datetime(2024, 10, 1, 9, 0)
    assert _last_success(Snapshot({}), cfg) is None


def test_registry_jobs_run_through_the_same_entry_points(tmp_path, cfg):
    jobs = registry()
    assert jobs["flag"].perform is flag.perform and jobs["report"].owed is report.owed
    backend = demo_plan(tmp_path, cfg)
    jobs["flag"].perform(_ctx(backend, cfg, vn(2024, 10, 1, 6, 30)))
    assert [r["time"] for r in rows_of(backend.path, "flag", runlog.OK)] == [
        datetime(2024, 10, 1, 6, 30)
    ]
