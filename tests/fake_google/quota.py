"""The Sheets API's per-minute quotas, enforced as Google documents them, on a clock that can run
fast so that minutes of traffic pass in a test's second.

Usage::

    fake.quotas = Quotas(speed=200)              # Google's limits, a minute in 0.3 s
    ...                                          # run the product against the fake
    fake.count_status(429)                       # refused for quota (0 when the client paces)
    busiest_minute(fake.requests, "user", "read")   # {"jobs@x…": 60, …}: most reads in any minute

Google (developers.google.com/workspace/sheets/api/limits): read requests and write requests are
counted apart, 300 a minute per project and 60 a minute per user per project; a read is any
method that only retrieves (``get``, ``batchGet``, ``getByDataFilter``, ``search``), a write any
that changes the spreadsheet. A request past a limit is refused with 429 ``RESOURCE_EXHAUSTED``
and an ``ErrorInfo`` naming the limit (the body below is the one Google's front end sends, as
recorded in client issues), and counts against nothing. The user is the token's principal (a
service account is a user of its own), the project is the service account's project (the part
of its address before ``.iam``) or, for an officer's token, the OAuth client's project.

Google says quotas are "refilled every minute" without saying how. The fake holds the strictest
reading, a sliding minute: at no moment may the last 60 seconds hold more admitted requests than
the limit. A client that keeps to it keeps to a fixed minute or a token bucket as well.

``speed`` compresses time: quota seconds are ``time.monotonic() * speed``. The product's pacing
runs on the same kind of clock in the tests (``sheets_sync.backends.google.quota.Clock``), so the
two agree on what a minute is. Every Sheets request in the log carries its moment on this clock
(``Incoming.at``), who it counted for and whether it was a read, so tests count requests per
minute from the log instead of timing anything.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError
from .oauth import Principal
from .sheets_api import READS

MINUTE = 60.0
LIMIT_NAMES = {  # (scope, kind) -> Google's limit id and the words of its message
    ("user", "read"): ("ReadRequestsPerMinutePerUser", "Read requests per minute per user"),
    ("user", "write"): ("WriteRequestsPerMinutePerUser", "Write requests per minute per user"),
    ("project", "read"): ("ReadRequestsPerMinutePerProject", "Read requests per minute"),
    ("project", "write"): ("WriteRequestsPerMinutePerProject", "Write requests per minute"),
}


def kind_of(method_id: str) -> str:
    return "read" if method_id in READS else "write"


def project_of(who: Principal) -> str:
    """The Cloud project a principal's requests count against."""
    if who.is_service_account and ".iam.gserviceaccount.com" in who.email:
        return who.email.split("@", 1)[1].split(".", 1)[0]
    number = who.client_id.split("-", 1)[0]  # an OAuth client id starts with its project number
    return number if number.isdigit() else who.client_id


def project_number(project: str) -> str:
    """A stable number for a project id, as Google names the consumer in its messages."""
    if project.isdigit():
        return project
    return str(int(hashlib.sha256(project.encode()).hexdigest(), 16) % 10**12)


@dataclass
class Quotas:
    reads_per_user: int = 60
    writes_per_user: int = 60
    reads_per_project: int = 300
    writes_per_project: int = 300
    speed: float = 1.0  # quota seconds per real second
    skipped: float = 0.0  # quota seconds added by ``advance``
    refused: int = 0
    _admitted: dict[tuple[str, str, str], deque[float]] = field(
        default_factory=lambda: defaultdict(deque)
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return time.monotonic() * self.speed + self.skipped

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass at once on the quotas' clock (Google's minute moves on)."""
        with self._lock:
            self.skipped += seconds

    def limit(self, scope: str, kind: str) -> int:
        return getattr(self, f"{kind}s_per_{scope}")

    def charge(self, who: Principal, method_id: str) -> tuple[float, str, str, str]:
        """Count one request, or refuse it with Google's 429. Returns its moment, user, project
        and kind for the log."""
        kind = kind_of(method_id)
        project = project_of(who)
        keys = {"user": (who.email, project), "project": (project,)}
        with self._lock:
            now = self.now()
            windows = {}
            for scope, key in keys.items():
                window = self._admitted[(scope, kind, "/".join(key))]
                while window and window[0] <= now - MINUTE:
                    window.popleft()
                if len(window) >= self.limit(scope, kind):
                    self.refused += 1
                    number = who.project or project_number(project)
                    raise exhausted(scope, kind, number, self.limit(scope, kind))
                windows[scope] = window
            for window in windows.values():
                window.append(now)
        return now, who.email, project, kind


def exhausted(scope: str, kind: str, number: str, limit: int) -> ApiError:
    """Google's answer to a request over a per-minute quota of project ``number``."""
    limit_id, words = LIMIT_NAMES[(scope, kind)]
    metric = f"sheets.googleapis.com/{kind}_requests"
    body: dict[str, Any] = {
        "error": {
            "code": 429,
            "message": (
                f"Quota exceeded for quota metric '{kind.capitalize()} requests' and limit "
                f"'{words}' of service 'sheets.googleapis.com' for consumer "
                f"'project_number:{number}'."
            ),
            "status": "RESOURCE_EXHAUSTED",
            "details": [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "RATE_LIMIT_EXCEEDED",
                    "domain": "googleapis.com",
                    "metadata": {
                        "service": "sheets.googleapis.com",
                        "consumer": f"projects/{number}",
                        "quota_metric": metric,
                        "quota_limit": limit_id,
                        "quota_limit_value": str(limit),
                        "quota_location": "global",
                    },
                },
                {
                    "@type": "type.googleapis.com/google.rpc.Help",
                    "links": [
                        {
                            "description": "Request a higher quota limit.",
                            "url": "https://cloud.google.com/docs/quotas/help/request_increase",
                        }
                    ],
                },
            ],
        }
    }
    return ApiError(429, body)


def busiest_minute(requests: Iterable[Any], scope: str, kind: str) -> dict[str, int]:
    """The most requests of ``kind`` any sliding minute held, per user or per project, counted
    from the fake's log (admitted requests only: answered, not refused for quota)."""
    moments: dict[str, list[float]] = defaultdict(list)
    for r in requests:
        if r.at is None or r.kind != kind or r.status == 429:
            continue
        moments[r.user if scope == "user" else r.project].append(r.at)
    peaks = {}
    for who, times in moments.items():
        times.sort()
        start, peak = 0, 0
        for end, moment in enumerate(times):
            while times[start] <= moment - MINUTE:
                start += 1
            peak = max(peak, end - start + 1)
        peaks[who] = peak
    return peaks
