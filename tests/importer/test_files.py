"""Plans in other formats (.doc, .odt, .xlsx, .csv) and files that are no plan: each imports or
stops with a message that says what to do, never a traceback."""

from __future__ import annotations

import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.importer import PlanFileError, read_plan
from sheets_sync.importer.source import kind_of
from tests.importer.build import letterhead, new_document, paragraphs, signature, task_table, title
from tests.importer.files import encrypted_docx, scanned_pdf, text_pdf, word97_doc
from tests.importer.plan_corpus import CCHC_YEN_DONG, CORPUS
from tests.libreoffice import convert

FIELDS = ("stt", "task", "lead", "timeframe", "partners", "product", "group")


def _tasks(plan) -> list[tuple[str, ...]]:
    return [tuple(getattr(t, f) for f in FIELDS) for t in plan.tasks]


def _refused(path: Path) -> str:
    with pytest.raises(PlanFileError) as caught:
        read_plan(path, fallback_year=2025)
    return str(caught.value)


# --- other formats ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.parametrize("target", ["doc", "odt"])
def test_a_word_97_or_opendocument_plan_imports_like_its_docx(tmp_path: Path, target: str):
    docx_path = CCHC_YEN_DONG.write(tmp_path)
    (saved,) = convert([docx_path], target, tmp_path / "saved")
    assert kind_of(saved) == target
    plan = read_plan(saved, fallback_year=2000)
    assert _tasks(plan) == _tasks(read_plan(docx_path, fallback_year=2000))
    assert plan.letterhead.number == "45/KH-UBND"
    assert plan.year == 2025


def test_a_doc_without_libreoffice_says_to_install_it_or_save_as_docx(tmp_path, monkeypatch):
    path = tmp_path / "ke-hoach.doc"
    path.write_bytes(word97_doc())
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    message = _refused(path)
    assert "LibreOffice" in message and ".docx" in message


def test_the_kind_of_file_is_told_by_its_content_not_its_name(tmp_path: Path):
    docx_named_doc = CCHC_YEN_DONG.write(tmp_path).rename(tmp_path / "ke-hoach.doc")
    assert kind_of(docx_named_doc) == "docx"
    assert len(read_plan(docx_named_doc, fallback_year=2000).tasks) == len(CCHC_YEN_DONG.tasks)
    doc_named_docx = tmp_path / "ke-hoach-cu.docx"
    doc_named_docx.write_bytes(word97_doc())
    assert kind_of(doc_named_docx) == "doc"


