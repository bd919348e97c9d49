"""Runs killed with SIGKILL at a random point of ``flag`` or ``report``, then run again.

Usage::

    result = run_crash("report", "local", seed=3)
    result.point          # "os.rename .plan.xlsx.4963.p53kwi13.tmp": where it died
    result.problems       # [] when nothing partial was visible and the rerun converged

Each crash runs the real command in a subprocess (``python -m tests.reliability.crashpoint``)
that kills itself at its Nth write or request, N drawn from the seed among the points a clean run
goes through. Then, checked against a clean run of the same command on a fresh plan:

* nothing partial is visible: the workbook (or the Google Sheet's job cells) is as before or as
  after the run, a report is absent or whole, Drive holds at most one document per report;
* no officer cell changed;
* the run again (in-process) converges: same cells, same documents, no temporary file left in
  the folders (the next write sweeps what the killed run left), and ``Nhật ký`` ends with the
  rerun's row while every row in it is whole.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import openpyxl

from jobs import flag, report
from sheets_sync.backends.google.http_client import EMULATOR_ENV, RetryPolicy
from sheets_sync.backends.local.workbook import NOTE_AUTHOR, LocalBackend
from sheets_sync.config import load
from sheets_sync.demo import DEMO_TODAY, build_demo_workbook
from sheets_sync.resources import default_config_path
from tests.fake_google import FakeGoogle
from tests.reliability.day import (
    Plan,
    documents_whole,
    lost_cells,
    observe,
    officer_cells,
    whole_step,
)

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2024, 10, 15, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PERIOD = "2024-Q3"
JOBS = ("flag", "report")
BACKENDS = ("local", "google")
KILLED = -9  # a subprocess's return code after SIGKILL


@dataclass
class Result:
    job: str
    backend: str
    seed: int
    point: str = ""
    points: int = 0
    killed: bool = False
    temp_files_after_crash: int = 0
    lost: int = 0
    problems: list[str] = field(default_factory=list)


def command(job: str, where: list[str]) -> list[str]:
    """The day's flag (a --today other than the day's is a what-if), or the demo day's report."""
    if job == "report":
        return [job, *where, "--today", DEMO_TODAY.isoformat(), "--period", PERIOD]
    return [job, *where]


