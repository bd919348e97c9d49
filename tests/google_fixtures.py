"""Fixtures for the Google backend tests: the fake Google, a service account, the seed plan.

The product reaches the fake through its own ``LoopbackAdapter`` (the transport seam), with real
gspread and google-auth on top; nothing of ours is mocked. Import the fixtures you need::

    from tests.google_fixtures import fake, google_cfg, plan_book  # noqa: F401
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from sheets_sync import seed
from sheets_sync.cells import to_serial
from sheets_sync.config import Config, GoogleSection
from sheets_sync.google import open_google
from sheets_sync.google.http_client import LoopbackAdapter, RetryPolicy
from sheets_sync.google.spreadsheet import GoogleBackend
from sheets_sync.workbook import create_workbook
from tests.fake_google import FakeGoogle
from tests.fake_google.sheets import Sheet, Spreadsheet

OFFICER = "vanphong.giatan@gmail.com"
SA_EMAIL = "sheets-sync@gia-tan-2024.iam.gserviceaccount.com"
DATE_FORMAT = {"type": "DATE", "pattern": "dd/mm/yyyy"}


@pytest.fixture
def fake() -> Iterator[FakeGoogle]:
    server = FakeGoogle().start()
    yield server
    server.stop()


@pytest.fixture
def sa_key(fake: FakeGoogle, tmp_path: Path) -> dict:
    """A service-account key the fake knows, saved as the admin would (mode 600)."""
    key = fake.service_account(SA_EMAIL)
    path = tmp_path / "sa-key.json"
    path.write_text(json.dumps(key), encoding="utf-8")
    os.chmod(path, 0o600)
    key["_path"] = str(path)
    return key


def put_grid(sheet: Sheet, rows: list[list[object]]) -> None:
    """Type values into the fake as an officer would (dates become serial numbers)."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime | date):
                day = value.date() if isinstance(value, datetime) else value
                sheet.set(r, c, to_serial(day))
                sheet.formats[(sheet.row_ids[r], c)] = {"numberFormat": dict(DATE_FORMAT)}
            elif value is not None:
                sheet.set(r, c, value)


def load_workbook_into(book: Spreadsheet, workbook: Path) -> None:
    """Every tab of an .xlsx, values only, into the fake spreadsheet (same layout on both)."""
    wb = openpyxl.load_workbook(workbook, data_only=True)
    first = book.sheets[0]
    for i, ws in enumerate(wb.worksheets):
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if i == 0:
            first.title = ws.title
            sheet = first
        else:
            sheet = book.add_sheet(ws.title)
        put_grid(sheet, rows)
    wb.close()


def grid(book: Spreadsheet, title: str) -> list[list[object]]:
    """A tab as UNFORMATTED values, trailing blanks trimmed (what officers would see)."""
    sheet = book.sheet(title=title)
    return sheet.values(
        0, sheet.row_count, 0, sheet.column_count, "UNFORMATTED_VALUE", "SERIAL_NUMBER"
    )


@pytest.fixture
def plan_book(fake: FakeGoogle, sa_key: dict, tmp_path: Path, cfg: Config) -> Spreadsheet:
    """The seed plan as a Google Sheet an officer owns and shared with the service account."""
    workbook = tmp_path / "seed.xlsx"
    create_workbook(workbook, cfg, seed.TASKS)
    book = fake.create_spreadsheet(
        "Kế hoạch tuyên truyền CCHC 2024", OFFICER, share={SA_EMAIL: "writer"}
    )
    load_workbook_into(book, workbook)
    return book


@pytest.fixture
def shared_drive_folder(fake: FakeGoogle):
    """A report folder in a shared drive where the service account is a Content manager."""
    drive = fake.drive.add_shared_drive(
        "UBND xã Gia Tân", {OFFICER: "organizer", SA_EMAIL: "fileOrganizer"}
    )
    return fake.drive.add_folder("Báo cáo CCHC 2024", shared_drive=drive)


def google_config(
    cfg: Config, key: dict, spreadsheet_id: str, folder_id: str = "", **extra
) -> Config:
    section = GoogleSection(
        spreadsheet_id=spreadsheet_id,
        folder_id=folder_id,
        credentials=key["_path"],
        **extra,
    )
    return dataclasses.replace(cfg, google=section)


def backend_for(fake: FakeGoogle, cfg: Config, policy: RetryPolicy | None = None) -> GoogleBackend:
    return open_google(cfg, adapter=LoopbackAdapter(fake.port), policy=policy)
