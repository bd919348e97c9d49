"""``sheets-sync init --google``: make an existing spreadsheet ready, without touching its data.

Usage::

    done, problems = prepare(backend, cfg)
    for line in done: print(line)           # what was added
    for line in problems: print(line)       # what an officer must fix by hand

At most four requests: the read (``spreadsheets.get``, ``values:batchGet``), a
``spreadsheets.get`` of what the header rows already carry (formats, dropdowns), and one
``batchUpdate`` if anything is missing.

What it adds, only where missing (run it twice and the second run changes nothing):

* the tabs ``Nhiệm vụ``, ``Tiến độ``, ``Nhật ký``, ``Danh mục`` (lists of units and forms);
* header labels for missing columns, at the end of an existing header (empty cells only), and a
  whole header on an empty tab; a tab with data but no recognisable header is left alone and
  reported;
* a frozen header, the job columns' header in yellow with a note, date formats;
* dropdowns on ``Tiến độ`` (task number, unit, form) that warn instead of refusing;
* the status colours as conditional-format rules, so they follow the text when rows move;
* warning-only protection of the job-owned columns and of ``Nhật ký``: officers may still
  type there, after a warning;
* a row anchor (developer metadata) on every task row, so the first ``flag`` already writes
  through anchors.
"""

from __future__ import annotations

from typing import Any

from requests.adapters import HTTPAdapter

from ... import contract, lists, seed
from ...cells import column_letter
from ...config import Config, google_id
from ...identity import PlanIdentity
from ...model import Grid
from ...sheet import Header, SheetError, find_header, labels_for, read_plan
from . import batch, drive_folder, urls
from .batch import grid_range
from .drive import DriveFolder
from .spreadsheet import GoogleBackend, anchor_request, new_tab, rule_texts

PROTECTION = "sheets-sync: cột do máy tự động ghi"  # description that marks our protections
JOB_NOTE = "Cột do máy tự động ghi mỗi ngày — không cần sửa."