def test_a_task_table_in_a_spreadsheet_imports(tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    sheet["A1"] = "KẾ HOẠCH TUYÊN TRUYỀN PHÁP LUẬT NĂM 2025"
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(
        ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm"]
    )
    sheet.append(
        [
            1,
            "Phát thanh Luật Đất đai",
            "Công chức Tư pháp - Hộ tịch",
            "Đài truyền thanh",
            "Quý II/2025",
            "Tin bài",
        ]
    )
    sheet.append([2, "Hội nghị tại thôn Đông", None, "Trưởng thôn", date(2025, 6, 30), "Hội nghị"])
    sheet.merge_cells("C4:C5")
    sheet.append(
        [3, "Báo cáo kết quả năm", "Văn phòng HĐND - UBND", None, "Trước 15/12/2025", "Báo cáo"]
    )
    path = tmp_path / "nhiem-vu.xlsx"
    book.save(path)
    plan = read_plan(path, fallback_year=2000)
    assert [(t.stt, t.task, t.lead, t.timeframe) for t in plan.tasks] == [
        ("1", "Phát thanh Luật Đất đai", "Công chức Tư pháp - Hộ tịch", "Quý II/2025"),
        ("2", "Hội nghị tại thôn Đông", "Công chức Tư pháp - Hộ tịch", "30/06/2025"),
        ("3", "Báo cáo kết quả năm", "Văn phòng HĐND - UBND", "Trước 15/12/2025"),
    ]
    assert plan.year == 2025
    assert plan.letterhead.title == "TUYÊN TRUYỀN PHÁP LUẬT NĂM 2025"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1258"])
def test_a_task_table_in_a_csv_imports_whatever_its_encoding(tmp_path: Path, encoding: str):
    text = (
        "TT;Nhiệm vụ;Chủ trì;Phối hợp;Thời hạn\n"
        "1;Niêm yết thủ tục hành chính;Bộ phận Một cửa;;Quý I/2026\n"
        '2;"Kiểm tra, giám sát";Văn phòng;Ban Thanh tra nhân dân;Quý III/2026\n'
    )
    path = tmp_path / "nhiem-vu.csv"
    path.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    plan = read_plan(path, fallback_year=2000)
    assert [(t.stt, t.task, t.partners, t.timeframe) for t in plan.tasks] == [
        ("1", "Niêm yết thủ tục hành chính", "", "Quý I/2026"),
        ("2", "Kiểm tra, giám sát", "Ban Thanh tra nhân dân", "Quý III/2026"),
    ]
    assert plan.year == 2026  # no title, no date: the year the timeframes name


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a tone is a combining mark after the
    letter ("ệ" is "ê" and a dot below)."""
    out = b""
    for ch in text:
        marks = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in marks if m in _TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in _TONES))
        out += (base + tone).encode("cp1258")
    return out


# --- what is no plan --------------------------------------------------------------------------


def test_a_password_protected_file_says_to_remove_the_password(tmp_path: Path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(encrypted_docx())
    message = _refused(path)
    assert "mật khẩu" in message and "password" in message


@pytest.mark.parametrize("make", [scanned_pdf, lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 64])
def test_a_scan_is_an_image_and_the_message_says_to_save_as_docx(tmp_path: Path, make):
    path = tmp_path / "ke-hoach-scan.pdf"
    path.write_bytes(make())
    message = _refused(path)
    assert "ảnh" in message and "is an image; save the plan as .docx" in message


def test_a_pdf_with_text_asks_for_the_word_file(tmp_path: Path):
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(text_pdf())
    message = _refused(path)
    assert ".docx" in message and "PDF" in message and "image" not in message


def test_a_damaged_docx_is_refused_with_a_message(tmp_path: Path):
    whole = CORPUS[1].write(tmp_path).read_bytes()
    cut = tmp_path / "hong.docx"
    cut.write_bytes(whole[: len(whole) // 2])
    assert "hỏng" in _refused(cut)
    not_word = tmp_path / "khac.docx"
    with zipfile.ZipFile(not_word, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert ".docx" in _refused(not_word)
    garbage = tmp_path / "rac.docx"
    garbage.write_bytes(b"\x00\x01 not a document")
    assert "not a .docx" in _refused(garbage)


def test_a_document_without_a_task_table_names_the_tables_it_saw(tmp_path: Path):
    doc = new_document()
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"],
        "Số: 15/BC-UBND",
        "An Bình, ngày 02 tháng 4 năm 2025",
    )
    title(doc, "Kết quả thực hiện chỉ tiêu kinh tế - xã hội quý I năm 2025", kind="BÁO CÁO")
    paragraphs(doc, "I. KẾT QUẢ THỰC HIỆN")
    task_table(
        doc,
        [
            ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2025", "Thực hiện quý I"],
            ["1", "Tổng giá trị sản xuất", "Tỷ đồng", "350", "82"],
        ],
    )
    signature(doc, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Lê Văn Tám")
    path = tmp_path / "bao-cao.docx"
    doc.save(str(path))
    message = _refused(path)
    assert "Không tìm thấy bảng nhiệm vụ" in message and "No task table" in message
    assert "Chỉ tiêu" in message  # the table it saw, so the officer knows what it looked at


def test_a_missing_file_is_named(tmp_path: Path):
    assert "khong-co.docx" in _refused(tmp_path / "khong-co.docx")
