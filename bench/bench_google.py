"""Benchmark: the flag job on Google Sheets, side by side with the gspread scripts people write.

    python -m bench.bench_google                     # 10, 1,000 and 10,000 tasks (2–3 minutes)
    BENCH_FULL=1 python -m bench.bench_google        # and 100,000 tasks, 1,000,000 progress rows
    python -m bench.bench_google --latency 0.05 --tools sheets-sync,gspread-dataframe

Everything talks HTTP to the fake Google server of the tests (``tests/fake_google``), which
checks every request against Google's discovery documents, counts requests, and here waits
``--latency`` seconds (default 0.1: a round trip to Google's front end from Vietnam) before
answering each one. The fake runs in this process; every tool runs in a fresh child process,
so its CPU time and peak memory (RSS) are its own. Each tool gets a fresh copy of the same
synthetic plan (``bench.synthetic``, fixed seed, ten progress rows per task), never flagged.

Tools:

* ``sheets-sync``: our ``flag`` job (``jobs.flag.run``) on the Google backend, first run: every
  task's job cells written, every row anchored. The same child then computes the yearly
  aggregation of the report job (``aggregate.summarise`` for 2024; rendering left out) twice:
  from flag's read, as when both jobs are due in one round (``SharedRead``), and on a read of
  its own, as on a day the report runs alone; then a same-day rerun and a run in December (most
  statuses change again, written through the row anchors). Recorded as ``sheets-sync`` (the
  flag run), ``sheets-sync-google`` (flag + aggregation in one round) and
  ``sheets-sync-google-apart`` (flag, then the aggregation on its own read);
* ``load-floor-google``: one ``values:batchGet`` of the three tabs, parsed: the data a job
  needs and nothing else, the least time a run can take;
* ``gspread-per-cell`` and ``gspread-dataframe``: the baselines in ``bench/gspread_baseline.py``.
  The per-cell script sends a request per changed row, so it runs up to ``--per-cell-max``
  tasks (1,000: about 110 s at 0.1 s latency); beyond, its requests and time are extrapolated
  on the line through its two largest runs, and marked so.

Requests are counted by the fake (the token request apart), split between the phases of a
child by time. ``server s`` is the time the fake spent building answers (Python, so slower than
Google; it is in every wall time). Nothing is asserted; rows go to ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bench.results import peak_rss_mb, record
from bench.synthetic import TODAY, plan_grids

QUICK = [(10, 100), (1_000, 10_000), (10_000, 100_000)]
FULL = [*QUICK, (100_000, 1_000_000)]
TOOLS = ("load-floor-google", "sheets-sync", "gspread-dataframe", "gspread-per-cell")
TABS = ["Nhiệm vụ", "Tiến độ", "Nhật ký"]
DECEMBER = date(2024, 12, 20)
QUOTA_PER_MINUTE = 60  # Sheets API write requests per minute per user per project
ROOT = Path(__file__).resolve().parent.parent


# --- the fake, in this process ---------------------------------------------------------------


def _timed_fake():
    """The tests' fake Google, also noting when each request was handled and for how long."""
    from tests.fake_google import FakeGoogle

    class TimedFake(FakeGoogle):
        def __init__(self) -> None:
            super().__init__()
            self.served: list[tuple[float, float, str]] = []  # (when, seconds, api)

        def handle(self, req):
            when, start = time.time(), time.perf_counter()
            try:
                return super().handle(req)
            finally:
                self.served.append((when, time.perf_counter() - start, req.api))

    return TimedFake()


@dataclass
class Target:
    """Where a child finds the spreadsheet: the fake's port, the key file and the sheet id."""

    port: int
    key: str
    sheet: str

    def args(self) -> list[str]:
        return [str(self.port), self.key, self.sheet]


# --- one measurement, in a child process -----------------------------------------------------


def _config(target: Target):
    from sheets_sync.config import load
    from tests.google.helpers import google_config

    return google_config(load(None), {"_path": target.key}, target.sheet)


def _backend(target: Target, cfg):
    from sheets_sync.backends.google import open_google
    from sheets_sync.backends.google.http_client import LoopbackAdapter

    return open_google(cfg, adapter=LoopbackAdapter(target.port))


