"""Timeframe parser, first cut: the six forms of the seed plan.

The full parser (every way officers write "Thời gian thực hiện") replaces this module; the
interface — ``parse(text, plan_year) -> Timeframe`` and ``HINT`` — stays the same.
"""

from __future__ import annotations

import calendar
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from .text import clean, fold

Kind = Literal["deadline", "recurring", "continuous", "unknown"]
Every = Literal["week", "month", "quarter", "half_year", "year"]
HINT = "ghi dạng 'Quý I/2024', 'Trong năm 2024', 'Hằng tháng', 'Thường xuyên'"
_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True, slots=True)
class Timeframe:
    text: str
    kind: Kind
    start: date | None
    due: date | None
    every: Every | None
    warning: str | None

    def to_json(self) -> dict[str, str | None]:
        return {
            "text": self.text,
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "due": self.due.isoformat() if self.due else None,
            "every": self.every,
            "warning": self.warning,
        }


@cache
def parse(text: str, plan_year: int) -> Timeframe:
    key = fold(text)
    year_start, year_end = date(plan_year, 1, 1), date(plan_year, 12, 31)
    if not key:
        return Timeframe(
            text, "unknown", None, None, None, f"Chưa ghi thời gian thực hiện — {HINT}"
        )
    if key.startswith(("thuong xuyen", "lien tuc")):
        return Timeframe(text, "continuous", year_start, year_end, None, None)
    if re.match(r"(moi|hang) thang", key):
        return Timeframe(text, "recurring", year_start, year_end, "month", None)
    if m := re.match(r"quy (i|ii|iii|iv|1|2|3|4)(?: (\d{4}))?$", key):
        year, q = int(m.group(2) or plan_year), _QUARTER[m.group(1)]
        due = date(year, q * 3, calendar.monthrange(year, q * 3)[1])
        return Timeframe(
            text, "deadline", date(year, q * 3 - 2, 1), due, None, _outside(text, year, plan_year)
        )
    if m := re.match(r"trong nam(?: (\d{4}))?$", key):
        year = int(m.group(1) or plan_year)
        return Timeframe(
            text,
            "deadline",
            date(year, 1, 1),
            date(year, 12, 31),
            None,
            _outside(text, year, plan_year),
        )
    return Timeframe(
        text, "unknown", None, None, None, f"Không hiểu thời hạn '{clean(text)}' — {HINT}"
    )


def _outside(text: str, year: int, plan_year: int) -> str | None:
    if year == plan_year:
        return None
    side = "trước" if year < plan_year else "sau"
    return f"Thời hạn {clean(text)} {side} năm kế hoạch {plan_year} — kiểm tra lại"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    year = date.today().year
    for arg in [a for a in args if a.startswith("--plan-year")]:
        args.remove(arg)
        year = int(arg.split("=", 1)[1])
    for text in args or sys.stdin.read().splitlines():
        print(json.dumps(parse(text, year).to_json(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
