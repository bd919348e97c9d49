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
    """Tidy text for display: NFC, no line breaks or runs of spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def ascii_filename(text: str) -> str:
    """A file name without diacritics or characters that some file systems refuse."""
    name = strip_diacritics(unicodedata.normalize("NFC", text))
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", name)
    return " ".join(name.split())
