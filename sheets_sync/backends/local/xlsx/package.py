"""The .xlsx file as an OPC package: a zip of XML parts tied together by relationships.

Usage::

    source = Package("plan.xlsx")
    source.sheets()["Nhiệm vụ"].part          # 'xl/worksheets/sheet1.xml'
    with PackageWriter(open("copy.xlsx", "wb")) as out:
        for name in source.names():
            out.copy(source, name)               # compressed bytes copied as they are

``zipfile`` can read members but cannot copy one without inflating and deflating it again, which
for a sheet of a million rows costs seconds. ``PackageWriter`` writes the zip format itself
(PKWARE APPNOTE: local headers, data, central directory) so that unchanged members are copied
byte for byte and only the parts a job edits are compressed anew.
"""

from __future__ import annotations

import posixpath
import struct
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Self

from lxml import etree

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_TYPE = {
    "worksheet": f"{DOC_REL}/worksheet",
    "styles": f"{DOC_REL}/styles",
    "sharedStrings": f"{DOC_REL}/sharedStrings",
    "comments": f"{DOC_REL}/comments",
    "vmlDrawing": f"{DOC_REL}/vmlDrawing",
    "calcChain": f"{DOC_REL}/calcChain",
    "officeDocument": f"{DOC_REL}/officeDocument",
}
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
RELS_CT = "application/vnd.openxmlformats-package.relationships+xml"
LEVEL = 2  # zlib level for rewritten parts: level 1's speed, close to level 6's size
_BATCH = 1 << 18
_LIMIT = 0xFFFF_FFFF  # beyond this a member needs zip64, which no plan workbook comes near
_XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class PackageError(Exception):
    """The file is not an .xlsx package this module can edit; the message says why."""


@dataclass(frozen=True, slots=True)
class Relationship:
    id: str
    type: str
    target: str  # part name inside the package (resolved), or the raw target if external
    external: bool = False


@dataclass(frozen=True, slots=True)
class SheetRef:
    title: str
    part: str
    rel_id: str
    sheet_id: int


def rels_part(part: str) -> str:
    """Where the relationships of ``part`` live: 'xl/_rels/workbook.xml.rels'."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source: str, target: str) -> str:
    """A relationship target as a part name: absolute ('/xl/x.xml') or relative to the source."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def xml_bytes(root: etree._Element) -> bytes:
    return _XML_DECL + etree.tostring(root, encoding="UTF-8")


class Package:
    """Read access to the parts of an .xlsx file."""

    def __init__(self, path: str) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise PackageError(f"not an .xlsx (zip) file: {exc}") from None
        self._infos = {i.filename: i for i in self._zip.infolist()}
        self._raw = open(path, "rb")  # noqa: SIM115 - closed in close()

    def close(self) -> None:
        self._zip.close()
        self._raw.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def names(self) -> list[str]:
        return list(self._infos)

    def __contains__(self, part: str) -> bool:
        return part in self._infos

    def info(self, part: str) -> zipfile.ZipInfo:
        return self._infos[part]

    def read(self, part: str) -> bytes:
        return self._zip.read(part)

    def open(self, part: str) -> BinaryIO:
        return self._zip.open(part)  # type: ignore[return-value]

    def raw_chunks(self, part: str, size: int = 1 << 20) -> Iterator[bytes]:
        """The member's compressed bytes, as stored."""
        info = self._infos[part]
        self._raw.seek(info.header_offset)
        header = self._raw.read(30)
        if header[:4] != b"PK\x03\x04":
            raise PackageError(f"damaged zip: no local header for {part}")
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        self._raw.seek(info.header_offset + 30 + name_len + extra_len)
        left = info.compress_size
        while left:
            chunk = self._raw.read(min(size, left))
            if not chunk:
                raise PackageError(f"damaged zip: {part} is cut short")
            left -= len(chunk)
            yield chunk

    def xml(self, part: str) -> etree._Element:
        return etree.fromstring(self.read(part), etree.XMLParser(resolve_entities=False))

    def rels(self, part: str) -> list[Relationship]:
        name = rels_part(part)
        if name not in self:
            return []
        found = []
        for rel in self.xml(name).iter(f"{{{RELS_NS}}}Relationship"):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            found.append(
                Relationship(
                    rel.get("Id", ""),
                    rel.get("Type", ""),
                    target if external else resolve(part, target),
                    external,
                )
            )
        return found

    def workbook_part(self) -> str:
        for rel in self.rels(""):
            if rel.type == REL_TYPE["officeDocument"]:
                return rel.target
        raise PackageError("no workbook part (is this an .xlsx spreadsheet?)")

    def sheets(self) -> dict[str, SheetRef]:
        """Worksheets by tab title, in workbook order."""
        workbook = self.workbook_part()
        targets = {r.id: r.target for r in self.rels(workbook)}
        sheets = {}
        for sheet in self.xml(workbook).iter(f"{{{MAIN_NS}}}sheet"):
            rel_id = sheet.get(f"{{{DOC_REL}}}id", "")
            if rel_id in targets:
                title = sheet.get("name", "")
                sheets[title] = SheetRef(
                    title, targets[rel_id], rel_id, int(sheet.get("sheetId", "0"))
                )
        return sheets

    def defined_names(self) -> dict[str, str]:
        """The workbook's global defined names and what they refer to ('Nhiệm vụ'!$A$4:$A$511)."""
        root = self.xml(self.workbook_part())
        return {
            d.get("name", ""): d.text or ""
            for d in root.iter(f"{{{MAIN_NS}}}definedName")
            if d.get("localSheetId") is None
        }

    def date1904(self) -> bool:
        pr = self.xml(self.workbook_part()).find(f"{{{MAIN_NS}}}workbookPr")
        return pr is not None and pr.get("date1904", "0").lower() in ("1", "true")

    def related(self, part: str, kind: str) -> str | None:
        """The first part of a relationship kind ('styles', 'sharedStrings', ...) from ``part``."""
        for rel in self.rels(part):
            if rel.type == REL_TYPE[kind] and not rel.external:
                return rel.target
        return None

    def unused_name(self, pattern: str, taken: set[str] = frozenset()) -> str:  # type: ignore[assignment]
        """The first free part name of a pattern like 'xl/comments/comment{}.xml'."""
        n = 1
        while pattern.format(n) in self._infos or pattern.format(n) in taken:
            n += 1
        return pattern.format(n)


@dataclass
class _Entry:
    name: bytes
    method: int
    dos_time: int
    dos_date: int
    crc: int = 0
    compressed: int = 0
    size: int = 0
    offset: int = 0
    flags: int = 0


class _Deflater:
    """Deflates bytes as they come, in batches (one row each is too small for zlib), keeping
    the CRC-32 and size of what it was fed; subclasses say where the compressed bytes go."""

    def __init__(self) -> None:
        self._zlib = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        self._pending: list[bytes] = []
        self._pending_size = 0
        self.crc = self.size = 0

    def write(self, data: bytes) -> None:
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= _BATCH:
            self._deflate()

    def _deflate(self) -> None:
        data = b"".join(self._pending)
        self._pending, self._pending_size = [], 0
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self._emit(self._zlib.compress(data))

    def _emit(self, compressed: bytes) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._deflate()
        self._emit(self._zlib.flush())

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()


class EntryWriter(_Deflater):
    """One member being written straight into the package: feed it bytes."""

    def __init__(self, out: PackageWriter, entry: _Entry) -> None:
        super().__init__()
        self._out, self._entry = out, entry

    def _emit(self, compressed: bytes) -> None:
        self._out._emit(compressed)

    def close(self) -> None:
        super().close()
        self._entry.crc, self._entry.size = self.crc, self.size
        self._out._finish(self._entry)


