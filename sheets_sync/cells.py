"""Reading what is in a cell: text, dates, counts, and the A1 name of a cell.

Backends hand over raw cell values as the spreadsheet holds them: ``str``, ``int``, ``float``,
``bool``, ``datetime``/``date`` or ``None``. Google returns dates as serial numbers when asked
for unformatted values, openpyxl as ``datetime``; officers also type dates as text in every
order. These functions turn all of that into Python values, or raise ``CellError`` with a
Vietnamese message that says what to type instead.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from .text import fold, quote

Cell = str | int | float | bool | date | datetime | None

# Serial day 0 of Google Sheets and of Excel's 1900 date system (after its 1900 leap-year bug).
_SERIAL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (20_000, 80_000)  # 1954-10-03 .. 2119-01-11: plausible dates in a plan
_ERROR_VALUES = ("#REF!", "#VALUE!", "#N/A", "#NAME?", "#DIV/0!", "#NUM!", "#NULL!", "#ERROR!")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2}|\d{4}))?$")
_YMD = re.compile(
    r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(:\d{2})?)?$"
)
_WORDS = re.compile(r"^ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?$")


def date_hint(year: int) -> str:
    """What to type instead, with an example in the plan's year (not a year gone by)."""
    return f"ghi ngày dạng 15/03/{year}"


class CellError(ValueError):
    """A cell's content cannot be read as what its column needs. The message is Vietnamese."""


def a1(row: int, col: int) -> str:
    """A1 name of a cell from 0-based row and column: ``a1(4, 27) == 'AB5'``."""
    return f"{column_letter(col)}{row + 1}"


def column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Cell) -> str:
    """Cell as display text: whole floats without '.0', dates as dd/mm/yyyy, stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def is_error(value: Cell) -> bool:
    """A spreadsheet error value such as ``#REF!`` (a broken formula)."""
    return isinstance(value, str) and value.strip().upper() in _ERROR_VALUES


def as_date(value: Cell, default_year: int) -> date | None:
    """A date from any of the ways it reaches us; ``None`` for a blank cell."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(f"'{as_text(value)}' không phải là ngày — {date_hint(default_year)}")
    if isinstance(value, int | float):
        return _from_serial(value, default_year)
    return _from_text(str(value), default_year)


def as_count(value: Cell) -> int:
    """A non-negative whole count; blank counts as 1 (one thing was done)."""
    if is_blank(value):
        return 1
    number: float
    if isinstance(value, bool | date):
        raise CellError(f"Số lượng '{as_text(value)}' không phải là số — ghi số nguyên, ví dụ 2")
    if isinstance(value, int | float):
        number = float(value) if abs(value) < 1e300 else math.inf  # no OverflowError
    else:
        text = str(value).strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise CellError(
                f"Số lượng {quote(text)} không phải là số — ghi số nguyên, ví dụ 2"
            ) from None
    if not math.isfinite(number) or number < 0 or not number.is_integer():
        raise CellError(f"Số lượng {quote(as_text(value))} phải là số nguyên không âm, ví dụ 2")
    return int(number)


def _from_serial(number: float, year: int) -> date:
    if not math.isfinite(number) or not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        raise CellError(f"Số {quote(as_text(number))} không phải là ngày — {date_hint(year)}")
    return _SERIAL_EPOCH + timedelta(days=int(number))


def to_serial(day: date) -> int:
    """The spreadsheet serial number of a date (Google Sheets / Excel 1900 system)."""
    return (day - _SERIAL_EPOCH).days


def _from_text(text: str, default_year: int) -> date:
    raw = " ".join(text.split())
    if is_error(raw):
        raise CellError(f"Ô có lỗi công thức {raw} — {date_hint(default_year)}")
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd"), (_WORDS, "dmy")):
        m = pattern.match(raw if pattern is not _WORDS else fold(raw))
        if not m:
            continue
        a, b, c = m.group(1), m.group(2), m.group(3)
        if order == "ymd":
            year, month, day = int(a), int(b), int(c)
        else:
            day, month = int(a), int(b)
            year = default_year if c is None else int(c) + (2000 if len(c) == 2 else 0)
        try:
            return date(year, month, day)
        except ValueError:
            hint = date_hint(default_year)
            raise CellError(f"Ngày {quote(raw)} không có thật — {hint}") from None
    raise CellError(f"Không đọc được ngày {quote(raw)} — {date_hint(default_year)}")


_LEADING_ZEROS = re.compile(r"^0+(?=\d)")


def stt_key(value: Cell) -> str:
    """Key to match a task number typed two ways: '05', 5.0, '5.' and ' 5 ' are all '5'."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(value))  # the common case, without the text folding below
    if isinstance(value, str) and value.isdigit() and value.isascii():
        return value.lstrip("0") or "0"
    if is_error(value):  # '#REF!' is no task number: it must never match another '#REF!'
        return ""
    return _LEADING_ZEROS.sub("", fold(as_text(value)).rstrip(". "))
