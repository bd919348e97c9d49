"""Parse the free-text "Thời gian thực hiện" (timeframe) cell of a plan's task table.

Officers type timeframes however they like, and signed plans print them however their
drafters did: "Quý I/2024", "quy 1 nam 2024", "Q1/2024", "Tháng 10-11/2024", "Trước ngày 15/12",
"Mỗi tháng 01 kỳ", "Thường xuyên trong năm", "Từ năm 2024 và các năm tiếp theo", "Trước ngày 25
hằng tháng", "Tháng 01 năm sau liền kề năm báo cáo" ... :func:`parse` turns one cell into a
:class:`Timeframe`: a *deadline* (done once by ``due``), a *recurring* task (``every`` week /
month / quarter / half-year / year until ``due``, each occurrence due at its end or by
``due_day``), a *continuous* one (ongoing until ``due``) or *unknown* (with a Vietnamese note
saying why and which forms are understood, its examples in the plan's own year).

    >>> from sheets_sync.timeframe import parse
    >>> tf = parse("Quý I/2024", plan_year=2024)
    >>> tf.kind, tf.start, tf.due
    ('deadline', datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    >>> parse("Mỗi tháng 01 kỳ", 2024).every
    'month'
    >>> parse("Quý IV/2023", 2024).warning
    'Thời hạn Quý IV/2023 trước năm kế hoạch 2024 — kiểm tra lại'
    >>> tf = parse("Trước ngày 25 hằng tháng", 2025)
    >>> tf.every, tf.due_day
    ('month', 25)

From the shell (one JSON object per text, or per stdin line when no text is given)::

    python -m sheets_sync.timeframe --plan-year 2024 "Quý I/2024" "Mỗi tháng 01 kỳ"

How it works: the text is normalised once into an ASCII key (Unicode NFKD, diacritics and
"đ" removed, case folded, whitespace collapsed, edge punctuation dropped), so "Quý I/2024",
"QUY I/2024" and "quý  i/2024." share one key and one cache entry. A data period beside a
deadline ("số liệu từ ... đến ...") is dropped, and years named relative to the plan ("năm
sau", "năm trước", "năm báo cáo") are written as the years they mean. The key is then
scanned in a fixed order: days of a recurring period ("ngay 25 hang thang", "ngay 15 thang
cuoi quy"), recurrence phrases ("hang thang", "6 thang/lan", ...) and continuous phrases
("thuong xuyen", "tro di", ...) are read and blanked out first, so that "moi thang 01 ky" is
never mistaken for January; then dates, quarters, months, half-years and years are read
into spans. Kind, start and due follow from the phrases and the spans; see
``docs/timeframes.md`` for the table of accepted forms and the conventions.
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from .periods import Span, occurrence_due, occurrences

__all__ = ["Every", "Kind", "Timeframe", "clear_cache", "hint", "main", "normalise", "parse"]

log = logging.getLogger(__name__)

Kind = Literal["deadline", "recurring", "continuous", "unknown"]
Every = Literal["week", "month", "quarter", "half_year", "year"]


def hint(plan_year: int) -> str:
    """The forms an unknown timeframe's note suggests, in the plan's own year."""
    y = plan_year
    return f"ghi dạng 'Quý I/{y}', 'Tháng 6/{y}', 'Trước 31/3/{y}', 'Hằng tháng', 'Thường xuyên'"


@dataclass(frozen=True, slots=True)
class Timeframe:
    """One parsed timeframe cell.

    ``due`` is the last day the task may be done (None only for unknown); ``start`` is the
    first day of the period the text names, when it names one; ``every`` is set only for
    recurring tasks; ``warning`` is a short Vietnamese note for the sheet (for unknown: the
    problem and :func:`hint`).

    A recurring task's occurrences end with their calendar period unless the text names a day:
    then each is due by ``due_day`` of the period's last month, ``due_months_after`` months
    later ("Trước ngày 25 hằng tháng": 25, 0; "trước ngày 05 của tháng sau": 5, 1). These two
    are not part of the six-key JSON interface.
    """

    text: str
    kind: Kind
    start: date | None
    due: date | None
    every: Every | None
    warning: str | None
    due_day: int | None = None
    due_months_after: int = 0

    def to_json(self) -> dict[str, str | None]:
        """The six keys of the JSON interface, dates as ISO strings."""
        return {
            "text": self.text,
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "due": self.due.isoformat() if self.due else None,
            "every": self.every,
            "warning": self.warning,
        }

    def occurrences(self, start: date, end: date) -> list[Span]:
        """The periods within [start, end] that each need a progress row: a recurring task's
        own, due by its day when the text names one; calendar quarters for continuous work.
        When no occurrence's due day falls within [start, end], the calendar periods."""
        if self.kind != "recurring" or self.every is None:
            return occurrences("quarter", start, end)
        by_day = occurrences(
            self.every, start, end, day=self.due_day, months_after=self.due_months_after
        )
        return by_day or occurrences(self.every, start, end)


# ---------------------------------------------------------------------------------------------
# Normalisation: one ASCII key per way of typing the same thing.
# ---------------------------------------------------------------------------------------------

_TRANSLATE = {
    **dict.fromkeys(map(ord, "đðɖ"), "d"),
    ord("ı"): "i",
    **dict.fromkeys(map(ord, "‐‑‒–—―−"), "-"),
    **dict.fromkeys(map(ord, "()[]{}\"“”„'‘’«»`"), " "),
}
_EDGE_JUNK = " .;,:!?…-*•+_~"


