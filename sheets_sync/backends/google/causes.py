"""Why a call to Google failed, named from what was seen: the network error under the
exception, the token endpoint's words, the clock in Google's ``Date`` header.

Usage::

    cause = network_cause(exc)        # DNS, refused, reset, timeout, proxy, TLS; or None
    cause = refusal_cause(exc.args[1], account, skew=clock_skew(date, when))
    print(cause.what, "→", cause.fix)

How far this clock is from Google's, from a response's ``Date`` and the moment it arrived:

    >>> skew = clock_skew("Sat, 05 Oct 2024 01:00:00 GMT", 1728093600.0)  # 02:00 here
    >>> skew
    3600.0
    >>> describe_skew(skew)
    "nhanh 60 phút so với giờ của Google (ahead of Google's by 60 min)"

``sheets-sync check`` is the reader: a diagnostic must say "no network" when there is no
network, not "make a new key". The token endpoint's refusals it tells apart are those Google
documents for its service-account and refresh grants (see ``tests/fake_google/oauth.py``).
"""

from __future__ import annotations

import os
import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.exceptions import ProxyError as Urllib3ProxyError

from .auth import SERVICE_ACCOUNT, Account

SKEW_TOLERANCE = 60.0  # seconds of clock difference worth a word
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")
GOOGLE_HOSTS = "oauth2.googleapis.com, sheets.googleapis.com, www.googleapis.com"
TIME_SYNC = (
    "bật đồng bộ giờ: sudo timedatectl set-ntp true (kiểm tra bằng timedatectl) / turn on time "
    "sync: sudo timedatectl set-ntp true"
)
CONSENT_SCREEN = "https://console.cloud.google.com/auth/audience"
PUBLISH_FIX = (  # an OAuth app in Testing: Google ends its grants after 7 days
    f"mở {CONSENT_SCREEN}, bấm Xuất bản ứng dụng (Publish app) để trạng thái là Đang hoạt động "
    "(In production), rồi chạy lại 'sheets-sync authorize' / publish the app (In production), "
    "then authorize again"
)


@dataclass(frozen=True)
class Cause:
    what: str  # what was seen (Vietnamese, then English in parentheses)
    fix: str  # what to do about it


# --- the network -------------------------------------------------------------------------------


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything under it: causes, contexts, urllib3's wrapped reasons."""
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack += [item.__cause__, item.__context__, *item.args]
        stack += [getattr(item, "reason", None), getattr(item, "original_error", None)]


def _host(errors: list[BaseException]) -> str:
    for e in errors:
        request = getattr(e, "request", None)
        url = getattr(request, "url", None)
        if url:
            return urlsplit(url).netloc
    return "Google"


def _proxy() -> tuple[str, str] | None:
    """The proxy requests will use for Google, as (variable, address without password)."""
    for name in PROXY_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            parts = urlsplit(value if "://" in value else f"http://{value}")
            return name, f"{parts.scheme}://{parts.hostname}" + (
                f":{parts.port}" if parts.port else ""
            )
    return None


