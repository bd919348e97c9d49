"""The local backend on its own: raw writes, guarded rows, atomic files."""

from pathlib import Path

import openpyxl
import pytest

from sheets_sync.backends.local.workbook import LocalBackend, set_raw
from sheets_sync.model import ChangeSet, Document, RowWrite, SheetChanged


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path: Path):
    wb = openpyxl.Workbook()
    set_raw(wb.active["A1"], '=IMPORTXML("http://example.com","//a")')
    set_raw(wb.active["A2"], "=1+1")
    wb.save(tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    assert ws["A1"].data_type == "s" and ws["A2"].data_type == "s"
    assert ws["A2"].value == "=1+1"


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


def test_write_is_refused_when_the_row_holds_another_task(workbook: Path):
    backend = LocalBackend(workbook)
    changes = ChangeSet(writes=[RowWrite("Nhiệm vụ", 3, {8: "Quá hạn"}, 0, "2")])  # row 4 is task 1
    with pytest.raises(SheetChanged, match="expected task '2'"):
        backend.apply(changes)
    assert openpyxl.load_workbook(workbook)["Nhiệm vụ"]["I4"].value is None


def test_publish_replaces_the_same_file_atomically(tmp_path: Path):
    backend = LocalBackend(tmp_path / "plan.xlsx", tmp_path / "out")
    doc = Document("report:2024-Q1", "Bao cao.docx", "Báo cáo", b"first")
    first = backend.publish(doc)
    second = backend.publish(Document(doc.key, doc.filename, doc.title, b"second"))
    assert first == second
    assert Path(second).read_bytes() == b"second"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["Bao cao.docx"]  # no temp files
    assert backend.find_document(doc.key, doc.filename) == second
    assert backend.find_document("report:2024-Q2", "other.docx") is None


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