def _gspread_client(target: Target):
    """``gspread.service_account`` as the scripts call it, its session pointed at the fake."""
    import gspread

    from sheets_sync.backends.google import urls
    from sheets_sync.backends.google.http_client import LoopbackAdapter

    gc = gspread.service_account(filename=target.key)
    session = gc.http_client.session
    adapter = LoopbackAdapter(target.port)
    for s in (session, session._auth_request_session):
        for host in urls.HOSTS:
            s.mount(f"https://{host}", adapter)
    return gc


def _mark(marks: dict[str, tuple[float, float]], name: str) -> None:
    """The moment a phase ends: wall clock (shared with the fake's log) and this process's CPU."""
    marks[name] = (time.time(), time.process_time())


def _sheets_sync(target: Target) -> dict[str, Any]:
    """Our flag run and the yearly aggregation in one round (one read), the aggregation again
    on a read of its own (as on a day the report runs alone), then two more flag runs."""
    from jobs import flag, report
    from sheets_sync.job import Context, SharedRead

    cfg = _config(target)
    backend = _backend(target, cfg)
    marks: dict[str, tuple[float, float]] = {}
    now = datetime(2024, 10, 15, 6, 30)
    shared = SharedRead()
    _mark(marks, "start")
    result = flag.run(backend, cfg, today=TODAY, now=now, shared=shared)
    _mark(marks, "flag")
    flag_rss = peak_rss_mb()
    assert shared.snapshot is not None and shared.plan is not None
    seen = _year_summary(shared.snapshot, shared.plan, cfg)
    _mark(marks, "shared")
    round_rss = peak_rss_mb()
    del shared
    with _collector_paused():  # as the report job runs
        _year_summary(*report.read_sheet(backend, cfg), cfg)
    _mark(marks, "own")
    flag.run(backend, cfg, today=TODAY, now=now)
    _mark(marks, "rerun")
    december = flag.run(backend, cfg, today=DECEMBER, now=now)
    _mark(marks, "december")
    later = datetime(2024, 12, 20, 7, 0, tzinfo=cfg.zone)  # what catch-up asks every 10 minutes
    flag.owed(Context(backend, cfg, later, scheduled=later))
    _mark(marks, "check")
    return {
        "flag_rss_mb": flag_rss,
        "round_rss_mb": round_rss,
        "peak_rss_mb": peak_rss_mb(),
        "marks": marks,
        "cells_written": result.cells_written,
        "december_cells": december.cells_written,
        "tasks_seen": seen,
    }


def _year_summary(snapshot, plan, cfg) -> int:
    """What the report job computes for the year before rendering (rendering left out)."""
    from sheets_sync.aggregate import summarise
    from sheets_sync.periods import reporting_period
    from sheets_sync.units import unit_list

    with _collector_paused():
        period = reporting_period("2024", cfg.report.cut)
        return summarise(plan, period, TODAY, cfg, unit_list(snapshot, cfg)).total.total


def _collector_paused():
    from sheets_sync.memory import collector_paused

    return collector_paused()


def _floor(target: Target) -> dict[str, Any]:
    from sheets_sync.backends.google import urls

    backend = _backend(target, _config(target))
    marks: dict[str, tuple[float, float]] = {}
    _mark(marks, "start")
    backend.call(
        "get",
        urls.VALUES_BATCH_GET % target.sheet,
        params={
            "ranges": [urls.a1_tab(t) for t in TABS],
            "valueRenderOption": "UNFORMATTED_VALUE",
            "dateTimeRenderOption": "SERIAL_NUMBER",
        },
    )
    _mark(marks, "end")
    return {"peak_rss_mb": peak_rss_mb(), "marks": marks}


def _baseline(target: Target, which: str) -> dict[str, Any]:
    from bench import gspread_baseline

    cfg = _config(target)
    script = {
        "gspread-per-cell": gspread_baseline.flag_per_cell,
        "gspread-dataframe": gspread_baseline.flag_with_dataframe,
    }[which]
    marks: dict[str, tuple[float, float]] = {}
    _mark(marks, "start")
    gc = _gspread_client(target)
    written = script(gc, target.sheet, cfg, TODAY)
    _mark(marks, "end")
    return {"peak_rss_mb": peak_rss_mb(), "marks": marks, "cells_written": written}


def child(tool: str, target: Target) -> dict[str, Any]:
    import gc

    logging.disable(logging.WARNING)  # a million-row plan logs a thousand data problems
    gc.disable()  # as our jobs run (sheets_sync.memory); the baselines get the same advantage
    if tool == "sheets-sync":
        return _sheets_sync(target)
    if tool == "load-floor-google":
        return _floor(target)
    return _baseline(target, tool)


# --- the parent: fills the fake, runs the children, reads the fake's log ------------------------


def measure(fake, grids, tool: str, tasks: int, progress_rows: int, key: str) -> list[dict]:
    from bench.fake_plan import fake_plan
    from tests.google.helpers import OFFICER, SA_EMAIL

    book = fake_plan(fake, grids, owner=OFFICER, share={SA_EMAIL: "writer"})
    fake.reset_log()
    fake.served.clear()
    target = Target(fake.port, key, book.id)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_google", "--child", tool, *target.args()],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"{tool} at {tasks} tasks failed:\n{exc.stderr[-2000:]}") from None
    finally:
        fake.spreadsheets.pop(book.id, None)  # one plan in memory at a time
    got = json.loads(out.stdout.strip().splitlines()[-1])
    return _rows(tool, tasks, progress_rows, got, fake.served)


@dataclass
class Phase:
    requests: int  # token requests apart
    wall_s: float
    cpu_s: float  # the child's
    server_s: float  # the fake's


def _phase(marks: dict, served, first: str, last: str) -> Phase:
    """What happened between the marks ``first`` and ``last`` of a child."""
    (t0, c0), (t1, c1) = marks[first], marks[last]
    inside = [(s, api) for when, s, api in served if t0 <= when <= t1]
    requests = sum(1 for _, api in inside if api != "oauth")
    return Phase(requests, t1 - t0, c1 - c0, sum(s for s, _ in inside))


def _row(tool: str, base: dict, phase: Phase, **extra: object) -> dict:
    return {**base, "tool": tool, **vars(phase), **extra}


def _rows(tool: str, tasks: int, progress_rows: int, got: dict, served) -> list[dict]:
    marks = {k: tuple(v) for k, v in got.pop("marks").items()}
    base = {"tasks": tasks, "progress_rows": progress_rows}
    if tool != "sheets-sync":
        return [_row(tool, base, _phase(marks, served, "start", "end"), **got)]
    flag_run = _phase(marks, served, "start", "flag")
    shared = _phase(marks, served, "flag", "shared")
    own = _phase(marks, served, "shared", "own")
    rerun = _phase(marks, served, "own", "rerun")
    december = _phase(marks, served, "rerun", "december")
    check = _phase(marks, served, "december", "check")
    flag_row = _row(
        "sheets-sync",
        base,
        flag_run,
        peak_rss_mb=got["flag_rss_mb"],
        cells_written=got["cells_written"],
        rerun_requests=rerun.requests,
        rerun_s=rerun.wall_s,
        december_requests=december.requests,
        december_s=december.wall_s,
        check_requests=check.requests,
    )
    round_row = _row(
        "sheets-sync-google",
        base,
        _phase(marks, served, "start", "shared"),
        peak_rss_mb=got["round_rss_mb"],
        flag_s=flag_run.wall_s,
        aggregate_s=shared.wall_s,
        aggregate_cpu_s=shared.cpu_s,
    )
    apart_row = _row(
        "sheets-sync-google-apart",
        base,
        Phase(
            flag_run.requests + own.requests,
            flag_run.wall_s + own.wall_s,
            flag_run.cpu_s + own.cpu_s,
            flag_run.server_s + own.server_s,
        ),
        peak_rss_mb=got["peak_rss_mb"],
        flag_s=flag_run.wall_s,
        aggregate_s=own.wall_s,
        aggregate_cpu_s=own.cpu_s,
    )
    return [flag_row, round_row, apart_row]


# --- the tables --------------------------------------------------------------------------------


def _x(value: object, ours: object) -> str:
    if not isinstance(value, int | float) or not isinstance(ours, int | float) or not ours:
        return "—"
    return f"{value / ours:,.0f}x" if value / ours >= 10 else f"{value / ours:.1f}x"


def _extrapolate(rows: list[dict], tool: str, sizes: list[tuple[int, int]]) -> dict[int, dict]:
    """Requests and wall time at the sizes ``tool`` was not run at: the line through its two
    largest runs (requests grow with the rows it writes, time with the requests)."""
    runs = sorted((r for r in rows if r["tool"] == tool), key=lambda r: r["tasks"])
    if len(runs) < 2:
        return {}
    a, b = runs[-2], runs[-1]
    out = {}
    for tasks, _ in sizes:
        if tasks > b["tasks"]:
            share = (tasks - a["tasks"]) / (b["tasks"] - a["tasks"])
            out[tasks] = {k: a[k] + share * (b[k] - a[k]) for k in ("requests", "wall_s", "cpu_s")}
    return out


