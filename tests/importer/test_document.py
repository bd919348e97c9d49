"""Reading .docx XML the way Word lays it out: merges, tracked changes, fields, content
controls, nested tables, text boxes, list numbers."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from sheets_sync.importer.blocks import Paragraph, Table
from sheets_sync.importer.document import read_docx
from tests.importer.build import LEFT, UP, letterhead, new_document, task_table


def _with_body(tmp_path: Path, xml: str) -> list:
    """A .docx whose body is ``xml`` (WordprocessingML without namespace declarations)."""
    doc = docx.Document()
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    wrapper = parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")
    for i, child in enumerate(list(wrapper)):
        body.insert(i, child)
    path = tmp_path / "x.docx"
    doc.save(str(path))
    return read_docx(path)


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text)}</w:tc>"


def _grid(table: Table) -> list[list[tuple[str, int, int]]]:
    return [[(c.text, c.top, c.left) for c in row] for row in table.grid]


def test_merges_across_and_down_are_one_cell_at_every_position(tmp_path: Path):
    doc = new_document()
    task_table(doc, [["A", LEFT, "C"], ["1", "x", "lead"], ["2", "y", UP]], repeat_header=False)
    doc.save(str(tmp_path / "m.docx"))
    (table,) = [b for b in read_docx(tmp_path / "m.docx") if isinstance(b, Table)]
    assert _grid(table) == [
        [("A", 0, 0), ("A", 0, 0), ("C", 0, 2)],
        [("1", 1, 0), ("x", 1, 1), ("lead", 1, 2)],
        [("2", 2, 0), ("y", 2, 1), ("lead", 1, 2)],
    ]
    assert table.cell(2, 2) is table.cell(1, 2) and table.cell(1, 2).height == 2


def test_grid_before_legacy_hmerge_and_text_left_in_a_continued_cell(tmp_path: Path):
    restart_across, across = "<w:hMerge w:val='restart'/>", "<w:hMerge/>"
    restart_down, down = "<w:vMerge w:val='restart'/>", "<w:vMerge/>"
    first = _tc("STT") + _tc("Nội dung", restart_across) + _tc("", across)
    first += _tc("Chủ trì", restart_down)
    second = "<w:trPr><w:gridBefore w:val='1'/></w:trPr>" + _tc("a") + _tc("b")
    second += _tc("và Công an", down)
    (table,) = _with_body(
        tmp_path, f"<w:tbl><w:tr>{first}</w:tr><w:tr>{second}</w:tr></w:tbl><w:p/>"
    )[:1]
    assert _grid(table) == [
        [("STT", 0, 0), ("Nội dung", 0, 1), ("Nội dung", 0, 1), ("Chủ trì\nvà Công an", 0, 3)],
        [("", 1, 0), ("a", 1, 1), ("b", 1, 2), ("Chủ trì\nvà Công an", 0, 3)],
    ]


def test_text_is_what_the_page_shows(tmp_path: Path):
    blocks = _with_body(
        tmp_path,
        "<w:p><w:r><w:t>Quý </w:t></w:r>"
        "<w:del w:id='1' w:author='A'><w:r><w:delText>II</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='A'><w:r><w:t>III</w:t></w:r></w:ins>"
        "<w:r><w:t>/2025</w:t><w:tab/><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p>"
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        '<w:r><w:instrText> DATE \\@ "dd/MM/yyyy" </w:instrText></w:r>'
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>12/03/2025</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
        "<w:sdt><w:sdtContent>" + _p("trong điều khiển nội dung") + "</w:sdtContent></w:sdt>",
    )
    assert [b.text for b in blocks] == [
        "Quý III/2025\tx\ny",
        "12/03/2025",
        "trong điều khiển nội dung",
    ]


def test_a_table_inside_a_cell_is_read_as_lines_of_that_cell_and_as_a_table(tmp_path: Path):
    inner = f"<w:tbl><w:tr>{_tc('ỦY BAN NHÂN DÂN')}</w:tr><w:tr>{_tc('XÃ AN BÌNH')}</w:tr></w:tbl>"
    (table, nested, _) = _with_body(
        tmp_path, f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc>{_tc('CỘNG HÒA')}</w:tr></w:tbl><w:p/>"
    )
    assert [c.text for c in table.grid[0]] == ["ỦY BAN NHÂN DÂN\nXÃ AN BÌNH", "CỘNG HÒA"]
    assert [[c.text for c in row] for row in nested.grid] == [["ỦY BAN NHÂN DÂN"], ["XÃ AN BÌNH"]]


def test_text_boxes_are_read_once_before_their_anchor(tmp_path: Path):
    doc = new_document()
    doc.add_paragraph("trước")
    letterhead(
        doc,
        ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"],
        "Số: 1/KH-UBND",
        "An Bình, ngày 1 tháng 2 năm 2025",
        layout="textboxes",
    )
    doc.add_paragraph("sau")
    doc.save(str(tmp_path / "t.docx"))
    texts = [b.text for b in read_docx(tmp_path / "t.docx") if isinstance(b, Paragraph)]
    assert texts[0] == "trước" and texts[-1] == "sau"
    assert texts.count("XÃ AN BÌNH") == 1  # not again from the VML copy
    assert texts.index("XÃ AN BÌNH") < texts.index("An Bình, ngày 1 tháng 2 năm 2025")


def test_word_list_numbers_are_read_as_printed(tmp_path: Path):
    doc = new_document()
    numbering = doc.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f"<w:abstractNum {nsdecls('w')} w:abstractNumId='90'>"
            "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='upperRoman'/>"
            "<w:lvlText w:val='%1.'/></w:lvl>"
            "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='decimal'/>"
            "<w:lvlText w:val='%1.%2'/></w:lvl>"
            "<w:lvl w:ilvl='2'><w:start w:val='1'/><w:numFmt w:val='lowerLetter'/>"
            "<w:lvlText w:val='%3)'/></w:lvl></w:abstractNum>"
        ),
    )
    numbering.append(
        parse_xml(f"<w:num {nsdecls('w')} w:numId='90'><w:abstractNumId w:val='90'/></w:num>")
    )
    for level, text in [(0, "A"), (1, "B"), (1, "C"), (2, "D"), (0, "E"), (1, "F")]:
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(
                f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{level}'/><w:numId w:val='90'/></w:numPr>"
            )
        )
    doc.save(str(tmp_path / "n.docx"))
    texts = [b.text for b in read_docx(tmp_path / "n.docx") if b.text]
    assert texts == ["I. A", "I.1 B", "I.2 C", "a) D", "II. E", "II.1 F"]


def test_a_task_table_framed_in_a_one_cell_table_is_found(tmp_path: Path):
    from sheets_sync.importer import read_plan

    rows = [["STT", "Nội dung", "Chủ trì", "Thời gian"], ["1", "Họp", "Văn phòng", "Quý I/2025"]]
    inner = "".join(f"<w:tr>{''.join(_tc(v) for v in row)}</w:tr>" for row in rows)
    path = tmp_path / "khung.docx"
    doc = docx.Document()
    frame = doc.add_table(rows=1, cols=1)
    cell = frame.cell(0, 0)
    cell.paragraphs[0].text = "PHỤ LỤC NHIỆM VỤ NĂM 2025"
    cell._tc.append(parse_xml(f"<w:tbl {nsdecls('w')}>{inner}</w:tbl>"))
    cell.add_paragraph("")
    doc.add_paragraph()
    doc.save(str(path))
    plan = read_plan(path, fallback_year=2000)
    assert [(t.stt, t.task, t.lead, t.timeframe) for t in plan.tasks] == [
        ("1", "Họp", "Văn phòng", "Quý I/2025")
    ]
    assert plan.year == 2025
