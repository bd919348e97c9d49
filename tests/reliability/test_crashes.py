"""flag and report killed with SIGKILL at random points, on both backends, then run again:
nothing partial is ever visible, no officer cell changes, and the rerun converges."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sheets_sync.backends.local.files import replacing, sweep
from tests.reliability.crashes import BACKENDS, JOBS, run_crash
from tests.reliability.seeds import seeds

CRASH_SEEDS = range(max(1, len(seeds()) * 5 // 8))  # 5 of 8 in `make test`: a subprocess each


@pytest.mark.parametrize("seed", CRASH_SEEDS)
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("job", JOBS)
def test_a_run_killed_anywhere_leaves_nothing_partial_and_the_rerun_converges(
    job: str, backend: str, seed: int
) -> None:
    result = run_crash(job, backend, seed)
    assert result.killed
    assert result.problems == [], result
    assert result.lost == 0


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **_quiet())
    return int(child.stdout)


def _quiet() -> dict:
    return {"capture_output": True, "text": True, "check": True}


def test_sweep_removes_what_dead_runs_left_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "ke-hoach.xlsx"
    target.write_bytes(b"the workbook")
    dead = tmp_path / f".ke-hoach.xlsx.{_dead_pid()}.x1y2z3.tmp"
    alive = tmp_path / f".ke-hoach.xlsx.{os.getppid()}.a1b2c3.tmp"  # a live process writing
    other = tmp_path / f".bao-cao.docx.{_dead_pid()}.q9w8e7.tmp"  # another file's
    officer = tmp_path / "ke-hoach.xlsx.tmp"  # not ours at all
    for path in (dead, alive, other, officer):
        path.write_bytes(b"...")
    assert sweep(target) == [dead]
    assert not dead.exists() and alive.exists() and other.exists() and officer.exists()
    assert target.read_bytes() == b"the workbook"


def test_replacing_keeps_the_old_file_when_the_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.docx"]
    with replacing(target) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
