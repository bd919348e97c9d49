"""Officers inserting, sorting, deleting rows and typing over job cells while flag runs, on both
backends and many seeds: statuses land on their own tasks, no officer cell is changed by the
job, nobody is blamed for what the job did, and a quiet run after it shows every task right."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from sheets_sync.backends.local.workbook import LocalBackend
from tests.reliability.concurrency import Result, check_blame, check_landing, run_edits
from tests.reliability.seeds import seeds

EDIT_SEEDS = range(len(seeds()) * 3)  # cheap: no subprocess, no report


@pytest.mark.parametrize("seed", EDIT_SEEDS)
@pytest.mark.parametrize("backend", ["local", "google"])
def test_officers_editing_during_a_run(backend: str, seed: int) -> None:
    result = run_edits(backend, seed)
    assert result.edits, "the scenario made no edit"
    assert result.problems == [], (result.edits, result.problems)
    assert result.misplaced == 0 and result.lost == 0


def test_the_checks_catch_a_status_on_the_wrong_task() -> None:
    result = Result("local", 0)
    want = {"3": ("2024-03-31", "Quá hạn", "a"), "4": ("2024-12-31", "Chưa đến hạn", "")}
    swapped = {5: ("3", want["4"]), 6: ("4", want["3"])}
    check_landing(result, swapped, want, {})
    assert result.misplaced == 2
    check_blame(result, {5: ("3", ("", "", "Ô I6 do máy ghi; ..."))}, typed={"4"})
    assert "blames an officer" in result.problems[-1]


def test_a_save_that_keeps_the_size_and_the_clock_tick_is_still_a_change(tmp_path: Path):
    """The local backend noticed a change by time stamp and size; an officer's save in the same
    clock tick with a text of the same length slipped through, and the job overwrote it."""
    path = tmp_path / "plan.xlsx"

    def save(text: bytes) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as package:
            package.writestr("xl/worksheets/sheet1.xml", text)

    save(b"<v>Qua han</v>")
    stat = path.stat()
    before = LocalBackend(path).version()
    save(b"<v>Da xong</v>")  # same length, stored: the same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same clock tick
    assert path.stat().st_size == stat.st_size
    assert LocalBackend(path).version() != before
    save(b"<v>Qua han</v>")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert LocalBackend(path).version() == before  # what tells them apart is the content
