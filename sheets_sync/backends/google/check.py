"""``sheets-sync check``: is everything in place for the jobs to run on Google, and if not, what
to fix. Each check says OK, a warning, or a failure with the fix; later checks that depend on a
failed one are skipped.

Usage::

    findings = run_checks(cfg)
    for f in findings: print(f)
    ok = not any(f.level == FAIL for f in findings)
"""

from __future__ import annotations

from dataclasses import dataclass

from google.auth.exceptions import GoogleAuthError
from requests.adapters import HTTPAdapter

from ... import contract
from ...config import Config
from ...model import BackendError
from ...sheet import SheetError, find_header, labels_for
from . import open_google, urls
from .auth import SERVICE_ACCOUNT, load_account, warn_if_readable_by_others
from .exceptions import GoogleError, NotFound, redact, storage_quota_message
from .http_client import GoogleSession, RetryPolicy

OK, WARN, FAIL = "OK", "CẢNH BÁO", "LỖI"


@dataclass(frozen=True)
class Finding:
    level: str
    what: str
    fix: str = ""

    def __str__(self) -> str:
        line = f"[{self.level}] {self.what}"
        return f"{line}\n       → {self.fix}" if self.fix else line


def run_checks(
    cfg: Config,
    *,
    spreadsheet_id: str | None = None,
    folder_id: str | None = None,
    adapter: HTTPAdapter | None = None,
    policy: RetryPolicy | None = None,
) -> list[Finding]:
    sheet = spreadsheet_id or cfg.google.spreadsheet_id
    folder = folder_id or cfg.google.folder_id
    findings: list[Finding] = []
    if not sheet:
        findings.append(
            Finding(
                FAIL,
                "Chưa có mã bảng tính / no spreadsheet id",
                "ghi spreadsheet_id trong [google] / set [google] spreadsheet_id",
            )
        )
    if not _credentials(cfg, findings, adapter, policy) or not sheet:
        return findings
    try:
        backend = open_google(
            cfg, spreadsheet_id=sheet, folder_id=folder, adapter=adapter, policy=policy
        )
    except GoogleError as exc:
        return [*findings, Finding(FAIL, str(exc))]
    if _sheet(backend, findings):
        _headers(cfg, backend, findings)
    if not folder:
        findings.append(
            Finding(
                WARN,
                "Chưa có thư mục Drive cho báo cáo / no report folder",
                "ghi folder_id trong [google] / set [google] folder_id",
            )
        )
        return findings
    _folder(cfg, backend, findings)
    return findings


def _credentials(cfg: Config, findings: list[Finding], adapter, policy) -> bool:
    modes = {cfg.google.auth, cfg.google.drive_mode}
    for mode in sorted(modes):
        try:
            account = load_account(cfg, mode)
        except GoogleError as exc:
            findings.append(Finding(FAIL, str(exc)))
            return False
        if warn_if_readable_by_others(account.source):
            findings.append(
                Finding(
                    WARN,
                    f"Người khác đọc được {account.source} / readable by others",
                    f"chmod 600 {account.source}",
                )
            )
        try:
            policy = policy or RetryPolicy(timeout=cfg.google.timeout)
            session = GoogleSession(account.credentials, policy, adapter)
            account.credentials.refresh(session.token_request)
        except (GoogleAuthError, GoogleError) as exc:
            findings.append(
                Finding(
                    FAIL,
                    f"Google từ chối thông tin xác thực {account.source} / "
                    f"Google refused the credentials: {redact(str(exc))[:200]}",
                    "tạo khóa mới hoặc chạy 'sheets-sync authorize' / new key or re-authorise",
                )
            )
            return False
        who = account.email or "tài khoản cán bộ (OAuth)"
        findings.append(Finding(OK, f"Xác thực được / credentials work: {who} ({mode})"))
    return True


def _sheet(backend, findings: list[Finding]) -> bool:
    try:
        backend.read([])
    except GoogleError as exc:  # 403 names the account to share with, 404 the id to check
        findings.append(Finding(FAIL, str(exc)))
        return False
    link = urls.SHEET_LINK % backend.spreadsheet_id
    findings.append(Finding(OK, f"Mở được bảng tính / spreadsheet opens: {link}"))
    return True


def _headers(cfg: Config, backend, findings: list[Finding]) -> None:
    titles = [cfg.sheet.tab_title(t) for t in contract.TABS]
    snapshot = backend.read(titles)
    for tab, title in zip(contract.TABS, titles, strict=True):
        if title not in snapshot:
            findings.append(
                Finding(
                    FAIL if tab is contract.TASKS else WARN,
                    f"Thiếu trang '{title}' / tab missing",
                    "chạy 'sheets-sync init --google' / run init --google",
                )
            )
            continue
        try:
            header = find_header(snapshot[title], tab, labels_for(cfg, tab), title)
        except SheetError as exc:
            findings.append(
                Finding(FAIL, str(exc), "sửa tiêu đề hoặc chạy 'sheets-sync init --google'")
            )
            continue
        missing = [cfg.sheet.label(tab, c.key) for c in tab.columns if c.key not in header.columns]
        if missing:
            findings.append(
                Finding(
                    WARN,
                    f"Trang '{title}' thiếu cột {', '.join(missing)} / columns missing",
                    "'sheets-sync init --google' thêm vào cuối",
                )
            )
        else:
            findings.append(
                Finding(
                    OK,
                    f"Trang '{title}': đủ cột / all columns found (dòng tiêu đề {header.row + 1})",
                )
            )


def _folder(cfg: Config, backend, findings: list[Finding]) -> None:
    folder = backend.folder
    try:
        info = folder.info()
    except NotFound as exc:
        hint = ""
        if cfg.google.drive_scope == "drive.file":
            hint = (
                'với drive_scope = "drive.file" máy chỉ thấy thư mục do chính nó tạo: chạy '
                "'sheets-sync init --google --create-folder TÊN' hoặc đặt drive_scope = \"drive\" "
                "/ with drive.file the jobs see only folders they created"
            )
        findings.append(Finding(FAIL, str(exc), hint))
        return
    except BackendError as exc:
        findings.append(Finding(FAIL, str(exc)))
        return
    findings.append(Finding(OK, f"Thấy thư mục báo cáo / folder found: '{info.name}'"))
    if not info.can_add:
        findings.append(
            Finding(
                FAIL,
                "Không được thêm tệp vào thư mục / cannot add files",
                f"chia sẻ thư mục cho {folder.account or 'tài khoản'} với quyền "
                "Người chỉnh sửa (hoặc Quản lý nội dung nếu là Drive dùng chung)",
            )
        )
    if cfg.google.drive_mode != SERVICE_ACCOUNT:
        findings.append(
            Finding(
                OK,
                "Báo cáo tải lên bằng tài khoản cán bộ (OAuth): tài liệu thuộc "
                "về cán bộ / reports are owned by the officer's account",
            )
        )
    elif info.shared_drive:
        findings.append(
            Finding(
                OK,
                "Thư mục nằm trong Drive dùng chung: tài khoản dịch vụ tạo được "
                "báo cáo / folder is in a shared drive: the service account can "
                "create reports",
            )
        )
    else:
        findings.append(
            Finding(
                WARN,
                "Thư mục nằm trong 'Drive của tôi' của một người: tài khoản "
                "dịch vụ chỉ cập nhật được tài liệu có sẵn, không tạo được tài liệu "
                "mới / service accounts cannot own new files here",
                storage_quota_message(info.id),
            )
        )
