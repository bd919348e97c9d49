"""A run judged as of another day (`flag --today …` on any other day) is a what-if, not the day's
run: it is shown and not written unless asked; written, it says so in every note and in
`Nhật ký`, and the next catch-up puts the day's statuses back. The officers' sheet never shows
another day's statuses without saying so, and never for long.

No test sleeps: `serve` runs on a Clock that moves time-machine's clock.
"""

from __future__ import annotations

from datetime import timedelta

import time_machine
from click.testing import CliRunner
from jobs_fixtures import Clock, demo_plan, log_rows, on_server, vn, write_config

from jobs import flag
from sheets_sync import contract, runlog
from sheets_sync.cli import main
from sheets_sync.config import load
from sheets_sync.job import Context, registry
from sheets_sync.runner import Runner
from sheets_sync.scheduler import Scheduler
from sheets_sync.sheet import read_plan

FLAG_DAILY = '[jobs.flag]\nat = ["06:30"]'
MARK = "Chạy thử với ngày 01/03/2024"


def _plan(tmp_path):
    cfg = load(write_config(tmp_path, FLAG_DAILY))
    backend = demo_plan(tmp_path, cfg)
    args = [
        "--config",
        str(cfg.source),
        "--local",
        str(backend.path),
        "--out",
        str(backend.out_dir),
    ]
    return cfg, backend, args


def _shown(backend, cfg) -> dict[str, tuple[object, object]]:
    """Each task's status and note as the sheet shows them."""
    plan = read_plan(backend.read([cfg.sheet.tab_title(t) for t in contract.TABS]), cfg)
    return {t.stt: (t.shown["status"], t.shown["note"]) for t in plan.tasks}


def _flag_log(backend) -> list[tuple[str, str]]:
    return [(f"{r['time']:%d/%m %H:%M}", r["outcome"]) for r in log_rows(backend.path)]


def test_a_back_dated_flag_is_shown_and_nothing_is_written(tmp_path):
    _cfg, backend, args = _plan(tmp_path)
    before = backend.path.read_bytes()
    with time_machine.travel(on_server(vn(2024, 10, 15, 9, 0)), tick=False):
        result = CliRunner().invoke(main, ["flag", *args, "--today", "01/03/2024"])
    assert result.exit_code == 0, result.output
    assert "Chạy thử với ngày 01/03/2024 (hôm nay là 15/10/2024)" in result.stderr
    assert "không ghi gì vào bảng tính; thêm --write để ghi" in result.stderr
    assert "Nhiệm vụ!I4: '' → " in result.stdout  # what it would write, as --dry-run shows
    assert "ô sẽ cập nhật" in result.stdout
    assert backend.path.read_bytes() == before


def test_today_given_as_today_is_the_day_s_run(tmp_path):
    _cfg, backend, args = _plan(tmp_path)
    with time_machine.travel(on_server(vn(2024, 10, 15, 9, 0)), tick=False):
        result = CliRunner().invoke(main, ["flag", *args, "--today", "15/10/2024"])
    assert result.exit_code == 0, result.output
    assert "Chạy thử" not in result.output
    assert _flag_log(backend) == [("15/10 09:00", runlog.OK)]


def test_a_what_if_written_says_so_and_is_owed_back(tmp_path):
    cfg, backend, args = _plan(tmp_path)
    with time_machine.travel(on_server(vn(2024, 10, 15, 9, 0)), tick=False):
        result = CliRunner().invoke(main, ["flag", *args, "--today", "01/03/2024", "--write"])
        assert result.exit_code == 0, result.output
        assert "lần chạy tiếp theo" in result.stderr
        shown = _shown(backend, cfg)
        assert all(MARK in str(note) for _, note in shown.values()), shown
        (row,) = log_rows(backend.path)
        assert row["outcome"] == runlog.WHAT_IF
        assert row["counts"].startswith("Tính thử cho ngày 01/03/2024: 8 nhiệm vụ")
        # Not a success: the morning's run is still owed, and the what-if must be undone.
        ctx = Runner(backend, cfg).context("flag")
        assert runlog.latest(backend.read(["Nhật ký"]), cfg, "flag", (runlog.OK,)) is None
        assert flag.owed(ctx) == ["the what-if of 15/10/2024 09:00 is still in the sheet"]


def test_serve_s_catch_up_puts_today_s_statuses_back_after_a_back_dated_write(tmp_path):
    cfg, backend, args = _plan(tmp_path)
    seen = {}

    def officer_tries_1_march():
        seen["before"] = _shown(backend, cfg)
        result = CliRunner().invoke(main, ["flag", *args, "--today", "01/03/2024", "--write"])
        assert result.exit_code == 0, result.output
        seen["what-if"] = _shown(backend, cfg)

    start, until = vn(2024, 10, 15, 6, 0), vn(2024, 10, 15, 9, 0)
    with time_machine.travel(on_server(start), tick=False) as traveller:
        clock = Clock(traveller, until)
        scheduler = Scheduler(Runner(backend, cfg), registry(), sleep=clock)
        clock.scheduler = scheduler
        clock.at(on_server(vn(2024, 10, 15, 8, 0)), officer_tries_1_march)
        scheduler.serve()

    log = _flag_log(backend)
    # The catch-up on start, the 06:30 run, the what-if at 08:00 — then the first catch-up after
    # it (every 10 minutes) writes 15/10's statuses back. serve had found nothing owed since
    # 06:30; the what-if's run took the job's lock, so serve asked again.
    assert log[:3] == [
        ("15/10 06:00", runlog.OK),
        ("15/10 06:30", runlog.OK),
        ("15/10 08:00", runlog.WHAT_IF),
    ]
    times = [r["time"] for r in log_rows(backend.path)]
    assert len(log) == 4 and log[3][1] == runlog.OK
    assert times[2] <= times[3] <= times[2] + timedelta(minutes=10)
    assert seen["what-if"] != seen["before"]  # 1 March's statuses were in the sheet, marked
    assert all(MARK in str(note) for _, note in seen["what-if"].values())
    assert _shown(backend, cfg) == seen["before"]  # and now 15 October's are, unmarked


def test_a_what_if_through_the_runner_is_not_the_day_s_run(tmp_path):
    # Whatever starts it (the CLI, the demo, an office's script): judged as of another day than
    # the run's, the job marks it, so catch-up never takes it for the morning run.
    cfg, backend, _ = _plan(tmp_path)
    with time_machine.travel(on_server(vn(2024, 10, 15, 9, 0)), tick=False):
        done = Runner(backend, cfg).run(registry()["flag"], today=vn(2024, 3, 1).date())
        assert done.status == "done"
        ctx = Context(backend, cfg, vn(2024, 10, 15, 9, 5), scheduled=vn(2024, 10, 15, 6, 30))
        assert flag.owed(ctx) == ["the what-if of 15/10/2024 09:00 is still in the sheet"]
    assert _flag_log(backend) == [("15/10 09:00", runlog.WHAT_IF)]
