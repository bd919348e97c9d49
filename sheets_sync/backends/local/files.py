"""Files written whole or not at all: a temporary file beside the target, renamed over it.

Usage::

    with replacing(Path("bao-cao/Bao cao quy III.docx")) as tmp:
        tmp.write_bytes(content)           # readers see the old file or the new one, never half

    refuse_read_only(Path("ke-hoach.xlsx"), "sổ kế hoạch / workbook")   # BackendError if so
    raise explained(exc, Path("bao-cao"), "tạo thư mục báo cáo / create the report folder")

    with temp_lock(Path("ke-hoach.xlsx"), ".lock"):   # one writer of the workbook at a time
        ...

**Permissions are respected, even by root.** A workbook or folder an officer made read-only
(``chmod 444``, the Read-only box in Windows) is a decision: the jobs refuse to write it, with
a message, instead of swapping a new file in (which a writable folder would allow) — and the
check is made on the mode bits too, since root (a server run by hand, a container) passes every
permission check of the kernel. Every other ``OSError`` of the file system becomes a
``BackendError`` that says what could not be done and what to do, never a traceback.

A run killed while writing (power cut, SIGKILL, the OOM killer) leaves its temporary file
behind, named ``.<target>.<pid>.<random>.tmp``: hidden on Linux, but plain to see in a shared
folder opened from Windows. The next write beside the same target sweeps away every such file
whose process is gone — never one a running process is still writing (its pid is alive), so two
jobs writing the same workbook at once never remove each other's work.

Two of our processes that read-change-write the same file take ``temp_lock`` on it first.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ...model import BackendError

log = logging.getLogger("sheets_sync.files")

# What each error means for an officer (Vietnamese, with the English in parentheses).
_REASONS = {
    errno.EACCES: "không có quyền ghi (permission denied)",
    errno.EPERM: "không có quyền ghi (permission denied)",
    errno.EROFS: "ổ đĩa chỉ cho đọc (read-only file system)",
    errno.ENOSPC: "ổ đĩa đã đầy (no space left)",
    errno.EDQUOT: "hết hạn mức dung lượng (disk quota exceeded)",
    errno.ENOENT: "không thấy thư mục (no such folder)",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục (not a directory)",
    errno.EEXIST: "đã có một tệp trùng tên (a file is in the way)",
    errno.EISDIR: "đó là một thư mục (is a directory)",
    errno.ENAMETOOLONG: "tên quá dài (name too long)",
}


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


@contextmanager
def temp_lock(path: Path, suffix: str) -> Iterator[None]:
    """Hold an exclusive ``flock`` keyed on ``path`` for the block, waiting for it if need be.

    The lock file, ``sheets-sync-<16 hex><suffix>``, lives in the temp folder, so officers'
    folders stay clean and the lock outlives an ``os.replace`` of ``path`` itself. It is keyed
    on the resolved path, so a file reached through a symlink shares the lock of its target.
    """
    key = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:16]
    lock = Path(tempfile.gettempdir()) / f"sheets-sync-{key}{suffix}"
    with lock.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # released by the kernel if the process dies
        yield


def sweep(target: Path) -> list[Path]:
    """Remove the temporary files of ``target`` that runs which died left behind."""
    removed = []
    for path in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = _pid_of(path.name[len(target.name) + 2 :])
        if pid is None or pid == os.getpid() or _alive(pid):
            continue
        try:
            path.unlink(missing_ok=True)
        except OSError:  # a folder we may not write: the write that follows will say so
            continue
        removed.append(path)
        log.warning("removed %s, left by a run (pid %d) that did not finish", path, pid)
    return removed


def writable(path: Path) -> bool:
    """Whether the jobs may write ``path`` (a file or a folder): the kernel must allow it, and
    some write bit must be set — root passes the kernel's check whatever the mode."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & 0o222)


def refuse_read_only(path: Path, what: str, why: str = "") -> None:
    """``BackendError`` if ``path`` (an existing file or folder) is read-only; ``why`` says
    why the jobs need to write there, when it is not plain."""
    if path.exists() and not writable(path):
        kind = "Thư mục" if path.is_dir() else "Tệp"
        raise BackendError(
            f"{kind} {path} đang đặt chỉ cho đọc (read-only) nên máy không ghi ({what}) và "
            f"không thay đổi gì{why}. Nếu muốn máy ghi, bỏ chế độ chỉ đọc (trên Linux: chmod u+w "
            f"'{path}'; trên Windows: bỏ dấu Read-only trong Properties), rồi chạy lại. "
            f"({path} is read-only: nothing was written.)"
        )


def ensure_folder(folder: Path, what: str) -> None:
    """Make ``folder`` (and its parents) if missing; ``BackendError`` if it cannot be made or
    written into. The nearest existing parent is checked first, as root could make it anyway."""
    parent = folder
    while not parent.exists() and parent.parent != parent:
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise explained(OSError(errno.ENOTDIR, "not a directory"), parent, what)
    refuse_read_only(parent, what)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise explained(exc, folder, what) from None


def explained(exc: OSError, path: Path, what: str) -> BackendError:
    """An ``OSError`` as a message an officer can act on: what failed, where, and why."""
    reason = _REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    where = exc.filename or path
    return BackendError(
        f"Không {what} được tại {where}: {reason}. Kiểm tra quyền ghi và chỗ trống của thư mục "
        f"đó, hoặc chọn thư mục khác (--local, --out, hoặc mục [local] của cấu hình), rồi chạy "
        f"lại. (Could not {what.split(' / ')[-1]} at {where}: {exc.strerror or exc}.)"
    )


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
