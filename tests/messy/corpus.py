"""A corpus of messy plan sheets, made by code: what many hands really leave in a shared sheet.

Usage::

    from tests.messy.corpus import CASES, TODAY
    for case in CASES:
        case.name, case.about     # what the officers did
        case.book                 # the cells as the spreadsheet holds them
        case.expect               # what the run must leave: notes, statuses, or a clear stop

Every case starts from ``base()`` — the seed plan's 8 tasks under a title, with a small progress
log whose statuses on ``TODAY`` follow from the rules (DESIGN §3–4) — and changes what one kind
of officer would change. ``books.py`` writes the same book as an .xlsx (real merges, hidden rows,
formulas with their cached results, error cells) and into the fake Google Sheet, so both
backends see the same cells.

Expectations:

* ``Note(tab, cell, says)`` — on ``Nhiệm vụ`` the row's ``Ghi chú tự động`` names the bad cell
  and contains every fragment of ``says``; on ``Tiến độ`` the cell itself gets the job's note.
* ``Shows(stt, status, says)`` — the task's status (and a fragment of its note) after the run.
* ``Blank(tab, cell)`` — a job-owned cell the run must leave empty (or empty it).
* ``Stops(says)`` — the run stops with a message containing every fragment, and writes nothing
  but its ``Nhật ký`` row.
* ``Logged(job, says)`` — the job's ``Nhật ký`` row contains every fragment of ``says``.

Whatever the case, every status the run writes comes with a note saying why.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sheets_sync import seed
from sheets_sync.cells import Cell, a1
from sheets_sync.contract import Status

TODAY = date(2024, 10, 15)
PERIOD = "2024-Q3"
TASKS, PROGRESS, LOG = "Nhiệm vụ", "Tiến độ", "Nhật ký"
HEADER = [
    "STT",
    "Nhiệm vụ cụ thể",
    "Sản phẩm/kết quả",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện",
    "Ngày hoàn thành",
    "Hạn (tự động)",
    "Trạng thái",
    "Ghi chú tự động",
]
JOB_LABELS = ("Hạn (tự động)", "Trạng thái", "Ghi chú tự động")
PROGRESS_HEADER = [
    "Ngày",
    "STT nhiệm vụ",
    "Đơn vị",
    "Hình thức",
    "Nội dung",
    "Số lượng",
    "Minh chứng",
]
LOG_HEADER = ["Thời gian", "Công việc", "Kết quả", "Số liệu", "Liên kết"]
HUGE = 50_000  # characters: the most a Google Sheets cell holds


@dataclass(frozen=True)
class Formula:
    """A formula an officer typed, and the value the spreadsheet computed for it."""

    text: str  # "=A4+1"
    result: Cell  # 2, "#REF!", a date ...


@dataclass
class Tab:
    title: str
    rows: list[list[object]]
    merges: list[str] = field(default_factory=list)  # "A1:J1"
    hidden: set[int] = field(default_factory=set)  # 0-based rows an officer hid

    def at(self, ref: str) -> object:
        r, c = cell_index(ref)
        row = self.rows[r] if r < len(self.rows) else []
        return row[c] if c < len(row) else None

    def put(self, ref: str, value: object) -> None:
        r, c = cell_index(ref)
        while len(self.rows) <= r:
            self.rows.append([])
        row = self.rows[r]
        row.extend([None] * (c + 1 - len(row)))
        row[c] = value


@dataclass
class Book:
    tabs: dict[str, Tab]
    # Cells officers type after a first clean run (the job has written its columns by then).
    typed_later: dict[tuple[str, str], object] = field(default_factory=dict)

    def __getitem__(self, title: str) -> Tab:
        return self.tabs[title]

    def task_row(self, stt: int) -> int:
        """0-based row of the task with this number in ``base()``'s layout."""
        tab = self.tabs[TASKS]
        return next(i for i, row in enumerate(tab.rows) if row and row[0] == stt)

    def column(self, title: str, label: str) -> int:
        header = next(r for r in self.tabs[title].rows if label in r)
        return header.index(label)

    def ref(self, stt: int, label: str, title: str = TASKS) -> str:
        return a1(self.task_row(stt), self.column(title, label))


