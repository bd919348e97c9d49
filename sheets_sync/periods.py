"""Periods of time with Vietnamese names: occurrences of recurring tasks and reporting periods.

Usage::

    >>> [p.label for p in occurrences("quarter", date(2024, 1, 1), date(2024, 12, 31))][:2]
    ['quý I/2024', 'quý II/2024']
    >>> monthly = occurrences("month", date(2024, 1, 1), date(2024, 12, 31), day=25)
    >>> (monthly[1].start, monthly[1].end, monthly[1].label)
    (datetime.date(2024, 1, 26), datetime.date(2024, 2, 25), 'tháng 2/2024')
    >>> p = reporting_period("2024-Q1", cut="nd09")
    >>> (p.start, p.end)
    (datetime.date(2023, 12, 15), datetime.date(2024, 3, 14))

Reporting periods are cut either by the calendar or by the state reporting regime of
Nghị định 09/2019/NĐ-CP, Điều 12: a quarter's data run from the 15th of the month before it to
the 14th of its last month; half-year 15/12–14/6; year 15/12–14/12; nine months (a provincial
addition) 15/12–14/9. The second half-year ("2024-H2", 15/6–14/12) is no report of its own:
it is what a first half's report plans for (``next``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Every = Literal["week", "month", "quarter", "half_year", "year"]
Cut = Literal["calendar", "nd09"]
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True, slots=True)
class Span:
    start: date
    end: date  # inclusive
    label: str  # Vietnamese, e.g. "tháng 9/2024", "quý III/2024"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _calendar_span(every: Every, day: date) -> Span:
    """The calendar week/month/quarter/half-year/year that contains ``day``."""
    y = day.year
    if every == "week":
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=6)
        return Span(start, end, f"tuần {start:%d/%m}–{end:%d/%m/%Y}")
    if every == "month":
        return Span(date(y, day.month, 1), month_end(y, day.month), f"tháng {day.month}/{y}")
    if every == "quarter":
        q = (day.month - 1) // 3
        return Span(date(y, q * 3 + 1, 1), month_end(y, q * 3 + 3), f"quý {ROMAN[q]}/{y}")
    if every == "half_year":
        first = day.month <= 6
        label = f"6 tháng {'đầu' if first else 'cuối'} năm {y}"
        return Span(date(y, 1 if first else 7, 1), month_end(y, 6 if first else 12), label)
    return Span(date(y, 1, 1), date(y, 12, 31), f"năm {y}")


def occurrence_due(every: Every, day_in_period: date, day: int | None, months_after: int) -> date:
    """When the occurrence of the period containing ``day_in_period`` is due: ``day`` (clamped
    to the month's length; None: the last day) of the month ``months_after`` months after the
    period's last month. ("trước ngày 15 tháng cuối quý": quarter, 15, 0; "trước ngày 05 của
    tháng sau": month, 5, 1.)"""
    last = _calendar_span(every, day_in_period).end
    month = _add_months(last.replace(day=1), months_after)
    length = month_end(month.year, month.month).day
    return month.replace(day=min(day or length, length))


def occurrences(
    every: Every, start: date, end: date, *, day: int | None = None, months_after: int = 0
) -> list[Span]:
    """The calendar periods of ``every`` that overlap [start, end], clipped to it.

    With a due ``day`` (or ``months_after``, see :func:`occurrence_due`), an occurrence runs
    from the day after the previous one was due to its own due day, for the periods from the
    one containing ``start`` whose due day is within [start, end] ("Trước ngày 25 hằng tháng":
    26/1–25/2 is February's). Weeks have no day of the month and ignore it."""
    if (day is None and months_after == 0) or every == "week":
        return _calendar_occurrences(every, start, end)
    spans: list[Span] = []
    begins, period = start, _calendar_span(every, start)
    while period.start <= end:
        due = occurrence_due(every, period.start, day, months_after)
        if due > end:
            break
        if due >= begins:
            spans.append(Span(begins, due, period.label))
            begins = due + timedelta(days=1)
        period = _calendar_span(every, period.end + timedelta(days=1))
    return spans


def _calendar_occurrences(every: Every, start: date, end: date) -> list[Span]:
    spans: list[Span] = []
    day = start
    while day <= end:
        span = _calendar_span(every, day)
        spans.append(Span(max(span.start, start), min(span.end, end), span.label))
        day = span.end + timedelta(days=1)
    return spans


# --- reporting periods -------------------------------------------------------------------

PeriodKind = Literal["quarter", "half_year", "nine_months", "year"]
_PERIOD_KEY = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|9M))?$", re.IGNORECASE)
_LAST_MONTH = {"H1": 6, "H2": 12, "9M": 9, "": 12}
_FIRST_MONTH = {"H1": 1, "H2": 7, "9M": 1, "": 1}


class PeriodError(ValueError):
    """A period that cannot be read or may not be reported; the message is bilingual."""


