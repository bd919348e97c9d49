"""Helpers for the report tests: plans from plain rows, a config variant, and real clients
(LibreOffice converts .docx to PDF, poppler reads the PDF)."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import docx
from libreoffice import convert

from sheets_sync import contract
from sheets_sync.config import Config, load
from sheets_sync.resources import default_config_path
from sheets_sync.sheet import Plan, read_plan
from sheets_sync.text import clean

TASK_HEADER = [c.label for c in contract.TASKS.columns if c.owner == "officer"]
PROGRESS_HEADER = [c.label for c in contract.PROGRESS.columns]


def task(stt, name, lead, timeframe, done: date | None = None, product="", partners=""):
    """A row of the Nhiệm vụ tab, in TASK_HEADER order."""
    return [stt, name, product, lead, partners, timeframe, done]


def progress(on, stt, unit="Đài Truyền thanh xã", form="Phát thanh", count=1, content="x"):
    """A row of the Tiến độ tab, in PROGRESS_HEADER order."""
    return [on, stt, unit, form, content, count, ""]


def make_plan(cfg: Config, tasks: Sequence[list], rows: Sequence[list] = ()) -> Plan:
    snapshot = {
        cfg.sheet.tab_title(contract.TASKS): [TASK_HEADER, *tasks],
        cfg.sheet.tab_title(contract.PROGRESS): [PROGRESS_HEADER, *rows],
    }
    return read_plan(snapshot, cfg)


def config_variant(tmp_path: Path, extra: str = "", **replacements: str) -> Config:
    """The bundled config with some lines replaced (``cut='cut = "nd09"'`` replaces the line
    that starts with ``cut =``; ``**{"report.number": 'number = "7"'}`` the one in [report])
    and ``extra`` TOML appended."""
    lines = default_config_path().read_text(encoding="utf-8").splitlines()
    for key, line in replacements.items():
        index = _line_of(lines, key)
        end = index + 1
        if lines[index].rstrip().endswith("["):  # a list over several lines
            end = next(i for i in range(index, len(lines)) if lines[i].startswith("]")) + 1
        lines[index:end] = [line]
    path = tmp_path / "plan.toml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return load(path)


def _line_of(lines: list[str], key: str) -> int:
    section, _, name = key.rpartition(".")
    current, found = "", []
    for i, text in enumerate(lines):
        if text.startswith("["):
            current = text.strip("[] ")
        elif text.startswith(f"{name} =") and (not section or current == section):
            found.append(i)
    assert len(found) == 1, f"{key!r} names {len(found)} lines of the config"
    return found[0]


def docx_text(content) -> str:
    """Every paragraph of a .docx (bytes, a path or an opened document), tables included, as
    one cleaned string."""
    if isinstance(content, bytes | Path):
        content = docx.Document(io.BytesIO(content) if isinstance(content, bytes) else content)
    document = content
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return clean(" ".join(parts))


def to_pdf(documents: Sequence[Path], outdir: Path) -> list[Path]:
    """Convert .docx files with one LibreOffice run (headless), as a reader would open them."""
    return convert(documents, "pdf", outdir)


def poppler(tool: str, *args: str) -> str:
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout
