"""Files written whole or not at all: a temporary file beside the target, renamed over it.

Usage::

    with replacing(Path("bao-cao/Bao cao quy III.docx")) as tmp:
        tmp.write_bytes(content)           # readers see the old file or the new one, never half

A run killed while writing (power cut, SIGKILL, the OOM killer) leaves its temporary file
behind, named ``.<target>.<pid>.<random>.tmp``: hidden on Linux, but plain to see in a shared
folder opened from Windows. The next write beside the same target sweeps away every such file
whose process is gone — never one a running process is still writing (its pid is alive), so two
jobs writing the same workbook at once never remove each other's work.
"""

from __future__ import annotations

import glob
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("sheets_sync.files")


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; when the block ends, it replaces ``target`` (keeping
    its permissions), or is removed if the block raised."""
    sweep(target)
    fd, name = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
    )
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        keep_mode(target, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def sweep(target: Path) -> list[Path]:
    """Remove the temporary files of ``target`` that runs which died left behind."""
    removed = []
    for path in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = _pid_of(path.name[len(target.name) + 2 :])
        if pid is None or pid == os.getpid() or _alive(pid):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
        log.warning("removed %s, left by a run (pid %d) that did not finish", path, pid)
    return removed


def keep_mode(original: Path, replacement: Path) -> None:
    mode = original.stat().st_mode & 0o777 if original.exists() else 0o644
    os.chmod(replacement, mode)


def _pid_of(rest: str) -> int | None:
    """The pid in '<pid>.<random>.tmp' (None for a name this module did not make)."""
    first = rest.split(".", 1)[0]
    return int(first) if first.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
