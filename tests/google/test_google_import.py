"""`sheets-sync import … --google`: a signed plan into an officer's Google Sheet, then `flag`
with the config it wrote, and a config of another plan refused without a write."""

from __future__ import annotations

import pytest

from sheets_sync.backends.google.http_client import EMULATOR_ENV
from sheets_sync.config import load
from tests.fake_google import FakeGoogle
from tests.google.helpers import OFFICER, SA_EMAIL, grid, run, write_config
from tests.importer.plan_corpus import DE_AN_06_DONG_HUNG


@pytest.fixture
def imported(fake: FakeGoogle, sa_key: dict, shared_drive_folder, tmp_path, monkeypatch):
    monkeypatch.setenv(EMULATOR_ENV, f"127.0.0.1:{fake.port}")
    monkeypatch.chdir(tmp_path)
    book = fake.create_spreadsheet("KH Đề án 06", OFFICER, share={SA_EMAIL: "writer"})
    admin = write_config(tmp_path, folder_id=shared_drive_folder.id, credentials=sa_key["_path"])
    document = DE_AN_06_DONG_HUNG.write(tmp_path)
    code, out = run(
        "import", str(document), "--google", "--spreadsheet-id", book.id, "--config", str(admin)
    )
    assert code == 0, out
    return book, tmp_path / f"{document.stem}.toml", admin


def test_the_plan_lands_in_the_sheet_with_its_identity_and_units(imported):
    book, config, _ = imported
    tasks = grid(book, "Nhiệm vụ")
    header = tasks[0]
    rows = [dict(zip(header, r, strict=False)) for r in tasks[1:]]
    assert [(r["STT"], r["Nhiệm vụ cụ thể"], r["Thời gian thực hiện"]) for r in rows] == [
        (w.stt, w.task, w.timeframe) for w in DE_AN_06_DONG_HUNG.tasks
    ]
    assert book.sheet(title="_ke_hoach").hidden
    assert ["Số", "07/KH-UBND"] in grid(book, "_ke_hoach")
    units = [r[0] for r in grid(book, "Danh mục")[1:] if r and r[0]]
    assert "Trung tâm Phục vụ hành chính công xã" in units
    cfg = load(config)
    assert (cfg.plan.year, cfg.google.spreadsheet_id) == (2025, book.id)


def test_flag_uses_the_written_config_and_another_plan_s_config_writes_nothing(imported, fake):
    book, config, admin = imported
    code, out = run("flag", "--google", "--config", str(config), "--today", "2025-10-15")
    assert code == 0, out
    assert "5 nhiệm vụ" in out
    log_rows = len(grid(book, "Nhật ký"))
    fake.reset_log()
    other = admin.parent / "gia-tan.toml"  # the demo's plan, pointed at this sheet
    other.write_text(
        admin.read_text(encoding="utf-8") + f'spreadsheet_id = "{book.id}"\n', encoding="utf-8"
    )
    code, out = run("flag", "--google", "--config", str(other))  # a real run: it would write
    assert code == 2
    assert "13/KH-UBND năm 2024" in out and "07/KH-UBND năm 2025" in out
    assert len(grid(book, "Nhật ký")) == log_rows  # not even a Nhật ký row
    assert "POST sheets.spreadsheets.batchUpdate" not in fake.calls()


def test_a_sheet_with_tasks_is_refused_without_append(imported, tmp_path):
    book, _, admin = imported
    before = grid(book, "Nhiệm vụ")
    document = DE_AN_06_DONG_HUNG.write(tmp_path)
    code, out = run(
        "import", str(document), "--google", "--spreadsheet-id", book.id, "--config", str(admin)
    )
    assert code == 2 and "--append" in out
    assert grid(book, "Nhiệm vụ") == before
