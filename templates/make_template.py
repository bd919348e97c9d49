"""Build the default report template, templates/bao_cao.docx, from scratch.

The .docx is the source the office edits in Word or LibreOffice; this script only makes the
first version (and documents its structure). Running it again discards edits made to the .docx,
so the office's copy is the one to keep. Usage::

    .venv/bin/python templates/make_template.py [OUTPUT.docx]

The layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I: A4 portrait, Times New Roman, margins
top/bottom 20 mm, left 30 mm, right 15 mm, the two-column header (issuing body / national
motto), place and date, title, body, "Nơi nhận" and the signature block. Jinja2 tags (docxtpl)
fill in the numbers; every value is escaped when rendered.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14


def main(out: Path) -> None:
    doc = Document()
    _page(doc)
    _styles(doc)
    _page_numbers(doc)
    _header_block(doc)
    _title(doc)
    _body(doc)
    _closing(doc)
    doc.core_properties.title = "Báo cáo kết quả thực hiện kế hoạch"
    doc.core_properties.author = "sheets-sync"
    doc.save(out)


def _page(doc: Document) -> None:
    s = doc.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin = Mm(20), Mm(20)
    s.left_margin, s.right_margin = Mm(30), Mm(15)
    s.header_distance = Mm(10)


def _styles(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(6)
    pf.line_spacing = 1.15


def _page_numbers(doc: Document) -> None:
    """Page number at the top centre, from page 2 (the first page has an empty header)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    run.font.size = Pt(13)