@dataclass(frozen=True)
class Note:
    tab: str
    cell: str
    says: tuple[str, ...]


@dataclass(frozen=True)
class Shows:
    stt: str
    status: Status
    says: str = ""


@dataclass(frozen=True)
class Blank:
    tab: str
    cell: str


@dataclass(frozen=True)
class Stops:
    says: tuple[str, ...]


@dataclass(frozen=True)
class Logged:
    job: str
    says: tuple[str, ...]


Expectation = Note | Shows | Blank | Stops | Logged


@dataclass(frozen=True)
class Case:
    name: str
    about: str
    book: Book
    expect: tuple[Expectation, ...]
    adds_job_columns: bool = False  # the run may add missing job headers at the end

    @property
    def stops(self) -> Stops | None:
        return next((e for e in self.expect if isinstance(e, Stops)), None)


_REF = re.compile(r"^([A-Z]+)(\d+)$")


def cell_index(ref: str) -> tuple[int, int]:
    """0-based (row, column) of an A1 reference: ``cell_index("B3") == (2, 1)``."""
    m = _REF.match(ref)
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


# --- the clean plan every case starts from ------------------------------------------------------

TITLE = "PHỤ LỤC CÁC NHIỆM VỤ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH XÃ GIA TÂN NĂM 2024"
LEGEND = "Các cột Hạn, Trạng thái, Ghi chú tự động do máy ghi."
UNITS = {1: "Công chức VHTT - TDTT", 2: "Bộ phận một cửa", 4: "Văn phòng", 5: "Đài Truyền thanh xã"}


def _progress(day: date, stt: int, form: str, content: str, count: object = 1) -> list[object]:
    return [day, stt, UNITS[stt], form, content, count, ""]


def base() -> Book:
    """The seed plan with a progress log. On TODAY (15/10/2024): task 1 in progress (a row in
    each past quarter), 2 overdue (no row in Q2), 3 overdue (Quý I, not done), 4 in progress,
    5 in progress (a row every month), 6 and 7 not yet due, 8 overdue (Quý IV/2023)."""
    tasks = [[TITLE], [LEGEND], list(HEADER)]
    for t in seed.TASKS:
        tasks.append([t.stt, t.task, t.product, t.lead, t.partners, t.timeframe])
    progress = [list(PROGRESS_HEADER)]
    progress += [_progress(date(2024, m, 5), 1, "Tin bài", "Đăng tin CCHC") for m in (2, 5, 8)]
    progress += [_progress(date(2024, m, 6), 2, "Niêm yết", "Niêm yết TTHC") for m in (1, 8)]
    progress.append(_progress(date(2024, 3, 22), 4, "Hội nghị", "Hội nghị CCHC"))
    progress += [
        _progress(date(2024, m, 12), 5, "Phát thanh", "Chuyên mục CCHC") for m in range(1, 10)
    ]
    return Book(
        {
            TASKS: Tab(TASKS, tasks, merges=["A1:J1", "A2:J2"]),
            PROGRESS: Tab(PROGRESS, progress),
            LOG: Tab(LOG, [list(LOG_HEADER)]),
        }
    )


BASE_STATUS = {
    1: Status.IN_PROGRESS,
    2: Status.OVERDUE,
    3: Status.OVERDUE,
    4: Status.IN_PROGRESS,
    5: Status.IN_PROGRESS,
    6: Status.NOT_YET_DUE,
    7: Status.NOT_YET_DUE,
    8: Status.OVERDUE,
}


def as_base(*stts: int) -> list[Shows]:
    return [Shows(str(s), BASE_STATUS[s]) for s in stts]


# --- the cases -----------------------------------------------------------------------------------

CASES: list[Case] = []


