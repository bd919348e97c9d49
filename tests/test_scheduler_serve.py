"""The issue's check, end to end: `sheets-sync serve` on the demo workbook, the clock just before
a quarter closes, makes that quarter's report once — and a second `serve` started at the same
time does not make it again. Two real processes, real locks, real signals.

Each process's clock starts at 23:59:57 on 31/12/2024 (plan time) and runs at real speed
(time-machine inside the process; see ``jobs_fixtures.CLI_AT``), so the test waits a few real
seconds for midnight; the waits below are deadlines for a stuck process, not timings asserted.
"""

from __future__ import annotations

import re
import signal
import subprocess
import threading
import time
from datetime import datetime

import pytest
from click.testing import CliRunner
from jobs_fixtures import cli_at, log_rows, write_config
from libreoffice import pdf_text

from sheets_sync.cli import main
from sheets_sync.config import load

pytestmark = pytest.mark.slow  # real serve processes on a running clock

DEADLINE = 120  # seconds of real time before the test gives up on the processes
# Log lines are stamped in the plan's time zone, whatever the server's.
AFTER_MIDNIGHT = re.compile(r"^2025-01-01T00:00:\d\d\+0700 .*report: (done|skipped)")


class Serve:
    """A `sheets-sync serve` process whose output lines are collected as they come."""

    def __init__(self, argv: list[str]) -> None:
        self.proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def saw(self, pattern: re.Pattern[str]) -> bool:
        return any(pattern.search(line) for line in list(self.lines))

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=DEADLINE)
        self._reader.join(timeout=DEADLINE)
        return code


def test_serve_twice_on_the_demo_makes_the_quarters_report_once(tmp_path):
    demo = tmp_path / "demo"
    assert CliRunner().invoke(main, ["demo", "--out", str(demo)]).exit_code == 0
    cfg = load(write_config(tmp_path, '[jobs.report]\nat = ["00:00:03"]'))
    workbook, out = demo / cfg.local.workbook, demo / cfg.local.out_dir
    reports = sorted(p.name for p in out.glob("Bao cao *"))
    assert reports[-1] == "Bao cao quy III nam 2024 - xa Gia Tan.docx"
    args = ["serve", "--config", str(cfg.source), "--local", str(workbook), "--out", str(out)]

    servers = [Serve(cli_at("2024-12-31T23:59:57", *args)) for _ in range(2)]
    try:
        deadline = time.monotonic() + DEADLINE
        while not all(s.saw(AFTER_MIDNIGHT) for s in servers):
            assert time.monotonic() < deadline, [s.lines for s in servers]
            assert all(s.proc.poll() is None for s in servers), [s.lines for s in servers]
            time.sleep(0.2)
    finally:
        codes = [s.stop() for s in servers]
    outputs = "\n".join(line for s in servers for line in s.lines)

    assert codes == [0, 0], outputs
    assert all(s.lines[-1].endswith("stopped on SIGTERM") for s in servers), outputs
    # One process wrote the quarter (and the year, which closed with it); the other did not.
    assert outputs.count("report 2024-Q4 written to") == 1, outputs
    assert outputs.count("report 2024 written to") == 1, outputs
    assert outputs.count("report 2024-H1 written to") == 1, outputs  # caught up on start
    q4_rows = [
        r for r in log_rows(workbook) if str(r["counts"]).startswith("Báo cáo quý IV năm 2024")
    ]
    assert len(q4_rows) == 1
    assert q4_rows[0]["time"] >= datetime(2025, 1, 1)  # not before the quarter closed

    q4 = out / "Bao cao quy IV nam 2024 - xa Gia Tan.docx"
    text = pdf_text(q4, tmp_path)
    assert "quý IV năm 2024" in text
    assert "từ ngày 01/10/2024 đến hết ngày 31/12/2024" in text