def normalise(text: str) -> str:
    """The lookup key of a cell: lower-case ASCII-ish, no diacritics, single spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(bare.translate(_TRANSLATE).split()).strip(_EDGE_JUNK)


# ---------------------------------------------------------------------------------------------
# Spans: what a piece of text means on the calendar.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    start: date
    end: date
    label: str  # Vietnamese, for warnings: "Quý IV/2023", "tháng 6/2024", "15/12/2024"
    point: bool = False  # a single day ("trước ngày 15/12"), not a period
    parts: tuple[date, ...] = ()  # the ends of the items of a list ("Tháng 6 và tháng 12")
    crosses: bool = False  # runs across two years by nature (a school year): not a slip


class _Problem(ValueError):
    """Raised by span builders for impossible input; the message is Vietnamese."""


@dataclass(frozen=True, slots=True)
class _Token:
    pos: int
    year: int | None  # the year written in the text, if any
    build: Callable[[int], _Span]  # the span for a given year (raises _Problem)
    end: int  # where the text naming it ends
    opens: bool = False  # "từ tháng 6" with no end of its own: runs on to the year's end
    after_from: bool = False  # right after "từ" / "bắt đầu": the work starts there
    by: bool = False  # right after "trước" / "chậm nhất" / "hoàn thành": the work ends there


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_ROMAN_VALUE = {"i": 1, "v": 5, "x": 10}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _check_year(year: int) -> int:
    if not 1900 <= year <= 2100:
        raise _Problem(f"Năm {year} không hợp lý")
    return year


def _year_of(full: str | None, short: str | None) -> int | None:
    """A written year: four digits as is, two digits as 20yy."""
    if full:
        return _check_year(int(full))
    if short:
        return 2000 + int(short)
    return None


def _number(word: str) -> int:
    """An Arabic or Roman numeral (as written after "Quý")."""
    if word.isdigit():
        return int(word)
    values = [_ROMAN_VALUE[ch] for ch in word]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _quarter_span(number: int, year: int) -> _Span:
    first = 3 * number - 2
    return _Span(date(year, first, 1), _month_end(year, first + 2), f"Quý {_ROMAN[number]}/{year}")


def _month_span(month: int, year: int) -> _Span:
    if not 1 <= month <= 12:
        raise _Problem(f"Không có tháng {month}")
    return _Span(date(year, month, 1), _month_end(year, month), f"tháng {month}/{year}")


def _day_span(day: int, month: int, year: int, written: str) -> _Span:
    try:
        when = date(year, month, day)
    except ValueError:
        raise _Problem(f"Ngày {written} không có thật") from None
    return _Span(when, when, when.strftime("%d/%m/%Y"), point=True)


def _day_of_month(written: str) -> int:
    day = int(written)
    if not 1 <= day <= 31:
        raise _Problem(f"Không có ngày {day}")
    return day


def _year_span(first: int, last: int) -> _Span:
    if first > last:
        raise _Problem(f"Khoảng năm {first}-{last} bị ngược")
    label = f"năm {first}" if first == last else f"giai đoạn {first}-{last}"
    return _Span(date(first, 1, 1), date(last, 12, 31), label)


def _join(spans: list[_Span]) -> _Span:
    """One span covering a list or range ("Quý II, III", "Tháng 3 - 5")."""
    first, last = spans[0], spans[-1]
    label = first.label if first.label == last.label else f"{first.label} – {last.label}"
    return _Span(min(s.start for s in spans), max(s.end for s in spans), label)


def _listed(
    items: list[int], year: int, one: Callable[[int, int], _Span], *, is_list: bool
) -> _Span:
    """Spans of listed months/quarters; the year belongs to the last one, and an earlier item
    greater than its successor ("Tháng 11 - 2/2025") is in the year before. A list (not a
    range) keeps the end of each item, for "Tháng 6 và tháng 12 hằng năm"."""
    years = [year] * len(items)
    for i in range(len(items) - 2, -1, -1):
        years[i] = years[i + 1] - 1 if items[i] > items[i + 1] else years[i + 1]
    spans = [one(item, y) for item, y in zip(items, years, strict=True)]
    joined = _join(spans)
    return replace(joined, parts=tuple(s.end for s in spans)) if is_list else joined


# ---------------------------------------------------------------------------------------------
# Phrases read (and blanked) before the spans.
# ---------------------------------------------------------------------------------------------

_ORDER: dict[Every, int] = {"week": 0, "month": 1, "quarter": 2, "half_year": 3, "year": 4}
_PER_YEAR: dict[Every, int] = {"week": 52, "month": 12, "quarter": 4, "half_year": 2, "year": 1}


def _times(every: Every, times: int) -> Every:
    """The cadence of ``times`` occurrences each ``every``: the finest one that asks for no
    more than that ("mỗi năm 2 lần": half-yearly; "mỗi năm 3 lần": half-yearly, not more)."""
    total = max(times, 1) * _PER_YEAR[every]  # "0 lần" is a typo, not "never"
    return max((e for e in _PER_YEAR if _PER_YEAR[e] <= total), key=_PER_YEAR.__getitem__)


_ONE = r"(?:mot|1|01)"
_PER = r"\s*(?:/|mot|moi|tren|trong|1|01)\s*"
_COUNT = r"\d{1,2}\s*(?:lan|ky|buoi|so|bai|tin|dot|ban tin)"
_NOT_QUY_WORD = r"(?!\s*(?:dinh|che|trinh|hoach|mo|chuan|tac|luat|uoc|doi|vi|bau|gia|khach)\b)"
_NO_NUMBER = r"(?!\s*(?:\d|[ivx]+\b))"
_PERIOD_WORDS: dict[str, Every] = {
    "tuan": "week",
    "thang": "month",
    "quy": "quarter",
    "qui": "quarter",
    "3 thang": "quarter",
    "03 thang": "quarter",
    "ba thang": "quarter",
    "9 thang": "quarter",
    "6 thang": "half_year",
    "06 thang": "half_year",
    "sau thang": "half_year",
    "nua nam": "half_year",
    "nam": "year",
    "mot nam": "year",
    "1 nam": "year",
    "01 nam": "year",
    "12 thang": "year",
    "ca nam": "year",
}
_PERIOD = "(?:" + "|".join(sorted(map(re.escape, _PERIOD_WORDS), key=len, reverse=True)) + ")"
_PERIOD_ITEM = rf"(?P<p>{_PERIOD}){_NOT_QUY_WORD}(?![a-z])"

# "định kỳ hằng quý, 6 tháng, một năm", "hằng tháng", "mỗi 6 tháng", "từng quý" ...
_PERIODIC_LIST = re.compile(
    rf"\b(?:dinh ky|hang|moi|tung)\s*(?:hang\s*|moi\s*)?{_PERIOD}{_NOT_QUY_WORD}(?![a-z])"
    rf"(?:\s*(?P<times>\d{{1,2}})\s*(?:lan|ky|dot)\b|\s*{_COUNT})?"
    rf"(?:\s*(?:,|;|/|va|hoac)\s*(?:dinh ky\s*|hang\s*|moi\s*)?{_PERIOD}{_NOT_QUY_WORD}"
    rf"(?![a-z]))*"
)
_PERIOD_IN_LIST = re.compile(_PERIOD_ITEM)
# "báo cáo quý", "báo cáo tháng, quý, 6 tháng, năm"; a cell of cadences alone "Tháng, quý, năm".
# Not "báo cáo năm 2024" or "báo cáo 6 tháng đầu năm": those name one period.
_CADENCE = rf"{_PERIOD}{_NOT_QUY_WORD}(?![a-z])(?!\s*(?:\d|[ivx]+\b|dau\b|cuoi\b|giua\b))"
_CADENCE_LIST = rf"{_CADENCE}(?:\s*(?:,|;|/|va|hoac)\s*{_CADENCE})*"
_REPORTED = re.compile(rf"\bbao cao\s*(?:dinh ky\s*)?{_CADENCE_LIST}")
_CADENCES_ONLY = re.compile(rf"{_CADENCE}(?:\s*(?:,|;|/|va|hoac)\s*{_CADENCE})+")
# A cadence right before the date its report is due: "6 tháng (trước 15/6), năm (trước 15/12)".
# Read only when two or more are listed: "Năm trước ngày 15/12" alone is not a cadence.
_CADENCE_DATED = re.compile(
    rf"\b(?P<p>{_PERIOD}){_NOT_QUY_WORD}(?![a-z])\s*:?\s*"
    r"(?=(?:truoc|cham nhat|han|vao)\s*(?:ngay\s*)?\d{1,2}\s*[/.-]\s*\d{1,2})"
)

# The day each occurrence is due by, read before the cadences ("hằng tháng" is noted here):
# (pattern, cadence or None for "the period's", months after the period's last month).
_DAY = r"\bngay\s*(?P<d>\d{1,2})(?!\d)\s*(?:cua\s*)?"
_QUARTER_WORD = r"(?:quy|qui)\b"
_DUE_DAYS: list[tuple[re.Pattern[str], Every | None, int]] = [
    # "trước ngày 10 của tháng đầu quý sau"
    (
        re.compile(
            rf"{_DAY}thang dau(?:\s*tien)?\s*(?:cua\s*)?{_QUARTER_WORD}"
            r"\s*(?:sau|tiep theo|ke tiep)\b"
        ),
        "quarter",
        1,
    ),
    # "trước ngày 15 của tháng cuối quý", "trước ngày 05 tháng cuối cùng của mỗi quý"
    (
        re.compile(
            rf"{_DAY}(?:cac\s*)?thang cuoi(?:\s*cung)?\s*(?:cua\s*)?(?:moi\s*|cac\s*|tung\s*)?"
            rf"{_QUARTER_WORD}"
        ),
        "quarter",
        0,
    ),
    # "trước ngày 15 tháng cuối kỳ (báo cáo)": of whichever cadence the text names
    (
        re.compile(
            rf"{_DAY}(?:cac\s*)?thang cuoi(?:\s*cung)?\s*(?:cua\s*)?(?:moi\s*|tung\s*)?ky\b"
            r"(?:\s*bao cao)?"
        ),
        None,
        0,
    ),
    # "trước ngày 05 của tháng sau"
    (re.compile(rf"{_DAY}thang\s*(?:sau|tiep theo|ke tiep)\b"), "month", 1),
    # "trước 25 hằng tháng", "ngày 25/hàng tháng"
    (
        re.compile(
            r"(?:\bngay\s*|(?<![\d/.-]))(?P<d>\d{1,2})\s*/?\s*(?:hang|moi)\s*thang\b(?!\s*\d)"
        ),
        "month",
        0,
    ),
    # "trước ngày 25 hằng tháng", "định kỳ ngày 20 hàng tháng", "trước ngày 15 của tháng",
    # "trước ngày 25 tháng báo cáo"
    (
        re.compile(
            rf"{_DAY}(?:hang\s*|moi\s*|cac\s*|tung\s*)?thang\b"
            r"(?:\s*bao cao\b|(?!\s*(?:\d|cuoi|dau|giua|truoc|nay)))"
        ),
        "month",
        0,
    ),
]
# "ngày 20" naming no month ("Hằng tháng, trước ngày 20"): the day of a cadence named elsewhere
_BARE_DAY = re.compile(
    r"\bngay\s*(?P<d>\d{1,2})(?![\d/.-])(?!\s*(?:[/.-]|\d|(?:cua\s*)?(?:cac\s*)?thang\b))"
)

_RECURRING: list[tuple[re.Pattern[str], Every]] = [
    # "tuần đầu tiên của tháng", "tuần cuối mỗi tháng" (not "tuần đầu tháng 3")
    (
        re.compile(
            r"\btuan\s*(?:le\s*)?(?:dau|cuoi|thu\s*(?:\d|nhat|hai|ba|tu))(?:\s*(?:tien|cung))?"
            rf"\s*(?:cua\s*)?(?:moi\s*|hang\s*|cac\s*|tung\s*)?thang\b{_NO_NUMBER}"
        ),
        "month",
    ),
    # "6 tháng, năm", "sơ kết 6 tháng, tổng kết năm": the half-year and the year
    (
        re.compile(
            r"\b(?:6|06|sau)\s*thang\s*(?:,|;|/|va|&)\s*(?:tong ket\s*)?(?:ca\s*|mot\s*)?nam\b"
            r"(?!\s*\d)"
        ),
        "half_year",
    ),
    (re.compile(rf"\b(?:6|06|sau)\s*thang\s*/?\s*(?:{_ONE}\s*)?lan\b"), "half_year"),
    (re.compile(rf"\b(?:3|03|ba)\s*thang\s*/?\s*(?:{_ONE}\s*)?lan\b"), "quarter"),
    (re.compile(rf"\b(?:12\s*thang|(?:mot|1|01)\s*nam)\s*/?\s*(?:{_ONE}\s*)?lan\b"), "year"),
    (re.compile(rf"\bnua nam\s*/?\s*(?:{_ONE}\s*)?lan\b"), "half_year"),
    (re.compile(rf"\b(?:(?:mot|hai|\d{{1,2}})\s*)?tuan\s*/?\s*(?:{_ONE}\s*)?lan\b"), "week"),
    (re.compile(rf"\bthang\s*/?\s*(?:{_ONE}\s*)?lan\b"), "month"),
    (re.compile(rf"\b(?:quy|qui)\s*/?\s*(?:{_ONE}\s*)?lan\b"), "quarter"),
    (re.compile(rf"\bnam\s*/?\s*(?:{_ONE}\s*)?lan\b"), "year"),
    (re.compile(rf"\b(?:dau|giua|cuoi)\s*(?:moi|cac|tung)?\s*thang\b{_NO_NUMBER}"), "month"),
    (
        re.compile(rf"\b(?:dau|giua|cuoi)\s*(?:moi|cac|tung)?\s*(?:quy|qui)\b{_NO_NUMBER}"),
        "quarter",
    ),
    (re.compile(rf"\b{_COUNT}{_PER}tuan\b"), "week"),
    (re.compile(rf"\b{_COUNT}{_PER}thang\b"), "month"),
    (re.compile(rf"\b{_COUNT}{_PER}(?:quy|qui)\b"), "quarter"),
    (re.compile(rf"\b(?:4|04|bon)\s*(?:lan|ky|dot){_PER}nam\b"), "quarter"),
    (re.compile(rf"\b(?:2|02|hai)\s*(?:lan|ky|dot){_PER}nam\b"), "half_year"),
    (re.compile(rf"\b(?:12)\s*(?:lan|ky|dot|so){_PER}nam\b"), "month"),
    (re.compile(rf"\b{_ONE}\s*(?:lan|ky|dot){_PER}nam\b"), "year"),
]
# "Từ tháng 3/2024 và các tháng tiếp theo": that cadence from there on
_ONWARDS: list[tuple[re.Pattern[str], Every]] = [
    (re.compile(r"\b(?:va\s*)?(?:nhung|cac)\s*thang\s*(?:tiep theo|sau do|ke tiep)\b"), "month"),
    (
        re.compile(r"\b(?:va\s*)?(?:nhung|cac)\s*(?:quy|qui)\s*(?:tiep theo|sau|ke tiep)\b"),
        "quarter",
    ),
]
_BARE_PERIODIC = re.compile(r"\b(?:dinh ky|cuoi ky|ky bao cao)\b")


def _any_of(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern matching where any of ``patterns`` does. Most cells match none of a
    group: asking this once spares asking each, a good part of an uncached parse."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


_ANY_RECURRING = _any_of(p for p, _ in _RECURRING)
_ANY_ONWARDS = _any_of(p for p, _ in _ONWARDS)
_CONTINUOUS = re.compile(
    r"\b(?:thuong xuyen|lien tuc|hang ngay|moi ngay|quanh nam|suot|duy tri|lau dai"
    r"|(?:va\s*)?(?:nhung|cac)\s*nam\s*(?:tiep theo|sau|ke tiep)|tro di|(?:tro\s*)?ve sau)\b"
    r"|(?<![\d/.-])24\s*/\s*(?:7|24)(?![\d/.-])"  # "trực 24/7", "24/24 giờ": round the clock
)
_YEARS_ON = re.compile(r"\b(?:nhung|cac)\s*nam\b")
_RELATIVE = re.compile(
    r"\b(?:theo|khi|ngay sau|sau khi|ke tu|dot xuat|tuy|phu thuoc|chua xac dinh)\b"
)
_BY = re.compile(r"\b(?:truoc|cham nhat|muon nhat|den|toi|han chot|han cuoi|xong|khong qua)\b")
_FROM_RIGHT_BEFORE = re.compile(r"(?<![a-z])(?:tu|bat dau)\s*:?\s*(?:ngay\s*|nam\s*)?$")
_HAS_END = re.compile(  # a range or list has its own end: "từ tháng 3-5", "từ quý II, III"
    r"\b(?:den|toi|va)\b|-|[,;&+]\s*(?:(?:quy|qui|q|thang|t)\.?\s*)?(?:\d{1,2}(?!\d)|[ivx]+\b)"
)
_RANGE_WORD = re.compile(r"\b(?:den|toi)\b|[-~>]")
_BEFORE_RIGHT_BEFORE = re.compile(r"(?<![a-z])truoc\s*$")
_BY_RIGHT_BEFORE = re.compile(
    r"(?<![a-z])(?:truoc|cham nhat|muon nhat|han chot|han|khong qua|hoan thanh|xong)"
    r"\s*:?\s*(?:ngay\s*)?$"
)
# (not "hằng năm kế hoạch năm sau": "năm" there belongs to "hằng")
_EVERY_BEFORE = r"(?<!hang )(?<!moi )(?<!tung )(?<!cac )(?<!nhung )"
_THIS_YEAR = re.compile(rf"{_EVERY_BEFORE}\bnam\s*(?:nay|bao cao|ke hoach)\b")
_OF_REPORT_YEAR = (
    r"(?:\s*lien ke)?(?:\s*(?:voi\s*|cua\s*|sau\s*|truoc\s*)?nam\s*(?:bao cao|ke hoach)\b)?"
)
# "năm sau", "của năm sau liền kề năm báo cáo", "năm liền kề sau năm báo cáo", "năm tiếp
# theo"; not "các năm tiếp theo" (goes on) nor "kế hoạch năm sau" (names a document)
_NEXT_YEAR = re.compile(
    rf"{_EVERY_BEFORE}(?<!hoach )(?<!toan )(?<!huong )\b(?:cua\s*)?"
    r"nam\s*(?:lien\s*)?(?:ke\s*)?(?:sau|toi|ke tiep|tiep theo)\b(?!\s*khi)" + _OF_REPORT_YEAR
)
# "15/12 năm trước", "Quý IV của năm trước năm báo cáo"; not "trong năm trước ngày 15/12"
# nor "báo cáo năm trước" (what is reported on)
_LAST_YEAR = re.compile(
    rf"{_EVERY_BEFORE}(?<!bao cao )(?<!ket qua )(?<!tong ket )(?<!so lieu )"
    r"\b(?:cua\s*)?nam\s*(?:lien\s*)?(?:ke\s*)?truoc\b"
    + _OF_REPORT_YEAR
    + r"(?=\s*(?:$|[,;.:/-]|va\b|den\b|toi\b))"
)
# A data period beside the deadline ("trước ngày 18/12 (số liệu từ 15/12 năm trước đến 14/12
# năm báo cáo)") says what the report covers, not when it is due.
_DATA_PERIOD = re.compile(
    r"(?<=\S)\s*\bso lieu\s*(?:bao cao\s*)?(?:duoc\s*)?(?:tinh\s*)?(?:ke\s*)?tu\b.*?"
    r"\b(?:den|toi)\s*(?:het\s*)?(?:ngay\s*)?\d{1,2}(?:\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?)?"
    r"(?:\s*(?:cua\s*)?(?:thang|nam)\s*(?:bao cao|ke hoach|truoc|nay|sau|\d{1,4}))*"
)


# ---------------------------------------------------------------------------------------------
# Span rules, tried in this order on the text left after the phrases above.
# ---------------------------------------------------------------------------------------------

_YEAR_SUFFIX = (
    r"(?:\s*/\s*(?P<yy>\d{2})(?![\d/])"
    r"|\s*(?:[/.,-]\s*)?(?:cua\s*)?(?:nam\s*)?(?P<yyyy>\d{4})(?![\d/]))?"
)
_LIST_SEP = r"\s*(?:,|;|&|\+|-|>|va|den het|den|toi|cho den|hoac)\s*(?:het\s*)?"
_QUY = r"(?<![a-z])(?:quy|qui|q)\.?\s*"
_Q = r"(?:[ivx]+|\d{1,2})(?![a-z\d])"
_Q_ITEM = rf"(?<![a-z]){_Q}"
_THANG = r"(?<![a-z])(?:thang|t\.?)\s*"
_M = r"\d{1,2}(?!\d)"
_NUMBER_WORDS = {"ba": 3, "sau": 6, "chin": 9}
_PARTS = {
    "dau": ("đầu", 1, 10),
    "thuong tuan": ("đầu", 1, 10),
    "giua": ("giữa", 11, 20),
    "trung tuan": ("giữa", 11, 20),
    "cuoi": ("cuối", 21, 31),
    "ha tuan": ("cuối", 21, 31),
}

_FIRST_LAST_MONTH = (
    r"thang\s*(?P<which>dau|cuoi)(?:\s*(?:tien|cung))?\s*(?:cua\s*)?nam\b"
    r"(?!\s*(?:hoc|nay))(?:\s*(?P<yyyy>\d{4})(?!\d))?"
)

_Made = tuple[int | None, Callable[[int], _Span]]  # (year written in the text, span for a year)


def _iso_date(m: re.Match[str]) -> _Made:
    year = _check_year(int(m["y"]))
    day, month = int(m["d"]), int(m["m"])
    return year, lambda y: _day_span(day, month, y, f"{day}/{month}/{y}")


def _dmy_date(m: re.Match[str]) -> _Made:
    year = _year_of(m["yyyy"], m["yy"])
    day, month = int(m["d"]), int(m["m"])
    written = re.sub(r"\s", "", m["w"])
    return year, lambda y: _day_span(day, month, y, written)


def _words_date(m: re.Match[str]) -> _Made:
    day, month = int(m["d"]), int(m["m"])
    return _year_of(m["yyyy"], None), lambda y: _day_span(day, month, y, f"{day}/{month}/{y}")


def _day_of_months(m: re.Match[str]) -> _Made:
    """One day in each month named: "ngày 15 các tháng 3, 6, 9, 12" (clamped to short months),
    kept as one span of single days so a recurring task reads its due day from it."""
    day, months = int(m["d"]), [int(x) for x in re.findall(r"\d{1,2}", m["list"])]
    if not 1 <= day <= 31:
        raise _Problem(f"Không có ngày {day}")

    def build(y: int) -> _Span:
        ends = [_month_span(month, y).end for month in months]
        days = sorted(end.replace(day=min(day, end.day)) for end in ends)
        label = f"ngày {day} các tháng {', '.join(map(str, months))}/{y}"
        return _Span(days[0], days[-1], label, point=True)

    return _year_of(m["yyyy"], None), build


def _month_of_year_end(m: re.Match[str]) -> _Made:
    """The first or last month of a year ("tháng đầu năm" is January), or a day in it."""
    month = 1 if m["which"] == "dau" else 12
    year = _year_of(m["yyyy"], None)
    if m.groupdict().get("d") is None:
        return year, lambda y: _month_span(month, y)
    day = int(m["d"])
    return year, lambda y: _day_span(day, month, y, f"{day}/{month}/{y}")


def _part_of_month(m: re.Match[str]) -> _Made:
    word, first, last = _PARTS[m["part"]]
    month = int(m["m"])

    def build(y: int) -> _Span:
        whole = _month_span(month, y)
        end = min(whole.end, date(y, month, min(last, whole.end.day)))
        return _Span(date(y, month, first), end, f"{word} {whole.label}")

    return _year_of(m["yyyy"], m["yy"]), build


def _months_of_year(m: re.Match[str]) -> _Made | None:
    """Read "6 tháng đầu năm", "9 tháng", "3 tháng cuối năm 2024", "nửa đầu năm".

    A bare count is a period only for the reporting marks 6, 9 and 12 ("trong 3 tháng" is a
    duration, not a date)."""
    n = 6 if m["half"] else _NUMBER_WORDS.get(m["n"]) or int(m["n"])
    late = m["side"] == "cuoi"
    if not m["side"] and n not in (6, 9, 12):
        return None
    if not 1 <= n <= 12:
        raise _Problem(f"Không hiểu {n} tháng")

    def build(y: int) -> _Span:
        if n == 12:
            return _year_span(y, y)
        if late:
            return _Span(date(y, 13 - n, 1), date(y, 12, 31), f"{n} tháng cuối năm {y}")
        return _Span(date(y, 1, 1), _month_end(y, n), f"{n} tháng đầu năm {y}")

    return _year_of(m["yyyy"], None), build


def _quarters(m: re.Match[str]) -> _Made:
    written = re.findall(_Q_ITEM, re.sub(_QUY, " ", m["list"]))
    numbers = [_number(w) for w in written]
    for number, word in zip(numbers, written, strict=True):
        if number not in _ROMAN:
            raise _Problem(f"Không có Quý {word.upper()}")
    is_list = len(numbers) > 1 and not _RANGE_WORD.search(m["list"])
    return _year_of(m["yyyy"], m["yy"]), lambda y: _listed(
        numbers, y, _quarter_span, is_list=is_list
    )


def _months(m: re.Match[str]) -> _Made:
    months = [int(x) for x in re.findall(r"\d{1,2}", m["list"])]
    for month in months:
        if not 1 <= month <= 12:
            raise _Problem(f"Không có tháng {month}")
    is_list = len(months) > 1 and not _RANGE_WORD.search(m["list"])
    return _year_of(m["yyyy"], m["yy"]), lambda y: _listed(months, y, _month_span, is_list=is_list)


def _month_year(m: re.Match[str]) -> _Made:
    month = int(m["m"])
    return _year_of(m["yyyy"], None), lambda y: _month_span(month, y)


def _day_or_month(m: re.Match[str]) -> _Made:
    """Bare "a/b": the day 15/12 when b is a month, else month/two-digit year ("6/24")."""
    a, b = int(m["a"]), int(m["b"])
    if 1 <= b <= 12:
        return None, lambda y: _day_span(a, b, y, f"{a}/{b}/{y}")
    if 1 <= a <= 12:
        return 2000 + b, lambda y: _month_span(a, y)
    raise _Problem(f"Ngày {a}/{b} không có thật")


def _school_year(m: re.Match[str]) -> _Made | None:
    """A school year ("năm học 2024-2025") runs from September to the end of May."""
    first, last = _check_year(int(m["y1"])), _check_year(int(m["y2"]))
    if last != first + 1:
        return None  # not a school year: read as years
    span = _Span(date(first, 9, 1), date(last, 5, 31), f"năm học {first}-{last}", crosses=True)
    return last, lambda _y: span


def _part_of_school_year(m: re.Match[str]) -> _Made:
    """The start of a school year is September ("đầu năm học"), its end May ("cuối năm
    học"), in the plan year."""
    month, word = (9, "đầu") if m["part"] == "dau" else (5, "cuối")
    return None, lambda y: replace(_month_span(month, y), label=f"{word} năm học ({month}/{y})")


def _year_range(m: re.Match[str]) -> _Made:
    span = _year_span(_check_year(int(m["y1"])), _check_year(int(m["y2"])))
    return span.end.year, lambda _y: span


def _named_year(m: re.Match[str]) -> _Made:
    return _check_year(int(m["y"])), lambda y: _year_span(y, y)


def _bare_year(m: re.Match[str]) -> _Made | None:
    year = int(m["y"])
    if not 1900 <= year <= 2100:
        return None  # a count such as "1000 tờ rơi", not a year
    return year, lambda y: _year_span(y, y)


def _part_of_year(m: re.Match[str]) -> _Made:
    first, last, word = {"dau": (1, 3, "đầu"), "giua": (4, 6, "giữa"), "cuoi": (10, 12, "cuối")}[
        m["part"]
    ]
    return _year_of(m["yyyy"], None), lambda y: _Span(
        date(y, first, 1), _month_end(y, last), f"{word} năm {y}"
    )


def _this_year(m: re.Match[str]) -> _Made:
    return None, lambda y: _year_span(y, y)


# Tried in this order; each match is blanked so later rules never see it again.
# (pattern, reader, a word the pattern cannot match without: checked first, it spares most
# searches of an uncached parse)
_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Made | None], str]] = [
    # 2024-03-31, 2024/3/31
    (
        re.compile(
            r"(?<![\d/.-])(?P<y>\d{4})\s*([-/.])\s*(?P<m>\d{1,2})\s*\2\s*(?P<d>\d{1,2})(?!\d)"
        ),
        _iso_date,
        "",
    ),
    # 31/3/2024, 31-03-2024, 31.3.24
    (
        re.compile(
            r"(?<![\d/.-])(?P<w>(?P<d>\d{1,2})\s*(?P<s>[/.-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*"
            r"(?:(?P<yyyy>\d{4})|(?P<yy>\d{2})))(?!\d)(?![/.-]\d)"
        ),
        _dmy_date,
        "",
    ),
    # 31/01 năm 2025, 15/01 của năm 2025 (how "năm sau" reaches the rules)
    (
        re.compile(
            r"(?<![\d/.-])(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/?\s*(?:cua\s*)?nam\s*(?P<yyyy>\d{4})"
            r"(?!\d)"
        ),
        _words_date,
        "nam",
    ),
    # ngày 15 các tháng 3, 6, 9, 12
    (
        re.compile(
            r"\bngay\s*(?P<d>\d{1,2})\s*(?:cua\s*)?(?:cac\s*)?thang\s*"
            r"(?P<list>\d{1,2}(?:\s*(?:,|;|&|va)\s*\d{1,2}(?!\d))+)(?![\d/])"
            r"(?:\s*(?:cua\s*)?(?:nam|/)\s*(?P<yyyy>\d{4})(?!\d))?"
        ),
        _day_of_months,
        "ngay",
    ),
    # ngày 15 tháng 12 (năm 2024)
    (
        re.compile(
            r"\bngay\s*(?P<d>\d{1,2})\s*(?:cua\s*)?thang\s*(?P<m>\d{1,2})(?!\d)"
            r"(?:\s*(?:cua\s*)?(?:nam|/|-)\s*(?P<yyyy>\d{4})(?!\d))?"
        ),
        _words_date,
        "ngay",
    ),
    # 15 tháng 12 năm 2024
    (
        re.compile(
            r"(?<![\d/])(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})\s*nam\s*(?P<yyyy>\d{4})(?!\d)"
        ),
        _words_date,
        "thang",
    ),
    # ngày 05 của tháng đầu năm (2025) (before "5 tháng đầu năm" is read)
    (
        re.compile(rf"\bngay\s*(?P<d>\d{{1,2}})\s*(?:cua\s*)?{_FIRST_LAST_MONTH}"),
        _month_of_year_end,
        "ngay",
    ),
    # cuối tháng 6, hạ tuần tháng 6/2024
    (
        re.compile(
            rf"\b(?P<part>thuong tuan|trung tuan|ha tuan|dau|giua|cuoi)\s*{_THANG}"
            rf"(?P<m>{_M}){_YEAR_SUFFIX}"
        ),
        _part_of_month,
        "",
    ),
    # 6 tháng đầu năm, 9 tháng, nửa cuối năm 2024
    (
        re.compile(
            r"(?:(?<![\d/])(?P<n>\d{1,2}|ba|sau|chin)\s*thang(?!\s*\d{1,2}(?!\d))|\b(?P<half>nua)(?=\s*(?:dau|cuoi)))"
            r"\s*(?P<side>dau|cuoi)?\s*(?:nam)?(?:\s*[/-]?\s*(?P<yyyy>\d{4})(?!\d))?"
        ),
        _months_of_year,
        "",
    ),
    # tháng đầu năm, tháng cuối cùng của năm 2025
    (re.compile(rf"(?<!nhung )(?<!cac )\b{_FIRST_LAST_MONTH}"), _month_of_year_end, "thang"),
    # Quý I/2024, Q1, quý II, III năm 2024, Quý IV/2026 đến hết Quý II/2027
    (
        re.compile(rf"{_QUY}(?P<list>{_Q}(?:{_LIST_SEP}(?:{_QUY})?{_Q})*){_YEAR_SUFFIX}"),
        _quarters,
        "q",
    ),
    # Tháng 6/2024, tháng 10-11/2024, từ tháng 3 đến hết tháng 5, T6/2024
    (
        re.compile(rf"{_THANG}(?P<list>{_M}(?:{_LIST_SEP}(?:{_THANG})?{_M})*){_YEAR_SUFFIX}"),
        _months,
        "",
    ),
    # 6/2025, 06-2025
    (re.compile(r"(?<![\d/.-])(?P<m>\d{1,2})\s*[/-]\s*(?P<yyyy>\d{4})(?![\d/])"), _month_year, ""),
    # 15/12, 6/24
    (re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})(?![\d/])"), _day_or_month, "/"),
    # năm học 2024-2025; đầu năm học, cuối năm học
    (
        re.compile(
            r"\bnam hoc\s*(?P<y1>\d{4})\s*(?:-|/|den|toi)\s*(?:nam\s*)?(?P<y2>\d{4})(?![\d/])"
        ),
        _school_year,
        "nam hoc",
    ),
    (re.compile(r"\b(?P<part>dau|cuoi)\s*nam hoc\b(?!\s*\d)"), _part_of_school_year, "nam hoc"),
    # 2024-2025, 2024 đến 2025
    (
        re.compile(
            r"(?<![\d/.-])(?P<y1>\d{4})\s*(?:-|den|toi|>)\s*(?:nam\s*)?(?P<y2>\d{4})(?![\d/])"
        ),
        _year_range,
        "",
    ),
    # đầu năm, cuối năm 2024
    (
        re.compile(r"\b(?P<part>dau|giua|cuoi)\s*nam\b(?:\s*(?P<yyyy>\d{4})(?!\d))?"),
        _part_of_year,
        "nam",
    ),
    # năm 2024, 2024
    (re.compile(r"\bnam\s*(?P<y>\d{4})(?!\d)"), _named_year, "nam"),
    (re.compile(r"(?<![\d/.-])(?P<y>\d{4})(?![\d/])"), _bare_year, ""),
    # trong năm, cả năm
    (re.compile(r"\b(?:trong|ca)\s*nam\b"), _this_year, "nam"),
]