def case(adds_job_columns: bool = False) -> Callable:
    """Register a case: the function edits a fresh ``base()`` and returns its expectations."""

    def register(edit: Callable[[Book], list[Expectation]]) -> Callable:
        book = base()
        expect = edit(book)
        about = " ".join((edit.__doc__ or "").split())
        CASES.append(Case(edit.__name__, about, book, tuple(expect), adds_job_columns))
        return edit

    return register


def _insert_rows(tab: Tab, at: int, rows: list[list[object]]) -> None:
    tab.rows[at:at] = rows


def _rename_header(book: Book, rename: Callable[[str], str]) -> None:
    header = book[TASKS].rows[2]
    book[TASKS].rows[2] = [rename(h) if isinstance(h, str) else h for h in header]
    book[PROGRESS].rows[0] = [rename(h) for h in book[PROGRESS].rows[0]]


# Layout ------------------------------------------------------------------------------------------


@case()
def title_rows_and_merged_cells(book: Book) -> list[Expectation]:
    """Three title rows merged across the table, a blank row, then the header."""
    _insert_rows(book[TASKS], 0, [["ỦY BAN NHÂN DÂN XÃ GIA TÂN"], []])
    book[TASKS].merges = ["A1:J1", "A3:J3", "A4:J4"]
    return as_base(1, 2, 3, 8)


@case()
def header_far_down(book: Book) -> list[Expectation]:
    """Twenty rows of notes and blank lines above the header."""
    notes = [[f"Ghi chú {i}: xem văn bản số {i}/UBND"] if i % 3 == 0 else [] for i in range(20)]
    _insert_rows(book[TASKS], 2, notes)
    return as_base(1, 3, 6)


@case()
def header_in_capitals(book: Book) -> list[Expectation]:
    """Headers retyped in capitals, job columns included."""
    _rename_header(book, str.upper)
    return as_base(2, 4, 7)


@case()
def header_without_diacritics(book: Book) -> list[Expectation]:
    """Headers typed on a keyboard without Vietnamese input."""
    from sheets_sync.text import strip_diacritics

    _rename_header(book, strip_diacritics)
    return as_base(1, 3, 5)


@case()
def header_with_stray_spaces_and_line_breaks(book: Book) -> list[Expectation]:
    """Headers with doubled spaces, a line break inside, a trailing space."""
    _rename_header(book, lambda h: "  " + h.replace(" ", "\n", 1).replace(" ", "  ") + " ")
    return as_base(2, 6, 8)


@case()
def header_in_decomposed_unicode(book: Book) -> list[Expectation]:
    """Headers pasted from a Mac (NFD: letters and their marks as separate characters)."""
    _rename_header(book, lambda h: unicodedata.normalize("NFD", h))
    return as_base(1, 3, 4)


@case()
def columns_reordered_with_an_officer_column(book: Book) -> list[Expectation]:
    """Columns moved around, and a column of the commune's own put first."""
    order = [9, 5, 0, 8, 1, 3, 7, 6, 2, 4]
    tab = book[TASKS]
    for i, row in enumerate(tab.rows):
        if i < 2:
            continue
        row = row + [None] * (10 - len(row))
        extra = "Ghi chú của xã" if i == 2 else ("đã rà soát" if i == 4 else None)
        tab.rows[i] = [extra, *(row[j] for j in order)]
    return as_base(1, 2, 3, 6, 8)


@case()
def required_column_missing(book: Book) -> list[Expectation]:
    """The 'Thời gian thực hiện' column deleted."""
    tab = book[TASKS]
    for row in tab.rows[2:]:
        if len(row) > 5:
            del row[5]
    return [Stops(("Thời gian thực hiện", "J3"))]


@case()
def tasks_tab_renamed(book: Book) -> list[Expectation]:
    """The task tab renamed 'NV 2024'."""
    tab = book.tabs.pop(TASKS)
    tab.title = "NV 2024"
    book.tabs = {"NV 2024": tab, **book.tabs}
    return [Stops(("Nhiệm vụ", "tasks_tab"))]


