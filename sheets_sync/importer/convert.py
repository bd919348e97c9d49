"""Convert a Word 97–2003 (.doc), OpenDocument or RTF file with LibreOffice, headless.

Usage::

    with tempfile.TemporaryDirectory() as work:
        docx_path = convert(Path("ke-hoach.doc"), "docx", Path(work))

LibreOffice runs with a profile of its own in ``workdir`` (``-env:UserInstallation``), so it
neither needs nor disturbs the profile of someone's open LibreOffice, and two imports can run
at once. When LibreOffice is not installed, or cannot open the file, the error says what to do
instead: save the plan as .docx in Word.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .problems import PlanFileError

TIMEOUT = 180  # seconds; a long plan converts in a few


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, target: str, workdir: Path, *, suffix: str = "") -> Path:
    """``path`` converted to ``target`` ("docx" or "xlsx") inside ``workdir``.

    ``suffix`` is the extension the content really has (".doc" for a Word 97 file named
    .docx), so LibreOffice picks the right import filter.
    """
    program = soffice()
    if program is None:
        raise PlanFileError(
            f"Cần LibreOffice để đọc tệp {path.name} — cài LibreOffice (Debian/Ubuntu: apt "
            f"install libreoffice-writer-nogui) hoặc mở tệp bằng Word và lưu dạng .docx. "
            f"(Reading {path.suffix or 'this'} files needs LibreOffice, which is not installed; "
            f"install it, or save the plan as .docx in Word.)"
        )
    source = workdir / f"ke-hoach{suffix or path.suffix.lower()}"
    shutil.copyfile(path, source)
    outdir = workdir / "converted"
    command = [
        program,
        f"-env:UserInstallation={(workdir / 'lo-profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(source),
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise PlanFileError(
            f"LibreOffice không chuyển xong tệp {path.name} sau {TIMEOUT} giây — mở tệp bằng "
            f"Word và lưu dạng .docx. (LibreOffice did not finish converting {path.name}.)"
        ) from None
    converted = outdir / f"{source.stem}.{target}"
    if not converted.exists():
        raise PlanFileError(
            f"LibreOffice không mở được tệp {path.name}: tệp hỏng hoặc có mật khẩu — mở bằng "
            f"Word, bỏ mật khẩu nếu có, lưu dạng .docx rồi nhập lại. "
            f"(LibreOffice could not open {path.name}: damaged or password-protected.)"
        )
    return converted
