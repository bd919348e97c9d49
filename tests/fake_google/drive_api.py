"""Drive v3 routes of the fake: files.get/list/create/update/delete (metadata and uploads)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import fields, schema
from .drive import (
    DOC,
    DOCX,
    FOLDER,
    QUOTA_MESSAGE,
    SHEET,
    WRITE_ROLES,
    DriveFile,
    Query,
    QueryError,
    check_docx,
    file_fields,
    invalid_query,
    new_id,
    parse_upload,
)
from .errors import drive_error, invalid
from .oauth import Principal

if TYPE_CHECKING:
    from .server import FakeGoogle, Incoming


def _flag(query: dict[str, list[str]], name: str) -> bool:
    return (query.get(name) or ["false"])[0].lower() == "true"


def _mask(f: DriveFile, state: FakeGoogle, who: Principal, query) -> dict:
    return fields.apply(state.drive.to_json(f, who), file_fields(query))


def files_get(state: FakeGoogle, who: Principal, query, req: Incoming, *, fileId: str) -> dict:
    f = state.drive.find(who, fileId, _flag(query, "supportsAllDrives"))
    return _mask(f, state, who, query)


def drives_get(state: FakeGoogle, who: Principal, query, req: Incoming, *, driveId: str) -> dict:
    drive = state.drive.drives.get(driveId)
    if drive is None or who.email not in drive.members:
        raise drive_error(404, "notFound", f"Shared drive not found: {driveId}", location="driveId")
    out = {"kind": "drive#drive", "id": drive.id, "name": drive.name}
    return fields.apply(out, fields.parse((query.get("fields") or ["kind,id,name"])[0]))


def files_list(state: FakeGoogle, who: Principal, query, req: Incoming) -> dict:
    all_drives = _flag(query, "includeItemsFromAllDrives")
    if all_drives and not _flag(query, "supportsAllDrives"):
        raise drive_error(
            403,
            "teamDrivesParameterNotSupported",
            "The includeItemsFromAllDrives "
            "parameter may only be set to true when supportsAllDrives is true.",
        )
    try:
        predicate = Query((query.get("q") or [""])[0]).pred
    except QueryError:
        raise invalid_query() from None
    corpora = (query.get("corpora") or ["user"])[0]
    drive_id = (query.get("driveId") or [None])[0]
    if corpora == "drive" and not drive_id:
        raise drive_error(
            400, "invalid", "The driveId parameter must be specified.", location="driveId"
        )
    found = [
        f
        for f in state.drive.files.values()
        if state.drive.visible(who, f, all_drives)
        and (corpora != "drive" or f.drive_id == drive_id)
        and predicate(f, who.client_id)
    ]
    size = min(int((query.get("pageSize") or ["100"])[0]), 1000)
    start = int((query.get("pageToken") or ["0"])[0])
    page = found[start : start + size]
    out: dict[str, Any] = {
        "kind": "drive#fileList",
        "incompleteSearch": False,
        "files": [state.drive.to_json(f, who) for f in page],
    }
    if start + size < len(found):
        out["nextPageToken"] = str(start + size)
    mask = fields.parse(
        (
            query.get("fields")
            or ["kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)"]
        )[0]
    )
    return fields.apply(out, mask)


def _parent(state: FakeGoogle, who: Principal, parent_id: str, all_drives: bool) -> DriveFile:
    parent = state.drive.find(who, parent_id, all_drives)
    role = state.drive.role(who, parent)
    if parent.id in state.drive.drives:
        role = state.drive.drives[parent.id].members.get(who.email)
    if role not in WRITE_ROLES:
        raise drive_error(
            403,
            "insufficientFilePermissions",
            "The user does not have sufficient permissions for this file.",
        )
    return parent


def _upload(req: Incoming, query) -> tuple[dict, bytes | None, str | None]:
    """An upload's parts, its metadata checked against the File schema like any body."""
    metadata, media, media_type = parse_upload(
        req.content_type, req.body, (query.get("uploadType") or [None])[0]
    )
    violations = schema.body_violations(req.schema, metadata) if req.schema else []
    if violations:
        raise invalid("drive", violations)
    return metadata, media, media_type


