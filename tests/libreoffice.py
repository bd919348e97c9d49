"""LibreOffice, the real client our files must open in: convert documents and read PDFs."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest


def convert(paths: Sequence[Path], target: str, outdir: Path, *, timeout: int = 300) -> list[Path]:
    """Convert files with one headless LibreOffice run (its own profile, so tests can run in
    parallel). ``target`` is a LibreOffice filter spec such as ``pdf`` or ``csv:...``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is needed for these tests (.ci/run installs it)")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{outdir / 'lo-profile'}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    extension = target.split(":", 1)[0]
    converted = [outdir / f"{p.stem}.{extension}" for p in paths]
    missing = [p.name for p in converted if not p.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return converted


def pdf_text(document: Path, workdir: Path) -> str:
    """The document as LibreOffice prints it, read back by poppler, whitespace collapsed."""
    (pdf,) = convert([document], "pdf", workdir)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())
