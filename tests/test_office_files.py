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
import pwd
import shutil
import socket
import stat
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from sheets_sync.cli import main
from sheets_sync.periods import reporting_period
from sheets_sync.resources import default_config_path

DEMO = str(default_config_path())  # the demo's plan: no command falls back to it


def _run(command: str, *args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [command, "--config", DEMO, *(str(a) for a in args)])
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
    code, out = _run("flag", "--local", workbook)
    assert code == 2, out
    assert "chỉ cho đọc (read-only)" in out and str(workbook) in out
    assert "Traceback" not in out and "Lỗi ngoài dự kiến" not in out
    assert _files(workbook.parent) == before
    assert stat.S_IMODE(workbook.stat().st_mode) == 0o444


def test_flag_in_a_read_only_folder_says_the_folder_must_be_writable(workbook: Path, read_only):
    read_only(workbook.parent)
    before = _files(workbook.parent)
    code, out = _run("flag", "--local", workbook)
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


# --- lock files: LibreOffice's .~lock.NAME# and Microsoft Office's ~$NAME ----------------------


def _libreoffice_lock(path: Path, host: str, user: str = "vanthu") -> Path:
    """The lock LibreOffice writes beside a file it opens (its own format, one line)."""
    lock = path.parent / f".~lock.{path.name}#"
    lock.write_text(f",{user},{host},15.10.2024 08:05,file:///home/{user}/.config/libreoffice/4;")
    return lock


def _owner_file(path: Path, user: str, drop: int = 0) -> Path:
    """A Microsoft Office owner file: the name after a length byte, padded to 54, then again
    in UTF-16 after its length (Word drops the first letters of a long file name)."""
    owner = path.parent / f"~${path.name[drop:]}"
    narrow = user.encode("cp1252", errors="replace")
    data = bytes([len(narrow)]) + narrow.ljust(53, b" ")
    owner.write_bytes((data + bytes([len(user), 0]) + user.encode("utf-16-le")).ljust(165, b"\0"))
    return owner


@pytest.fixture
def libreoffice_here(tmp_path: Path):
    """A process named soffice.bin, as a running LibreOffice shows in the process list."""
    program = tmp_path / "soffice.bin"
    shutil.copy("/bin/sleep", program)
    process = subprocess.Popen([str(program), "60"])
    yield process
    process.kill()
    process.wait()


def _flag(workbook: Path) -> tuple[int, str]:
    return _run("flag", "--local", workbook, "--out", workbook.parent / "bao-cao")


def test_a_stale_lock_left_by_a_crash_is_named_with_the_file_to_delete(workbook: Path):
    lock = _libreoffice_lock(workbook, socket.gethostname())  # this machine; no LibreOffice runs
    before = _files(workbook.parent)
    code, out = _flag(workbook)
    assert code == 2, out
    assert f"Tệp khóa {lock} còn sót lại" in out and "Xóa tệp khóa đó rồi chạy lại" in out
    assert "không còn LibreOffice nào của người dùng vanthu đang chạy" in out
    assert "người mở: vanthu" in out
    assert _files(workbook.parent) == before


def test_a_lock_older_than_the_last_boot_is_stale_whatever_runs_now(
    workbook: Path, libreoffice_here
):
    lock = _libreoffice_lock(workbook, socket.gethostname())
    from sheets_sync.backends.local.lockfiles import boot_time

    booted = boot_time()
    assert booted is not None
    stamp = booted.timestamp() - 3600
    os.utime(lock, (stamp, stamp))
    code, out = _flag(workbook)
    assert code == 2 and "còn sót lại" in out and "khởi động lại" in out


def test_a_live_lock_on_this_machine_says_close_the_file(workbook: Path, libreoffice_here):
    me = pwd.getpwuid(os.geteuid()).pw_name  # the user the running 'soffice.bin' belongs to
    lock = _libreoffice_lock(workbook, socket.gethostname(), me)
    before = _files(workbook.parent)
    code, out = _flag(workbook)
    assert code == 2, out
    assert "đang được mở bằng LibreOffice" in out and "đóng tệp rồi chạy lại" in out
    assert "còn sót lại" not in out and str(lock) in out  # the file to delete, if need be
    assert _files(workbook.parent) == before


def test_a_lock_from_another_machine_names_it(workbook: Path):
    _libreoffice_lock(workbook, "PC-VANTHU")  # opened from an officer's PC over a share
    code, out = _flag(workbook)
    assert code == 2
    assert "máy: PC-VANTHU" in out and "từ 08:05 ngày 15/10/2024" in out
    assert "Nếu chắc chắn không còn ai mở tệp trên máy PC-VANTHU" in out


