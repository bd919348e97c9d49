"""Quick looks into a worksheet part that do not change it: each a single streaming pass.

Usage::

    with package.open(part) as src:
        errors = error_cells(src)        # {(6, 1): "#REF!"}: what calamine reads as blank
    with package.open(part) as src:
        last = last_row(src)             # where the run log's next row goes
    with package.open(part) as src:
        rel_id = legacy_drawing_id(src)  # which VML drawing shows the sheet's comments
"""

from __future__ import annotations

import html
import re
from typing import BinaryIO

from .worksheet import _REF, _SHEET_DATA, CHUNK, _attr, _Names, column_index


def last_row(src: BinaryIO) -> int:
    """0-based index of the last row holding any value (formatted empty rows do not count)."""
    found, at, buf = -1, 0, b""
    names = None
    row_no = -1
    while True:
        chunk = src.read(CHUNK)
        buf = buf[at:] + chunk
        at = 0
        if names is None:
            m = _SHEET_DATA.search(buf)
            if m is None:
                if not chunk:
                    return -1
                continue
            names = _Names(m.group(1) or b"")
            at = m.end()
        while (m := names.row.search(buf, at)) is not None:
            tag_end = buf.find(b">", m.start())
            end = buf.find(names.row_end, tag_end) if tag_end >= 0 else -1
            if tag_end < 0 or (buf[tag_end - 1 : tag_end] != b"/" and end < 0):
                break
            number = _attr(buf[m.start() : tag_end + 1], b"r")
            row_no = int(number) - 1 if number else row_no + 1
            if buf[tag_end - 1 : tag_end] == b"/":
                at = tag_end + 1
                continue
            body = buf[tag_end:end]
            if (
                names.value.search(body)
                or b"<" + names.prefix + b"is" in body
                or (names.formula.search(body))
            ):
                found = row_no
            at = end + len(names.row_end)
        if not chunk:
            return found


_LEGACY = re.compile(rb"<(?:[\w.-]+:)?legacyDrawing\s[^>]*?(?:[\w.-]+:)?id\s*=\s*[\"']([^\"']+)")
_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData>|<(?:[\w.-]+:)?sheetData\s*/>")


def legacy_drawing_id(src: BinaryIO) -> str | None:
    """The relationship id of the sheet's ``<legacyDrawing>`` (the comments' VML), if any."""
    window, tail = b"", None
    while chunk := src.read(CHUNK):
        if tail is not None:
            tail += chunk
            continue
        window = window[-64:] + chunk
        if m := _DATA_END.search(window):
            tail = window[m.end() :]
    m = _LEGACY.search(tail or b"")
    return m.group(1).decode() if m else None


_ERROR_CELL = re.compile(rb"<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*[\"']e[\"'][^>]*>")
_ANY_VALUE = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?>(.*?)</(?:[\w.-]+:)?v>", re.S)
_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c>")
_MARGIN = 1 << 16  # an error cell (with its formula) is assumed shorter than this


def error_cells(src: BinaryIO) -> dict[tuple[int, int], str]:
    """Cells holding an error value such as ``#REF!`` ((row, col) 0-based -> text).

    Fast readers report these as blank; a broken formula must reach the officer as what it is.
    """
    found: dict[tuple[int, int], str] = {}
    window = b""
    while True:
        chunk = src.read(CHUNK)
        buf = window + chunk
        keep = max(len(buf) - _MARGIN, 0) if chunk else len(buf)
        if b't="e"' in buf or b"t='e'" in buf:
            for m in _ERROR_CELL.finditer(buf):
                if m.start() >= keep:
                    break
                ref = _REF.fullmatch(_attr(m.group(0), b"r") or b"")
                close = _CELL_END.search(buf, m.end())
                value = _ANY_VALUE.search(buf, m.end(), close.start()) if close else None
                if ref and value and not m.group(0).endswith(b"/>"):
                    cell = (int(ref.group(2)) - 1, column_index(ref.group(1)))
                    found[cell] = html.unescape(value.group(1).decode())
        if not chunk:
            return found
        window = buf[keep:]
