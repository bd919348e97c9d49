"""Who the jobs act as on Google: a service account, or an officer's account authorised once.

Usage::

    account = load_account(cfg, mode="service_account")
    account.email          # "sheets-sync@project.iam.gserviceaccount.com": share the sheet with it
    session = GoogleSession(account.credentials, policy)

    # once, on the server, as the officer whose Drive will own the reports:
    authorize(Path("client_secret.json"), Path("google-token.json"), scopes)

A service-account key comes from ``[google] credentials`` or ``$GOOGLE_APPLICATION_CREDENTIALS``.
OAuth user credentials live in ``[google] oauth_token``, written with mode 0600. A key or token
file that other users can read gets a warning. Nothing here logs or raises with key material.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from google.auth.credentials import Credentials
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account
from requests.adapters import HTTPAdapter

from ...config import Config
from . import urls
from .exceptions import AuthError

log = logging.getLogger("sheets_sync.backends.google")

KEY_ENV = "GOOGLE_APPLICATION_CREDENTIALS"
SERVICE_ACCOUNT = "service_account"
OAUTH = "oauth"


@dataclass(frozen=True)
class Account:
    credentials: Credentials
    kind: str  # SERVICE_ACCOUNT or OAUTH
    email: str | None  # a service account's address (what officers share the sheet with)
    source: Path  # the key or token file

    def describe(self) -> str:
        who = self.email or "tài khoản cán bộ (OAuth)"
        return f"{who} ({self.source})"


def load_account(cfg: Config, mode: str) -> Account:
    """The credentials for ``mode`` ("service_account" or "oauth") as the config says."""
    scopes = urls.scopes(cfg.google.drive_scope)
    if mode == SERVICE_ACCOUNT:
        return load_service_account(key_path(cfg), scopes)
    return load_user(cfg.path(cfg.google.oauth_token), scopes)


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
    return Account(creds, OAUTH, None, path)


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


def warn_if_readable_by_others(path: Path) -> bool:
    """Log a warning if group or others may read ``path``; True if they may."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    if os.name != "posix" or not mode & (stat.S_IRWXG | stat.S_IRWXO):
        return False
    log.warning(
        "%s can be read by other users of this machine (mode %o); run: chmod 600 %s",
        path,
        stat.S_IMODE(mode),
        path,
    )
    return True


def save_user_token(path: Path, creds: user_credentials.Credentials) -> None:
    """Write the refresh token (not the short-lived access token) readable by its owner only."""
    data = creds.to_json(strip=["token", "expiry"])
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
) -> Account:
    """Let an officer grant access once in the browser; keep the refresh token at ``token_path``."""
    from google_auth_oauthlib.flow import InstalledAppFlow

    from .http_client import emulator_adapter

    _read_json(client_secrets, "tệp OAuth client / OAuth client secrets")
    flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), scopes=list(scopes))
    adapter = adapter or emulator_adapter()
    if adapter is not None:
        for host in urls.HOSTS:
            flow.oauth2session.mount(f"https://{host}", adapter)
    creds = flow.run_local_server(
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
    if not creds.refresh_token:
        raise AuthError(
            "Google không trả về refresh token — thu hồi quyền cũ của ứng dụng rồi chạy lại. "
            "(No refresh token was returned; revoke the app's access and authorise again.)"
        )
    save_user_token(token_path, creds)
    log.info("OAuth user credentials saved to %s (mode 600)", token_path)
    return Account(creds, OAUTH, None, token_path)