def network_cause(exc: BaseException) -> Cause | None:
    """What kept the request from reaching Google, or None if it was not the network."""
    errors = list(_chain(exc))
    host = _host(errors)

    def seen(*kinds: type) -> BaseException | None:
        return next((e for e in errors if isinstance(e, kinds)), None)

    proxy = seen(requests.exceptions.ProxyError, Urllib3ProxyError)
    if proxy is not None:
        return _proxy_cause(errors, host)
    if seen(requests.exceptions.SSLError, ssl.SSLError):
        return Cause(
            f"Không tin được chứng chỉ HTTPS của {host} (SSL) — thường do phần mềm diệt virus "
            "hoặc tường lửa của cơ quan đọc trộm HTTPS. (The TLS certificate of "
            f"{host} is not trusted: usually antivirus or an office firewall inspecting HTTPS.)",
            "tắt quét HTTPS cho *.googleapis.com, hoặc chỉ tới chứng chỉ gốc của cơ quan: "
            "REQUESTS_CA_BUNDLE=/đường/dẫn/ca.pem / exclude *.googleapis.com from HTTPS "
            "scanning, or set REQUESTS_CA_BUNDLE to the office's root certificate",
        )
    if seen(NameResolutionError, socket.gaierror):
        return Cause(
            f"Không tra được địa chỉ của {host} (DNS) — máy chưa có mạng hoặc DNS không chạy. "
            f"(Cannot resolve {host}: no network, or DNS is not working.)",
            f"kiểm tra mạng và DNS: getent hosts {host.split(':')[0]} / check the network "
            "connection and /etc/resolv.conf",
        )
    if seen(ConnectionRefusedError):
        return Cause(
            f"{host} từ chối kết nối (connection refused) — tường lửa chặn hoặc địa chỉ sai. "
            f"(Connection to {host} refused: a firewall, or the wrong address.)",
            f"cho phép HTTPS (cổng 443) tới {GOOGLE_HOSTS} / allow HTTPS to these hosts",
        )
    if seen(ConnectionResetError, ProtocolError, ConnectionAbortedError):
        return Cause(
            f"Kết nối tới {host} bị cắt ngang (connection reset) — thường do tường lửa hoặc bộ "
            f"lọc nội dung. (The connection to {host} was reset: usually a firewall or filter.)",
            f"cho phép HTTPS tới {GOOGLE_HOSTS} / allow HTTPS to these hosts",
        )
    if seen(requests.exceptions.ConnectTimeout) or _connect_timeout(errors):
        return Cause(
            f"Không kết nối được tới {host}: hết thời gian chờ (timeout) — mạng rất chậm hoặc "
            f"tường lửa chặn lặng lẽ. (Connecting to {host} timed out: a very slow network, or "
            "a firewall dropping the traffic.)",
            f"cho phép HTTPS (cổng 443) tới {GOOGLE_HOSTS} / allow HTTPS to these hosts",
        )
    if seen(requests.exceptions.ReadTimeout, ReadTimeoutError, TimeoutError):
        return Cause(
            f"{host} nhận kết nối nhưng không trả lời kịp (timeout). (Connected to {host}, but "
            "no answer in time.)",
            "chạy lại sau ít phút; nếu vẫn vậy, kiểm tra proxy/tường lửa / retry in a few "
            "minutes, then look at the firewall",
        )
    if seen(requests.ConnectionError, ConnectionError):
        return Cause(
            f"Không kết nối được tới {host}. (Cannot connect to {host}.)",
            "kiểm tra mạng của máy chủ / check the server's network",
        )
    return None


def _connect_timeout(errors: list[BaseException]) -> bool:
    # urllib3 makes every failed connection a ConnectTimeoutError (NewConnectionError derives
    # from it), so only one that is not a NewConnectionError timed out.
    return any(
        isinstance(e, ConnectTimeoutError) and not isinstance(e, NewConnectionError) for e in errors
    )


def _proxy_cause(errors: list[BaseException], host: str) -> Cause:
    variable, address = _proxy() or ("HTTPS_PROXY", "proxy")
    text = " ".join(str(e) for e in errors)
    answered = re.search(r"Tunnel connection failed: (\d{3})", text)
    status = int(answered.group(1)) if answered else None
    if status == 407:
        return Cause(
            f"Proxy {address} (biến {variable}) đòi đăng nhập (407). (The proxy {address} from "
            f"{variable} requires authentication.)",
            f"ghi tài khoản proxy vào biến: {variable}=http://TÊN:MẬT_KHẨU@máy:cổng / put the "
            "proxy user and password in the variable",
        )
    if status is not None:
        return Cause(
            f"Proxy {address} (biến {variable}) không cho đi tới {host} (HTTP {status}). (The "
            f"proxy {address} from {variable} refused to connect to {host}: {status}.)",
            f"nhờ bộ phận CNTT mở {GOOGLE_HOSTS} trên proxy / ask IT to allow these hosts",
        )
    return Cause(
        f"Không kết nối được proxy {address} (biến {variable}). (Cannot reach the proxy "
        f"{address} set in {variable}.)",
        f"kiểm tra địa chỉ proxy, hoặc bỏ biến {variable} nếu mạng không cần proxy / check the "
        "proxy address, or unset the variable if no proxy is needed",
    )


# --- the clock ---------------------------------------------------------------------------------


def clock_skew(date_header: str | None, local: float) -> float | None:
    """Seconds this machine's clock is ahead of Google's (negative: behind), from the ``Date``
    of a response received at ``local`` (epoch seconds); None without a usable header."""
    if not date_header:
        return None
    try:
        server = parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return None
    if server.tzinfo is None:
        server = server.replace(tzinfo=UTC)
    return local - server.timestamp()


def describe_skew(skew: float) -> str:
    minutes = round(abs(skew) / 60)
    amount = f"{minutes} phút" if minutes else f"{abs(skew):.0f} giây"
    english = f"{minutes} min" if minutes else f"{abs(skew):.0f} s"
    return (
        f"{'nhanh' if skew > 0 else 'chậm'} {amount} so với giờ của Google "
        f"({'ahead of' if skew > 0 else 'behind'} Google's by {english})"
    )


# --- the token endpoint ------------------------------------------------------------------------


