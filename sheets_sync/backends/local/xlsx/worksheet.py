"""Streaming edits of a worksheet part (``xl/worksheets/sheetN.xml``), row by row.

Usage::

    edits = {4: {8: CellEdit("Quá hạn", fill="F4CCCC")}}      # 0-based row -> column -> edit
    with package.open(part) as src, writer.open(part) as dst:
        result = patch(src, dst, edits, styles, peek={(4, 0)})
    result.peeked[(4, 0)]      # what the STT cell held, read on the way

A plan's task sheet can hold 100,000 rows and its progress log a million, so a part is never
parsed whole. The XML is cut into ``<row>`` elements with byte searches; a row without edits is
copied as it is, and only edited rows are taken apart into cells. Cells keep column order, rows
and cells are created where missing, ``<dimension>`` grows to cover them, and values are written
as data: text as inline strings (never a formula, and ``sharedStrings`` stays untouched),
numbers and booleans as such, dates as serial numbers with a dd/mm/yyyy format.

The cutting relies on what XML guarantees for element content: ``<`` never occurs unescaped in
text, and ``<row>``/``<c>`` never nest.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import BinaryIO, NamedTuple, Protocol

from ....cells import Cell, column_letter
from ....text import storable
from .styles import StyleBook

CHUNK = 1 << 20
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"

# What a legacyDrawing element must precede in a worksheet (ECMA-376 Part 1, 18.3.1.99).
_AFTER_LEGACY = (
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)
_ATTR = re.compile(rb"""\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Z]+)(\d+)")
_TAG = re.compile(rb"<(/?)([\w.:-]+)(?:\s+[^>]*?)?(/?)>|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>")


class Writer(Protocol):
    def write(self, data: bytes) -> None: ...


class WorksheetError(Exception):
    """A sheet the patcher must not edit as asked; the message names the cell."""


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()  # an edit that leaves the cell's value as it is (e.g. only a fill)


class CellEdit(NamedTuple):
    value: Cell | _Keep = KEEP
    fill: str | None = None  # RGB of a solid fill, e.g. "F4CCCC"


@dataclass(frozen=True, slots=True)
class RawValue:
    """A cell's value as stored: its type attribute and text (shared strings not yet looked up)."""

    type: str  # "n", "s", "str", "inlineStr", "b", "e", "d"
    text: str | None


@dataclass
class PatchResult:
    peeked: dict[tuple[int, int], RawValue] = field(default_factory=dict)
    formulas_removed: bool = False


def column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


@lru_cache(maxsize=1024)
def _letters(col: int) -> bytes:
    return column_letter(col).encode()


def serial(value: date | datetime, date1904: bool = False) -> float | int:
    """A date as the spreadsheet's serial number (1900 system, or 1904 if the workbook says)."""
    epoch = _EPOCHS[date1904]
    if not isinstance(value, datetime):
        return (value - epoch.date()).days
    days = (value.replace(tzinfo=None) - epoch) / timedelta(days=1)
    return int(days) if days.is_integer() else days


_EPOCHS = {False: datetime(1899, 12, 30), True: datetime(1904, 1, 1)}


# --- cutting the part into rows -------------------------------------------------------------


class _Cursor:
    """A window over the decompressed part. ``buf[out:]`` has not been written out yet."""

    def __init__(self, src: BinaryIO, dst: Writer) -> None:
        self.src, self.dst = src, dst
        self.buf = b""
        self.out = 0
        self.eof = False

    def refill(self, keep_from: int) -> int:
        """Read more; positions shift down by the returned amount. False-y at the end."""
        chunk = b"" if self.eof else self.src.read(CHUNK)
        if not chunk:
            self.eof = True
            return -1
        self.write_to(keep_from)
        self.buf = self.buf[keep_from:] + chunk
        self.out = 0
        return keep_from

    def write_to(self, end: int) -> None:
        if end > self.out:
            self.dst.write(self.buf[self.out : end])
            self.out = end

    def replace(self, start: int, end: int, data: bytes) -> None:
        self.write_to(start)
        self.dst.write(data)
        self.out = end

    def rest(self) -> None:
        self.write_to(len(self.buf))
        while chunk := self.src.read(CHUNK):
            self.dst.write(chunk)


