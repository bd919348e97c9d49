"""``serve --plans DIR``: one process, one clock, every plan of a folder. Across a quarter's end
every plan is flagged each morning and each report written once; configs added, changed or
removed are picked up without a restart; a broken plan never holds up the others; no plan's
sheet stays in memory after its round.

No test sleeps: the scheduler's ``sleep`` is a ``Clock`` that moves time-machine's clock.
"""

from __future__ import annotations

import gc
import shutil
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner
from jobs_fixtures import Clock, log_rows, on_server, rows_of, vn
from plans_fixtures import DAILY, add_plan, plan_folder

from sheets_sync import runlog
from sheets_sync.cli import main
from sheets_sync.config import ConfigError, load
from sheets_sync.job import Context, Job, Outcome, registry
from sheets_sync.model import Snapshot
from sheets_sync.plans import PlanFolder, run_folder
from sheets_sync.resources import data_dir
from sheets_sync.scheduler import Scheduler

COMMUNES = ["xã Gia Tân", "xã Phú Lộc", "xã Tân Bình", "xã Hòa Thành"]
Q3_CLOSED = [
    "Báo cáo quý I năm 2024",
    "Báo cáo quý II năm 2024",
    "Báo cáo 6 tháng đầu năm 2024",
    "Báo cáo quý III năm 2024",
    "Báo cáo 9 tháng đầu năm 2024",
]


def serve(folder: Path, start: datetime, until: datetime, *, workers: int = 1, setup=None):
    """``serve --plans`` from ``start`` to ``until`` on a moved clock; returns the scheduler."""
    with time_machine.travel(on_server(start), tick=False) as traveller:
        clock = Clock(traveller, until)
        scheduler = Scheduler.of_folder(
            PlanFolder(folder), registry(), workers=workers, sleep=clock
        )
        clock.scheduler = scheduler
        if setup:
            setup(clock)
        scheduler.serve()
    return scheduler


def workbooks(folder: Path) -> dict[str, Path]:
    """Each commune's workbook, by its folder's name (configs that do not load left out)."""
    books = {}
    for path in sorted(folder.rglob("*.toml")):
        try:
            cfg = load(path)
        except ConfigError:
            continue
        books[path.parent.name] = cfg.path(cfg.local.workbook)
    return books


def reports_written(workbook: Path) -> list[str]:
    return [r["counts"].split(":")[0] for r in rows_of(workbook, "report", runlog.OK)]


def flag_days(workbook: Path) -> list[date]:
    return [r["time"].date() for r in rows_of(workbook, "flag", runlog.OK)]


@pytest.mark.slow  # four plans, three days, five reports each
def test_every_plan_is_flagged_each_morning_and_each_report_written_once(tmp_path):
    folder = plan_folder(tmp_path, COMMUNES)
    shutil.copy(data_dir("config") / "tong_hop_2024.toml", folder / "tong-hop.toml")

    serve(folder, vn(2024, 9, 29, 5, 0), vn(2024, 10, 2, 8, 0))

    books = workbooks(folder)
    summary = books.pop("plans")  # the rollup's own workbook, beside the plans
    assert len(books) == 4
    for workbook in books.values():
        flags = [r["time"] for r in rows_of(workbook, "flag", runlog.OK)]
        # Caught up on start (no run since 28/9 06:30), then 06:30 every morning.
        assert flags == [
            datetime(2024, 9, 29, 5, 0),
            datetime(2024, 9, 29, 6, 30),
            datetime(2024, 9, 30, 6, 30),
            datetime(2024, 10, 1, 6, 30),
            datetime(2024, 10, 2, 6, 30),
        ]
        assert reports_written(workbook) == Q3_CLOSED  # each once
        q3 = rows_of(workbook, "report", runlog.OK)[3]
        assert datetime(2024, 10, 1, 0, 0) <= q3["time"] <= datetime(2024, 10, 1, 0, 10)
        assert not rows_of(workbook, "report", runlog.FAILED)
    outputs = {p.name for book in books.values() for p in book.parent.glob("bao-cao-*/*.docx")}
    assert "Bao cao quy III nam 2024 - xa Phu Loc.docx" in outputs
    assert len(list(folder.glob("xa-*/bao-cao-*/Bao cao *.docx"))) == 4 * 5  # and their notes
    # The summary across the four: the closed periods on start, Q3 and 9M after midnight, once.
    rollups = rows_of(summary, "rollup", runlog.OK)
    assert [r["time"].date() for r in rollups] == [date(2024, 9, 29), date(2024, 10, 1)]
    assert [r["counts"].count("4 kế hoạch") for r in rollups] == [3, 2]
    assert len(list((folder / "bao-cao-tong-hop").glob("*.docx"))) == 5


