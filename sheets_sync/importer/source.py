"""What kind of file a plan is, by its content, and its blocks, converting when needed.

Usage::

    blocks = load(Path("ke-hoach.doc"))      # paragraphs and tables, whatever the format

Offices rename files freely, so the kind is told from the first bytes, not the extension: a
.docx (zip with ``word/document.xml``), a Word 97–2003 .doc or an RTF (converted with
LibreOffice), an OpenDocument text (likewise), a spreadsheet (.xlsx; .xls and .ods through
LibreOffice), a .csv. The rest is refused with what to do: a password-protected Office file
(an OLE2 compound file holding an ``EncryptedPackage`` stream), a PDF or a picture (a scan is
an image: there is no table in it to read), anything else.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from .blocks import Block
from .convert import convert
from .document import read_docx
from .problems import PlanFileError
from .spreadsheet import read_csv, read_xlsx

MAX_BYTES = 100 * 1024 * 1024  # a plan with photos stays far below
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_SAVE_AS_DOCX = "lưu kế hoạch dạng .docx (save the plan as .docx)"


def kind_of(path: Path) -> str:
    """ "docx", "doc", "odt", "rtf", "xlsx", "xls", "ods", "csv", "encrypted", "pdf", "pdf-image",
    "image" or "unknown"."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK"):
        return _zip_kind(path)
    if head.startswith(_OLE2):
        return _ole_kind(path.read_bytes())
    if head.startswith(b"%PDF"):
        return "pdf" if b"/Font" in path.read_bytes() else "pdf-image"
    if head.startswith(_IMAGES):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return "csv"
    return "unknown"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = (
                archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        return "unknown"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "opendocument.text" in mimetype:
        return "odt"
    if "opendocument.spreadsheet" in mimetype:
        return "ods"
    return "unknown"


def _ole_kind(data: bytes) -> str:
    """Stream names of a compound file are stored in UTF-16 in its directory."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted"
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    return "doc"


def load(path: Path) -> list[Block]:
    """The paragraphs and tables of a plan file; ``PlanFileError`` with what to do otherwise."""
    if not path.is_file():
        raise PlanFileError(f"Không có tệp {path}. (No such file: {path}.)")
    if path.stat().st_size > MAX_BYTES:
        raise PlanFileError(
            f"Tệp {path.name} quá lớn để là một kế hoạch. ({path.name} is too large.)"
        )
    kind = kind_of(path)
    if kind == "docx":
        return read_docx(path)
    if kind == "xlsx":
        return read_xlsx(path)
    if kind == "csv":
        return read_csv(path)
    if kind in ("doc", "odt", "rtf", "xls", "ods"):
        target = "xlsx" if kind in ("xls", "ods") else "docx"
        with tempfile.TemporaryDirectory(prefix="sheets-sync-import-") as work:
            converted = convert(path, target, Path(work), suffix=f".{kind}")
            return read_xlsx(converted) if target == "xlsx" else read_docx(converted)
    raise PlanFileError(_refusal(path, kind))


def _refusal(path: Path, kind: str) -> str:
    name = path.name
    if kind == "encrypted":
        return (
            f"Tệp {name} được đặt mật khẩu — mở bằng Word, bỏ mật khẩu (Tệp › Thông tin › Bảo "
            f"vệ tài liệu), lưu lại rồi nhập. ({name} is password-protected; remove the "
            f"password in Word, save, and import again.)"
        )
    if kind in ("pdf-image", "image"):
        return (
            f"Tệp {name} là ảnh (bản quét), không có bảng chữ để đọc — {_SAVE_AS_DOCX}: dùng "
            f"tệp Word gốc của kế hoạch. ({name} is an image; save the plan as .docx.)"
        )
    if kind == "pdf":
        return (
            f"Tệp PDF không giữ được bảng nhiệm vụ — {_SAVE_AS_DOCX}: dùng tệp Word gốc "
            f"(.docx hoặc .doc) của kế hoạch. (A PDF loses the table's cells; import the "
            f"plan's .docx or .doc instead.)"
        )
    return (
        f"Không đọc được tệp {name}: không phải .docx, .doc, .odt, .xlsx hay .csv, hoặc tệp "
        f"bị hỏng — mở bằng Word và {_SAVE_AS_DOCX}. ({name} is not a .docx, .doc, .odt, "
        f".xlsx or .csv, or it is damaged.)"
    )