def requests_table(rows: list[dict], sizes, latency: float) -> str:
    by = {(r["tool"], r["tasks"]): r for r in rows}
    guessed = _extrapolate(rows, "gspread-per-cell", sizes)
    head = (
        f"{'tasks':>8} {'progress':>10} | {'sheets-sync':>11} {'wall s':>7} {'rerun':>5} "
        f"{'Dec.':>4} {'check':>5} | {'gspread-dataframe':>17} {'wall s':>7} {'x req':>6} "
        f"{'x wall':>6} | "
        f"{'gspread-per-cell':>16} {'wall s':>8} {'x req':>6} {'x wall':>6} {'at quota':>9}"
    )
    lines = [
        f"API requests of one flag run and its wall time (fake Google, {latency:.2f} s a request)",
        head,
        "-" * len(head),
    ]
    for tasks, progress in sizes:
        ours = by.get(("sheets-sync", tasks), {})
        df = by.get(("gspread-dataframe", tasks), {})
        cell = by.get(("gspread-per-cell", tasks)) or guessed.get(tasks, {})
        mark = "*" if ("gspread-per-cell", tasks) not in by and cell else " "
        quota = f"{cell['requests'] / QUOTA_PER_MINUTE:>7.1f} m" if cell else f"{'—':>9}"
        lines.append(
            f"{tasks:>8,} {progress:>10,} | {_n(ours.get('requests')):>11} "
            f"{_s(ours.get('wall_s')):>7} {_n(ours.get('rerun_requests')):>5} "
            f"{_n(ours.get('december_requests')):>4} {_n(ours.get('check_requests')):>5} | "
            f"{_n(df.get('requests')):>17} {_s(df.get('wall_s')):>7} "
            f"{_x(df.get('requests'), ours.get('requests')):>6} "
            f"{_x(df.get('wall_s'), ours.get('wall_s')):>6} | "
            f"{_n(cell.get('requests'), mark):>16} {_s(cell.get('wall_s'), mark):>8} "
            f"{_x(cell.get('requests'), ours.get('requests')):>6} "
            f"{_x(cell.get('wall_s'), ours.get('wall_s')):>6} {quota}"
        )
    lines.append(
        "rerun: the same day again (nothing to change); Dec.: a run on 20/12/2024 (statuses "
        "rewritten through the row anchors);\ncheck: catch-up asking whether a flag run is owed "
        "(Nhật ký read).\nat quota: least time the per-cell script needs "
        f"under Google's {QUOTA_PER_MINUTE} write requests per minute per user (beyond it: 429)."
    )
    if guessed:
        lines.append("* not run at this size: extrapolated from its two largest runs")
    return "\n".join(lines)


def local_table(rows: list[dict], sizes) -> str:
    by = {(r["tool"], r["tasks"]): r for r in rows}
    head = (
        f"{'tasks':>8} {'progress':>10} | {'floor s':>7} {'cpu':>5} | {'flag s':>6} "
        f"{'x':>5} {'cpu':>5} {'rerun s':>7} {'x':>5} | {'own read':>8} {'x':>5} "
        f"{'apart s':>7} {'cpu':>5} | "
        f"{'shared':>6} {'round s':>7} {'cpu':>5} | {'server s':>8} {'RSS MB':>6}"
    )
    lines = [
        "Flag + yearly aggregation on the fake Google backend, one process (x: over the floor)",
        head,
        "-" * len(head),
    ]
    for tasks, progress in sizes:
        floor = by.get(("load-floor-google", tasks), {})
        flag = by.get(("sheets-sync", tasks), {})
        apart = by.get(("sheets-sync-google-apart", tasks), {})
        round_ = by.get(("sheets-sync-google", tasks), {})
        lines.append(
            f"{tasks:>8,} {progress:>10,} | {_s(floor.get('wall_s')):>7} "
            f"{_s(floor.get('cpu_s')):>5} | {_s(flag.get('wall_s')):>6} "
            f"{_x(flag.get('wall_s'), floor.get('wall_s')):>5} {_s(flag.get('cpu_s')):>5} "
            f"{_s(flag.get('rerun_s')):>7} {_x(flag.get('rerun_s'), floor.get('wall_s')):>5} | "
            f"{_s(apart.get('aggregate_s')):>8} "
            f"{_x(apart.get('aggregate_s'), floor.get('wall_s')):>5} "
            f"{_s(apart.get('wall_s')):>7} {_s(apart.get('cpu_s')):>5} | "
            f"{_s(round_.get('aggregate_s')):>6} {_s(round_.get('wall_s')):>7} "
            f"{_s(round_.get('cpu_s')):>5} | {_s(apart.get('server_s')):>8} "
            f"{_n(apart.get('peak_rss_mb')):>6}"
        )
    lines.append(
        "flag: the first run (every job cell written, every row anchored); rerun: the daily "
        "run once the sheet is flagged.\n"
        "own read: the aggregation as the report job computes it on a day it runs alone; apart: "
        "flag + that.\nshared / round: the aggregation from flag's read, as when both are due "
        "in one round (run flag report).\nserver s: the fake's time building answers for flag "
        "and the own-read aggregation; RSS: peak of the process."
    )
    return "\n".join(lines)