@pytest.mark.slow
def test_on_worker_threads_too_every_plan_is_flagged_daily_and_reported_once(tmp_path):
    folder = plan_folder(tmp_path, COMMUNES)

    serve(folder, vn(2024, 9, 30, 5, 0), vn(2024, 10, 1, 8, 0), workers=3)

    for workbook in workbooks(folder).values():
        assert flag_days(workbook) == [date(2024, 9, 30)] * 2 + [date(2024, 10, 1)]
        assert reports_written(workbook) == Q3_CLOSED


def test_configs_added_changed_and_removed_are_picked_up_without_a_restart(tmp_path):
    folder = plan_folder(tmp_path, ["xã Gia Tân", "xã Phú Lộc"])
    gia_tan, phu_loc = (load(p) for p in sorted(folder.rglob("*.toml")))
    flag_only = '[jobs.flag]\nat = ["06:30"]\n'
    later = '[jobs.flag]\nat = ["08:15"]\n'

    def setup(clock: Clock) -> None:
        # 10:00 day 1: a commune joins; its config has no report job. 20:00: Phú Lộc moves its
        # flag to 08:15. 12:00 day 2: Gia Tân's config is removed.
        clock.at(
            on_server(vn(2024, 10, 1, 10, 0)), lambda: add_plan(folder, "xã Mới", jobs=flag_only)
        )
        clock.at(
            on_server(vn(2024, 10, 1, 20, 0)),
            lambda: phu_loc.source.write_text(
                phu_loc.source.read_text(encoding="utf-8").replace(
                    '[jobs.flag]\nat = ["06:30"]', later.strip()
                ),
                encoding="utf-8",
            ),
        )
        clock.at(on_server(vn(2024, 10, 2, 12, 0)), gia_tan.source.unlink)

    scheduler = serve(folder, vn(2024, 10, 1, 6, 0), vn(2024, 10, 3, 9, 0), setup=setup)

    gia_tan_flags = [r["time"] for r in rows_of(gia_tan.path(gia_tan.local.workbook), "flag")]
    assert gia_tan_flags == [
        datetime(2024, 10, 1, 6, 0),
        datetime(2024, 10, 1, 6, 30),
        datetime(2024, 10, 2, 6, 30),
    ]  # none on the 3rd: removed
    phu_loc_flags = [r["time"] for r in rows_of(phu_loc.path(phu_loc.local.workbook), "flag")]
    assert phu_loc_flags[-2:] == [datetime(2024, 10, 2, 8, 15), datetime(2024, 10, 3, 8, 15)]
    new = load(next(folder.glob("xa-moi/*.toml")))
    new_flags = [r["time"] for r in rows_of(new.path(new.local.workbook), "flag")]
    # Served as soon as the scan saw it (caught up: 06:30 had passed), then daily.
    assert new_flags[0].date() == date(2024, 10, 1) and new_flags[0].hour == 10
    assert [t.date() for t in new_flags[1:]] == [date(2024, 10, 2), date(2024, 10, 3)]
    assert not rows_of(new.path(new.local.workbook), "report")
    assert scheduler.plans == ["xa-moi/cchc-2024.toml", "xa-phu-loc/cchc-2024.toml"]


def test_a_broken_config_or_sheet_stops_only_its_own_plan(tmp_path, caplog):
    folder = plan_folder(tmp_path, ["xã Gia Tân", "xã Phú Lộc", "xã Tân Bình"])
    configs = sorted(folder.rglob("*.toml"))
    configs[0].write_text("[plan\nname = ", encoding="utf-8")  # not TOML at all
    load(configs[1]).path(load(configs[1]).local.workbook).write_bytes(b"not a workbook")

    serve(folder, vn(2024, 10, 1, 6, 0), vn(2024, 10, 1, 7, 0))

    good = load(configs[2])
    assert [r["time"] for r in rows_of(good.path(good.local.workbook), "flag")] == [
        datetime(2024, 10, 1, 6, 0),
        datetime(2024, 10, 1, 6, 30),
    ]
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(
        "xa-gia-tan/cchc-2024.toml: cấu hình lỗi" in e and "Not valid TOML" in e for e in errors
    )
    assert any(e.startswith("flag: failed:") for e in errors)  # Phú Lộc's unreadable workbook