# ---------------------------------------------------------------------------------------------
# The scan: phrases, then spans, then the verdict.
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Scan:
    key: str
    named: frozenset[int] = frozenset()  # years written as "năm sau" / "năm trước": meant
    rest: str = ""
    every: Every | None = None
    continuous_at: int | None = None
    onwards: bool = False  # "và các tháng tiếp theo": from what is named to the year's end
    years_on: bool | None = None  # what goes on is only "và các năm tiếp theo"
    # the day occurrences are due by, and months after the period's last month, per cadence
    # (None: the period of whichever cadence is named): "trước ngày 25 hằng tháng"
    days: dict[Every | None, tuple[int, int]] = field(default_factory=dict)
    bare_days: list[int] = field(default_factory=list)  # "ngày 20" naming no month

    def __post_init__(self) -> None:
        self.rest = self.key

    def note_every(self, every: Every) -> None:
        if self.every is None or _ORDER[every] < _ORDER[self.every]:
            self.every = every

    def take(self, pattern: re.Pattern[str], read: Callable[[re.Match[str]], bool]) -> None:
        """Blank every match of ``pattern`` that ``read`` accepts (one pass, linear)."""
        self.rest = pattern.sub(lambda m: " " * len(m[0]) if read(m) else m[0], self.rest)

    def found(self, pattern: re.Pattern[str]) -> bool:
        """Whether ``pattern`` occurs in what is left. Most rules do not match a given cell;
        asking first spares making their readers, a good part of an uncached parse."""
        return pattern.search(self.rest) is not None

    def read_phrases(self) -> None:
        def periodic_list(m: re.Match[str]) -> bool:
            cadences = [_PERIOD_WORDS[item["p"]] for item in _PERIOD_IN_LIST.finditer(m[0])]
            times = m.groupdict().get("times")
            if times and cadences:  # "mỗi năm 2 lần": half-yearly
                cadences[0] = _times(cadences[0], int(times))
            for every in cadences:
                self.note_every(every)
            return True

        def recurring(every: Every) -> Callable[[re.Match[str]], bool]:
            def read(_m: re.Match[str]) -> bool:
                self.note_every(every)
                return True

            return read

        def continuous(m: re.Match[str]) -> bool:
            if self.continuous_at is None:
                self.continuous_at = m.start()
            self.years_on = self.years_on is not False and _YEARS_ON.search(m[0]) is not None
            return True

        def due_day(every: Every | None, months_after: int) -> Callable[[re.Match[str]], bool]:
            def read(m: re.Match[str]) -> bool:
                if every is not None:
                    self.note_every(every)
                self.days.setdefault(every, (_day_of_month(m["d"]), months_after))
                return True

            return read

        def onwards(every: Every) -> Callable[[re.Match[str]], bool]:
            def read(_m: re.Match[str]) -> bool:
                self.note_every(every)
                self.onwards = True
                return True

            return read

        if "thang" in self.rest:  # every due-day phrase names a "tháng"
            for pattern, every, months_after in _DUE_DAYS:
                if self.found(pattern):
                    self.take(pattern, due_day(every, months_after))
        dated = _CADENCE_DATED.findall(self.rest)
        if len(dated) > 1:  # blank the cadence words only: their dates are read as spans
            self.take(_CADENCE_DATED, periodic_list)
        if self.found(_ANY_ONWARDS):
            for pattern, every in _ONWARDS:
                self.take(pattern, onwards(every))
        self.take(_REPORTED, periodic_list)
        if _CADENCES_ONLY.fullmatch(self.rest):
            self.take(_CADENCES_ONLY, periodic_list)
        self.take(_PERIODIC_LIST, periodic_list)
        if self.found(_ANY_RECURRING):
            for pattern, every in _RECURRING:
                if self.found(pattern):
                    self.take(pattern, recurring(every))
        self.take(_CONTINUOUS, continuous)

    def read_tokens(self) -> list[_Token]:
        tokens: list[_Token] = []

        def token(builder: Callable[[re.Match[str]], _Made | None]) -> Callable[..., bool]:
            def read(m: re.Match[str]) -> bool:
                made = builder(m)
                if made is not None:
                    year, build = made
                    after_from = self.after(_FROM_RIGHT_BEFORE, m)
                    opens = after_from and not _HAS_END.search(m[0])
                    by = self.after(_BY_RIGHT_BEFORE, m)
                    build = self.maybe_before(m, build)
                    tokens.append(_Token(m.start(), year, build, m.end(), opens, after_from, by))
                return made is not None

            return read

        def bare_day(m: re.Match[str]) -> bool:
            self.bare_days.append(_day_of_month(m["d"]))
            return True

        for pattern, builder, needs in _RULES:
            if needs in self.rest and self.found(pattern):
                self.take(pattern, token(builder))
        self.take(_BARE_DAY, bare_day)
        return sorted(tokens, key=lambda t: t.pos)

    def after(self, word: re.Pattern[str], m: re.Match[str]) -> bool:
        """Whether ``word`` (anchored with $) stands right before the match."""
        return word.search(self.key, max(0, m.start() - 20), m.start()) is not None

    def maybe_before(
        self, m: re.Match[str], build: Callable[[int], _Span]
    ) -> Callable[[int], _Span]:
        """Make "trước tháng 10/2024" end the day before October (a date stays inclusive)."""
        if not self.after(_BEFORE_RIGHT_BEFORE, m):
            return build

        def before(year: int) -> _Span:
            span = build(year)
            if span.point:
                return span
            end = span.start - timedelta(days=1)
            return _Span(end, end, f"trước {span.label}", point=True)

        return before


