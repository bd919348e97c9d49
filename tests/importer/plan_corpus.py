"""Plan documents laid out as real communes and districts lay them out, each with what an
import must read from it.

Usage::

    for plan in CORPUS:
        path = plan.write(tmp_path)        # the .docx, made by python-docx
        plan.head, plan.tasks              # the letterhead and the tasks it must give

Every document has a letterhead, a title, body text, a signature and one or more task tables,
and differs from the others in topic, level (xã, phường, thị trấn, huyện, a commune of a
province after 1/7/2025), year (2023–2026) and in the structures of issue 13 it exercises
(``structures``). Expected tasks are written out by hand from the table as laid out, not
computed: STT as it must come out (unique), the group rows above it, the texts as printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docx.document import Document

from tests.importer.build import (
    LEFT,
    UP,
    letterhead,
    new_document,
    page_break,
    paragraphs,
    signature,
    task_table,
    title,
)


@dataclass(frozen=True)
class Head:
    parent: str
    name: str
    level: str
    locality: str
    number: str
    issued: date
    title: str
    authority: tuple[str, ...]
    signer_title: str
    signer_name: str


@dataclass(frozen=True)
class Want:
    stt: str
    task: str
    lead: str
    timeframe: str
    partners: str = ""
    product: str = ""
    group: str = ""
    note: str = ""


@dataclass(frozen=True)
class PlanDoc:
    name: str
    topic: str
    level: str
    year: int
    structures: tuple[str, ...]
    build: Callable[[Document], None]
    head: Head
    tasks: tuple[Want, ...]
    problems: tuple[str, ...] = ()  # words of each problem line the import must print
    ignored: tuple[str, ...] = ()  # columns the sheet does not keep
    units: dict[str, list[str]] = field(default_factory=dict)  # when checked

    def write(self, folder: Path) -> Path:
        doc = new_document()
        self.build(doc)
        path = folder / f"{self.name}.docx"
        doc.save(str(path))
        return path


def _body(doc: Document, commune: str, topic: str, year: int) -> None:
    paragraphs(
        doc,
        f"Thực hiện các văn bản chỉ đạo của cấp trên về {topic}; Ủy ban nhân dân {commune} "
        f"ban hành Kế hoạch {topic} năm {year}, cụ thể như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        f"Triển khai đồng bộ, hiệu quả các nhiệm vụ {topic} trên địa bàn; xác định rõ nhiệm "
        f"vụ, thời hạn và trách nhiệm của từng cơ quan, đơn vị.",
        "2. Yêu cầu",
        "Các nhiệm vụ phải cụ thể, có sản phẩm, bám sát thời gian; định kỳ hằng quý, 6 tháng, "
        "một năm báo cáo kết quả thực hiện.",
    )


def _closing(doc: Document, commune: str) -> None:
    paragraphs(
        doc,
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Các cơ quan, đơn vị căn cứ nhiệm vụ được giao chủ động xây dựng kế hoạch chi tiết "
        "và tổ chức thực hiện.",
        f"2. Định kỳ hằng quý báo cáo kết quả về Ủy ban nhân dân {commune} (qua Văn phòng) "
        f"để tổng hợp.",
        f"Trên đây là Kế hoạch của Ủy ban nhân dân {commune}. Đề nghị các cơ quan, đơn vị "
        f"nghiêm túc triển khai thực hiện./.",
    )


# --- 1. Cải cách hành chính, xã, 2025: roman group rows, numbering restarting per group -------


def _cchc_yen_dong(doc: Document) -> None:
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "XÃ YÊN ĐỒNG"],
        "Số: 45/KH-UBND",
        "Yên Đồng, ngày 12 tháng 3 năm 2025",
    )
    title(doc, "Cải cách hành chính năm 2025")
    _body(doc, "xã Yên Đồng", "cải cách hành chính", 2025)
    paragraphs(doc, "II. NHIỆM VỤ TRỌNG TÂM", "(Có Phụ lục nhiệm vụ kèm theo)")
    _closing(doc, "xã Yên Đồng")
    signature(
        doc,
        ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        "Trần Văn Hùng",
        recipients=["- UBND huyện Yên Lạc;", "- Phòng Nội vụ huyện;", "- Lưu: VT."],
    )
    page_break(doc)
    paragraphs(
        doc,
        "PHỤ LỤC",
        "CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025",
        "(Kèm theo Kế hoạch số 45/KH-UBND ngày 12/3/2025 của UBND xã Yên Đồng)",
    )
    task_table(
        doc,
        [
            [
                "STT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian hoàn thành",
                "Sản phẩm",
            ],
            ["I", "CẢI CÁCH THỂ CHẾ", "", "", "", ""],
            [
                "1",
                D1[0],
                "Công chức Tư pháp - Hộ tịch",
                "Các ban, ngành, đoàn thể xã",
                "Quý III/2025",
                "Báo cáo kết quả rà soát",
            ],
            [
                "2",
                D1[1],
                "Công chức Tư pháp - Hộ tịch",
                "Đài truyền thanh xã",
                "Thường xuyên",
                "Tin, bài tuyên truyền",
            ],
            ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", ""],
            [
                "1",
                D1[2],
                "Văn phòng HĐND - UBND",
                "Bộ phận Một cửa",
                "Quý I/2025",
                "Thủ tục hành chính được niêm yết",
            ],
            ["2", D1[3], "Bộ phận Một cửa", "Công chức chuyên môn", "Hằng tháng", "Báo cáo tháng"],
            [
                "3",
                D1[4],
                "Văn phòng HĐND - UBND",
                "Ban Công tác Mặt trận",
                "Trước ngày 30/11/2025",
                "Báo cáo kết quả khảo sát",
            ],
            ["III", "CẢI CÁCH TÀI CHÍNH CÔNG", "", "", "", ""],
            [
                "1",
                D1[5],
                "Công chức Kế toán - Ngân sách",
                "Văn phòng HĐND - UBND",
                "Theo quy định",
                "Niêm yết công khai",
            ],
            [
                "2",
                D1[6],
                "Công chức Văn phòng - Thống kê",
                "Các công chức chuyên môn",
                "Hằng quý, 6 tháng, năm",
                "Báo cáo định kỳ",
            ],
        ],
    )


D1 = (
    "Rà soát, kiến nghị sửa đổi văn bản quy phạm pháp luật không còn phù hợp",
    "Tổ chức tuyên truyền, phổ biến các văn bản pháp luật mới ban hành",
    "Niêm yết công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa",
    "Tiếp nhận, giải quyết hồ sơ đúng hạn; xin lỗi người dân khi hồ sơ quá hạn",
    "Khảo sát sự hài lòng của người dân, tổ chức",
    "Công khai dự toán và quyết toán ngân sách xã",
    "Báo cáo kết quả cải cách hành chính định kỳ",
)
G1 = ("I. CẢI CÁCH THỂ CHẾ", "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "III. CẢI CÁCH TÀI CHÍNH CÔNG")

CCHC_YEN_DONG = PlanDoc(
    "cchc-xa-yen-dong-2025",
    "cải cách hành chính",
    "xã",
    2025,
    (
        "letterhead in a borderless table",
        "signature TM./CHỦ TỊCH in a table",
        "appendix",
        "STT",
        "group rows numbered I, II in the STT column",
        "numbering restarting per group",
        "columns: Nhiệm vụ, Thời gian hoàn thành, Sản phẩm last",
    ),
    _cchc_yen_dong,
    Head(
        "ỦY BAN NHÂN DÂN",
        "XÃ YÊN ĐỒNG",
        "xã",
        "Yên Đồng",
        "45/KH-UBND",
        date(2025, 3, 12),
        "Cải cách hành chính năm 2025",
        ("TM. ỦY BAN NHÂN DÂN",),
        "CHỦ TỊCH",
        "Trần Văn Hùng",
    ),
    (
        Want(
            "I.1",
            D1[0],
            "Công chức Tư pháp - Hộ tịch",
            "Quý III/2025",
            "Các ban, ngành, đoàn thể xã",
            "Báo cáo kết quả rà soát",
            G1[0],
        ),
        Want(
            "I.2",
            D1[1],
            "Công chức Tư pháp - Hộ tịch",
            "Thường xuyên",
            "Đài truyền thanh xã",
            "Tin, bài tuyên truyền",
            G1[0],
        ),
        Want(
            "II.1",
            D1[2],
            "Văn phòng HĐND - UBND",
            "Quý I/2025",
            "Bộ phận Một cửa",
            "Thủ tục hành chính được niêm yết",
            G1[1],
        ),
        Want(
            "II.2",
            D1[3],
            "Bộ phận Một cửa",
            "Hằng tháng",
            "Công chức chuyên môn",
            "Báo cáo tháng",
            G1[1],
        ),
        Want(
            "II.3",
            D1[4],
            "Văn phòng HĐND - UBND",
            "Trước ngày 30/11/2025",
            "Ban Công tác Mặt trận",
            "Báo cáo kết quả khảo sát",
            G1[1],
        ),
        Want(
            "III.1",
            D1[5],
            "Công chức Kế toán - Ngân sách",
            "Theo quy định",
            "Văn phòng HĐND - UBND",
            "Niêm yết công khai",
            G1[2],
        ),
        Want(
            "III.2",
            D1[6],
            "Công chức Văn phòng - Thống kê",
            "Hằng quý, 6 tháng, năm",
            "Các công chức chuyên môn",
            "Báo cáo định kỳ",
            G1[2],
        ),
    ),
)


# --- 2. Chuyển đổi số, phường, 2024: table in the body, lead merged down, paragraphs in cells --


def _cds_dong_son(doc: Document) -> None:
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "PHƯỜNG ĐÔNG SƠN"],
        "Số: 28/KH-UBND",
        "Đông Sơn, ngày 05 tháng 02 năm 2024",
        layout="paragraphs",
    )
    title(doc, "Chuyển đổi số phường Đông Sơn năm 2024")
    _body(doc, "phường Đông Sơn", "chuyển đổi số", 2024)
    paragraphs(doc, "II. NHIỆM VỤ VÀ GIẢI PHÁP")
    task_table(
        doc,
        [
            ["TT", "Nội dung công việc", "Kết quả", "Thời hạn", "Đơn vị thực hiện", "Phối hợp"],
            ["1", D2[0], "Dữ liệu được cập nhật", "Hằng tháng", "Công an phường", "Các tổ dân phố"],
            [
                "2",
                D2[1],
                "Số tài khoản được kích hoạt",
                "Quý II/2024",
                "Tổ công nghệ số cộng đồng",
                "Đoàn Thanh niên phường",
            ],
            [
                "3",
                D2[2],
                "- Hồ sơ được số hóa\n- Báo cáo kết quả",
                "Trước ngày 30/6/2024",
                "Bộ phận Một cửa phường",
                "",
            ],
            ["", "", "", "", "", ""],
            [
                "4",
                D2[3],
                "Tin, bài",
                "Thường xuyên",
                "Văn phòng HĐND - UBND phường",
                "Hội Liên hiệp Phụ nữ phường\nĐoàn Thanh niên phường",
            ],
            ["5", D2[4], "Báo cáo rà soát", "Quý III/2024", UP, ""],
            ["6", D2[5], "Lớp tập huấn", "Tháng 9/2024", UP, "Trung tâm Chính trị thị xã"],
        ],
    )
    _closing(doc, "phường Đông Sơn")
    signature(doc, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Lê Thị Mai", layout="paragraphs")


D2 = (
    "Cập nhật dữ liệu dân cư lên hệ thống",
    "Hướng dẫn người dân cài đặt ứng dụng VNeID",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Tuyên truyền chuyển đổi số trên trang thông tin điện tử phường",
    "Rà soát hạ tầng mạng, thiết bị của cơ quan",
    "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức",
)
_VP_DS = "Văn phòng HĐND - UBND phường"

CDS_DONG_SON = PlanDoc(
    "cds-phuong-dong-son-2024",
    "chuyển đổi số",
    "phường",
    2024,
    (
        "letterhead in paragraphs with tabs",
        "signature KT. CHỦ TỊCH / PHÓ CHỦ TỊCH in paragraphs",
        "task table in the body",
        "TT",
        "columns in another order: Kết quả, Thời hạn, Đơn vị thực hiện, Phối hợp",
        "lead unit merged down over three tasks",
        "several paragraphs in a cell",
        "empty spacer row",
    ),
    _cds_dong_son,
    Head(
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG ĐÔNG SƠN",
        "phường",
        "Đông Sơn",
        "28/KH-UBND",
        date(2024, 2, 5),
        "Chuyển đổi số phường Đông Sơn năm 2024",
        ("KT. CHỦ TỊCH",),
        "PHÓ CHỦ TỊCH",
        "Lê Thị Mai",
    ),
    (
        Want("1", D2[0], "Công an phường", "Hằng tháng", "Các tổ dân phố", "Dữ liệu được cập nhật"),
        Want(
            "2",
            D2[1],
            "Tổ công nghệ số cộng đồng",
            "Quý II/2024",
            "Đoàn Thanh niên phường",
            "Số tài khoản được kích hoạt",
        ),
        Want(
            "3",
            D2[2],
            "Bộ phận Một cửa phường",
            "Trước ngày 30/6/2024",
            "",
            "- Hồ sơ được số hóa\n- Báo cáo kết quả",
        ),
        Want(
            "4",
            D2[3],
            _VP_DS,
            "Thường xuyên",
            "Hội Liên hiệp Phụ nữ phường\nĐoàn Thanh niên phường",
            "Tin, bài",
        ),
        Want("5", D2[4], _VP_DS, "Quý III/2024", "", "Báo cáo rà soát"),
        Want("6", D2[5], _VP_DS, "Tháng 9/2024", "Trung tâm Chính trị thị xã", "Lớp tập huấn"),
    ),
    units={
        "Công an phường": [],
        "Tổ công nghệ số cộng đồng": [],
        "Bộ phận Một cửa phường": [],
        _VP_DS: [],
        "Các tổ dân phố": [],
        "Đoàn Thanh niên phường": [],
        "Hội Liên hiệp Phụ nữ phường": [],
        "Trung tâm Chính trị thị xã": [],
    },
)


# --- 3. Phòng cháy chữa cháy, thị trấn, 2023: title rows inside the table, column numbers,
#        Ghi chú, a total row and a footnote -----------------------------------------------------


def _pccc_phu_thai(doc: Document) -> None:
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "THỊ TRẤN PHÚ THÁI"],
        "Số: 17/KH-UBND",
        "Phú Thái, ngày 20 tháng 01 năm 2023",
    )
    title(doc, "Công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ năm 2023")
    _body(doc, "thị trấn Phú Thái", "phòng cháy, chữa cháy", 2023)
    _closing(doc, "thị trấn Phú Thái")
    signature(doc, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Vũ Đình Khang")
    page_break(doc)
    span = [LEFT] * 5
    task_table(
        doc,
        [
            ["PHỤ LỤC NHIỆM VỤ PHÒNG CHÁY, CHỮA CHÁY NĂM 2023", *span],
            ["(Kèm theo Kế hoạch số 17/KH-UBND ngày 20/01/2023 của UBND thị trấn Phú Thái)", *span],
            ["STT", "Nội dung", "Đơn vị thực hiện", "Phối hợp", "Thời gian thực hiện", "Ghi chú"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["1", D3[0], "Công an thị trấn", "Các khu dân cư", "Quý I/2023", ""],
            ["2", D3[1], "Đài truyền thanh thị trấn", "Công an thị trấn", "Mỗi tháng 02 kỳ", ""],
            [
                "3",
                D3[2],
                "Công an thị trấn",
                "Đội quản lý trật tự đô thị",
                "6 tháng đầu năm",
                "Có biên bản kiểm tra",
            ],
            [
                "4",
                D3[3],
                "Công an thị trấn",
                "Đội dân phòng; Trường THCS Phú Thái",
                "Tháng 10/2023",
                "",
            ],
            ["5", D3[4], "Văn phòng HĐND - UBND thị trấn", "Công an thị trấn", "Tháng 12/2023", ""],
            ["Tổng cộng: 05 nhiệm vụ", *span],
            [
                "(*) Các đơn vị báo cáo kết quả về Công an thị trấn trước ngày 20 tháng cuối quý.",
                *span,
            ],
        ],
        header_rows=3,
    )


D3 = (
    "Kiện toàn Đội dân phòng các khu dân cư",
    "Tuyên truyền kiến thức phòng cháy, chữa cháy trên hệ thống truyền thanh",
    "Kiểm tra an toàn phòng cháy tại các cơ sở kinh doanh",
    "Tổ chức diễn tập phương án chữa cháy và cứu nạn, cứu hộ",
    "Sơ kết, tổng kết công tác phòng cháy, chữa cháy",
)

PCCC_PHU_THAI = PlanDoc(
    "pccc-thi-tran-phu-thai-2023",
    "phòng cháy chữa cháy",
    "thị trấn",
    2023,
    (
        "title rows inside the table above the header",
        "column-number row (1)…(6)",
        "Nội dung, Đơn vị thực hiện, Phối hợp, Thời gian thực hiện, Ghi chú",
        "total row across the table",
        "footnote row across the table",
    ),
    _pccc_phu_thai,
    Head(
        "ỦY BAN NHÂN DÂN",
        "THỊ TRẤN PHÚ THÁI",
        "thị trấn",
        "Phú Thái",
        "17/KH-UBND",
        date(2023, 1, 20),
        "Công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ năm 2023",
        ("TM. ỦY BAN NHÂN DÂN",),
        "CHỦ TỊCH",
        "Vũ Đình Khang",
    ),
    (
        Want("1", D3[0], "Công an thị trấn", "Quý I/2023", "Các khu dân cư"),
        Want("2", D3[1], "Đài truyền thanh thị trấn", "Mỗi tháng 02 kỳ", "Công an thị trấn"),
        Want(
            "3",
            D3[2],
            "Công an thị trấn",
            "6 tháng đầu năm",
            "Đội quản lý trật tự đô thị",
            note="Có biên bản kiểm tra",
        ),
        Want(
            "4", D3[3], "Công an thị trấn", "Tháng 10/2023", "Đội dân phòng; Trường THCS Phú Thái"
        ),
        Want("5", D3[4], "Văn phòng HĐND - UBND thị trấn", "Tháng 12/2023", "Công an thị trấn"),
    ),
    ignored=("Ghi chú",),  # the plan's notes: the sheet has no column for them
)


# --- 4. Đề án 06, huyện, 2024: split over two tables with the header repeated, and the header
#        typed again inside the first -----------------------------------------------------------


def _de_an_06_tu_ky(doc: Document) -> None:
    letterhead(
        doc, ["ỦY BAN NHÂN DÂN", "HUYỆN TỨ KỲ"], "Số: 86/KH-UBND", "Tứ Kỳ, ngày 08 tháng 3 năm 2024"
    )
    title(doc, "Triển khai thực hiện Đề án 06 trên địa bàn huyện năm 2024")
    _body(doc, "huyện Tứ Kỳ", "triển khai Đề án 06", 2024)
    _closing(doc, "huyện Tứ Kỳ")
    signature(doc, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Phạm Quang Huy")
    page_break(doc)
    paragraphs(doc, "PHỤ LỤC", "NHIỆM VỤ TRIỂN KHAI ĐỀ ÁN 06 NĂM 2024")
    header = ["STT", "Nội dung nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn hoàn thành", "Sản phẩm"]
    task_table(
        doc,
        [
            header,
            [
                "1",
                D4[0],
                "Công an huyện",
                "UBND các xã, thị trấn",
                "Quý I/2024",
                "Dữ liệu đúng, đủ, sạch, sống",
            ],
            [
                "2",
                D4[1],
                "Văn phòng HĐND và UBND huyện",
                "Phòng Tư pháp; Phòng Lao động - Thương binh và Xã hội",
                "Tháng 6/2024",
                "Hồ sơ trực tuyến",
            ],
            header,
            [
                "3",
                D4[2],
                "Phòng Văn hóa và Thông tin",
                "Trung tâm Văn hóa - Thông tin và Thể thao huyện",
                "Thường xuyên",
                "Tin, bài, phóng sự",
            ],
            [
                "4",
                D4[3],
                "Phòng Lao động - Thương binh và Xã hội",
                "Bảo hiểm xã hội huyện, UBND các xã, thị trấn",
                "Hằng tháng",
                "Báo cáo kết quả chi trả",
            ],
        ],
    )
    page_break(doc)
    task_table(
        doc,
        [
            header,
            [
                "5",
                D4[4],
                "Phòng Văn hóa và Thông tin",
                "Công an huyện",
                "Trong năm 2024",
                "Hệ thống an toàn",
            ],
            ["6", D4[5], "Công an huyện", "Các cơ quan, đơn vị", "Tháng 7/2024", "Báo cáo sơ kết"],
            [
                "7",
                D4[6],
                "Công an huyện",
                "Các cơ quan, đơn vị",
                "Trước ngày 15/12/2024",
                "Báo cáo tổng kết",
            ],
        ],
    )


D4 = (
    "Rà soát, làm sạch dữ liệu dân cư trên địa bàn huyện",
    "Triển khai dịch vụ công trực tuyến thiết yếu theo Đề án 06",
    "Tuyên truyền về lợi ích của định danh điện tử\n(trên Cổng thông tin điện tử huyện và mạng xã "
    "hội)",
    "Chi trả an sinh xã hội không dùng tiền mặt",
    "Bảo đảm an toàn, an ninh mạng cho các hệ thống thông tin",
    "Sơ kết 6 tháng thực hiện Đề án 06",
    "Tổng kết năm thực hiện Đề án 06",
)

DE_AN_06_TU_KY = PlanDoc(
    "de-an-06-huyen-tu-ky-2024",
    "Đề án 06",
    "huyện",
    2024,
    (
        "district letterhead (ỦY BAN NHÂN DÂN / HUYỆN …)",
        "signature KT. CHỦ TỊCH in a table",
        "table split over two tables, header repeated on the new page",
        "header row typed again inside the table",
        "several paragraphs in the task cell",
        "Nội dung nhiệm vụ, Chủ trì, Phối hợp, Thời hạn hoàn thành",
    ),
    _de_an_06_tu_ky,
    Head(
        "ỦY BAN NHÂN DÂN",
        "HUYỆN TỨ KỲ",
        "huyện",
        "Tứ Kỳ",
        "86/KH-UBND",
        date(2024, 3, 8),
        "Triển khai thực hiện Đề án 06 trên địa bàn huyện năm 2024",
        ("KT. CHỦ TỊCH",),
        "PHÓ CHỦ TỊCH",
        "Phạm Quang Huy",
    ),
    (
        Want(
            "1",
            D4[0],
            "Công an huyện",
            "Quý I/2024",
            "UBND các xã, thị trấn",
            "Dữ liệu đúng, đủ, sạch, sống",
        ),
        Want(
            "2",
            D4[1],
            "Văn phòng HĐND và UBND huyện",
            "Tháng 6/2024",
            "Phòng Tư pháp; Phòng Lao động - Thương binh và Xã hội",
            "Hồ sơ trực tuyến",
        ),
        Want(
            "3",
            D4[2],
            "Phòng Văn hóa và Thông tin",
            "Thường xuyên",
            "Trung tâm Văn hóa - Thông tin và Thể thao huyện",
            "Tin, bài, phóng sự",
        ),
        Want(
            "4",
            D4[3],
            "Phòng Lao động - Thương binh và Xã hội",
            "Hằng tháng",
            "Bảo hiểm xã hội huyện, UBND các xã, thị trấn",
            "Báo cáo kết quả chi trả",
        ),
        Want(
            "5",
            D4[4],
            "Phòng Văn hóa và Thông tin",
            "Trong năm 2024",
            "Công an huyện",
            "Hệ thống an toàn",
        ),
        Want("6", D4[5], "Công an huyện", "Tháng 7/2024", "Các cơ quan, đơn vị", "Báo cáo sơ kết"),
        Want(
            "7",
            D4[6],
            "Công an huyện",
            "Trước ngày 15/12/2024",
            "Các cơ quan, đơn vị",
            "Báo cáo tổng kết",
        ),
    ),
)


# --- 5. Kiểm soát TTHC, xã of a province after 1/7/2025, 2026: letterhead in text boxes,
#        nested numbering 1 / 1.1 / 1.2 under headings, Ghi chú ----------------------------------


def _ksthc_tien_hoa(doc: Document) -> None:
    letterhead(
        doc,
        ["TỈNH HƯNG YÊN", "ỦY BAN NHÂN DÂN XÃ TIÊN HOA"],
        "Số: 12/KH-UBND",
        "Tiên Hoa, ngày 15 tháng 01 năm 2026",
        layout="textboxes",
    )
    title(
        doc,
        "Kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa,",
        "một cửa liên thông năm 2026",
    )
    _body(doc, "xã Tiên Hoa", "kiểm soát thủ tục hành chính", 2026)
    paragraphs(doc, "II. NHIỆM VỤ CỤ THỂ")
    task_table(
        doc,
        [
            [
                "STT",
                "Nội dung",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian thực hiện",
                "Ghi chú",
            ],
            ["1", "Rà soát, đơn giản hóa thủ tục hành chính", "", "", "", ""],
            [
                "1.1",
                D5[0],
                "Văn phòng HĐND và UBND xã",
                "Các công chức chuyên môn",
                "Quý II/2026",
                "",
            ],
            [
                "1.2",
                D5[1],
                "Văn phòng HĐND và UBND xã",
                "",
                "Quý III/2026",
                "Gửi Văn phòng UBND tỉnh",
            ],
            ["2", "Công khai thủ tục hành chính", "", "", "", ""],
            ["2.1", D5[2], "Trung tâm Phục vụ hành chính công xã", "", "Thường xuyên", ""],
            [
                "2.2",
                D5[3],
                "Trung tâm Phục vụ hành chính công xã",
                "Văn phòng HĐND và UBND xã",
                "Trong vòng 05 ngày làm việc kể từ khi có quyết định công bố",
                "",
            ],
            [
                "3",
                D5[4],
                "Văn phòng HĐND và UBND xã",
                "Trung tâm Phục vụ hành chính công xã",
                "Định kỳ hằng quý, trước ngày 15 của tháng cuối quý",
                "Theo Thông tư 01/2020/TT-VPCP",
            ],
        ],
    )
    _closing(doc, "xã Tiên Hoa")
    signature(doc, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Đỗ Minh Tuấn")


D5 = (
    "Rà soát thủ tục hành chính thuộc thẩm quyền giải quyết của xã",
    "Đề xuất phương án đơn giản hóa thủ tục hành chính",
    "Niêm yết công khai thủ tục hành chính tại Trung tâm Phục vụ hành chính công xã",
    "Cập nhật thủ tục hành chính trên Cổng dịch vụ công quốc gia",
    "Báo cáo tình hình, kết quả kiểm soát thủ tục hành chính",
)
G5 = ("1. Rà soát, đơn giản hóa thủ tục hành chính", "2. Công khai thủ tục hành chính")
_VP_TH = "Văn phòng HĐND và UBND xã"
_TT_TH = "Trung tâm Phục vụ hành chính công xã"

KSTTHC_TIEN_HOA = PlanDoc(
    "kstthc-xa-tien-hoa-2026",
    "kiểm soát thủ tục hành chính",
    "xã (tỉnh, sau 1/7/2025)",
    2026,
    (
        "letterhead TỈNH … / ỦY BAN NHÂN DÂN XÃ … in text boxes with their VML copies",
        "title over two lines",
        "heading rows 1, 2 over tasks 1.1, 1.2, 2.1, 2.2",
        "a task 3 after the headings",
        "Ghi chú column",
    ),
    _ksthc_tien_hoa,
    Head(
        "TỈNH HƯNG YÊN",
        "ỦY BAN NHÂN DÂN XÃ TIÊN HOA",
        "xã",
        "Tiên Hoa",
        "12/KH-UBND",
        date(2026, 1, 15),
        "Kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông năm 2026",
        ("TM. ỦY BAN NHÂN DÂN",),
        "CHỦ TỊCH",
        "Đỗ Minh Tuấn",
    ),
    (
        Want("1.1", D5[0], _VP_TH, "Quý II/2026", "Các công chức chuyên môn", group=G5[0]),
        Want("1.2", D5[1], _VP_TH, "Quý III/2026", group=G5[0], note="Gửi Văn phòng UBND tỉnh"),
        Want("2.1", D5[2], _TT_TH, "Thường xuyên", group=G5[1]),
        Want(
            "2.2",
            D5[3],
            _TT_TH,
            "Trong vòng 05 ngày làm việc kể từ khi có quyết định công bố",
            _VP_TH,
            group=G5[1],
        ),
        Want(
            "3",
            D5[4],
            _VP_TH,
            "Định kỳ hằng quý, trước ngày 15 của tháng cuối quý",
            _TT_TH,
            note="Theo Thông tư 01/2020/TT-VPCP",
        ),
    ),
    ignored=("Ghi chú",),  # the plan's notes: the sheet has no column for them
)


# --- 6. Phổ biến giáo dục pháp luật, xã, 2024: a, b, c under headings 1 and 2, spacers --------


def _pbgdpl_quang_phuc(doc: Document) -> None:
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "XÃ QUANG PHỤC"],
        "Số: 09/KH-UBND",
        "Quang Phục, ngày 25 tháng 01 năm 2024",
    )
    title(doc, "Công tác phổ biến, giáo dục pháp luật năm 2024")
    _body(doc, "xã Quang Phục", "phổ biến, giáo dục pháp luật", 2024)
    _closing(doc, "xã Quang Phục")
    signature(doc, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Thị Hoa")
    page_break(doc)
    paragraphs(doc, "PHỤ LỤC", "DANH MỤC NHIỆM VỤ PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT NĂM 2024")
    tp = "Công chức Tư pháp - Hộ tịch"
    task_table(
        doc,
        [
            ["STT", "Tên nhiệm vụ", "Hình thức", "Chủ trì", "Phối hợp", "Thời gian"],
            ["1", "Tuyên truyền pháp luật trên hệ thống truyền thanh", "", "", "", ""],
            ["a", D6[0], "Phát thanh", tp, "Đài truyền thanh xã", "Quý II/2024"],
            ["b", D6[1], "Phát thanh", tp, "Hội Liên hiệp Phụ nữ xã", "Quý III/2024"],
            ["", "", "", "", "", ""],
            ["2", "Tổ chức hội nghị tuyên truyền pháp luật tại các thôn", "", "", "", ""],
            ["a", "Thôn Phú Khê", "Hội nghị", tp, "Trưởng thôn Phú Khê", "Tháng 4/2024"],
            ["b", "Thôn Lê Xá", "Hội nghị", tp, "Trưởng thôn Lê Xá", "Tháng 5/2024"],
            ["c", "Thôn An Dật", "Hội nghị", tp, "Trưởng thôn An Dật", "Tháng 6/2024"],
            ["3", D6[2], "Tọa đàm, tin bài", tp, "Các ban, ngành, đoàn thể xã", "Tháng 11/2024"],
            ["", "", "", "", "", ""],
        ],
    )


D6 = (
    "Luật Đất đai năm 2024 và các văn bản hướng dẫn",
    "Luật Phòng, chống bạo lực gia đình",
    "Hưởng ứng Ngày Pháp luật Việt Nam 09/11",
)
G6 = (
    "1. Tuyên truyền pháp luật trên hệ thống truyền thanh",
    "2. Tổ chức hội nghị tuyên truyền pháp luật tại các thôn",
)
_TP = "Công chức Tư pháp - Hộ tịch"

PBGDPL_QUANG_PHUC = PlanDoc(
    "pbgdpl-xa-quang-phuc-2024",
    "phổ biến giáo dục pháp luật",
    "xã",
    2024,
    (
        "sub-numbering a, b, c under headings 1 and 2",
        "Tên nhiệm vụ, Hình thức, Chủ trì, Thời gian",
        "empty spacer rows, one at the end",
    ),
    _pbgdpl_quang_phuc,
    Head(
        "ỦY BAN NHÂN DÂN",
        "XÃ QUANG PHỤC",
        "xã",
        "Quang Phục",
        "09/KH-UBND",
        date(2024, 1, 25),
        "Công tác phổ biến, giáo dục pháp luật năm 2024",
        ("TM. ỦY BAN NHÂN DÂN",),
        "CHỦ TỊCH",
        "Nguyễn Thị Hoa",
    ),
    (
        Want("1.a", D6[0], _TP, "Quý II/2024", "Đài truyền thanh xã", "Phát thanh", G6[0]),
        Want("1.b", D6[1], _TP, "Quý III/2024", "Hội Liên hiệp Phụ nữ xã", "Phát thanh", G6[0]),
        Want("2.a", "Thôn Phú Khê", _TP, "Tháng 4/2024", "Trưởng thôn Phú Khê", "Hội nghị", G6[1]),
        Want("2.b", "Thôn Lê Xá", _TP, "Tháng 5/2024", "Trưởng thôn Lê Xá", "Hội nghị", G6[1]),
        Want("2.c", "Thôn An Dật", _TP, "Tháng 6/2024", "Trưởng thôn An Dật", "Hội nghị", G6[1]),
        Want("3", D6[2], _TP, "Tháng 11/2024", "Các ban, ngành, đoàn thể xã", "Tọa đàm, tin bài"),
    ),
)


# --- 7. Tuyên truyền CCHC, huyện, 2025: two appendices, two tables numbered from 1 -----------


def _cchc_thanh_ha(doc: Document) -> None:
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "HUYỆN THANH HÀ"],
        "Số: 35/KH-UBND",
        "Thanh Hà, ngày 03 tháng 02 năm 2025",
    )
    title(doc, "Tuyên truyền cải cách hành chính năm 2025")
    _body(doc, "huyện Thanh Hà", "tuyên truyền cải cách hành chính", 2025)
    _closing(doc, "huyện Thanh Hà")
    signature(doc, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Bùi Văn Thành", layout="paragraphs")
    page_break(doc)
    reference = "(Kèm theo Kế hoạch số 35/KH-UBND ngày 03/02/2025 của UBND huyện Thanh Hà)"
    paragraphs(doc, "PHỤ LỤC I", "NHIỆM VỤ TRỌNG TÂM", reference)
    task_table(
        doc,
        [
            ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"],
            ["1", D7[0], "Văn phòng HĐND và UBND huyện", "Phòng Nội vụ", "Quý I/2025"],
            ["2", D7[1], "Phòng Nội vụ", "Huyện đoàn; Phòng Giáo dục và Đào tạo", "Quý III/2025"],
            [
                "3",
                D7[2],
                "Phòng Nội vụ",
                "Trung tâm Văn hóa - Thông tin và Thể thao huyện",
                "Sau khi tỉnh công bố",
            ],
        ],
    )
    page_break(doc)
    paragraphs(doc, "PHỤ LỤC II", "NHIỆM VỤ CỦA CÁC XÃ, THỊ TRẤN", reference)
    task_table(
        doc,
        [
            ["TT", "Nội dung", "Thời gian hoàn thành", "Đơn vị thực hiện"],
            ["1", D7[3], "Thường xuyên", "UBND các xã, thị trấn"],
            ["2", D7[4], "Mỗi tháng 01 kỳ", "UBND các xã, thị trấn"],
        ],
    )


D7 = (
    "Xây dựng chuyên mục cải cách hành chính trên Cổng thông tin điện tử huyện",
    "Tổ chức Hội thi tìm hiểu cải cách hành chính",
    "Tuyên truyền chỉ số PAR Index, SIPAS của tỉnh",
    "Niêm yết thủ tục hành chính tại Bộ phận Một cửa cấp xã",
    "Phát thanh chuyên mục cải cách hành chính",
)
G7 = ("PHỤ LỤC I NHIỆM VỤ TRỌNG TÂM", "PHỤ LỤC II NHIỆM VỤ CỦA CÁC XÃ, THỊ TRẤN")

CCHC_THANH_HA = PlanDoc(
    "tuyen-truyen-cchc-huyen-thanh-ha-2025",
    "tuyên truyền cải cách hành chính",
    "huyện",
    2025,
    (
        "two appendices, each a task table numbered from 1",
        "second table: TT, Nội dung, Thời "
        "gian hoàn thành, Đơn vị thực hiện (no coordinating column)",
        "signature in paragraphs",
    ),
    _cchc_thanh_ha,
    Head(
        "ỦY BAN NHÂN DÂN",
        "HUYỆN THANH HÀ",
        "huyện",
        "Thanh Hà",
        "35/KH-UBND",
        date(2025, 2, 3),
        "Tuyên truyền cải cách hành chính năm 2025",
        ("TM. ỦY BAN NHÂN DÂN",),
        "CHỦ TỊCH",
        "Bùi Văn Thành",
    ),
    (
        Want(
            "PLI.1",
            D7[0],
            "Văn phòng HĐND và UBND huyện",
            "Quý I/2025",
            "Phòng Nội vụ",
            group=G7[0],
        ),
        Want(
            "PLI.2",
            D7[1],
            "Phòng Nội vụ",
            "Quý III/2025",
            "Huyện đoàn; Phòng Giáo dục và Đào tạo",
            group=G7[0],
        ),
        Want(
            "PLI.3",
            D7[2],
            "Phòng Nội vụ",
            "Sau khi tỉnh công bố",
            "Trung tâm Văn hóa - Thông tin và Thể thao huyện",
            group=G7[0],
        ),
        Want("PLII.1", D7[3], "UBND các xã, thị trấn", "Thường xuyên", group=G7[1]),
        Want("PLII.2", D7[4], "UBND các xã, thị trấn", "Mỗi tháng 01 kỳ", group=G7[1]),
    ),
)


# --- 8. Dân vận chính quyền, xã, 2026: group rows across the table, A. over I. ---------------


def _dan_van_hong_phong(doc: Document) -> None:
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "XÃ HỒNG PHONG"],
        "Số: 21/KH-UBND",
        "Hồng Phong, ngày 10 tháng 02 năm 2026",
        layout="paragraphs",
    )
    title(doc, "Thực hiện công tác dân vận chính quyền năm 2026")
    _body(doc, "xã Hồng Phong", "công tác dân vận chính quyền", 2026)
    _closing(doc, "xã Hồng Phong")
    signature(doc, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Hoàng Văn Nam")
    page_break(doc)
    paragraphs(doc, "PHỤ LỤC", "NHIỆM VỤ CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM 2026")
    span = [LEFT] * 4
    vp, mt, ct = "Văn phòng HĐND - UBND", "Ủy ban MTTQ Việt Nam xã", "Chủ tịch UBND xã"
    task_table(
        doc,
        [
            ["STT", "Nội dung công việc", "Chủ trì", "Phối hợp", "Thời gian thực hiện"],
            ["A. NHIỆM VỤ CHUNG", *span],
            ["I. Công tác lãnh đạo, chỉ đạo", *span],
            ["1", D8[0], vp, "Ban Dân vận Đảng ủy", "Quý I/2026"],
            ["2", D8[1], vp, mt, "Tháng 3/2026"],
            ["II. Công tác kiểm tra, giám sát", *span],
            ["1", D8[2], vp, mt, "Quý III/2026"],
            ["B. NHIỆM VỤ CỤ THỂ", *span],
            ["I. Dân vận trong cải cách hành chính", *span],
            ["1", D8[3], ct, "Công chức Tư pháp - Hộ tịch", "Hằng tháng"],
            ["2", D8[4], ct, mt, "6 tháng cuối năm"],
        ],
    )


D8 = (
    "Quán triệt các văn bản về công tác dân vận",
    "Xây dựng kế hoạch thực hiện Quy chế dân chủ ở cơ sở",
    "Kiểm tra việc thực hiện Quy chế dân chủ tại các thôn",
    "Tiếp công dân định kỳ của Chủ tịch UBND xã",
    "Đối thoại với Nhân dân về giải quyết thủ tục hành chính",
)
G8 = (
    "A. NHIỆM VỤ CHUNG / I. Công tác lãnh đạo, chỉ đạo",
    "A. NHIỆM VỤ CHUNG / II. Công tác kiểm tra, giám sát",
    "B. NHIỆM VỤ CỤ THỂ / I. Dân vận trong cải cách hành chính",
)
_MT = "Ủy ban MTTQ Việt Nam xã"

DAN_VAN_HONG_PHONG = PlanDoc(
    "dan-van-xa-hong-phong-2026",
    "dân vận chính quyền",
    "xã",
    2026,
    (
        "group rows merged across the table",
        "groups A. over I.",
        "numbers repeating across nested groups (A.I.1, B.I.1)",
        "letterhead in paragraphs",
    ),
    _dan_van_hong_phong,
    Head(
        "ỦY BAN NHÂN DÂN",
        "XÃ HỒNG PHONG",
        "xã",
        "Hồng Phong",
        "21/KH-UBND",
        date(2026, 2, 10),
        "Thực hiện công tác dân vận chính quyền năm 2026",
        ("TM. ỦY BAN NHÂN DÂN",),
        "CHỦ TỊCH",
        "Hoàng Văn Nam",
    ),
    (
        Want(
            "A.I.1",
            D8[0],
            "Văn phòng HĐND - UBND",
            "Quý I/2026",
            "Ban Dân vận Đảng ủy",
            group=G8[0],
        ),
        Want("A.I.2", D8[1], "Văn phòng HĐND - UBND", "Tháng 3/2026", _MT, group=G8[0]),
        Want("A.II.1", D8[2], "Văn phòng HĐND - UBND", "Quý III/2026", _MT, group=G8[1]),
        Want(
            "B.I.1",
            D8[3],
            "Chủ tịch UBND xã",
            "Hằng tháng",
            "Công chức Tư pháp - Hộ tịch",
            group=G8[2],
        ),
        Want("B.I.2", D8[4], "Chủ tịch UBND xã", "6 tháng cuối năm", _MT, group=G8[2]),
    ),
)


# --- 9. Nông thôn mới, xã, 2023: a table continued on the next page without its header, the
#        row cut by the page break -------------------------------------------------------------


def _ntm_thanh_xuan(doc: Document) -> None:
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "XÃ THANH XUÂN"],
        "Số: 40/KH-UBND",
        "Thanh Xuân, ngày 06 tháng 3 năm 2023",
    )
    title(doc, "Xây dựng xã nông thôn mới nâng cao năm 2023")
    _body(doc, "xã Thanh Xuân", "xây dựng nông thôn mới nâng cao", 2023)
    _closing(doc, "xã Thanh Xuân")
    signature(doc, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Đinh Văn Lực")
    page_break(doc)
    paragraphs(doc, "PHỤ LỤC", "NHIỆM VỤ XÂY DỰNG NÔNG THÔN MỚI NÂNG CAO NĂM 2023")
    dc = "Công chức Địa chính - Xây dựng"
    task_table(
        doc,
        [
            ["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"],
            ["1", D9[0], "Ban Chỉ đạo xây dựng nông thôn mới xã", "Các thôn", "Quý I/2023"],
            [
                "2",
                D9[1],
                "Công chức Văn hóa - Xã hội",
                "Ban Công tác Mặt trận các thôn",
                "Thường xuyên",
            ],
            [
                "3",
                "Nâng cấp, cải tạo hệ thống đường giao thông nội đồng",
                dc,
                "Hợp tác xã nông nghiệp,",
                "Quý II/2023",
            ],
        ],
    )
    page_break(doc)
    paragraphs(doc, "(tiếp theo)")
    task_table(
        doc,
        [
            ["", "tại các thôn Đông, Đoài", "", "Ban Phát triển các thôn", ""],
            ["4", D9[3], "Ban Chỉ đạo xây dựng nông thôn mới xã", "Các thôn", "Trong năm 2023"],
            [
                "5",
                D9[4],
                "Công chức Văn phòng - Thống kê",
                "Các thành viên Ban Chỉ đạo",
                "Tháng 11/2023",
            ],
        ],
        header_rows=0,
        repeat_header=False,
    )


D9 = (
    "Rà soát, đánh giá hiện trạng các tiêu chí nông thôn mới nâng cao",
    "Vận động Nhân dân xây dựng khu dân cư xanh, sạch, đẹp",
    "Nâng cấp, cải tạo hệ thống đường giao thông nội đồng tại các thôn Đông, Đoài",
    "Xây dựng mô hình thôn kiểu mẫu",
    "Đánh giá, chấm điểm các tiêu chí nông thôn mới nâng cao",
)

NTM_THANH_XUAN = PlanDoc(
    "nong-thon-moi-xa-thanh-xuan-2023",
    "xây dựng nông thôn mới",
    "xã",
    2023,
    (
        "table continued after a page break without its header, '(tiếp theo)' between",
        "a task row cut by the page break (its end in the continued table, without a number)",
        "TT, Nội dung",
    ),
    _ntm_thanh_xuan,
    Head(
        "ỦY BAN NHÂN DÂN",
        "XÃ THANH XUÂN",
        "xã",
        "Thanh Xuân",
        "40/KH-UBND",
        date(2023, 3, 6),
        "Xây dựng xã nông thôn mới nâng cao năm 2023",
        ("KT. CHỦ TỊCH",),
        "PHÓ CHỦ TỊCH",
        "Đinh Văn Lực",
    ),
    (
        Want("1", D9[0], "Ban Chỉ đạo xây dựng nông thôn mới xã", "Quý I/2023", "Các thôn"),
        Want(
            "2",
            D9[1],
            "Công chức Văn hóa - Xã hội",
            "Thường xuyên",
            "Ban Công tác Mặt trận các thôn",
        ),
        Want(
            "3",
            D9[2],
            "Công chức Địa chính - Xây dựng",
            "Quý II/2023",
            "Hợp tác xã nông nghiệp, Ban Phát triển các thôn",
        ),
        Want("4", D9[3], "Ban Chỉ đạo xây dựng nông thôn mới xã", "Trong năm 2023", "Các thôn"),
        Want(
            "5",
            D9[4],
            "Công chức Văn phòng - Thống kê",
            "Tháng 11/2023",
            "Các thành viên Ban Chỉ đạo",
        ),
    ),
)


# --- 10. Phòng chống thiên tai, phường, 2025: STT by Word's automatic numbering -------------


def _pctt_tan_binh(doc: Document) -> None:
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN BÌNH"],
        "Số: 52/KH-UBND",
        "Tân Bình, ngày 18 tháng 4 năm 2025",
    )
    title(doc, "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025")
    _body(doc, "phường Tân Bình", "phòng, chống thiên tai và tìm kiếm cứu nạn", 2025)
    _closing(doc, "phường Tân Bình")
    signature(doc, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Lý Thanh Sơn")
    page_break(doc)
    paragraphs(doc, "PHỤ LỤC NHIỆM VỤ")
    vp = "Văn phòng HĐND - UBND phường"
    task_table(
        doc,
        [
            [
                "Số TT",
                "Nội dung nhiệm vụ",
                "Cơ quan (đơn vị) chủ trì",
                "Cơ quan (đơn vị) phối hợp",
                "Thời gian hoàn thành",
            ],
            ["#", D10[0], vp, "Ban Chỉ huy Quân sự phường", "Tháng 4/2025"],
            [
                "#",
                D10[1],
                "Ban Chỉ huy Quân sự phường",
                "Công an phường; các khu phố",
                "Trước ngày 31/5/2025",
            ],
            [
                "#",
                D10[2],
                "Đài truyền thanh phường",
                "Hội Chữ thập đỏ phường",
                "Trước và trong mùa mưa bão",
            ],
            ["#", D10[3], "Đội quản lý trật tự đô thị", "Các khu phố", "Tháng 5/2025"],
            ["#", D10[4], vp, "Các thành viên Ban Chỉ huy", "Tháng 12/2025"],
        ],
        numbered_stt=True,
    )


D10 = (
    "Kiện toàn Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn phường",
    "Rà soát, cập nhật phương án ứng phó thiên tai theo cấp độ rủi ro",
    "Tuyên truyền kỹ năng phòng, tránh thiên tai cho Nhân dân",
    "Kiểm tra hệ thống thoát nước, cây xanh trước mùa mưa bão",
    "Tổng kết công tác phòng, chống thiên tai",
)
_VP_TB = "Văn phòng HĐND - UBND phường"

PCTT_TAN_BINH = PlanDoc(
    "phong-chong-thien-tai-phuong-tan-binh-2025",
    "phòng, chống thiên tai",
    "phường",
    2025,
    (
        "STT from Word's automatic list numbering (no text in the cells)",
        "Số TT, Nội dung nhiệm vụ, Cơ quan (đơn vị) chủ trì / phối hợp, Thời gian hoàn thành",
    ),
    _pctt_tan_binh,
    Head(
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG TÂN BÌNH",
        "phường",
        "Tân Bình",
        "52/KH-UBND",
        date(2025, 4, 18),
        "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025",
        ("TM. ỦY BAN NHÂN DÂN",),
        "CHỦ TỊCH",
        "Lý Thanh Sơn",
    ),
    (
        Want("1", D10[0], _VP_TB, "Tháng 4/2025", "Ban Chỉ huy Quân sự phường"),
        Want(
            "2",
            D10[1],
            "Ban Chỉ huy Quân sự phường",
            "Trước ngày 31/5/2025",
            "Công an phường; các khu phố",
        ),
        Want(
            "3",
            D10[2],
            "Đài truyền thanh phường",
            "Trước và trong mùa mưa bão",
            "Hội Chữ thập đỏ phường",
        ),
        Want("4", D10[3], "Đội quản lý trật tự đô thị", "Tháng 5/2025", "Các khu phố"),
        Want("5", D10[4], _VP_TB, "Tháng 12/2025", "Các thành viên Ban Chỉ huy"),
    ),
)


# --- 11. Đề án 06, xã after the merger, 2025: two-row header (Đơn vị thực hiện over Chủ trì |
#         Phối hợp; Thời gian over Bắt đầu | Hoàn thành), signer TM. / KT. CHỦ TỊCH / PHÓ ----


def _de_an_06_dong_hung(doc: Document) -> None:
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "XÃ ĐÔNG HƯNG"],
        "Số: 07/KH-UBND",
        "Đông Hưng, ngày 22 tháng 7 năm 2025",
    )
    title(doc, "Thực hiện Đề án 06 năm 2025 trên địa bàn xã")
    _body(doc, "xã Đông Hưng", "thực hiện Đề án 06", 2025)
    paragraphs(doc, "II. NHIỆM VỤ CỤ THỂ")
    ca = "Công an xã"
    task_table(
        doc,
        [
            ["STT", "Nội dung", "Đơn vị thực hiện", LEFT, "Thời gian", LEFT, "Sản phẩm"],
            [UP, UP, "Chủ trì", "Phối hợp", "Bắt đầu", "Hoàn thành", UP],
            [
                "1",
                D11[0],
                "Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường",
                ca,
                "01/8/2025",
                "30/11/2025",
                "Dữ liệu được cập nhật",
            ],
            [
                "2",
                D11[1],
                "Trung tâm Phục vụ hành chính công xã",
                "Đoàn Thanh niên xã",
                "Tháng 8/2025",
                "Tháng 12/2025",
                "Tỷ lệ hồ sơ trực tuyến",
            ],
            ["3", D11[2], ca, "Các thôn", "Quý III/2025", "Thường xuyên", "Tổ hoạt động hiệu quả"],
            ["4", D11[3], ca, "", "", "Trước ngày 10/12/2025", "Báo cáo"],
            ["5", D11[4], ca, "Văn phòng HĐND - UBND xã", "Năm 2025", "Năm 2025", "Báo cáo sơ kết"],
        ],
        header_rows=2,
    )
    _closing(doc, "xã Đông Hưng")
    signature(doc, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Mai Xuân Trường")


D11 = (
    "Thu thập, cập nhật dữ liệu đất đai vào cơ sở dữ liệu quốc gia",
    "Hướng dẫn người dân nộp hồ sơ trực tuyến toàn trình",
    "Duy trì tổ công nghệ số cộng đồng",
    "Báo cáo kết quả thực hiện Đề án 06",
    "Sơ kết thực hiện Đề án 06 năm 2025",
)

DE_AN_06_DONG_HUNG = PlanDoc(
    "de-an-06-xa-dong-hung-2025",
    "Đề án 06",
    "xã (sau 1/7/2025)",
    2025,
    (
        "two-row header: Đơn vị thực hiện over Chủ trì | Phối hợp, Thời gian over Bắt đầu | Hoàn "
        "thành",
        "start and end in two columns",
        "signer TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    ),
    _de_an_06_dong_hung,
    Head(
        "ỦY BAN NHÂN DÂN",
        "XÃ ĐÔNG HƯNG",
        "xã",
        "Đông Hưng",
        "07/KH-UBND",
        date(2025, 7, 22),
        "Thực hiện Đề án 06 năm 2025 trên địa bàn xã",
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
        "PHÓ CHỦ TỊCH",
        "Mai Xuân Trường",
    ),
    (
        Want(
            "1",
            D11[0],
            "Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường",
            "Từ 01/8/2025 đến 30/11/2025",
            "Công an xã",
            "Dữ liệu được cập nhật",
        ),
        Want(
            "2",
            D11[1],
            "Trung tâm Phục vụ hành chính công xã",
            "Từ Tháng 8/2025 đến Tháng 12/2025",
            "Đoàn Thanh niên xã",
            "Tỷ lệ hồ sơ trực tuyến",
        ),
        Want(
            "3",
            D11[2],
            "Công an xã",
            "Từ Quý III/2025 đến Thường xuyên",
            "Các thôn",
            "Tổ hoạt động hiệu quả",
        ),
        Want("4", D11[3], "Công an xã", "Trước ngày 10/12/2025", product="Báo cáo"),
        Want("5", D11[4], "Công an xã", "Năm 2025", "Văn phòng HĐND - UBND xã", "Báo cáo sơ kết"),
    ),
)


# --- 12. An toàn thực phẩm, thị trấn, 2026: quarters marked "x" under Thời gian thực hiện, a
#         Kinh phí column, an upper-case title ---------------------------------------------------


def _attp_nam_sach(doc: Document) -> None:
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "THỊ TRẤN NAM SÁCH"],
        "Số: 05/KH-UBND",
        "Nam Sách, ngày 09 tháng 01 năm 2026",
        layout="paragraphs",
    )
    title(doc, "BẢO ĐẢM AN TOÀN THỰC PHẨM NĂM 2026")
    _body(doc, "thị trấn Nam Sách", "bảo đảm an toàn thực phẩm", 2026)
    _closing(doc, "thị trấn Nam Sách")
    signature(doc, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Trịnh Thu Hà", layout="paragraphs")
    page_break(doc)
    paragraphs(doc, "PHỤ LỤC", "KẾ HOẠCH HOẠT ĐỘNG BẢO ĐẢM AN TOÀN THỰC PHẨM NĂM 2026")
    yt = "Trạm Y tế thị trấn"
    task_table(
        doc,
        [
            [
                "STT",
                "Nội dung hoạt động",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Thời gian thực hiện",
                LEFT,
                LEFT,
                LEFT,
                "Kinh phí (đồng)",
            ],
            [UP, UP, UP, UP, "Quý I", "Quý II", "Quý III", "Quý IV", UP],
            ["1", D12[0], yt, "Đài truyền thanh thị trấn", "", "x", "", "", "5.000.000"],
            ["2", D12[1], "Ban Chỉ đạo liên ngành an toàn thực phẩm", yt, "x", "", "", "x", ""],
            ["3", D12[2], yt, "Các trường học", "", "", "x", "", ""],
            ["4", D12[3], yt, "", "x", "x", "x", "x", ""],
        ],
        header_rows=2,
    )


D12 = (
    "Tuyên truyền Tháng hành động vì an toàn thực phẩm",
    "Kiểm tra cơ sở kinh doanh dịch vụ ăn uống dịp Tết Nguyên đán",
    "Kiểm tra bếp ăn tập thể các trường học",
    "Báo cáo kết quả công tác bảo đảm an toàn thực phẩm",
)

ATTP_NAM_SACH = PlanDoc(
    "an-toan-thuc-pham-thi-tran-nam-sach-2026",
    "an toàn thực phẩm",
    "thị trấn",
    2026,
    (
        "quarters marked 'x' in four columns under Thời gian thực hiện",
        "a Kinh phí column not kept",
        "upper-case title",
        "Nội dung hoạt động, Đơn vị chủ trì / phối hợp",
    ),
    _attp_nam_sach,
    Head(
        "ỦY BAN NHÂN DÂN",
        "THỊ TRẤN NAM SÁCH",
        "thị trấn",
        "Nam Sách",
        "05/KH-UBND",
        date(2026, 1, 9),
        "BẢO ĐẢM AN TOÀN THỰC PHẨM NĂM 2026",
        ("KT. CHỦ TỊCH",),
        "PHÓ CHỦ TỊCH",
        "Trịnh Thu Hà",
    ),
    (
        Want("1", D12[0], "Trạm Y tế thị trấn", "Quý II", "Đài truyền thanh thị trấn"),
        Want(
            "2",
            D12[1],
            "Ban Chỉ đạo liên ngành an toàn thực phẩm",
            "Quý I, Quý IV",
            "Trạm Y tế thị trấn",
        ),
        Want("3", D12[2], "Trạm Y tế thị trấn", "Quý III", "Các trường học"),
        Want("4", D12[3], "Trạm Y tế thị trấn", "Quý I, Quý II, Quý III, Quý IV"),
    ),
    ignored=("Kinh phí (đồng)",),
)


# --- 13. Bình đẳng giới, xã under a district, 2024: groups without numbers, "1." numbers ------


def _bdg_kim_dinh(doc: Document) -> None:
    letterhead(
        doc,
        ["UBND HUYỆN KIM THÀNH", "UBND XÃ KIM ĐÍNH"],
        "Số: 31/KH-UBND",
        "Kim Đính, ngày 14 tháng 3 năm 2024",
    )
    title(doc, "Thực hiện công tác bình đẳng giới và vì sự tiến bộ", "của phụ nữ năm 2024")
    _body(doc, "xã Kim Đính", "bình đẳng giới", 2024)
    paragraphs(doc, "II. NHIỆM VỤ CỤ THỂ")
    span = [LEFT] * 5
    vh = "Công chức Văn hóa - Xã hội"
    task_table(
        doc,
        [
            [
                "STT",
                "Nhiệm vụ cụ thể",
                "Sản phẩm",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian thực hiện",
            ],
            ["Công tác tuyên truyền", *span],
            [
                "1.",
                D13[0],
                "Tin, bài",
                "Đài truyền thanh xã",
                "Hội Liên hiệp Phụ nữ xã",
                "Hằng quý",
            ],
            [
                "2.",
                D13[1],
                "Băng rôn, khẩu hiệu",
                vh,
                "Đoàn Thanh niên xã",
                "Từ 15/11 đến 15/12/2024",
            ],
            ["Công tác kiểm tra, giám sát", *span],
            ["1.", D13[2], "Biên bản kiểm tra", vh, "Công đoàn cơ sở", "Quý III/2024"],
            ["2.", D13[3], "Báo cáo", vh, "", "Trước ngày 10/12/2024"],
        ],
    )
    _closing(doc, "xã Kim Đính")
    signature(doc, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Phan Văn Dũng", layout="paragraphs")


D13 = (
    "Tuyên truyền Luật Bình đẳng giới trên hệ thống truyền thanh",
    "Hưởng ứng Tháng hành động vì bình đẳng giới",
    "Kiểm tra việc thực hiện chính sách đối với lao động nữ tại doanh nghiệp",
    "Báo cáo kết quả thực hiện bình đẳng giới",
)
G13 = ("Công tác tuyên truyền", "Công tác kiểm tra, giám sát")
_VH = "Công chức Văn hóa - Xã hội"

BDG_KIM_DINH = PlanDoc(
    "binh-dang-gioi-xa-kim-dinh-2024",
    "bình đẳng giới",
    "xã (dưới huyện)",
    2024,
    (
        "letterhead UBND HUYỆN … / UBND XÃ …",
        "group rows without a number, across the table",
        "numbers printed '1.' restarting per group",
        "task table in the body",
        "the seed's column names (Nhiệm vụ cụ thể, Sản phẩm, …)",
    ),
    _bdg_kim_dinh,
    Head(
        "UBND HUYỆN KIM THÀNH",
        "UBND XÃ KIM ĐÍNH",
        "xã",
        "Kim Đính",
        "31/KH-UBND",
        date(2024, 3, 14),
        "Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024",
        ("TM. ỦY BAN NHÂN DÂN",),
        "CHỦ TỊCH",
        "Phan Văn Dũng",
    ),
    (
        Want(
            "I.1",
            D13[0],
            "Đài truyền thanh xã",
            "Hằng quý",
            "Hội Liên hiệp Phụ nữ xã",
            "Tin, bài",
            G13[0],
        ),
        Want(
            "I.2",
            D13[1],
            _VH,
            "Từ 15/11 đến 15/12/2024",
            "Đoàn Thanh niên xã",
            "Băng rôn, khẩu hiệu",
            G13[0],
        ),
        Want("II.1", D13[2], _VH, "Quý III/2024", "Công đoàn cơ sở", "Biên bản kiểm tra", G13[1]),
        Want("II.2", D13[3], _VH, "Trước ngày 10/12/2024", product="Báo cáo", group=G13[1]),
    ),
)


CORPUS: tuple[PlanDoc, ...] = (
    CCHC_YEN_DONG,
    CDS_DONG_SON,
    PCCC_PHU_THAI,
    DE_AN_06_TU_KY,
    KSTTHC_TIEN_HOA,
    PBGDPL_QUANG_PHUC,
    CCHC_THANH_HA,
    DAN_VAN_HONG_PHONG,
    NTM_THANH_XUAN,
    PCTT_TAN_BINH,
    DE_AN_06_DONG_HUNG,
    ATTP_NAM_SACH,
    BDG_KIM_DINH,
)