@dataclass(frozen=True, slots=True)
class ReportingPeriod:
    key: str  # "2024-Q3", "2024-H1", "2024-H2", "2024-9M", "2024"
    kind: PeriodKind
    year: int
    index: int  # quarter number for quarters, half (1, 2) for half-years, else 0
    start: date
    end: date
    cut: Cut

    @property
    def name(self) -> str:
        """Vietnamese name as in a report's text: 'quý III năm 2024', '6 tháng đầu năm 2024'."""
        if self.kind == "quarter":
            return f"quý {ROMAN[self.index - 1]} năm {self.year}"
        if self.kind == "half_year":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.kind == "nine_months":
            return f"9 tháng đầu năm {self.year}"
        return f"năm {self.year}"

    @property
    def label(self) -> str:
        """Short name for a table's column head: 'Quý III/2024', '6 tháng đầu năm 2024'."""
        if self.kind == "quarter":
            return f"Quý {ROMAN[self.index - 1]}/{self.year}"
        return self.name[:1].upper() + self.name[1:]

    def due(self, day_of_month: int) -> date:
        """The report's due date: the first such day of a month after the period's data end.

        Under the Nghị định 09 cut a quarter ends on the 14th, so day 20 falls in its last month
        (Bộ Nội vụ's rule); under the calendar cut it falls in the month after.
        """
        year, month = self.end.year, self.end.month
        if self.end.day >= day_of_month:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return date(year, month, min(day_of_month, month_end(year, month).day))

    def next(self) -> ReportingPeriod:
        """The period whose work a report's "nhiệm vụ kỳ tới" section is about: the quarter
        after a quarter, the second half after the first, the fourth quarter after nine
        months, the next year after a year."""
        key = {
            "quarter": self._quarter(+1),
            "half_year": f"{self.year}-H2" if self.index == 1 else f"{self.year + 1}-H1",
            "nine_months": f"{self.year}-Q4",
            "year": str(self.year + 1),
        }[self.kind]
        return reporting_period(key, self.cut)

    def previous(self) -> ReportingPeriod:
        """The period a report compares itself with: the quarter before a quarter, the first
        half before nine months (the report before it that also runs from the year's start),
        the other half before a half-year, the year before a year."""
        key = {
            "quarter": self._quarter(-1),
            "half_year": f"{self.year - 1}-H2" if self.index == 1 else f"{self.year}-H1",
            "nine_months": f"{self.year}-H1",
            "year": str(self.year - 1),
        }[self.kind]
        return reporting_period(key, self.cut)

    def describe_cut(self, until: date | None = None) -> str:
        """One sentence saying which days the figures cover, for documents whose template takes
        it whole (the rollup's; the period's report words it in its own template).

        ``until``: the figures stop earlier than the period's end (provisional figures)."""
        end = min(until, self.end) if until else self.end
        sentence = f"Số liệu tính từ ngày {vn_date(self.start)} đến hết ngày {vn_date(end)}"
        if self.cut == "nd09":
            sentence += (
                ", theo thời gian chốt số liệu báo cáo định kỳ tại Điều 12 Nghị định số "
                "09/2019/NĐ-CP"
            )
            if self.kind == "nine_months":  # not in the decree; provinces extend its rule
                sentence += ", áp dụng cho kỳ báo cáo 9 tháng"
        if end < self.end:
            sentence += f" (số liệu tạm tính: kỳ báo cáo kết thúc ngày {vn_date(self.end)})"
        return sentence + "."

    def _quarter(self, step: int) -> str:
        year, q = divmod(self.year * 4 + self.index - 1 + step, 4)
        return f"{year}-Q{q + 1}"


def vn_date_parts(day: date) -> tuple[str, str, str]:
    """Day, month, year as Nghị định 30 writes them: a leading zero for days under 10 and for
    months 1 and 2 only ("ngày 05 tháng 01 năm 2025", "ngày 15 tháng 10 năm 2024")."""
    return f"{day.day:02d}", f"{day.month:02d}" if day.month <= 2 else str(day.month), str(day.year)


def vn_date(day: date) -> str:
    """'05/02/2024', '30/9/2024': the decree's leading zeros, in a date written with slashes."""
    return "/".join(vn_date_parts(day))


def reporting_period(key: str, cut: Cut = "calendar") -> ReportingPeriod:
    """Parse '2024-Q1', '2024-H1', '2024-H2', '2024-9M' or '2024' into a period under the cut."""
    m = _PERIOD_KEY.match(key.strip())
    if not m:
        raise PeriodError(
            f"Không hiểu kỳ báo cáo {key!r} — ghi dạng NĂM-Q1 … NĂM-Q4, NĂM-H1, NĂM-9M hoặc NĂM. "
            f"(Unknown period {key!r}: use YEAR-Q1 … YEAR-Q4, YEAR-H1, YEAR-9M or YEAR.)"
        )
    year, part = int(m.group(1)), (m.group(2) or "").upper()
    if part.startswith("Q"):
        kind: PeriodKind = "quarter"
        index, last_month = int(part[1]), int(part[1]) * 3
        first_month = last_month - 2
    else:
        kinds = {"H1": "half_year", "H2": "half_year", "9M": "nine_months", "": "year"}
        kind = kinds[part]  # type: ignore[assignment]
        index = int(part[1]) if part.startswith("H") else 0
        first_month, last_month = _FIRST_MONTH[part], _LAST_MONTH[part]
    canonical = f"{year}-{part}" if part else str(year)
    if cut == "nd09":
        start = _add_months(date(year, first_month, 1), -1).replace(day=15)
        end = date(year, last_month, 14)
    else:
        start, end = date(year, first_month, 1), month_end(year, last_month)
    return ReportingPeriod(canonical, kind, year, index, start, end, cut)


