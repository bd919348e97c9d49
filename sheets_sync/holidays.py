"""Working days in Vietnam, for the option that rolls a due date off a day off.

Bộ luật Dân sự 2015, Điều 148 khoản 5: when the last day of a period falls on a weekend or a
public holiday, the period ends with the next working day. The public holidays are those of
Bộ luật Lao động 2019, Điều 112: Tết Dương lịch (1/1), Tết Âm lịch (5 days), Giỗ Tổ Hùng Vương
(10/3 âm lịch), 30/4, 1/5 and Quốc khánh (2/9 and one day next to it). Tết and Giỗ Tổ move with
the lunar calendar (converted with ``lunar-vn``, Hồ Ngọc Đức's algorithm for UTC+7).

Which days around Tết and 2/9 are off, and any compensating days (nghỉ bù), are decided each
year by the Government; the defaults here are the usual pattern (the eve of Tết and the first
four days of the year; 3/9), and the config lists the year's actual days::

    [status]
    roll_to_working_day = true
    extra_holidays = ["2024-02-08", "2024-02-14"]   # e.g. Tết Giáp Thìn 2024: 8/2–14/2

Usage::

    >>> calendar = WorkCalendar()
    >>> calendar.next_working_day(date(2024, 3, 31))   # a Sunday
    datetime.date(2024, 4, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from lunar_vn import LunarDate, lunar_to_solar


@cache
def public_holidays(year: int) -> dict[date, str]:
    """The days off of Điều 112 in a Gregorian year, with their Vietnamese names."""
    tet = lunar_to_solar(LunarDate(1, 1, year))
    days = {date(year, 1, 1): "Tết Dương lịch"}
    days.update({tet + timedelta(days=n): "Tết Âm lịch" for n in range(-1, 4)})
    days[lunar_to_solar(LunarDate(10, 3, year))] = "Giỗ Tổ Hùng Vương"
    days[date(year, 4, 30)] = "Ngày Chiến thắng"
    days[date(year, 5, 1)] = "Ngày Quốc tế lao động"
    days[date(year, 9, 2)] = "Quốc khánh"
    days[date(year, 9, 3)] = "Quốc khánh"
    return days


@dataclass(frozen=True)
class WorkCalendar:
    """Weekends, public holidays and the config's extra days off."""

    extra_holidays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def with_extra(cls, days: Iterable[date]) -> WorkCalendar:
        return cls(frozenset(days))

    def day_off(self, day: date) -> str | None:
        """Why ``day`` is not a working day (Vietnamese), or None if it is one."""
        if day in self.extra_holidays:
            return "ngày nghỉ"
        if name := public_holidays(day.year).get(day):
            return name
        if day.weekday() >= 5:
            return "Thứ Bảy" if day.weekday() == 5 else "Chủ nhật"
        return None

    def next_working_day(self, day: date) -> date:
        """``day`` itself if people work on it, else the first working day after it."""
        while self.day_off(day):
            day += timedelta(days=1)
        return day
