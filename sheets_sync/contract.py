"""The sheet contract of DESIGN §3: tabs, columns, who owns them, and the status vocabulary.

Everything a user sees in the sheet is named here once, in Vietnamese. Column labels are
defaults: the config may rename them, and the reader finds columns by folded header text
(see ``text.fold``), never by position.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Owner = Literal["officer", "job"]


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    owner: Owner = "officer"
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 14  # characters, for a readable new workbook


@dataclass(frozen=True, slots=True)
class Tab:
    key: str
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def job_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.owner == "job")


TASKS = Tab(
    "tasks",
    "Nhiệm vụ",
    (
        Column("stt", "STT", required=True, aliases=("TT", "Số TT", "Số thứ tự"), width=6),
        Column(
            "task",
            "Nhiệm vụ cụ thể",
            required=True,
            aliases=("Nhiệm vụ", "Nội dung nhiệm vụ", "Tên nhiệm vụ", "Nội dung"),
            width=48,
        ),
        Column(
            "product",
            "Sản phẩm/kết quả",
            aliases=("Sản phẩm", "Kết quả", "Sản phẩm đầu ra"),
            width=30,
        ),
        Column(
            "lead",
            "Cơ quan chủ trì",
            aliases=("Chủ trì", "Đơn vị chủ trì", "Cơ quan, đơn vị chủ trì"),
            width=30,
        ),
        Column(
            "partners",
            "Cơ quan phối hợp",
            aliases=("Phối hợp", "Đơn vị phối hợp", "Cơ quan, đơn vị phối hợp"),
            width=30,
        ),
        Column(
            "timeframe",
            "Thời gian thực hiện",
            required=True,
            aliases=("Thời gian", "Thời hạn", "Thời hạn hoàn thành", "Thời gian hoàn thành"),
            width=20,
        ),
        Column(
            "done",
            "Ngày hoàn thành",
            aliases=("Ngày hoàn thành thực tế", "Hoàn thành ngày"),
            width=14,
        ),
        Column("due", "Hạn (tự động)", owner="job", aliases=("Hạn tự động",), width=14),
        Column("status", "Trạng thái", owner="job", aliases=("Tình trạng",), width=20),
        Column("note", "Ghi chú tự động", owner="job", width=48),
        # The group rows of the signed plan ("I. CÔNG TÁC TUYÊN TRUYỀN") a task sits under,
        # written by `import`; last, so that adding it moved no column officers knew.
        Column("group", "Nhóm", aliases=("Nhóm nhiệm vụ", "Lĩnh vực"), width=30),
    ),
)

PROGRESS = Tab(
    "progress",
    "Tiến độ",
    (
        Column("date", "Ngày", required=True, aliases=("Ngày thực hiện", "Thời gian"), width=12),
        Column(
            "task",
            "STT nhiệm vụ",
            required=True,
            aliases=("Nhiệm vụ", "STT NV", "Nhiệm vụ số"),
            width=10,
        ),
        Column("unit", "Đơn vị", aliases=("Đơn vị thực hiện", "Cơ quan"), width=32),
        Column("form", "Hình thức", aliases=("Hình thức tuyên truyền",), width=16),
        Column("content", "Nội dung", width=48),
        Column("count", "Số lượng", aliases=("SL", "Số lượt"), width=10),
        Column("evidence", "Minh chứng", aliases=("Link minh chứng", "Đường dẫn"), width=32),
    ),
)

LOG = Tab(
    "log",
    "Nhật ký",
    (
        Column("time", "Thời gian", owner="job", required=True, width=20),
        Column("job", "Công việc", owner="job", required=True, width=14),
        Column("outcome", "Kết quả", owner="job", required=True, width=14),
        Column("counts", "Số liệu", owner="job", width=60),
        Column("links", "Liên kết", owner="job", width=48),
    ),
)

LISTS_TITLE = "Danh mục"  # the dropdown lists (units, forms) that `init` writes
# The office's own words for each report (judgement, plans, proposals), per period and section;
# the report job creates it when missing (see ``remarks``).
REMARKS_TITLE = "Báo cáo"
# Tabs a report reads besides ``TABS``, in the same request.
REPORT_TABS = (LISTS_TITLE, REMARKS_TITLE)
# A hidden tab of the jobs' own: what they last wrote into each task's job-owned cells, so that a
# cell an officer typed over is told apart from one the situation changed (see ``ledger``).
MEMORY_TITLE = "_sheets_sync"
# A hidden tab saying which plan the workbook holds (number, year, config file), written by
# `import` and `init`, so that no command judges one plan by another plan's config.
IDENTITY_TITLE = "_ke_hoach"

TABS: tuple[Tab, ...] = (TASKS, PROGRESS, LOG)

HEADER_SEARCH_ROWS = 30  # officers add title rows above the header; look this far down


class Status(StrEnum):
    """The exact status strings of DESIGN §3."""

    NOT_YET_DUE = "Chưa đến hạn"
    IN_PROGRESS = "Đang thực hiện"
    DUE_SOON = "Sắp đến hạn"
    OVERDUE = "Quá hạn"
    DONE_ON_TIME = "Hoàn thành đúng hạn"
    DONE_LATE = "Hoàn thành quá hạn"
    UNKNOWN = "Chưa rõ thời hạn"


class Category(StrEnum):
    """The four categories of Vietnamese task-tracking reports."""

    DONE_ON_TIME = "Hoàn thành đúng hạn"
    DONE_LATE = "Hoàn thành quá hạn"
    OPEN_ON_TIME = "Chưa hoàn thành trong hạn"
    OPEN_LATE = "Chưa hoàn thành quá hạn"


CATEGORY_OF: dict[Status, Category | None] = {
    Status.DONE_ON_TIME: Category.DONE_ON_TIME,
    Status.DONE_LATE: Category.DONE_LATE,
    Status.NOT_YET_DUE: Category.OPEN_ON_TIME,
    Status.IN_PROGRESS: Category.OPEN_ON_TIME,
    Status.DUE_SOON: Category.OPEN_ON_TIME,
    Status.OVERDUE: Category.OPEN_LATE,
    Status.UNKNOWN: None,  # cannot be judged; reports list these under data problems
}

# Fill colours of the status cell (RGB hex), soft enough to keep the text readable.
STATUS_COLOURS: dict[Status, str] = {
    Status.NOT_YET_DUE: "EFEFEF",
    Status.IN_PROGRESS: "CFE2F3",
    Status.DUE_SOON: "FFE599",
    Status.OVERDUE: "F4CCCC",
    Status.DONE_ON_TIME: "D9EAD3",
    Status.DONE_LATE: "FCE5CD",
    Status.UNKNOWN: "D9D2E9",
}

JOB_HEADER_COLOUR = "FFF2CC"  # header fill that marks the columns the robot writes
OFFICER_HEADER_COLOUR = "DDEBF7"
