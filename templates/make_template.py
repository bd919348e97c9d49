"""Build the default report template, templates/bao_cao.docx, from scratch.

The .docx is what the office edits in Word or LibreOffice: wording, letterhead, styles and layout
all live there, and ``sheets_sync.report`` only fills in the Jinja2 tags (docxtpl). This script
makes the first version and documents its structure; running it again discards edits made to the
.docx, so once the office has changed it, their copy is the one to keep. Usage::

    .venv/bin/python templates/make_template.py [OUTPUT.docx]

Layout of Nghị định 30/2020/NĐ-CP, Phụ lục I (see docs/reports.md for the rules and sources):
A4 portrait, margins 20/20/30/15 mm (top/bottom/left/right), Times New Roman throughout, page
numbers from page 2 at the top centre; a borderless two-column header (issuing body | national
title and motto, then the number line | place and date), title and trích yếu, numbered sections,
"Nơi nhận" beside the signature block. Tables have fixed column widths and explicit borders on
every cell, so they look the same in Word, LibreOffice and a Google Doc converted from the .docx.

Paragraph styles carry the formatting, so the office changes a style once instead of every
paragraph: "Nội dung" (body), "Mục" (section heading), "Ô bảng" / "Đầu bảng" (table cells),
"Nơi nhận", "Ghi chú bảng".
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_MM = 165  # A4 210 mm less the 30 mm left and 15 mm right margins
CENTRE = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY

# Header block: column widths and the rules under the body's name and under the motto.
HEADER_COLUMNS_MM = (62, 103)
NAME_RULE_MM = 18  # 1/3–1/2 of "ỦY BAN NHÂN DÂN" at 13 pt bold (41 mm)
MOTTO_RULE_MM = 58  # as long as "Độc lập - Tự do - Hạnh phúc" at 13 pt bold
TITLE_RULE_MM = 50
CELL_MARGIN_MM = 1.9  # Word's default left and right cell margin


def main(out: Path) -> None:
    doc = Document()
    _page(doc)
    _fonts(doc)
    _styles(doc)
    _page_numbers(doc)
    _letterhead(doc)
    _title(doc)
    _body(doc)
    _closing(doc)
    doc.core_properties.title = "Báo cáo kết quả thực hiện kế hoạch"
    doc.core_properties.author = "sheets-sync"
    doc.core_properties.language = "vi-VN"
    _drop_thumbnail(doc)
    doc.save(out)


def _drop_thumbnail(doc: DocxDocument) -> None:
    """python-docx's blank document carries a thumbnail of another page; file browsers would
    show it for every report."""
    package = doc.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(key)


# --- page, fonts and styles -------------------------------------------------------------------


def _page(doc: DocxDocument) -> None:
    s = doc.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin = Mm(20), Mm(20)
    s.left_margin, s.right_margin = Mm(30), Mm(15)
    s.header_distance, s.footer_distance = Mm(10), Mm(10)


def _fonts(doc: DocxDocument) -> None:
    """Times New Roman everywhere: explicit fonts, no theme fonts (which would win over them)."""
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        defaults.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    _font_of(doc.styles["Normal"])


def _font_of(style) -> None:
    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0
    _style(doc, "Nội dung", align=JUSTIFY, indent=True, after=6, spacing=1.15)
    _style(doc, "Mục", align=JUSTIFY, indent=True, after=6, spacing=1.15, bold=True, keep=True)
    _style(doc, "Ô bảng", size=12, after=2)
    _style(doc, "Đầu bảng", size=12, after=2, bold=True, align=CENTRE)
    _style(doc, "Ghi chú bảng", size=12, after=6, italic=True, align=JUSTIFY)
    _style(doc, "Nơi nhận", size=11)


def _style(
    doc: DocxDocument,
    name: str,
    *,
    size: int = BODY_PT,
    align=LEFT,
    indent: bool = False,
    after: int = 0,
    spacing: float = 1.0,
    bold: bool = False,
    italic: bool = False,
    keep: bool = False,
) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size, style.font.bold, style.font.italic = Pt(size), bold, italic
    pf = style.paragraph_format
    pf.alignment, pf.space_before, pf.space_after, pf.line_spacing = (
        align,
        Pt(0),
        Pt(after),
        spacing,
    )
    pf.first_line_indent = Cm(1.27) if indent else None
    pf.keep_with_next = keep or None
    pf.widow_control = True


def _page_numbers(doc: DocxDocument) -> None:
    """Page number at the top centre, 13 pt, from page 2: the first page has its own, empty,
    header (Nghị định 30: 'không hiển thị số trang thứ nhất')."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = ""
    p = section.header.paragraphs[0]
    p.alignment = CENTRE
    run = p.add_run()
    run.font.size = Pt(13)
    _page_field(run)