class _Names:
    """Tag names with the prefix the part uses (some writers put 'x:' on every element)."""

    def __init__(self, prefix: bytes) -> None:
        self.prefix = prefix
        self.row = re.compile(b"<" + re.escape(prefix) + rb"row[\s/>]")
        self.row_end = b"</" + prefix + b"row>"
        self.cell = re.compile(b"<" + re.escape(prefix) + rb"c[\s/>]")
        self.cell_end = b"</" + prefix + b"c>"
        self.data_end = b"</" + prefix + b"sheetData>"
        self.formula = re.compile(b"<" + re.escape(prefix) + rb"f[\s/>]")
        self.value = re.compile(
            b"<" + re.escape(prefix) + rb"v(?:\s[^>]*)?>(.*?)</" + re.escape(prefix) + b"v>", re.S
        )
        self.text = re.compile(
            b"<" + re.escape(prefix) + rb"t(?:\s[^>]*)?>(.*?)</" + re.escape(prefix) + b"t>", re.S
        )
        self.phonetic = re.compile(
            b"<" + re.escape(prefix) + rb"rPh\b.*?</" + re.escape(prefix) + b"rPh>", re.S
        )


_SHEET_DATA = re.compile(rb"<([\w.-]+:)?sheetData(\s[^>]*)?(/?)>")
_DIMENSION = re.compile(rb"<([\w.-]+:)?dimension\s+ref\s*=\s*[\"']([^\"']*)[\"']")
_COL = re.compile(rb"<(?:[\w.-]+:)?col\s[^>]*>")


def patch(
    src: BinaryIO,
    dst: Writer,
    edits: Mapping[int, Mapping[int, CellEdit]],
    styles: StyleBook,
    *,
    peek: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
    legacy_drawing: str | None = None,
    date1904: bool = False,
) -> PatchResult:
    """Copy a worksheet part from ``src`` to ``dst`` with ``edits`` applied (0-based indices).

    ``peek`` names cells whose stored value to report (guards); ``legacy_drawing`` adds a
    ``<legacyDrawing r:id=...>`` (the comments' VML) if given.
    """
    return _Patcher(src, dst, edits, styles, peek, legacy_drawing, date1904).run()


