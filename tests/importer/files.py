"""Files that are not plans in .docx: a password-protected Office file, a scanned PDF, a PDF
with text, a Word 97 file, a task table in .xlsx and in .csv.

Usage::

    path.write_bytes(compound_file({"EncryptionInfo": b"…", "EncryptedPackage": b"…"}))
    path.write_bytes(scanned_pdf())

``compound_file`` writes a real OLE2 compound file (version 3, 512-byte sectors, one FAT
sector, each stream at least 4096 bytes so it lives in ordinary sectors): the container of a
password-protected .docx (streams ``EncryptionInfo`` and ``EncryptedPackage``) and of a Word 97
.doc (``WordDocument``).
"""

from __future__ import annotations

import struct

_SECTOR = 512
_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    fat = [_FAT, _END]  # sector 0: the FAT itself; sector 1: the directory
    body = b""
    starts: list[int] = []
    sizes: list[int] = []
    for content in streams.values():
        content = content.ljust(4096, b"\0")
        count = -(-len(content) // _SECTOR)
        first = len(fat)
        starts.append(first)
        sizes.append(len(content))
        fat += [first + i + 1 for i in range(count - 1)] + [_END]
        body += content.ljust(count * _SECTOR, b"\0")
    assert len(fat) <= _SECTOR // 4, "one FAT sector is enough for these small files"
    fat_sector = struct.pack(f"<{_SECTOR // 4}I", *fat, *[_FREE] * (_SECTOR // 4 - len(fat)))
    entries = [_entry("Root Entry", 5, child=1, start=_END, size=0)]
    names = list(streams)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else _NONE
        entries.append(_entry(name, 2, right=right, start=starts[i], size=sizes[i]))
    directory = b"".join(entries).ljust(_SECTOR * (-(-len(entries) // 4)), b"\0")
    assert len(directory) == _SECTOR
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,  # minor version
        3,  # major version: 512-byte sectors
        0xFFFE,  # little-endian
        9,  # sector size 2**9
        6,  # mini sector size 2**6
        b"\0" * 6,
        0,  # directory sectors (always 0 in version 3)
        1,  # FAT sectors
        1,  # first directory sector
        0,
        4096,  # mini stream cutoff
        _END,  # no mini FAT
        0,
        _END,  # no DIFAT sectors
        0,
    ) + struct.pack("<109I", 0, *[_FREE] * 108)
    return header + fat_sector + directory + body


def _entry(
    name: str, kind: int, *, child: int = _NONE, right: int = _NONE, start: int, size: int
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1,
        _NONE,
        right,
        child,
        b"\0" * 16,
        0,
        0,
        0,
        start,
        size,
    )


def encrypted_docx() -> bytes:
    """What Word saves for a .docx with a password (the package inside is encrypted)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>"  # agile encryption, v4.4
    return compound_file({"EncryptionInfo": info, "EncryptedPackage": bytes(range(256)) * 20})


def word97_doc() -> bytes:
    """The container of a Word 97–2003 document (its content does not matter here)."""
    return compound_file({"WordDocument": b"\xec\xa5" + b"\0" * 5000, "1Table": b"\0" * 4096})


def _pdf(objects: list[bytes]) -> bytes:
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def _stream(dictionary: str, data: bytes) -> bytes:
    return f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def scanned_pdf() -> bytes:
    """One A4 page that is a picture (a scan): no font, no text."""
    pixels = bytes((x * 7 + y * 13) % 256 for y in range(64) for x in range(64))
    page = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
            _stream(
                "/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                "/BitsPerComponent 8",
                pixels,
            ),
            _stream("", page),
        ]
    )


def text_pdf() -> bytes:
    """A page of text (a plan printed to PDF)."""
    page = b"BT /F1 14 Tf 72 770 Td (KE HOACH) Tj 0 -20 Td (STT Nhiem vu Chu tri) Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            _stream("", page),
        ]
    )
