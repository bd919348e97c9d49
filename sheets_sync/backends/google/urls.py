"""Google endpoints and scopes, in one place (like ``gspread.urls``)."""

from __future__ import annotations

from urllib.parse import quote

SHEETS_HOST = "sheets.googleapis.com"
DRIVE_HOST = "www.googleapis.com"
OAUTH_HOST = "oauth2.googleapis.com"
HOSTS = (SHEETS_HOST, DRIVE_HOST, OAUTH_HOST)

SPREADSHEET = f"https://{SHEETS_HOST}/v4/spreadsheets/%s"
SPREADSHEET_BATCH_UPDATE = SPREADSHEET + ":batchUpdate"
VALUES_BATCH_GET = SPREADSHEET + "/values:batchGet"
VALUES_BATCH_UPDATE_BY_DATA_FILTER = SPREADSHEET + "/values:batchUpdateByDataFilter"
DEVELOPER_METADATA = SPREADSHEET + "/developerMetadata/%d"

DRIVE_FILES = f"https://{DRIVE_HOST}/drive/v3/files"
DRIVE_FILE = DRIVE_FILES + "/%s"
DRIVE_UPLOAD = f"https://{DRIVE_HOST}/upload/drive/v3/files"
DRIVE_UPLOAD_FILE = DRIVE_UPLOAD + "/%s"

TOKEN = f"https://{OAUTH_HOST}/token"

SPREADSHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
DRIVE_FILE_SCOPE = "https://www.googleapis.com/auth/drive.file"
DRIVE_SCOPE = "https://www.googleapis.com/auth/drive"

SHEET_LINK = "https://docs.google.com/spreadsheets/d/%s/edit"


def scopes(drive_scope: str) -> list[str]:
    """Least scopes for the jobs: the sheet, plus ``drive.file`` or ``drive`` for the reports."""
    return [SPREADSHEETS_SCOPE, DRIVE_SCOPE if drive_scope == "drive" else DRIVE_FILE_SCOPE]


def a1_tab(title: str) -> str:
    """A whole tab in A1 notation: ``'Nhiệm vụ'`` (quoted, inner quotes doubled)."""
    return "'" + title.replace("'", "''") + "'"


def path_quote(text: str) -> str:
    return quote(text, safe="")
