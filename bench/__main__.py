"""``python -m bench`` (``make bench``): every ``bench/bench_*.py`` module, one after another.

Each module's ``main([])`` runs its quick sizes; ``BENCH_FULL=1`` makes those that have larger
sizes run them all. Results that modules record go to ``bench/results.json``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> int:
    failed = []
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        name = f"bench.{path.stem}"
        print(f"\n=== {name} ===", flush=True)
        try:
            code = importlib.import_module(name).main([])
        except Exception as exc:  # report and go on with the other benchmarks
            print(f"{name} failed: {type(exc).__name__}: {exc}")
            code = 1
        if code:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
