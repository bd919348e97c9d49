"""A day of the jobs' work on the fake Google, and what users see of it afterwards.

Usage::

    fake = FakeGoogle().start()
    google = Plan.on(fake)                      # the demo plan shared with the service account
    day_of_work(google.backend(policy), google.cfg)   # flag, the Q1–Q3 reports, flag next day
    seen = observe(fake)                        # tabs, notes, documents: what users see
    seen == clean_day()                         # the same as on a day without faults?

``clean_day()`` runs the same day on a fresh fake without faults, once per process, and keeps
what users saw after each step, so a run that stopped half-way can be checked against every
state a whole step leaves (``steps``). Everything compares Drive documents by their report
key, never by file id, and ``Nhật ký`` without its time column (the wall clock of the run).
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from jobs import flag, report
from sheets_sync import contract
from sheets_sync.backends.google.drive import KEY_PROPERTY
from sheets_sync.backends.google.http_client import RetryPolicy
from sheets_sync.backends.google.spreadsheet import NOTE_MARK, GoogleBackend
from sheets_sync.config import Config, load
from sheets_sync.demo import DEMO_TODAY, build_demo_workbook
from tests.fake_google import FakeGoogle
from tests.google.helpers import OFFICER, SA_EMAIL, backend_for, google_config, grid

NOW = datetime(2024, 10, 15, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PERIODS = ("2024-Q1", "2024-Q2", "2024-Q3")
NEXT_DAY = date(2024, 10, 16)
TASKS, LOG = "Nhiệm vụ", "Nhật ký"
STEPS = ("flag", *(f"report {p}" for p in PERIODS), "flag next day")


@cache
def _demo_grids() -> dict[str, list[list[object]]]:
    """The demo workbook's tabs as values, built once per process."""
    import tempfile

    import openpyxl

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.xlsx"
        build_demo_workbook(path, load(None))
        wb = openpyxl.load_workbook(path, data_only=True)
        grids = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
        wb.close()
    return grids