def _para(
    container,
    text: str = "",
    *,
    bold=False,
    italic=False,
    size=BODY_PT,
    align=None,
    indent=False,
    space_after=6,
    keep=False,
):
    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    if align is not None:
        p.alignment = align
    pf = p.paragraph_format
    pf.space_after = Pt(space_after)
    if indent:
        pf.first_line_indent = Cm(1.27)
    if keep:
        pf.keep_with_next = True
    return p


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _grid_borders(table) -> None:
    """Explicit single borders: Google Docs drops the 'Table Grid' style when converting."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _rule(paragraph, width_pt: int = 110) -> None:
    """A short centred line under a header line (a bottom border on an indented paragraph)."""
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)
    paragraph.paragraph_format.left_indent = Pt(width_pt)
    paragraph.paragraph_format.right_indent = Pt(width_pt)


def _header_block(doc: Document) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].text = ""
    _fill(left.paragraphs[0], "{{ org.parent }}", size=13)
    left.paragraphs[0].alignment = centre
    name = _para(left, "{{ org.name }}", bold=True, size=13, align=centre, space_after=0)
    _rule(_para(left, "", size=6, align=centre, space_after=4), 60)
    _para(left, "Số: {{ number }}/BC-{{ org.abbreviation }}", size=13, align=centre)
    del name
    right.paragraphs[0].text = ""
    _fill(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    right.paragraphs[0].alignment = centre
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, align=centre, space_after=0)
    _rule(_para(right, "", size=6, align=centre, space_after=4), 62)
    _para(
        right,
        "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}",
        italic=True,
        size=14,
        align=centre,
    )


def _fill(paragraph, text, *, bold=False, italic=False, size=BODY_PT) -> None:
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    paragraph.paragraph_format.space_after = Pt(0)


def _title(doc: Document) -> None:
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "", space_after=0)
    _para(doc, "BÁO CÁO", bold=True, align=centre, space_after=0, keep=True)
    _para(doc, "{{ subject }} {{ period.name }}", bold=True, align=centre, space_after=2, keep=True)
    _rule(_para(doc, "", size=6, align=centre, space_after=12), 150)
    _para(doc, "{%p if addressee %}", space_after=0)
    _para(doc, "Kính gửi: {{ addressee }}.", align=centre)
    _para(doc, "{%p endif %}", space_after=0)


def _heading(doc: Document, text: str) -> None:
    _para(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, keep=True)


def _body_text(doc: Document, text: str) -> None:
    _para(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)


def _table(
    doc: Document,
    headers: list[str],
    loop: str,
    cells: list[str],
    widths: list[float],
    total: list[str] | None = None,
) -> None:
    """Header row, a docxtpl row loop over ``loop``, and an optional bold total row."""
    table = doc.add_table(rows=4 + (1 if total else 0), cols=len(headers))
    _grid_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, opening, data, closing = table.rows[:4]
    for i, text in enumerate(headers):
        _cell(header.cells[i], text, bold=True, centre=True)
    _cell(opening.cells[0], "{%tr for " + loop + " %}")
    for i, text in enumerate(cells):
        _cell(data.cells[i], text, centre=i > 0 and "name" not in text and "lead" not in text)
    _cell(closing.cells[0], "{%tr endfor %}")
    if total:
        for i, text in enumerate(total):
            _cell(table.rows[4].cells[i], text, bold=True, centre=i > 0)
    for row in table.rows:
        for i, w in enumerate(widths):
            row.cells[i].width = Cm(w)
    _para(doc, "", space_after=4)


def _cell(cell, text: str, *, bold=False, centre=False) -> None:
    p = cell.paragraphs[0]
    run = p.add_run(text)
    run.bold, run.font.size = bold, Pt(12)
    p.paragraph_format.space_after = Pt(2)
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _body(doc: Document) -> None:
    _body_text(
        doc,
        "Thực hiện {{ plan.reference }} về {{ plan.name_lower }}, Ủy ban nhân dân "
        "{{ org.commune }} báo cáo kết quả thực hiện {{ period.name }} như sau:",
    )
    _body_text(doc, "{{ period.cut_sentence }}")
    _heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    _heading(doc, "1. Kết quả theo từng nhiệm vụ")
    _body_text(
        doc,
        "Trong kỳ, các cơ quan, đơn vị đã ghi nhận {{ entries }} lượt hoạt động "
        "tuyên truyền cho {{ active_tasks }}/{{ task_count }} nhiệm vụ của Kế hoạch.",
    )
    _table(
        doc,
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Kết quả trong kỳ", "Trạng thái"],
        "t in tasks",
        ["{{ t.stt }}", "{{ t.name }}", "{{ t.lead }}", "{{ t.result }}", "{{ t.status }}"],
        [1.2, 5.5, 3.5, 3.8, 2.5],
    )
    _heading(doc, "2. Kết quả theo đơn vị thực hiện")
    _para(doc, "{%p for u in units %}", space_after=0)
    _body_text(doc, "- {{ u.name }}: {{ u.result }}.")
    _para(doc, "{%p endfor %}", space_after=0)
    _para(doc, "{%p if not units %}", space_after=0)
    _body_text(doc, "Chưa có đơn vị nào ghi kết quả trong kỳ.")
    _para(doc, "{%p endif %}", space_after=0)
    _heading(doc, "II. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ")
    _body_text(
        doc,
        "Tính đến ngày {{ as_of }}, tổng số {{ total.total }} nhiệm vụ: hoàn thành "
        "đúng hạn {{ total.done_on_time }}; hoàn thành quá hạn {{ total.done_late }}; "
        "chưa hoàn thành trong hạn {{ total.open_on_time }}; chưa hoàn thành quá hạn "
        "{{ total.open_late }}{{ total.unknown_text }}. Tỷ lệ hoàn thành đúng hạn "
        "{{ total.on_time_rate }}.",
    )
    _table(
        doc,
        [
            "Cơ quan chủ trì",
            "Tổng số",
            "Hoàn thành đúng hạn",
            "Hoàn thành quá hạn",
            "Chưa hoàn thành trong hạn",
            "Chưa hoàn thành quá hạn",
            "Tỷ lệ hoàn thành đúng hạn",
            "Tỷ lệ quá hạn",
        ],
        "r in by_unit",
        [
            "{{ r.unit }}",
            "{{ r.total }}",
            "{{ r.done_on_time }}",
            "{{ r.done_late }}",
            "{{ r.open_on_time }}",
            "{{ r.open_late }}",
            "{{ r.on_time_rate }}",
            "{{ r.late_rate }}",
        ],
        [4.4, 1.3, 1.7, 1.7, 1.7, 1.7, 1.7, 1.5],
        total=[
            "{{ total.unit }}",
            "{{ total.total }}",
            "{{ total.done_on_time }}",
            "{{ total.done_late }}",
            "{{ total.open_on_time }}",
            "{{ total.open_late }}",
            "{{ total.on_time_rate }}",
            "{{ total.late_rate }}",
        ],
    )
    _para(doc, "{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _heading(doc, "III. NHIỆM VỤ CHẬM, QUÁ HẠN")
    _para(doc, "{%p for t in late %}", space_after=0)
    _body_text(
        doc,
        "- Nhiệm vụ {{ t.stt }} ({{ t.name }}), cơ quan chủ trì: {{ t.lead }}. {{ t.missing }}.",
    )
    _para(doc, "{%p endfor %}", space_after=0)
    _para(doc, "{%p if not late %}", space_after=0)
    _body_text(doc, "Không có nhiệm vụ chậm, quá hạn.")
    _para(doc, "{%p endif %}", space_after=0)
    _heading(doc, "IV. NHỮNG VẤN ĐỀ VỀ SỐ LIỆU CẦN KIỂM TRA")
    _para(doc, "{%p for p in problems %}", space_after=0)
    _body_text(doc, "- {{ p }}")
    _para(doc, "{%p endfor %}", space_after=0)
    _para(doc, "{%p if not problems %}", space_after=0)
    _body_text(doc, "Không phát hiện vấn đề về số liệu.")
    _para(doc, "{%p endif %}", space_after=0)
    _heading(doc, "V. NHIỆM VỤ CẦN THỰC HIỆN TRONG {{ next_period_upper }}")
    _para(doc, "{%p for d in due_next %}", space_after=0)
    _body_text(doc, "- Nhiệm vụ {{ d.stt }} ({{ d.name }}): {{ d.what }}; chủ trì: {{ d.lead }}.")
    _para(doc, "{%p endfor %}", space_after=0)
    _para(doc, "{%p if not due_next %}", space_after=0)
    _body_text(doc, "Không có nhiệm vụ đến hạn trong kỳ tới.")
    _para(doc, "{%p endif %}", space_after=0)
    _body_text(
        doc,
        "Trên đây là báo cáo kết quả thực hiện {{ period.name }} của Ủy ban nhân dân "
        "{{ org.commune }}./.",
    )


def _closing(doc: Document) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8), Cm(8.5)
    p = left.paragraphs[0]
    run = p.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    p.paragraph_format.space_after = Pt(0)
    _para(left, "{%p for r in recipients %}", size=11, space_after=0)
    _para(left, "- {{ r }}", size=11, space_after=0)
    _para(left, "{%p endfor %}", size=11, space_after=0)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].text = ""
    _fill(right.paragraphs[0], "{{ signer.on_behalf }}", bold=True, size=14)
    right.paragraphs[0].alignment = centre
    _para(right, "{{ signer.title }}", bold=True, align=centre, space_after=0)
    for _ in range(4):
        _para(right, "", space_after=0)
    _para(right, "{{ signer.name }}", bold=True, align=centre)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("bao_cao.docx")
    main(target)
    print(target)
