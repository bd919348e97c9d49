"""The ``Danh mục`` tab: the plan's units and the forms of work, behind the dropdowns.

Usage::

    >>> header, first = rows({"Văn phòng HĐND - UBND": ["VP HĐND-UBND", "VP UBND"]}, ["Tin bài"])
    >>> header
    ['Đơn vị', 'Tên gọi khác', 'Hình thức']
    >>> first
    ['Văn phòng HĐND - UBND', 'VP HĐND-UBND; VP UBND', 'Tin bài']
    >>> column_letter(FORM)
    'C'

The unit list is the plan's own (``[units]`` of its config, filled by ``import``): a column
"Đơn vị" of canonical names, and beside it "Tên gọi khác", the other ways the plan writes each
one, separated by ";". The forms are those progress rows usually name; officers may type others.
Both layouts (the local workbook and ``init --google``) write the tab from here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .cells import column_letter

HEADER = ["Đơn vị", "Tên gọi khác", "Hình thức"]
UNIT, OTHER_NAMES, FORM = 0, 1, 2  # columns
__all__ = ["FORM", "HEADER", "OTHER_NAMES", "UNIT", "column_letter", "rows"]


def rows(units: Mapping[str, Sequence[str]], forms: Sequence[str]) -> list[list[str | None]]:
    """The tab's cells: the header, then units and forms side by side."""
    names = list(units)
    body = [
        [
            names[i] if i < len(names) else None,
            "; ".join(units[names[i]]) or None if i < len(names) else None,
            forms[i] if i < len(forms) else None,
        ]
        for i in range(max(len(names), len(forms)))
    ]
    return [list(HEADER), *body]