def refusal_cause(data: Any, account: Account, *, skew: float | None = None) -> Cause:
    """What the token endpoint's refusal (``{"error", "error_description"}``) means here."""
    body = data if isinstance(data, dict) else {}
    error = str(body.get("error", ""))
    description = str(body.get("error_description", "") or data)
    said = f"Google: {error}: {description}" if error else f"Google: {description}"
    if error == "invalid_grant" and re.search(r"short-lived|timeframe|\biat\b", description):
        return _clock_cause(skew, said)
    if account.kind == SERVICE_ACCOUNT:
        return _service_account_cause(error, description, account, said)
    return _user_cause(error, description, account, said)


def _clock_cause(skew: float | None, said: str) -> Cause:
    if skew is not None and abs(skew) >= SKEW_TOLERANCE:
        seen = f"đồng hồ máy này {describe_skew(skew)}"
    else:
        seen = "giờ ghi trong chữ ký không hợp với giờ của Google"
    return Cause(
        f"Google từ chối chữ ký của khóa vì sai giờ: {seen}. (Google refused the key's "
        f"signature as out of time: this machine's clock is wrong. {said})",
        TIME_SYNC,
    )


def _service_account_cause(error: str, description: str, account: Account, said: str) -> Cause:
    console = "https://console.cloud.google.com/iam-admin/serviceaccounts"
    if "Invalid JWT Signature" in description:
        return Cause(
            f"Khóa trong {account.source} đã bị xóa hoặc thu hồi (Google không nhận chữ ký). "
            f"(The key in {account.source} was deleted or revoked. {said})",
            f"tạo khóa mới cho {account.email}: {console} → Khóa (Keys) → Thêm khóa → JSON, "
            f"thay tệp {account.source} (chmod 600) / create a new JSON key and replace the file",
        )
    if "account not found" in description or "disabled" in description.lower():
        return Cause(
            f"Tài khoản dịch vụ {account.email} đã bị vô hiệu hóa hoặc bị xóa. (The service "
            f"account {account.email} is disabled or deleted. {said})",
            f"bật lại tài khoản ở {console}; nếu đã bị xóa, tạo tài khoản và khóa mới rồi chia "
            "sẻ lại bảng tính cho địa chỉ mới / enable it again, or create a new account and "
            "key and share the sheet with its address",
        )
    return Cause(
        f"Google từ chối khóa {account.source}. (Google refused the key. {said})",
        f"kiểm tra tệp khóa, hoặc tạo khóa mới ở {console} / check the key file or make a new key",
    )


def _user_cause(error: str, description: str, account: Account, said: str) -> Cause:
    if error == "invalid_grant":
        age = grant_age_days(account)
        when = ""
        if account.authorized_at is not None:
            when = f" (cấp ngày {account.authorized_at:%d/%m/%Y}, {age} ngày trước)"
        testing = (age is not None and age >= 6) or account.refresh_expires_at is not None
        fix = (
            "ứng dụng OAuth đang ở chế độ Thử nghiệm (Testing), Google chỉ cho quyền 7 ngày: "
            + PUBLISH_FIX
            if testing
            else "chạy lại 'sheets-sync authorize' (cán bộ đã gỡ quyền, đổi mật khẩu, hoặc ứng "
            "dụng OAuth còn ở chế độ Testing: xem docs/google.md) / authorize again"
        )
        return Cause(
            f"Quyền truy cập của cán bộ trong {account.source} đã hết hạn hoặc bị thu hồi{when}. "
            f"(The officer's grant has expired or was revoked. {said})",
            fix,
        )
    if error == "invalid_scope":
        return Cause(
            f"Quyền của cán bộ trong {account.source} không gồm phạm vi (scope) cấu hình hiện cần "
            "— đã đổi auth, drive_auth hoặc drive_scope sau khi cấp quyền? (The officer's grant "
            "lacks a scope the config now needs: auth, drive_auth or drive_scope changed since. "
            f"{said})",
            "chạy lại 'sheets-sync authorize' / authorize again",
        )
    if error in ("invalid_client", "deleted_client", "disabled_client"):
        return Cause(
            f"OAuth client trong {account.source} đã bị xóa, tắt, hoặc đổi mật khẩu (secret). "
            f"(The OAuth client was deleted, disabled, or its secret changed. {said})",
            "tải lại tệp client_secret của OAuth client (Desktop app) rồi chạy 'sheets-sync "
            "authorize' / download the client file again and authorize",
        )
    return Cause(
        f"Google từ chối quyền truy cập trong {account.source}. (Google refused the officer's "
        f"credentials. {said})",
        "chạy lại 'sheets-sync authorize' / authorize again",
    )


def grant_age_days(account: Account, now: datetime | None = None) -> int | None:
    """Whole days since the officer's grant was obtained, if the token file says."""
    if account.authorized_at is None:
        return None
    return ((now or datetime.now(UTC)) - account.authorized_at).days
