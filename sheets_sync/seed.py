"""The reference plan: the appendix of Gia Tân commune's 2024 CCHC publicity plan.

Typed from the signed document (``shared/seed/000_c2f82bd70c212939.txt``), cell by cell, with
its original wording — including "Quý IV/2023", a typo in a 2024 plan that the jobs must catch.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SeedTask:
    stt: int
    task: str
    product: str
    lead: str
    partners: str
    timeframe: str


TASKS: tuple[SeedTask, ...] = (
    SeedTask(
        1,
        "Tăng cường tuyên truyền, cập nhật các tin, bài về tình hình cải cách hành chính trong "
        "từng cơ quan, đơn vị, địa phương",
        "Các hình thức thích hợp",
        "Cơ quan hành chính, đơn vị sự nghiệp trên địa bàn xã, Công chức VHTT – TDTT xã",
        "Công chức Văn phòng - Thống kê, Công chức Văn phòng Đảng ủy – Nội vụ",
        "Thường xuyên trong năm",
    ),
    SeedTask(
        2,
        "Tuyên truyền tình hình giải quyết thủ tục hành chính tại Bộ phận tiếp nhận hồ sơ và trả "
        "kết quả theo cơ chế một cửa cấp huyện, cấp xã.",
        "Niêm yết công khai TTHC và quy trình nội bộ",
        "Bộ phận tiếp nhận hồ sơ và trả kết quả theo cơ chế một cửa cấp xã.",
        "Đài truyền thanh xã, các ban ngành đoàn thể, tổ chức chính trị xã hội xã",
        "Thường xuyên trong năm",
    ),
    SeedTask(
        3,
        "Tuyên truyền kết quả Chỉ số CCHC, Chỉ số hài lòng về sự phục vụ hành chính của các cơ "
        "quan, đơn vị, UBND xã trên Cổng thông tin điện tử xã.",
        "Đăng tải lên Cổng thông tin điện tử xã",
        "Văn phòng HĐND& UBND xã",
        "Ban biên tập trang thông tin điện tử xã",
        "Quý I/2024",
    ),
    SeedTask(
        4,
        "Tổ chức các cuộc họp, hội nghị nâng cao chất lượng cải cách hành chính",
        "Hội nghị",
        "Công chức Văn phòng Đảng ủy – Nội vụ",
        "Đài Truyền thanh xã; công chức UBND xã",
        "Trong năm 2024",
    ),
    SeedTask(
        5,
        "Duy trì và nâng cao chất lượng chuyên mục Cải cách hành chính trên sóng Đài truyền "
        "thanh xã",
        "Các chuyên mục",
        "Đài Truyền thanh xã",
        "Công chức Văn phòng Đảng ủy - Nội vụ; Công chức Văn phòng - Thống kê, Công chức VHTT - "
        "TDTT, các ban, ngành đoàn thể xã",
        "Mỗi tháng 01 kỳ",
    ),
    SeedTask(
        6,
        "Tổ chức các Hội nghị, chương trình đối thoại trực tiếp giữa lãnh đạo xã với người dân, "
        "doanh nghiệp",
        "Hội nghị",
        "Công chức Văn phòng HĐND - UBND, Công chức Kế toán - Ngân sách xã",
        "Các công chức chuyên môn, các ban, ngành đoàn thể UBND xã",
        "Trong năm 2024",
    ),
    SeedTask(
        7,
        "Khảo sát sự hài lòng của tổ chức, công dân đối với giải quyết thủ tục hành chính trên "
        "các lĩnh vực theo quy định",
        "Kế hoạch điều tra XHH khảo sát đo lường sự hài long của người dân, tổ chức đối với sự "
        "phục vụ của UBND xã. Điểm điều tra XHH cấp xã",
        "Công chức Văn phòng HĐND - UBND xã, Công chức Văn phòng Đảng ủy - Nội vụ xã",
        "Các cơ quan, đơn vị trên địa bàn xã",
        "Quý IV/2024",
    ),
    SeedTask(
        8,
        "Tổ chức các lớp bồi dưỡng nghiệp vụ công tác CCHC cho cán bộ, công chức, viên chức",
        "Các lớp tập huấn",
        "Công chức Văn phòng Đảng ủy - Nội vụ",
        "Các cơ quan, đơn vị, công chức, trưởng các ban ngành đoàn thể UBND xã",
        "Quý IV/2023",
    ),
)

# Dropdown lists (tab "Danh mục"): the units named in the plan, and its forms of publicity
# (section II.3 of the plan). Officers may still type others; the dropdown only warns.
UNITS: tuple[str, ...] = (
    "Công chức Văn phòng HĐND - UBND",
    "Công chức Văn phòng Đảng ủy - Nội vụ",
    "Công chức Văn phòng - Thống kê",
    "Công chức VHTT - TDTT",
    "Công chức Kế toán - Ngân sách",
    "Công chức Tư pháp - Hộ tịch",
    "Công chức Địa chính - Xây dựng",
    "Bộ phận tiếp nhận và trả kết quả (một cửa)",
    "Đài Truyền thanh xã",
    "Ban biên tập trang thông tin điện tử xã",
    "Ủy ban MTTQ và các tổ chức chính trị - xã hội",
    "Cơ quan hành chính, đơn vị sự nghiệp trên địa bàn xã",
)

# The demo's unit list as a config's [units] holds it, with the other ways the plan itself
# writes a unit (its task table names the one-stop desk and the office otherwise).
UNIT_LIST: dict[str, tuple[str, ...]] = {unit: () for unit in UNITS} | {
    "Công chức Văn phòng HĐND - UBND": ("Văn phòng HĐND & UBND xã",),
    "Bộ phận tiếp nhận và trả kết quả (một cửa)": (
        "Bộ phận tiếp nhận hồ sơ và trả kết quả theo cơ chế một cửa cấp xã",
    ),
}

FORMS: tuple[str, ...] = (
    "Tin bài",
    "Phát thanh",
    "Hội nghị",
    "Niêm yết",
    "Tập huấn",
    "Khảo sát",
    "Đối thoại",
    "Trực quan (pano, áp phích, băng rôn)",
    "Mạng xã hội (Zalo, Fanpage)",
    "Khác",
)
