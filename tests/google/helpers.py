"""Helpers for the Google backend tests: putting officers' data into the fake, reading it back,
and pointing the product at the fake (through its own ``LoopbackAdapter``: nothing of ours is
mocked). The fixtures are in ``conftest.py`` beside this file."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from sheets_sync.backends.google import open_google
from sheets_sync.backends.google.http_client import LoopbackAdapter, RetryPolicy
from sheets_sync.backends.google.spreadsheet import GoogleBackend
from sheets_sync.cells import to_serial
from sheets_sync.cli import main
from sheets_sync.config import Config, GoogleSection
from sheets_sync.resources import default_config_path
from tests.fake_google import FakeGoogle
from tests.fake_google.sheets import Sheet, Spreadsheet

OFFICER = "vanphong.giatan@gmail.com"
SA_EMAIL = "sheets-sync@gia-tan-2024.iam.gserviceaccount.com"
DATE_FORMAT = {"type": "DATE", "pattern": "dd/mm/yyyy"}
TASKS = "Nhiệm vụ"


def put_grid(sheet: Sheet, rows: list[list[object]]) -> None:
    """Type values into the fake as an officer would (dates become serial numbers)."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row or []):
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


def write_config(tmp_path: Path, **google: str) -> Path:
    """The bundled config with a ``[google]`` section of ``google``, as plan.toml."""
    lines = ["", "[google]"] + [f'{k} = "{v}"' for k, v in google.items()]
    path = tmp_path / "plan.toml"
    path.write_text(default_config_path().read_text(encoding="utf-8") + "\n".join(lines) + "\n")
    return path


def run(*args: str) -> tuple[int, str]:
    """The ``sheets-sync`` command in this process: exit status and output."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output
