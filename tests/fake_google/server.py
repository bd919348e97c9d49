"""The fake's HTTP server: routing, authentication, schema checks, faults, edits and counting.

Usage (see ``tests/fake_google/fixtures.py`` for the pytest fixture)::

    fake = FakeGoogle().start()                  # 127.0.0.1, ephemeral port
    key = fake.service_account("jobs@gia-tan.iam.gserviceaccount.com")
    book = fake.create_spreadsheet("Kế hoạch 2024", owner="vanphong@giatan.gov.vn",
                                   share={key["client_email"]: "writer"})
    ...                                          # run the product with LoopbackAdapter(fake.port)
    fake.count("sheets")                         # requests the Sheets API answered
    fake.quotas = Quotas(speed=200)              # enforce Sheets' per-minute quotas (quota.py)
    fake.stop()

What an office gets wrong can be set up too: ``fake.skew`` (Google's clock against this
machine's), ``fake.disable_api("sheets")`` (the API not enabled in the project), keys deleted
and accounts disabled (``fake.oauth``), OAuth clients in *Testing* (``oauth_client(testing=True)``).

Requests arrive with their original ``Host`` (the product's ``LoopbackAdapter`` keeps it), so
routes are per host as at Google. Every request is checked against the discovery documents
(``schema.py``) before a route sees it.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from . import drive_api, schema, sheets_api
from .drive import SHEET, Drive, DriveFile
from .errors import ApiError, drive_error, invalid, service_disabled, sheets_error
from .oauth import TOKEN_URI, OAuth, Principal
from .quota import Quotas
from .sheets import Spreadsheet

HOSTS = {
    "sheets.googleapis.com": "sheets",
    "www.googleapis.com": "drive",
    "oauth2.googleapis.com": "oauth",
}
READ_SCOPES = {
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/spreadsheets.readonly",
    "https://www.googleapis.com/auth/drive",
    "https://www.googleapis.com/auth/drive.readonly",
    "https://www.googleapis.com/auth/drive.file",
}
WRITE_SCOPES = {
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive",
    "https://www.googleapis.com/auth/drive.file",
}


@dataclass
class Incoming:
    """One request as the fake saw it (also what the request log keeps)."""

    method: str
    host: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    api: str = ""
    method_id: str = ""
    status: int | None = None  # None: the connection was dropped before any answer
    fault: str | None = None
    json: Any = None
    schema: schema.Method | None = None  # the API method, once routed
    # Sheets requests counted against a quota (with ``FakeGoogle.quotas`` on): when, on the
    # quotas' clock, for which user and project, and whether a read or a write.
    at: float | None = None
    user: str = ""
    project: str = ""
    kind: str = ""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass
class Fault:
    status: int | None = None  # answer this instead of handling the request
    retry_after: str | None = None
    reason: str | None = None  # Drive-style reason for the error body
    drop: str | None = None  # "before" (never handled) or "after" (handled, answer lost)
    delay: float = 0.0  # seconds before the request is handled (a client may give up first)
    slow_answer: bool = False  # handle at once, then wait ``delay`` before answering

    def describe(self) -> str:
        if self.drop:
            return f"drop-{self.drop}"
        if self.status is None:
            return f"{'slow answer' if self.slow_answer else 'slow work'} {self.delay:g}s"
        return f"{self.status}" + (f" Retry-After {self.retry_after}" if self.retry_after else "")


# A mix of what Google's front end really does under load.
TRANSIENT = (
    Fault(status=429, retry_after="2"),
    Fault(status=500),
    Fault(status=503, retry_after="1"),
    Fault(status=502),
    Fault(drop="before"),
    Fault(drop="after"),
)


@dataclass
class _Rule:
    match: Callable[[Incoming], bool]
    action: Any  # a Fault, or a callable edit
    times: int


@dataclass
class _Route:
    host: str
    http_method: str
    pattern: re.Pattern[str]
    method: schema.Method


def _route_for(method: schema.Method, path: str) -> re.Pattern[str]:
    regex = re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(path))
    return re.compile(f"^{regex}$")


def _routes() -> list[_Route]:
    routes = []
    for api, host, prefix in (
        ("sheets", "sheets.googleapis.com", "/"),
        ("drive", "www.googleapis.com", "/drive/v3/"),
    ):
        for m in schema.methods(api):
            routes.append(_Route(host, m.http_method, _route_for(m, prefix + m.path), m))
            if m.upload_path:
                routes.append(_Route(host, m.http_method, _route_for(m, m.upload_path), m))
    # Literal paths before templated ones: "values:batchGet" is not a {range}.
    routes.sort(key=lambda r: -len(re.sub(r"\(\?P<\w+>\[\^/\]\+\)", "", r.pattern.pattern)))
    return routes


class FakeGoogle:
    def __init__(self) -> None:
        self.skew = 0.0  # seconds Google's clock is ahead of this machine's
        self.oauth = OAuth(clock=self.now)
        self.disabled_apis: set[tuple[str, str]] = set()  # (project number or "*", api)
        self.drive = Drive()
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.requests: list[Incoming] = []
        self.latency = 0.0  # seconds added to every request (benchmarks)
        self.faults: list[_Rule] = []
        self.edits: list[_Rule] = []
        self.transient_rate = 0.0
        self.transient_rng = random.Random(0)
        self.transient_mix: tuple[Fault, ...] = TRANSIENT
        self.quotas: Quotas | None = None  # Sheets' per-minute quotas, when a test turns them on
        self._lock = threading.RLock()
        self._routes = _routes()
        self._server: ThreadingHTTPServer | None = None
        self.port = 0
        self.in_flight = 0  # requests being handled now (a slow one may outlive its client)
        self._settled = threading.Condition(self._lock)

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeGoogle:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def now(self) -> float:
        """Google's time: its token checks and its ``Date`` headers use it."""
        return time.time() + self.skew

    def disable_api(self, api: str, project: str = "*") -> None:
        """``api`` ("sheets" or "drive") not enabled in ``project`` (a number; "*": any)."""
        self.disabled_apis.add((project, api))

    # --- accounts ------------------------------------------------------------------------------

    def service_account(self, email: str = "sheets-sync@gia-tan.iam.gserviceaccount.com") -> dict:
        """A new service-account key, as the Cloud console downloads it, known to the fake."""
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key_id = secrets.token_hex(20)
        client_id = str(random.randint(10**20, 10**21))
        self.oauth.add_service_account(
            email,
            private.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ),
            key_id,
            client_id,
        )
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        return {
            "type": "service_account",
            "project_id": email.split("@")[1].split(".")[0],
            "private_key_id": key_id,
            "private_key": pem,
            "client_email": email,
            "client_id": client_id,
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": TOKEN_URI,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "universe_domain": "googleapis.com",
        }

    def oauth_client(self, testing: bool = False) -> dict:
        """An OAuth client (Desktop app) as its client_secret.json; ``testing``: its consent
        screen left in *Testing*, so the refresh tokens it gets last 7 days."""
        client_id = f"{random.randint(10**11, 10**12)}-fake.apps.googleusercontent.com"
        secret = "GOCSPX-" + secrets.token_urlsafe(21)
        self.oauth.add_client(client_id, secret, testing)
        return {
            "installed": {
                "client_id": client_id,
                "client_secret": secret,
                "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                "token_uri": TOKEN_URI,
                "redirect_uris": ["http://localhost"],
            }
        }

    def user_token(
        self, client: dict, email: str, scopes: list[str], issued: float | None = None
    ) -> dict:
        """An authorized-user token file, as if ``email`` had consented already (at
        ``issued``, Google's time; default now)."""
        c = client["installed"]
        return {
            "type": "authorized_user",
            "client_id": c["client_id"],
            "client_secret": c["client_secret"],
            "token_uri": TOKEN_URI,
            "refresh_token": self.oauth.grant(c["client_id"], email, scopes, issued),
        }

    # --- data -----------------------------------------------------------------------------------

    def new_spreadsheet(self, title: str, *, file: DriveFile) -> Spreadsheet:
        book = Spreadsheet(file.id, title)
        self.spreadsheets[file.id] = book
        return book

    def create_spreadsheet(
        self,
        title: str,
        owner: str,
        share: dict[str, str] | None = None,
        locale: str = "vi_VN",
        time_zone: str = "Asia/Ho_Chi_Minh",
    ) -> Spreadsheet:
        """A spreadsheet an officer made in the Sheets UI and shared as ``share`` says."""
        f = self.drive.add_file(title, SHEET, owner, share=share)
        book = self.new_spreadsheet(title, file=f)
        book.locale, book.time_zone = locale, time_zone
        return book

    # --- faults and edits -------------------------------------------------------------------------

    def fail(
        self, fault: Fault, *, where: Callable[[Incoming], bool] = lambda r: True, times: int = 1
    ) -> None:
        """Answer the next ``times`` matching requests with ``fault``."""
        self.faults.append(_Rule(where, fault, times))

    def fail_randomly(self, rate: float, seed: int, mix: tuple[Fault, ...] = TRANSIENT) -> None:
        """Each request fails with probability ``rate``, with a fault drawn from ``mix``."""
        self.transient_rate = rate
        self.transient_rng = random.Random(seed)
        self.transient_mix = mix

    def before(
        self, where: Callable[[Incoming], bool], edit: Callable[[], None], times: int = 1
    ) -> None:
        """Run ``edit`` (an officer's change) just before the next matching request is handled."""
        self.edits.append(_Rule(where, edit, times))

    def _take(self, rules: list[_Rule], request: Incoming) -> Any:
        for rule in rules:
            if rule.times > 0 and rule.match(request):
                rule.times -= 1
                return rule.action
        return None

    def _fault_for(self, request: Incoming) -> Fault | None:
        fault = self._take(self.faults, request)
        if (
            fault is None
            and self.transient_rate
            and self.transient_rng.random() < self.transient_rate
        ):
            fault = self.transient_rng.choice(self.transient_mix)
        return fault

    # --- observation ------------------------------------------------------------------------------

    def count(self, api: str | None = None) -> int:
        """Requests seen (dropped ones included), for ``api`` or for all but the token endpoint."""
        return sum(1 for r in self.requests if (r.api == api if api else r.api != "oauth"))

    def count_status(self, status: int) -> int:
        """Requests answered with ``status`` (429: refused for quota or by an injected fault)."""
        return sum(1 for r in self.requests if r.status == status)

    def calls(self, api: str | None = None) -> list[str]:
        return [
            f"{r.method} {r.method_id or r.path}"
            for r in self.requests
            if (r.api == api if api else r.api != "oauth")
        ]

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def settle(self, timeout: float = 30.0) -> None:
        """Wait until no request is being handled: one a client gave up on may still land."""
        with self._settled:
            if not self._settled.wait_for(lambda: self.in_flight == 0, timeout):
                raise TimeoutError(f"fake: {self.in_flight} requests still in flight")

    # --- handling --------------------------------------------------------------------------------

    def handle(self, req: Incoming) -> tuple[int, dict[str, str], bytes]:
        """Route, authenticate, validate and run one request (under the lock)."""
        with self._lock:
            edit = self._take(self.edits, req)
            if edit is not None:
                edit()
            try:
                status, body = self._dispatch(req)
            except ApiError as exc:
                headers = {"Content-Type": "application/json; charset=UTF-8", **exc.headers}
                return exc.status, headers, json.dumps(exc.body, ensure_ascii=False).encode()
        if body is None:
            return status, {}, b""
        return (
            status,
            {"Content-Type": "application/json; charset=UTF-8"},
            json.dumps(body, ensure_ascii=False).encode(),
        )

    def _dispatch(self, req: Incoming) -> tuple[int, Any]:
        if req.api == "oauth":
            if (req.method, req.path) != ("POST", "/token"):
                raise sheets_error(404, "fake: no such OAuth endpoint")
            form = {k: v[0] for k, v in parse_qs(req.body.decode()).items()}
            return self.oauth.token(form, req.headers.get("authorization"))
        route, params = self._route(req)
        req.method_id, req.schema = route.method.id, route.method
        violations = schema.param_violations(route.method, req.query)
        if violations:
            raise invalid(route.method.api, violations)
        who = self.oauth.principal(req.headers.get("authorization"))
        if who is None:
            raise _unauthenticated(route.method.api)
        if {("*", route.method.api), (who.project, route.method.api)} & self.disabled_apis:
            raise service_disabled(route.method.api, who.project)
        if self.quotas is not None and route.method.api == "sheets":
            # Google's front end counts a request before the API looks at it.
            req.at, req.user, req.project, req.kind = self.quotas.charge(who, route.method.id)
        upload = req.path.startswith("/upload/")
        if route.method.request and not upload:
            req.json = _json_body(req, route.method.api)
            violations = schema.body_violations(route.method, req.json)
            if violations:
                raise invalid(route.method.api, violations)
        if route.method.api == "drive":
            handler = drive_api.HANDLERS.get(route.method.id)
            if handler is None:
                raise drive_error(
                    501, "notImplemented", f"fake: {route.method.id} is not implemented"
                )
            result = handler(self, who, req.query, req, **params)
            return (204, None) if result is None else (200, result)
        return 200, self._sheets(route.method, who, req, params)

    def label(self, req: Incoming) -> None:
        """Name the API method of a request in the log, even if a fault stops it early."""
        with contextlib.suppress(ApiError):
            req.method_id = self._route(req)[0].method.id if req.api != "oauth" else "token"

    def _route(self, req: Incoming) -> tuple[_Route, dict[str, str]]:
        for route in self._routes:
            if route.host == req.host and route.http_method == req.method:
                m = route.pattern.match(req.path)
                if m:
                    return route, {k: unquote(v) for k, v in m.groupdict().items()}
        raise sheets_error(404, f"fake: no route for {req.method} {req.host}{req.path}")

    def _sheets(self, method: schema.Method, who: Principal, req: Incoming, params: dict) -> Any:
        handler = sheets_api.HANDLERS.get(method.id)
        if handler is None:
            raise sheets_error(501, f"fake: {method.id} is not implemented")
        spreadsheet_id = params.pop("spreadsheetId", "")
        book = self.spreadsheets.get(spreadsheet_id)
        file = self.drive.files.get(spreadsheet_id)
        if book is None or file is None:
            raise sheets_error(404, "Requested entity was not found.")
        write = method.id not in sheets_api.READS
        scopes = WRITE_SCOPES if write else READ_SCOPES
        if not who.scopes & scopes:
            raise sheets_error(
                403,
                "Request had insufficient authentication scopes.",
                reason="ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            )
        role = self.drive.role(who, file)
        if role is None or (
            write and role not in ("owner", "writer", "organizer", "fileOrganizer")
        ):
            raise sheets_error(403, "The caller does not have permission")
        book.actor = who.email
        renamed = {"range": "range_text", "metadataId": "metadata_id"}
        kwargs = {renamed.get(k, k): v for k, v in params.items()}
        return handler(book, req.query, req.json or {}, **kwargs)


def _json_body(req: Incoming, api: str) -> Any:
    if not req.body:
        return {}
    try:
        return json.loads(req.body)
    except ValueError:
        raise invalid(api, [("", "Invalid JSON payload received. Unexpected token.")]) from None


def _unauthenticated(api: str) -> ApiError:
    if api == "drive":
        return ApiError(
            401,
            {
                "error": {
                    "code": 401,
                    "message": "Invalid Credentials",
                    "errors": [
                        {
                            "message": "Invalid Credentials",
                            "domain": "global",
                            "reason": "authError",
                            "location": "Authorization",
                            "locationType": "header",
                        }
                    ],
                }
            },
        )
    return sheets_error(
        401,
        "Request had invalid authentication credentials. Expected OAuth 2 "
        "access token, login cookie or other valid authentication credential.",
    )


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGoogle
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle and delayed ACKs add
        # 40 ms to every keep-alive response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The ``Date`` header, on Google's clock (a client compares it with its own)."""
        return super().date_time_string(self.fake.now() if timestamp is None else timestamp)

    def _serve(self) -> None:
        fake = self.fake
        with fake._lock:
            fake.in_flight += 1
        try:
            self._handle_one()
        finally:
            with fake._lock:
                fake.in_flight -= 1
                fake._settled.notify_all()

    def _handle_one(self) -> None:
        fake = self.fake
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if len(body) < length:  # the client died mid-request: Google acts on no half request
            return self._drop()
        host = (self.headers.get("Host") or "").split(":")[0]
        req = Incoming(
            self.command,
            host,
            parts.path,
            parse_qs(parts.query, keep_blank_values=True),
            {k.lower(): v for k, v in self.headers.items()},
            body,
            HOSTS.get(host, "?"),
        )
        with fake._lock:
            fake.requests.append(req)
            fake.label(req)
            fault = fake._fault_for(req)
        late = fault is not None and fault.slow_answer
        delay = fake.latency + (fault.delay if fault and not late else 0.0)
        if delay:
            time.sleep(delay)
        if fault is not None:
            req.fault = fault.describe()
            if fault.drop == "before":
                return self._drop()
            if fault.status is not None:
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                error = {
                    "error": {
                        "code": fault.status,
                        "message": "fake: injected failure",
                        "status": "UNAVAILABLE",
                    }
                }
                if fault.reason:
                    error["error"]["errors"] = [
                        {
                            "reason": fault.reason,
                            "domain": "usageLimits",
                            "message": "fake: injected failure",
                        }
                    ]
                req.status = fault.status
                return self._answer(
                    fault.status,
                    {**headers, "Content-Type": "application/json"},
                    json.dumps(error).encode(),
                )
        status, headers, payload = fake.handle(req)
        if late:
            time.sleep(fault.delay)
        if fault is not None and fault.drop == "after":
            return self._drop()
        req.status = status
        self._answer(status, headers, payload)

    def _answer(self, status: int, headers: dict[str, str], payload: bytes) -> None:
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve
