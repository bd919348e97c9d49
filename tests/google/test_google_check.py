"""``sheets-sync check`` names the cause it saw, and answers within seconds: no network or DNS,
a refused or reset connection, a proxy (down, wanting a password, refusing Google, inspecting
HTTPS), this machine's clock, a deleted key, a disabled account, an officer's expired grant, an
API not enabled, a sheet or folder not shared. Each cause is produced by the fake Google (or a
fake proxy, or an unresolvable name) and met through the real google-auth and gspread."""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from pathlib import Path

import pytest

from sheets_sync.backends.google import urls
from sheets_sync.backends.google.auth import OAUTH, scopes_for
from sheets_sync.backends.google.check import FAIL, CheckPolicy, run_checks
from sheets_sync.backends.google.http_client import EMULATOR_ENV, LoopbackAdapter
from sheets_sync.config import load
from tests.fake_google import Fault
from tests.fake_google.oauth import TESTING_GRANT
from tests.fake_google.proxy import FakeProxy
from tests.google.helpers import OFFICER, SA_EMAIL, run, write_config

SCOPES = urls.scopes("drive.file")
NEW_KEY = "khóa mới"  # the old answer to every failure


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def proxy():
    proxies: list[FakeProxy] = []

    def start(**kwargs) -> FakeProxy:
        proxies.append(FakeProxy(**kwargs).start())
        return proxies[-1]

    yield start
    for p in proxies:
        p.stop()


def token_requests(fake) -> int:
    return fake.count("oauth")


# --- the network -------------------------------------------------------------------------------


def test_no_dns_is_named_as_such_and_not_blamed_on_the_key(admin, monkeypatch, no_dns):
    _book, config = admin
    monkeypatch.delenv(EMULATOR_ENV)  # the real host names, which do not resolve here
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "(DNS)" in out and "oauth2.googleapis.com" in out and "getent hosts" in out
    assert NEW_KEY not in out


def test_a_refused_connection_is_named(admin, monkeypatch):
    _book, config = admin
    monkeypatch.setenv(EMULATOR_ENV, f"127.0.0.1:{closed_port()}")
    code, out = run("check", "--config", str(config))
    assert code == 1 and "connection refused" in out and NEW_KEY not in out


def test_a_connection_cut_on_every_try_is_retried_briefly_then_named(admin, fake):
    _book, config = admin
    fake.fail(Fault(drop="before"), where=lambda r: r.api == "oauth", times=100)
    code, out = run("check", "--config", str(config))
    assert code == 1 and "connection reset" in out
    # A diagnostic retries a blip within CHECK_DEADLINE (2) seconds, not for minutes: the
    # backoff (at least half of 1, 2, 4 … s) leaves room for three tries at most.
    assert 1 <= token_requests(fake) <= 3


def test_a_token_endpoint_that_does_not_answer_is_a_timeout(admin, fake):
    _book, config = admin
    fake.fail(Fault(delay=1.0), where=lambda r: r.api == "oauth", times=100)
    cfg = load(config)
    policy = CheckPolicy(timeout=0.2, deadline=0)
    findings = run_checks(cfg, adapter=LoopbackAdapter(fake.port), policy=policy)
    assert findings[-1].level == FAIL
    assert "không trả lời kịp" in findings[-1].what and token_requests(fake) == 1
    fake.settle()


@pytest.mark.slow  # the two seconds of retries a diagnostic allows
def test_a_proxy_that_is_down_is_named_without_its_password(admin, monkeypatch):
    _book, config = admin
    monkeypatch.delenv(EMULATOR_ENV)
    monkeypatch.setenv("HTTPS_PROXY", f"http://vanphong:matkhau123@127.0.0.1:{closed_port()}")
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "Không kết nối được proxy http://127.0.0.1:" in out and "HTTPS_PROXY" in out
    assert "matkhau123" not in out and NEW_KEY not in out


@pytest.mark.slow  # the two seconds of retries a diagnostic allows
def test_a_proxy_that_wants_a_password_says_so(admin, monkeypatch, proxy):
    _book, config = admin
    office = proxy(status=407)
    monkeypatch.delenv(EMULATOR_ENV)
    monkeypatch.setenv("HTTPS_PROXY", office.url)
    code, out = run("check", "--config", str(config))
    assert code == 1 and "(407)" in out and "http://TÊN:MẬT_KHẨU@" in out
    assert office.seen[0] == "CONNECT oauth2.googleapis.com:443"  # the proxy was asked, not DNS