def _resolve(tokens: list[_Token], plan_year: int) -> list[_Span]:
    """Spans for the tokens; a token with no written year takes the year written nearest to
    its right ("Từ 01/3 đến 30/6/2024"), else to its left, else the plan year."""
    years: list[int | None] = [t.year for t in tokens]
    inferred_right = [False] * len(tokens)
    for i in range(len(tokens) - 2, -1, -1):
        if years[i] is None and years[i + 1] is not None:
            years[i], inferred_right[i] = years[i + 1], True
    for i in range(1, len(tokens)):
        if years[i] is None and years[i - 1] is not None:
            years[i] = years[i - 1]
    spans = [t.build(plan_year if y is None else y) for t, y in zip(tokens, years, strict=True)]
    for i in range(len(spans) - 2, -1, -1):
        if inferred_right[i] and spans[i].start > spans[i + 1].end:
            spans[i] = tokens[i].build(years[i] - 1)  # type: ignore[operator]
    return spans


def _outside_warning(
    spans: Iterable[_Span], plan_year: int, *, named: frozenset[int], since: bool = False
) -> str | None:
    """A note for spans outside the plan year. Not for a year the text named relative to the
    plan ("năm sau", "năm trước": meant, not a slip), nor for where work that goes on began
    ("từ năm 2023 trở đi" in a 2024 plan: ``since``)."""
    first, last = date(plan_year, 1, 1), date(plan_year, 12, 31)
    spans = [
        s
        for s in spans
        if not (s.start.year == s.end.year and s.start.year in named)
        and not (s.crosses and s.start <= last and s.end >= first)
    ]
    early = [] if since else [s for s in spans if s.start < first or s.end < first]
    late = [s for s in spans if s.end > last]
    if not early and not late:
        return None
    labels = ", ".join(dict.fromkeys(s.label for s in [*early, *late]))
    where = "trước" if not late else "sau" if not early else "nằm ngoài"
    return f"Thời hạn {labels} {where} năm kế hoạch {plan_year} — kiểm tra lại"


