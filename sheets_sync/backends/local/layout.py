"""A new plan workbook for the local backend, laid out for the officers who will edit it.

Usage::

    create_workbook(Path("ke-hoach.xlsx"), cfg, seed.TASKS)

The ``Nhiệm vụ`` tab gets a title row, a legend, the header (job-owned columns in a different
colour with a comment saying the robot writes them), frozen panes, readable widths and wrapped
text; ``Tiến độ`` gets dropdowns for task number, unit and form (warnings, not hard stops, so an
officer can still type something new); ``Danh mục`` holds the dropdown lists.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ... import contract, seed
from ...config import Config
from ...model import BackendError
from .workbook import save_atomically, set_raw

VALIDATED_ROWS = 2000  # dropdowns cover this many progress rows
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def create_workbook(
    path: Path, cfg: Config, tasks: Iterable[seed.SeedTask], *, force: bool = False
) -> None:
    """Write a new workbook at ``path``; refuse to replace an existing file unless ``force``."""
    if path.exists() and not force:
        raise BackendError(
            f"Tệp {path} đã có — không ghi đè. Dùng --force nếu thật sự muốn tạo lại. "
            f"({path} exists; pass --force to replace it.)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    tasks_ws = wb.active
    tasks_ws.title = cfg.sheet.tab_title(contract.TASKS)
    task_list = list(tasks)
    _tasks_tab(tasks_ws, cfg, task_list)
    lists_ws = wb.create_sheet(contract.LISTS_TITLE)
    _lists_tab(lists_ws)
    progress_ws = wb.create_sheet(cfg.sheet.tab_title(contract.PROGRESS), 1)
    _progress_tab(progress_ws, cfg, tasks_ws.title, len(task_list))
    log_ws = wb.create_sheet(cfg.sheet.tab_title(contract.LOG), 2)
    _header(log_ws, 1, cfg, contract.LOG)
    log_ws.freeze_panes = "A2"
    save_atomically(wb, path)


def _header(ws: Worksheet, row: int, cfg: Config, tab: contract.Tab) -> None:
    for i, column in enumerate(tab.columns, start=1):
        cell = ws.cell(row, i, cfg.sheet.label(tab, column.key))
        colour = (
            contract.JOB_HEADER_COLOUR
            if column.owner == "job" and tab is not contract.LOG
            else contract.OFFICER_HEADER_COLOUR
        )
        cell.fill = PatternFill("solid", fgColor=colour)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(i)].width = column.width
        if column.owner == "job" and tab is not contract.LOG:
            cell.comment = Comment(
                "Cột do máy tự động ghi mỗi ngày — không cần sửa.", "sheets-sync"
            )


def _tasks_tab(ws: Worksheet, cfg: Config, tasks: Sequence[seed.SeedTask]) -> None:
    width = len(contract.TASKS.columns)
    title = f"PHỤ LỤC CÁC NHIỆM VỤ — {cfg.plan.name.upper()}"
    ws.cell(1, 1, title).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    legend = ws.cell(
        2,
        1,
        "Các cột nền vàng (Hạn, Trạng thái, Ghi chú tự động) do máy tự động "
        "ghi; các cột khác do cán bộ, công chức nhập.",
    )
    legend.font = Font(italic=True, color="595959")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    _header(ws, 3, cfg, contract.TASKS)
    ws.row_dimensions[3].height = 32
    keys = [c.key for c in contract.TASKS.columns]
    for r, task in enumerate(tasks, start=4):
        values = {
            "stt": task.stt,
            "task": task.task,
            "product": task.product,
            "lead": task.lead,
            "partners": task.partners,
            "timeframe": task.timeframe,
        }
        for c, key in enumerate(keys, start=1):
            cell = ws.cell(r, c)
            set_raw(cell, values.get(key))
            cell.alignment = _WRAP
            cell.border = _BORDER
        ws.cell(r, keys.index("done") + 1).number_format = "DD/MM/YYYY"
        ws.row_dimensions[r].height = _row_height(values, keys)
    done_col = get_column_letter(keys.index("done") + 1)
    _date_validation(ws, f"{done_col}4:{done_col}{VALIDATED_ROWS}")
    ws.freeze_panes = "C4"
    _print_setup(ws, "$3:$3")


def _row_height(values: dict[str, object], keys: list[str]) -> float:
    """Points for a row whose wrapped text fits: spreadsheets do not grow rows on opening."""
    widths = {c.key: c.width for c in contract.TASKS.columns}
    lines = max(math.ceil(len(str(values.get(k) or "")) / (widths[k] * 1.1)) for k in keys)
    return 16.0 * max(lines, 1)


def _print_setup(ws: Worksheet, title_rows: str) -> None:
    """Landscape A4, one page wide, the header repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows


def _progress_tab(ws: Worksheet, cfg: Config, tasks_title: str, n_tasks: int) -> None:
    _header(ws, 1, cfg, contract.PROGRESS)
    keys = [c.key for c in contract.PROGRESS.columns]
    col = {k: get_column_letter(i + 1) for i, k in enumerate(keys)}
    last = VALIDATED_ROWS
    lists = _quote(contract.LISTS_TITLE)
    stt_range = f"{_quote(tasks_title)}!$A$4:$A${4 + max(n_tasks, 1) + 200}"
    _list_validation(
        ws,
        f"{col['task']}2:{col['task']}{last}",
        stt_range,
        "Chọn STT của nhiệm vụ trong trang Nhiệm vụ.",
    )
    _list_validation(
        ws,
        f"{col['unit']}2:{col['unit']}{last}",
        f"{lists}!$A$2:$A${len(seed.UNITS) + 50}",
        "Chọn đơn vị trong danh sách, hoặc ghi đơn vị khác.",
    )
    _list_validation(
        ws,
        f"{col['form']}2:{col['form']}{last}",
        f"{lists}!$B$2:$B${len(seed.FORMS) + 50}",
        "Chọn hình thức trong danh sách, hoặc ghi hình thức khác.",
    )
    _date_validation(ws, f"{col['date']}2:{col['date']}{last}")
    ws.freeze_panes = "A2"
    _print_setup(ws, "$1:$1")


def _lists_tab(ws: Worksheet) -> None:
    ws.append(["Đơn vị", "Hình thức"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i in range(max(len(seed.UNITS), len(seed.FORMS))):
        ws.append(
            [
                seed.UNITS[i] if i < len(seed.UNITS) else None,
                seed.FORMS[i] if i < len(seed.FORMS) else None,
            ]
        )
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 36


def _list_validation(ws: Worksheet, cells: str, source: str, prompt: str) -> None:
    dv = DataValidation(
        type="list",
        formula1=f"={source}",
        allow_blank=True,
        errorStyle="warning",
        showErrorMessage=True,
        showInputMessage=True,
    )
    dv.promptTitle, dv.prompt = "Gợi ý", prompt
    dv.errorTitle, dv.error = (
        "Giá trị ngoài danh sách",
        "Giá trị này không có trong danh sách. Vẫn giữ?",
    )
    dv.add(cells)
    ws.add_data_validation(dv)


def _date_validation(ws: Worksheet, cells: str) -> None:
    dv = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="36526",
        allow_blank=True,
        errorStyle="warning",
        showErrorMessage=True,
    )
    dv.errorTitle, dv.error = "Ngày chưa đúng", "Ghi ngày dạng 15/03/2024."
    dv.add(cells)
    ws.add_data_validation(dv)


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"
