"""A1 notation for the fake (its own implementation, independent of the product's)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")
_SIMPLE_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Span:
    """A rectangle of a sheet; ``None`` ends are unbounded. Rows/columns 0-based, end exclusive."""

    sheet_id: int
    r0: int | None
    r1: int | None
    c0: int | None
    c1: int | None

    def bounded(self, rows: int, cols: int) -> tuple[int, int, int, int]:
        return (
            self.r0 or 0,
            rows if self.r1 is None else self.r1,
            self.c0 or 0,
            cols if self.c1 is None else self.c1,
        )


class A1Error(ValueError):
    pass


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def split(text: str) -> tuple[str | None, str | None]:
    """('Sheet title' or None, 'A1:B2' or None)."""
    text = text.strip()
    if text.startswith("'"):
        end = 1
        title = ""
        while end < len(text):
            if text[end] == "'":
                if end + 1 < len(text) and text[end + 1] == "'":
                    title += "'"
                    end += 2
                    continue
                break
            title += text[end]
            end += 1
        rest = text[end + 1 :]
        if rest and not rest.startswith("!"):
            raise A1Error(text)
        return title, rest[1:] or None
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells or None
    if re.fullmatch(r"[A-Za-z]{1,3}\d*(:[A-Za-z]{0,3}\d*)?|\d+:\d+", text):
        return None, text
    return text, None


def parse_cells(cells: str | None, sheet_id: int) -> Span:
    if cells is None:
        return Span(sheet_id, None, None, None, None)
    first, _, last = cells.partition(":")
    c0, r0 = _corner(first, cells)
    if not last:
        if c0 is None or r0 is None:
            raise A1Error(cells)
        return Span(sheet_id, r0, r0 + 1, c0, c0 + 1)
    c1, r1 = _corner(last, cells)
    return Span(sheet_id, r0, None if r1 is None else r1 + 1, c0, None if c1 is None else c1 + 1)


def _corner(text: str, whole: str) -> tuple[int | None, int | None]:
    m = _CELL.match(text)
    if not m or not (m.group(1) or m.group(2)):
        raise A1Error(whole)
    col = col_index(m.group(1)) if m.group(1) else None
    row = int(m.group(2)) - 1 if m.group(2) else None
    if row is not None and row < 0:
        raise A1Error(whole)
    return col, row


def quote_title(title: str) -> str:
    if _SIMPLE_TITLE.match(title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


def format_range(title: str, r0: int, r1: int, c0: int, c1: int) -> str:
    start = f"{col_letters(c0)}{r0 + 1}"
    end = f"{col_letters(c1 - 1)}{r1}"
    cells = start if (r1 - r0, c1 - c0) == (1, 1) else f"{start}:{end}"
    return f"{quote_title(title)}!{cells}"