def _unknown(key: str, problem: str, plan_year: int) -> Timeframe:
    return Timeframe(key, "unknown", None, None, None, f"{problem} — {hint(plan_year)}")


def _deadline_start(key: str, tokens: list[_Token], spans: list[_Span]) -> date | None:
    """A deadline names a start unless it is one day, or reads "trước/đến/chậm nhất X";
    "từ X" / "bắt đầu X" always starts at X."""
    if tokens[0].after_from:
        return spans[0].start
    if len(spans) == 1 and spans[0].point:
        return None
    head = key[: tokens[0].pos]
    if _BY.search(head) and not _FROM_RIGHT_BEFORE.search(head):
        return None
    return min(s.start for s in spans)


def _within(span: _Span, outer: _Span) -> bool:
    return outer.start <= span.start and span.end <= outer.end


def _inside_the_year(tokens: list[_Token], spans: list[_Span]) -> tuple[list[_Token], list[_Span]]:
    """Drop a whole year that only says which year the other periods named are in: "Năm 2024
    (Quý III)" is Quý III/2024."""
    years = [i for i, s in enumerate(spans) if _whole_year(s)]
    if len(years) != 1 or len(spans) < 2:
        return tokens, spans
    year = spans[years[0]]
    rest = [i for i in range(len(spans)) if i != years[0]]
    if all(not spans[i].point and _within(spans[i], year) for i in rest):
        return [tokens[i] for i in rest], [spans[i] for i in rest]
    return tokens, spans


