"""The one HTTP seam to Google: an authorised session with timeouts and bounded retries.

Usage::

    session = GoogleSession(credentials, RetryPolicy(timeout=60, deadline=300))
    client = gspread.http_client.HTTPClient(None, session=session)   # gspread rides on it
    session.get("https://www.googleapis.com/drive/v3/files/ID", params={...})

gspread's own ``BackOffHTTPClient`` retries forever and ignores ``Retry-After``, and its default
timeout is none, so retrying lives here instead: 408, 429, 5xx, Drive's rate-limit 403s and
connection errors are retried with exponential backoff and jitter, at least as long as the
server's ``Retry-After`` asks, until a total deadline. Every request has a timeout.

A request that changes something in a way that is not safe to repeat (a spreadsheets
``batchUpdate`` appending a row, a Drive file creation) is retried only when Google cannot have
acted on it (429, 408, a connection that never opened). Otherwise ``Ambiguous`` is raised and
the caller checks whether it took effect before sending it again (see ``spreadsheet.py`` and
``drive.py``).

Pacing under Google's per-minute quotas is ``quota.py``'s: a session given a ``Gate`` takes a
slot there for each attempt of each Sheets request, so retries are paced too.

Transports are the test seam, as in httpx: ``adapter`` is mounted for Google's hosts, on the API
session and on the token session alike. ``LoopbackAdapter`` sends them to a local emulator
(``SHEETS_SYNC_GOOGLE_EMULATOR=127.0.0.1:PORT``), which is how the tests run offline.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit, urlunsplit

import requests
from google.auth.credentials import Credentials
from google.auth.exceptions import RefreshError, TransportError
from google.auth.transport.requests import AuthorizedSession
from google.auth.transport.requests import Request as TokenRequest
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from . import urls
from .auth import Account
from .causes import network_cause, refusal_cause
from .exceptions import AuthError, GoogleError, Unavailable
from .quota import Gate

log = logging.getLogger("sheets_sync.backends.google")

EMULATOR_ENV = "SHEETS_SYNC_GOOGLE_EMULATOR"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
NOT_ACTED_ON = frozenset({408, 429})  # Google refused before doing anything


class Ambiguous(GoogleError):
    """A request that is not safe to repeat may or may not have taken effect."""


@dataclass
class RetryPolicy:
    timeout: float = 60.0  # seconds to wait for a response (connecting: at most 10)
    deadline: float = 300.0  # seconds from the first attempt after which we give up
    initial: float = 1.0
    maximum: float = 32.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    @property
    def timeouts(self) -> tuple[float, float]:
        return (min(10.0, self.timeout), self.timeout)

    def backoff(self, attempt: int) -> float:
        """Exponential with jitter: half the step fixed, half random, so waits still grow."""
        step = min(self.maximum, self.initial * 2**attempt)
        return step / 2 + self.rng.uniform(0, step / 2)


def retry_after(response: requests.Response) -> float:
    """Seconds the server asked us to wait (``Retry-After`` as seconds or an HTTP date)."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return 0.0
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def is_idempotent(method: str, url: str) -> bool:
    """Safe to send twice? False for the two calls we make that add something each time."""
    path = urlsplit(url).path
    if method.upper() == "POST" and path.endswith(":batchUpdate") and "/values" not in path:
        return False  # spreadsheets.batchUpdate: appends the run-log row, adds tabs
    return not (method.upper() == "POST" and path.rstrip("/").endswith("/drive/v3/files"))


def _never_sent(exc: requests.RequestException) -> bool:
    """Did the connection fail before the request went out (refused, connect timeout)?"""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, NewConnectionError | ConnectTimeoutError)


def _rate_limited(response: requests.Response) -> bool:
    """Drive answers some rate limits with 403 instead of 429."""
    if response.status_code != 403:
        return False
    try:
        errors = response.json()["error"].get("errors") or [{}]
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    return errors[0].get("reason") in RATE_LIMIT_REASONS


def _retryable(response: requests.Response) -> bool:
    return response.status_code in RETRY_STATUSES or _rate_limited(response)


class _Attempts:
    """One request's retry budget: how long to wait next, or why to stop."""

    def __init__(self, policy: RetryPolicy, what: str) -> None:
        self.policy = policy
        self.what = what
        self.count = 0
        self.started = policy.clock()

    def wait(self, reason: str, at_least: float = 0.0, error: BaseException | None = None) -> None:
        """Sleep before the next try, or give up: then name the cause ``error`` shows (the
        same words as ``sheets-sync check``: DNS, refused, proxy, …), if it shows one."""
        delay = max(at_least, self.policy.backoff(self.count))
        remaining = self.policy.deadline - (self.policy.clock() - self.started)
        if delay > remaining:
            tries = f"{self.count + 1} lần thử / attempts"
            cause = network_cause(error) if error is not None else None
            if cause is not None:
                raise Unavailable(f"{cause.what} — {cause.fix} ({self.what}, {tries})")
            raise Unavailable(
                f"Google chưa trả lời được {self.what} sau {self.count + 1} lần thử "
                f"({reason}) — chạy lại sau ít phút. (Gave up on {self.what} after "
                f"{self.count + 1} attempts within the {self.policy.deadline:.0f} s deadline: "
                f"{reason}.)"
            )
        self.count += 1
        log.warning("%s: %s; retry %d in %.1f s", self.what, reason, self.count, delay)
        self.policy.sleep(delay)


