"""Reports as the chairman reads them: LibreOffice converts them to PDF, poppler reads the text of
each page. One LibreOffice run converts every document of this module (the demo's three quarters
and the Q3 notes; a half-year, nine months and a year under the Nghị định 09 cut; a report with
hostile officer text; another commune's plan and its notes); each test then checks one thing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from report_fixtures import OFFICE_STRENGTH, config_variant, other_plan, poppler, to_pdf

from jobs import report as report_job
from sheets_sync import seed
from sheets_sync.backends.local.layout import create_workbook
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.demo import DEMO_TODAY, build_demo_workbook
from sheets_sync.text import clean

pytestmark = [pytest.mark.slow, pytest.mark.libreoffice]

INJECTED = "Tuyên truyền {{ 7*7 }} {% if x %} <b>đậm</b> & =SUM(A1) ở thôn Đông"
A4_POINTS = (595.3, 841.9)
REPORTS = ("q1", "q2", "q3", "h1", "9m", "year", "injected", "other")
NOTES = ("q3_notes", "other_notes")
# What officers' sheets say and a district must never read.
CELL_REFERENCE = re.compile(r"[^\s!]+![A-Z]{1,3}\d+")
SHEET_WORDING = (
    "chưa có ngày hoàn thành",
    "Ngày hoàn thành",
    "Ghi chú tự động",
    "Hạn (tự động)",
    "STT nhiệm vụ",
    "Thời gian thực hiện",
    "Trạng thái",
    "muộn",
    "kỳ quý",
    "kỳ tháng",
    "kỳ dương lịch",
    "theo cách tính theo",
    "ghi ngày dạng",
    "ghi STT",
    "kiểm tra lại",
)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, cfg) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pdf")
    workbook = root / "ke-hoach.xlsx"
    build_demo_workbook(workbook, cfg)
    documents: dict[str, Path] = {}
    demo = LocalBackend(workbook, root / "demo")
    for key, period in (("q1", "2024-Q1"), ("q2", "2024-Q2"), ("q3", "2024-Q3")):
        done = report_job.run(demo, cfg, period=period, today=DEMO_TODAY)
        documents[key] = Path(done.location)
    documents["q3_notes"] = Path(done.notes_location)
    # A province on the Nghị định 09 cut, after the district level was abolished.
    nd09 = config_variant(
        root,
        cut='cut = "nd09"',
        addressee='addressee = "Sở Nội vụ tỉnh Hải Dương"',
        recipients='recipients = ["Như trên", "Thường trực Đảng ủy xã"]',
        extra='[report.numbers]\n"2024" = "9"\n',
    )
    for key, period, today in (
        ("h1", "2024-H1", DEMO_TODAY),
        ("9m", "2024-9M", DEMO_TODAY),
        ("year", "2024", date(2025, 1, 5)),
    ):
        backend = LocalBackend(workbook, root / key)
        documents[key] = Path(report_job.run(backend, nd09, period=period, today=today).location)
    odd = root / "odd.xlsx"
    create_workbook(
        odd, cfg, [replace(seed.TASKS[0], task=INJECTED), *seed.TASKS[1:]], units=seed.UNIT_LIST
    )
    injected = report_job.run(
        LocalBackend(odd, root / "odd"), cfg, period="2024-Q1", today=DEMO_TODAY
    )
    documents["injected"] = Path(injected.location)
    other_cfg, other_book = other_plan(root / "hoa-binh")
    other = report_job.run(
        LocalBackend(other_book, root / "hoa-binh" / "out"),
        other_cfg,
        period="2025-Q2",
        today=date(2025, 7, 10),
    )
    documents["other"], documents["other_notes"] = (
        Path(other.location),
        Path(other.notes_location),
    )
    # One name per document: two communes' or two runs' reports may share a file name.
    (root / "in").mkdir()
    named = [root / "in" / f"{key}.docx" for key in documents]
    for path, source in zip(named, documents.values(), strict=True):
        path.write_bytes(source.read_bytes())
    converted = to_pdf(named, root / "out")
    return dict(zip(documents, converted, strict=True))


def _pages(pdf: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(pdf))).group(1))


def _text(pdf: Path, *pages: int) -> str:
    args = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return clean(poppler("pdftotext", *args, str(pdf), "-"))


def _page_of(pdf: Path, phrase: str) -> int:
    """The first page whose text holds ``phrase``."""
    for page in range(1, _pages(pdf) + 1):
        if phrase in _text(pdf, page):
            return page
    raise AssertionError(f"{phrase!r} is on no page of {pdf.name}")


def _words_in_order(phrase: str, text: str) -> bool:
    """All words of ``phrase`` appear in ``text`` in order (a table cell's lines interleave
    with its neighbours' in the extracted text)."""
    words = iter(text.split())
    return all(any(w == t for t in words) for w in phrase.split())


def _body(pdf: Path) -> str:
    """The report up to its signature: what the chairman signs (the appendices follow)."""
    return _text(pdf, *range(1, _page_of(pdf, "Trên đây là báo cáo") + 1))


# --- what a district must never read ----------------------------------------------------------


def test_no_cell_reference_instruction_or_column_name_reaches_a_report(pdfs):
    for key in REPORTS:
        text = _text(pdfs[key])
        assert not CELL_REFERENCE.search(text), (key, CELL_REFERENCE.search(text))
        assert "—" not in text, key  # the sheet's notes put instructions after an em dash
        for wording in SHEET_WORDING:
            assert wording not in text, (key, wording)
    # The demo's two unreadable log rows are counted, nothing more.
    assert "chưa tính 02 hoạt động ghi chép chưa đầy đủ" in _text(pdfs["q3"])
    assert "31/02/2024" not in _text(pdfs["q3"])


def test_the_notes_hold_the_data_problems_with_where_to_fix_them(pdfs):
    text = _text(pdfs["q3_notes"])
    assert "GHI CHÚ NỘI BỘ KÈM BÁO CÁO QUÝ III NĂM 2024" in text
    assert "không gửi kèm báo cáo" in text
    for phrase in (
        "Tiến độ dòng 11, ô A11 Ngày '31/02/2024' không có thật Ghi ngày dạng 15/03/2024",
        "Tiến độ dòng 27, ô B27 STT nhiệm vụ '9' không có trong trang Nhiệm vụ",
        "Nhiệm vụ dòng 11, ô F11 Nhiệm vụ 8: Thời hạn Quý IV/2023 trước năm kế hoạch 2024",
    ):
        assert _words_in_order(phrase, text), phrase
    # What changed since the report before (30/6) and what falls due in 30 days.
    assert _words_in_order("Ngày 30/6/2024 Ngày 30/9/2024", text)
    assert _words_in_order("2 Tuyên truyền tình hình giải quyết Đang thực hiện Quá hạn", text)
    assert "Việc đến hạn trong 30 ngày tới (từ 15/10/2024 đến 14/11/2024)" in text
    assert _words_in_order("5 Duy trì và nâng cao 31/10/2024", text)
    assert "Nhiệm vụ 8 (Công chức Văn phòng Đảng ủy - Nội vụ): thời hạn 31/12/2023" in text
    # Internal, yet worded as the office writes: cells named in words, fixes in their column.
    for key in NOTES:
        notes = _text(pdfs[key])
        assert not CELL_REFERENCE.search(notes) and "—" not in notes, key
        assert "chưa có ngày hoàn thành" not in notes and "kỳ quý" not in notes, key


# --- pages --------------------------------------------------------------------------------------


def test_the_closing_paragraph_and_the_signature_share_a_page(pdfs):
    for key in REPORTS:
        page = _page_of(pdfs[key], "Trên đây là báo cáo")
        text = _text(pdfs[key], page)
        assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text, key
        assert "Nơi nhận:" in text and "- Lưu: VT." in text, key
    assert "Phạm Duy Thoại" in _text(pdfs["q3"], _page_of(pdfs["q3"], "Trên đây là báo cáo"))


def test_the_body_of_the_demo_reports_is_three_pages_and_the_appendices_follow(pdfs):
    for key in ("q1", "q2", "q3"):
        pdf = pdfs[key]
        signed = _page_of(pdf, "Trên đây là báo cáo")
        assert signed <= 3, (key, signed)
        appendix = _page_of(pdf, "KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ")
        assert appendix == signed + 1 and _text(pdf, appendix).split()[1:3] == ["Phụ", "lục"]
        assert "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN CHỦ TRÌ" in _text(pdf)


def test_pages_are_a4_numbered_from_page_two(pdfs):
    for key in REPORTS:
        pages = _pages(pdfs[key])
        sizes = poppler("pdfinfo", "-f", "1", "-l", str(pages), str(pdfs[key]))
        found = re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", sizes)
        assert len(found) == pages >= 3
        assert {(round(float(w), 1), round(float(h), 1)) for w, h in found} == {A4_POINTS}
    assert _text(pdfs["q3"], 1).split()[0] == "ỦY" and _text(pdfs["q3"], 2).split()[0] == "2"


def test_the_title_never_leaves_the_year_alone_on_a_line(pdfs):
    for key in REPORTS:
        layout = poppler("pdftotext", "-layout", "-f", "1", "-l", "1", str(pdfs[key]), "-")
        lines = [line.strip() for line in layout.splitlines()]
        assert not any(re.fullmatch(r"(năm )?20\d\d", line) for line in lines), key
    layout = poppler("pdftotext", "-layout", "-f", "1", "-l", "1", str(pdfs["q3"]), "-")
    assert any(line.strip() == "quý III năm 2024" for line in layout.splitlines())


def test_fonts_are_times_new_roman_or_its_metric_twin_and_the_charts_are_there(pdfs):
    fonts = poppler("pdffonts", str(pdfs["q3"]))
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all(re.search(r"(TimesNewRoman|LiberationSerif)", n) for n in names), names
    rows = [line.split() for line in poppler("pdfimages", "-list", str(pdfs["q3"])).splitlines()]
    images = [r for r in rows[2:] if r[2] == "image"]  # not their transparency masks
    assert len(images) == 2 and all(int(r[3]) >= 900 for r in images)  # 150 dpi, 6.3 in wide


# --- what the report says -----------------------------------------------------------------------


def test_the_header_block_and_the_date_left_for_signing(pdfs):
    first = _text(pdfs["q3"], 1)
    for part in (
        "ỦY BAN NHÂN DÂN",
        "XÃ GIA TÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/BC-UBND",
        "Gia Tân, ngày tháng 10 năm 2024",  # the day is written by hand at signing
        "BÁO CÁO",
        "Kính gửi: Phòng Nội vụ huyện Gia Lộc.",
        "Thực hiện Kế hoạch số 13/KH-UBND ngày 05/02/2024 của Ủy ban nhân dân xã Gia Tân",
        "(số liệu tính từ ngày 01/7/2024 đến hết ngày 30/9/2024)",
    ):
        assert part in first, part


def test_every_report_has_the_sections_of_a_bao_cao(pdfs):
    for key in REPORTS:
        body = _body(pdfs[key])
        for heading in (
            "I. KẾT QUẢ THỰC HIỆN",
            "1. Công tác chỉ đạo, điều hành",
            "II. ĐÁNH GIÁ CHUNG",
            "1. Ưu điểm",
            "2. Tồn tại, hạn chế",
            "3. Nguyên nhân",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
            "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        ):
            assert heading in body, (key, heading)


@pytest.mark.parametrize(
    ("key", "title"),
    [
        ("q1", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II NĂM 2024"),
        ("q2", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2024"),
        ("q3", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2024"),
        ("h1", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024"),
        ("9m", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2024"),
        ("year", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025"),
        ("other", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2025"),
    ],
)
def test_the_next_period_is_named_right(pdfs, key, title):
    assert title in _body(pdfs[key])


def test_rates_count_the_tasks_that_have_come_due(pdfs):
    q1 = _body(pdfs["q1"])
    # Five of the eight tasks fall due on 31/12: Q1 judges the five that came due.
    assert (
        "Kế hoạch có 08 nhiệm vụ, trong đó 05 nhiệm vụ đã đến hạn: 03 nhiệm vụ bảo đảm thời "
        "hạn, đạt 60% số nhiệm vụ đã đến hạn; 02 nhiệm vụ quá hạn, chiếm 40%" in q1
    )
    assert "đạt 0%" not in q1
    assert _words_in_order("Tổng cộng 8 0 0 6 2 5 60% 40%", _text(pdfs["q1"]))  # Phụ lục II


def test_q3_puts_each_figure_beside_q2(pdfs):
    body = _body(pdfs["q3"])
    assert "(quý II năm 2024: 09 hoạt động)" in body
    assert "So sánh với quý II năm 2024" in body
    assert _words_in_order("Chỉ tiêu Quý II/2024 Quý III/2024", body)
    assert _words_in_order("Tỷ lệ quá hạn trên tổng số nhiệm vụ 37,5% 50%", body)
    assert _words_in_order("Quá hạn (tỷ lệ trên số đã đến hạn) 3 (50%) 4 (66,7%)", body)
    assert _words_in_order("Hình thức Quý II/2024 Quý III/2024 Lũy kế từ đầu năm", body)
    assert _words_in_order("Tin bài 5 7 21", body) and _words_in_order("Số hoạt động 9 7 31", body)
    assert "So sánh với" not in _body(pdfs["q1"])  # no quarter before it in the plan year


def test_q3_names_the_units_with_late_tasks_and_what_each_owes(pdfs):
    body = _body(pdfs["q3"])
    assert (
        "Còn 03 nhiệm vụ chưa hoàn thành quá hạn, thuộc 03 cơ quan, đơn vị: Công chức Văn phòng "
        "Đảng ủy - Nội vụ, Bộ phận tiếp nhận và trả kết quả (một cửa) và Đài Truyền thanh xã."
        in body
    )
    assert "chưa có kết quả trong tháng 6/2024 và tháng 9/2024" in body
    assert "thời hạn 31/12/2023, đến nay chưa hoàn thành (chậm 274 ngày)" in body
    # Task 3 was finished late in April: the second quarter's report says so, not the third's.
    done_late = "hoàn thành ngày 12/4/2024, chậm 12 ngày so với thời hạn 31/3/2024"
    assert done_late in _body(pdfs["q2"]) and done_late not in body
    # Activities as a report words them, quantities not rows.
    assert "đăng tải 07 tin bài, phát sóng 02 buổi phát thanh, tổ chức 02 hội nghị" in body
    # Catching up the late tasks comes first in the next quarter's work.
    assert "Khẩn trương thực hiện các nhiệm vụ chậm, quá hạn nêu tại điểm 4 mục I" in body
    # A long task name is printed in full once in the body (and once in Phụ lục I).
    name = "Tổ chức các lớp bồi dưỡng nghiệp vụ công tác CCHC"
    appendix = _text(pdfs["q3"], _page_of(pdfs["q3"], "KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ"))
    assert body.count(name) == 1 and _words_in_order(name, appendix)


def test_the_nd09_reports_state_their_cut_number_and_recipients(pdfs):
    year = _body(pdfs["year"])
    assert "Số: 09/BC-UBND" in year
    assert (
        "(số liệu tính từ ngày 15/12/2023 đến hết ngày 14/12/2024, theo thời gian chốt số " in year
    )
    assert "Kính gửi: Sở Nội vụ tỉnh Hải Dương." in year
    assert "- Như trên; - Thường trực Đảng ủy xã; - Lưu: VT." in year
    assert "huyện Gia Lộc." not in year
    nine = _body(pdfs["9m"])
    assert "tại Điều 12 Nghị định số 09/2019/NĐ-CP, áp dụng cho kỳ báo cáo 9 tháng" in nine
    assert "So sánh với 6 tháng đầu năm 2024" in nine


def test_officer_text_is_shown_literally(pdfs):
    text = _text(pdfs["injected"])
    assert _words_in_order(INJECTED, text)
    assert "{{ 7*7 }}" in text and "<b>đậm</b>" in text and "=SUM(A1)" in text
    assert " 49 " not in text


# --- another commune's plan -----------------------------------------------------------------------


def test_nothing_of_gia_tan_reaches_another_plan_s_report_or_notes(pdfs):
    report, notes = _text(pdfs["other"]), _text(pdfs["other_notes"])
    for text in (report, notes):
        for leak in ("Gia Tân", "Gia Lộc", "Phạm Duy Thoại", "13/KH-UBND", "cải cách hành chính"):
            assert leak not in text, leak
        for unit in seed.UNITS:
            assert unit not in text, unit
    assert (
        "Thực hiện Kế hoạch số 27/KH-UBND ngày 20/01/2025 của Ủy ban nhân dân xã Hòa Bình về "
        "phòng, chống thiên tai và tìm kiếm cứu nạn xã Hòa Bình năm 2025" in report
    )
    assert "Hòa Bình, ngày tháng 7 năm 2025" in report and "Lê Thị Mai" in report
    # Units as the plan's Danh mục names them, whatever was typed ("TT VH-TT xã", "BCH PTDS").
    assert "Trung tâm Văn hóa - Thể thao xã" in report
    assert "Ban Chỉ huy phòng thủ dân sự xã" in report and "BCH PTDS" not in report
    assert "Quý 7/2025" in notes  # the office's row it could not place


def test_the_office_s_own_words_replace_the_drafts(pdfs):
    body = _body(pdfs["other"])
    strengths = body[body.index("1. Ưu điểm") : body.index("2. Tồn tại, hạn chế")]
    assert f"{OFFICE_STRENGTH}. Nhân dân hưởng ứng tích cực." in strengths  # escaped, as typed
    assert "Các cơ quan, đơn vị chủ trì đã triển khai" not in strengths  # the draft gave way
    assert "Lời của quý I" not in body  # another period's row
    proposals = body[body.index("IV. ĐỀ XUẤT, KIẾN NGHỊ") : body.index("Trên đây")]
    assert "Đề nghị tỉnh hỗ trợ 02 máy phát điện dự phòng." in proposals
    assert "Không có." not in proposals