def test_a_proxy_that_refuses_google_names_the_hosts_to_allow(admin, monkeypatch, proxy):
    _book, config = admin
    monkeypatch.delenv(EMULATOR_ENV)
    monkeypatch.setenv("HTTPS_PROXY", proxy(status=403).url)
    code, out = run("check", "--config", str(config))
    assert code == 1 and "HTTP 403" in out and "sheets.googleapis.com" in out


@pytest.mark.slow  # the two seconds of retries a diagnostic allows
def test_a_proxy_inspecting_https_is_named(admin, monkeypatch, proxy):
    _book, config = admin
    monkeypatch.delenv(EMULATOR_ENV)
    monkeypatch.setenv("HTTPS_PROXY", proxy(inspect=True).url)
    code, out = run("check", "--config", str(config))
    assert code == 1 and "(SSL)" in out and "REQUESTS_CA_BUNDLE" in out


# --- the clock -----------------------------------------------------------------------------------


def test_a_clock_an_hour_fast_is_named_from_googles_date(admin, fake):
    _book, config = admin
    fake.skew = -3600  # Google's clock an hour behind ours: ours is an hour fast
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "nhanh 60 phút" in out and "timedatectl set-ntp true" in out and NEW_KEY not in out


def test_a_clock_a_few_minutes_slow_still_works_with_a_warning(admin, fake):
    _book, config = admin
    fake.skew = 240  # ours four minutes behind: the key is accepted, the days may be wrong
    code, out = run("check", "--config", str(config))
    assert code == 0, out
    assert "[CẢNH BÁO] Đồng hồ máy này chậm 4 phút" in out


# --- the service account -------------------------------------------------------------------------


def test_a_deleted_key_is_named_with_where_to_make_a_new_one(admin, fake, sa_key):
    _book, config = admin
    fake.oauth.delete_key(SA_EMAIL, sa_key["private_key_id"])
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "đã bị xóa hoặc thu hồi" in out and "Invalid JWT Signature" in out
    assert SA_EMAIL in out and "iam-admin/serviceaccounts" in out


def test_a_disabled_service_account_is_named(admin, fake):
    _book, config = admin
    fake.oauth.disable_service_account(SA_EMAIL)
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert f"{SA_EMAIL} đã bị vô hiệu hóa hoặc bị xóa" in out and "account not found" in out


def test_check_asks_one_token_per_account_and_warns_once_of_a_readable_key(
    admin, fake, sa_key, caplog
):
    """The account check refreshes is the one the backend then uses: one token request, and
    the key readable by others logged once (and named once among the findings)."""
    _book, config = admin
    Path(sa_key["_path"]).chmod(0o644)
    caplog.set_level(logging.WARNING, logger="sheets_sync.backends.google")
    code, out = run("check", "--config", str(config))
    assert code == 0, out
    assert out.count("Người khác đọc được") == 1 and "chmod 600" in out
    assert token_requests(fake) == 1
    assert caplog.text.count("can be read by other users") == 1


# --- the APIs and the sharing ------------------------------------------------------------------


def test_the_sheets_api_not_enabled_is_named_with_its_console_page(admin, fake):
    _book, config = admin
    fake.disable_api("sheets")
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "[OK] Xác thực được" in out  # the key itself is fine
    project = fake.oauth.service_accounts[SA_EMAIL].project
    assert "Google Sheets API chưa được bật" in out
    assert (
        f"https://console.cloud.google.com/apis/library/sheets.googleapis.com?project={project}"
        in out
    )
    assert "chia sẻ" not in out  # not mistaken for a sheet not shared


def test_the_drive_api_not_enabled_is_named(admin, fake):
    _book, config = admin
    fake.disable_api("drive")
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "[OK] Mở được bảng tính" in out and "Google Drive API chưa được bật" in out


def test_a_folder_not_shared_names_the_account_to_share_it_with(admin, fake, sa_key, tmp_path):
    book, _ = admin
    folder = fake.drive.add_folder("Báo cáo", OFFICER)  # not shared with anyone
    config = write_config(
        tmp_path,
        spreadsheet_id=book.id,
        folder_id=folder.id,
        credentials=sa_key["_path"],
        drive_scope="drive",
    )
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert f"Không tìm thấy thư mục hoặc tài liệu Drive {folder.id}" in out and SA_EMAIL in out


def test_check_reads_the_sheet_once(admin, fake):
    _book, config = admin
    code, out = run("check", "--config", str(config))
    assert code == 0, out
    assert fake.calls() == [
        "GET sheets.spreadsheets.get",
        "GET sheets.spreadsheets.values.batchGet",
        "GET drive.files.get",
    ]


def test_a_sheet_whose_values_cannot_be_read_is_a_finding(admin, fake):
    _book, config = admin
    fake.fail(Fault(status=404), where=lambda r: r.method_id.endswith("values.batchGet"))
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "[LỖI]" in out and "Mở được bảng tính" not in out
    assert "Thấy thư mục báo cáo" in out  # the checks after it still ran


