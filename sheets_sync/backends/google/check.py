"""``sheets-sync check``: is everything in place for the jobs to run on Google, and if not, what
to fix. Each check says OK, a warning, or a failure with the fix; later checks that depend on a
failed one are skipped.

Usage::

    findings = run_checks(cfg)
    for f in findings: print(f)
    ok = not any(f.level == FAIL for f in findings)

A diagnostic answers within seconds: short timeouts and two seconds of retries
(``check_policy``), not the jobs' five minutes of patience. A failure names the cause it saw
(``causes.py``): no network or DNS, a proxy, TLS inspection, this machine's clock against
Google's ``Date``, a key deleted, an account disabled, an officer's grant expired, an API not
enabled, a sheet or folder not shared. An officer's grant that Google limited to 7 days (an
OAuth app left in *Testing*) is a warning with its end date.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from google.auth.exceptions import GoogleAuthError, RefreshError
from requests.adapters import HTTPAdapter

from ... import contract
from ...config import Config
from ...model import BackendError, Snapshot
from ...sheet import SheetError, find_header, labels_for
from . import account_for, open_google, urls
from .auth import SERVICE_ACCOUNT, Account, readable_by_others
from .causes import (
    CONSENT_SCREEN,
    PUBLISH_FIX,
    SKEW_TOLERANCE,
    TIME_SYNC,
    Cause,
    clock_skew,
    describe_skew,
    network_cause,
    refusal_cause,
)
from .exceptions import GoogleError, NotFound, Unavailable, storage_quota_message
from .http_client import GoogleSession, RetryPolicy

OK, WARN, FAIL = "OK", "CẢNH BÁO", "LỖI"
CHECK_CONNECT = 5.0  # seconds to open a connection
CHECK_READ = 20.0  # seconds to wait for an answer (at most; [google] timeout if shorter)
TOKEN_TIMEOUT = (CHECK_CONNECT, 10.0)  # a token is a small answer, at once or not at all
CHECK_DEADLINE = 2.0  # a failed request is retried within two seconds, then reported
TESTING_DAYS = 7  # what Google grants an app whose consent screen is in Testing


@dataclass(frozen=True)
class Finding:
    level: str
    what: str
    fix: str = ""

    def __str__(self) -> str:
        line = f"[{self.level}] {self.what}"
        return f"{line}\n       → {self.fix}" if self.fix else line

    @classmethod
    def of(cls, level: str, cause: Cause) -> Finding:
        return cls(level, cause.what, cause.fix)


@dataclass
class CheckPolicy(RetryPolicy):
    """A diagnostic's patience: a connection opens within ``connect`` seconds or is reported."""

    connect: float = CHECK_CONNECT

    @property
    def timeouts(self) -> tuple[float, float]:
        return (min(self.connect, self.timeout), self.timeout)


def check_policy(cfg: Config) -> RetryPolicy:
    return CheckPolicy(timeout=min(float(cfg.google.timeout), CHECK_READ), deadline=CHECK_DEADLINE)


class _Observed:
    """google-auth's token transport, with a short timeout, remembering when Google said it
    answered (``Date``)."""

    def __init__(self, request, policy: RetryPolicy) -> None:
        self.request = request
        self.timeouts = tuple(map(min, policy.timeouts, TOKEN_TIMEOUT))
        self.skew: float | None = None

    def __call__(self, url, method="GET", body=None, headers=None, timeout=None, **kwargs):
        response = self.request(url, method, body, headers, timeout or self.timeouts, **kwargs)
        self.skew = clock_skew(response.headers.get("Date"), time.time())
        return response