class _Patcher:
    def __init__(self, src, dst, edits, styles, peek, legacy_drawing, date1904) -> None:
        self.cur = _Cursor(src, dst)
        self.edits = edits
        self.rows_to_visit = sorted({*edits, *(r for r, _ in peek)})
        self.next_visit = 0  # index into rows_to_visit
        self.styles = styles
        self.peek_cols: dict[int, list[int]] = {}
        for r, c in peek:
            self.peek_cols.setdefault(r, []).append(c)
        self.legacy_drawing = legacy_drawing
        self.date1904 = date1904
        self.result = PatchResult()
        self.col_styles: list[tuple[int, int, int]] = []  # (first, last, xf), 0-based
        self.names = _Names(b"")

    def run(self) -> PatchResult:
        at, rows_done = self._head()
        if not rows_done:
            at = self._rows(at)
        self._tail(at)
        return self.result

    # --- before the rows: dimension and column styles

    def _head(self) -> tuple[int, bool]:
        cur = self.cur
        while (m := _SHEET_DATA.search(cur.buf)) is None:
            if cur.refill(0) < 0:
                raise WorksheetError("no <sheetData> in the worksheet")
        self.names = _Names(m.group(1) or b"")
        head = cur.buf[: m.start()]
        self.col_styles = _column_styles(head)
        new_head = self._dimension(head)
        if m.group(3):  # <sheetData/>: open it so rows can go in
            p = self.names.prefix
            cur.replace(0, m.end(), new_head + b"<" + p + b"sheetData" + (m.group(2) or b"") + b">")
            self._new_rows_before(None)
            cur.dst.write(self.names.data_end)
            return cur.out, True
        cur.replace(0, m.start(), new_head)
        return m.end(), False

    def _dimension(self, head: bytes) -> bytes:
        m = _DIMENSION.search(head)
        if m is None or not self.edits:
            return head
        rows = [r for r, cols in self.edits.items() if cols]
        cols = [c for cells in self.edits.values() for c in cells]
        if not rows:
            return head
        top, bottom = min(rows), max(rows)
        left, right = min(cols), max(cols)
        old = m.group(2).split(b":")
        refs = [_REF.fullmatch(x.replace(b"$", b"")) for x in old]
        if all(refs):
            top = min(top, *(int(x.group(2)) - 1 for x in refs))  # type: ignore[union-attr]
            bottom = max(bottom, *(int(x.group(2)) - 1 for x in refs))  # type: ignore[union-attr]
            left = min(left, *(column_index(x.group(1)) for x in refs))  # type: ignore[union-attr]
            right = max(right, *(column_index(x.group(1)) for x in refs))  # type: ignore[union-attr]
        ref = f"{column_letter(left)}{top + 1}"
        if (top, left) != (bottom, right):
            ref += f":{column_letter(right)}{bottom + 1}"
        return head[: m.start(2)] + ref.encode() + head[m.end(2) :]

    # --- the rows

    def _pending(self) -> int | None:
        if self.next_visit < len(self.rows_to_visit):
            return self.rows_to_visit[self.next_visit]
        return None

    def _rows(self, at: int) -> int:
        cur, names = self.cur, self.names
        last_row = -1
        while True:
            if self._pending() is None:
                return self._skip_rows(at)
            m = names.row.search(cur.buf, at)
            end_data = cur.buf.find(names.data_end, at, m.start() if m else len(cur.buf))
            if end_data != -1:
                cur.write_to(end_data)
                self._new_rows_before(None)
                return end_data + len(names.data_end)
            row_end = self._row_end(m.start()) if m else -1
            if m is None or row_end < 0:
                shift = cur.refill(at if m is None else min(at, m.start()))
                if shift < 0:
                    raise WorksheetError("the worksheet ends inside <sheetData>")
                at -= shift
                continue
            start = m.start()
            tag_end = cur.buf.index(b">", start) + 1
            number = _attr(cur.buf[start:tag_end], b"r")
            index = int(number) - 1 if number else last_row + 1
            last_row = index
            wanted = self._pending()
            if wanted is not None and wanted < index:
                cur.write_to(start)
                self._new_rows_before(index)
            if self._pending() == index:
                self.next_visit += 1
                row = cur.buf[start:row_end]
                cur.replace(start, row_end, self._patch_row(row, tag_end - start, index))
            at = row_end

    def _row_end(self, start: int) -> int:
        buf = self.cur.buf
        tag_end = buf.find(b">", start)
        if tag_end < 0:
            return -1
        if buf[tag_end - 1 : tag_end] == b"/":
            return tag_end + 1
        close = buf.find(self.names.row_end, tag_end)
        return close + len(self.names.row_end) if close >= 0 else -1

    def _skip_rows(self, at: int) -> int:
        """No edits left: find the end of </sheetData> without looking at rows."""
        cur, marker = self.cur, self.names.data_end
        while (found := cur.buf.find(marker, at)) < 0:
            keep = max(at, len(cur.buf) - len(marker))
            shift = cur.refill(keep)
            if shift < 0:
                raise WorksheetError("the worksheet ends inside <sheetData>")
            at = keep - shift
        return found + len(marker)

    def _new_rows_before(self, index: int | None) -> None:
        """Write the edited rows that do not exist yet and come before row ``index``."""
        while (wanted := self._pending()) is not None and (index is None or wanted < index):
            self.next_visit += 1
            cells = self.edits.get(wanted, {})
            if cells:
                p = self.names.prefix
                row = b"<" + p + b'row r="%d"></' % (wanted + 1) + p + b"row>"
                self.cur.dst.write(self._patch_row(row, row.index(b">") + 1, wanted))

    def _patch_row(self, row: bytes, tag_len: int, index: int) -> bytes:
        names, edits = self.names, self.edits.get(index, {})
        tag = row[:tag_len]
        if tag.endswith(b"/>"):
            tag, inner, close = tag[:-2] + b">", b"", b"</" + names.prefix + b"row>"
        else:
            inner, close = row[tag_len : -len(names.row_end)], names.row_end
        row_xf = None
        if b"customFormat" in tag and _attr(tag, b"customFormat") in (b"1", b"true"):
            row_xf = int(_attr(tag, b"s") or b"0")
        peek_cols = self.peek_cols.get(index, ())
        spots = self._locate(inner, index, sorted({*edits, *peek_cols}))
        for col in peek_cols:
            start, end, exists = spots[col]
            if exists:
                self.result.peeked[(index, col)] = self._raw_value(inner[start:end])
        out: list[bytes] = []
        pos = 0
        for col in sorted(edits):
            start, end, exists = spots[col]
            cell = (
                self._edit_cell(inner[start:end], index, col)
                if exists
                else (self._new_cell(index, col, row_xf))
            )
            out += [inner[pos:start], cell]
            pos = end
        out.append(inner[pos:])
        if edits and b"spans" in tag:
            tag = _spans(tag, min(edits), max(edits))
        return tag + b"".join(out) + close

    def _locate(
        self, inner: bytes, index: int, cols: list[int]
    ) -> dict[int, tuple[int, int, bool]]:
        """Where each column's cell is in the row: (start, end, True), or where it would go:
        (at, at, False). Cells are found by their reference; the row is taken apart only when
        that cannot settle it."""
        spots: dict[int, tuple[int, int, bool]] = {}
        for col in cols:
            at = inner.find(b' r="%s%d"' % (_letters(col), index + 1))
            bounds = self._cell_around(inner, at) if at >= 0 else None
            if bounds is not None:
                spots[col] = (*bounds, True)
        missing = [c for c in cols if c not in spots]
        if not missing:
            return spots
        last = self._last_cell(inner)
        if last is None and self.names.cell.search(inner) is None:  # no cells at all
            at = _before_ext(inner, self.names.prefix)
        elif last is not None and last[0] < missing[0]:
            at = last[1]
        else:
            return self._locate_by_parsing(inner, index, cols)
        spots.update({c: (at, at, False) for c in missing})
        return spots

    def _cell_around(self, inner: bytes, at: int) -> tuple[int, int] | None:
        """Bounds of the cell whose start tag contains offset ``at``, if it is one."""
        start = inner.rfind(b"<", 0, at)
        if start < 0 or not self.names.cell.match(inner, start) or b">" in inner[start:at]:
            return None
        return start, self._cell_end(inner, start)

    def _cell_end(self, inner: bytes, start: int) -> int:
        tag_end = inner.index(b">", start) + 1
        if inner[tag_end - 2 : tag_end] == b"/>":
            return tag_end
        return inner.index(self.names.cell_end, tag_end) + len(self.names.cell_end)

    def _last_cell(self, inner: bytes) -> tuple[int, int] | None:
        """(column, end) of the row's last cell, if it names its column."""
        start = len(inner)
        while (start := inner.rfind(b"<" + self.names.prefix + b"c", 0, start)) >= 0:
            if self.names.cell.match(inner, start):
                tag = inner[start : inner.index(b">", start) + 1]
                ref = _REF.fullmatch(_attr(tag, b"r") or b"")
                return (column_index(ref.group(1)), self._cell_end(inner, start)) if ref else None
        return None

    def _locate_by_parsing(
        self, inner: bytes, index: int, cols: list[int]
    ) -> dict[int, tuple[int, int, bool]]:
        cells = list(self._cells(inner, index))
        spots: dict[int, tuple[int, int, bool]] = {}
        for want in cols:
            found = next((c for c in cells if c[0] >= want), None)
            if found is not None and found[0] == want:
                spots[want] = (found[1], found[2], True)
            else:
                at = (
                    found[1]
                    if found is not None
                    else (cells[-1][2] if cells else _before_ext(inner, self.names.prefix))
                )
                spots[want] = (at, at, False)
        return spots

    def _cells(self, inner: bytes, row: int) -> Iterator[tuple[int, int, int, bytes]]:
        names, col = self.names, -1
        for m in names.cell.finditer(inner):
            start = m.start()
            tag_end = inner.index(b">", start) + 1
            if inner[tag_end - 2 : tag_end] == b"/>":
                end = tag_end
            else:
                end = inner.index(names.cell_end, tag_end) + len(names.cell_end)
            ref = _attr(inner[start:tag_end], b"r")
            found = _REF.fullmatch(ref) if ref else None
            col = column_index(found.group(1)) if found else col + 1
            yield col, start, end, inner[start:end]

    # --- one cell

    def _new_cell(self, row: int, col: int, row_xf: int | None) -> bytes:
        xf = row_xf if row_xf is not None else self._column_xf(col)
        return self._write(b"", row, col, xf, self.edits[row][col])

    def _edit_cell(self, cell: bytes, row: int, col: int) -> bytes:
        edit = self.edits[row][col]
        tag_end = cell.index(b">") + 1
        tag = cell[:tag_end]
        xf = int(_attr(tag, b"s") or b"0")
        if edit.value is KEEP:
            style = self._style(xf, edit, None)
            if style == xf:  # already looks as wanted: the cell stays byte for byte
                return cell
            return _with_attrs(tag, {b"s": _style_attr(style)}) + cell[tag_end:]
        if self.names.formula.search(cell, tag_end):
            self._drop_formula(cell, row, col)
        kept = {k: v for k, v in _attrs(tag).items() if k not in (b"r", b"s", b"t", b"cm", b"vm")}
        return self._write(b" ".join(b'%s="%s"' % kv for kv in kept.items()), row, col, xf, edit)

    def _drop_formula(self, cell: bytes, row: int, col: int) -> None:
        m = self.names.formula.search(cell)
        f_tag = cell[m.start() : cell.index(b">", m.start()) + 1]  # type: ignore[union-attr]
        if _attr(f_tag, b"ref") is not None:  # the master of a shared or array formula
            raise WorksheetError(
                f"{column_letter(col)}{row + 1} holds a formula that other cells share; "
                f"move it out of the job's column"
            )
        self.result.formulas_removed = True

    def _column_xf(self, col: int) -> int:
        for first, last, xf in self.col_styles:
            if first <= col <= last:
                return xf
        return 0

    def _style(self, xf: int, edit: CellEdit, value: object) -> int:
        fmt = None
        if isinstance(value, date):
            fmt = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return self.styles.derive(xf, fill=edit.fill, number_format=fmt)

    def _write(self, attrs: bytes, row: int, col: int, xf: int, edit: CellEdit) -> bytes:
        p = self.names.prefix
        style = self._style(xf, edit, edit.value)
        kind, body = _value_xml(edit.value, p, self.date1904)
        head = b'<%sc r="%s%d"%s%s%s' % (
            p,
            _letters(col),
            row + 1,
            b' s="%d"' % style if style else b"",
            b" " + attrs if attrs else b"",
            b' t="%s"' % kind if kind else b"",
        )
        if body is None:
            return head + b"/>"
        return b"%s>%s</%sc>" % (head, body, p)

    def _raw_value(self, cell: bytes) -> RawValue:
        tag = cell[: cell.index(b">") + 1]
        kind = (_attr(tag, b"t") or b"n").decode()
        names = self.names
        if kind == "inlineStr":
            inner = names.phonetic.sub(b"", cell)
            text = b"".join(names.text.findall(inner))
            return RawValue(kind, html.unescape(text.decode()))
        m = names.value.search(cell)
        return RawValue(kind, html.unescape(m.group(1).decode()) if m else None)

    # --- after the rows: the legacy drawing for comments

    def _tail(self, at: int) -> None:
        cur = self.cur
        cur.write_to(at)
        if self.legacy_drawing is None:
            cur.rest()
            return
        while cur.refill(cur.out) >= 0:
            pass
        tail = cur.buf[cur.out :]
        p = self.names.prefix
        element = (
            b"<" + p + b'legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument'
            b'/2006/relationships" r:id="' + self.legacy_drawing.encode() + b'"/>'
        )
        cut = _top_level_position(tail, p, _AFTER_LEGACY)
        cur.replace(cur.out, len(cur.buf), tail[:cut] + element + tail[cut:])


