"""Helpers for the scheduler, runner and lock tests: plans on disk, configs, a clock that the
scheduler's own sleep moves, and what the Nhật ký tab says."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl

from sheets_sync import contract
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.config import Config
from sheets_sync.demo import build_demo_workbook
from sheets_sync.resources import default_config_path
from sheets_sync.scheduler import Scheduler

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = ZoneInfo("UTC")
ROOT = Path(__file__).resolve().parent.parent


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN)


def on_server(moment: datetime, zone: str = "UTC") -> datetime:
    """The same instant in the server's clock zone; time-machine then sets the process's TZ."""
    return moment.astimezone(ZoneInfo(zone))


def write_config(
    tmp_path: Path, jobs: str, scheduler: str = "", replace: dict[str, str] | None = None
) -> Path:
    """The bundled config with its [jobs.*] and [scheduler] swapped for the given TOML.

    Locks go to ``tmp_path/state`` so tests never touch the user's state folder.
    """
    text = default_config_path().read_text(encoding="utf-8").split("\n[jobs.", 1)[0]
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    state = tmp_path / "state"
    text += f"\n{jobs}\n[scheduler]\nstate_dir = '{state}'\n{scheduler}\n"
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def demo_plan(tmp_path: Path, cfg: Config) -> LocalBackend:
    """The demo workbook (the seed plan with a 2024 progress log) and an empty report folder."""
    workbook = tmp_path / "ke-hoach.xlsx"
    build_demo_workbook(workbook, cfg)
    return LocalBackend(workbook, tmp_path / "bao-cao")


def log_rows(workbook: Path) -> list[dict[str, object]]:
    """The Nhật ký rows as {column key: value}, in order."""
    wb = openpyxl.load_workbook(workbook)
    try:
        ws = wb[contract.LOG.title]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    keys = [c.key for c in contract.LOG.columns]
    return [dict(zip(keys, r, strict=False)) for r in rows[1:] if any(v is not None for v in r)]


def rows_of(workbook: Path, job: str, outcome: str | None = None) -> list[dict[str, object]]:
    return [
        r
        for r in log_rows(workbook)
        if r["job"] == job and (outcome is None or r["outcome"] == outcome)
    ]


class Clock:
    """The scheduler's ``sleep``: moves time-machine's clock instead of waiting, and stops the
    scheduler once the clock reaches ``until``. ``at`` runs test actions at given moments."""

    def __init__(self, traveller, until: datetime) -> None:
        self.traveller = traveller
        self.until = until
        self.scheduler: Scheduler | None = None
        self.actions: list[tuple[datetime, object]] = []
        self.slept = 0.0
        self.wakes = 0

    def at(self, moment: datetime, action) -> None:
        self.actions.append((moment, action))

    def __call__(self, seconds: float) -> None:
        assert seconds <= 60, "the loop must wake at least once a minute"
        self.traveller.shift(max(seconds, 0.001))
        self.slept += seconds
        self.wakes += 1
        now = datetime.now(UTC)
        for moment, action in list(self.actions):
            if now >= moment:
                self.actions.remove((moment, action))
                action()
        if now >= self.until and self.scheduler is not None:
            self.scheduler.stop()


# A process whose clock starts at argv[1] (plan time) and runs on at real speed, then runs the
# CLI with the remaining arguments. Test-only: time-machine cannot reach into a subprocess, and
# the product has no clock override. Imports come first so the clock starts when serve does.
CLI_AT = """
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

import jobs.flag, jobs.report, sheets_sync.scheduler
from sheets_sync.cli import main

start = datetime.fromisoformat(sys.argv[1]).replace(tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
with time_machine.travel(start.astimezone(ZoneInfo("UTC")), tick=True):
    main(sys.argv[2:], prog_name="sheets-sync")
"""


def cli_at(start: str, *args: str) -> list[str]:
    """argv for a ``sheets-sync`` process whose clock starts at ``start`` (plan time)."""
    return [sys.executable, "-c", CLI_AT, start, *args]


def sheets_sync_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "sheets_sync", *args]
