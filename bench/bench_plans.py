"""Benchmark: many plans in one process, at Google's quotas, and the rollup across communes.

    python -m bench.bench_plans                      # everything: about 5 minutes
    python -m bench.bench_plans --only google        # local, serve, google or rollup
    python -m bench.bench_plans --plans 50           # fewer plans, for a quick look

* ``plans-local-round``: 200 plans of 30 tasks (300 progress rows each, ``bench.synthetic``, a
  seed per plan) on the local backend, one ``sheets-sync run flag --plans DIR`` in a child
  process: the round's wall time, CPU and peak RSS. First runs: every job cell written.
* ``plans-local-serve``: ``sheets-sync serve --plans DIR`` on the same 200 plans, its clock
  started at 31/03/2024 23:59:30 plan time (time-machine inside the child, then at real speed):
  it flags every plan on start, and with ``--full`` (or ``BENCH_FULL=1``: four minutes more)
  writes every plan's Q1 report when the quarter closes. The process's peak RSS (``VmHWM``)
  with the 200 plans loaded and its rounds behind it.
* ``plans-google-round``: the same 200 plans as Google Sheets in the fake Google of the tests,
  enforcing Google's quotas in real time (60 reads and 60 writes a minute per account, 300 of
  each per project) and answering after ``--latency`` seconds; six service accounts of one
  project share the plans (``[google] credentials`` as a list). One ``run flag --plans DIR``:
  its wall time against the quota-bound minimum (requests ÷ the rate the quotas allow), the
  429s, the requests of each plan-run, the busiest minute of each account and of the project.
* ``rollup-google``: 168 communes' plans on the fake Google, one ``sheets-sync rollup --period
  2024-Q3``: wall time, requests (plan reads per commune, and the rest), peak RSS.

The fake runs in this process and every measured command in a child process, so CPU and memory
are the command's own. Nothing is asserted; rows go to ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from bench.results import peak_rss_mb, record
from bench.synthetic import plan_grids, plan_workbook

ROOT = Path(__file__).resolve().parent.parent
PLANS, TASKS, PROGRESS = 200, 30, 300
COMMUNES = 168
ACCOUNTS = 6  # of one project: more than the five whose 60 a minute make the project's 300
PROJECT = "bench-quota"
LATENCY = 0.1
WORKERS = 4
DEADLINE = 900  # seconds before a stuck child is given up on
OWNER = "vanphong@tinh.gov.vn"

# A child process: run the CLI (optionally on a clock started at a given plan time) and print
# its own CPU and peak memory as the last line.
CHILD = """
import json, sys, time
from bench.results import peak_rss_mb
from sheets_sync.cli import main

def run():
    try:
        main(sys.argv[2:], prog_name="sheets-sync", standalone_mode=False)
    except SystemExit as exc:
        return exc.code or 0
    return 0

start = sys.argv[1]
if start:
    from datetime import datetime
    from zoneinfo import ZoneInfo
    import time_machine
    moment = datetime.fromisoformat(start).replace(tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment.astimezone(ZoneInfo("UTC")), tick=True):
        code = run()
else:
    code = run()
print(json.dumps({"code": code, "cpu_s": time.process_time(), "peak_rss_mb": peak_rss_mb()}))
"""


# --- the plans ------------------------------------------------------------------------------


def plan_config(i: int, state: Path, jobs: str, google: str = "") -> str:
    """The bundled config for commune ``i``'s plan, its workbook beside it."""
    from sheets_sync.resources import default_config_path

    text = default_config_path().read_text(encoding="utf-8").split("\n[jobs.", 1)[0]
    text = text.replace('commune = "xã Gia Tân"', f'commune = "xã số {i:03d}"')
    text = text.replace('workbook = "ke-hoach-gia-tan-2024.xlsx"', 'workbook = "plan.xlsx"')
    return f"{text}\n{google}\n{jobs}\n[scheduler]\nstate_dir = '{state}'\ncheck_minutes = 1\n"


def local_folder(root: Path, plans: int, jobs: str) -> Path:
    """``plans`` communes' folders, each a fresh copy of its synthetic workbook and a config."""
    folder = root / "plans"
    shutil.rmtree(folder, ignore_errors=True)
    for i in range(plans):
        where = folder / f"xa-{i:03d}"
        where.mkdir(parents=True)
        shutil.copyfile(plan_workbook(TASKS, PROGRESS, seed=i), where / "plan.xlsx")
        (where / "plan.toml").write_text(plan_config(i, root / "state", jobs), encoding="utf-8")
    return folder