def test_a_plan_that_cannot_be_opened_fails_its_jobs_and_waits_for_its_retry(tmp_path, caplog):
    """Its key file gone: each of its jobs fails with the reason, under serve (which does not
    try it again before retry_minutes) and under run --plans; the other plan goes on."""
    folder = tmp_path / "plans"
    for commune in ("xã Gia Tân", "xã Phú Lộc"):
        add_plan(folder, commune, jobs="[jobs.count]\n")
    config = folder / "xa-gia-tan" / "cchc-2024.toml"
    google = '[google]\nspreadsheet_id = "1AbCdEf"\ncredentials = "missing-key.json"\n'
    config.write_text(config.read_text(encoding="utf-8").replace("# [google]\n", google, 1))
    ran: list[str] = []

    def count(ctx: Context) -> Outcome:
        ran.append(ctx.cfg.organisation.commune)
        return Outcome("done")

    jobs = {"count": Job("count", "test", count, lambda ctx: ["now"])}
    scheduler = Scheduler.of_folder(PlanFolder(folder), jobs, workers=1)
    scheduler.refresh()
    scheduler.catch_up()
    scheduler.catch_up()  # at once: the broken plan waits for retry_minutes, the other runs
    runs = run_folder(PlanFolder(folder), [jobs["count"]])

    assert ran == ["xã Phú Lộc"] * 3
    cannot = [r.getMessage() for r in caplog.records if "cannot open the plan" in r.getMessage()]
    assert len(cannot) == 2 and all(m.startswith("count: cannot open") for m in cannot)
    assert [
        (r.status, "missing-key.json" in r.error) for r in runs["xa-gia-tan/cchc-2024.toml"]
    ] == [("failed", True)]
    assert [r.status for r in runs["xa-phu-loc/cchc-2024.toml"]] == ["done"]


def test_a_plan_stuck_in_its_round_does_not_hold_up_the_others(tmp_path):
    """Two workers: the first plan's job waits until every other plan's job has run, which it
    can only see if they ran while it was still going."""
    folder = plan_folder(tmp_path, ["xã A", "xã B", "xã C", "xã D"])
    for path in folder.rglob("*.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace(DAILY, "[jobs.hold]\n"))
    others_done = threading.Event()
    ran: list[str] = []
    waited: list[bool] = []

    def hold(ctx: Context) -> Outcome:
        if ctx.cfg.organisation.commune == "xã A":
            waited.append(others_done.wait(timeout=30))
            return Outcome("held")
        ran.append(ctx.cfg.organisation.commune)
        if len(ran) == 3:
            others_done.set()
        return Outcome("done")

    jobs = {"hold": Job("hold", "test", hold, lambda ctx: ["now"])}
    scheduler = Scheduler.of_folder(PlanFolder(folder), jobs, workers=2)
    scheduler.refresh()
    scheduler.catch_up()

    assert waited == [True]  # the others finished while A's round was still going
    assert sorted(ran) == ["xã B", "xã C", "xã D"]


def test_no_plans_sheet_stays_in_memory_after_its_round(tmp_path):
    folder = plan_folder(tmp_path, ["xã Gia Tân", "xã Phú Lộc", "xã Tân Bình"])
    serve(folder, vn(2024, 10, 2, 6, 0), vn(2024, 10, 2, 6, 40))
    gc.collect()
    assert [o for o in gc.get_objects() if isinstance(o, Snapshot)] == []
    assert all(len(rows_of(w, "flag")) == 2 for w in workbooks(folder).values())


def test_run_plans_runs_a_job_on_every_plan_and_names_what_failed(tmp_path):
    folder = plan_folder(tmp_path, ["xã Gia Tân", "xã Phú Lộc"])
    (folder / "xa-hong").mkdir()
    (folder / "xa-hong" / "plan.toml").write_text("[plan]\nyear = 1999\n", encoding="utf-8")

    with time_machine.travel(on_server(vn(2024, 10, 15, 9, 0)), tick=False):
        result = CliRunner().invoke(main, ["run", "flag", "--plans", str(folder)])

    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert [line.split(": ")[:3] for line in lines[:2]] == [
        ["xa-gia-tan/cchc-2024.toml", "flag", "done"],
        ["xa-phu-loc/cchc-2024.toml", "flag", "done"],
    ]
    assert "xa-hong/plan.toml: cấu hình lỗi / config not loaded" in result.output
    assert len(workbooks(folder)) == 2
    for workbook in workbooks(folder).values():
        assert [r["job"] for r in log_rows(workbook)] == ["flag"]


def test_plans_and_a_single_config_are_not_mixed(tmp_path):
    result = CliRunner().invoke(
        main, ["serve", "--plans", str(tmp_path), "--local", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code == 2
    assert "--plans takes each plan's config and backend from the folder" in result.output
