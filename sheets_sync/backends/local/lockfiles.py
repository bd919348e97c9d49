"""The lock files office programs leave beside a file they have open: found, read and judged.

Usage::

    lock = find_lock(Path("ke-hoach.xlsx"))   # None when no program says it has the file open
    lock.stale                                # True only when it is surely left by a crash
    raise BackendError(lock.message())        # who has it open, and what to do

**LibreOffice** writes ``.~lock.NAME#`` beside NAME while it has the file open, one line of
five comma-separated fields: the name set in its options (often empty), the system user, the
host, the time it was opened (``DD.MM.YYYY HH:MM``, the host's local time) and its profile
folder, ending with ``;``. Closing the file removes it; a crash or a power cut leaves it behind,
and LibreOffice itself, finding one, offers to open the file anyway.

**Microsoft Office** writes an owner file ``~$NAME`` (Word drops the first one or two letters of
a long name: ``~$o cao quy III.docx``): the user name of whoever opened it, first in one byte per
letter after a length byte, then again in UTF-16. It names no host and no time.

**Stale** means surely left over, never "probably". The file names the host, the user and a
time but no process, so what can be known is this: a LibreOffice lock that names *this*
machine is stale when the lock is older than the machine's last boot, or when no LibreOffice
process of the user it names runs here. A lock naming another machine (an officer's PC
opening the workbook through a shared folder) and any owner file of Microsoft Office may be
live: nothing here can tell, so the message names who and where, and which file to delete if
nobody has it open there.
Either way nothing is written while it is there: the jobs never guess that an officer is done.
"""

from __future__ import annotations

import pwd
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

LIBREOFFICE = "LibreOffice"
MS_OFFICE = "Microsoft Office"
_LO_PROCESSES = {"soffice.bin", "soffice", "oosplash", "libreoffice"}


@dataclass(frozen=True)
class OfficeLock:
    file: Path  # the lock file itself
    target: Path  # the file it locks
    program: str
    user: str = ""
    host: str = ""  # empty when the lock file does not say
    since: datetime | None = None  # when the file was opened, as the lock says
    stale: bool = False
    why_stale: str = ""  # what shows it is left over

    def message(self) -> str:
        """What an officer reads: who has the file open, and what to do about it."""
        who = ", ".join(
            part
            for part in (
                f"người mở: {self.user}" if self.user else "",
                f"máy: {self.host}" if self.host else "",
                f"từ {self.since:%H:%M ngày %d/%m/%Y}" if self.since else "",
            )
            if part
        )
        who = f" ({who})" if who else ""
        if self.stale:
            return (
                f"Tệp khóa {self.file} còn sót lại từ một lần {self.program} tắt đột ngột{who}: "
                f"{self.why_stale}, nên không ai đang mở {self.target.name}. Xóa tệp khóa đó "
                f"rồi chạy lại; máy không ghi gì khi còn tệp này. (Stale {self.program} lock "
                f"file left by a crash: delete {self.file} and run again.)"
            )
        where = f" trên máy {self.host}" if self.host else ""
        on = f" on {self.host}" if self.host else ""
        return (
            f"Tệp {self.target.name} đang được mở bằng {self.program}{who} — đóng tệp rồi chạy "
            f"lại, để không ai mất phần vừa sửa (máy không ghi gì, và sẽ ghi ở lần chạy sau). "
            f"Nếu chắc chắn không còn ai mở tệp{where}, xóa tệp khóa {self.file}. "
            f"(The file is open in {self.program}{on}: close it and run again, or delete "
            f"{self.file} if nobody has it open.)"
        )


def find_lock(path: Path) -> OfficeLock | None:
    """The lock file an office program left beside ``path``, if there is one."""
    folder, name = path.parent, path.name
    libre = folder / f".~lock.{name}#"
    if libre.is_file():
        return _libreoffice(libre, path)
    for owner in dict.fromkeys(folder / f"~${n}" for n in (name, name[1:], name[2:]) if n):
        if owner.is_file():
            return OfficeLock(owner, path, MS_OFFICE, user=_owner_name(owner))
    return None


def _libreoffice(lock: Path, target: Path) -> OfficeLock:
    try:
        text = lock.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    fields = text.strip().rstrip(";").split(",")
    fields += [""] * (5 - len(fields))
    name, user, host, opened = (f.strip() for f in fields[:4])
    why = _why_stale(lock, host, user)
    since = _opened(opened)
    return OfficeLock(lock, target, LIBREOFFICE, name or user, host, since, bool(why), why)


def _opened(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%d.%m.%Y %H:%M")
    except ValueError:
        return None


def _why_stale(lock: Path, host: str, user: str) -> str:
    """Why a LibreOffice lock is surely left over (empty when it may be live)."""
    if not host or not _is_this_machine(host):
        return ""
    booted = boot_time()
    try:
        made = datetime.fromtimestamp(lock.stat().st_mtime)
    except OSError:
        return ""
    if booted is not None and made < booted:
        return f"máy này đã khởi động lại lúc {booted:%H:%M ngày %d/%m/%Y}, sau khi tệp được mở"
    if not libreoffice_running(user):
        whose = f" của người dùng {user}" if user else ""
        return f"trên máy này không còn LibreOffice nào{whose} đang chạy"
    return ""


def _is_this_machine(host: str) -> bool:
    here = socket.gethostname().lower()
    there = host.lower()
    return there == here or there.split(".")[0] == here.split(".")[0]


def boot_time() -> datetime | None:
    """When this machine last started (Linux: ``btime`` of /proc/stat)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("btime "):
                    return datetime.fromtimestamp(int(line.split()[1]))
    except (OSError, ValueError):
        pass
    return None


def libreoffice_running(user: str = "") -> bool:
    """Whether a LibreOffice process of ``user`` (the system user a lock names; anyone's if
    empty) runs on this machine. Where processes cannot be listed (no /proc), it answers True:
    a lock is then never called stale."""
    proc = Path("/proc")
    if not (proc / "self").exists():
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            comm = (entry / "comm").read_text(encoding="utf-8", errors="replace").strip()
            owner = entry.stat().st_uid
        except OSError:
            continue  # it ended meanwhile
        if comm in _LO_PROCESSES and (not user or _user_name(owner) == user):
            return True
    return False


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _owner_name(path: Path) -> str:
    """The user name in a Microsoft Office owner file (UTF-16 copy preferred), if readable."""
    try:
        data = path.read_bytes()[:512]
    except OSError:
        return ""
    if not data or data[0] == 0 or len(data) < 1 + data[0]:
        return ""
    size = data[0]
    for at in range(size + 1, min(len(data) - 2, 64)):  # after the padded one-byte copy
        if data[at] == size and data[at + 1] == 0:
            wide = data[at + 2 : at + 2 + 2 * size]
            try:
                name = wide.decode("utf-16-le")
            except UnicodeDecodeError:
                continue
            if len(name) == size and name.isprintable():
                return name.strip()
    return data[1 : 1 + size].decode("cp1252", errors="replace").strip()
