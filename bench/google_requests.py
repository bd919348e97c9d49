"""Requests a ``flag`` run makes on the Google backend, by plan size, against the local fake.

    .venv/bin/python bench/google_requests.py            # 10, 1,000, 10,000 tasks
    .venv/bin/python bench/google_requests.py 10 100000   # other sizes

Each size gets a fresh fake spreadsheet in the seed plan's layout (its 8 tasks repeated), then
``flag`` runs three times: the first run writes every task's cells and anchors every row, the
second (a day later) finds nothing to change, the third (in December) rewrites most statuses
through the anchors. The token request (one per run, cached after) is counted apart. Wall
time is printed for orientation only; the claim here is the request count.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobs import flag  # noqa: E402
from sheets_sync.config import load  # noqa: E402
from tests.fake_google import FakeGoogle  # noqa: E402
from tests.google.helpers import OFFICER, SA_EMAIL, backend_for, google_config  # noqa: E402
from tests.google.test_google_backend import big_plan  # noqa: E402


def measure(n: int, fake: FakeGoogle, key: dict) -> dict:
    cfg = load(None)
    book = fake.create_spreadsheet(f"{n} tasks", OFFICER, share={SA_EMAIL: "writer"})
    big_plan(book, n)
    google_cfg = google_config(cfg, key, book.id)
    backend = backend_for(fake, google_cfg)
    row = {"tasks": n}
    days = (
        ("first", date(2024, 10, 15)),
        ("second", date(2024, 10, 16)),
        ("third", date(2024, 12, 20)),
    )
    for run, today in days:
        fake.reset_log()
        started = time.perf_counter()
        flag.run(backend, google_cfg, today=today, now=datetime(2024, 10, 16, 7))
        row[f"{run}_s"] = round(time.perf_counter() - started, 2)
        row[f"{run}_requests"] = fake.count()
        row[f"{run}_token"] = fake.count("oauth")
        row[f"{run}_calls"] = fake.calls()
    return row


def main(sizes: list[int]) -> None:
    fake = FakeGoogle().start()
    try:
        key = fake.service_account(SA_EMAIL)
        path = Path(tempfile.mkdtemp()) / "key.json"
        path.write_text(json.dumps(key))
        path.chmod(0o600)
        key["_path"] = str(path)
        rows = [measure(n, fake, key) for n in sizes]
    finally:
        fake.stop()
    runs = ("first", "second", "third")
    print(f"{'tasks':>8} | " + " | ".join(f"{r} run: requests, s" for r in runs) + " | token")
    for r in rows:
        cells = [f"{r[f'{run}_requests']:>14}, {r[f'{run}_s']:>6}" for run in runs]
        tokens = sum(r[f"{run}_token"] for run in runs)
        print(f"{r['tasks']:>8} | " + " | ".join(cells) + f" | {tokens:>5}")
    for run in runs:
        print(f"{run} run:", ", ".join(rows[0][f"{run}_calls"]))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 1000, 10000])