def send_with_retries(
    send: Callable[[], requests.Response], policy: RetryPolicy, what: str, idempotent: bool
) -> requests.Response:
    """Call ``send`` until it gives a final answer, within ``policy``'s deadline."""
    attempts = _Attempts(policy, what)
    while True:
        try:
            response = send()
        except (requests.ConnectionError, requests.Timeout) as exc:
            if not idempotent and not _never_sent(exc):
                raise Ambiguous(f"{what}: {type(exc).__name__}") from None
            attempts.wait(type(exc).__name__, error=exc)
            continue
        if not _retryable(response):
            return response
        if not idempotent and response.status_code not in NOT_ACTED_ON:
            raise Ambiguous(f"{what}: HTTP {response.status_code}")
        attempts.wait(f"HTTP {response.status_code}", retry_after(response))


class _RetryingTokenRequest(TokenRequest):
    """google-auth's token transport, with our timeouts and retries (token calls are safe)."""

    def __init__(self, session: requests.Session, policy: RetryPolicy) -> None:
        super().__init__(session)
        self.policy = policy

    def __call__(self, url, method="GET", body=None, headers=None, timeout=None, **kwargs):
        timeout = timeout if timeout is not None else self.policy.timeouts
        send = super().__call__
        attempts = _Attempts(self.policy, "token")
        while True:
            try:
                response = send(url, method, body, headers, timeout, **kwargs)
            except TransportError as exc:  # google-auth's wrapper of requests' errors
                attempts.wait(type(exc).__name__, error=exc)
                continue
            if response.status not in RETRY_STATUSES:
                return response
            attempts.wait(f"HTTP {response.status}")


class GoogleSession(AuthorizedSession):
    """``AuthorizedSession`` that times out and retries as ``policy`` says, and waits for its
    turn under the quotas at ``gate`` (none: not paced)."""

    def __init__(
        self,
        credentials: Credentials,
        policy: RetryPolicy | None = None,
        adapter: HTTPAdapter | None = None,
        gate: Gate | None = None,
        account: Account | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.gate = gate
        self.account = account  # to name why Google refuses its token, as check does
        token_session = requests.Session()
        # google-auth fetches tokens through this, apart from the API calls; same seam, same policy.
        self.token_request = _RetryingTokenRequest(token_session, self.policy)
        super().__init__(credentials, auth_request=self.token_request)
        adapter = adapter or emulator_adapter()
        if adapter is not None:
            for session in (self, token_session):
                for host in urls.HOSTS:
                    session.mount(f"https://{host}", adapter)

    def request(self, method, url, data=None, headers=None, timeout=None, **kwargs):  # type: ignore[override]
        timeout = timeout if timeout is not None else self.policy.timeouts
        what = f"{method.upper()} {urlsplit(url).path}"

        def attempt() -> requests.Response:
            return super(GoogleSession, self).request(
                method, url, data=data, headers=headers, timeout=timeout, **kwargs
            )

        def send() -> requests.Response:
            if self.gate is None:
                return attempt()
            with self.gate.slot(method, url) as slot:
                response = attempt()
                slot.answered(response)
                return response

        try:
            return send_with_retries(send, self.policy, what, is_idempotent(method, url))
        except RefreshError as exc:
            answer = exc.args[1] if len(exc.args) > 1 else None
            if self.account is not None and isinstance(answer, dict):
                cause = refusal_cause(answer, self.account)
                raise AuthError(f"{cause.what} — {cause.fix}") from None
            reason = exc.args[0] if exc.args else exc
            raise AuthError(
                "Google không cấp mã truy cập — kiểm tra tệp khóa, hoặc chạy lại 'sheets-sync "
                f"authorize'. (Google refused to issue an access token: {reason})"
            ) from None


class LoopbackAdapter(HTTPAdapter):
    """Sends requests meant for Google's hosts to a local emulator over plain HTTP."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        super().__init__()
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"emulator host must be this machine, not {host!r}")
        self.netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def send(self, request, **kwargs):  # type: ignore[override]
        parts = urlsplit(request.url)
        request.headers["Host"] = parts.netloc
        request.url = urlunsplit(("http", self.netloc, parts.path, parts.query, ""))
        kwargs["proxies"] = {}
        return super().send(request, **kwargs)


def emulator_adapter() -> LoopbackAdapter | None:
    """A ``LoopbackAdapter`` if ``SHEETS_SYNC_GOOGLE_EMULATOR=host:port`` is set."""
    value = os.environ.get(EMULATOR_ENV, "").strip()
    if not value:
        return None
    host, _, port = value.rpartition(":")
    if not port.isdigit():
        raise GoogleError(f"{EMULATOR_ENV}={value!r}: expected HOST:PORT, e.g. 127.0.0.1:8080")
    try:
        return LoopbackAdapter(int(port), host.strip("[]") or "127.0.0.1")
    except ValueError as exc:
        raise GoogleError(f"{EMULATOR_ENV}: {exc}") from None