def _deadline_due(tokens: list[_Token], spans: list[_Span]) -> date:
    """The end of the last thing named, or the "by" day inside the period named: "Năm 2024
    (hoàn thành trước 30/11/2024)" is due 30/11."""
    due = max(s.end for s in spans)
    periods = [s for s in spans if not s.point]
    by = [s.end for t, s in zip(tokens, spans, strict=True) if t.by and s.point]
    if periods and by and min(s.start for s in periods) <= max(by) <= due:
        return max(by)
    return due


def _is_range(key: str, tokens: list[_Token]) -> bool:
    """Whether the first two things named are the ends of a range ("01/3 - 30/6"), not a list
    of dates ("15/6 và 15/12")."""
    return len(tokens) > 1 and _RANGE_WORD.search(key, tokens[0].end, tokens[1].pos) is not None


def _ongoing_span(
    key: str, tokens: list[_Token], spans: list[_Span], plan_year: int, extend_to_year_end: bool
) -> tuple[date, date]:
    """Start and due of a recurring or continuous task: the named span, else the plan year.

    Single days named without "từ" are when an occurrence is due, not when the work starts
    ("Trước ngày 15/12 hằng năm" runs from 1 January)."""
    year_start, year_end = date(plan_year, 1, 1), date(plan_year, 12, 31)
    if not spans:
        return year_start, year_end
    end = max(s.end for s in spans)
    if extend_to_year_end:
        end = max(end, year_end)
    periods = [s for s in spans if not s.point]
    if tokens[0].after_from or _is_range(key, tokens):
        return min(s.start for s in spans), end
    if periods:
        return min(s.start for s in periods), end
    return (year_start if year_start <= end else date(end.year, 1, 1)), end


