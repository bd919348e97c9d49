"""Reports in the shared Drive folder: native Google Docs, found again by key, updated in place.

Usage::

    folder = DriveFolder(session, "1AbC…folder", account="jobs@x.iam.gserviceaccount.com")
    link = folder.publish(document)    # creates the Google Doc, or updates the one it made before

Each report is uploaded from its .docx as ``multipart/related`` with
``mimeType=application/vnd.google-apps.document``, so Drive converts it into a Google Doc. Its
app property ``sheetsSyncKey`` (e.g. ``report:2024-Q3``) finds it again on the next run, which
updates it in place (a PATCH upload): re-running never makes a copy. A Google Doc that a person
created in the folder under the report's title is adopted the same way — the way out for a
service account, which may not own new files (see ``exceptions.storage_quota_message``).
Every call says ``supportsAllDrives=true``, so shared drives work.

An upload whose answer never came may still be worked on at Google: before uploading again the
folder is watched for it for as long as the answer was awaited (the session's timeout). Should a
copy land even later, the next ``publish`` of that report keeps the oldest document with the key
and moves the others to the trash.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from typing import Any

import requests

from ...model import Document
from . import urls
from .exceptions import GoogleError, api_error
from .http_client import Ambiguous

log = logging.getLogger("sheets_sync.backends.google")

KEY_PROPERTY = "sheetsSyncKey"
GOOGLE_DOC = "application/vnd.google-apps.document"
FOLDER = "application/vnd.google-apps.folder"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALL_DRIVES = {"supportsAllDrives": "true"}
FILE_FIELDS = "id,name,webViewLink,createdTime,appProperties"
CREATE_ATTEMPTS = 4  # creations tried at least, even past the deadline; each after a look


@dataclass(frozen=True)
class DriveDoc:
    id: str
    name: str
    link: str


@dataclass(frozen=True)
class FolderInfo:
    id: str
    name: str
    shared_drive: str | None  # the shared drive's id, if the folder lives in one
    can_add: bool


def _q(text: str) -> str:
    """A value quoted for a Drive query."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class DriveFolder:
    def __init__(self, session: requests.Session, folder_id: str, account: str | None = None):
        self.session = session
        self.folder_id = folder_id
        self.account = account

    # --- looking ------------------------------------------------------------------------------

    def info(self) -> FolderInfo:
        data = self._call(
            "GET",
            urls.DRIVE_FILE % urls.path_quote(self.folder_id),
            params={**ALL_DRIVES, "fields": "id,name,mimeType,driveId,capabilities"},
        )
        if data.get("mimeType") != FOLDER:
            raise GoogleError(
                f"{self.folder_id} không phải là thư mục Drive. ({self.folder_id} is not a folder.)"
            )
        return FolderInfo(
            data["id"],
            data.get("name", ""),
            data.get("driveId"),
            bool(data.get("capabilities", {}).get("canAddChildren")),
        )

    def find(self, key: str, names: tuple[str, ...] = ()) -> DriveDoc | None:
        """The document with this key; else a Google Doc a person made here under one of
        ``names`` (it is adopted: the next publish gives it the key). One files.list."""
        found = self._matches(key, names)
        return found[0] if found else None

    def _matches(self, key: str, names: tuple[str, ...]) -> list[DriveDoc]:
        """The documents that answer to ``key`` (else to ``names``), oldest first."""
        by_key = f"appProperties has {{ key={_q(KEY_PROPERTY)} and value={_q(key)} }}"
        wanted = by_key
        if names:
            by_name = " or ".join(f"name = {_q(n)}" for n in names)
            wanted = f"{by_key} or (mimeType = {_q(GOOGLE_DOC)} and ({by_name}))"
        found = self._list(f"{_q(self.folder_id)} in parents and trashed = false and ({wanted})")
        keyed = [f for f in found if f.get("appProperties", {}).get(KEY_PROPERTY) == key]
        found = sorted(keyed or found, key=lambda f: f.get("createdTime", ""))
        if len(found) > 1:
            log.warning("%d documents answer to %s; the oldest is the report", len(found), key)
        return [DriveDoc(f["id"], f.get("name", ""), f.get("webViewLink", "")) for f in found]

    def _list(self, q: str) -> list[dict[str, Any]]:
        params = {
            **ALL_DRIVES,
            "includeItemsFromAllDrives": "true",
            "corpora": "allDrives",
            "q": q,
            "fields": f"files({FILE_FIELDS})",
            "pageSize": "10",
        }
        return self._call("GET", urls.DRIVE_FILES, params=params).get("files", [])

    # --- writing ---------------------------------------------------------------------------------

    @classmethod
    def create_folder(
        cls, session: requests.Session, name: str, parent: str | None, account: str | None = None
    ) -> DriveFolder:
        """The folder ``name`` in ``parent`` (a folder or shared drive id; None: My Drive),
        made by the jobs themselves so that the ``drive.file`` scope reaches it. Reused if the
        jobs made it before."""
        maker = cls(session, parent or "root", account)
        q = f"name = {_q(name)} and mimeType = {_q(FOLDER)} and trashed = false"
        if parent:
            q += f" and {_q(parent)} in parents"
        for found in maker._list(q):
            return cls(session, found["id"], account)
        metadata: dict[str, Any] = {"name": name, "mimeType": FOLDER}
        if parent:
            metadata["parents"] = [parent]
        for _ in range(CREATE_ATTEMPTS):
            try:
                data = maker._call("POST", urls.DRIVE_FILES, params=ALL_DRIVES, json=metadata)
            except Ambiguous:
                again = maker._list(q)
                if again:
                    return cls(session, again[0]["id"], account)
                continue
            return cls(session, data["id"], account)
        raise GoogleError(f"Không tạo được thư mục {name}. (Could not create folder {name}.)")

    def publish(self, document: Document) -> str:
        names = (document.title, document.filename.rsplit(".", 1)[0])
        existing = self._matches(document.key, names)
        for copy in existing[1:]:
            self._trash(copy, document.key)
        if existing:
            return self.update(existing[0].id, document)
        return self.create(document, names)

    def _trash(self, copy: DriveDoc, key: str) -> None:
        """A second document for one report (an upload that landed after it was sent again)."""
        log.warning("moving %s (%s), a second copy of %s, to the trash", copy.name, copy.id, key)
        self._call(
            "PATCH",
            urls.DRIVE_FILE % urls.path_quote(copy.id),
            params={**ALL_DRIVES, "fields": "id"},
            json={"trashed": True},
        )

    def create(self, document: Document, names: tuple[str, ...] = ()) -> str:
        metadata = {
            "name": document.title,
            "mimeType": GOOGLE_DOC,
            "parents": [self.folder_id],
            "appProperties": {KEY_PROPERTY: document.key},
        }
        policy = getattr(self.session, "policy", None)
        give_up = policy.clock() + policy.deadline if policy is not None else None
        attempt = 0
        while True:
            attempt += 1
            try:
                data = self._upload("POST", urls.DRIVE_UPLOAD, metadata, document.content)
            except Ambiguous as exc:
                # The upload may have gone through, or may still: look before sending it again.
                log.warning("creating %s: %s; checking the folder (%d)", document.key, exc, attempt)
                found = self._watch_for(document.key, names)
                if found is not None:
                    return self.update(found.id, document)
                # Like every other request, keep trying until the deadline (but at least a few
                # times): each try is safe, since the folder was looked at first.
                if attempt >= CREATE_ATTEMPTS and (give_up is None or policy.clock() >= give_up):
                    raise GoogleError(
                        f"Không tải được báo cáo {document.key} lên Drive sau {attempt} lần thử "
                        f"— chạy lại sau. (Could not upload {document.key} after {attempt} "
                        "attempts.)"
                    ) from exc
                continue
            log.info("report %s created as Google Doc %s", document.key, data.get("id"))
            return data.get("webViewLink") or data["id"]

    def _watch_for(self, key: str, names: tuple[str, ...]) -> DriveDoc | None:
        """Look for a document whose upload got no answer; if it is not there yet, wait as
        long as the answer was awaited (Google may still be converting it) and look again."""
        found = self.find(key, names)
        policy = getattr(self.session, "policy", None)
        if found is not None or policy is None:
            return found
        policy.sleep(policy.timeout)
        return self.find(key, names)

    def update(self, file_id: str, document: Document) -> str:
        """Replace the content of an existing Google Doc (and make sure it carries the key)."""
        metadata = {"name": document.title, "appProperties": {KEY_PROPERTY: document.key}}
        data = self._upload("PATCH", urls.DRIVE_UPLOAD_FILE % file_id, metadata, document.content)
        log.info("report %s updated in place (Google Doc %s)", document.key, file_id)
        return data.get("webViewLink") or data["id"]

    def _upload(self, method: str, url: str, metadata: dict, content: bytes) -> dict:
        boundary = "sheets-sync-" + secrets.token_hex(12)
        body = b"".join(
            [
                f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n".encode(),
                json.dumps(metadata, ensure_ascii=False).encode(),
                f"\r\n--{boundary}\r\nContent-Type: {DOCX}\r\n\r\n".encode(),
                content,
                f"\r\n--{boundary}--".encode(),
            ]
        )
        params = {**ALL_DRIVES, "uploadType": "multipart", "fields": FILE_FIELDS}
        headers = {"Content-Type": f"multipart/related; boundary={boundary}"}
        return self._call(method, url, params=params, data=body, headers=headers)

    def _call(self, method: str, url: str, **kwargs: Any) -> dict:
        response = self.session.request(method, url, **kwargs)
        if not response.ok:
            raise api_error(
                response,
                what="thư mục hoặc tài liệu Drive / Drive folder or document",
                ident=self.folder_id,
                account=self.account,
            )
        return response.json() if response.content else {}
