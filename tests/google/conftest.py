"""Fixtures of the Google backend tests: the fake Google on an ephemeral port, a service
account it knows, the seed plan as a Google Sheet, a report folder in a shared drive."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from sheets_sync import seed
from sheets_sync.backends.google.http_client import EMULATOR_ENV
from sheets_sync.backends.local.layout import create_workbook
from sheets_sync.config import Config
from tests.fake_google import FakeGoogle
from tests.fake_google.sheets import Spreadsheet
from tests.google.helpers import (
    OFFICER,
    SA_EMAIL,
    TASKS,
    load_workbook_into,
    put_grid,
    write_config,
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests run offline: any connection beyond this machine fails loudly."""
    local = ("127.0.0.1", "::1", "localhost")
    real_connect, real_lookup = socket.socket.connect, socket.getaddrinfo

    def connect(sock: socket.socket, address) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in local and sock.family != socket.AF_UNIX:
            raise AssertionError(f"test tried to reach the network: {address!r}")
        real_connect(sock, address)

    def lookup(host, *args, **kwargs):
        if host not in local:
            raise AssertionError(f"test tried to reach the network: {host!r}")
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)


@pytest.fixture
def no_dns(no_network: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without network: names beyond this machine do not resolve, as a resolver
    with nothing to ask answers (EAI_NONAME), instead of failing the test."""
    local = ("127.0.0.1", "::1", "localhost")
    real_lookup = socket.getaddrinfo

    def lookup(host, *args, **kwargs):
        if host not in local:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)


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


@pytest.fixture
def plan_book(fake: FakeGoogle, sa_key: dict, tmp_path: Path, cfg: Config) -> Spreadsheet:
    """The seed plan as a Google Sheet an officer owns and shared with the service account."""
    workbook = tmp_path / "seed.xlsx"
    create_workbook(workbook, cfg, seed.TASKS, units=seed.UNIT_LIST)
    book = fake.create_spreadsheet(
        "Kế hoạch tuyên truyền CCHC 2024", OFFICER, share={SA_EMAIL: "writer"}
    )
    load_workbook_into(book, workbook)
    return book


@pytest.fixture
def admin(fake: FakeGoogle, sa_key: dict, shared_drive_folder, tmp_path, monkeypatch):
    """An officer's existing sheet (a task table with a title row), a config pointing at it,
    and the commands pointed at the fake (``SHEETS_SYNC_GOOGLE_EMULATOR``)."""
    monkeypatch.setenv(EMULATOR_ENV, f"127.0.0.1:{fake.port}")
    book = fake.create_spreadsheet("KH CCHC", OFFICER, share={SA_EMAIL: "writer"})
    book.sheets[0].title = TASKS
    put_grid(
        book.sheets[0],
        [
            ["KẾ HOẠCH CCHC NĂM 2024"],
            ["STT", "Nhiệm vụ cụ thể", "Cơ quan chủ trì", "Thời gian thực hiện", "Ghi chú của xã"],
            [1, "Tuyên truyền trên Đài", "Đài Truyền thanh xã", "Mỗi tháng 01 kỳ", "ưu tiên"],
            [2, "Hội nghị đối thoại", "Văn phòng", "Quý IV/2024", None],
            [3, "Khảo sát hài lòng", "Nội vụ", "Trong năm 2024", None],
        ],
    )
    config = write_config(
        tmp_path,
        spreadsheet_id=book.id,
        folder_id=shared_drive_folder.id,
        credentials=sa_key["_path"],
    )
    return book, config


@pytest.fixture
def shared_drive_folder(fake: FakeGoogle, sa_key: dict):
    """The recommended setup: a shared drive with the service account as Content manager, and
    the report folder in it made by sheets-sync itself (``init --google --create-folder``), so
    the least scope, drive.file, reaches it."""
    drive = fake.drive.add_shared_drive(
        "UBND xã Gia Tân", {OFFICER: "organizer", SA_EMAIL: "fileOrganizer"}
    )
    return fake.drive.add_folder(
        "Báo cáo CCHC 2024", shared_drive=drive, created_by=sa_key["client_id"]
    )