def _n(value: object, mark: str = "") -> str:
    return "—" if value is None else f"{'~' if mark.strip() else ''}{value:,.0f}{mark.strip()}"


def _s(value: object, mark: str = "") -> str:
    return "—" if value is None else f"{'~' if mark.strip() else ''}{value:.2f}{mark.strip()}"


# --- main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=4, metavar=("TOOL", "PORT", "KEY", "SHEET"),
                        help=argparse.SUPPRESS)  # fmt: skip
    parser.add_argument("--full", action="store_true", help="also 100,000 tasks (or BENCH_FULL=1)")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per request (0.1)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset")
    parser.add_argument("--per-cell-max", type=int, default=1_000,
                        help="largest plan the per-cell script runs on (1,000 tasks)")  # fmt: skip
    opts = parser.parse_args(argv)
    if opts.child:
        tool, port, key, sheet = opts.child
        result = child(tool, Target(int(port), key, sheet))
        print(json.dumps(result))
        return 0
    full = opts.full or os.environ.get("BENCH_FULL", "") not in ("", "0")
    sizes = FULL if full else QUICK
    tools = [t for t in TOOLS if t in opts.tools.split(",")]
    print(f"python {platform.python_version()} on {platform.machine()} {platform.system()}, "
          f"{os.cpu_count()} CPUs; flag as of {TODAY:%d/%m/%Y}; latency {opts.latency} s; "
          f"{date.today()}")  # fmt: skip
    rows = run(sizes, tools, opts.latency, opts.per_cell_max)
    print()
    print(requests_table(rows, sizes, opts.latency))
    print()
    print(local_table(rows, sizes))
    record(rows)
    print(f"\nresults merged into {Path(__file__).parent / 'results.json'}")
    return 0


def run(sizes, tools: list[str], latency: float, per_cell_max: int) -> list[dict]:
    """Every tool at every size; the rows, also printed one by one as they come."""
    # The fake holds millions of cells; the cycle collector walking them again and again would
    # be time Google does not spend. Nothing the fake builds has cycles worth collecting.
    with _collector_paused(), tempfile.TemporaryDirectory() as folder:
        return _run(sizes, tools, latency, per_cell_max, Path(folder))


def _run(sizes, tools: list[str], latency: float, per_cell_max: int, folder: Path) -> list[dict]:
    from tests.google.helpers import SA_EMAIL

    fake = _timed_fake().start()
    fake.latency = latency
    key = fake.service_account(SA_EMAIL)
    path = folder / "key.json"
    path.write_text(json.dumps(key), encoding="utf-8")
    path.chmod(0o600)
    rows: list[dict] = []
    try:
        for tasks, progress in sizes:
            grids = plan_grids(tasks, progress)
            for tool in tools:
                if tool == "gspread-per-cell" and tasks > per_cell_max:
                    continue
                for row in measure(fake, grids, tool, tasks, progress, str(path)):
                    rows.append(_rounded(row))
                    print(f"  {row['tool']:24} {tasks:>7,} tasks: {row['requests']:>6,} "
                          f"requests, {row['wall_s']:7.2f} s, {row['peak_rss_mb']:6.0f} MB",
                          flush=True)  # fmt: skip
    finally:
        fake.stop()
    return rows


def _rounded(row: dict) -> dict:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}


if __name__ == "__main__":
    sys.exit(main())
