"""One run of a job at a time, across processes: an advisory lock file per job and plan.

Usage::

    >>> with job_lock(state_dir / "report-1a2b3c4d5e6f.lock") as lock:
    ...     lock.held                     # run the job
    ...     with job_lock(state_dir / "report-1a2b3c4d5e6f.lock") as again:
    ...         again.held, again.holder.startswith("pid ")   # "pid 4242 since 2024-10-01T…"
    True
    (False, True)

The lock is ``flock(2)`` on an open file, so the kernel releases it when the process holding it
exits for any reason, SIGKILL and power cuts included: a crash never leaves a stale lock. The
file itself stays where it is (removing it would let a newcomer lock a fresh file while an old
run still holds the removed one).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path


class JobLock:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        self.holder = ""  # what the process holding the lock wrote, when we could not take it

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock if it is free; never wait. Returns whether this process now holds it."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.holder = _read(fd)
            os.close(fd)
            return False
        # Say who holds it, for the log line of a process that finds it taken.
        os.ftruncate(fd, 0)
        os.pwrite(
            fd, f"pid {os.getpid()} since {datetime.now().astimezone():%FT%T%z}\n".encode(), 0
        )
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the only descriptor drops the flock
            self._fd = None


@contextmanager
def job_lock(path: str | Path) -> Iterator[JobLock]:
    """Try the lock for the duration of a ``with`` block; ``lock.held`` says if we got it."""
    lock = JobLock(path)
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()


def _read(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode(errors="replace").strip()
    except OSError:
        return ""
