"""Benchmark: how long `sheets-sync check` takes to name each cause of failure.

    python -m bench.bench_check [--only CAUSE,CAUSE]

An office's administrator runs ``check`` when something is wrong, often because the network
is. Each scenario sets up one cause on the fake Google (or a fake proxy, a port nothing
listens on, a host name that cannot resolve), runs the real command in a fresh process, and
prints its wall time, exit status and first finding. Offline: the only name resolved is an
``.invalid`` one (RFC 6761), which no resolver answers. Only measures and prints.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sheets_sync.backends.google.http_client import EMULATOR_ENV
from tests.fake_google import FakeGoogle, Fault
from tests.fake_google.oauth import TESTING_GRANT
from tests.fake_google.proxy import FakeProxy
from tests.google.helpers import OFFICER, SA_EMAIL, TASKS, put_grid, write_config

SCOPES = [
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive.file",
]


@dataclass
class Office:
    """A ready setup on the fake: the sheet shared with the service account, a report folder
    in a shared drive. A scenario breaks one thing in it."""

    fake: FakeGoogle
    folder: Path
    key: dict
    sheet: str
    drive_folder: str
    env: dict[str, str]
    google: dict[str, str]

    @classmethod
    def make(cls, folder: Path) -> Office:
        fake = FakeGoogle().start()
        key = fake.service_account(SA_EMAIL)
        book = fake.create_spreadsheet("KH CCHC", OFFICER, share={SA_EMAIL: "writer"})
        book.sheets[0].title = TASKS
        header = ["STT", "Nhiệm vụ cụ thể", "Cơ quan chủ trì", "Thời gian thực hiện"]
        put_grid(book.sheets[0], [header, [1, "Tin bài", "Văn phòng", "Quý IV/2024"]])
        drive = fake.drive.add_shared_drive("UBND", {SA_EMAIL: "fileOrganizer"})
        reports = fake.drive.add_folder("Báo cáo", shared_drive=drive, created_by=key["client_id"])
        env = {**os.environ, EMULATOR_ENV: f"127.0.0.1:{fake.port}"}
        for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
            env.pop(name, None)
        office = cls(fake, folder, key, book.id, reports.id, env, {})
        office.save_key()
        office.google = {
            "spreadsheet_id": book.id,
            "folder_id": reports.id,
            "credentials": str(folder / "key.json"),
        }
        return office

    def save_key(self) -> None:
        path = self.folder / "key.json"
        path.write_text(json.dumps(self.key))
        path.chmod(0o600)

    def officer(self, testing: bool, days_ago: float) -> None:
        """The jobs act as an officer whose grant was made ``days_ago``."""
        issued = time.time() - days_ago * 86400
        token = self.fake.user_token(self.fake.oauth_client(testing), OFFICER, SCOPES, issued)
        token["authorized_at"] = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(issued))
        if testing:
            ends = time.gmtime(issued + TESTING_GRANT)
            token["refresh_token_expires_at"] = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", ends)
        path = self.folder / "google-token.json"
        path.write_text(json.dumps(token))
        path.chmod(0o600)
        self.fake.drive.files[self.sheet].permissions[OFFICER] = "writer"
        self.google.update(auth="oauth", oauth_token=str(path), folder_id="")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _no_dns(o: Office) -> None:
    o.key["token_uri"] = "https://oauth2.googleapis.invalid/token"
    o.save_key()


def _proxy(**kwargs) -> Callable[[Office], None]:
    def setup(o: Office) -> None:
        proxy = FakeProxy(**kwargs).start()
        o.env.pop(EMULATOR_ENV)
        o.env["HTTPS_PROXY"] = proxy.url

    return setup


def _proxy_down(o: Office) -> None:
    o.env.pop(EMULATOR_ENV)
    o.env["HTTPS_PROXY"] = f"http://127.0.0.1:{closed_port()}"


def _folder_not_shared(o: Office) -> None:
    o.google["folder_id"] = o.fake.drive.add_folder("Báo cáo", OFFICER).id
    o.google["drive_scope"] = "drive"


def _token(fault: Fault) -> Callable[[Office], None]:
    return lambda o: o.fake.fail(fault, where=lambda r: r.api == "oauth", times=1000)


SCENARIOS: dict[str, Callable[[Office], None]] = {
    "ready": lambda o: None,
    "no DNS": _no_dns,
    "connection refused": lambda o: o.env.update({EMULATOR_ENV: f"127.0.0.1:{closed_port()}"}),
    "connection reset": _token(Fault(drop="before")),
    "no answer": _token(Fault(delay=60)),
    "proxy down": _proxy_down,
    "proxy wants a password": _proxy(status=407),
    "proxy refuses Google": _proxy(status=403),
    "HTTPS inspected": _proxy(inspect=True),
    "clock 1 h fast": lambda o: setattr(o.fake, "skew", -3600),
    "key deleted": lambda o: o.fake.oauth.delete_key(SA_EMAIL, o.key["private_key_id"]),
    "account disabled": lambda o: o.fake.oauth.disable_service_account(SA_EMAIL),
    "Sheets API off": lambda o: o.fake.disable_api("sheets"),
    "Drive API off": lambda o: o.fake.disable_api("drive"),
    "sheet not shared": lambda o: o.fake.drive.files[o.sheet].permissions.clear(),
    "folder not shared": _folder_not_shared,
    "grant ends (Testing)": lambda o: o.officer(testing=True, days_ago=1),
    "grant expired (Testing)": lambda o: o.officer(testing=True, days_ago=8),
}


def measure(name: str, folder: Path) -> tuple[float, int, str]:
    office = Office.make(folder)
    try:
        SCENARIOS[name](office)
        config = write_config(folder, **office.google)
        command = [
            str(Path(sys.executable).parent / "sheets-sync"),
            "check",
            "--config",
            str(config),
        ]
        started = time.perf_counter()
        done = subprocess.run(command, env=office.env, capture_output=True, text=True, timeout=900)
        seconds = time.perf_counter() - started
    finally:
        office.fake.stop()  # a request held by "no answer" is left to its daemon thread
    lines = done.stdout.splitlines()
    findings = [line for line in lines if line.startswith(("[LỖI]", "[CẢNH BÁO]"))]
    findings.sort(key=lambda line: not line.startswith("[LỖI]"))  # failures first
    first = (findings or lines or [done.stderr])[0]
    return seconds, done.returncode, first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated causes (default: all)")
    opts = parser.parse_args(argv)
    names = [n for n in SCENARIOS if not opts.only or n in opts.only.split(",")]
    print(
        f"python {platform.python_version()} on {platform.machine()} {platform.system()}, "
        f"{os.cpu_count()} CPUs; {date.today()}"
    )
    print("\n| cause | seconds | exit | first finding |\n|---|---|---|---|")
    for name in names:
        with tempfile.TemporaryDirectory() as folder:
            seconds, code, first = measure(name, Path(folder))
        print(f"| {name} | {seconds:.1f} | {code} | {first[:110]} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
