"""The serve loop on a moving clock: times in Asia/Ho_Chi_Minh whatever the server's zone, a
quarter's report once after it closes, failures isolated and retried, clean stops on signals.

No test sleeps: the scheduler's ``sleep`` is a ``Clock`` that moves time-machine's clock.
"""

from __future__ import annotations

import logging
import os
import signal
from datetime import datetime, timedelta
from pathlib import Path

import docx
import pytest
import time_machine
from jobs_fixtures import (
    Clock,
    demo_plan,
    on_server,
    rows_of,
    vn,
    write_config,
)

from sheets_sync import runlog
from sheets_sync.config import ConfigError, load
from sheets_sync.job import Context, Job, Outcome, registry
from sheets_sync.lock import JobLock
from sheets_sync.resources import default_template_path
from sheets_sync.runner import Runner
from sheets_sync.scheduler import Scheduler

REPORT_ONLY = '[jobs.report]\nat = ["07:00"]'


def _serve(
    cfg, backend, start: datetime, until: datetime, jobs=None, server_zone="UTC", setup=None
):
    """Run ``serve`` from ``start`` to ``until`` on a fake clock; return the Clock."""
    with time_machine.travel(on_server(start, server_zone), tick=False) as traveller:
        clock = Clock(traveller, until)
        scheduler = Scheduler(Runner(backend, cfg), jobs or registry(), sleep=clock)
        clock.scheduler = scheduler
        if setup:
            setup(clock, scheduler)
        scheduler.serve()
    return clock


def _times(rows) -> list[datetime]:
    return [r["time"] for r in rows]


@pytest.mark.slow  # a served day or quarter, reports included
def test_quarter_end_passes_and_its_report_appears_once(tmp_path):
    cfg = load(write_config(tmp_path, REPORT_ONLY))
    backend = demo_plan(tmp_path, cfg)
    _serve(cfg, backend, vn(2024, 9, 30, 23, 50), vn(2024, 10, 2, 8, 0))

    q3 = backend.out_dir / "Bao cao quy III nam 2024 - xa Gia Tan.docx"
    assert q3.is_file()
    assert "quý III năm 2024" in " ".join(p.text for p in docx.Document(q3).paragraphs)
    rows = rows_of(backend.path, "report", runlog.OK)
    named = [r["counts"].split(":")[0] for r in rows]
    # Q1, Q2 and H1 had closed at start; Q3 and the nine months closed at midnight. Each once.
    assert named == [
        "Báo cáo quý I năm 2024",
        "Báo cáo quý II năm 2024",
        "Báo cáo 6 tháng đầu năm 2024",
        "Báo cáo quý III năm 2024",
        "Báo cáo 9 tháng đầu năm 2024",
    ]
    q3_time = rows[3]["time"]
    # Written by the first catch-up after the quarter closed, not at 07:00 and not before 1/10.
    assert datetime(2024, 10, 1, 0, 0) <= q3_time <= datetime(2024, 10, 1, 0, 10)
    assert not (backend.out_dir / "Bao cao quy IV nam 2024 - xa Gia Tan.docx").exists()


@pytest.mark.parametrize("server_zone", ["UTC", "America/Los_Angeles", "Asia/Tokyo"])
def test_daily_times_are_plan_time_whatever_the_server_clock_zone(tmp_path, server_zone):
    cfg = load(write_config(tmp_path, '[jobs.flag]\nat = ["06:30"]'))
    backend = demo_plan(tmp_path, cfg)
    start, until = vn(2024, 10, 1, 5, 0), vn(2024, 10, 3, 7, 0)
    with time_machine.travel(on_server(start, server_zone), tick=False) as traveller:
        clock = Clock(traveller, until)
        scheduler = Scheduler(Runner(backend, cfg), registry(), sleep=clock)
        clock.scheduler = scheduler
        assert scheduler.next_runs()["flag"] == vn(2024, 10, 1, 6, 30)
        scheduler.serve()
    flag_rows = rows_of(backend.path, "flag", runlog.OK)
    # Caught up on start (no run since 30/9 06:30 in Nhật ký), then at 06:30 plan time daily.
    assert _times(flag_rows) == [
        datetime(2024, 10, 1, 5, 0),
        datetime(2024, 10, 1, 6, 30),
        datetime(2024, 10, 2, 6, 30),
        datetime(2024, 10, 3, 6, 30),
    ]


def test_a_restart_does_not_repeat_a_daily_run_that_was_done(tmp_path):
    cfg = load(write_config(tmp_path, '[jobs.flag]\nat = ["06:30"]'))
    backend = demo_plan(tmp_path, cfg)
    _serve(cfg, backend, vn(2024, 10, 1, 6, 0), vn(2024, 10, 1, 8, 0))
    before = len(rows_of(backend.path, "flag"))
    # The server restarts at 09:00: the 06:30 run is in Nhật ký, so nothing is owed.
    _serve(cfg, backend, vn(2024, 10, 1, 9, 0), vn(2024, 10, 1, 12, 0))
    assert len(rows_of(backend.path, "flag")) == before


