"""Helpers for the report tests: plans from plain rows, a config variant, and real clients
(LibreOffice converts .docx to PDF, poppler reads the PDF)."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import docx
import openpyxl
from libreoffice import convert

from sheets_sync import contract
from sheets_sync.backends.local.workbook import set_raw
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


# --- a plan that is not Gia Tân's: nothing of the seed plan may reach its report ----------------

OTHER_CONFIG = """
[plan]
name = "Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn xã Hòa Bình năm 2025"
number = "27/KH-UBND"
issued = "2025-01-20"
year = 2025

[organisation]
name = "XÃ HÒA BÌNH"
commune = "xã Hòa Bình"
place = "Hòa Bình"

[report]
subject = "Kết quả thực hiện công tác phòng, chống thiên tai"
addressee = "Sở Nông nghiệp và Môi trường tỉnh Ninh Bình"
recipients = ["Như trên", "Thường trực Đảng ủy xã"]
signer_name = "Lê Thị Mai"
"""

OTHER_TASKS = [
    task("1", "Rà soát, cập nhật phương án ứng phó thiên tai", "VP HĐND-UBND", "Quý I/2025"),
    task(
        "2",
        "Tuyên truyền kỹ năng phòng, chống thiên tai trên hệ thống truyền thanh",
        "TT VH-TT xã",
        "Hằng tháng",
    ),
    task("3", "Diễn tập ứng phó bão, lũ", "BCH PTDS xã", "Quý II/2025"),
    task(
        "4",
        "Kiểm tra hệ thống đê điều, kênh mương",
        "Phòng Kinh tế xã; Ban Chỉ huy phòng thủ dân sự xã",
        "Trước 31/5/2025",
        done=date(2025, 5, 20),
    ),
    task("5", "Tổng kết công tác phòng, chống thiên tai", "Văn phòng", "Quý IV/2025"),
]

OTHER_PROGRESS = [
    progress(date(2025, m, 8), 2, unit="TT VH-TT xã", form="Phát thanh", count=2)
    for m in (1, 2, 3, 4, 5)  # June missed
] + [
    progress(date(2025, 3, 20), 1, unit="Văn phòng", form="Hội nghị"),
    progress(date(2025, 5, 12), 4, unit="Phòng Kinh tế xã", form="Kiểm tra", count=3),
    progress(date(2025, 6, 2), 2, unit="TT VH-TT xã", form="Tờ rơi", count=500),
    progress("30/02/2025", 2, unit="TT VH-TT xã", form="Phát thanh"),  # no such day
]

OTHER_LISTS = [
    ["Đơn vị", "Tên gọi khác", "Hình thức"],
    ["Văn phòng HĐND và UBND xã", "VP HĐND-UBND; Văn phòng", "Phát thanh"],
    ["Trung tâm Văn hóa - Thể thao xã", "TT VH-TT xã", "Hội nghị"],
    ["Ban Chỉ huy phòng thủ dân sự xã", "BCH PTDS xã", "Tờ rơi"],
    ["Phòng Kinh tế xã", None, "Kiểm tra"],
]

OFFICE_STRENGTH = "Lực lượng xung kích tham gia <b>đầy đủ</b> & {{ 7*7 }} buổi diễn tập"
OTHER_REMARKS = [
    ["Kỳ báo cáo", "Mục", "Nội dung"],
    ["2025-Q2", "Ưu điểm", f"{OFFICE_STRENGTH}.\nNhân dân hưởng ứng tích cực."],
    ["Quý II/2025", "Đề xuất, kiến nghị", "Đề nghị tỉnh hỗ trợ 02 máy phát điện dự phòng."],
    ["2025-Q1", "Ưu điểm", "Lời của quý I, không thuộc báo cáo quý II."],
    ["Quý 7/2025", "Ưu điểm", "Kỳ ghi sai."],
]


def other_plan(folder: Path) -> tuple[Config, Path]:
    """A small plan of another commune, another year and another field (disaster prevention):
    its config and its workbook, with the office's words in a Báo cáo tab."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "hoa_binh.toml"
    config.write_text(OTHER_CONFIG, encoding="utf-8")
    cfg = load(config)
    workbook = folder / "ke-hoach-hoa-binh.xlsx"
    write_workbook(
        workbook,
        {
            cfg.sheet.tab_title(contract.TASKS): [TASK_HEADER, *OTHER_TASKS],
            cfg.sheet.tab_title(contract.PROGRESS): [PROGRESS_HEADER, *OTHER_PROGRESS],
            contract.LISTS_TITLE: OTHER_LISTS,
            contract.REMARKS_TITLE: OTHER_REMARKS,
        },
    )
    return cfg, workbook


def write_workbook(path: Path, tabs: dict[str, Sequence[Sequence[object]]]) -> None:
    """A plain .xlsx with these tabs and rows, values written raw."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in tabs.items():
        ws = wb.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                set_raw(ws.cell(r, c), value)
    wb.save(path)