# --- an officer's grant (OAuth) -----------------------------------------------------------------


def officer_config(admin, fake, tmp_path, token: dict, **fields: str):
    book, _ = admin
    path = tmp_path / "google-token.json"
    path.write_text(json.dumps({**token, **fields}))
    path.chmod(0o600)
    return write_config(
        tmp_path,
        spreadsheet_id=book.id,
        auth="oauth",
        oauth_token=str(path),
    ), book


def test_an_officers_grant_from_a_testing_app_warns_of_its_end(admin, fake, tmp_path):
    client = fake.oauth_client(testing=True)
    token = fake.user_token(client, OFFICER, SCOPES)
    config, book = officer_config(
        admin,
        fake,
        tmp_path,
        token,
        authorized_at="2024-10-15T01:00:00+00:00",
        refresh_token_expires_at="2024-10-22T01:00:00+00:00",
    )
    fake.drive.files[book.id].permissions[OFFICER] = "writer"
    code, out = run("check", "--config", str(config))
    assert code == 0, out  # it works today ...
    assert "[CẢNH BÁO] Google chỉ cấp quyền của cán bộ đến" in out and "22/10/2024" in out
    assert "Publish app" in out and "sheets-sync authorize" in out  # ... and says what to do


def test_an_officers_grant_expired_after_a_week_in_testing_says_to_publish(admin, fake, tmp_path):
    client = fake.oauth_client(testing=True)
    eight_days_ago = time.time() - 8 * 86400
    token = fake.user_token(client, OFFICER, SCOPES, issued=eight_days_ago)
    granted = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(eight_days_ago))
    ended = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(eight_days_ago + TESTING_GRANT))
    config, _book = officer_config(
        admin, fake, tmp_path, token, authorized_at=granted, refresh_token_expires_at=ended
    )
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "đã hết hạn hoặc bị thu hồi" in out and "8 ngày trước" in out
    assert "Token has been expired or revoked" in out and "Publish app" in out


def test_an_officers_grant_revoked_says_to_authorize_again(admin, fake, tmp_path):
    token = fake.user_token(fake.oauth_client(), OFFICER, SCOPES)
    config, _book = officer_config(
        admin, fake, tmp_path, token, authorized_at="2024-01-02T03:00:00+00:00"
    )
    fake.oauth.revoke(token["refresh_token"])
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "đã hết hạn hoặc bị thu hồi" in out and "chạy lại 'sheets-sync authorize'" in out


def test_a_grant_made_before_the_config_asked_for_more_says_to_authorize_again(
    admin, fake, tmp_path
):
    token = fake.user_token(fake.oauth_client(), OFFICER, [urls.DRIVE_FILE_SCOPE])
    config, _book = officer_config(admin, fake, tmp_path, token)  # auth = "oauth": sheets too
    code, out = run("check", "--config", str(config))
    assert code == 1
    assert "không gồm phạm vi (scope)" in out and "sheets-sync authorize" in out


def test_a_token_file_that_does_not_say_gets_an_honest_warning(admin, fake, tmp_path):
    token = fake.user_token(fake.oauth_client(), OFFICER, SCOPES)  # as an older version wrote it
    config, book = officer_config(admin, fake, tmp_path, token)
    fake.drive.files[book.id].permissions[OFFICER] = "writer"
    code, out = run("check", "--config", str(config))
    assert code == 0, out
    assert "Không biết ứng dụng OAuth có đang ở chế độ Thử nghiệm (Testing) không" in out
    # A grant that has outlived a week proves the app is not in Testing: no warning then.
    old = time.time() - 10 * 86400
    os.utime(tmp_path / "google-token.json", (old, old))
    code, out = run("check", "--config", str(config))
    assert code == 0 and "Testing" not in out


def test_the_free_gmail_setup_is_ready_with_a_drive_only_grant(admin, fake, sa_key, tmp_path):
    """The sheet through the service account, the reports as the officer, whose grant asks for
    drive.file alone (what authorize asks for with this config)."""
    book, _ = admin
    client = fake.oauth_client()
    folder = fake.drive.add_folder("Báo cáo", OFFICER, created_by=client["installed"]["client_id"])
    token = fake.user_token(client, OFFICER, [urls.DRIVE_FILE_SCOPE])
    path = tmp_path / "google-token.json"
    path.write_text(json.dumps({**token, "authorized_at": "2024-10-15T01:00:00+00:00"}))
    path.chmod(0o600)
    config = write_config(
        tmp_path,
        spreadsheet_id=book.id,
        folder_id=folder.id,
        credentials=sa_key["_path"],
        drive_auth="oauth",
        oauth_token=str(path),
    )
    assert scopes_for(load(config), OAUTH) == [urls.DRIVE_FILE_SCOPE]
    run("init", "--google", "--config", str(config))
    code, out = run("check", "--config", str(config))
    assert code == 0, out
    assert "tài khoản cán bộ (OAuth) (oauth)" in out and "reports are owned by the officer" in out