def files_create(state: FakeGoogle, who: Principal, query, req: Incoming) -> dict:
    upload = req.path.startswith("/upload/")
    if upload:
        metadata, media, media_type = _upload(req, query)
    else:
        metadata, media, media_type = req.json or {}, None, None
    all_drives = _flag(query, "supportsAllDrives")
    parents = [_parent(state, who, p, all_drives) for p in metadata.get("parents") or []]
    drive_id = parents[0].drive_id if parents else None
    mime = metadata.get("mimeType") or media_type or "application/octet-stream"
    if who.is_service_account and not drive_id and mime != FOLDER:
        raise drive_error(403, "storageQuotaExceeded", QUOTA_MESSAGE, domain="usageLimits")
    if mime == DOC and media is not None:
        if media_type != DOCX:
            raise drive_error(400, "badContent", f"Conversion from {media_type} is not supported.")
        check_docx(media)
    f = DriveFile(
        new_id(),
        metadata.get("name") or "Untitled",
        mime,
        [p.id for p in parents],
        drive_id,
        None if drive_id else who.email,
        who.client_id,
        content=media,
        description=metadata.get("description"),
    )
    # Made, not changed: version 1, modified when made unless the app set the time.
    f.modified = _modified_time(metadata) or f.modified
    f.modified_by = who.email
    f.properties = dict(metadata.get("properties") or {})
    if metadata.get("appProperties"):
        f.app_properties[who.client_id] = {
            k: v for k, v in metadata["appProperties"].items() if v is not None
        }
    state.drive.files[f.id] = f
    if mime == SHEET:
        state.new_spreadsheet(f.name, file=f)
    return _mask(f, state, who, query)


def files_update(state: FakeGoogle, who: Principal, query, req: Incoming, *, fileId: str) -> dict:
    all_drives = _flag(query, "supportsAllDrives")
    f = state.drive.find(who, fileId, all_drives, write=True)
    upload = req.path.startswith("/upload/")
    if upload:
        metadata, media, media_type = _upload(req, query)
    else:
        metadata, media, media_type = req.json or {}, None, None
    if metadata.get("mimeType") and metadata["mimeType"] != f.mime_type:
        raise drive_error(
            403,
            "fieldNotWritable",
            "The resource body includes fields which are not directly writable.",
        )
    if media is not None:
        if f.mime_type == DOC:
            if media_type != DOCX:
                raise drive_error(
                    400, "badContent", f"Conversion from {media_type} is not supported."
                )
            check_docx(media)
        f.content = media
    for key in ("name", "description"):
        if metadata.get(key) is not None:
            setattr(f, key, metadata[key])
    if metadata.get("trashed") is not None:
        f.trashed = bool(metadata["trashed"])
    if "appProperties" in metadata:
        mine = f.app_properties.setdefault(who.client_id, {})
        for k, v in (metadata["appProperties"] or {}).items():
            if v is None:
                mine.pop(k, None)
            else:
                mine[k] = v
    for p in (query.get("addParents") or [""])[0].split(","):
        if p:
            f.parents.append(_parent(state, who, p, all_drives).id)
    for p in (query.get("removeParents") or [""])[0].split(","):
        if p in f.parents:
            f.parents.remove(p)
    f.touch(who.email, _modified_time(metadata))
    return _mask(f, state, who, query)


def _modified_time(metadata: dict) -> str | None:
    """``modifiedTime`` is writable (Drive keeps what the app sets); it must be RFC 3339."""
    given = metadata.get("modifiedTime")
    if given is None:
        return None
    try:
        datetime.fromisoformat(str(given).replace("Z", "+00:00"))
    except ValueError:
        raise drive_error(400, "invalid", f"Invalid value for modifiedTime: {given}") from None
    return given


def files_delete(state: FakeGoogle, who: Principal, query, req: Incoming, *, fileId: str) -> None:
    f = state.drive.find(who, fileId, _flag(query, "supportsAllDrives"), write=True)
    if state.drive.role(who, f) not in ("owner", "organizer"):
        raise drive_error(
            403,
            "insufficientFilePermissions",
            "The user does not have sufficient permissions for this file.",
        )
    del state.drive.files[f.id]
    state.spreadsheets.pop(f.id, None)
    return None


HANDLERS = {
    "drive.files.get": files_get,
    "drive.files.list": files_list,
    "drive.files.create": files_create,
    "drive.files.update": files_update,
    "drive.files.delete": files_delete,
    "drive.drives.get": drives_get,
}

__all__ = ["HANDLERS", "new_id"]
