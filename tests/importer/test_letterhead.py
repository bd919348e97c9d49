"""Letterheads as drafts and odd layouts write them; the plan year; the plan's name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sheets_sync.importer import read_plan
from sheets_sync.importer.blocks import Cell, Paragraph, Table
from sheets_sync.importer.letterhead import read_letterhead
from sheets_sync.importer.plan import plan_from_blocks

TASKS = Table(
    [
        [Cell("STT", 0, 0), Cell("Nội dung", 0, 1), Cell("Thời gian", 0, 2)],
        [Cell("1", 1, 0), Cell("Họp", 1, 1), Cell("Quý I/2025", 1, 2)],
        [Cell("2", 2, 0), Cell("Kiểm tra", 2, 1), Cell("Quý II/2025", 2, 2)],
    ],
    index=2,
)


def _head(*lines: str):
    return read_letterhead([Paragraph(line) for line in lines])


def test_a_draft_without_number_or_day_is_read_and_reported(tmp_path: Path):
    blocks = [
        Table(
            [
                [
                    Cell("ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nSố:      /KH-UBND", 0, 0),
                    Cell(
                        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n"
                        "An Bình, ngày      tháng 3 năm 2025",
                        0,
                        1,
                    ),
                ]
            ],
            index=1,
        ),
        Paragraph("KẾ HOẠCH"),
        Paragraph("Chuyển đổi số năm 2025"),
        Paragraph(""),
        TASKS,
        Paragraph("KT.CHỦ TỊCH"),
        Paragraph("PHÓ CHỦ TỊCH"),
        Paragraph("Trần Thị Lan"),
    ]
    plan = plan_from_blocks(tmp_path / "du-thao.docx", blocks, fallback_year=2000)
    head = plan.letterhead
    assert (head.name, head.number, head.issued, head.place) == ("XÃ AN BÌNH", "", None, "An Bình")
    assert (head.authority, head.signer_title, head.signer_name) == (
        ("KT.CHỦ TỊCH",),
        "PHÓ CHỦ TỊCH",
        "Trần Thị Lan",
    )
    assert plan.year == 2025
    assert [p.where for p in plan.problems] == ["đầu văn bản", "đầu văn bản"]
    assert "[plan] number" in plan.problems[0].what and "[plan] issued" in plan.problems[1].what


def test_a_date_broken_over_two_lines_is_read():
    head = _head(
        "ỦY BAN NHÂN DÂN",
        "TỈNH KON TUM",
        "Số: 1469/KH-UBND",
        "Kon Tum, ngày 17",
        "tháng 5 năm 2022",
    )
    assert (head.place, head.issued, head.level, head.locality) == (
        "Kon Tum",
        date(2022, 5, 17),
        "tỉnh",
        "Kon Tum",
    )


def test_the_plan_year_is_the_title_s_not_a_horizon_nor_the_signing_year(tmp_path: Path):
    horizon = _head("KẾ HOẠCH", "Chuyển đổi số giai đoạn 2021-2025, định hướng đến năm 2030")
    assert horizon.title.endswith("đến năm 2030") and horizon.year is None
    december = [
        Paragraph("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Paragraph("XÃ AN BÌNH"),
        Paragraph("Số: 90/KH-UBND\tAn Bình, ngày 26 tháng 12 năm 2024"),
        Paragraph("KẾ HOẠCH"),
        Paragraph("Công tác dân vận chính quyền"),
        Paragraph(""),
        TASKS,
    ]
    plan = plan_from_blocks(tmp_path / "p.docx", december, fallback_year=2000)
    assert plan.letterhead.issued == date(2024, 12, 26)
    assert plan.year == 2025  # what its timeframes name, the year after signing


def test_no_year_anywhere_takes_the_fallback_and_says_so(tmp_path: Path):
    table = Table(
        [
            [Cell("TT", 0, 0), Cell("Nhiệm vụ", 0, 1), Cell("Thời hạn", 0, 2)],
            [Cell("1", 1, 0), Cell("Họp", 1, 1), Cell("Thường xuyên", 1, 2)],
        ],
        index=1,
    )
    plan = plan_from_blocks(tmp_path / "p.csv", [table], fallback_year=2031)
    assert plan.year == 2031
    assert any("2031" in p.what and "[plan] year" in p.what for p in plan.problems)


def test_an_upper_case_title_becomes_a_name_in_sentence_case(tmp_path: Path):
    blocks = [
        Paragraph("ỦY BAN NHÂN DÂN"),
        Paragraph("XÃ GIA TÂN"),
        Paragraph("Số: 5/KH-UBND"),
        Paragraph("KẾ HOẠCH TUYÊN TRUYỀN CCHC VÀ PCCC XÃ GIA TÂN NĂM 2025"),
        Paragraph(""),
        TASKS,
    ]
    plan = plan_from_blocks(tmp_path / "p.docx", blocks, fallback_year=2000)
    assert plan.letterhead.title == "TUYÊN TRUYỀN CCHC VÀ PCCC XÃ GIA TÂN NĂM 2025"
    assert plan.name == "Kế hoạch tuyên truyền CCHC và PCCC xã Gia Tân năm 2025"


def test_a_title_starting_with_thuc_hien_is_kept_and_the_body_is_not_taken():
    head = _head(
        "KẾ HOẠCH",
        "Thực hiện công tác cải cách hành chính năm 2026",
        "Thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh, UBND xã ban hành kế hoạch như sau:",
    )
    assert head.title == "Thực hiện công tác cải cách hành chính năm 2026"
    assert head.year == 2026


def test_the_corpus_plans_read_their_signer_whatever_the_layout(tmp_path: Path):
    from tests.importer.plan_corpus import CORPUS

    layouts = {
        p.name: read_plan(p.write(tmp_path), fallback_year=2000).letterhead for p in CORPUS[:2]
    }
    assert [h.signer_name for h in layouts.values()] == ["Trần Văn Hùng", "Lê Thị Mai"]


def test_other_kinds_of_plan_and_a_date_in_figures():
    head = _head(
        "ĐẢNG BỘ XÃ AN BÌNH",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số: 07-CTr/ĐU",
        "An Bình, ngày 03/02/2025",
        "CHƯƠNG TRÌNH",
        "Công tác kiểm tra, giám sát năm 2025",
    )
    assert (head.name, head.number, head.place, head.issued) == (
        "ĐẢNG BỘ XÃ AN BÌNH",
        "07-CTr/ĐU",
        "An Bình",
        date(2025, 2, 3),
    )
    assert (head.kind, head.title, head.year) == (
        "Chương trình",
        "Công tác kiểm tra, giám sát năm 2025",
        2025,
    )
    assert head.abbreviation == "ĐU"


def test_a_letterhead_typed_with_spaces_instead_of_tabs():
    head = _head(
        "ỦY BAN NHÂN DÂN             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "XÃ HÒA AN                          Độc lập - Tự do - Hạnh phúc",
        "Số: 45 /KH-UBND              Hòa An, ngày 12 tháng 3 năm 2024",
    )
    assert (head.name, head.number, head.place, head.issued) == (
        "XÃ HÒA AN",
        "45/KH-UBND",
        "Hòa An",
        date(2024, 3, 12),
    )


def test_a_signature_typed_with_spaces_beside_noi_nhan():
    head = _head(
        "KẾ HOẠCH",
        "Thử năm 2025",
        "",
        "Nơi nhận:                                    TM. ỦY BAN NHÂN DÂN",
        "- Như trên;                                         CHỦ TỊCH",
        "- Lưu: VT.",
        "                                                    Đặng Văn Bình",
    )
    assert (head.authority, head.signer_title, head.signer_name) == (
        ("TM. ỦY BAN NHÂN DÂN",),
        "CHỦ TỊCH",
        "Đặng Văn Bình",
    )


def test_a_ward_whose_name_starts_with_an_is_not_a_phuong_an():
    """Without its marks "PHƯỜNG AN KHÁNH" reads as "PHƯƠNG ÁN KHÁNH": the ward's name is the
    issuing body, the kế hoạch below it the document."""
    head = _head(
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG AN KHÁNH",
        "Số: 58/KH-UBND",
        "An Khánh, ngày 14 tháng 02 năm 2026",
        "KẾ HOẠCH",
        "Công tác phòng cháy, chữa cháy năm 2026",
        "",
    )
    assert (head.parent, head.name, head.level, head.locality) == (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG AN KHÁNH",
        "phường",
        "An Khánh",
    )
    assert (head.kind, head.title) == ("Kế hoạch", "Công tác phòng cháy, chữa cháy năm 2026")
    assert _head("PHƯƠNG ÁN", "Ứng phó thiên tai năm 2026", "").kind == "Phương án"
