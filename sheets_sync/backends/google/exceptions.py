"""What can go wrong talking to Google, as messages an administrator can act on.

Every error is a ``BackendError`` (the CLI prints it, never a traceback), in Vietnamese then
English, and says what to fix: share the sheet with this e-mail, check this id, pick one of the
Drive options. Nothing from a key, a token or a request body is ever put into a message.
"""

from __future__ import annotations

import re
from typing import Any

import requests

from ...model import BackendError

# Drive's words when a service account tries to own a file (since April 2025).
STORAGE_QUOTA = "storageQuotaExceeded"
# An API not enabled in the Cloud project of the key or OAuth client (Sheets says the first,
# Drive both).
API_DISABLED = frozenset({"SERVICE_DISABLED", "accessNotConfigured"})
API_NAMES = {
    "sheets.googleapis.com": "Google Sheets API",
    "drive.googleapis.com": "Google Drive API",
}
ENABLE_LINK = "https://console.cloud.google.com/apis/library/%s?project=%s"

_SECRETS = (
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", re.S),
    re.compile(r"ya29\.[\w.-]+"),  # access tokens
    re.compile(r"1//[\w.-]+"),  # refresh tokens
    re.compile(r"GOCSPX-[\w-]+"),  # OAuth client secrets
    re.compile(r"eyJ[\w-]{5,}\.[\w-]+\.[\w-]+"),  # signed JWTs (assertions)
)


def redact(text: str) -> str:
    """``text`` with anything that looks like a key, token or secret replaced by ``[…]``."""
    for pattern in _SECRETS:
        text = pattern.sub("[…]", text)
    return text


class GoogleError(BackendError):
    """A Google call failed for a reason the message explains."""

    def __init__(self, message: str, status: int | None = None, reason: str | None = None):
        super().__init__(redact(message))
        self.status = status
        self.reason = reason


class NotShared(GoogleError):
    """403: the account the jobs run as cannot open this sheet, folder or document."""


class NotFound(GoogleError):
    """404: no such id (or, for Drive, not visible to this account and scope)."""


class DriveOwnership(GoogleError):
    """Drive refused to let a service account own a new file. Never retried."""


class Unavailable(GoogleError):
    """Google kept failing (429/5xx/connection) until the retry deadline."""


class AuthError(GoogleError):
    """The credentials are missing, unreadable, or Google refused them."""


class ApiDisabled(GoogleError):
    """403: the Sheets or Drive API is not enabled in the project of the key or OAuth client."""


def _body_error(response: requests.Response) -> dict[str, Any] | None:
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return None
    return error if isinstance(error, dict) else None


def error_info(response: requests.Response) -> dict[str, Any]:
    """The ``google.rpc.ErrorInfo`` of an error body (reason, metadata), or {}."""
    error = _body_error(response) or {}
    for detail in error.get("details") or []:
        if isinstance(detail, dict) and str(detail.get("@type", "")).endswith(".ErrorInfo"):
            return detail
    return {}


def error_details(response: requests.Response) -> tuple[str, str | None]:
    """Google's message and reason from an error body (Sheets and Drive shapes both)."""
    error = _body_error(response)
    if error is None:
        try:  # OAuth token errors: {"error": "invalid_grant", ...}
            text = str(response.json()["error"])
        except (ValueError, KeyError, TypeError):
            return response.reason or f"HTTP {response.status_code}", None
        return text, text
    errors = error.get("errors") or [{}]
    reason = errors[0].get("reason") or error_info(response).get("reason") or error.get("status")
    return str(error.get("message", "")), reason


def api_disabled_message(response: requests.Response, fallback_service: str) -> str:
    """Which API to enable in which project, with the console page that does it."""
    metadata = error_info(response).get("metadata") or {}
    message, _ = error_details(response)
    service = metadata.get("service") or fallback_service
    found = re.search(r"project[= ](\d+)", message)
    project = str(metadata.get("consumer", "")).removeprefix("projects/") or (
        found.group(1) if found else ""
    )
    name = API_NAMES.get(service, service)
    link = ENABLE_LINK % (service, project) if project else ENABLE_LINK.split("?")[0] % service
    where = f"dự án (project) {project}" if project else "dự án Google Cloud của khóa"
    return (
        f"{name} chưa được bật trong {where} — mở {link} và bấm Bật (Enable), đợi vài phút "
        f"rồi chạy lại. ({name} is not enabled in Google Cloud project {project or '?'}: "
        f"enable it at {link}, wait a few minutes, then retry.)"
    )


def storage_quota_message(folder_id: str) -> str:
    return (
        "Google Drive không cho tài khoản dịch vụ sở hữu tệp mới (storageQuotaExceeded), nên báo "
        "cáo chưa được tải lên. Chọn một trong ba cách: (1) đặt thư mục báo cáo trong một Drive "
        "dùng chung (shared drive) và thêm tài khoản dịch vụ làm thành viên 'Quản lý nội dung'; "
        "(2) một cán bộ tạo sẵn tài liệu Google Docs của báo cáo trong thư mục và chia sẻ quyền "
        "chỉnh sửa cho tài khoản dịch vụ — máy sẽ cập nhật chính tài liệu đó; (3) đặt "
        "drive_auth = \"oauth\" trong [google] và chạy 'sheets-sync authorize' để tải lên bằng tài "
        "khoản của cán bộ. "
        f"(Drive refused to let the service account own a new file in folder {folder_id}: "
        "service accounts have no storage quota. Use a shared drive with the service account as "
        "a Content manager, or a report document a person created and shared with it, or OAuth "
        'user credentials for Drive writes: drive_auth = "oauth". See docs/google.md.)'
    )


def api_error(
    response: requests.Response, *, what: str, ident: str, account: str | None = None
) -> GoogleError:
    """The error to raise for a failed call on ``what`` (e.g. "bảng tính / spreadsheet")."""
    message, reason = error_details(response)
    status = response.status_code
    vi, en = what.split(" / ") if " / " in what else (what, what)
    if reason == STORAGE_QUOTA:
        return DriveOwnership(storage_quota_message(ident), status, reason)
    if status == 403 and reason in API_DISABLED:
        service = "drive.googleapis.com" if "Drive" in en else "sheets.googleapis.com"
        return ApiDisabled(api_disabled_message(response, service), status, reason)
    if status == 403:
        who = account or "tài khoản đang dùng"
        return NotShared(
            f"Không có quyền mở {vi} {ident} — chia sẻ {vi} này (quyền Người chỉnh sửa) cho "
            f"{who}. ({en} {ident} is not shared with {account or 'this account'}: share it "
            f"with Editor access. Google: {message})",
            status,
            reason,
        )
    if status == 404:
        return NotFound(
            f"Không tìm thấy {vi} {ident} — kiểm tra lại mã (id) trong mục [google] của cấu hình, "
            f"và {vi} đã được chia sẻ cho {account or 'tài khoản đang dùng'}. ({en} {ident} not "
            f"found, or not visible to {account or 'this account'}. Google: {message})",
            status,
            reason,
        )
    if status == 401:
        return AuthError(
            "Google từ chối thông tin xác thực — kiểm tra tệp khóa hoặc chạy lại "
            f"'sheets-sync authorize'. (Google rejected the credentials: {message})",
            status,
            reason,
        )
    return GoogleError(
        f"Google từ chối yêu cầu với {vi} {ident} (HTTP {status}). "
        f"(Google refused the request on {en} {ident}: HTTP {status} {message})",
        status,
        reason,
    )