class DeflatedPart(_Deflater):
    """A member compressed ahead of time (e.g. in another thread), added later with ``add``."""

    def __init__(self) -> None:
        super().__init__()
        self.data = tempfile.SpooledTemporaryFile(max_size=64 << 20)  # noqa: SIM115
        self.compressed = 0

    def _emit(self, compressed: bytes) -> None:
        self.compressed += self.data.write(compressed)

    def close(self) -> None:
        super().close()
        self.data.seek(0)


class PackageWriter:
    """Writes a zip file member by member; unchanged members are copied without recompression."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._entries: list[_Entry] = []
        self._names: set[str] = set()
        self._pos = 0
        self._compressed_start = 0

    def __enter__(self) -> PackageWriter:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()

    def copy(self, source: Package, name: str) -> None:
        info = source.info(name)
        entry = _Entry(
            name.encode(),
            info.compress_type,
            *_dos_stamp(info.date_time),
            crc=info.CRC,
            compressed=info.compress_size,
            size=info.file_size,
        )
        self._begin(entry)
        for chunk in source.raw_chunks(name):
            self._emit(chunk)
        self._finish(entry, known=True)

    def write(self, name: str, data: bytes) -> None:
        with self.open(name) as member:
            member.write(data)

    def add(self, name: str, part: DeflatedPart) -> None:
        """Add a member compressed beforehand, copying its bytes."""
        entry = _Entry(name.encode(), zipfile.ZIP_DEFLATED, *_dos_stamp(time.localtime()[:6]))
        entry.crc, entry.size, entry.compressed = part.crc, part.size, part.compressed
        self._begin(entry)
        while chunk := part.data.read(1 << 20):
            self._emit(chunk)
        part.data.close()
        self._finish(entry, known=True)

    def open(self, name: str) -> EntryWriter:
        entry = _Entry(name.encode(), zipfile.ZIP_DEFLATED, *_dos_stamp(time.localtime()[:6]))
        self._begin(entry)
        return EntryWriter(self, entry)

    def _begin(self, entry: _Entry) -> None:
        name = entry.name.decode()
        if name in self._names:
            raise PackageError(f"part written twice: {name}")
        self._names.add(name)
        entry.offset = self._pos
        entry.flags = 0x800 if not entry.name.isascii() else 0  # bit 11: UTF-8 name
        self._emit(self._local_header(entry))
        self._compressed_start = self._pos

    def _finish(self, entry: _Entry, known: bool = False) -> None:
        if not known:
            entry.compressed = self._pos - self._compressed_start
            # Sizes are known only now: go back and fill them into the local header.
            self._fh.seek(entry.offset + 14)
            self._fh.write(struct.pack("<III", entry.crc, entry.compressed, entry.size))
            self._fh.seek(self._pos)
        if max(entry.compressed, entry.size, entry.offset) >= _LIMIT:
            raise PackageError(f"{entry.name.decode()} is over 4 GiB; zip64 is not supported")
        self._entries.append(entry)

    def _emit(self, data: bytes) -> None:
        if data:
            self._fh.write(data)
            self._pos += len(data)

    def _local_header(self, e: _Entry) -> bytes:
        return (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                e.flags,
                e.method,
                e.dos_time,
                e.dos_date,
                e.crc,
                e.compressed,
                e.size,
                len(e.name),
                0,
            )
            + e.name
        )

    def close(self) -> None:
        start = self._pos
        for e in self._entries:
            self._emit(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    e.flags,
                    e.method,
                    e.dos_time,
                    e.dos_date,
                    e.crc,
                    e.compressed,
                    e.size,
                    len(e.name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    e.offset,
                )
                + e.name
            )
        count = len(self._entries)
        if count >= 0xFFFF or start >= _LIMIT:
            raise PackageError("too many parts for a zip without zip64")
        self._emit(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, self._pos - start, start, 0)
        )
        self._fh.flush()


def _dos_stamp(stamp: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = stamp[:6]
    year = max(year, 1980)
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