@pytest.mark.slow  # a served day or quarter, reports included
def test_server_down_over_quarter_end_is_caught_up_on_start(tmp_path):
    cfg = load(write_config(tmp_path, REPORT_ONLY))
    backend = demo_plan(tmp_path, cfg)
    _serve(cfg, backend, vn(2024, 9, 20, 8, 0), vn(2024, 9, 20, 9, 0))  # up in September
    assert len(rows_of(backend.path, "report")) == 3  # Q1, Q2, H1
    # Down from 20/9 to 3/10 at 14:00 — past the quarter's end and the 07:00 run.
    _serve(cfg, backend, vn(2024, 10, 3, 14, 0), vn(2024, 10, 3, 14, 5))
    rows = rows_of(backend.path, "report", runlog.OK)
    assert [r["counts"].split(":")[0] for r in rows[3:]] == [
        "Báo cáo quý III năm 2024",
        "Báo cáo 9 tháng đầu năm 2024",
    ]
    assert rows[3]["time"] == datetime(2024, 10, 3, 14, 0)  # on start, before any tick


@pytest.mark.slow  # a served day or quarter, reports included
def test_a_failing_job_is_logged_recorded_and_the_next_job_still_runs(tmp_path, caplog):
    broken = tmp_path / "mau-loi.docx"
    document = docx.Document()
    document.add_paragraph("{{ khong_co_ten_nay }}")  # a tag the office misspelt
    document.save(broken)
    jobs = '[jobs.report]\nat = ["06:00"]\n\n[jobs.flag]\nat = ["06:30"]'
    cfg = load(write_config(tmp_path, jobs, replace={'template = ""': f"template = '{broken}'"}))
    backend = demo_plan(tmp_path, cfg)

    def setup(clock, scheduler):  # the office fixes the template at 07:05
        clock.at(on_server(vn(2024, 10, 1, 7, 5)), lambda: broken.write_bytes(fixed))

    fixed = default_template_path().read_bytes()
    caplog.set_level(logging.INFO)
    _serve(cfg, backend, vn(2024, 10, 1, 5, 0), vn(2024, 10, 1, 8, 30), setup=setup)

    failures = rows_of(backend.path, "report", runlog.FAILED)
    # On start, at 06:00 (its time), at 07:00 (catch-up, retry_minutes after 06:00), never more.
    assert _times(failures) == [
        datetime(2024, 10, 1, 5, 0),
        datetime(2024, 10, 1, 6, 0),
        datetime(2024, 10, 1, 7, 0),
    ]
    assert "khong_co_ten_nay" in failures[0]["counts"]
    # flag ran after the failure on start and at its own time.
    assert _times(rows_of(backend.path, "flag", runlog.OK)) == [
        datetime(2024, 10, 1, 5, 0),
        datetime(2024, 10, 1, 6, 30),
    ]
    # Retried by catch-up at 08:00, once the template was fixed: every closed period delivered.
    done = rows_of(backend.path, "report", runlog.OK)
    assert {r["time"] for r in done} == {datetime(2024, 10, 1, 8, 0)}
    assert len(done) == 5
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 3 and all("report: failed:" in e for e in errors)
    assert all("\n" not in r.getMessage() for r in caplog.records)  # one line per event


def _job(name: str, perform, owed=lambda ctx: ["now"]) -> Job:
    return Job(name, f"test job {name}", perform, owed)


def test_an_unexpected_error_is_isolated_and_recorded_for_the_officers(tmp_path, caplog):
    def crash(ctx: Context) -> Outcome:
        raise RuntimeError("disk on fire")

    ran = []
    jobs = {
        "crash": _job("crash", crash),
        "after": _job("after", lambda ctx: ran.append(ctx.now) or Outcome("fine")),
    }
    cfg = load(write_config(tmp_path, "[jobs.crash]\n\n[jobs.after]\n"))
    backend = demo_plan(tmp_path, cfg)
    caplog.set_level(logging.INFO)
    _serve(cfg, backend, vn(2024, 10, 1, 5, 0), vn(2024, 10, 1, 5, 30), jobs=jobs)

    assert ran == [vn(2024, 10, 1, 5, 0), vn(2024, 10, 1, 5, 10), vn(2024, 10, 1, 5, 20)]
    (row,) = rows_of(backend.path, "crash", runlog.FAILED)  # retried only after retry_minutes
    assert row["counts"].startswith("Lỗi ngoài dự kiến")
    (line,) = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert "RuntimeError: disk on fire (at test_scheduler.py:" in line


