"""``sheets-sync rollup``: plans of known contents, summed up; the figures per plan, per lead unit
and in total are checked against counts made by hand from the tasks below (not by the code), a
commune whose sheet cannot be read is named, and running it again rewrites its rows in place.

What the rollup counts, for quarter III of 2024 (data to the end of 30/09/2024):

* come due (đến hạn), as the commune's own report counts it: the deadline passed by 30/09, or
  the task is done;
* on-time rate: done on time among those; late rate: done late or open past due among those.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from sheets_sync import seed
from sheets_sync.backends.local.layout import create_workbook
from sheets_sync.cli import main
from sheets_sync.config import load
from sheets_sync.resources import data_dir
from sheets_sync.rollup_sheet import TOTAL_KEY

VP, DAI, TP = (
    "Công chức Văn phòng HĐND - UBND",
    "Đài Truyền thanh xã",
    "Công chức Tư pháp - Hộ tịch",
)

# (lead, timeframe, done on) per task; comments say where each lands in quarter III.
GIA_TAN = [
    (VP, "Quý I/2024", date(2024, 3, 20)),  # done on time, come due
    (VP, "Quý II/2024", date(2024, 7, 10)),  # done late, come due
    (VP, "Quý III/2024", None),  # open past due, come due
    (DAI, "Quý IV/2024", None),  # open on time, not due
    (DAI, "Quý IV/2024", date(2024, 8, 1)),  # done on time early: come due, on time
    (DAI, "Theo chỉ đạo của cấp trên", None),  # due date unknown
]
PHU_LOC = [
    (VP, "Quý I/2024", date(2024, 3, 1)),  # done on time, come due
    (VP, "Quý II/2024", date(2024, 6, 30)),  # done on time (on the day), come due
    (TP, "Quý III/2024", date(2024, 9, 30)),  # done on time, come due
    (f"{TP}, {DAI}", "Quý III/2024", None),  # open past due, come due; two leads
]
ROLLUP_TABS = ("Nhật ký", "Quý III-2024", "Quý III-2024 (đơn vị)")


def plan_with(folder: Path, commune: str, tasks: list[tuple[str, str, date | None]]) -> Path:
    """A commune's plan whose tasks are ``tasks``, their completion dates typed in."""
    from plans_fixtures import add_plan

    config = add_plan(folder, commune)
    cfg = load(config)
    workbook = cfg.path(cfg.local.workbook)
    rows = [
        seed.SeedTask(i, f"Nhiệm vụ {i} của {commune}", "Báo cáo", lead, "", timeframe)
        for i, (lead, timeframe, _) in enumerate(tasks, start=1)
    ]
    create_workbook(workbook, cfg, rows, force=True)
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Nhiệm vụ"]
    header = next(c for row in ws.iter_rows() for c in row if c.value == "Ngày hoàn thành")
    for i, (_, _, done) in enumerate(tasks, start=1):
        ws.cell(header.row + i, header.column, done)
    wb.save(workbook)
    return config


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    plan_with(plans, "xã Gia Tân", GIA_TAN)
    plan_with(plans, "xã Phú Lộc", PHU_LOC)
    broken = plan_with(plans, "xã Hỏng", GIA_TAN)
    cfg = load(broken)
    cfg.path(cfg.local.workbook).write_bytes(b"PK not really a workbook")
    shutil.copy(data_dir("config") / "tong_hop_2024.toml", plans / "tong-hop.toml")
    return plans


def rollup(folder: Path, *more: str) -> str:
    args = ["rollup", "--plans", str(folder), "--period", "2024-Q3", "--today", "2024-10-15"]
    result = CliRunner().invoke(main, [*args, "--state-dir", str(folder.parent / "state"), *more])
    assert result.exit_code == 0, result.output
    return result.output


def tab(workbook: Path, title: str) -> dict[str, dict[str, object]]:
    """A summary tab as {first column: {header: value}}."""
    wb = openpyxl.load_workbook(workbook)
    rows = [list(r) for r in wb[title].iter_rows(values_only=True)]
    header = rows[0]
    return {r[0]: dict(zip(header, r, strict=False)) for r in rows[1:]}


