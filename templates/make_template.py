"""Build the default templates from scratch: templates/bao_cao.docx (the report) and
templates/ghi_chu_noi_bo.docx (the office's internal companion written beside it).

The .docx files are what the office edits in Word or LibreOffice: wording, letterhead, styles and
layout all live there, and ``sheets_sync.report`` only fills in the Jinja2 tags (docxtpl). The
phrases the report is made of ("đăng tải 07 tin bài", "chưa có kết quả trong tháng 6/2024") are
macros at the top of bao_cao.docx, so the office can reword them too. This script makes the first
version and documents its structure; running it again discards edits made to the .docx files, so
once the office has changed them, their copies are the ones to keep. Usage::

    .venv/bin/python templates/make_template.py [FOLDER]

Layout of Nghị định 30/2020/NĐ-CP, Phụ lục I (see docs/reports.md for the rules and sources):
A4 portrait, margins 20/20/30/15 mm (top/bottom/left/right), Times New Roman throughout, page
numbers from page 2 at the top centre; a borderless two-column header (issuing body | national
title and motto, then the number line | place and date), title and trích yếu, numbered sections,
"Nơi nhận" beside the signature block, then the appendices (phụ lục) on pages of their own, as
the decree allows for long tables. Tables have fixed column widths and explicit borders on
every cell, so they look the same in Word, LibreOffice and a Google Doc converted from the .docx.

Paragraph styles carry the formatting, so the office changes a style once instead of every
paragraph: "Nội dung" (body), "Mục" (section heading), "Ô bảng" / "Đầu bảng" (table cells),
"Nơi nhận", "Ghi chú bảng", "Cụm từ" (the phrase macros, removed when a report is made).
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


REPORT = "bao_cao.docx"
COMPANION = "ghi_chu_noi_bo.docx"


def main(folder: Path) -> list[Path]:
    return [build_report(folder / REPORT), build_companion(folder / COMPANION)]


def _blank(title: str) -> DocxDocument:
    doc = Document()
    _page(doc)
    _fonts(doc)
    _styles(doc)
    _page_numbers(doc)
    doc.core_properties.title = title
    doc.core_properties.author = "sheets-sync"
    doc.core_properties.language = "vi-VN"
    _drop_thumbnail(doc)
    return doc


def build_report(out: Path) -> Path:
    doc = _blank("Báo cáo kết quả thực hiện kế hoạch")
    _phrases(doc)
    _letterhead(doc)
    _title(doc)
    _body(doc)
    _closing(doc)
    _appendices(doc)
    doc.save(out)
    return out


def build_companion(out: Path) -> Path:
    doc = _blank("Ghi chú nội bộ kèm báo cáo")
    _companion(doc)
    doc.save(out)
    return out


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
    _style(doc, "Cụm từ", size=11, italic=True)


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


# The order the schema gives a table's properties (Word refuses a file that breaks it).
_TBL_PR_ORDER = ("tblStyle", "tblW", "jc", "tblBorders", "tblLayout", "tblCellMar", "tblLook")


def _table(
    container,
    rows: int,
    widths_mm: tuple[float, ...],
    *,
    borders: bool,
    cell_margin_mm: float | None = None,
) -> Table:
    """A table Word, LibreOffice and Google Docs all lay out alike: fixed layout, the widths in
    the grid and in every cell, and borders set on the table and on each cell (Google Docs
    ignores a table style such as 'Table Grid' when it converts a .docx). ``cell_margin_mm``
    narrows the space left and right in each cell (Word's default is 1.9 mm), for tables of
    many narrow columns."""
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblStyle")):
        tbl_pr.remove(old)
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        _add_in_order(tbl_pr, width, _TBL_PR_ORDER)
    width.set(qn("w:w"), _dxa(sum(widths_mm)))
    width.set(qn("w:type"), "dxa")
    _add_in_order(tbl_pr, _borders("w:tblBorders", borders, inside=True), _TBL_PR_ORDER)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _add_in_order(tbl_pr, layout, _TBL_PR_ORDER)
    if cell_margin_mm is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), _dxa(cell_margin_mm))
            el.set(qn("w:type"), "dxa")
            margins.append(el)
        _add_in_order(tbl_pr, margins, _TBL_PR_ORDER)
    for col, mm in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), _dxa(mm))
    for row in table.rows:
        for cell, mm in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(mm)
            cell._tc.get_or_add_tcPr().append(_borders("w:tcBorders", borders, inside=False))
    return table


def _add_in_order(parent, child, order: tuple[str, ...]) -> None:
    """Insert ``child`` before the first sibling that comes after it in ``order``."""
    name = child.tag.rsplit("}", 1)[-1]
    later = order[order.index(name) + 1 :]
    for sibling in parent:
        if sibling.tag.rsplit("}", 1)[-1] in later:
            sibling.addprevious(child)
            return
    parent.append(child)


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
    """A short centred line right under the text above: the bottom border of an empty paragraph
    one point high (its mark one point too: an empty paragraph is as tall as its mark's font),
    indented to the line's width."""
    p = _plain(container)
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(2), Pt(after), Pt(1)
    side = (box_mm - width_mm) / 2
    fmt.left_indent, fmt.right_indent = Mm(side), Mm(side)
    p_pr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    # The schema orders pPr's children (Word refuses a file that breaks the order).
    later = [p_pr.find(qn(f"w:{t}")) for t in ("shd", "tabs", "spacing", "ind", "jc")]
    following = next((el for el in later if el is not None), None)
    if following is not None:
        following.addprevious(bdr)
    else:
        p_pr.append(bdr)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    p_pr.append(mark)


def _control(container, tag: str) -> None:
    """A docxtpl paragraph tag ({%p ... %}): the paragraph disappears when rendered."""
    _para(container, tag, style="Normal")


# --- the phrases ------------------------------------------------------------------------------

# Each phrase is a macro whose body is one paragraph: the report prints its text where the macro
# is called ("{{ hinh_thuc(f) }}"), so the office rewords a phrase once, here. The data are plain
# values (listed in docs/reports.md); numbers under 10 get their 0 through the ``padded`` filter.
PHRASES: list[tuple[str, str]] = [
    (
        # What was done in one form of work, e.g. "đăng tải 07 tin bài". ``f.kind`` is the
        # form's name without diacritics or capitals ("tin bai", "mang xa hoi zalo fanpage").
        "hinh_thuc(f)",
        '{% if f.kind.startswith("tin bai") %}đăng tải {{ f.count|padded }} tin bài'
        '{% elif f.kind.startswith("phat thanh") %}phát sóng {{ f.count|padded }} buổi phát thanh'
        '{% elif f.kind.startswith("hoi nghi") %}tổ chức {{ f.count|padded }} hội nghị'
        '{% elif f.kind.startswith("niem yet") %}niêm yết công khai {{ f.count|padded }} nội dung'
        '{% elif f.kind.startswith("tap huan") %}tổ chức {{ f.count|padded }} lớp tập huấn'
        '{% elif f.kind.startswith("khao sat") %}thực hiện {{ f.count|padded }} đợt khảo sát'
        '{% elif f.kind.startswith("doi thoai") %}tổ chức {{ f.count|padded }} buổi đối thoại'
        '{% elif f.kind.startswith("truc quan") %}thực hiện {{ f.count|padded }} sản phẩm '
        "tuyên truyền trực quan"
        '{% elif f.kind.startswith("mang xa hoi") %}đăng {{ f.count|padded }} tin bài trên '
        "{{ f.name|lower_first }}"
        '{% elif f.kind == "khac" %}thực hiện {{ f.count|padded }} hoạt động khác'
        "{% else %}thực hiện {{ f.name|lower_first }} (số lượng {{ f.count|padded }}){% endif %}",
    ),
    (
        # A list in a sentence: "tháng 6/2024 và tháng 9/2024", "A, B và C".
        "liet_ke(items)",
        "{% for x in items %}{{ x }}{% if loop.revindex == 2 %} và "
        "{% elif not loop.last %}, {% endif %}{% endfor %}",
    ),
    (
        # What a task past due still owes: the occurrences without a result, or its due date.
        "con_no(t)",
        "{% if t.missed %}chưa có kết quả trong {{ liet_ke(t.missed) }}"
        "{% else %}thời hạn {{ t.due }}, đến nay chưa hoàn thành"
        "{% if t.days_late %} (chậm {{ t.days_late }} ngày){% endif %}{% endif %}",
    ),
    (
        # A task finished after its due date.
        "hoan_thanh_muon(t)",
        "hoàn thành ngày {{ t.done }}, chậm {{ t.days_late }} ngày so với thời hạn {{ t.due }}",
    ),
    (
        # When a task falls due in the next period: its deadline, or the months/quarters in it.
        "den_han(d)",
        "{% if d.spans %}thực hiện trong {{ liet_ke(d.spans) }}{% else %}thời hạn {{ d.due }}"
        "{% endif %}",
    ),
    (
        # A task's result in the period, for the table of Phụ lục I.
        "ket_qua(t)",
        "{% for f in t.forms %}{{ hinh_thuc(f)|upper_first if loop.first else hinh_thuc(f) }}"
        '{{ "; " if not loop.last else "" }}{% endfor %}'
        "{% if t.done and t.forms %}; hoàn thành ngày {{ t.done }}"
        "{% elif t.done %}Đã hoàn thành ngày {{ t.done }}"
        "{% elif not t.forms %}Chưa có hoạt động trong kỳ{% endif %}",
    ),
]


def _phrases(doc: DocxDocument) -> None:
    _control(doc, "{#p Cụm từ của báo cáo: sửa lời văn trong các khối macro dưới đây #}")
    for signature, body in PHRASES:
        _control(doc, "{%p macro " + signature + " %}")
        _para(doc, body, style="Cụm từ")
        _control(doc, "{%p endmacro %}")


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
    # ``period.title`` holds the period's name with non-breaking spaces: a long trích yếu
    # breaks before it, never inside it (no "2024" alone on the second line).
    p = _plain(doc, "{{ subject }} {{ period.title }}", bold=True, size=14)
    p.paragraph_format.keep_with_next = True
    _rule(doc, TITLE_RULE_MM, TEXT_WIDTH_MM, after=12)
    # A report asked for before its period ended says so under its title (--provisional).
    _control(doc, "{%p if provisional %}")
    p = _plain(doc, "({{ provisional|upper_first }})", italic=True, size=14)
    p.paragraph_format.space_after = Pt(12)
    _control(doc, "{%p endif %}")
    _control(doc, "{%p if addressee %}")
    p = _plain(doc, "Kính gửi: {{ addressee }}.", size=14)
    p.paragraph_format.space_after = Pt(12)
    _control(doc, "{%p endif %}")


def _heading(doc: DocxDocument, text: str) -> None:
    _para(doc, text, style="Mục")


def _list(doc: DocxDocument, loop: str, item: str) -> None:
    """One paragraph per item of ``loop``."""
    _control(doc, "{%p for " + loop + " %}")
    _para(doc, item)
    _control(doc, "{%p endfor %}")


def _office_or_draft(doc: DocxDocument, section: str, *draft: str) -> None:
    """The office's paragraphs for ``section`` (tab Báo cáo), else the draft paragraphs."""
    _control(doc, "{%p if remarks." + section + " %}")
    _list(doc, "x in remarks." + section, "{{ x }}")
    _control(doc, "{%p else %}")
    for paragraph in draft:
        _para(doc, paragraph)
    _control(doc, "{%p endif %}")


def _data_table(
    doc: DocxDocument,
    headers: list[str],
    loop: str,
    cells: list[tuple[str, object]],
    widths_mm: tuple[float, ...],
    total: list[str] | None = None,
    cell_margin_mm: float | None = None,
) -> Table:
    """Header row, a docxtpl row loop over ``loop`` and an optional bold total row.
    ``cells`` are (tag, alignment) pairs."""
    rows = 4 + (1 if total else 0)
    table = _table(doc, rows, widths_mm, borders=True, cell_margin_mm=cell_margin_mm)
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
    return table


def _figure(doc: DocxDocument, tag: str) -> None:
    p = _plain(doc, tag)
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.space_after = Pt(6)


def _caption(doc: DocxDocument, text: str) -> None:
    """A table's title above it, kept with the table."""
    p = _plain(doc, text, size=13, bold=True)
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.space_after = Pt(4)
    p.paragraph_format.keep_with_next = True


def _body(doc: DocxDocument) -> None:
    _para(
        doc,
        "Thực hiện {% if plan.number %}Kế hoạch số {{ plan.number }}"
        "{% if plan.issued %} ngày {{ plan.issued }}{% endif %} của Ủy ban nhân dân "
        "{{ org.commune }} về {{ plan.about }}{% elif plan.reference %}{{ plan.reference }}"
        "{% else %}{{ plan.name }}{% endif %}, Ủy ban nhân dân {{ org.commune }} báo cáo kết quả "
        "thực hiện {{ period.name }} (số liệu {% if period.early %}tạm {% endif %}tính từ ngày "
        "{{ period.start }} đến hết ngày "
        '{{ period.as_of }}{% if period.cut == "nd09" %}, theo thời gian chốt số liệu báo cáo '
        "định kỳ tại Điều 12 Nghị định số 09/2019/NĐ-CP"
        '{% if period.kind == "nine_months" %}, áp dụng cho kỳ báo cáo 9 tháng{% endif %}'
        "{% endif %}{% if period.early %}; kỳ báo cáo kết thúc ngày {{ period.end }}{% endif %}) "
        "như sau:",
    ).paragraph_format.space_before = Pt(6)

    _heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    _heading(doc, "1. Công tác chỉ đạo, điều hành")
    _office_or_draft(
        doc,
        "direction",
        "Ủy ban nhân dân {{ org.commune }} giao {{ task_count|padded }} nhiệm vụ của Kế hoạch cho "
        "{{ lead_count|padded }} cơ quan, đơn vị chủ trì thực hiện; thường xuyên theo dõi, đôn đốc "
        "tiến độ thực hiện{% if late %}, nhắc nhở các cơ quan, đơn vị có nhiệm vụ chậm{% endif %}.",
    )

    _heading(doc, "2. Kết quả thực hiện các hoạt động")
    _para(
        doc,
        "Trong {{ period.name }}, {% if entries %}các cơ quan, đơn vị đã triển khai "
        "{{ active_tasks|padded }}/{{ task_count|padded }} nhiệm vụ của Kế hoạch với "
        "{{ entries|padded }} hoạt động{% if forms %}, gồm: {% for f in forms %}{{ hinh_thuc(f) }}"
        '{{ ", " if not loop.last else "" }}{% endfor %}{% endif %}'
        "{% else %}chưa ghi nhận hoạt động nào của các cơ quan, đơn vị trong sổ theo dõi tiến độ"
        "{% endif %}{% if previous %} ({{ previous.name }}: {% if previous.entries %}"
        "{{ previous.entries|padded }} hoạt động{% else %}chưa ghi nhận hoạt động{% endif %})"
        "{% endif %}.{% if excluded %} Số liệu chưa tính {{ excluded|padded }} hoạt "
        "động ghi chép chưa đầy đủ, đang được rà soát.{% endif %}",
    )
    _control(doc, "{%p if activity.rows and activity.columns|length > 1 %}")
    _caption(doc, "Kết quả theo hình thức thực hiện")
    _comparison_table(doc)
    _control(doc, "{%p endif %}")
    _control(doc, "{%p if doers %}")
    _para(
        doc,
        "Theo cơ quan, đơn vị thực hiện: {% for u in doers %}{{ u.name }} {% for f in u.forms %}"
        '{{ hinh_thuc(f) }}{{ ", " if not loop.last else "" }}{% endfor %}'
        '{{ "; " if not loop.last else "." }}{% endfor %}',
    ).paragraph_format.space_before = Pt(6)  # off the table above it
    _control(doc, "{%p endif %}")

    _heading(doc, "3. Tình hình thực hiện các nhiệm vụ")
    _para(
        doc,
        "Tính đến hết ngày {{ period.as_of }}, Kế hoạch có {{ status.total|padded }} nhiệm vụ, "
        "trong đó {{ status.due|padded }} nhiệm vụ đã đến hạn{% if status.due %}: "
        "{{ status.due_on_time|padded }} nhiệm vụ bảo đảm thời hạn, đạt "
        "{{ status.due_on_time_rate }} số nhiệm vụ đã đến hạn; {{ status.late|padded }} nhiệm vụ "
        "quá hạn, chiếm {{ status.due_late_rate }}{% endif %}; {{ status.not_due|padded }} nhiệm "
        "vụ chưa đến hạn{% if status.unknown %}; {{ status.unknown|padded }} nhiệm vụ chưa xác "
        "định được thời hạn{% endif %}.{% if status.done %} Đã hoàn thành "
        "{{ status.done|padded }}/{{ status.total|padded }} nhiệm vụ của Kế hoạch "
        "({{ status.done_rate }}){% if status.done_late %}, trong đó "
        "{{ status.done_late|padded }} nhiệm vụ hoàn thành quá hạn{% endif %}."
        "{% else %} Đến nay chưa có nhiệm vụ nào hoàn thành.{% endif %}",
    )
    _control(doc, "{%p if previous %}")
    _caption(doc, "So sánh với {{ previous.name }}")
    _status_table(doc)
    _control(doc, "{%p endif %}")
    _para(
        doc,
        "Bảo đảm thời hạn: hoàn thành đúng hạn, hoặc (nhiệm vụ thường xuyên, định kỳ) có kết quả "
        "ở mọi kỳ đã qua. Chi tiết tại Phụ lục I (từng nhiệm vụ) và Phụ lục II (theo cơ quan chủ "
        "trì).",
        style="Ghi chú bảng",
    )

    _heading(doc, "4. Nhiệm vụ chậm, quá hạn")
    _control(doc, "{%p if late_units %}")
    _para(
        doc,
        "Còn {{ late|length|padded }} nhiệm vụ chưa hoàn thành quá hạn, thuộc "
        "{{ late_units|length|padded }} cơ quan, đơn vị: "
        '{{ liet_ke(late_units|map(attribute="unit")|list) }}.',
    )
    _list(
        doc,
        "u in late_units",
        "- {{ u.unit }}: {% for t in u.tasks %}nhiệm vụ {{ t.stt }}"
        "{% if t.first %} ({{ t.name }}){% endif %}, {{ con_no(t) }}"
        '{{ "; " if not loop.last else "." }}{% endfor %}',
    )
    _control(doc, "{%p else %}")
    _para(doc, "Không có nhiệm vụ chưa hoàn thành quá hạn.")
    _control(doc, "{%p endif %}")
    _control(doc, "{%p if done_late %}")
    _para(
        doc,
        "Nhiệm vụ đã hoàn thành nhưng chậm so với thời hạn: {% for t in done_late %}nhiệm vụ "
        "{{ t.stt }} ({{ t.name }}), {{ hoan_thanh_muon(t) }}"
        '{{ "; " if not loop.last else "." }}{% endfor %}',
    )
    _control(doc, "{%p endif %}")

    _heading(doc, "II. ĐÁNH GIÁ CHUNG")
    _heading(doc, "1. Ưu điểm")
    _office_or_draft(
        doc,
        "strengths",
        "{% if entries %}Các cơ quan, đơn vị chủ trì đã triển khai "
        "{{ active_tasks|padded }}/{{ task_count|padded }} nhiệm vụ trong kỳ với "
        "{{ entries|padded }} hoạt động{% if previous and entries > previous.entries %}, nhiều "
        "hơn {{ previous.name }}{% endif %}{% if status.due_on_time %}; {% endif %}"
        "{% elif status.due_on_time %}Có {% endif %}"
        "{% if status.due_on_time %}{{ status.due_on_time|padded }}/{{ status.due|padded }} "
        "nhiệm vụ đã đến hạn bảo đảm thời hạn{% endif %}{% if entries or status.due_on_time %}."
        "{% else %}Trong kỳ chưa có kết quả nổi bật.{% endif %}",
    )
    _heading(doc, "2. Tồn tại, hạn chế")
    _office_or_draft(
        doc,
        "weaknesses",
        "{% if late %}Còn {{ late|length|padded }} nhiệm vụ chưa hoàn thành quá hạn (nhiệm vụ "
        '{{ liet_ke(late|map(attribute="stt")|list) }}).{% endif %}'
        "{% if done_late %} Có {{ done_late|length|padded }} nhiệm vụ hoàn thành chậm so với "
        'thời hạn (nhiệm vụ {{ liet_ke(done_late|map(attribute="stt")|list) }}).{% endif %}'
        "{% if not late and not done_late %}Các nhiệm vụ đã đến hạn đều bảo đảm thời hạn."
        "{% endif %}",
    )
    _heading(doc, "3. Nguyên nhân")
    _office_or_draft(
        doc,
        "causes",
        "{% if late or done_late %}Một số cơ quan, đơn vị chủ trì chưa bố trí thực hiện nhiệm vụ "
        "đúng thời hạn theo Kế hoạch.{% else %}Các cơ quan, đơn vị chủ trì đã chủ động triển "
        "khai nhiệm vụ theo Kế hoạch.{% endif %}",
    )

    _heading(doc, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ next_period.name_upper }}")
    _list(doc, "x in remarks.plans", "{{ x }}")
    _control(doc, "{%p if late %}")
    _para(
        doc,
        "- Khẩn trương thực hiện các nhiệm vụ chậm, quá hạn nêu tại điểm 4 mục I (nhiệm vụ "
        '{{ liet_ke(late|map(attribute="stt")|list) }}).',
    )
    _control(doc, "{%p endif %}")
    # Deadlines in the next period one by one; recurring and ongoing work in one line.
    _control(doc, '{%p if due_next|rejectattr("spans")|list %}')
    # By date, not by the period's name: under the Nghị định 09 cut a deadline of 31/12 falls
    # in the period named after the next year.
    _para(doc, "- Hoàn thành các nhiệm vụ có thời hạn đến hết ngày {{ next_period.end }}:")
    _list(
        doc,
        'd in due_next|rejectattr("spans")',
        "+ Nhiệm vụ {{ d.stt }}{% if not d.late %} ({{ d.name }}){% endif %}, {{ den_han(d) }}, "
        "do {{ liet_ke(d.leads) }} chủ trì.",
    )
    _control(doc, "{%p endif %}")
    _para(
        doc,
        '{% set periodic = due_next|selectattr("spans")|map(attribute="stt")|list %}'
        "{% if next_period.year == plan.year %}- {% if periodic %}Duy trì các nhiệm vụ thường "
        "xuyên, định kỳ (nhiệm vụ {{ liet_ke(periodic) }}); c{% else %}C{% endif %}ác cơ quan, "
        "đơn vị chủ trì cập nhật kết quả thực hiện kịp thời để theo dõi, tổng hợp."
        "{% else %}- Tổng kết việc thực hiện Kế hoạch; xây dựng kế hoạch năm "
        "{{ next_period.year }}, trong đó bổ sung các nhiệm vụ chưa hoàn thành.{% endif %}",
    )

    _heading(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ")
    _office_or_draft(doc, "proposals", "Không có.")
    p = _para(
        doc,
        "Trên đây là báo cáo kết quả thực hiện {{ period.name }} của Ủy ban nhân dân "
        "{{ org.commune }}./.",
    )
    p.paragraph_format.keep_with_next = True  # never alone above the signature's page


def _comparison_table(doc: DocxDocument) -> None:
    """Quantities per form, one column per period (the period before, this one, the year so
    far): the cells between ``{%tc for %}`` and ``{%tc endfor %}`` repeat per column."""
    widths = (75, 30, 30, 30)
    table = _table(doc, 5, widths, borders=True)
    header, opening, data, closing, total = table.rows
    _cell_text(header.cells[0], "Hình thức", style="Đầu bảng")
    _cell_text(header.cells[1], "{%tc for c in activity.columns %}", style="Đầu bảng")
    _cell_text(
        header.cells[2],
        '{% if c.kind == "year" %}Lũy kế từ đầu năm{% else %}{{ c.label }}{% endif %}',
        style="Đầu bảng",
    )
    _cell_text(header.cells[3], "{%tc endfor %}", style="Đầu bảng")
    _cell_text(opening.cells[0], "{%tr for f in activity.rows %}")
    _cell_text(data.cells[0], "{{ f.name }}")
    _cell_text(data.cells[1], "{%tc for v in f.cells %}")
    _cell_text(data.cells[2], "{{ v }}", align=CENTRE)
    _cell_text(data.cells[3], "{%tc endfor %}")
    _cell_text(closing.cells[0], "{%tr endfor %}")
    _run(_cell_text(total.cells[0], ""), "Số hoạt động", bold=True)
    _cell_text(total.cells[1], "{%tc for v in activity.entries %}")
    _run(_cell_text(total.cells[2], "", align=CENTRE), "{{ v }}", bold=True)
    _cell_text(total.cells[3], "{%tc endfor %}")
    for row in table.rows:
        for cell in row.cells:
            _middle(cell)
    _repeat_header(table)
    _keep_rows_whole(table)


_STATUS_ROWS = (
    ("Nhiệm vụ đã đến hạn", "{{ s.due }}"),
    (
        "- Bảo đảm thời hạn (tỷ lệ trên số đã đến hạn)",
        "{{ s.due_on_time }} ({{ s.due_on_time_rate }})",
    ),
    ("- Quá hạn (tỷ lệ trên số đã đến hạn)", "{{ s.late }} ({{ s.due_late_rate }})"),
    ("Hoàn thành đúng hạn", "{{ s.done_on_time }}"),
    ("Hoàn thành quá hạn", "{{ s.done_late }}"),
    ("Chưa hoàn thành trong hạn", "{{ s.open_on_time }}"),
    ("Chưa hoàn thành quá hạn", "{{ s.open_late }}"),
    ("Tỷ lệ quá hạn trên tổng số nhiệm vụ", "{{ s.late_rate }}"),
)


def _status_table(doc: DocxDocument) -> None:
    """Each figure of section 3 beside the period before's."""
    widths = (85, 40, 40)
    table = _table(doc, 1 + len(_STATUS_ROWS), widths, borders=True)
    heads = ("Chỉ tiêu", "{{ previous.label }}", "{{ period.label }}")
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        _cell_text(cell, text, style="Đầu bảng")
        _middle(cell)
    for row, (label, value) in zip(table.rows[1:], _STATUS_ROWS, strict=True):
        _cell_text(row.cells[0], label)
        for cell, column in zip(row.cells[1:], ("previous.status", "status"), strict=True):
            _cell_text(cell, value.replace("s.", column + "."), align=CENTRE)
        for cell in row.cells:
            _middle(cell)
    _repeat_header(table)
    _keep_rows_whole(table)


_COUNT_KEYS = (
    "total",
    "done_on_time",
    "done_late",
    "open_on_time",
    "open_late",
    "due",
    "due_on_time_rate",
    "due_late_rate",
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
    _para(left, "- {{ r }};", style="Nơi nhận")
    _control(left, "{%p endfor %}")
    _para(left, "- Lưu: VT.", style="Nơi nhận")
    p = _cell_text(right, "", style="Normal", align=CENTRE)
    p.paragraph_format.space_before = Pt(12)
    _run(p, "{{ signer.on_behalf }}", bold=True, size=14)
    _plain(right, "{{ signer.title }}", bold=True, size=14)
    for _ in range(4):  # room for the signature and the seal
        _plain(right)
    _plain(right, "{{ signer.name }}", bold=True, size=14)


def _appendix_heading(doc: DocxDocument, number: str, title: str, *, new_page: bool) -> None:
    p = _plain(doc, f"Phụ lục {number}", bold=True, size=14)
    p.paragraph_format.page_break_before = new_page
    p.paragraph_format.space_before = Pt(0 if new_page else 18)
    p.paragraph_format.keep_with_next = True
    p = _plain(doc, title, bold=True, size=14)
    p.paragraph_format.keep_with_next = True
    p = _plain(
        doc,
        "(Kèm theo Báo cáo số {{ number }}/BC-{{ org.abbreviation }} ngày {{ day }} tháng "
        "{{ month }} năm {{ year }} của Ủy ban nhân dân {{ org.commune }})",
        italic=True,
        size=13,
    )
    p.paragraph_format.space_after = Pt(12)
    p.paragraph_format.keep_with_next = True


def _appendices(doc: DocxDocument) -> None:
    """The long tables, after the signature: each task (I), each lead unit (II)."""
    _appendix_heading(
        doc, "I", "KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ {{ period.name_upper }}", new_page=True
    )
    p = _plain(
        doc, "Tình trạng tính đến hết ngày {{ period.as_of }}", align=RIGHT, size=12, italic=True
    )
    p.paragraph_format.space_after = Pt(2)
    p.paragraph_format.keep_with_next = True
    _data_table(
        doc,
        [
            "STT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Thời hạn",
            "Kết quả trong kỳ",
            "Tình trạng",
        ],
        "t in tasks",
        [
            ("{{ t.stt }}", CENTRE),
            ("{{ t.name }}", LEFT),
            ('{{ t.leads|join("; ") }}', LEFT),
            ("{{ t.timeframe }}", CENTRE),
            ("{{ ket_qua(t) }}", LEFT),
            ("{{ t.status }}", CENTRE),
        ],
        (12, 50, 33, 20, 31, 19),
        cell_margin_mm=1,
    )
    _control(doc, "{%p if activity_chart %}")
    _figure(doc, "{{ activity_chart }}")
    _control(doc, "{%p endif %}")

    _appendix_heading(doc, "II", "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN CHỦ TRÌ", new_page=True)
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
            "Đã đến hạn",
            "Tỷ lệ bảo đảm thời hạn",
            "Tỷ lệ quá hạn",
        ],
        "r in by_unit",
        [
            ("{{ loop.index }}", CENTRE),
            ("{{ r.unit }}", LEFT),
            *((f"{{{{ r.{k} }}}}", CENTRE) for k in _COUNT_KEYS),
        ],
        (9, 44, 13, 14, 14, 14, 14, 13, 15, 15),
        total=["", "{{ total.unit }}", *(f"{{{{ total.{k} }}}}" for k in _COUNT_KEYS)],
        cell_margin_mm=1,
    )
    _para(
        doc,
        "Tỷ lệ tính trên số nhiệm vụ đã đến hạn (nhiệm vụ có thời hạn đã qua hoặc đã hoàn thành; "
        "nhiệm vụ thường xuyên, định kỳ đã qua ít nhất một kỳ).{% if shared_leads %} Nhiệm vụ có "
        "nhiều cơ quan chủ trì được tính cho từng cơ quan; dòng Tổng cộng tính mỗi nhiệm vụ một "
        "lần.{% endif %}{% if total.unknown %} Có {{ total.unknown|padded }} nhiệm vụ chưa xác "
        "định được thời hạn, chỉ tính ở cột Tổng số.{% endif %}",
        style="Ghi chú bảng",
    )
    _figure(doc, "{{ status_chart }}")


# --- the companion ----------------------------------------------------------------------------


def _companion(doc: DocxDocument) -> None:
    """The office's working notes beside a report: never sent with it."""
    p = _plain(doc, "GHI CHÚ NỘI BỘ KÈM BÁO CÁO {{ period.name_upper }}", bold=True, size=14)
    p.paragraph_format.keep_with_next = True
    p = _plain(
        doc,
        "(Tài liệu làm việc của văn phòng {{ org.body }}, không gửi kèm báo cáo; lập ngày "
        "{{ today }})",
        italic=True,
        size=13,
    )
    p.paragraph_format.space_after = Pt(12)
    _para(doc, "Hạn gửi báo cáo: ngày {{ report_due }}.")

    _heading(doc, "1. Số liệu cần sửa trong bảng tính")
    _control(doc, "{%p if problems %}")
    _para(
        doc,
        "Các ô dưới đây cần sửa hoặc kiểm tra lại (trong bảng tính, mỗi ô đã có ghi chú); "
        "dòng tiến độ chưa đọc được thì chưa được tính vào báo cáo. Sửa rồi chạy lại báo cáo.",
    )
    _data_table(
        doc,
        ["TT", "Trang", "Vị trí", "Vấn đề", "Cách sửa"],
        "p in problems",
        [
            ("{{ loop.index }}", CENTRE),
            ("{{ p.tab }}", LEFT),
            ("{{ p.where }}", LEFT),
            ("{{ p.issue }}", LEFT),
            ("{{ p.fix }}", LEFT),
        ],
        (10, 25, 28, 57, 45),
    )
    _control(doc, "{%p if problems_more %}")
    _para(doc, "Còn {{ problems_more }} ô khác: xem ghi chú trong bảng tính.")
    _control(doc, "{%p endif %}")
    _control(doc, "{%p else %}")
    _para(doc, "Không có.")
    _control(doc, "{%p endif %}")

    _heading(doc, "2. Nhiệm vụ thay đổi tình trạng từ báo cáo trước")
    _control(doc, "{%p if not since %}")
    _para(doc, "Đây là báo cáo đầu tiên của năm kế hoạch.")
    _control(doc, "{%p elif changed %}")
    _data_table(
        doc,
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Ngày {{ since }}", "Ngày {{ period.as_of }}"],
        "t in changed",
        [
            ("{{ t.stt }}", CENTRE),
            ("{{ t.name }}", LEFT),
            ("{{ t.leads }}", LEFT),
            ("{{ t.before }}", CENTRE),
            ("{{ t.after }}", CENTRE),
        ],
        (12, 63, 40, 25, 25),
    )
    _control(doc, "{%p else %}")
    _para(doc, "Không có nhiệm vụ nào thay đổi tình trạng từ ngày {{ since }}.")
    _control(doc, "{%p endif %}")

    _heading(doc, "3. Việc đến hạn trong 30 ngày tới (từ {{ today }} đến {{ horizon }})")
    _control(doc, "{%p if soon %}")
    _data_table(
        doc,
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Hạn", "Tình trạng hiện nay"],
        "t in soon",
        [
            ("{{ t.stt }}", CENTRE),
            ("{{ t.name }}", LEFT),
            ("{{ t.leads }}", LEFT),
            ("{{ t.due }}", CENTRE),
            ("{{ t.status }}", CENTRE),
        ],
        (12, 63, 40, 25, 25),
    )
    _control(doc, "{%p else %}")
    _para(doc, "Không có nhiệm vụ đến hạn.")
    _control(doc, "{%p endif %}")
    _control(doc, "{%p if overdue %}")
    _para(doc, "Đang quá hạn, cần đôn đốc:")
    _list(
        doc,
        "t in overdue",
        "- Nhiệm vụ {{ t.stt }} ({{ t.leads }}): {% if t.missed %}chưa có kết quả trong "
        '{{ t.missed|join(", ") }}{% else %}thời hạn {{ t.due }}, đến nay chưa hoàn thành'
        "{% endif %}.",
    )
    _control(doc, "{%p endif %}")

    _heading(doc, "4. Lời văn của văn phòng trong báo cáo")
    _para(
        doc,
        "Báo cáo lấy các mục dưới đây từ trang «{{ remarks_tab }}» của bảng tính khi văn phòng đã "
        "ghi; mục nào chưa ghi thì dùng câu soạn sẵn từ số liệu. Để ghi, thêm vào trang "
        "«{{ remarks_tab }}» một dòng: cột «Kỳ báo cáo» ghi {{ period.key }} (hoặc "
        "{{ period.label }}), cột «Mục» ghi tên mục, cột «Nội dung» ghi lời văn (xuống dòng để "
        "tách đoạn); rồi chạy lại báo cáo.",
    )
    _data_table(
        doc,
        ["Mục", "Nội dung trong báo cáo"],
        "s in sections",
        [("{{ s.name }}", LEFT), ("{{ s.source }}", LEFT)],
        (60, 105),
    )

    _heading(doc, "5. Trước khi trình ký")
    _para(
        doc,
        "- Số văn bản: {% if number %}{{ number }}/BC-{{ org.abbreviation }}{% else %}chưa có; "
        "ghi số vào văn bản khi vào sổ, hoặc ghi trước vào mục [report.numbers] của cấu hình"
        "{% endif %}.",
    )
    _para(
        doc,
        "- Ngày ký: {% if dated %}đã ghi ngày lập báo cáo{% else %}để trống, ghi tay khi ký"
        "{% endif %}.",
    )
    _para(
        doc,
        "- Đọc lại mục II (Đánh giá chung) và mục IV (Đề xuất, kiến nghị): câu soạn sẵn chỉ dựa "
        "trên số liệu.",
    )


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for path in main(target):
        print(path)