@case()
def progress_tab_renamed(book: Book) -> list[Expectation]:
    """The progress tab renamed 'Tien do 2024': the job stops and lists the tabs it found,
    instead of judging every recurring task late for want of progress."""
    tab = book.tabs.pop(PROGRESS)
    tab.title = "Tien do 2024"
    book.tabs = {**book.tabs, "Tien do 2024": tab}
    return [Stops(("Tiến độ", "progress_tab", "'Tien do 2024'"))]


@case(adds_job_columns=True)
def job_columns_deleted(book: Book) -> list[Expectation]:
    """The three job-owned columns deleted: they come back at the end of the header."""
    for row in book[TASKS].rows[2:]:
        del row[7:]
    return as_base(1, 2, 3, 7)


@case()
def progress_header_missing(book: Book) -> list[Expectation]:
    """The 'Ngày' header of the progress log overwritten with 'Ngày tháng năm'."""
    book[PROGRESS].rows[0][0] = "Ngày tháng năm"
    return [Note(PROGRESS, "A1", ("'Ngày'", "H1")), Shows("6", Status.NOT_YET_DUE)]


@case()
def blank_rows_between_tasks(book: Book) -> list[Expectation]:
    """Blank rows between tasks and after the last one, and spaces-only cells."""
    tab = book[TASKS]
    for stt in (7, 5, 3):
        _insert_rows(tab, book.task_row(stt), [[], ["   ", None, "  "]])
    tab.rows += [[], [], ["", " "]]
    progress = book[PROGRESS]
    _insert_rows(progress, 3, [[], [" "]])
    return [*as_base(1, 3, 5, 7, 8), Blank(TASKS, "H" + str(book.task_row(3)))]


@case()
def hidden_rows(book: Book) -> list[Expectation]:
    """Finished-looking tasks hidden, and a hidden progress row."""
    book[TASKS].hidden = {book.task_row(4), book.task_row(5)}
    book[PROGRESS].hidden = {2}
    return as_base(4, 5, 1)


@case()
def section_heading_rows(book: Book) -> list[Expectation]:
    """Roman-numbered group headings between tasks, as in the signed appendix."""
    tab = book[TASKS]
    _insert_rows(tab, book.task_row(5), [["II", "NHIỆM VỤ THƯỜNG XUYÊN"]])
    _insert_rows(tab, book.task_row(1), [["I", "NHIỆM VỤ TRỌNG TÂM"]])
    first = book.task_row(1) - 1
    return [*as_base(1, 5, 8), Blank(TASKS, f"I{first + 1}")]


# Task numbers ------------------------------------------------------------------------------------


@case()
def duplicate_task_number(book: Book) -> list[Expectation]:
    """Task 5 renumbered 4 by mistake: two rows say STT 4."""
    ref = book.ref(5, "STT")
    book[TASKS].put(ref, 4)
    return [Note(TASKS, ref, ("trùng", "9"))]


@case()
def blank_task_number(book: Book) -> list[Expectation]:
    """A task whose STT was cleared."""
    ref = book.ref(6, "STT")
    book[TASKS].put(ref, None)
    return [Note(TASKS, ref, ("Thiếu STT", "số thứ tự"))]


@case()
def task_numbers_typed_every_way(book: Book) -> list[Expectation]:
    """STT typed '01', '2.', 3.0 and ' 4 '; the progress log names them 1, '02', 3, 4.0."""
    tab = book[TASKS]
    for stt, typed in ((1, "01"), (2, "2."), (3, 3.0), (4, " 4 ")):
        tab.put(book.ref(stt, "STT"), typed)
    for row in book[PROGRESS].rows[1:]:
        if row[1] == 2:
            row[1] = "02"
        elif row[1] == 4:
            row[1] = 4.0
    return [Shows("01", BASE_STATUS[1]), Shows("2.", BASE_STATUS[2]), Shows(" 4 ", BASE_STATUS[4])]


