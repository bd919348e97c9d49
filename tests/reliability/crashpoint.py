"""Run the ``sheets-sync`` command and kill it with SIGKILL at its Nth I/O point (test only).

Usage::

    python -m tests.reliability.crashpoint --at 5 --watch DIR -- flag --local DIR/plan.xlsx ...
    python -m tests.reliability.crashpoint --at 0 --list points.txt --watch DIR -- flag ...

The points are CPython audit events that every write of the product goes through: a file
opened for writing (``open``), a rename or replace (``os.rename``), ``os.chmod``, ``os.remove``
and ``os.mkdir`` under a ``--watch``ed folder, and every chunk sent to Google
(``http.client.send``: request headers and body go separately, so a kill between them leaves a
request cut short). At the Nth point the process kills itself, as the OOM killer or a power cut
would: no ``finally``, no ``atexit``. With ``--at 0`` nothing is killed and ``--list`` gets one
line per point, to choose N from.

This module is the hook: nothing in ``sheets_sync`` knows about it, so production has none.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
FILE_EVENTS = {"os.rename", "os.chmod", "os.remove", "os.mkdir"}


def _writes(args: tuple) -> bool:
    mode, flags = (args[1], args[2]) if len(args) >= 3 else (None, 0)
    if isinstance(mode, str):
        return any(ch in mode for ch in "wax+")
    return bool(isinstance(flags, int) and flags & WRITE_FLAGS)


class CrashPoints:
    def __init__(self, at: int, watched: list[Path]) -> None:
        self.at = at
        self.watched = [str(p.resolve()) for p in watched]
        self.seen: list[str] = []

    def __call__(self, event: str, args: tuple) -> None:
        point = self._point(event, args)
        if point is None:
            return
        self.seen.append(point)
        if len(self.seen) == self.at:
            os.kill(os.getpid(), signal.SIGKILL)

    def _point(self, event: str, args: tuple) -> str | None:
        if event == "http.client.send":
            return "send"
        if event == "open" and args and _writes(args):
            return self._under(event, args[0])
        if event in FILE_EVENTS and args:
            return self._under(event, args[0])
        return None

    def _under(self, event: str, path: object) -> str | None:
        if not isinstance(path, str | bytes | os.PathLike):
            return None  # an open file descriptor
        full = os.path.abspath(os.fsdecode(path))
        if any(full.startswith(folder) for folder in self.watched):
            return f"{event} {os.path.basename(full)}"
        return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at", type=int, required=True, help="kill at this point (0: never)")
    parser.add_argument("--watch", type=Path, action="append", default=[])
    parser.add_argument("--list", type=Path, help="write the points seen to this file")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    command = options.command[1:] if options.command[:1] == ["--"] else options.command

    from sheets_sync.cli import main as sheets_sync

    points = CrashPoints(options.at, options.watch)
    sys.addaudithook(points)
    try:
        sheets_sync.main(command, prog_name="sheets-sync")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    else:  # pragma: no cover - click always ends with SystemExit
        code = 0
    if options.list:
        options.list.write_text("".join(f"{p}\n" for p in points.seen), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