def child(args: list[str], *, start: str = "", env: dict[str, str] | None = None) -> dict:
    """Run ``sheets-sync ARGS`` in a child; its wall time, CPU, peak RSS and exit code."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, start, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=DEADLINE,
        check=False,
    )
    wall = time.perf_counter() - began
    try:
        got = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise RuntimeError(f"sheets-sync {' '.join(args)} failed:\n{done.stderr[-3000:]}") from None
    return {**got, "wall_s": wall, "output": done.stdout}


# --- local ------------------------------------------------------------------------------------


def local_round(root: Path, plans: int) -> dict:
    folder = local_folder(root, plans, '[jobs.flag]\nat = ["06:30"]\n')
    got = child(["run", "flag", "--plans", str(folder), "--workers", str(WORKERS)])
    done = got["output"].count(": flag: done: ")
    return {
        "tool": "plans-local-round",
        "tasks": TASKS,
        "progress_rows": PROGRESS,
        "plans": plans,
        "plans_done": done,
        "requests": 0,
        "wall_s": got["wall_s"],
        "cpu_s": got["cpu_s"],
        "peak_rss_mb": got["peak_rss_mb"],
        "per_plan_s": got["wall_s"] / plans,
    }


def local_serve(root: Path, plans: int, reports: bool) -> dict:
    """serve --plans from just before the first quarter closes, until every plan is flagged
    (and, with ``reports``, every Q1 report exists)."""
    jobs = '[jobs.flag]\nat = ["06:30"]\n'
    if reports:
        jobs += '\n[jobs.report]\nat = ["07:00"]\n'
    folder = local_folder(root, plans, jobs)
    args = ["serve", "--plans", str(folder), "--workers", str(WORKERS)]
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, "2024-03-31T23:59:30", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    flagged_at = None
    try:
        while True:
            time.sleep(0.5)
            if proc.poll() is not None:
                raise RuntimeError("serve stopped early:\n" + "".join(lines[-30:]))
            flags = sum(": flag: done" in line for line in list(lines))
            if flagged_at is None and flags >= plans:
                flagged_at = time.perf_counter() - began
            written = len(list(folder.glob("*/bao-cao/*quy I nam 2024*.docx")))
            if flagged_at is not None and (not reports or written >= plans):
                break
            if time.perf_counter() - began > DEADLINE:
                raise RuntimeError("serve did not finish its rounds:\n" + "".join(lines[-30:]))
        rss = _vm_hwm(proc.pid)
        wall = time.perf_counter() - began
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=120)
    return {
        "tool": "plans-local-serve",
        "tasks": TASKS,
        "progress_rows": PROGRESS,
        "plans": plans,
        "requests": 0,
        "wall_s": wall,
        "cpu_s": None,
        "peak_rss_mb": rss,
        "flag_round_s": flagged_at,
        "reports": plans if reports else 0,
    }


def _vm_hwm(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return math.nan


# --- Google -----------------------------------------------------------------------------------


class Google:
    """The fake Google at Google's quotas, ``ACCOUNTS`` service accounts of one project."""

    def __init__(self, root: Path, latency: float) -> None:
        from tests.fake_google import FakeGoogle, Quotas

        self.fake = FakeGoogle().start()
        self.fake.latency = latency
        self.fake.quotas = Quotas()  # Google's defaults, real time
        self.keys: list[Path] = []
        self.emails: list[str] = []
        self.client_ids: list[str] = []
        for i in range(ACCOUNTS):
            email = f"sheets-sync-{i}@{PROJECT}.iam.gserviceaccount.com"
            key = self.fake.service_account(email)
            path = root / f"key-{i}.json"
            path.write_text(json.dumps(key), encoding="utf-8")
            path.chmod(0o600)
            self.keys.append(path)
            self.emails.append(email)
            self.client_ids.append(key["client_id"])
        self.env = {"SHEETS_SYNC_GOOGLE_EMULATOR": f"127.0.0.1:{self.fake.port}"}

    def plans(self, root: Path, plans: int, jobs: str) -> tuple[Path, list[str]]:
        from bench.fake_plan import fake_plan

        folder = root / "plans"
        shutil.rmtree(folder, ignore_errors=True)
        keys = ", ".join(f'"{k}"' for k in self.keys)
        ids = []
        share = dict.fromkeys(self.emails, "writer")
        for i in range(plans):
            book = fake_plan(
                self.fake, plan_grids(TASKS, PROGRESS, seed=i), owner=OWNER, share=share
            )
            ids.append(book.id)
            google = f'[google]\nspreadsheet_id = "{book.id}"\ncredentials = [{keys}]\n'
            where = folder / f"xa-{i:03d}"
            where.mkdir(parents=True)
            text = plan_config(i, root / "state", jobs, google)
            (where / "plan.toml").write_text(text, encoding="utf-8")
        return folder, ids

    def stop(self) -> None:
        self.fake.stop()


