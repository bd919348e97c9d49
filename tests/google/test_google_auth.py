"""Credentials as communes have them: a service-account key, or an officer's account authorised
once in the browser (OAuth) — on this machine, or, on a server without a screen, on any computer
with the address pasted back — whose refresh token is kept readable by its owner only."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
import webbrowser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from sheets_sync.backends.google import urls
from sheets_sync.backends.google.auth import authorize, load_service_account, load_user
from sheets_sync.backends.google.exceptions import AuthError, redact
from sheets_sync.backends.google.http_client import (
    EMULATOR_ENV,
    GoogleSession,
    LoopbackAdapter,
    RetryPolicy,
)
from tests.fake_google import FakeGoogle
from tests.google.helpers import OFFICER, run

SCOPES = urls.scopes("drive.file")


class ConsentingOfficer(webbrowser.BaseBrowser):
    """A browser whose user signs in as ``email`` and clicks Allow."""

    def __init__(self, fake: FakeGoogle, email: str) -> None:
        super().__init__("consenting-officer")
        self.fake, self.email = fake, email
        self.seen: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.seen.append(url)
        redirect = self.fake.oauth.consent(url, self.email)
        session = requests.Session()
        session.trust_env = False  # straight to the flow's own server on localhost
        threading.Thread(target=session.get, args=(redirect,), daemon=True).start()
        return True


@pytest.fixture
def officer_browser(fake):
    browser = ConsentingOfficer(fake, OFFICER)
    webbrowser.register(browser.name, None, browser)
    return browser


def test_authorize_keeps_only_the_refresh_token_readable_by_its_owner(
    fake, tmp_path, officer_browser
):
    secrets_path = tmp_path / "client_secret.json"
    secrets_path.write_text(json.dumps(fake.oauth_client()))
    secrets_path.chmod(0o600)
    token_path = tmp_path / "state" / "google-token.json"
    old = os.umask(0o000)  # a careless umask must not make the token world-readable
    try:
        account = authorize(
            secrets_path,
            token_path,
            SCOPES,
            browser=officer_browser.name,
            adapter=LoopbackAdapter(fake.port),
        )
    finally:
        os.umask(old)
    assert stat.S_IMODE(token_path.stat().st_mode) == 0o600
    stored = json.loads(token_path.read_text())
    assert stored["refresh_token"].startswith("1//") and "token" not in stored
    assert (
        "code_challenge=" in officer_browser.seen[0]
        and "access_type=offline" in officer_browser.seen[0]
    )
    # What was stored works: a fresh load refreshes and reaches Google as the officer.
    again = load_user(token_path, SCOPES)
    session = GoogleSession(again.credentials, RetryPolicy(), LoopbackAdapter(fake.port))
    book = fake.create_spreadsheet("KH", OFFICER)
    assert session.get(urls.SPREADSHEET % book.id).status_code == 200
    assert account.kind == "oauth"


def test_a_missing_token_file_says_to_authorize(tmp_path):
    with pytest.raises(AuthError, match="sheets-sync authorize"):
        load_user(tmp_path / "none.json", SCOPES)


def test_a_token_file_given_as_a_service_account_key_is_explained(fake, tmp_path):
    path = tmp_path / "token.json"
    path.write_text(json.dumps(fake.user_token(fake.oauth_client(), OFFICER, SCOPES)))
    path.chmod(0o600)
    with pytest.raises(AuthError, match="not a service-account key"):
        load_service_account(path, SCOPES)


def test_a_damaged_key_is_reported_without_its_contents(fake, tmp_path):
    key = fake.service_account()
    key["private_key"] = (
        key["private_key"].replace("A", "B")[:300] + "\n-----END PRIVATE KEY-----\n"
    )
    path = tmp_path / "key.json"
    path.write_text(json.dumps(key))
    path.chmod(0o600)
    with pytest.raises(AuthError) as failure:
        load_service_account(path, SCOPES)
    body = [line for line in key["private_key"].splitlines() if "-----" not in line]
    assert not any(line in str(failure.value) for line in body)


def test_redact_removes_keys_and_tokens():
    text = (
        "boom -----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY----- "
        "ya29.a0AfB_xyz 1//0gAbc-d GOCSPX-abc_DEF eyJhbGciOi.eyJpc3MiOi.c2lnbmF0dXJl"
    )
    assert redact(text) == "boom [ …] [ …] [ …] [ …] [ …]".replace("[ …]", "[…]")


# --- authorize on a server without a screen: the officer pastes the address back --------------


class PastingOfficer:
    """Answers the prompt of ``authorize --no-browser``: opens the link on another computer,
    clicks Allow, and pastes what the browser's address bar then shows (``reply`` may alter
    it). Nothing listens on the redirect address: the page fails to load, as it would."""

    def __init__(self, fake: FakeGoogle, reply=lambda address: address) -> None:
        self.fake, self.reply = fake, reply
        self.prompts: list[str] = []

    def __call__(self, text: str) -> str:
        self.prompts.append(text)
        link = re.search(r"https://accounts\.google\.com/\S+", text)
        if link is None:  # asked again: paste what the browser showed, as is
            return self.address
        self.address = self.fake.oauth.consent(link.group(0), OFFICER)
        return self.reply(self.address)


def code_only(address: str) -> str:
    return parse_qs(urlsplit(address).query)["code"][0]


def client_file(fake: FakeGoogle, tmp_path, testing: bool = False):
    path = tmp_path / "client_secret.json"
    path.write_text(json.dumps(fake.oauth_client(testing=testing)))
    path.chmod(0o600)
    return path


def works(fake: FakeGoogle, token_path, scopes=SCOPES) -> bool:
    session = GoogleSession(
        load_user(token_path, scopes).credentials, RetryPolicy(), LoopbackAdapter(fake.port)
    )
    book = fake.create_spreadsheet("KH", OFFICER)
    return session.get(urls.SPREADSHEET % book.id).status_code == 200


def test_authorize_without_a_screen_takes_the_pasted_address(fake, tmp_path):
    officer = PastingOfficer(fake)
    token_path = tmp_path / "google-token.json"
    account = authorize(
        client_file(fake, tmp_path),
        token_path,
        SCOPES,
        adapter=LoopbackAdapter(fake.port),
        ask=officer,
    )
    assert len(officer.prompts) == 1
    assert "redirect_uri=http%3A%2F%2Flocalhost%3A8765%2F" in officer.prompts[0]
    assert officer.address.startswith("http://localhost:8765/?state=")
    assert works(fake, token_path)
    stored = json.loads(token_path.read_text())
    assert stored["authorized_at"] and "refresh_token_expires_at" not in stored
    assert account.refresh_expires_at is None


def test_authorize_without_a_screen_takes_the_code_alone(fake, tmp_path):
    token_path = tmp_path / "t.json"
    authorize(
        client_file(fake, tmp_path),
        token_path,
        SCOPES,
        adapter=LoopbackAdapter(fake.port),
        ask=PastingOfficer(fake, code_only),
    )
    assert works(fake, token_path)


def test_a_paste_without_a_code_is_asked_again_with_the_reason(fake, tmp_path):
    officer = PastingOfficer(fake, lambda address: address.split("?")[0] + "?scope=x")
    token_path = tmp_path / "t.json"
    authorize(
        client_file(fake, tmp_path),
        token_path,
        SCOPES,
        adapter=LoopbackAdapter(fake.port),
        ask=officer,
    )
    assert len(officer.prompts) == 2 and "no code" in officer.prompts[1]
    assert works(fake, token_path)


def test_an_address_from_another_attempt_is_refused(fake, tmp_path):
    def other_attempt(address: str) -> str:
        return re.sub(r"state=[^&]+", "state=another", address)

    officer = PastingOfficer(fake, other_attempt)
    officer.address = other_attempt("http://localhost:8765/?state=x&code=4/y")  # every retry
    with pytest.raises(AuthError, match="No authorization code"):
        authorize(
            client_file(fake, tmp_path),
            tmp_path / "t.json",
            SCOPES,
            adapter=LoopbackAdapter(fake.port),
            ask=lambda text: other_attempt(officer(text)),
        )
    assert "another attempt" in officer.prompts[1]
    assert not (tmp_path / "t.json").exists()


def test_a_cancelled_consent_says_so(fake, tmp_path):
    def cancelled(address: str) -> str:
        return re.sub(r"code=[^&]+", "error=access_denied", address)

    with pytest.raises(AuthError, match="access_denied"):
        authorize(
            client_file(fake, tmp_path),
            tmp_path / "t.json",
            SCOPES,
            adapter=LoopbackAdapter(fake.port),
            ask=PastingOfficer(fake, cancelled),
        )


def test_a_code_used_twice_is_refused_with_a_message(fake, tmp_path):
    officer = PastingOfficer(fake)
    secrets_path = client_file(fake, tmp_path)
    authorize(
        secrets_path, tmp_path / "a.json", SCOPES, adapter=LoopbackAdapter(fake.port), ask=officer
    )
    with pytest.raises(AuthError, match="invalid_grant"):
        authorize(
            secrets_path,
            tmp_path / "b.json",
            SCOPES,
            adapter=LoopbackAdapter(fake.port),
            ask=lambda text: code_only(officer.address),  # yesterday's code again
        )


def test_a_grant_google_limits_to_seven_days_is_recorded(fake, tmp_path):
    token_path = tmp_path / "t.json"
    account = authorize(
        client_file(fake, tmp_path, testing=True),
        token_path,
        SCOPES,
        adapter=LoopbackAdapter(fake.port),
        ask=PastingOfficer(fake),
    )
    assert account.refresh_expires_at is not None and account.authorized_at is not None
    assert (account.refresh_expires_at - account.authorized_at).days == 6  # 604799 s
    again = load_user(token_path, SCOPES)
    assert again.refresh_expires_at == account.refresh_expires_at.replace(microsecond=0)


def test_a_web_application_client_is_refused_before_any_browser(fake, tmp_path):
    path = tmp_path / "client_secret.json"
    path.write_text(json.dumps({"web": fake.oauth_client()["installed"]}))
    with pytest.raises(AuthError, match="Desktop app"):
        authorize(path, tmp_path / "t.json", SCOPES, ask=lambda text: pytest.fail(text))


def test_authorize_with_a_config_that_uses_no_officers_account_says_so(admin, fake, tmp_path):
    """A grant asks only for what the config uses an officer's account for: here, nothing."""
    _book, config = admin  # the sheet and the reports through the service account
    secrets = client_file(fake, tmp_path)
    code, out = run(
        "authorize", "--no-browser", "--client-secrets", str(secrets), "--config", str(config)
    )
    assert code == 2 and 'set auth or drive_auth = "oauth"' in out
    assert not (tmp_path / "google-token.json").exists()


@pytest.mark.slow  # a subprocess
def test_authorize_no_browser_from_the_command_line(fake, tmp_path):
    """The real command on a pipe, as over SSH: read the link, consent, paste the address."""
    secrets_path = client_file(fake, tmp_path, testing=True)
    token_path = tmp_path / "google-token.json"
    env = {**os.environ, EMULATOR_ENV: f"127.0.0.1:{fake.port}"}
    command = [
        str(Path(sys.executable).parent / "sheets-sync"),
        "authorize",
        "--no-browser",
        "--client-secrets",
        str(secrets_path),
        "--token",
        str(token_path),
    ]
    with subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        for line in process.stdout:
            if line.startswith("https://accounts.google.com/"):
                break
        # No config: the default [google] keeps the sheet with the service account: Drive alone.
        assert "scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fdrive.file&" in line
        address = fake.oauth.consent(line.strip(), OFFICER)
        out, err = process.communicate(address + "\n", timeout=60)
    assert process.returncode == 0, err
    assert f"Saved to {token_path}" in out
    assert "Testing" in err and "Publish app" in err  # the 7-day grant, said at once
    assert works(fake, token_path, [urls.DRIVE_FILE_SCOPE])
