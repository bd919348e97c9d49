"""`sheets-sync run` and `serve` from the command line: dry runs write nothing, mistakes get
messages and exit status 2, a failure leaves its Nhật ký row."""

from __future__ import annotations

import docx
import openpyxl
import pytest
import time_machine
from click.testing import CliRunner
from jobs_fixtures import demo_plan, log_rows, on_server, rows_of, vn, write_config

from sheets_sync import contract, runlog
from sheets_sync.backends.local import LocalBackend
from sheets_sync.cli import main
from sheets_sync.config import load
from sheets_sync.lock import job_lock
from sheets_sync.runner import Runner

JOBS = '[jobs.flag]\nat = ["06:30"]\n\n[jobs.report]\nat = ["07:00"]'


def _plan(tmp_path, jobs=JOBS, **kw):
    config = write_config(tmp_path, jobs, **kw)
    backend = demo_plan(tmp_path, load(config))
    args = ["--config", str(config), "--local", str(backend.path), "--out", str(backend.out_dir)]
    return backend, args


def _invoke(args, at=None):
    with time_machine.travel(on_server(at or vn(2024, 10, 2, 8, 0)), tick=False):
        return CliRunner().invoke(main, args)


@pytest.mark.slow  # renders every closed period's report
def test_run_dry_run_prints_the_changes_and_writes_nothing(tmp_path):
    backend, args = _plan(tmp_path)
    before = backend.path.read_bytes()
    result = _invoke(["run", "flag", "report", "--dry-run", *args])
    assert result.exit_code == 0, result.output
    assert "Nhiệm vụ!I4: '' → 'Đang thực hiện'" in result.output  # flag's cell changes
    assert "ghi báo cáo 2024-Q3: Bao cao quy III nam 2024 - xa Gia Tan.docx" in result.output
    assert backend.path.read_bytes() == before
    assert not backend.out_dir.exists()


@pytest.mark.slow  # renders every closed period's report
def test_run_then_run_if_owed_does_the_work_once(tmp_path):
    backend, args = _plan(tmp_path)
    first = _invoke(["run", "flag", "report", *args])
    assert first.exit_code == 0, first.output
    assert len(rows_of(backend.path, "report", runlog.OK)) == 5
    rows = log_rows(backend.path)
    again = _invoke(["run", "flag", "report", "--if-owed", *args], at=vn(2024, 10, 2, 9, 0))
    assert again.exit_code == 0, again.output
    assert "flag: nothing owed" in again.output and "report: nothing owed" in again.output
    assert log_rows(backend.path) == rows


def test_run_names_the_jobs_there_are_when_given_an_unknown_one(tmp_path):
    _, args = _plan(tmp_path)
    result = _invoke(["run", "reprot", *args])
    assert result.exit_code == 2
    assert "không có công việc 'reprot' (có: flag, report" in result.output


def test_a_failed_run_exits_2_and_leaves_a_nhat_ky_row(tmp_path):
    broken = tmp_path / "mau.docx"
    document = docx.Document()
    document.add_paragraph("{% if %}")  # a tag the office broke
    document.save(broken)
    backend, args = _plan(tmp_path, replace={'template = ""': f"template = '{broken}'"})
    result = _invoke(["run", "report", "flag", *args])
    assert result.exit_code == 2
    (failed,) = rows_of(backend.path, "report", runlog.FAILED)
    assert "Mẫu báo cáo" in failed["counts"]  # the Vietnamese message of the report module
    assert len(rows_of(backend.path, "flag", runlog.OK)) == 1  # the next job still ran


def test_serve_without_jobs_says_what_to_add(tmp_path):
    _, args = _plan(tmp_path, jobs="")
    result = _invoke(["serve", *args])
    assert result.exit_code == 2
    assert 'no jobs to serve: add e.g. [jobs.flag] with at = ["06:30"]' in result.output


# --- one runner for every job command: `flag`/`report` and `run flag`/`run report` -----------


def _failure_rows(backend, job):
    return [
        {k: v for k, v in row.items() if k != "time"}
        for row in rows_of(backend.path, job, runlog.FAILED)
    ]


def test_flag_and_run_flag_leave_the_same_row_when_the_sheet_cannot_be_read(tmp_path):
    backend, args = _plan(tmp_path)
    wb = openpyxl.load_workbook(backend.path)
    wb[contract.TASKS.title]["F3"] = "Hạn chót"  # the timeframe header, renamed by an officer
    wb.save(backend.path)
    by_hand = _invoke(["flag", *args])
    as_job = _invoke(["run", "flag", *args])
    assert by_hand.exit_code == as_job.exit_code == 2
    assert "không tìm thấy cột 'Thời gian thực hiện'" in by_hand.output
    first, second = _failure_rows(backend, "flag")
    assert first == second


def test_report_and_run_report_leave_the_same_row_on_an_unexpected_failure(tmp_path):
    backend, args = _plan(tmp_path)
    out = args.index("--out") + 1
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    args[out] = str(blocked / "bao-cao")  # reports cannot be written: its parent is a file
    by_hand = _invoke(["report", "--period", "2024-Q3", *args])
    as_job = _invoke(["run", "report", *args], at=vn(2024, 10, 2, 8, 0))
    assert by_hand.exit_code == as_job.exit_code == 2
    assert "Traceback" not in by_hand.output
    rows = _failure_rows(backend, "report")
    assert len(rows) == 2 and rows[0] == rows[1]


def test_flag_by_hand_takes_the_same_lock_as_run_flag(tmp_path):
    backend, args = _plan(tmp_path)
    cfg = load(args[args.index("--config") + 1])
    runner = Runner(LocalBackend(backend.path.absolute(), backend.out_dir.absolute()), cfg)
    before = backend.path.read_bytes()
    with job_lock(runner.lock_path("flag")) as held:
        assert held.held
        by_hand = _invoke(["flag", *args])
        as_job = _invoke(["run", "flag", *args])
    assert by_hand.exit_code == as_job.exit_code == 0
    assert "skipped" in by_hand.output
    assert backend.path.read_bytes() == before  # neither ran while the lock was held
    assert _invoke(["flag", *args]).exit_code == 0
    assert len(rows_of(backend.path, "flag", runlog.OK)) == 1