def periods_of_year(year: int, cut: Cut = "calendar") -> Iterator[ReportingPeriod]:
    """Every reporting period of a year, in the order they close."""
    for key in ("Q1", "Q2", "H1", "Q3", "9M", "Q4", ""):
        yield reporting_period(f"{year}-{key}" if key else str(year), cut)


# --- periods as people write them -------------------------------------------------------------

_YEAR_IN_TEXT = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_FILLER = {"nam", "ca", "dau", "ky", "bao", "cao"}  # "6 tháng đầu năm", "cả năm", "kỳ báo cáo"
_QUARTER_TEXT = re.compile(r"^(?:q|quy)\s*([1-4]|iv|i{1,3})$")
_PART_TEXT = {
    **dict.fromkeys(("h1", "6 thang", "6thang", "sau thang"), "H1"),
    **dict.fromkeys(("9m", "9 thang", "chin thang"), "9M"),
}


def parse_period(text: str, plan_year: int) -> str:
    """The key of a reporting period as an officer writes it; without a year, the plan's.

    >>> [parse_period(t, 2025) for t in ("Q3", "quý III", "Quý 3/2025", "2025-q3")]
    ['2025-Q3', '2025-Q3', '2025-Q3', '2025-Q3']
    >>> [parse_period(t, 2025) for t in ("H1", "6 tháng đầu năm", "9M", "năm", "2024")]
    ['2025-H1', '2025-H1', '2025-9M', '2025', '2024']

    Whether the plan may report that period is :func:`check_reportable`'s question.
    """
    from .text import fold

    key = fold(text)
    years = _YEAR_IN_TEXT.findall(key)
    rest = " ".join(w for w in _YEAR_IN_TEXT.sub(" ", key).split() if w not in _FILLER)
    quarter = _QUARTER_TEXT.match(rest)
    part = None
    if quarter:
        number = quarter.group(1)
        part = f"Q{number if number.isdigit() else ROMAN.index(number.upper()) + 1}"
    elif rest in _PART_TEXT:
        part = _PART_TEXT[rest]
    elif not rest and (years or fold(text) in ("nam", "ca nam")):
        part = ""
    if part is None or len(years) > 1:
        raise PeriodError(
            f"Không hiểu kỳ báo cáo {text!r} — ghi Q1 … Q4 (hoặc quý I … quý IV), H1 (6 tháng), "
            f"9M (9 tháng) hoặc năm; kỳ của năm kế hoạch {plan_year}, hoặc ghi kèm năm, ví dụ "
            f"{plan_year}-Q3. (Unknown period {text!r}: use Q1 … Q4, H1, 9M or the year, "
            f"optionally with the year, e.g. {plan_year}-Q3.)"
        )
    year = int(years[0]) if years else plan_year
    return f"{year}-{part}" if part else str(year)


def check_reportable(
    period: ReportingPeriod,
    plan_year: int,
    day: date,
    today: date,
    *,
    provisional: bool = False,
) -> None:
    """Refuse a report a plan must not write as of ``day`` (the report's date; ``today`` is the
    real one): a period of another year, a day still to come, a period not yet begun, or — unless
    ``provisional`` figures are asked for — a period not yet ended. Raises ``PeriodError``."""
    if period.year != plan_year:
        raise PeriodError(
            f"Kỳ {period.name} không thuộc năm kế hoạch {plan_year}: kế hoạch này chỉ báo cáo các "
            f"kỳ của năm {plan_year} (Q1 … Q4, H1, 9M, năm). (Period {period.key} is outside "
            f"the plan year {plan_year}.)"
        )
    if day > today:
        raise PeriodError(
            f"Ngày {day:%d/%m/%Y} chưa tới (hôm nay là {today:%d/%m/%Y}): báo cáo không ghi ngày "
            f"trong tương lai. (--today {day.isoformat()} is in the future.)"
        )
    if day < period.start:
        raise PeriodError(
            f"Kỳ {period.name} chưa bắt đầu (bắt đầu ngày {period.start:%d/%m/%Y}, hôm nay "
            f"{day:%d/%m/%Y}): chưa có gì để báo cáo. (Period {period.key} has not begun.)"
        )
    if day <= period.end and not provisional:
        after = period.end + timedelta(days=1)
        raise PeriodError(
            f"Kỳ {period.name} chưa kết thúc (hết ngày {period.end:%d/%m/%Y}): báo cáo chính "
            f"thức lập được từ ngày {after:%d/%m/%Y}. Cần số liệu đến nay thì thêm "
            f"--provisional: báo cáo ghi rõ 'số liệu tạm tính'. (Period {period.key} has not "
            f"ended; add --provisional for figures so far, marked as provisional.)"
        )
