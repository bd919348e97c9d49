"""Benchmark: parse 100,000 timeframe cells, cold cache then warm; then the real-document set.

    python -m bench.bench_timeframe [--cells 100000] [--seed 2024]

The cells mimic a season of plan sheets: most are a few dozen common forms (as in the seed
plan), typed with or without diacritics, in other cases, with stray spaces or a trailing dot;
about one in ten is a one-off date ("Trước ngày 17/9/2024") or month, so the number of
distinct strings is realistic too. "Cold" is the best of five passes each begun with empty
caches (the machine is shared, so one pass is noisy); "warm" the best of three more. The
real-document set (``tests/timeframes_real.csv``, cells
as signed plans print them, each with its reading) is parsed from scratch, every text
uncached, and the share read right is printed. Only measures and prints; nothing is asserted.
"""

from __future__ import annotations

import argparse
import csv
import platform
import random
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from sheets_sync.timeframe import clear_cache, parse

PLAN_YEAR = 2024
ROUNDS = 5  # cold passes, each from empty caches; the best is printed
REAL = Path(__file__).resolve().parents[1] / "tests" / "timeframes_real.csv"

COMMON = [  # (form, weight): the seed plan's forms dominate
    ("Thường xuyên trong năm", 12), ("Thường xuyên", 12), ("Quý I/2024", 8), ("Quý II/2024", 7),
    ("Quý III/2024", 6), ("Quý IV/2024", 7), ("Trong năm 2024", 9), ("Mỗi tháng 01 kỳ", 5),
    ("Hằng tháng", 6), ("Hàng quý", 6), ("Định kỳ hằng quý", 3), ("Hằng năm", 4),
    ("6 tháng đầu năm", 3), ("6 tháng cuối năm", 2), ("9 tháng", 1), ("Năm 2024", 3),
    ("Quý IV/2023", 1), ("Tháng 6/2024", 3), ("Tháng 10-11/2024", 1), ("Quý II, III/2024", 1),
    ("Từ tháng 3 đến tháng 5/2024", 1), ("Trước ngày 15/12/2024", 3), ("Trước 31/3", 2),
    ("Chậm nhất ngày 30/6/2024", 2), ("Thường xuyên trong \nnăm", 1), ("Liên tục", 1),
    ("Hàng tuần", 1), ("6 tháng/lần", 1), ("Định kỳ 6 tháng", 1), ("2024-2025", 1),
    ("Theo chỉ đạo của cấp trên", 2), ("Khi có văn bản", 1), ("Đột xuất", 1), ("", 3),
    ("Q1/2024", 1), ("quy 1 nam 2024", 1), ("Cả năm", 1), ("Quý I và thường xuyên", 1),
]  # fmt: skip


def _no_marks(text: str) -> str:
    bare = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in bare if not unicodedata.combining(ch)).replace("đ", "d")


RESPELL: list[tuple[Callable[[str], str], int]] = [
    (lambda t: t, 70),
    (_no_marks, 8),
    (str.upper, 5),
    (str.lower, 5),
    (lambda t: unicodedata.normalize("NFD", t), 4),
    (lambda t: f" {t}  ", 4),
    (lambda t: f"{t}.", 4),
]


def make_cells(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    forms, form_weights = zip(*COMMON, strict=True)
    respell, respell_weights = zip(*RESPELL, strict=True)
    cells = []
    for _ in range(n):
        if rng.random() < 0.1:
            day, month = rng.randint(1, 28), rng.randint(1, 12)
            text = rng.choice(
                [f"Trước ngày {day}/{month}/2024", f"Tháng {month}/2024", f"{day}/{month}/2024"]
            )
        else:
            text = rng.choices(forms, form_weights)[0]
        cells.append(rng.choices(respell, respell_weights)[0](text))
    return cells


def timed(cells: list[str]) -> float:
    start = time.perf_counter()
    for cell in cells:
        parse(cell, PLAN_YEAR)
    return time.perf_counter() - start


def _cold(cells: list[str]) -> float:
    clear_cache()
    return timed(cells)


def real_set() -> tuple[int, int, int, float]:
    """(texts, read right on kind/due/every, right with start too, best uncached seconds)."""
    with REAL.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    texts = [(r["text"], int(r["plan_year"])) for r in rows]
    rounds = []
    for _ in range(ROUNDS):
        clear_cache()
        start = time.perf_counter()
        for text, year in texts:
            parse(text, year)
        rounds.append(time.perf_counter() - start)
    right = strict = 0
    for row, (text, year) in zip(rows, texts, strict=True):
        got = parse(text, year).to_json()
        ok = all(got[k] == (row[k] or None) for k in ("kind", "due", "every"))
        right += ok
        strict += ok and got["start"] == (row["start"] or None)
    return len(rows), right, strict, min(rounds)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description="Parse timeframe cells, cold cache then warm.")
    args.add_argument("--cells", type=int, default=100_000)
    args.add_argument("--seed", type=int, default=2024)
    opts = args.parse_args(argv)

    cells = make_cells(opts.cells, opts.seed)
    cold = min(_cold(cells) for _ in range(ROUNDS))  # best of a few: the machine is shared
    warm = min(timed(cells) for _ in range(3))
    kinds: dict[str, int] = {}
    for cell in cells:
        kind = parse(cell, PLAN_YEAR).kind
        kinds[kind] = kinds.get(kind, 0) + 1

    print(f"python    {platform.python_version()} ({platform.python_implementation()}) "
          f"on {platform.machine()} {platform.system()}")  # fmt: skip
    print(f"cells     {len(cells):,}  distinct strings {len(set(cells)):,}  (seed {opts.seed})")
    print("kinds     " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())))
    for name, seconds in (("cold", cold), ("warm", warm)):
        rate = len(cells) / seconds if seconds else float("inf")
        print(f"{name:9} {seconds:.3f} s  {rate:,.0f} cells/s")
    texts, right, strict, seconds = real_set()
    print(f"real set  {texts} texts ({REAL.name}): read right {right} ({right / texts:.1%}) "
          f"on kind, due, every; {strict} ({strict / texts:.1%}) with start too")  # fmt: skip
    print(f"uncached  {seconds:.3f} s  {texts / seconds:,.0f} texts/s (each parsed from scratch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
