"""Write plan documents the way offices lay them out, with python-docx.

Usage::

    doc = new_document()
    letterhead(doc, ["ỦY BAN NHÂN DÂN", "XÃ GIA TÂN"], "Số: 45/KH-UBND",
               "Gia Tân, ngày 12 tháng 3 năm 2024", layout="table")
    title(doc, "Tuyên truyền cải cách hành chính năm 2024")
    task_table(doc, [["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"], ["1", "…", "…", "Quý I/2024"]])
    signature(doc, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Văn A", layout="table")
    doc.save(path)

In a table's rows, ``LEFT`` merges a cell into the one on its left (a header or group title
spanning columns, ``w:gridSpan``) and ``UP`` into the one above (a lead unit for a block of
tasks, ``w:vMerge``); "\\n" in a value starts a new paragraph of the cell. Letterheads and
signatures come in the three layouts offices use: a borderless table, paragraphs with tabs,
text boxes (with the legacy VML copy Word saves beside them).
"""

from __future__ import annotations

from collections.abc import Sequence

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

LEFT = "<merge-left>"
UP = "<merge-up>"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def new_document() -> Document:
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    return doc


def letterhead(
    doc: Document, issuer: Sequence[str], number: str, place_date: str, *, layout: str = "table"
) -> None:
    left = [*issuer, "-------", number]
    right = [*MOTTO, "---------------", place_date]
    if layout == "table":
        _two_columns(doc, left, right)
    elif layout == "paragraphs":
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else ""
            b = right[i] if i < len(right) else ""
            doc.add_paragraph(f"{a}\t\t{b}")
    elif layout == "textboxes":
        _text_boxes(doc, left, right)
    else:
        raise ValueError(layout)


def title(doc: Document, *lines: str, kind: str = "KẾ HOẠCH") -> None:
    doc.add_paragraph()
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(kind).bold = True
    for line in lines:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
    doc.add_paragraph("-----------")


def paragraphs(doc: Document, *texts: str) -> None:
    for text in texts:
        doc.add_paragraph(text)


def page_break(doc: Document) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def signature(
    doc: Document,
    authority: Sequence[str],
    name: str,
    *,
    recipients: Sequence[str] = ("- Như trên;", "- Lưu: VT."),
    layout: str = "table",
) -> None:
    right = [*authority, "", "(Đã ký)", "", name]
    left = ["Nơi nhận:", *recipients]
    if layout == "table":
        _two_columns(doc, left, right)
    elif layout == "paragraphs":
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else ""
            b = right[i] if i < len(right) else ""
            doc.add_paragraph(f"{a}\t\t\t{b}")
    else:
        raise ValueError(layout)


def task_table(
    doc: Document,
    rows: Sequence[Sequence[str]],
    *,
    header_rows: int = 1,
    repeat_header: bool = True,
    numbered_stt: bool = False,
) -> None:
    """A bordered table; ``numbered_stt``: the first column's body cells are blank paragraphs
    in Word's "List Number" style, so their numbers exist only as automatic numbering."""
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value in (LEFT, UP):
                continue
            cell = table.cell(r, c)
            if numbered_stt and c == 0 and r >= header_rows and value == "#":
                cell.paragraphs[0].style = doc.styles["List Number"]
                continue
            lines = value.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    for r, row in enumerate(rows):  # merge after filling, so merged texts are not moved
        for c, value in enumerate(row):
            if value == LEFT:
                origin = c - 1
                while rows[r][origin] == LEFT:
                    origin -= 1
                table.cell(r, origin).merge(table.cell(r, c))
            elif value == UP:
                top = r - 1
                while rows[top][c] == UP:
                    top -= 1
                table.cell(top, c).merge(table.cell(r, c))
    if repeat_header:
        for r in range(header_rows):
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    doc.add_paragraph()  # Word keeps a paragraph after every table (.doc cannot end in one)


def _two_columns(doc: Document, left: Sequence[str], right: Sequence[str]) -> None:
    table = doc.add_table(rows=1, cols=2)  # the default style: no borders
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.paragraphs[0].text = lines[0]
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for line in lines[1:]:
            cell.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _text_boxes(doc: Document, left: Sequence[str], right: Sequence[str]) -> None:
    """One paragraph anchoring two floating text boxes, each saved as DrawingML with a VML
    fallback, as Word does."""
    anchor = doc.add_paragraph()
    for n, lines in enumerate((left, right), start=1):
        body = "".join(
            f"<w:p><w:pPr><w:jc w:val='center'/></w:pPr><w:r><w:t xml:space='preserve'>"
            f"{_escape(line)}</w:t></w:r></w:p>"
            for line in lines
        )
        anchor._p.append(parse_xml(_TEXT_BOX.format(ns=_NAMESPACES, n=n, x=n * 3000000, body=body)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_NAMESPACES = (
    f"{nsdecls('w', 'wp', 'a')} "
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
_TEXT_BOX = """<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{n}"
 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset>
</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="2700000" cy="1200000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>
<wp:docPr id="{n}" name="Text Box {n}"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>
<a:ext cx="2700000" cy="1200000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
</wps:spPr><wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>
</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape id="tb{n}" type="#_x0000_t202" style="position:absolute">
<v:textbox><w:txbxContent>{body}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""