class _Plan:
    """The requests of one batchUpdate, and what they do, in words."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.done: list[str] = []
        self.problems: list[str] = []

    def add(self, what: str, *requests: dict) -> None:
        self.requests += requests
        self.done.append(what)


def prepare(backend: GoogleBackend, cfg: Config) -> tuple[list[str], list[str]]:
    """Lay out the spreadsheet; return (what was done, what an officer must fix by hand)."""
    titles = {t.key: cfg.sheet.tab_title(t) for t in contract.TABS}
    snapshot = backend.read([*titles.values(), contract.LISTS_TITLE])
    plan = _Plan()
    sheet_ids: dict[str, int] = {}
    headers: dict[str, Header] = {}
    for tab in contract.TABS:
        title = titles[tab.key]
        sheet_id, header = _tab_with_header(backend, plan, tab, title, snapshot.get(title), cfg)
        if sheet_id is not None and header is not None:
            sheet_ids[tab.key], headers[tab.key] = sheet_id, header
    _lists(backend, plan, cfg)
    _identity(backend, plan, cfg)
    seen = _Probe(backend, {titles[k]: h for k, h in headers.items()})
    if "tasks" in headers:
        _tasks_tab(backend, plan, seen, sheet_ids["tasks"], headers["tasks"], cfg)
        _anchors(backend, plan, snapshot, cfg)
    if "progress" in headers:
        _progress_tab(
            plan,
            seen,
            sheet_ids["progress"],
            headers["progress"],
            titles,
            headers.get("tasks"),
            cfg.plan.year,
        )
    if "log" in headers:
        _protect(backend, plan, sheet_ids["log"], None, titles["log"], whole=True)
    if plan.requests:
        backend.send_batch(plan.requests)
    return plan.done, plan.problems


def create_report_folder(
    cfg: Config, name: str, parent: str | None, adapter: HTTPAdapter | None = None
) -> str:
    """Make (or find again) the report folder as the account that uploads the reports
    (``drive_auth``), so the ``drive.file`` scope reaches it; return its id."""
    maker = drive_folder(cfg, "root", adapter)
    folder = DriveFolder.create_folder(
        maker.session, name, parent and google_id(parent), maker.account
    )
    return folder.folder_id


def _tab_with_header(
    backend: GoogleBackend,
    plan: _Plan,
    tab: contract.Tab,
    title: str,
    grid: Grid | None,
    cfg: Config,
) -> tuple[int | None, Header | None]:
    labels = labels_for(cfg, tab)
    wanted = [labels[c.key] for c in tab.columns]
    fresh = Header(0, {c.key: i for i, c in enumerate(tab.columns)}, len(wanted))  # on row 1
    existing = backend.tab(title)
    if existing is None:
        sheet_id = backend.ids()
        plan.add(f"tạo trang '{title}' / added tab", *new_tab(sheet_id, title, wanted))
        return sheet_id, fresh
    if not grid:
        plan.add(
            f"ghi tiêu đề trang '{title}' / wrote the header",
            batch.header_cells(existing.sheet_id, 0, 0, wanted),
            batch.freeze(existing.sheet_id, 1),
        )
        return existing.sheet_id, fresh
    try:
        header = find_header(grid, tab, labels, title)
    except SheetError as exc:
        plan.problems.append(str(exc))
        return None, None
    missing = [c for c in tab.columns if c.key not in header.columns]
    if missing:
        at = header.width
        _ensure_width(plan, existing, at + len(missing))
        plan.add(
            f"thêm cột {', '.join(labels[c.key] for c in missing)} vào trang '{title}' / added "
            "missing columns at the end of the header",
            batch.header_cells(existing.sheet_id, header.row, at, [labels[c.key] for c in missing]),
        )
        columns = {**header.columns, **{c.key: at + i for i, c in enumerate(missing)}}
        header = Header(header.row, columns, at + len(missing))
    if existing.frozen < header.row + 1:
        plan.add(
            f"cố định dòng tiêu đề trang '{title}' / froze the header",
            batch.freeze(existing.sheet_id, header.row + 1),
        )
    return existing.sheet_id, header


def _ensure_width(plan: _Plan, tab: Any, width: int) -> None:
    if width > tab.columns:
        plan.requests.append(batch.append_columns(tab.sheet_id, width - tab.columns))


class _Probe:
    """What the header row and the first data row of each tab already carry (formats,
    dropdowns), read once, so that ``init`` adds only what is missing."""

    FIELDS = (
        "sheets(properties(title),data(startRow,startColumn,rowData(values("
        "dataValidation(condition(type)),userEnteredFormat(numberFormat(type),backgroundColor)))))"
    )

    def __init__(self, backend: GoogleBackend, headers: dict[str, Header]) -> None:
        self.cells: dict[tuple[str, int, int], dict] = {}
        ranges = [
            f"{urls.a1_tab(title)}!A{h.row + 1}:{column_letter(max(h.width, 1) - 1)}{h.row + 2}"
            for title, h in headers.items()
            if backend.tab(title) is not None
        ]
        if not ranges:
            return
        data = backend.call(
            "get",
            urls.SPREADSHEET % backend.spreadsheet_id,
            params={"ranges": ranges, "fields": self.FIELDS},
        )
        for sheet in data.get("sheets", []):
            title = sheet.get("properties", {}).get("title", "")
            for block in sheet.get("data", []):
                r0, c0 = int(block.get("startRow", 0)), int(block.get("startColumn", 0))
                for i, row in enumerate(block.get("rowData", [])):
                    for j, cell in enumerate(row.get("values", [])):
                        self.cells[(title, r0 + i, c0 + j)] = cell

    def has_date(self, title: str, row: int, col: int) -> bool:
        cell = self.cells.get((title, row, col), {})
        return cell.get("userEnteredFormat", {}).get("numberFormat", {}).get("type") == "DATE"

    def has_dropdown(self, title: str, row: int, col: int) -> bool:
        return "dataValidation" in self.cells.get((title, row, col), {})

    def has_colour(self, title: str, row: int, col: int) -> bool:
        return "backgroundColor" in self.cells.get((title, row, col), {}).get(
            "userEnteredFormat", {}
        )


def _tasks_tab(
    backend: GoogleBackend, plan: _Plan, seen: _Probe, sheet_id: int, header: Header, cfg: Config
) -> None:
    title = cfg.sheet.tab_title(contract.TASKS)
    tab = backend.tab(title)
    first = header.row + 1
    for column in contract.TASKS.job_columns:
        col = header.columns[column.key]
        if not seen.has_colour(title, header.row, col):
            plan.requests.append(
                batch.background(sheet_id, header.row, col, contract.JOB_HEADER_COLOUR)
            )
        if tab is None or (header.row, col) not in tab.notes:
            plan.requests.append(batch.note(sheet_id, header.row, col, JOB_NOTE))
        _protect(backend, plan, sheet_id, col, title)
    for key in ("due", "done"):
        col = header.columns[key]
        if not seen.has_date(title, first, col):
            plan.add(
                f"định dạng ngày cột '{cfg.sheet.label(contract.TASKS, key)}' / date format",
                batch.number_format(sheet_id, first, None, col),
            )
    if not seen.has_dropdown(title, first, header.columns["done"]):
        plan.requests.append(_date_rule(sheet_id, first, header.columns["done"], cfg.plan.year))
    status = header.columns["status"]
    have = rule_texts(tab, status) if tab is not None else set()
    rules = [
        batch.colour_rule(sheet_id, status, s.value, rgb)
        for s, rgb in contract.STATUS_COLOURS.items()
        if s.value not in have
    ]
    if rules:
        plan.add(f"tô màu theo trạng thái ({len(rules)} quy tắc) / status colours", *rules)


def _date_rule(sheet_id: int, first_row: int, col: int, year: int) -> dict:
    rule = {
        "condition": {"type": "DATE_IS_VALID"},
        "inputMessage": f"Ghi ngày dạng 15/03/{year}.",
        "strict": False,
    }
    return batch.validation(sheet_id, first_row, col, rule)


def _protect(
    backend: GoogleBackend,
    plan: _Plan,
    sheet_id: int,
    col: int | None,
    title: str,
    whole: bool = False,
) -> None:
    tab = backend.tab(title)
    ours = [p for p in (tab.protected if tab else []) if p.get("description") == PROTECTION]
    covered = {p.get("range", {}).get("startColumnIndex") for p in ours}
    if (whole and ours) or (not whole and col in covered):
        return
    rng = (
        grid_range(sheet_id, None, None, None, None)
        if whole
        else grid_range(sheet_id, None, None, col, col + 1)
    )
    plan.add(
        f"bảo vệ chỉ cảnh báo {'trang' if whole else 'cột ' + column_letter(col or 0)} "
        f"'{title}' / warning-only protection",
        batch.protect(rng, PROTECTION),
    )


def _lists(backend: GoogleBackend, plan: _Plan, cfg: Config) -> None:
    if backend.tab(contract.LISTS_TITLE) is not None:
        return
    sheet_id = backend.ids()
    plan.add(
        f"tạo trang '{contract.LISTS_TITLE}' (danh sách đơn vị, hình thức) / added the lists",
        batch.add_tab(sheet_id, contract.LISTS_TITLE),
        batch.cells(sheet_id, 0, 0, lists.rows(cfg.units, seed.FORMS)),
    )


def _identity(backend: GoogleBackend, plan: _Plan, cfg: Config) -> None:
    """The hidden tab naming the plan of ``cfg``, so no command judges the sheet by another
    plan's config (``identity``); a sheet that already names one keeps it."""
    if backend.tab(contract.IDENTITY_TITLE) is not None:
        return
    sheet_id = backend.ids()
    plan.add(
        f"ghi kế hoạch của bảng tính vào trang ẩn '{contract.IDENTITY_TITLE}' / recorded the plan",
        batch.add_tab(sheet_id, contract.IDENTITY_TITLE, hidden=True, frozen=0),
        batch.cells(sheet_id, 0, 0, PlanIdentity.of(cfg).rows()),
    )


