"""Reports in Drive, and the three ways around "Service Accounts do not have storage quota":
a shared drive, a document a person made and shared, or the officer's own account (OAuth)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from jobs import report
from sheets_sync.backends.google.drive import GOOGLE_DOC, KEY_PROPERTY
from sheets_sync.backends.google.exceptions import DriveOwnership
from sheets_sync.backends.google.urls import DRIVE_SCOPE, SPREADSHEETS_SCOPE
from sheets_sync.demo import DEMO_TODAY
from tests.fake_google import FakeGoogle
from tests.fake_google.drive import DOC, DOCX
from tests.google.helpers import OFFICER, SA_EMAIL, backend_for, google_config

NOW = datetime(2024, 10, 15, 8, 0)
Q3_TITLE = "Báo cáo kết quả thực hiện công tác tuyên truyền cải cách hành chính quý III năm 2024"


def docs(fake: FakeGoogle):
    return [f for f in fake.drive.files.values() if f.mime_type == DOC]


def reports(fake: FakeGoogle):
    """The reports, without the office's notes written beside each."""
    return [d for d in docs(fake) if not d.name.startswith("Ghi chú nội bộ")]


def test_reports_become_google_docs_updated_in_place_in_a_shared_drive(
    plan_book, fake, sa_key, cfg, shared_drive_folder
):
    google_cfg = google_config(cfg, sa_key, plan_book.id, shared_drive_folder.id)
    backend = backend_for(fake, google_cfg)
    first = report.run(backend, google_cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW).location
    again = report.run(backend, google_cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW).location
    (doc,) = reports(fake)
    assert first == again and doc.id in first
    assert doc.name == Q3_TITLE and doc.parents == [shared_drive_folder.id]
    assert doc.owner is None and doc.drive_id == shared_drive_folder.drive_id  # the drive owns it
    assert doc.version == 2 and doc.content[:2] == b"PK"  # updated once, from the .docx
    uploads = [r for r in fake.requests if r.path.startswith("/upload/")]
    assert [(r.method, r.query["uploadType"]) for r in uploads] == [
        ("POST", ["multipart"]),  # the report
        ("POST", ["multipart"]),  # the office's notes beside it
        ("PATCH", ["multipart"]),
        ("PATCH", ["multipart"]),
    ]
    first_part = uploads[0].body.split(b"\r\n\r\n", 1)[1]
    assert json.loads(first_part.split(b"\r\n--", 1)[0])["mimeType"] == GOOGLE_DOC
    assert DOCX.encode() in uploads[0].body
    drive_calls = [r for r in fake.requests if r.api == "drive"]
    assert drive_calls and all(r.query.get("supportsAllDrives") == ["true"] for r in drive_calls)


def test_a_service_account_gets_a_clear_stop_instead_of_an_upload_in_my_drive(
    plan_book, fake, sa_key, cfg
):
    folder = fake.drive.add_folder("Báo cáo", OFFICER, share={SA_EMAIL: "writer"})
    google_cfg = google_config(cfg, sa_key, plan_book.id, folder.id, drive_scope="drive")
    with pytest.raises(DriveOwnership) as stop:
        report.run(backend_for(fake, google_cfg), google_cfg, period="2024-Q3", today=DEMO_TODAY)
    message = str(stop.value)
    assert "storageQuotaExceeded" in message
    for option in ("shared drive", "a report document a person created", 'drive_auth = "oauth"'):
        assert option in message
    assert "Drive dùng chung" in message  # and in Vietnamese
    creates = [r for r in fake.requests if r.method_id == "drive.files.create"]
    assert len(creates) == 1  # never retried
    assert not docs(fake)


def test_a_document_a_person_made_and_shared_is_updated_in_place_and_kept_by_its_key(
    plan_book, fake, sa_key, cfg
):
    folder = fake.drive.add_folder("Báo cáo", OFFICER, share={SA_EMAIL: "writer"})
    made = fake.drive.add_file(Q3_TITLE, DOC, OFFICER, parent=folder)
    google_cfg = google_config(cfg, sa_key, plan_book.id, folder.id, drive_scope="drive")
    backend = backend_for(fake, google_cfg)
    report.run(backend, google_cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW)
    assert docs(fake) == [made] and made.owner == OFFICER
    assert made.content[:2] == b"PK" and made.app_properties  # adopted: it carries the key now
    made.name = "Báo cáo quý III (bản trình Chủ tịch)"  # the office renames it
    report.run(backend, google_cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW)
    assert docs(fake) == [made] and made.version == 3
    # The report was never created anew; only the notes were tried, and Drive refused them
    # (nobody made a document for them): the report went out all the same.
    creates = [r for r in fake.requests if r.method_id == "drive.files.create"]
    assert creates and all("Ghi chú nội bộ".encode() in r.body for r in creates)


