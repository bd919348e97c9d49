"""Benchmark: what an idle catch-up tick of `sheets-sync serve` costs, as Nhật ký grows.

    python -m bench.bench_catchup [--repeat 20]

Every ``[scheduler] check_minutes`` (default 10) serve asks each job what it owes. On a day with
nothing owed that is: take the job's lock, read the ``Nhật ký`` tab for flag's last success, and
look for each closed period's report file. This measures that tick on the demo workbook, local
backend, with a run log of 0, 1,000 (a year at three runs a day) and 10,000 rows, side by side,
and, for scale, one report written and one flag run. Only measures and prints.
"""

from __future__ import annotations

import argparse
import logging
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

from sheets_sync import contract, runlog
from sheets_sync.backends.local.workbook import LocalBackend, save_atomically
from sheets_sync.config import load
from sheets_sync.demo import build_demo_workbook
from sheets_sync.job import registry
from sheets_sync.runner import Runner

SIZES = (0, 1_000, 10_000)


def _grow_log(path: Path, rows: int) -> None:
    """Add ``rows`` old runs to Nhật ký, oldest first, as a year of service would leave."""
    wb = openpyxl.load_workbook(path)
    ws = wb[contract.LOG.title]
    start = datetime(2023, 1, 1, 6, 30)
    for i in range(rows):
        job = ("flag", "report", "flag")[i % 3]
        ws.append([start + timedelta(hours=8 * i), job, runlog.OK, "8 nhiệm vụ", ""])
    save_atomically(wb, path)


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _plan(folder: Path, rows: int) -> Runner:
    cfg = load(None)
    backend = LocalBackend(folder / f"ke-hoach-{rows}.xlsx", folder / f"bao-cao-{rows}")
    build_demo_workbook(backend.path, cfg)
    _grow_log(backend.path, rows)
    runner = Runner(backend, cfg, state_dir=folder / "state")
    jobs = registry()
    for name in ("flag", "report"):  # everything done: the next tick finds nothing owed
        assert runner.run(jobs[name]).status == "done"
    return runner


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # the demo's data problems, once per run: not the point here
    jobs = registry()
    print(f"python {sys.version.split()[0]} on {platform.machine()}, median of {args.repeat}")
    print(f"{'Nhật ký rows':>13} {'flag tick ms':>13} {'report tick ms':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        runners = {rows: _plan(Path(tmp), rows) for rows in SIZES}
        for rows, runner in runners.items():
            flag_ms = _median_ms(
                lambda r=runner: r.run(jobs["flag"], only_if_owed=True), args.repeat
            )
            report_ms = _median_ms(
                lambda r=runner: r.run(jobs["report"], only_if_owed=True), args.repeat
            )
            print(f"{rows:>13,} {flag_ms:>13.1f} {report_ms:>15.1f}")
        runner = runners[0]
        one_report = _report_ms(runner, max(3, args.repeat // 4))
        flag_run = _median_ms(lambda: runner.run(jobs["flag"]), max(3, args.repeat // 4))
    print(f"for scale: writing one report {one_report:.0f} ms, one flag run {flag_run:.0f} ms")


def _report_ms(runner: Runner, repeat: int) -> float:
    """Writing one owed report: the Q1 file is removed before each timed run."""
    report = registry()["report"]
    times = []
    for _ in range(repeat):
        next(Path(runner.backend.out_dir).glob("Bao cao quy I nam *")).unlink()
        started = time.perf_counter()
        assert report.perform(runner.context("report")).summary == "wrote 2024-Q1"
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    main()
