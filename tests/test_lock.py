"""No overlap: one run of a job at a time, across processes, and a dead process never leaves
its lock behind."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import time_machine
from jobs_fixtures import demo_plan, on_server, rows_of, sheets_sync_argv, vn, write_config

from sheets_sync.config import load
from sheets_sync.job import registry
from sheets_sync.lock import JobLock, job_lock
from sheets_sync.runner import Runner

# Takes a lock, says so, and holds it until its stdin closes (or it is killed).
HOLD = """
import sys
from sheets_sync.lock import JobLock
lock = JobLock(sys.argv[1])
print("held" if lock.acquire() else "taken", flush=True)
sys.stdin.readline()
"""


def _config(tmp_path):
    return write_config(tmp_path, '[jobs.report]\nat = ["07:00"]')


def test_a_second_lock_on_the_same_file_is_refused_until_the_first_is_released(tmp_path):
    path = tmp_path / "state" / "report-x.lock"
    first, second = JobLock(path), JobLock(path)
    assert first.acquire()
    assert not second.acquire()
    assert second.holder.startswith(f"pid {os.getpid()} since ")
    first.release()
    assert second.acquire()
    second.release()


def test_job_lock_releases_when_the_block_raises(tmp_path):
    path = tmp_path / "flag.lock"
    with pytest.raises(RuntimeError), job_lock(path) as lock:
        assert lock.held
        raise RuntimeError("job blew up")
    with job_lock(path) as again:
        assert again.held


@pytest.fixture
def holder(tmp_path):
    """Start a process holding a lock file; yields a function that starts it on a path."""
    started: list[subprocess.Popen] = []

    def hold(path) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(proc)
        assert proc.stdout.readline().strip() == "held"
        return proc

    yield hold
    for proc in started:
        proc.kill()
        proc.wait()


@pytest.mark.slow  # separate processes
def test_a_run_finding_the_lock_taken_by_another_process_skips_and_writes_nothing(tmp_path, holder):
    cfg = load(_config(tmp_path))
    backend = demo_plan(tmp_path, cfg)
    runner = Runner(backend, cfg)
    proc = holder(runner.lock_path("report"))
    with time_machine.travel(on_server(vn(2024, 10, 2, 7, 0)), tick=False):
        skipped = runner.run(registry()["report"])
    assert skipped.status == "skipped"
    assert not backend.out_dir.exists() and rows_of(backend.path, "report") == []

    proc.kill()  # SIGKILL: the holder gets no chance to clean up
    proc.wait()
    with time_machine.travel(on_server(vn(2024, 10, 2, 7, 0)), tick=False):
        done = runner.run(registry()["report"])
    assert done.status == "done"
    assert len(list(backend.out_dir.glob("Bao cao *.docx"))) == 5


@pytest.mark.slow  # separate processes
def test_sheets_sync_run_says_who_holds_the_lock_and_exits_0(tmp_path, holder):
    config = _config(tmp_path)
    cfg = load(config)
    backend = demo_plan(tmp_path, cfg)
    runner = Runner(backend, cfg)
    proc = holder(runner.lock_path("report"))
    result = subprocess.run(
        sheets_sync_argv(
            "run",
            "report",
            "--config",
            str(config),
            "--local",
            str(backend.path),
            "--out",
            str(backend.out_dir),
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"report: skipped, already running (pid {proc.pid} since " in result.stderr  # the log
    assert not backend.out_dir.exists()


@pytest.mark.slow  # separate processes
def test_two_processes_started_together_make_each_report_once(tmp_path):
    config = _config(tmp_path)
    cfg = load(config)
    backend = demo_plan(tmp_path, cfg)
    argv = sheets_sync_argv(
        "run", "report", "--config", str(config), "--local", str(backend.path), "--out",
        str(backend.out_dir),
    )  # fmt: skip
    procs = [subprocess.Popen(argv, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[1] for p in procs]  # the log, on stderr
    assert [p.returncode for p in procs] == [0, 0]
    # Whichever way they interleave — one skips on the lock, or finds nothing owed — every
    # closed period of 2024 is reported exactly once.
    rows = rows_of(backend.path, "report")
    periods = [r["counts"].split(":")[0] for r in rows]
    assert len(periods) == 7 and len(set(periods)) == 7, outputs
    assert sum(o.count(" written to ") for o in outputs) == 7
