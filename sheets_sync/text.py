"""Loose text matching for what people type in a sheet.

Officers type headers and names with or without diacritics, in composed or decomposed Unicode,
in any case and with stray spaces. ``fold`` turns all of those into one key::

    >>> fold("  Thời gian  THỰC HIỆN ")
    'thoi gian thuc hien'
    >>> fold("Sản phẩm/kết quả") == fold("san pham / ket qua")
    True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Characters XML 1.0 cannot hold; lone surrogates (JSON can carry them) cannot even be encoded.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CELL_LIMIT = 32_767  # characters an .xlsx cell holds (Google Sheets: 50,000)
# đ/Đ are letters of their own, not d plus a combining mark, so NFD leaves them alone.
_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics (also đ → d), keeping case and spacing."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Key for loose matching: no diacritics, lower case, punctuation as single spaces."""
    ascii_text = strip_diacritics(unicodedata.normalize("NFC", text)).lower()
    return _NON_WORD.sub(" ", ascii_text).strip()


def clean(text: str) -> str:
    """Tidy text for display: NFC, no line breaks, runs of spaces or control characters (a
    pasted bell character would show as a box in a chart and cannot go into a document)."""
    return " ".join(_XML_ILLEGAL.sub("", unicodedata.normalize("NFC", text)).split())


def storable(text: str) -> str:
    """Text as every spreadsheet can hold it: without the characters XML 1.0 forbids (a pasted
    control character) and at most ``CELL_LIMIT`` characters."""
    return _XML_ILLEGAL.sub("", text)[:CELL_LIMIT]


def quote(text: str, limit: int = 40) -> str:
    """Officer text quoted inside a note: one line, cut short with '…' when long."""
    one_line = " ".join(text.split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1].rstrip() + "…"
    return f"'{one_line}'"


def ascii_filename(text: str) -> str:
    """A file name without diacritics or characters that some file systems refuse."""
    name = strip_diacritics(unicodedata.normalize("NFC", text))
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", name)
    return " ".join(name.split())