def _in_plan_year(start: date, due: date, plan_year: int) -> date:
    """Where checking work that recurs or goes on begins: not before the plan year when it
    runs into it ("Hằng quý, giai đoạn 2021-2025" in a 2025 plan asks nothing of 2021)."""
    year_start = date(plan_year, 1, 1)
    return year_start if start < year_start <= due else start


def _listed_days(points: list[_Span]) -> tuple[list[date], int | None] | None:
    """The days of "trước ngày 15/6 và 15/12" and the day of the month they share (15), or of
    "30/6 và 31/12", all the last of their month (None: the period's end); else None."""
    days = sorted({d for s in points for d in (s.start, s.end)})
    if len(days) < 2:
        return None
    if len({d.day for d in days}) == 1:
        return days, days[0].day
    if all(d == _month_end(d.year, d.month) for d in days):
        return days, None
    return None


def _whole_year(span: _Span) -> bool:
    return (span.start, span.end) == (date(span.start.year, 1, 1), date(span.start.year, 12, 31))


def _cadence_of(days: Iterable[date], steps: dict[int, Every]) -> Every | None:
    """The cadence of dates evenly spaced over one year at period ends (6, 12 → half-year),
    for the month ``steps`` given."""
    months = [d.month for d in days]
    gaps = {b - a for a, b in pairwise(months)}
    if len({d.year for d in days}) != 1 or len(gaps) != 1:
        return None
    step = gaps.pop()
    return steps.get(step) if all(m % step == 0 for m in months) else None


_DAY_STEPS: dict[int, Every] = {1: "month", 3: "quarter", 6: "half_year"}
# Listed months a year apart by one: "tháng 10, 11 hằng năm" is a stretch of the year, not
# a monthly task.
_PERIOD_STEPS: dict[int, Every] = {3: "quarter", 6: "half_year"}


def _recurring(
    key: str, scan: _Scan, tokens: list[_Token], spans: list[_Span], plan_year: int
) -> Timeframe:
    every = scan.every
    assert every is not None
    open_ended = bool(tokens) and (tokens[-1].opens or scan.onwards)
    start, due = _ongoing_span(scan.key, tokens, spans, plan_year, extend_to_year_end=open_ended)
    points = [s for s in spans if s.point]
    listed = _listed_days(points)
    finer = None
    if listed:  # "trước ngày 15/6 và 15/12 hằng năm": twice a year, by the 15th
        finer = _cadence_of(listed[0], _DAY_STEPS)
    elif len(spans) == 1 and spans[0].parts:  # "tháng 6 và tháng 12 hằng năm": half-yearly
        finer = _cadence_of(spans[0].parts, _PERIOD_STEPS)
    if finer is not None and _ORDER[finer] < _ORDER[every]:
        every = finer
    day, months_after = scan.days.get(every) or scan.days.get(None) or (None, 0)
    if day is None and scan.bare_days:
        day = scan.bare_days[0]
    if every == "week":
        day, months_after = None, 0
    elif months_after and day is not None:
        # "trước ngày 05 của tháng sau": December's occurrence is due in January
        due = max(due, occurrence_due(every, due, day, months_after))
    if listed:
        day = day or listed[1]
    elif (
        every == "year"
        and len(spans) == 1
        and spans[0].start.year == plan_year + 1 == due.year
        and not (tokens[0].after_from or _whole_year(spans[0]))
    ):
        # "hằng năm, trước ngày 31/01 năm sau", "hằng năm (tháng 01 năm sau)": this year's
        # occurrence is due early next year
        start, day, months_after = date(plan_year, 1, 1), due.day, due.month
    start = _in_plan_year(start, due, plan_year)
    warning = _outside_warning(spans, plan_year, named=scan.named)
    return Timeframe(key, "recurring", start, due, every, warning, day, months_after)


