"""Benchmark: the local backend at scale, side by side with the load floor and the old path.

    python -m bench.bench_local              # 10, 1,000 and 10,000 tasks (a few minutes)
    BENCH_FULL=1 python -m bench.bench_local # and 100,000 tasks with 1,000,000 progress rows

For each size (progress rows = 10 x tasks, synthetic plans from ``bench.synthetic``, fixed seed)
every tool runs in a fresh subprocess, so peak memory (RSS) of one size or tool never hides
another's:

* ``load-floor-local``: python-calamine reading the three tabs to Python lists, nothing else;
* ``sheets-sync-local``: the ``flag`` job on a fresh copy of the workbook (one read, the whole
  evaluation, one write of every job cell: the first run's worst case), then the yearly
  aggregation as the report job computes it (its own read and ``aggregate.summarise`` for the
  year; rendering the .docx is left out); the same aggregation from flag's read, as in a round
  where both are due (``SharedRead``), is timed apart (``round``);
* ``openpyxl-local``: the same two jobs on the backend of before (``bench.openpyxl_baseline``),
  up to 10,000 tasks; beyond, its time is extrapolated linearly and marked so.

The table shows each job's time against the floor (a job reads once, so the floor is its
least possible time). Rows are merged into ``bench/results.json``. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.results import peak_rss_mb, record
from bench.synthetic import TODAY, plan_workbook

QUICK = [(10, 100), (1_000, 10_000), (10_000, 100_000)]
FULL = [*QUICK, (100_000, 1_000_000)]
OPENPYXL_MAX_TASKS = 10_000  # beyond this the old path takes minutes and gigabytes
TOOLS = ("load-floor-local", "sheets-sync-local", "openpyxl-local")
TABS = ["Nhiệm vụ", "Tiến độ", "Nhật ký"]


# --- one measurement, in a child process ---------------------------------------------------


def _floor(path: Path) -> dict[str, float]:
    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        for tab in TABS:
            book.get_sheet_by_name(tab).to_python(skip_empty_area=False)
    return {}


def _jobs(path: Path, backend_class: type, rerun: bool) -> dict[str, float]:
    """The flag job, then the yearly aggregation the report job computes: from flag's read (as
    when both are due in one round), then on a read of its own (as on a day it runs alone)."""
    from jobs import flag, report
    from sheets_sync.aggregate import summarise
    from sheets_sync.config import load
    from sheets_sync.job import SharedRead
    from sheets_sync.memory import collector_paused
    from sheets_sync.periods import reporting_period
    from sheets_sync.units import unit_list

    cfg = load(None)
    backend = backend_class(path)
    year = reporting_period(str(TODAY.year), cfg.report.cut)
    shared = SharedRead()
    start = time.perf_counter()
    result = flag.run(backend, cfg, today=TODAY, shared=shared)
    flagged = time.perf_counter()
    shared_cpu = time.process_time()
    with collector_paused():  # as the report job runs
        assert shared.snapshot is not None and shared.plan is not None
        summarise(shared.plan, year, TODAY, cfg, unit_list(shared.snapshot, cfg))
    round_done = time.perf_counter()
    shared_cpu = time.process_time() - shared_cpu
    del shared
    with collector_paused():
        snapshot, plan = report.read_sheet(backend, cfg)
        summary = summarise(plan, year, TODAY, cfg, unit_list(snapshot, cfg))
    done = time.perf_counter()
    seen = summary.total.total
    del snapshot, plan, summary  # free the aggregation's plan before the rerun reads again
    extra = {}
    if rerun:  # the same day again: what a daily run costs once the sheet is flagged
        cpu = time.process_time()
        flag.run(backend, cfg, today=TODAY)
        extra = {"again_s": time.perf_counter() - done, "again_cpu": time.process_time() - cpu}
    return {
        **extra,
        "flag_s": flagged - start,
        "round_s": round_done - start,
        "shared_cpu": shared_cpu,
        "aggregate_s": done - round_done,
        "cells_written": result.cells_written,
        "tasks_seen": seen,
    }


def child(tool: str, tasks: int, progress_rows: int) -> dict[str, object]:
    source = plan_workbook(tasks, progress_rows)
    if tool != "load-floor-local":
        import jobs.report  # noqa: F401  (imported before the clock starts: not the jobs' work)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        shutil.copy(source, path)  # every run starts from the same unflagged workbook
        wall, cpu = time.perf_counter(), time.process_time()
        extra: dict[str, float]
        if tool == "load-floor-local":
            extra = _floor(path)
        elif tool == "sheets-sync-local":
            from sheets_sync.backends.local.workbook import LocalBackend

            extra = _jobs(path, LocalBackend, rerun=True)
        else:
            from bench.openpyxl_baseline import OpenpyxlBackend

            extra = _jobs(path, OpenpyxlBackend, rerun=False)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        wall -= extra.get("again_s", 0.0)  # the rerun is reported apart, not in the total
        cpu -= extra.pop("again_cpu", 0.0)
        # The totals are flag + the aggregation on its own read; the round is reported apart.
        wall -= extra.get("round_s", 0.0) - extra.get("flag_s", 0.0)
        cpu -= extra.pop("shared_cpu", 0.0)
    peak = peak_rss_mb()
    return {
        "tool": tool,
        "tasks": tasks,
        "progress_rows": progress_rows,
        "requests": 0,  # a local file: no API requests
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "peak_rss_mb": round(peak, 1),
        **{k: round(v, 3) if isinstance(v, float) else v for k, v in extra.items()},
    }


def measure(tool: str, tasks: int, progress_rows: int) -> dict[str, object]:
    plan_workbook(tasks, progress_rows)  # generate (once) outside the measured process
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.bench_local",
            "--child",
            tool,
            str(tasks),
            str(progress_rows),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the table -----------------------------------------------------------------------------


def _ratio(value: object, floor: object) -> str:
    if not isinstance(value, int | float) or not isinstance(floor, int | float) or not floor:
        return "—"
    return f"{value / floor:.1f}x"


def table(rows: list[dict[str, object]], extrapolated: dict[int, float]) -> str:
    by = {(r["tool"], r["tasks"]): r for r in rows}
    sizes = sorted({(int(r["tasks"]), int(r["progress_rows"])) for r in rows})  # type: ignore[call-overload]
    head = (
        f"{'tasks':>8} {'progress':>10} | {'floor s':>8} | {'flag s':>7} {'x floor':>7} "
        f"{'aggr s':>7} {'x floor':>7} {'total s':>8} {'cpu s':>7} {'RSS MB':>7} "
        f"{'round s':>7} {'rerun s':>7} | "
        f"{'openpyxl s':>11} {'RSS MB':>7} {'x ours':>7}"
    )
    lines = [head, "-" * len(head)]
    for tasks, progress in sizes:
        floor = by.get(("load-floor-local", tasks), {})
        ours = by.get(("sheets-sync-local", tasks), {})
        old = by.get(("openpyxl-local", tasks))
        if old:
            old_s, old_rss = f"{old['wall_s']:>11.2f}", f"{old['peak_rss_mb']:>7.0f}"
            versus = _ratio(old["wall_s"], ours.get("wall_s"))
        elif tasks in extrapolated:
            old_s, old_rss = f"~{extrapolated[tasks]:>9.0f}*", f"{'—':>7}"
            versus = _ratio(extrapolated[tasks], ours.get("wall_s"))
        else:
            old_s, old_rss, versus = f"{'—':>11}", f"{'—':>7}", "—"
        lines.append(
            f"{tasks:>8,} {progress:>10,} | {floor.get('wall_s', 0):>8.2f} | "
            f"{ours.get('flag_s', 0):>7.2f} {_ratio(ours.get('flag_s'), floor.get('wall_s')):>7} "
            f"{ours.get('aggregate_s', 0):>7.2f} "
            f"{_ratio(ours.get('aggregate_s'), floor.get('wall_s')):>7} "
            f"{ours.get('wall_s', 0):>8.2f} {ours.get('cpu_s', 0):>7.2f} "
            f"{ours.get('peak_rss_mb', 0):>7.0f} {ours.get('round_s', 0):>7.2f} "
            f"{ours.get('again_s', 0):>7.2f} | "
            f"{old_s} {old_rss} {versus:>7}"
        )
    lines.append(
        "aggr: the yearly aggregation on its own read (total: flag + that); round: flag + the "
        "aggregation from flag's read, as when both are due together (run flag report)"
    )
    if extrapolated:
        lines.append("* openpyxl not run at this size: linear extrapolation from 10,000 tasks")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Local backend at scale, side by side.")
    parser.add_argument(
        "--child", nargs=3, metavar=("TOOL", "TASKS", "ROWS"), help=argparse.SUPPRESS
    )
    parser.add_argument("--full", action="store_true", help="also 100,000 tasks (or BENCH_FULL=1)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset")
    opts = parser.parse_args(argv)
    if opts.child:
        tool, tasks, rows = opts.child
        print(json.dumps(child(tool, int(tasks), int(rows))))
        return 0
    full = opts.full or os.environ.get("BENCH_FULL", "") not in ("", "0")
    tools = [t for t in opts.tools.split(",") if t in TOOLS]
    print(f"python {platform.python_version()} on {platform.machine()} {platform.system()}, "
          f"{os.cpu_count()} CPUs; flag as of {TODAY:%d/%m/%Y}; {date.today()}")  # fmt: skip
    rows: list[dict[str, object]] = []
    for tasks, progress in FULL if full else QUICK:
        for tool in tools:
            if tool == "openpyxl-local" and tasks > OPENPYXL_MAX_TASKS:
                continue
            row = measure(tool, tasks, progress)
            rows.append(row)
            print(f"  {tool:18} {tasks:>7,} tasks: {row['wall_s']:.2f} s, "
                  f"{row['peak_rss_mb']:.0f} MB", flush=True)  # fmt: skip
    extrapolated = _extrapolate(rows)
    print()
    print(table(rows, extrapolated))
    record(rows)
    print(f"\nresults merged into {Path(__file__).parent / 'results.json'}")
    return 0


def _extrapolate(rows: list[dict[str, object]]) -> dict[int, float]:
    """The old path's time at sizes it was not run at, linear from its largest measured size."""
    old = [r for r in rows if r["tool"] == "openpyxl-local"]
    if not old:
        return {}
    base = max(old, key=lambda r: int(r["tasks"]))  # type: ignore[call-overload]
    per_task = float(base["wall_s"]) / int(base["tasks"])  # type: ignore[call-overload]
    sizes = {int(r["tasks"]) for r in rows} - {int(r["tasks"]) for r in old}  # type: ignore[call-overload]
    return {tasks: per_task * tasks for tasks in sizes}


if __name__ == "__main__":
    sys.exit(main())
