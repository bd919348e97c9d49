"""Which column of a task table a header cell names, from the words real plans use.

Usage::

    >>> role("Cơ quan (đơn vị) chủ trì"), role("Thời gian hoàn thành"), role("TT")
    ('lead', 'timeframe', 'stt')
    >>> role("Kinh phí") is None       # a column the sheet does not keep
    True

Headers are compared loosely (``text.fold``: no diacritics, case or punctuation), by whole
words, in an order that settles the headers naming two things: "Kết quả thực hiện nhiệm vụ" is
a product, "Đơn vị thực hiện / Phối hợp" (a two-row header) names the coordinating units, "Đơn
vị tính" (unit of measure, in tables of targets) is no unit at all.
"""

from __future__ import annotations

import re
from typing import Literal

from ..text import fold

Role = Literal["stt", "task", "product", "lead", "partners", "timeframe"]

_STT = {"stt", "tt", "so tt", "s tt", "so thu tu", "thu tu", "so"}
# (role, phrases): the first role with a phrase in the header wins.
_RULES: tuple[tuple[Role | None, tuple[str, ...]], ...] = (
    # Columns the sheet has no place for: the import names them among those not kept.
    (None, ("don vi tinh", "kinh phi", "du toan", "nguon von", "ghi chu")),
    ("partners", ("phoi hop",)),
    ("lead", ("chu tri",)),
    (
        "timeframe",
        (
            "thoi gian",
            "thoi han",
            "tien do",
            "han hoan thanh",
            "moc thoi gian",
            "thoi diem",
            "lo trinh",
        ),
    ),
    ("product", ("san pham", "ket qua", "hinh thuc", "dau ra")),
    (
        "lead",
        (
            "don vi thuc hien",
            "co quan thuc hien",
            "bo phan thuc hien",
            "nguoi thuc hien",
            "can bo thuc hien",
            "to chuc thuc hien",
            "trach nhiem",
            "phu trach",
            "phan cong",
        ),
    ),
    (
        "task",
        ("nhiem vu", "noi dung", "cong viec", "hoat dong", "giai phap", "de muc", "chuong trinh"),
    ),
    ("lead", ("don vi", "co quan", "bo phan", "nguoi")),
)
# Words under a spanning header cell in a header's second row ("Thời gian" over these).
SUB_LABELS = {
    "bat dau",
    "hoan thanh",
    "ket thuc",
    "tu ngay",
    "den ngay",
    "tu",
    "den",
    "chu tri",
    "phoi hop",
    "khoi cong",
    "trien khai",
    "nam",
}
# Periods heading columns marked "x" under "Thời gian": "Quý I", "Q2", "Tháng 10", "T10".
PERIOD = re.compile(r"^(quy\s+(i|ii|iii|iv|[1-4])|thang\s+\d{1,2}|q[1-4]|t\d{1,2})$")
START_WORDS = ("bat dau", "tu ngay", "khoi dau", "trien khai")
END_WORDS = ("hoan thanh", "ket thuc", "den ngay")


def role(label: str) -> Role | None:
    """The column a header text names, or None for a column the sheet does not keep."""
    return ranked(label)[0]


def ranked(label: str) -> tuple[Role | None, int]:
    """The role and how surely the words name it (0 is surest): of two columns read as the
    lead unit, "Cơ quan chủ trì" beats "Lãnh đạo phụ trách"."""
    key = fold(label)
    if not key:
        return None, 0
    if key in _STT:
        return "stt", 0
    padded = f" {key} "
    for rank, (found, phrases) in enumerate(_RULES):
        if any(f" {phrase} " in padded for phrase in phrases):
            return found, rank
    return None, len(_RULES)


def is_label(text: str) -> bool:
    """Header-like words: a column name or a sub-label such as "Bắt đầu"."""
    key = fold(text)
    return bool(key) and (key in SUB_LABELS or bool(PERIOD.match(key)) or role(text) is not None)


def names_start(label: str) -> bool:
    """ "Thời gian Bắt đầu", "Thời gian thực hiện Từ": the start of a two-column timeframe."""
    padded = f" {fold(label)} "
    return any(f" {w} " in padded for w in START_WORDS) or padded.endswith(" tu ")


def names_end(label: str) -> bool:
    padded = f" {fold(label)} "
    return any(f" {w} " in padded for w in END_WORDS) or padded.endswith(" den ")
