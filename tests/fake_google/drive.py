"""The Drive v3 part of the fake: files, folders and shared drives, with Google's access rules.

What it enforces because production depends on it:

* a service account may not own a new file outside a shared drive: 403 ``storageQuotaExceeded``
  (Drive's answer since April 2025);
* files in a shared drive are invisible (404) unless the call says ``supportsAllDrives=true``,
  and are listed only with ``includeItemsFromAllDrives=true``;
* with the ``drive.file`` scope an app sees only the files it created;
* ``appProperties`` are private to the app (OAuth client) that set them;
* a .docx uploaded with ``mimeType=application/vnd.google-apps.document`` becomes a Google Doc,
  and must really be a .docx.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from . import fields
from .errors import drive_error
from .oauth import Principal

FOLDER = "application/vnd.google-apps.folder"
DOC = "application/vnd.google-apps.document"
SHEET = "application/vnd.google-apps.spreadsheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WRITE_ROLES = {"owner", "organizer", "fileOrganizer", "writer"}
DEFAULT_FIELDS = "kind,id,name,mimeType"
DRIVE_SCOPE = "https://www.googleapis.com/auth/drive"
FILE_SCOPE = "https://www.googleapis.com/auth/drive.file"
QUOTA_MESSAGE = (
    "Service Accounts do not have storage quota. Leverage shared drives "
    "(https://developers.google.com/workspace/drive/api/guides/about-shareddrives), or use OAuth "
    "delegation (http://support.google.com/a/answer/7281227) instead."
)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def new_id(length: int = 33) -> str:
    return ("1" + secrets.token_urlsafe(length))[:length]


@dataclass
class SharedDrive:
    id: str
    name: str
    members: dict[str, str] = field(default_factory=dict)  # email -> role


@dataclass
class DriveFile:
    id: str
    name: str
    mime_type: str
    parents: list[str] = field(default_factory=list)
    drive_id: str | None = None
    owner: str | None = None  # None in a shared drive: the drive owns it
    created_by: str | None = None  # OAuth client id of the app that created it
    app_properties: dict[str, dict[str, str]] = field(default_factory=dict)  # per app
    properties: dict[str, str] = field(default_factory=dict)
    description: str | None = None
    content: bytes | None = None
    permissions: dict[str, str] = field(default_factory=dict)  # email -> role
    created: str = field(default_factory=now)
    modified: str = field(default_factory=now)
    modified_by: str | None = None  # e-mail of the last account that changed it
    version: int = 1
    trashed: bool = False

    def edit(self, by: str, content: bytes | None = None) -> None:
        """A person types into the document in Docs: Drive moves modifiedTime on and names
        them in lastModifyingUser, whatever app properties the file carries."""
        if content is not None:
            self.content = content
        self.touch(by)

    def touch(self, by: str | None, when: str | None = None) -> None:
        self.version += 1
        self.modified = when or now()
        self.modified_by = by


class Drive:
    def __init__(self) -> None:
        self.files: dict[str, DriveFile] = {}
        self.drives: dict[str, SharedDrive] = {}

    # --- setup helpers for tests ------------------------------------------------------------

    def add_shared_drive(self, name: str, members: dict[str, str]) -> SharedDrive:
        drive = SharedDrive(new_id(19), name, dict(members))
        self.drives[drive.id] = drive
        return drive

    def add_folder(
        self,
        name: str,
        owner: str | None = None,
        *,
        shared_drive: SharedDrive | None = None,
        share: dict[str, str] | None = None,
        created_by: str | None = None,
    ) -> DriveFile:
        return self.add_file(
            name, FOLDER, owner=owner, shared_drive=shared_drive, share=share, created_by=created_by
        )

    def add_file(
        self,
        name: str,
        mime_type: str,
        owner: str | None = None,
        *,
        parent: DriveFile | None = None,
        shared_drive: SharedDrive | None = None,
        share: dict[str, str] | None = None,
        content: bytes | None = None,
        created_by: str | None = None,
        file_id: str | None = None,
    ) -> DriveFile:
        drive_id = shared_drive.id if shared_drive else (parent.drive_id if parent else None)
        parents = [parent.id] if parent else ([shared_drive.id] if shared_drive else [])
        f = DriveFile(
            file_id or new_id(),
            name,
            mime_type,
            parents,
            drive_id,
            None if drive_id else owner,
            created_by,
            content=content,
            permissions=dict(share or {}),
        )
        self.files[f.id] = f
        return f

    def children(self, folder: DriveFile) -> list[DriveFile]:
        return [f for f in self.files.values() if folder.id in f.parents and not f.trashed]

    # --- access ---------------------------------------------------------------------------------

    def role(self, who: Principal, f: DriveFile) -> str | None:
        if f.owner and f.owner == who.email:
            return "owner"
        if who.email in f.permissions:
            return f.permissions[who.email]
        if f.drive_id and f.drive_id in self.drives:
            member = self.drives[f.drive_id].members.get(who.email)
            if member:
                return member
        for parent_id in f.parents:
            parent = self.files.get(parent_id)
            if parent is not None:
                inherited = self.role(who, parent)
                if inherited:
                    return inherited
        return None

    def scope_allows(self, who: Principal, f: DriveFile) -> bool:
        if DRIVE_SCOPE in who.scopes:
            return True
        return FILE_SCOPE in who.scopes and f.created_by == who.client_id

    def visible(self, who: Principal, f: DriveFile, all_drives: bool) -> bool:
        if f.drive_id and not all_drives:
            return False
        return self.role(who, f) is not None and self.scope_allows(who, f)

    def find(
        self, who: Principal, file_id: str, all_drives: bool, write: bool = False
    ) -> DriveFile:
        f = self.files.get(file_id)
        if f is None and file_id in self.drives and all_drives:
            f = DriveFile(
                file_id, self.drives[file_id].name, FOLDER, drive_id=file_id
            )  # drive root
        if f is None or (
            not self.visible(who, f, all_drives)
            and not (f.id in self.drives and self.drives[f.id].members.get(who.email))
        ):
            raise drive_error(404, "notFound", f"File not found: {file_id}.", location="fileId")
        if (
            write
            and self.role(who, f) not in WRITE_ROLES
            and not (
                f.id in self.drives and self.drives[f.id].members.get(who.email) in WRITE_ROLES
            )
        ):
            raise drive_error(
                403,
                "insufficientFilePermissions",
                "The user does not have sufficient permissions for this file.",
            )
        return f

    # --- JSON -------------------------------------------------------------------------------------

    def to_json(self, f: DriveFile, who: Principal) -> dict:
        out: dict[str, Any] = {
            "kind": "drive#file",
            "id": f.id,
            "name": f.name,
            "mimeType": f.mime_type,
            "parents": list(f.parents),
            "createdTime": f.created,
            "modifiedTime": f.modified,
            "version": str(f.version),
            "trashed": f.trashed,
            "webViewLink": _link(f),
            "capabilities": {
                "canEdit": self.role(who, f) in WRITE_ROLES,
                "canAddChildren": f.mime_type == FOLDER and self.role(who, f) in WRITE_ROLES,
            },
        }
        if f.drive_id:
            out["driveId"] = f.drive_id
        by = f.modified_by or f.owner
        if by:
            out["lastModifyingUser"] = {
                "kind": "drive#user",
                "displayName": by.split("@")[0],
                "emailAddress": by,
                "me": by == who.email,
            }
        if f.owner:
            out["owners"] = [
                {"kind": "drive#user", "emailAddress": f.owner, "me": f.owner == who.email}
            ]
        props = f.app_properties.get(who.client_id or "")
        if props:
            out["appProperties"] = dict(props)
        if f.properties:
            out["properties"] = dict(f.properties)
        if f.description:
            out["description"] = f.description
        if f.content is not None and not f.mime_type.startswith("application/vnd.google-apps"):
            out["size"] = str(len(f.content))
        return out


def _link(f: DriveFile) -> str:
    if f.mime_type == DOC:
        return f"https://docs.google.com/document/d/{f.id}/edit?usp=drivesdk"
    if f.mime_type == SHEET:
        return f"https://docs.google.com/spreadsheets/d/{f.id}/edit?usp=drivesdk"
    if f.mime_type == FOLDER:
        return f"https://drive.google.com/drive/folders/{f.id}"
    return f"https://drive.google.com/file/d/{f.id}/view?usp=drivesdk"


# --- the files.list query language -------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:('(?:[^'\\]|\\.)*')|(!=|<=|>=|[=<>{}()])|([A-Za-z_][\w.]*))")


class QueryError(ValueError):
    pass


def _tokens(q: str) -> list[str]:
    out, i = [], 0
    while i < len(q):
        if q[i:].strip() == "":
            break
        m = _TOKEN.match(q, i)
        if not m:
            raise QueryError(q)
        out.append(m.group(0).strip())
        i = m.end()
    return out


def _unquote(token: str) -> str:
    if not (token.startswith("'") and token.endswith("'")):
        raise QueryError(token)
    return re.sub(r"\\(.)", r"\1", token[1:-1])


class Query:
    """Parses q into a predicate over (file, app client id)."""

    def __init__(self, q: str) -> None:
        self.toks = _tokens(q)
        self.i = 0
        self.pred = self._or() if self.toks else (lambda f, app: True)
        if self.i != len(self.toks):
            raise QueryError(q)

    def _peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _take(self, expected: str | None = None) -> str:
        tok = self._peek()
        if tok is None or (expected is not None and tok.lower() != expected):
            raise QueryError(expected or "end")
        self.i += 1
        return tok

    def _or(self):
        left = self._and()
        while (self._peek() or "").lower() == "or":
            self._take()
            right = self._and()
            left = (lambda a, b: lambda f, app: a(f, app) or b(f, app))(left, right)
        return left

    def _and(self):
        left = self._not()
        while (self._peek() or "").lower() == "and":
            self._take()
            right = self._not()
            left = (lambda a, b: lambda f, app: a(f, app) and b(f, app))(left, right)
        return left

    def _not(self):
        if (self._peek() or "").lower() == "not":
            self._take()
            inner = self._not()
            return lambda f, app: not inner(f, app)
        if self._peek() == "(":
            self._take()
            inner = self._or()
            self._take(")")
            return inner
        return self._term()

    def _term(self):
        first = self._take()
        if first.startswith("'"):
            value = _unquote(first)
            self._take("in")
            collection = self._take()
            if collection == "parents":
                return lambda f, app: value in f.parents
            if collection in ("owners", "writers", "readers"):
                return lambda f, app: f.owner == value or value in f.permissions
            raise QueryError(collection)
        name = first
        op = self._take().lower()
        if name in ("appProperties", "properties") and op == "has":
            self._take("{")
            self._take("key")
            self._take("=")
            key = _unquote(self._take())
            self._take("and")
            self._take("value")
            self._take("=")
            value = _unquote(self._take())
            self._take("}")
            if name == "appProperties":
                return lambda f, app: f.app_properties.get(app or "", {}).get(key) == value
            return lambda f, app: f.properties.get(key) == value
        raw = self._take()
        getters = {
            "name": lambda f: f.name,
            "mimeType": lambda f: f.mime_type,
            "trashed": lambda f: f.trashed,
        }
        if name not in getters:
            raise QueryError(name)
        get = getters[name]
        value: Any = raw.lower() == "true" if name == "trashed" else _unquote(raw)
        if op == "=":
            return lambda f, app: get(f) == value
        if op == "!=":
            return lambda f, app: get(f) != value
        if op == "contains" and name == "name":
            return lambda f, app: value.lower() in get(f).lower()
        raise QueryError(op)


def invalid_query() -> Exception:
    return drive_error(400, "invalid", "Invalid Value", location="q")


# --- uploads --------------------------------------------------------------------------------------


def parse_upload(
    content_type: str, body: bytes, upload_type: str | None
) -> tuple[dict, bytes | None, str | None]:
    """(metadata, media, media type) from a simple (media) or multipart/related upload."""
    if upload_type == "media":
        return {}, body, content_type.split(";")[0].strip() or None
    if upload_type != "multipart":
        raise drive_error(
            400, "badRequest", f"Invalid upload type: {upload_type!r}", location="uploadType"
        )
    if not content_type.startswith("multipart/related"):
        raise drive_error(400, "badContent", "Multipart upload must be multipart/related")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    parts = list(message.iter_parts())
    if len(parts) != 2:
        raise drive_error(400, "badContent", "Multipart upload needs metadata and media parts")
    meta_part, media_part = parts
    if meta_part.get_content_type() != "application/json":
        raise drive_error(400, "badContent", "The first part must be application/json metadata")
    try:
        metadata = json.loads(meta_part.get_payload(decode=True) or b"{}")
    except ValueError:
        raise drive_error(400, "parseError", "Parse Error") from None
    return metadata, media_part.get_payload(decode=True), media_part.get_content_type()


def check_docx(media: bytes | None) -> None:
    """Google converts only what it can read: the media must be a real .docx."""
    try:
        with zipfile.ZipFile(io.BytesIO(media or b"")) as zf:
            zf.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise drive_error(400, "badContent", "The uploaded file could not be converted.") from None


def file_fields(query: dict[str, list[str]], default: str = DEFAULT_FIELDS) -> fields.Mask:
    return fields.parse((query.get("fields") or [default])[0])