def _officer_drive_config(fake, plan_book, sa_key, cfg, tmp_path: Path):
    """drive_auth = "oauth": reports go to a folder of the officer's, through their own token."""
    client = fake.oauth_client()
    token = fake.user_token(client, OFFICER, [SPREADSHEETS_SCOPE, DRIVE_SCOPE])
    token_path = tmp_path / "google-token.json"
    token_path.write_text(json.dumps(token))
    token_path.chmod(0o600)
    folder = fake.drive.add_folder("Báo cáo", OFFICER)
    return google_config(
        cfg,
        sa_key,
        plan_book.id,
        folder.id,
        drive_auth="oauth",
        oauth_token=str(token_path),
        drive_scope="drive",
    )


def test_drive_writes_can_go_through_the_officers_own_account(
    plan_book, fake, sa_key, cfg, tmp_path: Path
):
    google_cfg = _officer_drive_config(fake, plan_book, sa_key, cfg, tmp_path)
    report.run(backend_for(fake, google_cfg), google_cfg, period="2024-Q3", today=DEMO_TODAY)
    (doc,) = reports(fake)
    assert doc.owner == OFFICER and doc.parents == [google_cfg.google.folder_id]
    ((_app, props),) = doc.app_properties.items()
    assert props[KEY_PROPERTY] == "report:2024-Q3"
    log_writer = [r for r in fake.requests if r.method_id == "sheets.spreadsheets.batchUpdate"]
    assert log_writer  # the run-log row still went in through the service account's session


def test_a_google_doc_a_person_edited_is_kept_and_the_new_version_is_a_doc_beside_it(
    plan_book, fake, sa_key, cfg, shared_drive_folder
):
    """On Google a rerun 'updated in place' the Doc the chairman had corrected."""
    google_cfg = google_config(cfg, sa_key, plan_book.id, shared_drive_folder.id)
    backend = backend_for(fake, google_cfg)
    first = report.run(backend, google_cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW)
    (doc,) = reports(fake)
    doc.edit("chutich.giatan@gmail.com", doc.content + b" - da sua")
    corrected, version = doc.content, doc.version
    second = report.run(backend, google_cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW)
    assert doc.content == corrected and doc.version == version and not doc.trashed
    (new,) = [d for d in reports(fake) if d is not doc]
    day = datetime.now(google_cfg.zone).strftime("%d/%m/%Y")
    assert new.name == f"{Q3_TITLE} (cập nhật {day})" and new.id in second.location
    assert "đã được chutich.giatan sửa lúc" in second.kept
    row = backend.read(["Nhật ký"])["Nhật ký"][-1]
    assert "nên được giữ nguyên" in row[3]
    assert new.id in row[4] and doc.id in row[4] and first.location != second.location
    third = report.run(backend, google_cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW)
    assert third.location == second.location and not third.kept  # the new one is ours
    assert len(reports(fake)) == 2 and doc.content == corrected


def test_an_edit_is_seen_even_when_the_jobs_write_as_the_officer_who_edits(
    plan_book, fake, sa_key, cfg, tmp_path: Path
):
    """drive_auth = "oauth": the jobs and the văn thư are one Google account, so
    lastModifyingUser.me cannot tell them apart; the time the jobs stamped can."""
    google_cfg = _officer_drive_config(fake, plan_book, sa_key, cfg, tmp_path)
    backend = backend_for(fake, google_cfg)
    report.run(backend, google_cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW)
    (doc,) = reports(fake)
    doc.edit(OFFICER, doc.content + b" so 15/BC-UBND")
    typed = doc.content
    again = report.run(backend, google_cfg, period="2024-Q3", today=DEMO_TODAY, now=NOW)
    assert doc.content == typed and len(reports(fake)) == 2 and again.kept