# --- small helpers ---------------------------------------------------------------------------


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return {m.group(1): _quoted(m) for m in _ATTR.finditer(tag)}


def _quoted(m: re.Match[bytes]) -> bytes:
    return m.group(2) if m.group(2) is not None else m.group(3)


def _attr(tag: bytes, name: bytes) -> bytes | None:
    m = _attr_pattern(name).search(tag)
    return _quoted(m) if m else None


@lru_cache(maxsize=64)
def _attr_pattern(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"\s(" + re.escape(name) + rb""")\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _with_attrs(tag: bytes, changes: Mapping[bytes, bytes | None]) -> bytes:
    """The start tag with attributes replaced, added (at the end) or removed (None)."""
    closing = b"/>" if tag.endswith(b"/>") else b">"
    name_end = re.match(rb"<[\w.:-]+", tag).end()  # type: ignore[union-attr]
    attrs = _attrs(tag)
    for key, value in changes.items():
        if value is None:
            attrs.pop(key, None)
        else:
            attrs[key] = value
    body = b"".join(b' %s="%s"' % kv for kv in attrs.items())
    return tag[:name_end] + body + closing


def _before_ext(inner: bytes, prefix: bytes) -> int:
    """Where new cells go in a row without cells: before the row's own <extLst>, if any."""
    cut = inner.find(b"<" + prefix + b"extLst")
    return len(inner) if cut < 0 else cut


def _style_attr(style: int) -> bytes | None:
    return b"%d" % style if style else None


def _spans(tag: bytes, first: int, last: int) -> bytes:
    """Widen a row's optional ``spans`` hint to cover the cells now in it."""
    spans = _attr(tag, b"spans")
    if spans is None or b" " in spans:
        return tag
    try:
        low, high = (int(x) for x in spans.split(b":"))
    except ValueError:
        return _with_attrs(tag, {b"spans": None})
    low, high = min(low, first + 1), max(high, last + 1)
    return _with_attrs(tag, {b"spans": b"%d:%d" % (low, high)})


def _column_styles(head: bytes) -> list[tuple[int, int, int]]:
    styles = []
    for m in _COL.finditer(head):
        attrs = _attrs(m.group(0))
        if attrs.get(b"style") and attrs.get(b"min") and attrs.get(b"max"):
            styles.append((int(attrs[b"min"]) - 1, int(attrs[b"max"]) - 1, int(attrs[b"style"])))
    return styles


@lru_cache(maxsize=65_536)  # statuses and most notes repeat from row to row
def _escape(text: str) -> bytes:
    text = storable(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;").encode()


def _value_xml(value: object, p: bytes, date1904: bool) -> tuple[bytes, bytes | None]:
    """(t attribute, child elements) of a cell holding ``value``; text is never a formula."""
    if type(value) is str or type(value) is date:  # statuses, notes and due dates repeat
        return _cached_value_xml(value, p, date1904)
    return _make_value_xml(value, p, date1904)


@lru_cache(maxsize=65_536)
def _cached_value_xml(value: str | date, p: bytes, date1904: bool) -> tuple[bytes, bytes | None]:
    return _make_value_xml(value, p, date1904)


def _make_value_xml(value: object, p: bytes, date1904: bool) -> tuple[bytes, bytes | None]:
    if value is None or value is KEEP or value == "":
        return b"", None  # an empty text is a blank cell, as a spreadsheet would store it
    if isinstance(value, str):
        text = _escape(value)
        return b"inlineStr", b'<%sis><%st xml:space="preserve">%s</%st></%sis>' % (p, p, text, p, p)
    if isinstance(value, bool):
        return b"b", b"<%sv>%s</%sv>" % (p, b"1" if value else b"0", p)
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise WorksheetError(f"cannot store {value!r} in a cell")
        return b"", b"<%sv>%s</%sv>" % (p, repr(value).encode(), p)
    if isinstance(value, date):
        return b"", b"<%sv>%s</%sv>" % (p, repr(serial(value, date1904)).encode(), p)
    if isinstance(value, time | timedelta):
        raise WorksheetError(f"cannot store {value!r} in a cell")
    text = _escape(str(value))
    return b"inlineStr", b'<%sis><%st xml:space="preserve">%s</%st></%sis>' % (p, p, text, p, p)


def _top_level_position(tail: bytes, prefix: bytes, before: tuple[str, ...]) -> int:
    """Offset in the part's tail (after </sheetData>) of the first top-level element named in
    ``before``, or of </worksheet>: where an element that must precede them goes."""
    depth = 0
    wanted = {prefix + name.encode() for name in before}
    for m in _TAG.finditer(tail):
        if m.group(2) is None:
            continue  # comment, CDATA, processing instruction
        closing, name, empty = m.group(1), m.group(2), m.group(3)
        if depth == 0 and not closing and name in wanted:
            return m.start()
        if closing:
            depth -= 1
            if depth < 0:  # </worksheet>
                return m.start()
        elif not empty:
            depth += 1
    return len(tail)
