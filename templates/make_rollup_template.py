"""Build the rollup's report template, templates/bao_cao_tong_hop.docx, from scratch.

The summary across plans for the level above (``sheets-sync rollup``): the same Nghị định 30
layout, styles and letterhead as the plan's report (``make_template.py``, whose building blocks
this reuses), with its own body. ``sheets_sync.rollup_report`` fills in the tags (docs/rollup.md
lists them). Running this again discards edits made to the .docx. Usage::

    .venv/bin/python templates/make_rollup_template.py [OUTPUT.docx]
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt
from make_template import (
    CENTRE,
    LEFT,
    RIGHT,
    _closing,
    _control,
    _data_table,
    _drop_thumbnail,
    _figure,
    _fonts,
    _heading,
    _letterhead,
    _list,
    _page,
    _page_numbers,
    _para,
    _plain,
    _style,
    _styles,
    _title,
)

RATES = ("on_time_rate", "previous_rate", "late_rate")


def main(out: Path) -> None:
    doc = Document()
    _page(doc)
    _fonts(doc)
    _styles(doc)
    # The tables have ten columns: a smaller size than the plan report's keeps numbers whole.
    _style(doc, "Ô bảng nhỏ", size=10, after=1)
    _style(doc, "Đầu bảng nhỏ", size=10, after=1, bold=True, align=CENTRE)
    _page_numbers(doc)
    _letterhead(doc)
    _title(doc)
    _body(doc)
    _closing(doc)
    doc.core_properties.title = "Báo cáo tổng hợp kết quả thực hiện kế hoạch"
    doc.core_properties.author = "sheets-sync"
    doc.core_properties.language = "vi-VN"
    _drop_thumbnail(doc)
    doc.save(out)


def _small_table(doc: DocxDocument, *args, **kwargs) -> None:
    """``make_template._data_table`` in the small table styles."""
    _data_table(doc, *args, **kwargs)
    table = doc.tables[-1]
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            for p in cell.paragraphs:
                p.style = doc.styles["Đầu bảng nhỏ" if r == 0 else "Ô bảng nhỏ"]


def _unit_note(doc: DocxDocument) -> None:
    p = _plain(doc, "Đơn vị tính: nhiệm vụ", align=RIGHT, size=12, italic=True)
    p.paragraph_format.space_after = Pt(2)
    p.paragraph_format.keep_with_next = True


def _list_or(doc: DocxDocument, loop: str, item: str, empty: str) -> None:
    """One paragraph per item of ``loop`` ("l in late"), or ``empty`` when there is none."""
    _list(doc, loop, item)
    _control(doc, "{%p if not " + loop.split(" in ")[1] + " %}")
    _para(doc, empty)
    _control(doc, "{%p endif %}")


def _body(doc: DocxDocument) -> None:
    _para(
        doc,
        "Căn cứ số liệu theo dõi thực hiện {{ plan_count }} kế hoạch"
        "{% if by_communes %} của {{ commune_count }} xã, phường{% endif %}, "
        "{{ org.commune }} tổng hợp kết quả thực hiện {{ period.name }} như sau:",
    ).paragraph_format.space_before = Pt(6)
    _para(doc, "{{ period.cut_sentence }}")

    _heading(doc, "I. KẾT QUẢ CHUNG")
    _para(
        doc,
        "Tính đến hết ngày {{ as_of }}, các kế hoạch có tổng số {{ total.total }} nhiệm vụ: "
        "hoàn thành đúng hạn {{ total.done_on_time }}; hoàn thành quá hạn {{ total.done_late }}; "
        "chưa hoàn thành trong hạn {{ total.open_on_time }}; chưa hoàn thành quá hạn "
        "{{ total.open_late }}{% if total.unknown %}; chưa rõ thời hạn {{ total.unknown }}"
        "{% endif %}. Trong {{ total.due }} nhiệm vụ đã đến hạn, tỷ lệ hoàn thành đúng hạn đạt "
        "{{ total.on_time_rate }} (kỳ trước: {{ previous_rate }}), tỷ lệ quá hạn "
        "{{ total.late_rate }}.",
    )
    _control(doc, "{%p if unread %}")
    _para(
        doc,
        "Có {{ unread_count }} kế hoạch chưa tổng hợp được số liệu (mục V); các số liệu trên "
        "chưa gồm các kế hoạch này.",
    )
    _control(doc, "{%p endif %}")

    _heading(doc, "II. KẾT QUẢ THEO {{ ranked_what|upper }}")
    _para(
        doc,
        "Xếp theo tỷ lệ nhiệm vụ hoàn thành đúng hạn trên số nhiệm vụ đã đến hạn, cao xuống thấp:",
    )
    _unit_note(doc)
    _small_table(
        doc,
        [
            "TT",
            "{% if by_communes %}Xã, phường{% else %}Kế hoạch{% endif %}",
            "Tổng số",
            "Đến hạn",
            "Hoàn thành đúng hạn",
            "Hoàn thành quá hạn",
            "Chưa hoàn thành quá hạn",
            "Tỷ lệ đúng hạn",
            "Kỳ trước",
            "Tỷ lệ quá hạn",
        ],
        "r in rows",
        [
            ("{{ loop.index }}", CENTRE),
            ("{{ r.name }}", LEFT),
            *(
                (f"{{{{ r.{k} }}}}", CENTRE)
                for k in ("total", "due", "done_on_time", "done_late", "open_late", *RATES)
            ),
        ],
        (9, 40, 13, 13, 15, 15, 15, 15, 15, 15),
        total=[
            "",
            "Tổng cộng",
            *(
                f"{{{{ total.{k} }}}}"
                for k in ("total", "due", "done_on_time", "done_late", "open_late", *RATES)
            ),
        ],
    )
    _control(doc, "{%p if ranking_chart %}")
    _figure(doc, "{{ ranking_chart }}")
    _control(doc, "{%p endif %}")
    _control(doc, "{%p if not_due %}")
    _para(doc, "Chưa có nhiệm vụ đến hạn: {{ not_due|join('; ') }}.")
    _control(doc, "{%p endif %}")

    _heading(doc, "III. KẾT QUẢ THEO CƠ QUAN CHỦ TRÌ")
    _unit_note(doc)
    _small_table(
        doc,
        [
            "TT",
            "Cơ quan chủ trì",
            "Số kế hoạch",
            "Tổng số",
            "Đến hạn",
            "Hoàn thành đúng hạn",
            "Hoàn thành quá hạn",
            "Chưa hoàn thành quá hạn",
            "Tỷ lệ đúng hạn",
            "Tỷ lệ quá hạn",
        ],
        "u in units",
        [
            ("{{ loop.index }}", CENTRE),
            ("{{ u.unit }}", LEFT),
            *(
                (f"{{{{ u.{k} }}}}", CENTRE)
                for k in (
                    "plans",
                    "total",
                    "due",
                    "done_on_time",
                    "done_late",
                    "open_late",
                    "on_time_rate",
                    "late_rate",
                )
            ),
        ],
        (9, 40, 13, 13, 13, 15, 15, 15, 16, 16),
    )
    _para(
        doc,
        "Nhiệm vụ có nhiều cơ quan chủ trì được tính cho từng cơ quan. Tỷ lệ tính trên số "
        "nhiệm vụ đã đến hạn đến hết ngày {{ as_of }}.",
        style="Ghi chú bảng",
    )

    _heading(doc, "IV. NHIỆM VỤ CHƯA HOÀN THÀNH QUÁ HẠN")
    _list_or(
        doc,
        "l in late",
        "- {{ l.commune }}, {{ l.plan }}: {{ l.count }} nhiệm vụ ({{ l.tasks }}).",
        "Không có nhiệm vụ chưa hoàn thành quá hạn.",
    )

    _heading(doc, "V. KẾ HOẠCH CHƯA TỔNG HỢP ĐƯỢC SỐ LIỆU")
    _list_or(
        doc,
        "u in unread",
        "- {{ u.commune }}{% if u.plan %}, {{ u.plan }}{% endif %}: {{ u.reason }}",
        "Đã tổng hợp đủ số liệu của các kế hoạch.",
    )

    _heading(doc, "VI. ĐỀ XUẤT, KIẾN NGHỊ")
    _para(
        doc,
        "Đề nghị các cơ quan chủ trì khẩn trương hoàn thành các nhiệm vụ chưa hoàn thành quá "
        "hạn nêu tại mục IV{% if unread %}; các đơn vị có kế hoạch nêu tại mục V kiểm tra, khắc "
        "phục để số liệu được tổng hợp trong kỳ tới{% endif %}.",
    )
    _para(
        doc,
        "Trên đây là báo cáo tổng hợp kết quả thực hiện {{ period.name }} của {{ org.commune }}./.",
    )


if __name__ == "__main__":
    default = Path(__file__).with_name("bao_cao_tong_hop.docx")
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    main(target)
    print(target)