def test_an_excel_owner_file_names_who_has_the_workbook_open(workbook: Path):
    _owner_file(workbook, "Nguyễn Văn An")
    before = _files(workbook.parent)
    code, out = _flag(workbook)
    assert code == 2
    assert "Microsoft Office (người mở: Nguyễn Văn An)" in out
    assert _files(workbook.parent) == before


def _log_rows(workbook: Path) -> list[tuple]:
    wb = openpyxl.load_workbook(workbook)
    rows = list(wb["Nhật ký"].iter_rows(min_row=2, values_only=True))
    wb.close()
    return rows


def test_report_writes_its_document_while_the_workbook_is_open_and_logs_it_later(
    workbook: Path,
):
    lock = _libreoffice_lock(workbook, "PC-VANTHU")
    sheet_before = _digest(workbook)
    out_dir = workbook.parent / "bao-cao"
    code, out = _run("report", "--local", workbook, "--period", "2024-Q1", "--out", out_dir)
    assert code == 0, out
    (docx_path,) = out_dir.glob("Bao cao *.docx")  # the report (its notes beside it)
    assert _digest(workbook) == sheet_before  # nothing reached the sheet
    assert "dòng Nhật ký của nó chờ lần chạy sau" in out and "PC-VANTHU" in out
    lock.unlink()  # the officer closes the workbook
    code, out = _flag(workbook)
    assert code == 0, out
    first, second = _log_rows(workbook)
    assert (first[1], first[2]) == ("report", "Thành công") and str(docx_path) == first[4]
    assert "ghi muộn" in first[3]
    assert second[1] == "flag"
    assert _flag(workbook)[0] == 0
    assert [r[1] for r in _log_rows(workbook)] == ["report", "flag", "flag"]  # written once


def test_a_row_written_by_a_run_that_died_before_forgetting_it_is_not_written_again(
    workbook: Path,
):
    lock = _libreoffice_lock(workbook, "PC-VANTHU")
    out_dir = workbook.parent / "bao-cao"
    assert _run("report", "--local", workbook, "--period", "2024-Q1", "--out", out_dir)[0] == 0
    lock.unlink()
    state = out_dir / ".sheets-sync.json"
    remembered = state.read_bytes()
    assert _flag(workbook)[0] == 0
    state.write_bytes(remembered)  # as if killed after the workbook's write, before forgetting
    assert _flag(workbook)[0] == 0
    assert [r[1] for r in _log_rows(workbook)] == ["report", "flag", "flag"]
    assert '"pending": []' in state.read_text()


def test_a_read_only_workbook_does_not_stop_the_report_either(workbook: Path, read_only):
    read_only(workbook)
    out_dir = workbook.parent / "bao-cao"
    code, out = _run("report", "--local", workbook, "--period", "2024-Q1", "--out", out_dir)
    assert code == 0, out
    assert list(out_dir.glob("*.docx")) and "chỉ cho đọc" in out


# --- a report a person edited or has open --------------------------------------------------------


def _report(workbook: Path, today: str = "2024-10-15") -> tuple[int, str]:
    out_dir = workbook.parent / "bao-cao"
    return _run(
        "report", "--local", workbook, "--period", "2024-Q1", "--out", out_dir, "--today", today
    )


@pytest.mark.parametrize(
    "holds",
    [
        lambda path: _libreoffice_lock(path, "PC-CHUTICH", "chutich"),
        lambda path: _owner_file(path, "Chủ tịch", drop=2),  # Word: '~$o cao quy I….docx'
    ],
    ids=["libreoffice", "word"],
)
def test_a_report_someone_has_open_is_not_replaced(workbook: Path, holds):
    assert _report(workbook)[0] == 0
    (first,) = (workbook.parent / "bao-cao").glob("Bao cao *.docx")
    holds(first)
    before = _digest(first)
    code, out = _report(workbook, "2024-10-20")
    assert code == 0, out
    assert _digest(first) == before
    assert "nên được giữ nguyên" in out
    beside = [p for p in first.parent.glob("B*.docx") if p != first]
    assert [p.name for p in beside] == [first.name.replace(".docx", "") + _updated() + ".docx"]
    assert "đang được mở bằng" in _log_rows(workbook)[-1][3]


def _updated() -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return f" (cap nhat {datetime.now(ZoneInfo('Asia/Ho_Chi_Minh')):%d-%m-%Y})"