@case()
def task_numbers_as_formulas(book: Book) -> list[Expectation]:
    """STT 2..8 computed by formulas from the row above (=A4+1)."""
    tab = book[TASKS]
    for stt in range(2, 9):
        r = book.task_row(stt)
        tab.rows[r][0] = Formula(f"=A{r}+1", stt)
    return as_base(2, 5, 8)


# Dates -------------------------------------------------------------------------------------------


@case()
def completion_dates_typed_every_way(book: Book) -> list[Expectation]:
    """Completion dates as a serial number, '15/3/2024', '2024-03-15', '15.3.24' and a datetime."""
    tab = book[TASKS]
    typed = {3: 45366, 4: "15/3/2024", 6: "2024-03-15", 7: "15.3.24", 8: datetime(2024, 3, 15, 9)}
    for stt, value in typed.items():
        tab.put(book.ref(stt, "Ngày hoàn thành"), value)
    return [
        Shows("3", Status.DONE_ON_TIME, "15/03/2024"),
        Shows("4", Status.DONE_ON_TIME, "15/03/2024"),
        Shows("6", Status.DONE_ON_TIME, "15/03/2024"),
        Shows("7", Status.DONE_ON_TIME, "15/03/2024"),
        Shows("8", Status.DONE_LATE, "15/03/2024"),
    ]


@case()
def progress_dates_typed_every_way(book: Book) -> list[Expectation]:
    """Progress dates as serials, '5/5/2024', '2024-08-05', '5.2.24' and datetimes."""
    typed = iter([45327, "5/5/2024", "2024-08-05", "5.2.24", datetime(2024, 8, 6, 14, 30)])
    for row in book[PROGRESS].rows[1:6]:
        row[0] = next(typed)
    return as_base(1, 2)


@case()
def impossible_and_unreadable_dates(book: Book) -> list[Expectation]:
    """'31/02/2024' as a completion date; '30/2/2024', 'hôm qua' and nothing as progress dates."""
    ref = book.ref(3, "Ngày hoàn thành")
    book[TASKS].put(ref, "31/02/2024")
    progress = book[PROGRESS]
    progress.rows[1][0] = "30/2/2024"
    progress.rows[2][0] = "hôm qua"
    progress.rows[3][0] = None
    return [
        Note(TASKS, ref, ("31/02/2024", "15/03/2024")),
        Note(PROGRESS, "A2", ("không có thật", "15/03/2024")),
        Note(PROGRESS, "A3", ("hôm qua", "15/03/2024")),
        Note(PROGRESS, "A4", ("Thiếu ngày", "15/03/2024")),
    ]


@case()
def completion_date_in_the_future(book: Book) -> list[Expectation]:
    """Task 7 marked done on 20/12/2024 — two months from today."""
    ref = book.ref(7, "Ngày hoàn thành")
    book[TASKS].put(ref, date(2024, 12, 20))
    return [Note(TASKS, ref, ("20/12/2024", "sau ngày hôm nay", "kiểm tra lại"))]


@case()
def checkbox_and_words_in_date_cells(book: Book) -> list[Expectation]:
    """A checkbox (TRUE) and 'rồi' in completion dates; TRUE as a progress date."""
    tab = book[TASKS]
    first, second = book.ref(3, "Ngày hoàn thành"), book.ref(6, "Ngày hoàn thành")
    tab.put(first, True)
    tab.put(second, "rồi")
    book[PROGRESS].rows[4][0] = True
    return [
        Note(TASKS, first, ("TRUE", "15/03/2024")),
        Note(TASKS, second, ("rồi", "15/03/2024")),
        Note(PROGRESS, "A5", ("TRUE", "15/03/2024")),
    ]


@case()
def timeframe_typed_as_a_date(book: Book) -> list[Expectation]:
    """Task 6's timeframe typed as the date 30/06/2024 (the sheet stores a date)."""
    book[TASKS].put(book.ref(6, "Thời gian thực hiện"), date(2024, 6, 30))
    return [Shows("6", Status.OVERDUE, "01/07/2024")]


# Formulas and broken formulas -------------------------------------------------------------------


