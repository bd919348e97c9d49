"""Reports opened by a real client: LibreOffice converts them to PDF, poppler reads the PDF.

One LibreOffice run converts every report of this module (a conversion costs about a second);
each test then checks one thing on the PDFs.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from report_fixtures import config_variant, poppler, to_pdf

from jobs import report as report_job
from sheets_sync import seed
from sheets_sync.backends.local.layout import create_workbook
from sheets_sync.backends.local.workbook import LocalBackend
from sheets_sync.demo import DEMO_TODAY, build_demo_workbook
from sheets_sync.text import clean

pytestmark = pytest.mark.libreoffice  # prints the reports to PDF with LibreOffice

INJECTED = "Tuyên truyền {{ 7*7 }} {% if x %} <b>đậm</b> & =SUM(A1) ở thôn Đông"
A4_POINTS = (595.3, 841.9)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, cfg) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pdf")
    workbook = root / "ke-hoach.xlsx"
    build_demo_workbook(workbook, cfg)
    q3 = report_job.run(
        LocalBackend(workbook, root / "q3"), cfg, period="2024-Q3", today=DEMO_TODAY
    )
    # A province on the Nghị định 09 cut, after the district level was abolished.
    nd09 = config_variant(
        root,
        cut='cut = "nd09"',
        addressee='addressee = "Sở Nội vụ tỉnh Hải Dương"',
        recipients='recipients = ["Như trên", "Thường trực Đảng ủy xã"]',
        extra='[report.numbers]\n"2024" = "9"\n',
    )
    year = report_job.run(
        LocalBackend(workbook, root / "year"), nd09, period="2024", today=date(2025, 1, 5)
    )
    odd = root / "odd.xlsx"
    create_workbook(
        odd, cfg, [replace(seed.TASKS[0], task=INJECTED), *seed.TASKS[1:]], units=seed.UNIT_LIST
    )
    injected = report_job.run(
        LocalBackend(odd, root / "odd"), cfg, period="2024-Q1", today=DEMO_TODAY
    )
    documents = {"q3": q3.location, "year": year.location, "injected": injected.location}
    converted = to_pdf([Path(p) for p in documents.values()], root / "out")
    return dict(zip(documents, converted, strict=True))


def _text(pdf: Path, *pages: int) -> str:
    args = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return poppler("pdftotext", *args, str(pdf), "-")


def _words_in_order(phrase: str, text: str) -> bool:
    """All words of ``phrase`` appear in ``text`` in order (a table cell's lines interleave
    with its neighbours' in the extracted text)."""
    words = iter(text.split())
    return all(any(w == t for t in words) for w in phrase.split())


def test_pages_are_a4(pdfs):
    for pdf in pdfs.values():
        info = poppler("pdfinfo", str(pdf))
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        sizes = poppler("pdfinfo", "-f", "1", "-l", str(pages), str(pdf))
        found = re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", sizes)
        assert len(found) == pages >= 2
        for w, h in found:
            assert (round(float(w), 1), round(float(h), 1)) == A4_POINTS


def test_fonts_are_times_new_roman_or_its_metric_twin(pdfs):
    fonts = poppler("pdffonts", str(pdfs["q3"]))
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all(re.search(r"(TimesNewRoman|LiberationSerif)", n) for n in names), names


def test_q3_header_block_title_and_signature(pdfs):
    text = clean(_text(pdfs["q3"]))
    first = clean(_text(pdfs["q3"], 1))
    for part in (
        "ỦY BAN NHÂN DÂN",
        "XÃ GIA TÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/BC-UBND",
        "Gia Tân, ngày 15 tháng 10 năm 2024",
        "BÁO CÁO",
        "Kính gửi: Phòng Nội vụ huyện Gia Lộc.",
    ):
        assert part in first, part
    assert _words_in_order(
        "Kết quả thực hiện công tác tuyên truyền cải cách hành chính quý III năm 2024", first
    )
    assert "Số liệu tính theo kỳ dương lịch, từ ngày 01/07/2024 đến hết ngày 30/09/2024." in text
    for part in ("Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"):
        assert part in text, part
    assert "Phạm Duy Thoại" in text


def test_q3_lists_every_task_and_the_late_ones_with_what_is_missing(pdfs):
    text = clean(_text(pdfs["q3"]))
    for t in seed.TASKS:
        assert _words_in_order(t.task.rstrip("."), text), t.task
    late = text[text.index("III. NHIỆM VỤ CHẬM, QUÁ HẠN") : text.index("IV. NHỮNG VẤN ĐỀ")]
    assert "Nhiệm vụ 5 (Duy trì" in late
    assert "chưa có kết quả kỳ tháng 6/2024, tháng 9/2024" in late
    assert "cơ quan chủ trì: Đài Truyền thanh xã" in late
    assert "Nhiệm vụ 8 (" in late and "Nhiệm vụ 2 (" in late
    assert "hoàn thành ngày 12/04/2024, muộn 12 ngày" in late  # task 3, done late


def test_q3_summary_table_and_data_problems(pdfs):
    text = clean(_text(pdfs["q3"]))
    assert "Chưa hoàn thành trong hạn" in text or _words_in_order("Chưa hoàn thành trong hạn", text)
    assert _words_in_order("Tổng cộng 8 1 1 3 3 12,5% 50%", text)
    problems = text[text.index("IV. NHỮNG VẤN ĐỀ") : text.index("V. NHIỆM VỤ CẦN")]
    assert "Thời hạn Quý IV/2023 trước năm kế hoạch 2024" in problems
    assert "STT nhiệm vụ '9' không có trong trang Nhiệm vụ" in problems
    assert "Ngày '31/02/2024' không có thật" in problems


def test_page_numbers_start_on_page_two_at_the_top(pdfs):
    first = _text(pdfs["q3"], 1).split()
    second = _text(pdfs["q3"], 2).split()
    assert first[0] == "ỦY" and second[0] == "2"


def test_charts_are_in_the_pdf(pdfs):
    rows = [
        line.split() for line in poppler("pdfimages", "-list", str(pdfs["q3"])).splitlines()[2:]
    ]
    images = [r for r in rows if r[2] == "image"]  # not their transparency masks
    assert len(images) == 2 and all(int(r[3]) >= 900 for r in images)  # 150 dpi, 6.3 in wide


def test_yearly_nd09_report_states_its_cut_number_and_recipients(pdfs):
    text = clean(_text(pdfs["year"]))
    assert "Số: 09/BC-UBND" in text
    assert "Gia Tân, ngày 05 tháng 01 năm 2025" in text
    assert _words_in_order("cải cách hành chính năm 2024", text)
    assert (
        "Thời gian chốt số liệu theo Điều 12 Nghị định số 09/2019/NĐ-CP: từ ngày 15/12/2023 "
        "đến hết ngày 14/12/2024." in text
    )
    assert "Kính gửi: Sở Nội vụ tỉnh Hải Dương." in text
    assert "- Như trên; - Thường trực Đảng ủy xã; - Lưu: VT." in text
    assert "huyện Gia Lộc." not in text


def test_officer_text_is_shown_literally(pdfs):
    text = clean(_text(pdfs["injected"]))
    assert _words_in_order(INJECTED, text)
    assert "{{ 7*7 }}" in text and "<b>đậm</b>" in text and "=SUM(A1)" in text
    assert " 49 " not in text
