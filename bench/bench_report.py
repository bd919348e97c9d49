"""Benchmark: the yearly report from a plan with 100,000 progress rows.

    python -m bench.bench_report [--rows 100000] [--tasks 40] [--seed 2024] [--out FILE.docx]

The plan is the seed plan's 8 tasks plus generated ones (deadlines, monthly and quarterly work,
several units per lead cell), and a year of progress rows spread over them, with the units and
forms of the demo log and one row in a thousand naming no task. Times three steps separately:
reading the grids into records (``read_plan``, what every job does), summarising the year
(``summarise``) and rendering the .docx (``build_document``, with its two charts). Only measures
and prints; nothing is asserted.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sheets_sync import contract, seed
from sheets_sync.aggregate import summarise
from sheets_sync.config import load
from sheets_sync.periods import reporting_period
from sheets_sync.report import build_document
from sheets_sync.sheet import read_plan

TIMEFRAMES = ["Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024", "Trong năm 2024",
              "Hằng tháng", "Hằng quý", "Thường xuyên trong năm", "Tháng 6/2024"]  # fmt: skip


def grids(rows: int, extra_tasks: int, rng: random.Random) -> dict[str, list[list[object]]]:
    task_header = [c.label for c in contract.TASKS.columns if c.owner == "officer"]
    tasks: list[list[object]] = [
        [t.stt, t.task, t.product, t.lead, t.partners, t.timeframe, None] for t in seed.TASKS
    ]
    for n in range(len(seed.TASKS) + 1, len(seed.TASKS) + extra_tasks + 1):
        lead = ", ".join(rng.sample(seed.UNITS, rng.choice((1, 1, 2))))
        done = date(2024, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.3 else None
        tasks.append([n, f"Nhiệm vụ {n}", "", lead, "", rng.choice(TIMEFRAMES), done])
    count = len(tasks)
    progress_header = [c.label for c in contract.PROGRESS.columns]
    progress: list[list[object]] = []
    start = date(2024, 1, 1)
    for i in range(rows):
        stt = count + 1 if i % 1000 == 999 else rng.randint(1, count)  # a few name no task
        progress.append(
            [
                start + timedelta(days=rng.randrange(366)),
                stt,
                rng.choice(seed.UNITS),
                rng.choice(seed.FORMS),
                "Hoạt động tuyên truyền",
                rng.randint(1, 5),
                "",
            ]
        )
    return {
        contract.TASKS.title: [task_header, *tasks],
        contract.PROGRESS.title: [progress_header, *progress],
    }


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=40, help="tasks besides the seed plan's 8")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    cfg = load(None)
    snapshot = grids(args.rows, args.tasks, random.Random(args.seed))
    period = reporting_period("2024", cfg.report.cut)  # type: ignore[arg-type]
    today = date(2025, 1, 5)

    plan, read_s = _timed(lambda: read_plan(snapshot, cfg))
    summary, summarise_s = _timed(lambda: summarise(plan, period, today, cfg))
    document, render_s = _timed(lambda: build_document(summary, cfg, today))
    if args.out:
        args.out.write_bytes(document.content)

    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{args.rows:,} progress rows, {len(plan.tasks)} tasks, period {period.key} "
          f"({period.cut})")  # fmt: skip
    print(f"  read_plan       {read_s:7.2f} s   ({len(plan.progress):,} records, "
          f"{len(plan.problems):,} problems)")  # fmt: skip
    print(f"  summarise       {summarise_s:7.2f} s   ({summary.entries:,} entries in the period)")
    print(f"  build_document  {render_s:7.2f} s   ({len(document.content) / 1024:.0f} KiB .docx)")
    print(f"  summarise + render {summarise_s + render_s:5.2f} s; with read_plan "
          f"{read_s + summarise_s + render_s:5.2f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
