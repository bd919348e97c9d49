"""What a real office does to the files the jobs touch (issue 15): a workbook or folder made
read-only, a report folder that cannot be made, a spreadsheet saved as .xls or .ods.

Each case is run from the command line as an officer would, and checks the exit status, the
message and that the officer's files are byte for byte as they were. The tests run as root in
CI, which passes every permission check of the kernel: the jobs respect the mode bits
themselves, so these cases hold for root too.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheets_sync.cli import main


def _run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its digest: what 'nothing changed' means."""
    return {
        str(p.relative_to(folder)): _digest(p) for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def read_only():
    """chmod a path read-only for the test, and back afterwards (so tmp_path can be removed)."""
    changed: list[tuple[Path, int]] = []

    def make(path: Path) -> Path:
        changed.append((path, stat.S_IMODE(path.stat().st_mode)))
        path.chmod(0o555 if path.is_dir() else 0o444)
        return path

    yield make
    for path, mode in reversed(changed):
        path.chmod(mode)


@pytest.fixture
def khoa(tmp_path: Path) -> Path:
    folder = tmp_path / "khoa"
    folder.mkdir()
    return folder


# --- a read-only workbook, a read-only folder --------------------------------------------------


def test_a_read_only_workbook_is_left_as_it_is_with_a_message(workbook: Path, read_only):
    """The save swapped a new file in (the folder allowed it): chmod 444 was ignored."""
    read_only(workbook)
    before = _files(workbook.parent)
    code, out = _run("flag", "--local", workbook, "--today", "2024-10-15")
    assert code == 2, out
    assert "chỉ cho đọc (read-only)" in out and str(workbook) in out
    assert "Traceback" not in out and "Lỗi ngoài dự kiến" not in out
    assert _files(workbook.parent) == before
    assert stat.S_IMODE(workbook.stat().st_mode) == 0o444


def test_flag_in_a_read_only_folder_says_the_folder_must_be_writable(workbook: Path, read_only):
    read_only(workbook.parent)
    before = _files(workbook.parent)
    code, out = _run("flag", "--local", workbook, "--today", "2024-10-15")
    assert code == 2, out
    assert f"Thư mục {workbook.parent}" in out and "chỉ cho đọc" in out
    assert "tệp mới trong thư mục" in out  # why a folder must be writable to save one file
    assert "Traceback" not in out
    assert _files(workbook.parent) == before


def test_a_report_folder_that_cannot_be_made_is_explained(workbook: Path, khoa: Path, read_only):
    locked = read_only(khoa)  # a folder we may not write into: bao-cao cannot be made in it
    code, out = _run(
        "report", "--local", workbook, "--period", "2024-Q1", "--out", locked / "bao-cao"
    )
    assert code == 2, out
    assert f"Thư mục {locked}" in out and "chỉ cho đọc" in out
    assert "Traceback" not in out and "PermissionError" not in out
    assert not (locked / "bao-cao").exists()


def test_a_report_folder_under_a_file_is_explained(workbook: Path, tmp_path: Path):
    blocker = tmp_path / "bao-cao"
    blocker.write_text("một tệp, không phải thư mục")
    code, out = _run("report", "--local", workbook, "--period", "2024-Q1", "--out", blocker / "q1")
    assert code == 2, out
    assert "không phải thư mục" in out and str(blocker) in out
    assert "Traceback" not in out and "NotADirectoryError" not in out


def test_init_in_a_read_only_folder_is_explained(tmp_path: Path, read_only):
    read_only(tmp_path)
    code, out = _run("init", "--local", tmp_path / "moi" / "ke-hoach.xlsx")
    assert code == 2, out
    assert "chỉ cho đọc" in out and "Traceback" not in out
    assert not (tmp_path / "moi").exists()


def test_an_unusable_lock_folder_is_explained(workbook: Path, tmp_path: Path):
    blocker = tmp_path / "state"
    blocker.write_text("x")
    code, out = _run("flag", "--local", workbook, "--state-dir", blocker / "locks")
    assert code == 2, out
    assert "Không dùng được tệp khóa" in out and "--state-dir" in out


# --- .xls and .ods -----------------------------------------------------------------------------


def _ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:  # OpenDocument: the 'mimetype' entry first, stored
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return path


def _xls(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE2 compound file
    return path


@pytest.mark.parametrize(("make", "name"), [(_ods, "ke-hoach.ods"), (_xls, "ke-hoach.xls")])
def test_xls_and_ods_say_save_it_as_xlsx(tmp_path: Path, make, name):
    path = make(tmp_path / name)
    before = _digest(path)
    code, out = _run("flag", "--local", path, "--out", tmp_path / "bao-cao")
    assert code == 2, out
    assert f"Tệp {name} là bảng tính {path.suffix}" in out and "Lưu thành (Save As)" in out
    assert "PackageError" not in out and "zip" not in out
    assert _digest(path) == before  # never converted over, never touched
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_an_xls_named_xlsx_is_known_by_its_bytes(tmp_path: Path):
    path = _xls(tmp_path / "ke-hoach.xlsx")
    code, out = _run("flag", "--local", path)
    assert code == 2 and "là bảng tính .xls" in out


def test_the_conversion_offered_never_replaces_an_xlsx_already_there(tmp_path: Path, workbook):
    path = _ods(workbook.with_suffix(".ods"))
    code, out = _run("flag", "--local", path)
    assert code == 2
    assert "đã có sẵn ke-hoach.xlsx" in out and "--convert-to" not in out


def test_root_is_held_to_the_mode_bits_too(workbook: Path, read_only):
    """The check does not lean on the kernel: it holds whoever runs the jobs."""
    read_only(workbook)
    assert os.access(workbook, os.W_OK) == (os.geteuid() == 0)  # root may, the others may not
    from sheets_sync.backends.local.files import writable

    assert not writable(workbook)
