"""The fake Google is faithful: it answers like the recorded real traffic and rejects what Google
would reject, so the backend tests that run against it mean something."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import requests
from google.oauth2 import service_account
from google.oauth2.credentials import Credentials

from sheets_sync.backends.google import urls
from sheets_sync.backends.google.exceptions import AuthError
from sheets_sync.backends.google.http_client import GoogleSession, LoopbackAdapter, RetryPolicy
from tests.fake_google import FakeGoogle
from tests.fake_google.drive import SHEET
from tests.google.cassettes import (
    CASSETTES,
    ROOT,
    cassette_names,
    replay,
    require_cassettes,
    shape,
)
from tests.google.helpers import OFFICER, SA_EMAIL

SCOPES = [urls.SPREADSHEETS_SCOPE, urls.DRIVE_SCOPE]
CASSETTE_NAMES = cassette_names()


def user_session(fake: FakeGoogle, email: str = "tester@gmail.com") -> GoogleSession:
    token = fake.user_token(fake.oauth_client(), email, SCOPES)
    creds = Credentials.from_authorized_user_info(token, SCOPES)
    return GoogleSession(creds, RetryPolicy(), LoopbackAdapter(fake.port))


def sa_session(fake: FakeGoogle, key: dict) -> GoogleSession:
    creds = service_account.Credentials.from_service_account_info(key, scopes=SCOPES)
    return GoogleSession(creds, RetryPolicy(), LoopbackAdapter(fake.port))


@pytest.mark.parametrize("name", CASSETTE_NAMES)
def test_recorded_gspread_traffic_gets_answers_of_the_same_shape(fake, name):
    require_cassettes()
    # gspread's test_access_private_spreadsheet opens a sheet someone else owns.
    private = fake.drive.add_file(
        "private", SHEET, "someone@else.com", file_id="1jIKzPs8LsiZZdLdeMEP-5ZIHw6RkjiOmj1LrJN706Yc"
    )
    fake.new_spreadsheet("private", file=private)
    exchanges = replay(name, user_session(fake))
    assert exchanges
    for ex in exchanges:
        assert ex.status == ex.recorded_status, (ex.method, ex.uri, ex.got)
        assert shape(ex.got) == shape(ex.recorded), (ex.method, ex.uri)


def test_the_cassettes_cover_errors_as_well_as_successes():
    require_cassettes()
    statuses = set()
    for name in CASSETTE_NAMES:
        for item in json.loads((CASSETTES / name).read_text())["interactions"]:
            statuses.add(item["response"]["status"]["code"])
    assert {200, 400, 403, 404} <= statuses


@pytest.fixture
def book(fake, sa_key):
    return fake.create_spreadsheet("KH", OFFICER, share={SA_EMAIL: "writer"})


def _post(session, url, body):
    return session.post(url, data=json.dumps(body), headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"valueInputOption": "RAW", "data": [{"range": "A1", "valuez": [[1]]}]},
            'Unknown name "valuez"',
        ),
        ({"valueInputOption": "SOMETIMES", "data": []}, "valueInputOption"),
        ({"valueInputOption": "RAW", "data": [{"range": 5, "values": [[1]]}]}, "data[0].range"),
        ({"valueInputOption": "RAW", "data": {"range": "A1"}}, "data"),
    ],
)
def test_request_bodies_are_checked_against_the_discovery_schema(fake, sa_key, book, body, message):
    response = _post(
        sa_session(fake, sa_key), urls.SPREADSHEET % book.id + "/values:batchUpdate", body
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == "INVALID_ARGUMENT"
    assert message in error["message"]
    assert error["details"][0]["@type"] == "type.googleapis.com/google.rpc.BadRequest"


def test_batch_update_requests_are_checked_deep_down(fake, sa_key, book):
    bad = {
        "requests": [
            {
                "addConditionalFormatRule": {
                    "rule": {
                        "ranges": [{"sheetId": 0}],
                        "booleanRule": {"condition": {"type": "TEXT_IS_ROUGHLY", "values": []}},
                    }
                }
            }
        ]
    }
    response = _post(sa_session(fake, sa_key), urls.SPREADSHEET_BATCH_UPDATE % book.id, bad)
    assert response.status_code == 400
    assert "requests[0].addConditionalFormatRule.rule.booleanRule.condition.type" in response.text


def test_unknown_query_parameters_are_refused_by_sheets(fake, sa_key, book):
    session = sa_session(fake, sa_key)
    response = session.get(urls.SPREADSHEET % book.id, params={"includeGridDatum": "true"})
    assert response.status_code == 400
    assert "Cannot bind query parameter" in response.json()["error"]["message"]
    response = session.get(
        urls.VALUES_BATCH_GET % book.id, params={"ranges": "A1", "valueRenderOption": "PRETTY"}
    )
    assert response.status_code == 400


def test_nulls_in_a_write_leave_cells_alone_and_empty_strings_clear_them(fake, sa_key, book):
    sheet = book.sheets[0]
    for c, value in enumerate(["giữ", "xóa", "cũ"]):
        sheet.set(0, c, value)
    body = {
        "valueInputOption": "RAW",
        "data": [{"dataFilter": {"a1Range": "Sheet1!A1:C1"}, "values": [[None, "", "mới"]]}],
    }
    response = _post(
        sa_session(fake, sa_key), urls.VALUES_BATCH_UPDATE_BY_DATA_FILTER % book.id, body
    )
    assert response.status_code == 200, response.text
    assert [sheet.get(0, c) for c in range(3)] == ["giữ", None, "mới"]


def test_row_metadata_moves_with_its_row_when_rows_are_sorted_inserted_or_deleted(
    fake, sa_key, book
):
    sheet = book.sheets[0]
    for r, name in enumerate(["c", "a", "b"]):
        sheet.set(r, 0, name)
    session = sa_session(fake, sa_key)
    create = {
        "requests": [
            {
                "createDeveloperMetadata": {
                    "developerMetadata": {
                        "metadataId": 77,
                        "metadataKey": "ssr",
                        "visibility": "DOCUMENT",
                        "location": {
                            "dimensionRange": {
                                "sheetId": 0,
                                "dimension": "ROWS",
                                "startIndex": 1,
                                "endIndex": 2,
                            }
                        },
                    }
                }
            }
        ]
    }
    assert _post(session, urls.SPREADSHEET_BATCH_UPDATE % book.id, create).status_code == 200
    sheet.insert_rows(0, 2)
    sheet.sort_rows(2, 5, [(0, True)])  # c, b, a
    found = session.get(urls.DEVELOPER_METADATA % (book.id, 77)).json()
    row = found["location"]["dimensionRange"]["startIndex"]
    assert sheet.get(row, 0) == "a"
    sheet.delete_rows(row, row + 1)
    assert session.get(urls.DEVELOPER_METADATA % (book.id, 77)).status_code == 404


def test_a_failing_batch_update_changes_nothing(fake, sa_key, book):
    sheet = book.sheets[0]
    sheet.set(0, 0, "trước")
    body = {
        "requests": [
            {
                "updateCells": {
                    "start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 0},
                    "rows": [{"values": [{"userEnteredValue": {"stringValue": "sau"}}]}],
                    "fields": "userEnteredValue",
                }
            },
            {"deleteSheet": {"sheetId": 12345}},
        ]
    }
    response = _post(sa_session(fake, sa_key), urls.SPREADSHEET_BATCH_UPDATE % book.id, body)
    assert response.status_code == 400
    assert "requests[1].deleteSheet" in response.json()["error"]["message"]
    assert sheet.get(0, 0) == "trước"


def test_the_token_endpoint_checks_the_signature_of_the_service_account_jwt(fake, sa_key, book):
    impostor = dict(sa_key)
    impostor["private_key"] = fake.service_account("other@x.iam.gserviceaccount.com")["private_key"]
    session = sa_session(fake, impostor)
    with pytest.raises(AuthError, match="Invalid JWT Signature"):
        session.get(urls.SPREADSHEET % book.id)
    assert session.get  # the session itself stays usable
    ok = sa_session(fake, sa_key).get(urls.SPREADSHEET % book.id)
    assert ok.status_code == 200


def test_requests_without_a_valid_token_are_refused(fake, book):
    session = requests.Session()
    session.mount("https://", LoopbackAdapter(fake.port))
    response = session.get(urls.SPREADSHEET % book.id, headers={"Authorization": "Bearer ya29.x"})
    assert response.status_code == 401
    assert response.json()["error"]["status"] == "UNAUTHENTICATED"


def test_a_sheet_not_shared_with_the_caller_is_forbidden(fake, sa_key):
    private = fake.create_spreadsheet("riêng", OFFICER)
    response = sa_session(fake, sa_key).get(urls.SPREADSHEET % private.id)
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": 403,
        "message": "The caller does not have permission",
        "status": "PERMISSION_DENIED",
    }


def test_service_accounts_cannot_own_files_outside_shared_drives(fake, sa_key):
    folder = fake.drive.add_folder("Báo cáo", OFFICER, share={SA_EMAIL: "writer"})
    body = {"name": "x", "mimeType": "application/vnd.google-apps.folder", "parents": [folder.id]}
    session = sa_session(fake, sa_key)
    made = _post(session, urls.DRIVE_FILES + "?supportsAllDrives=true", body)
    assert made.status_code == 200  # folders use no quota
    body["mimeType"] = "text/plain"
    refused = _post(session, urls.DRIVE_FILES + "?supportsAllDrives=true", body)
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["errors"][0]["reason"] == "storageQuotaExceeded"
    assert "Service Accounts do not have storage quota" in error["message"]


def test_shared_drive_files_need_supports_all_drives(fake, sa_key):
    drive = fake.drive.add_shared_drive("UBND", {SA_EMAIL: "fileOrganizer"})
    folder = fake.drive.add_folder("Báo cáo", shared_drive=drive)
    session = sa_session(fake, sa_key)
    assert session.get(urls.DRIVE_FILE % folder.id).status_code == 404
    assert session.get(urls.DRIVE_FILE % folder.id, params={"supportsAllDrives": "true"}).ok


def test_drive_file_scope_sees_only_what_the_app_created(fake, sa_key):
    drive = fake.drive.add_shared_drive("UBND", {SA_EMAIL: "fileOrganizer"})
    folder = fake.drive.add_folder("do người tạo", shared_drive=drive)
    creds = service_account.Credentials.from_service_account_info(
        sa_key, scopes=[urls.SPREADSHEETS_SCOPE, urls.DRIVE_FILE_SCOPE]
    )
    session = GoogleSession(creds, RetryPolicy(), LoopbackAdapter(fake.port))
    params = {"supportsAllDrives": "true"}
    assert session.get(urls.DRIVE_FILE % folder.id, params=params).status_code == 404
    own = _post(
        session,
        urls.DRIVE_FILES + "?supportsAllDrives=true",
        {
            "name": "của máy",
            "mimeType": "application/vnd.google-apps.folder",
            "parents": [drive.id],
        },
    )
    assert session.get(urls.DRIVE_FILE % own.json()["id"], params=params).ok


def test_app_properties_are_private_to_the_app_that_set_them(fake, sa_key):
    drive = fake.drive.add_shared_drive("UBND", {SA_EMAIL: "fileOrganizer", OFFICER: "organizer"})
    session = sa_session(fake, sa_key)
    made = _post(
        session,
        urls.DRIVE_FILES + "?supportsAllDrives=true&fields=id,appProperties",
        {
            "name": "x",
            "mimeType": "application/vnd.google-apps.folder",
            "parents": [drive.id],
            "appProperties": {"k": "v"},
        },
    )
    assert made.json()["appProperties"] == {"k": "v"}
    other = user_session(fake, OFFICER).get(
        urls.DRIVE_FILE % made.json()["id"],
        params={"supportsAllDrives": "true", "fields": "id,appProperties"},
    )
    assert other.json() == {"id": made.json()["id"]}


def test_a_google_doc_must_be_converted_from_a_real_docx(fake, sa_key):
    drive = fake.drive.add_shared_drive("UBND", {SA_EMAIL: "fileOrganizer"})
    boundary = "b"
    body = (
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n"
        + json.dumps(
            {"name": "x", "mimeType": "application/vnd.google-apps.document", "parents": [drive.id]}
        )
        + f"\r\n--{boundary}\r\nContent-Type: application/vnd.openxmlformats-officedocument."
        "wordprocessingml.document\r\n\r\nnot a zip\r\n--b--"
    ).encode()
    response = sa_session(fake, sa_key).post(
        urls.DRIVE_UPLOAD,
        data=body,
        params={"uploadType": "multipart", "supportsAllDrives": "true"},
        headers={"Content-Type": f"multipart/related; boundary={boundary}"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["errors"][0]["reason"] == "badContent"


def test_a_bad_item_deep_in_a_long_batch_is_still_refused(fake, sa_key, book):
    rows = [
        {
            "createDeveloperMetadata": {
                "developerMetadata": {
                    "metadataKey": "ssr",
                    "visibility": "DOCUMENT",
                    "location": {
                        "dimensionRange": {
                            "sheetId": 0,
                            "dimension": "ROWS",
                            "startIndex": i,
                            "endIndex": i + 1,
                        }
                    },
                }
            }
        }
        for i in range(200)
    ]
    rows[150]["createDeveloperMetadata"]["developerMetadata"]["visibility"] = "EVERYONE"
    response = _post(
        sa_session(fake, sa_key), urls.SPREADSHEET_BATCH_UPDATE % book.id, {"requests": rows}
    )
    assert response.status_code == 400
    assert "requests[150].createDeveloperMetadata.developerMetadata.visibility" in response.text
    assert not book.metadata


def test_the_google_tests_cannot_reach_the_network():
    with pytest.raises(AssertionError, match="tried to reach the network"):
        requests.get("https://sheets.googleapis.com/v4/spreadsheets/x", timeout=5)


def test_upload_metadata_is_checked_against_the_file_schema(fake, sa_key):
    drive = fake.drive.add_shared_drive("UBND", {SA_EMAIL: "fileOrganizer"})
    body = (
        "--b\r\nContent-Type: application/json\r\n\r\n"
        + json.dumps({"name": "x", "parents": [drive.id], "appProperty": {"k": "v"}})
        + "\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--"
    ).encode()
    response = sa_session(fake, sa_key).post(
        urls.DRIVE_UPLOAD,
        data=body,
        params={"uploadType": "multipart", "supportsAllDrives": "true"},
        headers={"Content-Type": "multipart/related; boundary=b"},
    )
    assert response.status_code == 400
    assert 'Unknown name "appProperty"' in response.json()["error"]["message"]


@pytest.mark.slow  # a pytest process of its own
def test_without_the_team_folder_the_replay_fails_and_says_why(tmp_path):
    """Run the replay test from a copy of the repository with no ../shared beside it."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "tests", copy / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy)
    test = (
        "tests/google/test_google_fake.py::"
        "test_recorded_gspread_traffic_gets_answers_of_the_same_shape"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", test],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stdout
    assert "1 failed" in done.stdout
    assert "the recorded Google traffic is not at" in done.stdout
