"""The Google backend: the plan's Sheet and the reports' Drive folder (docs/google.md).

Usage::

    from sheets_sync.backends.google import open_google
    backend = open_google(cfg)                       # ids and credentials from [google]
    backend = open_google(cfg, spreadsheet_id="1AbC…", folder_id="1XyZ…")

Modules, named after the API's nouns as in gspread: ``auth`` (who the jobs act as),
``http_client`` (timeouts, bounded retries, the transport seam), ``quota`` (pacing under
Google's per-minute quotas, shared by every plan in the process), ``urls``, ``exceptions``,
``batch`` (request bodies), ``spreadsheet`` (the backend), ``drive`` (report documents),
``layout`` (``init --google``), ``check`` (``sheets-sync check``) and ``causes`` (the cause of
a failure, from what was seen).
"""

from __future__ import annotations

from requests.adapters import HTTPAdapter

from ... import contract
from ...config import Config, google_id
from . import quota
from .auth import OAUTH, Account, key_path, load_account, scopes_for
from .drive import DriveFolder
from .exceptions import GoogleError
from .http_client import GoogleSession, RetryPolicy
from .spreadsheet import GoogleBackend

_accounts: dict[tuple[object, ...], Account] = {}


def account_for(cfg: Config, mode: str) -> Account:
    """The account ``mode`` names, one per key (or token) file in the process: its access token
    then serves every plan and every round for its hour, instead of a token request each time
    a plan of a folder opens its backend. A file replaced, rewritten or given other permissions
    is read again (and warned about again if others may read it)."""
    path = cfg.path(cfg.google.oauth_token) if mode == OAUTH else key_path(cfg)
    try:
        info = path.stat()
    except OSError:
        return load_account(cfg, mode)  # says what is wrong with the file
    stamp = (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_mode)
    key = (mode, str(path), stamp, *scopes_for(cfg, mode))  # auth, drive_auth, drive_scope
    account = _accounts.get(key)
    if account is None:
        account = _accounts[key] = load_account(cfg, mode)
    return account


def session_for(
    account: Account,
    cfg: Config,
    adapter: HTTPAdapter | None = None,
    policy: RetryPolicy | None = None,
    pacer: quota.Pacer | None = None,
) -> GoogleSession:
    """A session for ``account``, paced with every other session of the process (or ``pacer``)
    under ``[google.quota]``."""
    policy = policy or RetryPolicy(timeout=cfg.google.timeout, deadline=cfg.google.deadline)
    gate = (pacer or quota.shared()).gate(cfg.google.quota, *quota.identity(account))
    return GoogleSession(account.credentials, policy, adapter, gate, account)


def drive_folder(
    cfg: Config,
    folder_id: str,
    adapter: HTTPAdapter | None = None,
    policy: RetryPolicy | None = None,
    sheets: tuple[Account, GoogleSession] | None = None,
    pacer: quota.Pacer | None = None,
) -> DriveFolder:
    """The report folder, reached as ``[google] drive_auth`` says (the sheet's account and
    session ``sheets`` are reused when it is the same account)."""
    if sheets is not None and cfg.google.drive_mode == cfg.google.auth:
        account, session = sheets
    else:
        account = account_for(cfg, cfg.google.drive_mode)
        session = session_for(account, cfg, adapter, policy, pacer)
    return DriveFolder(session, folder_id, account.email, cfg.zone)


def open_google(
    cfg: Config,
    *,
    spreadsheet_id: str | None = None,
    folder_id: str | None = None,
    adapter: HTTPAdapter | None = None,
    policy: RetryPolicy | None = None,
    pacer: quota.Pacer | None = None,
) -> GoogleBackend:
    """The backend for the spreadsheet and folder named by the arguments or ``[google]``; its
    requests are paced with the process's other plans (``quota.shared()``, or ``pacer``)."""
    from gspread.http_client import HTTPClient

    sheet = google_id(spreadsheet_id or cfg.google.spreadsheet_id)
    if not sheet:
        raise GoogleError(
            "Chưa có mã bảng tính Google — ghi spreadsheet_id trong mục [google] của cấu hình "
            "hoặc dùng --spreadsheet-id. (No spreadsheet id: set [google] spreadsheet_id or "
            "pass --spreadsheet-id.)"
        )
    account = account_for(cfg, cfg.google.auth)
    session = session_for(account, cfg, adapter, policy, pacer)
    folder = None
    folder_id = google_id(folder_id or cfg.google.folder_id)
    if folder_id:
        folder = drive_folder(cfg, folder_id, adapter, session.policy, (account, session), pacer)
    return GoogleBackend(
        HTTPClient(None, session=session),  # type: ignore[arg-type]
        sheet,
        folder,
        anchor_tab=cfg.sheet.tab_title(contract.TASKS),
        account=account.email,
    )


__all__ = ["GoogleBackend", "GoogleError", "RetryPolicy", "open_google"]
