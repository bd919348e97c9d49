"""Credentials as communes have them: a service-account key, or an officer's account authorised
once in the browser (OAuth), whose refresh token is kept readable by its owner only."""

from __future__ import annotations

import json
import os
import stat
import threading
import webbrowser

import pytest
import requests

from sheets_sync.backends.google import urls
from sheets_sync.backends.google.auth import authorize, load_service_account, load_user
from sheets_sync.backends.google.exceptions import AuthError, redact
from sheets_sync.backends.google.http_client import GoogleSession, LoopbackAdapter, RetryPolicy
from tests.fake_google import FakeGoogle
from tests.google.helpers import OFFICER

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