def test_unknown_or_missing_jobs_in_the_config_are_named(tmp_path, cfg):
    typo = load(write_config(tmp_path, '[jobs.reprot]\nat = ["07:00"]'))
    with pytest.raises(
        ConfigError, match=r"jobs\.reprot: không có công việc này \(có: flag, report"
    ):
        Scheduler(Runner(demo_plan(tmp_path, typo), typo), registry())
    none = load(write_config(tmp_path, ""))
    with pytest.raises(ConfigError, match=r"no jobs to serve"):
        Scheduler(Runner(demo_plan(tmp_path, none), none), registry())


# --- stopping --------------------------------------------------------------------------------


@pytest.mark.slow  # a served day or quarter, reports included
def test_sigterm_while_idle_stops_at_once(tmp_path, caplog):
    cfg = load(write_config(tmp_path, REPORT_ONLY))
    backend = demo_plan(tmp_path, cfg)
    caplog.set_level(logging.INFO)
    with time_machine.travel(on_server(vn(2024, 10, 1, 6, 0)), tick=False):
        slept = []

        def sleep(seconds: float) -> None:
            slept.append(seconds)
            os.kill(os.getpid(), signal.SIGTERM)
            raise AssertionError("the signal should have ended the sleep")

        previous = signal.getsignal(signal.SIGTERM)
        Scheduler(Runner(backend, cfg), registry(), sleep=sleep).serve()
        assert signal.getsignal(signal.SIGTERM) is previous  # handlers restored
    assert len(slept) == 1
    assert caplog.records[-1].getMessage() == "stopped on SIGTERM"
    assert len(rows_of(backend.path, "report")) == 5  # the catch-up on start had finished


def test_sigterm_during_a_job_lets_it_finish_then_stops(tmp_path, caplog):
    finished, later = [], []

    def slow(ctx: Context) -> Outcome:
        os.kill(os.getpid(), signal.SIGTERM)  # systemd stops the service mid-run
        finished.append(ctx.now)  # the job carries on to its end
        return Outcome("finished")

    jobs = {
        "slow": _job("slow", slow),
        "later": _job("later", lambda ctx: later.append(1) or Outcome("ran")),
    }
    cfg = load(write_config(tmp_path, "[jobs.slow]\n\n[jobs.later]\n"))
    backend = demo_plan(tmp_path, cfg)
    caplog.set_level(logging.INFO)
    with time_machine.travel(on_server(vn(2024, 10, 1, 6, 0)), tick=False):
        Scheduler(Runner(backend, cfg), jobs, sleep=_no_sleep).serve()
    assert finished and not later
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("slow: done") for m in messages)
    assert messages[-1] == "stopped on SIGTERM"


def test_a_second_signal_abandons_the_job_and_frees_its_lock(tmp_path, caplog):
    reached = []

    def stuck(ctx: Context) -> Outcome:
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C twice
        reached.append("end")
        return Outcome("unreachable")

    cfg = load(write_config(tmp_path, "[jobs.stuck]\n"))
    backend = demo_plan(tmp_path, cfg)
    runner = Runner(backend, cfg)
    caplog.set_level(logging.INFO)
    with time_machine.travel(on_server(vn(2024, 10, 1, 6, 0)), tick=False):
        Scheduler(runner, {"stuck": _job("stuck", stuck)}, sleep=_no_sleep).serve()
    assert reached == []
    messages = [r.getMessage() for r in caplog.records]
    assert "stuck: abandoned on interrupt; its writes are all-or-nothing" in messages
    assert messages[-1] == "stopped on SIGINT"
    lock = JobLock(runner.lock_path("stuck"))
    assert lock.acquire()
    lock.release()


def _no_sleep(seconds: float) -> None:
    raise AssertionError("the loop should have stopped before sleeping")


@pytest.mark.slow  # a served day or quarter, reports included
def test_the_loop_wakes_at_least_every_minute_and_never_busy_waits(tmp_path):
    cfg = load(write_config(tmp_path, REPORT_ONLY, "check_minutes = 1440"))
    backend = demo_plan(tmp_path, cfg)
    start = vn(2024, 10, 1, 8, 0)
    clock = _serve(cfg, backend, start, start + timedelta(hours=2))
    # Two hours with nothing due: 120 wakes of a minute each.
    assert clock.wakes == 120 and clock.slept == 7200


def test_state_dir_default_follows_systemd_then_xdg(tmp_path, monkeypatch, cfg):
    monkeypatch.setenv("STATE_DIRECTORY", str(tmp_path / "systemd"))
    assert cfg.state_dir == tmp_path / "systemd"
    monkeypatch.delenv("STATE_DIRECTORY")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert cfg.state_dir == tmp_path / "xdg" / "sheets-sync"
    own = load(write_config(tmp_path, REPORT_ONLY))
    assert own.state_dir == tmp_path / "state"
    assert Path(own.state_dir).is_absolute()