@cache
def _key_material() -> tuple[bytes, str]:
    """One RSA key for every fake of the process (making one costs a tenth of a second)."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return public, pem


@dataclass
class Plan:
    """The demo plan on one fake: its config (with [google] filled in) and the key file."""

    fake: FakeGoogle
    cfg: Config
    key: dict
    key_path: Path

    @classmethod
    def on(cls, fake: FakeGoogle, folder: Path) -> Plan:
        from tests.google.helpers import put_grid

        key = _service_account(fake)
        key_path = folder / f"key-{fake.port}.json"
        key_path.write_text(json.dumps(key), encoding="utf-8")
        os.chmod(key_path, 0o600)
        key["_path"] = str(key_path)
        book = fake.create_spreadsheet("Kế hoạch CCHC 2024", OFFICER, share={SA_EMAIL: "writer"})
        for i, (title, rows) in enumerate(_demo_grids().items()):
            sheet = book.sheets[0] if i == 0 else book.add_sheet(title)
            sheet.title = title
            put_grid(sheet, rows)
        drive = fake.drive.add_shared_drive("UBND xã Gia Tân", {SA_EMAIL: "fileOrganizer"})
        report_folder = fake.drive.add_folder(
            "Báo cáo CCHC", shared_drive=drive, created_by=key["client_id"]
        )
        cfg = google_config(load(None), key, book.id, report_folder.id)
        return cls(fake, cfg, key, key_path)

    def backend(self, policy: RetryPolicy) -> GoogleBackend:
        return backend_for(self.fake, self.cfg, policy)


def _service_account(fake: FakeGoogle) -> dict:
    public, pem = _key_material()
    key_id, client_id = "0123456789abcdef0123456789abcdef01234567", "109876543210987654321"
    fake.oauth.add_service_account(SA_EMAIL, public, key_id, client_id)
    return {
        "type": "service_account",
        "project_id": "gia-tan-2024",
        "private_key_id": key_id,
        "private_key": pem,
        "client_email": SA_EMAIL,
        "client_id": client_id,
        "token_uri": "https://oauth2.googleapis.com/token",
    }


def day_of_work(backend: GoogleBackend, cfg: Config, after_step=None) -> None:
    """flag on 15/10, the reports of Q1–Q3, flag again on 16/10 (``after_step(name)`` after
    each one: the clean run observes there)."""

    def reports(period: str):
        return lambda: report.run(backend, cfg, period=period, today=DEMO_TODAY, now=NOW)

    steps = [
        ("flag", lambda: flag.run(backend, cfg, today=DEMO_TODAY, now=NOW)),
        *((f"report {p}", reports(p)) for p in PERIODS),
        ("flag next day", lambda: flag.run(backend, cfg, today=NEXT_DAY, now=NOW)),
    ]
    for name, step in steps:
        step()
        if after_step is not None:
            after_step(name)


def observe(fake: FakeGoogle) -> dict:
    """Everything a user can see: each tab's values (Nhật ký without its time column), the
    job's and officers' notes, and the documents in Drive by report key with their text."""
    (book,) = fake.spreadsheets.values()
    documents: Counter[str] = Counter()
    texts, keys = {}, {}
    for f in fake.drive.files.values():
        if f.mime_type.endswith("document") and not f.trashed:
            # appProperties are kept per OAuth client, as Drive keeps them private to an app
            key = next(iter(f.app_properties.values()), {}).get(KEY_PROPERTY)
            documents[key] += 1
            keys[f.id] = key
            texts[key] = [p.text for p in docx.Document(io.BytesIO(f.content)).paragraphs]

    def by_key(value: object) -> object:  # each fake makes its own file ids
        if isinstance(value, str):
            for file_id, key in keys.items():
                value = value.replace(file_id, str(key))
        return value

    tabs = {}
    for sheet in book.sheets:
        rows = [[by_key(v) for v in row] for row in grid(book, sheet.title)]
        if sheet.title == LOG:
            rows = [row[1:] for row in rows]  # the time a run wrote its row: the wall clock
        tabs[sheet.title] = rows
    notes = {
        s.title: sorted((s.row_of(rid), c, text) for (rid, c), text in s.notes.items())
        for s in book.sheets
    }
    return {"tabs": tabs, "notes": notes, "documents": dict(documents), "texts": texts}


def officer_cells(fake: FakeGoogle) -> dict:
    """Every cell officers own (the tabs they edit, outside the job's columns), by row id."""
    (book,) = fake.spreadsheets.values()
    tasks = book.sheet(title=TASKS)
    header = next(r for r in tasks.cells[:30] if "STT" in r)
    job_labels = {c.label for c in contract.TASKS.job_columns}
    owned = {c for c, v in enumerate(header) if v in job_labels}
    cells = {}
    for sheet in book.sheets:
        if sheet.title in (LOG, contract.MEMORY_TITLE):
            continue
        for r, row in enumerate(sheet.cells):
            for c, value in enumerate(row):
                if value is not None and not (sheet is tasks and c in owned):
                    cells[(sheet.title, sheet.row_ids[r], c)] = value
        for (rid, c), text in sheet.notes.items():
            if not text.startswith(NOTE_MARK):
                cells[(sheet.title, rid, c, "note")] = text
    return cells


def lost_cells(before: dict, after: dict) -> int:
    """Officer cells changed or gone, or written in a tab officers had: the data lost. (A tab
    a job created, as the report job creates Báo cáo for the office's words, is not theirs.)"""
    tabs = {k[0] for k in before}
    return sum(1 for k, v in before.items() if after.get(k) != v) + sum(
        1 for k in after if k not in before and k[0] in tabs
    )


@cache
def clean_day() -> tuple[dict, dict[str, dict]]:
    """What users see after a day without faults, and after each of its steps."""
    import tempfile

    fake = FakeGoogle().start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            plan = Plan.on(fake, Path(folder))
            steps: dict[str, dict] = {"start": observe(fake)}
            policy = RetryPolicy(timeout=30, deadline=300, sleep=lambda s: None)
            day_of_work(
                plan.backend(policy), plan.cfg, lambda name: steps.update({name: observe(fake)})
            )
            return observe(fake), steps
    finally:
        fake.stop()


def whole_step(seen: dict, steps: dict[str, dict]) -> str | None:
    """The step whose end state the job columns of ``seen`` are (None: a half-written state).

    Job cells are compared as a block: every task row must come from the same step.
    """
    mine = _job_block(seen)
    for name, state in steps.items():
        if _job_block(state) == mine:
            return name
    return None


def _job_block(seen: dict) -> list[list[object]]:
    rows = seen["tabs"][TASKS]
    header = next(i for i, r in enumerate(rows) if "STT" in r)
    labels = {c.label for c in contract.TASKS.job_columns}
    cols = [c for c, v in enumerate(rows[header]) if v in labels]
    return [[row[c] if c < len(row) else "" for c in cols] for row in rows[header + 1 :]]


def documents_whole(seen: dict, clean: dict) -> bool:
    """Every document in Drive is one report, whole: the text of the clean run's version."""
    return all(n == 1 for n in seen["documents"].values()) and all(
        seen["texts"][k] == clean["texts"][k] for k in seen["documents"]
    )