def crashpoint(at: int, watch: list[Path], args: list[str], env: dict, listing: Path | None):
    """The command in a subprocess that kills itself at point ``at`` (0: never)."""
    cmd = [sys.executable, "-m", "tests.reliability.crashpoint", "--at", str(at)]
    cmd += [arg for folder in watch for arg in ("--watch", str(folder))]
    if listing is not None:
        cmd += ["--list", str(listing)]
    return subprocess.run(
        [*cmd, "--", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


# --- the local backend ---------------------------------------------------------------------------


@dataclass
class LocalSite:
    """The demo workbook and its report folder, in a folder of their own."""

    folder: Path

    @classmethod
    def make(cls, folder: Path) -> LocalSite:
        site = cls(folder)
        (folder / "plan").mkdir(parents=True)
        (folder / "plan" / "plan.xlsx").write_bytes(_demo_bytes())
        return site

    @property
    def workbook(self) -> Path:
        return self.folder / "plan" / "plan.xlsx"

    @property
    def out(self) -> Path:
        return self.folder / "plan" / "out"

    def args(self, job: str) -> list[str]:
        demo = str(default_config_path())  # the demo's plan, named: no command falls back to it
        return command(
            job, ["--config", demo, "--local", str(self.workbook), "--out", str(self.out)]
        )

    def run_in_process(self, job: str) -> None:
        cfg = load(None)
        backend = LocalBackend(self.workbook, self.out)
        if job == "flag":
            flag.run(backend, cfg)  # the day's run, as the command makes it
        else:
            report.run(backend, cfg, period=PERIOD, today=DEMO_TODAY, now=NOW)

    def state(self) -> dict:
        """Cells (Nhật ký without its time column), the job's notes, the visible documents."""
        wb = openpyxl.load_workbook(self.workbook)
        cells, notes = {}, {}
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if ws.title == "Nhật ký" and c.column == 1 and c.row > 1:
                        continue
                    if c.value is not None:
                        cells[(ws.title, c.coordinate)] = self._here(c.value)
                    if c.comment is not None:
                        notes[(ws.title, c.coordinate)] = (c.comment.author, c.comment.text)
        wb.close()
        documents = {}
        if self.out.exists():
            for path in self.out.iterdir():
                if not path.name.startswith("."):
                    documents[path.name] = [p.text for p in docx.Document(path).paragraphs]
        return {"cells": cells, "notes": notes, "documents": documents}

    def _here(self, value: object) -> object:
        """Paths in Nhật ký links, with this site's folder as a placeholder."""
        return value.replace(str(self.folder), "<site>") if isinstance(value, str) else value

    def officer_cells(self) -> dict:
        state = self.state()
        jobs = {"Hạn (tự động)", "Trạng thái", "Ghi chú tự động"}
        owned = {
            ref.rstrip("0123456789")
            for (tab, ref), v in state["cells"].items()
            if tab == "Nhiệm vụ" and v in jobs
        }
        return {
            k: v
            for k, v in state["cells"].items()
            if k[0] not in ("Nhật ký", "_sheets_sync")
            and not (k[0] == "Nhiệm vụ" and k[1].rstrip("0123456789") in owned)
        } | {k: v for k, v in state["notes"].items() if v[0] != NOTE_AUTHOR}

    def temp_files(self) -> list[str]:
        folders = [self.workbook.parent, self.out]
        return [p.name for f in folders if f.exists() for p in f.iterdir() if p.suffix == ".tmp"]


@cache
def _demo_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        build_demo_workbook(path, load(None))
        return path.read_bytes()


@cache
def _local_reference(job: str) -> tuple[dict, dict, int]:
    """State before and after a clean run of ``job``, and how many crash points it has."""
    with tempfile.TemporaryDirectory() as folder:
        site = LocalSite.make(Path(folder))
        before = site.state()
        listing = Path(folder) / "points.txt"
        done = crashpoint(0, [site.workbook.parent], site.args(job), {}, listing)
        assert done.returncode == 0, done.stderr
        points = len(listing.read_text().splitlines())
        return before, site.state(), points


def _local_crash(job: str, seed: int, folder: Path) -> Result:
    result = Result(job, "local", seed)
    before, after, result.points = _local_reference(job)
    site = LocalSite.make(folder)
    at = random.Random(f"local:{job}:{seed}").randint(1, result.points)
    listing = folder / "points.txt"
    officers = site.officer_cells()
    crashed = crashpoint(at, [site.workbook.parent], site.args(job), {}, None)
    result.killed = crashed.returncode == KILLED
    result.point = f"{at}/{result.points}"
    seen = site.state()
    result.temp_files_after_crash = len(site.temp_files())
    if seen["cells"] not in (before["cells"], after["cells"]):
        result.problems.append("the workbook was left half-written")
    if any(seen["documents"][n] != after["documents"].get(n) for n in seen["documents"]):
        result.problems.append("a partial report is visible")
    result.lost = lost_cells(officers, site.officer_cells())
    site.run_in_process(job)
    again = site.state()
    _converged(result, again, after, _log_rows(again), site.temp_files())
    result.lost += lost_cells(officers, site.officer_cells())
    listing.unlink(missing_ok=True)
    return result


def _log_rows(state: dict) -> list[tuple]:
    rows: dict[int, dict[str, object]] = {}
    for (tab, ref), value in state["cells"].items():
        if tab == "Nhật ký":
            rows.setdefault(int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), {})[ref[0]] = value
    return [(r.get("B"), r.get("C")) for _, r in sorted(rows.items())]


def _converged(result: Result, seen: dict, clean: dict, log: list[tuple], temps: list) -> None:
    """After the rerun: the clean run's cells (Nhật ký apart), documents, and no temp files."""

    def without_log(cells: dict) -> dict:
        return {k: v for k, v in cells.items() if k[0] != "Nhật ký"}

    if without_log(seen["cells"]) != without_log(clean["cells"]) or seen["notes"] != clean["notes"]:
        result.problems.append("the rerun did not converge to the clean run's cells")
    if seen["documents"] != clean["documents"]:
        result.problems.append("the rerun did not converge to the clean run's documents")
    if temps:
        result.problems.append(f"temporary files left after the rerun: {temps}")
    _log_ends_well(result, log)


def _log_ends_well(result: Result, log: list[tuple]) -> None:
    """Every Nhật ký row whole, the last one this job's success; at most one from the crash."""
    body = log[1:]
    if not body or body[-1] != (result.job, "Thành công"):
        result.problems.append(f"Nhật ký does not end with the rerun's row: {body[-1:]}")
    if any(row != (result.job, "Thành công") for row in body) or len(body) > 2:
        result.problems.append(f"Nhật ký has a partial or unexpected row: {body}")


# --- the Google backend --------------------------------------------------------------------------


def _google_config(plan: Plan, folder: Path) -> Path:
    """The bundled config with [google] pointing at the fake's spreadsheet and folder."""
    text = default_config_path().read_text(encoding="utf-8")
    google = plan.cfg.google
    text += (
        f'\n[google]\nspreadsheet_id = "{google.spreadsheet_id}"\n'
        f'folder_id = "{google.folder_id}"\ncredentials = "{plan.key_path}"\n'
    )
    path = folder / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _run_google(plan: Plan, job: str) -> None:
    backend = plan.backend(RetryPolicy(timeout=30, deadline=60, sleep=lambda s: None))
    if job == "flag":
        flag.run(backend, plan.cfg)  # the day's run, as the command makes it
    else:
        report.run(backend, plan.cfg, period=PERIOD, today=DEMO_TODAY, now=NOW)


@cache
def _google_reference(job: str) -> tuple[dict, dict, int]:
    fake = FakeGoogle().start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            plan = Plan.on(fake, Path(folder))
            before = observe(fake)
            config = _google_config(plan, Path(folder))
            env = {EMULATOR_ENV: f"127.0.0.1:{fake.port}"}
            listing = Path(folder) / "points.txt"
            args = command(job, ["--google", "--config", str(config)])
            done = crashpoint(0, [], args, env, listing)
            assert done.returncode == 0, done.stderr
            return before, observe(fake), len(listing.read_text().splitlines())
    finally:
        fake.stop()


def _google_crash(job: str, seed: int, folder: Path) -> Result:
    result = Result(job, "google", seed)
    before, after, result.points = _google_reference(job)
    fake = FakeGoogle().start()
    try:
        plan = Plan.on(fake, folder)
        officers = officer_cells(fake)
        config = _google_config(plan, folder)
        at = random.Random(f"google:{job}:{seed}").randint(1, result.points)
        result.point = f"{at}/{result.points}"
        env = {EMULATOR_ENV: f"127.0.0.1:{fake.port}"}
        crashed = crashpoint(at, [], command(job, ["--google", "--config", str(config)]), env, None)
        result.killed = crashed.returncode == KILLED
        fake.settle()
        seen = observe(fake)
        if whole_step(seen, {"before": before, "after": after}) is None:
            result.problems.append("the job cells were left half-written")
        if not documents_whole(seen, after):
            result.problems.append(f"a partial or second document: {seen['documents']}")
        result.lost = lost_cells(officers, officer_cells(fake))
        _run_google(plan, job)
        again = observe(fake)
        mine, clean = dict(again["tabs"]), dict(after["tabs"])
        log = mine.pop("Nhật ký")
        clean.pop("Nhật ký")
        if mine != clean or again["notes"] != after["notes"]:
            result.problems.append("the rerun did not converge to the clean run's sheet")
        if again["documents"] != after["documents"] or again["texts"] != after["texts"]:
            result.problems.append("the rerun did not converge to the clean run's documents")
        _log_ends_well(result, [tuple(r[:2]) for r in log])
        result.lost += lost_cells(officers, officer_cells(fake))
    finally:
        fake.stop()
    return result


RUNNERS: dict[str, Callable[[str, int, Path], Result]] = {
    "local": _local_crash,
    "google": _google_crash,
}


def run_crash(job: str, backend: str, seed: int) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        result = RUNNERS[backend](job, seed, Path(folder))
    if not result.killed:
        result.problems.append("the process was not killed")
    if result.lost:
        result.problems.append(f"{result.lost} officer cells changed")
    return result
