"""The rendered .docx itself: Nghị định 30 layout in its XML, escaping, the office's template,
errors that name the faulty tag, and the job's file handling."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
import time_machine
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.shared import Mm
from report_fixtures import config_variant, docx_text, make_plan, progress, task

from jobs import report as report_job
from sheets_sync.aggregate import summarise
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.cli import main
from sheets_sync.demo import DEMO_TODAY, build_demo_workbook
from sheets_sync.periods import reporting_period, vn_date_parts
from sheets_sync.report import ReportError, build_document, render, report_name
from sheets_sync.report_values import document_number
from sheets_sync.resources import default_template_path

TEXT_WIDTH = Mm(165)
SUMMARY_HEADER = [
    "TT",
    "Cơ quan chủ trì",
    "Tổng số",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Chưa hoàn thành trong hạn",
    "Chưa hoàn thành quá hạn",
    "Đã đến hạn",
    "Tỷ lệ bảo đảm thời hạn",
    "Tỷ lệ quá hạn",
]
INJECTED = "Nhiệm vụ {{ 7*7 }} {% if x %} <b>đậm</b> & =SUM(A1) cuối"


@pytest.fixture(scope="module")
def demo_workbook(tmp_path_factory, cfg) -> Path:
    path = tmp_path_factory.mktemp("render") / "ke-hoach.xlsx"
    build_demo_workbook(path, cfg)
    return path


@pytest.fixture(scope="module")
def q3(demo_workbook, cfg) -> docx.document.Document:
    out = demo_workbook.parent / "q3"
    result = report_job.run(
        LocalBackend(demo_workbook, out), cfg, period="2024-Q3", today=DEMO_TODAY
    )
    return docx.Document(result.location)


def _runs_with(document, text: str):
    for p in _paragraphs(document):
        for run in p.runs:
            if text in run.text:
                yield p, run


def _paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _table(document, first_header: str, second_header: str | None = None):
    """The table whose header row starts with these texts."""
    for table in document.tables:
        heads = [c.text for c in table.rows[0].cells]
        if heads[0] == first_header and (second_header is None or heads[1] == second_header):
            return table
    raise AssertionError(f"no table headed {first_header!r}")


def _size(paragraph, run) -> float:
    size = run.font.size or paragraph.style.font.size or paragraph.style.base_style.font.size
    return size.pt


# --- layout of Nghị định 30 -------------------------------------------------------------------


def test_page_is_a4_portrait_with_the_decree_s_margins(q3):
    s = q3.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.1) and abs(s.page_height - Mm(297)) < Mm(0.1)
    assert s.orientation == 0  # PORTRAIT
    slack = Mm(0.1)  # twips do not hold whole millimetres exactly
    assert Mm(20) - slack <= s.top_margin <= Mm(25) and Mm(20) - slack <= s.bottom_margin <= Mm(25)
    assert Mm(30) - slack <= s.left_margin <= Mm(35) and Mm(15) - slack <= s.right_margin <= Mm(20)


def test_every_font_is_times_new_roman_and_no_theme_font_overrides_it(q3):
    styles = q3.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
    for part in (styles, q3.element):
        for fonts in part.iter(qn("w:rFonts")):
            assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:hAnsiTheme")) is None
            assert fonts.get(qn("w:ascii")) in (None, "Times New Roman")
    assert q3.styles["Normal"].font.name == "Times New Roman"


def test_letterhead_title_and_signature_sizes_and_weights(q3):
    def one(text):
        found = list(_runs_with(q3, text)) or list(_runs_with(q3, text.replace(" ", "\xa0")))
        assert found, text
        return found[0]

    p, r = one("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert r.bold and 12 <= _size(p, r) <= 13
    p, r = one("Độc lập - Tự do - Hạnh phúc")
    assert r.bold and 13 <= _size(p, r) <= 14
    p, r = one("ỦY BAN NHÂN DÂN")
    assert r.bold and 12 <= _size(p, r) <= 13
    p, r = one("XÃ GIA TÂN")
    assert r.bold and 12 <= _size(p, r) <= 13
    p, r = one("Gia Tân, ngày")
    assert r.italic and 13 <= _size(p, r) <= 14
    # Signed by hand: the day is left blank, the month and year are the report's.
    assert re.fullmatch(r"Gia Tân, ngày \s{4,} tháng 10 năm 2024", p.text)
    p, r = one("Số:")
    assert not r.bold and _size(p, r) == 13 and "/BC-UBND" in p.text
    p, r = one("BÁO CÁO")
    assert r.bold and 13 <= _size(p, r) <= 14
    p, r = one("quý\xa0III\xa0năm\xa02024")  # the period's name never breaks across lines
    assert r.bold and p.text.startswith("Kết quả thực hiện công tác tuyên truyền cải cách")
    p, r = one("Nơi nhận:")
    assert r.bold and r.italic and _size(p, r) == 12
    p, r = one("Lưu: VT.")
    assert _size(p, r) == 11
    for text in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Duy Thoại"):
        p, r = one(text)
        assert r.bold and 13 <= _size(p, r) <= 14


def test_body_is_justified_with_a_first_line_indent_and_headings_bold(q3):
    body = q3.styles["Nội dung"].paragraph_format
    assert body.alignment == 3 and Mm(10) <= body.first_line_indent <= Mm(12.7)  # JUSTIFY
    heading = next(p for p in q3.paragraphs if p.text == "I. KẾT QUẢ THỰC HIỆN")
    assert heading.style.font.bold and heading.text[3:].isupper()


def test_page_numbers_from_page_two_at_the_top(q3):
    section = q3.sections[0]
    assert section.different_first_page_header_footer
    default = section.header._element.xml
    assert "PAGE" in default and "PAGE" not in section.first_page_header._element.xml
    assert section.header.paragraphs[0].alignment == 1  # CENTER


def test_tables_have_fixed_widths_and_explicit_borders(q3):
    tables = q3.tables
    # letterhead, by form (3 periods), against the quarter before, closing, phụ lục I and II
    assert len(tables) == 6
    for table in tables:
        pr = table._tbl.tblPr
        assert pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert pr.find(qn("w:tblStyle")) is None  # no style for Google Docs to misread
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(grid) * 635 - TEXT_WIDTH) <= Mm(1)  # twips → EMU
        for row in table.rows:
            for cell, width in zip(row.cells, grid, strict=True):
                assert cell.width == width * 635
                assert cell._tc.tcPr.find(qn("w:tcBorders")) is not None
    for data in (*tables[1:3], *tables[4:]):
        edges = data._tbl.tblPr.find(qn("w:tblBorders"))
        assert {e.get(qn("w:val")) for e in edges} == {"single"}
        for row in data.rows:
            for cell in row.cells:
                borders = cell._tc.tcPr.find(qn("w:tcBorders"))
                assert {e.get(qn("w:val")) for e in borders} == {"single"}
    for frame in (tables[0], tables[3]):  # letterhead and signature: no lines
        edges = frame._tbl.tblPr.find(qn("w:tblBorders"))
        assert {e.get(qn("w:val")) for e in edges} == {"nil"}


def test_summary_table_has_the_standard_columns_and_a_bold_total(q3):
    table = _table(q3, "TT", "Cơ quan chủ trì")
    assert [c.text for c in table.rows[0].cells] == SUMMARY_HEADER
    total = table.rows[-1]
    assert total.cells[1].text == "Tổng cộng"
    assert all(r.bold for c in total.cells[1:] for p in c.paragraphs for r in p.runs)
    # Six of the eight tasks have come due by 30/9; two of them kept to time.
    assert [c.text for c in total.cells[2:]] == ["8", "1", "1", "3", "3", "6", "33,3%", "66,7%"]


def test_the_comparison_tables_put_each_figure_beside_the_quarter_before(q3):
    by_form = _table(q3, "Hình thức")
    assert [c.text for c in by_form.rows[0].cells] == [
        "Hình thức",
        "Quý II/2024",
        "Quý III/2024",
        "Lũy kế từ đầu năm",
    ]
    assert [c.text for c in by_form.rows[-1].cells] == ["Số hoạt động", "9", "7", "31"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in by_form.rows[1:]}
    assert rows["Tin bài"] == ["5", "7", "21"]  # quantities: articles, not rows of the log
    status = _table(q3, "Chỉ tiêu")
    assert [c.text for c in status.rows[0].cells] == ["Chỉ tiêu", "Quý II/2024", "Quý III/2024"]
    figures = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in status.rows[1:]}
    assert figures["Tỷ lệ quá hạn trên tổng số nhiệm vụ"] == ["37,5%", "50%"]
    assert figures["Nhiệm vụ đã đến hạn"] == ["6", "6"]
    assert figures["- Quá hạn (tỷ lệ trên số đã đến hạn)"] == ["3 (50%)", "4 (66,7%)"]
    # docxtpl's column loop changed the grid: every cell follows it.
    grid = [int(c.get(qn("w:w"))) for c in by_form._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert [c.width for c in by_form.rows[1].cells] == [w * 635 for w in grid]


def test_charts_are_embedded_images(q3):
    images = [r for r in q3.part.rels.values() if r.reltype.endswith("/image")]
    assert len(images) == 2
    for rel in images:
        assert rel.target_part.blob.startswith(b"\x89PNG")
        assert len(rel.target_part.blob) > 10_000


# --- text and escaping ------------------------------------------------------------------------


def test_officer_text_appears_as_typed(cfg):
    plan = make_plan(
        cfg,
        [
            task("1", INJECTED, "Phòng <A> & B", "Quý III/2024"),
            task("2", "Ký tự\x01lạ\x0b", "X", ""),
        ],
        [progress(date(2024, 7, 2), 1, unit="Tổ {{ x }}", form="<i>Tin</i> & ảnh")],
    )
    summary = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 15), cfg)
    text = docx_text(render(summary, cfg, date(2024, 10, 15)))
    assert INJECTED in text
    assert "Phòng <A> & B" in text and "Tổ {{ x }} thực hiện <i>Tin</i> & ảnh (số lượng 01)" in text
    assert "49" not in text
    assert "Ký tựlạ" in text  # a control character cannot be stored in a .docx: dropped


def test_a_period_with_nothing_logged_says_so_instead_of_counting_zeros(cfg):
    """The first quarter of a freshly imported plan: no progress row yet, one task done on time
    (its completion date typed, nothing logged)."""
    plan = make_plan(
        cfg,
        [
            task("1", "Rà soát", "Văn phòng", "Tháng 2/2024", done=date(2024, 2, 20)),
            task("2", "Tổng kết", "Văn phòng", "Quý IV/2024"),
        ],
    )
    summary = summarise(plan, reporting_period("2024-Q1"), date(2024, 4, 10), cfg)
    text = docx_text(render(summary, cfg, date(2024, 4, 10)))
    assert "Trong quý I năm 2024, chưa ghi nhận hoạt động nào" in text
    assert "00 hoạt động" not in text and "0 hoạt động" not in text
    q2 = summarise(plan, reporting_period("2024-Q2"), date(2024, 7, 10), cfg)
    assert "(quý I năm 2024: chưa ghi nhận hoạt động)" in docx_text(render(q2, cfg, DEMO_TODAY))
    # The strengths draft names the task kept to time, without a count of nothing logged.
    assert "Có 01/01 nhiệm vụ đã đến hạn bảo đảm thời hạn." in text


def test_date_line_and_number_follow_the_decree():
    assert vn_date_parts(date(2025, 1, 5)) == ("05", "01", "2025")
    assert vn_date_parts(date(2024, 2, 9)) == ("09", "02", "2024")
    assert vn_date_parts(date(2024, 10, 15)) == ("15", "10", "2024")
    assert vn_date_parts(date(2024, 3, 1)) == ("01", "3", "2024")


def test_report_number_comes_from_config(tmp_path):
    cfg = config_variant(tmp_path, **{"report.number": 'number = "7"'})
    assert document_number(reporting_period("2024-Q3"), cfg) == "07"
    with_numbers = config_variant(tmp_path, extra='[report.numbers]\n"2024-Q3" = "125"\n')
    assert document_number(reporting_period("2024-Q3"), with_numbers) == "125"
    assert document_number(reporting_period("2024-Q2"), with_numbers).strip() == ""


def test_recipients_come_from_config(q3, tmp_path, demo_workbook):
    text = docx_text(q3)
    assert "- Như trên; - Thường trực Đảng ủy xã;" in text and text.count("Lưu: VT.") == 1
    cfg = config_variant(
        tmp_path,
        addressee='addressee = "Sở Nội vụ tỉnh Hải Phòng"',
        recipients='recipients = ["Sở Nội vụ tỉnh Hải Phòng", "Lãnh đạo UBND xã"]',
    )
    result = report_job.run(
        LocalBackend(demo_workbook, tmp_path / "out"), cfg, period="2024-Q3", today=DEMO_TODAY
    )
    text = docx_text(Path(result.location))
    assert "Kính gửi: Sở Nội vụ tỉnh Hải Phòng." in text
    assert "- Sở Nội vụ tỉnh Hải Phòng; - Lãnh đạo UBND xã; - Lưu: VT." in text
    assert "Phòng Nội vụ huyện" not in text


def test_signing_on_behalf_of_the_chairman_reads_as_three_lines(tmp_path, demo_workbook):
    """An imported plan signed "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" keeps one
    authority per line, and a recipients list copied from the plan (its "Lưu: VT" included)
    does not print "Lưu" twice."""
    cfg = config_variant(
        tmp_path,
        signer_on_behalf='signer_on_behalf = "TM. Ủy ban nhân dân KT. Chủ tịch"',
        signer_title='signer_title = "PHÓ CHỦ TỊCH"',
        recipients='recipients = ["- Như trên;", "Lưu: VT, VP."]',
    )
    result = report_job.run(
        LocalBackend(demo_workbook, tmp_path / "out"), cfg, period="2024-Q3", today=DEMO_TODAY
    )
    document = docx.Document(result.location)
    paragraphs = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH" in paragraphs
    assert "PHÓ CHỦ TỊCH" in paragraphs
    text = docx_text(document)
    assert "- Như trên; - Lưu: VT." in text and text.count("Lưu") == 1


# --- the office's template ----------------------------------------------------------------------


def _edited_template(tmp_path: Path, old: str, new: str) -> Path:
    document = docx.Document(default_template_path())
    hits = 0
    for p in _paragraphs(document):
        for run in p.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
                hits += 1
    assert hits, old
    path = tmp_path / "mau.docx"
    document.save(path)
    return path


def _render_with(tmp_path: Path, template: Path, cfg_dir: Path | None = None):
    cfg = config_variant(cfg_dir or tmp_path, template=f'template = "{template}"')
    plan = make_plan(cfg, [task("1", "Việc", "X", "Quý III/2024")])
    summary = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 15), cfg)
    return render(summary, cfg, date(2024, 10, 15))


def test_an_edited_template_changes_the_output_without_code(tmp_path):
    path = _edited_template(tmp_path, "Trên đây là báo cáo", "Ủy ban xin báo cáo tóm tắt")
    text = docx_text(_render_with(tmp_path, path))
    assert "Ủy ban xin báo cáo tóm tắt kết quả thực hiện quý III năm 2024" in text
    assert "Trên đây là báo cáo" not in text


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("{{ org.name }}", "{{ org.nam }}", "{{ org.nam }}"),
        ("{{ place }}", "{{ dia_danh }}", "{{ dia_danh }}"),
        ("{{ signer.name }}", "{% if signer.name %}", "{% if signer.name %}"),
        ("{{ subject }}", "{{ subject ", "{{ subject"),
    ],
)
def test_a_broken_template_names_the_tag(tmp_path, old, new, named):
    path = _edited_template(tmp_path, old, new)
    with pytest.raises(ReportError) as caught:
        _render_with(tmp_path, path)
    message = str(caught.value)
    assert str(path) in message and named in message


def test_a_file_that_is_not_a_docx_is_reported_as_such(tmp_path):
    path = tmp_path / "mau.docx"
    path.write_text("not a document", encoding="utf-8")
    with pytest.raises(ReportError, match="Không mở được mẫu báo cáo"):
        _render_with(tmp_path, path)


def test_cli_shows_a_broken_template_as_a_message(tmp_path, demo_workbook):
    path = _edited_template(tmp_path, "{{ org.name }}", "{{ org.nam }}")
    cfg = config_variant(tmp_path, template=f'template = "{path}"')
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--config",
            str(cfg.source),
            "--local",
            str(demo_workbook),
            "--out",
            str(tmp_path / "out"),
            "--period",
            "2024-Q3",
            "--today",
            "2024-10-15",
        ],
    )
    assert result.exit_code == 2
    assert "{{ org.nam }}" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# --- publishing -----------------------------------------------------------------------------


def test_running_again_replaces_the_same_file(tmp_path, cfg):
    workbook = tmp_path / "ke-hoach.xlsx"
    build_demo_workbook(workbook, cfg)
    backend = LocalBackend(workbook, tmp_path / "out")
    first = report_job.run(backend, cfg, period="2024-Q2", today=DEMO_TODAY)
    name = report_name(reporting_period("2024-Q2"), cfg).filename
    assert Path(first.location).name == name == "Bao cao quy II nam 2024 - xa Gia Tan.docx"
    before = docx_text(Path(first.location))
    second = report_job.run(backend, cfg, period="2024-Q2", today=date(2024, 10, 20))
    assert second.location == first.location
    notes = Path(first.notes_location).name
    assert notes == "Ghi chu noi bo quy II nam 2024 - xa Gia Tan.docx"
    # The report and the office's notes beside it, and the backend's record of how it wrote
    # them; no copy, no temp file.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".sheets-sync.json",
        name,
        notes,
    ]
    after = docx_text(Path(second.location))
    assert "Quý I/2024" in before  # compared with the first quarter
    assert before == after  # the day is left blank for signing: nothing else moved


def test_the_date_line_is_today_in_the_plan_s_time_zone(tmp_path, demo_workbook):
    cfg = config_variant(tmp_path, signing_date='signing_date = "today"')
    # 23:30 UTC on 4 January is already 5 January in Asia/Ho_Chi_Minh.
    with time_machine.travel(datetime(2025, 1, 4, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        result = report_job.run(LocalBackend(demo_workbook, tmp_path), cfg, period="2024")
    assert "Gia Tân, ngày 05 tháng 01 năm 2025" in docx_text(Path(result.location))


def test_build_document_has_a_stable_identity(cfg):
    plan = make_plan(cfg, [task("1", "Việc", "X", "Quý III/2024")])
    summary = summarise(plan, reporting_period("2024-Q3"), date(2024, 10, 15), cfg)
    document = build_document(summary, cfg, date(2024, 10, 15))
    assert document.key == "report:2024-Q3"
    assert document.title.endswith("quý III năm 2024")
    assert document.filename == "Bao cao quy III nam 2024 - xa Gia Tan.docx"
    text = docx_text(document.content)
    assert "XÃ GIA TÂN" in text and "Phạm Duy Thoại" in text


def test_the_lists_tab_names_the_units_of_the_table(tmp_path, cfg):
    workbook = tmp_path / "ke-hoach.xlsx"
    build_demo_workbook(workbook, cfg)
    wb = openpyxl.load_workbook(workbook)
    lists = wb["Danh mục"]
    assert lists["A6"].value == "Công chức Kế toán - Ngân sách"
    lists["A6"] = "Kế toán - Ngân sách xã"  # the office's own spelling of the unit
    wb.save(workbook)
    result = report_job.run(
        LocalBackend(workbook, tmp_path), cfg, period="2024-Q3", today=DEMO_TODAY
    )
    table = _table(docx.Document(result.location), "TT", "Cơ quan chủ trì")
    units = [row.cells[1].text for row in table.rows[1:-1]]
    assert "Kế toán - Ngân sách xã" in units  # under the list's name
    assert "Công chức Kế toán - Ngân sách" not in units
    # In the tab's order: the office first, the Đảng ủy office second.
    assert units[:2] == ["Công chức Văn phòng HĐND - UBND", "Công chức Văn phòng Đảng ủy - Nội vụ"]


# --- every period kind, under both cuts -----------------------------------------------------

NEXT_TITLES = {
    "2024-Q1": "QUÝ II NĂM 2024",
    "2024-Q2": "QUÝ III NĂM 2024",
    "2024-Q3": "QUÝ IV NĂM 2024",
    "2024-Q4": "QUÝ I NĂM 2025",
    "2024-H1": "6 THÁNG CUỐI NĂM 2024",
    "2024-9M": "QUÝ IV NĂM 2024",
    "2024": "NĂM 2025",
}


@pytest.mark.slow  # fourteen reports, charts and all
@pytest.mark.parametrize("cut", ["calendar", "nd09"])
def test_every_period_kind_plans_for_the_period_that_follows_it(tmp_path, cut):
    cfg = config_variant(tmp_path, cut=f'cut = "{cut}"')
    plan = make_plan(
        cfg,
        [task("1", "Chuyên mục", "Đài Truyền thanh xã", "Mỗi tháng 01 kỳ")],
        [progress(date(2024, m, 10), 1) for m in range(1, 13)],
    )
    for key, title in NEXT_TITLES.items():
        period = reporting_period(key, cut)
        summary = summarise(plan, period, date(2025, 1, 20), cfg)
        text = docx_text(render(summary, cfg, date(2025, 1, 20)))
        assert f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ {title}" in text, (key, cut)
        assert f"thực hiện {period.name} (số liệu tính từ ngày" in text
        decree = "theo thời gian chốt số liệu báo cáo định kỳ tại Điều 12 Nghị định số 09/2019"
        assert (decree in text) == (cut == "nd09"), (key, cut)
        assert ("áp dụng cho kỳ báo cáo 9 tháng" in text) == (cut == "nd09" and key == "2024-9M")
        assert "theo cách tính theo" not in text and "kỳ dương lịch" not in text