@case()
def broken_formulas(book: Book) -> list[Expectation]:
    """#REF! in an STT, a timeframe and a completion date; #N/A and #REF! in the progress log."""
    tab = book[TASKS]
    stt, timeframe = book.ref(5, "STT"), book.ref(6, "Thời gian thực hiện")
    done = book.ref(3, "Ngày hoàn thành")
    tab.put(stt, Formula("=#REF!+1", "#REF!"))
    tab.put(timeframe, Formula("=#REF!", "#REF!"))
    tab.put(done, Formula("=DATE(2024,3,#REF!)", "#VALUE!"))
    progress = book[PROGRESS]
    progress.rows[1][5] = Formula("=VLOOKUP(A2,X:Y,2,0)", "#N/A")
    progress.rows[2][1] = Formula("=#REF!", "#REF!")
    return [
        Note(TASKS, stt, ("#REF!", "số thứ tự")),
        Note(TASKS, timeframe, ("#REF!", "Quý I/2024")),
        Note(TASKS, done, ("#VALUE!", "15/03/2024")),
        Note(PROGRESS, "F2", ("#N/A", "ví dụ 2")),
        Note(PROGRESS, "B3", ("#REF!", "STT")),
    ]


@case()
def formulas_with_values(book: Book) -> list[Expectation]:
    """A count =2+3, a timeframe ="Quý "&"IV/2024" and a completion date =DATE(2024,3,15)."""
    tab = book[TASKS]
    tab.put(book.ref(6, "Thời gian thực hiện"), Formula('="Quý "&"IV/2024"', "Quý IV/2024"))
    tab.put(book.ref(3, "Ngày hoàn thành"), Formula("=DATE(2024,3,15)", date(2024, 3, 15)))
    book[PROGRESS].rows[1][5] = Formula("=2+3", 5)
    return [Shows("3", Status.DONE_ON_TIME, "15/03/2024"), Shows("6", Status.NOT_YET_DUE)]


# Text --------------------------------------------------------------------------------------------


@case()
def decomposed_unicode_everywhere(book: Book) -> list[Expectation]:
    """Timeframes, units and task names pasted in NFD."""
    nfd = lambda v: unicodedata.normalize("NFD", v) if isinstance(v, str) else v  # noqa: E731
    for tab in (book[TASKS], book[PROGRESS]):
        for i, row in enumerate(tab.rows):
            if i >= 3 or (tab.title == PROGRESS and i >= 1):
                tab.rows[i] = [nfd(v) for v in row]
    return as_base(1, 2, 3, 5, 8)


