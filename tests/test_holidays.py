"""Rolling a deadline off a day off (Bộ luật Dân sự 2015, Điều 148), an option that is off by
default and never moves a date silently."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from status_fixtures import evaluate

from sheets_sync.config import ConfigError, load
from sheets_sync.contract import Status
from sheets_sync.holidays import WorkCalendar, public_holidays
from sheets_sync.resources import default_config_path
from sheets_sync.sheet import Task
from sheets_sync.timeframe import parse


@pytest.mark.parametrize(
    ("year", "tet", "gio_to"),
    [
        (2024, date(2024, 2, 10), date(2024, 4, 18)),
        (2025, date(2025, 1, 29), date(2025, 4, 7)),
        (2026, date(2026, 2, 17), date(2026, 4, 26)),
    ],
)
def test_lunar_holidays_move_with_the_moon(year, tet, gio_to):
    days = public_holidays(year)
    tet_days = sorted(d for d, name in days.items() if name == "Tết Âm lịch")
    assert len(tet_days) == 5 and tet_days[1] == tet  # the eve, then mùng 1–4
    assert days[gio_to] == "Giỗ Tổ Hùng Vương"
    assert len(days) == 11  # Điều 112 Bộ luật Lao động 2019: 11 days off


@pytest.mark.parametrize(
    ("due", "moved"),
    [
        (date(2024, 3, 31), date(2024, 4, 1)),  # Sunday
        (date(2024, 6, 29), date(2024, 7, 1)),  # Saturday
        (date(2024, 4, 30), date(2024, 5, 2)),  # 30/4, 1/5
        (date(2024, 2, 9), date(2024, 2, 14)),  # Tết Giáp Thìn
        (date(2024, 9, 2), date(2024, 9, 4)),  # Quốc khánh
        (date(2024, 12, 31), date(2024, 12, 31)),  # a Tuesday: no change
    ],
)
def test_next_working_day(due, moved):
    assert WorkCalendar().next_working_day(due) == moved


def test_extra_days_off_from_the_config():
    assert WorkCalendar.with_extra([date(2024, 2, 14)]).next_working_day(date(2024, 2, 9)) == date(
        2024, 2, 15
    )


def _task(text: str) -> Task:
    return Task(
        row=1,
        stt="1",
        name="x",
        product="",
        lead="",
        partners="",
        timeframe=parse(text, 2024),
        done_on=None,
        shown={},
    )


def test_rolled_deadline_says_why_in_the_note():
    ev = evaluate(_task("Quý I/2024"), [], date(2024, 4, 1), 14, calendar=WorkCalendar())
    assert ev.due == date(2024, 4, 1)
    assert ev.status is Status.DUE_SOON  # still within the day that counts
    assert "Hạn 31/03/2024 là ngày nghỉ (Chủ nhật), tính đến hết ngày 01/04/2024" in ev.note
    assert "Điều 148" in ev.note


def test_off_by_default():
    cfg = load(None)
    assert cfg.status.calendar is None
    ev = evaluate(_task("Quý I/2024"), [], date(2024, 4, 1), 14, calendar=cfg.status.calendar)
    assert ev.status is Status.OVERDUE and ev.due == date(2024, 3, 31)


def test_config_turns_it_on_and_checks_dates(tmp_path: Path):
    text = default_config_path().read_text(encoding="utf-8")
    on = text.replace("roll_to_working_day = false", "roll_to_working_day = true").replace(
        "extra_holidays = []", 'extra_holidays = ["2024-02-14"]'
    )
    (tmp_path / "on.toml").write_text(on, encoding="utf-8")
    calendar = load(tmp_path / "on.toml").status.calendar
    assert calendar == replace(WorkCalendar(), extra_holidays=frozenset({date(2024, 2, 14)}))
    bad = on.replace('["2024-02-14"]', '["14/02/2024"]')
    (tmp_path / "bad.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"status\.extra_holidays: cần các ngày dạng .*\(expected dates like"
    ):
        load(tmp_path / "bad.toml")
