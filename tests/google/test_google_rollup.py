"""The rollup on Google: plans that are Google Sheets, the summary a Google Sheet and the report
a Google Doc in the shared drive; each plan read once (two Sheets requests), a plan whose sheet
is not shared with the service account named in the summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sheets_sync.backends.google.http_client import EMULATOR_ENV
from sheets_sync.cli import main
from sheets_sync.config import Config
from sheets_sync.resources import data_dir, default_config_path
from tests.fake_google import FakeGoogle
from tests.google.helpers import OFFICER, SA_EMAIL, grid, load_workbook_into


def google_config(text: str, **google: str) -> str:
    lines = [f'{k} = "{v}"' for k, v in google.items()]
    return text + "\n[google]\n" + "\n".join(lines) + "\n"


@pytest.fixture
def folder(fake: FakeGoogle, sa_key: dict, tmp_path: Path, cfg: Config, shared_drive_folder):
    from sheets_sync.demo import build_demo_workbook

    demo = tmp_path / "demo.xlsx"
    build_demo_workbook(demo, cfg)
    plans = tmp_path / "plans"
    plans.mkdir()
    plan_text = default_config_path().read_text(encoding="utf-8")
    for name, shared in (("gia-tan", True), ("phu-loc", True), ("khong-chia-se", False)):
        book = fake.create_spreadsheet(
            f"Kế hoạch {name}", OFFICER, share={SA_EMAIL: "writer"} if shared else {}
        )
        load_workbook_into(book, demo)
        text = plan_text.replace('commune = "xã Gia Tân"', f'commune = "xã {name}"')
        (plans / f"{name}.toml").write_text(
            google_config(text, spreadsheet_id=book.id, credentials=sa_key["_path"]),
            encoding="utf-8",
        )
    summary = fake.create_spreadsheet("Tổng hợp 2024", OFFICER, share={SA_EMAIL: "writer"})
    rollup_text = (data_dir("config") / "tong_hop_2024.toml").read_text(encoding="utf-8")
    (plans / "tong-hop.toml").write_text(
        google_config(
            rollup_text,
            spreadsheet_id=summary.id,
            folder_id=shared_drive_folder.id,
            credentials=sa_key["_path"],
        ),
        encoding="utf-8",
    )
    return plans, summary


def test_each_plan_is_read_once_and_the_summary_goes_to_google(
    fake, folder, tmp_path, monkeypatch, shared_drive_folder
):
    plans, summary = folder
    monkeypatch.setenv(EMULATOR_ENV, f"127.0.0.1:{fake.port}")
    args = ["rollup", "--plans", str(plans), "--period", "2024-Q3", "--today", "2024-10-15"]

    result = CliRunner().invoke(main, [*args, "--state-dir", str(tmp_path / "state")])

    assert result.exit_code == 0, result.output
    plan_ids = {book.id for book in fake.spreadsheets.values() if book.title.startswith("Kế hoạch")}
    per_plan = {
        pid: [r.method_id for r in fake.requests if pid in r.path and r.api == "sheets"]
        for pid in plan_ids
    }
    # One read per plan (its two requests), the unshared one included (refused), nothing else.
    assert sorted(map(sorted, per_plan.values())) == [
        ["sheets.spreadsheets.get"],
        ["sheets.spreadsheets.get", "sheets.spreadsheets.values.batchGet"],
        ["sheets.spreadsheets.get", "sheets.spreadsheets.values.batchGet"],
    ]
    rows = grid(summary, "Quý III-2024")
    keys = [row[0] for row in rows[1:]]
    assert keys == ["TỔNG CỘNG", "gia-tan.toml", "phu-loc.toml", "khong-chia-se.toml"]
    refused = rows[4]
    assert refused[1] == "xã khong-chia-se"
    assert "Không đọc được" in refused[-1] and SA_EMAIL in refused[-1]
    assert grid(summary, "Nhật ký")[1][1] == "rollup"
    # The summary sheet: one read (of a new sheet: no tab of the rollup's to fetch yet), then
    # its tabs and Nhật ký row in one atomic write.
    on_summary = [r.method_id for r in fake.requests if summary.id in r.path and r.api == "sheets"]
    assert on_summary == ["sheets.spreadsheets.get", "sheets.spreadsheets.batchUpdate"]
    documents = fake.drive.children(fake.drive.files[shared_drive_folder.id])
    assert [d.name for d in documents] == [
        "Báo cáo tổng hợp kết quả thực hiện các kế hoạch của xã quý III năm 2024"
    ]