FIGURES = (
    "Tổng số nhiệm vụ",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Chưa hoàn thành trong hạn",
    "Chưa hoàn thành quá hạn",
    "Chưa rõ thời hạn",
    "Nhiệm vụ đến hạn",
    "Tỷ lệ đúng hạn (%)",
    "Tỷ lệ quá hạn (%)",
)


def figures(row: dict[str, object]) -> tuple:
    return tuple(row[k] for k in FIGURES)


def test_the_figures_per_plan_per_unit_and_in_total_match_a_count_by_hand(folder):
    output = rollup(folder)

    summary = folder / "tong-hop-2024.xlsx"
    assert [ws.title for ws in openpyxl.load_workbook(summary)] == list(ROLLUP_TABS)
    plans = tab(summary, "Quý III-2024")
    # Gia Tân: 6 tasks; 2 done on time, 1 done late, 1 open on time, 1 open late, 1 unknown;
    # come due: tasks 1–3 and 5 (done, ahead of its deadline), as the commune's own report
    # counts them; 1 and 5 on time: 50 %, 2 and 3 late: 50 %.
    assert figures(plans["xa-gia-tan/cchc-2024.toml"]) == (6, 2, 1, 1, 1, 1, 4, 50.0, 50.0)
    # Phú Lộc: 4 tasks, all come due; 3 on time (75 %), 1 open late (25 %).
    assert figures(plans["xa-phu-loc/cchc-2024.toml"]) == (4, 3, 0, 0, 1, 0, 4, 75.0, 25.0)
    # Together: 10 tasks, 8 come due, 5 of them on time, 3 late.
    assert figures(plans[TOTAL_KEY]) == (10, 5, 1, 1, 2, 1, 8, 62.5, 37.5)
    assert plans[TOTAL_KEY]["Xã, phường"] == "2 xã, phường"
    assert plans["xa-gia-tan/cchc-2024.toml"]["Nhiệm vụ quá hạn"] == "3. Nhiệm vụ 3 của xã Gia Tân"
    # The commune whose sheet could not be read has its row, with the reason, and no figures.
    broken = plans["xa-hong/cchc-2024.toml"]
    assert broken["Xã, phường"] == "xã Hỏng"
    assert str(broken["Ghi chú"]).startswith("Không đọc được: ")
    assert broken["Tổng số nhiệm vụ"] is None
    assert "1 chưa đọc được" in output

    units = tab(summary, "Quý III-2024 (đơn vị)")
    # Văn phòng leads Gia Tân 1–3 and Phú Lộc 1–2: 5 tasks, all come due, 3 on time.
    assert figures(units[VP]) == (5, 3, 1, 0, 1, 0, 5, 60.0, 40.0)
    # Tư pháp: Phú Lộc 3 and 4 (4 shared with the radio): 2 come due, 1 on time.
    assert figures(units[TP]) == (2, 1, 0, 0, 1, 0, 2, 50.0, 50.0)
    # The radio: Gia Tân 4–6 and Phú Lộc 4: Gia Tân 5 (done) and the shared late one come due.
    assert figures(units[DAI]) == (4, 1, 0, 1, 1, 1, 2, 50.0, 50.0)
    assert units[VP]["Số kế hoạch"] == 2


