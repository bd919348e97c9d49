"""A new plan workbook for the local backend, laid out for the officers who will edit it.

Usage::

    create_workbook(Path("ke-hoach.xlsx"), cfg, plan.tasks, units=plan.units)   # an import
    create_workbook(Path("ke-hoach.xlsx"), cfg, [])        # `init`: an empty plan of the config
    create_summary_workbook(Path("tong-hop.xlsx"), rollup_cfg)   # only Nhật ký: for rollup

The ``Nhiệm vụ`` tab gets a title row, a legend, the header (job-owned columns in a different
colour with a comment saying the robot writes them), frozen panes, readable widths and wrapped
text; ``Tiến độ`` gets dropdowns for task number, unit and form (warnings, not hard stops, so an
officer can still type something new); ``Danh mục`` holds the dropdown lists (the plan's
units, ``lists``); the hidden ``_ke_hoach`` tab says which plan this is (``identity``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ... import contract, lists, seed
from ...config import Config
from ...identity import PlanIdentity
from ...model import BackendError
from .files import ensure_folder, explained, refuse_read_only
from .workbook import TASK_LIST, list_end, save_atomically, set_raw

LAST_ROW = 1_048_576  # a worksheet's last row: date checks and dropdowns cover whole columns
_UNIT, _OTHER, _FORM = (lists.column_letter(c) for c in (lists.UNIT, lists.OTHER_NAMES, lists.FORM))


_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


class TaskRow(Protocol):
    """A task as a plan document prints it (``seed.SeedTask``, ``importer.Task``); an
    imported one also has ``group``."""

    stt: int | str
    task: str
    product: str
    lead: str
    partners: str
    timeframe: str


def create_workbook(
    path: Path,
    cfg: Config,
    tasks: Iterable[TaskRow],
    *,
    units: Mapping[str, Sequence[str]] | None = None,
    forms: Sequence[str] = seed.FORMS,
    config_name: str = "",
    force: bool = False,
) -> None:
    """Write a new workbook at ``path``; refuse to replace an existing file unless ``force``.

    ``units`` (canonical name -> other spellings; default: the config's ``[units]``) fill the
    ``Danh mục`` list; the hidden ``_ke_hoach`` tab records the plan of ``cfg`` and the name of
    its config file beside the workbook (``config_name``; default: the config's own name)."""
    if path.exists() and not force:
        raise BackendError(
            f"Tệp {path} đã có — không ghi đè. Dùng --force nếu thật sự muốn tạo lại. "
            f"({path} exists; pass --force to replace it.)"
        )
    what = "tạo sổ kế hoạch / create the workbook"
    ensure_folder(path.parent, what)
    if force:
        refuse_read_only(path, what)
    wb = openpyxl.Workbook()
    tasks_ws = wb.active
    tasks_ws.title = cfg.sheet.tab_title(contract.TASKS)
    task_list = list(tasks)
    _tasks_tab(tasks_ws, cfg, task_list)
    unit_list = cfg.units if units is None else units
    lists_ws = wb.create_sheet(contract.LISTS_TITLE)
    _lists_tab(lists_ws, unit_list, forms)
    progress_ws = wb.create_sheet(cfg.sheet.tab_title(contract.PROGRESS), 1)
    _progress_tab(progress_ws, cfg, tasks_ws.title, len(task_list), len(unit_list), len(forms))
    log_ws = wb.create_sheet(cfg.sheet.tab_title(contract.LOG), 2)
    _header(log_ws, 1, cfg, contract.LOG)
    log_ws.freeze_panes = "A2"
    identity_ws = wb.create_sheet(contract.IDENTITY_TITLE)
    for r, row in enumerate(PlanIdentity.of(cfg, config=config_name).rows(), start=1):
        for c, value in enumerate(row, start=1):
            set_raw(identity_ws.cell(r, c), value)  # the plan's name comes from a document
    identity_ws.sheet_state = "hidden"
    try:
        save_atomically(wb, path)
    except OSError as exc:
        raise explained(exc, path, what) from None


def create_summary_workbook(path: Path, cfg: Config) -> None:
    """An empty workbook with only the ``Nhật ký`` tab, for the rollup's summary across plans:
    the rollup adds a tab per period (``rollup_sheet``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    log_ws = wb.active
    log_ws.title = cfg.sheet.tab_title(contract.LOG)
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


def _tasks_tab(ws: Worksheet, cfg: Config, tasks: Sequence[TaskRow]) -> None:
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
            "group": getattr(task, "group", ""),
        }
        for c, key in enumerate(keys, start=1):
            cell = ws.cell(r, c)
            set_raw(cell, values.get(key))
            cell.alignment = _WRAP
            cell.border = _BORDER
        ws.cell(r, keys.index("done") + 1).number_format = "DD/MM/YYYY"
        ws.row_dimensions[r].height = _row_height(values, keys)
    done_col = get_column_letter(keys.index("done") + 1)
    _date_validation(ws, f"{done_col}4:{done_col}{LAST_ROW}", cfg.plan.year)
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


def _progress_tab(
    ws: Worksheet, cfg: Config, tasks_title: str, n_tasks: int, n_units: int, n_forms: int
) -> None:
    _header(ws, 1, cfg, contract.PROGRESS)
    keys = [c.key for c in contract.PROGRESS.columns]
    col = {k: get_column_letter(i + 1) for i, k in enumerate(keys)}
    last = LAST_ROW  # however long the log grows
    lists = _quote(contract.LISTS_TITLE)
    # A named list, sized from the plan; flag grows it when tasks are added (LocalBackend).
    stt_range = f"{_quote(tasks_title)}!$A$4:$A${list_end(4, 3 + max(n_tasks, 1))}"
    ws.parent.defined_names[TASK_LIST] = DefinedName(TASK_LIST, attr_text=stt_range)
    _list_validation(
        ws,
        f"{col['task']}2:{col['task']}{last}",
        TASK_LIST,
        "Chọn STT của nhiệm vụ trong trang Nhiệm vụ.",
    )
    _list_validation(
        ws,
        f"{col['unit']}2:{col['unit']}{last}",
        f"{lists}!${_UNIT}$2:${_UNIT}${n_units + 50}",
        "Chọn đơn vị trong danh sách, hoặc ghi đơn vị khác.",
    )
    _list_validation(
        ws,
        f"{col['form']}2:{col['form']}{last}",
        f"{lists}!${_FORM}$2:${_FORM}${n_forms + 50}",
        "Chọn hình thức trong danh sách, hoặc ghi hình thức khác.",
    )
    _date_validation(ws, f"{col['date']}2:{col['date']}{last}", cfg.plan.year)
    ws.freeze_panes = "A2"
    _print_setup(ws, "$1:$1")


def _lists_tab(ws: Worksheet, units: Mapping[str, Sequence[str]], forms: Sequence[str]) -> None:
    for row in lists.rows(units, forms):
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in ((_UNIT, 48), (_OTHER, 40), (_FORM, 36)):
        ws.column_dimensions[col].width = width


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


def _date_validation(ws: Worksheet, cells: str, year: int) -> None:
    dv = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="36526",
        allow_blank=True,
        errorStyle="warning",
        showErrorMessage=True,
    )
    dv.errorTitle, dv.error = "Ngày chưa đúng", f"Ghi ngày dạng 15/03/{year}."
    dv.add(cells)
    ws.add_data_validation(dv)


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"