def _failure(exc: Exception) -> Finding:
    """A failed call as a finding: the network cause under it if there is one."""
    cause = network_cause(exc)
    if cause is not None:
        return Finding.of(FAIL, cause)
    if isinstance(exc, Unavailable):
        return Finding(FAIL, str(exc), "chạy lại sau ít phút / try again in a few minutes")
    return Finding(FAIL, str(exc))


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
    policy = policy or check_policy(cfg)
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
        return [*findings, _failure(exc)]
    snapshot = _sheet(cfg, backend, findings)
    if snapshot is not None:
        _headers(cfg, snapshot, findings)
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
    """Each account the config names, refreshed once here: the process's account (``account_for``)
    is refreshed, so the backend opened next reuses its token instead of asking for another."""
    modes = {cfg.google.auth, cfg.google.drive_mode}
    for mode in sorted(modes):
        try:
            account = account_for(cfg, mode)  # loading it logged the warning, if any
        except GoogleError as exc:
            findings.append(Finding(FAIL, str(exc)))
            return False
        if readable_by_others(account.source):
            findings.append(
                Finding(
                    WARN,
                    f"Người khác đọc được {account.source} / readable by others",
                    f"chmod 600 {account.source}",
                )
            )
        session = GoogleSession(account.credentials, policy, adapter)
        observed = _Observed(session.token_request, policy)
        try:
            account.credentials.refresh(observed)
        except RefreshError as exc:  # Google answered, and said no
            said = exc.args[1] if len(exc.args) > 1 else exc.args[0] if exc.args else ""
            findings.append(Finding.of(FAIL, refusal_cause(said, account, skew=observed.skew)))
            return False
        except (GoogleAuthError, GoogleError) as exc:  # no answer: the network, or Google down
            findings.append(_failure(exc))
            return False
        who = account.email or "tài khoản cán bộ (OAuth)"
        findings.append(Finding(OK, f"Xác thực được / credentials work: {who} ({mode})"))
        _clock(observed.skew, findings)
        if account.kind != SERVICE_ACCOUNT:
            _grant(account, findings, datetime.now(cfg.zone))
    return True


def _clock(skew: float | None, findings: list[Finding]) -> None:
    """This machine's clock against Google's: a service-account key stops working once it runs
    more than a few minutes fast, and "today" of the jobs is read from it."""
    if skew is not None and abs(skew) >= SKEW_TOLERANCE:
        findings.append(
            Finding(
                WARN,
                f"Đồng hồ máy này {describe_skew(skew)}: ngày giờ của các lần chạy sẽ sai, và khóa "
                "tài khoản dịch vụ bị từ chối khi nhanh quá vài phút. (This machine's clock is "
                "off.)",
                TIME_SYNC,
            )
        )


def _grant(account: Account, findings: list[Finding], now: datetime) -> None:
    """An officer's grant that ends: Google gives 7 days to an app whose consent screen is in
    Testing, and says so when the grant is made (``authorize`` keeps the date). Google offers
    no call to ask an app's publishing status; a token file that does not say is a warning
    until the grant has outlived 7 days."""
    ends = account.refresh_expires_at
    if ends is not None:
        ends = ends.astimezone(now.tzinfo)
        days = max(0, round((ends - now).total_seconds() / 86400))
        findings.append(
            Finding(
                WARN,
                f"Google chỉ cấp quyền của cán bộ đến {ends:%H:%M %d/%m/%Y} (còn "
                f"{days} ngày): ứng dụng OAuth đang ở chế độ Thử nghiệm "
                "(Testing), sau ngày đó báo cáo tự động sẽ dừng. (The officer's grant ends on "
                f"{ends:%Y-%m-%d}: the OAuth app is in Testing, so unattended runs stop then.)",
                PUBLISH_FIX,
            )
        )
        return
    if account.authorized_at is not None:
        return  # granted by this version, and Google set no end
    try:
        made = datetime.fromtimestamp(account.source.stat().st_mtime, now.tzinfo)
    except OSError:
        return
    if now - made < timedelta(days=TESTING_DAYS):
        findings.append(
            Finding(
                WARN,
                f"Không biết ứng dụng OAuth có đang ở chế độ Thử nghiệm (Testing) không: nếu có, "
                f"quyền của cán bộ hết hạn khoảng {made + timedelta(days=TESTING_DAYS):%d/%m/%Y}. "
                f"(Cannot tell whether the OAuth app is in Testing; if it is, the grant in "
                f"{account.source} ends 7 days after it was made.)",
                f"xem trạng thái xuất bản ở {CONSENT_SCREEN} (phải là In production), rồi chạy "
                "lại 'sheets-sync authorize' để check biết chắc / make sure the app is In "
                "production, then authorize again so check can tell",
            )
        )


def _sheet(cfg: Config, backend, findings: list[Finding]) -> Snapshot | None:
    """The plan's tabs, read once (None if the sheet cannot be read: the finding says why)."""
    try:
        snapshot = backend.read([cfg.sheet.tab_title(t) for t in contract.TABS])
    except GoogleError as exc:  # 403 names the account to share with, 404 the id to check
        findings.append(_failure(exc))
        return None
    link = urls.SHEET_LINK % backend.spreadsheet_id
    findings.append(Finding(OK, f"Mở được bảng tính / spreadsheet opens: {link}"))
    return snapshot


def _headers(cfg: Config, snapshot: Snapshot, findings: list[Finding]) -> None:
    titles = [cfg.sheet.tab_title(t) for t in contract.TABS]
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
        findings.append(_failure(exc))
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
