"""Pacing: Sheets requests kept under Google's per-minute quotas, for every plan in the process.

Usage::

    pacer = quota.shared()                       # one per process: every plan's session uses it
    gate = pacer.gate(cfg.google.quota, *quota.identity(account))
    with gate.slot("GET", url) as slot:          # waits until the account and the project allow
        response = session.request("GET", url)
        slot.answered(response)                  # a 429 anyway: someone else shares the quota

Google counts Sheets reads and writes apart, per minute, per user (a service account is a user
of its own) and per Cloud project (``[google.quota]``; docs/google.md, "Quotas"). One process
serves many plans, each with its own session, so the counting cannot live in a session: every
gate of the same account or project shares the same windows here.

**A slot** is one request's place in a minute. It is taken before the request is sent and kept
until a minute after its answer came back. Google counts a request at some moment between the
two, so two requests a whole slot apart are at least a minute apart at Google too, whatever the
network did: a round paced here is never refused, however many plans share the account. A
request waits until both windows it counts in (user and project, of its kind) have a free slot;
a burst up to the limit goes at once, as Google allows, and after that requests go out as
earlier ones leave the minute. Each attempt of a retried request takes a slot of its own.

**A 429 anyway** means something outside this process spends the same quota (a second server,
an officer's script): the window Google named is counted full for a minute, so the other plans
wait instead of adding refusals. The retry in ``http_client`` remains the safety net.

Drive and the token endpoint are not paced: Drive's quotas are counted in units, a thousand
times above what the report uploads spend.

Tests and benchmarks run the pacing on a fast clock (``Clock(speed=200)``: a minute in 0.3 s)
against the fake Google's quotas on the same kind of clock.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from ...config import QuotaSection
from . import urls
from .auth import Account

log = logging.getLogger("sheets_sync.backends.google")

MINUTE = 60.0
READ = "read"
WRITE = "write"
# Sheets methods sent with POST that only retrieve (Google: "read requests are calls to any
# method that retrieves data ... such as get or search").
_POSTED_READS = (":getByDataFilter", ":batchGetByDataFilter", "/developerMetadata:search")


def sheets_kind(method: str, url: str) -> str | None:
    """READ or WRITE for a Sheets API request, as Google counts it; None for other hosts."""
    parts = urlsplit(url)
    if parts.hostname != urls.SHEETS_HOST:
        return None
    if method.upper() == "GET" or parts.path.endswith(_POSTED_READS):
        return READ
    return WRITE


def identity(account: Account) -> tuple[str, str]:
    """Who Google counts a request against: (user, Cloud project)."""
    creds = account.credentials
    email = account.email or ""
    if email.endswith(".iam.gserviceaccount.com"):  # name@PROJECT.iam.gserviceaccount.com
        return email, email.split("@", 1)[1].split(".", 1)[0]
    if email:
        return email, getattr(creds, "project_id", None) or email
    # An officer's token: the user is whoever authorised it; the project is the OAuth client's,
    # whose id starts with the project number.
    client = getattr(creds, "client_id", None) or ""
    number = client.split("-", 1)[0]
    user = f"oauth:{account.source}"
    return user, number if number.isdigit() else client or user


@dataclass(frozen=True)
class Clock:
    """Seconds as the quotas count them. ``speed`` above 1 makes a minute pass sooner (tests)."""

    speed: float = 1.0

    def now(self) -> float:
        return time.monotonic() * self.speed

    def wait(self, condition: threading.Condition, seconds: float | None) -> None:
        condition.wait(None if seconds is None else seconds / self.speed)


class _Window:
    """One limit: requests of one kind a minute, for one user or one project."""

    def __init__(self, name: str, limit: int) -> None:
        self.name = name
        self.limit = limit
        self.in_flight = 0
        self.leaving: deque[float] = deque()  # when answered slots leave the minute, in order
        self.full_until = 0.0

    def wait(self, now: float) -> float | None:
        """Seconds until a slot is free: 0 now, None until a request in flight is answered."""
        while self.leaving and self.leaving[0] <= now:
            self.leaving.popleft()
        if self.full_until > now:
            return self.full_until - now
        if self.in_flight + len(self.leaving) < self.limit:
            return 0.0
        if self.in_flight >= self.limit:
            return None
        return self.leaving[self.in_flight + len(self.leaving) - self.limit] - now


@dataclass
class Stats:
    requests: int = 0  # Sheets requests that took a slot
    waited: int = 0  # of those, how many had to wait
    seconds: float = 0.0  # their waiting, on the pacing clock
    refused: int = 0  # 429 answers all the same


class Pacer:
    """The windows of every account and project this process talks to."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        self.stats = Stats()
        self._windows: dict[str, _Window] = {}
        self._warned: set[tuple[str, int]] = set()
        self._changed = threading.Condition()

    def gate(self, limits: QuotaSection, user: str, project: str) -> Gate:
        """The windows a session's requests count in. Limits are per project, so plans of the
        same project should give the same ones; if they differ, the lowest is kept."""
        with self._changed:
            return Gate(
                self,
                {
                    READ: (
                        self._window(f"user {user}", READ, limits.reads_per_user),
                        self._window(f"project {project}", READ, limits.reads_per_project),
                    ),
                    WRITE: (
                        self._window(f"user {user}", WRITE, limits.writes_per_user),
                        self._window(f"project {project}", WRITE, limits.writes_per_project),
                    ),
                },
            )

    def _window(self, who: str, kind: str, limit: int) -> _Window:
        name = f"{kind}s of {who}"
        window = self._windows.get(name)
        if window is None:
            window = self._windows[name] = _Window(name, limit)
        elif limit != window.limit and (name, limit) not in self._warned:
            self._warned.add((name, limit))
            log.warning(
                "plans give different quotas for %s (%d and %d a minute); keeping the lower",
                name,
                window.limit,
                limit,
            )
        window.limit = min(window.limit, limit)
        return window

    def take(self, windows: tuple[_Window, ...]) -> None:
        """Wait until every window has a free slot, then take one in each."""
        with self._changed:
            started = now = self.clock.now()
            waited = False
            while True:
                waits = [w.wait(now) for w in windows]
                if all(w == 0 for w in waits):
                    break
                timeout = None if None in waits else max(w for w in waits if w is not None)
                self.clock.wait(self._changed, timeout)
                waited = True
                now = self.clock.now()
            for window in windows:
                window.in_flight += 1
            self.stats.requests += 1
            if waited:
                self.stats.waited += 1
                self.stats.seconds += now - started
                log.debug(
                    "paced: waited %.1f s for %s",
                    now - started,
                    " and ".join(w.name for w in windows),
                )

    def give_back(self, windows: tuple[_Window, ...]) -> None:
        """The request was answered (or failed): its slots leave the minute a minute from now."""
        with self._changed:
            leaves = self.clock.now() + MINUTE
            for window in windows:
                window.in_flight -= 1
                window.leaving.append(leaves)
            self._changed.notify_all()

    def refused(self, window: _Window) -> None:
        """Google refused a request over ``window``'s quota: count it full for a minute."""
        with self._changed:
            self.stats.refused += 1
            window.full_until = self.clock.now() + MINUTE
        log.warning(
            "Google refused a request: the quota for %s is spent (by another process?); "
            "pausing it for a minute",
            window.name,
        )


