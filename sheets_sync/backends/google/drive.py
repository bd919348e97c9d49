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

**A document a person edited is never replaced.** Each upload sets the file's ``modifiedTime``
to a stamp of its own and keeps the same stamp in the app property ``sheetsSyncWritten``; Drive
moves ``modifiedTime`` on with any later change (the chairman's corrections, the number the
văn thư typed), so a document whose ``modifiedTime`` is not its stamp was changed after the jobs
wrote it, by ``lastModifyingUser`` — the same test holds when the jobs write with that officer's
own account (``drive_auth = "oauth"``), where ``lastModifyingUser.me`` could not tell. Then the
new version becomes a new Google Doc, "… (cập nhật 20/10/2024)", with the same key, and the
edited one is left as it is; the ``Published`` answer says why and links both, for ``Nhật ký``.
A document written before stamps existed counts as edited when its last modifier is not the
jobs' account.

An upload whose answer never came may still be worked on at Google: before uploading again the
folder is watched for it for as long as the answer was awaited (the session's timeout). Should a
copy land even later, the next ``publish`` of that report keeps the oldest document with the key
and moves the others to the trash.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from typing import Any

import requests

from ...model import Document, Published
from . import urls
from .exceptions import GoogleError, api_error
from .http_client import Ambiguous

log = logging.getLogger("sheets_sync.backends.google")

KEY_PROPERTY = "sheetsSyncKey"
WRITTEN_PROPERTY = "sheetsSyncWritten"  # the modifiedTime the jobs gave the document they wrote
GOOGLE_DOC = "application/vnd.google-apps.document"
FOLDER = "application/vnd.google-apps.folder"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALL_DRIVES = {"supportsAllDrives": "true"}
FILE_FIELDS = (
    "id,name,webViewLink,createdTime,modifiedTime,appProperties,"
    "lastModifyingUser(displayName,emailAddress,me)"
)
CREATE_ATTEMPTS = 4  # creations tried at least, even past the deadline; each after a look


@dataclass(frozen=True)
class DriveDoc:
    id: str
    name: str
    link: str
    key: str = ""  # our key, if the document carries it
    edited: str = ""  # who changed it after the jobs wrote it, and when ('' if nobody did)

    @classmethod
    def of(cls, f: dict[str, Any], zone: tzinfo | None = None) -> DriveDoc:
        props = f.get("appProperties", {})
        return cls(
            f["id"],
            f.get("name", ""),
            f.get("webViewLink", ""),
            props.get(KEY_PROPERTY, ""),
            _edited(f, zone),
        )


def _edited(f: dict[str, Any], zone: tzinfo | None) -> str:
    """'đã được … sửa lúc …' when a person changed the document after the jobs wrote it."""
    props, user = f.get("appProperties", {}), f.get("lastModifyingUser") or {}
    modified, written = _instant(f.get("modifiedTime")), _instant(props.get(WRITTEN_PROPERTY))
    if written is not None:
        changed = modified is not None and modified != written
    else:  # written before stamps, or never by the jobs: only another account's change shows
        changed = bool(props.get(KEY_PROPERTY)) and user.get("me") is False
    if not changed:
        return ""
    who = user.get("displayName") or user.get("emailAddress") or "một người"
    when = f" lúc {modified.astimezone(zone):%H:%M ngày %d/%m/%Y}" if modified else ""
    return f"đã được {who} sửa{when}"


def _instant(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        return None


def _stamp() -> str:
    """A modifiedTime as Drive writes it: UTC, milliseconds, 'Z'."""
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


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
    def __init__(
        self,
        session: requests.Session,
        folder_id: str,
        account: str | None = None,
        zone: tzinfo | None = None,
    ):
        self.session = session
        self.folder_id = folder_id
        self.account = account
        self.zone = zone  # the plan's: the day in the title of a version put beside another

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
        return [DriveDoc.of(f, self.zone) for f in found]

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

    def publish(self, document: Document) -> Published:
        """Update the report's Google Doc in place, or create it; a Doc a person edited after
        the jobs wrote it stays as it is, and the new version becomes a Doc beside it."""
        names = (document.title, document.filename.rsplit(".", 1)[0])
        existing = self._matches(document.key, names)
        if not any(d.key for d in existing):  # none of ours yet: adopt one a person made
            if existing:
                return Published(self.update(existing[0].id, document))
            return Published(self.create(document, names))
        fresh = [d for d in existing if not d.edited]
        for copy in fresh[1:]:  # a second upload of one version (it landed after a resend)
            self._trash(copy, document.key)
        if fresh:
            return Published(self.update(fresh[0].id, document))
        edited = existing[-1]
        day = datetime.now(self.zone).strftime("%d/%m/%Y")
        beside = replace(document, title=f"{document.title} (cập nhật {day})")
        link = self.create(beside, ())
        log.warning(
            "report %s: Google Doc %s %s; left as it is, the new version is %s",
            document.key,
            edited.id,
            edited.edited,
            link,
        )
        return Published(link, edited.edited, edited.link or edited.id)

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
        stamp = _stamp()
        metadata = {
            "name": document.title,
            "mimeType": GOOGLE_DOC,
            "parents": [self.folder_id],
            "modifiedTime": stamp,
            "appProperties": {KEY_PROPERTY: document.key, WRITTEN_PROPERTY: stamp},
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
                if found is not None and not found.edited:  # a person's Doc is never written
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
            self._keep_stamp(data, stamp)
            return data.get("webViewLink") or data["id"]

    def _watch_for(self, key: str, names: tuple[str, ...]) -> DriveDoc | None:
        """Look for a document whose upload got no answer; if it is not there yet, wait as
        long as the answer was awaited (Google may still be converting it) and look again."""
        found = self._unedited(key, names)
        policy = getattr(self.session, "policy", None)
        if found is not None or policy is None:
            return found
        policy.sleep(policy.timeout)
        return self._unedited(key, names)

    def _unedited(self, key: str, names: tuple[str, ...]) -> DriveDoc | None:
        """The oldest document of ``key`` still as the jobs wrote it (an edited one, never)."""
        return next((d for d in self._matches(key, names) if not d.edited), None)

    def update(self, file_id: str, document: Document) -> str:
        """Replace the content of an existing Google Doc (and make sure it carries the key)."""
        stamp = _stamp()
        metadata = {
            "name": document.title,
            "modifiedTime": stamp,
            "appProperties": {KEY_PROPERTY: document.key, WRITTEN_PROPERTY: stamp},
        }
        data = self._upload("PATCH", urls.DRIVE_UPLOAD_FILE % file_id, metadata, document.content)
        log.info("report %s updated in place (Google Doc %s)", document.key, file_id)
        self._keep_stamp(data, stamp)
        return data.get("webViewLink") or data["id"]

    def _keep_stamp(self, data: dict, stamp: str) -> None:
        """Should Drive have given the upload a time of its own, keep that one as the stamp
        (a metadata update that sets ``modifiedTime`` itself), so the next run does not take
        the jobs' own write for a person's edit."""
        given = data.get("modifiedTime")
        if not given or _instant(given) == _instant(stamp):
            return
        log.info(
            "Drive set %s's modifiedTime to %s, not %s: keeping Drive's", data["id"], given, stamp
        )
        self._call(
            "PATCH",
            urls.DRIVE_FILE % urls.path_quote(data["id"]),
            params={**ALL_DRIVES, "fields": "id"},
            json={"modifiedTime": given, "appProperties": {WRITTEN_PROPERTY: given}},
        )

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
