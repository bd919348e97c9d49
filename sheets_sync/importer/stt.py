"""The task numbers (STT) plans print: what kind of number, and how it nests.

Usage::

    >>> [kind(n) for n in ("II", "1.2.", "b)", "A.", "-", "")]
    ['roman', 'decimal', 'lower', 'upper', 'bullet', 'none']
    >>> bare("(1.2.)")               # the number without the punctuation printed around it
    '1.2'
    >>> leading("a) Tuyên truyền trên loa")    # a number typed at the start of the task text
    'a)'

Group rows are numbered A, B (upper) over I, II (roman) over 1, 2 (decimal); tasks are 1, 2 or
1.1, 1.2, with a, b or bullets under a numbered item.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["upper", "roman", "decimal", "lower", "bullet", "other", "none"]

_BULLETS = {"-", "+", "•", "*", "–", "—", "o", "∙", "·", "▪"}
_DECIMAL = re.compile(r"^0*\d{1,3}(?:\.\d{1,3})*$")
_ROMAN = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_LEADING = re.compile(r"^\s*((?:\d{1,3}(?:\.\d{1,3})*|[a-zđ]|[IVX]{1,5}|[A-Z])[.)]|[-+•*–])\s+")
# Depth of a group row's numbering: A over I over 1.
LEVEL = {"upper": 0, "roman": 1, "none": 1, "other": 1, "decimal": 2, "lower": 3, "bullet": 3}


def bare(text: str) -> str:
    """The number without the punctuation or spaces printed around it: "(1.2.)" -> "1.2"."""
    return " ".join(text.split()).strip().strip("()[]").strip().rstrip(".):").strip()


def kind(text: str) -> Kind:
    number = bare(text)
    if not number:
        return "bullet" if text.strip() in _BULLETS else "none"
    if number in _BULLETS:
        return "bullet"
    if _DECIMAL.match(number):
        return "decimal"
    if _ROMAN.match(number):
        return "roman"
    if len(number) == 1 and number.isalpha():
        return "upper" if number.isupper() else "lower"
    return "other"


def leading(text: str) -> str:
    """A number typed at the start of a cell's text ("1.2.", "a)", "-"), or ""."""
    found = _LEADING.match(text)
    return found.group(1) if found else ""
