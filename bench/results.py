"""The shared results file of every benchmark: ``bench/results.json``.

Usage::

    from bench.results import peak_rss_mb, record
    record([{"tool": "sheets-sync-local", "tasks": 1000, "progress_rows": 10000,
             "requests": None, "wall_s": 0.31, "cpu_s": 0.35, "peak_rss_mb": 95.0}])

The file is a JSON list of objects with the keys in ``KEYS``, and whatever else a benchmark
measured (``bench_plans``: plans, 429s, the quota-bound minimum, …). A run replaces the rows of
the same (tool, tasks, progress_rows) and keeps all others, so the local and the Google
benchmarks can write to it in any order.
"""

from __future__ import annotations

import json
import resource
from collections.abc import Iterable, Mapping
from pathlib import Path

RESULTS = Path(__file__).parent / "results.json"
KEYS = ("tool", "tasks", "progress_rows", "requests", "wall_s", "cpu_s", "peak_rss_mb")


def _identity(row: Mapping[str, object]) -> tuple[object, ...]:
    return row["tool"], row["tasks"], row["progress_rows"]


def record(rows: Iterable[Mapping[str, object]], path: Path = RESULTS) -> list[dict[str, object]]:
    """Merge ``rows`` into the results file; return everything it now holds."""
    new = [{**{key: row.get(key) for key in KEYS}, **row} for row in rows]
    old: list[dict[str, object]] = []
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            old = []  # a damaged file is rewritten rather than stopping the benchmark
    replaced = {_identity(r) for r in new}
    merged = [r for r in old if _identity(r) not in replaced] + new
    merged.sort(key=lambda r: (str(r["tool"]), int(r["tasks"]), int(r["progress_rows"])))  # type: ignore[call-overload]
    path.write_text(json.dumps(merged, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return merged


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB.

    On Linux the kernel's high-water mark of this process image (``VmHWM``): ``ru_maxrss``
    also counts what the parent held when it forked the child, so a benchmark child started by
    a process hosting the fake Google (gigabytes) would report the parent's memory as its own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
