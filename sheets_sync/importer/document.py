"""Read a .docx into paragraphs and tables in reading order, merged cells resolved.

Usage::

    blocks = read_docx(Path("ke-hoach.docx"))

What a signed plan puts where, and how it is read:

- body paragraphs, and the paragraphs of text boxes (letterheads are sometimes drawn in two
  boxes), in document order; a text box's paragraphs come just before the paragraph that
  anchors it, once (a box saved with its legacy VML copy is not read twice);
- tables, cell by cell: ``w:gridSpan`` and the legacy ``w:hMerge`` merge across, ``w:vMerge``
  down, ``w:gridBefore`` leaves grid columns empty at a row's start; a table inside a cell is
  read as lines of that cell's text, and as a table of its own after the one holding it;
- tracked changes as the page shows them (insertions read, deletions not), field results but
  not field codes, content controls by their content;
- Word's automatic list numbers (``numbering``), which are on the page but not in the text.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from .blocks import Block, Cell, Paragraph, Table, rectangular
from .numbering import ListNumbers
from .problems import PlanFileError

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
# Subtrees whose text is not the paragraph's own: text boxes (read as blocks of their own),
# the VML copy of a text box, deleted text, and paragraph or run properties (tab stops).
_NOT_TEXT = {qn("w:txbxContent"), _MC_FALLBACK, qn("w:del"), qn("w:pPr"), qn("w:rPr")}
_CHARACTERS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}


def read_docx(path: Path) -> list[Block]:
    """The paragraphs and tables of a .docx; ``PlanFileError`` if it is not one."""
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError):
        raise PlanFileError(
            f"Tệp {path.name} bị hỏng hoặc không phải tệp Word .docx — mở bằng Word hoặc "
            f"LibreOffice, lưu lại dạng .docx rồi nhập lại. "
            f"({path.name} is damaged or not a .docx; open it and save it as .docx again.)"
        ) from None
    reader = _Reader(ListNumbers.of(document))
    blocks = list(reader.blocks(document.element.body))
    for number, table in enumerate((b for b in blocks if isinstance(b, Table)), start=1):
        table.index = number
    return blocks


class _Reader:
    def __init__(self, numbers: ListNumbers) -> None:
        self.numbers = numbers
        # A nested table is read for its cell's text and again as a table: once, so that the
        # list numbers in it are counted once.
        self.grids: dict[Any, list[list[Cell]]] = {}

    def blocks(self, parent: Any) -> Iterator[Block]:
        for child in _children(parent, {_P, _TBL}):
            if child.tag == _TBL:
                yield Table(self.grid(child))
                yield from self.nested(child)
            else:
                for box in _text_boxes(child):
                    yield from self.blocks(box)
                yield Paragraph(self.paragraph_text(child))

    def nested(self, tbl: Any) -> Iterator[Table]:
        """Tables inside a table's cells, as tables of their own too: some offices frame the
        whole appendix in a one-cell table."""
        for tr in _children(tbl, {_TR}):
            for tc in _children(tr, {_TC}):
                for inner in _children(tc, {_TBL}):
                    yield Table(self.grid(inner))
                    yield from self.nested(inner)

    def paragraph_text(self, p: Any) -> str:
        label = self.numbers.label(p)
        text = "".join(_text(p))
        return f"{label} {text}".strip(" ") if label else text

    def grid(self, tbl: Any) -> list[list[Cell]]:
        if tbl not in self.grids:
            self.grids[tbl] = self._read_grid(tbl)
        return self.grids[tbl]

    def _read_grid(self, tbl: Any) -> list[list[Cell]]:
        rows: list[list[Cell]] = []
        for r, tr in enumerate(_children(tbl, {_TR})):
            row: list[Cell] = [Cell("", r, c) for c in range(_grid_before(tr))]
            for tc in _children(tr, {_TC}):
                self._place(tc, row, rows, r)
            rows.append(row)
        return rectangular(rows)

    def _place(self, tc: Any, row: list[Cell], rows: list[list[Cell]], r: int) -> None:
        props = tc.find(qn("w:tcPr"))
        span = max(1, _int_val(props, "w:gridSpan", 1))
        text = self.cell_text(tc)
        c = len(row)
        above = rows[-1][c] if rows and c < len(rows[-1]) else None
        if _merge(props, "w:hMerge") == "continue" and row:
            cell = row[-1]
            cell.width += span
        elif _merge(props, "w:vMerge") == "continue" and above is not None and above.left == c:
            cell = above
            cell.height = r - cell.top + 1
        else:
            row.extend([Cell(text, r, c, width=span)] * span)
            return
        if text.strip():  # text left in a continuation cell still belongs to the merged cell
            cell.text = f"{cell.text}\n{text}" if cell.text else text
        row.extend([cell] * span)

    def cell_text(self, tc: Any) -> str:
        lines: list[str] = []
        for child in _children(tc, {_P, _TBL}):
            if child.tag == _TBL:
                lines += [c.text for row in self.grid(child) for c in _once(row) if c.text]
            else:
                for box in _text_boxes(child):
                    lines += [b.text for b in self.blocks(box) if isinstance(b, Paragraph)]
                lines.append(self.paragraph_text(child))
        return "\n".join(lines).strip("\n")


def _children(parent: Any, tags: set[str]) -> Iterator[Any]:
    """Children with one of ``tags``, looking through content controls and custom XML."""
    for child in parent.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


def _text(element: Any) -> Iterator[str]:
    for child in element.iterchildren():
        if child.tag in _NOT_TEXT:
            continue
        if child.tag == qn("w:t"):
            yield child.text or ""
        elif child.tag in _CHARACTERS:
            yield _CHARACTERS[child.tag]
        else:
            yield from _text(child)


def _text_boxes(p: Any) -> Iterator[Any]:
    """The text boxes a paragraph anchors (not those inside them, nor legacy VML copies)."""
    for box in p.iter(qn("w:txbxContent")):
        ancestor = box.getparent()
        while ancestor is not None and ancestor is not p:
            if ancestor.tag in (_MC_FALLBACK, qn("w:txbxContent")):
                break
            ancestor = ancestor.getparent()
        else:
            yield box


def _once(row: list[Cell]) -> Iterator[Cell]:
    previous = None
    for cell in row:
        if cell is not previous:
            yield cell
        previous = cell


def _grid_before(tr: Any) -> int:
    return max(0, _int_val(tr.find(qn("w:trPr")), "w:gridBefore", 0))


def _merge(props: Any, tag: str) -> str | None:
    """ "restart", "continue" or None: a merge element without a value means continue."""
    element = props.find(qn(tag)) if props is not None else None
    if element is None:
        return None
    return element.get(qn("w:val")) or "continue"


def _int_val(props: Any, tag: str, default: int) -> int:
    element = props.find(qn(tag)) if props is not None else None
    try:
        return int(element.get(qn("w:val"))) if element is not None else default
    except (TypeError, ValueError):
        return default
