"""What the office brings to a report and takes from it: its own words (the Báo cáo tab), the
phrases it can reword in the template, and the internal notes written beside each report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from report_fixtures import config_variant, docx_text, make_plan, other_plan, progress, task

from jobs import report as report_job
from sheets_sync import contract
from sheets_sync.aggregate import summarise
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.companion import companion_values, fixes_for
from sheets_sync.demo import DEMO_TODAY, build_demo_workbook
from sheets_sync.periods import reporting_period
from sheets_sync.remarks import HEADER, Remarks, period_key, read_remarks, section_key
from sheets_sync.report import render
from sheets_sync.resources import default_template_path

RADIO = "Đài Truyền thanh xã"
OFFICE = "Công chức Văn phòng HĐND - UBND"


class CountingBackend(LocalBackend):
    """The local backend, counting the reads a job makes."""

    reads = 0

    def read(self, tabs):
        self.reads += 1
        return super().read(tabs)


# --- the office's own words -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("2024-Q3", "2024-Q3"),
        ("Quý III/2024", "2024-Q3"),
        ("quy 3 nam 2024", "2024-Q3"),
        ("Q4", "2024-Q4"),  # no year: the plan's
        ("6 tháng đầu năm 2024", "2024-H1"),
        ("Sáu tháng đầu năm 2024", "2024-H1"),
        ("6 tháng cuối năm", None),  # no report of its own; never read as the first half
        ("9 tháng 2024", "2024-9M"),
        ("năm", "2024"),
        ("Năm 2024", "2024"),
        ("2023", "2023"),
        ("Quý 7/2024", None),
        ("sớm", None),
        ("", None),
    ],
)
def test_a_period_is_read_the_ways_people_write_it(typed, key):
    assert period_key(typed, 2024) == key


def test_sections_are_named_loosely():
    assert section_key("ƯU ĐIỂM") == "strengths"
    assert section_key("ton tai, han che") == "weaknesses"
    assert section_key("Kiến nghị") == "proposals"
    assert section_key("Phương hướng nhiệm vụ quý tới") == "plans"
    assert section_key("Ghi chú") is None


def test_the_tab_gives_the_period_s_paragraphs_in_order_and_names_what_it_cannot_use():
    grid = [
        ["Lời văn của văn phòng"],
        list(HEADER),
        ["2024-Q3", "Ưu điểm", "Đoạn một.\n\n  Đoạn   hai. "],
        ["Quý III/2024", "ưu điểm", "Đoạn ba."],
        ["2024-Q2", "Ưu điểm", "Của quý II."],
        ["Quý 9/2024", "Ưu điểm", "Kỳ sai."],
        ["2024-Q3", "Cảm nghĩ", "Mục sai."],
        [None, None, None],
        ["2024-Q3", "Nguyên nhân", ""],  # nothing written: the draft stays
    ]
    remarks = read_remarks({contract.REMARKS_TITLE: grid}, reporting_period("2024-Q3", "nd09"))
    assert remarks.paragraphs("strengths") == ["Đoạn một.", "Đoạn hai.", "Đoạn ba."]
    assert remarks.rows == {"strengths": [3, 4]}
    assert remarks.paragraphs("causes") == [] and remarks.paragraphs("proposals") == []
    problems = [(p.cell, p.message.split(" — ")[0]) for p in remarks.problems]
    assert problems == [
        ("A6", "Kỳ báo cáo 'Quý 9/2024' không đọc được"),
        ("B7", "Mục 'Cảm nghĩ' không có trong báo cáo"),
    ]


def test_the_report_job_creates_the_tab_once_and_reads_the_sheet_once(tmp_path, cfg):
    workbook = tmp_path / "ke-hoach.xlsx"
    build_demo_workbook(workbook, cfg)
    assert contract.REMARKS_TITLE not in openpyxl.load_workbook(workbook).sheetnames
    backend = CountingBackend(workbook, tmp_path / "out")
    report_job.run(backend, cfg, period="2024-Q3", today=DEMO_TODAY)
    assert backend.reads == 1  # tasks, log, lists and the office's words in one read
    sheet = openpyxl.load_workbook(workbook)[contract.REMARKS_TITLE]
    assert [c.value for c in sheet[1]] == list(HEADER)
    sheet.parent.save(workbook)
    wb = openpyxl.load_workbook(workbook)
    wb[contract.REMARKS_TITLE].append(
        ["2024-Q3", "Đề xuất, kiến nghị", "Đề nghị <tập huấn> & hỗ trợ."]
    )
    wb.save(workbook)
    again = CountingBackend(workbook, tmp_path / "out")
    done = report_job.run(again, cfg, period="2024-Q3", today=DEMO_TODAY)
    assert again.reads == 1
    assert openpyxl.load_workbook(workbook).sheetnames.count(contract.REMARKS_TITLE) == 1
    text = docx_text(Path(done.location))
    proposals = text[text.index("IV. ĐỀ XUẤT, KIẾN NGHỊ") : text.index("Trên đây")]
    assert "Đề nghị <tập huấn> & hỗ trợ." in proposals and "Không có." not in proposals


def test_a_dry_run_creates_nothing(tmp_path, cfg):
    workbook = tmp_path / "ke-hoach.xlsx"
    build_demo_workbook(workbook, cfg)
    result = report_job.run(
        LocalBackend(workbook, tmp_path / "out"), cfg, period="2024-Q3", dry_run=True
    )
    assert result.notes_filename == "Ghi chu noi bo quy III nam 2024 - xa Gia Tan.docx"
    assert not (tmp_path / "out").exists()
    assert contract.REMARKS_TITLE not in openpyxl.load_workbook(workbook).sheetnames


# --- the phrases in the template ----------------------------------------------------------------


def test_the_office_rewords_a_phrase_once_in_the_template(tmp_path, cfg):
    template = docx.Document(default_template_path())
    (body,) = [p for p in template.paragraphs if p.text.startswith("{% if f.kind.startswith")]
    assert "đăng tải {{ f.count|padded }} tin bài" in body.text
    for run in body.runs:
        run.text = run.text.replace(
            "đăng tải {{ f.count|padded }} tin bài", "đưa lên {{ f.count }} bài"
        )
    path = tmp_path / "mau.docx"
    template.save(path)
    edited = config_variant(tmp_path, template=f'template = "{path}"')
    plan = make_plan(
        edited,
        [task("1", "Tin bài", OFFICE, "Thường xuyên trong năm")],
        [progress(date(2024, 7, 2), 1, unit=OFFICE, form="Tin bài", count=3)],
    )
    summary = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 15), edited)
    text = docx_text(render(summary, edited, date(2024, 10, 15)))
    # In the sentence, the list by unit and the cell of Phụ lục I alike.
    assert "gồm: đưa lên 3 bài" in text and f"{OFFICE} đưa lên 3 bài." in text
    assert "Đưa lên 3 bài" in text and "đăng tải" not in text
    assert "{% macro" not in text and "endmacro" not in text  # the phrases leave no trace


# --- the office's notes -------------------------------------------------------------------------


def test_the_notes_say_where_each_problem_is_and_how_to_fix_it(cfg):
    plan = make_plan(
        cfg,
        [task("1", "Tin bài", OFFICE, "Quý IV/2023"), task("2", "Chuyên mục", RADIO, "Hằng tháng")],
        [progress("31/02/2024", 2), progress(date(2024, 7, 1), 9)]
        + [progress(date(2024, month, 5), 2) for month in range(1, 7)],  # then none from July
    )
    period = reporting_period("2024-Q3")
    summary = summarise(plan, period, date(2024, 10, 15), cfg)
    fixes = fixes_for(plan, summary, Remarks(), cfg)
    assert [(f.tab, f.where) for f in fixes] == [
        ("Nhiệm vụ", "dòng 2, ô F2"),
        ("Tiến độ", "dòng 2, ô A2"),
        ("Tiến độ", "dòng 3, ô B3"),
    ]
    assert fixes[0].issue == "Nhiệm vụ 1: Thời hạn Quý IV/2023 trước năm kế hoạch 2024"
    assert fixes[1].issue == "Ngày '31/02/2024' không có thật"
    assert fixes[1].fix == "Ghi ngày dạng 15/03/2024"
    values = companion_values(summary, plan, cfg, date(2024, 10, 15))
    assert values["since"] == "30/6/2024" and values["horizon"] == "14/11/2024"
    assert values["report_due"] == "20/10/2024"  # [report] due_day, the month after (calendar)
    assert [t["stt"] for t in values["soon"]] == ["2"]  # October's broadcast, by 31/10
    # Since the report before (30/6): the monthly task fell behind; the other was late already.
    assert [(t["stt"], t["before"], t["after"]) for t in values["changed"]] == [
        ("2", "Đang thực hiện", "Quá hạn")
    ]
    assert [t["stt"] for t in values["overdue"]] == ["1", "2"]


def test_the_notes_of_a_first_report_have_nothing_to_compare(cfg):
    plan = make_plan(cfg, [task("1", "Tin bài", OFFICE, "Quý II/2024")])
    summary = summarise(plan, reporting_period("2024-Q1"), date(2024, 4, 5), cfg)
    values = companion_values(summary, plan, cfg, date(2024, 4, 5))
    assert values["since"] == "" and values["changed"] == []
    assert values["problems"] == [] and values["overdue"] == []


def test_the_notes_and_the_report_give_an_overdue_task_the_same_deadline(tmp_path):
    """31/8/2024 is a Saturday and 2–3/9 the National Day holiday: with roll_to_working_day the
    task is due by 4/9 (Điều 148 BLDS). The report's late list and the office's notes agree."""
    cfg = config_variant(tmp_path, roll_to_working_day="roll_to_working_day = true")
    plan = make_plan(cfg, [task("1", "Tổng kết", OFFICE, "Trước ngày 31/8/2024")])
    summary = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 15), cfg)
    overdue = companion_values(summary, plan, cfg, date(2024, 10, 15))["overdue"]
    assert [(t["stt"], t["due"]) for t in overdue] == [("1", "04/9/2024")]
    assert "thời hạn 04/9/2024" in docx_text(render(summary, cfg, date(2024, 10, 15)))


def test_another_plan_s_notes_and_report_carry_its_own_names(tmp_path):
    cfg, workbook = other_plan(tmp_path / "hoa-binh")
    done = report_job.run(
        LocalBackend(workbook, tmp_path / "out"), cfg, period="2025-Q2", today=date(2025, 7, 10)
    )
    assert Path(done.location).name == "Bao cao quy II nam 2025 - xa Hoa Binh.docx"
    assert Path(done.notes_location).name == "Ghi chu noi bo quy II nam 2025 - xa Hoa Binh.docx"
    notes = docx_text(Path(done.notes_location))
    assert "Kỳ báo cáo 'Quý 7/2025' không đọc được" in notes
    assert "Ghi dạng 2025-Q3 hoặc Quý III/2025" in notes  # examples in the plan's own year
    assert "Gia Tân" not in notes and "Gia Tân" not in docx_text(Path(done.location))