def google_round(root: Path, plans: int, latency: float) -> dict:
    from tests.fake_google import busiest_minute

    google = Google(root, latency)
    try:
        folder, ids = google.plans(root, plans, '[jobs.flag]\nat = ["06:30"]\n')
        google.fake.reset_log()
        args = ["run", "flag", "--plans", str(folder), "--workers", str(WORKERS)]
        got = child(args, env=google.env)
        fake = google.fake
        sheets = [r for r in fake.requests if r.api == "sheets"]
        per_plan = Counter(next((i for i in ids if i in r.path), "") for r in sheets)
        admitted = [r for r in sheets if r.at is not None]
        kinds = Counter(r.kind for r in admitted)
        by_user: dict[str, Counter] = defaultdict(Counter)
        for r in admitted:
            by_user[r.user][r.kind] += 1
        rate = min(300, 60 * ACCOUNTS)  # requests a minute the quotas allow, reads or writes
        quota_bound = 60 * max(kinds.values()) / rate
        account_bound = 60 * max(max(c.values()) for c in by_user.values()) / 60
        return {
            "tool": "plans-google-round",
            "tasks": TASKS,
            "progress_rows": PROGRESS,
            "plans": plans,
            "plans_done": got["output"].count(": flag: done: "),
            "accounts": ACCOUNTS,
            "latency_s": latency,
            "requests": len(sheets),
            "reads": kinds["read"],
            "writes": kinds["write"],
            "requests_per_plan_run_max": max(per_plan[i] for i in ids),
            "requests_per_plan_run_mean": sum(per_plan[i] for i in ids) / plans,
            "refused_429": fake.count_status(429),
            "token_requests": fake.count("oauth"),
            "quota_bound_s": quota_bound,
            "account_bound_s": account_bound,
            "wall_s": got["wall_s"],
            "x_quota_bound": got["wall_s"] / quota_bound,
            "busiest_minute_account": max(
                max(busiest_minute(sheets, "user", k).values()) for k in ("read", "write")
            ),
            "busiest_minute_project": max(
                max(busiest_minute(sheets, "project", k).values()) for k in ("read", "write")
            ),
            "cpu_s": got["cpu_s"],
            "peak_rss_mb": got["peak_rss_mb"],
        }
    finally:
        google.stop()


def rollup_google(root: Path, communes: int, latency: float) -> dict:
    google = Google(root, latency)
    fake = google.fake
    try:
        folder, ids = google.plans(root, communes, "")
        drive = fake.drive.add_shared_drive(
            "UBND tỉnh", {OWNER: "organizer", **dict.fromkeys(google.emails, "fileOrganizer")}
        )
        reports = fake.drive.add_folder(
            "Báo cáo tổng hợp", shared_drive=drive, created_by=google.client_ids[0]
        )
        summary = fake.create_spreadsheet(
            "Tổng hợp 2024", OWNER, share=dict.fromkeys(google.emails, "writer")
        )
        from sheets_sync.resources import data_dir

        text = (data_dir("config") / "tong_hop_2024.toml").read_text(encoding="utf-8")
        text += (
            f'\n[google]\nspreadsheet_id = "{summary.id}"\nfolder_id = "{reports.id}"\n'
            f'credentials = "{google.keys[0]}"\n'
        )
        text = text.replace('state_dir = ""', f"state_dir = '{root / 'state'}'")
        (folder / "tong-hop.toml").write_text(text, encoding="utf-8")
        fake.reset_log()
        args = ["rollup", "--plans", str(folder), "--period", "2024-Q3", "--today", "2024-10-15"]
        got = child([*args, "--workers", str(WORKERS)], env=google.env)
        sheets = [r for r in fake.requests if r.api == "sheets"]
        plan_requests = [r for r in sheets if any(i in r.path for i in ids)]
        per_commune = Counter(next(i for i in ids if i in r.path) for r in plan_requests)
        return {
            "tool": "rollup-google",
            "tasks": TASKS,
            "progress_rows": PROGRESS,
            "communes": communes,
            "code": got["code"],
            "latency_s": latency,
            "requests": fake.count(),
            "plan_requests": len(plan_requests),
            "plan_requests_per_commune_max": max(per_commune[i] for i in ids),
            "other_requests": fake.count() - len(plan_requests),
            "refused_429": fake.count_status(429),
            "wall_s": got["wall_s"],
            "cpu_s": got["cpu_s"],
            "peak_rss_mb": got["peak_rss_mb"],
        }
    finally:
        google.stop()


# --- the table ------------------------------------------------------------------------------


def table(rows: list[dict]) -> str:
    lines = []
    for r in rows:
        tool = r["tool"]
        if tool == "plans-local-round":
            lines.append(
                f"{tool}: {r['plans']} plans × {TASKS} tasks, one flag round on {WORKERS} "
                f"workers: {r['wall_s']:.1f} s wall ({r['per_plan_s'] * 1000:.0f} ms a plan), "
                f"{r['cpu_s']:.1f} s CPU, peak RSS {r['peak_rss_mb']:.0f} MB; "
                f"{r['plans_done']} flagged"
            )
        elif tool == "plans-local-serve":
            then = f", then {r['reports']} Q1 reports" if r["reports"] else ""
            lines.append(
                f"{tool}: serve --plans with {r['plans']} plans: flag round on start "
                f"{r['flag_round_s']:.1f} s{then}; peak RSS {r['peak_rss_mb']:.0f} MB"
            )
        elif tool == "plans-google-round":
            lines.append(
                f"{tool}: {r['plans']} plans, {r['accounts']} accounts, {r['latency_s']} s a "
                f"request: {r['wall_s']:.1f} s wall against a quota-bound minimum of "
                f"{r['quota_bound_s']:.1f} s ({r['reads']} reads, {r['writes']} writes at "
                f"300 a minute): {r['x_quota_bound']:.2f}×; busiest account "
                f"{r['account_bound_s']:.1f} s of quota; {r['refused_429']} × 429; requests a "
                f"plan-run {r['requests_per_plan_run_mean']:.2f} (at most "
                f"{r['requests_per_plan_run_max']}); busiest minute: an account "
                f"{r['busiest_minute_account']}, the project {r['busiest_minute_project']}; "
                f"{r['token_requests']} token requests; peak RSS {r['peak_rss_mb']:.0f} MB"
            )
        elif tool == "rollup-google":
            lines.append(
                f"{tool}: {r['communes']} communes: {r['wall_s']:.1f} s wall, "
                f"{r['plan_requests']} plan requests (at most "
                f"{r['plan_requests_per_commune_max']} a commune: one read), "
                f"{r['other_requests']} others; {r['refused_429']} × 429; "
                f"peak RSS {r['peak_rss_mb']:.0f} MB"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="local, serve, google or rollup (comma-separated)")
    parser.add_argument("--plans", type=int, default=PLANS, help=f"plans ({PLANS})")
    parser.add_argument("--communes", type=int, default=COMMUNES, help=f"communes ({COMMUNES})")
    parser.add_argument("--latency", type=float, default=LATENCY, help="seconds per request")
    parser.add_argument("--full", action="store_true", help="serve: also a report round")
    opts = parser.parse_args(argv)
    full = opts.full or os.environ.get("BENCH_FULL", "") not in ("", "0")
    parts = opts.only.split(",") if opts.only else ["local", "serve", "google", "rollup"]
    print(
        f"python {platform.python_version()} on {platform.machine()} {platform.system()}, "
        f"{os.cpu_count()} CPUs; {date.today()}; parent RSS {peak_rss_mb():.0f} MB",
        flush=True,
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for part in parts:
            if part == "local":
                row = local_round(root, opts.plans)
            elif part == "serve":
                row = local_serve(root, opts.plans, reports=full)
            elif part == "google":
                row = google_round(root, opts.plans, opts.latency)
            elif part == "rollup":
                row = rollup_google(root, opts.communes, opts.latency)
            else:
                raise SystemExit(f"unknown part {part!r}")
            rows.append({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()})
            print(table(rows[-1:]), flush=True)
    record(rows)
    print(f"\nresults merged into {Path(__file__).parent / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
