"""The local backend on its own: a changed file, a damaged file, writers taking turns. (What
every backend must do is the contract's: tests/test_backend_contract.py.)"""

from pathlib import Path

import openpyxl
import pytest

from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.model import ChangeSet, RowWrite, SheetChanged


def test_write_is_refused_when_the_file_changed_since_the_read(workbook: Path):
    backend = LocalBackend(workbook)
    snap = backend.read(["Nhiệm vụ"])
    wb = openpyxl.load_workbook(workbook)
    wb["Nhiệm vụ"]["B4"] = "Officer edit"
    wb.save(workbook)
    changes = ChangeSet(writes=[RowWrite("Nhiệm vụ", 3, {8: "Quá hạn"}, 0, "1")])
    with pytest.raises(SheetChanged):
        backend.apply(changes, snap.version)
    assert openpyxl.load_workbook(workbook)["Nhiệm vụ"]["I4"].value is None


def test_reading_a_damaged_file_is_a_clear_error(tmp_path: Path):
    from sheets_sync.model import BackendError

    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(BackendError, match="Không mở được"):
        LocalBackend(path).read(["Nhiệm vụ"])
    with pytest.raises(BackendError, match="Không thấy tệp"):
        LocalBackend(tmp_path / "missing.xlsx").read(["Nhiệm vụ"])


def test_writers_take_turns_so_no_write_is_lost(workbook: Path):
    """Two processes appending run-log rows at once: both rows must survive."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_log_rows, args=(str(workbook), n)) for n in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    rows = LocalBackend(workbook).read(["Nhật ký"])["Nhật ký"]
    written = sorted(r[1] for r in rows[1:])
    assert written == sorted(f"writer {n} row {i}" for n in range(2) for i in range(10))


def _append_log_rows(path: str, writer: int) -> None:
    from sheets_sync.backends.local.workbook import LocalBackend

    backend = LocalBackend(path)
    for i in range(10):
        backend.apply(ChangeSet(appends=[("Nhật ký", ["t", f"writer {writer} row {i}", "OK"])]))


def test_a_folder_reached_through_a_symlink_shares_its_lock(tmp_path: Path, monkeypatch):
    """The state of a report folder has one lock, whichever path leads to it: a run that
    reaches the folder through a symlink waits for one that holds it by its real path."""
    import fcntl
    import tempfile

    from sheets_sync.backends.local.state import FolderState

    locks = tmp_path / "tmp"
    locks.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(locks))
    real = tmp_path / "bao-cao"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with FolderState.open(tmp_path / "link"):
        pass
    (lock,) = locks.iterdir()
    assert lock.name.startswith("sheets-sync-") and lock.name.endswith(".state.lock")
    with FolderState.open(real):
        assert list(locks.iterdir()) == [lock]
        with lock.open("a") as fh, pytest.raises(BlockingIOError):
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
