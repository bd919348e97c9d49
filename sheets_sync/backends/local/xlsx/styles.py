"""Cell formats (``xl/styles.xml``): derive a cell's format with a fill colour or a date format.

Usage::

    book = StyleBook(package.read("xl/styles.xml"))
    s = book.derive(cell_xf, fill="F4CCCC")             # same font, border, alignment; new fill
    s = book.derive(cell_xf, number_format="DD/MM/YYYY")
    if book.changed:
        data = book.to_bytes()

A derived format is a copy of the cell's own ``cellXfs`` entry with one thing changed, so what an
officer set (wrapping, borders, fonts) stays. Formats and fills are reused when an equal one
exists, so running a job every day never grows the file.
"""

from __future__ import annotations

import copy
import threading

from lxml import etree

from .package import MAIN_NS, xml_bytes

_M = f"{{{MAIN_NS}}}"
FIRST_CUSTOM_FORMAT = 164  # ids below are built in (ECMA-376 Part 1, 18.8.30)


class StyleBook:
    def __init__(self, data: bytes | None) -> None:
        self._root = etree.fromstring(data) if data else _empty_styles()
        self._xfs = self._section("cellXfs", "xf")
        self._fills = self._section("fills", "fill")
        self._memo: dict[tuple[int, str | None, str | None], int] = {}
        self._index: dict[bytes, int] | None = None
        self.changed = False
        self._lock = threading.Lock()

    def _section(self, name: str, child: str) -> etree._Element:
        found = self._root.find(f"{_M}{name}")
        if found is None:
            found = etree.SubElement(self._root, f"{_M}{name}")
        if not len(found):
            etree.SubElement(found, f"{_M}{child}")  # index 0 must exist: the default
        return found

    def derive(self, xf: int, *, fill: str | None = None, number_format: str | None = None) -> int:
        """The format ``xf`` with this solid fill and/or number format (an index into cellXfs)."""
        key = (xf, fill, number_format)
        if key not in self._memo:
            with self._lock:  # sheets are patched in parallel threads
                known = xf if 0 <= xf < len(self._xfs) else 0
                self._memo[key] = self._derive(known, fill, number_format)
        return self._memo[key]

    def _derive(self, xf: int, fill: str | None, number_format: str | None) -> int:
        base = self._xfs[xf]
        clone = copy.deepcopy(base)
        if fill is not None and not self._has_fill(base, fill):
            clone.set("fillId", str(self._fill_id(fill)))
            clone.set("applyFill", "1")
        if number_format is not None and self._format_code(base) != number_format.lower():
            clone.set("numFmtId", str(self._format_id(number_format)))
            clone.set("applyNumberFormat", "1")
        if clone.attrib == base.attrib:
            return xf
        return self._add_xf(clone)

    def _add_xf(self, xf: etree._Element) -> int:
        if self._index is None:
            self._index = {}
            for i, existing in enumerate(self._xfs):
                self._index.setdefault(etree.tostring(existing), i)
        key = etree.tostring(xf)
        if key not in self._index:
            self._xfs.append(xf)
            self._xfs.set("count", str(len(self._xfs)))
            self._index[key] = len(self._xfs) - 1
            self.changed = True
        return self._index[key]

    def _has_fill(self, xf: etree._Element, rgb: str) -> bool:
        fill_id = int(xf.get("fillId", "0"))
        return fill_id < len(self._fills) and _is_solid(self._fills[fill_id], rgb)

    def _fill_id(self, rgb: str) -> int:
        for i, fill in enumerate(self._fills):
            if _is_solid(fill, rgb):
                return i
        fill = etree.SubElement(self._fills, f"{_M}fill")
        pattern = etree.SubElement(fill, f"{_M}patternFill", patternType="solid")
        etree.SubElement(pattern, f"{_M}fgColor", rgb=f"FF{rgb.upper()}")
        etree.SubElement(pattern, f"{_M}bgColor", indexed="64")
        self._fills.set("count", str(len(self._fills)))
        self.changed = True
        return len(self._fills) - 1

    def _format_code(self, xf: etree._Element) -> str | None:
        wanted = xf.get("numFmtId", "0")
        for fmt in self._root.iterfind(f"{_M}numFmts/{_M}numFmt"):
            if fmt.get("numFmtId") == wanted:
                return fmt.get("formatCode", "").lower()
        return None

    def _format_id(self, code: str) -> int:
        formats = self._root.find(f"{_M}numFmts")
        if formats is None:
            formats = etree.Element(f"{_M}numFmts")
            self._root.insert(0, formats)  # numFmts comes first in a styleSheet
        ids = [FIRST_CUSTOM_FORMAT - 1]
        for fmt in formats:
            if fmt.get("formatCode", "").lower() == code.lower():
                return int(fmt.get("numFmtId", "0"))
            ids.append(int(fmt.get("numFmtId", "0")))
        new_id = max(ids) + 1
        etree.SubElement(formats, f"{_M}numFmt", numFmtId=str(new_id), formatCode=code)
        formats.set("count", str(len(formats)))
        self.changed = True
        return new_id

    def to_bytes(self) -> bytes:
        return xml_bytes(self._root)


def _is_solid(fill: etree._Element, rgb: str) -> bool:
    pattern = fill.find(f"{_M}patternFill")
    if pattern is None or pattern.get("patternType") != "solid":
        return False
    colour = pattern.find(f"{_M}fgColor")
    return colour is not None and colour.get("rgb", "").upper().endswith(rgb.upper())


def _empty_styles() -> etree._Element:
    root = etree.Element(f"{_M}styleSheet", nsmap={None: MAIN_NS})
    fonts = etree.SubElement(root, f"{_M}fonts", count="1")
    etree.SubElement(fonts, f"{_M}font")
    fills = etree.SubElement(root, f"{_M}fills", count="2")
    etree.SubElement(etree.SubElement(fills, f"{_M}fill"), f"{_M}patternFill", patternType="none")
    etree.SubElement(
        etree.SubElement(fills, f"{_M}fill"), f"{_M}patternFill", patternType="gray125"
    )
    borders = etree.SubElement(root, f"{_M}borders", count="1")
    etree.SubElement(borders, f"{_M}border")
    xfs = etree.SubElement(root, f"{_M}cellStyleXfs", count="1")
    etree.SubElement(xfs, f"{_M}xf", numFmtId="0", fontId="0", fillId="0", borderId="0")
    return root