def _page_field(run) -> None:
    """A PAGE field: begin, instruction, separator, the shown result, end."""
    begin, separate, end = (OxmlElement("w:fldChar") for _ in range(3))
    for el, kind in ((begin, "begin"), (separate, "separate"), (end, "end")):
        el.set(qn("w:fldCharType"), kind)
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    shown = OxmlElement("w:t")
    shown.text = "2"  # until the reader updates fields; never seen on page 1
    for el in (begin, instruction, separate, shown, end):
        run._r.append(el)


# --- tables: fixed widths and explicit borders ------------------------------------------------


def _dxa(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def _table(container, rows: int, widths_mm: tuple[float, ...], *, borders: bool) -> Table:
    """A table Word, LibreOffice and Google Docs all lay out alike: fixed layout, the widths in
    the grid and in every cell, and borders set on the table and on each cell (Google Docs
    ignores a table style such as 'Table Grid' when it converts a .docx)."""
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblStyle")):
        tbl_pr.remove(old)
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), _dxa(sum(widths_mm)))
    width.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    tbl_pr.append(_borders("w:tblBorders", borders, inside=True))
    for col, mm in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), _dxa(mm))
    for row in table.rows:
        for cell, mm in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(mm)
            cell._tc.get_or_add_tcPr().append(_borders("w:tcBorders", borders, inside=False))
    return table


def _borders(tag: str, visible: bool, *, inside: bool):
    borders = OxmlElement(tag)
    edges = ("top", "left", "bottom", "right") + (("insideH", "insideV") if inside else ())
    for edge in edges:
        el = OxmlElement(f"w:{edge}")
        if visible:
            for k, v in (
                ("w:val", "single"),
                ("w:sz", "4"),
                ("w:space", "0"),
                ("w:color", "000000"),
            ):
                el.set(qn(k), v)
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)
    return borders


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _keep_rows_whole(table: Table) -> None:
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _middle(cell: _Cell) -> None:
    v = OxmlElement("w:vAlign")
    v.set(qn("w:val"), "center")
    cell._tc.get_or_add_tcPr().append(v)


def _cell_text(cell: _Cell, text: str, style: str = "Ô bảng", align=None) -> Paragraph:
    p = cell.paragraphs[0]
    p.style = style
    if text:
        p.add_run(text)
    if align is not None:
        p.alignment = align
    return p


# --- paragraphs ---------------------------------------------------------------------------------


def _para(container, text: str = "", style: str = "Nội dung", **run_format) -> Paragraph:
    p = container.add_paragraph(style=style)
    if text:
        _run(p, text, **run_format)
    return p


def _run(p: Paragraph, text: str, *, bold=None, italic=None, size=None) -> None:
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)


def _plain(container, text: str = "", *, align=CENTRE, size=BODY_PT, bold=None, italic=None):
    """A paragraph outside the body text: no indent, single spacing, no space after."""
    p = _para(container, style="Normal")
    p.alignment = align
    if text:
        _run(p, text, bold=bold, italic=italic, size=size)
    return p


def _rule(container, width_mm: float, box_mm: float, *, after: int = 0) -> None:
    """A short centred line: the bottom border of an empty paragraph, indented to its width."""
    p = _plain(container, size=2)
    p.paragraph_format.space_after = Pt(after)
    run = p.add_run()
    run.font.size = Pt(2)
    side = (box_mm - width_mm) / 2
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    p_pr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    p_pr.append(bdr)


def _control(container, tag: str) -> None:
    """A docxtpl paragraph tag ({%p ... %}): the paragraph disappears when rendered."""
    _para(container, tag, style="Normal")


# --- the document -------------------------------------------------------------------------------


