"""The Google benchmark's parts: the baselines do the job ours does (same statuses, written the
way the scripts people use write them), and ``bench.bench_google`` measures every tool from a
fresh checkout. Only request counts are asserted: they do not depend on the machine."""

from __future__ import annotations

from datetime import datetime

import gspread
import pytest

from bench import bench_google, gspread_baseline
from bench.fake_plan import fake_plan
from bench.synthetic import TODAY, plan_grids
from jobs import flag
from sheets_sync.backends.google import urls
from sheets_sync.backends.google.http_client import LoopbackAdapter
from sheets_sync.config import Config
from tests.fake_google import FakeGoogle
from tests.google.helpers import OFFICER, SA_EMAIL, backend_for, google_config, grid

pytestmark = pytest.mark.slow  # the benchmark's own run

TASKS = 60
STATUS, NOTE = 8, 9  # columns of the synthetic task tab


def _gspread(fake: FakeGoogle, key: dict) -> gspread.Client:
    gc = gspread.service_account(filename=key["_path"])
    for session in (gc.http_client.session, gc.http_client.session._auth_request_session):
        for host in urls.HOSTS:
            session.mount(f"https://{host}", LoopbackAdapter(fake.port))
    return gc


def _flagged(fake: FakeGoogle, key: dict, cfg: Config, script) -> list[list[object]]:
    """The task tab after ``script`` flagged a fresh copy of the same synthetic plan."""
    book = fake_plan(fake, plan_grids(TASKS, 10 * TASKS), owner=OFFICER, share={SA_EMAIL: "writer"})
    script(book.id)
    return grid(book, "Nhiệm vụ")[3:]


def test_the_baselines_write_the_statuses_our_flag_writes(fake, sa_key, cfg: Config):
    google = google_config(cfg, sa_key, "")
    now = datetime(2024, 10, 15, 6, 30)

    def ours(sheet: str) -> None:
        google_cfg = google_config(cfg, sa_key, sheet)
        flag.run(backend_for(fake, google_cfg), google_cfg, today=TODAY, now=now)

    def per_cell(sheet: str) -> None:
        assert gspread_baseline.flag_per_cell(_gspread(fake, sa_key), sheet, google, TODAY) == TASKS

    def dataframe(sheet: str) -> None:
        gspread_baseline.flag_with_dataframe(_gspread(fake, sa_key), sheet, google, TODAY)

    expected = _flagged(fake, sa_key, cfg, ours)
    statuses = [row[STATUS] for row in expected]
    assert len(set(statuses)) >= 4  # a plan with several kinds of task, so order matters
    fake.reset_log()
    assert [row[STATUS] for row in _flagged(fake, sa_key, cfg, per_cell)] == statuses
    assert fake.calls().count("PUT sheets.spreadsheets.values.update") == TASKS  # one per row
    by_frame = _flagged(fake, sa_key, cfg, dataframe)
    assert [(r[STATUS], r[NOTE]) for r in by_frame] == [(r[STATUS], r[NOTE]) for r in expected]


def test_the_benchmark_measures_every_tool_with_the_request_counts_of_each(capsys):
    rows = bench_google.run([(10, 100)], list(bench_google.TOOLS), latency=0, per_cell_max=10)
    by = {r["tool"]: r for r in rows}
    assert set(by) == {*bench_google.TOOLS, "sheets-sync-google", "sheets-sync-google-apart"}
    ours = by["sheets-sync"]
    assert (ours["requests"], ours["rerun_requests"], ours["december_requests"]) == (4, 3, 4)
    assert ours["check_requests"] == 2
    assert by["sheets-sync-google"]["requests"] == 4  # the aggregation used flag's read
    assert by["sheets-sync-google-apart"]["requests"] == 6  # its own: spreadsheets.get, batchGet
    assert by["load-floor-google"]["requests"] == 1
    assert by["gspread-per-cell"]["requests"] == 5 + 10  # open, 2 worksheets, 2 reads, 10 rows
    assert by["gspread-dataframe"]["requests"] == 7
    table = bench_google.requests_table(rows, [(10, 100)], 0.0)
    assert "3.8x" in table  # 15 requests against our 4
    assert "10" in bench_google.local_table(rows, [(10, 100)])
    assert all(r["peak_rss_mb"] > 0 and r["wall_s"] > 0 for r in rows)