def scopes_asked(fake) -> dict[str, set[str]]:
    """What the access tokens the fake issued were for, by account."""
    asked: dict[str, set[str]] = {}
    for token in fake.oauth.issued:
        who = fake.oauth.access[token]
        asked.setdefault(who.email, set()).update(who.scopes)
    return asked


def granted(tmp_path, token: dict):
    """The officer's token file as ``authorize`` writes it (saying when it was granted)."""
    path = tmp_path / "google-token.json"
    path.write_text(json.dumps({**token, "authorized_at": "2024-10-15T01:00:00+00:00"}))
    path.chmod(0o600)
    return path


def test_the_sheet_as_the_service_account_and_drive_as_the_officer_ask_each_its_own_scope(
    admin, fake, sa_key, tmp_path
):
    book, _ = admin
    client = fake.oauth_client()
    folder = fake.drive.add_folder("Báo cáo", OFFICER, created_by=client["installed"]["client_id"])
    token = fake.user_token(client, OFFICER, [urls.DRIVE_FILE_SCOPE])
    config = write_config(
        tmp_path,
        spreadsheet_id=book.id,
        folder_id=folder.id,
        credentials=sa_key["_path"],
        drive_auth="oauth",
        oauth_token=str(granted(tmp_path, token)),
    )
    code, out = run("check", "--config", str(config))
    assert code == 0, out
    assert scopes_asked(fake) == {
        SA_EMAIL: {urls.SPREADSHEETS_SCOPE},
        OFFICER: {urls.DRIVE_FILE_SCOPE},
    }
    assert token_requests(fake) == 2  # one per account


def test_the_sheet_as_the_officer_and_drive_as_the_service_account_ask_each_its_own_scope(
    admin, fake, sa_key, shared_drive_folder, tmp_path
):
    book, _ = admin
    fake.drive.files[book.id].permissions[OFFICER] = "writer"
    token = fake.user_token(fake.oauth_client(), OFFICER, SCOPES)  # granted as authorize asked
    config = write_config(
        tmp_path,
        spreadsheet_id=book.id,
        folder_id=shared_drive_folder.id,
        credentials=sa_key["_path"],
        auth="oauth",
        drive_auth="service_account",
        oauth_token=str(granted(tmp_path, token)),
    )
    assert scopes_for(load(config), OAUTH) == [urls.SPREADSHEETS_SCOPE]  # what authorize asks
    code, out = run("check", "--config", str(config))
    assert code == 0, out
    assert scopes_asked(fake) == {
        OFFICER: {urls.SPREADSHEETS_SCOPE},
        SA_EMAIL: {urls.DRIVE_FILE_SCOPE},
    }
    assert token_requests(fake) == 2  # one per account


# --- the command ---------------------------------------------------------------------------------


def test_check_takes_google_like_every_other_command(admin):
    _book, config = admin
    code, out = run("check", "--google", "--config", str(config))
    assert "No such option" not in out
    assert code == 0 and "Ready to run on Google" in out


# --- the jobs name the same causes as check ----------------------------------------------------


def _job_config(config, tmp_path):
    """The admin's config with a short retry deadline, as a busy office would not set it, so a
    job that cannot reach Google gives up within seconds here."""
    text = config.read_text(encoding="utf-8") + "timeout = 1\ndeadline = 2\n"
    fast = tmp_path / "nhanh.toml"
    fast.write_text(text, encoding="utf-8")
    return fast


def test_flag_without_dns_names_dns_not_the_key(admin, monkeypatch, no_dns, tmp_path):
    _book, config = admin
    monkeypatch.delenv(EMULATOR_ENV)
    code, out = run("flag", "--google", "--config", str(_job_config(config, tmp_path)))
    assert code == 2
    assert "(DNS)" in out and "oauth2.googleapis.com" in out and NEW_KEY not in out


def test_flag_with_a_deleted_key_says_so_as_check_does(admin, fake, sa_key):
    _book, config = admin
    fake.oauth.delete_key(SA_EMAIL, sa_key["private_key_id"])
    code, out = run("flag", "--google", "--config", str(config))
    assert code == 2
    assert "đã bị xóa hoặc thu hồi" in out and "iam-admin/serviceaccounts" in out