def test_an_edited_report_stays_and_its_catch_up_still_counts_it_done(workbook: Path, cfg):
    assert _report(workbook)[0] == 0
    (first,) = (workbook.parent / "bao-cao").glob("Bao cao *.docx")
    document = docx.Document(first)
    document.add_paragraph("Số: 15/BC-UBND")
    document.save(first)
    edited = _digest(first)
    code, _out = _report(workbook, "2024-10-20")
    assert code == 0 and _digest(first) == edited
    row = _log_rows(workbook)[-1]
    assert "đã được sửa sau khi máy ghi nên được giữ nguyên" in row[3]
    assert f"Bản trước: {first}" in row[4]
    first.unlink()  # the edited one moved elsewhere: the period still has its report
    from sheets_sync.backends.local.workbook import LocalBackend
    from sheets_sync.report import report_name

    backend = LocalBackend(workbook, workbook.parent / "bao-cao")
    name = report_name(reporting_period("2024-Q1"), cfg)
    assert _updated() in backend.find_document(name.key, name.filename)


def test_a_report_the_jobs_know_nothing_about_is_not_replaced(workbook: Path):
    assert _report(workbook)[0] == 0
    (workbook.parent / "bao-cao" / ".sheets-sync.json").unlink()  # say, copied from elsewhere
    assert _report(workbook)[0] == 0
    # The report and its notes were not the jobs' as far as they know: each has a new version.
    assert len(list((workbook.parent / "bao-cao").glob("Bao cao *.docx"))) == 2


def test_the_nhat_ky_link_is_absolute_wherever_the_command_ran(
    workbook: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    from jobs import report
    from sheets_sync.backends.local.workbook import LocalBackend
    from sheets_sync.config import load

    backend = LocalBackend(Path(workbook.name), Path("bao-cao"))  # relative, as a config says
    done = report.run(backend, load(None), period="2024-Q1")
    link = _log_rows(workbook)[-1][4]
    assert Path(link).is_absolute() and Path(link) == (tmp_path / "bao-cao").resolve() / Path(
        done.filename
    )


# --- dropdowns and date checks sized from the plan ---------------------------------------------


def test_dropdowns_are_sized_from_the_plan_and_cover_the_whole_log(tmp_path: Path, cfg):
    """The task-number list stopped at row 212 and the checks at row 2000, whatever the plan."""
    from sheets_sync import seed
    from sheets_sync.backends.local.layout import create_workbook

    many = [replace(seed.TASKS[i % len(seed.TASKS)], stt=str(i + 1)) for i in range(1200)]
    for tasks, last_listed in ((seed.TASKS, 3 + 8 + 500), (many, 3 + 2400)):
        path = tmp_path / f"plan-{len(tasks)}.xlsx"
        create_workbook(path, cfg, tasks)
        wb = openpyxl.load_workbook(path)
        rules = {str(v.sqref): v.formula1 for v in wb["Tiến độ"].data_validations.dataValidation}
        assert rules["B2:B1048576"] == "=DanhSachSTT"
        assert wb.defined_names["DanhSachSTT"].attr_text == f"'Nhiệm vụ'!$A$4:$A${last_listed}"
        assert {"A2:A1048576", "C2:C1048576", "D2:D1048576"} <= set(rules)
        dates = [str(v.sqref) for v in wb["Nhiệm vụ"].data_validations.dataValidation]
        assert dates == ["G4:G1048576"]
        wb.close()


def test_flag_grows_the_task_number_list_when_tasks_are_added(workbook: Path):
    """Tasks added past the end of the list were missing from the Tiến độ dropdown."""
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Nhiệm vụ"]
    for n in range(9, 701):  # 692 tasks added under the seed plan's 8: rows 12..703
        ws.append([n, f"Nhiệm vụ {n}", "", "Văn phòng", "", "Quý IV/2024"])
    wb.save(workbook)
    code, out = _flag(workbook)
    assert code == 0, out
    wb = openpyxl.load_workbook(workbook)
    assert wb.defined_names["DanhSachSTT"].attr_text == "'Nhiệm vụ'!$A$4:$A$1403"  # 703 + 700
    wb.close()
    with zipfile.ZipFile(workbook) as z:
        names_before = z.read("xl/workbook.xml")
    assert _flag(workbook)[0] == 0  # long enough now: the workbook part is left alone
    with zipfile.ZipFile(workbook) as z:
        assert z.read("xl/workbook.xml") == names_before
