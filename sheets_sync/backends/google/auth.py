"""Who the jobs act as on Google: a service account, or an officer's account authorised once.

Usage::

    account = load_account(cfg, mode="service_account")
    account.email          # "sheets-sync@project.iam.gserviceaccount.com": share the sheet with it
    session = GoogleSession(account.credentials, policy)

    # once, as the officer whose Drive will own the reports (a browser on this machine):
    authorize(Path("client_secret.json"), Path("google-token.json"), scopes)
    # on a server without a screen: the officer opens the link anywhere and pastes back the
    # address the browser ends on
    authorize(secrets, token, scopes, ask=lambda text: input(text))

A service-account key comes from ``[google] credentials`` or ``$GOOGLE_APPLICATION_CREDENTIALS``.
OAuth user credentials live in ``[google] oauth_token``, written with mode 0600, with when they
were granted and, if Google said so (an app in *Testing*), when the grant ends. A key or token
file that other users can read gets a warning. Nothing here logs or raises with key material.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from google.auth.credentials import Credentials
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account
from requests.adapters import HTTPAdapter

from ...config import Config, GoogleSection
from . import urls
from .exceptions import AuthError

log = logging.getLogger("sheets_sync.backends.google")

KEY_ENV = "GOOGLE_APPLICATION_CREDENTIALS"
SERVICE_ACCOUNT = "service_account"
OAUTH = "oauth"
# Where Google sends the browser after consent when nothing can listen for it (a server without
# a screen): the page fails to load on the officer's PC, and its address, code included, is
# pasted back. A Desktop client accepts any loopback port; PKCE makes a code useless elsewhere.
PASTE_REDIRECT = "http://localhost:8765/"
PASTE_ATTEMPTS = 3
# Our own fields in the token file (google-auth ignores them).
AUTHORIZED_AT = "authorized_at"
REFRESH_EXPIRES_AT = "refresh_token_expires_at"


@dataclass(frozen=True)
class Account:
    credentials: Credentials
    kind: str  # SERVICE_ACCOUNT or OAUTH
    email: str | None  # a service account's address (what officers share the sheet with)
    source: Path  # the key or token file
    authorized_at: datetime | None = None  # OAuth: when the officer granted access
    refresh_expires_at: datetime | None = None  # OAuth: when Google said the grant ends

    def describe(self) -> str:
        who = self.email or "tài khoản cán bộ (OAuth)"
        return f"{who} ({self.source})"


def load_account(cfg: Config, mode: str) -> Account:
    """The credentials for ``mode`` ("service_account" or "oauth") as the config says."""
    if mode == SERVICE_ACCOUNT:
        return load_service_account(key_path(cfg), scopes_for(cfg, mode))
    return load_user(cfg.path(cfg.google.oauth_token), scopes_for(cfg, mode))


def scopes_for(cfg: Config | GoogleSection, mode: str) -> list[str]:
    """What the account of ``mode`` is used for, and no more: ``spreadsheets`` if the sheet goes
    through it (``auth``), the Drive scope if the reports do (``drive_auth``, blank: as
    ``auth``). So an officer's grant for Drive alone (free Gmail: ``drive_auth = "oauth"``) is
    ``drive.file`` alone, a non-sensitive scope: the OAuth app can be published (no 7-day
    grants) without Google's review and without the "unverified app" screen, which
    ``spreadsheets`` would bring. Given the ``[google]`` settings alone (``authorize`` without a
    plan's config), the same rule."""
    google = cfg if isinstance(cfg, GoogleSection) else cfg.google
    sheet, drive = urls.scopes(google.drive_scope)
    used_by = {sheet: google.auth, drive: google.drive_mode}
    return [scope for scope, account in used_by.items() if account == mode]


def key_path(cfg: Config) -> Path:
    if cfg.google.credentials:
        return cfg.path(cfg.google.credentials)
    from_env = os.environ.get(KEY_ENV, "").strip()
    if not from_env:
        raise AuthError(
            "Chưa có tệp khóa tài khoản dịch vụ — ghi đường dẫn vào credentials trong mục "
            f"[google] hoặc đặt biến môi trường {KEY_ENV}. (No service-account key: set "
            f"[google] credentials or {KEY_ENV}.)"
        )
    return Path(from_env).expanduser()


def load_service_account(path: Path, scopes: Sequence[str]) -> Account:
    info = _read_json(path, "tệp khóa tài khoản dịch vụ / service-account key")
    if info.get("type") != "service_account":
        raise AuthError(
            f"{path} không phải khóa tài khoản dịch vụ (type = {info.get('type')!r}). "
            f"({path} is not a service-account key; for an officer's account use auth = "
            '"oauth" and sheets-sync authorize.)'
        )
    try:
        creds = service_account.Credentials.from_service_account_info(info, scopes=scopes)
    except (ValueError, KeyError) as exc:
        raise AuthError(
            f"Tệp khóa {path} thiếu hoặc sai nội dung ({type(exc).__name__}). "
            f"(The service-account key {path} is incomplete or damaged: "
            f"{_safe_reason(exc)}.)"
        ) from None
    return Account(creds, SERVICE_ACCOUNT, creds.service_account_email, path)


def load_user(path: Path, scopes: Sequence[str]) -> Account:
    info = _read_json(
        path,
        "tệp mã OAuth / OAuth token",
        hint="chạy 'sheets-sync authorize' một lần để tạo / run 'sheets-sync authorize' once",
    )
    try:
        creds = user_credentials.Credentials.from_authorized_user_info(info, scopes=scopes)
    except ValueError as exc:
        raise AuthError(
            f"Tệp mã OAuth {path} sai nội dung — chạy lại 'sheets-sync authorize'. (The OAuth "
            f"token file {path} is damaged: {_safe_reason(exc)}.)"
        ) from None
    return Account(
        creds,
        OAUTH,
        None,
        path,
        _moment(info.get(AUTHORIZED_AT)),
        _moment(info.get(REFRESH_EXPIRES_AT)),
    )


def _moment(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _read_json(path: Path, what: str, hint: str = "") -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        vi, en = what.split(" / ")
        tail = f" — {hint}" if hint else ""
        raise AuthError(f"Không thấy {vi} {path}{tail}. ({en} {path} not found.)") from None
    except OSError as exc:
        raise AuthError(f"Không đọc được {path}: {exc.strerror}. (Cannot read {path}.)") from None
    warn_if_readable_by_others(path)
    try:
        info = json.loads(text)
    except ValueError:
        raise AuthError(f"{path} không phải JSON hợp lệ. ({path} is not valid JSON.)") from None
    if not isinstance(info, dict):
        raise AuthError(f"{path} không đúng dạng. ({path} is not a JSON object.)")
    return info


def _safe_reason(exc: Exception) -> str:
    """An exception's message, unless it might quote key material."""
    text = str(exc)
    return type(exc).__name__ if "KEY" in text.upper() and "-----" in text else text[:200]


def readable_by_others(path: Path) -> bool:
    """True if group or others may read ``path`` (a key or token file)."""
    return bool(_shared_bits(path))


def warn_if_readable_by_others(path: Path) -> None:
    """Log a warning if group or others may read ``path``."""
    if bits := _shared_bits(path):
        log.warning(
            "%s can be read by other users of this machine (mode %o); run: chmod 600 %s",
            path,
            bits,
            path,
        )


def _shared_bits(path: Path) -> int:
    """``path``'s permission bits if group or others have any (0 if not, or not POSIX)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return 0
    if os.name != "posix" or not mode & (stat.S_IRWXG | stat.S_IRWXO):
        return 0
    return stat.S_IMODE(mode)


def save_user_token(
    path: Path, creds: user_credentials.Credentials, grant: dict[str, str] | None = None
) -> None:
    """Write the refresh token (not the short-lived access token) readable by its owner only,
    with ``grant`` (when it was granted, when it ends)."""
    data = json.dumps({**json.loads(creds.to_json(strip=["token", "expiry"])), **(grant or {})})
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)  # before any secret is written
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def authorize(
    client_secrets: Path,
    token_path: Path,
    scopes: Sequence[str],
    *,
    open_browser: bool = True,
    browser: str | None = None,
    adapter: HTTPAdapter | None = None,
    ask: Callable[[str], str] | None = None,
) -> Account:
    """Let an officer grant access once; keep the refresh token at ``token_path``.

    Without ``ask``, a browser on this machine comes back to a local server. With it (a server
    without a screen), ``ask`` shows the link and returns what the officer pastes: the address
    the browser ended on, or the code in it."""
    from google_auth_oauthlib.flow import InstalledAppFlow
    from oauthlib.oauth2.rfc6749.errors import OAuth2Error

    from .http_client import emulator_adapter

    client = _read_json(client_secrets, "tệp OAuth client / OAuth client secrets")
    if "installed" not in client:
        raise AuthError(
            f"{client_secrets} không phải OAuth client loại 'Ứng dụng dành cho máy tính' (Desktop "
            "app) — tạo client loại đó trong Google Cloud và tải tệp JSON của nó. "
            f"({client_secrets} is not a Desktop app OAuth client: create one of that type.)"
        )
    flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), scopes=list(scopes))
    adapter = adapter or emulator_adapter()
    if adapter is not None:
        for host in urls.HOSTS:
            flow.oauth2session.mount(f"https://{host}", adapter)
    try:
        creds = _pasted_grant(flow, ask) if ask else _browser_grant(flow, open_browser, browser)
    except OAuth2Error as exc:
        raise AuthError(
            f"Google không cấp quyền ({exc.error}) — chạy lại 'sheets-sync authorize'; mã chỉ "
            "dùng được một lần, trong vài phút. (Google refused the grant: "
            f"{exc.error}: {exc.description}.)"
        ) from None
    except requests.RequestException as exc:
        from .causes import network_cause

        cause = network_cause(exc)
        raise AuthError(cause.what if cause else f"{type(exc).__name__}") from None
    if not creds.refresh_token:
        raise AuthError(
            "Google không trả về refresh token — thu hồi quyền cũ của ứng dụng rồi chạy lại. "
            "(No refresh token was returned; revoke the app's access and authorise again.)"
        )
    now = datetime.now(UTC)
    grant = {AUTHORIZED_AT: now.isoformat(timespec="seconds")}
    lasts = flow.oauth2session.token.get("refresh_token_expires_in")
    ends = now + timedelta(seconds=int(lasts)) if lasts else None
    if ends is not None:  # Google limits the grant: the app's consent screen is in Testing
        grant[REFRESH_EXPIRES_AT] = ends.isoformat(timespec="seconds")
    save_user_token(token_path, creds, grant)
    log.info("OAuth user credentials saved to %s (mode 600)", token_path)
    return Account(creds, OAUTH, None, token_path, now, ends)


def _browser_grant(flow, open_browser: bool, browser: str | None) -> Credentials:
    return flow.run_local_server(
        host="localhost",
        port=0,
        open_browser=open_browser,
        browser=browser,
        access_type="offline",
        prompt="consent",
        authorization_prompt_message="Mở liên kết này để cấp quyền / Open this link to grant "
        "access: {url}",
        success_message="Đã cấp quyền, có thể đóng trang này. / Access granted; you may close "
        "this page.",
    )


def _pasted_grant(flow, ask: Callable[[str], str]) -> Credentials:
    flow.redirect_uri = PASTE_REDIRECT
    url, state = flow.authorization_url(access_type="offline", prompt="consent")
    text = (
        "1. Mở liên kết này trên máy nào cũng được (ví dụ máy tính của cán bộ), đăng nhập tài "
        f"khoản sẽ sở hữu báo cáo và bấm Cho phép:\n\n{url}\n\n"
        "2. Trình duyệt sẽ báo không mở được trang localhost — như vậy là đúng. Sao chép toàn "
        "bộ địa chỉ trên thanh địa chỉ (bắt đầu bằng http://localhost) và dán vào đây.\n"
        "(Open the link on any computer, sign in and allow. The browser then fails to load a "
        "localhost page: expected. Copy the whole address from its address bar and paste it "
        "here.)\n"
    )
    for _ in range(PASTE_ATTEMPTS):
        pasted = _code_from(ask(text), state)
        if isinstance(pasted, _Code):
            flow.fetch_token(code=pasted.code)
            return flow.credentials
        text = f"{pasted} Dán lại địa chỉ / paste the address again.\n"  # what was wrong
    raise AuthError(
        "Không đọc được mã cấp quyền — chạy lại 'sheets-sync authorize --no-browser'. (No "
        "authorization code could be read from what was pasted.)"
    )


@dataclass(frozen=True)
class _Code:
    code: str


def _code_from(answer: str, state: str) -> _Code | str:
    """The code in what the officer pasted (the address, or the code alone), or what is wrong
    with it."""
    answer = answer.strip()
    if not answer:
        return "Chưa dán gì. (Nothing was pasted.)"
    if "=" not in answer and "://" not in answer:
        return _Code(unquote(answer))  # the code alone
    query = urlsplit(answer).query or answer.partition("?")[2] or answer
    params = {k: v[0] for k, v in parse_qs(query).items()}
    if "error" in params:  # the officer clicked Cancel, or the account may not use the app
        raise AuthError(
            f"Google không cấp quyền: {params['error']} — cán bộ đã bấm Hủy, hoặc tài khoản chưa "
            "được thêm vào Người dùng thử (Test users) của ứng dụng. (Access was not granted: "
            f"{params['error']}.)"
        )
    if params.get("state", state) != state:
        return "Địa chỉ này của một lần cấp quyền khác. (This address is from another attempt.)"
    if "code" not in params:
        return "Địa chỉ không có mã (code=…). (The address has no code.)"
    return _Code(params["code"])