@case()
def cells_of_fifty_thousand_characters(book: Book) -> list[Expectation]:
    """A 50,000-character task name, timeframe, STT (twice) and progress content."""
    tab = book[TASKS]
    tab.put(book.ref(2, "Nhiệm vụ cụ thể"), "Tuyên truyền " * (HUGE // 13) + "x" * (HUGE % 13))
    timeframe = book.ref(6, "Thời gian thực hiện")
    tab.put(timeframe, "Theo kế hoạch " + "rất dài " * ((HUGE - 14) // 8))
    huge_stt, stt_cell = "7" * HUGE, book.ref(7, "STT")
    tab.put(stt_cell, huge_stt)
    tab.put(book.ref(8, "STT"), huge_stt)
    book[PROGRESS].rows[1][4] = "Nội dung " * (HUGE // 9)
    return [
        Shows("2", Status.OVERDUE),
        Note(TASKS, timeframe, ("Thời hạn", "Quý I/2024")),
        Note(TASKS, stt_cell, ("trùng",)),
    ]


@case()
def emoji(book: Book) -> list[Expectation]:
    """Emoji in task names, units, contents and beside a task number ('5 ✅')."""
    tab = book[TASKS]
    tab.put(book.ref(1, "Nhiệm vụ cụ thể"), "📢 Tăng cường tuyên truyền CCHC 🇻🇳")
    tab.put(book.ref(5, "Cơ quan chủ trì"), "Đài Truyền thanh xã 📻")
    for row in book[PROGRESS].rows[1:]:
        if row[1] == 5:
            row[1] = "5 ✅"
            row[4] = "Phát thanh 🎙️ chuyên mục CCHC"
    return as_base(1, 5)


@case()
def control_characters(book: Book) -> list[Expectation]:
    """Pasted text with control characters: a vertical tab in a timeframe, a bell in a unit,
    and a task number '9\\x01' that names no task."""
    tab = book[TASKS]
    tab.put(book.ref(3, "Thời gian thực hiện"), "Quý I/2024\x0b")
    tab.put(book.ref(4, "Cơ quan chủ trì"), "Văn phòng\x07 UBND")
    book[PROGRESS].rows[1][1] = "9\x01"
    return [Shows("3", Status.OVERDUE), Note(PROGRESS, "B2", ("không có trong trang Nhiệm vụ",))]


@case()
def formula_like_text(book: Book) -> list[Expectation]:
    """Text that looks like formulas (=IMPORTXML, =HYPERLINK, +…, @…) typed in officer cells."""
    tab = book[TASKS]
    timeframe = book.ref(6, "Thời gian thực hiện")
    tab.put(book.ref(1, "Nhiệm vụ cụ thể"), '=HYPERLINK("http://evil.example","Bấm vào đây")')
    tab.put(timeframe, '=IMPORTXML("http://evil.example/x","//a")')
    tab.put(book.ref(2, "Cơ quan chủ trì"), "@SUM(1+1)*cmd|' /C calc'!A0")
    progress = book[PROGRESS]
    progress.rows[1][1] = '=IMPORTXML("http://evil.example","//b")'
    progress.rows[2][4] = "+1+1"
    progress.rows[3][6] = '=HYPERLINK("http://evil.example")'
    return [
        Shows("6", Status.UNKNOWN, "IMPORTXML"),
        Note(TASKS, timeframe, ("IMPORTXML", "Quý I/2024")),
        Note(PROGRESS, "B2", ("IMPORTXML", "không có trong trang Nhiệm vụ")),
    ]


@case()
def numbers_where_text_is_expected(book: Book) -> list[Expectation]:
    """A task name that is a number, a unit that is a number, a timeframe '2024' (a number)."""
    tab = book[TASKS]
    tab.put(book.ref(4, "Nhiệm vụ cụ thể"), 12345)
    tab.put(book.ref(4, "Cơ quan chủ trì"), 7)
    tab.put(book.ref(6, "Thời gian thực hiện"), 2024)
    return [Shows("4", Status.IN_PROGRESS), Shows("6", Status.NOT_YET_DUE)]


@case()
def a_cell_far_to_the_right(book: Book) -> list[Expectation]:
    """An officer's remark in column AZ of a task row, beyond the table."""
    book[TASKS].put(f"AZ{book.task_row(3) + 1}", "xem lại")
    return as_base(3)


@case()
def every_task_row_deleted(book: Book) -> list[Expectation]:
    """The task rows deleted, the header and the progress log left."""
    tab = book[TASKS]
    del tab.rows[book.task_row(1) :]
    return [
        Logged(
            "flag", ("chưa có nhiệm vụ nào dưới dòng tiêu đề (dòng 3)", "chưa có gì để đánh giá")
        ),
        Logged("flag", ("15 dòng ở trang 'Tiến độ' ghi STT của nhiệm vụ không có",)),
        Note(PROGRESS, "B2", ("không có trong trang Nhiệm vụ",)),
    ]


@case()
def recurring_task_added_this_month(book: Book) -> list[Expectation]:
    """A monthly task added in October, from October on, with nothing logged yet."""
    book[TASKS].rows.append(
        [
            9,
            "Tuyên truyền CCHC trên loa",
            "Tin",
            "Đài Truyền thanh xã",
            "",
            "Hằng tháng từ tháng 10/2024",
        ]
    )
    return [Shows("9", Status.NOT_YET_DUE, "Kỳ tháng 10/2024 chưa có kết quả, hạn 31/10/2024")]


# The progress log --------------------------------------------------------------------------------


@case()
def progress_names_tasks_that_do_not_exist(book: Book) -> list[Expectation]:
    """Progress rows for task 99, task '12a' and no task at all."""
    progress = book[PROGRESS]
    progress.rows[1][1] = 99
    progress.rows[2][1] = "12a"
    progress.rows[3][1] = None
    return [
        Note(PROGRESS, "B2", ("'99'", "không có trong trang Nhiệm vụ", "ví dụ 1")),
        Note(PROGRESS, "B3", ("'12a'", "ví dụ 1")),
        Note(PROGRESS, "B4", ("Thiếu STT nhiệm vụ",)),
    ]


@case()
def negative_fractional_and_worded_counts(book: Book) -> list[Expectation]:
    """Counts of -3, 2.5, 'ba' and '1,5'."""
    progress = book[PROGRESS]
    for r, count in zip((1, 2, 3, 4), (-3, 2.5, "ba", "1,5"), strict=True):
        progress.rows[r][5] = count
    return [
        Note(PROGRESS, "F2", ("-3", "ví dụ 2")),
        Note(PROGRESS, "F3", ("2.5", "ví dụ 2")),
        Note(PROGRESS, "F4", ("ba", "ví dụ 2")),
        Note(PROGRESS, "F5", ("1,5", "ví dụ 2")),
    ]


@case()
def progress_shared_by_two_tasks(book: Book) -> list[Expectation]:
    """One activity logged for tasks '6, 7' and '6 và 7'."""
    progress = book[PROGRESS]
    progress.rows.append([date(2024, 10, 1), "6, 7", "Văn phòng", "Tin bài", "Tin chung", 1, ""])
    progress.rows.append([date(2024, 10, 2), "6 và 7", "Văn phòng", "Tin bài", "Tin chung", 1, ""])
    return [Shows("6", Status.IN_PROGRESS), Shows("7", Status.IN_PROGRESS)]


@case()
def run_log_tab_missing(book: Book) -> list[Expectation]:
    """The Nhật ký tab deleted: it is made again."""
    del book.tabs[LOG]
    return as_base(1, 2)


@case()
def run_log_columns_reordered(book: Book) -> list[Expectation]:
    """Nhật ký columns moved and an officer's remark typed in the log."""
    book[LOG].rows = [["Kết quả", "Thời gian", "Công việc", "Số liệu", "Liên kết"], ["", "", "ok?"]]
    return as_base(3)


# Job-owned columns -------------------------------------------------------------------------------


@case()
def officers_typed_in_job_columns(book: Book) -> list[Expectation]:
    """After a run, officers typed 'Đã xong' over a status, a date over a due date, and their own
    remark over a machine note."""
    status, due, note = (
        book.ref(3, "Trạng thái"),
        book.ref(6, "Hạn (tự động)"),
        book.ref(2, "Ghi chú tự động"),
    )
    book.typed_later = {
        (TASKS, status): "Đã xong",
        (TASKS, due): date(2024, 6, 30),
        (TASKS, note): "Phòng Văn hóa sẽ bổ sung",
    }
    return [
        Shows("3", Status.OVERDUE),
        Note(TASKS, status, ("Đã xong", "Ngày hoàn thành")),
        Note(TASKS, due, ("30/06/2024", "Thời gian thực hiện")),
        Note(TASKS, note, ("Phòng Văn hóa sẽ bổ sung",)),
    ]


@case()
def job_cells_left_on_an_emptied_row(book: Book) -> list[Expectation]:
    """After a run, an officer cleared task 8's cells but left the job's columns filled."""
    row = book.task_row(8) + 1
    book.typed_later = {(TASKS, f"{c}{row}"): None for c in "ABCDEF"}
    return [Blank(TASKS, f"H{row}"), Blank(TASKS, f"I{row}"), Blank(TASKS, f"J{row}")]


def fresh(case: Case) -> Book:
    """A copy of a case's book that a test may change."""
    return copy.deepcopy(case.book)