class Gate:
    """A session's way through the pacer: its account's and project's windows."""

    def __init__(self, pacer: Pacer, windows: dict[str, tuple[_Window, _Window]]) -> None:
        self.pacer = pacer
        self.windows = windows

    @contextmanager
    def slot(self, method: str, url: str) -> Iterator[Slot]:
        kind = sheets_kind(method, url)
        if kind is None:
            yield Slot(None)
            return
        windows = self.windows[kind]
        self.pacer.take(windows)
        try:
            yield Slot(self, windows)
        finally:
            self.pacer.give_back(windows)


class Slot:
    def __init__(self, gate: Gate | None, windows: tuple[_Window, _Window] | None = None) -> None:
        self.gate = gate
        self.windows = windows

    def answered(self, response: requests.Response) -> None:
        """Look at the answer: a refusal for quota names the limit that was reached."""
        if self.gate is None or self.windows is None or response.status_code != 429:
            return
        scope = _spent_quota(response)
        if scope is not None:
            user, project = self.windows
            self.gate.pacer.refused(user if scope == "user" else project)


def _spent_quota(response: requests.Response) -> str | None:
    """Which per-minute quota a 429 says is spent, "user" or "project"; None if it does not say
    it is a quota (a 429 from an overloaded front end only wants a retry)."""
    try:
        error = response.json()["error"]
        message = str(error.get("message", ""))
        limits = [
            str((detail.get("metadata") or {}).get("quota_limit", ""))
            for detail in error.get("details") or []
            if detail.get("reason") == "RATE_LIMIT_EXCEEDED"
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if limits:
        return "user" if "PerUser" in limits[0] else "project"
    if message.startswith("Quota exceeded"):
        return "user" if "per user" in message else "project"
    return None


_shared = Pacer()


def shared() -> Pacer:
    """The process's pacer: every plan's session counts in the same windows."""
    return _shared


def install(pacer: Pacer) -> Pacer:
    """Make ``pacer`` the process's (a fast clock in tests); returns the one it replaces."""
    global _shared
    previous, _shared = _shared, pacer
    return previous