def _continuous(
    key: str, scan: _Scan, tokens: list[_Token], spans: list[_Span], plan_year: int
) -> Timeframe:
    """Continuous work within what the text names ("Thường xuyên trong quý II": Q2), or from it
    on through the plan year ("Từ X trở đi", "X và các năm tiếp theo", "Quý I và thường
    xuyên"; from the plan year's first day when X began earlier)."""
    year_start, year_end = date(plan_year, 1, 1), date(plan_year, 12, 31)
    assert scan.continuous_at is not None
    since = bool(tokens) and (all(t.pos < scan.continuous_at for t in tokens) or tokens[-1].opens)
    named = scan.named
    if not since:
        start, due = _ongoing_span(scan.key, tokens, spans, plan_year, extend_to_year_end=False)
        start = _in_plan_year(start, due, plan_year)
        warning = _outside_warning(spans, plan_year, named=named)
        return Timeframe(key, "continuous", start, due, None, warning)
    # "Hoàn thành trước 30/6, duy trì thường xuyên": the work began before its "by" date
    first = min((s.start for t, s in zip(tokens, spans, strict=True) if not t.by), default=None)
    first = year_start if first is None else first
    start = first if first > year_end else max(first, year_start)
    due = max(max(s.end for s in spans), year_end)
    warning = _outside_warning(spans, plan_year, named=named, since=True)
    return Timeframe(key, "continuous", start, due, None, warning)


def _with_years(key: str, plan_year: int) -> tuple[str, frozenset[int]]:
    """Write "năm sau" / "năm trước" / "năm nay" / "năm báo cáo" as the years they mean, and
    say which years other than the plan's were named that way.

    They then qualify what they follow ("quý II, quý III năm nay", "31/01 của năm sau") as a
    written year does. A data period beside a deadline is dropped first."""
    if "so lieu" in key:
        key = _DATA_PERIOD.sub("", key)
    key, after = _NEXT_YEAR.subn(f"nam {plan_year + 1}", key)
    key, before = _LAST_YEAR.subn(f"nam {plan_year - 1}", key)
    named = {plan_year + 1} if after else set()
    named |= {plan_year - 1} if before else set()
    return _THIS_YEAR.sub(f"nam {plan_year}", key), frozenset(named)


@lru_cache(maxsize=16384)
def _parse_key(key: str, plan_year: int) -> Timeframe:
    """The parse of one normalised key (``text`` is the key; :func:`parse` puts the original
    text back)."""
    if not key:
        return _unknown(key, "Chưa ghi thời gian thực hiện", plan_year)
    scan = _Scan(*_with_years(key, plan_year))
    try:
        scan.read_phrases()
        tokens = scan.read_tokens()
        spans = _resolve(tokens, plan_year)
    except _Problem as problem:
        return _unknown(key, str(problem), plan_year)
    every, continuous_at = scan.every, scan.continuous_at
    if (
        every is None
        and scan.years_on
        and spans
        and all(t.by and s.point for t, s in zip(tokens, spans, strict=True))
    ):
        # "Trước ngày 25/12/2024 và các năm tiếp theo": that deadline, again each year
        scan.every, scan.continuous_at = every, continuous_at = "year", None

    if every is not None and (continuous_at is None or _ORDER[every] <= _ORDER["quarter"]):
        return _recurring(key, scan, tokens, spans, plan_year)
    if continuous_at is not None:
        return _continuous(key, scan, tokens, spans, plan_year)
    if spans:
        tokens, spans = _inside_the_year(tokens, spans)
        due = _deadline_due(tokens, spans)
        if tokens[-1].opens or scan.onwards:
            due = max(due, date(plan_year, 12, 31))
        start = _deadline_start(scan.key, tokens, spans)
        warning = _outside_warning(spans, plan_year, named=scan.named)
        return Timeframe(key, "deadline", start, due, None, warning)
    if _BARE_PERIODIC.search(key):
        return _unknown(key, "Chưa ghi rõ định kỳ (hằng tuần, tháng, quý hay năm)", plan_year)
    if scan.bare_days:
        return _unknown(key, f"Chưa rõ ngày {scan.bare_days[0]} của tháng nào", plan_year)
    if _RELATIVE.search(key):
        return _unknown(key, "Chưa có thời hạn cụ thể", plan_year)
    return _unknown(key, "Không hiểu thời hạn", plan_year)


def _as_text(value: object) -> str:
    """Cells are text, but a spreadsheet may hand over a real date (Excel turned "31/3/2024"
    into one), a number (2024) or nothing."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.day}/{value.month}/{value.year}"
    return value if isinstance(value, str) else str(value)


@lru_cache(maxsize=65536)
def parse(text: str, plan_year: int) -> Timeframe:
    """Parse one timeframe cell for a plan of ``plan_year``. Cached; never raises."""
    try:
        as_text = _as_text(text)
        parsed = _parse_key(normalise(as_text), plan_year)
        return parsed if parsed.text == as_text else replace(parsed, text=as_text)
    except Exception:  # a bug, not bad input: keep the job running, tell the admin
        log.exception("timeframe parser failed on %r", text)
        shown = text if isinstance(text, str) else repr(text)
        problem = f"Lỗi khi đọc thời hạn — {hint(plan_year)}"
        return Timeframe(shown, "unknown", None, None, None, problem)


def clear_cache() -> None:
    """Forget every cached parse (for benchmarks and tests)."""
    parse.cache_clear()
    _parse_key.cache_clear()


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Print one JSON object per timeframe given as argument, or per line of stdin."""
    parser = argparse.ArgumentParser(
        prog="python -m sheets_sync.timeframe",
        description="Parse Vietnamese plan timeframes into JSON (one object per line).",
    )
    parser.add_argument(
        "--plan-year", type=int, default=date.today().year, help="the plan's year (default: now)"
    )
    parser.add_argument("texts", nargs="*", help="timeframe texts; none: read lines from stdin")
    args = parser.parse_args(argv)

    _utf8_stdout()
    for line in json_lines(args.texts, sys.stdin, args.plan_year):
        print(line, flush=False)
    sys.stdout.flush()
    return 0


def json_lines(texts: Sequence[str], stdin: Iterable[str], plan_year: int) -> Iterator[str]:
    """One JSON object per text of ``texts``, or per line of ``stdin`` when none is given:
    what both command lines (this module's and ``sheets-sync timeframe``) print."""
    lines = texts or (line.rstrip("\r\n") for line in stdin)
    for text in lines:
        yield json.dumps(parse(text, plan_year).to_json(), ensure_ascii=False)


def _utf8_stdout() -> None:
    """Vietnamese output must not die on a C/POSIX locale."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(sys.stdout, "reconfigure"):
        with contextlib.suppress(ValueError, OSError):  # exotic streams keep their encoding
            sys.stdout.reconfigure(encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
