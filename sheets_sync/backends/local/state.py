"""What the local backend remembers beside the reports: how each report was written, and the
``Nhật ký`` rows waiting for a workbook that could not be written.

Usage::

    with FolderState.open(Path("bao-cao")) as state:
        state.wrote("Bao cao quy III - Gia Tan.docx", "report:2024-Q3", content)
        state.unchanged(Path("bao-cao/Bao cao quy III - Gia Tan.docx"))   # True until edited
        state.keep_rows(workbook, "Nhật ký", None, [row])                  # for the next write

It is one small JSON file in the report folder, ``.sheets-sync.json``, because that is the one
place a report run can always write (it has just written the report there): the workbook may be
open in LibreOffice or read-only, and the state folder of the server (``--state-dir``) is not
the one of an officer running ``report`` by hand. It survives restarts and moves with the folder.

* **Reports**: the SHA-256 of each report as the jobs wrote it, and its key. A report whose
  bytes no longer match was edited (opened and saved, typed into); one the file does not know
  (written before this file existed, or by a person) counts as edited too: never replaced.
* **Rows waiting**: ``Nhật ký`` rows of runs that wrote their report but could not write the
  workbook. The next write of that workbook adds them (``LocalBackend.apply``) before its own,
  unless ``Nhật ký`` already holds them — so a row is never lost, and never written twice,
  even if a run dies between writing the workbook and forgetting the rows.

Readers and writers take a lock (``flock``, freed if the process dies) for the whole of a
read-change-write, so two processes never drop each other's entries.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ...cells import Cell
from .files import replacing, temp_lock

log = logging.getLogger("sheets_sync.backends.local")

NAME = ".sheets-sync.json"


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class FolderState:
    def __init__(self, folder: Path, data: dict[str, Any]) -> None:
        self.folder = folder
        self.documents: dict[str, dict[str, str]] = data.get("documents", {})
        self.pending: list[dict[str, Any]] = data.get("pending", [])
        self.changed = False

    @classmethod
    @contextmanager
    def open(cls, folder: Path, *, write: bool = True) -> Iterator[FolderState]:
        """The folder's state, locked; written back when the block changed it (and ends well)."""
        path = folder / NAME
        with temp_lock(path, ".state.lock"):
            state = cls(folder, _load(path))
            yield state
            if write and state.changed:
                state.save()

    def save(self) -> None:
        """Write the state now (whole or not at all)."""
        with replacing(self.folder / NAME) as tmp:
            tmp.write_text(json.dumps(self._data(), ensure_ascii=False, indent=1))
        self.changed = False

    def _data(self) -> dict[str, Any]:
        return {"version": 1, "documents": self.documents, "pending": self.pending}

    # --- reports -------------------------------------------------------------------------------

    def expect(self, filename: str, key: str, content: bytes) -> None:
        """Before a report is written: its file may now hold the old bytes or these. Saved at
        once, so a run killed between this and the write leaves a report that still counts as
        the jobs' own — whichever of the two it holds."""
        entry = self.documents.get(filename, {})
        known = _digests(entry)
        self._record(filename, key, [*known, digest(content)])
        self.save()

    def wrote(self, filename: str, key: str, content: bytes) -> None:
        """After a report is written: its file holds these bytes, as the jobs wrote them."""
        self._record(filename, key, [digest(content)])

    def _record(self, filename: str, key: str, digests: list[str]) -> None:
        self.documents.pop(filename, None)  # the order of entries is the order of writes
        self.documents[filename] = {
            "key": key,
            "sha256": digests,
            "written": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        self.changed = True

    def unchanged(self, path: Path) -> bool:
        """Whether the file at ``path`` is byte for byte as the jobs last wrote it."""
        entry = self.documents.get(path.name)
        if entry is None or not path.is_file():
            return False
        return digest(path.read_bytes()) in _digests(entry)

    def versions(self, key: str) -> list[str]:
        """The files written for ``key``, the latest last."""
        return [name for name, entry in self.documents.items() if entry.get("key") == key]

    # --- Nhật ký rows waiting for the workbook ---------------------------------------------------

    def keep_rows(
        self, workbook: Path, tab: str, header: Sequence[str] | None, rows: Sequence[Sequence[Cell]]
    ) -> None:
        for row in rows:
            self.pending.append(
                {
                    "id": secrets.token_hex(8),
                    "workbook": str(workbook.absolute()),
                    "tab": tab,
                    "header": list(header) if header else None,
                    "row": [_encode(v) for v in row],
                }
            )
        self.changed = True

    def rows_for(self, workbook: Path) -> list[dict[str, Any]]:
        """The rows waiting for ``workbook``, oldest first, values decoded."""
        mine = str(workbook.absolute())
        return [
            {**p, "row": [_decode(v) for v in p["row"]]}
            for p in self.pending
            if p.get("workbook") == mine
        ]

    def forget_rows(self, ids: set[str]) -> None:
        if ids:
            self.pending = [p for p in self.pending if p.get("id") not in ids]
            self.changed = True


def _digests(entry: dict[str, Any]) -> list[str]:
    return list(entry.get("sha256", []))


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        # Unreadable: every report then counts as edited (so none is replaced) and is kept.
        log.warning("cannot read %s (%s): starting afresh", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _encode(value: Cell) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _decode(value: Any) -> Cell:
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return date.fromisoformat(value["date"])
    return value