def test_the_report_ranks_the_communes_and_names_the_one_not_read(folder):
    rollup(folder)

    (report,) = (folder / "bao-cao-tong-hop").glob("*.docx")
    assert report.name == "Bao cao tong hop quy III nam 2024 - Xa Gia Tan.docx"
    document = docx.Document(report)
    text = "\n".join(p.text for p in document.paragraphs)
    ranking = document.tables[1]  # after the letterhead
    names = [row.cells[1].text for row in ranking.rows[1:]]
    assert names == ["xã Phú Lộc", "xã Gia Tân", "Tổng cộng"]  # 75 % before 50 %
    assert [row.cells[7].text for row in ranking.rows[1:]] == ["75%", "50%", "62,5%"]
    assert "Trong 8 nhiệm vụ đã đến hạn, tỷ lệ hoàn thành đúng hạn đạt 62,5%" in text
    assert "V. KẾ HOẠCH CHƯA TỔNG HỢP ĐƯỢC SỐ LIỆU" in text
    assert "- xã Hỏng, Kế hoạch tuyên truyền" in text
    # The reason as the office can act on it: the file, not the server's folders nor the
    # English gloss the log keeps.
    assert ": Không mở được cchc-2024.xlsx như một bảng tính .xlsx\n" in text
    assert str(folder) not in text and "PackageError" not in text
    assert "Có 1 kế hoạch chưa tổng hợp được số liệu" in text
    assert any(r.tag.endswith("drawing") for p in document.paragraphs for r in p._p.iter())
    # Around the body, what the plan's own report prints: the date line left for the day of
    # signing ([report] signing_date = "blank" by default), "Lưu: VT." once, no doubled ";".
    cells = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    assert any(re.fullmatch(r"Gia Tân, ngày \s{4,} tháng 10 năm 2024", p) for p in cells)
    assert cells[cells.index("Nơi nhận:") + 1 :][:2] == ["- Như trên;", "- Thường trực Đảng ủy xã;"]
    assert cells.count("- Lưu: VT.") == 1 and not any(";;" in p for p in cells)


def test_a_second_run_rewrites_its_rows_in_place_and_leaves_added_columns_alone(folder):
    rollup(folder)
    summary = folder / "tong-hop-2024.xlsx"
    wb = openpyxl.load_workbook(summary)
    ws = wb["Quý III-2024"]
    ws.cell(1, 17, "Ý kiến Văn phòng")  # the office adds a column of its own …
    ws.cell(3, 17, "đã nhắc")
    ws.move_range("A3:Q3", rows=10)  # … and moves Gia Tân's row down
    wb.save(summary)
    # Gia Tân finishes task 3 in time (typed late: the Q3 figures change).
    gia_tan = load(folder / "xa-gia-tan" / "cchc-2024.toml")
    book = openpyxl.load_workbook(gia_tan.path(gia_tan.local.workbook))
    tasks = book["Nhiệm vụ"]
    header = next(c for row in tasks.iter_rows() for c in row if c.value == "Ngày hoàn thành")
    tasks.cell(header.row + 3, header.column, date(2024, 9, 28))
    book.save(gia_tan.path(gia_tan.local.workbook))

    rollup(folder)

    rows = [r for r in openpyxl.load_workbook(summary)["Quý III-2024"].iter_rows(values_only=True)]
    keys = [r[0] for r in rows[1:] if r[0]]
    assert sorted(keys) == sorted(
        [TOTAL_KEY, *(f"xa-{c}/cchc-2024.toml" for c in ("gia-tan", "phu-loc", "hong"))]
    )
    moved = next(r for r in rows if r[0] == "xa-gia-tan/cchc-2024.toml")
    assert moved[16] == "đã nhắc"  # the office's cell, where the row went
    assert moved[3:12] == (6, 3, 1, 1, 0, 1, 4, 75.0, 25.0)


def test_a_config_of_another_plan_than_its_sheet_is_listed_not_counted(folder):
    """Phú Lộc's config renumbered: its workbook records plan 13/KH-UBND, the config says
    45/KH-UBND, so its figures are not the config's plan and must not be summed under it."""
    config = folder / "xa-phu-loc" / "cchc-2024.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('number = "13/KH-UBND"', 'number = "45/KH-UBND"', 1))

    rollup(folder)

    plans = tab(folder / "tong-hop-2024.xlsx", "Quý III-2024")
    wrong = plans["xa-phu-loc/cchc-2024.toml"]
    assert wrong["Tổng số nhiệm vụ"] is None
    assert "45/KH-UBND" in str(wrong["Ghi chú"]) and "13/KH-UBND" in str(wrong["Ghi chú"])
    assert figures(plans[TOTAL_KEY]) == figures(plans["xa-gia-tan/cchc-2024.toml"])


def test_a_folder_without_a_rollup_config_says_what_to_add(tmp_path):
    plans = tmp_path / "plans"
    plan_with(plans, "xã Gia Tân", GIA_TAN)
    result = CliRunner().invoke(main, ["rollup", "--plans", str(plans), "--period", "2024-Q3"])
    assert result.exit_code == 2
    assert "chép config/tong_hop_2024.toml" in result.output
