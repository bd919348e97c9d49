"""The commands on Google, as an administrator runs them: ``init --google``, ``check``, ``flag
--google``, ``report --google``. The product reaches the fake through its emulator setting
(``SHEETS_SYNC_GOOGLE_EMULATOR``), the same seam as ``STORAGE_EMULATOR_HOST`` in Google's own
clients; secrets must never show in what it prints or logs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sheets_sync.resources import default_config_path
from tests.google.helpers import OFFICER, SA_EMAIL, TASKS, grid, put_grid, run, write_config


def test_init_google_lays_out_an_existing_sheet_without_touching_its_data(admin, fake):
    book, config = admin
    before = grid(book, TASKS)
    code, out = run("init", "--google", "--config", str(config))
    assert code == 0, out
    after = grid(book, TASKS)
    assert [row[:5] for row in after] == [row[:5] for row in before]  # officers' cells as they were
    assert after[1][5:] == [
        "Sản phẩm/kết quả",
        "Cơ quan phối hợp",
        "Ngày hoàn thành",
        "Hạn (tự động)",
        "Trạng thái",
        "Ghi chú tự động",
        "Nhóm",
    ]
    titles = [s.title for s in book.sheets]
    assert titles == [TASKS, "Tiến độ", "Nhật ký", "Danh mục", "_ke_hoach"]
    assert book.sheet(title="_ke_hoach").hidden  # which plan this is: the config's
    assert ["Số", "13/KH-UBND"] in grid(book, "_ke_hoach")
    tasks = book.sheet(title=TASKS)
    assert tasks.frozen_rows == 2
    statuses = {
        r["booleanRule"]["condition"]["values"][0]["userEnteredValue"]
        for r in tasks.conditional_formats
    }
    assert len(statuses) == 7
    protected = [p for p in tasks.protected_ranges if p["warningOnly"]]
    assert sorted(p["range"]["startColumnIndex"] for p in protected) == [8, 9, 10]
    progress = book.sheet(title="Tiến độ")
    rule = progress.validations[(progress.row_ids[1], 1)]
    assert rule["condition"]["type"] == "ONE_OF_RANGE" and rule["strict"] is False
    source = rule["condition"]["values"][0]["userEnteredValue"]  # the task numbers of Nhiệm vụ
    assert source.endswith("!$A$3:$A")  # open-ended: it follows tasks added later
    anchored = {tasks.row_of(m["where"][2]) for m in book.metadata.values() if m["key"] == "ssr"}
    assert anchored == {2, 3, 4}
    assert "Đã" in out or "✓" in out

    fake.reset_log()
    code, out = run("init", "--google", "--config", str(config))
    assert code == 0 and "already prepared" in out
    assert "POST sheets.spreadsheets.batchUpdate" not in fake.calls()


def test_init_google_can_make_the_report_folder_for_the_least_scope(admin, fake, tmp_path):
    _book, config = admin
    drive = next(iter(fake.drive.drives.values()))
    code, out = run(
        "init",
        "--google",
        "--config",
        str(config),
        "--create-folder",
        "Báo cáo 2025",
        "--shared-drive",
        drive.id,
    )
    assert code == 0, out
    made = [f for f in fake.drive.files.values() if f.name == "Báo cáo 2025"]
    assert len(made) == 1 and made[0].drive_id == drive.id
    assert f'folder_id = "{made[0].id}"' in out


def test_check_says_ready_when_everything_is_in_place(admin):
    _book, config = admin
    assert run("init", "--google", "--config", str(config))[0] == 0
    code, out = run("check", "--config", str(config))
    assert code == 0, out
    assert SA_EMAIL in out and "Ready to run on Google" in out
    assert "[LỖI]" not in out


def test_check_names_the_account_to_share_the_sheet_with(admin, fake):
    book, config = admin
    fake.drive.files[book.id].permissions.clear()
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "[LỖI]" in out and SA_EMAIL in out and "chia sẻ" in out


def test_check_explains_the_drive_options_for_a_folder_in_someones_my_drive(
    admin, fake, sa_key, tmp_path
):
    book, _ = admin
    folder = fake.drive.add_folder("Báo cáo", OFFICER, share={SA_EMAIL: "writer"})
    config = write_config(
        tmp_path,
        spreadsheet_id=book.id,
        folder_id=folder.id,
        credentials=sa_key["_path"],
        drive_scope="drive",
    )
    run("init", "--google", "--config", str(config))
    code, out = run("check", "--config", str(config))
    assert "[CẢNH BÁO]" in out and "shared drive" in out and 'drive_auth = "oauth"' in out
    assert code == 0  # it can still update documents that exist: a warning, not a failure


def test_check_explains_drive_file_cannot_see_a_folder_a_person_made(admin, fake, sa_key, tmp_path):
    book, _ = admin
    folder = fake.drive.add_folder("Báo cáo", OFFICER, share={SA_EMAIL: "writer"})
    config = write_config(
        tmp_path, spreadsheet_id=book.id, folder_id=folder.id, credentials=sa_key["_path"]
    )
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "--create-folder" in out and 'drive_scope = "drive"' in out


def test_flag_and_report_on_google_from_the_command_line(admin, fake):
    book, config = admin
    assert run("init", "--google", "--config", str(config))[0] == 0
    code, out = run("flag", "--google", "--config", str(config))
    assert code == 0, out
    assert "3 nhiệm vụ" in out
    code, out = run(
        "report",
        "--google",
        "--config",
        str(config),
        "--period",
        "2024-Q3",
        "--today",
        "2024-10-15",
    )
    assert code == 0, out
    assert out.strip().startswith("https://docs.google.com/document/d/")
    assert len(grid(book, "Nhật ký")) == 3


def test_a_back_dated_flag_on_google_is_shown_then_written_marked_then_undone(admin, fake):
    book, config = admin
    assert run("init", "--google", "--config", str(config))[0] == 0
    assert run("flag", "--google", "--config", str(config))[0] == 0
    today = grid(book, TASKS)
    code, out = run("flag", "--google", "--config", str(config), "--today", "01/03/2024")
    assert code == 0 and "Chạy thử với ngày 01/03/2024" in out and "sẽ cập nhật" in out, out
    assert grid(book, TASKS) == today  # shown, not written
    code, out = run("flag", "--google", "--config", str(config), "--today", "01/03/2024", "--write")
    assert code == 0, out
    notes = [row[-1] for row in grid(book, TASKS)[2:]]
    assert all("Chạy thử với ngày 01/03/2024" in note for note in notes), notes
    assert [row[2] for row in grid(book, "Nhật ký")[1:]] == ["Thành công", "Chạy thử"]
    code, out = run("run", "flag", "--if-owed", "--google", "--config", str(config))
    assert code == 0, out
    assert grid(book, TASKS) == today  # catch-up put the day's statuses back
    assert [row[2] for row in grid(book, "Nhật ký")[1:]][-1] == "Thành công"


def test_local_and_google_options_do_not_mix(admin, tmp_path):
    _, config = admin
    code, out = run(
        "flag", "--google", "--local", str(tmp_path / "x.xlsx"), "--config", str(config)
    )
    assert code == 2 and "not both" in out


def test_no_secret_reaches_the_output_or_the_logs(admin, fake, sa_key, caplog, tmp_path):
    book, config = admin
    caplog.set_level(logging.DEBUG)
    outputs = [
        run("-v", "init", "--google", "--config", str(config))[1],
        run("-v", "flag", "--google", "--config", str(config))[1],
        run("-v", "report", "--google", "--config", str(config), "--period", "2024-Q3")[1],
    ]
    # A key Google does not know: the error must not quote it either.
    stranger = dict(fake.service_account("x@y.iam.gserviceaccount.com"))
    stranger["client_email"] = SA_EMAIL
    bad_key = tmp_path / "bad.json"
    bad_key.write_text(json.dumps(stranger))
    bad_key.chmod(0o600)
    bad = write_config(tmp_path, spreadsheet_id=book.id, credentials=str(bad_key))
    code, out = run("-v", "flag", "--google", "--config", str(bad))
    assert code == 2 and "Invalid JWT Signature" in out
    outputs.append(out)
    text = "\n".join(outputs) + caplog.text
    secrets = [line for line in sa_key["private_key"].splitlines() if "-----" not in line]
    secrets += [line for line in stranger["private_key"].splitlines() if "-----" not in line]
    secrets += fake.oauth.issued
    assert fake.oauth.issued  # tokens were handed out ...
    assert not [s for s in secrets if s in text]  # ... and none was printed


def test_a_key_readable_by_others_gets_a_warning(admin, sa_key, caplog):
    _, config = admin
    Path(sa_key["_path"]).chmod(0o644)
    caplog.set_level(logging.WARNING)
    run("flag", "--google", "--config", str(config))
    assert "can be read by other users" in caplog.text and "chmod 600" in caplog.text


def _progress_tab(book) -> None:
    """The progress log ``init --google`` would add: flag stops without it."""
    put_grid(book.add_sheet("Tiến độ"), [["Ngày", "STT nhiệm vụ", "Đơn vị", "Hình thức"]])


def test_the_key_can_come_from_google_application_credentials(admin, sa_key, tmp_path, monkeypatch):
    book, _ = admin
    _progress_tab(book)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", sa_key["_path"])
    config = write_config(tmp_path, spreadsheet_id=book.id)
    code, out = run("flag", "--google", "--config", str(config))
    assert code == 0, out


def test_spreadsheet_links_are_accepted_as_ids(admin, sa_key, tmp_path):
    book, _ = admin
    _progress_tab(book)
    config = write_config(tmp_path, credentials=sa_key["_path"])
    link = f"https://docs.google.com/spreadsheets/d/{book.id}/edit#gid=0"
    code, out = run("flag", "--config", str(config), "--spreadsheet-id", link)
    assert code == 0, out


def test_the_commented_google_section_of_the_example_config_loads(tmp_path):
    text = default_config_path().read_text(encoding="utf-8")
    block = text.split("# [google]", 1)[1].split("\n\n", 1)[0]
    uncommented = "[google]" + "\n".join(line.removeprefix("# ") for line in block.splitlines())
    path = tmp_path / "plan.toml"
    path.write_text(text.replace("# [google]" + block, uncommented), encoding="utf-8")
    from sheets_sync.config import load

    section = load(path).google
    assert section.spreadsheet_id == "1AbCdEf" and section.drive_scope == "drive.file"
