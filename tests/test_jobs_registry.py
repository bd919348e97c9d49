"""Adding a job is adding a module, its entry point and one [jobs.NAME] entry; the entry is
checked. The library finds jobs by entry point only, so an office's own package adds jobs the same
way as the bundled ones."""

from __future__ import annotations

import importlib
import re
import sys
import textwrap
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner
from jobs_fixtures import Clock, demo_plan, on_server, rows_of, vn, write_config

from sheets_sync import runlog
from sheets_sync.cli import main
from sheets_sync.config import ConfigError, load
from sheets_sync.job import registry
from sheets_sync.runner import Runner
from sheets_sync.scheduler import Scheduler

# A new job as someone would add it: it composes the library and leaves its Nhật ký row.
PING = '''
"""Test job: one Nhật ký row saying it ran."""

from sheets_sync import contract, runlog
from sheets_sync.model import ChangeSet

from sheets_sync.job import Context, Outcome


def perform(ctx: Context) -> Outcome:
    if not ctx.dry_run:
        tab = ctx.cfg.sheet.tab_title(contract.LOG)
        changes = ChangeSet()
        runlog.record(changes, ctx.backend.read([tab]), ctx.cfg, job="ping", outcome=runlog.OK,
                      now=ctx.now)
        ctx.backend.apply(changes)
    return Outcome("pong", ["would ping"])
'''


@pytest.fixture
def ping_job(tmp_path, monkeypatch):
    """An office's own package, installed beside ours: a module and its entry point."""
    site = tmp_path / "site"
    info = site / "office_jobs-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "office_ping.py").write_text(textwrap.dedent(PING), encoding="utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: office-jobs\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[sheets_sync.jobs]\nping = office_ping\n")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    yield
    sys.modules.pop("office_ping", None)


def test_jobs_are_found_by_entry_point_not_by_package():
    import sheets_sync

    library = Path(sheets_sync.__file__).parent
    importers = [
        path.name
        for path in library.rglob("*.py")
        if re.search(r"^\s*(from jobs\b|import jobs\b)", path.read_text(), re.M)
    ]
    assert importers == []


def test_the_bundled_jobs_are_found_with_their_descriptions():
    found = registry()
    assert {"flag", "report"} <= set(found)
    assert found["flag"].summary.startswith("Daily job")
    assert found["report"].summary.startswith("Periodic job")


def test_a_new_job_file_and_config_entry_are_all_it_takes(tmp_path, ping_job):
    cfg = load(write_config(tmp_path, '[jobs.ping]\nat = ["08:00"]'))
    backend = demo_plan(tmp_path, cfg)
    assert registry()["ping"].summary == "Test job: one Nhật ký row saying it ran."
    with time_machine.travel(on_server(vn(2024, 10, 1, 7, 0)), tick=False) as traveller:
        clock = Clock(traveller, on_server(vn(2024, 10, 2, 9, 0)))
        clock.scheduler = Scheduler(Runner(backend, cfg), registry(), sleep=clock)
        clock.scheduler.serve()
    assert [r["time"].isoformat() for r in rows_of(backend.path, "ping", runlog.OK)] == [
        "2024-10-01T08:00:00",
        "2024-10-02T08:00:00",
    ]


def test_sheets_sync_run_knows_a_new_job_too(tmp_path, ping_job):
    config = write_config(tmp_path, '[jobs.ping]\nat = ["08:00"]')
    backend = demo_plan(tmp_path, load(config))
    args = ["--config", str(config), "--local", str(backend.path), "--out", str(backend.out_dir)]
    result = CliRunner().invoke(main, ["run", "ping", "--dry-run", *args])
    assert result.exit_code == 0, result.output
    assert "would ping" in result.output
    assert rows_of(backend.path, "ping") == []
    assert CliRunner().invoke(main, ["run", "ping", *args]).exit_code == 0
    assert len(rows_of(backend.path, "ping", runlog.OK)) == 1


@pytest.mark.parametrize(
    "toml, message",
    [
        (
            '[jobs.flag]\nat = ["25:00"]',
            r"jobs\.flag\.at: cần giờ dạng \"06:30\", không phải '25:00' \(expected times like",
        ),
        ('[jobs.flag]\nat = ["6h30"]', r"jobs\.flag\.at: cần giờ dạng"),
        (
            '[jobs.flag]\nat = "06:30"',
            r"jobs\.flag\.at: cần danh sách chữ.*\(expected a list of texts\)",
        ),
        (
            '[jobs.flag]\nevery = "day"',
            r"jobs\.flag\.every: không có mục này — các mục ở đây: at \(unknown key",
        ),
        ("[jobs]\nflag = 1", r"jobs\.flag: cần một bảng \[jobs\.flag\] \(expected a table"),
    ],
)
def test_job_entries_are_checked_with_a_message_naming_the_key(tmp_path, toml, message):
    with pytest.raises(ConfigError, match=message):
        load(write_config(tmp_path, toml))


@pytest.mark.parametrize(
    "setting, message",
    [
        ("check_minutes = 0", r"scheduler\.check_minutes: cần số phút từ 1 đến 1440"),
        ("retry_minutes = true", r"scheduler\.retry_minutes: cần một số nguyên"),
        ("tick = 5", r"scheduler\.tick: không có mục này"),
    ],
)
def test_scheduler_settings_are_checked(tmp_path, setting, message):
    with pytest.raises(ConfigError, match=message):
        load(write_config(tmp_path, '[jobs.flag]\nat = ["06:30"]', setting))


def test_seconds_are_allowed_in_times(tmp_path):
    cfg = load(write_config(tmp_path, '[jobs.report]\nat = ["00:00:05", "07:00"]'))
    assert [t.isoformat() for t in cfg.jobs["report"].times] == ["00:00:05", "07:00:00"]


def test_the_core_loads_no_backend_and_only_backends_import_spreadsheet_libraries():
    """`import sheets_sync.changes` (the core) must not pull in a backend, and nothing outside
    sheets_sync/backends/ imports openpyxl, calamine or gspread when it is imported."""
    import subprocess

    probe = (
        "import sys, sheets_sync.changes, sheets_sync.report, sheets_sync.cli; "
        "print(sorted(m for m in sys.modules if m.startswith(('sheets_sync.backends.', "
        "'openpyxl', 'python_calamine', 'gspread'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    import sheets_sync

    library = Path(sheets_sync.__file__).parent
    top_level = re.compile(r"^(?:import|from) (openpyxl|python_calamine|gspread)\b", re.M)
    outside = [
        str(p.relative_to(library))
        for p in library.rglob("*.py")
        if "backends" not in p.parts and top_level.search(p.read_text())
    ]
    assert outside == []
