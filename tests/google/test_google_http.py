"""The retry policy's small parts: which calls may be repeated, how long to wait, and the
emulator setting that points the product at the fake."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
import time_machine

from sheets_sync.backends.google import urls
from sheets_sync.backends.google.exceptions import GoogleError
from sheets_sync.backends.google.http_client import (
    EMULATOR_ENV,
    LoopbackAdapter,
    RetryPolicy,
    emulator_adapter,
    is_idempotent,
    retry_after,
)
from sheets_sync.backends.google.spreadsheet import UniqueIds


@pytest.mark.parametrize(
    ("method", "url", "safe"),
    [
        ("GET", urls.SPREADSHEET % "x", True),
        ("POST", urls.VALUES_BATCH_UPDATE_BY_DATA_FILTER % "x", True),  # same values again
        ("POST", urls.SPREADSHEET_BATCH_UPDATE % "x", False),  # appends the run-log row
        ("POST", urls.DRIVE_UPLOAD, False),  # a second document
        ("POST", urls.DRIVE_FILES, False),
        ("PATCH", urls.DRIVE_UPLOAD_FILE % "x", True),  # replaces the content in place
        ("POST", urls.TOKEN, True),
    ],
)
def test_only_calls_that_add_something_are_not_repeated_blindly(method, url, safe):
    assert is_idempotent(method, url) is safe


def _response(value: str) -> requests.Response:
    response = requests.Response()
    response.headers["Retry-After"] = value
    return response


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after(_response("7")) == 7
    with time_machine.travel(datetime(2024, 10, 15, 7, tzinfo=UTC), tick=False):
        later = format_datetime(datetime(2024, 10, 15, 7, 0, 30, tzinfo=UTC), usegmt=True)
        assert retry_after(_response(later)) == 30
        earlier = format_datetime(datetime.now(UTC) - timedelta(minutes=1), usegmt=True)
        assert retry_after(_response(earlier)) == 0
    assert retry_after(_response("soon")) == 0


def test_backoff_grows_exponentially_with_jitter_and_a_ceiling():
    policy = RetryPolicy(initial=1, maximum=32, rng=random.Random(5))
    waits = [policy.backoff(n) for n in range(8)]
    for n, wait in enumerate(waits):
        step = min(32, 2**n)
        assert step / 2 <= wait <= step
    assert len({round(w, 6) for w in waits}) == len(waits)  # jittered, not a fixed ladder


def test_every_request_gets_a_timeout():
    assert RetryPolicy(timeout=60).timeouts == (10.0, 60)
    assert RetryPolicy(timeout=3).timeouts == (3, 3)


def test_the_emulator_setting_only_points_at_this_machine(monkeypatch):
    monkeypatch.setenv(EMULATOR_ENV, "127.0.0.1:8123")
    assert emulator_adapter().netloc == "127.0.0.1:8123"
    monkeypatch.setenv(EMULATOR_ENV, "evil.example.com:80")
    with pytest.raises(GoogleError, match="must be this machine"):
        emulator_adapter()
    monkeypatch.setenv(EMULATOR_ENV, "localhost:http")
    with pytest.raises(GoogleError, match="HOST:PORT"):
        emulator_adapter()
    monkeypatch.delenv(EMULATOR_ENV)
    assert emulator_adapter() is None
    with pytest.raises(ValueError):
        LoopbackAdapter(80, "10.0.0.1")


def test_metadata_ids_are_never_one_already_taken():
    first = random.Random(0).randint(1, 2**31 - 1)
    ids = UniqueIds([first])
    ids._rng = random.Random(0)  # replay the draw that would collide
    drawn = [ids() for _ in range(1000)]
    assert first not in drawn and len(set(drawn)) == 1000