def _progress_tab(
    plan: _Plan,
    seen: _Probe,
    sheet_id: int,
    header: Header,
    titles: dict[str, str],
    tasks_header: Header | None,
    year: int,
) -> None:
    title, first = titles["progress"], header.row + 1
    tab = urls.a1_tab(contract.LISTS_TITLE)
    unit, form = column_letter(lists.UNIT), column_letter(lists.FORM)
    sources: dict[str, str] = {
        "unit": f"={tab}!${unit}$2:${unit}$500",
        "form": f"={tab}!${form}$2:${form}$500",
    }
    if tasks_header is not None:
        stt = column_letter(tasks_header.columns["stt"])
        tasks = urls.a1_tab(titles["tasks"])
        # Open-ended: the list follows the tasks however many are added (Sheets skips blanks).
        sources["task"] = f"={tasks}!${stt}${tasks_header.row + 2}:${stt}"
    for key, source in sources.items():
        col = header.columns[key]
        if seen.has_dropdown(title, first, col):
            continue
        rule = {
            "condition": {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": source}]},
            "inputMessage": "Chọn trong danh sách, hoặc ghi giá trị khác.",
            "strict": False,  # warn, never refuse: officers may type something new
            "showCustomUi": True,
        }
        plan.add(
            f"danh sách chọn cột {column_letter(col)} trang '{title}' / dropdown",
            batch.validation(sheet_id, first, col, rule),
        )
    date_col = header.columns["date"]
    if not seen.has_dropdown(title, first, date_col):
        plan.requests.append(_date_rule(sheet_id, first, date_col, year))
    if not seen.has_date(title, first, date_col):
        plan.requests.append(batch.number_format(sheet_id, first, None, date_col))


def _anchors(backend: GoogleBackend, plan: _Plan, snapshot: Any, cfg: Config) -> None:
    title = cfg.sheet.tab_title(contract.TASKS)
    tab = backend.tab(title)
    if tab is None or title not in snapshot:
        return
    progress = cfg.sheet.tab_title(contract.PROGRESS)  # made by this same batch if missing
    try:
        tasks = read_plan({progress: [], **snapshot}, cfg).tasks
    except SheetError:
        return
    new = [
        anchor_request(tab.sheet_id, t.row, backend.ids())
        for t in tasks
        if t.row not in tab.anchors
    ]
    if new:
        plan.add(f"gắn mốc cho {len(new)} dòng nhiệm vụ / anchored task rows", *new)