def _letterhead(doc: DocxDocument) -> None:
    """Two columns, two rows: body name | national title and motto, then number | place, date.
    Both lines of 'ỦY BAN NHÂN DÂN / XÃ GIA TÂN' are bold: together they are the body's name.
    A unit with a parent body above it un-bolds the first line here."""
    left_w, right_w = HEADER_COLUMNS_MM
    table = _table(doc, 2, HEADER_COLUMNS_MM, borders=False)
    (left, right), (number, place) = table.rows[0].cells, table.rows[1].cells
    inner_left, inner_right = left_w - 2 * CELL_MARGIN_MM, right_w - 2 * CELL_MARGIN_MM
    _cell_text(left, "", style="Normal")
    _run(left.paragraphs[0], "{{ org.parent }}", bold=True, size=13)
    left.paragraphs[0].alignment = CENTRE
    _plain(left, "{{ org.name }}", bold=True, size=13)
    _rule(left, NAME_RULE_MM, inner_left)
    _cell_text(right, "", style="Normal")
    _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    right.paragraphs[0].alignment = CENTRE
    _plain(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    _rule(right, MOTTO_RULE_MM, inner_right)
    _cell_text(number, "", style="Normal", align=CENTRE)
    _run(number.paragraphs[0], "Số: {{ number }}/BC-{{ org.abbreviation }}", size=13)
    _cell_text(place, "", style="Normal", align=CENTRE)
    _run(
        place.paragraphs[0],
        "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}",
        italic=True,
        size=14,
    )
    for cell in (number, place):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _title(doc: DocxDocument) -> None:
    p = _plain(doc, "BÁO CÁO", bold=True, size=14)
    p.paragraph_format.space_before = Pt(18)
    p.paragraph_format.keep_with_next = True
    p = _plain(doc, "{{ subject }} {{ period.name }}", bold=True, size=14)
    p.paragraph_format.keep_with_next = True
    _rule(doc, TITLE_RULE_MM, TEXT_WIDTH_MM, after=12)
    _control(doc, "{%p if addressee %}")
    p = _plain(doc, "Kính gửi: {{ addressee }}.", size=14)
    p.paragraph_format.space_after = Pt(12)
    _control(doc, "{%p endif %}")


def _heading(doc: DocxDocument, text: str) -> None:
    _para(doc, text, style="Mục")


def _list(doc: DocxDocument, loop: str, item: str, empty: str, *, items: str) -> None:
    """One paragraph per item of ``loop``, or ``empty`` when there is none."""
    _control(doc, "{%p for " + loop + " %}")
    _para(doc, item)
    _control(doc, "{%p endfor %}")
    _control(doc, "{%p if not " + items + " %}")
    _para(doc, empty)
    _control(doc, "{%p endif %}")


def _data_table(
    doc: DocxDocument,
    headers: list[str],
    loop: str,
    cells: list[tuple[str, object]],
    widths_mm: tuple[float, ...],
    total: list[str] | None = None,
) -> None:
    """Header row, a docxtpl row loop over ``loop`` and an optional bold total row.
    ``cells`` are (tag, alignment) pairs."""
    rows = 4 + (1 if total else 0)
    table = _table(doc, rows, widths_mm, borders=True)
    header, opening, data, closing = table.rows[:4]
    for cell, text in zip(header.cells, headers, strict=True):
        _cell_text(cell, text, style="Đầu bảng")
        _middle(cell)
    _cell_text(opening.cells[0], "{%tr for " + loop + " %}")
    for cell, (text, align) in zip(data.cells, cells, strict=True):
        _cell_text(cell, text, align=align)
        _middle(cell)
    _cell_text(closing.cells[0], "{%tr endfor %}")
    if total:
        for i, (cell, text) in enumerate(zip(table.rows[4].cells, total, strict=True)):
            p = _cell_text(cell, "", align=CENTRE if i else LEFT)
            _run(p, text, bold=True)
            _middle(cell)
    _repeat_header(table)


def _figure(doc: DocxDocument, tag: str) -> None:
    p = _plain(doc, tag)
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.space_after = Pt(6)


def _body(doc: DocxDocument) -> None:
    _para(
        doc,
        "Thực hiện {{ plan.reference }} về {{ plan.about }}, Ủy ban nhân dân {{ org.commune }} "
        "báo cáo kết quả thực hiện {{ period.name }} như sau:",
    ).paragraph_format.space_before = Pt(6)
    _para(doc, "{{ period.cut_sentence }}")

    _heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    _heading(doc, "1. Kết quả thực hiện từng nhiệm vụ")
    _para(
        doc,
        "Trong kỳ, các cơ quan, đơn vị đã ghi nhận {{ entries }} lượt hoạt động cho "
        "{{ active_tasks }}/{{ task_count }} nhiệm vụ của Kế hoạch; kết quả và tình trạng của "
        "từng nhiệm vụ tính đến hết ngày {{ as_of }}:",
    )
    _data_table(
        doc,
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Kết quả trong kỳ", "Tình trạng"],
        "t in tasks",
        [
            ("{{ t.stt }}", CENTRE),
            ("{{ t.name }}", LEFT),
            ("{{ t.lead }}", LEFT),
            ("{{ t.result }}", LEFT),
            ("{{ t.status }}", CENTRE),
        ],
        (13, 55, 35, 38, 24),
    )
    _heading(doc, "2. Kết quả theo đơn vị thực hiện")
    _list(
        doc,
        "u in doers",
        "- {{ u.name }}: {{ u.result }}.",
        "Chưa có đơn vị nào ghi kết quả trong kỳ.",
        items="doers",
    )
    _control(doc, "{%p if activity_chart %}")
    _figure(doc, "{{ activity_chart }}")
    _control(doc, "{%p endif %}")

    _heading(doc, "II. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ")
    _para(
        doc,
        "Tính đến hết ngày {{ as_of }}, Kế hoạch có {{ total.total }} nhiệm vụ: hoàn thành "
        "đúng hạn {{ total.done_on_time }}; hoàn thành quá hạn {{ total.done_late }}; chưa "
        "hoàn thành trong hạn {{ total.open_on_time }}; chưa hoàn thành quá hạn "
        "{{ total.open_late }}{{ total.unknown_text }}. Tỷ lệ hoàn thành đúng hạn đạt "
        "{{ total.on_time_rate }}, tỷ lệ quá hạn {{ total.late_rate }}.",
    )
    p = _plain(doc, "Đơn vị tính: nhiệm vụ", align=RIGHT, size=12, italic=True)
    p.paragraph_format.space_after = Pt(2)
    p.paragraph_format.keep_with_next = True
    _data_table(
        doc,
        [
            "TT",
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
            ("{{ loop.index }}", CENTRE),
            ("{{ r.unit }}", LEFT),
            *((f"{{{{ r.{k} }}}}", CENTRE) for k in _COUNT_KEYS),
        ],
        (10, 39, 14, 17, 17, 17, 17, 17, 17),
        total=["", "{{ total.unit }}", *(f"{{{{ total.{k} }}}}" for k in _COUNT_KEYS)],
    )
    _para(doc, "{{ table_note }}", style="Ghi chú bảng")
    _figure(doc, "{{ status_chart }}")

    _heading(doc, "III. NHIỆM VỤ CHẬM, QUÁ HẠN")
    _list(
        doc,
        "t in late",
        "- Nhiệm vụ {{ t.stt }} ({{ t.name }}), cơ quan chủ trì: {{ t.lead }}: {{ t.missing }}.",
        "Không có nhiệm vụ chưa hoàn thành quá hạn.",
        items="late",
    )
    _control(doc, "{%p if done_late %}")
    _para(doc, "Nhiệm vụ đã hoàn thành nhưng quá hạn:")
    _control(doc, "{%p endif %}")
    _control(doc, "{%p for t in done_late %}")
    _para(
        doc,
        "- Nhiệm vụ {{ t.stt }} ({{ t.name }}), cơ quan chủ trì: {{ t.lead }}: {{ t.missing }}.",
    )
    _control(doc, "{%p endfor %}")

    _heading(doc, "IV. NHỮNG VẤN ĐỀ VỀ SỐ LIỆU CẦN KIỂM TRA")
    _list(
        doc,
        "p in problems",
        "- {{ p }}",
        "Không phát hiện vấn đề về số liệu.",
        items="problems",
    )
    _control(doc, "{%p if problems_more %}")
    _para(doc, "- Và {{ problems_more }} vấn đề khác (xem ghi chú trong bảng tính).")
    _control(doc, "{%p endif %}")

    _heading(doc, "V. NHIỆM VỤ CẦN THỰC HIỆN TRONG {{ next_period.name_upper }}")
    _list(
        doc,
        "d in due_next",
        "- Nhiệm vụ {{ d.stt }} ({{ d.name }}): {{ d.what }}; cơ quan chủ trì: {{ d.lead }}.",
        "Không có nhiệm vụ đến hạn trong {{ next_period.name }}.",
        items="due_next",
    )
    _para(
        doc,
        "Trên đây là báo cáo kết quả thực hiện {{ period.name }} của Ủy ban nhân dân "
        "{{ org.commune }}./.",
    )


_COUNT_KEYS = (
    "total",
    "done_on_time",
    "done_late",
    "open_on_time",
    "open_late",
    "on_time_rate",
    "late_rate",
)


def _closing(doc: DocxDocument) -> None:
    """'Nơi nhận' on the left, the signature block on the right, kept on one page."""
    table = _table(doc, 1, (80, 85), borders=False)
    _keep_rows_whole(table)
    left, right = table.rows[0].cells
    p = _cell_text(left, "", style="Normal")
    p.paragraph_format.space_before = Pt(12)
    _run(p, "Nơi nhận:", bold=True, italic=True, size=12)
    _control(left, "{%p for r in recipients %}")
    _para(left, "- {{ r }}", style="Nơi nhận")
    _control(left, "{%p endfor %}")
    p = _cell_text(right, "", style="Normal", align=CENTRE)
    p.paragraph_format.space_before = Pt(12)
    _run(p, "{{ signer.on_behalf }}", bold=True, size=14)
    _plain(right, "{{ signer.title }}", bold=True, size=14)
    for _ in range(5):  # room for the signature and the seal
        _plain(right)
    _plain(right, "{{ signer.name }}", bold=True, size=14)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("bao_cao.docx")
    main(target)
    print(target)
