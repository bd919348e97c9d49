"""The figures of docs/reliability.md: every scenario of the reliability tests, over many seeds,
counted. The tests check the same promises with fewer seeds in ``make test``.

Usage::

    python -m tests.reliability.figures              # 50 seeds per scenario: ~10 min, 2 cores
    python -m tests.reliability.figures --seeds 8    # the seeds `make test` runs
    python -m tests.reliability.figures --only faults crashes
    python -m tests.reliability.figures --only cases  # the corpus, case by case

Prints markdown tables. Every seed draws its faults, kill points and edits from
``random.Random(f"{scenario}:{seed}")``, and hypothesis runs derandomized, so a rerun prints
the same numbers (the ``slow`` scenario waits in real time; under heavy load its request
count can differ by a few).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = "tests/reliability"


# --- one unit of work per process call ----------------------------------------------------------


def messy(index: int, backend: str) -> dict:
    from sheets_sync.config import load
    from tests.fake_google import FakeGoogle
    from tests.messy.books import GooglePlan, LocalPlan
    from tests.messy.corpus import CASES, fresh
    from tests.messy.run import run_case

    case = CASES[index]
    with tempfile.TemporaryDirectory() as folder:
        if backend == "local":
            result = run_case(case, LocalPlan(Path(folder), load(None), fresh(case)))
        else:
            fake = FakeGoogle().start()
            try:
                result = run_case(case, GooglePlan(fake, Path(folder), load(None), fresh(case)))
            finally:
                fake.stop()
    return {
        "backend": backend,
        "notes": result.notes,
        "stopped": result.stopped,
        "problems": result.problems,
        "lost": result.lost,
    }


def fault(scenario: str, seed: int) -> dict:
    from tests.reliability.faults import run_scenario

    result = run_scenario(scenario, seed)
    return {
        "scenario": scenario,
        "requests": result.requests,
        "faults": dict(result.faults),
        "outcome": result.outcome,
        "problems": result.problems,
        "lost": result.lost,
    }


def crash(job: str, backend: str, seed: int) -> dict:
    from tests.reliability.crashes import run_crash

    result = run_crash(job, backend, seed)
    return {
        "run": f"{job} on {backend}",
        "points": result.points,
        "killed": result.killed,
        "temps": result.temp_files_after_crash,
        "problems": result.problems,
        "lost": result.lost,
    }


def edits(backend: str, seed: int) -> dict:
    from tests.reliability.concurrency import run_edits

    result = run_edits(backend, seed)
    return {
        "backend": backend,
        "edits": result.kinds,
        "misplaced": result.misplaced,
        "problems": result.problems,
        "lost": result.lost,
    }


# --- tables --------------------------------------------------------------------------------------


def _problems(rows: list[dict]) -> int:
    return sum(1 for r in rows if r["problems"])


def messy_table(seeds: int, pool: ProcessPoolExecutor) -> list[str]:
    from tests.messy.corpus import CASES

    jobs = [(i, b) for i in range(len(CASES)) for b in ("local", "google")]
    rows = list(pool.map(messy, *zip(*jobs, strict=True)))
    out = [
        "| backend | cases | runs (flag + Q3 report) | stopped with a clear message | "
        "problems noted | runs with a broken promise | officer cells changed |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for backend in ("local", "google"):
        mine = [r for r in rows if r["backend"] == backend]
        out.append(
            f"| {backend} | {len(mine)} | {2 * len(mine)} | "
            f"{sum(r['stopped'] for r in mine)} | {sum(r['notes'] for r in mine)} | "
            f"{_problems(mine)} | {sum(r['lost'] for r in mine)} |"
        )
    return out


def faults_table(seeds: int, pool: ProcessPoolExecutor) -> list[str]:
    from tests.reliability.faults import DESCRIPTIONS, SCENARIOS

    jobs = [(s, n) for s in SCENARIOS for n in range(seeds)]
    rows = list(pool.map(fault, *zip(*jobs, strict=True)))
    out = [
        "| scenario | seeds | requests | faults injected | same as a clean day | "
        "stopped cleanly, then finished | broken promises | officer cells changed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in SCENARIOS:
        mine = [r for r in rows if r["scenario"] == name]
        injected = sum(sum(r["faults"].values()) for r in mine)
        out.append(
            f"| `{name}`: {DESCRIPTIONS[name]} | {len(mine)} | "
            f"{sum(r['requests'] for r in mine)} | {injected} | "
            f"{sum(r['outcome'] == 'same as clean' for r in mine)} | "
            f"{sum(r['outcome'] == 'stopped cleanly' for r in mine)} | {_problems(mine)} | "
            f"{sum(r['lost'] for r in mine)} |"
        )
    kinds: Counter[str] = Counter()
    for r in rows:
        for kind, n in r["faults"].items():
            kinds[re.sub(r"Retry-After \d+", "with Retry-After", kind)] += n
    listed = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))
    return [*out, "", f"Faults injected, by kind — {listed}."]


def crashes_table(seeds: int, pool: ProcessPoolExecutor) -> list[str]:
    from tests.reliability.crashes import BACKENDS, JOBS

    jobs = [(j, b, n) for j in JOBS for b in BACKENDS for n in range(seeds)]
    rows = list(pool.map(crash, *zip(*jobs, strict=True)))
    out = [
        "| run | seeds | kill points in a clean run | killed | temporary files left "
        "(swept by the rerun) | broken promises | officer cells changed |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for run in dict.fromkeys(r["run"] for r in rows):
        mine = [r for r in rows if r["run"] == run]
        out.append(
            f"| {run} | {len(mine)} | {mine[0]['points']} | {sum(r['killed'] for r in mine)} | "
            f"{sum(r['temps'] for r in mine)} | {_problems(mine)} | "
            f"{sum(r['lost'] for r in mine)} |"
        )
    return out


def edits_table(seeds: int, pool: ProcessPoolExecutor) -> list[str]:
    jobs = [(b, n) for b in ("local", "google") for n in range(seeds)]
    rows = list(pool.map(edits, *zip(*jobs, strict=True)))
    out = [
        "| backend | runs | officer edits during the run | statuses on the wrong task | "
        "broken promises | officer cells changed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for backend in ("local", "google"):
        mine = [r for r in rows if r["backend"] == backend]
        out.append(
            f"| {backend} | {len(mine)} | {sum(len(r['edits']) for r in mine)} | "
            f"{sum(r['misplaced'] for r in mine)} | {_problems(mine)} | "
            f"{sum(r['lost'] for r in mine)} |"
        )
    kinds = Counter(e for r in rows for e in r["edits"])
    listed = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))
    return [*out, "", f"Edits, by kind — {listed}."]


def pytest_table(seeds: int, pool: ProcessPoolExecutor) -> list[str]:
    from tests.reliability.test_fuzz import EXAMPLES

    out = ["| tests | passed | failed |", "|---|---:|---:|"]
    for name in ("test_fuzz.py", "test_security.py"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                f"tests/reliability/{name}",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        passed = re.search(r"(\d+) passed", done.stdout)
        failed = re.search(r"(\d+) failed", done.stdout)
        out.append(
            f"| `tests/reliability/{name}` | {passed.group(1) if passed else 0} | "
            f"{failed.group(1) if failed else 0} |"
        )
    out += ["", f"Hypothesis: {EXAMPLES} examples per property ({EXAMPLES * 5} for the parser)."]
    return out


def cases_table(seeds: int, pool: ProcessPoolExecutor) -> list[str]:
    """The corpus itself: each case, what the officers did, what the run must leave."""
    from tests.messy.corpus import CASES, Blank, Logged, Note, Shows, Stops

    def expected(e) -> str:
        if isinstance(e, Stops):
            return f"stops: «{' … '.join(e.says)}»"
        if isinstance(e, Logged):
            return f"{e.job} logs «{' … '.join(e.says)}»"
        if isinstance(e, Note):
            return f"note at {e.tab}!{e.cell}"
        if isinstance(e, Shows):
            return f"task {e.stt.strip()} {e.status.value}"
        assert isinstance(e, Blank)
        return f"{e.cell} empty"

    out = ["| case | what officers did | the run must leave |", "|---|---|---|"]
    for case in CASES:
        shown = "; ".join(expected(e) for e in case.expect[:4])
        more = f" (+{len(case.expect) - 4})" if len(case.expect) > 4 else ""
        out.append(f"| `{case.name}` | {case.about} | {shown}{more} |")
    return out


TABLES: dict[str, tuple[str, Callable[[int, ProcessPoolExecutor], list[str]]]] = {
    "cases": ("The messy-sheet corpus (tests/messy/corpus.py)", cases_table),
    "messy": ("Messy sheets (tests/messy)", messy_table),
    "faults": ("Faults through the fake Google (tests/reliability/faults.py)", faults_table),
    "crashes": ("SIGKILL at random points (tests/reliability/crashes.py)", crashes_table),
    "edits": ("Officers editing during a run (tests/reliability/concurrency.py)", edits_table),
    "checks": ("Fuzzing and security (pytest)", pytest_table),
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=50, help="seeds per scenario (default 50)")
    parser.add_argument("--only", nargs="*", choices=list(TABLES), default=list(TABLES)[1:])
    options = parser.parse_args(argv)
    import logging

    logging.disable(logging.CRITICAL)  # the scenarios' own log lines are expected, by the thousand
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for key in options.only:
            title, table = TABLES[key]
            print(f"\n### {title}\n")
            print("\n".join(table(options.seeds, pool)), flush=True)
    minutes = (time.perf_counter() - started) / 60
    print(f"\n(seeds per scenario: {options.seeds}; {minutes:.1f} min on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
