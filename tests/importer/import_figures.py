"""Figures of issue 13: tasks read right on the corpus, and how long an import takes.

Usage::

    .venv/bin/python -m tests.importer.import_figures            # the .docx corpus and the seed
    .venv/bin/python -m tests.importer.import_figures --doc      # also each plan saved as .doc

A task is read right when every field the corpus expects (number, group, text, lead, partners,
timeframe, product) is exactly what the import gives. Times are wall-clock for
``read_plan`` on one file (a .doc's include its LibreOffice conversion), best of three.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sheets_sync import seed
from sheets_sync.importer import read_plan
from tests.importer.plan_corpus import CORPUS
from tests.importer.test_seed import SEED, seed_docx
from tests.libreoffice import convert

FIELDS = ("stt", "task", "lead", "timeframe", "partners", "product", "group")


def _timed(path: Path, runs: int = 3):
    best, plan = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        plan = read_plan(path, fallback_year=2000)
        best = min(best, time.perf_counter() - start)
    return plan, best


def _as_doc(path: Path, work: Path) -> Path:
    (saved,) = convert([path], "doc", work)
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--doc", action="store_true", help="also time each plan saved as .doc")
    args = parser.parse_args()
    right = total = 0
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        print(
            f"{'plan':45} {'tasks right':>11} {'.docx ms':>9}"
            + (f" {'.doc ms':>8} {'right':>7}" if args.doc else "")
        )
        rows = [
            (p.name, p.write(work), [tuple(getattr(w, f) for f in FIELDS) for w in p.tasks])
            for p in CORPUS
        ]
        seed_want = [
            (str(t.stt), t.task, t.lead, t.timeframe, t.partners, t.product, "") for t in seed.TASKS
        ]
        rows.append(
            (
                "seed (Gia Tân 2024)",
                seed_docx(SEED.read_text("utf-8"), work / "seed.docx"),
                seed_want,
            )
        )
        for name, path, want in rows:
            plan, seconds = _timed(path)
            got = [tuple(getattr(t, f) for f in FIELDS) for t in plan.tasks]
            ok = sum(g == w for g, w in zip(got, want, strict=False))
            right += ok
            total += len(want)
            line = f"{name:45} {ok:>5} / {len(want):<3} {seconds * 1000:>9.0f}"
            if args.doc:
                doc_plan, doc_seconds = _timed(_as_doc(path, work), runs=1)
                doc_got = [tuple(getattr(t, f) for f in FIELDS) for t in doc_plan.tasks]
                doc_ok = sum(g == w for g, w in zip(doc_got, want, strict=False))
                line += f" {doc_seconds * 1000:>8.0f} {doc_ok:>3} / {len(want)}"
            print(line)
    print(f"{'all':45} {right:>5} / {total:<3}")


if __name__ == "__main__":
    main()
